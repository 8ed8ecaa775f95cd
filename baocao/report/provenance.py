"""Where a printed figure comes from, in the words of the review copy's comments: the unit(s), file, sheet and cell,
and for a ratio, a sum or an increment its arithmetic (``1.444.257 / 1.772.539 = 81,48%; Công an tỉnh,
cong_an_tinh.xlsx, Số liệu!F34–F35``)."""
from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Number, Source, Value
from ..text import fmt
from .builder import Builder

SOURCES_SHOWN = 10     # a national total has thousands of units: the rest are in the consolidated workbook
_ROW = re.compile(r"^([A-Z]+)(\d+)$")


def cells(sources: Sequence[Source]) -> str:
    """``Số liệu!F34–F35`` (two cells of one column, one row apart), ``Số liệu!F34, F40``, ``Văn bản!D5–D13``."""
    by_sheet: dict[str, list[str]] = {}
    for s in sources:
        by_sheet.setdefault(s.sheet, []).append(s.cell)
    parts = []
    for sheet, refs in by_sheet.items():
        refs = [r for r in dict.fromkeys(refs) if r]
        rows = [_ROW.match(r) for r in refs]
        if len(refs) > 1 and all(rows) and len({m.group(1) for m in rows if m}) == 1:
            numbers = [int(m.group(2)) for m in rows if m]
            if numbers == list(range(numbers[0], numbers[0] + len(numbers))):
                refs = [f"{refs[0]}–{refs[-1]}"]
        parts.append(f"{sheet}!{', '.join(refs)}" if refs else sheet)
    return "; ".join(parts)


def where(b: Builder, unit: str, sources: Sequence[Source]) -> str:
    """``Công an tỉnh, cong_an_tinh.xlsx, Số liệu!F34–F35``."""
    files = list(dict.fromkeys(s.file for s in sources))
    return ", ".join([b.unit_name(unit), *files, cells(sources)])


def values_text(b: Builder, values: Sequence[Value], shown: str, largest: bool = False) -> str:
    """One unit's value: where it is; several: each unit's value and where, then how many more."""
    if not values:
        return ""
    if len({v.unit for v in values}) == 1:
        text = where(b, values[0].unit, [v.source for v in values])
        return text + _as_of(values)
    how = "Lớn nhất trong" if largest else "Tổng của"
    listed = [f"{b.unit_name(v.unit)} {fmt.figure(v.value)} ({v.source.file}, {cells([v.source])})"
              for v in values[:SOURCES_SHOWN]]
    rest = len(values) - SOURCES_SHOWN
    more = f"; và {rest} đơn vị khác (xem tệp tong-hop của kỳ)" if rest > 0 else ""
    return f"{how} {len(values)} đơn vị = {shown}: " + "; ".join(listed) + more + _as_of(values)


def _as_of(values: Sequence[Value]) -> str:
    days = sorted({v.as_of for v in values if v.as_of})
    return f"; số liệu tính đến ngày {', '.join(fmt.short_date(d) for d in days)}" if days else ""


def ratio_text(b: Builder, num: Sequence[Value], den: Sequence[Value], num_shown: str, den_shown: str,
               shown: str) -> str:
    """``1.444.257 / 1.772.539 = 81,48%; Công an tỉnh, cong_an_tinh.xlsx, Số liệu!F34–F35``."""
    arithmetic = f"{num_shown} / {den_shown} = {shown}"
    units = {v.unit for v in (*num, *den)}
    if len(units) == 1 and num and den:
        return f"{arithmetic}; {where(b, num[0].unit, [v.source for v in (*num, *den)])}"
    return (f"{arithmetic}; số đạt: {values_text(b, num, num_shown) or 'không có'}; "
            f"tổng số: {values_text(b, den, den_shown) or 'không có'}")


def increment_text(b: Builder, values: Sequence[Value], now: Number, before: Number, shown: str) -> str:
    """A period's growth of a cumulative figure: ``1.049.665 − 986.046 (kỳ 9/2025) = 63.619; …``."""
    earlier = b.dataset.period.previous().label
    return (f"{fmt.figure(now)} − {fmt.figure(before)} (kỳ {earlier}, cơ sở dữ liệu lịch sử) = {shown}; số lũy kế "
            f"kỳ này: {values_text(b, values, fmt.figure(now))}")


def sum_text(parts: Sequence[tuple[str, str]], shown: str) -> str:
    """``01 + 05 + 05 + 09 = 20``, then where each part comes from."""
    arithmetic = " + ".join(text for text, _ in parts) + f" = {shown}"
    return "; ".join([arithmetic, *(src for _, src in parts if src)])
