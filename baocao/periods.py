"""Reporting periods: parsing `--ky` and applying the period rule (start day → end day)."""
from __future__ import annotations

import calendar
import re
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


@dataclass(frozen=True)
class Span:
    """A quarterly, 6-month or annual reporting period: consecutive monthly periods under the same rule."""

    label: str
    months: tuple[Period, ...]

    def first_day(self, rule: PeriodRule) -> date:
        return self.months[0].first_day(rule)

    def last_day(self, rule: PeriodRule) -> date:
        return self.months[-1].last_day(rule)


ROMAN = ("I", "II", "III", "IV")


def quarter(year: int, number: int) -> Span:
    """Quý I–IV: with the 16 → 15 rule, quý IV/2025 runs from 16/9/2025 to 15/12/2025 (ND09: 15/9 → 14/12)."""
    if not 1 <= number <= 4:
        raise PeriodError(f"Quý phải từ I đến IV, không phải {number}.")
    return Span(f"quý {ROMAN[number - 1]}/{year}", tuple(Period(year, 3 * number - 2 + i) for i in range(3)))


def half_year(year: int, number: int) -> Span:
    if number not in (1, 2):
        raise PeriodError(f"Báo cáo 6 tháng là 6 tháng đầu năm (1) hoặc cuối năm (2), không phải {number}.")
    label = "6 tháng đầu năm" if number == 1 else "6 tháng cuối năm"
    return Span(f"{label} {year}", tuple(Period(year, 6 * (number - 1) + 1 + i) for i in range(6)))


def year_span(year: int) -> Span:
    return Span(f"năm {year}", tuple(Period(year, m) for m in range(1, 13)))
