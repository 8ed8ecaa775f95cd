"""``tinh_hinh``: who reported, and on time (DHIS2's reporting rate and reporting rate on time), for the report's
own sentences: ``{{ tinh_hinh.dung_han }}/{{ tinh_hinh.phai_gui }} đơn vị gửi báo cáo đúng hạn`` gives
``61/83 đơn vị gửi báo cáo đúng hạn``.

Counts and rates are ``Figure`` objects like ``so.<chỉ tiêu>``: printed the house way (``08``, ``16,87%``), with
``.gia_tri`` the number itself for ``{% if tinh_hinh.chua_gui.gia_tri %}``. Expected units are those ``required``
in units.csv; without a deadline in config.toml every report counts as on time.
"""
from __future__ import annotations

from decimal import Decimal

from ..figures.reporting import GROUP_NAMES, PROVINCE, Rate, over_periods, rates
from ..model import NOT_SENT, REFUSED, SENT_LATE, Reporting
from ..text import fmt
from .builder import Builder
from .numbers import Figure


class RateView:
    """The counts and rates of a group of units: ``phai_gui``, ``da_gui``, ``dung_han``, ``gui_muon``, ``chua_gui``,
    ``ty_le_gui``, ``ty_le_dung_han``; ``ten`` names the group (``xã, phường, đặc khu``)."""

    ten: str
    phai_gui: Figure
    da_gui: Figure
    dung_han: Figure
    gui_muon: Figure
    chua_gui: Figure
    ty_le_gui: Figure
    ty_le_dung_han: Figure

    def __init__(self, rate: Rate, name: str, b: Builder):
        self.ten = name
        self.phai_gui = _count(rate.expected)
        self.da_gui = _count(rate.sent)
        self.dung_han = _count(rate.on_time)
        self.gui_muon = _count(rate.late)
        self.chua_gui = _count(rate.missing)
        self.ty_le_gui = _percent(rate.reporting_rate, b)
        self.ty_le_dung_han = _percent(rate.on_time_rate, b)


class PeriodView(RateView):
    """One period of ``tinh_hinh.cac_ky``: ``ky`` (``9/2025``) and the province's counts and rates."""

    ky: str

    def __init__(self, label: str, rate: Rate, b: Builder):
        super().__init__(rate, GROUP_NAMES[PROVINCE], b)
        self.ky = label


class ReportingView(RateView):
    """The province's counts and rates, and: ``han_gui`` (``17/10/2025``, empty without a deadline), ``theo_loai``
    (``so_nganh``, ``xa``, ``phuong``, ``dac_khu``, ``xa_phuong``: the same for each kind of unit), ``ds_chua_gui``,
    ``ds_gui_muon`` (unit names, units.csv order; a unit whose file was refused has not sent), ``cac_ky`` (each
    period the history holds, oldest first, this one last)."""

    han_gui: str
    theo_loai: dict[str, RateView]
    ds_chua_gui: list[str]
    ds_gui_muon: list[str]
    cac_ky: list[PeriodView]

    def __init__(self, result: Reporting, b: Builder):
        by_group = rates(result)
        super().__init__(by_group[PROVINCE], GROUP_NAMES[PROVINCE], b)
        self.han_gui = fmt.short_date(result.deadline) if result.deadline else ""
        self.theo_loai = {group.replace("-", "_"): RateView(by_group.get(group, Rate(0, 0, 0)), GROUP_NAMES[group], b)
                          for group in GROUP_NAMES if group != PROVINCE}   # every kind, a template names any
        names = b.catalog.units
        self.ds_chua_gui = [names[s.unit].name for s in result.units if s.expected and s.state in (NOT_SENT, REFUSED)]
        self.ds_gui_muon = [names[s.unit].name for s in result.units if s.state == SENT_LATE]
        self.cac_ky = [PeriodView(p.label, rate, b) for p, rate in over_periods(result)]


def reporting_view(result: Reporting | None, b: Builder) -> ReportingView:
    """Without what the pipeline knows of arrivals (a context built by a library caller, or by the template check),
    the same names hold highlighted markers rather than wrong numbers."""
    if result is not None:
        return ReportingView(result, b)
    view = ReportingView(Reporting(b.dataset.period, None), b)
    marker = Figure(None, b.notes.marker("[chưa có tình hình gửi báo cáo]"))
    for group in (view, *view.theo_loai.values(), *view.cac_ky):
        for name in COUNTS:
            setattr(group, name, marker)
    return view


COUNTS = ("phai_gui", "da_gui", "dung_han", "gui_muon", "chua_gui", "ty_le_gui", "ty_le_dung_han")


def _count(n: int) -> Figure:
    return Figure(n, fmt.figure(n))


def _percent(value: Decimal | None, b: Builder) -> Figure:
    if value is None:
        return Figure(None, b.notes.marker("[không tính được tỷ lệ: không có đơn vị phải gửi báo cáo]"))
    return Figure(value, fmt.percent(value, 2))
