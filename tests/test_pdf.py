"""``pdf``: the edited draft becomes a PDF/A-2b with every font embedded, beside the draft, never over a file."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from baocao.archive import pdf
from baocao.periods import Period

from .builders import make_project
from .pki import cli, make_docx, needs_libreoffice

OCT = Period(2025, 10)
posix_only = pytest.mark.skipif(os.name == "nt", reason="the stand-in converter is a shell script")


@pytest.fixture
def project(tmp_path: Path):
    return make_project(tmp_path / "project")


def pdfa_claim(path: Path) -> tuple[str, str]:
    """(part, conformance) that the XMP metadata declares."""
    with pikepdf.open(path) as doc:
        meta = doc.open_metadata()
        return meta.get("pdfaid:part", ""), meta.get("pdfaid:conformance", "")


def unembedded_fonts(path: Path) -> list[str]:
    """Fonts whose descriptor carries no font program, looking through Type0 fonts to their descendants."""
    missing: list[str] = []
    with pikepdf.open(path) as doc:
        for page in doc.pages:
            fonts = page.obj.get("/Resources", {}).get("/Font", {})
            for _, font in fonts.items():
                target = font.DescendantFonts[0] if font.get("/Subtype") == "/Type0" else font
                descriptor = target.get("/FontDescriptor")
                if font.get("/Subtype") == "/Type3":
                    continue
                if descriptor is None or not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    missing.append(str(font.get("/BaseFont")))
    return missing


def pdffonts_rows(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> Path:
    """One draft converted by the library, shared by the PDF/A checks (LibreOffice takes a few seconds)."""
    settings = make_project(tmp_path_factory.mktemp("pdfa") / "project")
    make_docx(settings.outputs / OCT.key / "bao-cao.docx")
    return pdf.export_pdf(settings, OCT)


@needs_libreoffice
def test_the_draft_the_clerk_edited_is_converted_beside_it_not_the_tool_s_newer_one(project) -> None:
    from baocao import pipeline

    from .builders import GOOD_A, write_submission

    write_submission(project, "so_a", GOOD_A)
    folder = project.outputs / OCT.key
    edited = make_docx(folder / "bao-cao-thang-10 (da sua).docx")   # saved by the clerk, then the tool ran again
    os.utime(edited, (1_700_000_000, 1_700_000_000))
    pipeline.report(project, OCT)
    result = cli(project.root, "pdf", "--ky", "10/2025")
    assert result.returncode == 0, result.stderr
    assert (folder / "bao-cao-thang-10 (da sua).pdf").exists() and not (folder / "bao-cao-2025-10.pdf").exists()
    assert "PDF/A" in result.stdout and "luu-tru --ky 10/2025" in result.stdout
    assert not [p for p in folder.iterdir() if p.name.startswith((".~", "~$"))]


@needs_libreoffice
def test_a_quarterly_draft_is_converted_in_the_quarter_s_folder_and_the_next_step_names_the_quarter(project) -> None:
    folder = project.outputs / "2025-Q4"
    make_docx(folder / "bao-cao-2025-Q4.docx", "BÁO CÁO Kết quả triển khai Đề án 06 quý IV năm 2025")
    result = cli(project.root, "pdf", "--ky", "Q4/2025")
    assert result.returncode == 0, result.stderr
    assert pdfa_claim(folder / "bao-cao-2025-Q4.pdf") == ("2", "B")
    assert "báo cáo quý IV/2025" in result.stdout and "luu-tru --ky Q4/2025" in result.stdout


@needs_libreoffice
def test_the_pdf_declares_pdf_a_2b_in_its_xmp_metadata_with_an_output_intent(converted) -> None:
    assert pdfa_claim(converted) == ("2", "B")
    with pikepdf.open(converted) as doc:
        assert not doc.is_encrypted
        assert any(i.get("/S") == "/GTS_PDFA1" for i in doc.Root.OutputIntents)


@needs_libreoffice
def test_every_font_in_the_pdf_is_embedded(converted) -> None:
    assert unembedded_fonts(converted) == []


@needs_libreoffice
@pytest.mark.skipif(shutil.which("pdffonts") is None and os.environ.get("CI") != "true",
                    reason="pdffonts (poppler-utils) is not installed here; CI installs it")
def test_pdffonts_lists_every_font_as_embedded(converted) -> None:
    rows = pdffonts_rows(converted)
    assert rows and all(row[-5] == "yes" for row in rows), rows
    assert any("Liberation" in row[0] or "Times" in row[0] for row in rows), rows


@needs_libreoffice
def test_a_named_draft_is_converted_beside_it_and_an_existing_pdf_is_never_overwritten(project, tmp_path) -> None:
    draft = make_docx(tmp_path / "nơi khác" / "Báo cáo đã sửa.docx")
    first = cli(project.root, "pdf", "--ky", "10/2025", "--tep", str(draft))
    assert first.returncode == 0, first.stderr
    kept = (tmp_path / "nơi khác" / "Báo cáo đã sửa.pdf").read_bytes()
    second = cli(project.root, "pdf", "--ky", "10/2025", "--tep", str(draft))
    assert second.returncode == 0, second.stderr
    assert (tmp_path / "nơi khác" / "Báo cáo đã sửa.pdf").read_bytes() == kept
    assert pdfa_claim(tmp_path / "nơi khác" / "Báo cáo đã sửa (2).pdf") == ("2", "B")


def test_without_a_draft_for_the_period_it_exits_3_saying_where_to_put_it(project) -> None:
    result = cli(project.root, "pdf", "--ky", "10/2025")
    assert result.returncode == 3
    assert "Chưa có bản dự thảo" in result.stderr and str(Path("outputs") / "2025-10") in result.stderr
    assert "Traceback" not in result.stderr


def test_a_named_draft_that_does_not_exist_exits_3(project, tmp_path) -> None:
    result = cli(project.root, "pdf", "--ky", "10/2025", "--tep", str(tmp_path / "khong-co.docx"))
    assert result.returncode == 3 and "Không tìm thấy tệp" in result.stderr


@pytest.mark.skipif(os.name == "nt" or sys.platform == "darwin",
                    reason="there LibreOffice is also looked for in its standard install folder")
def test_without_libreoffice_it_exits_3_saying_how_to_install_it(project, tmp_path) -> None:
    make_docx(project.outputs / OCT.key / "bao-cao.docx")
    empty = tmp_path / "empty-path"
    empty.mkdir()
    result = cli(project.root, "pdf", "--ky", "10/2025", env={"PATH": str(empty)})
    assert result.returncode == 3
    assert "apt install libreoffice-writer-nogui fonts-liberation2" in result.stderr
    assert "PDF/A compliant" in result.stderr and "Traceback" not in result.stderr
    assert not (project.outputs / OCT.key / "bao-cao.pdf").exists()


def fake_soffice(folder: Path, body: str) -> str:
    script = folder / "soffice"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    return str(script)


@posix_only
def test_a_converter_that_hangs_is_stopped_after_the_timeout_and_nothing_is_written(tmp_path) -> None:
    draft = make_docx(tmp_path / "bao-cao.docx")
    hanging = fake_soffice(tmp_path, f'exec "{sys.executable}" -c "import time; time.sleep(60)"')
    with pytest.raises(pdf.PdfError, match="sau 1 giây"):
        pdf.convert(draft, tmp_path / "bao-cao.pdf", hanging, timeout=1)
    assert not (tmp_path / "bao-cao.pdf").exists()


@posix_only
def test_a_converter_that_writes_no_pdf_is_reported_with_its_exit_status(tmp_path) -> None:
    draft = make_docx(tmp_path / "bao-cao.docx")
    silent = fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2; exit 0")
    with pytest.raises(pdf.PdfError, match="không chuyển được.*could not be loaded"):
        pdf.convert(draft, tmp_path / "bao-cao.pdf", silent)
    assert not (tmp_path / "bao-cao.pdf").exists()


def test_word_lock_files_are_never_taken_for_the_draft(project) -> None:
    folder = project.outputs / OCT.key
    real = make_docx(folder / "bao-cao.docx")
    (folder / "~$bao-cao.docx").write_bytes(b"lock")
    os.utime(real, (1_900_000_000, 1_900_000_000))
    assert pdf.find_draft(project, OCT) == real
