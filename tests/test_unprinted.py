"""Nothing a unit sends is silently dropped: a highlight in a section the template never names, or a list entry it
prints only by key, comes out where the template says ``chua_in`` as a marker naming the section and the unit (so
``pdf`` refuses the draft); a template without ``chua_in`` gets a line in the run's summary and a ``kiem-tra-mau``
warning."""
from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from rich.console import Console

from baocao import pipeline
from baocao.archive.pdf import MarkersLeftError, export_pdf
from baocao.catalog import load_catalog
from baocao.config import Settings, load_settings
from baocao.model import Unprinted
from baocao.report.markers import UNPRINTED, find_markers
from baocao.summary import print_summary

from .builders import GOOD_A, GOOD_B, OCT, make_project, write_submission
from .test_footnotes import mini_template
from .test_golden import REPO
from .test_list_keys import OCTOBER, resend_police

LEFTOVERS = ["{%p for dong in chua_in %}", "{{ dong }}", "{%p endfor %}"]
IDENTITY = "Cấp 1.234 thẻ căn cước cho công dân trong tháng."
HOSPITAL_Y = "Bệnh viện Y"


def police_name() -> str:
    return load_catalog(REPO / "catalog").unit_name("cong_an_tinh")


def unprinted_markers(draft: Path) -> list[str]:
    return [m.text for m in find_markers(draft) if m.text.startswith(f"[{UNPRINTED}")]


def keyed_month(root: Path, leftovers: bool) -> Settings:
    """A small project whose template prints the hospitals' list only by the key ``x``; Sở B sends X and Y."""
    settings = make_project(root)
    mini_template(settings.templates / settings.report.template,
                  ["Kiosk: {{ ds.bv_kiosk.x }}", *(LEFTOVERS if leftovers else [])])
    write_submission(settings, "so_a", replace(GOOD_A, highlights=[], documents=[]))
    items = [{"list": "bv_kiosk", "text": "Bệnh viện X", "quantity": 2, "key": "x"},
             {"list": "bv_kiosk", "text": HOSPITAL_Y, "quantity": 1, "key": "y"}]
    write_submission(settings, "so_b", replace(GOOD_B, items=items))
    return settings


def test_a_highlight_in_a_section_the_monthly_template_never_names_is_a_marker_naming_unit_and_section(
        tmp_path: Path) -> None:
    draft = resend_police(tmp_path / "project", lambda focal: focal,
                          [{"section": "I.6.a", "text": IDENTITY, "key": ""}])
    found = unprinted_markers(draft)
    assert len(found) == 1 and "I.6.a" in found[0] and police_name() in found[0] and IDENTITY[:-1] in found[0]
    settings = load_settings(tmp_path / "project")
    with pytest.raises(MarkersLeftError):
        export_pdf(settings, OCTOBER)


def test_the_october_sample_leaves_nothing_unprinted(tmp_path: Path) -> None:
    draft = resend_police(tmp_path / "project", lambda focal: focal)
    assert unprinted_markers(draft) == []


def test_a_list_entry_printed_by_no_key_is_a_marker_naming_unit_and_list_and_pdf_refuses_the_draft(
        tmp_path: Path) -> None:
    settings = keyed_month(tmp_path / "project", leftovers=True)
    outcome = pipeline.report(settings, OCT)
    draft = next(p for p in outcome.written if p.suffix == ".docx")
    found = unprinted_markers(draft)
    name = load_catalog(settings.catalog).unit_name("so_b")
    assert len(found) == 1 and HOSPITAL_Y in found[0] and name in found[0]
    assert outcome.unprinted == {}
    with pytest.raises(MarkersLeftError):
        export_pdf(settings, OCT)


def test_a_template_without_chua_in_gets_the_lost_rows_in_the_summary_and_a_kiem_tra_mau_warning(
        tmp_path: Path) -> None:
    settings = keyed_month(tmp_path / "project", leftovers=False)
    outcome = pipeline.report(settings, OCT)
    draft = next(p for p in outcome.written if p.suffix == ".docx")
    name = load_catalog(settings.catalog).unit_name("so_b")
    assert [(r.place, r.unit) for rows in outcome.unprinted.values() for r in rows] == [("bv_kiosk", "so_b")]
    assert all(isinstance(r, Unprinted) for r in outcome.unprinted[draft])
    out = io.StringIO()
    print_summary("bao-cao", outcome, settings, tmp_path, Console(file=out, width=400, highlight=False))
    line = next(t for t in out.getvalue().splitlines() if draft.name in t and name in t)
    assert outcome.unprinted[draft][0].label in line
    codes = [i.problem.code for i in pipeline.check_template(settings, OCT).issues]
    assert codes == ["mau-thieu-chua-in"]


@pytest.mark.parametrize("template", ["bao_cao_thang.docx", "bao_cao_quy.docx", "bao_cao_6_thang.docx",
                                      "bao_cao_nam.docx"])
def test_every_shipped_template_prints_what_is_left_so_kiem_tra_mau_does_not_warn(template: str) -> None:
    settings = load_settings(REPO)
    codes = [i.problem.code for i in pipeline.check_template(settings, OCT, REPO / "templates" / template).issues]
    assert "mau-thieu-chua-in" not in codes
