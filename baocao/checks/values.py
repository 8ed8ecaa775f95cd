"""Rules on the Số liệu sheet of one unit's file: each figure is a number of the right kind, required figures are
given, and a percentage the unit typed matches its own count and base.

Pure functions of the file and the catalog (no I/O, no shared state): the reading workers run them.
"""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from ..catalog.entries import Indicator
from ..codes import emits
from ..intake.layout import AS_OF_COL, DATA_SHEET, INFO_SHEET
from ..model import Cell, Source, Submission, Value
from ..text import fmt
from ..text.cells import ambiguous, cell_text, col_letter, decimals_of, parse_date, parse_number, parse_percent
from .scope import Scope

CUTOFF_DAYS_AFTER = 15     # a cut-off up to this many days after the period's end is plausible (report 146: +5)
CUTOFF = "ngay_chot"       # what a cut-off finding is about: the "tính đến ngày" dates printed for the unit's figures


@emits("chi-tieu-khong-xac-dinh", "thieu-so-lieu", "so-mo-ho", "khong-phai-so", "so-am", "ty-le-khong-hop-le",
       "khong-phai-so-nguyen")
def figures(scope: Scope, sub: Submission, span: tuple[date, date] | None = None) -> None:
    """Each figure of the unit's own indicators, with its cut-off date (its own, else the form's); a bad or
    missing one is left out of the totals (``failed``)."""
    own = {i.code: i for i in scope.catalog.indicators_for(scope.unit_code)}
    form_cutoff = cutoff(scope, sub.info_cells.get("cutoff", ""),
                         Source(sub.file, INFO_SHEET, sub.info_at.get("cutoff", "")), span)
    seen: set[str] = set()
    for raw in sub.values:
        ind = own.get(raw.code)
        if ind is None:
            scope.add("chi-tieu-khong-xac-dinh", raw.source, value=raw.code)
            continue
        seen.add(ind.code)
        if raw.raw is None or cell_text(raw.raw) == "":
            if ind.required:
                scope.add("thieu-so-lieu", raw.source, detail=ind.name, about=(ind.code,))
                scope.dataset.failed.add((scope.unit_code, ind.code))
            continue
        number = _number(scope, ind, raw.raw, raw.source)
        if number is None:
            scope.dataset.failed.add((scope.unit_code, ind.code))
            continue
        as_of = form_cutoff
        if cell_text(raw.as_of):
            row = raw.source.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
            where = Source(raw.source.file, raw.source.sheet, col_letter(AS_OF_COL) + row)
            as_of = cutoff(scope, raw.as_of, where, span) or form_cutoff
        scope.dataset.values.append(Value(scope.unit_code, ind.code, number, raw.source, as_of))
    for ind in own.values():
        if ind.required and ind.code not in seen:
            scope.add("thieu-so-lieu", Source(sub.file, DATA_SHEET), detail=ind.name, about=(ind.code,))
            scope.dataset.failed.add((scope.unit_code, ind.code))


@emits("ngay-khong-hop-le", "ngay-chot-bat-thuong")
def cutoff(scope: Scope, raw: Cell, where: Source, span: tuple[date, date] | None) -> date | None:
    """A cut-off date ("Số liệu tính đến ngày"): None when not given or unreadable; one far from the period is
    kept with a warning (the draft marks the dates it prints from it)."""
    if not cell_text(raw):
        return None
    day = parse_date(raw)
    if day is None:
        scope.add("ngay-khong-hop-le", where, value=cell_text(raw), about=(CUTOFF,), note=f"ngày chốt “{cell_text(raw)}”")
        return None
    if span is not None and not span[0] <= day <= span[1] + timedelta(days=CUTOFF_DAYS_AFTER):
        window = f"{fmt.short_date(span[0])} – {fmt.short_date(span[1] + timedelta(days=CUTOFF_DAYS_AFTER))}"
        scope.add("ngay-chot-bat-thuong", where, value=fmt.short_date(day), base=window,
                  about=(CUTOFF,), note=f"tính đến ngày {fmt.short_date(day)}, kỳ từ "
                                                     f"{fmt.short_date(span[0])} đến {fmt.short_date(span[1])}")
    return day


@emits("so-mo-ho", "khong-phai-so", "so-am", "ty-le-khong-hop-le", "khong-phai-so-nguyen")
def _number(scope: Scope, ind: Indicator, raw: Cell, source: Source) -> int | float | None:
    """The cell as a number of the indicator's kind, or None after a finding says why it is not one."""
    percent = ind.value_type == "ty-le"
    number = parse_percent(raw) if percent else parse_number(raw)
    about = (ind.code,)
    if ambiguous(raw, percent=percent):
        scope.add("so-mo-ho", source, value=cell_text(raw), about=about)
    elif number is None:
        scope.add("khong-phai-so", source, value=cell_text(raw), about=about)
    elif number < 0:
        scope.add("so-am", source, value=fmt.number(number, decimals_of(float(number))), about=about)
    elif percent and number > 100:
        scope.add("ty-le-khong-hop-le", source, value=fmt.percent(number, decimals_of(number)), about=about)
    elif ind.value_type == "so-nguyen" and number != int(number):
        scope.add("khong-phai-so-nguyen", source, value=fmt.number(number, decimals_of(float(number))), about=about)
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
