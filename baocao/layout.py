"""The unit form's layout, shared by the form writer and the reader so they cannot drift apart."""
from __future__ import annotations

import re

GUIDE_SHEET = "Hướng dẫn"
INFO_SHEET = "Thông tin"
DATA_SHEET = "Số liệu"
HIGHLIGHT_SHEET = "Nổi bật"
DOC_SHEET = "Văn bản"
LIST_SHEET = "Danh sách"
CHOICES_SHEET = "Danh mục"
REQUIRED_SHEETS = (INFO_SHEET, DATA_SHEET)

# Thông tin: label in column A, value in column B.
INFO_LABELS = {
    "unit_code": "Mã đơn vị",
    "unit_name": "Tên đơn vị",
    "period": "Kỳ báo cáo",
    "first_day": "Từ ngày",
    "last_day": "Đến ngày",
    "version": "Phiên bản mẫu",
    "preparer": "Người lập biểu",
    "phone": "Số điện thoại",
}
INFO_FIRST_ROW = 3

# Số liệu: header on HEADER_ROW, rows below it; column letters.
HEADER_ROW = 4
DATA_COLUMNS = ("STT", "Mã", "Chỉ tiêu", "Đơn vị tính", "Loại số liệu", "Giá trị", "Ghi chú")
CODE_COL, NAME_COL, VALUE_COL, NOTE_COL = 2, 3, 6, 7
RATIO_PREFIX = "tl:"

# Nổi bật / Văn bản / Danh sách: header on row 3, entries below.
TABLE_HEADER_ROW = 3
HIGHLIGHT_COLUMNS = ("STT", "Mục báo cáo", "Nội dung", "Chú thích cuối trang")
DOC_COLUMNS = ("STT", "Danh sách", "Loại văn bản", "Số, ký hiệu", "Ngày ban hành", "Trích yếu")
LIST_COLUMNS = ("STT", "Danh sách", "Nội dung", "Số lượng", "Ghi chú")
EMPTY_ROWS = {HIGHLIGHT_SHEET: 60, DOC_SHEET: 60, LIST_SHEET: 100}

KIND_LABELS = {"luy-ke": "Lũy kế (tính đến nay)", "trong-ky": "Trong kỳ"}

_CHOICE = re.compile(r"\[([^\[\]]+)\]\s*$")


def choice_label(name: str, code: str) -> str:
    """Drop-down entries read as Vietnamese but end with the code: ``Tên [ma]``."""
    return f"{name} [{code}]"


def choice_code(text: str) -> str:
    """The code inside a drop-down entry; a bare code is accepted as typed."""
    m = _CHOICE.search(text)
    return (m.group(1) if m else text).strip()


def col_letter(col: int) -> str:
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def a1(row: int, col: int) -> str:
    """1-based row and column to an A1 reference."""
    return f"{col_letter(col)}{row}"
