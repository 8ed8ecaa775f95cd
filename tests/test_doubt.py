"""The one rule for doubt (issue 14): every finding that questions a value, a list item, a document, a task status or
a unit's whole report is either left out with a marker or printed with one, as ``codes.HANDLING`` says; nothing the
checks doubt reaches the draft unmarked.

A test month carries one planted fault per such code, each in its own unit's figures, so one render shows them all.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from baocao import pipeline
from baocao.catalog import load_catalog
from baocao.codes import DATA_CODES, HANDLING, Treatment
from baocao.config import Settings
from baocao.intake.forms import FormContent, write_form
from baocao.report.docx_text import extract_text
from baocao.report.markers import find_markers, worded
from baocao.periods import Period

from .builders import CATALOG, OCT, make_project, write_submission
from .test_codes import readme_columns
from .test_footnotes import mini_template

SEP = Period(2025, 9)


def _indicator(code: str, name: str, unit: str, kind: str = "luy-ke", value_type: str = "so-nguyen",
               required: str = "0", increment_of: str = "") -> tuple[str, ...]:
    return (code, name, "đơn vị", unit, kind, "mot-don-vi", value_type, required, "I.1.a", increment_of)


UNITS = [("code", "name", "short_name", "kind", "required")] + [
    (f"so_{c}", f"Sở {c.upper()}", f"Sở {c.upper()}", "so-nganh", "1") for c in "abcdefghijk"]
INDICATORS = [
    ("code", "name", "unit_of_measure", "reporters", "kind", "aggregate", "value_type", "required", "section",
     "increment_of"),
    _indicator("tong", "Tổng số TTHC", "so_a"), _indicator("tinh", "TTHC cấp tỉnh", "so_a"),
    _indicator("xa", "TTHC cấp xã", "so_a"),
    _indicator("dat", "Số đạt", "so_b"), _indicator("co_so", "Tổng số", "so_b"), _indicator("kiosk", "Số kiosk", "so_b"),
    _indicator("chu", "Ô ghi chữ", "so_c"), _indicator("mo_ho", "Ô số mơ hồ", "so_c"), _indicator("am", "Ô số âm", "so_c"),
    _indicator("le", "Ô số lẻ", "so_c"), _indicator("phu_song", "Tỷ lệ phủ sóng", "so_c", value_type="ty-le"),
    _indicator("bat_buoc", "Ô bắt buộc", "so_c", required="1"),
    _indicator("giam", "Lũy kế giảm", "so_d"), _indicator("tang_vot", "Tăng vọt", "so_d", kind="trong-ky"),
    _indicator("ho_so", "Hồ sơ lũy kế", "so_d"),
    _indicator("ho_so_ky", "Hồ sơ trong kỳ", "so_d", kind="trong-ky", increment_of="ho_so"),
    _indicator("e_dat", "Số đạt E", "so_e"), _indicator("e_tong", "Tổng số E", "so_e"),
    _indicator("f_dat", "Số đạt F", "so_f"), _indicator("f_tong", "Tổng số F", "so_f"),
    _indicator("g_so", "Số liệu G", "so_g"), _indicator("i_so", "Số liệu I", "so_i"),
    _indicator("j_so", "Số liệu J", "so_j"), _indicator("k_so", "Số liệu K", "so_k"),
]
FAULT_CATALOG = {
    **CATALOG,
    "units.csv": UNITS,
    "indicators.csv": INDICATORS,
    "relations.csv": [("code", "whole", "parts", "note"),
                      ("theo_cap", "tong", "tinh;xa", "Tổng số TTHC = cấp tỉnh + cấp xã")],
    "ratios.csv": [("code", "name", "numerator", "denominator", "decimals", "target", "target_text"),
                   ("ty_le_b", "Tỷ lệ B", "dat", "co_so", "2", "", ""),
                   ("ty_le_e", "Tỷ lệ E", "e_dat", "e_tong", "2", "", ""),
                   ("ty_le_f", "Tỷ lệ F", "f_dat", "f_tong", "2", "", "")],
    "lists.csv": [("code", "name", "kind", "reporters", "section", "item_noun", "quantity_name", "quantity_indicator",
                   "count_indicator", "in_period"),
                  ("vb_qd", "Quyết định ban hành trong kỳ", "van-ban", "so_a", "I.1.a", "Quyết định", "", "", "", "1"),
                  ("bv_kiosk", "Bệnh viện có kiosk", "danh-sach", "so_b", "I.1.a", "bệnh viện", "Số kiosk", "kiosk",
                   "", "0")],
    "tasks.csv": [("plan", "number", "text", "lead_units", "coordinating_units", "lead_text", "coordinating_text",
                   "deadline_text", "report_section", "same_as")] + [
        ("kh_1_2025", str(n), f"Nhiệm vụ thử {n}", "so_h", "", "Sở H", "", "Năm 2025", "", "") for n in range(1, 6)],
}
FAULT_CATALOG["plans.csv"] = CATALOG["plans.csv"][:2]

TEMPLATE = [
    "A: {{ so.tong }} TTHC ({{ so.tinh }} cấp tỉnh, {{ so.xa }} cấp xã); {{ ds.vb_qd.count }} Quyết định: {{ ds.vb_qd }}",
    "B: đạt {{ tl.ty_le_b }} ({{ so.dat }}/{{ so.co_so }}); {{ so.kiosk }} kiosk tại {{ ds.bv_kiosk.count }} bệnh viện: "
    "{{ ds.bv_kiosk }}",
    "C: {{ so.chu }}; {{ so.mo_ho }}; {{ so.am }}; {{ so.le }}; {{ so.phu_song }}; {{ so.bat_buoc }}",
    "D: {{ so.giam }}; {{ so.tang_vot }}; {{ so.ho_so }}, trong kỳ {{ so.ho_so_ky }}",
    "E/F: {{ tl.ty_le_e }}; {{ tl.ty_le_f }}",
    "G: tính đến ngày {{ so.g_so.tinh_den }}, {{ so.g_so }} đơn vị",
    "I/J/K: {{ so.i_so }}; {{ so.j_so }}; {{ so.k_so }}",
    "{% for h in noi_bat['I.1.a'] %}- {{ h }} {% endfor %}",
    "{% for r in nhiem_vu.phu_luc %}NV {{ r.so }}: {{ r.tinh_trang }}; {% endfor %}",
]

# code → (what the marker says, whose): each must be in the draft, in one highlighted marker.
EXPECTED = {
    "khong-phai-so": "[thiếu số liệu: Sở C (không phải là số)]",
    "so-mo-ho": "[thiếu số liệu: Sở C (số viết không rõ nghĩa)]",
    "so-am": "[thiếu số liệu: Sở C (số âm)]",
    "khong-phai-so-nguyen": "[thiếu số liệu: Sở C (không phải số nguyên)]",
    "ty-le-khong-hop-le": "[thiếu số liệu: Sở C (tỷ lệ ngoài 0–100%)]",
    "thieu-so-lieu": "[thiếu số liệu: Sở C (để trống)]",
    "tong-khong-khop": "20 [chưa khớp: cấp tỉnh 15 + cấp xã 8 = 23 — Sở A]",
    "vuot-mau-so": "105,00% [số đạt lớn hơn tổng số: 105/100 — Sở B]",
    "danh-sach-khong-khop": "04 [chưa khớp danh sách: danh sách cộng được 3 — Sở B]",
    "ngay-ngoai-ky": "ban hành kế hoạch [ngoài kỳ báo cáo: ngày 18/8/2025, kỳ từ 16/9/2025 đến 15/10/2025 — Sở A]",
    "ngay-khong-hop-le": "[bị loại: ngày không hợp lệ: Quyết định số 3/QĐ ngày “32/9/2025” — Sở A]",
    "thieu-noi-dung": "[bị loại: thiếu nội dung: trích yếu văn bản — Sở A]",
    "khoa-trung-lap": "Bệnh viện Y [khóa trùng: “bv” ở dòng 4 và dòng 5 trang Danh sách — Sở B]",
    "phong-chu-cu": "[chữ chuyển từ phông cũ, cần soát lại: TCVN3 — Sở G]",
    "ngay-chot-bat-thuong": "20/12/2025 [ngày chốt số liệu bất thường: tính đến ngày 20/12/2025, kỳ từ 16/9/2025 "
                            "đến 15/10/2025 — Sở G]",
    "luy-ke-giam": "900 [số lũy kế giảm: kỳ 9/2025 là 1.000 — Sở D]",
    "bien-dong-bat-thuong": "5.000 [biến động bất thường: kỳ 9/2025 là 10 — Sở D]",
    "tang-khong-khop": "[chưa khớp với số lũy kế: đơn vị ghi 7, tính từ số lũy kế được 50 — Sở D]",
    "ty-le-trung-nhau": "[trùng số liệu với tỷ lệ khác: 40/80 — Sở E]",
    "tinh-trang-khong-hop-le": "[bị loại: tình trạng không hợp lệ: “xong rồi” — Sở H]",
    "hoan-thanh-thieu-ngay": "[bị loại: hoàn thành chưa có ngày — Sở H]",
    "ngay-hoan-thanh-sau-ky": "[bị loại: ngày hoàn thành sau kỳ: ngày 30/11/2025 — Sở H]",
    "ngay-hoan-thanh-thua": "Đang thực hiện [có ngày hoàn thành nhưng chưa hoàn thành: ngày 1/10/2025 — Sở H]",
    "hoan-thanh-ky-truoc": "Đang thực hiện [kỳ trước đã báo cáo hoàn thành: kỳ 9/2025 (ngày 5/9/2025) — Sở H]",
    "sai-phien-ban-mau": "[thiếu số liệu: Sở I (tệp bị từ chối: mẫu biểu phiên bản cũ)]",
    "sai-ky-bao-cao": "[thiếu số liệu: Sở J (tệp bị từ chối: tệp của kỳ khác)]",
    "don-vi-chua-bao-cao": "[thiếu số liệu: Sở K (chưa báo cáo hoặc tệp không đọc được)]",
}
# A file no unit can be read from: the unit it came from is not known, so the units with no usable report are
# named "chưa báo cáo hoặc tệp không đọc được" (the marker above, for Sở K).
UNATTRIBUTABLE = {"tep-khong-doc-duoc", "tep-khong-truy-cap", "tep-khong-phai-excel", "tep-doi-duoi",
                  "tep-co-mat-khau", "tep-qua-lon", "khong-phai-mau-bieu", "don-vi-khong-xac-dinh"}


# A quarter's or a year's findings: the span reports write workbooks, no Word draft yet (issue 16); their treatment
# is in the table for the day they do.
SPAN_ONLY = {"thang-chua-lap-bao-cao", "don-vi-thieu-thang", "thang-luu-phien-ban-cu"}


def _planted(settings: Settings) -> None:
    """September as the history, then October with one fault per code."""
    write_submission(settings, "so_d", FormContent(values={"giam": 1000, "tang_vot": 10, "ho_so": 100}), period=SEP)
    write_submission(settings, "so_h", FormContent(tasks=[{"number": "5", "status": "Hoàn thành",
                                                           "completed_on": "5/9/2025"}]), period=SEP)
    pipeline.report(settings, SEP)
    write_submission(settings, "so_a", FormContent(
        values={"tong": 20, "tinh": 15, "xa": 8},
        documents=[{"list": "vb_qd", "doc_type": "Quyết định", "number": "1/QĐ", "date": "20/9/2025",
                    "subject": "thành lập Tổ công tác"},
                   {"list": "vb_qd", "doc_type": "Quyết định", "number": "2/QĐ", "date": "18/8/2025",
                    "subject": "ban hành kế hoạch"},
                   {"list": "vb_qd", "doc_type": "Quyết định", "number": "3/QĐ", "date": "32/9/2025",
                    "subject": "ban hành quy chế"},
                   {"list": "vb_qd", "doc_type": "Quyết định", "number": "4/QĐ", "date": "1/10/2025", "subject": ""}]))
    write_submission(settings, "so_b", FormContent(values={"dat": 105, "co_so": 100, "kiosk": 4},
                                                   items=[{"list": "bv_kiosk", "text": "Bệnh viện X", "quantity": 2,
                                                                  "key": "bv"},
                                                          {"list": "bv_kiosk", "text": "Bệnh viện Y", "quantity": 1,
                                                           "key": "bv"}]))
    write_submission(settings, "so_c", FormContent(values={"chu": "nhiều", "mo_ho": "1,500", "am": -3, "le": 2.5,
                                                           "phu_song": "150%"}))
    write_submission(settings, "so_d", FormContent(values={"giam": 900, "tang_vot": 5000, "ho_so": 150,
                                                           "ho_so_ky": 7}))
    write_submission(settings, "so_e", FormContent(values={"e_dat": 40, "e_tong": 80}))
    write_submission(settings, "so_f", FormContent(values={"f_dat": 40, "f_tong": 80}))
    write_submission(settings, "so_g", FormContent(values={"g_so": 12}, cutoff="20/12/2025", highlights=[
        {"section": "I.1.a", "text": "TriÓn khai thñ tôc hµnh chÝnh trùc tuyÕn t¹i Hµ Néi."}]))
    write_submission(settings, "so_h", FormContent(tasks=[
        {"number": "1", "status": "xong rồi"}, {"number": "2", "status": "Hoàn thành"},
        {"number": "3", "status": "Hoàn thành", "completed_on": "30/11/2025"},
        {"number": "4", "status": "Đang thực hiện", "completed_on": "1/10/2025"},
        {"number": "5", "status": "Đang thực hiện"}]))
    folder = settings.inputs / OCT.key
    catalog = load_catalog(settings.catalog)    # Sở I keeps last year's form, Sở J sends September's again
    write_form(folder / "so_i.xlsx", catalog, catalog.units["so_i"], OCT, settings.rule, "DA06-2024.1",
               FormContent(values={"i_so": 1}))
    write_form(folder / "so_j.xlsx", catalog, catalog.units["so_j"], SEP, settings.rule, settings.form_version,
               FormContent(values={"j_so": 1}))
    (folder / "hong.xlsx").write_bytes(b"PK\x03\x04 cut short")


@pytest.fixture(scope="module")
def month(tmp_path_factory: pytest.TempPathFactory) -> dict:
    settings = make_project(tmp_path_factory.mktemp("faults") / "project", FAULT_CATALOG)
    settings.templates.mkdir(exist_ok=True)
    mini_template(settings.templates / "bao_cao_thang.docx", TEMPLATE)
    _planted(settings)
    outcome = pipeline.report(settings, OCT)
    draft = next(p for p in outcome.written if p.name == "bao-cao-2025-10.docx")
    return {"outcome": outcome, "draft": draft, "text": extract_text(draft), "markers": find_markers(draft)}


def test_every_data_code_has_one_treatment_and_the_readme_shows_it() -> None:
    assert set(HANDLING) == set(DATA_CODES)
    assert {c: HANDLING[c].treatment.value for c in DATA_CODES} == {c: v for c, v in readme_columns().items()
                                                                   if c in DATA_CODES}
    assert all(h.label for h in HANDLING.values() if h.treatment is not Treatment.NONE)


def test_the_planted_month_raises_every_code_the_draft_must_show(month: dict) -> None:
    found = {f.code for f in month["outcome"].findings}
    doubted = {c for c, h in HANDLING.items() if h.treatment is not Treatment.NONE}
    assert doubted - UNATTRIBUTABLE - SPAN_ONLY <= set(EXPECTED), "a doubted code without a planted fault"
    assert set(EXPECTED) | {"tep-khong-doc-duoc"} <= found


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_each_planted_fault_is_marked_in_the_draft_with_the_units_name(month: dict, code: str) -> None:
    expected = EXPECTED[code]
    assert expected in month["text"], f"{code}: {expected!r} not in the draft"
    marker = expected[expected.index("["):]
    assert any(marker in m.text for m in month["markers"]), f"{code}: the marker is not highlighted"


def test_values_left_out_are_never_printed(month: dict) -> None:
    text = month["text"]
    assert "nhiều" not in text and "1,500" not in text and "150%" not in text and "-3" not in text
    assert "ban hành quy chế" not in text, "a document with an unreadable date is left out"


def test_a_document_outside_the_period_is_listed_but_not_counted_as_issued_in_it(month: dict) -> None:
    text = month["text"]
    assert "01 [chưa tính: 01 Quyết định ngoài kỳ báo cáo — Sở A]" in text
    assert "(2) Quyết định số 2/QĐ ngày 18/8/2025 ban hành kế hoạch [ngoài kỳ báo cáo" in text


def test_a_doubted_cut_off_marks_the_date_printed_not_every_figure_of_the_unit(month: dict) -> None:
    assert ", 12 đơn vị" in month["text"]


def test_a_recomputed_ratio_adds_no_marker(tmp_path: Path) -> None:
    """``ty-le-sai``: the unit typed 49% for 2.322/4.739; the draft prints the computed 49,00% and nothing else."""
    settings = make_project(tmp_path / "project", FAULT_CATALOG)
    write_submission(settings, "so_e", FormContent(values={"e_dat": 2322, "e_tong": 4739}, ratios_typed={"ty_le_e": 55}))
    outcome = pipeline.check(settings, OCT)
    assert "ty-le-sai" in {f.code for f in outcome.findings}
    assert outcome.figures is not None and outcome.figures.doubts.on("ty_le_e", ["so_e"], "toan-tinh") == []


def test_a_month_without_faults_has_no_marker_but_the_missing_units(tmp_path: Path) -> None:
    settings = make_project(tmp_path / "project", FAULT_CATALOG)
    settings.templates.mkdir(exist_ok=True)
    mini_template(settings.templates / "bao_cao_thang.docx", ["{{ so.tong }} ({{ so.tinh }} + {{ so.xa }})"])
    write_submission(settings, "so_a", FormContent(values={"tong": 23, "tinh": 15, "xa": 8}))
    outcome = pipeline.report(settings, OCT)
    draft = next(p for p in outcome.written if p.name == "bao-cao-2025-10.docx")
    assert extract_text(draft).strip() == "23 (15 + 08)" and find_markers(draft) == []


def test_every_marker_of_the_draft_is_found_by_its_words_too(month: dict) -> None:
    """A clerk may remove a marker's highlight and keep its words: ``pdf`` still sees it."""
    bracketed = [b for m in month["markers"] for b in re.findall(r"\[[^\]]*\]", m.text)]
    assert bracketed and all(worded(b) for b in bracketed), [b for b in bracketed if not worded(b)]
