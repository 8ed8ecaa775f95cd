"""The review copy (``bao-cao-<kỳ> - doi-chieu.docx``: a Word comment on each figure saying where it comes from) and
the gate before signing (``pdf`` refuses a draft that still holds markers)."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from baocao import pipeline
from baocao.config import load_settings
from baocao.report.docx_text import extract_text
from baocao.report.markers import find_markers

from .pki import cli, needs_libreoffice
from .test_golden import OCTOBER, october_project
from .test_nd30 import SCHEMA_TOOL, TEMPLATE, _schema_check_available

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RANGE = re.compile(r"([A-Z]+)(\d+)–([A-Z]+)(\d+)")


@pytest.fixture(scope="module")
def october(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = october_project(tmp_path_factory.mktemp("review") / "project")
    outcome = pipeline.report(load_settings(root), OCTOBER)
    draft = next(p for p in outcome.written if p.name == "bao-cao-2025-10.docx")
    review = next(p for p in outcome.written if p.name == "bao-cao-2025-10 - doi-chieu.docx")
    return {"root": root, "outcome": outcome, "draft": draft, "review": review}


def comments(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        if "word/comments.xml" not in z.namelist():
            return []
        root = etree.fromstring(z.read("word/comments.xml"))
    return ["\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in c.iter(f"{W}p"))
            for c in root.iter(f"{W}comment")]


def names_cell(text: str, sheet: str, cell: str) -> bool:
    """``Số liệu!F34``, ``Số liệu!F33–F35`` (a range holding it) or ``Số liệu!F34, F40``."""
    for part in re.findall(re.escape(sheet) + r"!([A-Z0-9–, ]+)", text):
        for ref in (r.strip() for r in part.split(",")):
            m = _RANGE.fullmatch(ref)
            if ref == cell or (m and m.group(1) == re.match(r"[A-Z]+", cell).group(0)
                               and int(m.group(2)) <= int(cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) <= int(m.group(4))):
                return True
    return False


def printed_codes() -> tuple[set[str], set[str]]:
    """The indicators (``so.x``) and ratios (``tl.x``) the shipped template prints."""
    with zipfile.ZipFile(TEMPLATE) as z:
        xml = re.sub(r"<[^>]+>", "", z.read("word/document.xml").decode("utf-8"))
    return set(re.findall(r"\bso\.(\w+)", xml)), set(re.findall(r"\btl\.(\w+)", xml))


def test_the_review_copy_names_file_sheet_and_cell_of_every_figure_from_a_units_cell(october: dict) -> None:
    notes = comments(october["review"])
    indicators, ratios = printed_codes()
    by_code = october["outcome"].figures.ratios
    wanted = indicators | {c for code in ratios for c in (by_code[code].ratio.numerator, by_code[code].ratio.denominator)}
    values = [v for v in october["outcome"].dataset.values if v.indicator in wanted]
    assert len(values) > 100
    unnamed = [(v.indicator, v.source) for v in values
               if not any(v.source.file in n and names_cell(n, v.source.sheet, v.source.cell) for n in notes)]
    assert unnamed == []


def test_a_ratio_comment_gives_its_arithmetic_and_its_cells(october: dict) -> None:
    notes = comments(october["review"])
    assert any(n.startswith("1.444.257 / 1.772.539 = 81,48%; Công an tỉnh, cong_an_tinh.xlsx, Số liệu!") for n in notes)
    assert any(n.startswith("09 mục của danh sách “Quyết định của UBND tỉnh ban hành trong kỳ”: Văn phòng Ủy ban "
                            "nhân dân tỉnh, van_phong_ubnd_tinh.xlsx, Văn bản!") for n in notes)
    assert any(n.startswith("Số liệu trong chú thích:\n«4.116»: Sở Khoa học và Công nghệ") for n in notes)


def test_the_clean_draft_has_no_comment_and_reads_exactly_as_the_review_copy(october: dict) -> None:
    with zipfile.ZipFile(october["draft"]) as z:
        assert "word/comments.xml" not in z.namelist()
        assert b"comment" not in z.read("word/document.xml") and b"comment" not in z.read("word/footnotes.xml")
    assert extract_text(october["draft"]) == extract_text(october["review"])


def test_draft_and_review_copy_pass_the_word_schema_check(october: dict) -> None:
    _schema_check_available()
    run = subprocess.run([sys.executable, str(SCHEMA_TOOL), str(october["draft"]), str(october["review"])],
                         capture_output=True, text=True)
    assert run.returncode == 0 and "ooxml schema errors: 0" in run.stdout, run.stdout + run.stderr


@needs_libreoffice
def test_libreoffice_opens_the_review_copy_with_every_footnote_in_its_place(october: dict, tmp_path: Path) -> None:
    """LibreOffice mixes up a comment and a footnote with the same id (footnote 5 printed footnote 4's text)."""
    texts = {}
    for name in ("draft", "review"):
        copy = tmp_path / f"{name}.docx"
        shutil.copy(october[name], copy)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                        "--outdir", str(tmp_path), str(copy)], capture_output=True, timeout=300, check=True)
        texts[name] = subprocess.run(["pdftotext", "-raw", str(tmp_path / f"{name}.pdf"), "-"], capture_output=True,
                                     text=True, check=True).stdout
    assert texts["review"] == texts["draft"]
    assert texts["draft"].count("Điển hình: Sở Tư pháp") == 1


def test_the_drafts_markers_are_found_with_their_text(october: dict) -> None:
    found = find_markers(october["draft"])
    assert any(m.text.startswith("1.224 [chưa khớp: cấp tỉnh 1.074 + cấp xã 392 = 1.466") for m in found)


def test_pdf_refuses_a_draft_with_markers_and_lists_each_with_its_paragraph(october: dict) -> None:
    result = cli(october["root"], "pdf", "--ky", "10/2025")
    assert result.returncode == 1, result.stderr
    assert "Chưa chuyển sang PDF: bao-cao-2025-10.docx còn" in result.stderr
    assert re.search(r"• đoạn \d+ \(«- Đến nay, trên địa bàn tỉnh có 2.156.*»\): 1\.224 \[chưa khớp: cấp tỉnh",
                     result.stderr)
    assert "--bo-qua-danh-dau" in result.stderr
    assert not list((october["root"] / "outputs" / "2025-10").glob("*.pdf"))


@needs_libreoffice
def test_pdf_with_bo_qua_danh_dau_warns_and_converts_the_draft_never_the_review_copy(october: dict) -> None:
    result = cli(october["root"], "pdf", "--ky", "10/2025", "--bo-qua-danh-dau")
    assert result.returncode == 0, result.stderr
    assert "Cảnh báo: bao-cao-2025-10.docx còn" in result.stderr and "chưa khớp" in result.stderr
    folder = october["root"] / "outputs" / "2025-10"
    assert [p.name for p in folder.glob("*.pdf")] == ["bao-cao-2025-10.pdf"]


def test_a_draft_whose_markers_were_resolved_is_not_refused(october: dict, tmp_path: Path) -> None:
    """The clerk corrects the text and deletes every marker: nothing is left for the gate."""
    edited = tmp_path / "da-sua.docx"
    with zipfile.ZipFile(october["draft"]) as src, zipfile.ZipFile(edited, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename in ("word/document.xml", "word/footnotes.xml"):
                root = etree.fromstring(data)
                for run in [r for r in root.iter(f"{W}r") if r.find(f"{W}rPr/{W}highlight") is not None]:
                    run.getparent().remove(run)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            out.writestr(item, data)
    assert find_markers(edited) == []
