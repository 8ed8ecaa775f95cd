"""How a draft is made (issue 14): number and day left to the văn thư unless given for the period, the units' own
cut-off dates in "Tính đến ngày …", the tasks appendix as a leader reads it, and no draft from a month without a
single usable file."""
from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from baocao import pipeline
from baocao.catalog import load_catalog
from baocao.config import Settings, load_settings
from baocao.intake.forms import FormContent, write_form
from baocao.periods import Period
from baocao.report.context import build_context
from baocao.report.docx_text import extract_text
from baocao.report.footnotes import Notes
from baocao.report.nd30 import check as check_layout
from baocao.store import history

from .builders import GOOD_A, GOOD_B, GOOD_C, OCT, make_project, write_submission
from .pki import cli
from .test_footnotes import mini_template
from .test_golden import october_project

SEP, NOV = Period(2025, 9), Period(2025, 11)


def with_template(settings: Settings, paragraphs: list[str]) -> Settings:
    settings.templates.mkdir(exist_ok=True)
    mini_template(settings.templates / "bao_cao_thang.docx", paragraphs)
    return settings


def draft_text(settings: Settings, period: Period = OCT) -> str:
    return extract_text(settings.outputs / period.key / f"bao-cao-{period.key}.docx")


def context_of(settings: Settings, period: Period = OCT) -> dict:
    outcome = pipeline.check(settings, period)
    return build_context(settings, period, load_catalog(settings.catalog), outcome.dataset, outcome.figures, Notes())


# --- number and date ---------------------------------------------------------------------------------------------

def test_a_draft_leaves_number_and_day_blank_for_the_van_thu(tmp_path: Path) -> None:
    settings = with_template(make_project(tmp_path / "project"),
                             ["Số: {{ bao_cao.so_ky_hieu }}", "{{ bao_cao.dia_danh_ngay }}"])
    for unit, content in (("so_a", GOOD_A), ("so_b", GOOD_B), ("xa_c", GOOD_C)):
        write_submission(settings, unit, content, period=NOV)
    assert cli(settings.root, "bao-cao", "--ky", "11/2025").returncode == 0
    lines = draft_text(settings, NOV).splitlines()
    blank = "\u00a0" * 6
    assert lines == [f"Số: {blank}/BC-BCĐ", f"Khánh Hòa, ngày {blank} tháng 11 năm 2025"]


def test_a_number_and_date_on_the_command_line_are_used_for_that_period_only(tmp_path: Path) -> None:
    settings = with_template(make_project(tmp_path / "project"),
                             ["Số: {{ bao_cao.so_ky_hieu }}", "{{ bao_cao.dia_danh_ngay }}"])
    for unit, content in (("so_a", GOOD_A), ("so_b", GOOD_B), ("xa_c", GOOD_C)):
        write_submission(settings, unit, content, period=NOV)
    result = cli(settings.root, "bao-cao", "--ky", "11/2025", "--so", "150", "--ngay-ban-hanh", "20/11/2025")
    assert result.returncode == 0, result.stderr
    assert draft_text(settings, NOV).splitlines() == ["Số: 150/BC-BCĐ", "Khánh Hòa, ngày 20 tháng 11 năm 2025"]
    assert load_settings(settings.root).document_number(NOV) == ""    # nothing was written into config.toml
    assert cli(settings.root, "bao-cao", "--ky", "11/2025", "--ngay-ban-hanh", "20-11").returncode == 2


def test_a_draft_with_the_number_and_day_left_blank_conforms_to_nd30(tmp_path: Path) -> None:
    root = october_project(tmp_path / "project")
    config = root / "config.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text[:text.index('[bao_cao.theo_ky."10/2025"]')] + text[text.index("[luu_tru]"):],
                      encoding="utf-8")
    outcome = pipeline.report(load_settings(root), OCT)
    draft = next(p for p in outcome.written if p.name == "bao-cao-2025-10.docx")
    assert "Khánh Hòa, ngày \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0 tháng 10 năm 2025" in extract_text(draft)
    assert check_layout(draft) == []


def test_a_date_before_the_period_end_is_a_warning_in_the_summary(tmp_path: Path) -> None:
    settings = with_template(make_project(tmp_path / "project"), ["{{ bao_cao.ngay }}"])
    for unit, content in (("so_a", GOOD_A), ("so_b", GOOD_B), ("xa_c", GOOD_C)):
        write_submission(settings, unit, content, period=NOV)
    result = cli(settings.root, "bao-cao", "--ky", "11/2025", "--ngay-ban-hanh", "10/11/2025")
    assert result.returncode == 0 and "trước ngày cuối kỳ (15/11/2025)" in result.stdout


# --- cut-off dates -----------------------------------------------------------------------------------------------

def test_a_units_cut_off_date_is_read_per_form_and_per_indicator(tmp_path: Path) -> None:
    settings = make_project(tmp_path / "project")
    write_submission(settings, "so_b", FormContent(values=GOOD_B.values, cutoff="20/10/2025",
                                                   values_as_of={"kiosk": "12/10/2025"}))
    outcome = pipeline.check(settings, OCT)
    as_of = {v.indicator: v.as_of for v in outcome.dataset.values}
    assert as_of == {"ddt_dat": date(2025, 10, 20), "cong_dan": date(2025, 10, 20), "kiosk": date(2025, 10, 12)}
    assert not [f for f in outcome.findings if f.code in ("ngay-chot-bat-thuong", "ngay-khong-hop-le")]


def test_tinh_den_prints_the_units_cut_off_else_the_period_end(tmp_path: Path) -> None:
    settings = make_project(tmp_path / "project")
    write_submission(settings, "so_b", FormContent(values=GOOD_B.values, cutoff="20/10/2025"))
    write_submission(settings, "so_a", GOOD_A)
    context = context_of(settings)
    assert context["so"]["ddt_dat"].tinh_den == "20/10/2025"
    assert context["tl"]["ddt"].tinh_den == "20/10/2025"
    assert context["so"]["tthc_tong"].tinh_den == "15/10/2025"


@pytest.mark.parametrize(("typed", "code"), [("14/9/2025", "ngay-chot-bat-thuong"),
                                             ("31/10/2025", "ngay-chot-bat-thuong"),
                                             ("32/10/2025", "ngay-khong-hop-le")])
def test_a_cut_off_outside_a_sensible_window_is_a_warning_at_its_cell(tmp_path: Path, typed: str, code: str) -> None:
    settings = make_project(tmp_path / "project")
    write_submission(settings, "so_b", FormContent(values=GOOD_B.values, cutoff=typed))
    found = [f for f in pipeline.check(settings, OCT).findings if f.code == code]
    assert len(found) == 1 and (found[0].sheet, found[0].unit_code) == ("Thông tin", "so_b") and found[0].cell


def test_a_cut_off_within_the_window_is_no_finding(tmp_path: Path) -> None:
    settings = make_project(tmp_path / "project")
    write_submission(settings, "so_b", FormContent(values=GOOD_B.values, cutoff="30/10/2025"))
    assert not [f for f in pipeline.check(settings, OCT).findings if f.code == "ngay-chot-bat-thuong"]


def test_a_form_of_the_previous_version_without_cut_off_is_still_accepted(tmp_path: Path) -> None:
    settings = make_project(tmp_path / "project")
    catalog = load_catalog(settings.catalog)
    folder = settings.inputs / OCT.key
    folder.mkdir(parents=True)
    write_form(folder / "so_b.xlsx", catalog, catalog.units["so_b"], OCT, settings.rule, "DA06-2025.2", GOOD_B)
    outcome = pipeline.check(settings, OCT)
    assert "so_b" in outcome.dataset.accepted_files
    assert settings.form_version == "DA06-2025.7" and "DA06-2025.2" in settings.accepted_versions


# --- the tasks appendix ------------------------------------------------------------------------------------------

def test_a_status_reported_earlier_is_carried_forward_with_its_period(tmp_path: Path) -> None:
    settings = make_project(tmp_path / "project")
    write_submission(settings, "so_a", FormContent(values=GOOD_A.values, tasks=[
        {"number": "1", "status": "Hoàn thành", "completed_on": "10/8/2025"},
        {"number": "5", "status": "Đang thực hiện"}]), period=Period(2025, 8))
    pipeline.report(settings, Period(2025, 8))
    write_submission(settings, "so_a", FormContent(values=GOOD_A.values, tasks=[
        {"number": "5", "status": "Hoàn thành", "completed_on": "10/9/2025"}]), period=SEP)
    pipeline.report(settings, SEP)
    write_submission(settings, "so_a", GOOD_A)
    rows = {r.so: r for r in context_of(settings)["nhiem_vu"].phu_luc}
    assert rows["1"].tinh_trang == "Hoàn thành ngày 10/8/2025 (08/2025)"
    assert rows["5"].tinh_trang.split("\a") == ["Hoàn thành: 01 đơn vị", "Chưa báo cáo: 01 đơn vị"]   # led by all sở


def test_unreported_tasks_are_grouped_by_lead_unit_overdue_first(tmp_path: Path) -> None:
    settings = make_project(tmp_path / "project")
    write_submission(settings, "so_a", FormContent(values=GOOD_A.values, tasks=[
        {"number": "3", "status": "Đang thực hiện"}]))
    tasks = context_of(settings)["nhiem_vu"]
    assert [r.so for r in tasks.phu_luc] == ["3"]
    groups = [str(g) for g in tasks.chua_bao_cao]
    assert groups[0] == "Sở A: nhiệm vụ 1 (quá hạn: tháng 9/2025)"
    assert "Sở B & C: nhiệm vụ 2" in groups and "Các sở, ngành: nhiệm vụ 5 (quá hạn: tháng 6/2025), 4" in groups


def test_overdue_tasks_come_first_in_the_appendix_table(tmp_path: Path) -> None:
    settings = make_project(tmp_path / "project")
    write_submission(settings, "so_a", FormContent(values=GOOD_A.values, tasks=[
        {"number": "4", "status": "Đang thực hiện"}, {"number": "5", "status": "Đang thực hiện"}]))
    rows = context_of(settings)["nhiem_vu"].phu_luc
    assert [r.so for r in rows] == ["5", "4"] and rows[0].ghi_chu.startswith("Chậm tiến độ 04 tháng")


def test_the_appendix_can_be_switched_off(tmp_path: Path) -> None:
    settings = make_project(tmp_path / "project")
    config = settings.root / "config.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("phu_luc_nhiem_vu = true", "phu_luc_nhiem_vu = false"),
                      encoding="utf-8")
    settings = load_settings(settings.root)
    write_submission(settings, "so_a", GOOD_A)
    tasks = context_of(settings)["nhiem_vu"]
    assert (tasks.phu_luc, tasks.chua_bao_cao, tasks.co_phu_luc) == ([], [], False)


# --- a month with nothing usable --------------------------------------------------------------------------------

def test_bao_cao_without_a_readable_unit_file_exits_1_and_keeps_the_history(tmp_path: Path) -> None:
    settings = with_template(make_project(tmp_path / "project"), ["{{ so.tthc_tong }}"])
    for unit, content in (("so_a", GOOD_A), ("so_b", GOOD_B), ("xa_c", GOOD_C)):
        write_submission(settings, unit, content)
    assert cli(settings.root, "bao-cao", "--ky", "10/2025").returncode == 0
    stored = history.values_for(settings.history_db, OCT)
    for path in (settings.inputs / OCT.key).iterdir():
        path.unlink()
    (settings.inputs / OCT.key / "hong.xlsx").write_bytes(b"PK\x03\x04 cut short")
    result = cli(settings.root, "bao-cao", "--ky", "10/2025", "--ghi-de")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Không có tệp nào của đơn vị dùng được cho kỳ 10/2025" in result.stdout
    assert history.values_for(settings.history_db, OCT) == stored
    assert not (settings.outputs / OCT.key / "bao-cao-2025-10 (2).docx").exists()


def test_a_draft_without_the_appendix_ends_with_the_signature_page(tmp_path: Path) -> None:
    """``phu_luc_nhiem_vu = false``: no appendix, no pointer to it, and no blank landscape page after the report."""
    root = october_project(tmp_path / "project")
    config = root / "config.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("phu_luc_nhiem_vu = true", "phu_luc_nhiem_vu = false"),
                      encoding="utf-8")
    outcome = pipeline.report(load_settings(root), OCT)
    draft = next(p for p in outcome.written if p.name == "bao-cao-2025-10.docx")
    text = extract_text(draft)
    assert "Phụ lục kèm theo" not in text and "TÌNH HÌNH THỰC HIỆN NHIỆM VỤ" not in text
    with zipfile.ZipFile(draft) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert xml.count("<w:sectPr") == 1 and 'w:orient="landscape"' not in xml
    assert check_layout(draft) == []
