"""The monthly job as a library: read → validate → compute → write. The CLI only calls this."""
from __future__ import annotations

import multiprocessing
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .catalog.load import Catalog, load_catalog
from .figures.compute import Figures, compute
from .config import Settings
from .files import free_name, put_in_place, write_atomic, write_temporary
from .codes import Finding, Severity
from .model import Dataset
from .workbooks.outputs import write_consolidated, write_marked_copy, write_validation_report
from .periods import Period
from .store import history
from .intake.read import ReadResult, list_inputs, read_files
from .checks.validate import check_file, validate

ProgressFactory = Callable[[int, str], Callable[[Path], None]]


@dataclass
class Outcome:
    period: Period
    findings: list[Finding] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    dataset: Dataset | None = None
    figures: Figures | None = None
    expected_units: int = 0
    unit_names: dict[str, str] = field(default_factory=dict)  # unit code → short name, for the summary
    notes: list[str] = field(default_factory=list)  # what the clerk should know that is not a finding

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)


class NoInputsError(Exception):
    """The period has no input folder: most likely the wrong period or files not copied yet."""


def _no_progress(total: int, label: str) -> Callable[[Path], None]:
    return lambda path: None


def output_dir(settings: Settings, period: Period) -> Path:
    return settings.outputs / period.key


def _write(outcome: Outcome, path: Path, overwrite: bool, writer: Callable[[Path], None]) -> Path:
    target = write_atomic(free_name(path, overwrite), writer)
    outcome.written.append(target)
    return target


@dataclass
class Intake:
    catalog: Catalog
    folder: Path
    read: ReadResult
    outcome: Outcome


def _intake(settings: Settings, period: Period, progress: ProgressFactory) -> Intake:
    """Read, validate against the catalog and last period, compute: the part every command shares."""
    catalog = load_catalog(settings.catalog)
    folder = settings.inputs / period.key
    if not folder.is_dir():
        raise NoInputsError(f"Chưa có thư mục {folder} cho kỳ {period.label}. Hãy tạo thư mục này và chép các tệp "
                            "Excel của đơn vị vào đó, hoặc kiểm tra lại kỳ báo cáo (--ky).")
    files = list_inputs(folder)
    tick = progress(len(files), "Đọc tệp")
    read = read_files(files, settings.limits, tick,
                      check=partial(check_file, catalog=catalog, period=period, rule=settings.rule))
    result = validate(read, catalog, period, settings.accepted_versions, settings.rule)
    previous = history.values_for(settings.history_db, period.previous())
    result.findings.extend(history.compare_with_previous(result.dataset.values, previous, catalog, period,
                                                         settings.jump_factor))
    result.findings.extend(history.compare_task_statuses(
        result.dataset.task_statuses, history.task_statuses_for(settings.history_db, period.previous()), catalog,
        period))
    outcome = Outcome(period, result.findings, dataset=result.dataset, figures=compute(result.dataset, catalog, previous, result.totals),
                      unit_names={code: unit.short_name for code, unit in catalog.units.items()},
                      expected_units=sum(1 for u in catalog.units.values() if u.required))
    return Intake(catalog, folder, read, outcome)


Drafts = list[tuple[Path, "Future[Path | None]"]]  # final name → the hidden temporary file being written


def _write_checks(settings: Settings, intake: Intake, overwrite: bool, pool: ProcessPoolExecutor | None,
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
    copies = [(intake.folder / file, found) for file, found in sorted(by_file.items())
              if Path(file).suffix.lower() in (".xlsx", ".xlsm")]
    for source, found in copies:
        target = _marked_name(out, source)
        drafts.append((target, pool.submit(_draft_marked_copy, target, source, found) if pool
                       else _done(_draft_marked_copy(target, source, found))))
    _write(outcome, out / f"kiem-tra-{period.key}.xlsx", overwrite,
           lambda p: write_validation_report(p, period, intake.catalog, outcome.dataset, outcome.findings))


def _marked_name(out: Path, source: Path) -> Path:
    return out / "tra-lai" / f"{source.stem} - can sua{source.suffix}"


def _draft_marked_copy(path: Path, source: Path, found: list[Finding]) -> Path | None:
    """None when the copy cannot be made of a file calamine could read: the copy is a courtesy, never a reason
    to stop the month's report (the validation report already names every problem)."""
    try:
        return write_temporary(path, lambda p: write_marked_copy(source, p, found))
    except Exception:
        return None


def _place(outcome: Outcome, drafts: Drafts, overwrite: bool, failed: bool = False) -> None:
    """Wait for the workers, then give each finished file its real name. If the run failed (or placing one
    fails), every temporary file not yet placed is removed, so the run leaves nothing half done."""
    placed = 0
    try:
        if not failed:
            for path, pending in drafts:
                draft = pending.result()
                if draft is None:
                    outcome.notes.append(f"Không lập được bản đánh dấu {path.name} (Excel của đơn vị có định dạng lạ); "
                                         "hãy gửi đơn vị các dòng của tệp này trong tệp kiem-tra.")
                else:
                    outcome.written.append(put_in_place(draft, free_name(path, overwrite)))
                placed += 1
    finally:
        for _, pending in drafts[placed:]:
            with suppress(BaseException):
                draft = pending.result()
                if draft is not None:
                    draft.unlink(missing_ok=True)


def _record(settings: Settings, intake: Intake, command: str, store_values: bool) -> None:
    outcome = intake.outcome
    sources = [(s.file, s.sha256, s.unit_code) for s in intake.read.submissions]
    history.record_run(settings.history_db, command, outcome.period, sources, outcome.findings, outcome.written,
                       outcome.dataset.values if store_values else None,
                       outcome.dataset.task_statuses if store_values else None)


def check(settings: Settings, period: Period, overwrite: bool = False,
          progress: ProgressFactory = _no_progress) -> Outcome:
    """kiem-tra: read and validate the period's files, write the validation report and marked copies."""
    intake = _intake(settings, period, progress)
    drafts: Drafts = []
    with _background() as pool:
        try:
            _write_checks(settings, intake, overwrite, pool, drafts)
        except BaseException:
            _place(intake.outcome, drafts, overwrite, failed=True)
            raise
        _place(intake.outcome, drafts, overwrite)
    _record(settings, intake, "kiem-tra", store_values=False)
    return intake.outcome


def report(settings: Settings, period: Period, overwrite: bool = False,
           progress: ProgressFactory = _no_progress) -> Outcome:
    """bao-cao: everything kiem-tra does, the consolidated workbook and the report; stores the period's values.

    Where processes fork, the Word report and the marked copies are written by two worker processes while
    this one writes the workbooks, so both cores work."""
    intake = _intake(settings, period, progress)
    outcome, catalog = intake.outcome, intake.catalog
    out = output_dir(settings, period)
    report_path = out / f"bao-cao-{period.key}.docx"
    job = (report_path, settings, period, catalog, outcome.dataset, outcome.figures)
    with_report = settings.templates.is_dir()
    drafts: Drafts = []
    with _background() as pool:
        if pool and with_report:
            drafts.append((report_path, pool.submit(_draft_report, *job)))
        try:
            _write_checks(settings, intake, overwrite, pool, drafts)
            _write(outcome, out / f"tong-hop-{period.key}.xlsx", overwrite,
                   lambda p: write_consolidated(p, period, catalog, outcome.dataset, outcome.figures))
            if not pool and with_report:
                drafts.append((report_path, _done(_draft_report(*job))))
        except BaseException:
            _place(outcome, drafts, overwrite, failed=True)
            raise
        _place(outcome, drafts, overwrite)
    _record(settings, intake, "bao-cao", store_values=True)
    return outcome


def _done(path: Path | None) -> Future[Path | None]:
    finished: Future[Path | None] = Future()
    finished.set_result(path)
    return finished


def _draft_report(path: Path, settings: Settings, period: Period, catalog: Catalog, dataset: Dataset,
                  figures: Figures) -> Path:
    """The Word report, complete but still under a hidden temporary name beside ``path``."""
    from .report.render import write_report

    return write_temporary(path, lambda p: write_report(p, settings, period, catalog, dataset, figures))


@contextmanager
def _background() -> Iterator[ProcessPoolExecutor | None]:
    """Two worker processes, only where processes fork (Linux) and no other thread runs, since forking a
    threaded process can deadlock; elsewhere everything is written in this process, one file after another."""
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        yield None
        return
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("fork")) as pool:
        yield pool


def blank_forms(settings: Settings, period: Period, overwrite: bool = False,
                progress: ProgressFactory = _no_progress) -> Outcome:
    """mau-bieu: one blank form per unit for the period."""
    from .intake.forms import write_form  # openpyxl: only this command and the marked copies need it

    catalog = load_catalog(settings.catalog)
    outcome = Outcome(period, expected_units=len(catalog.units))
    folder = output_dir(settings, period) / "mau-bieu"
    tick = progress(len(catalog.units), "Lập mẫu biểu")
    for unit in catalog.units.values():
        path = folder / f"{unit.code}.xlsx"
        _write(outcome, path, overwrite,
               lambda p, u=unit: write_form(p, catalog, u, period, settings.rule, settings.form_version))
        tick(path)
    return outcome
