"""Real Word footnotes created from data: in loops, conditions and tables, numbered in order, text as typed."""
from __future__ import annotations

import tempfile
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from lxml import etree

from baocao import pipeline
from baocao.catalog import load_catalog
from baocao.report.builder import Builder
from baocao.report.context import build_context
from baocao.report.highlights import HighlightView
from baocao.report.footnotes import Notes
from baocao.report.docx_text import extract_text
from baocao.report.render import TemplateProblem, render

from .builders import GOOD_A, GOOD_B, GOOD_C, OCT, make_project, write_submission

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TRICKY = "Công văn số 12/A&B <khẩn> \"mật\" và 'thường'"


def mini_template(path: Path, paragraphs: list[str], cell: str | None = None, header: str | None = None) -> Path:
    """A small Word template: one run per paragraph, optionally a table cell and a page header."""
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    if cell is not None:
        doc.add_table(rows=1, cols=1).cell(0, 0).text = cell
    if header is not None:
        doc.sections[0].header.paragraphs[0].text = header
    doc.save(str(path))
    return path


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The month's figures of a small project (3 units), ready to build a context from."""
    tmp_path = tmp_path_factory.mktemp("small")
    settings = make_project(tmp_path / "project")
    for unit, content in (("so_a", GOOD_A), ("so_b", GOOD_B), ("xa_c", GOOD_C)):
        write_submission(settings, unit, content)
    outcome = pipeline.check(settings, OCT)
    return {"settings": settings, "catalog": load_catalog(settings.catalog), "dataset": outcome.dataset,
            "figures": outcome.figures, "folder": tmp_path}


def render_mini(small: dict[str, Any], paragraphs: list[str], extra: dict[str, Any] | None = None,
                **template: str) -> Path:
    folder = Path(tempfile.mkdtemp(dir=small["folder"]))
    notes = Notes()
    context = build_context(small["settings"], OCT, small["catalog"], small["dataset"], small["figures"], notes)
    context.update(extra or {})
    target = folder / "out.docx"
    render(mini_template(folder / "mau.docx", paragraphs, **template), target, context, notes)
    return target


def parts(path: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as z:
        return {name: etree.fromstring(z.read(name)) for name in z.namelist() if name.endswith((".xml", ".rels"))}


def footnote_bodies(path: Path) -> list[etree._Element]:
    return [n for n in parts(path)["word/footnotes.xml"].iter(f"{W}footnote") if n.get(f"{W}type") is None]


def test_footnotes_inside_loops_conditions_and_table_cells_are_all_real_and_in_order(small) -> None:
    out = render_mini(small, [
        "Mở đầu{{ chu_thich('Chú thích thứ nhất') }}.",
        "{%p for x in danh_sach %}",
        "Mục {{ x }}{{ chu_thich('Ghi chú cho ' ~ x) }}",
        "{%p endfor %}",
        "{%p if co %}",
        "Khi có điều kiện{{ chu_thich('Trong điều kiện') }}",
        "{%p endif %}",
        "{%p if khong %}",
        "Không in{{ chu_thich('Không bao giờ xuất hiện') }}",
        "{%p endif %}",
    ], {"danh_sach": ["A", "B"], "co": True, "khong": False}, cell="Trong bảng{{ chu_thich('Chú thích trong ô') }}")
    text = extract_text(out)
    assert "Mở đầu[^1]." in text and "Mục A[^2]" in text and "Mục B[^3]" in text
    assert "Khi có điều kiện[^4]" in text and "| Trong bảng[^5]" in text and "Không in" not in text
    for n, body in enumerate(["Chú thích thứ nhất.", "Ghi chú cho A.", "Ghi chú cho B.", "Trong điều kiện.",
                              "Chú thích trong ô."], start=1):
        assert f"[^{n}] {body}" in text


def test_numbering_is_continuous_and_every_reference_has_exactly_one_footnote(small) -> None:
    out = render_mini(small, ["{%p for x in range(7) %}", "Dòng {{ x }}{{ chu_thich('Số ' ~ x) }}", "{%p endfor %}"])
    document = parts(out)["word/document.xml"]
    refs = [int(r.get(f"{W}id")) for r in document.iter(f"{W}footnoteReference")]
    ids = [int(n.get(f"{W}id")) for n in footnote_bodies(out)]
    assert len(refs) == len(ids) == 7
    assert refs == sorted(refs) and sorted(refs) == sorted(ids)
    assert all(r.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "FootnoteReference" for r in
               (ref.getparent() for ref in document.iter(f"{W}footnoteReference")))


def test_the_footnotes_part_is_wired_the_way_word_expects(small) -> None:
    out = render_mini(small, ["Một{{ chu_thich('một') }}"])
    p = parts(out)
    separators = {n.get(f"{W}type"): n.get(f"{W}id") for n in p["word/footnotes.xml"].iter(f"{W}footnote")
                  if n.get(f"{W}type")}
    assert separators == {"separator": "-1", "continuationSeparator": "0"}
    rels = [r.get("Type") for r in p["word/_rels/document.xml.rels"]]
    assert any(t.endswith("/footnotes") for t in rels)
    overrides = {o.get("PartName"): o.get("ContentType") for o in p["[Content_Types].xml"]}
    assert overrides["/word/footnotes.xml"].endswith("wordprocessingml.footnotes+xml")
    assert [f.get(f"{W}id") for f in p["word/settings.xml"].find(f"{W}footnotePr")] == ["-1", "0"]
    body = footnote_bodies(out)[0]
    assert body.find(f"{W}p/{W}pPr/{W}pStyle").get(f"{W}val") == "FootnoteText"
    assert body.find(f".//{W}footnoteRef") is not None


def test_ampersands_brackets_and_quotes_come_out_as_typed_in_body_and_footnotes(small) -> None:
    out = render_mini(small, [
        "Thân: {{ ten }}{{ chu_thich(ten) }}",
        "Nguyên văn: {{ chu_thich('Mẫu & <thẻ> \"kép\" \\'đơn\\'') }}",
    ], {"ten": TRICKY})
    text = extract_text(out)
    assert f"Thân: {TRICKY}[^1]" in text
    assert f"[^1] {TRICKY}." in text
    assert "[^2] Mẫu & <thẻ> \"kép\" 'đơn'." in text


def test_a_document_list_becomes_a_numbered_footnote_with_unit_text_as_typed(small) -> None:
    out = render_mini(small, ["{{ ds.vb_qd.count }} {{ ds.vb_qd.ten }}{{ chu_thich(ds.vb_qd) }}; "
                              "{{ ds.bv_kiosk.count }} {{ ds.bv_kiosk.ten }}{{ chu_thich(ds.bv_kiosk) }}"])
    text = extract_text(out)
    assert "01 Quyết định[^1]; 02 bệnh viện[^2]" in text
    assert "[^1] Quyết định số 1211/QĐ-UBND ngày 16/9/2025 thành lập Ban Chỉ đạo <chiến dịch> & \"Tổ\"." in text
    assert "[^2] (1) Bệnh viện X; (2) Bệnh viện Y." in text, "items as the unit typed them (issue 14)"


def test_a_list_can_add_each_items_quantity_when_the_template_asks(small) -> None:
    out = render_mini(small, ["{{ chu_thich(ds.bv_kiosk.liet_ke('cham_phay', so_luong=True)) }}"])
    assert "[^1] Bệnh viện X (02 kiosk); Bệnh viện Y (01 kiosk)." in extract_text(out)


def test_a_highlight_footnote_goes_at_its_marker_or_before_the_final_stop(small) -> None:
    out = render_mini(small, ["{%p for h in noi_bat['I.1.a'] %}", "- {{ h }}", "{%p endfor %}"])
    assert "- Ngày 25/9/2025, họp Ban Chỉ đạo[^1]." in extract_text(out)
    marked = small["dataset"].highlights[0]
    unmarked = replace(marked, text="Câu không có dấu sao.", footnote="Chú thích cuối")
    view = HighlightView(unmarked, Builder(small["catalog"], small["dataset"], Notes()))
    shown = str(view)
    assert shown.startswith("Câu không có dấu sao\ue000") and shown.endswith("\ue001.")


def test_a_multi_paragraph_footnote_can_be_written_as_a_block_in_the_template(small) -> None:
    out = render_mini(small, [
        "{%p set khoi %}", "Đoạn một có {{ so.tthc_tong }} TTHC;", "Đoạn hai & cuối", "{%p endset %}",
        "Thân bài{{ chu_thich(khoi) }}.",
    ])
    body = footnote_bodies(out)[0]
    assert ["".join(t.text for t in p.iter(f"{W}t")).strip() for p in body.findall(f"{W}p")] == \
        ["Đoạn một có 2.156 TTHC;", "Đoạn hai & cuối."]
    assert extract_text(out).count("Đoạn một") == 1


def test_a_footnote_in_the_page_header_is_refused_with_a_clear_message(small) -> None:
    with pytest.raises(TemplateProblem, match="đầu trang"):
        render_mini(small, ["Thân"], header="Đầu trang{{ chu_thich('không được') }}")


def test_a_footnote_inside_another_footnote_is_refused(small) -> None:
    with pytest.raises(TemplateProblem, match="chú thích khác"):
        render_mini(small, ["{{ chu_thich('ngoài ' ~ chu_thich('trong')) }}"])


def test_an_empty_footnote_adds_no_reference(small) -> None:
    out = render_mini(small, ["Không có gì{{ chu_thich('') }}."])
    assert "Không có gì." in extract_text(out)
    assert footnote_bodies(out) == []
