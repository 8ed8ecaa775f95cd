"""Forms and workbooks that print like official paper: A4, one page wide, header rows on every page, the unit and
the period in the page header, page numbers, and the signature block of a Vietnamese reporting form."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from baocao import pipeline
from baocao.intake.forms import FormContent

from .builders import OCT, find_cell, set_cell, write_submission
from .office import convert, needs_calc

def _printed(ws, landscape: bool) -> None:
    assert ws.page_setup.paperSize in (9, "9")
    assert ws.page_setup.orientation == ("landscape" if landscape else "portrait")
    fit = (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight)
    assert tuple(1 if v is None else int(v) for v in fit) == (1, 0)   # absent fitToWidth is the schema's 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert "&P/&N" in (ws.oddFooter.center.text or "")


def test_every_sheet_of_a_form_prints_one_page_wide_with_its_header_rows_unit_and_period(sample_month: Path) -> None:
    wb = load_workbook(sample_month / "outputs" / "2025-11" / "mau-bieu" / "so_khoa_hoc_cong_nghe.xlsx")
    titles = {"Số liệu": "$1:$4", "Nổi bật": "$1:$3", "Văn bản": "$1:$3", "Danh sách": "$1:$3", "Nhiệm vụ": "$1:$3"}
    for ws in wb.worksheets:
        if ws.sheet_state == "hidden":
            assert ws.title == "Danh mục"
            continue
        _printed(ws, landscape=ws.title not in ("Hướng dẫn", "Thông tin"))
        assert ws.oddHeader.left.text == "Sở Khoa học và Công nghệ"
        assert ws.oddHeader.right.text == "Kỳ báo cáo: tháng 11/2025"
        assert ws.print_title_rows == titles.get(ws.title) or (ws.title not in titles and not ws.print_title_rows)
        assert ws.print_area == f"'{ws.title}'!$A$1:${_last_column(ws)}${ws.max_row}"


def _last_column(ws) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(ws.max_column)


def test_a_unit_named_with_an_ampersand_keeps_it_in_the_page_header(tmp_path: Path) -> None:
    from .builders import make_project

    settings = make_project(tmp_path / "project")
    path = write_submission(settings, "so_b")
    assert load_workbook(path)["Số liệu"].oddHeader.left.text == "Sở B && C"   # "&" alone starts a code


def test_the_form_ends_with_the_signature_block_and_the_preparers_name(tmp_path: Path) -> None:
    from .builders import make_project

    settings = make_project(tmp_path / "project")
    path = write_submission(settings, "so_b", FormContent(values={"ddt_dat": 1, "cong_dan": 2}, preparer="Lê Thị Hoa"))
    ws = load_workbook(path)["Số liệu"]
    texts = {c.value: c.coordinate for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for text in ("NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ tên)", "(Ký, ghi rõ họ tên, đóng dấu)"):
        assert text in texts
    assert any(re.fullmatch(r"……………, ngày …… tháng …… năm ……", t) for t in texts)
    assert "=IF('Thông tin'!B9=\"\",\"\",'Thông tin'!B9)" in texts
    assert load_workbook(path)["Thông tin"]["A9"].value == "Người lập biểu"
    assert not [c for c in ws["B"] if c.row > int(texts["NGƯỜI LẬP BIỂU"][1:]) - 3 and c.value]   # no code


def test_reading_ignores_the_signature_block(project) -> None:
    outcome = pipeline.check(project, OCT)
    assert outcome.findings == []


@pytest.mark.parametrize("name", ["kiem-tra", "tong-hop", "tinh-hinh"])
def test_the_big_workbooks_print_landscape_one_page_wide_with_headers_and_the_period(sample_month: Path,
                                                                                      name: str) -> None:
    wb = load_workbook(sample_month / "outputs" / "2025-10" / f"{name}-2025-10.xlsx")
    for ws in wb.worksheets:
        _printed(ws, landscape=True)
        assert ws.print_title_rows == "$1:$3"
        assert "10/2025" in (ws.oddHeader.left.text or "")


def test_the_marked_copys_list_prints_landscape_one_page_wide_with_its_header_and_the_period(project) -> None:
    path = project.inputs / OCT.key / "so_b.xlsx"
    set_cell(path, "Số liệu", find_cell(path, "Số liệu", "kiosk"), "ba")
    set_cell(path, "Thông tin", "B8", "DA06-2024.1")   # a finding with no cell: listed on "Cần sửa"
    pipeline.check(project, OCT)
    ws = load_workbook(project.outputs / OCT.key / "tra-lai" / "so_b - can sua.xlsx")["Cần sửa"]
    _printed(ws, landscape=True)
    assert ws.print_title_rows == "$3:$3"
    assert ws.oddHeader.left.text == "Sở B && C - Kỳ báo cáo: tháng 10/2025"


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


@needs_calc
def test_a_department_form_and_the_validation_report_print_as_the_content_needs(sample_month: Path,
                                                                                 tmp_path: Path) -> None:
    """Printed through LibreOffice: Sở Khoa học và Công nghệ's form (7 sheets) on 8 pages instead of 22, every page
    one page wide (its last column's header on it), numbered, headed; the validation report likewise."""
    form = sample_month / "outputs" / "2025-11" / "mau-bieu" / "so_khoa_hoc_cong_nghe.xlsx"
    report = sample_month / "outputs" / "2025-10" / "kiem-tra-2025-10.xlsx"
    form_pdf, report_pdf = convert([form, report], "pdf", tmp_path)
    pages = _pages(form_pdf)
    assert 7 <= len(pages) <= 10
    for number, page in enumerate(pages, start=1):
        assert f"Trang {number}/{len(pages)}" in page and "Sở Khoa học và Công nghệ" in page
        assert "Kỳ báo cáo: tháng 11/2025" in page
    data = [p for p in pages if "SỐ LIỆU BÁO CÁO" in p]
    assert len(data) == 1 and "Ghi chú" in data[0]                      # 26 rows: one page, all columns
    assert "NGƯỜI LẬP BIỂU" in data[0] and "THỦ TRƯỞNG ĐƠN VỊ" in data[0] and "đóng dấu" in data[0]
    tasks = [p for p in pages if "TÌNH HÌNH THỰC HIỆN NHIỆM VỤ" in p]
    assert len(tasks) >= 2 and all("Ghi chú" in p and "Thời hạn hoàn thành" in p for p in tasks)   # header repeated
    assert "Danh mục" not in "".join(pages) and "van-ban" not in "".join(pages)   # the hidden sheet is not printed
    listed = _pages(report_pdf)
    assert 1 <= len(listed) <= 8
    for page in listed:   # each sheet's last column header on each of its pages: nothing cut off on the right
        assert "Kiểm tra số liệu kỳ 10/2025" in page
        assert "Nội dung và cách sửa" in page or "Số cảnh báo" in page


@needs_calc
def test_the_preparers_name_appears_in_the_printed_signature_block(tmp_path: Path) -> None:
    from .builders import make_project

    settings = make_project(tmp_path / "project")
    path = write_submission(settings, "so_b", FormContent(preparer="Lê Thị Hoa"))
    printed = _pages(convert([path], "pdf", tmp_path / "pdf")[0])
    page = next(p for p in printed if "NGƯỜI LẬP BIỂU" in p)
    assert page.index("Lê Thị Hoa") > page.index("(Ký, ghi rõ họ tên)")
