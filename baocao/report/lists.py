"""``ds.<danh sách>``: a list (documents issued, sites, models …) as the report counts and spells it out."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..catalog.entries import ListDef
from ..figures.compute import ListResult
from ..model import Document, ListItem
from ..text import fmt
from .builder import Builder, clause, sentence_end
from .footnotes import clean
from .numbers import Figure


class DocumentView:
    """A document of a ``van-ban`` list: ``Quyết định số 1211/QĐ-UBND ngày 16/9/2025 thành lập …``
    (``doc_type``, ``number``, ``date``, ``subject``: the older names of ``loai``, ``so_ky_hieu``, ``ngay``,
    ``trich_yeu``)."""

    loai: str
    so_ky_hieu: str
    ngay: str
    trich_yeu: str
    don_vi: str
    doc_type: str
    number: str
    date: str
    subject: str

    def __init__(self, doc: Document, unit_name: str):
        self.loai = self.doc_type = clean(doc.doc_type)
        self.so_ky_hieu = self.number = clean(doc.number)
        self.ngay = self.date = fmt.short_date(doc.issued) if doc.issued else ""
        self.trich_yeu = self.subject = clause(doc.subject)
        self.don_vi = unit_name

    def __str__(self) -> str:
        when = f" ngày {self.date}" if self.date else ""
        return f"{self.doc_type} số {self.number}{when} {self.subject}".strip()


class ItemView:
    """An item of a ``danh-sach`` list, with its quantity when the list has one (``… (02 kiosk)``)
    (``text``, ``quantity``, ``note``: the older names of ``noi_dung``, ``so_luong``, ``ghi_chu``)."""

    noi_dung: str
    so_luong: str
    ghi_chu: str
    don_vi: str
    text: str
    quantity: str
    note: str

    def __init__(self, item: ListItem, unit_name: str, measure: str):
        self.noi_dung = self.text = clause(item.text)
        self.so_luong = self.quantity = fmt.figure(item.quantity) if item.quantity is not None else ""
        self.ghi_chu = self.note = clean(item.note)
        self.don_vi = unit_name
        self._measure = measure

    def __str__(self) -> str:
        if self.quantity and self._measure:
            return f"{self.text} ({self.quantity} {self._measure})"
        return self.text


class ListView:
    """``ds.<code>``: printed as the numbered list of the footnotes; ``.count`` for the running text."""

    ten: str
    count: Figure

    def __init__(self, result: ListResult, definition: ListDef, b: Builder):
        self._b = b
        self.ten = definition.item_noun
        measure = ""
        if definition.quantity_indicator:
            measure = b.catalog.indicators[definition.quantity_indicator].unit_of_measure
        measure = measure or definition.quantity_name
        unit_name = {code: unit.name for code, unit in b.catalog.units.items()}
        docs = sorted(result.documents, key=lambda d: b.order.get(d.unit, 0))
        items = sorted(result.items, key=lambda i: b.order.get(i.unit, 0))
        self._entries: list[DocumentView | ItemView] = (
            [DocumentView(d, unit_name.get(d.unit, d.unit)) for d in docs]
            + [ItemView(i, unit_name.get(i.unit, i.unit), measure) for i in items])
        self.missing = result.missing
        n = len(self._entries)
        self.count = Figure(n, fmt.figure(n), (), b) if not self.missing else \
            Figure(None, b.missing(self.missing), self.missing, b)

    def __iter__(self) -> Iterator[DocumentView | ItemView]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return self._entries[index]
        if -len(self._entries) <= index < len(self._entries):
            return self._entries[index]
        return Figure(None, self._b.missing(self.missing or (), "thiếu mục trong danh sách"), self.missing, self._b)

    def liet_ke(self, kieu: str = "so") -> str:
        """Spell the list out: ``so`` ``(1) a; (2) b.``, ``phay`` ``a, b.``, ``cham_phay`` ``a; b.``,
        ``va`` ``a, b và c.``; a single entry is written without ``(1)``."""
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
        if self.missing:
            text = f"{text} {self._b.missing(self.missing)}".strip()
        return text

    def __str__(self) -> str:
        return self.liet_ke()
