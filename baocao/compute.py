"""Stage 3, compute: province totals, percentages from count and base, list counts.

Nothing here is typed by a person: every figure the report shows is derived from the
accepted values, and a figure some unit failed to give carries the names of those units.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from . import fmt
from .catalog import Catalog, Ratio
from .history import StoredValue
from .model import Dataset, Document, Highlight, ListItem, Number, Value


@dataclass(frozen=True)
class Total:
    indicator: str
    value: Number | None
    units: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return self.value is not None and not self.missing


@dataclass(frozen=True)
class RatioResult:
    ratio: Ratio
    numerator: Total
    denominator: Total
    percent: Decimal | None

    @property
    def text(self) -> str:
        return fmt.percent(self.percent, self.ratio.decimals)

    @property
    def target_met(self) -> bool | None:
        if self.ratio.target is None or self.percent is None:
            return None
        return self.percent >= Decimal(str(self.ratio.target))


@dataclass(frozen=True)
class ListResult:
    code: str
    documents: tuple[Document, ...]
    items: tuple[ListItem, ...]
    missing: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.documents) + len(self.items)

    @property
    def quantity(self) -> Number:
        return sum(i.quantity or 0 for i in self.items)


@dataclass
class Figures:
    totals: dict[str, Total]
    ratios: dict[str, RatioResult]
    lists: dict[str, ListResult]
    highlights: dict[str, list[Highlight]]
    previous: dict[str, Number] = field(default_factory=dict)     # last period's totals, from the history
    increments: dict[str, Number] = field(default_factory=dict)   # cumulative indicators: this period's growth


def absent_units(catalog: Catalog, dataset: Dataset) -> frozenset[str]:
    """Units whose data we expected but do not have: not reported (if required) or file rejected."""
    rejected = set(dataset.rejected_files.values())
    return frozenset(code for code, unit in catalog.units.items()
                     if code not in dataset.accepted_files and (unit.required or code in rejected))


def totals(values: list[Value], catalog: Catalog, dataset: Dataset) -> dict[str, Total]:
    """Aggregate each indicator over units; expected reporters that gave nothing are named."""
    by_indicator: dict[str, list[Value]] = defaultdict(list)
    for v in values:
        by_indicator[v.indicator].append(v)
    result: dict[str, Total] = {}
    absent = absent_units(catalog, dataset)
    for code, ind in catalog.indicators.items():
        got = by_indicator.get(code, [])
        units = tuple(sorted({v.unit for v in got}))
        expected = catalog.expand(ind.reporters)
        missing = tuple(sorted(u for u in expected if u in absent or (u, code) in dataset.failed))
        result[code] = Total(code, _aggregate([v.value for v in got], ind.aggregate), units, missing)
    return result


def _aggregate(values: list[Number], how: str) -> Number | None:
    if not values:
        return None
    return max(values) if how == "lon-nhat" else sum(values)


def compute(dataset: Dataset, catalog: Catalog, previous: Iterable[StoredValue] = ()) -> Figures:
    tot = totals(dataset.values, catalog, dataset)
    earlier: dict[str, list[Number]] = defaultdict(list)
    for v in previous:
        earlier[v.indicator].append(v.value)
    before = {code: _aggregate(vals, catalog.indicators[code].aggregate)
              for code, vals in earlier.items() if code in catalog.indicators}
    increments = {code: tot[code].value - old for code, old in before.items()
                  if catalog.indicators[code].cumulative and tot[code].complete}
    for code, ind in catalog.indicators.items():
        if ind.increment_of in increments:
            base = tot[ind.increment_of]
            tot[code] = Total(code, increments[ind.increment_of], base.units, base.missing)
    ratios = {}
    for code, ratio in catalog.ratios.items():
        num, den = tot[ratio.numerator], tot[ratio.denominator]
        percent = None
        if num.value is not None and den.value is not None:
            percent = fmt.ratio_percent(num.value, den.value)
        ratios[code] = RatioResult(ratio, num, den, percent)
    docs: dict[str, list[Document]] = defaultdict(list)
    for d in dataset.documents:
        docs[d.list_code].append(d)
    items: dict[str, list[ListItem]] = defaultdict(list)
    for i in dataset.items:
        items[i.list_code].append(i)
    lists = {}
    absent = absent_units(catalog, dataset)
    for code, lst in catalog.lists.items():
        expected = catalog.expand(lst.reporters)
        missing = tuple(sorted(expected & absent))
        lists[code] = ListResult(code, tuple(docs.get(code, ())), tuple(items.get(code, ())), missing)
    highlights: dict[str, list[Highlight]] = defaultdict(list)
    for h in dataset.highlights:
        highlights[h.section].append(h)
    return Figures(tot, ratios, lists, dict(highlights), before, increments)
