"""Marked copies ("can sua") to send back: the unit's own workbook with each bad cell coloured and commented."""
from __future__ import annotations

import zipfile
from pathlib import Path

from ..model import Finding, Severity
from ..text.cells import col_letter
from ..text.xstring import header_text, put_text, to_xstring
from .marked import NotDelivered
from .xlsx import ERROR_COLOUR, FONT, WARNING_COLOUR

__all__ = ["NotDelivered", "marked_copy_with_openpyxl", "no_copy_of", "why_unopenable", "write_marked_copy"]


def no_copy_of(file: str, suffix: str) -> str:
    """The summary's line for a unit file with findings that cannot be marked: an .xls or .ods."""
    return (f"Tệp {file} có lỗi nhưng không có bản đánh dấu \"can sua\": công cụ chỉ đánh dấu được tệp .xlsx, không "
            f"đánh dấu được tệp {suffix.lower()}; hãy gửi đơn vị các dòng của tệp này trong tệp kiem-tra, hoặc đề "
            "nghị đơn vị lưu lại thành .xlsx.")


def write_marked_copy(source: Path, target: Path, findings: list[Finding], period: str = "") -> None:
    """The unit's own workbook with each bad cell coloured and commented, ready to send back, and only if it opens
    again (``NotDelivered`` says why not).

    Edited part by part (``marked.py``, a few milliseconds); a layout that module does not handle, or a copy that
    would not open again, is rewritten whole with openpyxl instead."""
    from lxml.etree import XMLSyntaxError

    from .marked import Unsupported, mark_copy

    try:
        mark_copy(source, target, findings, {Severity.ERROR: ERROR_COLOUR, Severity.WARNING: WARNING_COLOUR}, FONT,
                  heading(findings, period))
        if not why_unopenable(target):
            return
    except (Unsupported, XMLSyntaxError, zipfile.BadZipFile, KeyError, ValueError):
        pass
    try:
        marked_copy_with_openpyxl(source, target, findings, period)
    except NotDelivered:
        raise
    except Exception as exc:
        raise NotDelivered(f"Excel của đơn vị có định dạng lạ, không đánh dấu được ({type(exc).__name__})") from exc
    reason = why_unopenable(target)
    if reason:
        raise NotDelivered(reason)


def why_unopenable(path: Path) -> str:
    """Why a copy would not open again, or "": every XML part well-formed (no DOCTYPE), python-calamine reads every
    sheet, openpyxl loads it (the nearest this machine has to Excel)."""
    from lxml import etree
    from python_calamine import CalamineWorkbook

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.endswith((".xml", ".rels", ".vml")):
                    data = z.read(name)
                    if b"<!DOCTYPE" in data[:4096]:
                        return f"phần {name} khai báo DOCTYPE"
                    etree.fromstring(data, parser)
    except (zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        return f"bản đánh dấu không phải XML hợp lệ ({str(exc)[:80]})"
    try:
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python()
    except Exception as exc:
        return f"bản đánh dấu không đọc lại được ({type(exc).__name__})"
    try:
        _load(path)
    except Exception as exc:
        return f"bản đánh dấu không mở lại được bằng openpyxl ({type(exc).__name__})"
    return ""


def _load(path: Path) -> None:
    from openpyxl import load_workbook

    load_workbook(path, read_only=True).close()


def _print_setup(ws: object, title: str) -> None:
    """The "Cần sửa" sheet on paper: A4 landscape, one page wide, its header row on every page, unit and period."""
    from openpyxl.worksheet.properties import PageSetupProperties

    from .marked import GENERAL_HEADER_ROW, PAGE_FOOTER

    ws.page_setup.paperSize, ws.page_setup.orientation = 9, "landscape"  # type: ignore[attr-defined]
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0  # type: ignore[attr-defined]
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)  # type: ignore[attr-defined]
    ws.print_title_rows = f"{GENERAL_HEADER_ROW}:{GENERAL_HEADER_ROW}"  # type: ignore[attr-defined]
    ws.oddHeader.left.text, ws.oddFooter.center.text = header_text(title), PAGE_FOOTER  # type: ignore[attr-defined]


def heading(findings: list[Finding], period: str) -> str:
    """The page header of the printed "Cần sửa" sheet: the unit and the period."""
    unit = next((f.unit_name for f in findings if f.unit_name), "")
    return " - ".join(part for part in (unit, f"Kỳ báo cáo: tháng {period}" if period else "") if part)


def marked_copy_with_openpyxl(source: Path, target: Path, findings: list[Finding], period: str = "") -> None:
    """openpyxl is imported here, in the worker that makes the copies: the monthly job's start is 0,2 s faster."""
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill

    from .marked import AUTHOR, COMMENT_HEIGHT, COMMENT_WIDTH, GENERAL_COLUMNS, GENERAL_SHEET, GENERAL_TITLE

    with zipfile.ZipFile(source) as z:
        if any(b"<!DOCTYPE" in z.read(n)[:4096] for n in z.namelist() if n.endswith((".xml", ".rels"))):
            raise NotDelivered("tệp khai báo DOCTYPE trong XML (không do Excel lập, có thể chứa thực thể XML "
                               "nguy hiểm)")
    error_fill, warning_fill = PatternFill("solid", fgColor=ERROR_COLOUR), PatternFill("solid", fgColor=WARNING_COLOUR)
    wb = load_workbook(source)
    general: list[Finding] = []
    for f in findings:
        if f.sheet in wb.sheetnames and f.cell:
            cell = wb[f.sheet][f.cell]
            cell.fill = error_fill if f.severity is Severity.ERROR else warning_fill
            text = to_xstring(f"[{f.severity.value}] {f.message}")
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
            put_text(ws.cell(row=row, column=2), f.sheet)
            put_text(ws.cell(row=row, column=3), f.message)
            ws.cell(row=row, column=3).alignment = Alignment(vertical="top", wrap_text=True)
        _print_setup(ws, heading(findings, period))
    wb.save(target)
