"""Numbers as typed: a percentage typed 51,48% (stored by Excel as the double nearest 0.5148) is 51,48 in the
data, the consolidated workbook and the history, never 51.480000000000004; decimals add up as typed."""
from __future__ import annotations

import sqlite3
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from baocao import pipeline
from baocao.intake.forms import FormContent
from baocao.text.cells import parse_percent, typed, typed_sum

from .builders import OCT, find_cell, make_project, set_cell, write_submission

# Every percentage up to 100% a clerk can type into Excel: at most 15 significant digits (all Excel keeps).
TYPED_PERCENT = st.integers(0, 10**15 - 1).flatmap(
    lambda m: st.integers(-15, 2 - len(str(m))).map(lambda e: Decimal(m).scaleb(e)))


def test_a_ratio_typed_as_51_48_percent_reads_as_51_48() -> None:
    assert 0.5148 * 100 == 51.480000000000004      # what the consolidated workbook showed
    assert parse_percent(0.5148) == 51.48


@given(TYPED_PERCENT)
def test_every_typed_percentage_reads_back_as_the_number_typed(percent: Decimal) -> None:
    stored = float(percent.scaleb(-2))             # Excel keeps the double nearest the typed fraction
    assert parse_percent(stored) == float(percent)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_the_typed_decimal_is_the_same_double(value: float) -> None:
    assert float(typed(value)) == value


def test_decimals_add_up_as_typed_and_integers_stay_integers() -> None:
    assert typed_sum([0.1, 0.2]) == 0.3
    assert typed_sum([1, 2, 3]) == 6 and isinstance(typed_sum([1, 2, 3]), int)
    assert typed_sum([51.48, 1]) == 52.48


CATALOG_WITH_RATE = {
    "units.csv": [("code", "name", "short_name", "kind", "required"), ("so_a", "Sở A", "Sở A", "so-nganh", "1")],
    "sections.csv": [("code", "title"), ("I", "Mục")],
    "indicators.csv": [
        ("code", "name", "unit_of_measure", "reporters", "kind", "aggregate", "value_type", "required", "section"),
        ("phu_song", "Tỷ lệ dân số được phủ sóng 5G", "%", "so_a", "luy-ke", "mot-don-vi", "ty-le", "1", "I"),
    ],
    "relations.csv": [("code", "whole", "parts", "note")],
    "ratios.csv": [("code", "name", "numerator", "denominator", "decimals", "target", "target_text")],
    "lists.csv": [("code", "name", "kind", "reporters", "section", "item_noun", "quantity_name", "quantity_indicator",
                   "count_indicator")],
}


def test_a_percentage_typed_in_excel_is_stored_and_shown_as_typed(tmp_path) -> None:
    settings = make_project(tmp_path / "project", CATALOG_WITH_RATE)
    path = write_submission(settings, "so_a", FormContent())
    set_cell(path, "Số liệu", find_cell(path, "Số liệu", "phu_song"), 0.5148)   # Excel's 51,48%
    pipeline.report(settings, OCT)
    ws = load_workbook(settings.outputs / OCT.key / f"tong-hop-{OCT.key}.xlsx")["Số liệu từng đơn vị"]
    assert [row[3] for row in ws.iter_rows(min_row=4, values_only=True)] == [51.48]
    with sqlite3.connect(settings.history_db) as db:
        assert db.execute("select value from period_values").fetchall() == [(51.48,)]
