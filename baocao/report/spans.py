"""The names only a quarter, six or nine months or a year gives its template, beside the month's (same ``so``,
``tl``, ``ds``, ``noi_bat``, ``nhiem_vu``, which hold the span's aggregate):

``ky``: also ``.kieu`` (``quy``, ``6-thang``, ``9-thang``, ``nam``), ``.ten_ngan`` (``quý IV/2025``), ``.den_thang``
(the latest month with data), ``.ky_truoc`` and ``.so_voi`` (the span compared with), ``.thieu`` (a marker naming the
months and units missing, empty when none) · ``tang.<chỉ tiêu>``: a cumulative figure's growth over the span ·
``ky_truoc.so.<chỉ tiêu>``, ``ky_truoc.tl.<tỷ lệ>``: the previous span's figures · ``so_sanh.<chỉ tiêu>``: the change
against it in words (``tăng 47 (188,00%)``) · ``muc_tieu``: the ratios with a target (value, target, Đạt/Chưa đạt) ·
``ket_qua_nhiem_vu``: the tasks due in the span, counted, by lead unit and one by one.

A figure only some months give is printed with a marker saying which months and units it lacks.
"""
from __future__ import annotations

from copy import copy
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from ..catalog.entries import Indicator
from ..figures.plan import LATE, NOT_DONE, ON_TIME, OVERDUE, UNREPORTED, TaskOutcome, lead_name, tally
from ..figures.spans import AT_END, SpanFigures, adds_up
from ..model import Number
from ..periods import month_ranges
from ..text import fmt
from .builder import Builder
from .numbers import Figure, ratio_view, total_view


def _compared(agg: SpanFigures) -> str:
    """``so với quý III/2025``; ``so với cùng kỳ năm 2024`` for six and nine months and the year."""
    previous = agg.span.previous()
    return f"so với {previous.label}" if agg.span.kind == "quy" else f"so với cùng kỳ năm {previous.year}"


def period_extras(agg: SpanFigures, b: Builder) -> dict[str, str]:
    """What ``ky`` says of a span besides its name and dates."""
    span, recorded = agg.span, agg.recorded
    return {"ten_ngan": span.label, "kieu": span.kind,
            "den_thang": f"tháng {recorded[-1].label}" if recorded else "",
            "cac_thang": ", ".join(f"tháng {m.label}" for m in span.months),
            "ky_truoc": span.previous().label, "so_voi": _compared(agg), "dau_ky": f"tháng {span.start.label}",
            "thieu": str(missing_marker(agg, b))}


def missing_marker(agg: SpanFigures, b: Builder) -> Markup:
    """``[Chưa có số liệu tháng 12/2025 …; tháng 10/2025 chưa có báo cáo của: Sở Y tế]``, or nothing."""
    parts = []
    if agg.missing_months:
        months = month_ranges(agg.missing_months)
        last = agg.recorded[-1] if agg.recorded else None
        parts.append(f"Chưa có số liệu tháng {months} (chưa lập báo cáo tháng)"
                     + (f": số lũy kế tính đến hết tháng {last.label}, số trong kỳ chưa gồm tháng {months}" if last
                        else ": chưa tháng nào của kỳ có số liệu"))
    for month, units in agg.missing_units.items():
        if units:
            parts.append(f"tháng {month.label} chưa có báo cáo của: {b.names(units)}")
    return b.notes.marker(f"[{'; '.join(parts)}]") if parts else Markup("")


def _gaps(agg: SpanFigures, code: str, b: Builder) -> list[str]:
    """What a figure lacks in the months the history holds: units whose latest value is from an earlier month, or
    months that lack it (and the units that did not give it)."""
    carried = agg.carried.get(code, {})
    if carried:
        return [f"{b.names([u])} lấy số tháng {m.label}" for u, m in carried.items()]
    return [f"tháng {g.period.label} thiếu {b.names(g.units)}" if g.units else f"tháng {g.period.label} không có"
            for g in agg.partial.get(code, ())]


def mark_partial(agg: SpanFigures, b: Builder, context: dict[str, Any]) -> None:
    """A figure only some months or units give keeps its value, followed by a marker saying what it lacks."""
    for code, figure in context["so"].items():
        gaps = _gaps(agg, code, b)
        if gaps and figure.gia_tri is not None:
            figure.shown += " " + str(b.notes.marker(f"[số liệu chưa đủ: {'; '.join(gaps)}]"))
    for code, figure in context["tl"].items():
        ratio = b.catalog.ratios[code]
        gaps = list(dict.fromkeys(_gaps(agg, ratio.numerator, b) + _gaps(agg, ratio.denominator, b)))
        if gaps and figure.gia_tri is not None:
            figure.shown += " " + str(b.notes.marker(f"[tính từ số liệu chưa đủ: {'; '.join(gaps)}]"))
    for code, view in context["ds"].items():
        if code in agg.partial and view.count.gia_tri is not None:
            view.count.shown += " " + str(b.notes.marker(f"[danh sách chưa đủ: {'; '.join(_gaps(agg, code, b))}]"))


def _number(value: Number | Decimal | None, b: Builder, missing: str) -> Figure:
    if value is None:
        return Figure(None, b.notes.marker(f"[{missing}]"), (), b)
    return Figure(value, fmt.figure(value), (), b)


class Change:
    """``so_sanh.<chỉ tiêu>``: the change against the previous span, in words: ``tăng 47 (188,00%) so với quý
    III/2025``, or a marker when either side is missing."""

    chenh_lech: Figure
    phan_tram: str

    def __init__(self, now: Number | None, before: Number | None, b: Builder, compared: str):
        if now is None or before is None:
            self.chenh_lech = _number(None, b, f"thiếu số liệu để so sánh {compared.removeprefix('so ')}")
            self.phan_tram, self._shown = "", self.chenh_lech.shown
            return
        diff = now - before
        self.chenh_lech = Figure(abs(diff), fmt.figure(abs(diff)), (), b)
        self.phan_tram = fmt.percent(Decimal(abs(diff)) * 100 / Decimal(before), 2) if before else ""
        word = "tăng" if diff > 0 else "giảm" if diff < 0 else "không thay đổi"
        amount = f" {self.chenh_lech}" + (f" ({self.phan_tram})" if self.phan_tram else "") if diff else ""
        self._shown = f"{word}{amount} {compared}"

    def __str__(self) -> str:
        return self._shown


class TargetRow:
    """A row of the year's targets table: the ratio, its value, the plan's target, Đạt / Chưa đạt."""

    stt: int
    ten: str
    ket_qua: Figure
    muc_tieu: str
    danh_gia: str

    def __init__(self, index: int, name: str, value: Figure, target: str, met: bool | None, b: Builder):
        self.stt, self.ten, self.ket_qua, self.muc_tieu = index, name, value, target
        self.danh_gia = {True: "Đạt", False: "Chưa đạt"}.get(met) or str(b.notes.marker("[chưa đánh giá được]"))


class Counts:
    """How many tasks, and how many ended each way (0 is written ``0``, below 10 with a leading zero)."""

    so_nhiem_vu: str
    dung_han: str
    cham: str
    chua_xong: str
    qua_han: str
    chua_bao_cao: str

    def __init__(self, counts: dict[str, int]):
        self.so_nhiem_vu = fmt.figure(sum(counts.values()))
        self.dung_han, self.cham, self.chua_xong, self.qua_han, self.chua_bao_cao = (
            fmt.figure(counts[o]) for o in (ON_TIME, LATE, NOT_DONE, OVERDUE, UNREPORTED))


class LeadRow(Counts):
    """A row of the tasks summary by lead unit."""

    stt: int
    don_vi: str

    def __init__(self, index: int, name: str, counts: dict[str, int]):
        super().__init__(counts)
        self.stt, self.don_vi = index, name


class TaskLine:
    """A task due in the span, for one lead: ``Nhiệm vụ 63.8 (Sở Nông nghiệp và Môi trường; thời hạn: Tháng 9/2025):
    Mô hình điểm … – quá hạn 03 tháng, chưa hoàn thành``."""

    so: str
    noi_dung: str
    chu_tri: str
    thoi_han: str
    ket_qua: str

    def __init__(self, outcome: TaskOutcome, b: Builder):
        self.so, self.noi_dung = outcome.task.number, outcome.task.text.rstrip(". ")
        self.chu_tri = lead_name(b.catalog, outcome.lead)
        self.thoi_han = outcome.task.deadline_text.rstrip(". ")
        months = fmt.count(outcome.months_late)
        self.ket_qua = {OVERDUE: f"quá hạn {months} tháng, chưa hoàn thành",
                        LATE: f"hoàn thành chậm {months} tháng"}.get(outcome.outcome, outcome.label.lower()) \
            if outcome.months_late else outcome.label.lower()

    def __str__(self) -> str:
        return f"Nhiệm vụ {self.so} ({self.chu_tri}; thời hạn: {self.thoi_han}): {self.noi_dung} – {self.ket_qua}"


class TaskSummary(Counts):
    """``ket_qua_nhiem_vu``: the tasks due in the span, each counted once over all its leads, then by lead."""

    theo_don_vi: list[LeadRow]
    danh_sach: list[TaskLine]
    qua_han_chi_tiet: list[TaskLine]

    def __init__(self, agg: SpanFigures, b: Builder):
        overall, leads = tally(b.catalog, agg.task_outcomes)
        super().__init__(overall)
        self.theo_don_vi = [LeadRow(i, t.name, t.counts) for i, t in enumerate(leads, start=1)]
        self.danh_sach = [TaskLine(o, b) for o in agg.task_outcomes]
        self.qua_han_chi_tiet = [TaskLine(o, b) for o in agg.task_outcomes if o.outcome == OVERDUE]

    def __bool__(self) -> bool:
        return bool(self.danh_sach)


def _previous(agg: SpanFigures, b: Builder) -> dict[str, dict[str, Figure]]:
    previous = agg.previous
    label = agg.span.previous().label
    if previous is None:
        def absent() -> Figure:
            return _number(None, b, f"chưa có số liệu {label}")
        return {"so": {code: absent() for code in b.catalog.indicators},
                "tl": {code: absent() for code in b.catalog.ratios}}
    then = copy(b)   # the previous span's figures carry its own months' doubts, not this span's
    then.doubts = previous.figures.doubts
    return {"so": {code: total_view(t, b.catalog.indicators[code], then)
                   for code, t in previous.figures.totals.items()},
            "tl": {code: ratio_view(r, then) for code, r in previous.figures.ratios.items()}}


def _growth(agg: SpanFigures, ind: Indicator, b: Builder) -> Figure:
    """The growth over the span, or a marker saying what it lacks: the month before the span, or some unit's figure
    at either end."""
    value = agg.figures.increments.get(ind.code)
    if value is not None:
        return Figure(value, fmt.figure(value), (), b)
    start, end = agg.start.get(ind.code), agg.figures.totals[ind.code]
    if start is None:
        return _number(None, b, f"chưa tính được số tăng: chưa có số liệu tháng {agg.span.start.label}")
    lacking = [*(start.missing if not start.complete else ()), *(end.missing if not end.complete else ())]
    return Figure(None, b.missing(lacking, "chưa tính được số tăng, thiếu số liệu"), (), b)


def span_names(agg: SpanFigures, b: Builder, context: dict[str, Any]) -> dict[str, Any]:
    """The names a span's template has beyond the month's (``context``: the month's names, already built)."""
    compared = _compared(agg)
    before = agg.previous.figures.totals if agg.previous else {}
    return {
        "tang": {code: _growth(agg, ind, b) for code, ind in b.catalog.indicators.items()
                 if adds_up(ind) == AT_END},
        "ky_truoc": _previous(agg, b),
        "so_sanh": {code: Change(t.value if t.complete else None,
                                 before[code].value if code in before and before[code].complete else None, b, compared)
                    for code, t in agg.figures.totals.items()},
        "muc_tieu": [TargetRow(i, r.ratio.name, context["tl"][code], r.ratio.target_text, r.target_met, b)
                     for i, (code, r) in enumerate(((c, r) for c, r in agg.figures.ratios.items()
                                                    if r.ratio.target is not None), start=1)],
        "ket_qua_nhiem_vu": TaskSummary(agg, b),
    }
