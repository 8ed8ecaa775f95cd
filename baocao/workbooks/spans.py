"""The workbooks of a quarter, six or nine months, or a year: the consolidated data (``tong-hop-2025-Q4.xlsx``: the
aggregate with its growth and the previous span, then one sheet per month) and the validation report
(``kiem-tra-2025-Q4.xlsx``: what the span lacks, then what each month's run found)."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

from ..catalog import Catalog
from ..figures.compute import Figures
from ..figures.plan import OUTCOME_LABELS, OUTCOMES, lead_name, tally
from ..figures.spans import AT_END, Gap, SpanFigures, adds_up
from ..model import Dataset, Finding, Number, Severity
from ..periods import Period, PeriodRule
from ..text import fmt
from .communes import ranking_sheets
from .validation import unit_status
from .xlsx import ERROR_COLOUR, WARNING_COLOUR, Sheet, write_sheets

NO_DATA = "(chưa có số liệu)"
HOW = {AT_END: "Giá trị cuối kỳ", "cong-don": "Cộng các tháng"}


def span_title(agg: SpanFigures, rule: PeriodRule) -> str:
    """``QUÝ IV NĂM 2025 (từ 16/9/2025 đến 15/12/2025; chưa có số liệu tháng 12/2025)``."""
    span = agg.span
    lacking = f"; chưa có số liệu tháng {', '.join(m.label for m in agg.missing_months)}" if agg.missing_months else ""
    return (f"{span.name.upper()} (từ {fmt.short_date(span.first_day(rule))} đến "
            f"{fmt.short_date(span.last_day(rule))}{lacking})")


def compared(agg: SpanFigures) -> str:
    """The previous span as a column names it: ``Kỳ trước (quý III/2025, chỉ có tháng 9/2025)``."""
    previous = agg.previous
    name = f"Kỳ trước ({agg.span.previous().label}"
    if previous is not None and previous.missing_months:
        name += f", chỉ có tháng {', '.join(m.label for m in previous.recorded)}"
    return name + ")"


def month_sheet_name(period: Period) -> str:
    return f"Tháng {period.month:02d}-{period.year}"


def gaps_text(agg: SpanFigures, code: str, catalog: Catalog) -> str:
    """``tháng 10/2025: Sở Y tế``: what a figure lacks in the months the history holds, in words (the months it does
    not hold are in every title)."""
    parts: list[str] = []
    carried = agg.carried.get(code, {})
    for gap in agg.partial.get(code, ()):
        if carried:
            parts += [f"{catalog.units[u].short_name}: số tháng {carried[u].label}" for u in gap.units]
        else:
            parts.append(f"tháng {gap.period.label}: " + (_names(catalog, gap) or "không đơn vị nào báo cáo"))
    return "; ".join(parts)


def _names(catalog: Catalog, gap: Gap) -> str:
    return ", ".join(catalog.units[u].short_name if u in catalog.units else u for u in gap.units)


def _change(now: Number | Decimal | None, before: Number | Decimal | None) -> tuple[object, object]:
    if now is None or before is None:
        return None, None
    diff = now - before
    return diff, (round(float(diff) / float(before) * 100, 2) if before else None)


def _aggregate_sheet(agg: SpanFigures, catalog: Catalog, rule: PeriodRule) -> Sheet:
    fig, previous = agg.figures, agg.previous
    rows = []
    for code, total in fig.totals.items():
        ind = catalog.indicators[code]
        before = previous.figures.totals[code].value if previous else None
        change, percent = _change(total.value, before)
        rows.append([code, ind.name, ind.unit_of_measure, "Lũy kế" if ind.cumulative else "Trong kỳ",
                     HOW[adds_up(ind)], total.value, fig.previous.get(code) if adds_up(ind) == AT_END else None,
                     fig.increments.get(code), before, change, percent, gaps_text(agg, code, catalog),
                     ", ".join(catalog.units[u].short_name for u in total.missing)])
    return Sheet("Tổng hợp", f"SỐ LIỆU TỔNG HỢP TOÀN TỈNH {span_title(agg, rule)}",
                 [("Mã chỉ tiêu", 26), ("Chỉ tiêu", 56), ("Đơn vị tính", 12), ("Loại", 10), ("Cách tính", 16),
                  (agg.span.label[0].upper() + agg.span.label[1:], 16),
                  (f"Đầu kỳ (tháng {agg.span.start.label})", 16), ("Tăng trong kỳ", 14), (compared(agg), 16),
                  ("Tăng/giảm so với kỳ trước", 16), ("Tăng/giảm (%)", 10), ("Tháng, đơn vị còn thiếu", 50),
                  ("Đơn vị chưa có số liệu cả kỳ", 36)], rows)


def _ratio_sheet(agg: SpanFigures, catalog: Catalog, rule: PeriodRule) -> Sheet:
    rows = []
    for code, r in agg.figures.ratios.items():
        before = agg.previous.figures.ratios[code].percent if agg.previous else None
        change, _ = _change(r.percent, before)
        partial = "; ".join(t for t in (gaps_text(agg, r.ratio.numerator, catalog),
                                        gaps_text(agg, r.ratio.denominator, catalog)) if t)
        rows.append([code, r.ratio.name, r.numerator.value, r.denominator.value, r.text or "(không tính được)",
                     fmt.percent(before, r.ratio.decimals) if before is not None else "",
                     float(change) if change is not None else None, r.ratio.target_text,
                     {True: "Đạt", False: "Chưa đạt", None: ""}[r.target_met], partial])
    return Sheet("Tỷ lệ", f"TỶ LỆ TÍNH TỪ SỐ LIỆU TỔNG HỢP {span_title(agg, rule)}",
                 [("Mã", 24), ("Tỷ lệ", 56), ("Số đạt", 16), ("Tổng số", 16), ("Tỷ lệ (%)", 12),
                  (compared(agg), 14), ("Chênh lệch (điểm %)", 12), ("Mục tiêu", 24),
                  ("Đánh giá", 10), ("Tháng, đơn vị còn thiếu", 50)], rows)


def _month_sheet(period: Period, figures: Figures | None, catalog: Catalog, rule: PeriodRule) -> Sheet:
    title = (f"SỐ LIỆU THÁNG {period.label} (từ {fmt.short_date(period.first_day(rule))} đến "
             f"{fmt.short_date(period.last_day(rule))})")
    columns = [("Mã", 26), ("Chỉ tiêu, tỷ lệ", 60), ("Đơn vị tính", 12), ("Giá trị", 16), ("Số đơn vị báo cáo", 10),
               ("Đơn vị còn thiếu", 44)]
    if figures is None:
        return Sheet(month_sheet_name(period), title, columns,
                     [["", f"Chưa có số liệu tháng {period.label}: chưa lập báo cáo tháng (lệnh bao-cao --ky "
                           f"{period.label}).", "", None, None, ""]])
    units = catalog.units
    rows = [[code, catalog.indicators[code].name, catalog.indicators[code].unit_of_measure, t.value, len(t.units),
             ", ".join(units[u].short_name for u in t.missing)] for code, t in figures.totals.items()]
    rows += [[f"tl:{code}", r.ratio.name, "%", r.text or "(không tính được)", None, ""]
             for code, r in figures.ratios.items()]
    return Sheet(month_sheet_name(period), title, columns, rows)


def _months_sheet(agg: SpanFigures, runs: dict[Period, tuple[int, str]], catalog: Catalog, rule: PeriodRule) -> Sheet:
    rows = []
    for m in agg.span.months:
        run = runs.get(m)
        absent = agg.missing_units.get(m, ())
        rows.append([f"Tháng {m.label}", fmt.short_date(m.first_day(rule)), fmt.short_date(m.last_day(rule)),
                     "Đã có số liệu" if run else "Chưa có số liệu",
                     f"lần chạy số {run[0]}, lúc {datetime.fromisoformat(run[1]):%H:%M ngày %d/%m/%Y}" if run else "",
                     ", ".join(catalog.units[u].short_name for u in absent) if run else ""])
    return Sheet("Các tháng", f"CÁC THÁNG CỦA {span_title(agg, rule)}",
                 [("Tháng", 14), ("Từ ngày", 12), ("Đến ngày", 12), ("Tình trạng", 16),
                  ("Số liệu lấy từ lần chạy bao-cao gần nhất", 36), ("Đơn vị chưa báo cáo", 60)], rows)


def _units_sheet(agg: SpanFigures, catalog: Catalog, months: dict[Period, Dataset]) -> Sheet:
    """Unit × month: who reported, month by month (the validation report's 'Theo đơn vị', over the span)."""
    statuses = {m: {row[0]: row[3] for row in unit_status(catalog, months[m], [])} for m in agg.recorded}
    rows = []
    for code, unit in catalog.units.items():
        cells = [statuses[m].get(code, "") if m in statuses else NO_DATA for m in agg.span.months]
        if any(cells) and set(cells) != {NO_DATA}:
            reported = sum(1 for m in agg.recorded if code in months[m].accepted_files)
            rows.append([code, unit.name, *cells, reported])
    return Sheet("Theo đơn vị", f"TÌNH HÌNH GỬI BÁO CÁO {agg.span.name.upper()} THEO THÁNG",
                 [("Mã đơn vị", 22), ("Tên đơn vị", 40), *((f"Tháng {m.label}", 14) for m in agg.span.months),
                  ("Số tháng đã báo cáo", 10)], rows)


def _entries_sheets(agg: SpanFigures, catalog: Catalog) -> list[Sheet]:
    units = catalog.units
    docs = [[units[d.unit].name, catalog.lists[d.list_code].name, d.doc_type, d.number,
             fmt.short_date(d.issued) if d.issued else "", d.subject, d.source.file] for d in agg.dataset.documents]
    items = [[units[i.unit].name, catalog.lists[i.list_code].name, i.text, i.quantity, i.note, i.source.file]
             for i in agg.dataset.items]
    highlights = [[f"Tháng {agg.highlight_months[h].label}", units[h.unit].name, h.section, h.text, h.footnote,
                   h.source.file] for h in agg.dataset.highlights]
    return [
        Sheet("Văn bản", "VĂN BẢN ĐÃ BAN HÀNH TRONG KỲ (MỖI VĂN BẢN MỘT LẦN)",
              [("Đơn vị", 30), ("Danh sách", 36), ("Loại", 14), ("Số, ký hiệu", 18), ("Ngày", 12), ("Trích yếu", 70),
               ("Tệp", 26)], docs),
        Sheet("Danh sách", "DANH SÁCH (MỖI MỤC MỘT LẦN, THEO THÁNG GẦN NHẤT)",
              [("Đơn vị", 30), ("Danh sách", 36), ("Nội dung", 70), ("Số lượng", 10), ("Ghi chú", 20), ("Tệp", 26)],
              items),
        Sheet("Nổi bật", "NỘI DUNG NỔI BẬT THEO MỤC, THEO THÁNG",
              [("Tháng", 14), ("Đơn vị", 30), ("Mục", 8), ("Nội dung", 90), ("Chú thích", 50), ("Tệp", 26)],
              highlights),
    ]


def _task_sheets(agg: SpanFigures, catalog: Catalog) -> list[Sheet]:
    rows = [[o.task.number, o.task.text, lead_name(catalog, o.lead), o.task.deadline_text,
             fmt.short_date(o.due) if o.due else "", o.label, o.months_late or None,
             "; ".join(f"{catalog.units[r.unit].short_name}: {r.status.label}"
                       + (f" ngày {fmt.short_date(r.status.completed_on)}" if r.status.completed_on else "")
                       for r in o.reports)] for o in agg.task_outcomes]
    overall, leads = tally(catalog, agg.task_outcomes)
    tally_rows = [[t.name, t.total, *(t.counts[o] for o in OUTCOMES)] for t in leads]
    tally_rows.append(["Tổng số nhiệm vụ (mỗi nhiệm vụ một lần)", sum(overall.values()),
                       *(overall[o] for o in OUTCOMES)])
    return [
        Sheet("Nhiệm vụ", f"NHIỆM VỤ ĐẾN HẠN TRONG {agg.span.name.upper()}",
              [("Số", 8), ("Nhiệm vụ", 60), ("Đơn vị chủ trì", 30), ("Thời hạn", 24), ("Hạn (ngày)", 12),
               ("Kết quả", 24), ("Số tháng chậm", 10), ("Tình trạng đơn vị báo cáo", 50)], rows),
        Sheet("Theo đơn vị chủ trì", f"KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO ĐƠN VỊ CHỦ TRÌ {agg.span.name.upper()}",
              [("Đơn vị chủ trì", 40), ("Số nhiệm vụ", 10), *((OUTCOME_LABELS[o], 14) for o in OUTCOMES)],
              tally_rows),
    ]


def write_span_consolidated(path: Path, agg: SpanFigures, catalog: Catalog, months: dict[Period, Dataset],
                            runs: dict[Period, tuple[int, str]], rule: PeriodRule) -> None:
    """The aggregate first, then the span's months one sheet each, then who reported, the entries and the tasks."""
    sheets = [_aggregate_sheet(agg, catalog, rule), _ratio_sheet(agg, catalog, rule), _months_sheet(agg, runs, catalog, rule)]
    sheets += [_month_sheet(m, agg.months.get(m), catalog, rule) for m in agg.span.months]
    sheets.append(_units_sheet(agg, catalog, months))
    sheets += _entries_sheets(agg, catalog) + _task_sheets(agg, catalog)
    sheets += ranking_sheets(catalog, agg.dataset, agg.span.name.upper())
    write_sheets(path, sheets, heading=f"Tổng hợp số liệu {agg.span.name}")


def write_span_validation(path: Path, agg: SpanFigures, catalog: Catalog, months: dict[Period, Dataset],
                          findings: list[Finding], month_findings: dict[Period, list[Finding]]) -> None:
    """What the span lacks (no month: the span's own findings), then what each month's latest run found."""
    def key(f: Finding) -> tuple:
        return (f.severity is not Severity.ERROR, f.unit_name, f.file, f.sheet, f.cell)

    ordered = [("", f) for f in sorted(findings, key=key)]
    ordered += [(f"Tháng {m.label}", f) for m in agg.span.months for f in sorted(month_findings.get(m, []), key=key)]
    rows = [[n, month, f.severity.value, f.code, f.unit_name, f.file, f.sheet, f.cell, f.value, f.message]
            for n, (month, f) in enumerate(ordered, start=1)]
    severity = (("Mức độ", Severity.ERROR.value, f"#{ERROR_COLOUR}"),
                ("Mức độ", Severity.WARNING.value, f"#{WARNING_COLOUR}"))
    write_sheets(path, [
        Sheet("Lỗi và cảnh báo", f"KẾT QUẢ KIỂM TRA SỐ LIỆU {agg.span.name.upper()} "
                                 f"(lập lúc {datetime.now():%H:%M ngày %d/%m/%Y})",
              [("STT", 6), ("Tháng", 14), ("Mức độ", 11), ("Mã lỗi", 24), ("Đơn vị", 34), ("Tệp", 30), ("Trang", 12),
               ("Ô", 8), ("Giá trị", 16), ("Nội dung và cách sửa", 90)], rows, severity),
        _units_sheet(agg, catalog, months),
    ], heading=f"Kiểm tra số liệu {agg.span.name}")

