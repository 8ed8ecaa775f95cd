"""The drafts of a quarter, six and nine months, the year: the shipped catalog and templates, September and October
from the sample forms, November typed into the project's own blank forms; then the span commands, end to end."""
from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from openpyxl import load_workbook

from baocao.report.docx_text import extract_text
from baocao.report.nd30 import check as check_layout

from .builders import REPO, copy_repo, find_cell
from .test_cli import cli
from .test_nd30 import SCHEMA_TOOL, _schema_check_available
from .test_render import highlighted

NOVEMBER = {   # typed into the blank forms (the rest of each form: October's sample values)
    "trung_tam_phuc_vu_hcc_tinh": {"ho_so_so_hoa_luy_ke": 1_100_000},
    "cong_an_tinh": {"lltp_ho_so_vneid": 500, "lltp_ho_so_tong": 2700},
}
NOVEMBER_HIGHLIGHT = "Tháng Mười một: Công an tỉnh ra mắt kênh hỗ trợ VNeID trên Zalo"


def fill(path: Path, values: dict[str, object], highlight: str = "") -> None:
    """Type into a blank form as the unit's clerk would: values in the Giá trị column, a highlight in Nổi bật."""
    wb = load_workbook(path)
    for code, value in values.items():
        wb["Số liệu"][find_cell(path, "Số liệu", code)] = value
    if highlight:
        ws = wb["Nổi bật"]
        cols = {str(c.value): c.column for c in ws[3] if c.value}
        ws.cell(row=4, column=cols["Mục báo cáo"], value="I.1.a")
        ws.cell(row=4, column=cols["Nội dung"], value=highlight)
    wb.save(path)


def report_sample_months(root: Path) -> None:
    """The shipped September and October, each through bao-cao, so that the history holds both months."""
    for month, key in (("9/2025", "2025-09"), ("10/2025", "2025-10")):
        run = cli(root, "bao-cao", "--ky", month)
        assert (root / "outputs" / key / f"bao-cao-{key}.docx").exists(), run.stdout + run.stderr


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = copy_repo(tmp_path_factory.mktemp("span-drafts") / "project", "catalog", "templates", "inputs")
    report_sample_months(root)
    assert cli(root, "mau-bieu", "--ky", "11/2025").returncode == 0
    inbox = root / "inputs" / "2025-11"
    inbox.mkdir()
    for unit, typed in NOVEMBER.items():
        october = tomllib.loads((REPO / "samples" / "2025-10" / f"{unit}.toml").read_text(encoding="utf-8"))
        shutil.copy(root / "outputs" / "2025-11" / "mau-bieu" / f"{unit}.xlsx", inbox / f"{unit}.xlsx")
        fill(inbox / f"{unit}.xlsx", {**october["values"], **typed},
             NOVEMBER_HIGHLIGHT if unit == "cong_an_tinh" else "")
    november = cli(root, "bao-cao", "--ky", "11/2025")
    assert (root / "outputs" / "2025-11" / "bao-cao-2025-11.docx").exists(), november.stdout + november.stderr
    return root


SPANS = {"Q4/2025": "2025-Q4", "6T/2025": "2025-6T", "9T/2025": "2025-9T", "2025": "2025"}


@pytest.fixture(scope="module")
def spans(project: Path) -> dict[str, tuple[subprocess.CompletedProcess, Path]]:
    """Each span run once on the three months: its run, and its output folder."""
    return {ky: (cli(project, "bao-cao", "--ky", ky), project / "outputs" / key) for ky, key in SPANS.items()}


@pytest.fixture(scope="module")
def quarter(spans) -> tuple[subprocess.CompletedProcess, Path]:
    return spans["Q4/2025"]


def test_the_quarter_is_written_whole_and_exits_1_because_december_is_missing(quarter) -> None:
    result, folder = quarter
    assert result.returncode == 1, result.stderr
    assert {p.name for p in folder.iterdir()} == {"bao-cao-2025-Q4.docx", "bao-cao-2025-Q4 - doi-chieu.docx",
                                                  "kiem-tra-2025-Q4.xlsx", "tong-hop-2025-Q4.xlsx"}
    assert "Tháng 12/2025: chưa có số liệu" in " ".join(result.stdout.split())


def test_the_quarterly_draft_names_its_span_in_the_subject_line(quarter) -> None:
    _, folder = quarter
    lines = extract_text(folder / "bao-cao-2025-Q4.docx").splitlines()
    subject = next(i for i, line in enumerate(lines) if line.startswith("Kết quả triển khai"))
    assert lines[subject].endswith("tầm nhìn đến năm 2030” quý IV năm 2025")
    assert lines[subject + 1] == "(Từ ngày 16/9/2025 đến ngày 15/12/2025)"


def test_the_quarterly_draft_adds_each_kind_of_figure_by_its_rule(quarter) -> None:
    _, folder = quarter
    text = " ".join(extract_text(folder / "bao-cao-2025-Q4.docx").split())
    assert "có 1.100.000 hồ sơ, kết quả giải quyết TTHC đã được số hóa" in text        # November's total
    summed = f"{63_619 + 1_100_000 - 1_049_665:,}".replace(",", ".")                     # October's + November's
    assert f"trong quý là {summed} " in text
    marks = highlighted(folder / "bao-cao-2025-Q4.docx")   # November's 63.619 disagrees with its cumulative figure
    assert any(m.startswith(f"{summed} [") and "tháng 11/2025]" in m for m in marks), marks
    assert "tiếp nhận hồ sơ qua VNeID đạt 55% (2.836/5.187" in text                      # (2.336 + 500) / (2.487 + 2.700)


def test_the_quarterly_draft_marks_the_missing_month_and_gives_each_highlight_its_month(quarter) -> None:
    _, folder = quarter
    draft = folder / "bao-cao-2025-Q4.docx"
    marks = highlighted(draft)
    assert any(m.startswith("[Chưa có số liệu tháng 12/2025 (chưa lập báo cáo tháng): số lũy kế tính đến hết "
                            "tháng 11/2025") for m in marks), marks
    text = " ".join(extract_text(draft).split())
    assert f"{NOVEMBER_HIGHLIGHT} (tháng 11/2025)." in text


@pytest.mark.parametrize("ky", list(SPANS))
def test_every_span_renders_in_the_nd30_layout(spans, ky: str) -> None:
    result, folder = spans[ky]
    assert result.returncode == 1 and "Cảnh báo thể thức" not in result.stdout, result.stdout + result.stderr
    assert check_layout(folder / f"bao-cao-{SPANS[ky]}.docx") == []


def test_every_span_s_draft_and_workbooks_pass_the_word_schema_check(spans) -> None:
    _schema_check_available()
    files = [str(p) for _, folder in spans.values() for p in sorted(folder.iterdir())]
    run = subprocess.run([sys.executable, str(SCHEMA_TOOL), *files,
                          *(str(p) for p in sorted((REPO / "templates").glob("*.docx")))], capture_output=True, text=True)
    assert run.returncode == 0 and "ooxml schema errors: 0" in run.stdout, run.stdout + run.stderr


def test_the_year_report_has_the_targets_table_and_the_tasks_summary(spans) -> None:
    _, folder = spans["2025"]
    text = extract_text(folder / "bao-cao-2025.docx")
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert rows[rows.index("| Kết quả năm 2025") + 3] == "| 1"
    target = rows[rows.index("| Tỷ lệ nhận lương hưu, trợ cấp BHXH hằng tháng không dùng tiền mặt") + 1:][:3]
    # BHXH tỉnh sent no November: its October figures stand (37.689/49.150), and the value says so
    assert target == ["| 76,68% [tính từ số liệu chưa đủ: BHXH tỉnh lấy số tháng 10/2025]",
                      "| năm 2025 đạt từ 80% trở lên", "| Chưa đạt"]
    assert "| Đơn vị chủ trì" in rows and "| Quá hạn" in rows and "| Sở Khoa học và Công nghệ" in rows
    flat = " ".join(text.split())
    assert "9. Kết quả thực hiện các chỉ tiêu, nhiệm vụ năm 2025 theo Kế hoạch số 3433/KH-UBND" in flat
    assert "Các nhiệm vụ quá hạn, chưa hoàn thành:" in flat and "Nhiệm vụ 63.8 (Sở Nông nghiệp và Môi trường" in flat
    assert "TÌNH HÌNH THỰC HIỆN NHIỆM VỤ THEO KẾ HOẠCH SỐ 3433/KH-UBND" in flat and "ĐẾN HẾT NĂM 2025" in flat


def test_a_quarter_under_the_nd09_rule_runs_from_the_15th_to_the_14th(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "project", "catalog", "templates")
    config = (root / "config.toml").read_text(encoding="utf-8")
    (root / "config.toml").write_text(config.replace("bat_dau = 16", "bat_dau = 15").replace("ket_thuc = 15",
                                                                                              "ket_thuc = 14"),
                                      encoding="utf-8")
    result = cli(root, "bao-cao", "--ky", "Q4/2025")
    assert result.returncode == 1, result.stderr
    lines = extract_text(root / "outputs" / "2025-Q4" / "bao-cao-2025-Q4.docx").splitlines()
    assert "(Từ ngày 15/9/2025 đến ngày 14/12/2025)" in lines
    year = cli(root, "bao-cao", "--ky", "2025")
    assert "(Từ ngày 15/12/2024 đến ngày 14/12/2025)" in extract_text(root / "outputs" / "2025" / "bao-cao-2025.docx")
    assert year.returncode == 1


def test_the_template_check_reads_each_span_s_template(project: Path) -> None:
    for ky, name in (("Q4/2025", "bao_cao_quy.docx"), ("6T/2025", "bao_cao_6_thang.docx"),
                     ("9T/2025", "bao_cao_6_thang.docx"), ("2025", "bao_cao_nam.docx")):
        result = cli(project, "kiem-tra-mau", "--ky", ky)
        assert result.returncode == 0 and name in result.stdout, result.stdout + result.stderr


def test_the_template_guide_of_a_span_shows_its_own_names_with_the_span_s_values(spans, project: Path) -> None:
    result = cli(project, "huong-dan-mau", "--ky", "Q4/2025")
    assert result.returncode == 0 and "huong-dan-mau-bao-cao-quy.xlsx" in result.stdout, result.stderr
    rows = {row[0]: row for row in load_workbook(project / "outputs" / "huong-dan-mau-bao-cao-quy.xlsx")["Kỳ dài"]
            .iter_rows(min_row=4, values_only=True)}
    assert rows["ky.thieu"][3].startswith("[Chưa có số liệu tháng 12/2025")
    assert rows["ket_qua_nhiem_vu"][3] == "09 nhiệm vụ, quá hạn 0"    # due in December or in 2025, none late yet
