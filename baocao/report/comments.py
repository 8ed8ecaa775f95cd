"""Word comments added by the thousand (the review copy: one on each figure, ~7,000 in a national month).

python-docx's ``Document.add_comment`` finds the largest id among all the comments at each call, so adding n
comments costs n²: 140 s for a national month. Here the ids are counted instead, each comment made as python-docx
makes it (the same XML, author, initials, date and paragraphs, the same range marks around the runs).
"""
from __future__ import annotations

import datetime as dt

from docx.comments import Comment
from docx.document import Document
from docx.oxml.ns import nsdecls
from docx.oxml.parser import parse_xml
from docx.text.run import Run
from lxml import etree


class CommentWriter:
    """Comments with ids from ``first`` up (or after the largest one the document already has)."""

    def __init__(self, document: Document, first: int, author: str, initials: str) -> None:
        self._part = document.part._comments_part   # created on first use, as python-docx does
        self._element = self._part.element
        used = [int(x) for x in self._element.xpath("./w:comment/@w:id")]
        self._next = max([*used, first - 1]) + 1
        self._author, self._initials = author, initials

    def add(self, first: etree._Element, last: etree._Element, text: str) -> None:
        """A comment saying ``text`` (lines: paragraphs) on the runs from ``first`` to ``last``."""
        number, self._next = self._next, self._next + 1
        element = parse_xml(f'<w:comment {nsdecls("w")} w:id="{number}" w:author=""><w:p><w:pPr>'
                            '<w:pStyle w:val="CommentText"/></w:pPr><w:r><w:rPr><w:rStyle w:val="CommentReference"/>'
                            '</w:rPr><w:annotationRef/></w:r></w:p></w:comment>')
        self._element.append(element)
        element.author, element.initials = self._author, self._initials
        element.date = dt.datetime.now(dt.timezone.utc)
        comment = Comment(element, self._part)
        lines = text.split("\n")
        comment.paragraphs[0].add_run(lines[0])
        for line in lines[1:]:
            comment.add_paragraph(text=line)
        Run(first, None).mark_comment_range(Run(last, None), number)  # type: ignore[arg-type]
