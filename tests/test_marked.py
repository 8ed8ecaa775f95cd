"""Marked copies ("can sua"): edited part by part, they must say what openpyxl's full rewrite says and keep
everything else of the unit's workbook."""
from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.comments import Comment

from baocao.codes import finding
from baocao.model import Finding, Severity, Source
from baocao.workbooks import copies
from baocao.workbooks.marked import Unsupported, mark_copy

from .builders import OCT, find_cell


def findings_for(form: Path) -> list[Finding]:
    value = find_cell(form, "Số liệu", "tthc_tong")
    return [
        finding("khong-phai-so", unit_name="Sở A", source=Source(form.name, "Số liệu", value), value="mười"),
        finding("khong-phai-so", unit_name="Sở A", source=Source(form.name, "Số liệu", value), value="lần hai"),
        finding("thieu-noi-dung", unit_name="Sở A", source=Source(form.name, "Nổi bật", "C9"), detail="nội dung"),
        finding("chi-tieu-khong-xac-dinh", unit_name="Sở A", source=Source(form.name, "Số liệu", "K200"), value="x"),
        finding("thieu-so-lieu", unit_name="Sở A", source=Source(form.name, "Số liệu"), detail="Tổng số TTHC"),
        finding("sai-phien-ban-mau", unit_name="Sở A", source=Source(form.name, "Trang không có"), value="DA06-2024.2",
                detail="DA06-2025.2"),
    ]


def marks(path: Path) -> dict:
    """What a unit sees: sheets in order, the active one, each coloured or commented cell, the general list."""
    wb = load_workbook(path)
    cells = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                colour = str(cell.fill.fgColor.rgb)[-6:] if cell.fill and cell.fill.fill_type == "solid" else None
                if cell.comment or colour in (copies.ERROR_COLOUR, copies.WARNING_COLOUR):
                    cells[(ws.title, cell.coordinate)] = (colour, cell.comment.text if cell.comment else None)
    general = [[c.value for c in row] for row in wb["Cần sửa"].iter_rows(min_row=4)] if "Cần sửa" in wb else []
    return {"sheets": wb.sheetnames, "active": wb.active.title, "cells": cells, "general": general}


def values(path: Path) -> dict:
    wb = load_workbook(path)
    return {(ws.title, c.coordinate): c.value for ws in wb.worksheets if ws.title != "Cần sửa"
            for row in ws.iter_rows() for c in row if c.value is not None}


def test_a_copy_edited_part_by_part_marks_what_openpyxls_full_rewrite_marks(project, tmp_path: Path) -> None:
    form = project.inputs / OCT.key / "so_a.xlsx"
    found = findings_for(form)
    fast, slow = tmp_path / "fast.xlsx", tmp_path / "slow.xlsx"
    mark_copy(form, fast, found, {Severity.ERROR: copies.ERROR_COLOUR, Severity.WARNING: copies.WARNING_COLOUR},
              copies.FONT)
    copies.marked_copy_with_openpyxl(form, slow, found)
    seen = marks(fast)
    assert seen["active"] == "Cần sửa", "the list of what to fix is the sheet the unit sees first"
    assert {k: v for k, v in seen.items() if k != "active"} == {k: v for k, v in marks(slow).items() if k != "active"}
    assert seen["sheets"][0] == "Cần sửa" and len(seen["general"]) == 2
    assert ("Số liệu", "K200") in seen["cells"], "a cell beyond the sheet's used range is created and marked"


def test_the_copy_keeps_every_value_validation_and_protection_of_the_unit_workbook(project, tmp_path: Path) -> None:
    form = project.inputs / OCT.key / "so_a.xlsx"
    copy = tmp_path / "copy.xlsx"
    copies.write_marked_copy(form, copy, findings_for(form))
    assert values(copy) == values(form)
    before, after = load_workbook(form), load_workbook(copy)
    for ws in before.worksheets:
        assert len(after[ws.title].data_validations.dataValidation) == len(ws.data_validations.dataValidation)
        assert after[ws.title].protection.sheet == ws.protection.sheet
        assert after[ws.title].sheet_state == ws.sheet_state
    with zipfile.ZipFile(form) as original, zipfile.ZipFile(copy) as marked:
        assert set(original.namelist()) < set(marked.namelist())


def test_a_sheet_that_already_has_comments_is_left_to_openpyxl_and_keeps_them(project, tmp_path: Path) -> None:
    form = tmp_path / "commented.xlsx"
    shutil.copy(project.inputs / OCT.key / "so_a.xlsx", form)
    wb = load_workbook(form)
    wb["Số liệu"]["A1"].comment = Comment("Ghi chú của đơn vị", "Đơn vị")
    wb.save(form)
    found = findings_for(form)
    with pytest.raises(Unsupported):
        mark_copy(form, tmp_path / "fast.xlsx", found, {}, copies.FONT)
    copy = tmp_path / "copy.xlsx"
    copies.write_marked_copy(form, copy, found)
    sheet = load_workbook(copy)["Số liệu"]
    assert sheet["A1"].comment.text == "Ghi chú của đơn vị"
    assert "[Lỗi]" in sheet[found[0].cell].comment.text


def test_a_sheet_local_name_still_points_at_its_sheet_after_the_list_is_put_first(project, tmp_path: Path) -> None:
    form = tmp_path / "named.xlsx"
    shutil.copy(project.inputs / OCT.key / "so_a.xlsx", form)
    wb = load_workbook(form)
    wb["Số liệu"].print_area = "A1:G20"
    wb.save(form)
    copy = tmp_path / "copy.xlsx"
    copies.write_marked_copy(form, copy, findings_for(form))
    assert load_workbook(copy)["Số liệu"].print_area == "'Số liệu'!$A$1:$G$20"


@pytest.mark.skipif(not shutil.which("soffice") and os.environ.get("CI") != "true",
                    reason="LibreOffice is not installed (it is on CI)")
def test_libreoffice_calc_opens_the_marked_copy(project, tmp_path: Path) -> None:
    """The nearest this machine has to opening the copy in Excel."""
    form = project.inputs / OCT.key / "so_a.xlsx"
    copy = tmp_path / "copy.xlsx"
    copies.write_marked_copy(form, copy, findings_for(form))
    result = subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                             "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path / "out"), str(copy)],
                            capture_output=True, text=True, timeout=180)
    exported = tmp_path / "out" / "copy.csv"
    if not exported.exists() and "could not be loaded" in result.stderr and os.environ.get("CI") != "true":
        pytest.skip("LibreOffice Calc is not installed (libreoffice-calc-nogui; it is on CI)")
    assert exported.exists(), result.stdout + result.stderr
    assert "NHỮNG NỘI DUNG CẦN SỬA" in exported.read_text(encoding="utf-8", errors="replace")
