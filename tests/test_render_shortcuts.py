"""The rendering's shortcuts give what the long way gives: docxtpl's resolve_listing run only on the paragraphs
that hold a tab, line break, ``\\a`` or ``\\f``."""
from __future__ import annotations

from docxtpl import DocxTemplate
from hypothesis import given
from hypothesis import strategies as st

from baocao.report.template import DocxFile

RUN = '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>'
texts = st.lists(st.sampled_from(["a", "ế", " ", "\t", "\n", "\a", "\f", "&amp;"]), max_size=8).map("".join)
paragraphs = st.lists(st.lists(texts, min_size=1, max_size=3), max_size=5)


@given(paragraphs, st.sampled_from(["", "<w:pPr><w:jc w:val=\"both\"/></w:pPr>"]))
def test_listing_characters_become_the_elements_docxtpl_makes_of_them(runs: list[list[str]], props: str) -> None:
    xml = "".join(f'<w:p w:rsidR="1">{props}{"".join(RUN.format(t) for t in p)}</w:p>\n<!--¶1-->' for p in runs)
    assert DocxFile.__new__(DocxFile).resolve_listing(xml) == DocxTemplate.__new__(DocxTemplate).resolve_listing(xml)
