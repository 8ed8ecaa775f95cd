"""Rules on the entry sheets of one unit's file (Nổi bật, Văn bản, Danh sách): each row names a section or list the
unit may use, carries what it needs (text, number, a readable date within the period), and text typed in a legacy
font (TCVN3, VNI) is converted to Unicode with a warning at its cell.

Pure functions of the file and the catalog (no I/O, no shared state): the reading workers run them.
"""
from __future__ import annotations

from datetime import date

from ..codes import emits
from ..intake.layout import HIGHLIGHT_KEY_COL, HIGHLIGHT_TASK_COL, LIST_KEY_COL, SHARED_HIGHLIGHT_KEYS, choice_code
from ..model import Document, Highlight, ListItem, RawRow, Submission
from ..text import fmt, legacy
from ..text.cells import cell_text, parse_date, parse_number
from ..text.keys import name_key
from .scope import Scope

LEGACY_NAMES = {"tcvn3": "TCVN3 (ABC, phông .VnTime)", "vni": "VNI (phông VNI-Times)"}


class Keys:
    """The keys already typed on one sheet of the file, by section or list: a second row with the same key in the
    same section (or list) would be printed together with the first where the template names the key."""

    def __init__(self, scope: Scope, col: int, shared: frozenset[str] = frozenset()):
        self.scope, self.col, self.shared = scope, col, shared
        self.seen: dict[tuple[str, str], RawRow] = {}

    @emits("khoa-trung-lap")
    def read(self, row: RawRow) -> str:
        """The row's key (as ``name_key`` makes it); one already used in its section or list → a warning at the
        second row's Khóa cell, its text marked in the draft."""
        typed = cell_text(row.cell(self.col))
        key = name_key(typed)
        first = self.seen.setdefault((row.choice, key), row) if key and key not in self.shared else row
        if first is not row:
            where = f"dòng {first.row} và dòng {row.row} trang {row.sheet}"
            self.scope.add("khoa-trung-lap", row.source(self.col), value=typed, detail=self.place(row.choice),
                           base=str(first.row), about=(row.choice,), note=f"“{key}” ở {where}")
        return key

    def place(self, choice: str) -> str:
        """The section or list as the clerk reads it: ``mục I.1.a`` or ``danh sách “Nhiệm vụ trọng tâm”``."""
        found = self.scope.catalog.lists.get(choice) if self.col == LIST_KEY_COL else None
        return f"danh sách “{found.name}”" if found else f"mục {choice}"


class Texts:
    """Reads the text cells of one file's entry rows; the legacy encoding is guessed once from the whole file."""

    def __init__(self, scope: Scope, rows: tuple[RawRow, ...]):
        self.scope = scope
        self.encoding = legacy.detect("\n".join(cell_text(c) for row in rows for c in row.cells if isinstance(c, str)))

    @emits("phong-chu-cu")
    def unicode(self, row: RawRow, col: int) -> str:
        """Text typed with a TCVN3 (ABC) or VNI font is converted to Unicode, with a warning at its cell."""
        value = cell_text(row.cell(col))
        encoding = self.encoding or legacy.detect(value)
        if not encoding:
            return value
        converted = legacy.decode(value, encoding)
        if converted != value:
            self.scope.add("phong-chu-cu", row.source(col), value=value[:60], detail=LEGACY_NAMES[encoding],
                           base=converted[:60], about=(row.choice,), note=encoding.upper())
        return converted

    @emits("thieu-noi-dung")
    def needed(self, row: RawRow, col: int, what: str) -> str:
        """The cell's text; empty → a finding (the row is left out, the draft marks it in its list or section)."""
        value = self.unicode(row, col)
        if not value:
            self.scope.add("thieu-noi-dung", row.source(col), detail=what, about=(row.choice,), note=what)
        return value


@emits("danh-sach-khong-xac-dinh")
def _chosen(scope: Scope, row: RawRow, allowed: set[str]) -> bool:
    """The row's section or list is one the unit may use (from the drop-down)."""
    if row.choice in allowed:
        return True
    scope.add("danh-sach-khong-xac-dinh", row.source(2), value=row.choice or "(để trống)")
    return False


def entries(scope: Scope, sub: Submission, span: tuple[date, date]) -> None:
    texts = Texts(scope, (*sub.highlights, *sub.documents, *sub.items))
    highlights(scope, sub, texts)
    documents(scope, sub, texts, span)
    list_items(scope, sub, texts)


def highlights(scope: Scope, sub: Submission, texts: Texts) -> None:
    sections = set(scope.catalog.sections)
    keys = Keys(scope, HIGHLIGHT_KEY_COL, SHARED_HIGHLIGHT_KEYS)
    for row in sub.highlights:
        if not _chosen(scope, row, sections):
            continue
        body = texts.needed(row, 3, "nội dung")
        task = _task(scope, row)
        if body:
            key = keys.read(row)
            scope.dataset.highlights.append(Highlight(scope.unit_code, row.choice, body, texts.unicode(row, 4),
                                                      row.source(3), task, key))


@emits("nhiem-vu-khong-xac-dinh")
def _task(scope: Scope, row: RawRow) -> tuple[str, str] | None:
    """The task a highlight is about (column "Nhiệm vụ liên quan"), as its canonical key; unknown → a warning."""
    ref = cell_text(row.cell(HIGHLIGHT_TASK_COL))
    if not ref:
        return None
    tasks = scope.catalog.tasks
    found = tasks.find(choice_code(ref), scope.unit_code)
    if found is None:
        scope.add("nhiem-vu-khong-xac-dinh", row.source(HIGHLIGHT_TASK_COL), value=ref)
        return None
    return tasks.canonical(found.key)


@emits("ngay-khong-hop-le", "thieu-noi-dung", "ngay-ngoai-ky")
def documents(scope: Scope, sub: Submission, texts: Texts, span: tuple[date, date]) -> None:
    """Documents issued: number, date and subject; a list of documents "issued in the period" checks the date."""
    own = {lst.code: lst for lst in scope.catalog.lists_for(scope.unit_code) if lst.kind == "van-ban"}
    allowed = set(own)
    for row in sub.documents:
        if not _chosen(scope, row, allowed):
            continue
        number, subject = texts.needed(row, 4, "số, ký hiệu văn bản"), texts.needed(row, 6, "trích yếu văn bản")
        raw_date = row.cell(5)
        issued = parse_date(raw_date)
        about = (row.choice,)
        if issued is None and cell_text(raw_date):
            scope.add("ngay-khong-hop-le", row.source(5), value=cell_text(raw_date), about=about,
                      note=f"{cell_text(row.cell(3))} số {number} ngày “{cell_text(raw_date)}”".strip())
        elif issued is None:
            scope.add("thieu-noi-dung", row.source(5), detail="ngày ban hành", about=about,
                      note=f"ngày ban hành {cell_text(row.cell(3))} số {number}".strip())
        if issued and own[row.choice].in_period and not span[0] <= issued <= span[1]:
            scope.add("ngay-ngoai-ky", row.source(5), value=fmt.short_date(issued),
                      detail=f"{cell_text(row.cell(3))} số {number}".strip(),
                      base=f"{fmt.short_date(span[0])} – {fmt.short_date(span[1])}", about=about,
                      note=f"ngày {fmt.short_date(issued)}, kỳ từ {fmt.short_date(span[0])} "
                           f"đến {fmt.short_date(span[1])}")
        if number and subject and issued:
            scope.dataset.documents.append(Document(scope.unit_code, row.choice, texts.unicode(row, 3), number, issued,
                                                    subject, row.source(4)))


@emits("khong-phai-so")
def list_items(scope: Scope, sub: Submission, texts: Texts) -> None:
    """Items of the unit's lists (sites, hospitals, models …), with a quantity where the list counts one."""
    own = {lst.code for lst in scope.catalog.lists_for(scope.unit_code) if lst.kind == "danh-sach"}
    keys = Keys(scope, LIST_KEY_COL)
    for row in sub.items:
        if not _chosen(scope, row, own):
            continue
        body = texts.needed(row, 3, "nội dung")
        raw = row.cell(4)
        quantity = parse_number(raw) if cell_text(raw) else None
        if cell_text(raw) and (quantity is None or quantity < 0):
            scope.add("khong-phai-so", row.source(4), value=cell_text(raw), about=(row.choice,),
                      note=f"số lượng “{cell_text(raw)}”")
            continue
        if body:
            scope.dataset.items.append(ListItem(scope.unit_code, row.choice, body, quantity, texts.unicode(row, 5),
                                                row.source(3), keys.read(row)))
