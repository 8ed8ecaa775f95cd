"""Broken and hostile inputs: nothing crashes, nothing is lost, every bad file is named.

Each case writes one file (or a pair) into the month's folder, built here from a good form where possible,
and states the finding it must produce. One run of the real CLI over the whole corpus must end with exit
status 1, a validation report naming every bad file, a report written from the good files, no traceback,
and every input byte-identical afterwards.
"""
from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from baocao.catalog import load_catalog
from baocao.config import Settings
from baocao.intake.forms import FormContent

from .builders import OCT, REPO, find_cell, make_project, write_submission
from .test_footnotes import mini_template

UNITS = [f"so_{n:02d}" for n in range(1, 62)]
CATALOG = {
    "units.csv": [("code", "name", "short_name", "kind", "required")]
    + [(u, f"Sở số {u[3:]}", f"Sở {u[3:]}", "so-nganh", "0") for u in UNITS],
    "sections.csv": [("code", "title"), ("I.1.a", "Nổi bật trong kỳ báo cáo")],
    "indicators.csv": [
        ("code", "name", "unit_of_measure", "reporters", "kind", "aggregate", "value_type", "required", "section"),
        ("tthc_tong", "Tổng số TTHC", "thủ tục", "@so-nganh", "luy-ke", "tong", "so-nguyen", "1", "I.1.a"),
        ("tthc_tinh", "TTHC cấp tỉnh", "thủ tục", "@so-nganh", "luy-ke", "tong", "so-nguyen", "0", "I.1.a"),
        ("tthc_xa", "TTHC cấp xã", "thủ tục", "@so-nganh", "luy-ke", "tong", "so-nguyen", "0", "I.1.a"),
        ("ddt_dat", "Công dân có tài khoản ĐDĐT", "người", "@so-nganh", "luy-ke", "tong", "so-nguyen", "0", "I.1.a"),
        ("cong_dan", "Công dân trên 14 tuổi", "người", "@so-nganh", "luy-ke", "tong", "so-nguyen", "0", "I.1.a"),
        ("kiosk", "Số kiosk", "kiosk", "@so-nganh", "luy-ke", "tong", "so-nguyen", "0", "I.1.a"),
        ("phu_song", "Tỷ lệ phủ sóng 5G", "%", "@so-nganh", "luy-ke", "lon-nhat", "ty-le", "0", "I.1.a"),
    ],
    "relations.csv": [("code", "whole", "parts", "note"),
                      ("theo_cap", "tthc_tong", "tthc_tinh;tthc_xa", "Tổng số TTHC = cấp tỉnh + cấp xã")],
    "ratios.csv": [("code", "name", "numerator", "denominator", "decimals", "target", "target_text"),
                   ("ddt", "Tỷ lệ tài khoản ĐDĐT", "ddt_dat", "cong_dan", "2", "", "")],
    "lists.csv": [
        ("code", "name", "kind", "reporters", "section", "item_noun", "quantity_name", "quantity_indicator",
         "count_indicator", "in_period"),
        ("vb", "Văn bản ban hành trong kỳ", "van-ban", "@so-nganh", "I.1.a", "văn bản", "", "", "", "1"),
        ("bv", "Bệnh viện có kiosk", "danh-sach", "@so-nganh", "I.1.a", "bệnh viện", "Số kiosk", "kiosk", "", "0"),
    ],
}
GOOD = FormContent(values={"tthc_tong": 10, "tthc_tinh": 6, "tthc_xa": 4, "ddt_dat": 5, "cong_dan": 8, "kiosk": 2,
                           "phu_song": 51},
                   ratios_typed={"ddt": 62.5},
                   highlights=[{"section": "I.1.a", "text": "Triển khai <mô hình> & \"điểm\"[*].", "footnote": "Chi tiết."}],
                   documents=[{"list": "vb", "doc_type": "Quyết định", "number": "1/QĐ-UBND", "date": "20/9/2025",
                               "subject": "về việc thí điểm"}],
                   items=[{"list": "bv", "text": "Bệnh viện A", "quantity": 2}])


@dataclass
class Case:
    name: str
    code: str
    make: Callable[[Settings, str], tuple[str, str]]  # returns (file name, cell or "")


def form(settings: Settings, unit: str, name: str | None = None, content: FormContent = GOOD) -> Path:
    return write_submission(settings, unit, content, name=name or f"{unit}.xlsx")


def edit(path: Path, sheet: str, cell: str, value: object) -> None:
    wb = load_workbook(path)
    wb[sheet][cell] = value
    wb.save(path)


def value_case(indicator: str, typed: object, flagged_at: str | None = None) -> Callable[[Settings, str], tuple[str, str]]:
    """Type a value into an indicator's cell; the finding is expected there or at ``flagged_at``'s cell."""
    def make(settings: Settings, unit: str) -> tuple[str, str]:
        path = form(settings, unit)
        cell = find_cell(path, "Số liệu", indicator)
        edit(path, "Số liệu", cell, typed)
        return path.name, find_cell(path, "Số liệu", flagged_at) if flagged_at else cell
    return make


def raw_file(name: str, data: bytes) -> Callable[[Settings, str], tuple[str, str]]:
    def make(settings: Settings, unit: str) -> tuple[str, str]:
        path = settings.inputs / OCT.key / name
        path.write_bytes(data)
        return name, ""
    return make


def info_case(cell: str, value: object) -> Callable[[Settings, str], tuple[str, str]]:
    def make(settings: Settings, unit: str) -> tuple[str, str]:
        path = form(settings, unit)
        edit(path, "Thông tin", cell, value)
        return path.name, ""
    return make


def sheet_case(sheet: str, cell: str, value: object, flagged_at: str | None = None) -> Callable[[Settings, str], tuple[str, str]]:
    def make(settings: Settings, unit: str) -> tuple[str, str]:
        path = form(settings, unit)
        edit(path, sheet, cell, value)
        return path.name, find_cell(path, "Số liệu", flagged_at) if flagged_at else cell
    return make


def truncated(settings: Settings, unit: str) -> tuple[str, str]:
    good = form(settings, unit, name="tmp.xlsx")
    data = good.read_bytes()
    good.unlink()
    (settings.inputs / OCT.key / f"{unit} tai ve loi.xlsx").write_bytes(data[: len(data) // 3])
    return f"{unit} tai ve loi.xlsx", ""


def renamed_docx(settings: Settings, unit: str) -> tuple[str, str]:
    path = settings.inputs / OCT.key / f"{unit} bao cao.xlsx"
    mini_template(path.with_suffix(".docx"), ["Báo cáo bằng Word"]).rename(path)
    return path.name, ""


def zip_bomb(settings: Settings, unit: str) -> tuple[str, str]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * 6_000_000)
    path = settings.inputs / OCT.key / f"{unit} bom.xlsx"
    path.write_bytes(buffer.getvalue())
    return path.name, ""


def huge_sheet(settings: Settings, unit: str) -> tuple[str, str]:
    wb = Workbook()
    wb.active["A1"] = "x"
    wb.active["G150000"] = "y"
    path = settings.inputs / OCT.key / f"{unit} trieu dong.xlsx"
    wb.save(path)
    return path.name, ""


def far_away_value(settings: Settings, unit: str) -> tuple[str, str]:
    """One value typed far below and right of the table: calamine would allocate the whole rectangle."""
    path = form(settings, unit)
    edit(path, "Số liệu", "XFD2000", "x")
    return path.name, ""


def oversized(settings: Settings, unit: str) -> tuple[str, str]:
    path = settings.inputs / OCT.key / f"{unit} nang.xlsx"
    path.write_bytes(b"PK\x03\x04" + os.urandom(2_100_000))
    return path.name, ""


def not_a_form(settings: Settings, unit: str) -> tuple[str, str]:
    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.active["A1"] = "Số liệu tự lập"
    path = settings.inputs / OCT.key / f"{unit} tu lap.xlsx"
    wb.save(path)
    return path.name, ""


def renamed_sheet(settings: Settings, unit: str) -> tuple[str, str]:
    path = form(settings, unit)
    wb = load_workbook(path)
    wb["Số liệu"].title = "So lieu"
    wb.save(path)
    return path.name, ""


def duplicate(settings: Settings, unit: str) -> tuple[str, str]:
    first = form(settings, unit, name=f"{unit} lan 1.xlsx")
    old = time.time() - 7200
    os.utime(first, (old, old))
    form(settings, unit, name=f"{unit} lan 2.xlsx")
    return first.name, ""


def unknown_row(settings: Settings, unit: str) -> tuple[str, str]:
    path = form(settings, unit)
    wb = load_workbook(path)
    ws = wb["Số liệu"]
    row = ws.max_row + 1
    ws.cell(row=row, column=2, value="chi_tieu_tu_them")
    ws.cell(row=row, column=6, value=3)
    wb.save(path)
    return path.name, f"F{row}"


def uncalculated_formula(settings: Settings, unit: str) -> tuple[str, str]:
    path = form(settings, unit)
    cell = find_cell(path, "Số liệu", "tthc_tong")
    edit(path, "Số liệu", cell, "=F7+F8")
    return path.name, cell


def merged_input(settings: Settings, unit: str) -> tuple[str, str]:
    path = form(settings, unit)
    cell = find_cell(path, "Số liệu", "tthc_tong")
    wb = load_workbook(path)
    ws = wb["Số liệu"]
    ws[cell] = 10
    ws.merge_cells(f"{cell}:G{cell[1:]}")
    wb.save(path)
    return path.name, cell


def legacy_text(encoding: str) -> Callable[[Settings, str], tuple[str, str]]:
    """A highlight typed with a legacy font: ``Hµ Néi`` (TCVN3) or ``Haø Noäi`` (VNI) for ``Hà Nội``."""
    typed = {"tcvn3": "TriÓn khai thñ tôc hµnh chÝnh trùc tuyÕn t¹i Hµ Néi",
             "vni": "Trieån khai thuû tuïc haønh chính tröïc tuyeán taïi Haø Noäi"}[encoding]
    return sheet_case("Nổi bật", "C4", typed)


CASES = [
    Case("excel-lock-file", "tep-tam-excel", raw_file("~$so_01.xlsx", b"\x00" * 165)),
    Case("word-document", "tep-khong-phai-excel", raw_file("bao cao.docx", b"PK\x03\x04 word")),
    Case("pdf-document", "tep-khong-phai-excel", raw_file("bao cao.pdf", b"%PDF-1.7\n")),
    Case("csv-file", "tep-khong-phai-excel", raw_file("so lieu.csv", "Mã,Giá trị\n".encode())),
    Case("no-extension", "tep-khong-phai-excel", raw_file("bao_cao", b"data")),
    Case("image", "tep-khong-phai-excel", raw_file("anh chup.jpg", b"\xff\xd8\xff\xe0")),
    Case("csv-renamed-xlsx", "tep-doi-duoi", raw_file("csv doi ten.xlsx", "Mã,Giá trị\ntthc_tong,10\n".encode())),
    Case("pdf-renamed-xlsx", "tep-doi-duoi", raw_file("pdf doi ten.xlsx", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")),
    Case("html-renamed-xls", "tep-doi-duoi", raw_file("web doi ten.xls", b"<html><table><tr><td>1</td></tr></table>")),
    Case("word-renamed-xlsx", "tep-doi-duoi", renamed_docx),
    Case("truncated-download", "tep-khong-doc-duoc", truncated),
    Case("empty-file", "tep-khong-doc-duoc", raw_file("rong.xlsx", b"")),
    Case("random-bytes", "tep-khong-doc-duoc", raw_file("hong.xlsx", bytes(range(256)) * 8)),
    Case("broken-old-xls", "tep-khong-doc-duoc", raw_file("cu hong.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)),
    Case("password-protected", "tep-co-mat-khau", raw_file("mat khau.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100
                                                              + "EncryptedPackage".encode("utf-16-le") + b"\0" * 400)),
    Case("zip-bomb", "tep-qua-lon", zip_bomb),
    Case("million-rows", "tep-qua-lon", huge_sheet),
    Case("value-typed-in-a-far-away-cell", "tep-qua-lon", far_away_value),
    Case("oversized-file", "tep-qua-lon", oversized),
    Case("plain-workbook", "khong-phai-mau-bieu", not_a_form),
    Case("renamed-data-sheet", "khong-phai-mau-bieu", renamed_sheet),
    Case("last-years-template", "sai-phien-ban-mau", info_case("B8", "DA06-2024.2")),
    Case("version-cell-emptied", "sai-phien-ban-mau", info_case("B8", None)),
    Case("unknown-unit-code", "don-vi-khong-xac-dinh", info_case("B3", "so_khong_ton_tai")),
    Case("unit-code-emptied", "don-vi-khong-xac-dinh", info_case("B3", None)),
    Case("wrong-period", "sai-ky-bao-cao", info_case("B5", "9/2025")),
    Case("period-emptied", "sai-ky-bao-cao", info_case("B5", None)),
    Case("same-unit-twice", "don-vi-trung-lap", duplicate),
    Case("text-in-count", "khong-phai-so", value_case("kiosk", "hai")),
    Case("percent-text-in-count", "khong-phai-so", value_case("kiosk", "81,48%")),
    Case("boolean-in-count", "khong-phai-so", value_case("kiosk", True)),
    Case("date-in-count", "khong-phai-so", value_case("kiosk", datetime(2025, 10, 1))),
    Case("huge-number-in-a-date-cell", "ngay-khong-hop-le", sheet_case("Văn bản", "E4", 1e18)),
    Case("negative-count", "so-am", value_case("kiosk", -2)),
    Case("fractional-count", "khong-phai-so-nguyen", value_case("kiosk", 2.5)),
    Case("required-left-empty", "thieu-so-lieu", value_case("tthc_tong", None)),
    Case("formula-never-calculated", "thieu-so-lieu", uncalculated_formula),
    Case("percentage-over-100", "ty-le-khong-hop-le", value_case("phu_song", "150%")),
    Case("count-above-base", "vuot-mau-so", value_case("ddt_dat", 9)),
    Case("parts-do-not-add-up", "tong-khong-khop", value_case("tthc_xa", 5, flagged_at="tthc_tong")),
    Case("typed-percentage-wrong", "ty-le-sai", value_case("tl:ddt", 0.7)),
    Case("list-quantity-wrong", "danh-sach-khong-khop", sheet_case("Danh sách", "D4", 5, flagged_at="kiosk")),
    Case("unknown-list-choice", "danh-sach-khong-xac-dinh", sheet_case("Danh sách", "B4", "Danh sách lạ [la]")),
    Case("highlight-without-text", "thieu-noi-dung", sheet_case("Nổi bật", "C4", None)),
    Case("impossible-date", "ngay-khong-hop-le", sheet_case("Văn bản", "E4", "31/2/2025")),
    Case("document-outside-period", "ngay-ngoai-ky", sheet_case("Văn bản", "E4", "18/8/2025")),
    Case("row-added-by-unit", "chi-tieu-khong-xac-dinh", unknown_row),
    Case("ambiguous-percentage-text", "so-mo-ho", value_case("phu_song", "1.500")),
    Case("ambiguous-count-text", "so-mo-ho", value_case("kiosk", "1,500")),
    Case("tcvn3-font-text", "phong-chu-cu", legacy_text("tcvn3")),
    Case("vni-font-text", "phong-chu-cu", legacy_text("vni")),
]
MERGED_CELL_IS_READ = Case("merged-input-cell", "", merged_input)


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, list[tuple[Case, str, str, str]]]:
    root = tmp_path_factory.mktemp("corpus") / "project"
    make_project(root, CATALOG)
    config = (root / "config.toml").read_text(encoding="utf-8")
    config = config.replace("dung_luong_tep_mb = 20", "dung_luong_tep_mb = 2").replace(
        "giai_nen_toi_da_mb = 200", "giai_nen_toi_da_mb = 5")
    (root / "config.toml").write_text(config, encoding="utf-8")
    from baocao.config import load_settings

    settings = load_settings(root)
    (settings.inputs / OCT.key).mkdir(parents=True)
    (root / "templates").mkdir(exist_ok=True)
    mini_template(root / "templates" / "bao_cao_thang.docx",
                  ["Tổng số TTHC: {{ so.tthc_tong }}; tỷ lệ {{ tl.ddt }}; kiosk {{ so.kiosk }}."])
    for unit in UNITS[:3]:
        form(settings, unit)
    built = []
    units = iter(UNITS[3:])
    for case in CASES + [MERGED_CELL_IS_READ]:
        unit = next(units)
        file, cell = case.make(settings, unit)
        built.append((case, unit, file, cell))
    return settings, built


def test_the_corpus_has_at_least_forty_distinct_broken_inputs() -> None:
    assert len({c.name for c in CASES}) == len(CASES) >= 40
    assert len({c.code for c in CASES}) >= 25


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_broken_input_yields_its_finding_at_its_file_and_cell(corpus, case: Case) -> None:
    settings, built = corpus
    result = _validated(settings)
    _, unit, file, cell = next(b for b in built if b[0] is case)
    hits = [f for f in result.findings if f.code == case.code and f.file == file]
    assert hits, (case.name, [f for f in result.findings if f.file == file])
    if cell:
        assert cell in {f.cell for f in hits}


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_legacy_font_text_reaches_the_report_as_unicode(corpus, encoding: str) -> None:
    settings, built = corpus
    _, unit, _, _ = next(b for b in built if b[0].name == f"{encoding}-font-text")
    texts = [h.text for h in _validated(settings).dataset.highlights if h.unit == unit]
    assert texts == ["Triển khai thủ tục hành chính trực tuyến tại Hà Nội"]


def test_a_merged_input_cell_is_read_from_its_top_left_cell(corpus) -> None:
    settings, built = corpus
    _, unit, file, cell = next(b for b in built if b[0] is MERGED_CELL_IS_READ)
    result = _validated(settings)
    assert not [f for f in result.findings if f.file == file and f.is_error]
    assert [v.value for v in result.dataset.values if v.unit == unit and v.indicator == "tthc_tong"] == [10]


_CACHE: dict[Path, object] = {}


def _validated(settings: Settings):
    from baocao.intake.read import read_folder
    from baocao.checks.validate import validate

    if settings.root not in _CACHE:
        catalog = load_catalog(settings.catalog)
        read = read_folder(settings.inputs / OCT.key, settings.limits, known=catalog.code_index())
        _CACHE[settings.root] = validate(read, catalog, OCT, settings.accepted_versions, settings.rule)
    return _CACHE[settings.root]


def test_the_whole_corpus_runs_to_a_report_naming_every_bad_file_and_changing_no_input(corpus) -> None:
    settings, built = corpus
    folder = settings.inputs / OCT.key
    before = digest(folder)
    env = dict(os.environ, BAOCAO_ROOT=str(settings.root))
    result = subprocess.run([sys.executable, str(REPO / "generate.py"), "bao-cao", "--ky", "10/2025"],
                            capture_output=True, text=True, encoding="utf-8", env=env, timeout=600)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert digest(folder) == before
    out = settings.outputs / OCT.key
    ws = load_workbook(out / "kiem-tra-2025-10.xlsx")["Lỗi và cảnh báo"]
    named = {row[4] for row in ws.iter_rows(min_row=4, values_only=True)}
    assert {file for case, _, file, _ in built if case.code} <= named
    from baocao.report.docx_text import extract_text

    text = extract_text(out / "bao-cao-2025-10.docx")
    assert "Tổng số TTHC:" in text and "{{" not in text
    assert not [p for p in out.rglob(".~tmp*")]


def test_reading_in_several_worker_processes_finds_exactly_what_one_worker_finds(corpus, monkeypatch) -> None:
    from baocao import pipeline
    from baocao.intake import read

    settings, _ = corpus
    monkeypatch.setattr(read.os, "cpu_count", lambda: 1)
    alone = pipeline.run_intake(settings, OCT).outcome
    monkeypatch.setattr(read.os, "cpu_count", lambda: 2)
    intake = pipeline.run_intake(settings, OCT)
    assert intake.read.submissions and all(s.checked is not None for s in intake.read.submissions)
    workers = intake.outcome
    assert workers.findings == alone.findings
    assert workers.dataset == alone.dataset
    assert workers.figures == alone.figures
