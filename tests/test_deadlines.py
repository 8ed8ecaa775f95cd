"""The deadline reader on every wording of Kế hoạch 3433/KH-UBND, plus lateness arithmetic."""
from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baocao.catalog.deadlines import Deadline, Kind, add_months, is_overdue, months_late, parse_deadline
from baocao.model import TaskStatus
from baocao.periods import Period, PeriodRule

CATALOG = Path(__file__).resolve().parent.parent / "catalog"


def plan_deadline_rows() -> list[tuple[str, str]]:
    with (CATALOG / "tasks.csv").open(encoding="utf-8-sig", newline="") as fh:
        return [(row["number"], row["deadline_text"]) for row in csv.DictReader(fh) if row["deadline_text"]]


@pytest.mark.parametrize(("number", "text"), plan_deadline_rows(), ids=[n for n, _ in plan_deadline_rows()])
def test_every_deadline_of_the_plan_is_read(number: str, text: str) -> None:
    deadline = parse_deadline(text)
    assert deadline.readable, (number, text)
    assert deadline.kind is not Kind.KHONG_DOC_DUOC
    assert all(part.kind is not Kind.KHONG_DOC_DUOC for part in deadline.parts)


@pytest.mark.parametrize(("text", "kind", "due"), [
    ("Trước ngày 15/4/2025", Kind.NGAY, date(2025, 4, 14)),
    ("Trước ngày 15/4/2025 (gửi về Công an tỉnh để theo dõi, tổng hợp)", Kind.NGAY, date(2025, 4, 14)),
    ("Trước ngày 05/4/2025", Kind.NGAY, date(2025, 4, 4)),
    ("Hoàn thành trước ngày 10/4/2025.", Kind.NGAY, date(2025, 4, 9)),
    ("hoàn thành trong ngày 10/4/2025", Kind.NGAY, date(2025, 4, 10)),
    ("Đến ngày 30/6/2025", Kind.NGAY, date(2025, 6, 30)),
    ("từ ngày 01/7/2025", Kind.NGAY, date(2025, 6, 30)),
    ("Tháng 3/2025", Kind.THANG, date(2025, 3, 31)),
    ("Tháng 4/2025.", Kind.THANG, date(2025, 4, 30)),
    ("Tháng 04/2025", Kind.THANG, date(2025, 4, 30)),
    ("Tháng 6/2025", Kind.THANG, date(2025, 6, 30)),
    ("Tháng 9/2025", Kind.THANG, date(2025, 9, 30)),
    ("Tháng 12/2025", Kind.THANG, date(2025, 12, 31)),
    ("Hoàn thành trong tháng 04/2025", Kind.THANG, date(2025, 4, 30)),
    ("Phấn đấu đến hết tháng 6/2025", Kind.THANG, date(2025, 6, 30)),
    ("Quý II/2025.", Kind.QUY, date(2025, 6, 30)),
    ("Trong quý I/2025", Kind.QUY, date(2025, 3, 31)),
    ("Hoàn thành trong quý II năm 2025", Kind.QUY, date(2025, 6, 30)),
    ("Năm 2025", Kind.NAM, date(2025, 12, 31)),
    ("Hoàn thành trong năm 2025", Kind.NAM, date(2025, 12, 31)),
    ("từ nay đến hết năm 2026", Kind.NAM, date(2026, 12, 31)),
    ("Thực hiện thường xuyên", Kind.THUONG_XUYEN, None),
    ("Theo chỉ đạo của Bộ Công an", Kind.THEO_CHI_DAO, None),
    ("Theo chỉ đạo, hướng dẫn của Bộ, ngành Trung ương", Kind.THEO_CHI_DAO, None),
    ("Theo hướng dẫn, chỉ đạo của Văn phòng Chính phủ", Kind.THEO_CHI_DAO, None),
    ("Theo lộ trình, hướng dẫn của Bộ Công an", Kind.THEO_CHI_DAO, None),
    ("Theo lộ trình hướng dẫn của Trung ương", Kind.THEO_CHI_DAO, None),
    ("Theo chỉ đạo của Văn phòng Chính phủ (sau khi Chương trình được ban hành, dự kiến tháng 06/2025)",
     Kind.THEO_CHI_DAO, None),
    ("Theo tiến độ của cơ quan Trung ương", Kind.THEO_TIEN_DO_TRUNG_UONG, None),
])
def test_each_wording_gets_its_kind_and_last_on_time_day(text: str, kind: Kind, due: date | None) -> None:
    deadline = parse_deadline(text)
    assert (deadline.kind, deadline.due) == (kind, due)


@pytest.mark.parametrize("text", [
    "", "Sớm nhất có thể", "Trước ngày 31/4/2025", "Tháng 13/2025", "Quý V/2025", "Ngày 29/2/2025",
    "Theo tiến độ của bộ phận một cửa", "Tháng 6/2025 (chưa đóng ngoặc", "Trước ngày 15/4/2025 nếu có điều kiện",
])
def test_wording_that_cannot_be_read_is_reported_never_guessed(text: str) -> None:
    deadline = parse_deadline(text)
    assert deadline.kind is Kind.KHONG_DOC_DUOC
    assert deadline.due is None and not deadline.readable


def test_a_parenthesis_that_is_a_remark_is_kept_as_a_remark() -> None:
    deadline = parse_deadline("Theo chỉ đạo của Văn phòng Chính phủ (sau khi Chương trình được ban hành, dự kiến tháng 06/2025)")
    assert deadline.remarks == ("sau khi Chương trình được ban hành, dự kiến tháng 06/2025",)
    assert len(deadline.parts) == 1


@pytest.mark.parametrize(("text", "due"), [
    ("Quý I/2025", date(2025, 3, 31)), ("Quý II/2025", date(2025, 6, 30)),
    ("Quý III/2025", date(2025, 9, 30)), ("Quý IV/2025", date(2025, 12, 31)),
    ("Quý 4/2025", date(2025, 12, 31)), ("Trước quý I/2026", date(2025, 12, 31)),
    ("Trước quý III/2025", date(2025, 6, 30)),
])
def test_a_quarter_ends_on_the_last_day_of_its_third_month(text: str, due: date) -> None:
    assert parse_deadline(text).due == due


@pytest.mark.parametrize(("text", "due"), [
    ("Năm 2025", date(2025, 12, 31)), ("Tháng 12/2025", date(2025, 12, 31)),
    ("Trước ngày 01/01/2026", date(2025, 12, 31)), ("Trước tháng 1/2026", date(2025, 12, 31)),
    ("Trước năm 2026", date(2025, 12, 31)),
])
def test_the_end_of_the_year_is_the_thirty_first_of_december(text: str, due: date) -> None:
    assert parse_deadline(text).due == due


@pytest.mark.parametrize(("text", "kind", "due"), [
    ("Trước ngày 01/3/2024", Kind.NGAY, date(2024, 2, 29)),
    ("Ngày 29/2/2024", Kind.NGAY, date(2024, 2, 29)),
    ("Tháng 2/2024", Kind.THANG, date(2024, 2, 29)),
    ("Tháng 2/2025", Kind.THANG, date(2025, 2, 28)),
    ("Trước ngày 01/3/2025", Kind.NGAY, date(2025, 2, 28)),
])
def test_february_has_twenty_nine_days_only_in_a_leap_year(text: str, kind: Kind, due: date) -> None:
    deadline = parse_deadline(text)
    assert (deadline.kind, deadline.due) == (kind, due)


def test_a_cell_with_two_deadlines_keeps_both_and_the_earliest_governs() -> None:
    deadline = parse_deadline(
        "- Tháng 6/2025: 100% hồ sơ giải quyết TTHC được gắn định danh cá nhân.\n"
        "- Tháng 12/2025: 100% TTHC đủ điều kiện theo quy định của pháp luật được cung cấp dưới hình thức "
        "DVCTT toàn trình, 80% hồ sơ TTHC được xử lý trực tuyến, 40% dân số trưởng thành sử dụng DVCTT.")
    first, second = deadline.parts
    assert (first.kind, first.due) == (Kind.THANG, date(2025, 6, 30))
    assert first.label == "100% hồ sơ giải quyết TTHC được gắn định danh cá nhân."
    assert (second.kind, second.due) == (Kind.THANG, date(2025, 12, 31))
    assert second.label.startswith("100% TTHC đủ điều kiện")
    assert deadline.governing is first
    assert (deadline.kind, deadline.due) == (Kind.THANG, date(2025, 6, 30))


def test_a_dated_milestone_in_parentheses_governs_a_recurring_task() -> None:
    deadline = parse_deadline("Thực hiện thường xuyên (Quyết định hoàn thành trong tháng 03/2025)")
    recurring, decision = deadline.parts
    assert (recurring.kind, recurring.due) == (Kind.THUONG_XUYEN, None)
    assert (decision.kind, decision.due, decision.label) == (Kind.THANG, date(2025, 3, 31), "Quyết định")
    assert deadline.due == date(2025, 3, 31) and deadline.remarks == ()


def test_one_unreadable_part_makes_the_whole_cell_unreadable() -> None:
    deadline = parse_deadline("- Tháng 6/2025: phần một\n- khi có điều kiện: phần hai")
    assert deadline.kind is Kind.KHONG_DOC_DUOC and deadline.due is None


OCTOBER = Period(2025, 10)
RULE = PeriodRule()


def test_the_october_2025_period_runs_from_16_september_to_15_october() -> None:
    assert (OCTOBER.first_day(RULE), OCTOBER.last_day(RULE)) == (date(2025, 9, 16), date(2025, 10, 15))


def test_due_end_of_september_and_period_ending_15_october_is_one_month_late() -> None:
    assert months_late(date(2025, 9, 30), OCTOBER.last_day(RULE)) == 1


@pytest.mark.parametrize(("due", "period_end", "months"), [
    (date(2025, 10, 15), date(2025, 10, 15), 0),
    (date(2025, 12, 31), date(2025, 10, 15), 0),
    (date(2025, 10, 14), date(2025, 10, 15), 1),
    (date(2025, 4, 14), date(2025, 10, 15), 7),
    (date(2025, 4, 15), date(2025, 10, 15), 6),
    (date(2025, 6, 30), date(2025, 10, 15), 4),
    (date(2025, 9, 30), date(2025, 10, 31), 1),
    (date(2024, 2, 29), date(2024, 3, 31), 1),
    (date(2024, 12, 31), date(2025, 1, 15), 1),
])
def test_months_late_counts_every_month_begun_after_the_due_date(due: date, period_end: date, months: int) -> None:
    assert months_late(due, period_end) == months


@pytest.mark.parametrize(("day", "months", "moved"), [
    (date(2025, 9, 30), 1, date(2025, 10, 31)), (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2024, 2, 29), 12, date(2025, 2, 28)), (date(2025, 2, 28), 1, date(2025, 3, 31)),
    (date(2025, 1, 15), 11, date(2025, 12, 15)), (date(2025, 12, 15), 1, date(2026, 1, 15)),
])
def test_adding_months_keeps_a_month_end_at_the_month_end(day: date, months: int, moved: date) -> None:
    assert add_months(day, months) == moved


days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@given(days, days)
def test_a_task_is_months_late_exactly_when_the_period_ends_after_its_due_date(due: date, end: date) -> None:
    assert (months_late(due, end) >= 1) == (end > due)


@given(days, st.integers(min_value=0, max_value=60))
def test_months_late_after_whole_months_is_that_number_of_months(due: date, months: int) -> None:
    assert months_late(due, add_months(due, months)) == months


@given(days, st.integers(min_value=2020, max_value=2030), st.integers(min_value=1, max_value=12))
def test_months_late_counts_the_monthly_period_ends_passed_since_the_due_date(due: date, year: int, month: int) -> None:
    period = Period(year, month)
    passed = 0
    p = period
    while p.last_day(RULE) > due:
        passed += 1
        p = p.previous()
    assert months_late(due, period.last_day(RULE)) == passed


@given(days, days, days)
def test_months_late_never_decreases_as_the_period_end_moves_later(due: date, a: date, b: date) -> None:
    early, late = sorted((a, b))
    assert months_late(due, early) <= months_late(due, late)


@given(days)
def test_before_a_day_means_by_the_end_of_the_day_before(day: date) -> None:
    deadline = parse_deadline(f"Trước ngày {day.day:02d}/{day.month}/{day.year}")
    assert (deadline.kind, deadline.due) == (Kind.NGAY, day - timedelta(days=1))


@given(days)
def test_a_month_deadline_is_the_day_before_the_first_of_the_next_month(day: date) -> None:
    due = parse_deadline(f"Tháng {day.month}/{day.year}").due
    assert due is not None and due.month == day.month and (due + timedelta(days=1)).day == 1


@given(st.text(max_size=60))
def test_the_reader_never_raises_on_any_text(text: str) -> None:
    assert isinstance(parse_deadline(text), Deadline)


SEPT_END = parse_deadline("Tháng 9/2025")
PERIOD_END = OCTOBER.last_day(RULE)


@pytest.mark.parametrize(("deadline", "status", "late"), [
    (SEPT_END, TaskStatus("dang-thuc-hien"), True),
    (SEPT_END, TaskStatus("chua-thuc-hien"), True),
    (SEPT_END, TaskStatus("hoan-thanh", date(2025, 9, 30)), False),
    (SEPT_END, TaskStatus("hoan-thanh", date(2025, 10, 3)), True),
    (SEPT_END, TaskStatus("hoan-thanh"), False),
    (parse_deadline("Ngày 20/9/2025"), TaskStatus("dang-thuc-hien"), True),
    (parse_deadline("Ngày 15/10/2025"), TaskStatus("dang-thuc-hien"), False),
    (parse_deadline("Trước ngày 16/10/2025"), TaskStatus("chua-thuc-hien"), False),
    (parse_deadline("Tháng 10/2025"), TaskStatus("dang-thuc-hien"), False),
    (parse_deadline("Thực hiện thường xuyên"), TaskStatus("chua-thuc-hien"), False),
    (parse_deadline("Theo lộ trình, hướng dẫn của Bộ Công an"), TaskStatus("dang-thuc-hien"), False),
    (parse_deadline("khi có điều kiện"), TaskStatus("chua-thuc-hien"), False),
])
def test_a_task_is_overdue_when_open_after_its_due_date_or_completed_late(
        deadline: Deadline, status: TaskStatus, late: bool) -> None:
    assert is_overdue(deadline, status, PERIOD_END) is late


def test_a_deadline_inside_the_period_is_overdue_only_once_it_has_passed() -> None:
    inside = parse_deadline("Trước ngày 01/10/2025")
    assert OCTOBER.first_day(RULE) <= inside.due <= PERIOD_END
    assert is_overdue(inside, "dang-thuc-hien", PERIOD_END)
    assert not is_overdue(inside, "dang-thuc-hien", date(2025, 9, 30))
    assert months_late(inside.due, PERIOD_END) == 1


def test_the_earliest_of_two_deadlines_decides_whether_a_task_is_overdue() -> None:
    two = parse_deadline("- Tháng 6/2025: phần một\n- Tháng 12/2025: phần hai")
    assert is_overdue(two, "dang-thuc-hien", date(2025, 7, 15))
    assert is_overdue(two, TaskStatus("hoan-thanh", date(2025, 11, 1)), date(2025, 11, 15))


def test_a_status_outside_the_list_is_refused() -> None:
    with pytest.raises(ValueError, match="không hợp lệ"):
        TaskStatus("xong")


def test_only_a_completed_task_has_a_completion_date() -> None:
    with pytest.raises(ValueError, match="hoan-thanh"):
        TaskStatus("dang-thuc-hien", date(2025, 10, 1))


def test_a_milestone_in_parentheses_with_an_unreadable_date_makes_the_cell_unreadable() -> None:
    deadline = parse_deadline("Thực hiện thường xuyên (Quyết định hoàn thành trong tháng 13/2025)")
    assert deadline.kind is Kind.KHONG_DOC_DUOC and deadline.remarks == ()
