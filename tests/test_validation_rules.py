"""One test per validation rule: small workbooks in tmp_path, findings asserted by code, unit and cell."""
from __future__ import annotations

import os
import shutil
import time

import pytest
from openpyxl import load_workbook

from baocao.catalog import load_catalog
from baocao.codes import RULES
from baocao.model import Finding, Severity
from baocao.intake.forms import FormContent
from baocao.intake.read import read_folder
from baocao.checks.scope import PROVINCE
from baocao.checks.validate import validate

from .builders import GOOD_A, GOOD_B, GOOD_C, OCT, find_cell, make_project, set_cell, write_submission


def run(settings) -> tuple[list[Finding], object]:
    catalog = load_catalog(settings.catalog)
    read = read_folder(settings.inputs / OCT.key, settings.limits, known=catalog.code_index())
    result = validate(read, catalog, OCT, settings.accepted_versions, settings.rule)
    return result.findings, result.dataset


def codes(findings: list[Finding]) -> set[str]:
    return {f.code for f in findings}


def only(findings: list[Finding], code: str) -> Finding:
    hits = [f for f in findings if f.code == code]
    assert len(hits) == 1, (code, findings)
    return hits[0]


def test_a_complete_month_of_good_forms_has_no_findings(project) -> None:
    findings, dataset = run(project)
    assert findings == []
    assert set(dataset.accepted_files) == {"so_a", "so_b", "xa_c"}
    assert len(dataset.values) == 8


def test_every_registered_rule_has_a_kebab_code_and_a_vietnamese_message() -> None:
    for code, rule in RULES.items():
        assert code == rule.code and code.replace("-", "").isalpha() and code.islower()
        assert isinstance(rule.severity, Severity) and rule.template


def test_a_file_that_is_not_excel_is_named_and_skipped(project) -> None:
    (project.inputs / OCT.key / "bao cao.docx").write_bytes(b"PK\x03\x04 not really")
    findings, _ = run(project)
    f = only(findings, "tep-khong-phai-excel")
    assert f.file == "bao cao.docx" and f.severity is Severity.ERROR


def test_a_truncated_download_is_unreadable_not_a_crash(project) -> None:
    good = (project.inputs / OCT.key / "so_a.xlsx").read_bytes()
    (project.inputs / OCT.key / "hong.xlsx").write_bytes(good[: len(good) // 2])
    findings, _ = run(project)
    assert only(findings, "tep-khong-doc-duoc").file == "hong.xlsx"


def test_a_csv_renamed_to_xlsx_is_named_as_renamed(project) -> None:
    (project.inputs / OCT.key / "so lieu.xlsx").write_text("Mã,Giá trị\ntthc_tong,2156\n", encoding="utf-8")
    findings, _ = run(project)
    assert only(findings, "tep-doi-duoi").file == "so lieu.xlsx"


def test_an_excel_lock_file_is_ignored_with_a_warning(project) -> None:
    (project.inputs / OCT.key / "~$so_a.xlsx").write_bytes(b"lock")
    findings, _ = run(project)
    assert only(findings, "tep-tam-excel").severity is Severity.WARNING


def test_a_workbook_without_the_form_sheets_is_not_a_form(project) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "số liệu tự lập"
    wb.save(project.inputs / OCT.key / "tu-lap.xlsx")
    findings, _ = run(project)
    assert only(findings, "khong-phai-mau-bieu").file == "tu-lap.xlsx"


def test_a_form_of_an_old_template_version_is_refused(project) -> None:
    set_cell(project.inputs / OCT.key / "so_a.xlsx", "Thông tin", "B8", "DA06-2024.3")
    findings, dataset = run(project)
    f = only(findings, "sai-phien-ban-mau")
    assert (f.unit_name, f.file, f.value) == ("Sở A", "so_a.xlsx", "DA06-2024.3")
    assert "so_a" not in dataset.accepted_files


def test_an_unknown_unit_code_is_reported(project) -> None:
    set_cell(project.inputs / OCT.key / "so_a.xlsx", "Thông tin", "B3", "so_khong_co")
    findings, _ = run(project)
    assert only(findings, "don-vi-khong-xac-dinh").value == "so_khong_co"


def test_a_form_for_another_period_is_refused(project) -> None:
    set_cell(project.inputs / OCT.key / "so_b.xlsx", "Thông tin", "B5", "9/2025")
    findings, dataset = run(project)
    f = only(findings, "sai-ky-bao-cao")
    assert (f.unit_name, f.value) == ("Sở B & C", "9/2025")
    assert "so_b" not in dataset.accepted_files


def test_the_unit_is_identified_by_content_not_by_file_name(project) -> None:
    folder = project.inputs / OCT.key
    (folder / "so_b.xlsx").rename(folder / "Bao cao thang 10 (final).xlsx")
    findings, dataset = run(project)
    assert findings == [] and dataset.accepted_files["so_b"] == "Bao cao thang 10 (final).xlsx"


def test_the_same_unit_twice_keeps_the_newest_and_flags_the_other(project) -> None:
    folder = project.inputs / OCT.key
    shutil.copy(folder / "so_a.xlsx", folder / "so_a ban sua.xlsx")
    old = time.time() - 3600
    os.utime(folder / "so_a.xlsx", (old, old))
    findings, dataset = run(project)
    f = only(findings, "don-vi-trung-lap")
    assert f.file == "so_a.xlsx" and f.unit_name == "Sở A"
    assert dataset.accepted_files["so_a"] == "so_a ban sua.xlsx"


@pytest.mark.parametrize(("typed", "code"), [
    ("một nghìn", "khong-phai-so"),
    (-5, "so-am"),
    (12.5, "khong-phai-so-nguyen"),
])
def test_a_bad_count_is_an_error_at_its_cell_and_left_out(project, typed, code) -> None:
    path = project.inputs / OCT.key / "so_b.xlsx"
    cell = find_cell(path, "Số liệu", "kiosk")
    set_cell(path, "Số liệu", cell, typed)
    findings, dataset = run(project)
    f = only(findings, code)
    assert (f.unit_name, f.sheet, f.cell) == ("Sở B & C", "Số liệu", cell)
    assert ("so_b", "kiosk") in dataset.failed
    assert not any(v.indicator == "kiosk" for v in dataset.values)


def test_a_count_typed_as_vietnamese_text_is_read(project) -> None:
    path = project.inputs / OCT.key / "so_b.xlsx"
    set_cell(path, "Số liệu", find_cell(path, "Số liệu", "ddt_dat"), "1.444.257")
    findings, dataset = run(project)
    assert findings == []
    assert any(v.indicator == "ddt_dat" and v.value == 1444257 for v in dataset.values)


def test_a_required_figure_left_empty_is_an_error(project) -> None:
    path = project.inputs / OCT.key / "so_b.xlsx"
    cell = find_cell(path, "Số liệu", "cong_dan")
    set_cell(path, "Số liệu", cell, None)
    findings, _ = run(project)
    f = only(findings, "thieu-so-lieu")
    assert (f.unit_name, f.cell) == ("Sở B & C", cell)


def test_a_count_larger_than_its_base_is_an_error(project) -> None:
    path = project.inputs / OCT.key / "so_b.xlsx"
    cell = find_cell(path, "Số liệu", "ddt_dat")
    set_cell(path, "Số liệu", cell, 1_800_000)
    findings, _ = run(project)
    f = only(findings, "vuot-mau-so")
    assert (f.unit_name, f.cell) == ("Sở B & C", cell)


def test_parts_that_do_not_add_up_are_an_error_at_the_whole(project) -> None:
    path = project.inputs / OCT.key / "so_a.xlsx"
    set_cell(path, "Số liệu", find_cell(path, "Số liệu", "tthc_xa"), 392)
    findings, _ = run(project)
    f = only(findings, "tong-khong-khop")
    assert (f.unit_name, f.cell, f.value) == ("Sở A", find_cell(path, "Số liệu", "tthc_tong"), "2.156")


def test_parts_from_other_units_are_checked_on_the_province_total(project) -> None:
    path = project.inputs / OCT.key / "xa_c.xlsx"
    set_cell(path, "Số liệu", find_cell(path, "Số liệu", "ho_so_xa"), 29)
    findings, _ = run(project)
    f = only(findings, "tong-khong-khop")
    assert f.unit_name == PROVINCE and f.value == "30"


@pytest.mark.parametrize(("typed", "flagged"), [(0.8148, False), (81.48, False), ("81,48%", False),
                                                 (0.817, True), (0.81, False), (0.80, True)])
def test_a_typed_percentage_must_agree_with_count_and_base(project, typed, flagged) -> None:
    path = project.inputs / OCT.key / "so_b.xlsx"
    cell = find_cell(path, "Số liệu", "tl:ddt")
    set_cell(path, "Số liệu", cell, typed)
    findings, _ = run(project)
    if flagged:
        f = only(findings, "ty-le-sai")
        assert (f.unit_name, f.cell, f.severity) == ("Sở B & C", cell, Severity.WARNING)
    else:
        assert "ty-le-sai" not in codes(findings)


def test_a_list_whose_quantities_disagree_with_the_stated_total_is_flagged(project) -> None:
    path = project.inputs / OCT.key / "so_b.xlsx"
    set_cell(path, "Danh sách", "D5", 2)
    findings, _ = run(project)
    f = only(findings, "danh-sach-khong-khop")
    assert f.cell == find_cell(path, "Số liệu", "kiosk") and f.value == "3"


def test_a_document_without_a_date_or_with_a_bad_date_is_named(project) -> None:
    path = project.inputs / OCT.key / "so_a.xlsx"
    set_cell(path, "Văn bản", "E4", "31/2/2025")
    findings, dataset = run(project)
    assert only(findings, "ngay-khong-hop-le").cell == "E4"
    assert dataset.documents == []


def test_a_document_of_an_in_period_list_dated_outside_the_period_is_flagged(project) -> None:
    path = project.inputs / OCT.key / "so_a.xlsx"
    set_cell(path, "Văn bản", "E4", "18/8/2025")
    findings, dataset = run(project)
    f = only(findings, "ngay-ngoai-ky")
    assert (f.cell, f.value, f.severity) == ("E4", "18/8/2025", Severity.WARNING)
    assert len(dataset.documents) == 1


def test_two_ratios_with_the_very_same_count_and_base_are_flagged(tmp_path) -> None:
    from .builders import CATALOG

    catalog = {**CATALOG, "ratios.csv": CATALOG["ratios.csv"] + [
        ("ddt_ban_sao", "Tỷ lệ chép lại", "ddt_dat", "cong_dan", "2", "", "")]}
    settings = make_project(tmp_path / "p", catalog)
    for unit, content in (("so_a", GOOD_A), ("so_b", GOOD_B), ("xa_c", GOOD_C)):
        write_submission(settings, unit, content)
    findings, _ = run(settings)
    assert only(findings, "ty-le-trung-nhau").value == "1.444.257/1.772.539"


def test_an_entry_in_a_list_the_unit_does_not_keep_is_flagged(project) -> None:
    path = project.inputs / OCT.key / "so_a.xlsx"
    set_cell(path, "Danh sách", "B4", "Bệnh viện có kiosk [bv_kiosk]")
    set_cell(path, "Danh sách", "C4", "Bệnh viện Z")
    findings, _ = run(project)
    assert only(findings, "danh-sach-khong-xac-dinh").cell == "B4"


def test_a_highlight_without_text_is_flagged(project) -> None:
    path = project.inputs / OCT.key / "so_a.xlsx"
    set_cell(path, "Nổi bật", "C4", None)
    findings, _ = run(project)
    assert only(findings, "thieu-noi-dung").cell == "C4"


def test_a_row_added_with_an_unknown_indicator_code_is_ignored_with_a_warning(project) -> None:
    path = project.inputs / OCT.key / "so_b.xlsx"
    wb = load_workbook(path)
    ws = wb["Số liệu"]
    row = ws.max_row + 1
    ws.cell(row=row, column=2, value="chi_tieu_la")
    ws.cell(row=row, column=6, value=5)
    wb.save(path)
    findings, _ = run(project)
    assert only(findings, "chi-tieu-khong-xac-dinh").cell == f"F{row}"


def test_required_units_that_sent_nothing_are_listed_but_optional_ones_are_not(project) -> None:
    (project.inputs / OCT.key / "xa_c.xlsx").unlink()
    findings, dataset = run(project)
    f = only(findings, "don-vi-chua-bao-cao")
    assert f.unit_name == "Ủy ban nhân dân xã C" and f.severity is Severity.WARNING
    assert dataset.missing_units == ["xa_c"]


def test_text_is_normalised_to_nfc(project) -> None:
    import unicodedata

    path = project.inputs / OCT.key / "so_a.xlsx"
    set_cell(path, "Nổi bật", "C4", unicodedata.normalize("NFD", "Hòa nhập"))
    _, dataset = run(project)
    assert dataset.highlights[0].text == unicodedata.normalize("NFC", "Hòa nhập")


def test_a_form_with_no_values_has_every_required_figure_missing(project) -> None:
    write_submission(project, "so_b", FormContent())
    findings, _ = run(project)
    assert {f.cell for f in findings if f.code == "thieu-so-lieu"} == {
        find_cell(project.inputs / OCT.key / "so_b.xlsx", "Số liệu", c) for c in ("ddt_dat", "cong_dan")}


def test_the_totals_validation_computed_are_the_ones_the_report_would_compute_again(project) -> None:
    from baocao.figures.compute import compute

    form = project.inputs / OCT.key / "so_a.xlsx"
    set_cell(form, "Số liệu", find_cell(form, "Số liệu", "tthc_tinh"), "không rõ")
    catalog = load_catalog(project.catalog)
    result = validate(read_folder(project.inputs / OCT.key, project.limits, known=catalog.code_index()), catalog, OCT,
                      project.accepted_versions, project.rule)
    assert result.totals is not None
    assert compute(result.dataset, catalog, (), result.totals) == compute(result.dataset, catalog)
