"""Communes, wards and the special zone report figures: province totals are their sums, each is held to its kind's
target, and the monthly report gets a phụ lục ranking them, with a native Word bar chart (a chart part and its
embedded workbook, editable in Word) and the same table with an Excel chart in the consolidated workbook."""
from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook

from baocao import pipeline
from baocao.catalog import load_catalog
from baocao.config import load_settings
from baocao.figures.communes import rankings
from baocao.intake.forms import FormContent
from baocao.intake.samples import synthetic_values
from baocao.periods import Period
from baocao.report.docx_text import extract_text
from baocao.text import fmt

from .builders import write_submission
from .pki import cli, needs_libreoffice
from .test_golden import october_project
from .test_nd30 import SCHEMA_TOOL, _schema_check_available

OCT = Period(2025, 10)
RATIO = "xa_an_sinh_ktm_ty_le"
C = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
ABSENT = 3   # the last three communes of units.csv send nothing


@pytest.fixture(scope="module")
def month(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """October's sample departments and 62 of the 65 communes with made-up figures: one with no one paid (a base
    of 0), two with the same percentage."""
    root = october_project(tmp_path_factory.mktemp("communes") / "project")
    settings = load_settings(root)
    catalog = load_catalog(settings.catalog)
    communes = [u for u in catalog.units.values() if u.kind in ("xa", "phuong", "dac-khu")]
    assert len(communes) == 65
    typed: dict[str, dict[str, int]] = {}
    for unit in communes[:-ABSENT]:
        values = synthetic_values(catalog, unit.code, f"{unit.code}/10")
        typed[unit.code] = values
    zero, twin_a, twin_b = communes[5].code, communes[10].code, communes[20].code
    typed[zero].update(xa_an_sinh_tong=0, xa_an_sinh_ktm=0)
    typed[twin_a].update(xa_an_sinh_tong=2000, xa_an_sinh_ktm=1700)
    typed[twin_b].update(xa_an_sinh_tong=4000, xa_an_sinh_ktm=3400)
    for code, values in typed.items():
        write_submission(settings, code, FormContent(values=values), catalog=catalog)
    outcome = pipeline.report(settings, OCT)
    return {"root": root, "settings": settings, "catalog": catalog, "typed": typed, "outcome": outcome,
            "communes": communes, "zero": zero, "twins": (twin_a, twin_b),
            "docx": next(p for p in outcome.written if p.name == "bao-cao-2025-10.docx"),
            "book": next(p for p in outcome.written if p.name == "tong-hop-2025-10.xlsx"),
            "review": next(p for p in outcome.written if p.name == "bao-cao-2025-10 - doi-chieu.docx")}


def expected_order(month: dict) -> list[str]:
    """Best first by the percentage as printed, ties in units.csv order; the base-0 commune is not ranked."""
    order = {u.code: i for i, u in enumerate(month["communes"])}
    shown = {code: fmt.round_half_up(Decimal(v["xa_an_sinh_ktm"]) * 100 / v["xa_an_sinh_tong"], 2)
             for code, v in month["typed"].items() if v["xa_an_sinh_tong"]}
    return sorted(shown, key=lambda c: (-shown[c], order[c]))


def test_province_totals_are_the_sums_of_the_communes_and_name_the_ones_that_did_not_report(month: dict) -> None:
    totals = month["outcome"].figures.totals
    for code in ("xa_an_sinh_tong", "xa_an_sinh_ktm", "xa_ho_so_tiep_nhan", "xa_ket_qua_so_hoa"):
        assert totals[code].value == sum(v[code] for v in month["typed"].values())
        assert set(totals[code].missing) == {u.code for u in month["communes"][-ABSENT:]}


def test_each_commune_is_held_to_the_target_of_its_kind(month: dict) -> None:
    ranking = rankings(month["catalog"], month["outcome"].dataset)[RATIO]
    targets = {"phuong": 95.0, "xa": 80.0, "dac-khu": 80.0}
    assert {(r.kind, r.target) for r in ranking.rows} == set(targets.items())   # every row, not one of each kind
    for row in ranking.ranked:
        assert row.met is (row.percent >= Decimal(str(targets[row.kind])))


def test_the_ranking_puts_the_best_first_ties_share_a_rank_and_a_zero_base_comes_last(month: dict) -> None:
    ranking = rankings(month["catalog"], month["outcome"].dataset)[RATIO]
    assert [r.unit for r in ranking.ranked] == expected_order(month)
    ranks = {r.unit: r.rank for r in ranking.ranked}
    twin_a, twin_b = month["twins"]
    assert ranks[twin_a] == ranks[twin_b]
    assert [r.rank for r in ranking.ranked][:3] == [1, 2, 3]
    assert ranking.rows[-1].unit == month["zero"] and ranking.rows[-1].problem == "tổng số bằng 0"
    assert ranking.absent == tuple(u.code for u in month["communes"][-ABSENT:])


def test_the_report_has_a_phu_luc_with_the_communes_in_rank_order_and_the_absent_in_one_line(month: dict) -> None:
    text = extract_text(month["docx"])
    catalog = month["catalog"]
    assert "Phụ lục I\n" in text and "Phụ lục II\n" in text
    assert "KẾT QUẢ CHI TRẢ AN SINH XÃ HỘI KHÔNG DÙNG TIỀN MẶT TẠI CÁC XÃ, PHƯỜNG, ĐẶC KHU THÁNG 10/2025" in text
    appendix = text[text.index("Phụ lục I\n"):text.index("Phụ lục II\n")]
    names = [catalog.units[c].short_name for c in expected_order(month)]
    positions = [appendix.index(f"| {name}\n") for name in names]
    assert positions == sorted(positions)
    absent = ", ".join(u.short_name for u in month["communes"][-ABSENT:])
    assert f"Chưa báo cáo: {absent}." in appendix
    assert appendix.count("[tổng số bằng 0]") == 1
    assert "Cộng 62/65 đơn vị đã báo cáo" in appendix
    assert re.search(r"Tại các xã, phường, đặc khu: 62/65 đơn vị đã báo cáo, chi trả an sinh xã hội không dùng tiền "
                     r"mặt đạt \d+,\d\d%", text)
    assert "kết quả từng xã, phường, đặc khu tại Phụ lục I kèm theo" in text
    assert "được tổng hợp tại Phụ lục II kèm theo" in text


def test_the_docx_holds_a_native_chart_with_its_embedded_workbook_in_rank_order(month: dict) -> None:
    names = [month["catalog"].units[c].short_name for c in expected_order(month)]
    with zipfile.ZipFile(month["docx"]) as package:
        chart = etree.fromstring(package.read("word/charts/chart1.xml"))
        rels = package.read("word/charts/_rels/chart1.xml.rels").decode()
        book = load_workbook(io.BytesIO(package.read("word/embeddings/Microsoft_Excel_Worksheet1.xlsx")))
        document = package.read("word/document.xml").decode()
    series = chart.findall(".//c:ser", C)
    assert [v.text for v in series[0].findall("c:cat//c:pt/c:v", C)] == names
    ranking = rankings(month["catalog"], month["outcome"].dataset)[RATIO]
    drawn = [{int(p.get("idx")) for p in s.findall("c:val//c:pt", C)} for s in series]   # met, then below target
    assert drawn == [{i for i, r in enumerate(ranking.ranked) if r.met}, {i for i, r in enumerate(ranking.ranked)
                                                                           if not r.met}]
    assert "../embeddings/Microsoft_Excel_Worksheet1.xlsx" in rels
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0] == (None, "Đạt mục tiêu (%)", "Chưa đạt mục tiêu (%)")
    assert [row[0] for row in rows[1:]] == names
    assert [row[1] if row[1] is not None else row[2] for row in rows[1:]] == \
        [float(fmt.round_half_up(r.percent, 2)) for r in ranking.ranked]
    assert chart.find(".//c:externalData", C) is not None
    assert 'uri="http://schemas.openxmlformats.org/drawingml/2006/chart"' in document


def test_the_report_and_the_workbook_pass_the_schema_check(month: dict) -> None:
    _schema_check_available()
    run = subprocess.run([sys.executable, str(SCHEMA_TOOL), str(month["docx"]), str(month["review"]),
                          str(month["book"])], capture_output=True, text=True)
    assert run.returncode == 0 and "ooxml schema errors: 0" in run.stdout, run.stdout + run.stderr


def test_the_review_copy_has_the_chart_too_and_says_where_each_commune_figure_comes_from(month: dict) -> None:
    first = rankings(month["catalog"], month["outcome"].dataset)[RATIO].ranked[0]
    name = month["catalog"].units[first.unit].name
    with zipfile.ZipFile(month["review"]) as package:
        assert "word/charts/chart1.xml" in package.namelist()
        comments = "".join(t.text or "" for t in etree.fromstring(package.read("word/comments.xml")).iter(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))
    assert re.search(rf"\d[\d.]* / \d[\d.]* = \d+,\d\d%; {re.escape(name)}, {first.unit}\.xlsx, Số liệu!F\d+, F\d+",
                     comments)


@needs_libreoffice
def test_libreoffice_converts_the_report_with_the_chart_drawn(month: dict, tmp_path: Path) -> None:
    from PIL import Image

    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(month["docx"])], check=True, capture_output=True,
                   timeout=300)
    pdf = tmp_path / "bao-cao-2025-10.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    chart_page = next(i for i, page in enumerate(pages) if "Biểu đồ: Tỷ lệ chi trả an sinh xã hội" in page)
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", str(chart_page + 1), "-l", str(chart_page + 1), str(pdf),
                    str(tmp_path / "page")], check=True)
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")
    colours = image.getcolors(maxcolors=100_000) or []
    blue = sum(n for n, (r, g, b) in colours if b > 120 and r < 90 and g < 120)
    orange = sum(n for n, (r, g, b) in colours if r > 160 and 60 < g < 130 and b < 60)
    assert blue > 500 and orange > 100, (blue, orange)
    assert re.search(r"\d+,\d\d", pages[chart_page])   # the labels carry a decimal comma


def test_the_consolidated_workbook_has_the_table_an_excel_chart_and_the_unranked(month: dict) -> None:
    book = load_workbook(month["book"], read_only=True)
    rows = list(book["Xếp hạng 1"].iter_rows(min_row=4, values_only=True))
    names = [month["catalog"].units[c].short_name for c in expected_order(month)]
    assert [r[1] for r in rows] == names
    assert {r[2] for r in rows} == {"Xã", "Phường", "Đặc khu"} and {r[7] for r in rows} <= {"Đạt", "Chưa đạt"}
    unranked = {r[1]: r[3] for r in book["Chưa xếp hạng"].iter_rows(min_row=4, values_only=True)
                if r[0] and r[0].startswith("Tỷ lệ chi trả an sinh")}
    assert unranked[month["catalog"].units[month["zero"]].short_name] == "tổng số bằng 0"
    assert list(unranked.values()).count("chưa báo cáo") == ABSENT
    with zipfile.ZipFile(month["book"]) as package:
        assert "xl/charts/chart1.xml" in package.namelist()


def test_a_month_without_any_commune_figure_has_no_phu_luc_and_the_summary_says_why(tmp_path: Path) -> None:
    root = october_project(tmp_path / "project")
    run = cli(root, "bao-cao", "--ky", "10/2025")
    out = " ".join(run.stdout.split())
    assert "Báo cáo không có phụ lục xếp hạng xã, phường, đặc khu: kỳ này chưa xã, phường, đặc khu nào gửi số liệu" \
        in out, run.stdout + run.stderr
    text = extract_text(root / "outputs" / "2025-10" / "bao-cao-2025-10.docx")
    assert "Phụ lục I\n" not in text and "Phụ lục\n" in text and "xã, phường, đặc khu tại Phụ lục" not in text
    with zipfile.ZipFile(root / "outputs" / "2025-10" / "bao-cao-2025-10.docx") as package:
        assert not [n for n in package.namelist() if n.startswith("word/charts/")]


def test_a_commune_form_has_its_indicators_and_no_drop_down_on_an_empty_range(tmp_path: Path) -> None:
    root = october_project(tmp_path / "project")
    run = cli(root, "mau-bieu", "--ky", "11/2025")
    assert run.returncode == 0, run.stdout + run.stderr
    catalog = load_catalog(root / "catalog")
    commune = next(u for u in catalog.units.values() if u.kind == "phuong")
    book = load_workbook(root / "outputs" / "2025-11" / "mau-bieu" / f"{commune.code}.xlsx")
    codes = [r[1] for r in book["Số liệu"].iter_rows(min_row=5, values_only=True) if r[1]]
    assert codes[:7] == [c.replace("_", "-") for c in ("xa_ho_so_tiep_nhan", "xa_ho_so_truc_tuyen",
                         "xa_lien_thong_khai_sinh", "xa_lien_thong_khai_tu", "xa_ket_qua_so_hoa", "xa_an_sinh_tong",
                         "xa_an_sinh_ktm")]
    choices = book["Danh mục"]
    lists = 0
    for ws in book.worksheets:
        for rule in ws.data_validations.dataValidation:
            if rule.type != "list" or not rule.formula1.startswith("="):
                continue
            lists += 1
            sheet, cells = rule.formula1[1:].split("!")
            assert sheet.strip("'") == choices.title
            first, last = cells.replace("$", "").split(":")
            entries = [c.value for row in choices[first:last] for c in row]
            assert entries and all(entries), (ws.title, rule.formula1)
    assert lists >= 2
    assert book["Văn bản"]["A2"].value.startswith("Đơn vị không có danh sách nào phải gửi ở trang này")


def test_the_shipped_templates_for_longer_periods_carry_the_phu_luc_too() -> None:
    for name in ("bao_cao_thang.docx", "bao_cao_quy.docx", "bao_cao_6_thang.docx", "bao_cao_nam.docx"):
        text = extract_text(Path(__file__).resolve().parent.parent / "templates" / name)
        assert "{{ bieu_do(xep_hang.xa_an_sinh_ktm_ty_le) }}" in text, name


def test_a_quarter_ranks_the_communes_on_its_aggregated_figures_with_the_same_phu_luc(month: dict) -> None:
    from baocao import spans
    from baocao.periods import quarter

    outcome = spans.report(month["settings"], quarter(2025, 4))
    draft = next(p for p in outcome.written if p.name == "bao-cao-2025-Q4.docx")
    text = extract_text(draft)
    assert "ĐẶC KHU QUÝ IV NĂM 2025" in text and "Chưa báo cáo: " in text
    names = [month["catalog"].units[c].short_name for c in expected_order(month)]
    appendix = text[text.index("Phụ lục I\n"):text.index("Phụ lục II\n")]
    positions = [appendix.index(f"| {name}\n") for name in names]
    assert positions == sorted(positions)
    with zipfile.ZipFile(draft) as package:
        assert "word/charts/chart1.xml" in package.namelist()


def test_a_chart_asked_of_something_else_than_a_ranking_is_a_template_mistake_with_its_paragraph(
        month: dict, tmp_path: Path) -> None:
    from docx import Document

    from baocao.report.issues import TemplateProblem
    from baocao.report.render import write_report

    template = tmp_path / "mau.docx"
    document = Document()
    document.add_paragraph("Biểu đồ:")
    document.add_paragraph("{{ bieu_do(tl.xa_an_sinh_ktm_ty_le) }}")
    document.save(template)
    outcome = month["outcome"]
    with pytest.raises(TemplateProblem) as raised:
        write_report(tmp_path / "bc.docx", month["settings"], OCT, month["catalog"], outcome.dataset,
                     outcome.figures, template=template)
    (found,) = raised.value.issues
    assert found.problem.code == "mau-loi-khi-dien" and found.where.paragraph == 2
