"""The October 2025 report, rendered from the shipped sample inputs, read back from the .docx XML.

The golden text is the reviewed reproduction of report 146/BC-BCĐ. After a deliberate change to the
template, the samples or the formatting, regenerate it with
``UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py`` and review the diff before committing.
"""
from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from baocao import pipeline
from baocao.config import load_settings
from baocao.report.docx_text import extract_text
from baocao.periods import Period

from .builders import copy_repo

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden" / "bao_cao_2025-10.txt"
OCTOBER = Period(2025, 10)


def october_project(root: Path) -> Path:
    """A copy of the project with only October's inputs and no history, so the report is reproducible."""
    return copy_repo(root, "catalog", "templates", f"inputs/{OCTOBER.key}")


def render_october(root: Path) -> Path:
    """Run the real ``bao-cao`` pipeline on the copy and return the report it wrote."""
    settings = load_settings(october_project(root))
    outcome = pipeline.report(settings, OCTOBER)
    return next(p for p in outcome.written if p.suffix == ".docx")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_october(tmp_path_factory.mktemp("golden") / "project")


def test_the_october_report_reads_exactly_as_the_reviewed_golden_text(report: Path) -> None:
    text = extract_text(report)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    diff = "\n".join(difflib.unified_diff(expected.splitlines(), text.splitlines(), "golden", "rendered", lineterm=""))
    assert text == expected, f"The report differs from {GOLDEN.name}:\n{diff[:6000]}"


def test_the_report_is_written_where_the_pipeline_promises(report: Path) -> None:
    assert report.name == "bao-cao-2025-10.docx" and report.parent.name == "2025-10"


def test_all_twenty_four_footnotes_of_the_seed_are_present_in_order(report: Path) -> None:
    text = extract_text(report)
    notes = text.split("--- Chú thích ---")[1]
    starts = ["Chủ trì hội nghị", "(1) Quyết định số 1211/QĐ-UBND", "(1) Công văn số 4541/UBND-XDND",
              "Điển hình: Sở Tư pháp", "Diễn hình: Thông qua", "Kế hoạch số 3240/KH-CAT-PC06",
              "Nghị quyết số 02/2024/NQ-HĐND", "Quyết định số 715/QĐ-UBND", "(1) Đã cập nhật 4.116 tài khoản",
              "Cụ thể: 47 TTHC", "(1) Mô hình 5:", "(1) Mô hình 2:", "Mô hình 6:", "(1) Mô hình 3:", "(1) Mô hình 1:",
              "(1) Mô hình 17:", "Từ ngày 21/7/2025", "Bệnh viện ĐKKV Cam Ranh", "(1) Giữa Nhà hàng",
              "Cụ thể: Phòng CSQLHC", "Dữ liệu đất đai: 80,92%", "Được giao tại Nhiệm vụ số 63.8", "100% hồ sơ",
              "Phụ lục II Kế hoạch số 02/KH-BCĐTW"]
    for n, start in enumerate(starts, start=1):
        assert f"\n[^{n}] {start}" in notes, start
    assert f"[^{len(starts) + 1}]" not in text


def test_figures_are_computed_and_written_the_vietnamese_way(report: Path) -> None:
    text = extract_text(report)
    assert "đã thu nhận 2.009.345 hồ sơ" in text and "đạt 81,48% công dân trên 14 tuổi" in text
    assert "09 Quyết định" in text and "28 điểm thu nhận" in text and "Dừng 08 mô hình" in text
    assert "20 mô hình tiếp tục thực hiện" in text
    assert "1.521/1.793, tỷ lệ 84,8%" in text, "the seed's 81,7% is wrong: 1.521/1.793 = 84,8%"
    assert "làm sạch dữ liệu đạt 90% (84.191/93.274)" in text, "the seed's 89% is wrong"
    assert "người hưởng lương hưu: 24.765" in text and "Xác minh CCCD/CMND 0 lượt" in text
    assert "81.48%" not in text and "24,765" not in text


def test_the_seeds_inconsistent_figures_and_its_out_of_period_document_are_marked(report: Path) -> None:
    """Issue 14: report 146 prints 1.224 and 2.156 although their parts do not add up, and lists Công văn 4118 of
    18/8/2025 among the documents of 16/9–15/10: the draft keeps the unit's figures and says so."""
    text = extract_text(report)
    assert ("toàn trình 1.224 [chưa khớp: cấp tỉnh 1.074 + cấp xã 392 = 1.466 — Sở Khoa học và Công nghệ] thủ tục"
            in text)
    assert "có 2.156 [chưa khớp: số TTHC đã cung cấp DVCTT 1.706 + số TTHC chưa cung cấp DVCTT 581 = 2.287" in text
    assert "và 09 [chưa tính: 01 văn bản ngoài kỳ báo cáo — Văn phòng Ủy ban nhân dân tỉnh] văn bản chỉ đạo" in text
    assert ("(5) Công văn số 4118/UBND-KGVX ngày 18/8/2025 về việc triển khai thực hiện Thông báo kết luận số "
            "19-TB/VPTU ngày 16/9/2025 của Văn phòng Tỉnh ủy [ngoài kỳ báo cáo: ngày 18/8/2025") in text
    assert "tỷ lệ 84,8%." in text, "ty-le-sai: the computed ratio, no marker"


def test_the_units_cut_off_date_and_words_and_the_tasks_as_a_leader_reads_them(report: Path) -> None:
    """Issue 14: Công an tỉnh's figures are as of 20/10/2025; Sở Y tế's hospitals in its own words (footnote 18),
    counted by its own figure; the pointer to the appendix with the results; the appendix lists the tasks reported
    on and, briefly, who has not reported on the others; a unit that normally reports in section III is named."""
    text = extract_text(report)
    assert "Tính đến ngày 20/10/2025, toàn tỉnh đã thu nhận 2.009.345 hồ sơ" in text
    assert "kiosk tại 08 bệnh viện[^18]" in text
    assert ("[^18] Bệnh viện ĐKKV Cam Ranh, Bệnh viện chuyên khoa Tâm thần, Bệnh viện đa khoa Yersin Nha Trang, Trung "
            "tâm y tế khu vực Vạn Ninh 02 kiosk; Bệnh viện Y học cổ truyền và Phục hồi chức năng Khánh Hòa, Bệnh viện "
            "Đa liệu, Bệnh viện Lao và bệnh phổi 02 kiosk, Trung tâm Y tế Diên Khánh 01 Kiosk.") in text
    section_one = text.split("II. KHÓ KHĂN")[0]
    assert "được tổng hợp tại Phụ lục kèm theo Báo cáo này." in section_one.split("8. Triển khai định danh")[1]
    assert "11. Đơn vị chưa có báo cáo trong kỳ: [thiếu nội dung: Sở Công Thương, Thanh tra tỉnh, NHNN KV X " \
           "(chưa báo cáo)]" in text
    appendix = text.split("TÌNH HÌNH THỰC HIỆN NHIỆM VỤ")[1]
    assert appendix.count("Chưa báo cáo") == 0
    assert "\n- Sở Khoa học và Công nghệ: nhiệm vụ 4 (quá hạn: tháng 3/2025), 8 (quá hạn: tháng 4/2025)" in appendix
