"""Every format bounded before it is read: an .ods or .xls with a value far from the table is refused as
``tep-qua-lon`` naming the far cell, measured the way calamine would size the sheet, without reading its cells."""
from __future__ import annotations

import io
import shutil
import struct
import zipfile
from dataclasses import replace
from pathlib import Path

import olefile
import pytest
from openpyxl import Workbook
from openpyxl.styles import PatternFill
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from baocao.config import Limits
from baocao.intake import bounds
from baocao.intake.bounds import Extent, Unbounded, ods_extents, records, xls_extents, xls_sheets
from baocao.intake.container import container_problem

from .builders import OCT
from .odsbuild import HEAD, TAIL, empty, far_value_sheet, number_cell, ods, row, sheet, text_cell
from .office import convert, needs_calc
from .test_cli import cli

LIMITS = Limits()   # config.toml [gioi_han]: 100.000 rows, 5.000.000 cells


def problem(data: bytes, suffix: str = ".ods", limits: Limits = LIMITS) -> tuple[str, str] | None:
    return container_problem(data, suffix, limits)


def extents(data: bytes) -> list[Extent]:
    return ods_extents(zipfile.ZipFile(io.BytesIO(data)))


def calamine_shapes(data: bytes) -> dict[str, tuple[int, int]]:
    """(rows, columns) of the rectangle the project's reader gets for each sheet."""
    wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    shapes = {}
    for name in wb.sheet_names:
        rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        shapes[name] = (len(rows), max((len(r) for r in rows), default=0))
    return shapes


# ------------------------------------------------------------------------------------------------- .ods

def test_an_ods_value_typed_far_from_the_table_is_refused_naming_its_sheet_and_cell() -> None:
    data = ods(sheet("Thông tin", row(text_cell("Mã đơn vị"), text_cell("so_y_te"))),
               far_value_sheet("Số liệu", 95_000, 1024))
    code, detail = problem(data)
    assert code == "tep-qua-lon"
    assert "Số liệu" in detail and "AMJ95000" in detail


def test_an_ods_renamed_xlsx_is_measured_as_the_ods_it_is() -> None:
    data = ods(far_value_sheet("Số liệu", 60_000, 1024))
    assert problem(data, ".xlsx")[0] == "tep-qua-lon"


def test_an_ods_with_too_many_rows_is_refused_whatever_its_width() -> None:
    code, detail = problem(ods(far_value_sheet("Số liệu", 150_000, 1)))
    assert code == "tep-qua-lon" and "150.000 dòng" in detail


def test_the_measured_extent_is_the_rectangle_calamine_builds() -> None:
    data = ods(sheet("Thông tin", row(text_cell("a"), empty(3), number_cell(1)), row(empty(16384), repeat=1_048_574)),
               far_value_sheet("Số liệu", 300, 40))
    assert {e.sheet: (e.rows, e.columns) for e in extents(data)} == calamine_shapes(data)
    assert problem(data) is None


def test_styled_empty_repeats_to_the_last_row_and_column_do_not_count() -> None:
    data = ods(sheet("Số liệu", row(text_cell("Mã"), empty(16383, "ce7")), row(empty(16384, "ce7"), repeat=1_048_575)))
    assert extents(data) == [Extent("Số liệu", 1, 1)]


def test_a_comment_alone_in_a_far_cell_does_not_count() -> None:
    note = '<table:table-cell><office:annotation><text:p>ghi chú</text:p></office:annotation></table:table-cell>'
    data = ods(sheet("Số liệu", row(text_cell("Mã")), row(empty(1), repeat=90_000), row(empty(999), note)))
    assert extents(data) == [Extent("Số liệu", 1, 1)]
    assert calamine_shapes(data)["Số liệu"] == (1, 1)


def test_a_repeated_value_counts_to_its_last_repetition() -> None:
    data = ods(sheet("S", row(text_cell("x", 'table:number-columns-repeated="3000"')), row(number_cell(1), repeat=2000)))
    assert extents(data) == [Extent("S", 2001, 3000)]
    assert problem(data)[0] == "tep-qua-lon"    # 6 million cells


def test_a_merged_value_counts_to_the_end_of_its_span() -> None:
    merged = text_cell("x", 'table:number-rows-spanned="5" table:number-columns-spanned="4"')
    assert extents(ods(sheet("S", row(merged)))) == [Extent("S", 5, 4)]


def test_rows_of_a_table_nested_in_a_cell_are_not_rows_of_the_sheet() -> None:
    nested = ('<table:table-cell office:value-type="string"><table:table table:name="n">'
              + row(text_cell("in"), repeat=500_000) + "</table:table></table:table-cell>")
    assert extents(ods(sheet("S", row(nested)))) == [Extent("S", 1, 1)]


def test_cells_with_text_or_a_formula_but_no_value_type_are_empty_to_calamine_and_to_the_check() -> None:
    data = ods(sheet("S", row(text_cell("a")), row(empty(3), '<table:table-cell><text:p>x</text:p></table:table-cell>')))
    assert calamine_shapes(data)["S"] == (1, 1)
    assert extents(data) == [Extent("S", 1, 1)]


def test_an_ods_that_inflates_beyond_the_limit_is_refused_before_it_is_parsed() -> None:
    data = ods(content=HEAD + sheet("S", row(text_cell("x" * 3_000_000))) + TAIL)
    assert problem(data, limits=replace(LIMITS, max_unzipped_bytes=1_000_000))[0] == "tep-qua-lon"


def test_an_ods_whose_zip_directory_understates_the_size_is_still_stopped() -> None:
    data = ods(content=HEAD + sheet("S", row(text_cell("x" * 3_000_000))) + TAIL, declared_size=1000)
    assert problem(data, limits=replace(LIMITS, max_unzipped_bytes=1_000_000))[0] == "tep-khong-doc-duoc"


def test_millions_of_written_out_empty_cells_are_refused_without_parsing_them() -> None:
    code, detail = problem(ods(sheet("S", *[row(*["<table:table-cell/>"] * 1000)] * 200)))
    assert code == "tep-qua-lon" and "100.000" in detail


def test_an_ods_declaring_a_doctype_is_not_read() -> None:
    declaration = '<?xml version="1.0" encoding="UTF-8"?>'
    content = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + HEAD[len(declaration):] + TAIL
    assert problem(ods(content=content))[0] == "tep-khong-doc-duoc"


def test_a_damaged_ods_is_reported_as_unreadable() -> None:
    assert problem(ods(content=HEAD + "<table:table"))[0] == "tep-khong-doc-duoc"
    with pytest.raises(Unbounded) as raised:
        extents(ods(content="not xml"))
    assert raised.value.code == "tep-khong-doc-duoc"


def test_an_ods_without_content_is_reported_as_unreadable() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "")
    assert problem(out.getvalue())[0] == "tep-khong-doc-duoc"


# ------------------------------------------------------------------------------------------------- .xls

@pytest.fixture(scope="module")
def xls_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """LibreOffice-made .xls files: a small form, the same with ``x`` in IV65536, one with a styled empty IV65536."""
    folder = tmp_path_factory.mktemp("xls")
    made = []
    for name, far in (("form", None), ("far_value", "x"), ("far_style", "")):
        wb = Workbook()
        ws = wb.active
        ws.title = "Số liệu"
        for r in range(1, 48):
            ws.cell(r, 2, f"ma_{r}")
            ws.cell(r, 6, r * 1.5)
        ws.cell(3, 7).fill = PatternFill("solid", fgColor="FFF2CC")
        if far is not None:
            ws["IV65536"] = far or None
            ws["IV65536"].fill = PatternFill("solid", fgColor="FFF2CC")
        wb.create_sheet("Thông tin")["A1"] = "Mã đơn vị"
        wb.save(folder / f"{name}.xlsx")
        made.append(folder / f"{name}.xlsx")
    return {p.stem: p for p in convert(made, "xls", folder / "out")}


def _patched(source: Path, target: Path, sheet_name: str, kind: int, patch) -> bytes:
    """The file with the first record of ``kind`` in the sheet's substream (or the globals) rewritten by ``patch``."""
    shutil.copy(source, target)
    with olefile.OleFileIO(str(target), write_mode=True) as ole:
        stream = bytearray(ole.openstream("Workbook").read())
        offset = _sheet_offset(bytes(stream), sheet_name) if sheet_name else 0
        for record, at, length in records(bytes(stream), offset):
            if record == kind:
                patch(stream, at, length)
                break
        else:
            raise AssertionError(f"no record {kind:#x}")
        ole.write_stream("Workbook", bytes(stream))
    return target.read_bytes()


def _sheet_offset(stream: bytes, name: str) -> int:
    for kind, at, _ in records(stream, 0):
        if kind == bounds.BOUNDSHEET:
            offset, = struct.unpack_from("<I", stream, at)
            chars, high = stream[at + 6], stream[at + 7]
            raw = stream[at + 8:at + 8 + chars * (2 if high & 1 else 1)]
            if raw.decode("utf-16-le" if high & 1 else "latin-1") == name:
                return offset
    raise AssertionError(name)


@needs_calc
def test_an_xls_value_in_iv65536_is_refused_naming_its_cell(xls_files) -> None:
    code, detail = problem(xls_files["far_value"].read_bytes(), ".xls")
    assert code == "tep-qua-lon" and "IV65536" in detail and "Số liệu" in detail


@needs_calc
def test_the_xls_extent_is_the_rectangle_calamine_builds(xls_files) -> None:
    data = xls_files["form"].read_bytes()
    assert {e.sheet: (e.rows, e.columns) for e in xls_extents(data)} == calamine_shapes(data)
    assert problem(data, ".xls") is None


@needs_calc
def test_a_styled_empty_cell_in_iv65536_does_not_count(xls_files) -> None:
    data = xls_files["far_style"].read_bytes()
    assert problem(data, ".xls") is None
    assert calamine_shapes(data)["Số liệu"] == (47, 6)


@needs_calc
def test_a_far_value_behind_a_small_dimensions_record_is_still_found(xls_files, tmp_path: Path) -> None:
    data = _patched(xls_files["far_value"], tmp_path / "lying.xls", "Số liệu", bounds.DIMENSIONS,
                    lambda s, at, n: struct.pack_into("<IIHH", s, at, 0, 47, 0, 7))
    found = next(s for s in xls_sheets(data) if s.name == "Số liệu")
    assert (found.declared.rows, found.placed.rows) == (47, 65536)
    assert problem(data, ".xls")[0] == "tep-qua-lon"


@needs_calc
def test_a_large_dimensions_record_over_a_small_table_is_not_refused(xls_files, tmp_path: Path) -> None:
    data = _patched(xls_files["form"], tmp_path / "wide.xls", "Số liệu", bounds.DIMENSIONS,
                    lambda s, at, n: struct.pack_into("<IIHH", s, at, 0, 65536, 0, 256))
    assert problem(data, ".xls") is None
    assert calamine_shapes(data)["Số liệu"] == (47, 6)      # calamine sizes from the cells, not the declaration


@needs_calc
def test_a_password_protected_xls_is_named_as_such(xls_files, tmp_path: Path) -> None:
    def to_filepass(stream: bytearray, at: int, length: int) -> None:
        struct.pack_into("<H", stream, at - 4, bounds.FILEPASS)
    data = _patched(xls_files["form"], tmp_path / "locked.xls", "", 0x00E1, to_filepass)   # INTERFACEHDR
    assert problem(data, ".xls")[0] == "tep-co-mat-khau"


def test_an_ole_file_that_is_no_workbook_is_reported_as_unreadable() -> None:
    assert problem(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".xls")[0] == "tep-khong-doc-duoc"


@needs_calc
def test_a_month_with_far_values_in_an_ods_and_an_xls_refuses_both_and_reads_the_rest(project, xls_files) -> None:
    folder = project.inputs / OCT.key
    (folder / "so_y_te.ods").write_bytes(ods(far_value_sheet("Số liệu", 95_000, 1024)))
    shutil.copy(xls_files["far_value"], folder / "so_tu_phap.xls")
    result = cli(project.root, "kiem-tra", "--ky", "10/2025")
    assert result.returncode == 1, result.stderr
    assert "Đơn vị đã báo cáo: 3/3" in result.stdout
    ws = load_workbook(project.outputs / "2025-10" / "kiem-tra-2025-10.xlsx")["Lỗi và cảnh báo"]
    found = {r[4]: (r[2], r[8]) for r in ws.iter_rows(min_row=4, values_only=True)}
    assert {name: code for name, (code, _) in found.items()} == {"so_y_te.ods": "tep-qua-lon",
                                                                "so_tu_phap.xls": "tep-qua-lon"}
    assert "AMJ95000" in found["so_y_te.ods"][1] and "IV65536" in found["so_tu_phap.xls"][1]
