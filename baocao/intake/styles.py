"""How the unit form looks: one font, the yellow of the cells a unit types in, the grey of the cells the form
fills itself, thin boxes; shared by the form writer and its self-check columns."""
from __future__ import annotations

from openpyxl.styles import Border, Font, PatternFill, Protection, Side

FONT = "Times New Roman"
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
READ_ONLY_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
UNLOCKED = Protection(locked=False)


def font(bold: bool = False, italic: bool = False, size: int = 12) -> Font:
    return Font(name=FONT, bold=bold, italic=italic, size=size)
