"""Native, editable Word bar charts in the rendered report (``bieu_do(...)`` in the template).

A chart in a .docx is the same DrawingML chart part as in a .pptx, plus an embedded workbook that Word opens on
"Edit Data" (``chart_part``: python-pptx writes both). This module places them: the template prints a token
(``footnotes.Notes.chart``), and after rendering :func:`place_chart` puts an inline ``w:drawing`` in its place,
sized to the page. An inline chart cannot break across pages, so one too long for a page is drawn as several, one
per page, each part with all of its names (LibreOffice hides every other name unless each row is at least 1.15
times the label size: measured on 7.4, see ``docs/DEVELOPING.md``).
"""
from __future__ import annotations

import copy
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement, parse_xml
from docx.section import Section
from docx.shared import Cm, Emu, Length
from docx.text.paragraph import Paragraph
from lxml import etree

from .docx_text import section_of

VIETNAMESE_LCID = "42A"
_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ue000-\uf8ff]")
# A chart's height: a fixed part (value axis and its labels, plot margins, measured on LibreOffice's rendering and
# rounded up) plus one row per name of 1.2 x the label size.
OVERHEAD_CM, ROW_PER_PT, PT_PER_CM = 1.6, 1.2, 72 / 2.54
LABEL_PT, SPLIT_BELOW_PT, MIN_HEIGHT_CM, PAGE_RESERVE_CM = 10.0, 7.0, 5.0, 2.5


@dataclass(frozen=True)
class BarChart:
    """What one chart shows, best first: a name per bar, its value in percent (None: a gap, no bar) and the target
    it is held to (bars below it are orange, since targets differ by kind of unit and no single line is right)."""

    names: tuple[str, ...]
    values: tuple[float | None, ...]
    targets: tuple[float | None, ...]
    series: str                       # the workbook's column header and the drawing's alternative text
    number_format: str = "0.00"       # Excel's code for the labels, the cache and the workbook
    axis_max: float | None = 100.0
    major_unit: float | None = 10.0


@dataclass(frozen=True)
class Placed:
    """Where one drawn chart went and how it was sized (for tests and the summary)."""

    partname: str
    workbook_partname: str
    height_cm: float
    label_pt: float


def text(value: str) -> str:
    """Names typed by units, made safe for XML and free of the report's private-use tokens."""
    return _XML_INVALID.sub("", value).strip()


def vietnamese_format(code: str) -> str:
    """The format code tagged with Vietnamese (``[$-42A]``): LibreOffice, which makes the signed PDF, then prints
    ``81,48`` on any machine. Word and Excel take separators from Windows' regional settings whatever the tag."""
    return code if "[$" in code else f"[$-{VIETNAMESE_LCID}]{code}"


MakePart = Callable[[Document, BarChart, float, Length], tuple[str, Placed]]


def place_chart(document: Document, run: etree._Element, chart: BarChart, chart_part: MakePart) -> list[Placed]:
    """Replace the placeholder ``run`` by the chart, split over as many paragraphs (pages) as its names need;
    ``chart_part`` adds each part's chart and workbook (``chart_part.chart_part``: python-pptx, loaded only for a
    report with a chart)."""
    p = next(run.iterancestors(qn("w:p")))
    section = _section_of(document, p)
    room = Length(_text_height(section)).cm - PAGE_RESERVE_CM
    per_chart = max(int((room - OVERHEAD_CM) * PT_PER_CM / (SPLIT_BELOW_PT * ROW_PER_PT)), 1)
    count = max(math.ceil(len(chart.names) / per_chart), 1)
    size = math.ceil(len(chart.names) / count)
    holders = _holders(p, count)
    first_id = _next_docpr_id(document)   # looked for once: each search walks the whole document
    placed = []
    for i, holder in enumerate(holders):
        part = slice(i * size, (i + 1) * size)
        piece = BarChart(chart.names[part], chart.values[part], chart.targets[part], chart.series,
                         chart.number_format, chart.axis_max, chart.major_unit)
        height, label = _fit_height(len(piece.names), room)
        rel_id, info = chart_part(document, piece, label, height)
        drawing = _drawing_run(rel_id, first_id + i, _text_width(section), height, text(chart.series))
        if holder is p:
            run.getparent().replace(run, drawing)
        else:
            holder.append(drawing)
        _make_room(Paragraph(holder, None))
        placed.append(info)
    return placed


def _holders(p: etree._Element, count: int) -> list[etree._Element]:
    """The chart's paragraph and, for a chart in several parts, a copy of it after it for each further part; the
    last one ends the section if the chart's paragraph did."""
    holders = [p]
    props = p.find(qn("w:pPr"))
    sect = props.find(qn("w:sectPr")) if props is not None else None
    for _ in range(1, count):
        new = OxmlElement("w:p")
        if props is not None:
            new.append(copy.deepcopy(props))
            for moved in list(new.iter(qn("w:sectPr"))):
                moved.getparent().remove(moved)
        holders[-1].addnext(new)
        holders.append(new)
    if sect is not None and count > 1:
        holders[-1].find(qn("w:pPr")).append(sect)
    return holders


def _section_of(document: Document, p: etree._Element) -> Section:
    """The section whose page the paragraph is on (``docx_text.section_of``)."""
    sect = section_of(p, document.element.body)
    return Section(sect, document.part) if sect is not None else document.sections[-1]


def _text_width(section: Section) -> Length:
    page = section.page_width or Cm(21.0)
    return Emu(page - (section.left_margin or Cm(3.0)) - (section.right_margin or Cm(2.0)))


def _text_height(section: Section) -> Length:
    page = section.page_height or Cm(29.7)
    return Emu(page - (section.top_margin or Cm(2.0)) - (section.bottom_margin or Cm(2.0)))


def _fit_height(count: int, room_cm: float) -> tuple[Length, float]:
    """The chart's height (what its names need at 10 pt, within ``room_cm``) and the label size that gives each
    name its own row; ``place_chart`` splits a chart before its labels would fall below 7 pt."""
    height_cm = min(max(OVERHEAD_CM + count * LABEL_PT * ROW_PER_PT / PT_PER_CM, MIN_HEIGHT_CM), room_cm)
    row_pt = (height_cm - OVERHEAD_CM) / count * PT_PER_CM
    return Cm(height_cm), min(LABEL_PT, math.floor(row_pt / ROW_PER_PT * 2) / 2)


def _next_docpr_id(document: Document) -> int:
    """Word wants every drawing's ``wp:docPr/@id`` unique across the body, headers and footers."""
    roots = [document.element]
    for rel in document.part.rels.values():
        if rel.reltype in (RELATIONSHIP_TYPE.HEADER, RELATIONSHIP_TYPE.FOOTER) and not rel.is_external:
            root = getattr(rel.target_part, "element", None)
            if root is not None:
                roots.append(root)
    ids = [int(v) for root in roots for d in root.iter(qn("wp:docPr")) if (v := d.get("id", "")).isdigit()]
    return max(ids, default=0) + 1


def _drawing_run(rel_id: str, docpr_id: int, width: Length, height: Length, description: str) -> etree._Element:
    """The run with the inline drawing that shows the chart part, as Word writes it for a chart."""
    run = parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
        f' xmlns:a="{_A}" xmlns:c="{_C}"'
        ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{int(width)}" cy="{int(height)}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{docpr_id}" name="Biểu đồ {docpr_id}"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        f'<c:chart r:id="{rel_id}"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')
    run.find(f".//{qn('wp:docPr')}").set("descr", description)  # alt text, read aloud by screen readers
    return run


def _make_room(paragraph: Paragraph) -> None:
    """Keep the chart whole and centred whatever the style says: exact line spacing clips an inline drawing to one
    line, a first-line indent pushes a full-width chart past the margin."""
    fmt = paragraph.paragraph_format
    fmt.line_spacing = 1.0
    fmt.first_line_indent = fmt.left_indent = fmt.right_indent = Cm(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.keep_together = True
