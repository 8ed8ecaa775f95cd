"""Word comments added by the thousand (the review copy: one on each figure, ~10,000 in a national month).

python-docx's ``Document.add_comment`` finds the largest id among all the comments at each call, so adding n
comments costs n²: 140 s for a national month; its element classes then cost ~0.2 ms a comment. Here the ids are
counted and the XML python-docx writes is made with lxml directly: the same ``w:comment`` (id, author, initials,
date; a ``CommentText`` paragraph a line, the first opening with the annotation mark) and the same range marks and
reference run around the commented runs.
"""
from __future__ import annotations

import datetime as dt

from docx.document import Document
from docx.oxml.ns import qn
from docx.oxml.text.run import _RunContentAppender
from lxml import etree

_ID, _VAL = qn("w:id"), qn("w:val")   # every tag looked up once: 10,000 comments
_COMMENT, _P, _PPR, _PSTYLE, _R, _RPR, _RSTYLE, _T = (qn(f"w:{tag}") for tag in (
    "comment", "p", "pPr", "pStyle", "r", "rPr", "rStyle", "t"))
_MARK, _REFERENCE, _START, _END, _SPACE = (qn(tag) for tag in (
    "w:annotationRef", "w:commentReference", "w:commentRangeStart", "w:commentRangeEnd", "xml:space"))


class CommentWriter:
    """Comments with ids from ``first`` up (or after the largest one the document already has)."""

    def __init__(self, document: Document, first: int, author: str, initials: str) -> None:
        self._comments = document.part._comments_part.element   # the part is created on first use
        used = [int(x) for x in self._comments.xpath("./w:comment/@w:id")]
        self._next = max([*used, first - 1]) + 1
        # ST_DateTime as python-docx writes it, read once: all the comments of a run are made in the same second
        date = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self._attrs = {qn("w:author"): author, qn("w:initials"): initials, qn("w:date"): date}

    def add(self, first: etree._Element, last: etree._Element, text: str) -> None:
        """A comment saying ``text`` (each line a paragraph) on the runs from ``first`` to ``last``."""
        number = str(self._next)
        self._next += 1
        comment = etree.SubElement(self._comments, _COMMENT, {_ID: number, **self._attrs})
        for index, line in enumerate(text.split("\n")):
            p = etree.SubElement(comment, _P)
            etree.SubElement(etree.SubElement(p, _PPR), _PSTYLE, {_VAL: "CommentText"})
            if index == 0:
                mark = etree.SubElement(p, _R)
                etree.SubElement(etree.SubElement(mark, _RPR), _RSTYLE, {_VAL: "CommentReference"})
                etree.SubElement(mark, _MARK)
            if line:
                _text_run(p, line)
        first.addprevious(etree.Element(_START, {_ID: number}))
        reference = etree.Element(_R)
        etree.SubElement(etree.SubElement(reference, _RPR), _RSTYLE, {_VAL: "CommentReference"})
        etree.SubElement(reference, _REFERENCE, {_ID: number})
        last.addnext(reference)
        last.addnext(etree.Element(_END, {_ID: number}))


def _text_run(p: etree._Element, line: str) -> None:
    """``Paragraph.add_run(line)``: one ``w:t`` (space kept when it starts or ends the line); python-docx's own
    appender for the rare line with a tab or carriage return, which become elements of their own."""
    run = etree.SubElement(p, _R)
    if "\t" in line or "\r" in line:
        _RunContentAppender.append_to_run_from_text(run, line)
        return
    t = etree.SubElement(run, _T)
    t.text = line
    if len(line.strip()) < len(line):
        t.set(_SPACE, "preserve")
