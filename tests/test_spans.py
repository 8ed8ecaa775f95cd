"""Quarters, six and nine months, the year: made from the monthly history, end to end through the CLI.

One small project lives through September, October and November 2025 (November filled into the project's own blank
forms, as a unit would); the span commands then run on what the history holds."""
from __future__ import annotations

import copy
import shutil
import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from baocao.config import load_settings
from baocao.intake.forms import FormContent
from baocao.periods import Period
from baocao.store.migrations import MIGRATIONS

from .builders import CATALOG, find_cell, make_project, write_submission
from .test_cli import cli

SEP, OCT, NOV = Period(2025, 9), Period(2025, 10), Period(2025, 11)

SPAN_CATALOG = copy.deepcopy(CATALOG)
SPAN_CATALOG["indicators.csv"] += [
    ("lltp_vneid", "Hồ sơ LLTP tiếp nhận qua VNeID trong kỳ", "hồ sơ", "so_b", "trong-ky", "mot-don-vi", "so-nguyen", "1",
     "I.1.a"),
    ("lltp_tong", "Hồ sơ LLTP tiếp nhận trong kỳ", "hồ sơ", "so_b", "trong-ky", "mot-don-vi", "so-nguyen", "1", "I.1.a"),
]
SPAN_CATALOG["ratios.csv"] += [("lltp", "Tỷ lệ hồ sơ LLTP qua VNeID", "lltp_vneid", "lltp_tong", "2", "", "")]

MONTHS = {   # unit → period → values (November is typed into the blank forms)
    "so_a": {SEP: {"tthc_tong": 2100, "tthc_tinh": 1740, "tthc_xa": 360, "ho_so_tong": 25},
             OCT: {"tthc_tong": 2156, "tthc_tinh": 1780, "tthc_xa": 376, "ho_so_tong": 30},
             NOV: {"tthc_tong": 2200, "tthc_tinh": 1800, "tthc_xa": 400, "ho_so_tong": 42}},
    "so_b": {SEP: {"ddt_dat": 1400000, "cong_dan": 1770000, "kiosk": 3, "lltp_vneid": 8, "lltp_tong": 16},
             OCT: {"ddt_dat": 1444257, "cong_dan": 1772539, "kiosk": 3, "lltp_vneid": 10, "lltp_tong": 20},
             NOV: {"ddt_dat": 1500000, "cong_dan": 1775000, "kiosk": 4, "lltp_vneid": 90, "lltp_tong": 100}},
    "xa_c": {SEP: {"ho_so_xa": 25}, OCT: {"ho_so_xa": 30}, NOV: {"ho_so_xa": 42}},
}
DOC_1211 = {"list": "vb_qd", "doc_type": "Quyết định", "number": "1211/QĐ-UBND", "date": "16/9/2025",
            "subject": "thành lập Ban Chỉ đạo chiến dịch"}


def header_columns(ws) -> dict[str, int]:
    """The form's table columns by their header text (row 3), so the test types where a clerk would."""
    return {str(c.value): c.column for c in ws[3] if c.value}


def fill_blank_form(path: Path, values: dict[str, int], documents: list[dict] = (), highlights: list[dict] = (),
                    tasks: dict[str, tuple[str, date | None]] | None = None) -> None:
    """Type November into a blank form from ``mau-bieu``: values, documents, highlights, task statuses."""
    wb = load_workbook(path)
    for code, value in values.items():
        wb["Số liệu"][find_cell(path, "Số liệu", code)] = value
    for sheet, rows in (("Văn bản", documents), ("Nổi bật", highlights)):
        ws = wb[sheet]
        cols = header_columns(ws)
        for offset, entry in enumerate(rows):
            for header, value in entry.items():
                ws.cell(row=4 + offset, column=cols[header], value=value)
    if tasks:
        ws = wb["Nhiệm vụ"]
        cols = header_columns(ws)
        for row in range(4, ws.max_row + 1):
            number = str(ws.cell(row=row, column=cols["Số"]).value)
            if number in tasks:
                status, done = tasks[number]
                ws.cell(row=row, column=cols["Tình trạng"], value=status)
                ws.cell(row=row, column=cols["Ngày hoàn thành"], value=done)
    wb.save(path)


def build_history(root: Path, rule: tuple[int, int] | None = None) -> tuple[object, dict[str, object]]:
    """September and October written by the form writer, November typed into the blank forms; each month run."""
    settings = make_project(root, SPAN_CATALOG)
    if rule:
        config = (root / "config.toml").read_text(encoding="utf-8")
        config = config.replace("bat_dau = 16", f"bat_dau = {rule[0]}").replace("ket_thuc = 15", f"ket_thuc = {rule[1]}")
        (root / "config.toml").write_text(config, encoding="utf-8")
        settings = load_settings(root)
    extra = {
        (SEP, "so_a"): FormContent(tasks=[{"number": "1", "status": "Đang thực hiện"}]),
        (OCT, "so_a"): FormContent(documents=[DOC_1211],
                                   highlights=[{"section": "I.1.a", "text": "Tháng Mười: họp Ban Chỉ đạo."}],
                                   tasks=[{"number": "1", "status": "Hoàn thành", "completed_on": "5/10/2025"}]),
        (OCT, "so_b"): FormContent(items=[{"list": "bv_kiosk", "text": "Bệnh viện X", "quantity": 2}],
                                   tasks=[{"number": "2", "status": "Đang thực hiện"}]),
    }
    runs = {}
    for period in (SEP, OCT):
        for unit, months in MONTHS.items():
            content = extra.get((period, unit), FormContent())
            content.values = months[period]
            write_submission(settings, unit, content, period=period)
        runs[period.key] = cli(root, "bao-cao", "--ky", period.label)
    runs["mau-bieu"] = cli(root, "mau-bieu", "--ky", NOV.label)
    blank = settings.outputs / NOV.key / "mau-bieu"
    inbox = settings.inputs / NOV.key
    inbox.mkdir(parents=True)
    for unit in MONTHS:
        shutil.copy(blank / f"{unit}.xlsx", inbox / f"{unit}.xlsx")
    fill_blank_form(inbox / "so_a.xlsx", MONTHS["so_a"][NOV],
                    documents=[{"Danh sách": "vb_qd", "Loại văn bản": "Quyết định", "Số, ký hiệu": "1211/QĐ-UBND",
                                "Ngày ban hành": date(2025, 9, 16), "Trích yếu": "thành lập Ban Chỉ đạo chiến dịch"}],
                    highlights=[{"Mục báo cáo": "I.1.a", "Nội dung": "Tháng Mười một: ra mắt kênh Zalo."}])
    fill_blank_form(inbox / "so_b.xlsx", MONTHS["so_b"][NOV], tasks={"2": ("Hoàn thành", date(2025, 11, 10))})
    fill_blank_form(inbox / "xa_c.xlsx", MONTHS["xa_c"][NOV])
    runs[NOV.key] = cli(root, "bao-cao", "--ky", NOV.label)
    return settings, runs


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """The province's rule (16 → 15): September, October, November 2025 reported."""
    return build_history(tmp_path_factory.mktemp("spans") / "project")


def sheet_rows(path: Path, sheet: str) -> list[tuple]:
    return [row for row in load_workbook(path)[sheet].iter_rows(min_row=4, values_only=True)]


def by_code(path: Path, sheet: str) -> dict[str, tuple]:
    return {row[0]: row for row in sheet_rows(path, sheet)}


# --- the months the spans are made from -----------------------------------------------------------------------

def test_the_three_months_were_reported_from_the_forms_including_the_blank_forms_filled_in(history) -> None:
    _, runs = history
    assert {key: r.returncode for key, r in runs.items()} == {"2025-09": 0, "2025-10": 0, "mau-bieu": 0,
                                                              "2025-11": 0}, runs["2025-11"].stdout


def test_the_history_keeps_each_month_whole_from_its_latest_run(history) -> None:
    settings, _ = history
    with closing(sqlite3.connect(settings.history_db)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        documents = conn.execute("SELECT period, number FROM period_documents ORDER BY period").fetchall()
        units = conn.execute("SELECT period, unit, state FROM period_units WHERE period = '2025-11' ORDER BY unit")
        assert units.fetchall() == [("2025-11", "so_a", "accepted"), ("2025-11", "so_b", "accepted"),
                                    ("2025-11", "xa_c", "accepted")]
        records = dict(conn.execute("SELECT period, run_id FROM period_records").fetchall())
        latest = dict(conn.execute("SELECT period, MAX(id) FROM runs WHERE command = 'bao-cao' GROUP BY period"))
    assert documents == [("2025-10", "1211/QĐ-UBND"), ("2025-11", "1211/QĐ-UBND")]
    assert records == latest


# --- the quarter -----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def q4(history):
    settings, _ = history
    return settings, cli(settings.root, "bao-cao", "--ky", "Q4/2025")


def test_a_quarter_with_a_month_missing_exits_1_with_everything_written(q4) -> None:
    settings, result = q4
    assert result.returncode == 1, result.stderr
    folder = settings.outputs / "2025-Q4"
    assert {p.name for p in folder.iterdir()} == {"kiem-tra-2025-Q4.xlsx", "tong-hop-2025-Q4.xlsx",
                                                  "bao-cao-2025-Q4.docx", "bao-cao-2025-Q4 - doi-chieu.docx"}
    assert "Báo cáo quý IV/2025" in result.stdout and "từ 16/9/2025 đến 15/12/2025" in result.stdout
    assert "Tháng 12/2025: chưa có số liệu" in result.stdout


def test_the_quarter_takes_cumulative_figures_at_its_end_and_sums_in_period_figures(q4) -> None:
    settings, _ = q4
    totals = by_code(settings.outputs / "2025-Q4" / "tong-hop-2025-Q4.xlsx", "Tổng hợp")
    assert totals["tthc_tong"][5] == 2200                       # November's total: the latest month of the quarter
    assert totals["tthc_tong"][6:8] == (2100, 100)              # start: September's; growth over the quarter
    assert totals["ho_so_xa"][5] == 30 + 42                     # October's plus November's
    assert totals["lltp_vneid"][5] == 100 and totals["lltp_tong"][5] == 120


def test_the_quarter_s_ratio_is_recomputed_from_the_aggregated_parts_not_averaged(q4) -> None:
    settings, _ = q4
    ratios = by_code(settings.outputs / "2025-Q4" / "tong-hop-2025-Q4.xlsx", "Tỷ lệ")
    assert ratios["lltp"][2:5] == (100, 120, "83,33%")         # (10 + 90) / (20 + 100), not (50% + 90%) / 2
    assert ratios["ddt"][4] == "84,51%"                         # 1.500.000 / 1.775.000


def test_the_quarter_names_the_missing_month_in_the_validation_report_and_the_workbook(q4) -> None:
    settings, _ = q4
    folder = settings.outputs / "2025-Q4"
    found = sheet_rows(folder / "kiem-tra-2025-Q4.xlsx", "Lỗi và cảnh báo")
    assert [(r[2], r[3], r[8]) for r in found if r[1] is None] == [("Lỗi", "thang-chua-lap-bao-cao", "12/2025")]
    workbook = load_workbook(folder / "tong-hop-2025-Q4.xlsx")
    assert workbook.sheetnames[:6] == ["Tổng hợp", "Tỷ lệ", "Các tháng", "Tháng 10-2025", "Tháng 11-2025",
                                       "Tháng 12-2025"]
    assert "chưa có số liệu tháng 12/2025" in workbook["Tổng hợp"]["A1"].value
    assert "Chưa có số liệu tháng 12/2025" in workbook["Tháng 12-2025"]["B4"].value
    months = sheet_rows(folder / "tong-hop-2025-Q4.xlsx", "Các tháng")
    assert [(r[0], r[3]) for r in months] == [("Tháng 10/2025", "Đã có số liệu"), ("Tháng 11/2025", "Đã có số liệu"),
                                              ("Tháng 12/2025", "Chưa có số liệu")]


def test_each_month_s_sheet_holds_what_that_month_s_report_computed(q4) -> None:
    settings, _ = q4
    path = settings.outputs / "2025-Q4" / "tong-hop-2025-Q4.xlsx"
    assert by_code(path, "Tháng 10-2025")["ho_so_xa"][3] == 30 and by_code(path, "Tháng 11-2025")["ho_so_xa"][3] == 42
    assert by_code(path, "Tháng 11-2025")["tl:lltp"][3] == "90,00%"


def test_documents_reported_in_two_months_are_counted_once(q4) -> None:
    settings, _ = q4
    documents = sheet_rows(settings.outputs / "2025-Q4" / "tong-hop-2025-Q4.xlsx", "Văn bản")
    assert [r[3] for r in documents] == ["1211/QĐ-UBND"]
    highlights = sheet_rows(settings.outputs / "2025-Q4" / "tong-hop-2025-Q4.xlsx", "Nổi bật")
    assert [(r[0], r[3]) for r in highlights] == [("Tháng 10/2025", "Tháng Mười: họp Ban Chỉ đạo."),
                                                  ("Tháng 11/2025", "Tháng Mười một: ra mắt kênh Zalo.")]


def test_the_quarter_is_compared_with_the_previous_quarter_where_the_history_has_it(q4) -> None:
    settings, _ = q4
    path = settings.outputs / "2025-Q4" / "tong-hop-2025-Q4.xlsx"
    header = load_workbook(path)["Tổng hợp"][3]
    assert header[8].value == "Kỳ trước (quý III/2025, chỉ có tháng 9/2025)"
    row = by_code(path, "Tổng hợp")["ho_so_xa"]
    assert row[8:11] == (25, 72 - 25, 188)                      # the third quarter holds September only


def test_checking_a_span_writes_its_validation_report_and_stores_nothing(history) -> None:
    settings, _ = history
    with closing(sqlite3.connect(settings.history_db)) as conn:
        before = conn.execute("SELECT COUNT(*) FROM period_values").fetchone()
    result = cli(settings.root, "kiem-tra", "--ky", "quy4/2025", "--ghi-de")
    assert result.returncode == 1
    assert "outputs/2025-Q4/kiem-tra-2025-Q4.xlsx" in result.stdout and "tong-hop" not in result.stdout
    with closing(sqlite3.connect(settings.history_db)) as conn:
        assert conn.execute("SELECT COUNT(*) FROM period_values").fetchone() == before
        assert conn.execute("SELECT command FROM runs WHERE period = '2025-Q4' ORDER BY id DESC").fetchone() == \
            ("kiem-tra",)


# --- six months, nine months, the year ---------------------------------------------------------------------------

@pytest.mark.parametrize("ky, key", [("6T/2025", "2025-6T"), ("9T/2025", "2025-9T"), ("2025", "2025"),
                                      ("nam/2025", "2025")])
def test_longer_spans_run_from_the_same_history_into_their_own_folders(history, ky: str, key: str) -> None:
    settings, _ = history
    result = cli(settings.root, "bao-cao", "--ky", ky, "--ghi-de")
    assert result.returncode == 1, result.stderr     # months of the span were never reported
    workbook = load_workbook(settings.outputs / key / f"tong-hop-{key}.xlsx")
    assert [name for name in workbook.sheetnames if name.startswith("Tháng")][0] == "Tháng 01-2025"


def test_the_year_takes_november_as_its_latest_month_and_judges_the_plan(history) -> None:
    settings, _ = history
    cli(settings.root, "bao-cao", "--ky", "2025", "--ghi-de")
    path = settings.outputs / "2025" / "tong-hop-2025.xlsx"
    totals = by_code(path, "Tổng hợp")
    assert totals["tthc_tong"][5] == 2200 and totals["ho_so_xa"][5] == 25 + 30 + 42
    tasks = {(r[0], r[2]): r[5] for r in sheet_rows(path, "Nhiệm vụ")}
    assert tasks[("1", "Sở A")] == "Hoàn thành chậm"           # due September, done 5/10
    assert tasks[("2", "Sở B & C")] == "Hoàn thành đúng hạn"    # due in the year, done 10/11
    assert tasks[("4", "Các sở, ban, ngành")] == "Chưa báo cáo"  # recurring: judged in the year only


# --- 15 → 14 (Nghị định 09/2019) -----------------------------------------------------------------------------------

def test_spans_follow_the_nd09_rule_when_the_config_says_15_to_14(tmp_path) -> None:
    settings, runs = build_history(tmp_path / "project", rule=(15, 14))
    assert runs["2025-11"].returncode == 0, runs["2025-11"].stdout
    result = cli(settings.root, "bao-cao", "--ky", "Q4/2025")
    assert "từ 15/9/2025 đến 14/12/2025" in result.stdout
    title = load_workbook(settings.outputs / "2025-Q4" / "tong-hop-2025-Q4.xlsx")["Tổng hợp"]["A1"].value
    assert "QUÝ IV NĂM 2025 (từ 15/9/2025 đến 14/12/2025" in title
    year = cli(settings.root, "kiem-tra", "--ky", "2025")
    assert "từ 15/12/2024 đến 14/12/2025" in year.stdout


# --- the span's template ------------------------------------------------------------------------------------------

def test_a_missing_span_template_stops_before_any_work_with_exit_3(history) -> None:
    settings, _ = history
    template = settings.templates / "bao_cao_quy.docx"
    kept = template.read_bytes()
    template.unlink()
    try:
        result = cli(settings.root, "bao-cao", "--ky", "Q1/2025")
    finally:
        template.write_bytes(kept)
    assert result.returncode == 3 and "bao_cao_quy.docx" in result.stderr
    assert not (settings.outputs / "2025-Q1").exists()


def test_a_span_template_with_a_mistake_gives_the_workbooks_but_no_draft(history) -> None:
    from docx import Document

    settings, _ = history
    template = settings.templates / "bao_cao_nam.docx"
    kept = template.read_bytes()
    broken = Document()
    broken.add_paragraph("Báo cáo {{ ky.tenn }}.")
    broken.save(str(template))
    try:
        result = cli(settings.root, "bao-cao", "--ky", "2024")
    finally:
        template.write_bytes(kept)
    assert result.returncode == 3, result.stdout + result.stderr
    assert sorted(p.name for p in (settings.outputs / "2024").iterdir()) == ["kiem-tra-2024.xlsx", "tong-hop-2024.xlsx"]
    assert "ky.ten" in result.stdout


# --- usage -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("ky", ["Q5/2025", "9T2/2025", "quy/2025", "13T/2025"])
def test_an_unreadable_span_is_wrong_usage(history, ky: str) -> None:
    settings, _ = history
    result = cli(settings.root, "kiem-tra", "--ky", ky)
    assert result.returncode == 2 and "Lỗi cách dùng" in result.stderr


def test_blank_forms_are_made_for_a_month_never_for_a_quarter(history) -> None:
    settings, _ = history
    result = cli(settings.root, "mau-bieu", "--ky", "Q4/2025")
    assert result.returncode == 2 and "theo tháng" in result.stderr
