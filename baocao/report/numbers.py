"""``so.<chỉ tiêu>`` and ``tl.<tỷ lệ>``: a figure as printed (``2.009.345``, ``81,48%``) or the highlighted marker
that names the units whose data is missing; never an empty string or 0. A figure a finding doubts is printed
highlighted with the doubt's note (the one rule for doubt, ``codes.HANDLING``); every figure carries where it
comes from, which the review copy shows as a Word comment."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from ..catalog.entries import Indicator
from ..checks.values import CUTOFF
from ..figures.compute import RatioResult
from ..figures.doubts import Doubt
from ..model import Number, Total, Value
from ..text import fmt
from ..text.cells import decimals_of
from . import provenance
from .builder import Builder


Part = tuple[str, "Callable[[], str] | None"]


class Figure:
    """A figure as printed (``2.009.345``, ``81,48%``) or the marker shown instead of it."""

    gia_tri: Number | Decimal | None
    muc_tieu: str
    dat_muc_tieu: bool | None

    def __init__(self, value: Number | Decimal | None, shown: str, missing: tuple[str, ...] = (),
                 builder: Builder | None = None, per_unit: Callable[[], list[UnitValue]] | None = None,
                 target: tuple[str, bool | None] = ("", None), doubts: tuple[Doubt, ...] = (),
                 source: Callable[[], str] | None = None, units: tuple[str, ...] = (),
                 as_of: tuple[date, ...] = ()):
        self.gia_tri = value
        self.shown = shown
        self.missing = missing
        self._builder = builder
        self._per_unit = per_unit
        self.muc_tieu, self.dat_muc_tieu = target
        self.doubts = doubts
        self._source = source
        self._units = units
        self._as_of = as_of
        self._summed: list[Part] | None = None   # a sum of figures: each one's printed text and where it comes from

    @property
    def theo_don_vi(self) -> list[UnitValue]:
        """The value each unit gave, in units.csv order (``Sở Tư pháp (06 thủ tục)``); built only when a
        template asks, since a national total has thousands of them."""
        return self._per_unit() if self._per_unit else []

    @property
    def tinh_den(self) -> str:
        """The cut-off date of the figure, for ``Tính đến ngày …``: the one its units gave (the earliest when
        they differ), else the period's last day; marked when a unit's cut-off date is doubted."""
        b = self._builder
        assert b is not None
        end = b.dataset.last_day
        day = min(self._as_of) if self._as_of else end
        shown = fmt.short_date(day) if day else ""
        return b.doubted(shown, b.doubts.on(CUTOFF, self._units)) if self._as_of else shown

    @property
    def text(self) -> str:
        """As printed, with no marker and no source: for a template's own arithmetic or comparisons."""
        return self.shown

    def __str__(self) -> str:
        b = self._builder
        if b is None or self.gia_tri is None:
            return self.shown
        printed = b.doubted(self.shown, self.doubts, self._units)
        return str(b.notes.source(printed, self._source)) if self._source else printed

    def __add__(self, other: Figure) -> Figure:
        """``ds.a.count + ds.b.count``: the sum, or a marker naming every unit missing from either."""
        if not isinstance(other, Figure):
            return NotImplemented
        missing = self.missing + other.missing
        if self.gia_tri is None or other.gia_tri is None or missing:
            assert self._builder is not None
            return Figure(None, self._builder.missing(missing), missing, self._builder)
        total = self.gia_tri + other.gia_tri
        shown = fmt.figure(total)
        parts = [*self._parts(), *other._parts()]
        result = Figure(total, shown, (), self._builder, doubts=self.doubts + other.doubts,
                        source=lambda: provenance.sum_text([(t, f() if f else "") for t, f in parts], shown),
                        units=self._units + other._units)
        result._summed = parts
        return result

    def _parts(self) -> list[Part]:
        return self._summed if self._summed is not None else [(self.shown, self._source)]


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


def value_figure(v: Value, b: Builder) -> Figure:
    """One unit's value, from one cell."""
    return Figure(v.value, fmt.figure(v.value), (), b, doubts=tuple(b.doubts.on(v.indicator, [v.unit])),
                  source=lambda: provenance.values_text(b, [v], fmt.figure(v.value)), units=(v.unit,))


def total_view(total: Total, indicator: Indicator, b: Builder, increment: tuple[Number, Number] | None = None
               ) -> Figure:
    """``increment``: (this period's cumulative, last period's) when the figure is the period's growth of a
    cumulative indicator, computed from the history."""
    def units() -> list[UnitValue]:
        return [UnitValue(b.unit_name(v.unit), value_figure(v, b), indicator.unit_of_measure)
                for v in b.values.get(total.indicator, [])]

    if not total.complete:
        missing = missing_units(total, b)
        return Figure(None, b.missing(missing, codes=(total.indicator,)), missing, b, units)
    assert total.value is not None
    if indicator.value_type == "ty-le":
        shown = fmt.percent(total.value, decimals_of(float(total.value)))
    else:
        shown = fmt.figure(total.value)
    own = b.values.get(total.indicator, [])
    counted = b.values.get(indicator.increment_of, []) if increment else own

    def source() -> str:
        if increment:
            return provenance.increment_text(b, counted, increment[0], increment[1], shown)
        return provenance.values_text(b, own, shown, largest=indicator.aggregate == "lon-nhat")

    return Figure(total.value, shown, (), b, units, doubts=tuple(b.doubts.on(total.indicator, total.units, "toan-tinh")),
                  source=source, units=total.units, as_of=tuple(v.as_of for v in counted if v.as_of))


def ratio_view(result: RatioResult, b: Builder) -> Figure:
    num, den = result.numerator, result.denominator
    ratio = result.ratio
    if num.complete and den.complete and result.percent is not None:
        units = tuple(dict.fromkeys(num.units + den.units))
        nums, dens = b.values.get(ratio.numerator, []), b.values.get(ratio.denominator, [])
        assert num.value is not None and den.value is not None
        num_shown, den_shown = fmt.figure(num.value), fmt.figure(den.value)
        return Figure(result.percent, result.text, (), b, target=(ratio.target_text, result.target_met),
                      doubts=tuple(b.doubts.on(ratio.code, units, "toan-tinh")), units=units,
                      source=lambda: provenance.ratio_text(b, nums, dens, num_shown, den_shown, result.text),
                      as_of=tuple(v.as_of for v in (*nums, *dens) if v.as_of))
    missing = tuple(dict.fromkeys(missing_units(num, b) + missing_units(den, b)))
    if missing:
        return Figure(None, b.missing(missing, codes=(ratio.numerator, ratio.denominator)), missing, b)
    return Figure(None, b.notes.marker(f"[không tính được tỷ lệ: {b.names(den.units)} báo tổng số bằng 0]"), (), b)


def missing_units(total: Total, b: Builder) -> tuple[str, ...]:
    if total.complete:
        return ()
    return total.missing or tuple(sorted(b.catalog.expand(b.catalog.indicators[total.indicator].reporters)
                                         - set(total.units)))
