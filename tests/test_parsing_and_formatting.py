"""Property-based tests for the cell parser, number formatting and period arithmetic."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baocao.text import fmt
from baocao.text.cells import decimals_of, parse_date, parse_number, parse_percent
from baocao.periods import Period, PeriodError, PeriodRule, latest_ended, parse_period, period_containing

counts = st.integers(min_value=0, max_value=10**12)


@given(counts)
def test_a_formatted_count_reads_back_as_the_same_number(n: int) -> None:
    assert parse_number(fmt.number(n)) == n


@given(counts)
def test_thousands_are_separated_by_dots_and_nothing_else(n: int) -> None:
    text = fmt.number(n)
    assert text.replace(".", "") == str(n)
    assert all(len(group) == 3 for group in text.split(".")[1:])


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=10**9))
def test_a_percentage_has_a_decimal_comma_two_decimals_and_a_percent_sign(num: int, den: int) -> None:
    text = fmt.percent(fmt.ratio_percent(num, den), 2)
    assert text.endswith("%") and "," in text and len(text.split(",")[1]) == 3


@given(st.text(max_size=30))
def test_the_cell_parser_never_raises_on_any_text(s: str) -> None:
    parse_number(s)
    parse_percent(s)
    parse_date(s)


@pytest.mark.parametrize(("typed", "expected"), [
    ("1.444.257", 1444257), ("1,444,257", 1444257), ("2009345", 2009345), ("1,5", 1.5), ("1.444,5", 1444.5),
    (" 12 ", 12), ("12\u00a0345", 12345), (7.0, 7), (True, None), ("", None), ("mười", None), ("1.2.3", None),
])
def test_numbers_typed_the_vietnamese_way_are_read(typed, expected) -> None:
    assert parse_number(typed) == expected


@pytest.mark.parametrize(("typed", "expected"), [(0.8148, 81.48), ("81,48%", 81.48), (81.48, 81.48), ("94%", 94.0)])
def test_percentages_are_read_in_percent_units(typed, expected) -> None:
    assert parse_percent(typed) == pytest.approx(expected)


@pytest.mark.parametrize(("typed", "percent", "expected"), [
    ("1.500", True, True), ("1,500", True, True), ("1,500", False, True), ("1.500", False, False),
    ("1.444.257", False, False), ("81,48%", True, False), ("1,5", True, False), (1500, True, False),
])
def test_numbers_that_read_two_ways_are_recognised(typed, percent, expected) -> None:
    from baocao.text.cells import ambiguous

    assert ambiguous(typed, percent) is expected


def test_rounding_is_half_up_not_bankers() -> None:
    assert fmt.number(Decimal("81.475"), 2) == "81,48"
    assert fmt.number(Decimal("0.5"), 0) == "1" and fmt.number(Decimal("2.5"), 0) == "3"
    assert fmt.percent(fmt.ratio_percent(1444257, 1772539), 2) == "81,48%"


def test_edge_values_are_formatted_plainly() -> None:
    assert fmt.number(0) == "0" and fmt.percent(Decimal(100), 2) == "100,00%"
    assert fmt.ratio_percent(5, 0) is None and fmt.percent(None) == ""
    assert fmt.number(62097332) == "62.097.332"
    assert fmt.count(9) == "09" and fmt.count(28) == "28" and fmt.count(0) == "00"


@given(st.decimals(min_value=-10**13, max_value=10**13, allow_nan=False, allow_infinity=False, places=4),
       st.integers(min_value=0, max_value=3))
def test_numbers_are_formatted_exactly_as_babel_formats_them_for_vietnamese(value: Decimal, decimals: int) -> None:
    from babel.numbers import format_decimal

    rounded = fmt.round_half_up(value, decimals)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    assert fmt.number(value, decimals) == format_decimal(abs(rounded) if rounded == 0 else rounded, format=pattern,
                                                         locale=fmt.LOCALE)


def test_a_value_that_rounds_to_zero_is_never_shown_with_a_minus_sign() -> None:
    assert fmt.number(Decimal("-0.001"), 2) == "0,00" and fmt.number(-0.4) == "0"


def test_decimals_shown_by_the_typist_are_counted() -> None:
    assert (decimals_of(81.48), decimals_of(89.0), decimals_of(99.3)) == (2, 0, 1)


def test_header_dates_are_padded_as_nd30_requires() -> None:
    assert fmt.header_date(date(2025, 10, 22)) == "ngày 22 tháng 10 năm 2025"
    assert fmt.header_date(date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert fmt.short_date(date(2025, 9, 16)) == "16/9/2025"


@given(st.integers(min_value=2000, max_value=2100), st.integers(min_value=1, max_value=12))
def test_both_period_spellings_parse_to_the_same_period(year: int, month: int) -> None:
    assert parse_period(f"{month}/{year}") == parse_period(f"{year}-{month:02d}") == Period(year, month)
    assert parse_period(Period(year, month).label) == Period(year, month)


@pytest.mark.parametrize("text", ["13/2025", "0/2025", "2025/10", "10-2025x", "", "10/25"])
def test_unreadable_periods_are_refused(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(text)


rules = st.sampled_from([PeriodRule(16, 15), PeriodRule(15, 14), PeriodRule(1, 31)])


@given(st.integers(min_value=2001, max_value=2099), st.integers(min_value=1, max_value=12), rules)
def test_periods_follow_each_other_without_gap_or_overlap(year: int, month: int, rule: PeriodRule) -> None:
    p = Period(year, month)
    assert p.next().first_day(rule) == p.last_day(rule) + timedelta(days=1)
    assert p.first_day(rule) <= p.last_day(rule)


@given(st.dates(min_value=date(2001, 1, 1), max_value=date(2099, 12, 31)), rules)
def test_every_day_belongs_to_exactly_the_period_that_contains_it(day: date, rule: PeriodRule) -> None:
    p = period_containing(day, rule)
    assert p.first_day(rule) <= day <= p.last_day(rule)
    ended = latest_ended(day, rule)
    assert ended.last_day(rule) <= day < ended.next().last_day(rule)


def test_the_province_rule_gives_the_seeds_october_period() -> None:
    rule = PeriodRule(16, 15)
    assert (Period(2025, 10).first_day(rule), Period(2025, 10).last_day(rule)) == (date(2025, 9, 16), date(2025, 10, 15))
    assert latest_ended(date(2025, 10, 22), rule) == Period(2025, 10)
    assert period_containing(date(2025, 10, 22), rule) == Period(2025, 11)
    assert Period(2025, 1).previous() == Period(2024, 12)


def test_quarters_half_years_and_years_follow_the_monthly_rule() -> None:
    from baocao.periods import half_year, quarter, year_span

    province, nd09 = PeriodRule(16, 15), PeriodRule(15, 14)
    q4 = quarter(2025, 4)
    assert (q4.first_day(province), q4.last_day(province)) == (date(2025, 9, 16), date(2025, 12, 15))
    assert (q4.first_day(nd09), q4.last_day(nd09)) == (date(2025, 9, 15), date(2025, 12, 14))
    h1 = half_year(2025, 1)
    assert (h1.first_day(nd09), h1.last_day(nd09)) == (date(2024, 12, 15), date(2025, 6, 14))
    y = year_span(2025)
    assert (y.first_day(nd09), y.last_day(nd09)) == (date(2024, 12, 15), date(2025, 12, 14))
    assert q4.label == "quý IV/2025" and len(y.months) == 12
    with pytest.raises(PeriodError):
        quarter(2025, 5)


@given(st.integers(min_value=2001, max_value=2099), rules)
def test_the_four_quarters_tile_the_year_without_gaps(year: int, rule: PeriodRule) -> None:
    from baocao.periods import quarter, year_span

    quarters = [quarter(year, q) for q in range(1, 5)]
    assert quarters[0].first_day(rule) == year_span(year).first_day(rule)
    assert quarters[-1].last_day(rule) == year_span(year).last_day(rule)
    for a, b in zip(quarters, quarters[1:]):
        assert b.first_day(rule) == a.last_day(rule) + timedelta(days=1)


@given(st.integers(min_value=1, max_value=16384))
def test_a_column_letter_reads_back_as_its_number(col: int) -> None:
    from baocao.text.cells import col_letter, col_number

    assert col_number(col_letter(col)) == col == col_number(col_letter(col).encode())


@given(st.integers(-10**12, 10**12))
def test_a_whole_figure_reads_the_same_given_as_int_or_as_decimal(value: int) -> None:
    assert fmt.figure(value) == fmt.figure(Decimal(value))
