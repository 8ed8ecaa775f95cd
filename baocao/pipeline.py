"""The monthly job as a library: read → validate → compute → write. The CLI only calls this."""
from __future__ import annotations

import multiprocessing
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass, field
from pathlib import Path

from .catalog import Catalog, load_catalog
from .compute import Figures, compute
from .config import Settings
from .files import free_name, put_in_place, write_atomic, write_temporary
from .findings import Finding, Severity
from .forms import write_form
from .model import Dataset
from .outputs import write_consolidated, write_marked_copy, write_validation_report
from .periods import Period
from . import history
from .read import ReadResult, list_inputs, read_files
from .validate import validate

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
    read = read_files(files, settings.limits, tick)
    result = validate(read, catalog, period, settings.accepted_versions, settings.rule)
    previous = history.values_for(settings.history_db, period.previous())
    result.findings.extend(history.compare_with_previous(result.dataset.values, previous, catalog, period,
                                                         settings.jump_factor))
    result.findings.extend(history.compare_task_statuses(
        result.dataset.task_statuses, history.task_statuses_for(settings.history_db, period.previous()), catalog,
        period))
    outcome = Outcome(period, result.findings, dataset=result.dataset, figures=compute(result.dataset, catalog, previous),
                      unit_names={code: unit.short_name for code, unit in catalog.units.items()},
                      expected_units=sum(1 for u in catalog.units.values() if u.required))
    return Intake(catalog, folder, read, outcome)


def _write_checks(settings: Settings, intake: Intake, overwrite: bool) -> None:
    """The validation report and, for each unit file with findings, a marked copy to send back."""
    outcome, period = intake.outcome, intake.outcome.period
    out = output_dir(settings, period)
    _write(outcome, out / f"kiem-tra-{period.key}.xlsx", overwrite,
           lambda p: write_validation_report(p, period, intake.catalog, outcome.dataset, outcome.findings))
    readable = {s.file for s in intake.read.submissions}
    by_file: dict[str, list[Finding]] = {}
    for f in outcome.findings:
        if f.file in readable:
            by_file.setdefault(f.file, []).append(f)
    for file, found in sorted(by_file.items()):
        source = intake.folder / file
        if source.suffix.lower() not in (".xlsx", ".xlsm"):
            continue
        _write(outcome, out / "tra-lai" / f"{source.stem} - can sua{source.suffix}", overwrite,
               lambda p, s=source, fs=found: write_marked_copy(s, p, fs))


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
    _write_checks(settings, intake, overwrite)
    _record(settings, intake, "kiem-tra", store_values=False)
    return intake.outcome


def report(settings: Settings, period: Period, overwrite: bool = False,
           progress: ProgressFactory = _no_progress) -> Outcome:
    """bao-cao: everything kiem-tra does, the consolidated workbook and the report; stores the period's values."""
    intake = _intake(settings, period, progress)
    outcome, catalog = intake.outcome, intake.catalog
    out = output_dir(settings, period)
    report_path = out / f"bao-cao-{period.key}.docx"
    job = (report_path, settings, period, catalog, outcome.dataset, outcome.figures)
    with_report = settings.templates.is_dir()
    with _background() if with_report else nullcontext() as pool:
        pending = pool.submit(_draft_report, *job) if pool else None
        try:
            _write_checks(settings, intake, overwrite)
            _write(outcome, out / f"tong-hop-{period.key}.xlsx", overwrite,
                   lambda p: write_consolidated(p, period, catalog, outcome.dataset, outcome.figures))
            draft = pending.result() if pending else (_draft_report(*job) if with_report else None)
        except BaseException:
            if pending:  # wait for the report process, then remove what it wrote: this run did not finish
                with suppress(BaseException):
                    pending.result().unlink(missing_ok=True)
            raise
    if draft is not None:
        outcome.written.append(put_in_place(draft, free_name(report_path, overwrite)))
    _record(settings, intake, "bao-cao", store_values=True)
    return outcome


def _draft_report(path: Path, settings: Settings, period: Period, catalog: Catalog, dataset: Dataset,
                  figures: Figures) -> Path:
    """The Word report, complete but still under a hidden temporary name beside ``path``."""
    from .render import write_report

    return write_temporary(path, lambda p: write_report(p, settings, period, catalog, dataset, figures))


@contextmanager
def _background() -> Iterator[ProcessPoolExecutor | None]:
    """A second process for the Word report while this one writes the workbooks: both cores work.

    Only where processes fork (Linux) and no other thread runs, since forking a threaded process can
    deadlock; elsewhere the report is written afterwards in this process."""
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        yield None
        return
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
        yield pool


def blank_forms(settings: Settings, period: Period, overwrite: bool = False,
                progress: ProgressFactory = _no_progress) -> Outcome:
    """mau-bieu: one blank form per unit for the period."""
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
