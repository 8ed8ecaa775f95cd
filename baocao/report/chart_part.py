"""The chart part of a .docx and its embedded workbook, written by python-pptx: a Word chart is the same DrawingML
as a PowerPoint one. ``ChartXmlWriter`` gives the part's XML, ``CategoryChartData.xlsx_blob`` (XlsxWriter) the
workbook Word opens on "Edit Data", python-pptx's chart object model styles it; no chart XML is written by hand.
What python-pptx cannot do for a Word document is done here: the two parts, their relationships, and the few
chart-space settings python-pptx has no property for."""
from __future__ import annotations

from typing import Any

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.part import Part, XmlPart
from docx.shared import Length
from lxml import etree
from pptx.chart.chart import Chart
from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_AXIS_CROSSES, XL_CHART_TYPE, XL_LABEL_POSITION, XL_TICK_MARK
from pptx.oxml import parse_xml
from pptx.oxml.xmlchemy import OxmlElement
from pptx.util import Pt

from .charts import BarChart, Placed, place_chart, text, vietnamese_format

CHART_PART = "/word/charts/chart%d.xml"
WORKBOOK_PART = "/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"  # the names Word itself uses
BAR_COLOUR = RGBColor(0x2F, 0x55, 0x97)           # dark blue: "the figure", on screen and in grey print
BELOW_TARGET_COLOUR = RGBColor(0xC5, 0x5A, 0x11)  # dark orange: still unlike the blue in grey print
GRID_COLOUR, AXIS_COLOUR, TEXT_COLOUR = RGBColor(0xD0, 0xD0, 0xD0), RGBColor(0x59, 0x59, 0x59), RGBColor(0, 0, 0)
FONT, VIETNAMESE = "Times New Roman", "vi-VN"
AXIS_IDS = ("500000001", "500000002")  # any unsigned ints unique within a chart (python-pptx writes negative ones)
_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


MET, BELOW = "Đạt mục tiêu (%)", "Chưa đạt mục tiêu (%)"


def draw(document: Document, charts: list[tuple[etree._Element, BarChart]]) -> list[Placed]:
    """Each chart in place of its placeholder run (``footnotes.Notes``: the template's ``bieu_do(...)``)."""
    return [placed for run, chart in charts for placed in place_chart(document, run, chart, chart_part)]


def chart_part(document: Document, chart: BarChart, label_pt: float, height: Length) -> tuple[str, Placed]:
    """Add the chart's part and workbook to the document; the relationship id a drawing points at.

    A bar below its own target is a value of a second series drawn in the same place (overlap 100%), coloured
    orange: no per-point formatting (python-pptx finds each point by a search, quadratic over a national table), and
    a clerk who moves a value to the other column in "Edit Data" moves its colour with it."""
    number_format = vietnamese_format(chart.number_format)
    data = _ChartData(number_format=number_format)
    data.categories = [text(n) or "—" for n in chart.names]
    below = [v is not None and t is not None and v < t for v, t in zip(chart.values, chart.targets)]
    if any(below):
        data.add_series(MET, [None if b else v for v, b in zip(chart.values, below)], number_format)
        data.add_series(BELOW, [v if b else None for v, b in zip(chart.values, below)], number_format)
    else:
        data.add_series(text(chart.series), list(chart.values), number_format)
    space = parse_xml(data.xml_bytes(XL_CHART_TYPE.BAR_CLUSTERED))   # python-pptx's ChartXmlWriter
    _style(Chart(space, None), number_format, chart, label_pt)
    _finish_chart_space(space)
    package = document.part.package
    part = XmlPart(package.next_partname(CHART_PART), CONTENT_TYPE.DML_CHART, space, package)
    rel_id = document.part.relate_to(part, RELATIONSHIP_TYPE.CHART)
    workbook = Part(package.next_partname(WORKBOOK_PART), CONTENT_TYPE.SML_SHEET, data.xlsx_blob, package)
    space.get_or_add_externalData().rId = part.relate_to(workbook, RELATIONSHIP_TYPE.PACKAGE)
    return rel_id, Placed(str(part.partname), str(workbook.partname), round(Length(height).cm, 2), label_pt)


class _WideNameWriter(CategoryWorkbookWriter):
    """python-pptx's workbook layout with columns wide enough for the names: it fixes the first at 10 characters,
    and a clerk clicking "Edit Data" would see "Phường Nha" on every row. (Overrides private methods of the pinned
    python-pptx 1.0.2; a test checks the width.)"""

    def _write_cat_column(self, worksheet: Any, col: int, level: Any, num_format: Any) -> None:
        super()._write_cat_column(worksheet, col, level, num_format)
        worksheet.set_column(col, col, min(max((len(str(name)) for _, name in level), default=8) + 2, 60))

    def _write_series(self, workbook: Any, worksheet: Any) -> None:
        super()._write_series(workbook, worksheet)
        first = self._chart_data.categories.depth
        for idx, series in enumerate(self._chart_data):
            worksheet.set_column(first + idx, first + idx, max(len(series.name) + 2, 12))


class _ChartData(CategoryChartData):
    @property
    def _workbook_writer(self) -> CategoryWorkbookWriter:
        return _WideNameWriter(self)


def _style(chart: Chart, number_format: str, bars: BarChart, label_pt: float) -> None:
    """An official-report look: one colour, values at the bar ends, light grid, no legend, serif type. No title
    (Word and LibreOffice would print the series name as one): the caption is the template's paragraph."""
    chart.has_legend = False
    chart.has_title = False
    chart.font.name, chart.font.size, chart.font.color.rgb = FONT, Pt(label_pt), TEXT_COLOUR
    plot = chart.plots[0]
    plot.vary_by_categories = False
    plot.gap_width = 40
    plot.overlap = 100   # the second series (below target) sits where the first would be
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format, labels.number_format_is_linked = number_format, False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.show_value = True
    labels.font.size = Pt(label_pt)
    for series, colour in zip(plot.series, (BAR_COLOUR, BELOW_TARGET_COLOUR)):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = colour
    axis = chart.value_axis
    axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0, bars.axis_max, bars.major_unit
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = GRID_COLOUR
    axis.major_gridlines.format.line.width = Pt(0.5)
    axis.format.line.color.rgb = AXIS_COLOUR
    axis.major_tick_mark = XL_TICK_MARK.OUTSIDE
    axis.tick_labels.number_format, axis.tick_labels.number_format_is_linked = vietnamese_format("0"), False
    axis.tick_labels.font.size = Pt(label_pt)
    names = chart.category_axis
    names.major_tick_mark = XL_TICK_MARK.NONE
    names.format.line.color.rgb = AXIS_COLOUR
    names.tick_labels.font.size = Pt(label_pt)
    names.reverse_order = True   # bars are drawn bottom-up: the first name goes on top


def _finish_chart_space(space: Any) -> None:
    """What python-pptx has no property for, each something a reader would otherwise get wrong: the chart's
    language; square corners, no frame and no fill, like a figure on an official page; every name printed
    (``tickLblSkip``); the value axis at the bottom although the names are reversed (python-pptx's ``crosses``
    writes the other axis's element); axis ids the schema accepts (unsigned)."""
    space.insert_element_before(_val("c:lang", VIETNAMESE), "c:roundedCorners", "c:style", "c:clrMapOvr",
                                "c:pivotSource", "c:protection", "c:chart")
    space.insert_element_before(_val("c:roundedCorners", "0"), "c:style", "c:clrMapOvr", "c:pivotSource",
                                "c:protection", "c:chart")
    frame = parse_xml(f'<c:spPr xmlns:c="{_C}" xmlns:a="{_A}"><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>')
    space.insert_element_before(frame, "c:txPr", "c:externalData", "c:printSettings", "c:userShapes", "c:extLst")
    for cat_ax in space.catAx_lst:
        cat_ax.insert_element_before(_val("c:tickLblSkip", "1"), "c:tickMarkSkip", "c:noMultiLvlLbl", "c:extLst")
    for val_ax in space.valAx_lst:
        val_ax._remove_crosses()
        val_ax._remove_crossesAt()
        val_ax._add_crosses(val=XL_AXIS_CROSSES.MAXIMUM)
    old = [ax.find(f"{{{_C}}}axId").get("val") for ax in (*space.catAx_lst, *space.valAx_lst)]
    renumber = dict(zip(old, AXIS_IDS, strict=True))
    for ax_id in space.iter(f"{{{_C}}}axId", f"{{{_C}}}crossAx"):
        ax_id.set("val", renumber[ax_id.get("val")])


def _val(tag: str, val: str) -> Any:
    element = OxmlElement(tag)
    element.set("val", val)
    return element


