"""Forms that check themselves (issue 18): beside each figure last period's accepted value, the increment or the
live ratio, a status per row and a summary above the table, all Excel formulas every office suite computes; help
for the unit only, never read by the tool."""
from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from baocao.catalog import load_catalog
from baocao.config import load_settings
from baocao.intake.forms import FormContent, write_form
from baocao.intake.layout import (FLAG_COL, LIVE_COL, NUMBER_COL, PREVIOUS_COL, STATUS_COL, SUMMARY_ROW, form_code)
from baocao.intake.read import read_file
from baocao.intake.selfcheck import NOTHING_WRONG, REQUIRED
from baocao.model import Submission
from baocao.periods import Period
from baocao.store import history

from .builders import GOOD_B, OCT, REPO, make_project
from .office import convert, needs_calc

NOV = Period(2025, 11)
DATA = "Số liệu"
SUMMARY = f"C{SUMMARY_ROW}"
# What Excel 2010, LibreOffice Calc and WPS Spreadsheets all compute; none of the newer ones (LET, FILTER, IFS…).
SHARED_FUNCTIONS = {"IF", "IFERROR", "ISNUMBER", "ISERROR", "COUNT", "COUNTIF", "SUM", "VALUE", "TRIM", "SUBSTITUTE",
                    "FIND", "LEFT", "MID", "LEN", "FIXED", "ROUND", "ABS", "OR", "CHAR"}


def _rows(ws) -> dict[str, int]:
    return {str(ws.cell(r, 2).value): r for r in range(5, ws.max_row + 1) if ws.cell(r, 2).value}


def _november_form(sample_month: Path, path: Path, unit: str = "bhxh_tinh") -> Path:
    shutil.copy(sample_month / "outputs" / "2025-11" / "mau-bieu" / f"{unit}.xlsx", path)
    return path


def _october(sample_month: Path, unit: str) -> dict[str, int | float]:
    settings = load_settings(sample_month)
    return {v.indicator: v.value for v in history.values_for(settings.history_db, OCT) if v.unit == unit}


def test_a_blank_november_form_shows_octobers_accepted_values_beside_the_cumulative_figures(sample_month: Path) -> None:
    october = _october(sample_month, "bhxh_tinh")
    ws = load_workbook(sample_month / "outputs" / "2025-11" / "mau-bieu" / "bhxh_tinh.xlsx")[DATA]
    rows = _rows(ws)
    assert ws.cell(4, PREVIOUS_COL).value == "Kỳ trước (tháng 10/2025)"
    assert october and {code: ws.cell(rows[form_code(code)], PREVIOUS_COL).value for code in october} == october
    assert ws.cell(rows["chi-tra-bhxh-ktm"], PREVIOUS_COL).protection.locked   # read-only: the unit cannot change it


def test_last_periods_percentage_is_shown_as_the_percentage_cell_holds_it(sample_month: Path) -> None:
    october = _october(sample_month, "thue_tinh")["mst_hkd_chuan_hoa"]
    ws = load_workbook(sample_month / "outputs" / "2025-11" / "mau-bieu" / "thue_tinh.xlsx")[DATA]
    cell = ws.cell(_rows(ws)["mst-hkd-chuan-hoa"], PREVIOUS_COL)
    assert (cell.value, cell.number_format) == (october / 100, "0.00%")   # the history keeps 100, the cell 1 = 100%


def test_a_blank_form_stores_values_for_its_formulas_the_required_figures_missing(sample_month: Path) -> None:
    catalog = load_catalog(sample_month / "catalog")
    required = [i for i in catalog.indicators_for("bhxh_tinh") if i.required]
    ws = load_workbook(sample_month / "outputs" / "2025-11" / "mau-bieu" / "bhxh_tinh.xlsx", data_only=True)[DATA]
    rows = _rows(ws)
    assert ws[SUMMARY].value == f"Còn {len(required)} chỗ cần xem lại"
    assert [ws.cell(rows[form_code(i.code)], STATUS_COL).value for i in required] == [REQUIRED] * len(required)
    assert ws.cell(rows["tl:chi-tra-bhxh-ktm-ty-le"], FLAG_COL).value == 0


def test_the_formulas_use_only_functions_every_office_suite_has(sample_month: Path) -> None:
    used: set[str] = set()
    for form in (sample_month / "outputs" / "2025-11" / "mau-bieu").glob("*.xlsx"):
        for row in load_workbook(form)[DATA].iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    used |= set(re.findall(r"([A-Z][A-Z0-9.]*)\(", re.sub(r'"[^"]*"', '""', cell.value)))
                    assert len(cell.value) < 8192   # Excel's limit for a formula
    assert "IF" in used and used <= SHARED_FUNCTIONS


def test_the_helper_columns_are_hidden_and_the_check_columns_print_on_the_page(sample_month: Path) -> None:
    ws = load_workbook(sample_month / "outputs" / "2025-11" / "mau-bieu" / "bhxh_tinh.xlsx")[DATA]
    from openpyxl.utils import get_column_letter

    assert all(ws.column_dimensions[get_column_letter(c)].hidden for c in (NUMBER_COL, FLAG_COL))
    assert not any(ws.column_dimensions[get_column_letter(c)].hidden for c in (PREVIOUS_COL, LIVE_COL, STATUS_COL))
    assert ws.print_area.endswith(f"${get_column_letter(STATUS_COL)}${ws.max_row}")


def _stripped(path: Path, target: Path) -> Path:
    """The same form without any check cell: what the tool read before forms checked themselves."""
    wb = load_workbook(path)
    ws = wb[DATA]
    for merged in list(ws.merged_cells.ranges):
        if merged.min_row == SUMMARY_ROW or merged.max_col > 8:
            ws.unmerge_cells(str(merged))
    for cell in ws[SUMMARY_ROW]:
        cell.value = None
    ws.conditional_formatting = type(ws.conditional_formatting)()
    ws.delete_cols(PREVIOUS_COL, STATUS_COL - PREVIOUS_COL + 1)
    wb.save(target)
    return target


def _read(path: Path, limits) -> tuple:
    sub, findings = read_file(path, limits, "form.xlsx")
    assert isinstance(sub, Submission) and findings == []
    return (sub.unit_code, sub.period_text, sub.version, sub.info_cells, sub.values, sub.ratios_typed,
            sub.highlights, sub.documents, sub.items, sub.tasks)


def test_the_reader_yields_the_same_submission_with_and_without_the_check_cells(tmp_path: Path) -> None:
    settings = make_project(tmp_path / "project")
    catalog = load_catalog(settings.catalog)
    content = FormContent(values={**GOOD_B.values, "cong_dan": "1.234"}, ratios_typed=GOOD_B.ratios_typed,
                          highlights=GOOD_B.highlights, preparer="Lê Thị Hoa")
    path = tmp_path / "so_b.xlsx"
    write_form(path, catalog, catalog.units["so_b"], OCT, settings.rule, settings.form_version, content, {"cong_dan": 9})
    assert _read(path, settings.limits) == _read(_stripped(path, tmp_path / "plain.xlsx"), settings.limits)


def _fill(path: Path, values: dict[str, object]) -> Path:
    """The figures (by code) typed into the form's Giá trị cells by a program that leaves the values the blank
    form stored for its formulas as they were: only a recalculation can bring the checks up to date."""
    rows = _rows(load_workbook(path)[DATA])
    cells = {f"F{rows[form_code(code)]}": value for code, value in values.items()}
    sheet = f"xl/worksheets/sheet{load_workbook(path).sheetnames.index(DATA) + 1}.xml"
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts:
            if info.filename == sheet:
                data = re.sub(rb'<c r="(F\d+)"( s="\d+")?( t="n")?/>', lambda m: _typed(m, cells), data)
            target.writestr(info, data)
    return path


def _typed(match: re.Match, cells: dict[str, object]) -> bytes:
    ref, style = match.group(1).decode(), (match.group(2) or b"").decode()
    if ref not in cells:
        return match.group(0)
    value = cells[ref]
    if isinstance(value, str):
        return f'<c r="{ref}"{style} t="inlineStr"><is><t>{value}</t></is></c>'.encode()
    return f'<c r="{ref}"{style}><v>{value}</v></c>'.encode()


def _right(october: dict[str, int | float]) -> dict[str, int | float]:
    """November as it should be: every figure grown since October, each total the sum of its parts."""
    values = {code: value + 1_000 for code, value in october.items()}
    values["chi_tra_bhxh_ktm"] = values["luong_huu_ktm"] + values["tro_cap_mot_lan_ktm"] + values["bhtn_ktm"]
    values["chi_tra_bhxh_tong"] = values["luong_huu_tong"] + values["tro_cap_mot_lan_tong"] + values["bhtn_tong"]
    values["tro_cap_mot_lan_ktm"] = f"{values['tro_cap_mot_lan_ktm']:,}".replace(",", ".")   # typed as text 1.234
    return values


@needs_calc
def test_libreoffice_computes_the_checks_three_planted_errors_flagged_a_right_form_passes(sample_month: Path,
                                                                                          tmp_path: Path) -> None:
    october = _october(sample_month, "bhxh_tinh")
    right = _right(october)
    wrong = {**right, "chi_tra_bhxh_tong": right["chi_tra_bhxh_tong"] + 7,         # parts do not add up
             "bhxh_nguoi_tham_gia": october["bhxh_nguoi_tham_gia"] - 10}             # below October's
    wrong["bhxh_xac_thuc"] = wrong["bhxh_nguoi_tham_gia"] + 5                        # a count above its base
    filled = [_fill(_november_form(sample_month, tmp_path / f"{name}.xlsx"), values)
              for name, values in (("right", right), ("wrong", wrong))]
    stale = load_workbook(filled[1], data_only=True)[DATA]
    assert stale[SUMMARY].value == "Còn 10 chỗ cần xem lại"   # the blank form's values, until recalculated
    good, bad = convert(filled, "xlsx", tmp_path / "calc", recalculate=True)
    ws = load_workbook(good, data_only=True)[DATA]
    assert ws[SUMMARY].value == NOTHING_WRONG
    assert not [r for r in _rows(ws).values() if ws.cell(r, STATUS_COL).value]
    ws = load_workbook(bad, data_only=True)[DATA]
    rows = _rows(ws)
    flagged = {code for code, r in rows.items() if ws.cell(r, STATUS_COL).value}
    assert flagged == {"chi-tra-bhxh-tong", "bhxh-xac-thuc", "bhxh-nguoi-tham-gia"}
    assert ws[SUMMARY].value == "Còn 3 chỗ cần xem lại"
    parts = [right[c] for c in ("luong_huu_tong", "tro_cap_mot_lan_tong", "bhtn_tong")]
    shown = " + ".join(f"{p:,}".replace(",", ".") for p in parts)
    total = f"{sum(parts):,}".replace(",", ".")
    assert shown + f" = {total} ≠ " in ws.cell(rows["chi-tra-bhxh-tong"], STATUS_COL).value
    assert ws.cell(rows["bhxh-nguoi-tham-gia"], LIVE_COL).value == -10
    limits = load_settings(sample_month).limits
    for calculated, typed in ((good, filled[0]), (bad, filled[1])):
        plain = _read(_stripped(typed, tmp_path / f"plain-{typed.name}"), limits)
        assert _read(calculated, limits)[4:] == plain[4:]


def _form(path: Path, unit: str, content: FormContent, previous: dict[str, int]) -> Path:
    settings = load_settings(REPO)
    catalog = load_catalog(REPO / "catalog")
    write_form(path, catalog, catalog.units[unit], NOV, settings.rule, settings.form_version, content, previous)
    return path


@needs_calc
def test_libreoffice_shows_an_increment_off_a_typed_percentage_off_and_a_figure_it_cannot_read(tmp_path: Path) -> None:
    """The other checks, computed by LibreOffice: the increment of a cumulative figure, a typed percentage against
    the live ratio (81% is right for 81,4%, 30% is not for 28,79%), text a formula cannot read, a cumulative
    percentage below last period's; text with dots between thousands reads as the tool reads it."""
    centre = _form(tmp_path / "centre.xlsx", "trung_tam_phuc_vu_hcc_tinh",
                   FormContent(values={"ho_so_so_hoa_luy_ke": "1.200", "ho_so_so_hoa_trong_ky": 150}),
                   {"ho_so_so_hoa_luy_ke": 1_000})
    insurance = _form(tmp_path / "insurance.xlsx", "bhxh_tinh",
                      FormContent(values={"chi_tra_bhxh_ktm": 950, "chi_tra_bhxh_tong": 3_300, "luong_huu_ktm": 814,
                                          "luong_huu_tong": 1_000, "bhtn_ktm": "mười"},
                                  ratios_typed={"chi_tra_bhxh_ktm_ty_le": 30, "luong_huu_ktm_ty_le": 81}), {})
    tax = _form(tmp_path / "tax.xlsx", "thue_tinh", FormContent(values={"mst_hkd_chuan_hoa": 99}),
                {"mst_hkd_chuan_hoa": 99.5})
    centre, insurance, tax = convert([centre, insurance, tax], "xlsx", tmp_path / "calc", recalculate=True)
    ws = load_workbook(tax, data_only=True)[DATA]
    assert "99% < 99,50%" in ws.cell(_rows(ws)["mst-hkd-chuan-hoa"], STATUS_COL).value
    ws = load_workbook(centre, data_only=True)[DATA]
    rows = _rows(ws)
    assert ws.cell(rows["ho-so-so-hoa-luy-ke"], NUMBER_COL).value == 1_200
    assert ws.cell(rows["ho-so-so-hoa-luy-ke"], LIVE_COL).value == 200
    assert ws.cell(rows["ho-so-so-hoa-trong-ky"], FLAG_COL).value == 2
    assert "150 ≠ 1.200 − 1.000" in ws.cell(rows["ho-so-so-hoa-trong-ky"], STATUS_COL).value
    assert ws[SUMMARY].value == "Còn 1 chỗ cần xem lại"
    ws = load_workbook(insurance, data_only=True)[DATA]
    rows = _rows(ws)
    flags = {code: ws.cell(row, FLAG_COL).value for code, row in rows.items()}
    assert flags["tl:chi-tra-bhxh-ktm-ty-le"] == 2 and flags["bhtn-ktm"] == 2
    assert flags["tl:luong-huu-ktm-ty-le"] == 0 and flags["luong-huu-ktm"] == 0
    assert round(ws.cell(rows["tl:chi-tra-bhxh-ktm-ty-le"], LIVE_COL).value, 6) == round(950 / 3_300, 6)
    assert "28,79%" in ws.cell(rows["tl:chi-tra-bhxh-ktm-ty-le"], STATUS_COL).value
