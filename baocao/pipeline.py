"""The monthly job as a library: intake → checks → figures → workbooks and report → history. The CLI only calls
this; so can any other program (``baocao.report(settings, period)``)."""
from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property, partial
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .archive.pdf import REVIEW_COPY
from .catalog import Catalog, load_catalog
from .checks.previous import compare_task_statuses, compare_values
from .checks.validate import check_file, validate
from .config import ConfigError, Settings
from .drafts import (Draft, Drafts, Placed, background, draft_marked_copy, early_workers, place, placement_notes,
                     retire_stale, start, start_checked, start_report)
from .figures.communes import appendix_note
from .figures.compute import Figures, compute
from .figures.changes import compare, entries
from .files import OutputFolder, check_writable, write_temporary
from .guides import place_guide
from .intake.held import month_held
from .intake.read import list_inputs, period_folders, read_files
from .model import Changes, Dataset, Entry, Finding, Number, ReadResult, Severity, Unprinted
from .periods import Period, ReportPeriod, latest_ended
from .report.issues import TemplateProblem
from .store import history, runs
from .store.months import latest_statuses
from .store.reporting import arrivals, who_reported
from .workbooks.consolidated import write_consolidated
from .workbooks.copies import no_copy_of
from .workbooks.status import write_status
from .workbooks.validation import write_validation_report

if TYPE_CHECKING:
    from .report.render import TemplateCheck

ProgressFactory = Callable[[int, str], Callable[[Path], None]]


@dataclass
class Outcome:
    period: ReportPeriod
    findings: list[Finding] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    dataset: Dataset | None = None
    figures: Figures | None = None
    expected_units: int = 0
    unit_names: dict[str, str] = field(default_factory=dict)  # unit code → short name, for the summary
    notes: list[str] = field(default_factory=list)  # what the clerk should know that is not a finding
    layout: list[tuple[Path, str]] = field(default_factory=list)  # the ND30 check of the report: never blocks it
    markers: dict[Path, int] = field(default_factory=dict)   # how many markers each draft written holds
    unprinted: dict[Path, tuple[Unprinted, ...]] = field(default_factory=dict)   # rows a draft's template lost
    template_problem: TemplateProblem | None = None   # the template has errors: no new draft was made
    older_draft: Path | None = None                   # then: the draft already in the folder, if any
    template_warnings: int = 0                         # what kiem-tra-mau would warn about the template
    changes: Changes | None = None                     # since the last kiem-tra or bao-cao of the period
    no_data: bool = False   # bao-cao found no unit file it could use: no draft, nothing stored, exit status 1

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)


class NoInputsError(Exception):
    """The period has no input folder: most likely the wrong period or files not copied yet."""


def no_progress(total: int, label: str) -> Callable[[Path], None]:
    return lambda path: None


def output_dir(settings: Settings, period: ReportPeriod) -> Path:
    return settings.outputs / period.key


def ensure_writable(settings: Settings, period: ReportPeriod, history: bool = True) -> None:
    """Before any work: the period's output folder and the history's folder take files (NotWritableError)."""
    out = output_dir(settings, period)
    check_writable(out if out.is_dir() else settings.outputs, "kết quả của kỳ", "mục [thu_muc], khóa dau_ra")
    if history:
        check_writable(settings.history_db.parent, "cơ sở dữ liệu lịch sử", "mục [lich_su], khóa tep",
                       keep=settings.history_db)


def report_template(settings: Settings, period: ReportPeriod) -> Path:
    """The Word template the report is made from; missing, it is an error before any work, never a silent skip."""
    from .report.context import template_path

    template = template_path(settings, period)
    if not template.is_file():
        raise ConfigError(f"Không tìm thấy mẫu báo cáo Word {template} (thư mục mẫu: mục [thu_muc] khóa mau; tên tệp "
                          "mẫu: mục [bao_cao] khóa mau trong config.toml). Hãy chép lại thư mục templates từ bộ cài "
                          "của công cụ, hoặc sửa config.toml cho đúng, rồi chạy lại.")
    return template


@dataclass
class Intake:
    """What every command that reads the period's files shares: the catalog, the files read, what was found."""

    catalog: Catalog
    folder: Path
    read: ReadResult
    outcome: Outcome
    arrived: dict[str, datetime] = field(default_factory=dict)   # SHA-256 of each file read → when it arrived

    @cached_property
    def snapshot(self) -> list[Entry]:
        """Everything accepted, an entry each: what a resent file changed, and what the next run compares with."""
        assert self.outcome.dataset is not None
        return entries(self.outcome.dataset)


def run_intake(settings: Settings, period: Period, progress: ProgressFactory = no_progress,
               changes: bool = True) -> Intake:
    """Read, check against the catalog and the previous period, compute the figures; ``changes``: and what resent
    files changed (``note_changes``, which ``bao-cao`` calls itself once the report's worker has started)."""
    catalog = load_catalog(settings.catalog)
    folder = settings.inputs / period.key
    if not folder.is_dir():
        raise NoInputsError(f"Chưa có thư mục {folder} cho kỳ {period.label}. Hãy tạo thư mục này và chép các tệp "
                            "Excel của đơn vị vào đó, hoặc kiểm tra lại kỳ báo cáo (--ky)." + _periods_present(settings))
    files = list_inputs(folder, skip=(settings.outputs, settings.history_db.parent, settings.templates,
                                      settings.catalog))
    read = read_files(files, settings.limits, progress(len(files), "Đọc tệp"),
                      check=partial(check_file, catalog=catalog, period=period, rule=settings.rule), base=folder,
                      known=catalog.code_index())
    result = validate(read, catalog, period, settings.accepted_versions, settings.rule)
    previous = history.values_for(settings.history_db, period.previous())
    result.findings += compare_values(result.dataset.values, previous, catalog, period, settings.jump_factor)
    result.findings += compare_task_statuses(result.dataset.task_statuses,
                                             history.task_statuses_for(settings.history_db, period.previous()),
                                             catalog, period)
    outcome = Outcome(period, result.findings, dataset=result.dataset,
                      figures=compute(result.dataset, catalog, previous, result.totals, result.findings,
                                      latest_statuses(settings.history_db, period.previous())),
                      unit_names={code: unit.short_name for code, unit in catalog.units.items()},
                      expected_units=sum(1 for u in catalog.units.values() if u.required))
    intake = Intake(catalog, folder, read, outcome)
    assert outcome.figures is not None
    intake.arrived = arrivals(settings, read.submissions)
    outcome.figures.reporting = who_reported(settings, catalog, result.dataset, read.submissions, intake.arrived)
    if changes:
        note_changes(settings, intake)
    return intake


def note_changes(settings: Settings, intake: Intake) -> None:
    """What resent files changed since the period's last ``kiem-tra`` or ``bao-cao`` (the draft does not need it)."""
    outcome = intake.outcome
    before = runs.last_run(settings.history_db, outcome.period)
    if before is not None and outcome.dataset is not None:
        files = {s.unit_code: (s.file, s.sha256) for s in intake.read.submissions
                 if outcome.dataset.accepted_files.get(s.unit_code) == s.file}
        outcome.changes = compare(before, files, intake.snapshot, outcome.findings, intake.catalog)


def _periods_present(settings: Settings) -> str:
    """The periods whose input folders exist, so the clerk sees which --ky to type."""
    labels = [f"{int(key[5:])}/{key[:4]}" for key in period_folders(settings.inputs)[-6:]]
    return f" Các kỳ đã có thư mục: {', '.join(labels)} (ví dụ --ky {labels[-1]})." if labels else ""


def check(settings: Settings, period: Period, overwrite: bool = False,
          progress: ProgressFactory = no_progress) -> Outcome:
    """kiem-tra: read and check the period's files, write the validation report and marked copies."""
    ensure_writable(settings, period)
    with month_held() as held:
        intake = held(run_intake(settings, period, progress))
        with background() as pool:
            return _check_only(settings, intake, overwrite, "kiem-tra", pool)


def _check_only(settings: Settings, intake: Intake, overwrite: bool, command: str,
                pool: ProcessPoolExecutor | None) -> Outcome:
    outputs = output_folder(settings, intake.outcome.period, overwrite)
    books: Drafts = []
    drafts: Drafts = []
    try:
        _write_checks(settings, intake, pool, books, drafts)
    except BaseException:
        place(books + drafts, None, failed=True)
        raise
    note_placed(intake.outcome, place(books + drafts, outputs))
    _finish(settings, intake, outputs, command, store_values=False)
    return intake.outcome


def report(settings: Settings, period: Period, overwrite: bool = False,
           progress: ProgressFactory = no_progress) -> Outcome:
    """bao-cao: everything kiem-tra does, the consolidated workbook and the report; stores the period's values.
    The Word report and its review copy are rendered once by a worker while this process checks the template, writes
    the workbooks, then checks the report's layout against ND30; spawned workers (Windows) get ready while the files
    are read."""
    ensure_writable(settings, period)
    report_template(settings, period)
    with early_workers(drafting=True) as started, month_held() as held:
        intake = held(run_intake(settings, period, progress, changes=False))
        with background(started) as pool:
            return _report(settings, intake, overwrite, pool)


def _report(settings: Settings, intake: Intake, overwrite: bool, pool: ProcessPoolExecutor | None) -> Outcome:
    outcome, catalog, period = intake.outcome, intake.catalog, intake.outcome.period
    assert outcome.dataset is not None and isinstance(period, Period)
    if not outcome.dataset.accepted_files:
        # No unit file to use: a draft of nothing but markers helps no one, and storing an empty period would
        # erase what an earlier run stored. The validation report still says what is wrong with each file.
        outcome.no_data = True
        note_changes(settings, intake)
        return _check_only(settings, intake, overwrite, "bao-cao", pool)
    outcome.notes += settings.issue_warnings(period)
    out = output_dir(settings, period)
    outputs = output_folder(settings, period, overwrite)
    report_path = out / f"bao-cao-{period.key}.docx"
    job = (report_path, settings, period, catalog, outcome.dataset, outcome.figures)
    books: Drafts = []   # the workbooks, written here; placed first, with the rest, once everything is done
    drafts: Drafts = []
    drafting = start_checked(pool, drafts, lambda: template_usable(settings, catalog, outcome), *job)
    try:
        note_changes(settings, intake)   # the kiem-tra workbook's, not the draft's: found once its worker started
        _write_checks(settings, intake, pool, books, drafts)
        _stage(books, out / f"tong-hop-{period.key}.xlsx",
               lambda p: write_consolidated(p, period, catalog, outcome.dataset, outcome.figures))
        if not pool and drafting:
            start_report(None, drafts, *job)
    except BaseException:
        place(books + drafts, None, failed=True)
        raise
    recording = _begin_record(settings, intake, "bao-cao", True, intake.snapshot)   # while the report is rendered
    try:
        note_placed(outcome, place(books + drafts, outputs))
        if outcome.template_problem is not None:
            outcome.older_draft = older_draft(out, period)
        outcome.notes += appendix_note(catalog, outcome.dataset) if drafting else []
        _finish(settings, intake, outputs, "bao-cao", True, recording)
    except BaseException:
        recording.abandon()
        raise
    return outcome


def template_usable(settings: Settings, catalog: Catalog, outcome: Outcome) -> bool:
    """The template check ``kiem-tra-mau`` runs, before the month is drafted: with errors, no draft is started and
    the outcome says why (the workbooks are written all the same)."""
    from .report.render import check_template

    template = report_template(settings, outcome.period)
    checked = check_template(template, settings, catalog, outcome.period)
    outcome.template_warnings = len(checked.warnings)
    if checked.errors:
        outcome.template_problem = TemplateProblem(template.name, checked.issues)
    return not checked.errors


def older_draft(folder: Path, period: ReportPeriod) -> Path | None:
    """The draft a clerk finds in the folder when this run made none: the newest ``bao-cao-<kỳ>….docx``."""
    drafts = [p for p in folder.glob(f"bao-cao-{period.key}*.docx") if not p.name.startswith((".", "~$"))
              and not p.stem.endswith(REVIEW_COPY)]
    return max(drafts, key=lambda p: p.stat().st_mtime) if drafts else None


def check_template(settings: Settings, period: ReportPeriod, template: Path | None = None) -> TemplateCheck:
    """kiem-tra-mau: the period's template (or ``template``) checked against the catalog's names, and whether it
    prints what no other sentence does (``chua_in``); no file is read or written."""
    from .report.context import template_path
    from .report.render import check_template as check_file_of_template
    from .report.unprinted import with_lacking

    return with_lacking(check_file_of_template(template or template_path(settings, period), settings,
                                  load_catalog(settings.catalog), period))


def status(settings: Settings, period: Period, overwrite: bool = False,
           progress: ProgressFactory = no_progress) -> Outcome:
    """tinh-hinh: at any time of the month, who has and has not reported (on time), with whom to call; writes
    ``tinh-hinh-<kỳ>.xlsx``. It reads the files as the report would, and records when each was first seen."""
    ensure_writable(settings, period)
    intake = run_intake(settings, period, progress)
    outcome = intake.outcome
    assert outcome.figures is not None and outcome.figures.reporting is not None
    books: Drafts = []
    made = datetime.now()
    _stage(books, output_dir(settings, period) / f"tinh-hinh-{period.key}.xlsx",
           lambda p: write_status(p, period, intake.catalog, outcome.figures.reporting, made))
    outputs = output_folder(settings, period, overwrite)
    note_placed(outcome, place(books, outputs))
    outcome.notes += placement_notes(outputs)
    _record(settings, intake, "tinh-hinh", False, outputs)
    return outcome


@dataclass
class GuideOutcome:
    written: Path
    period: ReportPeriod
    has_data: bool       # False: the period had no input folder, the values are markers
    notes: list[str] = field(default_factory=list)   # how it took its name (a guide the clerk edited is kept)


def template_guide(settings: Settings, period: Period | None = None, overwrite: bool = False) -> GuideOutcome:
    """huong-dan-mau: the template guide, with the values of ``period`` (default: the latest period a bao-cao run
    stored, else the period that ended last), read from its input folder when there is one."""
    from .report.context import build_context, template_path
    from .report.docx_text import extract_text
    from .report.footnotes import Notes
    from .report.guide import guide_for

    stored = history.stored_periods(settings.history_db)
    period = period or (stored[-1] if stored else latest_ended(date.today(), settings.rule))
    catalog = load_catalog(settings.catalog)
    has_data = (settings.inputs / period.key).is_dir()
    if has_data:
        intake = run_intake(settings, period)
        dataset, figures = intake.outcome.dataset, intake.outcome.figures
    else:
        dataset = Dataset(period)
        figures = compute(dataset, catalog, history.values_for(settings.history_db, period.previous()))
    assert dataset is not None and figures is not None
    def fresh() -> tuple[dict, Notes]:
        notes = Notes()
        return build_context(settings, period, catalog, dataset, figures, notes), notes

    template = template_path(settings, period)
    used = extract_text(template) if template.is_file() else ""
    ensure_writable(settings, period)
    target, notes = place_guide(settings, period, "huong-dan-mau-bao-cao.xlsx",
                                guide_for(fresh, catalog, period.label, has_data, used), overwrite)
    return GuideOutcome(target, period, has_data, notes)


def blank_forms(settings: Settings, period: Period, overwrite: bool = False,
                progress: ProgressFactory = no_progress) -> Outcome:
    """mau-bieu: one blank form per unit for the period."""
    from .intake.forms import write_form  # openpyxl: only this command and the marked copies need it

    ensure_writable(settings, period)
    catalog = load_catalog(settings.catalog)
    outcome = Outcome(period, expected_units=len(catalog.units))
    outputs = output_folder(settings, period, overwrite)
    folder = outputs.folder / "mau-bieu"
    tick = progress(len(catalog.units), "Lập mẫu biểu")
    before: dict[str, dict[str, Number]] = {}   # last period's accepted values, shown beside cumulative figures
    for stored in history.values_for(settings.history_db, period.previous()):
        before.setdefault(stored.unit, {})[stored.indicator] = stored.value
    for unit in catalog.units.values():
        path = folder / f"{unit.code}.xlsx"
        outputs.check([path])
        tmp = write_temporary(path, lambda p, u=unit: write_form(p, catalog, u, period, settings.rule,
                                                                 settings.form_version, previous=before.get(u.code)))
        outcome.written.append(outputs.put(tmp, path))
        tick(path)
    outcome.notes += placement_notes(outputs)
    history.record_run(settings.history_db, "mau-bieu", period, [], [], outcome.written, None,
                       output_hashes=outputs.written)
    return outcome


def output_folder(settings: Settings, period: ReportPeriod, overwrite: bool = False) -> OutputFolder:
    """The period's output folder, knowing which of its files are still the tool's own (from the history)."""
    return OutputFolder(output_dir(settings, period), runs.own_outputs(settings.history_db, period), overwrite)


def _stage(books: Drafts, path: Path, writer: Callable[[Path], None]) -> None:
    """A workbook written now under a hidden name: it takes its real name with the run's other files, only once
    the whole run has succeeded (an interrupted run replaces nothing)."""
    books.append((path, start(None, _draft_file, path, writer)))


def _draft_file(path: Path, writer: Callable[[Path], None]) -> Draft:
    return Draft(write_temporary(path, writer))


def _write_checks(settings: Settings, intake: Intake, pool: ProcessPoolExecutor | None, books: Drafts,
                  drafts: Drafts) -> None:
    """The validation report and, for each unit file with findings, a marked copy to send back.

    Marked copies go to the worker processes when there are some: a bad month can mean hundreds of them."""
    outcome, period = intake.outcome, intake.outcome.period
    out = output_dir(settings, period)
    readable = {s.file for s in intake.read.submissions}
    by_file: dict[str, list[Finding]] = {}
    for f in outcome.findings:
        if f.file in readable:
            by_file.setdefault(f.file, []).append(f)
    for file, found in sorted(by_file.items()):
        source = intake.folder / file
        if not (settings.marked_warnings or any(f.is_error for f in found)):
            continue   # warnings only: the validation report lists them; a copy is for what must be fixed
        if source.suffix.lower() in (".xlsx", ".xlsm"):
            target = out / "tra-lai" / f"{source.stem} - can sua{source.suffix}"
            drafts.append((target, start(pool, draft_marked_copy, target, source, found, period.label)))
        else:
            outcome.notes.append(no_copy_of(file, source.suffix))
    _stage(books, out / f"kiem-tra-{period.key}.xlsx",
           lambda p: write_validation_report(p, period, intake.catalog, outcome.dataset, outcome.findings,
                                             outcome.changes))


def note_placed(outcome: Outcome, placed: Placed) -> None:
    outcome.written += placed.files
    outcome.notes += [f"Không gửi được bản đánh dấu {path.name}: "
                      f"{placed.why.get(path, 'Excel của đơn vị có định dạng lạ')}; hãy gửi đơn vị các dòng của tệp "
                      "này trong tệp kiem-tra." for path in placed.missing]
    outcome.layout += placed.warnings
    outcome.markers.update(placed.markers)
    outcome.unprinted.update(placed.unprinted)
    for _, problem in placed.problems:
        if isinstance(problem, TemplateProblem):
            outcome.template_problem = problem


def _finish(settings: Settings, intake: Intake, outputs: OutputFolder, command: str, store_values: bool,
            recording: history.Recording | None = None) -> None:
    """After kiem-tra or bao-cao placed its files: stale marked copies leave, the clerk hears how files took their
    names, and the run is recorded with the snapshot the next run compares with (``recording``: already written,
    committed now with the files the run wrote)."""
    retire_stale(outputs, outputs.folder / "tra-lai")
    intake.outcome.notes += placement_notes(outputs)
    recording = recording or _begin_record(settings, intake, command, store_values, intake.snapshot)
    recording.finish(intake.outcome.written, outputs.written)


def _record(settings: Settings, intake: Intake, command: str, store_values: bool, outputs: OutputFolder) -> None:
    _begin_record(settings, intake, command, store_values).finish(intake.outcome.written, outputs.written)


def _begin_record(settings: Settings, intake: Intake, command: str, store_values: bool,
                  snapshot: list[Entry] | None = None) -> history.Recording:
    outcome = intake.outcome
    assert outcome.dataset is not None
    sources = [(s.file, s.sha256, s.unit_code) for s in intake.read.submissions]
    return history.begin_run(settings.history_db, command, outcome.period, sources, outcome.findings,
                             outcome.dataset.values if store_values else None,
                             outcome.dataset.task_statuses if store_values else None,
                             outcome.dataset if store_values else None,
                             accepted=set(outcome.dataset.accepted_files.values()), arrived=intake.arrived,
                             entries=snapshot)
