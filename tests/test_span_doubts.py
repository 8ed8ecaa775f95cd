"""What the checks doubted in a month is marked on a quarter's or the year's figures that rest on it, naming the unit
and the month: September and October from the sample forms, then the spans, end to end."""
from __future__ import annotations

from pathlib import Path

import pytest

from baocao.catalog import load_catalog
from baocao.codes import HANDLING, Treatment, finding
from baocao.config import load_settings
from baocao.figures.spans import aggregate_span
from baocao.model import NOWHERE, Dataset, Finding, TaskReport, TaskStatus, Value
from baocao.periods import Period, PeriodRule, parse_report_period, quarter
from baocao.spans import gather

from .builders import copy_repo, make_project
from .test_cli import cli
from .test_render import highlighted
from .test_span_drafts import report_sample_months

OCT = Period(2025, 10)


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> Path:
    root = copy_repo(tmp_path_factory.mktemp("span-doubts") / "project", "catalog", "templates", "inputs")
    report_sample_months(root)
    return root


def marked(root: Path, period: str) -> tuple[set, set]:
    """(unit, code, finding code, month) of the span's doubts; (unit, code, finding code) of October's."""
    agg = gather(load_settings(root), parse_report_period(period)).aggregate
    span = {(u, c, d.code, d.month) for (u, c), found in agg.figures.doubts.marked.items() for d in found}
    month = {(u, c, d.code) for (u, c), found in agg.months[OCT].doubts.marked.items() for d in found}
    return span, month


@pytest.mark.parametrize("period", ["Q4/2025", "2025"])
def test_every_doubt_october_marks_on_a_figure_is_carried_into_the_span_with_its_month(history, period) -> None:
    span, october = marked(history, period)
    assert ("toan-tinh", "chi_tra_bhxh_ktm_ty_le", "ty-le-trung-nhau", "10/2025") in span
    assert {"tong-khong-khop", "danh-sach-khong-khop", "ty-le-trung-nhau"} <= {code for _, _, code in october}
    assert span == {(u, c, code, "10/2025") for u, c, code in october}
    assert all(HANDLING[code].treatment is Treatment.MARK for _, _, code, _ in span)


def test_the_quarter_draft_prints_the_doubted_ratio_highlighted_with_the_unit_and_the_month(history) -> None:
    run = cli(history, "bao-cao", "--ky", "Q4/2025")
    draft = history / "outputs" / "2025-Q4" / "bao-cao-2025-Q4.docx"
    assert draft.exists(), run.stdout + run.stderr
    runs = highlighted(draft)
    assert any("83,53%" in r and "BHXH tỉnh" in r and "10/2025" in r for r in runs), runs
    assert any("83,53%" in r and "Sở Y tế" in r and "10/2025" in r for r in runs), runs
    assert any(r.startswith("2.156 ") and "Sở Khoa học và Công nghệ" in r and "10/2025" in r for r in runs), runs


def test_a_cumulative_figure_or_task_status_carries_only_its_own_month_s_doubts_and_a_sum_every_month_s(
        tmp_path) -> None:
    catalog = load_catalog(make_project(tmp_path).catalog)
    nov = Period(2025, 11)
    given = {OCT: {"so_a": {"tthc_tong": 2156, "ho_so_tong": 30}, "so_b": {"kiosk": 3}},
             nov: {"so_a": {"tthc_tong": 2100, "ho_so_tong": 42}}}   # so_b's kiosk: October's, carried
    months = {m: Dataset(m, [Value(u, c, n, NOWHERE) for u, vals in units.items() for c, n in vals.items()],
                         accepted_files={u: f"{u}.xlsx" for u in units}) for m, units in given.items()}

    def doubt(code: str, unit: str, about: str) -> Finding:
        return finding(code, unit_code=unit, unit_name=catalog.unit_name(unit), about=(about,), note="x")

    findings = {OCT: [doubt("bien-dong-bat-thuong", "so_a", "tthc_tong"), doubt("bien-dong-bat-thuong", "so_a",
                                                                                  "ho_so_tong"),
                      doubt("luy-ke-giam", "so_b", "kiosk")],
                nov: [doubt("luy-ke-giam", "so_a", "tthc_tong"), doubt("bien-dong-bat-thuong", "so_a", "ho_so_tong")]}
    findings[OCT] += [doubt("hoan-thanh-ky-truoc", "so_b", "kh_1_2025:2"), doubt("hoan-thanh-ky-truoc", "so_a",
                                                                                 "kh_1_2025:1")]
    statuses = [(OCT, TaskReport("so_b", ("kh_1_2025", "2"), TaskStatus("hoan-thanh", OCT.first_day(PeriodRule())),
                                 "", NOWHERE)),   # so_b's status at the span's end: October's; so_a's: November's
                (nov, TaskReport("so_a", ("kh_1_2025", "1"), TaskStatus("dang-thuc-hien"), "", NOWHERE))]
    agg = aggregate_span(quarter(2025, 4), catalog, months, PeriodRule(), statuses, findings=findings)
    carried = {(u, c, d.code, d.month) for (u, c), found in agg.figures.doubts.marked.items() for d in found}
    assert carried == {("so_a", "tthc_tong", "luy-ke-giam", "11/2025"),
                       ("so_a", "ho_so_tong", "bien-dong-bat-thuong", "10/2025"),
                       ("so_a", "ho_so_tong", "bien-dong-bat-thuong", "11/2025"),
                       ("so_b", "kiosk", "luy-ke-giam", "10/2025"),
                       ("so_b", "kh_1_2025:2", "hoan-thanh-ky-truoc", "10/2025")}
