"""``luu-tru --kiem-tra``: re-hash every archived file the database or the manifest lists; report the changed,
the vanished, and files nobody archived."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..codes import Problem, emits, problem
from ..config import Settings
from ..periods import ReportPeriod
from .archive import MANIFEST, MANIFEST_HEADER, entries, read_manifest, shown_path


@dataclass
class AuditOutcome:
    checked: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def audit(settings: Settings, period: ReportPeriod | None = None) -> AuditOutcome:
    """Re-hash every archived file listed in the database or in manifest.csv; report the changed and the vanished.

    Both lists are used, so losing (or editing) one of them does not hide a change. Files in the archive folder that
    neither lists are reported as warnings."""
    folder = settings.archive.folder
    expected = _expected(settings, folder, period)
    outcome = AuditOutcome()
    _rehash(folder, expected, outcome)
    _unlisted(folder, {relative for relative, _ in expected}, period, outcome)
    return outcome


def _expected(settings: Settings, folder: Path, period: ReportPeriod | None) -> dict[tuple[str, str], str]:
    """(stored path, SHA-256) of every archived file → a note saying where only one list knows it."""
    expected: dict[tuple[str, str], str] = {}
    for e in entries(settings):
        expected.setdefault((e.path, e.sha256), "")
    for row in read_manifest(folder / MANIFEST):
        key = (row.get(MANIFEST_HEADER[3], "") or "", (row.get(MANIFEST_HEADER[5], "") or "").lower())
        if key[0]:
            expected.setdefault(key, " (chỉ có trong manifest.csv)")
    if period is not None:
        expected = {k: v for k, v in expected.items() if k[0].startswith(f"{period.key}/")}
    return expected


@emits("tep-bi-mat", "tep-bi-thay-doi")
def _rehash(folder: Path, expected: dict[tuple[str, str], str], outcome: AuditOutcome) -> None:
    hashes: dict[str, str | None] = {}
    for (relative, digest), note in sorted(expected.items()):
        path = folder / relative
        if relative not in hashes:
            hashes[relative] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
        outcome.checked += 1
        actual = hashes[relative]
        if actual is None:
            outcome.problems.append(problem("tep-bi-mat", path=relative, note=note, detail=str(path)))
        elif actual != digest:
            outcome.problems.append(problem("tep-bi-thay-doi", path=relative, note=note, detail=f"{digest} → {actual}"))


@emits("tep-ngoai-so")
def _unlisted(folder: Path, listed: set[str], period: ReportPeriod | None, outcome: AuditOutcome) -> None:
    scope = folder / period.key if period is not None else folder
    if scope.is_dir():
        for path in sorted(p for p in scope.rglob("*") if p.is_file()):
            relative = path.relative_to(folder).as_posix()
            if relative != MANIFEST and relative not in listed and not path.name.startswith(".~tmp-"):
                outcome.warnings.append(problem("tep-ngoai-so", path=relative))


def describe_audit(outcome: AuditOutcome, folder: Path, root: Path) -> list[str]:
    """What the clerk reads after ``luu-tru --kiem-tra``."""
    if not outcome.checked and not outcome.warnings:
        return [f"Kho lưu trữ {shown_path(folder, root)} chưa có tệp nào."]
    lines = [f"Đã kiểm tra {outcome.checked} tệp trong kho lưu trữ {shown_path(folder, root)}."]
    lines += [f"  • {p.message} (mã: {p.code})" for p in outcome.problems]
    lines += [f"Cảnh báo: {w.message}" for w in outcome.warnings]
    lines.append("Có tệp lưu trữ bị mất hoặc bị thay đổi: hãy lấy lại bản gốc đã ký từ nơi khác (thư điện tử, "
                 "hệ thống văn bản) và báo người phụ trách." if outcome.problems else "Mọi tệp lưu trữ còn nguyên vẹn.")
    return lines
