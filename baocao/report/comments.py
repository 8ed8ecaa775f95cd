"""Word comments added by the thousand (the review copy: one on each figure, ~10,000 in a national month).

python-docx's ``Document.add_comment`` finds the largest id among all the comments at each call, so adding n
comments costs n²: 140 s for a national month; its element classes then cost ~0.2 ms a comment. Here the ids are
counted and the XML python-docx writes is made directly: the same ``w:comment`` (id, author, initials, date; a
``CommentText`` paragraph a line, the first opening with the annotation mark) and the same range marks and
reference run around the commented runs. The comments themselves are kept as serialized XML, not as lxml trees
(~40 MB for a national month, in the worker that holds the whole rendered document), and become the comments part's
bytes when the writer is closed.
"""
from __future__ import annotations

import datetime as dt
import re
from xml.sax.saxutils import escape

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

_ID, _VAL = qn("w:id"), qn("w:val")
_R, _RPR, _RSTYLE = qn("w:r"), qn("w:rPr"), qn("w:rStyle")
_REFERENCE, _START, _END = (qn(tag) for tag in ("w:commentReference", "w:commentRangeStart", "w:commentRangeEnd"))
_PARAGRAPH = '<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>'
_MARK = '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'
_ATTRIBUTE = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}   # as libxml2 writes attributes
_PIECES = re.compile(r"[^\t\r\n]+|[\t\r\n]")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class CommentWriter:
    """Comments with ids from ``first`` up (or after the largest one the document already has); ``close`` writes
    them into the document's comments part."""

    def __init__(self, document: Document, first: int, author: str, initials: str) -> None:
        self._document = document
        self._part = document.part._comments_part   # created on first use
        used = [int(x) for x in self._part.element.xpath("./w:comment/@w:id")]
        self._next = max([*used, first - 1]) + 1
        # ST_DateTime as python-docx writes it, read once: all the comments of a run are made in the same second
        date = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self._open = "".join(f' w:{name}="{_attribute(value)}"' for name, value in (
            ("author", author), ("initials", initials), ("date", date)))
        self._written: list[bytes] = []

    def add(self, first: etree._Element, last: etree._Element, text: str) -> None:
        """A comment saying ``text`` (each line a paragraph) on the runs from ``first`` to ``last``."""
        number = str(self._next)
        self._next += 1
        lines = [_PARAGRAPH + (_MARK if index == 0 else "") + _text_run(line) + "</w:p>"
                 for index, line in enumerate(text.split("\n"))]
        self._written.append(f'<w:comment w:id="{number}"{self._open}>{"".join(lines)}</w:comment>'.encode())
        first.addprevious(etree.Element(_START, {_ID: number}))
        reference = etree.Element(_R)
        etree.SubElement(etree.SubElement(reference, _RPR), _RSTYLE, {_VAL: "CommentReference"})
        etree.SubElement(reference, _REFERENCE, {_ID: number})
        last.addnext(reference)
        last.addnext(etree.Element(_END, {_ID: number}))

    def close(self) -> None:
        """The comments part as bytes: what it had, then the comments added (the part python-docx saves)."""
        root = self._part.element
        if root.prefix != "w":
            raise ValueError(f"the comments part names WordprocessingML {root.prefix!r}, not 'w'")
        end = etree.Comment("the comments added")
        root.append(end)
        try:
            head, tail = etree.tostring(root, encoding="UTF-8", standalone=True).split(etree.tostring(end))
        finally:
            root.remove(end)
        blob = b"".join([head, *self._written, tail])
        self._written = []
        part = Part(self._part.partname, self._part.content_type, blob, self._part.package)
        rels = self._document.part.rels
        rel = next(r for r in rels.values() if r.reltype == RELATIONSHIP_TYPE.COMMENTS and not r.is_external)
        rels.add_relationship(RELATIONSHIP_TYPE.COMMENTS, part, rel.rId)   # the same relationship, now to the bytes
        self._part = part


def _text_run(line: str) -> str:
    """``Paragraph.add_run(line)`` as python-docx writes it: text in ``w:t`` (space kept when it starts or ends the
    piece), a tab or carriage return an element of its own; nothing for an empty line."""
    if not line:
        return ""
    if _NOT_XML.search(line):
        raise ValueError("All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control characters")
    content = []
    for piece in _PIECES.findall(line):
        if piece == "\t":
            content.append("<w:tab/>")
        elif piece in "\r\n":
            content.append("<w:br/>")
        else:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            content.append(f"<w:t{space}>{escape(piece)}</w:t>")
    return f"<w:r>{''.join(content)}</w:r>"


def _attribute(value: str) -> str:
    return escape(value, _ATTRIBUTE)
