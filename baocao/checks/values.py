"""Rules on the Số liệu sheet of one unit's file: each figure is a number of the right kind, required figures are
given, and a percentage the unit typed matches its own count and base.

Pure functions of the file and the catalog (no I/O, no shared state): the reading workers run them.
"""
from __future__ import annotations

from decimal import Decimal

from ..catalog.entries import Indicator
from ..codes import emits
from ..intake.layout import DATA_SHEET
from ..model import Cell, Source, Submission, Value
from ..text import fmt
from ..text.cells import ambiguous, cell_text, decimals_of, parse_number, parse_percent
from .scope import Scope


@emits("chi-tieu-khong-xac-dinh", "thieu-so-lieu", "so-mo-ho", "khong-phai-so", "so-am", "ty-le-khong-hop-le",
       "khong-phai-so-nguyen")
def figures(scope: Scope, sub: Submission) -> None:
    """Each figure of the unit's own indicators; a bad or missing one is left out of the totals (``failed``)."""
    own = {i.code: i for i in scope.catalog.indicators_for(scope.unit_code)}
    seen: set[str] = set()
    for raw in sub.values:
        ind = own.get(raw.code)
        if ind is None:
            scope.add("chi-tieu-khong-xac-dinh", raw.source, value=raw.code)
            continue
        seen.add(ind.code)
        if raw.raw is None or cell_text(raw.raw) == "":
            if ind.required:
                scope.add("thieu-so-lieu", raw.source, detail=ind.name)
                scope.dataset.failed.add((scope.unit_code, ind.code))
            continue
        number = _number(scope, ind, raw.raw, raw.source)
        if number is None:
            scope.dataset.failed.add((scope.unit_code, ind.code))
            continue
        scope.dataset.values.append(Value(scope.unit_code, ind.code, number, raw.source))
    for ind in own.values():
        if ind.required and ind.code not in seen:
            scope.add("thieu-so-lieu", Source(sub.file, DATA_SHEET), detail=ind.name)
            scope.dataset.failed.add((scope.unit_code, ind.code))


@emits("so-mo-ho", "khong-phai-so", "so-am", "ty-le-khong-hop-le", "khong-phai-so-nguyen")
def _number(scope: Scope, ind: Indicator, raw: Cell, source: Source) -> int | float | None:
    """The cell as a number of the indicator's kind, or None after a finding says why it is not one."""
    percent = ind.value_type == "ty-le"
    number = parse_percent(raw) if percent else parse_number(raw)
    if ambiguous(raw, percent=percent):
        scope.add("so-mo-ho", source, value=cell_text(raw))
    elif number is None:
        scope.add("khong-phai-so", source, value=cell_text(raw))
    elif number < 0:
        scope.add("so-am", source, value=fmt.number(number, decimals_of(float(number))))
    elif percent and number > 100:
        scope.add("ty-le-khong-hop-le", source, value=fmt.percent(number, decimals_of(number)))
    elif ind.value_type == "so-nguyen" and number != int(number):
        scope.add("khong-phai-so-nguyen", source, value=fmt.number(number, decimals_of(float(number))))
    else:
        return int(number) if ind.value_type == "so-nguyen" else number
    return None


@emits("chi-tieu-khong-xac-dinh", "so-mo-ho", "khong-phai-so", "ty-le-sai")
def typed_ratios(scope: Scope, sub: Submission) -> None:
    """A percentage the unit typed is only checked against its own figures, never used: the report computes it."""
    own = {r.code: r for r in scope.catalog.ratios_for(scope.unit_code)}
    mine = {v.indicator: v.value for v in scope.dataset.values}
    for raw in sub.ratios_typed:
        ratio = own.get(raw.code)
        if ratio is None:
            scope.add("chi-tieu-khong-xac-dinh", raw.source, value=raw.code)
            continue
        if raw.raw is None or cell_text(raw.raw) == "":
            continue
        typed = parse_percent(raw.raw)
        if ambiguous(raw.raw, percent=True):
            scope.add("so-mo-ho", raw.source, value=cell_text(raw.raw))
            continue
        if typed is None:
            scope.add("khong-phai-so", raw.source, value=cell_text(raw.raw))
            continue
        num, den = mine.get(ratio.numerator), mine.get(ratio.denominator)
        if num is None or den is None or den == 0:
            continue
        computed = fmt.ratio_percent(num, den)
        shown = decimals_of(typed)
        tolerance = Decimal(5) * Decimal(10) ** (-(shown + 1)) + Decimal("1e-9")
        if abs(Decimal(str(typed)) - computed) > tolerance:
            scope.add("ty-le-sai", raw.source, value=fmt.percent(typed, shown),
                      base=fmt.percent(computed, max(ratio.decimals, shown)), detail=ratio.name)
