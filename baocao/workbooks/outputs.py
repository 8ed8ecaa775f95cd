"""Stage 4, outputs: the validation report, the consolidated data, and marked-up copies to send back."""
from __future__ import annotations

import zipfile
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import rustpy_xlsxwriter as rx

from ..text import fmt
from ..catalog.load import Catalog
from ..figures.compute import Figures
from ..codes import Finding, Severity
from ..intake.layout import STATUS_LABELS, col_letter
from ..model import Dataset
from ..periods import Period

FONT = "Times New Roman"
ERROR_COLOUR, WARNING_COLOUR = "F8CBAD", "FFE699"
STATUS_REPORTED, STATUS_MISSING, STATUS_REJECTED = "Đã báo cáo", "Chưa báo cáo", "Tệp bị từ chối"


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


@dataclass(frozen=True)
class Sheet:
    name: str
    title: str
    columns: list[tuple[str, int]]
    rows: list[list]
    fills: tuple[tuple[str, str, str], ...] = ()  # (column, text the cell starts with, colour)


def _fast_workbook(path: Path, sheets: list[Sheet]) -> None:
    """Write big data sheets with rust_xlsxwriter: openpyxl needs ~0.2 ms a row, 10 s for a national month.

    Same layout as ``_table``: title on row 1, bold filled header on row 3, frozen, filtered, numbers
    with thousands separators."""
    title = rx.Format().set_bold().set_font_size(14).set_font_name(FONT)
    header = rx.Format().set_bold().set_background_color("#D9E1F2").set_font_name(FONT).set_text_wrap()
    whole = rx.Format().set_num_format("#,##0").set_font_name(FONT)
    decimal = rx.Format().set_num_format("#,##0.##").set_font_name(FONT)
    entries, widths, merges, formats, marks = [], {}, {}, {}, {}
    for sheet in sheets:
        names = [name for name, _ in sheet.columns]
        rows = sheet.rows or [[None] * len(names)]  # a header with no rows under it
        entries.append((sheet.name, [dict(zip(names, row)) for row in rows]))
        widths[sheet.name] = [width for _, width in sheet.columns]
        merges[sheet.name] = [(0, 0, 0, len(names) - 1, sheet.title, title)]
        numeric: dict[str, rx.Format] = {}
        for index, name in enumerate(names):
            kinds = {type(row[index]) for row in rows}  # one pass of C-level work per column (no bools: not numbers)
            if int in kinds or float in kinds:
                fractional = float in kinds and not all(row[index].is_integer() for row in rows
                                                        if type(row[index]) is float)
                numeric[name] = decimal if fractional else whole
        formats[sheet.name] = numeric
        for column, start, colour in sheet.fills:  # Excel's LEFT() over a longer length still matches
            marks.setdefault(sheet.name, {}).setdefault(column, []).append(
                {"type": "text", "criteria": "begins_with", "value": start,
                 "format": rx.Format().set_background_color(colour).set_font_name(FONT)})
    rx.write_worksheets(entries, str(path), freeze_panes={"general": {"row": 3, "col": 0}}, column_widths=widths,
                        header_row={"general": 2}, merge_ranges=merges, autofilter={"general": True},
                        bold_headers=True, header_format={"general": header}, column_formats=formats,
                        conditional_formats=marks)


def write_validation_report(path: Path, period: Period, catalog: Catalog, dataset: Dataset,
                            findings: list[Finding]) -> None:
    order = sorted(findings, key=lambda f: (f.severity is not Severity.ERROR, f.unit, f.file, f.sheet, f.cell))
    rows = [[n, f.severity.value, f.code, f.unit, f.file, f.sheet, f.cell, f.value, f.message]
            for n, f in enumerate(order, start=1)]
    severity = (("Mức độ", Severity.ERROR.value, f"#{ERROR_COLOUR}"), ("Mức độ", Severity.WARNING.value, f"#{WARNING_COLOUR}"))
    _fast_workbook(path, [
        Sheet("Lỗi và cảnh báo",
              f"KẾT QUẢ KIỂM TRA SỐ LIỆU KỲ {period.label} (lập lúc {datetime.now():%H:%M ngày %d/%m/%Y})",
              [("STT", 6), ("Mức độ", 11), ("Mã lỗi", 22), ("Đơn vị", 34), ("Tệp", 30), ("Trang", 12),
               ("Ô", 8), ("Giá trị", 16), ("Nội dung và cách sửa", 90)], rows, severity),
        Sheet("Theo đơn vị", f"TÌNH HÌNH GỬI BÁO CÁO KỲ {period.label}",
              [("Mã đơn vị", 24), ("Tên đơn vị", 44), ("Loại", 10), ("Trạng thái", 16), ("Tệp", 36),
               ("Số lỗi", 9), ("Số cảnh báo", 12)], unit_status(catalog, dataset, findings)),
    ])


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
                         STATUS_LABELS[report.status.status],
                         fmt.short_date(report.status.completed_on) if report.status.completed_on else "",
                         fmt.count(overdue.months_late) if overdue else "", report.note, report.source.file,
                         report.source.cell])
    sheets.append(Sheet("Nhiệm vụ", f"TÌNH HÌNH THỰC HIỆN NHIỆM VỤ DO ĐƠN VỊ BÁO CÁO KỲ {period.label}",
           [("Số", 8), ("Nhiệm vụ", 60), ("Đơn vị", 30), ("Tình trạng", 16), ("Ngày hoàn thành", 14),
            ("Số tháng chậm", 10), ("Ghi chú", 40), ("Tệp", 26), ("Ô", 8)], rows))
    _fast_workbook(path, sheets)


def write_marked_copy(source: Path, target: Path, findings: list[Finding]) -> None:
    """The unit's own workbook with each bad cell coloured and commented, ready to send back.

    Edited part by part (``marked.py``, a few milliseconds); a layout that module does not handle is
    rewritten whole with openpyxl instead."""
    from lxml.etree import XMLSyntaxError

    from .marked import Unsupported, mark_copy

    try:
        mark_copy(source, target, findings, {Severity.ERROR: ERROR_COLOUR, Severity.WARNING: WARNING_COLOUR}, FONT)
    except (Unsupported, XMLSyntaxError, zipfile.BadZipFile, KeyError, ValueError):
        _marked_copy_with_openpyxl(source, target, findings)


def _marked_copy_with_openpyxl(source: Path, target: Path, findings: list[Finding]) -> None:
    """openpyxl is imported here, in the worker that makes the copies: the monthly job's start is 0,2 s faster."""
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill

    from .marked import AUTHOR, COMMENT_HEIGHT, COMMENT_WIDTH, GENERAL_COLUMNS, GENERAL_SHEET, GENERAL_TITLE

    error_fill, warning_fill = PatternFill("solid", fgColor=ERROR_COLOUR), PatternFill("solid", fgColor=WARNING_COLOUR)
    wb = load_workbook(source)
    general: list[Finding] = []
    for f in findings:
        if f.sheet in wb.sheetnames and f.cell:
            cell = wb[f.sheet][f.cell]
            cell.fill = error_fill if f.severity is Severity.ERROR else warning_fill
            text = f"[{f.severity.value}] {f.message}"
            if cell.comment:
                text = cell.comment.text + "\n\n" + text
            cell.comment = Comment(text, AUTHOR, width=COMMENT_WIDTH, height=COMMENT_HEIGHT)
        else:
            general.append(f)
    if general:
        ws = wb.create_sheet(GENERAL_SHEET, 0)
        ws["A1"] = GENERAL_TITLE
        ws["A1"].font = Font(name=FONT, bold=True, size=14)
        for col, (name, width) in enumerate(GENERAL_COLUMNS, start=1):
            ws.cell(row=3, column=col, value=name).font = Font(name=FONT, bold=True)
            ws.column_dimensions[col_letter(col)].width = width
        for row, f in enumerate(general, start=4):
            ws.cell(row=row, column=1, value=f.severity.value)
            ws.cell(row=row, column=2, value=f.sheet)
            ws.cell(row=row, column=3, value=f.message).alignment = Alignment(vertical="top", wrap_text=True)
    wb.save(target)
