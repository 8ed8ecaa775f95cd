"""Communes, wards and the special zone ranked by a ratio of their own figures (DHIS2's league table).

A ratio is ranked when both its count and its base are reported by communes only (``@xa``, ``@phuong``,
``@dac-khu`` or ``@xa-phuong`` in indicators.csv): each commune's own percentage, the target of its kind
(``target_by_kind`` in ratios.csv: the plan holds wards to 95% and communes to 80% for cashless social-welfare
payments), Đạt / Chưa đạt, and its rank. The province's figures are the sums over the communes that gave them; the
communes that did not report (or whose file was refused) are named once, never counted as zero.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from ..catalog import Catalog
from ..catalog.entries import Ratio
from ..catalog.units import KIND_GROUPS
from ..checks.totals import absent_units
from ..model import Dataset, Number
from ..text import fmt
from ..text.cells import typed_sum

COMMUNE_KINDS = KIND_GROUPS["xa-phuong"]
NO_FIGURE, ZERO_BASE = "thiếu số liệu", "tổng số bằng 0"


@dataclass(frozen=True)
class CommuneResult:
    """One commune's line of the table: its figures, percentage, target and rank (None: not ranked, ``problem``
    says why)."""

    unit: str
    kind: str
    values: dict[str, Number]          # the commune's own accepted values of commune indicators
    percent: Decimal | None
    target: float | None
    rank: int | None = None
    problem: str = ""

    @property
    def met(self) -> bool | None:
        if self.percent is None or self.target is None:
            return None
        return self.percent >= Decimal(str(self.target))


@dataclass(frozen=True)
class Ranking:
    """A ratio's league table: the ranked communes (best first), then those that reported without the figures to
    rank them; ``absent``: expected communes without a report; ``sums``: each commune indicator summed over the
    communes in the table that gave it."""

    ratio: Ratio
    rows: tuple[CommuneResult, ...]
    absent: tuple[str, ...]
    sums: dict[str, Number]

    @property
    def ranked(self) -> tuple[CommuneResult, ...]:
        return tuple(r for r in self.rows if r.rank is not None)

    @property
    def percent(self) -> Decimal | None:
        """The province's percentage: the sum of the counts over the sum of the bases of the communes that gave
        both (a commune with only one of them counts in neither)."""
        both = [r.values for r in self.rows if self.ratio.numerator in r.values and self.ratio.denominator in r.values]
        if not both:
            return None
        return fmt.ratio_percent(typed_sum(v[self.ratio.numerator] for v in both),
                                 typed_sum(v[self.ratio.denominator] for v in both))


def commune_indicators(catalog: Catalog) -> list[str]:
    """The indicators communes report, and nobody else."""
    def communes_only(code: str) -> bool:
        units = catalog.expand(catalog.indicators[code].reporters)
        return bool(units) and all(catalog.units[u].kind in COMMUNE_KINDS for u in units if u in catalog.units)

    return [code for code in catalog.indicators if communes_only(code)]


def commune_ratios(catalog: Catalog) -> list[Ratio]:
    """The ratios whose count and base communes report, and nobody else."""
    own = set(commune_indicators(catalog))
    return [r for r in catalog.ratios.values() if r.numerator in own and r.denominator in own]


def rankings(catalog: Catalog, dataset: Dataset) -> dict[str, Ranking]:
    """Every commune ratio's table, from the accepted values of a month (or of a span, each unit's aggregated)."""
    ratios = commune_ratios(catalog)
    if not ratios:
        return {}
    indicators = commune_indicators(catalog)
    wanted = set(indicators)
    own: dict[str, dict[str, Number]] = {}
    for v in dataset.values:
        if v.indicator in wanted:
            own.setdefault(v.unit, {})[v.indicator] = v.value
    absent = absent_units(catalog, dataset)
    return {r.code: _ranking(catalog, dataset, r, own, absent, indicators) for r in ratios}


def _ranking(catalog: Catalog, dataset: Dataset, ratio: Ratio, own: dict[str, dict[str, Number]],
             absent: frozenset[str], indicators: list[str]) -> Ranking:
    reporters = catalog.expand(catalog.indicators[ratio.numerator].reporters)
    expected = [u for u in catalog.units if u in reporters]
    reported = [u for u in expected if u in dataset.accepted_files]
    rows = [_result(catalog.units[u].kind, u, own.get(u, {}), ratio) for u in reported]
    order = {u: i for i, u in enumerate(expected)}
    shown = {r.unit: fmt.round_half_up(r.percent, ratio.decimals) for r in rows if r.percent is not None}
    ranked = sorted((r for r in rows if r.percent is not None), key=lambda r: (-shown[r.unit], order[r.unit]))
    placed: list[CommuneResult] = []
    for i, row in enumerate(ranked):   # the same percentage as printed, the same rank (1, 2, 2, 4)
        same = placed and shown[placed[-1].unit] == shown[row.unit]
        placed.append(replace(row, rank=placed[-1].rank if same else i + 1))
    given = {c: [r.values[c] for r in rows if c in r.values] for c in indicators}
    return Ranking(ratio, (*placed, *(r for r in rows if r.percent is None)),
                   tuple(u for u in expected if u in absent), {c: typed_sum(v) for c, v in given.items() if v})


def _result(kind: str, unit: str, values: dict[str, Number], ratio: Ratio) -> CommuneResult:
    num, den = values.get(ratio.numerator), values.get(ratio.denominator)
    if num is None or den is None:
        return CommuneResult(unit, kind, values, None, ratio.target_for(kind), problem=NO_FIGURE)
    percent = fmt.ratio_percent(num, den)
    return CommuneResult(unit, kind, values, percent, ratio.target_for(kind), problem="" if percent is not None
                         else ZERO_BASE)


def any_commune_figure(catalog: Catalog, dataset: Dataset) -> bool:
    """Whether any commune gave any figure a ranking uses: without one, the report has no commune appendix."""
    wanted = {code for r in commune_ratios(catalog) for code in (r.numerator, r.denominator)}
    return bool(wanted) and any(v.indicator in wanted for v in dataset.values)


def appendix_note(catalog: Catalog, dataset: Dataset) -> list[str]:
    """What the run summary says when the report has no commune appendix for want of any commune figure."""
    ratios = commune_ratios(catalog)
    if not ratios or any_commune_figure(catalog, dataset):
        return []
    return ["Báo cáo không có phụ lục xếp hạng xã, phường, đặc khu: kỳ này chưa xã, phường, đặc khu nào gửi số liệu "
            "để tính " + "; ".join(f"“{r.name}”" for r in ratios) + "."]
