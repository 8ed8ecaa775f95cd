"""The form checks itself: Excel formulas beside each figure of the Số liệu sheet, so a unit sees its mistakes
before it sends the file, not a week later in a "cần sửa" copy (DHIS2 validates at data entry the same way).

Beside each figure: last period's accepted value from the history (cumulative figures), the increment or the
ratio computed live, and a status naming what to look at: a required figure left empty, parts that do not add up
to their total (the sum shown: ``1.074 + 392 = 1.466 ≠ 1.224``), a count above its base, a cumulative figure
below last period's, an increment that is not the difference of the cumulative figures, a typed percentage that
is not the count over its base. Above the header, a summary counts the rows to look at. Every relation comes from
the catalog (relations.csv, ratios.csv, indicators.csv's increment_of): no indicator has code of its own.

The formulas use only functions Excel 2010, LibreOffice Calc and WPS Spreadsheets share (IF, IFERROR, ISNUMBER,
COUNT, SUM, VALUE, TRIM, SUBSTITUTE, FIND, LEFT, MID, LEN, FIXED, ROUND, ABS, OR, CHAR), none whose result depends
on the computer's language setting. The checks are help, never the authority: the tool's own validation judges the
file, and its reader never looks at these columns.
"""
from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from ..catalog import Catalog
from ..catalog.entries import Indicator
from ..model import Number
from ..text.cells import col_letter
from .layout import (CHECK_COLUMNS, FLAG_COL, HEADER_ROW, LIVE_COL, NAME_COL, NUMBER_COL, PREVIOUS_COL, STATUS_COL,
                     SUMMARY_ROW, VALUE_COL)
from .styles import BOX, FONT, HEADER_FILL, READ_ONLY_FILL, font

ALARM_FILL = PatternFill("solid", fgColor="FFC7CE")
ALARM_FONT = Font(name=FONT, size=12, color="9C0006")
GOOD_FILL = PatternFill("solid", fgColor="C6EFCE")
GOOD_FONT = Font(name=FONT, size=12, bold=True, color="006100")
WIDTHS = {PREVIOUS_COL: 14, LIVE_COL: 15, STATUS_COL: 40}
MISSING_FILL = PatternFill("solid", fgColor="FFEB9C")
MISSING_FONT = Font(name=FONT, size=11, color="9C5700")
NOTHING_WRONG = "Đã đủ, không phát hiện lỗi"
UNREADABLE = "Không đọc được số: chỉ nhập chữ số"
REQUIRED = "Chưa nhập (bắt buộc)"
_NUM, _V = col_letter(NUMBER_COL), col_letter(VALUE_COL)


@dataclass
class DataRows:
    """Where the form writer put each figure of Số liệu: an indicator's row, a typed ratio's row."""

    indicators: dict[str, int] = field(default_factory=dict)
    ratios: dict[str, int] = field(default_factory=dict)
    numbers: dict[int, int] = field(default_factory=dict)   # row → the STT the clerk sees in column A

    def stt(self, code: str) -> int:
        return self.numbers[self.indicators[code]]


def summary_text(flagged: int) -> str:
    return NOTHING_WRONG if flagged == 0 else f"Còn {flagged} chỗ cần xem lại"


def add_checks(ws: Worksheet, catalog: Catalog, unit: str, rows: DataRows, previous: Mapping[str, Number],
               previous_label: str) -> dict[str, object]:
    """The check columns and the summary; returns each formula's value for the form as written blank (the values
    a viewer that does not calculate shows)."""
    own = {i.code: i for i in catalog.indicators_for(unit)}
    _headers(ws, previous_label)
    cached: dict[str, object] = {}
    for code, row in rows.indicators.items():
        ind = own[code]
        if ind.cumulative:
            shown = FORMATS[ind.value_type]
            _cell(ws, row, PREVIOUS_COL, _as_cell(previous.get(code), ind.value_type), shown)
            _cell(ws, row, LIVE_COL, f"=IF(COUNT({_NUM}{row},{_ref(PREVIOUS_COL, row)})=2,"
                                     f"{_NUM}{row}-{_ref(PREVIOUS_COL, row)},\"\")", shown)
        else:
            _cell(ws, row, PREVIOUS_COL, None, None)
            _cell(ws, row, LIVE_COL, None, None)
        _formula(ws, row, NUMBER_COL, _number(f"{_V}{row}", ind.value_type))
        _status(ws, row, _indicator_checks(catalog, ind, row, rows), ind.required)
        cached.update(_blank(row, REQUIRED if ind.required else ""))
    for code, row in rows.ratios.items():
        ratio = catalog.ratios[code]
        num, den = (f"{_NUM}{rows.indicators[c]}" for c in (ratio.numerator, ratio.denominator))
        _cell(ws, row, PREVIOUS_COL, None, None)
        _cell(ws, row, LIVE_COL, f"=IF(COUNT({num},{den})=2,IF({den}=0,\"\",{num}/{den}),\"\")", "0.00%")
        _formula(ws, row, NUMBER_COL, _number(f"{_V}{row}", "ty-le"))
        _status(ws, row, [_typed_ratio(row)], required=False)
        cached.update(_blank(row, ""))
    first, last = HEADER_ROW + 1, max([*rows.indicators.values(), *rows.ratios.values(), HEADER_ROW + 1])
    cached[f"C{SUMMARY_ROW}"] = summary_text(sum(1 for v in cached.values() if v == REQUIRED))
    _summary(ws, first, last)
    for col in (NUMBER_COL, FLAG_COL):
        ws.column_dimensions[col_letter(col)].hidden = True
    return cached


FORMATS = {"so-nguyen": "#,##0", "so-thuc": "#,##0.##", "ty-le": "0.00%"}


def _as_cell(value: Number | None, value_type: str) -> Number | None:
    """A stored value as the form's cell holds it: the history keeps percentages in percent units (81.48), the
    cell as Excel does (0.8148)."""
    if value is None or value_type != "ty-le":
        return value
    return float(Decimal(str(value)).scaleb(-2))


def _headers(ws: Worksheet, previous_label: str) -> None:
    names = dict(zip((PREVIOUS_COL, LIVE_COL, STATUS_COL), CHECK_COLUMNS))
    names[PREVIOUS_COL] += f" (tháng {previous_label})"
    names.update({NUMBER_COL: "Số đọc được", FLAG_COL: "Cần xem lại"})
    for col, name in names.items():
        cell = ws.cell(row=HEADER_ROW, column=col, value=name)
        cell.font, cell.fill, cell.border = font(bold=True), HEADER_FILL, BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[col_letter(col)].width = WIDTHS.get(col, 10)


def _ref(col: int, row: int) -> str:
    return f"{col_letter(col)}{row}"


def _cell(ws: Worksheet, row: int, col: int, value: object, number_format: str | None) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    cell.font, cell.border, cell.fill = font(), BOX, READ_ONLY_FILL
    cell.alignment = Alignment(vertical="top")
    if number_format:
        cell.number_format = number_format


def _formula(ws: Worksheet, row: int, col: int, formula: str) -> None:
    ws.cell(row=row, column=col, value="=" + formula)


def _blank(row: int, status: str) -> dict[str, object]:
    return {_ref(NUMBER_COL, row): "", _ref(LIVE_COL, row): "", _ref(STATUS_COL, row): status,
            _ref(FLAG_COL, row): 1 if status else 0}   # a blank form's only status: a required figure missing


# ------------------------------------------------------------------------------------------ the figure as a number

def _number(ref: str, value_type: str) -> str:
    """The cell as a number the way the tool accepts typed text where a formula can: ``1.444.257`` (dots between
    thousands) for whole numbers, ``81,48%`` or ``81.48`` for percentages; ``""`` when empty, ``"#"`` when not a
    number. A percentage above 1 is in percent units (81,48 is 81,48%), as the tool reads it."""
    text = f"TRIM({ref})"
    if value_type == "so-nguyen":
        digits = f'SUBSTITUTE(SUBSTITUTE(SUBSTITUTE({text},".",""),CHAR(160),"")," ","")'
        return f'IF(ISNUMBER({ref}),{ref},IF({text}="","",IFERROR(VALUE({digits}),"#")))'
    parsed = _decimal(f'SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE({text},"%",""),",","."),CHAR(160),"")," ","")')
    if value_type != "ty-le":
        return f'IF(ISNUMBER({ref}),{ref},IF({text}="","",IFERROR({parsed},"#")))'
    as_text = f'IF(OR(ISNUMBER(FIND("%",{ref})),{parsed}>1),{parsed}/100,{parsed})'
    return f'IF(ISNUMBER({ref}),IF({ref}>1,{ref}/100,{ref}),IF({text}="","",IFERROR({as_text},"#")))'


def _decimal(s: str) -> str:
    """Text with at most one ``.`` as a number, whatever decimal separator the computer uses (VALUE("1.5") is 15
    or 1,5 depending on it): the whole part plus the digits after the point over their power of ten."""
    point = f'FIND(".",{s})'
    tail = f"MID({s},{point}+1,20)"
    return (f'IF(ISERROR({point}),VALUE({s}),IF(LEN({s})-LEN(SUBSTITUTE({s},".",""))>1,"#",'
            f"VALUE(LEFT({s},{point}-1))+VALUE({tail})/10^LEN({tail})))")


def _as_text(x: str, value_type: str) -> str:
    """A figure of the form as text: a percentage (a fraction in its cell) as ``81,48%``."""
    return _shown(f"{x}*100") + '&"%"' if value_type == "ty-le" else _shown(x)


def _shown(x: str, decimals: int = 2) -> str:
    """A number as text the Vietnamese way (1.074; 81,48) on any computer: FIXED groups and points as the
    computer's settings say, so its decimal sign (read off FIXED(0,5;1)) becomes ``,`` and the grouping ``.``."""
    point = 'MID(FIXED(0.5,1),2,1)'
    fraction = f'SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(FIXED({x},{decimals}),{point},"#"),",","."),"#",",")'
    return f'IF(ROUND({x},0)=({x}),SUBSTITUTE(FIXED({x},0),",","."),{fraction})'


# ------------------------------------------------------------------------------------------ the checks of a row

Check = tuple[str, str, str]   # (guard, test, message): Excel expressions; the test is only evaluated when the
                               # guard holds (its figures are numbers), the message only when the test holds


def _indicator_checks(catalog: Catalog, ind: Indicator, row: int, rows: DataRows) -> list[Check]:
    here, at, kind = f"{_NUM}{row}", rows.indicators, ind.value_type
    checks: list[Check] = []
    if ind.cumulative:
        before = _ref(PREVIOUS_COL, row)
        checks.append((f"COUNT({here},{before})=2", f"{here}<{before}",
                       f'"Nhỏ hơn kỳ trước: "&{_as_text(here, kind)}&" < "&{_as_text(before, kind)}'))
    for rel in catalog.relations:
        if rel.whole == ind.code and all(p in at for p in rel.parts):
            parts = [f"{_NUM}{at[p]}" for p in rel.parts]
            added = "(" + "+".join(parts) + ")"
            stt = " + ".join(str(rows.stt(p)) for p in rel.parts)
            relation = '&" + "&'.join(_as_text(p, kind) for p in parts)
            checks.append((f"COUNT({here},{','.join(parts)})={len(parts) + 1}", f"ROUND({added}-{here},6)<>0",
                           f'"Cộng STT {stt}: "&{relation}&" = "&{_as_text(added, kind)}&" ≠ "&{_as_text(here, kind)}'))
    for ratio in catalog.ratios.values():
        if ratio.numerator == ind.code and ratio.denominator in at:
            base = f"{_NUM}{at[ratio.denominator]}"
            checks.append((f"COUNT({here},{base})=2", f"{here}>{base}",
                           f'"Lớn hơn số ở STT {rows.stt(ratio.denominator)}: "&{_as_text(here, kind)}&" > "&'
                           f'{_as_text(base, kind)}'))
    whole = catalog.indicators.get(ind.increment_of)
    if whole is not None and whole.cumulative and whole.code in at:
        now, before = f"{_NUM}{at[whole.code]}", _ref(PREVIOUS_COL, at[whole.code])
        checks.append((f"COUNT({here},{now},{before})=3", f"ROUND({now}-{before}-{here},6)<>0",
                       f'"Khác mức tăng của STT {rows.stt(whole.code)}: "&{_as_text(here, kind)}&" ≠ "&'
                       f'{_as_text(now, kind)}&" − "&{_as_text(before, kind)}'))
    return checks


def _typed_ratio(row: int) -> Check:
    """The typed percentage against the live ratio beside it, as closely as the unit typed it (81% is right for
    81,4%; 81,48% is not for 81,52%), as the tool compares them."""
    typed, live = f"{_NUM}{row}", _ref(LIVE_COL, row)
    scaled = f"ROUND({typed}*100,9)"
    tolerance = "0.000005"
    for decimals in (2, 1, 0):   # half a unit of the typed percentage's last decimal, as a fraction
        tolerance = f"IF(ROUND({scaled},{decimals})={scaled},{5 * 10 ** -(decimals + 3):.6f},{tolerance})"
    return (f"COUNT({typed},{live})=2", f"ABS({typed}-{live})>{tolerance}+0.000000001",
            f'"Khác tỷ lệ tính từ số liệu: "&{_as_text(live, "ty-le")}')


def _status(ws: Worksheet, row: int, checks: list[Check], required: bool) -> None:
    """The row's status: every check that fails, joined by ``; ``; the row's flag (hidden): 1 for a figure not
    yet typed, 2 for a figure to look at again."""
    here = f"{_NUM}{row}"
    pieces = [f'IF({guard},IF({test},"; "&{message},""),"")' for guard, test, message in checks]
    if required:
        pieces.insert(0, f'IF({here}="","; {REQUIRED}","")')
    joined = f"MID({'&'.join(pieces)},3,500)" if pieces else '""'
    status = ws.cell(row=row, column=STATUS_COL, value=f'=IF({here}="#","{UNREADABLE}",{joined})')
    status.font, status.border, status.fill = font(size=11), BOX, READ_ONLY_FILL
    status.alignment = Alignment(vertical="top")
    _formula(ws, row, FLAG_COL, f'IF({_ref(STATUS_COL, row)}="",0,IF({here}="",1,2))')


def _summary(ws: Worksheet, first: int, last: int) -> None:
    flags = f'COUNTIF(${col_letter(FLAG_COL)}${first}:${col_letter(FLAG_COL)}${last},">0")'
    label = ws.cell(row=SUMMARY_ROW, column=1, value="Tự kiểm tra:")
    label.font, label.alignment = font(bold=True), Alignment(vertical="center")
    ws.merge_cells(start_row=SUMMARY_ROW, start_column=1, end_row=SUMMARY_ROW, end_column=NAME_COL - 1)
    summary = ws.cell(row=SUMMARY_ROW, column=NAME_COL,
                      value=f'=IF({flags}=0,"{NOTHING_WRONG}","Còn "&{flags}&" chỗ cần xem lại")')
    summary.font, summary.alignment = font(bold=True), Alignment(vertical="center")
    where = f"{col_letter(NAME_COL)}{SUMMARY_ROW}"
    ws.conditional_formatting.add(where, FormulaRule(formula=[f"{flags}>0"], fill=ALARM_FILL, font=ALARM_FONT))
    ws.conditional_formatting.add(where, FormulaRule(formula=[f"{flags}=0"], fill=GOOD_FILL, font=GOOD_FONT))
    flag = f"${col_letter(FLAG_COL)}{first}"
    status, value = (f"{col_letter(c)}{first}:{col_letter(c)}{last}" for c in (STATUS_COL, VALUE_COL))
    ws.conditional_formatting.add(status, FormulaRule(formula=[f"{flag}=1"], fill=MISSING_FILL, font=MISSING_FONT))
    for cells in (status, value):   # a figure to look at again: its status and the figure itself
        ws.conditional_formatting.add(cells, FormulaRule(formula=[f"{flag}=2"], fill=ALARM_FILL, font=ALARM_FONT))


def put_cached(path: Path, sheet_index: int, cached: Mapping[str, object]) -> None:
    """Store each formula's value of the blank form in the saved workbook (openpyxl writes formulas without one),
    for viewers that show what the file holds without calculating (a phone, a mail preview)."""
    if not cached:
        return
    name = f"xl/worksheets/sheet{sheet_index + 1}.xml"
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info)) for info in source.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            target.writestr(info, _with_values(data, cached) if info.filename == name else data)
    path.write_bytes(out.getvalue())


def _with_values(xml: bytes, cached: Mapping[str, object]) -> bytes:
    root = etree.fromstring(xml)
    ns = root.nsmap[None]
    for cell in root.iter(f"{{{ns}}}c"):
        value = cached.get(cell.get("r", ""))
        formula, stored = cell.find(f"{{{ns}}}f"), cell.find(f"{{{ns}}}v")
        if value is None or formula is None:
            continue
        if stored is None:
            stored = etree.SubElement(cell, f"{{{ns}}}v")
        if isinstance(value, str):
            cell.set("t", "str")
        stored.text = str(value)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
