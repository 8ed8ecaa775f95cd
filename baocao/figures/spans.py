"""A quarter, six or nine months, or a year, added up from the months the history holds.

How each kind of figure adds up over months is defined here, once:

* a cumulative figure (``luy-ke``), or a percentage a unit measures itself, is its value at the end of the span:
  each unit's latest value in the span (a unit that skipped the last month keeps its earlier value, and the figure
  says so), with the span's growth (end of the span minus the month before it, the previous span's end);
* an in-period figure (``trong-ky``) is the sum of the months, each month as its own report computed it;
* ratios are recomputed from the aggregated count and base, never averaged;
* what the checks doubted in a month is marked on the span's figure that rests on it, naming the unit and the month:
  a cumulative figure rests on each unit's month whose value it takes, a sum and a list on every month, a ratio on
  its count's and base's months (``_doubts``);
* documents and list items are the union of the months, each counted once; highlights are gathered by section,
  each with its month; task statuses are each unit's latest at the span's end.

Each month is computed exactly as its monthly report was (``compute``), from the dataset its latest run stored.
A month the history does not hold, a unit missing in a month, a figure only some months give: all are kept, so
the draft and the workbooks can say what is missing instead of adding up silently.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from ..catalog import Catalog
from ..catalog.entries import Indicator
from ..intake.layout import task_ref
from ..checks.totals import absent_units, aggregate, totals
from ..checks.values import CUTOFF
from ..model import (NOWHERE, Dataset, Document, Finding, Highlight, ListItem, Number, StoredValue, TaskReport, Total,
                     Value)
from ..periods import Period, PeriodRule, Span
from .compute import Figures, ListResult, compute, ratio_results
from .doubts import Doubts, of_months
from .plan import TaskOutcome, classify
from .tasks import task_results

AT_END, SUMMED = "cuoi-ky", "cong-don"
_SPACES = re.compile(r"\s+")


def adds_up(indicator: Indicator) -> str:
    """``cuoi-ky``: the value at the span's end (cumulative figures, measured percentages); ``cong-don``: the
    sum of the months (in-period figures)."""
    return AT_END if indicator.cumulative or indicator.value_type == "ty-le" else SUMMED


@dataclass(frozen=True)
class Gap:
    """A month a span figure lacks something in: the expected units that did not give it (none: nobody did)."""

    period: Period
    units: tuple[str, ...] = ()


@dataclass
class SpanFigures:
    """The span in the shape the monthly report already reads (``figures``, ``dataset``), with what only a span
    has: its months, what is missing, where a figure is partial, and the previous span to compare with."""

    span: Span
    figures: Figures
    dataset: Dataset
    months: dict[Period, Figures]                   # each recorded month as its own report computed it
    missing_months: tuple[Period, ...]              # months of the span the history does not hold
    missing_units: dict[Period, tuple[str, ...]]    # recorded month → expected units without an accepted report
    partial: dict[str, tuple[Gap, ...]] = field(default_factory=dict)      # indicator or list → months it lacks
    carried: dict[str, dict[str, Period]] = field(default_factory=dict)    # cumulative: unit → month of its value
    highlight_months: dict[Highlight, Period] = field(default_factory=dict)
    task_outcomes: list[TaskOutcome] = field(default_factory=list)         # tasks due in the span, classified
    previous: SpanFigures | None = None             # the span compared with, when the history has any of it
    start: dict[str, Total] = field(default_factory=dict)   # the month before the span (growth's base), if stored

    @property
    def recorded(self) -> tuple[Period, ...]:
        return tuple(m for m in self.span.months if m in self.months)

    @property
    def complete(self) -> bool:
        return not self.missing_months


def aggregate_span(span: Span, catalog: Catalog, months: dict[Period, Dataset], rule: PeriodRule,
                   statuses: Iterable[tuple[Period, TaskReport]] = (), compare: bool = True,
                   findings: dict[Period, list[Finding]] | None = None) -> SpanFigures:
    """``months``: every stored month the caller has (the span's, the month before it, the previous span's);
    ``statuses``: each unit's latest task status up to the span's end, with the month it was given for;
    ``findings``: what each stored month's run found, for the markers of its doubts."""
    recorded = [m for m in span.months if m in months]
    statuses = list(statuses)
    found = findings or {}
    monthly = {m: compute(months[m], catalog, _stored(months.get(m.previous())), findings=found.get(m, ()))
               for m in recorded}
    result = SpanFigures(span, Figures({}, {}, {}, {}), Dataset(span.months[-1], last_day=span.last_day(rule)),
                         monthly, tuple(m for m in span.months if m not in months),
                         {m: tuple(sorted(absent_units(catalog, months[m]))) for m in recorded})
    tot = _totals(result, catalog, months)
    start = months.get(span.start)
    before = totals(start.values, catalog, start) if start is not None else {}
    result.start = before
    growth = {code: tot[code].value - before[code].value for code, ind in catalog.indicators.items()
              if adds_up(ind) == AT_END and ind.value_type != "ty-le" and code in before
              and tot[code].complete and before[code].complete and recorded}
    result.figures = Figures(tot, ratio_results(catalog, tot), _lists(result, catalog, months),
                             _highlights(result, months), {c: t.value for c, t in before.items() if t.complete},
                             growth, doubts=_doubts(result, catalog, months, statuses))
    _tasks(result, catalog, statuses)
    result.dataset.accepted_files = _reporters(months, recorded)
    result.dataset.missing_units = sorted(u for u, unit in catalog.units.items()
                                          if unit.required and u not in result.dataset.accepted_files)
    previous = span.previous()
    if compare and any(m in months for m in previous.months):
        result.previous = aggregate_span(previous, catalog, months, rule, compare=False, findings=findings)
    return result


def _doubts(result: SpanFigures, catalog: Catalog, months: dict[Period, Dataset],
            statuses: list[tuple[Period, TaskReport]]) -> Doubts:
    """The months' doubts the span's printed figures rest on (how each figure adds up decides which months), each
    with its month; a cut-off date rests on its unit's latest month in the span, a task status on its month."""
    recorded = result.recorded
    if not recorded:
        return Doubts()
    last = recorded[-1].label
    reported = {u: m.label for m in recorded for u in months[m].accepted_files}   # a later month replaces
    given = {(r.unit, task_ref(*r.task)): m.label for m, r in statuses}   # a task status: the month it was given

    def indicator(month: str, unit: str, code: str) -> bool:
        if adds_up(catalog.indicators[code]) == SUMMED:
            return True
        taken = result.carried.get(code, {}).get(unit)
        return month == (taken.label if taken else last)

    def rests_on(month: str, unit: str, code: str) -> bool:
        if code in catalog.indicators:
            return indicator(month, unit, code)
        if code in catalog.ratios:
            ratio = catalog.ratios[code]
            return indicator(month, unit, ratio.numerator) or indicator(month, unit, ratio.denominator)
        if code in catalog.lists:
            return True
        return month == (reported.get(unit) if code == CUTOFF else given.get((unit, code)))

    return of_months({m.label: result.months[m].doubts for m in recorded}, rests_on)


def _stored(dataset: Dataset | None) -> list[StoredValue]:
    return [StoredValue(v.unit, v.indicator, v.value) for v in dataset.values] if dataset else []


def _reporters(months: dict[Period, Dataset], recorded: list[Period]) -> dict[str, str]:
    """Units that reported in some month of the span, with the file of their latest month."""
    found: dict[str, str] = {}
    for m in recorded:
        found.update(months[m].accepted_files)
    return found


def _totals(result: SpanFigures, catalog: Catalog, months: dict[Period, Dataset]) -> dict[str, Total]:
    tot: dict[str, Total] = {}
    values: list[Value] = []
    recorded = result.recorded
    index = {m: _by_indicator(months[m].values) for m in recorded}   # once: a national year is ~400.000 values
    for code, ind in catalog.indicators.items():
        given = {m: index[m].get(code, []) for m in recorded}
        if adds_up(ind) == AT_END:
            total, unit_values, carried = _at_end(code, ind, recorded, result.months, given)
            if carried:
                result.carried[code] = carried
                result.partial[code] = (Gap(recorded[-1], tuple(sorted(carried))),)
        else:
            total, unit_values, gaps = _summed(code, recorded, result.months, given)
            if gaps and total.value is not None:
                result.partial[code] = gaps
        tot[code] = total
        values += unit_values
    result.dataset.values = values
    return tot


def _by_indicator(values: list[Value]) -> dict[str, list[Value]]:
    found: dict[str, list[Value]] = {}
    for v in values:
        found.setdefault(v.indicator, []).append(v)
    return found


def _at_end(code: str, ind: Indicator, recorded: tuple[Period, ...], monthly: dict[Period, Figures],
            given: dict[Period, list[Value]]) -> tuple[Total, list[Value], dict[str, Period]]:
    """Each unit's latest value in the span; the units expected at the end that gave it in no month are missing."""
    latest: dict[str, tuple[Value, Period]] = {}
    for m in recorded:
        for v in given[m]:
            latest[v.unit] = (v, m)
    if not recorded:
        return Total(code, None, (), ()), [], {}
    last = recorded[-1]
    missing = tuple(u for u in monthly[last].totals[code].missing if u not in latest)
    carried = {u: m for u, (_, m) in latest.items() if m != last}
    value = aggregate([v.value for v, _ in latest.values()], ind.aggregate)
    return Total(code, value, tuple(sorted(latest)), missing), [v for v, _ in latest.values()], carried


def _summed(code: str, recorded: tuple[Period, ...], monthly: dict[Period, Figures],
            given: dict[Period, list[Value]]) -> tuple[Total, list[Value], tuple[Gap, ...]]:
    """The sum of the months' totals; a month without the figure, or with units missing, is a gap; units that gave
    it in no month are missing."""
    parts: list[Number] = []
    gaps: list[Gap] = []
    units: set[str] = set()
    missing: set[str] | None = None
    by_unit: dict[str, Number] = {}
    for m in recorded:
        total = monthly[m].totals[code]
        if total.value is not None:
            parts.append(total.value)
        if total.value is None or total.missing:
            gaps.append(Gap(m, total.missing))
        units |= set(total.units)
        missing = set(total.missing) if missing is None else missing & set(total.missing)
        for v in given[m]:
            by_unit[v.unit] = by_unit.get(v.unit, 0) + v.value
    value = sum(parts) if parts else None
    values = [Value(u, code, n, NOWHERE) for u, n in by_unit.items()]
    return Total(code, value, tuple(sorted(units)), tuple(sorted(missing or ()))), values, tuple(gaps)


def _key(text: str) -> str:
    """Two spellings of the same entry (case, spaces, a final stop) are one entry."""
    return _SPACES.sub(" ", text).strip().rstrip(".;,").casefold()


def _lists(result: SpanFigures, catalog: Catalog, months: dict[Period, Dataset]) -> dict[str, ListResult]:
    """Documents once each (type, number, date), items once each (latest month's quantity and note); a keyed item
    is one item across the months (its latest wording), whatever its text."""
    recorded = result.recorded
    documents: dict[tuple, Document] = {}
    items: dict[tuple, ListItem] = {}
    for m in recorded:
        for d in months[m].documents:
            documents.setdefault((d.list_code, _key(d.doc_type), _key(d.number), d.issued), d)
        for i in months[m].items:
            same = (i.list_code, i.unit, "#" + i.key) if i.key else (i.list_code, _key(i.text))
            items.pop(same, None)
            items[same] = i
    lists = {}
    for code, lst in catalog.lists.items():
        expected = catalog.expand(lst.reporters)
        absent = {m: set(expected & absent_units(catalog, months[m])) for m in recorded}
        missing = set.intersection(*absent.values()) if recorded else {u for u in expected if catalog.units[u].required}
        gaps = tuple(Gap(m, tuple(sorted(a - missing))) for m, a in absent.items() if a - missing)
        if gaps:
            result.partial[code] = gaps
        lists[code] = ListResult(code, tuple(d for d in documents.values() if d.list_code == code),
                                 tuple(i for i in items.values() if i.list_code == code), tuple(sorted(missing)))
        result.dataset.documents += lists[code].documents
        result.dataset.items += lists[code].items
    return lists


def _highlights(result: SpanFigures, months: dict[Period, Dataset]) -> dict[str, list[Highlight]]:
    """By section in month order; a highlight a unit repeats word for word in a later month is kept once, with
    its first month."""
    seen: set[tuple[str, str, str]] = set()
    by_section: dict[str, list[Highlight]] = {}
    for m in result.recorded:
        for h in months[m].highlights:
            key = (h.unit, h.section, _key(h.text))
            if key in seen:
                continue
            seen.add(key)
            by_section.setdefault(h.section, []).append(h)
            result.highlight_months[h] = m
            result.dataset.highlights.append(h)
    return by_section


def _tasks(result: SpanFigures, catalog: Catalog, statuses: Iterable[tuple[Period, TaskReport]]) -> None:
    """Statuses at the span's end feed the appendix (as a month's do) and the classification of the tasks due in
    the span."""
    reports = [report for _, report in statuses]
    result.dataset.task_statuses = reports
    result.figures.tasks, result.figures.overdue = task_results(result.dataset, catalog)
    end: date = result.dataset.last_day or result.span.last_day(PeriodRule())
    result.task_outcomes = classify(catalog, reports, result.span, end)

