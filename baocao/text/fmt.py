"""Every number, percentage and date the users see is formatted here, the Vietnamese way.

Rounding rule: half-up (``81,475`` → ``81,48``), decimals from the catalog.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from babel import Locale

LOCALE = "vi_VN"
_SYMBOLS = Locale.parse(LOCALE).number_symbols["latn"]
_SWAP = str.maketrans({",": _SYMBOLS["group"], ".": _SYMBOLS["decimal"], "-": _SYMBOLS["minusSign"]})


def number(value: int | float | Decimal, decimals: int = 0) -> str:
    """``2009345`` → ``2.009.345``; decimals are rounded half-up.

    The separators are the locale's (from Babel, read once); grouping by three is done by Python's
    format, since Babel's per-call pattern parsing made a national report spend seconds here; a whole number
    shown whole needs no Decimal (the snapshot of a national month formats 23,000 of them)."""
    if decimals == 0 and type(value) is int:
        return f"{value:,}".translate(_SWAP)
    q = round_half_up(value, decimals)
    if q == 0:
        q = abs(q)  # ``-0,00`` reads as an error in a report
    return f"{q:,.{max(decimals, 0)}f}".translate(_SWAP)


def count(value: int) -> str:
    """Counts below 10 get a leading zero in this house style: ``09 Quyết định``."""
    return f"{value:02d}" if 0 <= value < 10 else number(value)


def figure(value: int | float | Decimal) -> str:
    """A figure in the report's running text: ``08``, ``2.009.345``; zero stays ``0`` (not ``00``);
    a non-integer keeps the decimals it was typed with, at most two (``1,5``)."""
    if type(value) is int:   # most figures: no Decimal needed (a national report prints ~37,000)
        return "0" if value == 0 else count(value)
    exact = Decimal(str(value))
    if exact == exact.to_integral_value():
        whole = int(exact)
        return "0" if whole == 0 else count(whole)
    return number(exact, min(2, -exact.normalize().as_tuple().exponent))


def percent(value: float | Decimal | None, decimals: int = 2) -> str:
    """A percentage already in percent units: ``81.4797`` → ``81,48%``."""
    if value is None:
        return ""
    return number(value, decimals) + "%"


def ratio_percent(numerator: float, denominator: float) -> Decimal | None:
    """Count/base in percent, exact; ``None`` for a base of 0 (callers show a marker)."""
    if denominator == 0:
        return None
    return Decimal(str(numerator)) * 100 / Decimal(str(denominator))


def round_half_up(value: int | float | Decimal, decimals: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def short_date(day: date) -> str:
    """In running text: ``16/9/2025`` (as the seed writes dates)."""
    return f"{day.day}/{day.month}/{day.year}"


def moment(when: datetime) -> str:
    """When something happened, in tables: ``20/10/2025 14:05``."""
    return f"{short_date(when)} {when:%H:%M}"


def header_date(day: date) -> str:
    """In the header (ND30): days < 10 and months 1–2 padded: ``ngày 05 tháng 02 năm 2026``."""
    return f"ngày {day.day:02d} {header_month(day.month, day.year)}"


def header_month(month: int, year: int) -> str:
    """``tháng 11 năm 2025``, ``tháng 02 năm 2026`` (ND30 pads months 1–2): a draft's date before the văn thư
    writes the day in (``ngày      tháng 11 năm 2025``)."""
    return f"tháng {month:02d} năm {year}" if month < 3 else f"tháng {month} năm {year}"


QUARTERS = ("I", "II", "III", "IV")


def deadline(kind: str, due: date, before: bool = False) -> str:
    """A deadline as the report names it after "yêu cầu hoàn thành": ``tháng 9/2025``, ``quý II/2025``,
    ``năm 2025``, ``ngày 30/6/2025``; ``before`` (the plan wrote "Trước ngày 15/4/2025", so ``due`` is 14/4)
    gives back the plan's own ``trước ngày 15/4/2025``."""
    if kind == "thang":
        return f"tháng {due.month}/{due.year}"
    if kind == "quy":
        return f"quý {QUARTERS[(due.month - 1) // 3]}/{due.year}"
    if kind == "nam":
        return f"năm {due.year}"
    if before:
        return f"trước ngày {short_date(due + timedelta(days=1))}"
    return f"ngày {short_date(due)}"
