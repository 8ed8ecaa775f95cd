"""Re-runs of a period: what the tool made is replaced (the old file kept in lan-truoc/ until the next run), what the
clerk made never is; marked copies exist exactly for the units with errors; what a resent file changed is listed."""
from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from baocao import pipeline
from baocao.archive import pdf
from baocao.config import load_settings
from baocao.files import OutputLockedError

from .builders import OCT, find_cell, set_cell
from .test_cli import cli


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def edit_in_word(path: Path, text: str = "Đoạn văn do văn thư thêm.") -> None:
    doc = Document(str(path))
    doc.add_paragraph(text)
    doc.save(str(path))


def give_so_b_an_error(project) -> None:
    path = project.inputs / OCT.key / "so_b.xlsx"
    set_cell(path, "Số liệu", find_cell(path, "Số liệu", "kiosk"), "ba")      # khong-phai-so: an error


def give_so_a_a_warning(project) -> None:
    set_cell(project.inputs / OCT.key / "so_a.xlsx", "Văn bản", "E4", "1/1/2025")   # ngay-ngoai-ky: a warning


def report_then_edit_the_draft(project) -> tuple[Path, Path, str]:
    """A first bao-cao, then the clerk edits its draft in Word: the folder, the draft, the edited draft's SHA-256."""
    out = project.outputs / OCT.key
    pipeline.report(project, OCT)
    draft = out / f"bao-cao-{OCT.key}.docx"
    edit_in_word(draft)
    return out, draft, sha(draft)


def rows(path: Path, sheet: str) -> list[tuple]:
    return [r for r in load_workbook(path)[sheet].iter_rows(min_row=4, values_only=True) if any(r)]


def test_a_changed_figure_in_a_resent_file_is_listed_before_and_after(project) -> None:
    assert cli(project.root, "bao-cao", "--ky", "10/2025").returncode == 0
    path = project.inputs / OCT.key / "so_b.xlsx"
    set_cell(path, "Số liệu", find_cell(path, "Số liệu", "kiosk"), 4)        # Sở B resends: 3 kiosks → 4
    result = cli(project.root, "bao-cao", "--ky", "10/2025")
    assert result.returncode == 0, result.stderr
    shown = " ".join(result.stdout.split())
    assert "Thay đổi so với lần chạy trước (bao-cao lúc" in shown
    assert "Sở B: gửi lại (so_b.xlsx), 1 thay đổi" in shown and "Sở B · Số kiosk: 3 → 4" in shown
    changes = rows(project.outputs / OCT.key / f"kiem-tra-{OCT.key}.xlsx", "Thay đổi")
    assert changes[:2] == [("Sở B & C", "Tệp", "tệp dùng để tổng hợp", "so_b.xlsx", "so_b.xlsx"),
                           ("Sở B & C", "Số liệu", "Số kiosk", "3", "4")]
    assert [(r[1], r[2]) for r in changes[2:]] == [("Cảnh báo mới", "danh-sach-khong-khop so_b.xlsx Số liệu F8")]


def test_findings_resolved_and_new_are_listed_when_a_unit_resends(project) -> None:
    give_so_b_an_error(project)
    assert cli(project.root, "kiem-tra", "--ky", "10/2025").returncode == 1
    path = project.inputs / OCT.key / "so_b.xlsx"
    set_cell(path, "Số liệu", find_cell(path, "Số liệu", "kiosk"), 3)          # fixed …
    set_cell(path, "Số liệu", find_cell(path, "Số liệu", "cong_dan"), "nhiều")  # … and a new mistake
    assert cli(project.root, "kiem-tra", "--ky", "10/2025").returncode == 1
    changes = rows(project.outputs / OCT.key / f"kiem-tra-{OCT.key}.xlsx", "Thay đổi")
    kinds = {(r[1], r[2].split()[0]) for r in changes if r[1] not in ("Tệp", "Số liệu")}
    assert kinds == {("Lỗi đã hết", "khong-phai-so"), ("Lỗi mới", "khong-phai-so")}
    assert ("Sở B & C", "Số liệu", "Công dân trên 14 tuổi", "1.772.539", "—") in changes


def test_a_rerun_with_nothing_resent_says_nothing_changed(project) -> None:
    cli(project.root, "kiem-tra", "--ky", "10/2025")
    result = cli(project.root, "kiem-tra", "--ky", "10/2025")
    assert "Không có gì thay đổi so với lần chạy trước" in " ".join(result.stdout.split())
    assert rows(project.outputs / OCT.key / f"kiem-tra-{OCT.key}.xlsx", "Thay đổi") == [
        (None, None, "Không có thay đổi", None, None)]


def test_the_draft_the_clerk_edited_is_never_touched_and_the_new_draft_is_written_beside_it(project) -> None:
    out, draft, edited = report_then_edit_the_draft(project)
    outcome = pipeline.report(project, OCT)
    beside = out / f"bao-cao-{OCT.key} (2).docx"
    assert sha(draft) == edited and beside in outcome.written
    assert any("đã được sửa sau khi công cụ lập nên được giữ nguyên" in n and beside.name in n for n in outcome.notes)
    pipeline.report(project, OCT)                      # the (2) is the tool's own: replaced, no (3)
    assert sha(draft) == edited and not (out / f"bao-cao-{OCT.key} (3).docx").exists()
    assert (out / "lan-truoc" / beside.name).exists()


def test_three_runs_leave_one_set_of_outputs_lan_truoc_and_marked_copies_only_for_units_with_errors(project) -> None:
    give_so_b_an_error(project)
    give_so_a_a_warning(project)
    for _ in range(3):
        assert cli(project.root, "bao-cao", "--ky", "10/2025").returncode == 1
    out = project.outputs / OCT.key
    current = {f"kiem-tra-{OCT.key}.xlsx", f"tong-hop-{OCT.key}.xlsx", f"bao-cao-{OCT.key}.docx",
               f"bao-cao-{OCT.key} - doi-chieu.docx", "tra-lai/so_b - can sua.xlsx"}
    assert tree(out) == current | {f"lan-truoc/{name}" for name in current}


def test_a_stale_marked_copy_moves_out_once_the_unit_s_file_is_clean(project) -> None:
    give_so_b_an_error(project)
    pipeline.check(project, OCT)
    copy = project.outputs / OCT.key / "tra-lai" / "so_b - can sua.xlsx"
    assert copy.exists()
    path = project.inputs / OCT.key / "so_b.xlsx"
    set_cell(path, "Số liệu", find_cell(path, "Số liệu", "kiosk"), 3)
    outcome = pipeline.check(project, OCT)
    assert not copy.exists() and (project.outputs / OCT.key / "lan-truoc" / "tra-lai" / copy.name).exists()
    assert any("can sua" in n and copy.name in n for n in outcome.notes)


def test_units_with_warnings_only_get_a_marked_copy_only_when_config_asks(project) -> None:
    give_so_a_a_warning(project)
    outcome = pipeline.check(project, OCT)
    assert [f.code for f in outcome.findings if f.unit_code == "so_a"] == ["ngay-ngoai-ky"]
    assert not (project.outputs / OCT.key / "tra-lai").exists()
    config = project.root / "config.toml"
    config.write_text(re.sub(r"^ca_canh_bao = false", "ca_canh_bao = true", config.read_text(encoding="utf-8"),
                             flags=re.M), encoding="utf-8")
    pipeline.check(load_settings(project.root), OCT)
    assert (project.outputs / OCT.key / "tra-lai" / "so_a - can sua.xlsx").exists()


def test_ghi_de_replaces_even_the_clerk_s_edit_and_keeps_it_in_lan_truoc_for_good(project) -> None:
    out, draft, edited = report_then_edit_the_draft(project)
    outcome = pipeline.report(project, OCT, overwrite=True)
    assert sha(out / "lan-truoc" / draft.name) == edited and sha(draft) != edited
    assert any("--ghi-de" in n for n in outcome.notes)
    pipeline.report(project, OCT)                       # the next run clears only the tool's own files
    kept = [p for p in (out / "lan-truoc").iterdir() if p.suffix == ".docx"]
    assert edited in {sha(p) for p in kept}


def test_an_output_open_in_excel_stops_the_run_before_anything_is_replaced(project, monkeypatch) -> None:
    pipeline.check(project, OCT)
    out = project.outputs / OCT.key
    before = {p: sha(p) for p in out.rglob("*") if p.is_file()}
    real_open = Path.open

    def locked(self: Path, mode: str = "r", *args, **kwargs):  # noqa: ANN202 - Path.open's own signature
        if self.name.startswith("kiem-tra") and mode == "r+b":
            raise PermissionError(13, "The process cannot access the file", str(self))
        return real_open(self, mode, *args, **kwargs)
    monkeypatch.setattr(Path, "open", locked)
    with pytest.raises(OutputLockedError):
        pipeline.check(project, OCT)
    assert {p: sha(p) for p in out.rglob("*") if p.is_file()} == before


def test_blank_forms_made_twice_replace_themselves(project) -> None:
    assert cli(project.root, "mau-bieu", "--ky", "11/2025").returncode == 0
    assert cli(project.root, "mau-bieu", "--ky", "11/2025").returncode == 0
    forms = tree(project.outputs / "2025-11")
    assert {f for f in forms if not f.startswith("lan-truoc/")} == {f"mau-bieu/{u}.xlsx" for u in
                                                                   ("phuong_d", "so_a", "so_b", "xa_c")}


def test_the_history_records_the_hash_of_every_output_written(project) -> None:
    outcome = pipeline.report(project, OCT)
    with sqlite3.connect(project.history_db) as conn:
        recorded = dict(conn.execute("SELECT path, sha256 FROM run_outputs").fetchall())
    assert recorded == {str(p): sha(p) for p in outcome.written}


def test_pdf_asks_which_draft_when_the_clerk_edited_several(project) -> None:
    pipeline.report(project, OCT)
    out = project.outputs / OCT.key
    draft = out / f"bao-cao-{OCT.key}.docx"
    second = out / "bao-cao ban sua 2.docx"
    second.write_bytes(draft.read_bytes())
    edit_in_word(draft)
    edit_in_word(second, "Một cách viết khác.")
    result = cli(project.root, "pdf", "--ky", "10/2025")
    assert result.returncode == 3 and "--tep" in result.stderr and second.name in result.stderr
    assert not list(out.glob("*.pdf"))


def test_pdf_takes_the_one_edited_draft_and_without_edits_the_tool_s_own(project) -> None:
    pipeline.report(project, OCT)
    out = project.outputs / OCT.key
    draft = out / f"bao-cao-{OCT.key}.docx"
    assert pdf.find_draft(project, OCT) == draft                  # nothing edited yet: the tool's draft
    edited = out / "bao-cao da sua.docx"
    edited.write_bytes(draft.read_bytes())
    edit_in_word(edited)
    pipeline.report(project, OCT)                                  # a newer tool draft does not win
    assert pdf.find_draft(project, OCT) == edited


def test_the_sample_month_makes_marked_copies_only_for_the_units_with_errors(tmp_path: Path) -> None:
    from .builders import copy_repo

    root = copy_repo(tmp_path / "repo", "catalog", "templates", "inputs/2025-10")
    outcome = pipeline.report(load_settings(root), OCT)
    with_errors = {f.file for f in outcome.findings if f.is_error and f.file}
    copies = {p.name for p in (root / "outputs" / OCT.key / "tra-lai").iterdir()}
    assert copies == {f"{Path(name).stem} - can sua.xlsx" for name in with_errors}
