"""Which files speak for which unit: a form of an accepted version, of a known unit, for this period; of two files
from one unit the newest is kept; every required unit that sent nothing is named.

Runs in the main process, across all files of the period.
"""
from __future__ import annotations

from ..catalog import Catalog
from ..codes import emits, finding
from ..intake.layout import INFO_SHEET
from ..model import Dataset, Finding, Source, Submission
from ..periods import Period, PeriodError, parse_period


@emits("sai-phien-ban-mau", "don-vi-khong-xac-dinh", "sai-ky-bao-cao")
def identity_problem(sub: Submission, catalog: Catalog, period: Period, versions: tuple[str, ...]) -> Finding | None:
    """Why a file cannot be used for this period at all, or None."""
    where = Source(sub.file, INFO_SHEET)
    code, name = sub.unit_code, catalog.unit_name(sub.unit_code)
    if sub.version not in versions:
        return finding("sai-phien-ban-mau", unit_code=code, unit_name=name, source=where, value=sub.version,
                       detail=", ".join(versions))
    if sub.unit_code not in catalog.units:
        return finding("don-vi-khong-xac-dinh", source=where, value=sub.unit_code)
    try:
        typed: Period | None = parse_period(sub.period_text)
    except PeriodError:
        typed = None
    if typed != period:
        return finding("sai-ky-bao-cao", unit_code=code, unit_name=name, source=where, value=sub.period_text,
                       detail=period.label)
    return None


@emits("don-vi-trung-lap")
def choose_submissions(subs: list[Submission], catalog: Catalog, period: Period, versions: tuple[str, ...],
                       findings: list[Finding], dataset: Dataset) -> list[Submission]:
    """The file each unit speaks through, in unit-code order; refused files are recorded in ``dataset``."""
    candidates: dict[str, list[Submission]] = {}
    for sub in subs:
        problem = identity_problem(sub, catalog, period, versions)
        if problem:
            findings.append(problem)
            dataset.rejected_files[sub.file] = sub.unit_code if sub.unit_code in catalog.units else ""
            continue
        candidates.setdefault(sub.unit_code, []).append(sub)
    kept = []
    for unit, group in candidates.items():
        group.sort(key=lambda s: (s.mtime, s.file))
        newest = group[-1]
        kept.append(newest)
        for other in group[:-1]:
            findings.append(finding("don-vi-trung-lap", unit_code=unit, unit_name=catalog.unit_name(unit),
                                    source=Source(other.file, INFO_SHEET),
                                    detail=f"đang dùng tệp mới nhất {newest.file}"))
            dataset.rejected_files[other.file] = unit
    return sorted(kept, key=lambda s: s.unit_code)


@emits("don-vi-chua-bao-cao")
def missing_units(catalog: Catalog, dataset: Dataset, period: Period) -> list[Finding]:
    """Required units with neither an accepted nor a refused file; recorded in ``dataset.missing_units``."""
    found = []
    for code, unit in catalog.units.items():
        if unit.required and code not in dataset.accepted_files and code not in dataset.rejected_files.values():
            dataset.missing_units.append(code)
            found.append(finding("don-vi-chua-bao-cao", unit_code=code, unit_name=unit.name, detail=period.label))
    return found
