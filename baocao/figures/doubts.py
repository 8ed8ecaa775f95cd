"""What the checks doubt, indexed for the draft: the one rule for doubt (``codes.HANDLING``) applied to the month's
findings.

A finding says what it questions (``Finding.about``: an indicator, ratio, list, section or task; or, on an entry
sheet, its row) and in which words a marker says it (``Finding.note``). Here each finding the table does not wave
through is filed where the report will look for it: a value printed with a marker, something left out with a
marker in its place, an entry row printed with a marker, or a unit whose whole report is missing.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property

from ..codes import HANDLING, Treatment
from ..intake.layout import DOC_SHEET, HIGHLIGHT_SHEET, LIST_SHEET
from ..model import Dataset, Finding

ENTRY_SHEETS = (HIGHLIGHT_SHEET, DOC_SHEET, LIST_SHEET)
ABSENT = "chưa báo cáo"
UNREADABLE = "chưa báo cáo hoặc tệp không đọc được"   # some file of the period could not be tied to a unit
_ROW = re.compile(r"[A-Z]+(\d+)$")

RowKey = tuple[str, str, int]   # (file, sheet, row) of an entry a unit typed


@dataclass(frozen=True)
class Doubt:
    """One finding as the draft shows it: ``[chưa khớp: cấp tỉnh 1.074 + cấp xã 392 = 1.466 — Sở Khoa học và
    Công nghệ]``."""

    code: str
    treatment: Treatment
    label: str
    note: str
    unit: str
    unit_name: str
    month: str = ""   # in a span's draft: the month whose report it was found in (``10/2025``)

    def words(self) -> str:
        """The marker without the unit: ``chưa khớp: cấp tỉnh 1.074 + …``."""
        return f"{self.label}: {self.note}" if self.note else self.label

    def marker(self, unit_name: str | None = None) -> str:
        """``[… — Sở Y tế]``; in a span's draft ``[… — Sở Y tế, tháng 10/2025]``."""
        return f"[{self.words()} — {unit_name or self.unit_name}{f', tháng {self.month}' if self.month else ''}]"


@dataclass
class Doubts:
    marked: dict[tuple[str, str], list[Doubt]] = field(default_factory=dict)     # (unit, code) → printed, marked
    excluded: dict[tuple[str, str], list[Doubt]] = field(default_factory=dict)   # (unit, code) → left out, marked
    rows: dict[RowKey, list[Doubt]] = field(default_factory=dict)                # an entry row → printed, marked
    absent: dict[str, str] = field(default_factory=dict)                         # unit → why its report is missing

    def on(self, code: str, units: Iterable[str], province: str = "") -> list[Doubt]:
        """The doubts printed with a figure of ``code`` given by ``units`` (and, for a province figure, those
        about the province total, filed under ``province``)."""
        by_unit = self._marked_by_code.get(code)
        found = [d for u in units for d in by_unit.get(u, ())] if by_unit else []
        return found + (self.marked.get((province, code), []) if province else [])

    def left_out(self, code: str, units: Iterable[str]) -> list[Doubt]:
        by_unit = self._excluded_by_code.get(code)
        return [d for u in units for d in by_unit.get(u, ())] if by_unit else []

    @cached_property
    def _marked_by_code(self) -> dict[str, dict[str, list[Doubt]]]:
        """``marked`` by code, then unit: a national total asks about its 3,321 units, and most codes have no
        doubt at all (made once, when the report first asks; ``index`` has filed every doubt by then)."""
        return _by_code(self.marked)

    @cached_property
    def _excluded_by_code(self) -> dict[str, dict[str, list[Doubt]]]:
        return _by_code(self.excluded)

    def reason(self, unit: str, code: str = "") -> str:
        """Why ``unit`` gave nothing usable for ``code``: its report is missing, or its value was left out."""
        if unit in self.absent:
            return self.absent[unit]
        return "; ".join(dict.fromkeys(d.words() for d in self.excluded.get((unit, code), [])))

    def row(self, file: str, sheet: str, cell: str) -> list[Doubt]:
        key = row_key(file, sheet, cell)
        return self.rows.get(key, []) if key else []


def _by_code(filed: dict[tuple[str, str], list[Doubt]]) -> dict[str, dict[str, list[Doubt]]]:
    found: dict[str, dict[str, list[Doubt]]] = defaultdict(dict)
    for (unit, code), doubts in filed.items():
        found[code][unit] = doubts
    return dict(found)


def row_key(file: str, sheet: str, cell: str) -> RowKey | None:
    m = _ROW.match(cell)
    return (file, sheet, int(m.group(1))) if m else None


def index(findings: Iterable[Finding], dataset: Dataset) -> Doubts:
    """File every finding the table does not wave through where the report will look for it."""
    doubts = Doubts()
    marked: dict[tuple[str, str], list[Doubt]] = defaultdict(list)
    excluded: dict[tuple[str, str], list[Doubt]] = defaultdict(list)
    rows: dict[RowKey, list[Doubt]] = defaultdict(list)
    unreadable = "" in dataset.rejected_files.values()
    for f in findings:
        handling = HANDLING.get(f.code)
        if handling is None or handling.treatment is Treatment.NONE or not f.unit_code:
            continue
        doubt = Doubt(f.code, handling.treatment, handling.label, f.note, f.unit_code, f.unit_name)
        if f.unit_code not in dataset.accepted_files and handling.treatment is Treatment.EXCLUDE and not f.about:
            doubts.absent.setdefault(f.unit_code, UNREADABLE if unreadable and f.code == "don-vi-chua-bao-cao"
                                     else (ABSENT if f.code == "don-vi-chua-bao-cao" else f"tệp bị từ chối: {doubt.label}"))
            continue
        key = row_key(f.file, f.sheet, f.cell) if f.sheet in ENTRY_SHEETS else None
        if handling.treatment is Treatment.EXCLUDE:
            for code in f.about:
                excluded[(f.unit_code, code)].append(doubt)
        elif key is not None:
            rows[key].append(doubt)
        else:
            for code in f.about:
                marked[(f.unit_code, code)].append(doubt)
    doubts.marked, doubts.excluded, doubts.rows = dict(marked), dict(excluded), dict(rows)
    return doubts


def of_months(months: dict[str, Doubts], rests_on: Callable[[str, str, str], bool]) -> Doubts:
    """A span's doubts: each month's (``months``: month label → its doubts) printed-and-marked doubt of a unit and
    code that the span's figure rests on (``rests_on(month, unit, code)``), with its month, so the span's draft marks
    it as the month's draft did."""
    marked: dict[tuple[str, str], list[Doubt]] = defaultdict(list)
    for month, doubts in months.items():
        for (unit, code), found in doubts.marked.items():
            if rests_on(month, unit, code):
                marked[(unit, code)] += [replace(d, month=month) for d in found]
    return Doubts(marked=dict(marked))
