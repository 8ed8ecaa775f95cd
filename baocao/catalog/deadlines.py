"""Deadlines as the plans write them ("Trước ngày 15/4/2025", "Quý II/2025", "Thực hiện thường xuyên" …).

A plan states each task's deadline in words. The report needs a date to say whether a task is late
and by how many months, so this module turns the wording into a :class:`Deadline` whose ``due`` is
the last day that still counts as on time. Wording it cannot read is kept as kind
``khong-doc-duoc`` and reported; it is never guessed.

Rules for the due date (the last on-time day):

* ``Trước ngày X`` → X - 1 day: "before X" means done by the end of the day before X.
* ``Từ ngày X`` → X - 1 day: the result must be in place when day X begins.
* ``Ngày X``, ``Trong ngày X``, ``Đến (hết) ngày X``, a bare ``30/6/2025`` → X itself.
* ``(Trong / Đến hết) tháng M/Y`` or a bare ``M/Y`` → the last day of month M; ``quý`` → the last day of the quarter;
  ``năm Y`` → 31/12/Y. ``Trước tháng/quý/năm`` → the last day of the previous month/quarter/year.
* A leading ``Hoàn thành`` / ``Thực hiện`` / ``Phấn đấu`` does not change the date.
* ``Thực hiện thường xuyên`` → recurring, no due date; ``Theo chỉ đạo / lộ trình / hướng dẫn của …`` →
  no fixed date; ``Theo tiến độ của (cơ quan) Trung ương / Bộ / Chính phủ`` → no fixed date either.

One cell may hold several deadlines: list lines (``- Tháng 6/2025: …`` / ``- Tháng 12/2025: …``) or a
parenthesis naming what is completed when (``Thực hiện thường xuyên (Quyết định hoàn thành trong
tháng 03/2025)``). All parts are kept; the earliest dated part governs the task as a whole, because
one status covers the whole task and its first milestone is the first one that can be missed. Other
parentheses (``(gửi về Công an tỉnh …)``, ``(… dự kiến tháng 06/2025)``) are remarks, not deadlines.
"""
from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from ..model import TaskStatus


class Kind(StrEnum):
    """How a deadline is stated; the values are the codes used in data and tests."""

    NGAY = "ngay"
    THANG = "thang"
    QUY = "quy"
    NAM = "nam"
    THUONG_XUYEN = "thuong-xuyen"
    THEO_CHI_DAO = "theo-chi-dao"
    THEO_TIEN_DO_TRUNG_UONG = "theo-tien-do-trung-uong"
    KHONG_DOC_DUOC = "khong-doc-duoc"


FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class DeadlinePart:
    """One deadline of a cell: its kind, last on-time day (if any), wording, and what it is about."""

    kind: Kind
    due: date | None
    text: str
    label: str = ""


@dataclass(frozen=True)
class Deadline:
    """The deadline cell of a task: every part it states, plus remarks in parentheses."""

    text: str
    parts: tuple[DeadlinePart, ...]
    remarks: tuple[str, ...] = ()

    @property
    def readable(self) -> bool:
        return bool(self.parts) and all(p.kind is not Kind.KHONG_DOC_DUOC for p in self.parts)

    @property
    def governing(self) -> DeadlinePart | None:
        """The part that decides lateness: the earliest dated part, else the first part."""
        if not self.readable:
            return None
        dated = [p for p in self.parts if p.due is not None]
        return min(dated, key=lambda p: p.due) if dated else self.parts[0]

    @property
    def kind(self) -> Kind:
        part = self.governing
        return part.kind if part else Kind.KHONG_DOC_DUOC

    @property
    def due(self) -> date | None:
        part = self.governing
        return part.due if part else None


_DATE = r"(\d{1,2})/(\d{1,2})/(\d{4})"
_MONTH = r"(\d{1,2})/(\d{4})"
_QUARTER = r"(i{1,3}|iv|[1-4])/(\d{4})"
_YEAR = r"(\d{4})"
_VERB = r"(?:(?:hoàn thành|thực hiện|phấn đấu)\s+)?"
_BY = r"(?:trong|vào|đến hết|đến|tới hết|tới|từ nay đến hết|chậm nhất là|chậm nhất vào|chậm nhất)\s+"
_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_BARE_DAY = re.compile(_DATE)
_BARE_MONTH = re.compile(_MONTH)
_BEFORE_DAY = re.compile(rf"{_VERB}trước ngày {_DATE}")
_FROM_DAY = re.compile(rf"{_VERB}(?:kể )?từ ngày {_DATE}")
_ON_DAY = re.compile(rf"{_VERB}(?:{_BY})?ngày {_DATE}")
_BEFORE_MONTH = re.compile(rf"{_VERB}trước tháng {_MONTH}")
_IN_MONTH = re.compile(rf"{_VERB}(?:{_BY})?tháng {_MONTH}")
_BEFORE_QUARTER = re.compile(rf"{_VERB}trước quý {_QUARTER}")
_IN_QUARTER = re.compile(rf"{_VERB}(?:{_BY})?quý {_QUARTER}")
_BEFORE_YEAR = re.compile(rf"{_VERB}trước năm {_YEAR}")
_IN_YEAR = re.compile(rf"{_VERB}(?:{_BY})?năm {_YEAR}")
_RECURRING = re.compile(r"(?:thực hiện\s+)?(?:thường xuyên|hằng tháng|hàng tháng|hằng quý|hàng quý|hằng năm|hàng năm)")
_AS_DIRECTED = re.compile(r"theo (?:chỉ đạo|lộ trình|hướng dẫn)\b.*")
_CENTRAL_PACE = re.compile(r"theo tiến độ\b.*\b(?:trung ương|chính phủ|bộ(?! phận))\b.*")
_PAREN = re.compile(r"\(([^()]*)\)")
_MILESTONE = re.compile(r"(?P<label>.*?)\s*(?P<when>(?:hoàn thành|thực hiện xong)\s+.+)")


def parse_deadline(text: str) -> Deadline:
    """Read a deadline cell as written in a plan; unreadable wording yields kind ``khong-doc-duoc``."""
    original = unicodedata.normalize("NFC", text or "").strip()
    remarks: list[str] = []
    extra: list[DeadlinePart] = []
    for inner in _PAREN.findall(original):
        milestone = _MILESTONE.fullmatch(_clean(inner))
        if milestone is None:
            remarks.append(inner.strip())
            continue
        part = _read_part(milestone.group("when"))
        label = _original_span(inner, milestone.group("label"))
        if part is not None and part.due is not None:
            extra.append(DeadlinePart(part.kind, part.due, inner.strip(), label))
        else:
            extra.append(DeadlinePart(Kind.KHONG_DOC_DUOC, None, inner.strip(), label))
    main = _PAREN.sub(" ", original)
    lines = [line.strip() for line in main.splitlines() if line.strip(" \t-+•")]
    parts: list[DeadlinePart] = []
    if "(" in main or ")" in main:
        parts.append(DeadlinePart(Kind.KHONG_DOC_DUOC, None, original))
    else:
        parts.extend(_line_part(line) for line in lines)
    if not parts and not extra:
        parts.append(DeadlinePart(Kind.KHONG_DOC_DUOC, None, original))
    return Deadline(original, tuple(parts + extra), tuple(remarks))


def _line_part(line: str) -> DeadlinePart:
    """One line of a cell; ``Tháng 6/2025: 100% hồ sơ …`` carries a label after the colon."""
    wording = line.lstrip(" \t-+•").strip()
    when, sep, label = wording.partition(":")
    part = _read_part(when) if sep else None
    if part is not None:
        return DeadlinePart(part.kind, part.due, wording, label.strip())
    part = _read_part(wording)
    if part is not None:
        return DeadlinePart(part.kind, part.due, wording)
    return DeadlinePart(Kind.KHONG_DOC_DUOC, None, wording)


def _clean(text: str) -> str:
    """Lower case, single spaces, no trailing punctuation; ``tháng 6 năm 2025`` → ``tháng 6/2025``."""
    s = unicodedata.normalize("NFC", text).replace("\u00a0", " ").lower()
    s = re.sub(r"\s+", " ", s).strip().strip(" .;,:").strip()
    s = re.sub(r"\s*/\s*", "/", s)
    s = re.sub(r"ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})", r"ngày \1/\2/\3", s)
    s = re.sub(r"(tháng|quý) (\w+) năm (\d{4})", r"\1 \2/\3", s)
    return s


def _original_span(inner: str, cleaned_label: str) -> str:
    """The label as written (with its capitals), taken from the start of the parenthesis."""
    words = len(cleaned_label.split())
    return " ".join(inner.split()[:words])


def _read_part(text: str) -> DeadlinePart | None:
    """A single deadline wording, or None when it matches none of the known wordings."""
    s = _clean(text)
    if m := _BEFORE_DAY.fullmatch(s):
        day = _day(*m.groups())
        return _dated(Kind.NGAY, day - timedelta(days=1) if day else None, text)
    if m := _FROM_DAY.fullmatch(s):
        day = _day(*m.groups())
        return _dated(Kind.NGAY, day - timedelta(days=1) if day else None, text)
    if m := _ON_DAY.fullmatch(s) or _BARE_DAY.fullmatch(s):
        return _dated(Kind.NGAY, _day(*m.groups()), text)
    if m := _BEFORE_MONTH.fullmatch(s):
        first = _day("1", *m.groups())
        return _dated(Kind.THANG, first - timedelta(days=1) if first else None, text)
    if m := _IN_MONTH.fullmatch(s) or _BARE_MONTH.fullmatch(s):
        return _dated(Kind.THANG, _month_end(*m.groups()), text)
    if m := _BEFORE_QUARTER.fullmatch(s):
        end = _quarter_end(*m.groups())
        return _dated(Kind.QUY, _quarter_end_before(end) if end else None, text)
    if m := _IN_QUARTER.fullmatch(s):
        return _dated(Kind.QUY, _quarter_end(*m.groups()), text)
    if m := _BEFORE_YEAR.fullmatch(s):
        year = int(m.group(1)) - 1
        return _dated(Kind.NAM, date(year, 12, 31) if FIRST_YEAR <= year <= LAST_YEAR else None, text)
    if m := _IN_YEAR.fullmatch(s):
        year = int(m.group(1))
        return _dated(Kind.NAM, date(year, 12, 31) if FIRST_YEAR <= year <= LAST_YEAR else None, text)
    if _RECURRING.fullmatch(s):
        return DeadlinePart(Kind.THUONG_XUYEN, None, text)
    if _CENTRAL_PACE.fullmatch(s):
        return DeadlinePart(Kind.THEO_TIEN_DO_TRUNG_UONG, None, text)
    if _AS_DIRECTED.fullmatch(s):
        return DeadlinePart(Kind.THEO_CHI_DAO, None, text)
    return None


def _dated(kind: Kind, due: date | None, text: str) -> DeadlinePart:
    """A dated wording whose date does not exist (31/4, tháng 13) is unreadable, not guessed."""
    return DeadlinePart(kind if due else Kind.KHONG_DOC_DUOC, due, text)


def _day(day: str, month: str, year: str) -> date | None:
    if not FIRST_YEAR <= int(year) <= LAST_YEAR:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _month_end(month: str, year: str) -> date | None:
    m, y = int(month), int(year)
    if not 1 <= m <= 12 or not FIRST_YEAR <= y <= LAST_YEAR:
        return None
    return date(y, m, calendar.monthrange(y, m)[1])


def _quarter_end(quarter: str, year: str) -> date | None:
    return _month_end(str(_QUARTERS[quarter] * 3), year)


def _quarter_end_before(end: date) -> date:
    first_month = end.month - 2
    return date(end.year, first_month, 1) - timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months; a month's last day stays the last day (30/9 + 1 → 31/10)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    at_month_end = day.day == calendar.monthrange(day.year, day.month)[1]
    return date(year, month, last if at_month_end else min(day.day, last))


def months_late(due: date, period_end: date) -> int:
    """Months late at the end of a reporting period, as the report writes "chậm tiến độ 01 tháng".

    Rule: every month begun after the due date counts as a whole month, i.e. the smallest ``m`` with
    ``add_months(due, m) >= period_end`` (month ends stay month ends). So a task due 30/9/2025 and
    still open when period 10/2025 ends on 15/10/2025 is 1 month late, one day late is 1 month,
    and nothing is late (0) while ``period_end <= due``. With the province's monthly periods (ending
    on the 15th) this is the number of period ends passed since the due date, i.e. how many monthly
    reports have found the task late; for a month-end due date it is the plain difference of calendar
    months ("tháng 9" → report "tháng 10" = 1), but ``Trước ngày 15/4/2025`` (due 14/4) at 15/10 is 7.
    """
    if period_end <= due:
        return 0
    months = (period_end.year - due.year) * 12 + period_end.month - due.month
    return months if add_months(due, months) >= period_end else months + 1


def is_overdue(deadline: Deadline, status: TaskStatus | str, period_end: date) -> bool:
    """Late at the end of a period: not completed and due before the period end, or completed after the
    due date ("hoàn thành chậm"). Deadlines without a date (recurring, as directed, unreadable) are
    never late; a completion without a date is not judged, because we do not guess it."""
    progress = status if isinstance(status, TaskStatus) else TaskStatus(status)
    due = deadline.due
    if due is None:
        return False
    if progress.completed:
        return progress.completed_on is not None and progress.completed_on > due
    return due < period_end
