"""Real Word footnotes, markers, bold runs and (in the review copy) comments, created from data during a docxtpl
render.

docxtpl fills Jinja tags inside the XML but cannot create footnotes, and a highlighted run
cannot be printed by a plain ``{{ }}`` tag. So template functions register each footnote or
marker in a per-render :class:`Notes` and print a unique token (private-use characters around a
number). After rendering, :meth:`Notes.apply` splits the runs at the tokens, keeps their
formatting, inserts footnote references or highlighted runs, and writes ``word/footnotes.xml``
with its relationship, content type, separators and ``footnotePr``. Word numbers footnotes by
the order of their references, so numbering is continuous whatever the ids are.

A figure also prints a pair of tokens around itself (:meth:`Notes.source`): the clean draft drops them, the
review copy turns them into a Word comment on the figure saying where it comes from (``comments``, made as
python-docx's ``Document.add_comment`` makes them). Both come from one rendering: the draft is saved first, then
the comments are added (``Notes.comment``) and the review copy is saved. A chart (``bieu_do(...)``) is a token
too: :func:`charts.place_chart` draws it where the token is.
"""
from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement, parse_xml
from lxml import etree
from markupsafe import Markup

from .comments import CommentWriter
from .footnote_part import (FOOTNOTE_REFERENCE, FOOTNOTE_TEXT, ensure_separators, ensure_settings, ensure_styles,
                            footnotes_part)

if TYPE_CHECKING:
    from .charts import BarChart

OPEN, CLOSE, END = "\ue000", "\ue001", "/"
TOKEN = re.compile(f"{OPEN}(/?\\d+){CLOSE}")     # /n ends the span n opened
MARKER_HIGHLIGHT = "yellow"
COMMENT_AUTHOR, COMMENT_INITIALS = "Đối chiếu số liệu", "ĐC"
COMMENT_IDS_FROM = 100_000     # comment ids never meet footnote ids (see Notes.comment)
_T, _R, _RPR, _SPACE = qn("w:t"), qn("w:r"), qn("w:rPr"), qn("xml:space")   # looked up once: used per run
_ONE_SOURCE = re.compile(f"{OPEN}(\\d+){CLOSE}([^{OPEN}{CLOSE}]+){OPEN}{END}(\\d+){CLOSE}")   # a figure, its source
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff" + OPEN + CLOSE + "]")


class PlacementError(ValueError):
    """A footnote was placed where Word does not allow one (page header or footer, another footnote)."""


def clean(text: str) -> str:
    """Text typed by units, made safe for XML: no control characters and no forged tokens."""
    return _XML_INVALID.sub("", text)


@dataclass(frozen=True)
class Footnote:
    """A footnote body: one paragraph per line; ``lead`` is printed bold before the text (``Điển hình:``)."""

    text: str
    lead: str = ""


@dataclass(frozen=True)
class Marker:
    """A highlighted run shown instead of a figure that cannot be given, e.g. ``[thiếu số liệu: Sở Y tế]``, or
    with a figure the checks doubt: ``1.224 [chưa khớp: … — Sở Khoa học và Công nghệ]``."""

    text: str


@dataclass(frozen=True)
class Bold:
    """A bold run inside a value, e.g. the lateness of a task: ``(**chậm tiến độ 01 tháng** so với …)``."""

    text: str


@dataclass(frozen=True)
class Source:
    """Where a printed figure comes from: a comment on it in the review copy (the text made only then)."""

    text: Callable[[], str]


@dataclass(frozen=True)
class Drawing:
    """A native Word chart (``charts.BarChart``) drawn where the token is; ``text`` is how it is spelled outside
    Word (the template guide)."""

    chart: BarChart
    text: str


Entry = Footnote | Marker | Bold | Source | Drawing


class Notes:
    """Per-render registry of footnotes, markers, sources and charts, and the post-processor that makes them
    real."""

    def __init__(self) -> None:
        self._entries: list[Entry] = []
        self._notes: etree._Element | None = None
        self._next_id = 1
        self._review = self._bare = False
        self._open: dict[int, etree._Element | None] = {}             # span → its first run (None: none yet)
        self._spans: list[tuple[etree._Element, etree._Element, Source]] = []
        self._drawings: list[tuple[etree._Element, Drawing]] = []

    def footnote(self, text: str, lead: str = "") -> Markup:
        """Register a footnote; the returned token marks where its reference goes."""
        if TOKEN.search(lead) or any(isinstance(self._entry(m), Footnote) for m in TOKEN.findall(text)):
            raise PlacementError("Không đặt được chú thích bên trong một chú thích khác.")
        return self._register(Footnote(text, lead))

    def marker(self, text: str) -> Markup:
        """Register a highlighted marker; the returned token marks where it goes."""
        return self._register(Marker(clean(text)))

    def bold(self, text: str) -> Markup:
        """Register a bold run; the returned token marks where it goes."""
        return self._register(Bold(clean(text)))

    def source(self, printed: str, text: Callable[[], str]) -> Markup:
        """``printed`` between the tokens of a span: a comment saying ``text()`` on it in the review copy."""
        start = self._register(Source(text))
        return Markup(f"{start}{printed}{OPEN}{END}{start[1:-1]}{CLOSE}")

    def chart(self, chart: BarChart, text: str) -> Markup:
        """Register a chart; the returned token marks the paragraph it is drawn in."""
        return self._register(Drawing(chart, clean(text)))

    def plain(self, text: str) -> str:
        """The text with every token spelled out (markers and bold runs as their text, footnotes in brackets, no
        sources): for showing a value outside Word, in the template guide."""
        def spell(m: re.Match[str]) -> str:
            entry = self._entry(m.group(1))
            if isinstance(entry, Footnote):
                return f" [chú thích: {self.plain(entry.lead + ' ' + entry.text if entry.lead else entry.text)}]"
            return entry.text if isinstance(entry, (Marker, Bold, Drawing)) else ""
        return TOKEN.sub(spell, str(text))

    def _register(self, entry: Entry) -> Markup:
        self._entries.append(entry)
        return Markup(f"{OPEN}{len(self._entries)}{CLOSE}")

    def _entry(self, number: str) -> Entry | None:
        index = int(number.lstrip(END)) - 1
        return self._entries[index] if 0 <= index < len(self._entries) else None

    def apply(self, document: Document, review: bool = False, bare: bool = False) -> None:
        """Replace every token in the rendered document by a footnote reference or a marker run; sources vanish,
        and are kept for ``comment`` (``review``: the review copy is the same document with them as comments).
        ``bare``: nothing in the body declares a namespace but the body (``template.DocxFile.bare``)."""
        self._review, self._open, self._spans = review, {}, []
        part = footnotes_part(document)
        notes = parse_xml(part.blob)
        ensure_separators(notes)
        ids = [int(n.get(qn("w:id"))) for n in notes.findall(qn("w:footnote"))]
        self._next_id = max([*ids, 0]) + 1
        self._notes = notes
        self._bare = bare
        self._replace(document.element.body, allow_footnotes=True)
        self._bare = False
        drawings, self._drawings = self._drawings, []
        if drawings:   # python-pptx is loaded only for a report with a chart
            from .chart_part import draw
            draw(document, [(run, entry.chart) for run, entry in drawings])
        self._review = False            # Word takes no comments in page headers and footers
        for rel in document.part.rels.values():
            if rel.reltype in (RELATIONSHIP_TYPE.HEADER, RELATIONSHIP_TYPE.FOOTER) and not rel.is_external:
                self._replace_in_part(rel.target_part)
        self._review = review
        self._replace(notes, allow_footnotes=False)
        if hasattr(part, "_element"):   # python-docx loaded the part as XML: its element is what gets saved
            part._element = notes
        else:                           # a plain part (python-docx 1.2, docxtpl's rendering): the bytes are
            part._blob = etree.tostring(notes, xml_declaration=True, encoding="UTF-8", standalone=True)
        ensure_settings(document)
        ensure_styles(document)

    def _replace_in_part(self, part: Part) -> None:
        root = getattr(part, "element", None)
        if root is not None:
            self._replace(root, allow_footnotes=False)

    def _replace(self, root: etree._Element, allow_footnotes: bool) -> None:
        for text in list(root.iter(_T)):
            if text.text and OPEN in text.text:
                self._split_run(text, allow_footnotes)

    def _split_run(self, text: etree._Element, allow_footnotes: bool) -> None:
        """Cut the run holding ``text`` at each token; the pieces keep the run's formatting."""
        if self._one_figure(text):
            return
        run = text.getparent()
        props = run.find(_RPR)
        children = [c for c in run if c.tag != _RPR]
        at = children.index(text)
        pieces: list[etree._Element] = []
        if at:
            pieces.append(_run(props, children[:at]))
        parts = TOKEN.split(text.text)
        for i, piece in enumerate(parts):
            if i % 2 == 0:
                if piece:
                    pieces.append(_run(props, [_t(piece)]))
                    self._first_of_spans(pieces[-1])
                continue
            entry = self._entry(piece)
            if isinstance(entry, Source):
                self._span(int(piece.lstrip(END)), piece.startswith(END), pieces[-1] if pieces else None, entry)
            elif isinstance(entry, Marker):
                pieces.append(_marker_run(props, entry.text))
                self._first_of_spans(pieces[-1])
            elif isinstance(entry, Bold):
                pieces.append(_bold_run(props, entry.text))
                self._first_of_spans(pieces[-1])
            elif isinstance(entry, Drawing):
                if not allow_footnotes:
                    raise PlacementError("Biểu đồ chỉ đặt được trong nội dung văn bản, "
                                         "không đặt được ở đầu trang, chân trang hay trong chú thích.")
                pieces.append(_run(props, []))
                self._drawings.append((pieces[-1], entry))
            elif isinstance(entry, Footnote):
                if not allow_footnotes:
                    raise PlacementError("Chú thích chỉ đặt được trong nội dung văn bản, "
                                         "không đặt được ở đầu trang, chân trang hay trong chú thích khác.")
                pieces.append(self._reference(entry))
            else:
                pieces.append(_run(props, [_t(f"{OPEN}{piece}{CLOSE}")]))
        if at + 1 < len(children):
            pieces.append(_run(props, children[at + 1:]))
        parent = run.getparent()
        index = parent.index(run)
        parent.remove(run)
        for offset, piece in enumerate(pieces):
            parent.insert(index + offset, piece)

    def _one_figure(self, text: etree._Element) -> bool:
        """A run that holds nothing but one figure between its source's tokens (most of a national report's 10,000)
        made, in place, what the cut would make of it: a run with no attributes, the same properties and one
        ``w:t`` with the figure, space kept. Only where no run or text declares a namespace of its own (``bare``:
        the cut's new elements would not). Anything else (two tokens, other children) is left to the cut."""
        m = _ONE_SOURCE.fullmatch(text.text)
        run = text.getparent()
        props = run.find(_RPR)
        if not self._bare or m is None or m.group(1) != m.group(3) or len(run) != (1 if props is None else 2) \
                or run[-1] is not text or len(text):
            return False
        source = self._entry(m.group(1))
        if not isinstance(source, Source):
            return False
        number = int(m.group(1))
        self._span(number, False, None, source)
        run.attrib.clear()
        run.tail = None   # the cut's new run has none: the old one leaves with its tail
        text.attrib.clear()
        text.set(_SPACE, "preserve")
        text.text, text.tail = m.group(2), None
        self._first_of_spans(run)
        self._span(number, True, run, source)
        return True

    def comment(self, document: Document) -> None:
        """After ``apply(review=True)`` (and the draft saved, if wanted): a comment on each figure of the body; the
        figures of a footnote in one comment on its reference mark in the body (LibreOffice cannot open a document
        with comments inside footnotes; Word shows both alike)."""
        if not self._spans:
            return
        # LibreOffice mixes up a comment and a footnote that have the same id (it prints one footnote's text in
        # place of another): comment ids start far above any footnote's.
        comments = CommentWriter(document, COMMENT_IDS_FROM, COMMENT_AUTHOR, COMMENT_INITIALS)
        in_notes: dict[str, list[str]] = {}
        for first, last, source in self._spans:
            note = next(first.iterancestors(qn("w:footnote")), None)
            if note is None:
                comments.add(first, last, source.text())
            else:
                printed = "".join(t.text or "" for r in _between(first, last) for t in r.iter(qn("w:t")))
                in_notes.setdefault(note.get(qn("w:id")), []).append(f"«{printed}»: {source.text()}")
        for ref in document.element.body.iter(qn("w:footnoteReference")):
            lines = in_notes.get(ref.get(qn("w:id")))
            if lines:   # on the text just before the reference mark: LibreOffice mislays a commented footnote
                mark = ref.getparent()
                before = mark.getprevious()
                run = before if before is not None and before.tag == qn("w:r") else mark
                comments.add(run, run, "Số liệu trong chú thích:\n" + "\n".join(lines))
        comments.close()

    def _span(self, number: int, end: bool, last: etree._Element | None, source: Source) -> None:
        """A span opens (its first run is the next one made) or ends at ``last``, the run made before its end."""
        if not self._review:
            return
        if not end:
            self._open[number] = None
            return
        first = self._open.pop(number, None)
        if first is not None and last is not None:
            self._spans.append((first, last, source))

    def _first_of_spans(self, run: etree._Element) -> None:
        for number, first in self._open.items():
            if first is None:
                self._open[number] = run

    def _reference(self, entry: Footnote) -> etree._Element:
        """A new footnote with its body, and the reference run that points at it (one id per reference)."""
        assert self._notes is not None
        number = str(self._next_id)
        self._next_id += 1
        self._notes.append(_footnote_body(number, entry))
        run = OxmlElement("w:r")
        props = run.get_or_add_rPr()
        props.get_or_add_rStyle().set(qn("w:val"), FOOTNOTE_REFERENCE)
        props.get_or_add_vertAlign().set(qn("w:val"), "superscript")
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), number)
        run.append(ref)
        return run


def _between(first: etree._Element, last: etree._Element) -> list[etree._Element]:
    """The runs from ``first`` to ``last`` (siblings in one paragraph)."""
    runs = [first]
    if first is last:
        return runs
    for sibling in first.itersiblings():
        if sibling.tag == _R:
            runs.append(sibling)
        if sibling is last:
            break
    return runs


def _t(text: str) -> etree._Element:
    t = OxmlElement("w:t")
    t.text = text
    t.set(_SPACE, "preserve")
    return t


def _run(props: etree._Element | None, children: list[etree._Element]) -> etree._Element:
    run = OxmlElement("w:r")
    if props is not None:
        run.append(copy.deepcopy(props))
    for child in children:
        run.append(child)
    return run


def _marker_run(props: etree._Element | None, text: str) -> etree._Element:
    run = _run(props, [_t(text)])
    rpr = run.get_or_add_rPr()
    for tag in ("w:shd", "w:vertAlign"):
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)
    rpr.get_or_add_highlight().set(qn("w:val"), MARKER_HIGHLIGHT)
    return run


def _bold_run(props: etree._Element | None, text: str) -> etree._Element:
    run = _run(props, [_t(text)])
    run.get_or_add_rPr().get_or_add_b().attrib.pop(qn("w:val"), None)   # bold even inside a run typed not bold
    return run


def _footnote_body(number: str, entry: Footnote) -> etree._Element:
    note = OxmlElement("w:footnote")
    note.set(qn("w:id"), number)
    lines = [line for line in entry.text.split("\n") if line.strip()] or [""]
    for i, line in enumerate(lines):
        p = OxmlElement("w:p")
        p.get_or_add_pPr().get_or_add_pStyle().set(qn("w:val"), FOOTNOTE_TEXT)
        if i == 0:
            ref = OxmlElement("w:r")
            ref.get_or_add_rPr().get_or_add_rStyle().set(qn("w:val"), FOOTNOTE_REFERENCE)
            ref.rPr.get_or_add_vertAlign().set(qn("w:val"), "superscript")
            ref.append(OxmlElement("w:footnoteRef"))
            p.append(ref)
            p.append(_run(None, [_t(" ")]))
            if entry.lead:
                bold = _run(None, [_t(clean(entry.lead) + " ")])
                bold.get_or_add_rPr().get_or_add_b()
                p.append(bold)
        p.append(_run(None, [_t(_strip_control(line))]))
        note.append(p)
    return note


def _strip_control(text: str) -> str:
    """Like :func:`clean` but keeps tokens: markers inside a footnote are resolved afterwards."""
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", text)
