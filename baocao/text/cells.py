"""Cells as a Vietnamese clerk types them (numbers, percentages, dates) and where they are (A1 references)."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

_GROUPED_DOT = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")   # 1.444.257 or 1.444,5
_GROUPED_COMMA = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")  # 1,444,257 (English Excel)
_PLAIN = re.compile(r"^-?\d+([.,]\d+)?$")
_DATE = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00:00)?$")   # a date cell read back as text


def cell_text(value: object) -> str:
    """Cell text, trimmed and normalised to Unicode NFC (units type in many keyboards)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def parse_number(raw: object) -> float | int | None:
    """A number, or None when the cell does not hold one. Unambiguous Vietnamese text is accepted."""
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        return int(raw) if raw.is_integer() else raw
    if not isinstance(raw, str):
        return None
    s = raw.replace("\u00a0", "").replace(" ", "").strip()
    if _GROUPED_DOT.match(s):
        s = s.replace(".", "").replace(",", ".")
    elif _GROUPED_COMMA.match(s) and s.count(",") > 1:
        s = s.replace(",", "")
    elif _PLAIN.match(s):
        s = s.replace(",", ".")
    else:
        return None
    value = float(s)
    return int(value) if value.is_integer() and "." not in s else value


_ONE_GROUP = re.compile(r"^\d{1,3}([.,])\d{3}%?$")


def ambiguous(raw: object, percent: bool) -> bool:
    """Text like ``1.500`` in a percentage (1,5% or 1.500%?) or ``1,500`` in a count (1.500 or 1,5?)."""
    if not isinstance(raw, str):
        return False
    m = _ONE_GROUP.match(raw.replace("\u00a0", "").replace(" ", "").strip())
    return bool(m) and (percent or m.group(1) == ",")


def parse_percent(raw: object) -> float | None:
    """A percentage in percent units. Excel stores 81,48% as 0.8148; text may carry a % sign."""
    if isinstance(raw, str) and raw.strip().endswith("%"):
        value = parse_number(raw.strip()[:-1])
        return None if value is None else float(value)
    value = parse_number(raw)
    if value is None:
        return None
    return float(typed(float(value)).scaleb(2)) if abs(value) <= 1.0 else float(value)


def typed(value: float | int) -> Decimal:
    """The decimal a cell's number was typed as: a double's shortest ``repr`` is the shortest decimal mapping back
    to it, and every decimal of up to 15 significant digits (all Excel keeps) maps to a distinct double, so
    ``repr`` gives back what the clerk typed (0.5148, not 0.51480000000000003535…). Scaling or adding such
    decimals is exact, where ``0.5148 * 100`` is 51.480000000000004."""
    return Decimal(value) if isinstance(value, int) else Decimal(repr(value))


def typed_sum(values: Iterable[float | int]) -> float | int:
    """A sum as the clerk would add the numbers typed: 0.1 + 0.2 is 0.3 (integers add as integers)."""
    numbers = list(values)
    if all(isinstance(v, int) for v in numbers):
        return sum(numbers)
    return float(sum((typed(v) for v in numbers), Decimal(0)))


def decimals_of(value: float) -> int:
    """Decimals the typist showed: 81.48 → 2, 89 → 0 (after removing float noise)."""
    s = f"{round(value, 6):.6f}".rstrip("0").rstrip(".")
    return len(s.split(".")[1]) if "." in s else 0


def parse_date(raw: object) -> date | None:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        m = _DATE.match(raw.strip())
        iso = _ISO_DATE.match(raw.strip())
        try:
            if m:
                return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            if iso:
                return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            return None
    return None


def col_letter(col: int) -> str:
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def col_number(letters: str | bytes) -> int:
    """``A`` → 1, ``XFD`` → 16384 (letters as text or as the bytes of a sheet's XML)."""
    number = 0
    for letter in letters.encode("ascii") if isinstance(letters, str) else letters:
        number = number * 26 + letter - 64
    return number


def a1(row: int, col: int) -> str:
    """1-based row and column to an A1 reference."""
    return f"{col_letter(col)}{row}"
