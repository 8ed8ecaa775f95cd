"""tinh-hinh: who has and has not reported, on time, with whom to call; reporting rates in the consolidated workbook
and in the report's context (DHIS2: expected, actual, on time)."""
from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from baocao import pipeline
from baocao.config import ConfigError, load_settings
from baocao.periods import Period, PeriodRule
from baocao.report.docx_text import extract_text

from .builders import OCT, REPO, copy_repo, make_project, set_cell, write_submission
from .test_cli import cli
from .test_footnotes import mini_template

SCHEMA_TOOL = REPO.parent / "shared" / "tools" / "ooxml_check.py"


def rows_of(path: Path, sheet: str) -> list[dict[str, object]]:
    ws = load_workbook(path)[sheet]
    header = [c.value for c in ws[3]]
    return [dict(zip(header, row)) for row in ws.iter_rows(min_row=4, values_only=True) if any(row)]


def set_deadline(root: Path, line: str) -> None:
    config = root / "config.toml"
    text = re.sub(r"^han_gui = .*$", line, config.read_text(encoding="utf-8"), count=1, flags=re.M)
    config.write_text(text, encoding="utf-8")


def age(path: Path, when: datetime) -> None:
    os.utime(path, (when.timestamp(), when.timestamp()))


def schema_check(*paths: Path) -> None:
    """Skipped with a stated reason on a machine without ../shared or jing, never under CI=true."""
    missing = [why for why, absent in ((f"không có {SCHEMA_TOOL}", not SCHEMA_TOOL.is_file()),
                                       ("chưa cài jing", shutil.which("jing") is None)) if absent]
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail("Kiểm tra lược đồ OOXML bắt buộc trên CI: " + "; ".join(missing))
        pytest.skip("Bỏ qua kiểm tra lược đồ OOXML: " + "; ".join(missing))
    run = subprocess.run([sys.executable, str(SCHEMA_TOOL), *map(str, paths)], capture_output=True, text=True)
    assert run.returncode == 0 and "ooxml schema errors: 0" in run.stdout, run.stdout + run.stderr


@pytest.fixture(scope="module")
def sample_status(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    root = copy_repo(tmp_path_factory.mktemp("status") / "repo", "catalog", "templates", "inputs/2025-10")
    return root, cli(root, "tinh-hinh", "--ky", "10/2025")


def test_the_sample_month_lists_14_units_received_and_69_not_with_the_contacts_the_forms_give(sample_status) -> None:
    root, result = sample_status
    assert result.returncode == 0, result.stderr
    shown = " ".join(result.stdout.split())
    assert "Toàn tỉnh 83 14" in shown and "Tỷ lệ gửi báo cáo: 16,87% (14/83 đơn vị)" in shown
    rows = rows_of(root / "outputs" / "2025-10" / "tinh-hinh-2025-10.xlsx", "Tình hình gửi báo cáo")
    assert len(rows) == 83
    received = [r for r in rows if r["Tệp"]]
    assert len(received) == 14 and len([r for r in rows if r["Tình trạng"] == "Chưa gửi"]) == 69
    assert all(r["Nhận lúc"] for r in received)
    health = next(r for r in rows if r["Mã đơn vị"] == "so_y_te")
    assert (health["Người liên hệ"], health["Số điện thoại"], health["Tệp"]) == ("Ngô Văn Phúc", "0900 000 108",
                                                                                "so_y_te.xlsx")
    assert sum(1 for r in received if r["Người liên hệ"]) == 10   # four sample forms leave the contact blank
    assert {r["Tình trạng"] for r in received} == {"Gửi muộn"}   # a clone's files are dated today, after 17/10/2025
    assert "Ngô Văn Phúc" in result.stdout and "0900 000 108" in result.stdout


def test_the_status_workbook_opens_as_excel_expects(sample_status) -> None:
    root, _ = sample_status
    path = root / "outputs" / "2025-10" / "tinh-hinh-2025-10.xlsx"
    assert load_workbook(path).sheetnames == ["Tình hình gửi báo cáo", "Tỷ lệ gửi báo cáo", "Từng đơn vị qua các kỳ"]
    schema_check(path)


def test_a_unit_whose_file_was_first_seen_after_the_deadline_is_late(project) -> None:
    due = OCT.deadline(project.rule, project.deadline_day)
    for path in (project.inputs / OCT.key).iterdir():
        age(path, datetime.now())                      # copied in today: the first sighting is today, after 17/10/2025
    outcome = pipeline.status(project, OCT)
    statuses = {s.unit: s for s in outcome.figures.reporting.units}
    assert due == date(2025, 10, 17)
    assert statuses["so_a"].late is True and statuses["so_a"].label == "Gửi muộn"
    rows = rows_of(project.outputs / OCT.key / f"tinh-hinh-{OCT.key}.xlsx", "Tình hình gửi báo cáo")
    so_a = next(r for r in rows if r["Mã đơn vị"] == "so_a")
    assert so_a["Tình trạng"] == "Gửi muộn" and so_a["Số ngày muộn"] == (date.today() - due).days


def test_a_file_saved_before_the_deadline_is_on_time_and_stays_so_in_later_runs(project) -> None:
    before = datetime(2025, 10, 16, 9, 30)
    for path in (project.inputs / OCT.key).iterdir():
        age(path, before)
    first = {s.unit: s for s in pipeline.status(project, OCT).figures.reporting.units}
    assert first["so_b"].received == before and first["so_b"].late is False
    again = {s.unit: s for s in pipeline.check(project, OCT).figures.reporting.units}
    assert again["so_b"].received == before and again["so_b"].state == "dung-han"


def test_a_file_once_seen_keeps_that_arrival_even_if_its_date_later_looks_older(project) -> None:
    path = project.inputs / OCT.key / "so_b.xlsx"
    pipeline.status(project, OCT)                       # seen today
    age(path, datetime(2025, 10, 10))                   # the clerk's copy later shows an older date
    statuses = {s.unit: s for s in pipeline.status(project, OCT).figures.reporting.units}
    assert statuses["so_b"].received.date() == date.today() and statuses["so_b"].late is True


def test_without_a_deadline_every_report_counts_as_sent_and_none_as_late(project) -> None:
    set_deadline(project.root, "")
    settings = load_settings(project.root)
    assert settings.deadline_day is None
    result = pipeline.status(settings, OCT).figures.reporting
    assert {s.state for s in result.units} == {"da-gui"} and result.deadline is None


@pytest.mark.parametrize("written", ["han_gui = 0", "han_gui = 32", 'han_gui = "17"', "han_gui = true"])
def test_a_deadline_that_is_not_a_day_of_the_month_is_named(project, written) -> None:
    set_deadline(project.root, written)
    with pytest.raises(ConfigError, match="han_gui"):
        load_settings(project.root)


@pytest.mark.parametrize(("rule", "day", "period", "due"), [
    (PeriodRule(16, 15), 17, Period(2025, 10), date(2025, 10, 17)),
    (PeriodRule(16, 15), 5, Period(2025, 10), date(2025, 11, 5)),
    (PeriodRule(16, 15), 17, Period(2025, 12), date(2025, 12, 17)),
    (PeriodRule(1, 31), 5, Period(2025, 12), date(2026, 1, 5)),
    (PeriodRule(1, 31), 31, Period(2026, 1), date(2026, 2, 28)),
])
def test_the_deadline_is_the_first_such_day_after_the_period_ends(rule, day, period, due) -> None:
    assert period.deadline(rule, day) == due


def test_the_form_s_contact_wins_and_units_csv_gives_it_when_the_form_has_none(tmp_path) -> None:
    settings = make_project(tmp_path / "project")
    units = settings.catalog / "units.csv"
    lines = units.read_text(encoding="utf-8-sig").splitlines()
    lines[0] += ",contact,phone,email"
    lines = [line + (",Chị Hạnh,0900 000 201,hanh@so-a.example" if line.startswith("so_a,") else
                     ",Anh Bình,0900 000 202," if line.startswith("so_b,") else "") for line in lines]
    units.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    path_a = write_submission(settings, "so_a")
    write_submission(settings, "so_b")
    set_cell(path_a, "Thông tin", "B9", "Nguyễn Văn Lập")     # Người lập biểu, typed by the unit
    set_cell(path_a, "Thông tin", "B10", "0900 000 301")
    statuses = {s.unit: s for s in pipeline.status(settings, OCT).figures.reporting.units}
    assert (statuses["so_a"].contact, statuses["so_a"].phone, statuses["so_a"].email) == (
        "Nguyễn Văn Lập", "0900 000 301", "hanh@so-a.example")
    assert (statuses["so_b"].contact, statuses["so_b"].phone) == ("Anh Bình", "0900 000 202")
    assert (statuses["xa_c"].state, statuses["xa_c"].contact) == ("chua-gui", "")


def test_a_refused_file_leaves_its_unit_not_sent_and_is_named(project) -> None:
    set_cell(project.inputs / OCT.key / "xa_c.xlsx", "Thông tin", "B5", "9/2025")   # the wrong period
    result = pipeline.status(project, OCT).figures.reporting
    xa_c = next(s for s in result.units if s.unit == "xa_c")
    assert xa_c.state == "bi-tu-choi" and xa_c.refused == ("xa_c.xlsx",) and not xa_c.file
    rows = rows_of(project.outputs / OCT.key / f"tinh-hinh-{OCT.key}.xlsx", "Tỷ lệ gửi báo cáo")
    province = next(r for r in rows if r["Đơn vị"] == "toàn tỉnh")
    assert (province["Phải gửi"], province["Đã gửi"], province["Chưa gửi"]) == (3, 2, 1)


def test_rates_by_kind_and_over_periods_reach_the_consolidated_workbook_and_the_template(project) -> None:
    sep = Period(2025, 9)
    write_submission(project, "so_a", period=sep)
    for path in (project.inputs / sep.key).iterdir():
        age(path, datetime(2025, 9, 16))                # on time for September (due 17/9/2025)
    pipeline.check(project, sep)
    for path in (project.inputs / OCT.key).iterdir():
        age(path, datetime(2025, 10, 20))               # late for October (due 17/10/2025)
    (project.inputs / OCT.key / "xa_c.xlsx").unlink()
    mini_template(project.templates / "bao_cao_thang.docx", [
        "{{ tinh_hinh.dung_han }}/{{ tinh_hinh.phai_gui }} đơn vị gửi báo cáo đúng hạn; đã gửi "
        "{{ tinh_hinh.da_gui }} ({{ tinh_hinh.ty_le_gui }}), hạn {{ tinh_hinh.han_gui }}.",
        "Xã, phường: {{ tinh_hinh.theo_loai.xa_phuong.da_gui }}/{{ tinh_hinh.theo_loai.xa_phuong.phai_gui }}; "
        "chưa gửi: {{ tinh_hinh.ds_chua_gui | join(', ') }}; muộn: {{ tinh_hinh.ds_gui_muon | length }}.",
        "{% for k in tinh_hinh.cac_ky %}Kỳ {{ k.ky }}: {{ k.dung_han }}/{{ k.phai_gui }} đúng hạn. {% endfor %}"])
    outcome = pipeline.report(project, OCT)
    text = extract_text(next(p for p in outcome.written if p.suffix == ".docx"))
    assert "0/03 đơn vị gửi báo cáo đúng hạn; đã gửi 02 (66,67%), hạn 17/10/2025." in text
    assert "Xã, phường: 0/01; chưa gửi: Ủy ban nhân dân xã C; muộn: 2." in text
    assert "Kỳ 9/2025: 01/03 đúng hạn. Kỳ 10/2025: 0/03 đúng hạn." in text
    consolidated = next(p for p in outcome.written if p.name.startswith("tong-hop"))
    kinds = {r["Đơn vị"]: r for r in rows_of(consolidated, "Tỷ lệ gửi báo cáo")}
    assert (kinds["sở, ban, ngành"]["Đã gửi"], kinds["sở, ban, ngành"]["Tỷ lệ gửi"]) == (2, "100,00%")
    assert kinds["toàn tỉnh, kỳ 9/2025"]["Đúng hạn"] == 1
    per_unit = {r["Đơn vị"]: r for r in rows_of(consolidated, "Từng đơn vị qua các kỳ")}
    assert (per_unit["Sở A"]["Kỳ 9/2025"], per_unit["Sở A"]["Kỳ 10/2025"]) == ("Đúng hạn", "Muộn")
    assert (per_unit["Sở A"]["Số kỳ đã gửi"], per_unit["Sở A"]["Số kỳ đúng hạn"]) == (2, 1)
    schema_check(consolidated)


def test_the_history_keeps_which_file_each_unit_s_report_came_from(project) -> None:
    pipeline.check(project, OCT)
    with sqlite3.connect(project.history_db) as conn:
        rows = conn.execute("SELECT file, unit, accepted FROM run_files ORDER BY file").fetchall()
        seen = conn.execute("SELECT count(*) FROM file_sightings").fetchone()[0]
    assert rows == [("so_a.xlsx", "so_a", 1), ("so_b.xlsx", "so_b", 1), ("xa_c.xlsx", "xa_c", 1)] and seen == 3


def test_tinh_hinh_help_says_its_default_period(project) -> None:
    result = cli(project.root, "tinh-hinh", "--help")
    assert result.returncode == 0 and "mặc định: kỳ vừa kết thúc" in " ".join(result.stdout.split())


def test_the_run_summary_counts_reports_on_time(project) -> None:
    for path in (project.inputs / OCT.key).iterdir():
        age(path, datetime.now() - timedelta(days=1))
    result = cli(project.root, "kiem-tra", "--ky", "10/2025")
    assert "Gửi đúng hạn (hạn 17/10/2025): 0/3; gửi muộn: 3" in " ".join(result.stdout.split())
