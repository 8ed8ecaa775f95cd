"""How a span adds up its months (library level): each kind of figure by its rule, gaps kept, the plan judged."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baocao.catalog import load_catalog
from baocao.figures.plan import LATE, NOT_DONE, ON_TIME, OVERDUE, UNREPORTED, classify, tally
from baocao.figures.spans import Gap, aggregate_span
from baocao.model import Dataset, Document, Highlight, ListItem, Source, TaskReport, TaskStatus, Value
from baocao.periods import (Period, PeriodError, PeriodRule, Span, half_year, label_of_key, nine_months,
                            parse_report_period, quarter, year_span)
from baocao.checks.spans import check_span
from baocao.store import history
from baocao.store.months import stored_months

from .builders import make_project

RULE = PeriodRule(16, 15)
SEP, OCT, NOV, DEC = (Period(2025, m) for m in (9, 10, 11, 12))
Q4 = quarter(2025, 4)


@pytest.fixture
def catalog(tmp_path):
    return load_catalog(make_project(tmp_path / "project").catalog)


def month(period: Period, values: dict[tuple[str, str], int], reported: tuple[str, ...] = ("so_a", "so_b", "xa_c"),
          **entries) -> Dataset:
    """A month as the history gives it back: accepted values, who reported, documents, items, highlights."""
    data = Dataset(period, last_day=period.last_day(RULE))
    data.values = [Value(u, code, v, Source(f"{u}.xlsx", "Số liệu", "F5")) for (u, code), v in values.items()]
    data.accepted_files = {u: f"{u}.xlsx" for u in reported}
    data.missing_units = [u for u in ("so_a", "so_b", "xa_c") if u not in reported]
    data.documents = entries.get("documents", [])
    data.items = entries.get("items", [])
    data.highlights = entries.get("highlights", [])
    return data


def values(tthc: int, ddt: int, hs: int | None) -> dict[tuple[str, str], int]:
    found = {("so_a", "tthc_tong"): tthc, ("so_b", "ddt_dat"): ddt, ("so_b", "cong_dan"): 2000}
    if hs is not None:
        found[("xa_c", "ho_so_xa")] = hs
    return found


def test_a_unit_missing_the_last_month_keeps_its_latest_value_and_the_figure_says_so(catalog) -> None:
    months = {SEP: month(SEP, values(100, 1000, 5)), OCT: month(OCT, values(110, 1100, 6)),
              NOV: month(NOV, {("so_a", "tthc_tong"): 120, ("xa_c", "ho_so_xa"): 7}, reported=("so_a", "xa_c"))}
    agg = aggregate_span(Q4, catalog, months, RULE)
    assert agg.figures.totals["ddt_dat"].value == 1100
    assert agg.carried["ddt_dat"] == {"so_b": OCT} and agg.partial["ddt_dat"] == (Gap(NOV, ("so_b",)),)
    assert agg.figures.totals["tthc_tong"].value == 120 and "tthc_tong" not in agg.partial
    assert agg.figures.increments["tthc_tong"] == 20 and agg.figures.previous["tthc_tong"] == 100
    assert agg.missing_months == (DEC,) and agg.missing_units == {OCT: (), NOV: ("so_b",)}


def test_an_in_period_figure_a_unit_skipped_one_month_is_summed_and_marked_partial(catalog) -> None:
    months = {OCT: month(OCT, values(110, 1100, None), reported=("so_a", "so_b")),
              NOV: month(NOV, values(120, 1200, 7))}
    agg = aggregate_span(Q4, catalog, months, RULE)
    total = agg.figures.totals["ho_so_xa"]
    assert (total.value, total.missing) == (7, ())
    assert agg.partial["ho_so_xa"] == (Gap(OCT, ("xa_c",)),)


def test_a_figure_no_month_gives_names_the_units_missing_throughout(catalog) -> None:
    months = {OCT: month(OCT, values(110, 1100, None), reported=("so_a", "so_b")),
              NOV: month(NOV, values(120, 1200, None), reported=("so_a", "so_b"))}
    total = aggregate_span(Q4, catalog, months, RULE).figures.totals["ho_so_xa"]
    assert (total.value, total.missing) == (None, ("xa_c",)) and not total.complete


def test_a_span_without_any_stored_month_is_all_gaps_and_never_fails(catalog) -> None:
    agg = aggregate_span(half_year(2025, 1), catalog, {}, RULE)
    assert agg.missing_months == half_year(2025, 1).months and agg.recorded == ()
    assert all(t.value is None for t in agg.figures.totals.values()) and agg.previous is None


def test_list_items_are_counted_once_with_their_latest_quantity_and_highlights_keep_their_month(catalog) -> None:
    def item(quantity: int, text: str = "Bệnh viện X") -> ListItem:
        return ListItem("so_b", "bv_kiosk", text, quantity, "", Source("so_b.xlsx"))

    said = Highlight("so_a", "I.1.a", "Họp Ban Chỉ đạo.", "", Source("so_a.xlsx"))
    months = {OCT: month(OCT, values(1, 1, 1), items=[item(2)], highlights=[said]),
              NOV: month(NOV, values(1, 1, 1), items=[item(3), item(1, "bệnh viện  y.")],
                         highlights=[Highlight("so_a", "I.1.a", "họp  Ban Chỉ đạo", "", Source("so_a.xlsx"))])}
    agg = aggregate_span(Q4, catalog, months, RULE)
    assert [(i.text, i.quantity) for i in agg.figures.lists["bv_kiosk"].items] == [("Bệnh viện X", 3),
                                                                                  ("bệnh viện  y.", 1)]
    assert agg.figures.highlights["I.1.a"] == [said] and agg.highlight_months[said] == OCT


def test_the_same_document_reported_twice_is_one_document(catalog) -> None:
    doc = Document("so_a", "vb_qd", "Quyết định", "1211/QĐ-UBND", date(2025, 9, 16), "thành lập", Source("a.xlsx"))
    again = Document("so_a", "vb_qd", "quyết định", "1211/qđ-ubnd ", date(2025, 9, 16), "thành lập BCĐ",
                     Source("a.xlsx"))
    months = {OCT: month(OCT, values(1, 1, 1), documents=[doc]), NOV: month(NOV, values(1, 1, 1), documents=[again])}
    assert aggregate_span(Q4, catalog, months, RULE).figures.lists["vb_qd"].documents == (doc,)


def test_the_previous_quarter_is_compared_when_the_history_holds_part_of_it(catalog) -> None:
    months = {SEP: month(SEP, values(100, 1000, 5)), OCT: month(OCT, values(110, 1100, 6))}
    agg = aggregate_span(Q4, catalog, months, RULE)
    assert agg.previous is not None and agg.previous.span == quarter(2025, 3)
    assert agg.previous.figures.totals["ho_so_xa"].value == 5 and agg.previous.missing_months == (Period(2025, 7),
                                                                                                   Period(2025, 8))


def test_missing_months_and_units_become_findings(catalog) -> None:
    months = {OCT: month(OCT, values(1, 1, 1)), NOV: month(NOV, values(1, 1, 1), reported=("so_a", "so_b"))}
    found = check_span(Q4, catalog, months, legacy=[OCT])
    assert [(f.code, f.unit_code, f.value) for f in found] == [
        ("thang-chua-lap-bao-cao", "toan-tinh", "12/2025"), ("thang-luu-phien-ban-cu", "toan-tinh", "10/2025"),
        ("don-vi-thieu-thang", "xa_c", "11/2025")]


# --- the plan over a span ------------------------------------------------------------------------------------------

def report(unit: str, number: str, status: str, done: date | None = None) -> TaskReport:
    return TaskReport(unit, ("kh_1_2025", number), TaskStatus(status, done), "", Source(f"{unit}.xlsx"))


def test_tasks_due_in_the_span_are_judged_on_time_late_overdue_or_unreported(catalog) -> None:
    reports = [report("so_a", "1", "hoan-thanh", date(2025, 10, 5)),     # due September: late
               report("so_b", "2", "hoan-thanh", date(2025, 11, 10)),    # due 31/12/2025: on time
               report("so_a", "4", "dang-thuc-hien")]                    # recurring, one of two departments
    year = classify(catalog, reports, year_span(2025), year_span(2025).last_day(RULE))
    outcome = {(o.task.number, o.lead): (o.outcome, o.months_late) for o in year}
    assert outcome == {("1", "so_a"): (LATE, 1), ("2", "so_b"): (ON_TIME, 0), ("3", "so_a"): (UNREPORTED, 0),
                       ("4", "@so-nganh"): (NOT_DONE, 0), ("5", "@so-nganh"): (UNREPORTED, 0)}
    overall, leads = tally(catalog, year)
    assert overall == {ON_TIME: 1, LATE: 1, NOT_DONE: 1, OVERDUE: 0, UNREPORTED: 2}
    assert [(t.name, t.total) for t in leads] == [("Sở A", 2), ("Sở B & C", 1), ("Các sở, ban, ngành", 2)]


def test_a_task_still_open_after_its_due_date_is_overdue_at_the_span_s_end(catalog) -> None:
    q3 = quarter(2025, 3)
    [task] = [o for o in classify(catalog, [report("so_a", "1", "dang-thuc-hien")], q3, q3.last_day(RULE))
              if o.task.number == "1"]
    assert (task.outcome, task.due) == (NOT_DONE, date(2025, 9, 30))     # the quarter ends 15/9, before the due date
    [late] = [o for o in classify(catalog, [report("so_a", "1", "dang-thuc-hien")], Q4, Q4.last_day(RULE))
              if o.task.number == "1"] or [None]
    assert late is None                                                  # due in September: not a task of Q4
    nine = nine_months(2025)
    [task] = [o for o in classify(catalog, [report("so_a", "1", "dang-thuc-hien")], nine, date(2025, 10, 31))
              if o.task.number == "1"]
    assert (task.outcome, task.months_late) == (OVERDUE, 1)


# --- the history: a month stored by an older version --------------------------------------------------------------

def test_a_month_stored_before_whole_months_were_kept_is_read_as_values_and_flagged(tmp_path, catalog) -> None:
    db = tmp_path / "lich_su.sqlite"
    stored = month(OCT, values(110, 1100, 6))
    history.record_run(db, "bao-cao", OCT, [("so_a.xlsx", "x", "so_a")], [], [], stored.values, [])
    [legacy] = stored_months(db, [OCT, NOV], RULE).values()
    assert legacy.legacy and set(legacy.dataset.accepted_files) == {"so_a", "so_b", "xa_c"}
    history.record_run(db, "bao-cao", OCT, [], [], [], stored.values, [], stored)
    [whole] = stored_months(db, [OCT], RULE).values()
    assert not whole.legacy and whole.dataset.accepted_files == stored.accepted_files


# --- periods -----------------------------------------------------------------------------------------------------

spans = st.one_of(st.builds(quarter, st.integers(2000, 2100), st.integers(1, 4)),
                  st.builds(half_year, st.integers(2000, 2100), st.integers(1, 2)),
                  st.builds(nine_months, st.integers(2000, 2100)), st.builds(year_span, st.integers(2000, 2100)))


@given(spans)
def test_a_span_reads_back_from_its_folder_name_and_from_what_the_clerk_types(span: Span) -> None:
    assert parse_report_period(span.key) == span == parse_report_period(span.argument)
    assert label_of_key(span.key) == span.label


@given(spans, st.sampled_from([PeriodRule(16, 15), PeriodRule(15, 14)]))
def test_a_span_runs_from_the_day_after_the_month_before_it_to_its_last_month_s_end(span: Span, rule) -> None:
    assert span.first_day(rule) == span.start.last_day(rule) + timedelta(days=1)
    assert span.last_day(rule) == span.months[-1].last_day(rule)
    assert span.previous().kind == span.kind


@pytest.mark.parametrize("text, key", [("Q4/2025", "2025-Q4"), ("quy4/2025", "2025-Q4"), ("Quý IV/2025", "2025-Q4"),
                                       ("6T/2025", "2025-6T"), ("9t/2025", "2025-9T"), ("2025", "2025"),
                                       ("nam/2025", "2025"), ("Năm 2025", "2025"), ("10/2025", "2025-10")])
def test_every_spelling_the_help_gives_is_read(text: str, key: str) -> None:
    assert parse_report_period(text).key == key


@pytest.mark.parametrize("text", ["Q5/2025", "Q0/2025", "9T2/2025", "1999", "quy/2025", "2025-Q9", "7T/2025"])
def test_spans_that_do_not_exist_are_refused(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_report_period(text)


def test_months_are_named_as_ranges_where_they_follow_each_other() -> None:
    from baocao.periods import month_ranges

    months = [Period(2025, m) for m in (12, 1, 2, 3, 5)]
    assert month_ranges(months) == "1/2025 – 3/2025, 5/2025, 12/2025"
    assert month_ranges([Period(2024, 12), Period(2025, 1)]) == "12/2024 – 1/2025" and month_ranges([]) == ""


def test_the_spans_are_named_as_the_report_names_them() -> None:
    assert [s.name for s in (Q4, half_year(2025, 1), nine_months(2025), year_span(2025))] == [
        "quý IV năm 2025", "6 tháng đầu năm 2025", "9 tháng đầu năm 2025", "năm 2025"]
    assert Q4.previous() == quarter(2025, 3) and quarter(2025, 1).previous() == quarter(2024, 4)
    assert year_span(2025).previous() == year_span(2024) and nine_months(2025).start == Period(2024, 12)
