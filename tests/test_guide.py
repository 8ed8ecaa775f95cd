"""``huong-dan-mau``: the Vietnamese guide to every name a template can use, generated from the catalog and the
code, with the values of a period; complete because nothing in it is written by hand except the meanings, and a
test wants a meaning for every name."""
from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from baocao.catalog import load_catalog
from baocao.config import load_settings
from baocao.figures.compute import compute
from baocao.model import Dataset
from baocao.periods import Period
from baocao.report.context import build_context
from baocao.report.footnotes import Notes
from baocao.report.guide import NO_DATA, undocumented

from .pki import cli
from .test_golden import REPO, october_project
from .test_nd30 import SCHEMA_TOOL, _schema_check_available

GUIDE = "huong-dan-mau-bao-cao.xlsx"


def codes(name: str) -> list[str]:
    with (REPO / "catalog" / name).open(encoding="utf-8-sig", newline="") as fh:
        return [row["code"] for row in csv.DictReader(fh)]


def cells(path: Path) -> dict[str, list[list[str]]]:
    wb = load_workbook(path, read_only=True)
    return {ws.title: [[str(c) if c is not None else "" for c in row] for row in ws.iter_rows(values_only=True)]
            for ws in wb.worksheets}


@pytest.fixture(scope="module")
def guide(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    root = october_project(tmp_path_factory.mktemp("guide") / "project")
    run = cli(root, "huong-dan-mau", "--ky", "10/2025")
    return root / "outputs" / GUIDE, run


def test_the_guide_is_written_to_the_outputs_folder_and_says_whose_values_it_shows(guide) -> None:
    path, run = guide
    assert run.returncode == 0, run.stdout + run.stderr
    assert path.is_file() and "Giá trị ví dụ lấy từ số liệu kỳ 10/2025." in run.stdout


def test_every_code_of_every_catalog_appears_with_its_name(guide) -> None:
    sheets = cells(guide[0])
    text = "\n".join("\t".join(row) for rows in sheets.values() for row in rows)
    for catalog, written in (("indicators.csv", "{{{{ so.{} }}}}"), ("ratios.csv", "{{{{ tl.{} }}}}"),
                             ("lists.csv", "{{{{ ds.{} }}}}"), ("sections.csv", '{{{{ noi_bat["{}"] }}}}')):
        missing = [c for c in codes(catalog) if written.format(c) not in text]
        assert missing == [], f"{catalog}: {missing}"


def test_values_are_the_periods_as_the_report_prints_them(guide) -> None:
    rows = {row[0]: row for row in cells(guide[0])["Chỉ tiêu (so)"]}
    assert rows["{{ so.can_cuoc_thu_nhan }}"][7] == "2.009.345" and rows["{{ so.tthc_tong }}"][8] == "có"
    ratios = {row[0]: row for row in cells(guide[0])["Tỷ lệ (tl)"]}
    assert ratios["{{ tl.ddt_muc2 }}"][6] == "81,48%"
    sections = {row[0]: row for row in cells(guide[0])["Mục báo cáo (noi_bat)"]}
    assert "tau_bay (CA tỉnh)" in sections['{{ noi_bat["I.1.a"] }}'][3]


def test_every_name_of_the_context_and_every_view_attribute_is_explained(guide, tmp_path: Path) -> None:
    assert undocumented() == {}
    text = "\n".join("\t".join(row) for rows in cells(guide[0]).values() for row in rows)
    settings = load_settings(october_project(tmp_path / "project"))
    catalog = load_catalog(settings.catalog)
    dataset = Dataset(Period(2025, 10))
    context = build_context(settings, Period(2025, 10), catalog, dataset, compute(dataset, catalog), Notes())
    for name, value in context.items():
        assert re.search(rf"\b{name}\b", text), name
        if isinstance(value, dict) and name not in ("so", "tl", "ds", "noi_bat"):
            assert [k for k in value if f"{{{{ {name}.{k} }}}}" not in text] == [], name


def test_the_recipes_all_come_out_with_this_periods_data_in_vietnamese(guide) -> None:
    recipes = cells(guide[0])["Cách làm mẫu"][3:]
    assert len(recipes) >= 8
    assert [r[0] for r in recipes if NO_DATA in r[2] or not r[2]] == []
    results = {r[0]: r[2] for r in recipes}
    assert results["Ghi kỳ báo cáo"] == "(Từ ngày 16/9/2025 đến ngày 15/10/2025)"
    assert re.fullmatch(r"đạt \d+,\d+% \([\d.]+/[\d.]+\)", results["Số đạt trên tổng số kèm tỷ lệ"])


def test_nothing_in_the_guide_reads_as_python_or_english(guide) -> None:
    text = "\n".join("\t".join(row) for rows in cells(guide[0]).values() for row in rows)
    for leak in ("<baocao", "object at 0x", "None", "True", "False", "&amp;"):
        assert leak not in text, leak
    headers = [rows[2] for rows in cells(guide[0]).values()]
    assert all(re.search("[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", " ".join(h).lower())
               for h in headers)


def test_a_period_without_input_files_still_gives_the_guide_with_markers(tmp_path: Path) -> None:
    root = october_project(tmp_path / "project")
    run = cli(root, "huong-dan-mau", "--ky", "3/2026")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "chưa có thư mục số liệu của kỳ này" in run.stdout
    rows = {row[0]: row for row in cells(root / "outputs" / GUIDE)["Chỉ tiêu (so)"]}
    assert rows["{{ so.can_cuoc_thu_nhan }}"][7].startswith("[thiếu số liệu: ")


def test_the_guide_passes_the_excel_schema_check(guide) -> None:
    _schema_check_available()
    run = subprocess.run([sys.executable, str(SCHEMA_TOOL), str(guide[0])], capture_output=True, text=True)
    assert run.returncode == 0 and "ooxml schema errors: 0" in run.stdout, run.stdout + run.stderr


def test_running_the_guide_again_replaces_the_tools_own_guide_and_never_one_the_clerk_edited(tmp_path: Path) -> None:
    root = october_project(tmp_path / "project")
    outputs = root / "outputs"
    for _ in range(2):
        assert cli(root, "huong-dan-mau", "--ky", "3/2026").returncode == 0
    assert sorted(p.name for p in outputs.glob("*.xlsx")) == [GUIDE]
    assert (outputs / "lan-truoc" / GUIDE).is_file()
    wb = load_workbook(outputs / GUIDE)
    wb["Hướng dẫn"]["A2"] = "Ghi chú của văn thư"
    wb.save(outputs / GUIDE)
    edited = (outputs / GUIDE).read_bytes()
    run = cli(root, "huong-dan-mau", "--ky", "3/2026")
    assert run.returncode == 0 and (outputs / GUIDE).read_bytes() == edited
    assert {p.name for p in outputs.glob("*.xlsx")} == {GUIDE, "huong-dan-mau-bao-cao (2).xlsx"}
    assert "huong-dan-mau-bao-cao (2).xlsx" in run.stdout
    assert cli(root, "huong-dan-mau", "--ky", "3/2026", "--ghi-de").returncode == 0
    assert (outputs / "lan-truoc" / GUIDE).read_bytes() == edited and (outputs / GUIDE).read_bytes() != edited
