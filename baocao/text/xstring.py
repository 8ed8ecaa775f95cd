"""Text in .xlsx cells as every office suite reads it: the OOXML ``_xHHHH_`` escapes, and codes recognised however a
suite has rewritten them.

* **Write side**, ``to_xstring``: ECMA-376 Part 1 §22.9.2.19 ST_Xstring (§22.4.2.4 words it): a character XML 1.0
  cannot carry is written ``_xHHHH_``, and the lead underscore of a literal ``_xHHHH_`` is escaped as ``_x005F_``.
  openpyxl writes cell text verbatim, so without this a literal ``_x0041_`` typed by a unit would be read as ``A``
  by Excel and calamine. rust_xlsxwriter (the big workbooks) already escapes this way.
* **What suites do** (models measured against LibreOffice 7.4 and python-calamine 0.9.1): Calc decodes ``_x`` + 1–4
  hex digits + ``_`` whenever the value is a control character or an underscore (``_xa_`` → line feed, ``_xe_`` →
  U+000E), and keeps the damage in every format it saves; Excel decodes only the standard's 4-digit form. Forms
  therefore show codes with ``-`` for ``_`` (``intake.layout.form_code``): no decoder acts on text without ``_``.
* **Read side**, ``CodeIndex``: forms sent out before that change (and codes a clerk types) are recognised by
  comparing canonical keys: the text with Calc's and the standard's decoding applied and control characters removed,
  to a fixed point. Known codes whose keys collide are never guessed between.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

# The lead underscore of a literal _xHHHH_, and what XML 1.0 cannot carry in element text. CR too: an XML parser
# turns a raw CR into LF (MS-OI29500 §2.1.1747: "Carriage Return shall be escaped").
_XSTRING_SPECIAL = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)|[\x00-\x08\x0b\x0c\r\x0e-\x1f\ufffe\uffff]")
_XSTRING_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def to_xstring(text: str) -> str:
    """The text as ST_Xstring: what an openpyxl cell must be given so that every reader decodes ``text``."""
    if "_" not in text and text.isprintable():
        return text  # the common case, without a regex pass
    return _XSTRING_SPECIAL.sub(lambda m: "_x005F_" if m.group() == "_" else f"_x{ord(m.group()):04X}_", text)


def header_text(text: str) -> str:
    """Text for a printed page header or footer, where ``&`` starts a code (``&P``): ``Sở B & C`` is written
    ``Sở B && C``."""
    return text.replace("&", "&&")


def from_xstring(text: str) -> str:
    """The standard's decoding (Excel's): every ``_xHHHH_`` is one character, left to right, no rescan."""
    return _XSTRING_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def put_text(cell: object, text: str) -> None:
    """Unit text into an openpyxl cell so that it stays that text: escaped (openpyxl refuses control characters, which
    a form damaged by LibreOffice carries), and a string even when it starts with ``=`` or reads ``#N/A``."""
    cell.value = to_xstring(text)  # type: ignore[attr-defined]
    cell.data_type = "s"  # type: ignore[attr-defined]


def escape_cells(wb: object) -> None:
    """Every text cell of an openpyxl workbook escaped as ST_Xstring, just before ``wb.save`` (formulas are not
    ST_Xstring and stay as they are)."""
    for ws in wb.worksheets:  # type: ignore[attr-defined]
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and cell.data_type != "f":
                    escaped = to_xstring(value)
                    if escaped != value:
                        cell.value = escaped


_LOOSE = re.compile(r"_x([0-9A-Fa-f]{1,4})_")


def calc_import(text: str) -> str:
    """What LibreOffice Calc 7.4 holds after opening an .xlsx holding ``text`` (measured over every 1–4 digit
    sequence): control characters, the underscore, surrogates and U+FFFE/U+FFFF are decoded; every other value is
    kept literally (``_x0041_`` stays, unlike Excel)."""
    if "_x" not in text:
        return text
    out: list[str] = []
    pos = 0
    for m in _LOOSE.finditer(text):
        value = int(m.group(1), 16)
        if value < 0x20 or value == 0x5F or 0xD800 <= value <= 0xDFFF or value >= 0xFFFE:
            out.append(text[pos:m.start()] + chr(value))
            pos = m.end()
    out.append(text[pos:])
    return "".join(out)


_ODS_DROPPED = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def ods_text(text: str) -> str:
    """Calc's text saved as .ods and read back by calamine: XML 1.0 cannot hold the control characters, so they are
    dropped; line feed and carriage return survive (a tab becomes ``<text:tab/>``, which calamine skips)."""
    return _ODS_DROPPED.sub("", text)


_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff\ufffd\ufffe\uffff]")


def _normal(text: str) -> str:
    """As the reader's ``cell_text`` (NFC, no surrounding whitespace), without zero-width characters, which never
    belong to a code (they arrive with copy and paste)."""
    return unicodedata.normalize("NFC", _ZERO_WIDTH.sub("", text)).strip()


def code_key(text: str) -> str:
    """A text's identity once any suite has had its way: Calc's decoding, then the standard's, control characters
    removed (each format keeps different ones), repeated until nothing changes, so a form saved by Calc any number
    of times keys like the original."""
    key = _normal(text)
    for _ in range(8):
        following = _normal(_CONTROLS.sub("", from_xstring(calc_import(key))))
        if following == key:
            break
        key = following
    return key


@dataclass
class CodeIndex:
    """The codes a form can name (units, indicators, ratios, lists, sections, plans), recognised however the form
    shows them (``-`` for ``_``) and however an office suite has rewritten them."""

    codes: frozenset[str]
    by_key: dict[str, str] = field(default_factory=dict)
    collisions: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, codes: Iterable[str]) -> CodeIndex:
        known = frozenset(codes)
        groups: dict[str, set[str]] = {}
        for code in known:
            groups.setdefault(code_key(code), set()).add(code)
        by_key = {key: next(iter(group)) for key, group in groups.items() if len(group) == 1}
        collisions = {key: tuple(sorted(group)) for key, group in groups.items() if len(group) > 1}
        return cls(known, by_key, collisions)

    def recognise(self, text: str) -> str | None:
        """The known code ``text`` stands for, or None (unknown, or ambiguous between codes a suite makes alike)."""
        typed = _normal(text)
        if typed in self.codes:
            return typed
        underscored = typed.replace("-", "_")
        if underscored in self.codes:
            return underscored
        return self.by_key.get(code_key(typed))
