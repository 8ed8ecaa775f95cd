"""What one render shares: unit names in catalog order, and the notes (footnotes, markers) it registers; and the
house rules for the endings of clauses and sentences."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cached_property

from markupsafe import Markup

from ..catalog import Catalog
from ..catalog.tasks import OverdueTask, Plan, TaskKey
from ..figures.doubts import Doubt, Doubts
from ..model import Dataset, Highlight, Value
from ..periods import Period
from .footnotes import Notes, clean

NAMES_SHOWN = 5
TASKS_SECTION = "III"          # the report section listing each unit's tasks; overdue tasks are added there


class Builder:
    """Shared state of one render: the catalog for unit names, the notes for markers/footnotes/sources, and what
    the checks doubt (``figures.doubts``) for the markers of the one rule for doubt."""

    def __init__(self, catalog: Catalog, dataset: Dataset, notes: Notes,
                 overdue: dict[tuple[str, TaskKey], OverdueTask] | None = None, place: str = "",
                 doubts: Doubts | None = None):
        self.catalog = catalog
        self.dataset = dataset
        self.notes = notes
        self.overdue = overdue or {}
        self.place = place
        self.doubts = doubts or Doubts()
        self.order = {code: i for i, code in enumerate(catalog.units)}
        self.months: dict[Highlight, Period] = {}   # a span's highlights: the month each was reported in
        self.values: dict[str, list[Value]] = defaultdict(list)
        for v in sorted(dataset.values, key=lambda v: self.order.get(v.unit, len(self.order))):
            self.values[v.indicator].append(v)

    def names(self, units: object) -> str:
        codes = sorted(set(units), key=lambda c: self.order.get(c, len(self.order)))
        shown = [self.catalog.units[c].short_name if c in self.catalog.units else c for c in codes[:NAMES_SHOWN]]
        rest = len(codes) - NAMES_SHOWN
        return ", ".join(shown) + (f" và {rest} đơn vị khác" if rest > 0 else "")

    def unit_name(self, unit: str) -> str:
        known = self.catalog.units.get(unit)
        return known.name if known else unit

    def missing(self, units: object, what: str = "thiếu số liệu", codes: Sequence[str] = ()) -> Markup:
        """``[thiếu số liệu: Sở Y tế (số âm); Sở Công Thương, Thanh tra tỉnh (chưa báo cáo)]``: the units, grouped
        by why nothing usable came from them (their report is missing, or their value of ``codes`` was left out)."""
        return self.notes.marker(self.missing_text(units, what, codes))

    def missing_text(self, units: object, what: str = "thiếu số liệu", codes: Sequence[str] = ()) -> str:
        groups: dict[str, list[str]] = {}
        for unit in units:  # type: ignore[attr-defined]
            why = self.doubts.absent.get(unit) or "; ".join(
                dict.fromkeys(r for c in codes for r in [self.doubts.reason(unit, c)] if r))
            groups.setdefault(why, []).append(unit)
        parts = [self.names(group) + (f" ({why})" if why else "") for why, group in groups.items()]
        return f"[{what}: {'; '.join(parts)}]" if parts else f"[{what}]"

    def doubted(self, shown: str, doubts: Iterable[Doubt], units: Sequence[str] = ()) -> str:
        """``shown`` highlighted with the doubts' notes after it, once each; a province doubt is named after the
        units whose figures it is about."""
        if not doubts:   # nearly every figure: no marker to make
            return shown
        texts = dict.fromkeys(d.marker(self.names(units) if d.unit not in self.catalog.units and units else None)
                              for d in doubts)
        return str(self.notes.marker(" ".join(t for t in [shown, *texts] if t))) if texts else shown

    @cached_property
    def expected(self) -> dict[str, frozenset[str]]:
        """Section → the units that normally report in it: the units its indicators and lists name as reporters,
        and in the tasks section the units a plan names as a task's lead. A group (``@xa-phuong``: 65 communes
        giving a figure each) is not expected to write the section: the commune phụ lục names who did not report."""
        found: dict[str, set[str]] = defaultdict(set)
        for entry in (*self.catalog.indicators.values(), *self.catalog.lists.values()):
            found[entry.section] |= {u for u in entry.reporters if u in self.catalog.units}
        for task in self.catalog.tasks.tasks.values():
            found[TASKS_SECTION] |= {u for u in task.lead_units if u in self.catalog.units}
        return {section: frozenset(units) for section, units in found.items()}

    def absent(self, unit: str) -> bool:
        return unit not in self.dataset.accepted_files

    def issuer(self, plan: Plan) -> str:
        """``UBND tỉnh`` for the province's own ``UBND tỉnh Khánh Hòa``, as the report cites it."""
        suffix = f" {self.place}" if self.place else ""
        return plan.issuer[: -len(suffix)] if suffix and plan.issuer.endswith(suffix) else plan.issuer

    def plans_cited(self, plans: list[Plan], numbers: list[str] | None = None) -> str:
        """``[Nhiệm vụ số 63.8 ]Kế hoạch số 3433/KH-UBND ngày 26/3/2025 và … của UBND tỉnh``: the issuer once
        when every document has the same one."""
        issuers = {self.issuer(p) for p in plans}
        parts = [(f"Nhiệm vụ số {numbers[i]} " if numbers else "") + p.reference
                 + ("" if len(issuers) == 1 else f" của {self.issuer(p)}") for i, p in enumerate(plans)]
        return " và ".join(parts) + (f" của {issuers.pop()}" if len(issuers) == 1 else "")

    def citation(self, key: TaskKey) -> str:
        """The footnote of a task: where it was assigned, every plan that assigns it."""
        group = self.catalog.tasks.group(key)
        return "Được giao tại " + self.plans_cited([self.catalog.tasks.plans[t.plan] for t in group],
                                                   [t.number for t in group]) + "."


def clause(text: str) -> str:
    """An entry of a spelled-out list: without the final ``;``/``,``/``.`` the join adds back."""
    text = clean(text).strip().rstrip(";,").rstrip()
    return text[:-1] if text.endswith(".") and not text.endswith("...") else text


def sentence_end(text: str) -> str:
    """House rule for list and footnote endings: a full stop, not ``;`` or nothing."""
    text = text.rstrip().rstrip(";,:").rstrip()
    return text if not text or text.endswith((".", "…", "!", "?")) else text + "."
