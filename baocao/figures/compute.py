"""Stage 3, figures: province totals, percentages from count and base, increments, list counts.

Nothing here is typed by a person: every figure the report shows is derived from the
accepted values, and a figure some unit failed to give carries the names of those units.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from ..catalog import Catalog
from ..catalog.entries import Ratio
from ..catalog.tasks import OverdueTask, TaskKey
from ..checks.totals import absent_units, aggregate, totals
from ..model import Dataset, Document, Finding, Highlight, ListItem, Number, Reporting, StoredValue, TaskReport, Total
from ..periods import Period
from ..text import fmt
from .doubts import Doubts, index
from .tasks import TaskResult, task_results


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
    tasks: list[TaskResult] = field(default_factory=list)          # every task of the plans, catalog order
    overdue: dict[tuple[str, TaskKey], OverdueTask] = field(default_factory=dict)   # (unit, task) → how late
    reporting: Reporting | None = None    # who reported, on time (figures.reporting), when the pipeline knows
    doubts: Doubts = field(default_factory=Doubts)                 # what the findings question, for the draft


def ratio_results(catalog: Catalog, tot: dict[str, Total]) -> dict[str, RatioResult]:
    """Every ratio recomputed from its count and base: a month's totals, or a span's aggregated ones."""
    ratios = {}
    for code, ratio in catalog.ratios.items():
        num, den = tot[ratio.numerator], tot[ratio.denominator]
        percent = None
        if num.value is not None and den.value is not None:
            percent = fmt.ratio_percent(num.value, den.value)
        ratios[code] = RatioResult(ratio, num, den, percent)
    return ratios


def compute(dataset: Dataset, catalog: Catalog, previous: Iterable[StoredValue] = (),
            known: dict[str, Total] | None = None, findings: Iterable[Finding] = (),
            earlier_statuses: Iterable[tuple[Period, TaskReport]] = ()) -> Figures:
    """``known``: the totals validation already computed from the same dataset (not summed twice); ``findings``:
    what the checks found, filed for the draft's markers; ``earlier_statuses``: each unit's latest task status of
    an earlier period, carried forward where the unit did not report this period."""
    tot = dict(known) if known is not None else totals(dataset.values, catalog, dataset)
    earlier: dict[str, list[Number]] = defaultdict(list)
    for v in previous:
        earlier[v.indicator].append(v.value)
    before = {code: aggregate(vals, catalog.indicators[code].aggregate)
              for code, vals in earlier.items() if code in catalog.indicators}
    increments = {code: tot[code].value - old for code, old in before.items()
                  if catalog.indicators[code].cumulative and tot[code].complete}
    for code, ind in catalog.indicators.items():
        if ind.increment_of in increments:
            base = tot[ind.increment_of]
            tot[code] = Total(code, increments[ind.increment_of], base.units, base.missing)
    ratios = ratio_results(catalog, tot)
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
    task_rows, overdue = task_results(dataset, catalog, earlier_statuses)
    return Figures(tot, ratios, lists, dict(highlights), before, increments, task_rows, overdue,
                   doubts=index(findings, dataset))
