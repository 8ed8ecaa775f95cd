"""Every workbook the tool writes is valid OOXML and opens again: blank forms, marked copies, the validation report,
the consolidated and status workbooks; a marked copy that would not open again is not sent, and the summary says
why; what a unit's file carries besides its workbook (stray or unsafe zip entries) is not sent back."""
from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from baocao.text.xstring import from_xstring, to_xstring
from baocao.workbooks.copies import why_unopenable

from .builders import OCT, find_cell, set_cell
from .office import convert, needs_calc
from .test_cli import cli
from .test_nd30 import SCHEMA_TOOL, _schema_check_available


def test_every_workbook_the_tool_writes_passes_the_schema_check(sample_month: Path) -> None:
    _schema_check_available()
    out = sample_month / "outputs"
    blanks = sorted((out / "2025-11" / "mau-bieu").glob("*.xlsx"))
    marked = sorted((out / "2025-10" / "tra-lai").glob("*.xlsx"))
    books = [out / "2025-10" / f"{name}-2025-10.xlsx" for name in ("kiem-tra", "tong-hop", "tinh-hinh")]
    assert len(blanks) == 83 and marked and all(b.is_file() for b in books)
    run = subprocess.run([sys.executable, str(SCHEMA_TOOL), *map(str, blanks + marked + books)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr
    assert re.search(r"ooxml schema errors: 0", run.stdout)


def test_every_marked_copy_of_the_sample_month_opens_again(sample_month: Path) -> None:
    marked = sorted((sample_month / "outputs" / "2025-10" / "tra-lai").glob("*.xlsx"))
    assert marked and [why_unopenable(p) for p in marked] == [""] * len(marked)


def test_a_copy_that_is_not_well_formed_is_named_as_such(tmp_path: Path) -> None:
    broken = tmp_path / "hong.xlsx"
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("xl/worksheets/sheet1.xml", "<worksheet><sheetData></worksheet>")
    assert "XML" in why_unopenable(broken)


def _rewrite(path: Path, change=lambda name, data: data, extra: dict[str, bytes] | None = None) -> None:
    """The unit's file with its parts changed and extra zip entries added, as another tool might leave it."""
    with zipfile.ZipFile(path) as z:
        parts = [(i, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts:
            z.writestr(info, change(info.filename, data))
        for name, data in (extra or {}).items():
            z.writestr(name, data)


def test_a_sheet_declaring_entities_gets_no_copy_and_the_summary_says_why(project) -> None:
    form = project.inputs / OCT.key / "so_b.xlsx"
    set_cell(form, "Số liệu", find_cell(form, "Số liệu", "kiosk"), "ba")

    def doctype(name: str, data: bytes) -> bytes:
        if name != "xl/worksheets/sheet3.xml":
            return data
        return b'<!DOCTYPE worksheet [<!ENTITY x "x">]>' + data.split(b"?>", 1)[-1]
    _rewrite(form, doctype)
    result = cli(project.root, "kiem-tra", "--ky", "10/2025")
    assert result.returncode == 1, result.stderr
    assert not (project.outputs / "2025-10" / "tra-lai" / "so_b - can sua.xlsx").exists()
    assert "Không gửi được bản đánh dấu so_b - can sua.xlsx" in result.stdout and "DOCTYPE" in result.stdout


def test_stray_and_unsafe_entries_of_a_units_file_are_not_sent_back(project) -> None:
    form = project.inputs / OCT.key / "so_b.xlsx"
    set_cell(form, "Số liệu", find_cell(form, "Số liệu", "kiosk"), "ba")
    _rewrite(form, extra={"../../thu_muc_khac/ghi_de.txt": b"ghi de", "ghi_chu_rieng.txt": b"x"})
    assert cli(project.root, "kiem-tra", "--ky", "10/2025").returncode == 1
    copy = project.outputs / "2025-10" / "tra-lai" / "so_b - can sua.xlsx"
    with zipfile.ZipFile(copy) as z:
        names = z.namelist()
    assert [n for n in names if n.endswith(".txt")] == []
    assert "xl/workbook.xml" in names and "docProps/core.xml" in names and why_unopenable(copy) == ""


def test_unit_text_in_a_marked_copy_reads_back_as_typed(project) -> None:
    from openpyxl import load_workbook

    form = project.inputs / OCT.key / "so_b.xlsx"
    typed = "ba_x0041_ và =1+1"
    cell = find_cell(form, "Số liệu", "kiosk")
    set_cell(form, "Số liệu", cell, to_xstring(typed))   # as Excel stores what the unit typed
    assert cli(project.root, "kiem-tra", "--ky", "10/2025").returncode == 1
    copy = project.outputs / "2025-10" / "tra-lai" / "so_b - can sua.xlsx"
    comment = load_workbook(copy)["Số liệu"][cell].comment.text     # openpyxl gives it as stored: ST_Xstring
    assert typed in from_xstring(comment) and typed not in comment


@needs_calc
def test_an_ods_or_xls_with_errors_is_named_in_the_summary_for_having_no_marked_copy(project) -> None:
    form = project.inputs / OCT.key / "so_b.xlsx"
    set_cell(form, "Số liệu", find_cell(form, "Số liệu", "kiosk"), "ba")
    convert([form], "ods", form.parent)
    form.unlink()
    result = cli(project.root, "kiem-tra", "--ky", "10/2025")
    assert result.returncode == 1
    assert "so_b.ods có lỗi nhưng không có bản đánh dấu" in " ".join(result.stdout.split())
    assert not list((project.outputs / "2025-10").rglob("*can sua*"))


def test_the_copy_of_an_older_commune_form_drops_its_empty_validation_list(project, tmp_path: Path) -> None:
    from baocao.workbooks.copies import write_marked_copy

    from .test_marked import findings_for

    form = project.inputs / OCT.key / "so_a.xlsx"
    _rewrite(form, lambda name, data: data.replace(b"<pageMargins", b'<dataValidations count="0"/><pageMargins')
             if name == "xl/worksheets/sheet2.xml" else data)
    copy = tmp_path / "copy.xlsx"
    write_marked_copy(form, copy, findings_for(form))
    with zipfile.ZipFile(copy) as z:
        assert not [n for n in z.namelist() if b'<dataValidations count="0"/>' in z.read(n)]
