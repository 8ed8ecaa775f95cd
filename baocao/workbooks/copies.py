"""Marked copies ("can sua") to send back: the unit's own workbook with each bad cell coloured and commented."""
from __future__ import annotations

import zipfile
from pathlib import Path

from ..model import Finding, Severity
from ..text.cells import col_letter
from .xlsx import ERROR_COLOUR, FONT, WARNING_COLOUR


def write_marked_copy(source: Path, target: Path, findings: list[Finding]) -> None:
    """The unit's own workbook with each bad cell coloured and commented, ready to send back.

    Edited part by part (``marked.py``, a few milliseconds); a layout that module does not handle is
    rewritten whole with openpyxl instead."""
    from lxml.etree import XMLSyntaxError

    from .marked import Unsupported, mark_copy

    try:
        mark_copy(source, target, findings, {Severity.ERROR: ERROR_COLOUR, Severity.WARNING: WARNING_COLOUR}, FONT)
    except (Unsupported, XMLSyntaxError, zipfile.BadZipFile, KeyError, ValueError):
        marked_copy_with_openpyxl(source, target, findings)


def marked_copy_with_openpyxl(source: Path, target: Path, findings: list[Finding]) -> None:
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
