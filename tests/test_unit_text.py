"""Unit text is data, never template: whatever a unit types (or staff name a unit) renders as typed and changes
neither the exit status nor the findings, however much it looks like a Jinja tag."""
from __future__ import annotations

import csv
import tomllib
from pathlib import Path

import pytest
from openpyxl import load_workbook

from baocao.catalog import load_catalog
from baocao.config import load_settings
from baocao.intake.forms import write_form
from baocao.intake.samples import content_from_toml
from baocao.periods import parse_period
from baocao.report.docx_text import extract_text
from baocao.report.render import TemplateProblem

from .builders import REPO, copy_repo
from .test_cli import cli
from .test_footnotes import W, footnote_bodies, parts, render_mini, small  # noqa: F401 (small: a fixture)

# What units really type (a stray brace after a percentage) and what a curious one might (a Jinja expression).
TYPED = {
    "highlight": "tỷ lệ đạt 100%} so với kế hoạch {{ 7*7 }}",
    "footnote": "chú thích {% if true %}có{% endif %}",
    "document": "trích yếu {# ghi chú #} và {{ bao_cao.so_ky_hieu }}",
    "item": "Mô hình {_{ x }_} và }}",
    "task": "ghi chú {%- raw %}{{ so }}",
    "unit": "Thuế {{ 6*7 }} tỉnh",
}
SILENT = "thue_tinh"   # sends nothing in either run: the draft names it in its markers


def _project(root: Path, typed: bool) -> Path:
    """The shipped sample month, each kind of unit text carrying template-like text when ``typed``."""
    copy_repo(root, "catalog", "templates")
    if typed:
        _rename_unit(root / "catalog" / "units.csv", SILENT, TYPED["unit"])
    settings = load_settings(root)
    catalog = load_catalog(settings.catalog)
    folder = settings.inputs / "2025-10"
    folder.mkdir(parents=True)
    for spec in sorted((REPO / "samples" / "2025-10").glob("*.toml")):
        data = tomllib.loads(spec.read_text(encoding="utf-8"))
        if data["unit"] == SILENT:
            continue
        if typed:
            _add_text(data)
        write_form(folder / f"{spec.stem}.xlsx", catalog, catalog.units[data["unit"]], parse_period(data["period"]),
                   settings.rule, settings.form_version, content_from_toml(data))
    return root


def _rename_unit(path: Path, code: str, name: str) -> None:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    for row in rows:
        if row[0] == code:
            row[1] = row[2] = name
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)


def _add_text(data: dict) -> None:
    if data["unit"] == "so_khoa_hoc_cong_nghe":
        data["highlights"][0]["text"] += " " + TYPED["highlight"]
        data["highlights"][0]["footnote"] += " " + TYPED["footnote"]
    if data["unit"] == "cong_an_tinh":
        data["documents"][0]["subject"] += " " + TYPED["document"]
        data["items"][0]["text"] += " " + TYPED["item"]
    if data["unit"] == "so_nong_nghiep_moi_truong":
        data["tasks"][0]["note"] = TYPED["task"]


def _findings(root: Path) -> list[tuple]:
    ws = load_workbook(root / "outputs" / "2025-10" / "kiem-tra-2025-10.xlsx")["Lỗi và cảnh báo"]
    return [(row[2].value, *(c.value for c in row[4:7])) for row in ws.iter_rows(min_row=4)]   # code, file, sheet, cell


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, tuple[Path, int]]:
    done = {}
    for typed in (False, True):
        root = _project(tmp_path_factory.mktemp("typed" if typed else "plain"), typed)
        result = cli(root, "bao-cao", "--ky", "10/2025")
        assert "Traceback" not in result.stderr, result.stderr
        done[typed] = root, result.returncode
    return done


def test_template_like_unit_text_changes_neither_the_exit_status_nor_the_findings(runs) -> None:
    (plain, plain_status), (typed, typed_status) = runs[False], runs[True]
    assert typed_status == plain_status
    assert _findings(typed) == _findings(plain)


@pytest.mark.parametrize("kind", sorted(TYPED))
def test_every_kind_of_unit_text_is_printed_in_the_draft_as_typed(runs, kind: str) -> None:
    draft = extract_text(runs[True][0] / "outputs" / "2025-10" / "bao-cao-2025-10.docx")
    assert TYPED[kind] in draft


def test_a_stray_closing_tag_typed_in_the_template_itself_is_still_a_template_problem(small) -> None:
    with pytest.raises(TemplateProblem) as problem:
        render_mini(small, ["Kết quả: {{ ky.thang }} đạt }} yêu cầu"])
    assert [(i.problem.code, i.where.paragraph) for i in problem.value.issues] == [("mau-the-con-sot", 1)]


@pytest.mark.parametrize("where", ["paragraphs", "cell", "header"])
def test_a_value_with_braces_prints_as_typed_in_body_table_and_header(small, where: str) -> None:
    value = "{{ 7*7 }} 100%} {% x %}"
    tag = "{{ go }}"
    template = {"paragraphs": [tag]} if where == "paragraphs" else {"paragraphs": ["x"], where: tag}
    out = render_mini(small, extra={"go": value}, **template)
    texts = {name: "".join(t.text or "" for t in root.iter(f"{W}t")) for name, root in parts(out).items()}
    assert any(value in text for text in texts.values())
    assert not any("\ufdd0" in text or "\ufdd1" in text for text in texts.values())


def test_a_value_with_braces_prints_as_typed_in_a_footnote(small) -> None:
    out = render_mini(small, ["Câu{{ chu_thich(go) }}."], extra={"go": "ghi chú {{ 7*7 }}"})
    assert "ghi chú {{ 7*7 }}" in "".join(t.text or "" for t in footnote_bodies(out)[0].iter(f"{W}t"))
