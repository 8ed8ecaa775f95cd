"""The monthly job as a library: read → validate → compute → write. The CLI only calls this."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .catalog import Catalog, load_catalog
from .compute import Figures, compute
from .config import Settings
from .files import free_name, write_atomic
from .findings import Finding, Severity
from .forms import write_form
from .model import Dataset
from .outputs import write_consolidated, write_marked_copy, write_validation_report
from .periods import Period
from .read import list_inputs, read_files
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


def check(settings: Settings, period: Period, overwrite: bool = False,
          progress: ProgressFactory = _no_progress, catalog: Catalog | None = None) -> Outcome:
    """kiem-tra: read and validate the period's files, write the validation report and marked copies."""
    catalog = catalog or load_catalog(settings.catalog)
    folder = settings.inputs / period.key
    if not folder.is_dir():
        raise NoInputsError(f"Chưa có thư mục {folder} cho kỳ {period.label}. Hãy tạo thư mục này và chép các tệp "
                            "Excel của đơn vị vào đó, hoặc kiểm tra lại kỳ báo cáo (--ky).")
    files = list_inputs(folder)
    tick = progress(len(files), "Đọc tệp")
    read = read_files(files, int(settings.max_file_mb * 1_000_000), tick)
    result = validate(read, catalog, period, settings.accepted_versions)
    outcome = Outcome(period, result.findings, dataset=result.dataset,
                      expected_units=sum(1 for u in catalog.units.values() if u.required))
    out = output_dir(settings, period)
    _write(outcome, out / f"kiem-tra-{period.key}.xlsx", overwrite,
           lambda p: write_validation_report(p, period, catalog, result.dataset, result.findings))
    by_file: dict[str, list[Finding]] = {}
    for f in result.findings:
        if f.file and f.code not in ("tep-tam-excel", "tep-khong-phai-excel", "tep-khong-doc-duoc"):
            by_file.setdefault(f.file, []).append(f)
    for file, found in sorted(by_file.items()):
        source = folder / file
        if source.suffix.lower() not in (".xlsx", ".xlsm"):
            continue
        _write(outcome, out / "tra-lai" / f"{source.stem} - can sua{source.suffix}", overwrite,
               lambda p, s=source, fs=found: write_marked_copy(s, p, fs))
    outcome.figures = compute(result.dataset, catalog)
    return outcome


def report(settings: Settings, period: Period, overwrite: bool = False,
           progress: ProgressFactory = _no_progress) -> Outcome:
    """bao-cao: everything kiem-tra does, plus the consolidated workbook."""
    catalog = load_catalog(settings.catalog)
    outcome = check(settings, period, overwrite, progress, catalog)
    assert outcome.dataset is not None and outcome.figures is not None
    out = output_dir(settings, period)
    _write(outcome, out / f"tong-hop-{period.key}.xlsx", overwrite,
           lambda p: write_consolidated(p, period, catalog, outcome.dataset, outcome.figures))
    return outcome


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
