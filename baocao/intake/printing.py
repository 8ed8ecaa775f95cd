"""The unit form on paper: units print it, have the head of the unit sign and stamp it, and send the scan.

Every sheet prints on A4, one page wide (rows run on to further pages), with its header rows on every page, the
unit and the period in the page header, ``Trang N/M`` in the footer, and only its own cells; the hidden helper
sheet is never printed. The sheet a unit signs (Số liệu) ends with the signature block of a Vietnamese reporting
form; the reader never looks at it (it has nothing in the code column).
"""
from __future__ import annotations

from openpyxl.styles import Alignment
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from ..text.cells import col_letter
from ..text.xstring import header_text
from .layout import INFO_FIRST_ROW, INFO_LABELS, INFO_SHEET
from .styles import FONT, font

PREPARER_ROW = INFO_FIRST_ROW + list(INFO_LABELS).index("preparer")
SIGNATURE_GAP = 4   # empty rows left for the signatures and the stamp


def set_printing(ws: Worksheet, heading: tuple[str, str], title_rows: int, landscape: bool) -> None:
    """A4, one page wide, the first ``title_rows`` rows on every page, ``heading`` (unit, period) in the page
    header, page numbers in the footer, the print area limited to the sheet's cells."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.7
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = f"1:{title_rows}"
    unit, period = (header_text(t) for t in heading)
    for part, text in ((ws.oddHeader.left, unit), (ws.oddHeader.right, period), (ws.oddFooter.center, "Trang &P/&N")):
        part.text, part.font, part.size = text, f"{FONT},Italic", 9
    ws.print_area = f"A1:{col_letter(ws.max_column)}{ws.max_row}"


LINE_HEIGHT = 15.75   # points: a line of 12 pt Times New Roman
CHARS_PER_WIDTH = 1.15   # characters of 12 pt Times New Roman a unit of column width holds, on average


def fit_rows(ws: Worksheet) -> None:
    """Rows tall enough for their wrapped text. Neither Excel nor LibreOffice sizes the rows of a file it opens, so
    a task of three lines printed over the next task; the height is estimated from the text and column width."""
    widths = {letter: dim.width for letter, dim in ws.column_dimensions.items() if dim.width}
    for row in ws.iter_rows():
        lines = 1
        for cell in row:
            if (isinstance(cell.value, str) and cell.data_type != "f" and cell.alignment.wrap_text
                    and cell.coordinate not in ws.merged_cells):
                per_line = max(1, int(widths.get(cell.column_letter, 8.43) * CHARS_PER_WIDTH))
                lines = max(lines, sum(-(-max(len(part), 1) // per_line) for part in cell.value.split("\n")))
        if lines > 1 and ws.row_dimensions[row[0].row].height is None:
            ws.row_dimensions[row[0].row].height = lines * LINE_HEIGHT


def add_signatures(ws: Worksheet, left: tuple[int, int], right: tuple[int, int]) -> None:
    """The signature block under the sheet's last row: place and date, NGƯỜI LẬP BIỂU (whose name, typed on the
    Thông tin sheet, appears under the space for the signature) and THỦ TRƯỞNG ĐƠN VỊ; ``left`` and ``right`` are
    the (first, last) columns of each half. Nothing goes in the code column: the reader skips these rows."""
    top = ws.max_row + 2
    _line(ws, top, right, "……………, ngày …… tháng …… năm ……", italic=True)
    _line(ws, top + 1, left, "NGƯỜI LẬP BIỂU", bold=True)
    _line(ws, top + 1, right, "THỦ TRƯỞNG ĐƠN VỊ", bold=True)
    _line(ws, top + 2, left, "(Ký, ghi rõ họ tên)", italic=True)
    _line(ws, top + 2, right, "(Ký, ghi rõ họ tên, đóng dấu)", italic=True)
    name = f"'{INFO_SHEET}'!B{PREPARER_ROW}"
    _line(ws, top + 3 + SIGNATURE_GAP, left, f'=IF({name}="","",{name})', bold=True)


def _line(ws: Worksheet, row: int, columns: tuple[int, int], text: str, bold: bool = False,
          italic: bool = False) -> None:
    first, last = columns
    cell = ws.cell(row=row, column=first, value=text)
    cell.font = font(bold=bold, italic=italic)
    cell.alignment = Alignment(horizontal="center", vertical="center")
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
