"""Safe rendering: template mistakes become Vietnamese TemplateProblems, missing data becomes visible markers."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from baocao import pipeline
from baocao.catalog.load import load_catalog
from baocao.config import load_settings
from baocao.report.context import build_context
from baocao.report.footnotes import Notes
from baocao.intake.forms import FormContent
from baocao.report.docx_text import extract_text
from baocao.report.issues import TemplateIssue, TemplateProblem
from baocao.report.render import render

from .builders import GOOD_A, GOOD_B, GOOD_C, OCT, make_project, write_submission
from .test_footnotes import mini_template
from .test_golden import REPO, october_project

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def project(tmp_path: Path, b: FormContent | None = GOOD_B, a: FormContent = GOOD_A) -> dict:
    """The small builders project for October; ``b=None`` plays Sở B not reporting at all."""
    settings = make_project(tmp_path / "project")
    for unit, content in (("so_a", a), ("so_b", b), ("xa_c", GOOD_C)):
        if content is not None:
            write_submission(settings, unit, content)
    outcome = pipeline.check(settings, OCT)
    return {"settings": settings, "catalog": load_catalog(settings.catalog), "dataset": outcome.dataset,
            "figures": outcome.figures}


def render_text(tmp_path: Path, data: dict, paragraphs: list[str]) -> tuple[str, Path]:
    notes = Notes()
    context = build_context(data["settings"], OCT, data["catalog"], data["dataset"], data["figures"], notes)
    target = tmp_path / "out.docx"
    render(mini_template(tmp_path / "mau.docx", paragraphs), target, context, notes)
    return extract_text(target), target


def highlighted(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return ["".join(t.text for t in r.iter(f"{W}t")) for r in root.iter(f"{W}r")
            if r.find(f"{W}rPr/{W}highlight") is not None and r.find(f"{W}rPr/{W}highlight").get(f"{W}val") == "yellow"]


@pytest.fixture(scope="module")
def complete(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return project(tmp_path_factory.mktemp("complete"))


def test_figures_render_the_vietnamese_way_with_no_marker_when_data_is_complete(tmp_path: Path, complete) -> None:
    text, out = render_text(tmp_path, complete, ["{{ so.tthc_tong }} TTHC; {{ tl.ddt }} ({{ so.ddt_dat }}/"
                                                 "{{ so.cong_dan }}); {{ so.kiosk }} kiosk"])
    assert "2.156 TTHC; 81,48% (1.444.257/1.772.539); 03 kiosk" in text
    assert highlighted(out) == []


def test_a_template_can_say_whether_the_plans_target_is_met(tmp_path: Path, complete) -> None:
    text, _ = render_text(tmp_path, complete, ["{{ tl.ddt }}{% if tl.ddt.dat_muc_tieu %}, đạt mục tiêu "
                                               "{{ tl.ddt.muc_tieu }}{% endif %}"])
    assert "81,48%, đạt mục tiêu từ 80% trở lên" in text


def test_a_unit_that_did_not_report_is_named_in_a_yellow_marker_never_a_zero(tmp_path: Path) -> None:
    data = project(tmp_path, b=None)
    text, out = render_text(tmp_path, data, ["Tỷ lệ {{ tl.ddt }}; số {{ so.ddt_dat }}; "
                                             "{{ ds.bv_kiosk.count }} bệnh viện"])
    assert text.strip() == ("Tỷ lệ [thiếu số liệu: Sở B (chưa báo cáo)]; số [thiếu số liệu: Sở B (chưa báo cáo)]; "
                            "[thiếu số liệu: Sở B (chưa báo cáo)] bệnh viện")
    assert highlighted(out) == ["[thiếu số liệu: Sở B (chưa báo cáo)]"] * 3


def test_a_value_sent_with_an_error_is_a_marker_too(tmp_path: Path) -> None:
    bad = FormContent(values={**GOOD_B.values, "ddt_dat": "nhiều lắm"}, items=GOOD_B.items)
    text, _ = render_text(tmp_path, project(tmp_path, b=bad), ["{{ so.ddt_dat }} và {{ tl.ddt }}"])
    assert text.strip() == ("[thiếu số liệu: Sở B (không phải là số)] và "
                            "[thiếu số liệu: Sở B (không phải là số)]")


def test_a_base_of_zero_gives_a_marker_instead_of_a_percentage(tmp_path: Path) -> None:
    zero = FormContent(values={**GOOD_B.values, "ddt_dat": 0, "cong_dan": 0}, items=GOOD_B.items)
    text, out = render_text(tmp_path, project(tmp_path, b=zero), ["Tỷ lệ {{ tl.ddt }}"])
    assert "Tỷ lệ [không tính được tỷ lệ: Sở B báo tổng số bằng 0]" in text
    assert len(highlighted(out)) == 1


def test_a_missing_highlight_of_a_named_unit_is_a_marker(tmp_path: Path, complete) -> None:
    text, _ = render_text(tmp_path, complete, ["{{ noi_bat['I.1.a'].so_b[0] }} / {{ noi_bat['III'].so_a[0].menh_de }}"])
    assert text.strip() == "[thiếu nội dung mục I.1.a: Sở B] / [thiếu nội dung mục III: Sở A]"


def only_issue(problem: pytest.ExceptionInfo[TemplateProblem]) -> TemplateIssue:
    assert len(problem.value.issues) == 1, problem.value
    return problem.value.issues[0]


def test_a_missing_variable_is_a_template_problem_that_names_it(tmp_path: Path, complete) -> None:
    with pytest.raises(TemplateProblem) as problem:
        render_text(tmp_path, complete, ["Có {{ so_lieu_la }} ở đây"])
    found = only_issue(problem)
    assert found.problem.code == "mau-ten-khong-co" and "so_lieu_la" in found.problem.message
    assert (found.where.paragraph, found.where.text) == (1, "Có {{ so_lieu_la }} ở đây")


def test_an_unknown_catalog_code_is_named_with_its_catalog_file_and_the_nearest_code(tmp_path: Path, complete) -> None:
    for paragraph, catalog, meant in (("{{ so.tthc_tongg }}", "indicators.csv", "so.tthc_tong"),
                                      ("{% for h in noi_bat['I.1'] %}{{ h }}{% endfor %}", "sections.csv", 'noi_bat["I.1.a"]'),
                                      ("{{ noi_bat['III'].so_aa }}", "units.csv", 'noi_bat["III"].so_a'),
                                      ("{{ so.ddt }}", "indicators.csv", "tl.ddt")):
        with pytest.raises(TemplateProblem) as problem:
            render_text(tmp_path, complete, [paragraph])
        found = only_issue(problem)
        assert found.problem.code == "mau-ten-khong-co" and catalog in found.problem.message
        assert f"Có phải «{meant}» không?" in found.problem.message


def test_a_syntax_error_points_at_the_paragraph_where_the_block_opens(tmp_path: Path, complete) -> None:
    with pytest.raises(TemplateProblem) as problem:
        render_text(tmp_path, complete, ["Mở đầu", "Danh sách đơn vị {% for x in ds.vb_qd %}{{ x }}", "Kết thúc"])
    found = only_issue(problem)
    assert found.problem.code == "mau-sai-cu-phap" and "endfor" in found.problem.message
    assert (found.where.paragraph, found.where.text) == (2, "Danh sách đơn vị {% for x in ds.vb_qd %}{{ x }}")


def test_unsafe_template_code_is_stopped(tmp_path: Path, complete) -> None:
    with pytest.raises(TemplateProblem) as problem:
        render_text(tmp_path, complete, ["{{ ky.thang.__class__.__mro__ }}"])
    assert only_issue(problem).problem.code == "mau-lenh-khong-duoc-phep"


def test_the_header_and_closing_come_from_config(tmp_path: Path) -> None:
    root = october_project(tmp_path / "project")
    config = (root / "config.toml").read_text(encoding="utf-8")
    config = config.replace("so = 146", "so = 5").replace("ngay_ban_hanh = 2025-10-22", "ngay_ban_hanh = 2026-02-05")
    config = config.replace('nguoi_ky = "Nguyễn Khắc Toàn"', 'nguoi_ky = "Trần Văn A & B"')
    config = config.replace('chu_quan = "UBND TỈNH KHÁNH HÒA"', 'chu_quan = "UBND TỈNH NINH THUẬN"')
    (root / "config.toml").write_text(config, encoding="utf-8")
    outcome = pipeline.report(load_settings(root), OCT)
    out = next(p for p in outcome.written if p.suffix == ".docx")
    text = extract_text(out)
    assert "| UBND TỈNH NINH THUẬN\n| BAN CHỈ ĐẠO\n" in text
    assert "| Số: 05/BC-BCĐ\n| Khánh Hòa, ngày 05 tháng 02 năm 2026\n" in text
    assert "| TM. BAN CHỈ ĐẠO\n| TRƯỞNG BAN\n| Trần Văn A & B\n" in text
    with zipfile.ZipFile(out) as z:
        core = z.read("docProps/core.xml").decode("utf-8")
    assert "<dc:creator>Ban Chỉ đạo tỉnh Khánh Hòa</dc:creator>" in core
    assert re.search(r"<dc:title>Kết quả triển khai, thực hiện Đề án .* tháng 10/2025</dc:title>", core)


def test_a_broken_template_still_gives_the_workbooks_no_draft_and_exit_3(tmp_path: Path) -> None:
    root = october_project(tmp_path / "project")
    mini_template(root / "templates" / "bao_cao_thang.docx", ["Mở đầu {% if so.tthc_tong %} không đóng"])
    run = subprocess.run([sys.executable, str(REPO / "generate.py"), "bao-cao", "--ky", "10/2025"],
                         capture_output=True, text=True, cwd=root, env={**os.environ, "BAOCAO_ROOT": str(root),
                                                                         "COLUMNS": "300"})
    assert run.returncode == 3, run.stderr
    assert "mau-sai-cu-phap" in run.stdout and "«Mở đầu {% if so.tthc_tong %} không đóng»" in run.stdout
    assert "KHÔNG lập bản dự thảo báo cáo mới" in run.stdout and "Traceback" not in run.stdout + run.stderr
    folder = root / "outputs" / "2025-10"
    assert sorted(p.name for p in folder.glob("*.xlsx")) == ["kiem-tra-2025-10.xlsx", "tong-hop-2025-10.xlsx"]
    assert not list(folder.glob("*.docx"))


def test_an_unknown_attribute_is_named_with_the_paragraph_it_is_in(tmp_path: Path, complete) -> None:
    with pytest.raises(TemplateProblem) as problem:
        render_text(tmp_path, complete, ["Mở đầu", "Có {{ ds.vb_qd.cout }} ở đây"])
    found = only_issue(problem)
    assert found.problem.code == "mau-ten-khong-co" and "Có phải «ds.vb_qd.count» không?" in found.problem.message
    assert (found.where.paragraph, found.where.text) == (2, "Có {{ ds.vb_qd.cout }} ở đây")
