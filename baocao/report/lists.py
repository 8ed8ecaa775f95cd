"""``ds.<danh sách>``: a list (documents issued, sites, models …) as the report counts and spells it out.

An item of a ``danh-sach`` list is placed in a sentence by the key its unit types in the form's "Khóa" column
(``ds.nhiem_vu_trong_tam.sskdt``), never by its row: a unit listing its items in another order, or dropping one,
must not pair an item's name with another item's figures. A key nobody sent this period prints as a marker naming
the list's units; ``.con_lai`` gives the items no sentence has printed yet.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from markupsafe import Markup

from ..catalog.entries import ListDef
from ..codes import Treatment
from ..figures.compute import ListResult
from ..figures.doubts import Doubt
from ..model import Document, ListItem, Source
from ..text import fmt
from ..text.cells import a1
from ..text.keys import name_key
from . import provenance
from .builder import Builder, clause, sentence_end
from .footnotes import clean
from .numbers import Figure

QUANTITY_COL = 4     # Danh sách: the Số lượng column


class DocumentView:
    """A document of a ``van-ban`` list: ``Quyết định số 1211/QĐ-UBND ngày 16/9/2025 thành lập …``
    (``doc_type``, ``number``, ``date``, ``subject``: the older names of ``loai``, ``so_ky_hieu``, ``ngay``,
    ``trich_yeu``); with the marker of what the checks doubt in its row (a date outside the period …). Reading its
    number or subject prints it (``used``: ``chua_in`` lists it no more)."""

    loai: str
    ngay: str
    don_vi: str
    doc_type: str
    date: str

    def __init__(self, doc: Document, unit_name: str, b: Builder):
        self.loai = self.doc_type = clean(doc.doc_type)
        self._number = clean(doc.number)
        self.ngay = self.date = fmt.short_date(doc.issued) if doc.issued else ""
        self._subject = clause(doc.subject)
        self.don_vi = unit_name
        self._unit = doc.unit
        self._doubts = b.doubts.row(doc.source.file, doc.source.sheet, doc.source.cell)
        self._source = doc.source
        self._b = b
        self.used = False

    @property
    def so_ky_hieu(self) -> str:
        self.used = True
        return self._number

    @property
    def trich_yeu(self) -> str:
        self.used = True
        return self._subject

    number = so_ky_hieu
    subject = trich_yeu

    def __str__(self) -> str:
        self.used = True
        return self._b.doubted(self._plain(), self._doubts)

    def _plain(self) -> str:
        """The document as the unit typed it, without the marker of its doubts (``chua_in`` prints it so)."""
        when = f" ngày {self.date}" if self.date else ""
        return f"{self.doc_type} số {self._number}{when} {self._subject}".strip()


class ItemView:
    """An item of a ``danh-sach`` list as the unit typed it (``text``, ``quantity``, ``note``: the older names of
    ``noi_dung``, ``so_luong``, ``ghi_chu``); ``so_luong``: its quantity (``02``), with where it comes from;
    ``khoa``: the key the unit typed for it (column "Khóa"). Reading its text prints it (``used``)."""

    ghi_chu: str
    don_vi: str
    khoa: str
    quantity: str
    note: str

    def __init__(self, item: ListItem, unit_name: str, measure: str, b: Builder):
        self._text = clause(item.text)
        self.quantity = fmt.figure(item.quantity) if item.quantity is not None else ""
        self.ghi_chu = self.note = clean(item.note)
        self.don_vi = unit_name
        self.khoa = item.key
        self.used = False
        self._unit = item.unit
        self._doubts = b.doubts.row(item.source.file, item.source.sheet, item.source.cell)
        self._source = item.source
        self._measure = measure
        self._b = b
        at = item.source
        row = at.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        self._quantity_at = Source(at.file, at.sheet, a1(int(row), QUANTITY_COL)) if row.isdigit() else at
        self._with_quantity = False

    @property
    def noi_dung(self) -> str:
        self.used = True
        return self._text

    text = noi_dung

    @property
    def so_luong(self) -> str:
        if not self.quantity:
            return ""
        where = provenance.where(self._b, self._unit, [self._quantity_at])
        return str(self._b.notes.source(self.quantity, lambda: where))

    def _plain(self) -> str:
        """The item as the unit typed it, with its bare quantity (``chua_in`` prints it so)."""
        return self._text + (f" ({self.quantity})" if self.quantity else "")

    def __str__(self) -> str:
        self.used = True
        text = self.text
        if self._with_quantity and self.quantity and self._measure:
            text = f"{text} ({self.so_luong} {self._measure})"
        return self._b.doubted(text, self._doubts)


class KeyedItems:
    """``ds.<code>.<khóa>``: the items a unit keyed so (usually one), printed as the unit typed them, joined by
    ``; `` when several; none this period: a marker naming the list's units and why nothing came from them."""

    don_vi: str

    def __init__(self, items: list[ItemView], marker: Callable[[], Markup]):
        self._items, self._marker = items, marker
        self.don_vi = ", ".join(dict.fromkeys(i.don_vi for i in items))

    @property
    def noi_dung(self) -> str:
        return "; ".join(i.noi_dung for i in self._items)

    @property
    def so_luong(self) -> str:
        """The quantity of the keyed item(s), as ``so_luong`` of an item prints it; a marker when none."""
        if not self._items:
            return str(self._marker())
        return "; ".join(i.so_luong for i in self._items)

    def __iter__(self) -> Iterator[ItemView]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __str__(self) -> str:
        return "; ".join(str(i) for i in self._items) if self._items else str(self._marker())


class ListView:
    """``ds.<code>``: printed as the numbered list of the footnotes; ``.count`` for the running text. A document
    dated outside the period is listed with its marker but not counted as issued in the period; a row left out
    (no content, an unreadable date) is named in a marker after the list and the count."""

    ten: str
    count: Figure

    def __init__(self, result: ListResult, definition: ListDef, b: Builder):
        self._b = b
        self._definition = definition
        self.ten = definition.item_noun
        measure = ""
        if definition.quantity_indicator:
            measure = b.catalog.indicators[definition.quantity_indicator].unit_of_measure
        measure = measure or definition.quantity_name
        docs = sorted(result.documents, key=lambda d: b.order.get(d.unit, 0))
        items = sorted(result.items, key=lambda i: b.order.get(i.unit, 0))
        self._entries: list[DocumentView | ItemView] = (
            [DocumentView(d, b.unit_name(d.unit), b) for d in docs]
            + [ItemView(i, b.unit_name(i.unit), measure, b) for i in items])
        self.missing = result.missing
        reporters = tuple(sorted(b.catalog.expand(definition.reporters), key=lambda u: b.order.get(u, 0)))
        self._reporters = reporters
        self._left_out = [_left_out(d) for d in b.doubts.left_out(definition.code, reporters)]
        outside = [e for e in self._entries if any(d.code == "ngay-ngoai-ky" for d in e._doubts)]
        counted = [e for e in self._entries if e not in outside]
        notes = [Doubt("", Treatment.MARK, "chưa tính", f"{fmt.count(len(group))} {self.ten} ngoài kỳ báo cáo",
                       unit, b.unit_name(unit)) for unit, group in _by_unit(outside).items()]
        if self.missing:
            self.count = Figure(None, b.missing(self.missing, codes=(definition.code,)), self.missing, b)
        else:
            shown = fmt.figure(len(counted))

            def source() -> str:
                where = "; ".join(provenance.where(b, unit, [e._source for e in group])
                                  for unit, group in _by_unit(counted).items())
                return f"{shown} mục của danh sách “{definition.name}”" + (f": {where}" if where else "")

            self.count = Figure(len(counted), shown, (), b, doubts=tuple(notes + self._left_out), units=reporters,
                                source=source)

    def __iter__(self) -> Iterator[DocumentView | ItemView]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __getitem__(self, index: int | slice | str) -> Any:
        if isinstance(index, str):
            return self._keyed(index)
        if isinstance(index, slice):
            return self._entries[index]
        if -len(self._entries) <= index < len(self._entries):
            return self._entries[index]
        return Figure(None, self._b.missing(self.missing or (), "thiếu mục trong danh sách"), self.missing, self._b)

    def __getattr__(self, key: str) -> KeyedItems:
        """``ds.nhiem_vu_trong_tam.sskdt``: the items keyed ``sskdt`` (a list of documents has no keys)."""
        if key.startswith("_") or self._definition.kind != "danh-sach":
            raise AttributeError(key)
        return self._keyed(key)

    def _keyed(self, key: str) -> KeyedItems:
        """The items keyed ``key`` (``ds.<mã>["khóa có dấu"]`` too: typed keys are matched as ``name_key`` makes
        them); none: a marker naming the units that send the list."""
        wanted = name_key(key)
        items = [e for e in self._entries if isinstance(e, ItemView) and e.khoa == wanted]
        what = f"thiếu mục trong danh sách (khóa “{wanted}”)"
        return KeyedItems(items, lambda: self._b.missing(self._reporters, what, codes=(self._definition.code,)))

    @property
    def con_lai(self) -> list[DocumentView | ItemView]:
        """The entries not printed yet (after the ones placed by key), in units.csv order."""
        return [e for e in self._entries if not e.used]

    def liet_ke(self, kieu: str = "so", so_luong: bool = False) -> str:
        """Spell the list out: ``so`` ``(1) a; (2) b.``, ``phay`` ``a, b.``, ``cham_phay`` ``a; b.``,
        ``va`` ``a, b và c.``; a single entry is written without ``(1)``. Items are printed as the units typed them;
        ``so_luong=True`` adds each item's quantity after it (``… (02 kiosk)``)."""
        for e in self._entries:
            if isinstance(e, ItemView):
                e._with_quantity = so_luong
        texts = [str(e) for e in self._entries]
        if kieu == "phay":
            body = ", ".join(texts)
        elif kieu == "cham_phay" or len(texts) == 1:
            body = "; ".join(texts)
        elif kieu == "va":
            body = ", ".join(texts[:-1]) + " và " + texts[-1] if len(texts) > 1 else "".join(texts)
        else:
            body = "; ".join(f"({i}) {t}" for i, t in enumerate(texts, start=1))
        text = sentence_end(body) if body else ""
        left_out = [str(self._b.notes.marker(d.marker())) for d in self._left_out]
        if self.missing:
            left_out.append(str(self._b.missing(self.missing, codes=())))
        return " ".join([text, *left_out]).strip()

    def __str__(self) -> str:
        return self.liet_ke()


def _by_unit(entries: list[DocumentView | ItemView]) -> dict[str, list[DocumentView | ItemView]]:
    groups: dict[str, list[DocumentView | ItemView]] = {}
    for e in entries:
        groups.setdefault(e._unit, []).append(e)
    return groups


def _left_out(d: Doubt) -> Doubt:
    """A row left out of a list, as its marker says it: ``[bị loại: thiếu nội dung: trích yếu văn bản — Sở A]``."""
    return Doubt(d.code, d.treatment, "bị loại", d.words(), d.unit, d.unit_name)
