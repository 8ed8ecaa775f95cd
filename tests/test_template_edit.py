"""The template belongs to the clerk: the .docx is the source of the report's wording. Edited in a word processor
(LibreOffice here, the nearest this machine has to Word) and saved back as .docx, it renders, with the edit."""
from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from baocao import pipeline
from baocao.config import load_settings
from baocao.report.docx_text import extract_text

from .test_golden import OCTOBER, october_project
from .pki import cli, needs_libreoffice

OPENING = "{{ ky.thang }}, như sau:"
EDITED = "{{ ky.thang }} (toàn tỉnh có {{ so.tthc_tong }} thủ tục hành chính), như sau:"


def convert(source: Path, target_format: str, folder: Path, profile: Path) -> Path:
    run = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                          target_format, "--outdir", str(folder), str(source)], capture_output=True, text=True,
                         timeout=300)
    out = folder / f"{source.stem}.{target_format.split(':')[0]}"
    assert out.is_file(), run.stdout + run.stderr
    return out


def edit_odt(source: Path, target: Path, old: str, new: str) -> None:
    """Change one paragraph's text in the document LibreOffice wrote (the mimetype entry stays first, stored)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "content.xml":
                text = data.decode("utf-8")
                assert text.count(old) == 1, "the opening paragraph is not where LibreOffice put it"
                data = text.replace(old, new).encode("utf-8")
            kind = zipfile.ZIP_STORED if item.filename == "mimetype" else zipfile.ZIP_DEFLATED
            zout.writestr(item, data, compress_type=kind)


@needs_libreoffice
def test_a_paragraph_edited_in_libreoffice_and_saved_as_docx_renders_with_the_edit(tmp_path: Path) -> None:
    root = october_project(tmp_path / "project")
    template = root / "templates" / "bao_cao_thang.docx"
    work, profile = tmp_path / "lo", tmp_path / "profile"
    odt = convert(template, "odt", work, profile)
    edited = work / "edited" / "bao_cao_thang.odt"
    edited.parent.mkdir()
    edit_odt(odt, edited, OPENING, EDITED)
    saved = convert(edited, "docx:MS Word 2007 XML", work / "saved", profile)
    shutil.copy(saved, template)

    checked = cli(root, "kiem-tra-mau")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    outcome = pipeline.report(load_settings(root), OCTOBER)
    assert outcome.template_problem is None
    text = extract_text(next(p for p in outcome.written if p.suffix == ".docx"))
    assert "tháng 10/2025 (toàn tỉnh có 2.156 [chưa khớp:" in text      # the seed's sum, marked (issue 14)
    assert "— Sở Khoa học và Công nghệ] thủ tục hành chính), như sau:" in text
    assert "4. Về Dịch vụ công (DVC)" in text and "{{" not in text and "{%" not in text

