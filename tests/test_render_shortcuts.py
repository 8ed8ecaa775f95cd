"""The rendering's shortcuts give what the long way gives: docxtpl's resolve_listing run only on the paragraphs
that hold a tab, line break, ``\\a`` or ``\\f``; the markers counted only in paragraphs with a highlight or a
bracket; docxtpl's table fix with each row's width found from its spanning cells; the ND30 font check answered from
the styles when they give every run the same font; a run holding one figure made in place, not cut."""
from __future__ import annotations

import pytest
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


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LIGHT = '<w:rPr><w:highlight w:val="yellow"/></w:rPr>'
words = st.sampled_from(["Số liệu ", "[thiếu số liệu: Sở Y tế]", "[ghi chú]", "1.234", "[", "]", " "])
runs = st.lists(st.tuples(st.booleans(), words, st.sampled_from(["", "[", "x"])), min_size=1, max_size=4)


def _paragraph(parts: list[tuple[bool, str, str]], inner: str = "") -> str:
    return "<w:p>" + "".join(f'<w:r>{LIGHT if lit else ""}<w:t xml:space="preserve">{text}</w:t>{tail}</w:r>'
                             for lit, text, tail in parts) + inner + "</w:p>"


@given(st.lists(st.tuples(runs, st.one_of(st.none(), runs)), max_size=6))
def test_the_markers_found_from_the_highlights_and_brackets_are_those_each_paragraph_holds(
        paragraphs: list[tuple[list, list | None]]) -> None:
    from lxml import etree

    from baocao.report.markers import _in_paragraph, markers_in

    xml = "".join(_paragraph(p, f"<w:r><w:txbxContent>{_paragraph(q)}</w:txbxContent></w:r>" if q else "")
                  for p, q in paragraphs)
    body = etree.fromstring(f'<w:body xmlns:w="{W}">{xml}</w:body>')
    every = [m for n, p in enumerate(body.iter(f"{{{W}}}p"), start=1) for m in _in_paragraph(p, f"đoạn {n}")]
    assert markers_in(body, None) == every


GRID = '<w:tblGrid>{}</w:tblGrid>'
widths = st.lists(st.one_of(st.none(), st.integers(100, 3000)), max_size=5)
cells = st.lists(st.lists(st.integers(1, 3), max_size=6), max_size=5)   # each row: its cells' gridSpan


def _table(grid: list[int | None], rows: list[list[int]], inner: str = "") -> str:
    columns = "".join(f'<w:gridCol w:w="{w}"/>' if w is not None else "<w:gridCol/>" for w in grid)
    body = "".join("<w:tr>" + "".join(
        "<w:tc>" + (f'<w:tcPr><w:gridSpan w:val="{s}"/></w:tcPr>' if s > 1 else "") + "<w:p/></w:tc>" for s in row)
        + "</w:tr>" for row in rows)
    return f"<w:tbl>{GRID.format(columns)}{body}{inner}</w:tbl>"


@given(widths, cells, st.one_of(st.none(), st.tuples(widths, cells)))
def test_table_grids_are_fitted_to_their_rows_as_docxtpl_fits_them(grid: list, rows: list, inner: tuple | None) -> None:
    from lxml import etree

    from baocao.report.tables import fit_grids

    nested = f"<w:tr><w:tc>{_table(*inner)}<w:p/></w:tc></w:tr>" if inner else ""
    xml = f'<w:body xmlns:w="{W}">{_table(grid, rows, nested)}</w:body>'
    try:
        theirs = etree.tostring(DocxTemplate.__new__(DocxTemplate).fix_tables(xml))
    except (TypeError, ZeroDivisionError) as failure:   # a grid with and without widths: docxtpl fails, so must we
        with pytest.raises(type(failure)):
            fit_grids(etree.fromstring(xml))
        return
    ours = etree.fromstring(xml)
    fit_grids(ours)
    assert etree.tostring(ours) == theirs


fonts = st.sampled_from(["", "Times New Roman", "Arial"])
styles = st.lists(st.tuples(fonts, st.one_of(st.none(), st.integers(0, 4))), min_size=1, max_size=5)
runs_styled = st.lists(st.tuples(st.one_of(st.none(), st.integers(0, 6)), st.one_of(st.none(), st.integers(0, 6))),
                       min_size=1, max_size=6)


def _fonts(name: str) -> str:
    return f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}"/>' if name else ""


@given(styles, fonts, runs_styled)
def test_when_the_styles_give_times_new_roman_every_run_without_its_own_font_has_it(
        defined: list[tuple[str, int | None]], default: str, used: list[tuple[int | None, int | None]]) -> None:
    from lxml import etree

    from baocao.report.docx_text import Formatting

    xml = "".join(f'<w:style w:styleId="s{i}"><w:rPr>{_fonts(name)}</w:rPr>'
                  + (f'<w:basedOn w:val="s{base}"/>' if base is not None else "") + "</w:style>"
                  for i, (name, base) in enumerate(defined))
    formatting = Formatting(etree.fromstring(f'<w:styles xmlns:w="{W}"><w:docDefaults><w:rPrDefault><w:rPr>'
                                             f'{_fonts(default)}</w:rPr></w:rPrDefault></w:docDefaults>{xml}</w:styles>'))
    body = etree.fromstring(f'<w:body xmlns:w="{W}">' + "".join(
        "<w:p>" + (f'<w:pPr><w:pStyle w:val="s{p}"/></w:pPr>' if p is not None else "")
        + "<w:r><w:rPr>" + (f'<w:rStyle w:val="s{r}"/>' if r is not None else "") + "</w:rPr><w:t>x</w:t></w:r></w:p>"
        for r, p in used) + "</w:body>")
    found = {formatting.font(r, p) for p in body.iter(f"{{{W}}}p") for r in p.iter(f"{{{W}}}r")}
    gives = formatting.styles_give("Times New Roman")
    assert gives == (default == "Times New Roman" and all(name in ("", default) for name, _ in defined))
    if gives:   # the ND30 check then skips asking each run
        assert found == {"Times New Roman"}


FIGURES = st.lists(st.tuples(st.sampled_from(["", ' w:rsidR="00A1B2"']), st.sampled_from(["", " ", "\n"]),
                             st.sampled_from(["", "<w:rPr><w:b/></w:rPr>"]), st.sampled_from(["12", "1.234", " 5 "]),
                             st.booleans()), min_size=1, max_size=5)


@given(FIGURES, st.booleans())
def test_a_run_holding_one_figure_made_in_place_is_the_run_the_cut_makes(figures: list[tuple], review: bool) -> None:
    from docx import Document
    from docx.oxml.parser import parse_xml
    from lxml import etree

    from baocao.report.footnotes import Notes

    made = []
    for bare in (True, False):
        notes, document = Notes(), Document()
        runs = []
        for attributes, tail, props, shown, second in figures:
            token = notes.source(shown, lambda: "nguồn")
            more = str(notes.source(shown, lambda: "nguồn")) if second else ""
            runs.append(f'<w:r{attributes}>{props}<w:t xml:space="preserve">{token}{more}</w:t></w:r>{tail}')
        paragraph = parse_xml(f'<w:p xmlns:w="{W}">{"".join(runs)}</w:p>')
        body = document.element.body
        body.insert(0, paragraph)
        notes.apply(document, review=review, bare=bare)
        spans = [(paragraph.index(first), paragraph.index(last)) for first, last, _ in notes._spans]
        made.append((etree.tostring(body), spans))
    assert made[0] == made[1]
