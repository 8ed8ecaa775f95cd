"""The markers left in a draft: what ``pdf`` refuses to convert for signing while any remains.

A marker is what the report writes where a figure is missing or doubted, a document is outside the period, a unit's
report is missing: a highlighted run (``[thiếu số liệu: Sở Y tế (chưa báo cáo)]``, ``1.224 [chưa khớp: … — Sở Khoa
học và Công nghệ]``). Highlighting is how the clerk sees it in Word; a marker whose highlight was removed but whose
words were kept is found by its words. The clerk resolves a marker by correcting the text and deleting it.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..codes import HANDLING
from .docx_text import w

UNPRINTED = "chưa có chỗ trong mẫu"   # a row a unit sent that the template printed nowhere else (``chua_in``)

# The first words of every marker the report writes: the doubt table's labels and the report's own.
WORDS = tuple(sorted({h.label for h in HANDLING.values() if h.label} | {
    "thiếu số liệu", "thiếu nội dung", "thiếu mục trong danh sách", "chưa tính", "bị loại",
    "không tính được tỷ lệ", "chưa có nội dung", UNPRINTED}, key=len, reverse=True))
_WORDED = re.compile(r"\[(?:" + "|".join(re.escape(x) for x in WORDS) + r")\b[^\]]*\]")


def worded(text: str) -> bool:
    """``[chưa khớp: …]``: text the report writes as a marker, highlighted or not."""
    return bool(_WORDED.fullmatch(text.strip()))


@dataclass(frozen=True)
class Found:
    """A marker: its text, and where: ``đoạn 26`` of the body or ``chú thích 3``, with the paragraph's start."""

    text: str
    where: str
    context: str

    def __str__(self) -> str:
        return f"{self.where} («{self.context}»): {self.text}"


def find_markers(path: Path) -> list[Found]:
    """Every marker of the document's body and footnotes, in reading order."""
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        body = etree.fromstring(z.read("word/document.xml"))
        notes = etree.fromstring(z.read("word/footnotes.xml")) if "word/footnotes.xml" in names else None
    return markers_in(body, notes)


def markers_in(body: etree._Element, notes: etree._Element | None) -> list[Found]:
    """``find_markers`` on parts already parsed (the draft's worker reads them once for the ND30 check too)."""
    maybe = _marked(body)
    found = [m for n, p in enumerate(body.iter(w("p")), start=1) if p in maybe for m in _in_paragraph(p, f"đoạn {n}")]
    maybe = _marked(notes) if notes is not None else set()
    for note in notes.iter(w("footnote")) if notes is not None else []:
        for p in note.iter(w("p")):
            found += _in_paragraph(p, f"chú thích có mã {note.get(w('id'))}") if p in maybe else []
    return found


def _marked(root: etree._Element) -> set[etree._Element]:
    """The paragraphs that may hold a marker: highlighted somewhere, or with a ``[`` in their text; found from the
    highlights and texts, not by asking each paragraph (a national phụ lục has 26,000, a few with a marker)."""
    found: set[etree._Element] = set()
    for light in root.iter(w("highlight")):
        found.update(light.iterancestors(w("p")))
    for t in root.iter(w("t")):
        if "[" in (t.text or "") or "[" in (t.tail or ""):
            found.update(t.iterancestors(w("p")))
    return found


def _in_paragraph(p: etree._Element, where: str) -> list[Found]:
    runs: list[tuple[str, bool]] = []
    for r in p.iter(w("r")):
        text = "".join(t.text or "" for t in r.iter(w("t")))
        light = r.find(f"{w('rPr')}/{w('highlight')}")
        runs.append((text, light is not None and light.get(w("val")) not in (None, "none")))
    whole = "".join(text for text, _ in runs)
    context = whole.strip()[:60] + ("…" if len(whole.strip()) > 60 else "")
    found, current = [], ""
    for text, lit in [*runs, ("", False)]:
        if lit:
            current += text
            continue
        if current.strip():
            found.append(current.strip())
        current = ""
    plain = "".join(text for text, lit in runs if not lit)
    found += [m.group(0) for m in _WORDED.finditer(plain)]
    return [Found(text, where, context) for text in found]
