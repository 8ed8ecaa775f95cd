"""Task statuses from the units' "Nhiệm vụ" sheet: one test per rule, the history check, a form round trip,
and how section III cites a task and says how late it is (small project from tests/builders.py)."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from baocao.store import history
from baocao import pipeline
from baocao.catalog import load_catalog
from baocao.report.context import build_context
from baocao.model import Finding, Severity, TaskStatus
from baocao.report.footnotes import Notes
from baocao.intake.forms import FormContent
from baocao.intake.layout import TASK_SHEET
from baocao.report.docx_text import extract_text
from baocao.periods import Period
from baocao.intake.read import read_folder
from baocao.report.render import render
from baocao.checks.validate import validate

from .builders import GOOD_A, GOOD_B, GOOD_C, OCT, find_cell, make_project, set_cell, write_submission
from .test_footnotes import mini_template

SEP = Period(2025, 9)
PLAN = "kh_1_2025"


def with_tasks(base: FormContent, *tasks: dict, highlights: list[dict] | None = None) -> FormContent:
    return FormContent(values=dict(base.values), ratios_typed=dict(base.ratios_typed),
                       highlights=list(base.highlights) + (highlights or []), documents=list(base.documents),
                       items=list(base.items), tasks=list(tasks))


def month(tmp_path: Path, a: FormContent = GOOD_A, b: FormContent = GOOD_B):
    settings = make_project(tmp_path / "project")
    for unit, content in (("so_a", a), ("so_b", b), ("xa_c", GOOD_C)):
        write_submission(settings, unit, content)
    return settings


def run(settings, period: Period = OCT):
    catalog = load_catalog(settings.catalog)
    read = read_folder(settings.inputs / period.key, settings.limits, known=catalog.code_index())
    result = validate(read, catalog, period, settings.accepted_versions, settings.rule)
    return result.findings, result.dataset


def only(findings: list[Finding], code: str) -> Finding:
    hits = [f for f in findings if f.code == code]
    assert len(hits) == 1, (code, findings)
    return hits[0]


def task_row(path: Path, number: str) -> int:
    """The sheet row of a task in a unit's Nhiệm vụ sheet."""
    ws = load_workbook(path)[TASK_SHEET]
    return next(row[0].row for row in ws.iter_rows(min_row=4, min_col=3, max_col=3) if row[0].value == number)


def test_a_unit_form_lists_the_tasks_it_leads_once_each_with_plan_number_text_and_deadline(tmp_path: Path) -> None:
    settings = month(tmp_path)
    ws = load_workbook(settings.inputs / OCT.key / "so_a.xlsx")[TASK_SHEET]
    rows = [[c.value for c in row[1:5]] for row in ws.iter_rows(min_row=4) if row[2].value]
    assert rows == [
        ["Kế hoạch số 01/KH-UBND [kh-1-2025]", "1", "Xây dựng kế hoạch số hóa", "Tháng 9/2025"],
        ["Kế hoạch số 01/KH-UBND [kh-1-2025]", "3", "Mô hình điểm",
         "Theo hướng dẫn của Bộ Công an\nTháng 8/2025 (Nhiệm vụ số 7.1 Quyết định số 02/QĐ-UBND)"],
        ["Kế hoạch số 01/KH-UBND [kh-1-2025]", "4", "Tuyên truyền", "Thực hiện thường xuyên"],
        ["Kế hoạch số 01/KH-UBND [kh-1-2025]", "5", "Báo cáo sơ kết", "Tháng 6/2025"],
    ]
    assert ws["D4"].protection.locked and not ws["F4"].protection.locked and not ws["G4"].protection.locked


def test_a_good_status_is_accepted_without_findings(tmp_path: Path) -> None:
    settings = month(tmp_path, a=with_tasks(GOOD_A, {"number": "1", "status": "Hoàn thành", "completed_on": "30/9/2025"},
                                            {"number": "4", "status": "Đang thực hiện", "note": "Đang triển khai"}))
    findings, dataset = run(settings)
    assert findings == []
    assert [(r.unit, r.task, r.status, r.note) for r in dataset.task_statuses] == [
        ("so_a", (PLAN, "1"), TaskStatus("hoan-thanh", date(2025, 9, 30)), ""),
        ("so_a", (PLAN, "4"), TaskStatus("dang-thuc-hien"), "Đang triển khai")]


def test_a_completed_task_without_a_date_is_an_error_at_its_date_cell(tmp_path: Path) -> None:
    settings = month(tmp_path, a=with_tasks(GOOD_A, {"number": "1", "status": "Hoàn thành"}))
    findings, dataset = run(settings)
    f = only(findings, "hoan-thanh-thieu-ngay")
    row = task_row(settings.inputs / OCT.key / "so_a.xlsx", "1")
    assert (f.severity, f.unit_name, f.file, f.sheet, f.cell) == (Severity.ERROR, "Sở A", "so_a.xlsx", TASK_SHEET, f"G{row}")
    assert dataset.task_statuses == []


def test_a_status_for_a_task_the_unit_does_not_lead_is_ignored_with_a_warning(tmp_path: Path) -> None:
    settings = month(tmp_path, b=with_tasks(GOOD_B, {"plan": PLAN, "number": "1", "status": "Đang thực hiện"}))
    findings, dataset = run(settings)
    f = only(findings, "nhiem-vu-khong-chu-tri")
    row = task_row(settings.inputs / OCT.key / "so_b.xlsx", "1")
    assert (f.severity, f.unit_name, f.cell, f.value) == (Severity.WARNING, "Sở B & C", f"C{row}", "1")
    assert dataset.task_statuses == []


def test_a_completion_date_after_the_period_end_is_an_error(tmp_path: Path) -> None:
    settings = month(tmp_path, a=with_tasks(GOOD_A, {"number": "1", "status": "Hoàn thành", "completed_on": "16/10/2025"}))
    findings, dataset = run(settings)
    f = only(findings, "ngay-hoan-thanh-sau-ky")
    assert (f.severity, f.value, f.cell) == (Severity.ERROR, "16/10/2025", f"G{task_row(settings.inputs / OCT.key / 'so_a.xlsx', '1')}")
    assert dataset.task_statuses == []


def test_the_last_day_of_the_period_is_still_a_valid_completion_date(tmp_path: Path) -> None:
    settings = month(tmp_path, a=with_tasks(GOOD_A, {"number": "1", "status": "Hoàn thành", "completed_on": "15/10/2025"}))
    findings, dataset = run(settings)
    assert findings == [] and dataset.task_statuses[0].status.completed_on == date(2025, 10, 15)


def test_an_unknown_task_number_is_ignored_with_a_warning(tmp_path: Path) -> None:
    settings = month(tmp_path, a=with_tasks(GOOD_A, {"plan": PLAN, "number": "99", "status": "Đang thực hiện"}))
    findings, dataset = run(settings)
    f = only(findings, "nhiem-vu-khong-xac-dinh")
    assert (f.severity, f.sheet, f.value) == (Severity.WARNING, TASK_SHEET, "99 (kh_1_2025)")
    assert f.cell == f"C{task_row(settings.inputs / OCT.key / 'so_a.xlsx', '99')}"
    assert dataset.task_statuses == []


def test_a_highlight_naming_an_unknown_task_keeps_its_text_and_warns(tmp_path: Path) -> None:
    settings = month(tmp_path, a=with_tasks(GOOD_A, highlights=[{"section": "III", "text": "Khẩn trương.", "task": "99"}]))
    findings, dataset = run(settings)
    f = only(findings, "nhiem-vu-khong-xac-dinh")
    assert (f.sheet, f.cell, f.value) == ("Nổi bật", "E5", "99")
    assert [(h.text, h.task) for h in dataset.highlights if h.section == "III"] == [("Khẩn trương.", None)]


def test_a_status_outside_the_drop_down_is_an_error(tmp_path: Path) -> None:
    path = month(tmp_path, a=with_tasks(GOOD_A, {"number": "1", "status": "Đang thực hiện"})).inputs / OCT.key / "so_a.xlsx"
    set_cell(path, TASK_SHEET, f"F{task_row(path, '1')}", "xong rồi")
    findings, dataset = run(make_project(tmp_path / "project"))
    f = only(findings, "tinh-trang-khong-hop-le")
    assert (f.severity, f.value, f.cell) == (Severity.ERROR, "xong rồi", f"F{task_row(path, '1')}")
    assert dataset.task_statuses == []


def test_a_date_given_with_a_status_other_than_completed_is_dropped_with_a_warning(tmp_path: Path) -> None:
    settings = month(tmp_path, a=with_tasks(GOOD_A, {"number": "1", "status": "Đang thực hiện",
                                                      "completed_on": "1/10/2025"}))
    findings, dataset = run(settings)
    assert only(findings, "ngay-hoan-thanh-thua").value == "Đang thực hiện"
    assert [r.status for r in dataset.task_statuses] == [TaskStatus("dang-thuc-hien")]


def test_a_status_given_for_the_restating_decisions_number_counts_for_the_original_task(tmp_path: Path) -> None:
    settings = month(tmp_path, a=with_tasks(GOOD_A, {"number": "7.1", "status": "Chưa thực hiện"}))
    findings, dataset = run(settings)
    assert findings == [] and [r.task for r in dataset.task_statuses] == [(PLAN, "3")]


def test_a_task_completed_last_period_but_not_now_warns_with_both_periods(tmp_path: Path) -> None:
    settings = make_project(tmp_path / "project")
    done = {"number": "1", "status": "Hoàn thành", "completed_on": "5/9/2025"}
    for period, status in ((SEP, done), (OCT, {"number": "1", "status": "Đang thực hiện"})):
        write_submission(settings, "so_a", with_tasks(GOOD_A, status), period=period)
        write_submission(settings, "so_b", GOOD_B, period=period)
        write_submission(settings, "xa_c", GOOD_C, period=period)
    pipeline.report(settings, SEP)
    assert [(s.unit, s.task, s.status) for s in history.task_statuses_for(settings.history_db, SEP)] == [
        ("so_a", (PLAN, "1"), TaskStatus("hoan-thanh", date(2025, 9, 5)))]
    outcome = pipeline.check(settings, OCT)
    f = only(outcome.findings, "hoan-thanh-ky-truoc")
    assert (f.severity, f.unit_name, f.file, f.sheet, f.value) == (Severity.WARNING, "Sở A", "so_a.xlsx", TASK_SHEET,
                                                             "Đang thực hiện")
    assert f.cell == f"F{task_row(settings.inputs / OCT.key / 'so_a.xlsx', '1')}"
    assert "9/2025" in f.message


def test_a_task_still_completed_this_period_gives_no_warning(tmp_path: Path) -> None:
    settings = make_project(tmp_path / "project")
    done = {"number": "1", "status": "Hoàn thành", "completed_on": "5/9/2025"}
    for period in (SEP, OCT):
        write_submission(settings, "so_a", with_tasks(GOOD_A, done), period=period)
        write_submission(settings, "so_b", GOOD_B, period=period)
        write_submission(settings, "xa_c", GOOD_C, period=period)
    pipeline.report(settings, SEP)
    assert "hoan-thanh-ky-truoc" not in {f.code for f in pipeline.check(settings, OCT).findings}


def test_a_blank_form_filled_with_a_status_reads_back_without_findings(tmp_path: Path) -> None:
    settings = make_project(tmp_path / "project")
    outcome = pipeline.blank_forms(settings, OCT)
    blank = next(p for p in outcome.written if p.name == "so_a.xlsx")
    wb = load_workbook(blank)
    wb["Số liệu"][find_cell(blank, "Số liệu", "tthc_tong")] = 2156
    row = task_row(blank, "1")
    wb[TASK_SHEET][f"F{row}"] = "Hoàn thành"
    wb[TASK_SHEET][f"G{row}"] = datetime(2025, 9, 30)
    wb[TASK_SHEET][f"H{row}"] = "Đã ban hành kế hoạch"
    (settings.inputs / OCT.key).mkdir(parents=True)
    wb.save(settings.inputs / OCT.key / "so_a.xlsx")
    findings, dataset = run(settings)
    assert [f for f in findings if f.file == "so_a.xlsx"] == []
    assert [(r.unit, r.task, r.status, r.note) for r in dataset.task_statuses] == [
        ("so_a", (PLAN, "1"), TaskStatus("hoan-thanh", date(2025, 9, 30)), "Đã ban hành kế hoạch")]


@pytest.fixture(scope="module")
def late_month(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Sở A: task 1 (due September) in progress and named by a section III highlight; task 3 (due August
    through decision 02) in progress and named by none; task 4 (recurring) in progress, never late; task 5 of
    every department (due June) in progress."""
    tmp_path = tmp_path_factory.mktemp("late")
    a = with_tasks(GOOD_A, {"number": "1", "status": "Đang thực hiện"}, {"number": "3", "status": "Đang thực hiện"},
                   {"number": "4", "status": "Đang thực hiện", "note": "Đã tổ chức 02 hội nghị"},
                   {"number": "5", "status": "Đang thực hiện"},
                   highlights=[{"section": "III", "text": "Khẩn trương trình ban hành kế hoạch số hóa.", "task": "1"}])
    settings = month(tmp_path, a=a)
    outcome = pipeline.check(settings, OCT)
    return {"settings": settings, "catalog": load_catalog(settings.catalog), "outcome": outcome, "folder": tmp_path}


def render_late(data: dict, paragraphs: list[str], name: str) -> str:
    notes = Notes()
    outcome = data["outcome"]
    context = build_context(data["settings"], OCT, data["catalog"], outcome.dataset, outcome.figures, notes)
    target = data["folder"] / f"{name}.docx"
    render(mini_template(data["folder"] / f"{name}-mau.docx", paragraphs), target, context, notes)
    return extract_text(target)


def test_months_late_run_from_the_governing_deadline_to_the_end_of_the_period(late_month) -> None:
    overdue = late_month["outcome"].figures.overdue
    assert {key: (o.due, o.months_late) for (unit, key), o in overdue.items()} == {
        (PLAN, "1"): (date(2025, 9, 30), 1), (PLAN, "3"): (date(2025, 8, 31), 2), (PLAN, "5"): (date(2025, 6, 30), 4)}


def test_section_three_cites_the_task_and_says_how_late_it_is(late_month) -> None:
    text = render_late(late_month, ["{% for h in noi_bat['III'] %}{{ h }}\n{% endfor %}"], "iii")
    assert "Khẩn trương trình ban hành kế hoạch số hóa[^1] (chậm tiến độ 01 tháng so với yêu cầu hoàn thành " \
           "tháng 9/2025)." in text
    assert "[^1] Được giao tại Nhiệm vụ số 1 Kế hoạch số 01/KH-UBND ngày 10/1/2025 của UBND tỉnh." in text


def test_an_overdue_task_no_highlight_names_gets_its_own_line_citing_every_plan(late_month) -> None:
    text = render_late(late_month, ["{% for h in noi_bat['III'].so_a %}{{ h }}\n{% endfor %}"], "line")
    assert "Khẩn trương hoàn thành nhiệm vụ “Mô hình điểm tại các xã”[^2] (chậm tiến độ 02 tháng so với yêu cầu " \
           "hoàn thành tháng 8/2025)." in text
    assert ("[^2] Được giao tại Nhiệm vụ số 3 Kế hoạch số 01/KH-UBND ngày 10/1/2025 và Nhiệm vụ số 7.1 Quyết định "
            "số 02/QĐ-UBND ngày 1/6/2025 của UBND tỉnh.") in text
    assert "Tuyên truyền" not in text   # recurring: never late


def test_a_late_task_of_a_whole_group_is_left_to_the_appendix_which_names_the_late_units(late_month) -> None:
    section = render_late(late_month, ["{% for h in noi_bat['III'] %}{{ h }}\n{% endfor %}"], "group")
    assert "Báo cáo sơ kết" not in section
    rows = render_late(late_month, ["{% for r in nhiem_vu.phu_luc %}{{ r.so }} | {{ r.ghi_chu }}\n{% endfor %}"],
                       "group-rows")
    assert "5 | Chậm tiến độ 04 tháng so với yêu cầu hoàn thành tháng 6/2025: Sở A" in rows


def test_the_appendix_rows_give_status_and_remarks_of_every_task_reported_on(late_month) -> None:
    text = render_late(late_month, ["{% for r in nhiem_vu.phu_luc %}{{ r.so }} | {{ r.chu_tri }} | "
                                    "{{ r.tinh_trang }} | {{ r.ghi_chu }}\n{% endfor %}"], "rows")
    assert "1 | Sở A | Đang thực hiện | Chậm tiến độ 01 tháng so với yêu cầu hoàn thành tháng 9/2025" in text
    assert "2 | Sở B & C" not in text, "not reported: listed after the table, by lead unit (issue 14)"
    assert "5 | Các sở, ngành | Đang thực hiện: 01 đơn vị\nChưa báo cáo: 01 đơn vị | Chậm tiến độ 04 tháng" in text
    # one paragraph per line inside a cell
    assert "4 | Các sở, ngành | Đang thực hiện: 01 đơn vị\nChưa báo cáo: 01 đơn vị | Sở A: Đã tổ chức 02 hội nghị." \
        in text
    assert "7.1" not in text


def test_the_consolidated_workbook_lists_each_units_status_with_its_source_cell(tmp_path: Path) -> None:
    settings = month(tmp_path, a=with_tasks(GOOD_A, {"number": "1", "status": "Đang thực hiện", "note": "Chờ góp ý"}))
    outcome = pipeline.report(settings, OCT)
    workbook = next(p for p in outcome.written if p.name.startswith("tong-hop"))
    rows = [r for r in load_workbook(workbook)["Nhiệm vụ"].iter_rows(min_row=4, values_only=True)]
    row = task_row(settings.inputs / OCT.key / "so_a.xlsx", "1")
    assert rows == [("1", "Xây dựng kế hoạch số hóa", "Sở A", "Đang thực hiện", None, "01", "Chờ góp ý", "so_a.xlsx",
                     f"F{row}")]
