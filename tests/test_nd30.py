"""ND30 layout conformance of the template and the October report, the checker's own teeth, and Word's schema."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from baocao import pipeline
from baocao.config import load_settings
from baocao.report.docx_text import extract_text, text_of
from baocao.report.nd30 import QUOC_HIEU, check

from .test_golden import OCTOBER, REPO, october_project, render_october

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEMPLATE = REPO / "templates" / "bao_cao_thang.docx"
SCHEMA_TOOL = REPO.parent / "shared" / "tools" / "ooxml_check.py"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_october(tmp_path_factory.mktemp("nd30") / "project")


@pytest.fixture(scope="module")
def report_with_gaps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """October without Sở Y tế's file: figures, lists and highlights of that unit become markers."""
    root = october_project(tmp_path_factory.mktemp("gaps") / "project")
    (root / "inputs" / OCTOBER.key / "so_y_te.xlsx").unlink()
    outcome = pipeline.report(load_settings(root), OCTOBER)
    return next(p for p in outcome.written if p.suffix == ".docx")


def rewrite(source: Path, target: Path, part: str, change: Callable[[etree._Element], None]) -> Path:
    """Copy a .docx, changing one XML part: the deliberately broken copies the checker must catch."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == part:
                root = etree.fromstring(data)
                change(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            zout.writestr(item, data)
    return target


def _paragraph(root: etree._Element, text: str) -> etree._Element:
    return next(p for p in root.iter(f"{W}p") if text_of(p).strip() == text)


def _margin(root: etree._Element) -> None:
    root.find(f".//{W}pgMar").set(f"{W}left", "1000")


def _font(root: etree._Element) -> None:
    for el in root.iter(f"{W}rFonts"):
        for attr in ("ascii", "hAnsi"):
            el.set(f"{W}{attr}", "Arial")


def _first_page(root: etree._Element) -> None:
    sect = root.find(f".//{W}sectPr")
    sect.remove(sect.find(f"{W}titlePg"))


def _quoc_hieu_plain(root: etree._Element) -> None:
    for b in _paragraph(root, QUOC_HIEU).iter(f"{W}b"):
        b.set(f"{W}val", "0")


def _date_upright(root: etree._Element) -> None:
    p = next(p for p in root.iter(f"{W}p") if ", ngày " in text_of(p))
    for i in p.iter(f"{W}i"):
        i.set(f"{W}val", "0")


def _date_unpadded(root: etree._Element) -> None:
    for t in root.iter(f"{W}t"):
        if t.text and ", ngày 22 tháng" in t.text:
            t.text = t.text.replace("ngày 22 tháng 10", "ngày 22 tháng 010")


def _lost_reference(root: etree._Element) -> None:
    ref = next(root.iter(f"{W}footnoteReference"))
    run = ref.getparent()
    run.getparent().remove(run)


def _leftover_tag(root: etree._Element) -> None:
    next(t for t in root.iter(f"{W}t") if t.text and "Trên đây" in t.text).text += " {{ ky.thang }}"


def _small_body(root: etree._Element) -> None:
    style = next(s for s in root.iter(f"{W}style") if s.get(f"{W}styleId") == "Normal")
    style.find(f"{W}rPr/{W}sz").set(f"{W}val", "24")


def _empty_paragraph(root: etree._Element) -> None:
    p = _paragraph(root, "II. KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ, ĐỀ XUẤT")
    p.addnext(etree.fromstring(f'<w:p xmlns:w="{W[1:-1]}"/>'))


def _appendix_portrait(root: etree._Element) -> None:
    size = root.find(f"{W}body/{W}sectPr/{W}pgSz")
    size.set(f"{W}w", "11906")
    size.set(f"{W}h", "16838")


def _appendix_numbering_continues(root: etree._Element) -> None:
    sect = root.find(f"{W}body/{W}sectPr")
    sect.remove(sect.find(f"{W}pgNumType"))


def _appendix_heading_plain(root: etree._Element) -> None:
    for b in _paragraph(root, "Phụ lục").iter(f"{W}b"):
        b.set(f"{W}val", "0")


def _attached_line_upright(root: etree._Element) -> None:
    p = next(p for p in root.iter(f"{W}p") if text_of(p).startswith("(Kèm theo"))
    for i in p.iter(f"{W}i"):
        i.set(f"{W}val", "0")


def _appendix_not_referenced(root: etree._Element) -> None:
    for t in root.iter(f"{W}t"):
        if t.text and "Phụ lục kèm theo" in t.text:
            t.text = t.text.replace("Phụ lục kèm theo Báo cáo này", "bảng riêng")


BREAKAGES = [
    ("word/document.xml", _margin, "Lề trái phải từ 30 đến 35 mm"),
    ("word/styles.xml", _font, "Phông chữ phải là Times New Roman"),
    ("word/document.xml", _first_page, "Trang đầu không được đánh số"),
    ("word/document.xml", _quoc_hieu_plain, "Quốc hiệu phải in đậm"),
    ("word/document.xml", _date_upright, "Địa danh, ngày tháng phải in nghiêng"),
    ("word/document.xml", _date_unpadded, "không có số 0 đứng trước"),
    ("word/document.xml", _lost_reference, "không khớp số chú thích"),
    ("word/document.xml", _leftover_tag, "Còn thẻ mẫu chưa được thay"),
    ("word/styles.xml", _small_body, "cỡ chữ nội dung phải 13–14"),
    ("word/document.xml", _empty_paragraph, "Có đoạn trống"),
    ("word/document.xml", _appendix_portrait, "Phụ lục: Trang ngang phải khai báo hướng giấy ngang"),
    ("word/document.xml", _appendix_numbering_continues, "Phụ lục phải đánh số trang riêng"),
    ("word/document.xml", _appendix_heading_plain, "Tiêu đề «Phụ lục» phải in đậm"),
    ("word/document.xml", _attached_line_upright, "Dòng «(Kèm theo …)» của phụ lục phải in nghiêng"),
    ("word/document.xml", _appendix_not_referenced, "phải dẫn chiếu đến phụ lục"),
]


def test_the_october_report_conforms_to_nd30(report: Path) -> None:
    assert check(report) == []


def test_a_report_with_missing_units_still_conforms_and_names_them(report_with_gaps: Path) -> None:
    assert check(report_with_gaps) == []
    text = extract_text(report_with_gaps)
    assert "[thiếu số liệu: Sở Y tế (chưa báo cáo)]" in text
    assert "tích hợp SSKĐT trên VNeID toàn tỉnh đạt [thiếu số liệu: Sở Y tế (chưa báo cáo)] tổng số dân" in text


def test_the_shipped_template_conforms_to_nd30_apart_from_its_tags() -> None:
    assert check(TEMPLATE, template=True) == []


@pytest.mark.parametrize(("part", "breakage", "expected"), BREAKAGES, ids=[b[1].__name__[1:] for b in BREAKAGES])
def test_the_checker_reports_a_deliberately_broken_copy(report: Path, tmp_path: Path, part: str,
                                                         breakage: Callable[[etree._Element], None],
                                                         expected: str) -> None:
    broken = rewrite(report, tmp_path / "hong.docx", part, breakage)
    problems = check(broken)
    assert any(expected in p for p in problems), problems


def test_the_checker_can_be_run_from_the_command_line(report: Path, tmp_path: Path) -> None:
    broken = rewrite(report, tmp_path / "hong.docx", "word/document.xml", _margin)
    ok = subprocess.run([sys.executable, "-m", "baocao.report.nd30", str(report)], capture_output=True, text=True, cwd=REPO)
    bad = subprocess.run([sys.executable, "-m", "baocao.report.nd30", str(broken)], capture_output=True, text=True, cwd=REPO)
    assert (ok.returncode, bad.returncode) == (0, 1)
    assert "Lề trái" in bad.stdout


def _schema_check_available() -> None:
    """Skipped with a stated reason on a machine without ../shared or jing, never under CI=true."""
    missing = []
    if not SCHEMA_TOOL.is_file():
        missing.append(f"không có {SCHEMA_TOOL}")
    if shutil.which("jing") is None:
        missing.append("chưa cài jing (apt-get install jing)")
    if missing:
        reason = "Bỏ qua kiểm tra lược đồ OOXML: " + "; ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(reason + " — trên CI kiểm tra này bắt buộc.")
        pytest.skip(reason)


def test_every_docx_the_project_writes_passes_the_word_schema_check(report: Path, report_with_gaps: Path) -> None:
    _schema_check_available()
    run = subprocess.run([sys.executable, str(SCHEMA_TOOL), str(TEMPLATE), str(report), str(report_with_gaps)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert re.search(r"ooxml schema errors: 0", run.stdout)


def test_the_run_warns_of_a_report_out_of_nd30_layout_and_still_writes_it(tmp_path: Path) -> None:
    """The clerk edited the template's margin: the summary says so as a warning; the exit status and the draft are
    those of any other run."""
    root = october_project(tmp_path / "project")
    rewrite(TEMPLATE, root / "templates" / TEMPLATE.name, "word/document.xml", _margin)
    env = dict(os.environ, BAOCAO_ROOT=str(root), COLUMNS="200")
    result = subprocess.run([sys.executable, str(REPO / "generate.py"), "bao-cao", "--ky", "10/2025"],
                            capture_output=True, text=True, encoding="utf-8", env=env, timeout=300)
    assert result.returncode == 1, result.stderr
    assert "Cảnh báo thể thức (Nghị định 30/2020/NĐ-CP) của bao-cao-2025-10.docx" in result.stdout
    assert "Lề trái phải từ 30 đến 35 mm" in result.stdout
    assert (root / "outputs" / "2025-10" / "bao-cao-2025-10.docx").is_file()


def test_a_report_in_nd30_layout_brings_no_layout_warning(tmp_path: Path) -> None:
    outcome = pipeline.report(load_settings(october_project(tmp_path / "project")), OCTOBER)
    assert outcome.layout == [] and any(p.suffix == ".docx" for p in outcome.written)
