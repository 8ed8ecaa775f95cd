"""The unit form's layout, shared by the form writer and the reader so they cannot drift apart."""
from __future__ import annotations

import re

from ..model import STATUS_LABELS
from ..text.xstring import CodeIndex

GUIDE_SHEET = "Hướng dẫn"
INFO_SHEET = "Thông tin"
DATA_SHEET = "Số liệu"
HIGHLIGHT_SHEET = "Nổi bật"
DOC_SHEET = "Văn bản"
LIST_SHEET = "Danh sách"
TASK_SHEET = "Nhiệm vụ"
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
    "cutoff": "Số liệu tính đến ngày",   # since form version 2025.5
}
INFO_FIRST_ROW = 3

# Số liệu: header on HEADER_ROW, rows below it; column letters.
HEADER_ROW = 4
DATA_COLUMNS = ("STT", "Mã", "Chỉ tiêu", "Đơn vị tính", "Loại số liệu", "Giá trị", "Ghi chú", "Tính đến ngày")
CODE_COL, NAME_COL, VALUE_COL, NOTE_COL, AS_OF_COL = 2, 3, 6, 7, 8   # AS_OF_COL: since form version 2025.5
RATIO_PREFIX = "tl:"
# Số liệu's self-check, help for the unit only (the reader never looks right of AS_OF_COL nor at SUMMARY_ROW):
# last period's accepted value, the increment or the live ratio, the row's status; two hidden helper columns (the
# figure as a number, the row's flag) and the summary of the flags above the header.
CHECK_COLUMNS = ("Kỳ trước", "Tăng trong kỳ / tỷ lệ tính được", "Tự kiểm tra")
PREVIOUS_COL, LIVE_COL, NUMBER_COL, FLAG_COL, STATUS_COL = 9, 10, 11, 12, 13   # the status last: its text runs on
                                                                              # into the empty cells on its right
SUMMARY_ROW = 3

# Nổi bật / Văn bản / Danh sách: header on row 3, entries below.
TABLE_HEADER_ROW = 3
HIGHLIGHT_COLUMNS = ("STT", "Mục báo cáo", "Nội dung", "Chú thích cuối trang", "Nhiệm vụ liên quan (nếu có)",
                     "Khóa (nếu Văn phòng đề nghị)")
HIGHLIGHT_TASK_COL, HIGHLIGHT_KEY_COL = 5, 6   # forms before DA06-2025.3 have no key column: read as no key
# Highlight keys several rows of a section share on purpose: the template prints them one by one
# ({%p for h in noi_bat["III"].chung %}, the tasks shared by every unit). Any other key repeated in a section is
# warned about (khoa-trung-lap): printed where the key is named, two rows would run together.
SHARED_HIGHLIGHT_KEYS = frozenset({"chung"})
DOC_COLUMNS = ("STT", "Danh sách", "Loại văn bản", "Số, ký hiệu", "Ngày ban hành", "Trích yếu")
LIST_COLUMNS = ("STT", "Danh sách", "Nội dung", "Số lượng", "Ghi chú", "Khóa (nếu Văn phòng đề nghị)")
LIST_KEY_COL = 6   # forms before DA06-2025.7 have no key column on Danh sách: read as no key
EMPTY_ROWS = {HIGHLIGHT_SHEET: 30, DOC_SHEET: 30, LIST_SHEET: 40}  # a department's form; units may insert more rows
# A commune sends a few entries a month: fewer pre-formatted rows keep 3.321 forms small and quick to read.
COMMUNE_EMPTY_ROWS = 10

KIND_LABELS = {"luy-ke": "Lũy kế (tính đến nay)", "trong-ky": "Trong kỳ"}

# Nhiệm vụ: one row per task the unit leads (header on TABLE_HEADER_ROW); columns 2–5 are written by the
# tool and locked, 6–8 are typed by the unit. Column 2 holds the plan as a drop-down label ``… [kh_3433_2025]``.
TASK_SHEET_COLUMNS = ("STT", "Văn bản giao nhiệm vụ", "Số", "Nhiệm vụ", "Thời hạn hoàn thành", "Tình trạng",
                      "Ngày hoàn thành", "Ghi chú")
TASK_NUMBER_COL, TASK_TEXT_COL, TASK_DEADLINE_COL = 3, 4, 5
TASK_STATUS_COL, TASK_DATE_COL, TASK_NOTE_COL = 6, 7, 8

_CHOICE = re.compile(r"\[([^\[\]]+)\]\s*$")


def form_code(code: str) -> str:
    """A code as the form shows it, ``-`` for ``_`` (``bai-do-xe-thu-phi-ktm``): LibreOffice Calc reads ``_x`` +
    hex digits + ``_`` inside cell text as an escaped character (``bai_do_xe_thu_phi_ktm`` came back as ``bai_do`` +
    U+000E + ``thu_phi_ktm``), and a text without ``_`` holds no such sequence for any suite. The reader maps back
    (``catalog_code``)."""
    return code.replace("_", "-")


def catalog_code(text: str, known: CodeIndex | None) -> str:
    """The catalog's code for a code cell of a form: shown with ``-`` (``form_code``), or damaged by an office suite
    in a form sent out before (``CodeIndex.recognise``); ``tl:`` ratio codes and ``plan:number`` task references
    too. Text that names no known code is kept as typed, for the finding that names it."""
    if not text or known is None:
        return text
    if text.startswith(RATIO_PREFIX):
        return RATIO_PREFIX + catalog_code(text[len(RATIO_PREFIX):], known)
    plan, colon, number = text.partition(":")
    if colon:
        return (known.recognise(plan) or plan) + colon + number
    return known.recognise(text) or text


def choice_label(name: str, code: str) -> str:
    """Drop-down entries read as Vietnamese but end with the code as the form shows it: ``Tên [ma-so]``."""
    return f"{name} [{form_code(code)}]"


def choice_code(text: str) -> str:
    """The code inside a drop-down entry; a bare code is accepted as typed."""
    m = _CHOICE.search(text)
    return (m.group(1) if m else text).strip()


def status_code(text: str) -> str | None:
    """``Hoàn thành`` (any case), ``hoan-thanh`` or ``… [hoan-thanh]`` → ``hoan-thanh``; None if not a status."""
    typed = " ".join(text.split()).casefold()
    for code, label in STATUS_LABELS.items():
        if typed in (label.casefold(), code) or choice_code(text) == code:
            return code
    return None


def task_ref(plan: str, number: str) -> str:
    """How a form names one task of one plan: ``kh_3433_2025:63.8``."""
    return f"{plan}:{number}"
