"""Stage 4, outputs: the validation report, the consolidated data, and marked-up copies to send back."""
from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from . import fmt
from .catalog import Catalog
from .compute import Figures
from .findings import Finding, Severity
from .layout import col_letter
from .model import Dataset
from .periods import Period

FONT = "Times New Roman"
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
ERROR_FILL = PatternFill("solid", fgColor="F8CBAD")
WARNING_FILL = PatternFill("solid", fgColor="FFE699")
STATUS_REPORTED, STATUS_MISSING, STATUS_REJECTED = "Đã báo cáo", "Chưa báo cáo", "Tệp bị từ chối"


def _table(ws: Worksheet, title: str, columns: list[tuple[str, int]], rows: list[list]) -> None:
    """A sheet a clerk can filter: title row, bold frozen header, autofilter, sensible widths."""
    ws.cell(row=1, column=1, value=title).font = Font(name=FONT, bold=True, size=14)
    for col, (name, width) in enumerate(columns, start=1):
        cell = ws.cell(row=3, column=col, value=name)
        cell.font = Font(name=FONT, bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[col_letter(col)].width = width
    for r, row in enumerate(rows, start=4):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            cell.font = Font(name=FONT)
            cell.alignment = Alignment(vertical="top", wrap_text=isinstance(value, str) and len(value) > 40)
            if isinstance(value, int) and not isinstance(value, bool):
                cell.number_format = "#,##0"
    ws.freeze_panes = "A4"
    last = max(len(rows) + 3, 4)
    ws.auto_filter.ref = f"A3:{col_letter(len(columns))}{last}"


def unit_status(catalog: Catalog, dataset: Dataset, findings: list[Finding]) -> list[list]:
    """One row per unit: who reported, with how many errors and warnings."""
    errors: Counter[str] = Counter()
    warnings: Counter[str] = Counter()
    for f in findings:
        if f.code == "don-vi-chua-bao-cao":
            continue
        (errors if f.severity is Severity.ERROR else warnings)[f.unit] += 1
    rejected = {}
    for file, unit in dataset.rejected_files.items():
        if unit:
            rejected.setdefault(unit, []).append(file)
    rows = []
    for code, unit in catalog.units.items():
        if code in dataset.accepted_files:
            status, file = STATUS_REPORTED, dataset.accepted_files[code]
        elif code in rejected:
            status, file = STATUS_REJECTED, ", ".join(rejected[code])
        elif unit.required:
            status, file = STATUS_MISSING, ""
        else:
            continue
        rows.append([code, unit.name, unit.kind, status, file, errors[unit.name], warnings[unit.name]])
    for file, unit in dataset.rejected_files.items():
        if not unit:
            rows.append(["", "(không xác định)", "", STATUS_REJECTED, file, errors[""], warnings[""]])
    return rows


def write_validation_report(path: Path, period: Period, catalog: Catalog, dataset: Dataset,
                            findings: list[Finding]) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Lỗi và cảnh báo"
    order = sorted(findings, key=lambda f: (f.severity is not Severity.ERROR, f.unit, f.file, f.sheet, f.cell))
    rows = [[n, f.severity.value, f.code, f.unit, f.file, f.sheet, f.cell, f.value, f.message]
            for n, f in enumerate(order, start=1)]
    _table(ws, f"KẾT QUẢ KIỂM TRA SỐ LIỆU KỲ {period.label} (lập lúc {datetime.now():%H:%M ngày %d/%m/%Y})",
           [("STT", 6), ("Mức độ", 11), ("Mã lỗi", 22), ("Đơn vị", 34), ("Tệp", 30), ("Trang", 12),
            ("Ô", 8), ("Giá trị", 16), ("Nội dung và cách sửa", 90)], rows)
    for r, f in enumerate(order, start=4):
        ws.cell(row=r, column=2).fill = ERROR_FILL if f.severity is Severity.ERROR else WARNING_FILL
    status = unit_status(catalog, dataset, findings)
    _table(wb.create_sheet("Theo đơn vị"), f"TÌNH HÌNH GỬI BÁO CÁO KỲ {period.label}",
           [("Mã đơn vị", 24), ("Tên đơn vị", 44), ("Loại", 10), ("Trạng thái", 16), ("Tệp", 36),
            ("Số lỗi", 9), ("Số cảnh báo", 12)], status)
    wb.save(path)


def write_consolidated(path: Path, period: Period, catalog: Catalog, dataset: Dataset, figures: Figures) -> None:
    wb = Workbook()
    units = catalog.units
    ws = wb.active
    ws.title = "Tổng hợp"
    rows = []
    for code, total in figures.totals.items():
        ind = catalog.indicators[code]
        missing = ", ".join(units[u].short_name for u in total.missing)
        rows.append([code, ind.name, ind.unit_of_measure, "Lũy kế" if ind.cumulative else "Trong kỳ",
                     total.value, len(total.units), missing])
    _table(ws, f"SỐ LIỆU TỔNG HỢP TOÀN TỈNH KỲ {period.label}",
           [("Mã chỉ tiêu", 28), ("Chỉ tiêu", 60), ("Đơn vị tính", 12), ("Loại", 10), ("Tổng", 16),
            ("Số đơn vị báo cáo", 10), ("Đơn vị còn thiếu", 50)], rows)
    rows = [[code, r.ratio.name, r.numerator.value, r.denominator.value, r.text or "(không tính được)",
             r.ratio.target_text, {True: "Đạt", False: "Chưa đạt", None: ""}[r.target_met]]
            for code, r in figures.ratios.items()]
    _table(wb.create_sheet("Tỷ lệ"), "TỶ LỆ TÍNH TỪ SỐ LIỆU",
           [("Mã", 24), ("Tỷ lệ", 60), ("Số đạt", 16), ("Tổng số", 16), ("Tỷ lệ (%)", 12),
            ("Mục tiêu", 20), ("Đánh giá", 10)], rows)
    rows = [[units[v.unit].name, catalog.indicators[v.indicator].name, v.indicator, v.value,
             v.source.file, v.source.sheet, v.source.cell] for v in dataset.values]
    _table(wb.create_sheet("Số liệu từng đơn vị"), "SỐ LIỆU TỪNG ĐƠN VỊ VÀ NGUỒN",
           [("Đơn vị", 36), ("Chỉ tiêu", 60), ("Mã chỉ tiêu", 26), ("Giá trị", 16), ("Tệp", 30),
            ("Trang", 12), ("Ô", 8)], rows)
    rows = [[units[d.unit].name, catalog.lists[d.list_code].name, d.doc_type, d.number,
             fmt.short_date(d.issued) if d.issued else "", d.subject, d.source.file, d.source.cell]
            for d in dataset.documents]
    _table(wb.create_sheet("Văn bản"), "VĂN BẢN ĐÃ BAN HÀNH",
           [("Đơn vị", 30), ("Danh sách", 36), ("Loại", 14), ("Số, ký hiệu", 18), ("Ngày", 12),
            ("Trích yếu", 70), ("Tệp", 26), ("Ô", 8)], rows)
    rows = [[units[i.unit].name, catalog.lists[i.list_code].name, i.text, i.quantity, i.note,
             i.source.file, i.source.cell] for i in dataset.items]
    _table(wb.create_sheet("Danh sách"), "DANH SÁCH",
           [("Đơn vị", 30), ("Danh sách", 36), ("Nội dung", 70), ("Số lượng", 10), ("Ghi chú", 20),
            ("Tệp", 26), ("Ô", 8)], rows)
    rows = [[units[h.unit].name, h.section, h.text, h.footnote, h.source.file, h.source.cell]
            for h in dataset.highlights]
    _table(wb.create_sheet("Nổi bật"), "NỘI DUNG NỔI BẬT THEO MỤC",
           [("Đơn vị", 30), ("Mục", 8), ("Nội dung", 90), ("Chú thích", 50), ("Tệp", 26), ("Ô", 8)], rows)
    wb.save(path)


def write_marked_copy(source: Path, target: Path, findings: list[Finding]) -> None:
    """The unit's own workbook with each bad cell coloured and commented, ready to send back."""
    wb = load_workbook(source)
    general: list[Finding] = []
    for f in findings:
        if f.sheet in wb.sheetnames and f.cell:
            cell = wb[f.sheet][f.cell]
            cell.fill = ERROR_FILL if f.severity is Severity.ERROR else WARNING_FILL
            text = f"[{f.severity.value}] {f.message}"
            if cell.comment:
                text = cell.comment.text + "\n\n" + text
            cell.comment = Comment(text, "Văn phòng thường trực", width=360, height=160)
        else:
            general.append(f)
    if general:
        ws = wb.create_sheet("Cần sửa", 0)
        _table(ws, "NHỮNG NỘI DUNG CẦN SỬA", [("Mức độ", 12), ("Trang", 14), ("Nội dung và cách sửa", 100)],
               [[f.severity.value, f.sheet, f.message] for f in general])
    wb.save(target)
