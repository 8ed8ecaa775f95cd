"""What one render shares: unit names in catalog order, and the notes (footnotes, markers) it registers; and the
house rules for the endings of clauses and sentences."""
from __future__ import annotations

from collections import defaultdict

from markupsafe import Markup

from ..catalog import Catalog
from ..catalog.tasks import OverdueTask, Plan, TaskKey
from ..model import Dataset, Highlight, Value
from ..periods import Period
from .footnotes import Notes, clean

NAMES_SHOWN = 5


class Builder:
    """Shared state of one render: the catalog for unit names and the notes for markers/footnotes."""

    def __init__(self, catalog: Catalog, dataset: Dataset, notes: Notes,
                 overdue: dict[tuple[str, TaskKey], OverdueTask] | None = None, place: str = ""):
        self.catalog = catalog
        self.dataset = dataset
        self.notes = notes
        self.overdue = overdue or {}
        self.place = place
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

    def missing(self, units: object, what: str = "thiếu số liệu") -> Markup:
        named = self.names(units)
        return self.notes.marker(f"[{what}: {named}]" if named else f"[{what}]")

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
