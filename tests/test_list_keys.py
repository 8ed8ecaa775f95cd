"""List items placed by the key a unit types in the "Khóa" column of its form's Danh sách sheet
(``ds.nhiem_vu_trong_tam.sskdt``), never by their row: Công an tỉnh's ten focal tasks sent in another order still
sit beside their own figures, a key nobody sent is a marker naming the unit, and forms sent out before the column
existed are still read."""
from __future__ import annotations

import tomllib
from pathlib import Path

from openpyxl import load_workbook

from baocao import pipeline
from baocao.catalog import load_catalog
from baocao.config import load_settings
from baocao.intake.forms import write_form
from baocao.intake.layout import LIST_SHEET
from baocao.intake.samples import content_from_toml
from baocao.periods import Period
from baocao.report.docx_text import extract_text
from baocao.report.markers import find_markers
from baocao.report.render import check_template

from .builders import write_submission
from .pki import cli
from .test_footnotes import mini_template
from .test_golden import GOLDEN, REPO, october_project

OCTOBER = Period(2025, 10)
FOCAL = "nhiem_vu_trong_tam"


def police_sample() -> dict:
    return tomllib.loads((REPO / "samples" / OCTOBER.key / "cong_an_tinh.toml").read_text(encoding="utf-8"))


def resend_police(root: Path, change, highlights: tuple[dict, ...] | list[dict] = ()) -> Path:
    """The October project with Công an tỉnh's form written again from its sample, its focal tasks changed by
    ``change`` and ``highlights`` added, the others left as they are; the draft ``bao-cao`` makes of it."""
    settings = load_settings(october_project(root))
    data = police_sample()
    focal = [i for i in data["items"] if i["list"] == FOCAL]
    data["items"] = [i for i in data["items"] if i["list"] != FOCAL] + change(focal)
    data["highlights"] = data["highlights"] + list(highlights)
    catalog = load_catalog(settings.catalog)
    write_form(settings.inputs / OCTOBER.key / "cong_an_tinh.xlsx", catalog, catalog.units["cong_an_tinh"], OCTOBER,
               settings.rule, settings.form_version, content_from_toml(data))
    outcome = pipeline.report(settings, OCTOBER)
    return next(p for p in outcome.written if p.suffix == ".docx")


def test_focal_tasks_sent_in_reversed_order_still_pair_each_name_with_its_own_figures(tmp_path: Path) -> None:
    draft = resend_police(tmp_path / "project", lambda focal: list(reversed(focal)))
    assert extract_text(draft) == GOLDEN.read_text(encoding="utf-8")


def test_a_key_missing_this_month_is_a_marker_naming_the_unit_and_its_task_is_still_listed(tmp_path: Path) -> None:
    def unkeyed(focal: list[dict]) -> list[dict]:
        return [{k: v for k, v in i.items() if not (k == "key" and v == "lltp")} for i in focal]

    draft = resend_police(tmp_path / "project", unkeyed)
    text = extract_text(draft)
    lltp = next(i["text"] for i in police_sample()["items"] if i.get("key") == "lltp")
    police = load_catalog(REPO / "catalog").units["cong_an_tinh"].short_name
    markers = [m.text for m in find_markers(draft)]
    assert any("lltp" in m and police in m for m in markers), markers
    third = next(line for line in text.splitlines() if line.startswith("(3) "))
    assert lltp not in third and "VNeID" in third
    assert f"(11) {lltp}." in text.splitlines()


def test_a_form_without_the_key_column_is_read_with_its_items_unkeyed(tmp_path: Path) -> None:
    settings = load_settings(october_project(tmp_path / "project"))
    path = settings.inputs / OCTOBER.key / "cong_an_tinh.xlsx"
    catalog = load_catalog(settings.catalog)
    write_form(path, catalog, catalog.units["cong_an_tinh"], OCTOBER, settings.rule, "DA06-2025.6",
               content_from_toml(police_sample()))
    wb = load_workbook(path)
    wb[LIST_SHEET].delete_cols(6)          # the Danh sách sheet as forms before DA06-2025.7 had it
    wb.save(path)
    outcome = pipeline.check(settings, OCTOBER)
    focal = [i for i in outcome.dataset.items if i.list_code == FOCAL]
    assert "cong_an_tinh" in outcome.dataset.accepted_files
    assert len(focal) == 10 and {i.key for i in focal} == {""}
    assert not [f for f in outcome.findings if f.unit_code == "cong_an_tinh" and f.is_error]


def test_a_key_typed_with_diacritics_and_capitals_is_read_as_the_template_writes_it(tmp_path: Path) -> None:
    settings = load_settings(october_project(tmp_path / "project"))
    data = police_sample()
    focal = next(i for i in data["items"] if i.get("key") == "hoc_ba_so")
    focal["key"] = "Học bạ số"
    content = content_from_toml(data)
    write_submission(settings, "cong_an_tinh", content, OCTOBER)
    outcome = pipeline.check(settings, OCTOBER)
    keyed = {i.key: i.text for i in outcome.dataset.items if i.list_code == FOCAL}
    assert keyed["hoc_ba_so"] == focal["text"] and len(keyed) == 10


def test_a_list_entry_picked_by_its_row_is_a_warning_and_by_key_is_none(tmp_path: Path) -> None:
    settings = load_settings(october_project(tmp_path / "project"))
    catalog = load_catalog(settings.catalog)
    paragraphs = ["(1) {{ ds.nhiem_vu_trong_tam[0] }}: …", "{% for t in ds.nhiem_vu_trong_tam[1:] %}{{ t }}{% endfor %}",
                  "(1) {{ ds.nhiem_vu_trong_tam.sskdt }} {{ ds.nhiem_vu_trong_tam.kiosk.noi_dung }}",
                  "{% for t in ds.nhiem_vu_trong_tam.con_lai %}{{ t }}{% endfor %}",
                  "{{ ds.nhiem_vu_trong_tam.sskdt.noi_dungg }}", "{{ ds.qd_ubnd_trong_ky.sskdt }}"]
    result = check_template(mini_template(tmp_path / "mau.docx", paragraphs), settings, catalog, OCTOBER)
    assert [(i.problem.code, i.where.paragraph) for i in result.issues] == [
        ("mau-chon-theo-thu-tu", 1), ("mau-chon-theo-thu-tu", 2), ("mau-ten-khong-co", 5), ("mau-ten-khong-co", 6)]


def test_a_quarter_places_each_focal_task_by_the_key_its_month_stored(tmp_path: Path) -> None:
    root = october_project(tmp_path / "project")
    assert cli(root, "bao-cao", "--ky", "10/2025").returncode == 1     # the sample month has data problems
    assert cli(root, "bao-cao", "--ky", "Q4/2025").returncode == 1     # November and December are missing
    lines = extract_text(root / "outputs" / "2025-Q4" / "bao-cao-2025-Q4.docx").splitlines()
    keyed = {i["key"]: i["text"] for i in police_sample()["items"] if i.get("key")}
    assert next(line for line in lines if line.startswith("(7) ")).startswith(f"(7) {keyed['an_sinh_btxh']}:")
    assert f"(9) {keyed['hoc_ba_so']}." in lines
