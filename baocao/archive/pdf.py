"""The edited draft (.docx) → PDF/A-2b with LibreOffice headless: the file the leader signs and the archive keeps.

PDF/A because the signed report is kept for years: fonts are embedded and the file does not depend on what is
installed on the reader's machine. LibreOffice runs with its own throw-away user profile, so the conversion works
while the clerk has LibreOffice open, and with a timeout, so a stuck converter never hangs the tool.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..config import Settings
from ..files import OutputFolder, free_name, sha256_of, write_atomic
from ..periods import ReportPeriod
from ..report.markers import Found, find_markers
from ..store import history, runs

PDFA_2B = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
DRAFT_SUFFIXES = (".docx", ".doc", ".odt", ".rtf")
DEFAULT_TIMEOUT = 180.0

INSTALL_ADVICE = (
    "Chưa cài LibreOffice (không tìm thấy lệnh soffice), nên không chuyển được sang PDF.\n"
    "  • Debian/Ubuntu: sudo apt install libreoffice-writer-nogui fonts-liberation2\n"
    "  • Windows: cài LibreOffice (https://www.libreoffice.org) rồi chạy lại lệnh; hoặc mở bản dự thảo trong Word, "
    "chọn File > Save As > PDF, bấm Options… và đánh dấu \"PDF/A compliant\" rồi lưu."
)


class PdfError(Exception):
    """The PDF could not be made (exit status 3); the message says what to do."""


class LibreOfficeMissingError(PdfError):
    def __init__(self) -> None:
        super().__init__(INSTALL_ADVICE)


class NoDraftError(PdfError):
    """No draft to convert: the clerk has not saved the edited report in the period folder, or named a wrong file."""


class MarkersLeftError(Exception):
    """The draft still holds markers (missing or doubted figures): not converted for signing (exit status 1)."""

    def __init__(self, draft: Path, markers: list[Found]):
        super().__init__(f"{draft.name} còn {len(markers)} chỗ đánh dấu chưa xử lý.")
        self.draft = draft
        self.markers = markers



def find_libreoffice() -> str | None:
    """``soffice`` on PATH, else LibreOffice's standard install folder (Windows, macOS), where PATH rarely has it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    candidates: list[Path] = []
    if os.name == "nt":
        for var in ("ProgramFiles", "ProgramFiles(x86)", "ProgramW6432"):
            base = os.environ.get(var)
            if base:
                candidates.append(Path(base) / "LibreOffice" / "program" / "soffice.exe")
    elif sys.platform == "darwin":
        candidates.append(Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"))
    return next((str(p) for p in candidates if p.is_file()), None)


REVIEW_COPY = " - doi-chieu"   # the review copy written beside a draft: for reading, never the one signed


def find_draft(settings: Settings, period: ReportPeriod, named: Path | None = None) -> Path:
    """The named file; else the draft the clerk edited: the one ``.docx`` in ``outputs/<kỳ>/`` whose content is not
    what the tool wrote (the history keeps the SHA-256 of every file it wrote). Several edited: the clerk names one
    with ``--tep``. None edited: the tool's latest draft."""
    if named is not None:
        if not named.is_file():
            raise NoDraftError(f"Không tìm thấy tệp {named}. Kiểm tra lại đường dẫn sau --tep.")
        if named.suffix.lower() not in DRAFT_SUFFIXES:
            raise NoDraftError(f"Tệp {named.name} không phải văn bản Word (.docx). Hãy chỉ tệp báo cáo đã sửa sau --tep.")
        return named
    folder = settings.outputs / period.key
    drafts = [p for p in folder.glob("*.docx")
              if p.is_file() and not p.name.startswith(("~$", ".~")) and not p.stem.endswith(REVIEW_COPY)]
    if not drafts:
        raise NoDraftError(f"Chưa có bản dự thảo báo cáo (.docx) của kỳ {period.label} trong thư mục {folder}. "
                           "Hãy lưu bản báo cáo đã sửa vào thư mục này, hoặc chỉ rõ tệp bằng --tep.")
    own = runs.own_outputs(settings.history_db, period)
    edited = sorted(p for p in drafts if sha256_of(p) not in own)
    if len(edited) > 1:
        names = ", ".join(p.name for p in edited)
        raise NoDraftError(f"Có {len(edited)} bản dự thảo đã được sửa trong {folder}: {names}. Hãy chọn bản cần chuyển "
                           f"sang PDF, ví dụ: python generate.py pdf --ky {period.label} --tep \"{edited[0]}\"")
    return edited[0] if edited else max(drafts, key=lambda p: (p.stat().st_mtime, p.name))


def _stop(proc: subprocess.Popen) -> None:
    """Stop the converter and what it started (soffice is a launcher for soffice.bin)."""
    if os.name == "nt":
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], capture_output=True, check=False)
        proc.kill()
    else:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    proc.communicate()


def _looks_like_pdf(path: Path) -> bool:
    if not path.is_file():
        return False
    with path.open("rb") as fh:
        return fh.read(5) == b"%PDF-"


def convert(source: Path, target: Path, soffice: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Convert ``source`` to PDF/A-2b and write it atomically at exactly ``target`` (the caller picks a free name)."""
    soffice = soffice or find_libreoffice()
    if soffice is None:
        raise LibreOfficeMissingError()
    with tempfile.TemporaryDirectory(prefix="baocao-pdf-", ignore_cleanup_errors=True) as tmp:
        work = Path(tmp)
        # Converting a copy keeps LibreOffice's lock file out of the clerk's folder and works while Word has it open.
        copy = work / "in" / source.name
        copy.parent.mkdir()
        shutil.copyfile(source, copy)
        out = work / "out"
        command = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--invisible",
                   "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                   "--convert-to", PDFA_2B, "--outdir", str(out), str(copy)]
        group = {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if os.name == "nt" else {"start_new_session": True}
        try:
            proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    **group)
        except FileNotFoundError as exc:
            raise LibreOfficeMissingError() from exc
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _stop(proc)
            raise PdfError(f"LibreOffice không chuyển xong {source.name} sau {timeout:.0f} giây nên đã bị dừng. "
                           "Hãy thử lại; nếu vẫn vậy, mở tệp trong Word và lưu thành PDF (PDF/A).") from None
        except BaseException:
            # Ctrl-C does not reach a converter in its own process group: stop it here.
            _stop(proc)
            raise
        produced = out / f"{copy.stem}.pdf"
        if not _looks_like_pdf(produced):
            detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] if err else []
            raise PdfError(f"LibreOffice không chuyển được {source.name} sang PDF (mã {proc.returncode}"
                           f"{': ' + detail[0] if detail else ''}). Hãy mở tệp trong Word xem tệp có hỏng không, "
                           "lưu lại rồi chạy lại lệnh.")
        return write_atomic(target, lambda p: shutil.copyfile(produced, p))


def export_pdf(settings: Settings, period: ReportPeriod, named: Path | None = None, overwrite: bool = False,
               timeout: float = DEFAULT_TIMEOUT, accept_markers: Callable[[list[Found]], None] | None = None) -> Path:
    """``pdf`` command: the period's draft → ``<same name>.pdf`` beside it. In the period's folder a PDF the tool
    made is replaced (kept in lan-truoc/), one the clerk changed (signed in place) never is; elsewhere (``--tep``)
    nothing is overwritten unless ``overwrite``. A draft that still holds markers is refused (MarkersLeftError);
    ``accept_markers`` (``--bo-qua-danh-dau``) is told them instead, and the draft is converted."""
    source = find_draft(settings, period, named)
    left = find_markers(source) if source.suffix.lower() == ".docx" else []
    if left and accept_markers is None:
        raise MarkersLeftError(source, left)
    if left and accept_markers is not None:
        accept_markers(left)
    soffice = find_libreoffice()
    if soffice is None:
        raise LibreOfficeMissingError()
    target = source.with_suffix(".pdf")
    folder = settings.outputs / period.key
    if source.parent.resolve() != folder.resolve():
        return convert(source, free_name(target, overwrite), soffice, timeout)
    outputs = OutputFolder(folder, runs.own_outputs(settings.history_db, period), overwrite)
    outputs.check([target])
    made = convert(source, target.with_name(f".~tmp-pdf-{os.getpid()}.pdf"), soffice, timeout)
    try:
        placed = outputs.put(made, target)
    finally:
        made.unlink(missing_ok=True)
    history.record_run(settings.history_db, "pdf", period, [], [], [placed], None, output_hashes=outputs.written)
    return placed
