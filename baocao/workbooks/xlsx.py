"""Big workbooks written fast with rust_xlsxwriter (rustpy-xlsxwriter): openpyxl needs ~0.2 ms a row, 12 s for a
national month, this under 1 s. Every sheet has the same layout: title, header, frozen panes, filters."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import rustpy_xlsxwriter as rx

from ..text.xstring import header_text

FONT = "Times New Roman"
ERROR_COLOUR, WARNING_COLOUR = "F8CBAD", "FFE699"
# Printed as a clerk prints a list to work from: A4 landscape, every column on the page, the header on each page.
PRINTED = {"landscape": True, "paper_size": 9, "fit_to_pages": (1, 0), "repeat_rows": (0, 2),
           "footer": "&CTrang &P/&N"}


@dataclass(frozen=True)
class Sheet:
    name: str
    title: str
    columns: list[tuple[str, int]]
    rows: list[list]
    fills: tuple[tuple[str, str, str], ...] = ()  # (column, text the cell starts with, colour)
    wrap: tuple[str, ...] = ()   # columns whose text wraps (long messages), the rows made tall enough to print
    chart: dict | None = None    # an Excel chart beside the table (rust_xlsxwriter's options)


def write_sheets(path: Path, sheets: list[Sheet], heading: str = "") -> None:
    """Write big data sheets with rust_xlsxwriter: openpyxl needs ~0.2 ms a row, 10 s for a national month.

    Title on row 1, bold filled header on row 3, frozen, filtered, numbers with thousands separators; printed
    with ``heading`` (what the workbook is and its period) and the sheet's name in the page header."""
    title = rx.Format().set_bold().set_font_size(14).set_font_name(FONT)
    header = rx.Format().set_bold().set_background_color("#D9E1F2").set_font_name(FONT).set_text_wrap()
    whole = rx.Format().set_num_format("#,##0").set_font_name(FONT)
    decimal = rx.Format().set_num_format("#,##0.##").set_font_name(FONT)
    wrapped = rx.Format().set_text_wrap().set_align("top").set_font_name(FONT)
    entries, widths, merges, formats, marks, heights = [], {}, {}, {}, {}, {}
    charts = {sheet.name: [sheet.chart] for sheet in sheets if sheet.chart}
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
        numeric.update({name: wrapped for name in sheet.wrap})
        formats[sheet.name] = numeric
        heights[sheet.name] = row_heights(sheet, names)
        for column, start, colour in sheet.fills:  # Excel's LEFT() over a longer length still matches
            marks.setdefault(sheet.name, {}).setdefault(column, []).append(
                {"type": "text", "criteria": "begins_with", "value": start,
                 "format": rx.Format().set_background_color(colour).set_font_name(FONT)})
    rx.write_worksheets(entries, str(path), freeze_panes={"general": {"row": 3, "col": 0}}, column_widths=widths,
                        header_row={"general": 2}, merge_ranges=merges, autofilter={"general": True},
                        bold_headers=True, header_format={"general": header}, column_formats=formats,
                        conditional_formats=marks, page_setup={"general": printed(heading)}, row_heights=heights,
                        charts=charts or None)


LINE_HEIGHT, CHARS_PER_WIDTH = 15.0, 1.3   # points a line of 11 pt text needs; characters a unit of width holds


def row_heights(sheet: Sheet, names: list[str]) -> dict[int, float]:
    """Rows tall enough for their wrapped text (0-based, data from the fourth row): no spreadsheet program sizes
    the rows of a file it opens, and a wrapped message would print over the next one."""
    widths = dict(sheet.columns)
    columns = [(names.index(name), max(1, int(widths[name] * CHARS_PER_WIDTH))) for name in sheet.wrap]
    heights = {}
    for number, row in enumerate(sheet.rows, start=3):
        lines = max((-(-len(str(row[i] or "")) // per_line) for i, per_line in columns), default=1)
        if lines > 1:
            heights[number] = lines * LINE_HEIGHT
    return heights


def printed(heading: str) -> dict:
    """``PRINTED`` with ``heading`` left and the sheet's name right in the page header (``&`` doubled: it starts a
    code there)."""
    return {**PRINTED, "header": f'&L&"{FONT},Italic"&9{header_text(heading)}&R&"{FONT},Italic"&9&A'}
