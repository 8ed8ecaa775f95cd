"""``so.<chỉ tiêu>`` and ``tl.<tỷ lệ>``: a figure as printed (``2.009.345``, ``81,48%``) or the highlighted marker
that names the units whose data is missing; never an empty string or 0."""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from ..catalog.entries import Indicator
from ..figures.compute import RatioResult
from ..model import Number, Total
from ..text import fmt
from ..text.cells import decimals_of
from .builder import Builder


class Figure:
    """A figure as printed (``2.009.345``, ``81,48%``) or the marker shown instead of it."""

    gia_tri: Number | Decimal | None
    muc_tieu: str
    dat_muc_tieu: bool | None

    def __init__(self, value: Number | Decimal | None, shown: str, missing: tuple[str, ...] = (),
                 builder: Builder | None = None, per_unit: Callable[[], list[UnitValue]] | None = None,
                 target: tuple[str, bool | None] = ("", None)):
        self.gia_tri = value
        self.shown = shown
        self.missing = missing
        self._builder = builder
        self._per_unit = per_unit
        self.muc_tieu, self.dat_muc_tieu = target

    @property
    def theo_don_vi(self) -> list[UnitValue]:
        """The value each unit gave, in units.csv order (``Sở Tư pháp (06 thủ tục)``); built only when a
        template asks, since a national total has thousands of them."""
        return self._per_unit() if self._per_unit else []

    def __str__(self) -> str:
        return self.shown

    def __add__(self, other: Figure) -> Figure:
        """``ds.a.count + ds.b.count``: the sum, or a marker naming every unit missing from either."""
        if not isinstance(other, Figure):
            return NotImplemented
        missing = self.missing + other.missing
        if self.gia_tri is None or other.gia_tri is None or missing:
            assert self._builder is not None
            return Figure(None, self._builder.missing(missing), missing, self._builder)
        total = self.gia_tri + other.gia_tri
        return Figure(total, fmt.figure(total), (), self._builder)


class UnitValue:
    """One unit's own value of a summed indicator, for footnotes that break a total down by unit."""

    don_vi: str
    so: Figure

    def __init__(self, name: str, value: Figure, unit_of_measure: str):
        self.don_vi = name
        self.so = value
        self._measure = unit_of_measure

    def __str__(self) -> str:
        return f"{self.don_vi} ({self.so} {self._measure})".replace(" )", ")")


def total_view(total: Total, indicator: Indicator, b: Builder) -> Figure:
    def units() -> list[UnitValue]:
        return [UnitValue(b.catalog.units[v.unit].name, Figure(v.value, fmt.figure(v.value)), indicator.unit_of_measure)
                for v in b.values.get(total.indicator, [])]

    if not total.complete:
        missing = missing_units(total, b)
        return Figure(None, b.missing(missing), missing, b, units)
    assert total.value is not None
    if indicator.value_type == "ty-le":
        shown = fmt.percent(total.value, decimals_of(float(total.value)))
    else:
        shown = fmt.figure(total.value)
    return Figure(total.value, shown, (), b, units)


def ratio_view(result: RatioResult, b: Builder) -> Figure:
    num, den = result.numerator, result.denominator
    if num.complete and den.complete and result.percent is not None:
        return Figure(result.percent, result.text, (), b, target=(result.ratio.target_text, result.target_met))
    missing = tuple(dict.fromkeys(missing_units(num, b) + missing_units(den, b)))
    if missing:
        return Figure(None, b.missing(missing), missing, b)
    return Figure(None, b.notes.marker(f"[không tính được tỷ lệ: {b.names(den.units)} báo tổng số bằng 0]"), (), b)


def missing_units(total: Total, b: Builder) -> tuple[str, ...]:
    if total.complete:
        return ()
    return total.missing or tuple(sorted(b.catalog.expand(b.catalog.indicators[total.indicator].reporters)
                                         - set(total.units)))
