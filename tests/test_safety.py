"""Nothing is lost: locked outputs, interruptions and random workbooks never leave half a file or a crash."""
from __future__ import annotations

import hashlib
import io
import os
import sqlite3
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hsettings
from hypothesis import strategies as st
from openpyxl import load_workbook

from baocao import files
from baocao.store import history
from baocao import pipeline
from baocao.config import Limits
from baocao.intake import container
from baocao.catalog import load_catalog
from baocao.intake.read import read_folder
from baocao.checks.validate import validate
from baocao.workbooks import copies
from baocao.workbooks import validation as validation_report

from .builders import OCT, find_cell, set_cell


class _FrozenClock(datetime):
    """The validation report's title carries the time of the run: two runs a minute apart differ in bytes."""

    @classmethod
    def now(cls, tz=None):  # type: ignore[override]
        return cls(2025, 10, 20, 8, 30)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch) -> None:
    monkeypatch.setattr(validation_report, "datetime", _FrozenClock)


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_an_output_open_in_word_asks_to_close_it_and_leaves_the_old_file(project, monkeypatch) -> None:
    pipeline.report(project, OCT)
    out = project.outputs / OCT.key
    before = snapshot(out)

    def locked(src, dst):
        raise PermissionError(13, "The process cannot access the file because it is being used by another process")

    monkeypatch.setattr(files.os, "replace", locked)
    with pytest.raises(files.OutputLockedError) as caught:
        pipeline.report(project, OCT, overwrite=True)
    assert "đang mở" in str(caught.value)
    assert snapshot(out) == before


def test_an_interruption_mid_run_leaves_no_half_file_and_the_history_unchanged(project, monkeypatch) -> None:
    pipeline.report(project, OCT)
    with sqlite3.connect(project.history_db) as conn:
        runs_before = conn.execute("SELECT count(*) FROM runs").fetchone()
    values_before = history.values_for(project.history_db, OCT)
    out = project.outputs / OCT.key
    before = snapshot(out)

    def interrupted(path, *args, **kwargs):
        Path(path).write_bytes(b"half a workbook")
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "write_consolidated", interrupted)
    with pytest.raises(KeyboardInterrupt):
        pipeline.report(project, OCT, overwrite=True)
    after = snapshot(out)
    assert not [name for name in after if ".~tmp" in name]
    assert {k: v for k, v in after.items() if k in before} == before
    with sqlite3.connect(project.history_db) as conn:
        assert conn.execute("SELECT count(*) FROM runs").fetchone() == runs_before
    assert history.values_for(project.history_db, OCT) == values_before


def test_an_interruption_while_the_files_are_placed_leaves_the_history_unchanged(project, monkeypatch) -> None:
    """The run's record is written while the report is rendered and committed only once its files are placed."""
    pipeline.report(project, OCT)
    with sqlite3.connect(project.history_db) as conn:
        runs_before = conn.execute("SELECT count(*) FROM runs").fetchone()
    values_before = history.values_for(project.history_db, OCT)
    placing = pipeline.place

    def interrupted(drafts, outputs, failed=False):
        if outputs is None or failed:
            return placing(drafts, outputs, failed)
        placing(drafts, None, failed=True)
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "place", interrupted)
    with pytest.raises(KeyboardInterrupt):
        pipeline.report(project, OCT, overwrite=True)
    with sqlite3.connect(project.history_db) as conn:
        assert conn.execute("SELECT count(*) FROM runs").fetchone() == runs_before
    assert history.values_for(project.history_db, OCT) == values_before
    monkeypatch.setattr(pipeline, "place", placing)
    assert pipeline.report(project, OCT, overwrite=True).written   # the history is not left locked


def test_a_failed_writer_removes_its_temporary_file(tmp_path: Path) -> None:
    def broken(path: Path) -> None:
        path.write_bytes(b"partial")
        raise OSError("disk full")

    with pytest.raises(OSError):
        files.write_atomic(tmp_path / "out.xlsx", broken)
    assert list(tmp_path.iterdir()) == []


cell_values = st.one_of(st.none(), st.integers(-10**12, 10**12), st.floats(allow_nan=True, allow_infinity=True),
                        st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40), st.booleans(), st.dates(), st.datetimes())


@hsettings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["Thông tin", "Số liệu", "Nổi bật", "Văn bản", "Danh sách"]),
                          st.integers(1, 30), st.integers(1, 8), cell_values), max_size=25))
def test_random_edits_to_a_form_never_make_the_intake_raise(project, edits) -> None:
    path = project.inputs / OCT.key / "so_b.xlsx"
    original = path.read_bytes()
    try:
        wb = load_workbook(path)
        for sheet, row, col, value in edits:
            cell = wb[sheet].cell(row=row, column=col)
            if type(cell).__name__ != "MergedCell":
                cell.value = value
        wb.save(path)
        catalog = load_catalog(project.catalog)
        read = read_folder(project.inputs / OCT.key, project.limits, known=catalog.code_index())
        result = validate(read, catalog, OCT, project.accepted_versions, project.rule)
        assert all(f.code for f in result.findings)
    finally:
        path.write_bytes(original)


@hsettings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=3000))
def test_random_bytes_under_an_excel_name_never_make_the_intake_raise(project, data: bytes) -> None:
    path = project.inputs / OCT.key / "ngau nhien.xlsx"
    path.write_bytes(data)
    try:
        read = read_folder(project.inputs / OCT.key, project.limits)
        assert any(f.file == "ngau nhien.xlsx" for f in read.findings) or any(
            s.file == "ngau nhien.xlsx" for s in read.submissions)
    finally:
        os.remove(path)


@pytest.mark.parametrize("compression", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_the_quick_look_at_a_sheet_sees_the_same_bytes_as_zipfile(tmp_path: Path, compression: int) -> None:
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 400))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as z:
        z.writestr("xl/worksheets/sheet1.xml", f'<worksheet><dimension ref="A1:A399"/><sheetData>{rows}</sheetData>'
                                               "</worksheet>")
        z.writestr("xl/worksheets/sheet2.xml", "<worksheet/>")
    data = buffer.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            assert container.member_head(data, info, z) == z.read(info)[:1024]


@pytest.mark.parametrize(("dimension", "refused"), [("A1:H40", False), ("A1", False), ("A1:Z150000", True),
                                                    ("A1:XFD2000", True), ("XFC1:XFD1048576", True)])
def test_a_sheet_whose_used_range_calamine_could_not_hold_is_refused(dimension: str, refused: bool) -> None:
    head = f'<worksheet><dimension ref="{dimension}"/>'.encode()
    assert (container.extent_problem(head, Limits(), lambda: b"") is not None) is refused


@pytest.mark.parametrize(("sheet_data", "refused"), [
    ('<row r="1"><c r="A1"><v>1</v></c></row><row r="40"><c r="H40"><v>2</v></c></row>', False),
    ('<row r="1"><c r="A1"><v>1</v></c></row><row r="2000"><c r="XFD2000"><v>2</v></c></row>', True),
    ('<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row><x:row r="150000"><x:c r="B150000"/></x:row>', True),
    ("<row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>", False),
])
def test_a_sheet_without_a_recorded_used_range_is_measured_from_its_cells(sheet_data: str, refused: bool) -> None:
    """Excel always records the used range; a file written by anything else is looked at whole."""
    whole = f"<worksheet><sheetData>{sheet_data}</sheetData></worksheet>".encode()
    assert (container.extent_problem(whole[:1024], Limits(), lambda: whole) is not None) is refused


def test_a_marked_copy_that_cannot_be_made_is_noted_and_the_report_still_written(project, monkeypatch) -> None:
    def unreadable(source, target, findings, period):
        raise ValueError("openpyxl could not read this workbook")

    form = project.inputs / OCT.key / "so_a.xlsx"
    set_cell(form, "Số liệu", find_cell(form, "Số liệu", "tthc_tong"), "mười")
    monkeypatch.setattr(copies, "write_marked_copy", unreadable)   # the workers are forked: they see it
    outcome = pipeline.report(project, OCT)
    out = project.outputs / OCT.key
    assert (out / f"tong-hop-{OCT.key}.xlsx") in outcome.written
    assert outcome.notes and all("can sua" in note for note in outcome.notes)
    assert not (out / "tra-lai").exists() or not any((out / "tra-lai").iterdir())
    assert not [p for p in out.rglob("*") if ".~tmp" in p.name]
