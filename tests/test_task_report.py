"""The October report from the sample data: task 63.8 one month late in section III with its footnote, and the
appendix of every task of the plan on landscape pages numbered from 1."""
from __future__ import annotations

import re

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from baocao.catalog import load_catalog
from baocao.report.docx_text import extract_text, text_of

from .test_golden import REPO, render_october

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LINE = ("b) Khẩn trương tham mưu UBND tỉnh triển khai thực hiện Mô hình điểm tại các tỉnh, thành phố có đảo[^22] "
        "(chậm tiến độ 01 tháng so với yêu cầu hoàn thành tháng 9/2025).")
NOTE = ("[^22] Được giao tại Nhiệm vụ số 63.8 Kế hoạch số 3433/KH-UBND ngày 26/3/2025 và Nhiệm vụ số 16.2 Quyết định "
        "số 1689/QĐ-UBND ngày 19/6/2025 của UBND tỉnh.")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_october(tmp_path_factory.mktemp("tasks") / "project")


@pytest.fixture(scope="module")
def document(report: Path) -> etree._Element:
    with zipfile.ZipFile(report) as z:
        return etree.fromstring(z.read("word/document.xml"))


def cells(row: etree._Element) -> list[str]:
    return ["\n".join(text_of(p) for p in tc.iter(f"{W}p")) for tc in row.findall(f"{W}tc")]


def appendix_table(document: etree._Element) -> etree._Element:
    return document.find(f"{W}body").findall(f"{W}tbl")[-1]


def test_the_october_report_names_task_63_8_one_month_late_with_its_footnote(report: Path,
                                                                            document: etree._Element) -> None:
    text = extract_text(report)
    section_three = text.split("III. NHIỆM VỤ TRỌNG TÂM")[1].split("Trên đây là báo cáo")[0]
    assert "3. Sở Nông nghiệp và Môi trường\n" in section_three and LINE in section_three
    assert NOTE in text.split("--- Chú thích ---")[1]
    bold = ["".join(t.text for t in r.iter(f"{W}t")) for r in document.iter(f"{W}r")
            if r.find(f"{W}rPr/{W}b") is not None]
    assert "chậm tiến độ 01 tháng" in bold, "the seed prints the lateness in bold"


def test_the_body_refers_to_the_appendix_at_the_end_of_section_one_with_the_results(report: Path) -> None:
    text = extract_text(report)
    assert ("đạt tỷ lệ 82,28%.\nTình hình thực hiện từng nhiệm vụ theo Kế hoạch số 3433/KH-UBND ngày 26/3/2025 của "
            "UBND tỉnh được tổng hợp tại Phụ lục kèm theo Báo cáo này.\nII. KHÓ KHĂN") in text
    assert ("Phụ lục\nTÌNH HÌNH THỰC HIỆN NHIỆM VỤ THEO KẾ HOẠCH SỐ 3433/KH-UBND NGÀY 26/3/2025 CỦA UBND TỈNH\n"
            "(Kèm theo Báo cáo số 146/BC-BCĐ ngày 22 tháng 10 năm 2025 của Ban Chỉ đạo tỉnh Khánh Hòa)") in text


def test_the_appendix_is_a_landscape_section_whose_page_numbers_restart_at_one(document: etree._Element) -> None:
    body = document.find(f"{W}body")
    breaks = [p for p in body.findall(f"{W}p") if p.find(f"{W}pPr/{W}sectPr") is not None]
    assert len(breaks) == 1, "one section break: the body, then the appendix"
    body_size = breaks[0].find(f"{W}pPr/{W}sectPr/{W}pgSz")
    assert int(body_size.get(f"{W}w")) < int(body_size.get(f"{W}h"))
    last = body.find(f"{W}sectPr")
    size = last.find(f"{W}pgSz")
    assert (size.get(f"{W}w"), size.get(f"{W}h"), size.get(f"{W}orient")) == ("16838", "11906", "landscape")
    assert last.find(f"{W}pgNumType").get(f"{W}start") == "1"
    assert last.find(f"{W}titlePg") is not None
    after_break = list(breaks[0].itersiblings())
    assert text_of(next(p for p in after_break if text_of(p).strip())) == "Phụ lục"
    assert appendix_table(document) in after_break


def test_the_appendix_table_has_a_row_for_every_task_reported_on_and_lists_the_others_by_lead(
        document: etree._Element, report: Path) -> None:
    """Issue 14: no rows of "Chưa báo cáo": the table holds the tasks with a status, the others follow by lead unit;
    every task of the plan is in one of the two."""
    tasks = load_catalog(REPO / "catalog").tasks
    table = appendix_table(document)
    header, *rows = table.findall(f"{W}tr")
    assert cells(header) == ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời gian hoàn thành", "Tình trạng", "Ghi chú"]
    assert header.find(f"{W}trPr/{W}tblHeader") is not None, "the header row repeats on every page"
    assert [cells(r) for r in rows] == [[
        "63.8", "Mô hình điểm tại tỉnh, thành phố có đảo", "Sở Nông nghiệp và Môi trường",
        "Theo lộ trình, hướng dẫn của Bộ Công an\nTháng 9/2025 (Nhiệm vụ số 16.2 Quyết định số 1689/QĐ-UBND)",
        "Đang thực hiện", "Chậm tiến độ 01 tháng so với yêu cầu hoàn thành tháng 9/2025"]]
    listed = extract_text(report).split("theo đơn vị chủ trì (nhiệm vụ đã quá hạn ghi trước):\n")[1]
    listed = listed.split("--- Chú thích ---")[0]
    numbers = set(re.findall(r"(?:nhiệm vụ |, )(\d+(?:\.\d+)?)", listed))
    leaves = {t.number for t in tasks.canonical_tasks() if not tasks.has_subtasks(t)}
    assert numbers | {"63.8"} == leaves and "63.8" not in numbers
