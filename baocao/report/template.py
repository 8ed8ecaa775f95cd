"""A Word template as docxtpl reads it, with a pointer from every line Jinja sees back to the paragraph the clerk
sees in Word: its part, its number, the headings above it and its text.

docxtpl renders one Jinja template per part (body, headers and footers, footnotes) made of the part's XML. Before
docxtpl patches that XML, a comment naming its paragraph is put before every ``<w:p>``, on a line of its own; Jinja's
line numbers (syntax errors, the nodes the checks walk, a rendering error's traceback) then find the paragraph, and
the comments are removed from what is rendered. What Word leaves inside a tag when the clerk types it (spelling
marks, a run cut in two, a non-breaking space) is repaired here, before docxtpl joins the pieces.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.parser import element_class_lookup
from docxtpl import DocxTemplate
from lxml import etree

from .issues import BODY, Where, quote
from .tables import fit_grids

HEADER, FOOTER, NOTES = "đầu trang", "chân trang", "chú thích"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_P = re.compile(r"<w:p(?=[ >])")
_MARK = re.compile(r"\n?<!--¶(\d+)-->")
_INSIDE_TAG = re.compile(r"(?<=\{[\{%])(.*?)(?=[\}%]\})", re.DOTALL)
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_PROOF = re.compile(r"<w:proofErr\b[^>]*/>")
_ODD_SPACE = re.compile("[\u00a0\u2000-\u200b\u202f\u205f\u3000]")
_HEADING = re.compile(r"^\s*(?:([IVXLC]+)\.|(\d+)\.|([a-zđ])\))\s")
_HEADING_STYLES = {"heading1": 1, "heading2": 2, "heading3": 3, "heading 1": 1, "heading 2": 2, "heading 3": 3}
_TRACKED = ("ins", "del", "moveFrom", "moveTo")
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_BODY_START = re.compile(r'<w:body((?:\s+[^\s=/>]+="[^"]*")*)\s*>')
_ATTRIBUTE = re.compile(r'([^\s=/>]+)="([^"]*)"')
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)   # as docxtpl's resolve_listing finds them
_LISTING = re.compile("[\t\a\n\f]")


@dataclass
class Part:
    """One part of the template: its label, its paragraphs and the Jinja source docxtpl makes of it."""

    label: str
    source: str
    texts: list[str]
    headings: list[str]
    repaired: list[tuple[int, str]] = field(default_factory=list)   # tags Word had cut into pieces
    tracked: list[int] = field(default_factory=list)                 # paragraphs with tracked changes in tags

    def where(self, lineno: int | None) -> Where | None:
        """The paragraph holding Jinja's line ``lineno``: the nearest paragraph comment at or above it."""
        lines = self.source.split("\n")
        for index in range(min(max((lineno or 1) - 1, 0), len(lines) - 1), -1, -1):
            found = _MARK.findall(lines[index])
            if found:
                return self.paragraph(int(found[-1]))
        return None

    def paragraph(self, n: int) -> Where:
        return Where(self.label, n, self.headings[n - 1], self.texts[n - 1])


class DocxFile(DocxTemplate):
    """docxtpl, with paragraph comments for pointing at the clerk's paragraphs, Word's spelling marks taken out of
    tags, and what Word writes inside a tag read as typed (``&amp;`` as ``&``, a non-breaking space as a space)."""

    def patch_xml(self, src_xml: str) -> str:
        number = itertools.count(1)
        marked = _P.sub(lambda m: f"\n<!--¶{next(number)}-->{m.group(0)}", src_xml)
        patched = super().patch_xml(_PROOF.sub("", marked))
        return _INSIDE_TAG.sub(lambda m: _ODD_SPACE.sub(" ", m.group(0)).replace("&amp;", "&").replace("&quot;", '"')
                               .replace("&apos;", "'").replace("&#39;", "'"), patched)

    def resolve_listing(self, xml: str) -> str:
        """docxtpl's, given only the paragraphs holding a tab, line break, ``\\a`` or ``\\f`` (it turns them into
        Word's own elements): the others come out as they go in, without its three regular expressions per run
        (a national report has 26,000 paragraphs, a handful with such a character)."""
        resolve = super().resolve_listing
        return _PARAGRAPH.sub(lambda m: resolve(m.group(0)) if _LISTING.search(m.group(0)) else m.group(0), xml)

    def fix_tables(self, xml: str) -> etree._Element:
        """docxtpl's: the rendered body parsed, a table's grid fitted to its widest row (``tables.fit_grids``).
        Parsed inside a copy of the document's own root when it can be, so that ``map_tree`` need not move it into
        the document: lxml walks a moved tree whole to point its namespaces at the new document's (a national
        report's body: 330,000 elements, 0.12 s)."""
        start = _BODY_START.match(xml)
        self.bare = start is not None and "xmlns" not in xml[start.end():]
        root = _in_root(self.docx.element, xml)
        body = root.find(f"{{{W}}}body") if root is not None else etree.fromstring(xml, etree.XMLParser(recover=True))
        fit_grids(body)
        return body

    def fix_docpr_ids(self, tree: etree._Element) -> None:
        """docxtpl's, on the body only (its ``//`` would search the whole document the body is now parsed in)."""
        for element in tree.iterfind(f".//{{{WP}}}docPr"):
            self.docx_ids_index += 1
            element.attrib["id"] = str(self.docx_ids_index)

    def map_tree(self, tree: etree._Element) -> None:
        """The rendered body in place: its root made the document's, or (parsed alone) moved into it."""
        root = tree.getparent()
        if root is None:
            super().map_tree(tree)
            return
        self.docx._element = self.docx.part._element = root
        self.docx._Document__body = None   # python-docx's view of the body, made again when asked for

    rendering_source = ""   # the patched XML of the part being rendered, to find it again after an error
    bare = False            # the rendered body declares no namespace below itself (``Notes.apply``)

    def render_xml_part(self, src_xml, part, context, jinja_env=None):  # type: ignore[no-untyped-def]
        self.rendering_source = src_xml
        return _MARK.sub("", super().render_xml_part(src_xml, part, context, jinja_env))


def _in_root(root: etree._Element, body: str) -> etree._Element | None:
    """The document's root, with the rendered ``body`` in place of its own, as one tree parsed with python-docx's
    element classes, exactly as the body moved into the root would be: the body's declarations of namespaces the root
    declares with the same prefix dropped (lxml drops them when it moves an element). None when that cannot be
    promised (the body would rename a prefix, has attributes, or is not well-formed: docxtpl's own way then)."""
    start = _BODY_START.match(body)
    if start is None or root.find(f"{{{W}}}body") is None:
        return None
    kept = []
    for name, href in _ATTRIBUTE.findall(start.group(1)):
        prefix = name[6:] or None if name.startswith("xmlns") else False
        if prefix is False or (href in root.nsmap.values() and root.nsmap.get(prefix) != href):
            return None
        if root.nsmap.get(prefix) != href:
            kept.append(f' {name}="{href}"')
    placeholder = etree.Comment("body")
    own = root.find(f"{{{W}}}body")
    root.replace(own, placeholder)
    try:
        head, tail = etree.tostring(root, encoding="unicode").split("<!--body-->")
    finally:
        root.replace(placeholder, own)
    parser = etree.XMLParser()
    parser.set_element_class_lookup(element_class_lookup)
    try:
        return etree.fromstring(f"{head}<w:body{''.join(kept)}{body[start.end(1):]}{tail}", parser)
    except etree.XMLSyntaxError:
        return None


def parts(doc: DocxFile) -> Iterator[Part]:
    """Every part docxtpl renders, in the order it renders them."""
    doc.init_docx()
    yield _part(doc, BODY, doc.get_xml())
    for uri, label in ((doc.HEADER_URI, HEADER), (doc.FOOTER_URI, FOOTER)):
        for _, part in doc.get_headers_footers(uri):
            yield _part(doc, label, doc.get_part_xml(part))
    for rel in doc.docx.part.rels.values():
        if rel.reltype == RELATIONSHIP_TYPE.FOOTNOTES and not rel.is_external:
            yield _part(doc, NOTES, rel.target_part.blob.decode("utf-8"))


def _part(doc: DocxFile, label: str, xml: str) -> Part:
    root = etree.fromstring(xml.encode("utf-8"))
    paragraphs = list(root.iter(f"{{{W}}}p"))
    texts = ["".join(t.text or "" for t in p.iter(f"{{{W}}}t")) for p in paragraphs]
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", doc.patch_xml(xml))
    return Part(label, source, texts, _headings(paragraphs, texts), _split_tags(paragraphs, texts),
                _tracked(paragraphs))


def _headings(paragraphs: list[etree._Element], texts: list[str]) -> list[str]:
    """For each paragraph, the headings above it (``I. … › 4. … › a) …``), found by heading style or by the numbering
    the clerk types (``I.``, ``1.``, ``a)``); a heading followed by text on its line is shown up to its colon."""
    levels: list[str] = ["", "", ""]
    result = []
    for p, text in zip(paragraphs, texts):
        result.append(" › ".join(h for h in levels if h))
        style = p.find(f"{{{W}}}pPr/{{{W}}}pStyle")
        level = _HEADING_STYLES.get((style.get(f"{{{W}}}val") or "").lower()) if style is not None else None
        m = _HEADING.match(text)
        if m:
            level = 1 if m.group(1) else 2 if m.group(2) else 3
        if level:
            head = text.strip()
            head = head.split(":")[0] if ":" in head[:90] else quote(head, width=60)
            levels[level - 1:] = [head] + [""] * (3 - level)
    return result


def _split_tags(paragraphs: list[etree._Element], texts: list[str]) -> list[tuple[int, str]]:
    """(paragraph number, tag) of the tags Word stored in several runs (a spelling mark, an edit in the middle):
    docxtpl joins the pieces, and ``kiem-tra-mau`` says so, since the clerk may see the tag in two formats."""
    found = []
    for n, (p, text) in enumerate(zip(paragraphs, texts), start=1):
        if "{" not in text:
            continue
        starts, at = [], 0
        for r in p.iter(f"{{{W}}}r"):
            starts.append(at)
            at += sum(len(t.text or "") for t in r.iter(f"{{{W}}}t"))
        found += [(n, m.group(0)) for m in _TAG.finditer(text) if any(m.start() < s < m.end() for s in starts)]
    return found


def _tracked(paragraphs: list[etree._Element]) -> list[int]:
    """Paragraphs with tags and changes still tracked (Track Changes): docxtpl would join deleted and inserted
    text into one tag, so they must be accepted or rejected in Word first."""
    found = []
    for n, p in enumerate(paragraphs, start=1):
        if any(True for tag in _TRACKED for _ in p.iter(f"{{{W}}}{tag}")):
            text = "".join(t.text or "" for t in p.iter(f"{{{W}}}t", f"{{{W}}}delText"))
            if "{" in text or "%" in text:
                found.append(n)
    return found
