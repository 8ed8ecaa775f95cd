"""Province totals of the accepted values: computed once, here, for the cross-unit rules, and handed on to figures.

Each indicator is summed (or its largest value taken) over the units that gave it; the units expected to give it
that did not (not reported, file refused, value rejected) are named, so no total is silently incomplete.
"""
from __future__ import annotations

from collections import defaultdict

from ..catalog import Catalog
from ..model import Dataset, Number, Total, Value
from ..text.cells import typed_sum


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
        result[code] = Total(code, aggregate([v.value for v in got], ind.aggregate), units, missing)
    return result


def aggregate(values: list[Number], how: str) -> Number | None:
    if not values:
        return None
    return max(values) if how == "lon-nhat" else typed_sum(values)
