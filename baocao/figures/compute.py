"""Stage 3, compute: province totals, percentages from count and base, list counts.

Nothing here is typed by a person: every figure the report shows is derived from the
accepted values, and a figure some unit failed to give carries the names of those units.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from ..text import fmt
from ..catalog.load import Catalog, Ratio
from ..store.history import StoredValue
from ..model import Dataset, Document, Highlight, ListItem, Number, TaskReport, Value
from ..periods import PeriodRule
from ..catalog.tasks import OverdueTask, Task, TaskKey


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


@dataclass(frozen=True)
class TaskResult:
    """One task of the appendix (a task restated by several plans once) with what its lead units reported."""

    task: Task
    parent: bool                                   # has sub-tasks: reported through them
    leads: tuple[str, ...]                         # lead unit codes, units.csv order
    reports: tuple[TaskReport, ...]                # statuses given this period, units.csv order
    late: tuple[tuple[str, OverdueTask], ...]      # (unit, how late) for every lead unit late at the period end

    @property
    def unreported(self) -> tuple[str, ...]:
        given = {r.unit for r in self.reports}
        return tuple(u for u in self.leads if u not in given)


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


def task_results(dataset: Dataset, catalog: Catalog) -> tuple[list[TaskResult], dict[tuple[str, TaskKey], OverdueTask]]:
    """Lateness is judged per lead unit from its own status, against the task's governing deadline, at the
    period's last day (``deadlines.months_late``); a task without a status is listed, not judged."""
    tasks = catalog.tasks
    end = dataset.last_day or dataset.period.last_day(PeriodRule())
    order = {code: i for i, code in enumerate(catalog.units)}
    by_task: dict[TaskKey, list[TaskReport]] = defaultdict(list)
    for report in sorted(dataset.task_statuses, key=lambda r: order.get(r.unit, len(order))):
        by_task[report.task].append(report)
    overdue: dict[tuple[str, TaskKey], OverdueTask] = {}
    results = []
    for task in tasks.canonical_tasks():
        reports = by_task.get(task.key, [])
        late = []
        for report in reports:
            found = tasks.late(task.key, report.status, end)
            if found is not None:
                late.append((report.unit, found))
                overdue[(report.unit, task.key)] = found
        leads = tuple(sorted(tasks.leads(task.key), key=lambda u: order.get(u, len(order))))
        results.append(TaskResult(task, tasks.has_subtasks(task), leads, tuple(reports), tuple(late)))
    return results, overdue


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


def compute(dataset: Dataset, catalog: Catalog, previous: Iterable[StoredValue] = (),
            known: dict[str, Total] | None = None) -> Figures:
    """``known``: the totals validation already computed from the same dataset (not summed twice)."""
    tot = dict(known) if known is not None else totals(dataset.values, catalog, dataset)
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
    task_rows, overdue = task_results(dataset, catalog)
    return Figures(tot, ratios, lists, dict(highlights), before, increments, task_rows, overdue)
