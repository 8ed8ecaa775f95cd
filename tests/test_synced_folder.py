"""A period folder as a clerk's synced folder really is: files the disk will not give, resent files in
subfolders, the tool's own folders copied in by mistake."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from baocao import pipeline
from baocao.intake.read import list_inputs

from .builders import GOOD_B, OCT, write_submission
from .test_cli import cli


def findings_by_code(outcome: pipeline.Outcome, code: str) -> list:
    return [f for f in outcome.findings if f.code == code]


def test_a_file_the_disk_will_not_give_becomes_a_finding_naming_it_and_the_month_goes_on(project, monkeypatch) -> None:
    blocked = project.inputs / OCT.key / "so_b.xlsx"
    real_read = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == blocked:
            raise OSError(5, "Input/output error")  # as a OneDrive file held by sync raises it, without a name
        return real_read(self)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    outcome = pipeline.check(project, OCT)
    [found] = findings_by_code(outcome, "tep-khong-truy-cap")
    assert found.file == "so_b.xlsx" and found.is_error
    assert set(outcome.dataset.accepted_files) == {"so_a", "xa_c"}
    assert outcome.dataset.rejected_files == {"so_b.xlsx": ""}
    assert (project.outputs / OCT.key / f"kiem-tra-{OCT.key}.xlsx").exists()


@pytest.mark.skipif(not Path("/proc/self/mem").is_file(), reason="needs Linux's /proc/self/mem to raise EIO")
def test_an_input_output_error_through_the_command_line_names_the_file_and_the_run_completes(project) -> None:
    (project.inputs / OCT.key / "so_b.xlsx").unlink()
    (project.inputs / OCT.key / "so_b (OneDrive).xlsx").symlink_to("/proc/self/mem")  # reading it raises EIO
    result = cli(project.root, "kiem-tra", "--ky", "10/2025")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    ws = load_workbook(project.outputs / OCT.key / f"kiem-tra-{OCT.key}.xlsx")["Lỗi và cảnh báo"]
    rows = [(r[2], r[4]) for r in ws.iter_rows(min_row=4, values_only=True)]
    assert ("tep-khong-truy-cap", "so_b (OneDrive).xlsx") in rows


def test_a_file_resent_into_a_subfolder_is_read_and_named_with_its_folder(project) -> None:
    folder = project.inputs / OCT.key
    (folder / "Gửi lại").mkdir()
    shutil.move(folder / "so_b.xlsx", folder / "Gửi lại" / "so_b.xlsx")
    outcome = pipeline.check(project, OCT)
    assert outcome.dataset.accepted_files["so_b"] == os.path.join("Gửi lại", "so_b.xlsx")
    assert not outcome.dataset.missing_units


def test_of_two_files_of_one_unit_in_different_folders_the_newest_is_used(project) -> None:
    folder = project.inputs / OCT.key
    old = folder / "so_b.xlsx"
    os.utime(old, (1_700_000_000, 1_700_000_000))
    (folder / "Gửi lại").mkdir()
    write_submission(project, "so_b", GOOD_B, name=os.path.join("Gửi lại", "so_b lần 2.xlsx"))
    outcome = pipeline.check(project, OCT)
    assert outcome.dataset.accepted_files["so_b"] == os.path.join("Gửi lại", "so_b lần 2.xlsx")
    [duplicate] = findings_by_code(outcome, "don-vi-trung-lap")
    assert duplicate.file == "so_b.xlsx"


def test_the_folders_the_tool_writes_are_never_read_even_when_copied_into_inputs(project) -> None:
    folder = project.inputs / OCT.key
    for copied in ("tra-lai", "lan-truoc", "mau-bieu", ".hidden"):
        (folder / copied).mkdir()
        shutil.copy(folder / "so_b.xlsx", folder / copied / "so_b - can sua.xlsx")
    outputs_inside = project.root / "inputs" / OCT.key / "ket-qua"
    outputs_inside.mkdir()
    shutil.copy(folder / "so_a.xlsx", outputs_inside / "so_a.xlsx")
    files = list_inputs(folder, skip=(outputs_inside,))
    assert sorted(p.name for p in files) == ["so_a.xlsx", "so_b.xlsx", "xa_c.xlsx"]


def test_a_subfolder_that_cannot_be_opened_becomes_a_finding_naming_it(project, monkeypatch) -> None:
    folder = project.inputs / OCT.key
    (folder / "Đang đồng bộ").mkdir()
    real_scandir = os.scandir

    def scandir(path):  # noqa: ANN001, ANN202 - os.walk's own call
        if str(path).endswith("Đang đồng bộ"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)
    monkeypatch.setattr(os, "scandir", scandir)
    outcome = pipeline.check(project, OCT)
    [found] = findings_by_code(outcome, "tep-khong-truy-cap")
    assert found.file == "Đang đồng bộ"
    assert set(outcome.dataset.accepted_files) == {"so_a", "so_b", "xa_c"}
