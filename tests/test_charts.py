"""Native Word bar charts made from a template token: each chart a DrawingML part with its embedded workbook, sized
to the page, split over pages when its names would not fit, never placed where Word cannot hold one."""
from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from openpyxl import load_workbook

from baocao.report.charts import BarChart
from baocao.report.footnotes import Notes, PlacementError

from .test_nd30 import SCHEMA_TOOL, _schema_check_available

C = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def bars(count: int) -> BarChart:
    names = tuple(f"Phường Số {i:03d} Nha Trang" for i in range(count))
    values = tuple(round(100 - i * 0.4, 2) for i in range(count))
    return BarChart(names, values, tuple(95.0 if i % 2 else 80.0 for i in range(count)), "Tỷ lệ chi trả (%)")


def document_with(chart: BarChart, path: Path) -> Path:
    document = docx.Document()
    notes = Notes()
    document.add_paragraph("PHỤ LỤC")
    document.add_paragraph(f"Trước {notes.chart(chart, '[biểu đồ]')} sau")
    document.add_paragraph("Biểu đồ 1.")
    notes.apply(document)
    document.save(path)
    return path


def test_a_chart_is_a_part_with_its_workbook_in_place_of_its_token(tmp_path: Path) -> None:
    path = document_with(bars(20), tmp_path / "a.docx")
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        chart = etree.fromstring(package.read("word/charts/chart1.xml"))
        book = load_workbook(io.BytesIO(package.read("word/embeddings/Microsoft_Excel_Worksheet1.xlsx")))
        body = etree.fromstring(package.read("word/document.xml"))
    assert "word/charts/chart2.xml" not in names
    paragraph = next(p for p in body.iter(f"{W}p") if p.find(f".//{W}drawing") is not None)
    assert "".join(t.text for t in paragraph.iter(f"{W}t")) == "Trước  sau"
    codes = {f.text for f in chart.iter("{http://schemas.openxmlformats.org/drawingml/2006/chart}formatCode")}
    assert codes and all(code.startswith("[$-42A]") for code in codes)   # LibreOffice prints 81,48
    assert book.active.column_dimensions["A"].width >= len("Phường Số 000 Nha Trang")


def test_a_chart_too_long_for_a_page_is_split_into_charts_of_a_page_each(tmp_path: Path) -> None:
    chart = bars(150)
    path = document_with(chart, tmp_path / "long.docx")
    with zipfile.ZipFile(path) as package:
        parts = sorted(n for n in package.namelist() if n.startswith("word/charts/chart"))
        drawn = [[v.text for v in etree.fromstring(package.read(n)).findall(".//c:ser[1]/c:cat//c:pt/c:v", C)]
                 for n in sorted(parts, key=lambda n: int(n[17:-4]))]
        body = etree.fromstring(package.read("word/document.xml"))
    assert len(parts) == 3 and [len(d) for d in drawn] == [50, 50, 50]
    assert [name for part in drawn for name in part] == list(chart.names)
    ids = [d.get("id") for d in body.iter(f"{WP}docPr")]
    assert len(ids) == len(set(ids)) == 3
    heights = [int(e.get("cy")) for e in body.iter(f"{WP}extent")]
    assert max(heights) < 25 * 360000    # each within the page (A4, 2,5 cm kept for the caption)


def test_charts_pass_the_schema_check(tmp_path: Path) -> None:
    _schema_check_available()
    path = document_with(bars(150), tmp_path / "long.docx")
    run = subprocess.run([sys.executable, str(SCHEMA_TOOL), str(path)], capture_output=True, text=True)
    assert run.returncode == 0 and "ooxml schema errors: 0" in run.stdout, run.stdout + run.stderr


def test_a_chart_in_a_page_header_is_refused(tmp_path: Path) -> None:
    document = docx.Document()
    notes = Notes()
    document.sections[0].header.paragraphs[0].text = str(notes.chart(bars(3), "[biểu đồ]"))
    with pytest.raises(PlacementError):
        notes.apply(document)


def test_outside_word_a_chart_reads_as_its_description() -> None:
    notes = Notes()
    assert notes.plain(f"A {notes.chart(bars(3), '[biểu đồ: tỷ lệ, 03 đơn vị]')} B") == "A [biểu đồ: tỷ lệ, 03 đơn vị] B"
