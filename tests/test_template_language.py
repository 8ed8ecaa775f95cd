"""The template language a clerk reads in Word: highlights placed by the key their unit typed (never by row),
sections printed whole as text, unit groups from the data in units.csv order, and nothing that prints as Python."""
from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from openpyxl import load_workbook

from baocao import pipeline
from baocao.catalog import load_catalog
from baocao.intake.forms import FormContent
from baocao.intake.layout import HIGHLIGHT_SHEET
from baocao.report.context import build_context
from baocao.report.docx_text import extract_text
from baocao.report.footnotes import Notes
from baocao.report.issues import TemplateProblem
from baocao.report.render import check, render

from .builders import GOOD_A, GOOD_B, GOOD_C, OCT, make_project, write_submission
from .test_footnotes import mini_template

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SECTION_III = [   # the shipped template's section III, as a clerk reads it in Word
    '{%p for h in noi_bat["III"].chung %}', "{{ chu_cai(loop.index0) }}) {{ h }}", "{%p else %}",
    '{{ noi_bat["III"].chung }}', "{%p endfor %}",
    '{%p for nhom in noi_bat["III"].theo_don_vi %}', "{%p if nhom|length == 1 %}",
    "{{ loop.index + 1 }}. {{ nhom.tieu_de_hai_cham }} {{ nhom[0] }}", "{%p else %}",
    "{{ loop.index + 1 }}. {{ nhom.tieu_de }}", "{%p for h in nhom %}", "{{ chu_cai(loop.index0) }}) {{ h }}",
    "{%p endfor %}", "{%p endif %}", "{%p endfor %}"]


def month(root: Path, **units: FormContent) -> dict[str, Any]:
    settings = make_project(root)
    for unit, content in {"so_a": GOOD_A, "so_b": GOOD_B, "xa_c": GOOD_C, **units}.items():
        write_submission(settings, unit, content)
    outcome = pipeline.check(settings, OCT)
    return {"settings": settings, "catalog": load_catalog(settings.catalog), "outcome": outcome, "folder": root}


def rendered(data: dict[str, Any], paragraphs: list[str], name: str = "out") -> Path:
    notes = Notes()
    outcome = data["outcome"]
    context = build_context(data["settings"], OCT, data["catalog"], outcome.dataset, outcome.figures, notes)
    target = data["folder"] / f"{name}.docx"
    render(mini_template(data["folder"] / f"{name}-mau.docx", paragraphs), target, context, notes)
    return target


def text(data: dict[str, Any], paragraphs: list[str]) -> str:
    return extract_text(rendered(data, paragraphs)).strip()


def checked(data: dict[str, Any], paragraphs: list[str]) -> list[tuple[str, int]]:
    outcome = data["outcome"]
    context = build_context(data["settings"], OCT, data["catalog"], outcome.dataset, outcome.figures, Notes())
    result = check(mini_template(data["folder"] / "checked.docx", paragraphs), context)
    return [(i.problem.code, i.where.paragraph if i.where else 0) for i in result.issues]


def with_highlights(*rows: dict[str, str]) -> FormContent:
    return FormContent(values=GOOD_A.values, documents=GOOD_A.documents, highlights=list(rows))


@pytest.fixture(scope="module")
def keyed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Sở A sends its highlights in an order nobody planned: the keys say where each goes."""
    a = with_highlights({"section": "I.1.a", "text": "Nội dung thứ hai.", "key": "hai"},
                        {"section": "I.1.a", "text": "Nội dung thứ nhất.", "key": "Tàu bay"},
                        {"section": "I.1.a", "text": "Nội dung không khóa."})
    return month(tmp_path_factory.mktemp("keyed") / "project", so_a=a)


def test_a_highlight_is_placed_by_its_key_whatever_row_its_unit_typed_it_in(keyed) -> None:
    assert text(keyed, ["Đầu: {{ noi_bat['I.1.a'].tau_bay }} Sau: {{ noi_bat['I.1.a'].hai }}"]) == \
        "Đầu: Nội dung thứ nhất. Sau: Nội dung thứ hai."


def test_a_key_typed_with_diacritics_capitals_or_spaces_is_one_key(keyed) -> None:
    keys = [h.key for h in keyed["outcome"].dataset.highlights]
    assert keys == ["hai", "tau_bay", ""]


def test_what_no_key_placed_is_left_for_the_safety_net(keyed) -> None:
    out = text(keyed, ["{{ noi_bat['I.1.a'].tau_bay }}", "{%p for h in noi_bat['I.1.a'].con_lai %}", "- {{ h }}",
                       "{%p endfor %}"])
    assert out.splitlines() == ["Nội dung thứ nhất.", "- Nội dung thứ hai.", "- Nội dung không khóa."]


def test_a_key_nobody_sent_prints_a_yellow_marker_naming_it(keyed) -> None:
    assert text(keyed, ["{{ noi_bat['I.1.a'].khong_ai_gui }}"]) == \
        "[chưa có nội dung “khong_ai_gui” của mục I.1.a]"


def test_a_section_printed_whole_is_its_text_and_an_empty_one_a_marker(keyed) -> None:
    out = text(keyed, ["{{ noi_bat['I.1.a'] }}", "{{ noi_bat['III'] }}"])
    assert out.splitlines() == ["Nội dung thứ hai. Nội dung thứ nhất. Nội dung không khóa.", "[chưa có nội dung]"]


def test_a_form_of_an_older_version_without_the_key_column_is_still_read(tmp_path: Path) -> None:
    settings = make_project(tmp_path / "project")
    old = write_submission(settings, "so_a", with_highlights({"section": "I.1.a", "text": "Họp Ban Chỉ đạo.",
                                                             "key": "hop"}))
    wb = load_workbook(old)
    wb[HIGHLIGHT_SHEET].delete_cols(6)
    wb.save(old)
    outcome = pipeline.check(settings, OCT)
    assert [(h.text, h.key) for h in outcome.dataset.highlights] == [("Họp Ban Chỉ đạo.", "")]
    assert "khong-phai-mau-bieu" not in {f.code for f in outcome.findings}


def test_section_three_groups_by_unit_in_units_order_with_headings_and_shared_tasks(tmp_path: Path) -> None:
    b = FormContent(values=GOOD_B.values, items=GOOD_B.items, highlights=[
        {"section": "III", "text": "Việc thứ nhất của Sở B."},
        {"section": "III", "text": "Sở B chủ trì, phối hợp các đơn vị thực hiện:", "key": "tieu_de"},
        {"section": "III", "text": "Việc thứ hai của Sở B."}])
    a = with_highlights({"section": "III", "text": "Việc chung của mọi đơn vị.", "key": "chung"},
                        {"section": "III", "text": "Việc riêng của Sở A."})
    data = month(tmp_path / "project", so_a=a, so_b=b)
    assert text(data, SECTION_III).splitlines() == [
        "a) Việc chung của mọi đơn vị.",
        "2. Sở A: Việc riêng của Sở A.",
        "3. Sở B chủ trì, phối hợp các đơn vị thực hiện:",
        "a) Việc thứ nhất của Sở B.",
        "b) Việc thứ hai của Sở B."]


def test_shared_tasks_nobody_sent_are_a_marker_not_a_silent_gap(keyed) -> None:
    assert text(keyed, SECTION_III) == "[chưa có nội dung “chung” của mục III]"


@pytest.mark.parametrize("expression", ["noi_bat['III'].con_lai", "so", "ds.vb_qd.liet_ke", "bao_cao.ngay_ban_hanh",
                                        "bao_cao.noi_nhan", "nhiem_vu", "bo_dem()", "so.ho_so_xa.theo_don_vi",
                                        "tl.ddt.gia_tri", "noi_bat['I.1.a'].theo_don_vi"])
def test_a_value_that_would_print_as_python_is_refused_by_the_check(keyed, expression: str) -> None:
    assert checked(keyed, ["Mở đầu", f"Có {{{{ {expression} }}}} ở đây"]) == [("mau-in-ma-python", 2)]


def test_a_value_only_the_data_shows_to_be_none_stops_the_render_with_its_paragraph(keyed) -> None:
    with pytest.raises(TemplateProblem) as problem:
        rendered(keyed, ["Mở đầu", "{% for h in noi_bat['I.1.a'] %}{{ h.cham_tien_do }}{% endfor %}"])
    found = problem.value.issues[0]
    assert (found.problem.code, found.where.paragraph) == ("mau-in-ma-python", 2)


def test_printing_a_section_a_group_or_a_highlight_is_never_refused(keyed) -> None:
    assert checked(keyed, ["{{ noi_bat['I.1.a'] }} {{ noi_bat['I.1.a'].hai }} {{ noi_bat['III'].so_a }}",
                           "{% for n in noi_bat['III'].theo_don_vi %}{{ n }}{{ n.tieu_de }}{{ n[0] }}{% endfor %}",
                           "{% for h in noi_bat['I.1.a'] %}{{ h }}{{ h.menh_de }}{{ h.don_vi }}{% endfor %}"]) == []


def test_a_highlight_picked_by_its_row_is_a_warning_and_still_renders(keyed) -> None:
    paragraphs = ["{{ noi_bat['I.1.a'].so_a[1] }}"]
    assert checked(keyed, paragraphs) == [("mau-chon-theo-thu-tu", 1)]
    assert text(keyed, paragraphs) == "Nội dung thứ nhất."


def test_the_lateness_of_a_task_is_bold_in_the_draft(tmp_path: Path) -> None:
    a = FormContent(values=GOOD_A.values, documents=GOOD_A.documents,
                    highlights=[{"section": "III", "text": "Trình kế hoạch số hóa.", "task": "1"}],
                    tasks=[{"number": "1", "status": "Đang thực hiện"}])
    out = rendered(month(tmp_path / "project", so_a=a), ["{{ noi_bat['III'].so_a }}"])
    with zipfile.ZipFile(out) as z:
        body = etree.fromstring(z.read("word/document.xml"))
    bold = ["".join(t.text for t in r.iter(f"{W}t")) for r in body.iter(f"{W}r") if r.find(f"{W}rPr/{W}b") is not None]
    assert bold == ["chậm tiến độ 01 tháng"]
    assert "Trình kế hoạch số hóa[^1] (chậm tiến độ 01 tháng so với yêu cầu hoàn thành tháng 9/2025)." \
        in extract_text(out)
