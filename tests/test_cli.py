"""The command line end to end: exit status, files written, inputs untouched."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from .builders import OCT, REPO, copy_repo, find_cell, set_cell


def cli(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, BAOCAO_ROOT=str(root), COLUMNS="200", **(env or {}))
    return subprocess.run([sys.executable, str(REPO / "generate.py"), *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=300)


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_checking_a_clean_month_exits_0_and_writes_the_validation_report(project) -> None:
    result = cli(project.root, "kiem-tra", "--ky", "10/2025")
    assert result.returncode == 0, result.stderr
    report = project.outputs / "2025-10" / "kiem-tra-2025-10.xlsx"
    assert report.exists()
    assert "Đơn vị đã báo cáo: 3/3" in result.stdout
    wb = load_workbook(report)
    assert wb.sheetnames == ["Lỗi và cảnh báo", "Theo đơn vị"]
    ws = wb["Theo đơn vị"]
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref
    statuses = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=4).value for r in range(4, ws.max_row + 1)}
    assert statuses == {"so_a": "Đã báo cáo", "so_b": "Đã báo cáo", "xa_c": "Đã báo cáo"}


def test_the_period_can_be_written_either_way(project) -> None:
    assert cli(project.root, "kiem-tra", "--ky", "2025-10").returncode == 0
    assert (project.outputs / "2025-10" / "kiem-tra-2025-10.xlsx").exists()


def test_data_errors_exit_1_with_a_marked_copy_and_untouched_inputs(project) -> None:
    path = project.inputs / OCT.key / "so_b.xlsx"
    cell = find_cell(path, "Số liệu", "kiosk")
    set_cell(path, "Số liệu", cell, "ba")
    before = digest(path.parent)
    result = cli(project.root, "kiem-tra", "--ky", "10/2025")
    assert result.returncode == 1, result.stderr
    assert digest(path.parent) == before
    ws = load_workbook(project.outputs / "2025-10" / "kiem-tra-2025-10.xlsx")["Lỗi và cảnh báo"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert [(r[2], r[4], r[5], r[6]) for r in rows] == [("khong-phai-so", "so_b.xlsx", "Số liệu", cell)]
    marked = load_workbook(project.outputs / "2025-10" / "tra-lai" / "so_b - can sua.xlsx")["Số liệu"][cell]
    assert marked.comment is not None and marked.fill.fgColor.rgb.endswith("F8CBAD")


def test_a_second_run_replaces_the_tool_s_own_output_and_keeps_the_old_one_until_the_next_run(project) -> None:
    out = project.outputs / "2025-10"
    assert cli(project.root, "kiem-tra", "--ky", "10/2025").returncode == 0
    first = (out / "kiem-tra-2025-10.xlsx").read_bytes()
    assert cli(project.root, "kiem-tra", "--ky", "10/2025").returncode == 0
    assert (out / "lan-truoc" / "kiem-tra-2025-10.xlsx").read_bytes() == first
    assert not (out / "kiem-tra-2025-10 (2).xlsx").exists()
    assert not [p for p in out.rglob("*") if p.name.startswith(".~tmp")]


@pytest.mark.parametrize("args", [("kiem-tra", "--ky", "13/2025"), ("kiem-tra", "--ky", "thang muoi"),
                                  ("lam-gi-do",), ("kiem-tra", "--khong-co")])
def test_wrong_usage_exits_2_in_vietnamese_without_a_traceback(project, args) -> None:
    result = cli(project.root, *args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "Lỗi cách dùng" in result.stderr


def test_a_missing_input_folder_exits_3_with_advice(project) -> None:
    result = cli(project.root, "kiem-tra", "--ky", "3/2024")
    assert result.returncode == 3
    assert "Traceback" not in result.stderr and "inputs" in result.stderr


def test_a_broken_catalog_exits_3_naming_file_and_line(project) -> None:
    path = project.catalog / "indicators.csv"
    path.write_text(path.read_text(encoding="utf-8-sig").replace("so-nguyen", "so-nguyen-to", 1), encoding="utf-8-sig")
    result = cli(project.root, "kiem-tra", "--ky", "10/2025")
    assert result.returncode == 3
    assert "indicators.csv, dòng 2, cột value_type" in result.stderr and "Traceback" not in result.stderr


def test_debug_shows_the_traceback(project) -> None:
    (project.catalog / "units.csv").unlink()
    result = cli(project.root, "kiem-tra", "--ky", "10/2025", "--debug")
    assert result.returncode == 3 and "Traceback" in result.stderr


def test_blank_forms_are_written_one_per_unit_and_read_back_clean_once_filled(project) -> None:
    result = cli(project.root, "mau-bieu", "--ky", "11/2025")
    assert result.returncode == 0, result.stderr
    forms = sorted((project.outputs / "2025-11" / "mau-bieu").glob("*.xlsx"))
    assert [p.stem for p in forms] == ["phuong_d", "so_a", "so_b", "xa_c"]
    inbox = project.inputs / "2025-11"
    inbox.mkdir(parents=True)
    typed = {"so_a": {"tthc-tong": 10, "tthc-tinh": 6, "tthc-xa": 4}, "so_b": {"ddt-dat": 5, "cong-dan": 9},
             "xa_c": {"ho-so-xa": 7}}   # codes as the form shows them
    for unit, values in typed.items():
        wb = load_workbook(project.outputs / "2025-11" / "mau-bieu" / f"{unit}.xlsx")
        ws = wb["Số liệu"]
        for row in ws.iter_rows(min_col=2, max_col=2):
            if row[0].value in values:
                ws.cell(row=row[0].row, column=6, value=values[row[0].value])
        wb["Thông tin"]["B9"] = "Nguyễn Văn A"
        wb.save(inbox / f"Báo cáo {unit}.xlsx")
    result = cli(project.root, "kiem-tra", "--ky", "11/2025")
    assert result.returncode == 0, result.stdout
    ws = load_workbook(project.outputs / "2025-11" / "kiem-tra-2025-11.xlsx")["Lỗi và cảnh báo"]
    assert ws.max_row == 3


def test_a_blank_form_carries_only_the_units_indicators_with_validation_and_locked_labels(project) -> None:
    cli(project.root, "mau-bieu", "--ky", "11/2025")
    wb = load_workbook(project.outputs / "2025-11" / "mau-bieu" / "so_b.xlsx")
    assert {"Hướng dẫn", "Thông tin", "Số liệu", "Nổi bật", "Văn bản", "Danh sách"} <= set(wb.sheetnames)
    ws = wb["Số liệu"]
    codes = [c.value for c in ws["B"] if c.value and c.row > 4]
    assert codes == ["ddt-dat", "cong-dan", "kiosk", "tl:ddt"]   # no "_": no office suite can misread a code
    assert ws.protection.sheet and ws["C5"].protection.locked
    value_cell = ws[find_cell(project.outputs / "2025-11" / "mau-bieu" / "so_b.xlsx", "Số liệu", "kiosk")]
    assert not value_cell.protection.locked
    assert any(value_cell.coordinate in dv.sqref for dv in ws.data_validations.dataValidation)
    info = wb["Thông tin"]
    assert (info["B3"].value, info["B5"].value, info["B8"].value) == ("so-b", "11/2025", project.form_version)


def test_the_shipped_sample_month_runs_end_to_end(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "repo", "catalog", "templates", "inputs/2025-10")
    before = digest(root / "inputs" / "2025-10")
    result = cli(root, "bao-cao", "--ky", "10/2025")
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    assert digest(root / "inputs" / "2025-10") == before
    out = root / "outputs" / "2025-10"
    assert (out / "kiem-tra-2025-10.xlsx").exists() and (out / "tong-hop-2025-10.xlsx").exists()


def test_file_names_that_look_like_console_markup_are_printed_as_they_are(project) -> None:
    (project.inputs / OCT.key / "bao cao [bold] thang 10 [final].docx").write_bytes(b"not a form")
    result = cli(project.root, "kiem-tra", "--ky", "10/2025")
    assert result.returncode == 1, result.stderr
    assert "bao cao [bold] thang 10 [final].docx" in result.stdout


def test_a_catalog_error_names_the_physical_line_when_a_cell_spans_lines(project) -> None:
    path = project.catalog / "units.csv"
    text = path.read_text(encoding="utf-8-sig").replace("Sở B & C", '"Sở B\n& C"', 1)  # a name on two lines
    text += "xa_e,Xã E,Xã E,thon,1\n"
    path.write_text(text, encoding="utf-8-sig")
    result = cli(project.root, "kiem-tra", "--ky", "10/2025")
    assert result.returncode == 3
    assert "units.csv, dòng 7, cột kind" in result.stderr


def test_the_progress_bar_runs_no_thread_of_its_own() -> None:
    """The report's workers are forked right after the read: a thread still alive then (rich's ``stop`` does not
    wait for its refresh thread) would have the report written in the main process, after the workbooks
    (``drafts.background``). The bar is drawn from the ticks."""
    from contextlib import ExitStack
    import threading

    from baocao import cli as command_line

    before = threading.active_count()
    with ExitStack() as stack:
        tick = command_line._progress_factory(stack)(3, "Đọc tệp")
        tick(Path("a.xlsx"))
        assert threading.active_count() == before
        tick(Path("b.xlsx"))
        tick(Path("c.xlsx"))
    assert threading.active_count() == before
