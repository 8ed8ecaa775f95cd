"""Forms survive every office suite: whatever identifies a row or a choice reads back identically after LibreOffice
Calc saves the form as .xlsx, .xls or .ods (and after Excel, whose decoding is the standard's), a form filled in
Calc gives the figures the same form filled in Excel gives, and forms already damaged by Calc are recognised."""
from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from baocao import pipeline
from baocao.catalog import load_catalog
from baocao.config import load_settings
from baocao.intake.forms import FormContent, write_form
from baocao.intake.layout import choice_label, form_code
from baocao.intake.samples import content_from_toml
from baocao.periods import Period, parse_period
from baocao.text.xstring import CodeIndex, calc_import, from_xstring, ods_text, to_xstring

from .builders import REPO, copy_repo
from .office import convert_all, fill_fods, needs_calc

OCT, NOV = Period(2025, 10), Period(2025, 11)


def catalog_codes() -> frozenset[str]:
    catalog = load_catalog(REPO / "catalog")
    return frozenset(catalog.code_index().codes)


# ------------------------------------------------------------------------------------------ the escapes

HEXY = st.text(alphabet=st.sampled_from(list("_xX0123456789abcdefABCDEF") + ["\n", "\t", "\r", "\x0e", "\x01", "ệ", " "]),
               max_size=40)
ANY_TEXT = st.one_of(HEXY, st.text(alphabet=st.characters(blacklist_categories=("Cs",),
                                                          blacklist_characters="\ufffe\uffff"), max_size=40))


def test_a_literal_escape_sequence_is_written_with_its_lead_underscore_escaped() -> None:
    assert to_xstring("ma_x0041_b") == "ma_x005F_x0041_b"
    assert to_xstring("a\x0eb\rc\nd\te") == "a_x000E_b_x000D_c\nd\te"


@given(ANY_TEXT)
def test_excel_decodes_every_escaped_text_to_the_original(text: str) -> None:
    assert from_xstring(to_xstring(text)) == text


@given(st.lists(ANY_TEXT, min_size=1, max_size=12))
def test_calamine_reads_back_every_text_written_escaped(tmp_path_factory, texts: list[str]) -> None:
    from openpyxl import Workbook

    from baocao.text.xstring import put_text

    path = tmp_path_factory.mktemp("x") / "t.xlsx"
    wb = Workbook()
    for row, text in enumerate(texts, start=1):
        put_text(wb.active.cell(row=row, column=1), text)
    wb.save(path)
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    got = [r[0] if r and r[0] is not None else "" for r in rows] + [""] * (len(texts) - len(rows))
    assert got == texts


def test_calc_decodes_short_sequences_only_for_control_characters_and_underscores() -> None:
    assert calc_import("nhap_thong_tin_bao_tro_xa_hoi") == "nhap_thong_tin_bao_tro\nhoi"
    assert calc_import("bai_do_xe_thu_phi_ktm") == "bai_do\x0ethu_phi_ktm"
    assert calc_import("bhxh_xac_thuc") == "bhxh_xac_thuc"          # 0xAC is printable: kept
    assert calc_import("a_x0041_b") == "a_x0041_b"                  # unlike Excel


def test_no_code_a_form_shows_holds_a_sequence_any_decoder_acts_on() -> None:
    for code in catalog_codes():
        shown = form_code(code)
        assert "_" not in shown and calc_import(shown) == shown and from_xstring(shown) == shown


# ------------------------------------------------------------------------------------------ recognition

ROUTES = {"xlsx": calc_import, "xls": calc_import, "ods": lambda t: ods_text(calc_import(t))}


def test_every_catalog_code_of_an_older_form_is_recognised_after_up_to_three_saves_by_calc() -> None:
    codes = catalog_codes()
    index = CodeIndex.of(codes)
    for first in ROUTES.values():
        for second in (lambda t: t, *ROUTES.values()):
            for third in (lambda t: t, *ROUTES.values()):
                wrong = {c for c in codes if index.recognise(third(second(first(c)))) != c}
                assert not wrong


def test_the_codes_the_issue_names_are_recognised_as_calc_left_them() -> None:
    index = CodeIndex.of(catalog_codes())
    assert index.recognise("nhap_thong_tin_bao_tro\nhoi") == "nhap_thong_tin_bao_tro_xa_hoi"
    assert index.recognise("bai_do\x0ethu_phi_ktm") == "bai_do_xe_thu_phi_ktm"
    assert index.recognise("bai_dothu_phi_ktm") == "bai_do_xe_thu_phi_ktm"      # .ods drops U+000E
    assert index.recognise("bai-do-xe-thu-phi-ktm") == "bai_do_xe_thu_phi_ktm"  # as the form shows it
    assert index.recognise("bai_do_\u2060xe_thu_phi_ktm") == "bai_do_xe_thu_phi_ktm"   # pasted with a joiner


def test_the_sample_catalog_has_no_codes_calc_would_make_alike() -> None:
    assert CodeIndex.of(catalog_codes()).collisions == {}


def test_codes_calc_would_make_alike_are_never_guessed_between() -> None:
    index = CodeIndex.of(["do_xe_luot", "do_xf_luot", "ma_khac"])
    assert index.collisions == {"doluot": ("do_xe_luot", "do_xf_luot")}
    assert index.recognise("doluot") is None
    assert index.recognise("do_xe_luot") == "do_xe_luot"
    assert index.recognise("chi_tieu_khong_co") is None


# ------------------------------------------------------------------------------------------ through LibreOffice

def _project(root: Path, files: list[Path], period: Period) -> Path:
    copy_repo(root, "catalog")
    folder = root / "inputs" / period.key
    folder.mkdir(parents=True)
    for path in files:
        shutil.copy(path, folder / path.name)
    return root


def _figures(root: Path, period: Period) -> dict[str, Any]:
    """What a month gives, without the files' names (their suffix differs): totals, every accepted record, findings
    with their cells."""
    outcome = pipeline.run_intake(load_settings(root), period).outcome
    data = outcome.dataset
    return {
        "totals": {code: t.value for code, t in outcome.figures.totals.items()},
        "values": sorted((v.unit, v.indicator, v.value, v.source.cell) for v in data.values),
        "highlights": sorted((h.unit, h.section, h.text, h.footnote, h.task or (), h.key) for h in data.highlights),
        "documents": sorted((d.unit, d.list_code, d.doc_type, d.number, d.issued, d.subject) for d in data.documents),
        "items": sorted((i.unit, i.list_code, i.text, i.quantity or 0, i.note) for i in data.items),
        "tasks": sorted((t.unit, t.task, t.status.status, t.status.completed_on, t.note) for t in data.task_statuses),
        "findings": sorted((f.code, f.unit_code, f.source.sheet, f.source.cell, f.value) for f in outcome.findings),
        "units": sorted(data.accepted_files),
    }


def _older_form(path: Path, target: Path) -> Path:
    """The form as forms went out before codes were shown with ``-``: codes written with ``_``, as typed in the
    catalog (what LibreOffice damages)."""
    wb = load_workbook(path)
    bracket = re.compile(r"\[([a-z0-9:.\-]+)\]$")
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str):
                    continue
                if ws.title in ("Số liệu", "Thông tin") and cell.column == 2 and re.fullmatch(r"[a-z0-9:\-]+", cell.value):
                    cell.value = cell.value.replace("-", "_")
                elif bracket.search(cell.value):
                    cell.value = bracket.sub(lambda m: f"[{m.group(1).replace('-', '_')}]", cell.value)
    wb["Thông tin"]["B8"] = "DA06-2025.3"
    wb.save(target)
    return target


@pytest.fixture(scope="module")
def suites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every unit's blank form (November) and the 14 filled samples (October), each as written and as LibreOffice
    saves it in .xlsx, .xls and .ods; older-style forms of the issue's two units after Calc; so_xay_dung's blank
    October form filled in Calc (via .fods), with the same content filled by the writer beside it."""
    work = tmp_path_factory.mktemp("suites")
    settings = load_settings(copy_repo(work / "repo", "catalog"))
    catalog = load_catalog(settings.catalog)
    blanks = work / "blank"
    blanks.mkdir()
    for unit in catalog.units.values():
        write_form(blanks / f"{unit.code}.xlsx", catalog, unit, NOV, settings.rule, settings.form_version)
    filled = work / "filled"
    filled.mkdir()
    specs = {}
    for spec in sorted((REPO / "samples" / "2025-10").glob("*.toml")):
        data = tomllib.loads(spec.read_text(encoding="utf-8"))
        specs[data["unit"]] = data
        write_form(filled / f"da-dien-{spec.stem}.xlsx", catalog, catalog.units[data["unit"]], parse_period(data["period"]),
                   settings.rule, settings.form_version, content_from_toml(data))
    older = work / "older"
    older.mkdir()
    olds = [_older_form(filled / f"da-dien-{u}.xlsx", older / f"{u}.xlsx") for u in ("cong_an_tinh", "so_xay_dung")]
    to_fill = work / "to_fill" / "so_xay_dung.xlsx"
    to_fill.parent.mkdir()
    write_form(to_fill, catalog, catalog.units["so_xay_dung"], OCT, settings.rule, settings.form_version)
    files = {"blank": sorted(blanks.glob("*.xlsx")), "filled": sorted(filled.glob("*.xlsx"))}
    everything = files["blank"] + files["filled"]
    jobs = [(everything, fmt, work / fmt) for fmt in ("xlsx", "xls", "ods")]
    jobs += [(olds, "xlsx", work / "older-calc"), ([to_fill], "fods", work / "fods")]
    converted = convert_all(jobs)
    fods = converted[4][0]
    fill_fods(fods, _typed_in_calc(to_fill, specs["so_xay_dung"], catalog))
    in_calc = convert_all([([fods], "xlsx", work / "filled-in-calc")])[0][0]
    return {"work": work, "files": files, "converted": dict(zip(("xlsx", "xls", "ods"), converted[:3])),
            "older": converted[3], "in_calc": in_calc}


def _typed_in_calc(blank: Path, data: dict, catalog) -> dict[str, dict[tuple[int, int], object]]:
    """The cells a clerk types into so_xay_dung's blank form for the sample's figures, highlights and list items,
    choosing each drop-down entry as Calc offers it."""
    wb = load_workbook(blank)
    rows = {c.value: c.row for c in wb["Số liệu"]["B"] if isinstance(c.value, str)}
    typed: dict[str, dict[tuple[int, int], object]] = {"Số liệu": {}, "Nổi bật": {}, "Danh sách": {}}
    for code, value in data["values"].items():
        typed["Số liệu"][(rows[form_code(code)], 6)] = value
    for offset, h in enumerate(data["highlights"]):
        section = catalog.sections[h["section"]]
        typed["Nổi bật"][(4 + offset, 2)] = choice_label(section.title, section.code)
        typed["Nổi bật"][(4 + offset, 3)] = h["text"]
    for offset, item in enumerate(data["items"]):
        typed["Danh sách"][(4 + offset, 2)] = choice_label(catalog.lists[item["list"]].name, item["list"])
        typed["Danh sách"][(4 + offset, 3)] = item["text"]
    return typed


def _original(suites: dict[str, Any], kind: str, period: Period) -> dict[str, Any]:
    """The month the forms give as written, computed once."""
    if kind not in suites:
        suites[kind] = _figures(_project(suites["work"] / f"p-{kind}", suites["files"][kind], period), period)
    return suites[kind]


def _saved(suites: dict[str, Any], kind: str, fmt: str) -> list[Path]:
    stems = {f.stem for f in suites["files"][kind]}
    return [p for p in suites["converted"][fmt] if p.stem in stems]


@needs_calc
@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_every_filled_sample_saved_by_libreoffice_gives_the_same_figures(suites, fmt: str) -> None:
    got = _figures(_project(suites["work"] / f"p-filled-{fmt}", _saved(suites, "filled", fmt), OCT), OCT)
    assert got == _original(suites, "filled", OCT)
    assert len(got["units"]) == 14 and got["values"]


def _identifying_texts(path: Path) -> list[str]:
    """Every text the reader identifies something by: the unit code, the indicator codes, the drop-down entries."""
    wb = CalamineWorkbook.from_path(str(path))
    texts = [str(r[1]) for r in wb.get_sheet_by_name("Thông tin").to_python() if len(r) > 1 and r[0] == "Mã đơn vị"]
    texts += [str(r[1]) for r in wb.get_sheet_by_name("Số liệu").to_python()[4:] if len(r) > 1 and r[1]]
    texts += [str(c) for r in wb.get_sheet_by_name("Danh mục").to_python() for c in r if c]
    if "Nhiệm vụ" in wb.sheet_names:
        texts += [str(r[1]) for r in wb.get_sheet_by_name("Nhiệm vụ").to_python()[3:] if len(r) > 1 and r[1]]
    return texts


@needs_calc
@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_every_text_that_identifies_a_row_or_a_choice_reads_back_exactly(suites, fmt: str) -> None:
    """Exact, not merely recognised: the forms show codes with "-", which no suite rewrites."""
    originals = {p.stem: p for p in suites["files"]["blank"]}
    for saved in _saved(suites, "blank", fmt):
        assert _identifying_texts(saved) == _identifying_texts(originals[saved.stem]), saved.name


@needs_calc
@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_every_blank_form_saved_by_libreoffice_reads_back_as_written(suites, fmt: str) -> None:
    got = _figures(_project(suites["work"] / f"p-blank-{fmt}", _saved(suites, "blank", fmt), NOV), NOV)
    assert got == _original(suites, "blank", NOV)
    assert len(got["units"]) == 83 and not [f for f in got["findings"] if f[0] != "thieu-so-lieu"]


@needs_calc
def test_older_forms_damaged_by_libreoffice_are_recognised(suites) -> None:
    work = suites["work"]
    rows = CalamineWorkbook.from_path(str(suites["older"][1])).get_sheet_by_name("Số liệu").to_python()
    codes = [r[1] for r in rows if len(r) > 1]
    assert "do_xe_luot" not in codes and "do\x0eluot" in codes    # the issue's damage, reproduced
    originals = [p for p in suites["files"]["filled"] if p.stem in ("da-dien-cong_an_tinh", "da-dien-so_xay_dung")]
    expected = _figures(_project(work / "p-older", originals, OCT), OCT)
    assert _figures(_project(work / "p-older-calc", suites["older"], OCT), OCT) == expected


@needs_calc
def test_a_blank_form_filled_in_libreoffice_gives_what_the_same_form_filled_in_excel_gives(suites) -> None:
    work = suites["work"]
    written = [p for p in suites["files"]["filled"] if p.stem == "da-dien-so_xay_dung"]
    expected = _figures(_project(work / "p-written", written, OCT), OCT)
    got = _figures(_project(work / "p-in-calc", [suites["in_calc"]], OCT), OCT)
    assert got["values"] == expected["values"] and got["items"] == expected["items"]
    assert got == expected
    assert any(i[1] == "bai_do_xe_thu_phi_ktm" for i in got["items"]) and len(got["values"]) == 3
