"""Who has and has not reported (``tinh-hinh-<kỳ>.xlsx``), for phoning or e-mailing reminders; and the reporting
rates the consolidated workbook carries too: per unit kind, and per unit over the periods the history holds."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..catalog import Catalog
from ..catalog.units import KIND_NAMES
from ..figures.reporting import GROUP_NAMES, PROVINCE, Rate, over_periods, rates, unit_rates
from ..model import NOT_SENT, REFUSED, SENT, SENT_LATE, SENT_ON_TIME, STATE_LABELS, Reporting, UnitStatus
from ..periods import Period
from ..text import fmt
from .xlsx import ERROR_COLOUR, WARNING_COLOUR, Sheet, write_sheets

ORDER = (NOT_SENT, REFUSED, SENT_LATE, SENT, SENT_ON_TIME)    # whom to call first
GROUPS = ("so-nganh", "xa", "phuong", "dac-khu", "xa-phuong", PROVINCE)
FILLS = (("Tình trạng", STATE_LABELS[NOT_SENT], f"#{ERROR_COLOUR}"),
         ("Tình trạng", STATE_LABELS[REFUSED], f"#{ERROR_COLOUR}"),
         ("Tình trạng", STATE_LABELS[SENT_LATE], f"#{WARNING_COLOUR}"))
SHORT = {SENT_ON_TIME: "Đúng hạn", SENT_LATE: "Muộn", SENT: "Đã gửi", REFUSED: "Bị từ chối", NOT_SENT: "Chưa gửi"}


def write_status(path: Path, period: Period, catalog: Catalog, result: Reporting, made: datetime) -> None:
    write_sheets(path, [unit_sheet(period, catalog, result, made)] + rate_sheets(catalog, result),
                 heading=f"Tình hình gửi báo cáo kỳ {period.label}")


def deadline_text(result: Reporting) -> str:
    return f"hạn gửi {fmt.short_date(result.deadline)}" if result.deadline else "chưa đặt hạn gửi"


def unit_sheet(period: Period, catalog: Catalog, result: Reporting, made: datetime) -> Sheet:
    """Every expected unit, those to remind first: not sent, refused, late; then those received."""
    order = {state: n for n, state in enumerate(ORDER)}
    listed = sorted(enumerate(result.units), key=lambda item: (order[item[1].state], item[0]))
    rows = [_unit_row(n, catalog, s, result) for n, (_, s) in enumerate(listed, start=1)]
    rows += [[len(rows) + n, "(không xác định được đơn vị)", STATE_LABELS[REFUSED], "", None, "", "", "", file,
              "không đọc được mã đơn vị: xem tệp kiem-tra", "", ""]
             for n, file in enumerate(result.unknown_files, start=1)]
    return Sheet("Tình hình gửi báo cáo",
                 f"TÌNH HÌNH GỬI BÁO CÁO KỲ {period.label} ({deadline_text(result)}; lập lúc {made:%H:%M} ngày "
                 f"{fmt.short_date(made)})",
                 [("STT", 5), ("Tên đơn vị", 34), ("Tình trạng", 15), ("Nhận lúc", 15), ("Số ngày muộn", 8),
                  ("Người liên hệ", 22), ("Số điện thoại", 14), ("Email", 22), ("Tệp", 26), ("Ghi chú", 30),
                  ("Loại", 12), ("Mã đơn vị", 22)], rows, FILLS)


def _unit_row(n: int, catalog: Catalog, s: UnitStatus, result: Reporting) -> list:
    unit = catalog.units[s.unit]
    days_late = (s.received.date() - result.deadline).days if s.late and s.received and result.deadline else None
    notes = []
    if s.refused:
        notes.append(f"tệp không dùng được: {', '.join(s.refused)} (xem tệp kiem-tra)")
    if not unit.required:
        notes.append("không bắt buộc báo cáo")
    return [n, unit.name, s.label, fmt.moment(s.received) if s.received else "", days_late, s.contact, s.phone,
            s.email, s.file, "; ".join(notes), KIND_NAMES[unit.kind], s.unit]


def rate_sheets(catalog: Catalog, result: Reporting) -> list[Sheet]:
    """Reporting and on-time rates by unit kind, the province's over the periods, and each unit's over them."""
    by_group = rates(result)
    kinds = [_rate_row(GROUP_NAMES[g], by_group[g]) for g in GROUPS if g in by_group]
    periods = over_periods(result)
    kinds += [_rate_row(f"toàn tỉnh, kỳ {p.label}", rate) for p, rate in periods[:-1]]
    columns = [("Đơn vị", 30), ("Phải gửi", 10), ("Đã gửi", 10), ("Tỷ lệ gửi", 11), ("Đúng hạn", 10),
               ("Tỷ lệ đúng hạn", 11), ("Gửi muộn", 10), ("Chưa gửi", 10)]
    title = f"TỶ LỆ GỬI BÁO CÁO KỲ {result.period.label} ({deadline_text(result)})"
    return [Sheet("Tỷ lệ gửi báo cáo", title, columns, kinds), _per_unit_sheet(catalog, result, [p for p, _ in periods])]


def _rate_row(name: str, rate: Rate) -> list:
    return [name, rate.expected, rate.sent, fmt.percent(rate.reporting_rate), rate.on_time,
            fmt.percent(rate.on_time_rate), rate.late, rate.missing]


def _per_unit_sheet(catalog: Catalog, result: Reporting, periods: list[Period]) -> Sheet:
    """Each unit period after period: who reports late month after month."""
    now = {s.unit: s.state for s in result.units}
    overall = unit_rates(result)
    rows = []
    for s in result.units:
        states = [result.past.get(p, {}).get(s.unit, NOT_SENT) for p in periods[:-1]] + [now[s.unit]]
        rate = overall[s.unit]
        rows.append([catalog.units[s.unit].name, *[SHORT[state] for state in states], rate.sent, rate.on_time,
                     fmt.percent(rate.reporting_rate), fmt.percent(rate.on_time_rate)])
    columns = [("Đơn vị", 40)] + [(f"Kỳ {p.label}", 11) for p in periods] + [
        ("Số kỳ đã gửi", 10), ("Số kỳ đúng hạn", 10), ("Tỷ lệ gửi", 11), ("Tỷ lệ đúng hạn", 11)]
    span = f"KỲ {periods[0].label}" if len(periods) == 1 else f"CÁC KỲ TỪ {periods[0].label} ĐẾN {periods[-1].label}"
    return Sheet("Từng đơn vị qua các kỳ", f"TÌNH HÌNH GỬI BÁO CÁO CỦA TỪNG ĐƠN VỊ, {span}", columns, rows)
