"""Two rows of one unit's section (Nổi bật) or list (Danh sách) with the same key would be printed together where
the template names the key: a warning at the second row's Khóa cell, and the text printed there marked with the
unit's name so ``pdf`` refuses the draft until the clerk resolves it. A key the template never names is still
printed (after the keyed sentences), never dropped."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from openpyxl import load_workbook

from baocao import pipeline
from baocao.catalog import load_catalog
from baocao.config import Settings
from baocao.intake.forms import FormContent
from baocao.intake.layout import HIGHLIGHT_KEY_COL, HIGHLIGHT_SHEET, LIST_KEY_COL, LIST_SHEET
from baocao.report.docx_text import extract_text
from baocao.report.markers import find_markers
from baocao.text.cells import a1
from baocao.workbooks import copies

from .builders import GOOD_A, GOOD_B, OCT, make_project, write_submission
from .test_footnotes import mini_template
from .test_list_keys import resend_police
from .test_marked import marks

CODE = "khoa-trung-lap"
MEETING, ANOTHER_MEETING = "Họp Ban Chỉ đạo ngày 25/9/2025.", "Họp Tổ công tác ngày 30/9/2025."
HOSPITAL_X, HOSPITAL_Y = "Bệnh viện X", "Bệnh viện Y"


def row_of(path: Path, sheet: str, text: str) -> int:
    """The form row where ``text`` was typed (column C, Nội dung)."""
    ws = load_workbook(path)[sheet]
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 3).value == text)


def small_month(root: Path, highlights: list[dict], items: list[dict]) -> tuple[Settings, Path, Path]:
    """A small project whose template names the key ``hop`` of section I.1.a and ``x`` of the hospitals' list;
    Sở A sends ``highlights``, Sở B ``items``."""
    settings = make_project(root)
    mini_template(settings.templates / settings.report.template,
                  ['Nổi bật: {{ noi_bat["I.1.a"].hop }}', "Kiosk: {{ ds.bv_kiosk.x }}",
                   '{%p for h in noi_bat["I.1.a"].con_lai %}', "{{ h }}", "{%p endfor %}"])
    a = write_submission(settings, "so_a", replace(GOOD_A, highlights=highlights))
    b = write_submission(settings, "so_b", replace(GOOD_B, items=items))
    return settings, a, b


def duplicate_highlights(root: Path) -> tuple[Settings, Path, Path]:
    return small_month(root, [{"section": "I.1.a", "text": MEETING, "key": "hop"},
                              {"section": "I.1.a", "text": ANOTHER_MEETING, "key": "Họp"}],
                       [{"list": "bv_kiosk", "text": HOSPITAL_X, "quantity": 2, "key": "x"}])


def duplicate_items(root: Path) -> tuple[Settings, Path, Path]:
    return small_month(root, [{"section": "I.1.a", "text": MEETING, "key": "hop"}],
                       [{"list": "bv_kiosk", "text": HOSPITAL_X, "quantity": 2, "key": "x"},
                        {"list": "bv_kiosk", "text": HOSPITAL_Y, "quantity": 1, "key": "x"}])


def draft_of(outcome: pipeline.Outcome) -> Path:
    return next(p for p in outcome.written if p.suffix == ".docx")


def test_two_highlights_of_a_section_with_one_key_are_a_warning_at_the_second_rows_key_cell(tmp_path: Path) -> None:
    settings, form, _ = duplicate_highlights(tmp_path / "project")
    found = [f for f in pipeline.check(settings, OCT).findings if f.code == CODE]
    second = row_of(form, HIGHLIGHT_SHEET, ANOTHER_MEETING)
    assert [(f.file, f.sheet, f.cell, f.unit_code, f.unit_name) for f in found] == [
        (form.name, HIGHLIGHT_SHEET, a1(second, HIGHLIGHT_KEY_COL), "so_a",
         load_catalog(settings.catalog).unit_name("so_a"))]
    assert not found[0].is_error


def test_the_draft_marks_the_text_printed_for_a_duplicated_highlight_key_with_the_units_name(tmp_path: Path) -> None:
    settings, _, _ = duplicate_highlights(tmp_path / "project")
    draft = draft_of(pipeline.report(settings, OCT))
    name = load_catalog(settings.catalog).unit_name("so_a")
    line = next(t for t in extract_text(draft).splitlines() if t.startswith("Nổi bật: "))
    assert MEETING.rstrip(".") in line and ANOTHER_MEETING.rstrip(".") in line
    assert [m.text for m in find_markers(draft) if name in m.text and "hop" in m.text]


def test_two_items_of_a_list_with_one_key_are_a_warning_at_the_second_rows_key_cell(tmp_path: Path) -> None:
    settings, _, form = duplicate_items(tmp_path / "project")
    found = [f for f in pipeline.check(settings, OCT).findings if f.code == CODE]
    second = row_of(form, LIST_SHEET, HOSPITAL_Y)
    assert [(f.file, f.sheet, f.cell, f.unit_code) for f in found] == [
        (form.name, LIST_SHEET, a1(second, LIST_KEY_COL), "so_b")]


def test_the_draft_marks_the_text_printed_for_a_duplicated_list_key_with_the_units_name(tmp_path: Path) -> None:
    settings, _, _ = duplicate_items(tmp_path / "project")
    draft = draft_of(pipeline.report(settings, OCT))
    name = load_catalog(settings.catalog).unit_name("so_b")
    line = next(t for t in extract_text(draft).splitlines() if t.startswith("Kiosk: "))
    assert HOSPITAL_X in line and HOSPITAL_Y in line
    assert [m.text for m in find_markers(draft) if name in m.text and "“x”" in m.text]


def test_the_marked_copy_flags_the_second_rows_key_cell(tmp_path: Path) -> None:
    settings, _, form = duplicate_items(tmp_path / "project")
    found = [f for f in pipeline.check(settings, OCT).findings if f.file == form.name]
    copy = tmp_path / "so_b - can sua.xlsx"
    copies.write_marked_copy(form, copy, found)
    cell = a1(row_of(form, LIST_SHEET, HOSPITAL_Y), LIST_KEY_COL)
    colour, comment = marks(copy)["cells"][(LIST_SHEET, cell)]
    assert colour == copies.WARNING_COLOUR and comment


def test_one_key_in_two_sections_is_not_a_finding(tmp_path: Path) -> None:
    settings, _, _ = small_month(tmp_path / "project",
                                 [{"section": "I.1.a", "text": MEETING, "key": "hop"},
                                  {"section": "III", "text": ANOTHER_MEETING, "key": "hop"}],
                                 [{"list": "bv_kiosk", "text": HOSPITAL_X, "quantity": 2, "key": "x"},
                                  {"list": "bv_kiosk", "text": HOSPITAL_Y, "quantity": 1, "key": "y"}])
    assert [f.code for f in pipeline.check(settings, OCT).findings if f.code == CODE] == []


def test_the_shared_key_chung_of_section_iii_may_repeat(tmp_path: Path) -> None:
    settings, _, _ = small_month(tmp_path / "project",
                                 [{"section": "III", "text": MEETING, "key": "chung"},
                                  {"section": "III", "text": ANOTHER_MEETING, "key": "chung"}],
                                 [{"list": "bv_kiosk", "text": HOSPITAL_X, "quantity": 2, "key": "x"}])
    assert [f.code for f in pipeline.check(settings, OCT).findings if f.code == CODE] == []


def test_a_key_the_template_never_names_is_still_printed_in_the_october_draft(tmp_path: Path) -> None:
    """The shipped template prints a section's or the focal tasks' entries no keyed sentence printed
    (``.con_lai``), so a key nobody asked for is printed there, not dropped."""
    extra_task = "Nhiệm vụ bổ sung do đơn vị tự thêm trong tháng"
    extra_highlight = "Nội dung nổi bật có khóa mẫu báo cáo không dùng."

    def added(focal: list[dict]) -> list[dict]:
        return focal + [{"list": "nhiem_vu_trong_tam", "text": extra_task, "key": "khoa_la"}]

    draft = resend_police(tmp_path / "project", added,
                          highlights=[{"section": "I.1.a", "text": extra_highlight, "key": "khoa_la_nb"}])
    text = extract_text(draft)
    assert extra_task in text and extra_highlight.rstrip(".") in text
