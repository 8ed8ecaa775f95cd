"""The task catalog of Kế hoạch 3433/KH-UBND: loading, unit references, overdue tasks, broken rows."""
from __future__ import annotations

import csv
import shutil
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from baocao.catalog import Catalog, CatalogError, load_catalog
from baocao.catalog.deadlines import Kind, months_late
from baocao.model import TaskStatus
from baocao.periods import Period, PeriodRule
from baocao.catalog.tasks import OPTIONAL_TASK_COLUMNS, TASK_COLUMNS, TaskCatalog, load_tasks

CATALOG = Path(__file__).resolve().parent.parent / "catalog"
PLAN = "kh_3433_2025"
OCTOBER_END = Period(2025, 10).last_day(PeriodRule())


@pytest.fixture(scope="module")
def units() -> Catalog:
    return load_catalog(CATALOG)


@pytest.fixture(scope="module")
def tasks(units: Catalog) -> TaskCatalog:
    return load_tasks(CATALOG, units)


def test_the_plan_is_kh_3433_of_26_march_2025(tasks: TaskCatalog) -> None:
    plan = tasks.plans[PLAN]
    assert (plan.number, plan.issued, plan.issuer) == ("3433/KH-UBND", date(2025, 3, 26), "UBND tỉnh Khánh Hòa")


def test_all_68_tasks_and_the_sub_tasks_of_27_and_63_are_present(tasks: TaskCatalog) -> None:
    numbers = [t.number for t in tasks.tasks.values() if t.plan == PLAN]
    top = [n for n in numbers if "." not in n]
    assert top == [str(i) for i in range(1, 69)]
    assert [t.number for t in tasks.subtasks(tasks.task(PLAN, "27"))] == [f"27.{i}" for i in range(1, 6)]
    assert [t.number for t in tasks.subtasks(tasks.task(PLAN, "63"))] == [f"63.{i}" for i in range(1, 12)]
    assert len(numbers) == 68 + 5 + 11


def test_task_63_8_is_the_island_model_led_by_the_agriculture_and_environment_department(tasks: TaskCatalog) -> None:
    task = tasks.task(PLAN, "63.8")
    assert task.text == "Mô hình điểm tại tỉnh, thành phố có đảo"
    assert task.lead_units == ("so_nong_nghiep_moi_truong",)
    assert task.deadline_text == "Theo lộ trình, hướng dẫn của Bộ Công an"
    assert task in tasks.tasks_led_by("so_nong_nghiep_moi_truong", named_only=True)


def test_task_63_8_due_september_2025_is_one_month_late_in_period_october_2025(tasks: TaskCatalog) -> None:
    # Plan 3433 gives 63.8 no date; QĐ 1689/QĐ-UBND restates it as its task 16.2, "Tháng 9/2025" (report 146).
    assert tasks.task(PLAN, "63.8").deadline.due is None
    assigned, part = tasks.governing((PLAN, "63.8"))
    assert (assigned.key, part.due) == (("qd_1689_2025", "16.2"), date(2025, 9, 30))
    assert (Period(2025, 10).first_day(PeriodRule()), OCTOBER_END) == (date(2025, 9, 16), date(2025, 10, 15))
    assert months_late(part.due, OCTOBER_END) == 1


def test_task_16_2_of_decision_1689_is_the_same_task_as_63_8_of_plan_3433(tasks: TaskCatalog) -> None:
    decision = tasks.plans["qd_1689_2025"]
    assert (decision.number, decision.issued, decision.doc_type, decision.complete) == (
        "1689/QĐ-UBND", date(2025, 6, 19), "Quyết định", False)
    assert tasks.canonical(("qd_1689_2025", "16.2")) == (PLAN, "63.8")
    assert [t.key for t in tasks.group(("qd_1689_2025", "16.2"))] == [(PLAN, "63.8"), ("qd_1689_2025", "16.2")]
    assert [t.number for t in tasks.groups_led_by("so_nong_nghiep_moi_truong")].count("63.8") == 1
    assert "16.2" not in [t.number for t in tasks.canonical_tasks()]
    assert tasks.deadline_lines((PLAN, "63.8")) == [
        "Theo lộ trình, hướng dẫn của Bộ Công an", "Tháng 9/2025 (Nhiệm vụ số 16.2 Quyết định số 1689/QĐ-UBND)"]


def test_every_deadline_in_the_catalog_is_read(tasks: TaskCatalog) -> None:
    assert tasks.unreadable_deadlines() == []


def test_only_a_parent_task_may_leave_lead_or_deadline_empty(tasks: TaskCatalog) -> None:
    parents = {t.parent_number for t in tasks.tasks.values() if t.parent_number}
    without_lead = {t.number for t in tasks.tasks.values() if not t.lead_units}
    without_deadline = {t.number for t in tasks.tasks.values() if t.deadline is None}
    assert without_lead == {"27", "63"} and without_deadline == {"63"}
    assert without_lead <= parents


@pytest.mark.parametrize(("number", "kind", "due"), [
    ("1", Kind.NGAY, date(2025, 4, 14)), ("4", Kind.THANG, date(2025, 3, 31)), ("17", Kind.QUY, date(2025, 6, 30)),
    ("3", Kind.NAM, date(2025, 12, 31)), ("12", Kind.THUONG_XUYEN, None), ("6", Kind.THEO_TIEN_DO_TRUNG_UONG, None),
    ("33", Kind.THEO_CHI_DAO, None), ("61", Kind.THANG, date(2025, 6, 30)), ("59", Kind.THANG, date(2025, 3, 31)),
])
def test_catalog_deadlines_are_parsed_on_load(tasks: TaskCatalog, number: str, kind: Kind, due: date | None) -> None:
    deadline = tasks.task(PLAN, number).deadline
    assert (deadline.kind, deadline.due) == (kind, due)


def test_the_catalog_files_are_utf8_with_bom_and_nfc_text() -> None:
    for name in ("plans.csv", "tasks.csv"):
        raw = (CATALOG / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        assert unicodedata.is_normalized("NFC", raw.decode("utf-8-sig"))


def test_every_unit_reference_is_a_known_unit_or_group(tasks: TaskCatalog, units: Catalog) -> None:
    for task in tasks.tasks.values():
        for code in task.lead_units + task.coordinating_units:
            assert code in units.units or code in ("@so-nganh", "@xa-phuong"), (task.number, code)


def test_a_group_lead_makes_every_member_a_lead(tasks: TaskCatalog) -> None:
    led_by_commune = [t.number for t in tasks.tasks_led_by("xa_anh_dung")]
    assert "1" in led_by_commune and "63.8" not in led_by_commune
    assert "3" in [t.number for t in tasks.tasks_led_by("so_y_te")]
    assert "3" not in [t.number for t in tasks.tasks_led_by("so_y_te", named_only=True)]


def test_tasks_led_by_an_unknown_unit_is_refused(tasks: TaskCatalog) -> None:
    with pytest.raises(ValueError, match="khong_co"):
        tasks.tasks_led_by("khong_co")


def test_overdue_tasks_for_october_2025(tasks: TaskCatalog) -> None:
    statuses = {
        (PLAN, "53"): TaskStatus("dang-thuc-hien"),
        (PLAN, "4"): TaskStatus("hoan-thanh", date(2025, 4, 15)),
        (PLAN, "55"): TaskStatus("hoan-thanh", date(2025, 6, 30)),
        (PLAN, "63.8"): TaskStatus("dang-thuc-hien"),
        (PLAN, "12"): TaskStatus("chua-thuc-hien"),
        (PLAN, "20"): TaskStatus("dang-thuc-hien"),
        (PLAN, "61"): TaskStatus("dang-thuc-hien"),
    }
    late = {o.task.number: o for o in tasks.overdue(statuses, OCTOBER_END)}
    assert set(late) == {"53", "4", "61", "63.8"}
    assert (late["63.8"].due, late["63.8"].months_late, late["63.8"].assigned.number) == (date(2025, 9, 30), 1, "16.2")
    assert (late["53"].due, late["53"].months_late, late["53"].completed_late) == (date(2025, 9, 30), 1, False)
    assert (late["4"].due, late["4"].months_late, late["4"].completed_late) == (date(2025, 3, 31), 1, True)
    assert (late["61"].due, late["61"].months_late) == (date(2025, 6, 30), 4)


def test_a_task_without_a_status_is_not_judged(tasks: TaskCatalog) -> None:
    assert tasks.overdue({}, OCTOBER_END) == []


def write_project(folder: Path, rows: list[list[str]], columns: tuple[str, ...] = TASK_COLUMNS) -> Path:
    """A catalog folder with the real plans.csv and a small tasks.csv; the first row's deadline spans 2 lines."""
    folder.mkdir()
    shutil.copy(CATALOG / "plans.csv", folder / "plans.csv")
    with (folder / "tasks.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        writer.writerow([PLAN, "1", "Nhiệm vụ một", "so_y_te", "@so-nganh", "Sở Y tế", "Các sở, ngành",
                         "- Tháng 6/2025: phần một\n- Tháng 12/2025: phần hai", ""])
        writer.writerows(rows)
    return folder


GOOD = [PLAN, "2", "Nhiệm vụ hai", "cong_an_tinh", "", "Công an tỉnh", "", "Năm 2025", ""]


def test_a_small_well_formed_catalog_loads(tmp_path: Path, units: Catalog) -> None:
    loaded = load_tasks(write_project(tmp_path / "c", [GOOD]), units)
    assert [t.number for t in loaded.tasks.values()] == ["1", "2"]
    assert len(loaded.task(PLAN, "1").deadline.parts) == 2


@pytest.mark.parametrize(("change", "column", "why"), [
    ({3: "so_khong_co"}, "lead_units", "không phải mã đơn vị"),
    ({4: "@huyen"}, "coordinating_units", "không phải mã đơn vị"),
    ({0: "kh_khong_co"}, "plan", "không có trong plans.csv"),
    ({1: "2a"}, "number", "không hợp lệ"),
    ({1: "1"}, "number", "bị trùng"),
    ({1: "9.1"}, "number", "nhiệm vụ con của 9"),
    ({2: ""}, "text", "chưa ghi nội dung"),
    ({3: ""}, "lead_units", "chưa ghi đơn vị chủ trì"),
    ({7: ""}, "deadline_text", "chưa ghi thời gian hoàn thành"),
    ({8: "IX.9"}, "report_section", "không có trong sections.csv"),
])
def test_a_broken_task_row_names_its_file_line_and_column(
        tmp_path: Path, units: Catalog, change: dict[int, str], column: str, why: str) -> None:
    row = list(GOOD)
    for index, value in change.items():
        row[index] = value
    folder = write_project(tmp_path / "c", [row])
    with pytest.raises(CatalogError, match=f"tasks.csv, dòng 4, cột {column}: .*{why}"):
        load_tasks(folder, units)


def test_a_row_with_an_unquoted_comma_is_refused_with_its_line(tmp_path: Path, units: Catalog) -> None:
    folder = write_project(tmp_path / "c", [])
    with (folder / "tasks.csv").open("a", encoding="utf-8", newline="") as fh:
        fh.write(f"{PLAN},2,Rà soát, cập nhật,cong_an_tinh,,Công an tỉnh,,Năm 2025,\r\n")
    with pytest.raises(CatalogError, match="tasks.csv, dòng 4, .*dấu ngoặc kép"):
        load_tasks(folder, units)


def test_a_missing_column_is_named(tmp_path: Path, units: Catalog) -> None:
    folder = write_project(tmp_path / "c", [GOOD])
    text = (folder / "tasks.csv").read_text(encoding="utf-8-sig").replace("deadline_text", "han")
    (folder / "tasks.csv").write_text(text, encoding="utf-8-sig")
    with pytest.raises(CatalogError, match="thiếu cột deadline_text"):
        load_tasks(folder, units)


def test_a_plan_with_an_impossible_date_is_refused(tmp_path: Path, units: Catalog) -> None:
    folder = write_project(tmp_path / "c", [GOOD])
    text = (folder / "plans.csv").read_text(encoding="utf-8-sig").replace("26/3/2025", "31/2/2025")
    (folder / "plans.csv").write_text(text, encoding="utf-8-sig")
    with pytest.raises(CatalogError, match="plans.csv, dòng 2, cột date"):
        load_tasks(folder, units)


def test_a_missing_tasks_file_is_named(tmp_path: Path, units: Catalog) -> None:
    folder = write_project(tmp_path / "c", [GOOD])
    (folder / "tasks.csv").unlink()
    with pytest.raises(CatalogError, match="Thiếu tệp danh mục .*tasks.csv"):
        load_tasks(folder, units)


def test_a_same_as_pointing_nowhere_is_refused_with_its_line(tmp_path: Path, units: Catalog) -> None:
    row = list(GOOD) + ["kh_3433_2025:99"]
    with pytest.raises(CatalogError, match="tasks.csv, dòng 4, cột same_as: không có nhiệm vụ 99"):
        load_tasks(write_project(tmp_path / "c", [row], TASK_COLUMNS + OPTIONAL_TASK_COLUMNS), units)


def test_a_same_as_must_point_at_the_original_task_not_at_another_copy(tmp_path: Path, units: Catalog) -> None:
    first = list(GOOD) + ["kh_3433_2025:1"]
    second = [PLAN, "3", "Nhiệm vụ ba", "cong_an_tinh", "", "Công an tỉnh", "", "Năm 2025", "", "kh_3433_2025:2"]
    with pytest.raises(CatalogError, match="tasks.csv, dòng 5, cột same_as: phải chỉ tới nhiệm vụ gốc"):
        load_tasks(write_project(tmp_path / "c", [first, second], TASK_COLUMNS + OPTIONAL_TASK_COLUMNS), units)


def test_a_sub_task_of_a_partly_catalogued_decision_needs_no_parent_row(tasks: TaskCatalog) -> None:
    assert ("qd_1689_2025", "16") not in tasks.tasks and tasks.task("qd_1689_2025", "16.2").parent_number == "16"
