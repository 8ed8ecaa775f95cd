"""Reporting periods: parsing `--ky` and applying the period rule (start day → end day); a month, or a span of
months (quarter, six months, nine months, year) reported from the monthly history."""
from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date


class PeriodError(ValueError):
    """The user typed a period we cannot read (exit status 2)."""


@dataclass(frozen=True)
class PeriodRule:
    """Monthly period M runs from start_day of M-1 to end_day of M when start_day > end_day
    (the province's 16 → 15, ND09's 15 → 14); otherwise it is the calendar-like span inside M."""

    start_day: int = 16
    end_day: int = 15


@dataclass(frozen=True, order=True)
class Period:
    year: int
    month: int

    @property
    def key(self) -> str:
        """Folder name: ``2025-10``."""
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        """How the report and the forms write it: ``10/2025``."""
        return f"{self.month}/{self.year}"

    def previous(self) -> Period:
        return Period(self.year - 1, 12) if self.month == 1 else Period(self.year, self.month - 1)

    def next(self) -> Period:
        return Period(self.year + 1, 1) if self.month == 12 else Period(self.year, self.month + 1)

    def first_day(self, rule: PeriodRule) -> date:
        if rule.start_day > rule.end_day:
            prev = self.previous()
            return _clip(prev.year, prev.month, rule.start_day)
        return _clip(self.year, self.month, rule.start_day)

    def last_day(self, rule: PeriodRule) -> date:
        return _clip(self.year, self.month, rule.end_day)

    def deadline(self, rule: PeriodRule, day: int) -> date:
        """The day units must have sent their forms by: the first ``day`` of a month after the period's last day
        (16 → 15 and day 17: period 10/2025 ends 15/10/2025, forms due 17/10/2025; a calendar month and day 5:
        the 5th of the next month)."""
        last = self.last_day(rule)
        due = _clip(last.year, last.month, day)
        if due <= last:
            following = Period(last.year, last.month).next()
            due = _clip(following.year, following.month, day)
        return due


def _clip(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


_SLASH = re.compile(r"^\s*(?:[Tt]háng\s*)?(\d{1,2})\s*/\s*(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})\s*-\s*(\d{1,2})\s*$")


def parse_period(text: str) -> Period:
    """Accept ``10/2025`` and ``2025-10`` (as the CLI contract says)."""
    m = _SLASH.match(text or "")
    if m:
        month, year = int(m.group(1)), int(m.group(2))
    else:
        m = _ISO.match(text or "")
        if not m:
            raise PeriodError(f"Kỳ báo cáo \"{text}\" không hợp lệ. Ghi theo dạng tháng/năm, ví dụ 10/2025 hoặc 2025-10.")
        year, month = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise PeriodError(f"Kỳ báo cáo \"{text}\" không hợp lệ: tháng phải từ 1 đến 12, năm từ 2000 đến 2100.")
    return Period(year, month)


def period_containing(day: date, rule: PeriodRule) -> Period:
    """The period whose span contains ``day`` (forms are sent out for it)."""
    p = Period(day.year, day.month)
    if rule.start_day > rule.end_day and day.day >= rule.start_day:
        return p.next()
    if rule.start_day <= rule.end_day and day.day > rule.end_day:
        return p.next()
    return p


def latest_ended(day: date, rule: PeriodRule) -> Period:
    """The latest period that has ended by ``day``: the one the monthly report is written for."""
    p = period_containing(day, rule)
    return p if p.last_day(rule) <= day else p.previous()


SPAN_MONTHS = {"quy": 3, "6-thang": 6, "9-thang": 9, "nam": 12}
ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class Span:
    """A quarter, six months, nine months or a year: consecutive monthly periods under the same rule, reported
    from the monthly history (``bao-cao --ky Q4/2025``). ``number``: the quarter, or the half of the year."""

    kind: str
    year: int
    number: int = 1

    @property
    def months(self) -> tuple[Period, ...]:
        size = SPAN_MONTHS[self.kind]
        first = {"quy": 3 * self.number - 2, "6-thang": 6 * self.number - 5}.get(self.kind, 1)
        return tuple(Period(self.year, first + i) for i in range(size))

    @property
    def key(self) -> str:
        """Folder name: ``2025-Q4``, ``2025-6T``, ``2025-9T``, ``2025``."""
        half = "" if self.number == 1 else "2"
        return {"quy": f"{self.year:04d}-Q{self.number}", "9-thang": f"{self.year:04d}-9T",
                "6-thang": f"{self.year:04d}-6T{half}", "nam": f"{self.year:04d}"}[self.kind]

    @property
    def label(self) -> str:
        """How the summary and messages write it: ``quý IV/2025``, ``6 tháng đầu năm 2025``, ``năm 2025``."""
        return f"quý {ROMAN[self.number - 1]}/{self.year}" if self.kind == "quy" else self.name

    @property
    def name(self) -> str:
        """How the report's title and subject line write it: ``quý IV năm 2025``, ``6 tháng đầu năm 2025``."""
        if self.kind == "quy":
            return f"quý {ROMAN[self.number - 1]} năm {self.year}"
        if self.kind == "nam":
            return f"năm {self.year}"
        size = SPAN_MONTHS[self.kind]
        return f"{size} tháng {'cuối' if self.number == 2 else 'đầu'} năm {self.year}"

    @property
    def argument(self) -> str:
        """As the clerk types it after ``--ky``: ``Q4/2025``, ``6T/2025``, ``9T/2025``, ``2025``."""
        return {"quy": f"Q{self.number}/{self.year}", "9-thang": f"9T/{self.year}",
                "6-thang": f"6T{'' if self.number == 1 else '2'}/{self.year}", "nam": str(self.year)}[self.kind]

    @property
    def start(self) -> Period:
        """The month before the span: its values are where the span's growth starts from."""
        return self.months[0].previous()

    def previous(self) -> Span:
        """What the span is compared with: the previous quarter; for six months, nine months and the year the same
        span of the year before (``cùng kỳ năm trước``)."""
        if self.kind == "quy":
            return Span("quy", self.year - 1, 4) if self.number == 1 else Span("quy", self.year, self.number - 1)
        return Span(self.kind, self.year - 1, self.number)

    def first_day(self, rule: PeriodRule) -> date:
        return self.months[0].first_day(rule)

    def last_day(self, rule: PeriodRule) -> date:
        return self.months[-1].last_day(rule)


ReportPeriod = Period | Span


def quarter(year: int, number: int) -> Span:
    """Quý I–IV: with the 16 → 15 rule, quý IV/2025 runs from 16/9/2025 to 15/12/2025 (ND09: 15/9 → 14/12)."""
    if not 1 <= number <= 4:
        raise PeriodError(f"Quý phải từ I đến IV, không phải {number}.")
    return Span("quy", year, number)


def half_year(year: int, number: int) -> Span:
    if number not in (1, 2):
        raise PeriodError(f"Báo cáo 6 tháng là 6 tháng đầu năm (1) hoặc cuối năm (2), không phải {number}.")
    return Span("6-thang", year, number)


def nine_months(year: int) -> Span:
    """9 tháng đầu năm: months 1–9 (with 16 → 15: 16/12 of the year before to 15/9)."""
    return Span("9-thang", year)


def year_span(year: int) -> Span:
    return Span("nam", year)


def label(period: ReportPeriod) -> str:
    """``tháng 10/2025``, ``quý IV/2025``, ``năm 2025``: a period of any kind in a sentence."""
    return f"tháng {period.label}" if isinstance(period, Period) else period.label


def argument(period: ReportPeriod) -> str:
    """What to type after ``--ky`` for this period (``10/2025``, ``Q4/2025``)."""
    return period.label if isinstance(period, Period) else period.argument


_QUARTER = re.compile(r"^(?:q|quy|quý)\s*(iv|i{1,3}|\d)\s*[/-]\s*(\d{4})$")
_QUARTER_KEY = re.compile(r"^(\d{4})\s*-\s*q\s*(\d)$")
_MONTHS = re.compile(r"^(6|9)\s*t\s*(2?)\s*[/-]\s*(\d{4})$")
_MONTHS_KEY = re.compile(r"^(\d{4})\s*-\s*(6|9)\s*t\s*(2?)$")
_YEAR = re.compile(r"^(?:(?:nam|năm)\s*[/ -]?\s*)?(\d{4})$")
SPAN_FORMS = "quý Q4/2025 (hoặc quy4/2025), 6 tháng 6T/2025, 9 tháng 9T/2025, năm 2025 (hoặc nam/2025)"


def parse_report_period(text: str) -> ReportPeriod:
    """``--ky`` of ``bao-cao`` and ``kiem-tra``: a month (``10/2025``, ``2025-10``) or a span (``Q4/2025``,
    ``quy4/2025``, ``6T/2025``, ``9T/2025``, ``2025``, ``nam/2025``; the folder names ``2025-Q4`` … read too)."""
    raw = text or ""
    compact = unicodedata.normalize("NFC", raw).strip().lower()
    span = _span(compact, raw)
    if span is not None:
        return span
    if _SLASH.match(raw) or _ISO.match(raw):
        return parse_period(raw)
    raise PeriodError(f"Kỳ báo cáo \"{raw}\" không hợp lệ. Ghi tháng theo dạng tháng/năm (10/2025 hoặc 2025-10), "
                      f"hoặc kỳ dài hơn: {SPAN_FORMS}.")


def _span(text: str, raw: str) -> Span | None:
    m = _QUARTER.match(text)
    if m:
        number = ROMAN.index(m.group(1).upper()) + 1 if m.group(1).isalpha() else int(m.group(1))
        year = m.group(2)
    else:
        m = _QUARTER_KEY.match(text)
        year, number = (m.group(1), int(m.group(2))) if m else ("", 0)
    if m:
        if not 1 <= number <= 4:
            raise PeriodError(f"Kỳ báo cáo \"{raw}\" không hợp lệ: quý phải từ 1 đến 4 (Q1/2025 … Q4/2025).")
        return quarter(_year(year, raw), number)
    m = _MONTHS.match(text) or _MONTHS_KEY.match(text)
    if m:
        year, size, second = (m.group(3), m.group(1), m.group(2)) if m.re is _MONTHS else m.groups()
        if size == "9":
            if second:
                raise PeriodError(f"Kỳ báo cáo \"{raw}\" không hợp lệ: báo cáo 9 tháng là 9 tháng đầu năm (9T/2025).")
            return nine_months(_year(year, raw))
        return half_year(_year(year, raw), 2 if second else 1)
    m = _YEAR.match(text)
    return year_span(_year(m.group(1), raw)) if m else None


def _year(text: str, raw: str) -> int:
    year = int(text)
    if not 2000 <= year <= 2100:
        raise PeriodError(f"Kỳ báo cáo \"{raw}\" không hợp lệ: năm phải từ 2000 đến 2100.")
    return year


def month_ranges(months: tuple[Period, ...] | list[Period]) -> str:
    """``1/2025 – 8/2025, 12/2025``: months in order, consecutive ones as a range."""
    runs: list[list[Period]] = []
    for m in sorted(months):
        if runs and runs[-1][-1].next() == m:
            runs[-1].append(m)
        else:
            runs.append([m])
    return ", ".join(r[0].label if len(r) == 1 else f"{r[0].label} – {r[-1].label}" for r in runs)


def label_of_key(key: str) -> str:
    """A period's folder name (``2025-10``, ``2025-Q4``, ``2025``) as a sentence names it; unknown keys as they are."""
    try:
        return label(parse_report_period(key))
    except PeriodError:
        return key
