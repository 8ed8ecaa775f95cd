"""The Word parts the project writes itself rather than through python-docx's objects (for size: a national review
copy has ~10,000 comments and an 8 MB document.xml): the review copy's comments and the way a document is saved.
Each is compared with what python-docx makes of the same document."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from docx import Document
from lxml import etree

from baocao.report.comments import CommentWriter
from baocao.report.saving import save

TEXTS = ("Sở Tài chính, tai_chinh.xlsx, Biểu 1!D6–D14", " a & b <c> \"d\" ", "first\nsecond\t(tab)\n third",
         "carriage\rreturn")
_DATE = re.compile(rb'w:date="[^"]*"')


def _document_with_runs() -> Document:
    document = Document()
    for index, text in enumerate(TEXTS):
        document.add_paragraph(f"đoạn {index}: ").add_run(text)
    return document


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: _DATE.sub(b'w:date=""', z.read(name)) for name in z.namelist()}


def test_comments_written_as_text_are_the_xml_python_docx_writes_for_each_comment(tmp_path: Path) -> None:
    theirs, ours = _document_with_runs(), _document_with_runs()
    for text, paragraph in zip(TEXTS, theirs.paragraphs):
        theirs.add_comment(paragraph.runs[-1], text=text, author="Đối chiếu", initials="ĐC")
    comments = CommentWriter(ours, 0, "Đối chiếu", "ĐC")
    for text, paragraph in zip(TEXTS, ours.paragraphs):
        comments.add(paragraph.runs[-1]._r, paragraph.runs[-1]._r, text)
    comments.close()
    theirs.save(str(tmp_path / "theirs.docx"))
    ours.save(str(tmp_path / "ours.docx"))
    expected, made = _parts(tmp_path / "theirs.docx"), _parts(tmp_path / "ours.docx")
    assert made.keys() == expected.keys()
    for name in ("word/comments.xml", "word/document.xml"):
        assert etree.tostring(etree.fromstring(made[name]), method="c14n") == \
            etree.tostring(etree.fromstring(expected[name]), method="c14n"), name


def test_a_document_saved_part_by_part_holds_the_parts_python_docx_saves_in_the_same_order(tmp_path: Path) -> None:
    document = _document_with_runs()
    document.add_comment(document.paragraphs[0].runs, text="nguồn", author="Đối chiếu", initials="ĐC")
    document.save(str(tmp_path / "python-docx.docx"))
    save(document, tmp_path / "streamed.docx")
    with zipfile.ZipFile(tmp_path / "python-docx.docx") as expected, \
            zipfile.ZipFile(tmp_path / "streamed.docx") as made:
        assert [(i.filename, i.compress_type, i.external_attr) for i in made.infolist()] == \
            [(i.filename, i.compress_type, i.external_attr) for i in expected.infolist()]
        for name in expected.namelist():
            assert made.read(name) == expected.read(name), name
