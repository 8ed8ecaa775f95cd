"""The consolidated workbook (``tong-hop-<kỳ>.xlsx``): province totals, ratios, and every accepted value, document,
list item, highlight and task status with the file and cell it came from."""
from __future__ import annotations

from pathlib import Path

from ..catalog import Catalog
from ..figures.compute import Figures
from ..model import Dataset
from ..periods import Period
from ..text import fmt
from .communes import ranking_sheets
from .status import rate_sheets
from .xlsx import Sheet, write_sheets


def write_consolidated(path: Path, period: Period, catalog: Catalog, dataset: Dataset, figures: Figures) -> None:
    """Totals, ratios and every value with its source: tens of thousands of rows at national scale."""
    units = catalog.units
    sheets: list[Sheet] = []
    rows = []
    for code, total in figures.totals.items():
        ind = catalog.indicators[code]
        missing = ", ".join(units[u].short_name for u in total.missing)
        rows.append([code, ind.name, ind.unit_of_measure, "Lũy kế" if ind.cumulative else "Trong kỳ",
                     total.value, len(total.units), missing])
    sheets.append(Sheet("Tổng hợp", f"SỐ LIỆU TỔNG HỢP TOÀN TỈNH KỲ {period.label}",
           [("Mã chỉ tiêu", 28), ("Chỉ tiêu", 60), ("Đơn vị tính", 12), ("Loại", 10), ("Tổng", 16),
            ("Số đơn vị báo cáo", 10), ("Đơn vị còn thiếu", 50)], rows))
    rows = [[code, r.ratio.name, r.numerator.value, r.denominator.value, r.text or "(không tính được)",
             r.ratio.target_text, {True: "Đạt", False: "Chưa đạt", None: ""}[r.target_met]]
            for code, r in figures.ratios.items()]
    sheets.append(Sheet("Tỷ lệ", "TỶ LỆ TÍNH TỪ SỐ LIỆU",
           [("Mã", 24), ("Tỷ lệ", 60), ("Số đạt", 16), ("Tổng số", 16), ("Tỷ lệ (%)", 12),
            ("Mục tiêu", 20), ("Đánh giá", 10)], rows))
    rows = [[units[v.unit].name, catalog.indicators[v.indicator].name, v.indicator, v.value,
             v.source.file, v.source.sheet, v.source.cell] for v in dataset.values]
    sheets.append(Sheet("Số liệu từng đơn vị", "SỐ LIỆU TỪNG ĐƠN VỊ VÀ NGUỒN",
           [("Đơn vị", 36), ("Chỉ tiêu", 60), ("Mã chỉ tiêu", 26), ("Giá trị", 16), ("Tệp", 30),
            ("Trang", 12), ("Ô", 8)], rows))
    rows = [[units[d.unit].name, catalog.lists[d.list_code].name, d.doc_type, d.number,
             fmt.short_date(d.issued) if d.issued else "", d.subject, d.source.file, d.source.cell]
            for d in dataset.documents]
    sheets.append(Sheet("Văn bản", "VĂN BẢN ĐÃ BAN HÀNH",
           [("Đơn vị", 30), ("Danh sách", 36), ("Loại", 14), ("Số, ký hiệu", 18), ("Ngày", 12),
            ("Trích yếu", 70), ("Tệp", 26), ("Ô", 8)], rows))
    rows = [[units[i.unit].name, catalog.lists[i.list_code].name, i.text, i.quantity, i.note,
             i.source.file, i.source.cell] for i in dataset.items]
    sheets.append(Sheet("Danh sách", "DANH SÁCH",
           [("Đơn vị", 30), ("Danh sách", 36), ("Nội dung", 70), ("Số lượng", 10), ("Ghi chú", 20),
            ("Tệp", 26), ("Ô", 8)], rows))
    rows = [[units[h.unit].name, h.section, h.text, h.footnote, h.source.file, h.source.cell]
            for h in dataset.highlights]
    sheets.append(Sheet("Nổi bật", "NỘI DUNG NỔI BẬT THEO MỤC",
           [("Đơn vị", 30), ("Mục", 8), ("Nội dung", 90), ("Chú thích", 50), ("Tệp", 26), ("Ô", 8)], rows))
    rows = []
    for result in figures.tasks:
        late = dict(result.late)
        for report in result.reports:
            overdue = late.get(report.unit)
            rows.append([result.task.number, result.task.text, units[report.unit].name,
                         report.status.label,
                         fmt.short_date(report.status.completed_on) if report.status.completed_on else "",
                         fmt.count(overdue.months_late) if overdue else "", report.note, report.source.file,
                         report.source.cell])
    sheets.append(Sheet("Nhiệm vụ", f"TÌNH HÌNH THỰC HIỆN NHIỆM VỤ DO ĐƠN VỊ BÁO CÁO KỲ {period.label}",
           [("Số", 8), ("Nhiệm vụ", 60), ("Đơn vị", 30), ("Tình trạng", 16), ("Ngày hoàn thành", 14),
            ("Số tháng chậm", 10), ("Ghi chú", 40), ("Tệp", 26), ("Ô", 8)], rows))
    if figures.reporting is not None:
        sheets += rate_sheets(catalog, figures.reporting)
    sheets += ranking_sheets(catalog, dataset, f"KỲ {period.label}")
    write_sheets(path, sheets, heading=f"Tổng hợp số liệu kỳ {period.label}")
