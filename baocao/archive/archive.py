"""The archive of signed reports: check the digital signature, keep the file append-only, record it.

Next month starts from what was archived, so the archive only ever grows: a file goes in under a stable name
(``luu-tru/2025-10/bao-cao-2025-10-v1.pdf``), is recorded in the history database and in ``luu-tru/manifest.csv``
(for people), and is never replaced, renamed or deleted by the tool. ``audit.py`` re-hashes what was stored.
"""
from __future__ import annotations

import csv
import errno
import hashlib
import io
import json
import os
import re
import sqlite3
import stat
import tempfile
from contextlib import closing, suppress
from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import Enum
from pathlib import Path

from ..codes import Problem, emits, problem
from ..config import ArchiveSettings, Settings
from ..files import write_atomic
from ..periods import ReportPeriod, label_of_key
from ..store.migrations import connect
from .signatures import Verification, load_trust_anchors, verify_pdf

MANIFEST = "manifest.csv"
MANIFEST_HEADER = ("Kỳ báo cáo", "Phiên bản", "Số, ký hiệu", "Tệp lưu trữ", "Tệp gốc", "SHA-256", "Người ký",
                   "Thời điểm ký", "Chứng thư", "Thời điểm lưu trữ")


@dataclass(frozen=True)
class Entry:
    """One archived file, as recorded in the history database."""

    id: int
    period: str
    version: int
    report_number: str
    path: str
    original_name: str
    sha256: str
    size: int
    signer: str
    signed_at: str
    trusted: bool
    signatures: str
    archived_at: str


_COLUMNS = ("id", "period", "version", "report_number", "path", "original_name", "sha256", "size", "signer",
            "signed_at", "trusted", "signatures", "archived_at")


def entries(settings: Settings) -> list[Entry]:
    """Every archived file, oldest first."""
    if not settings.history_db.exists():
        return []
    with closing(connect(settings.history_db)) as conn:
        rows = conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM archive ORDER BY id").fetchall()
    return [Entry(*row[:10], bool(row[10]), *row[11:]) for row in rows]


class Status(Enum):
    ARCHIVED = "da-luu"
    ALREADY = "da-co"
    REFUSED = "tu-choi"


@dataclass
class ArchiveOutcome:
    status: Status
    period: ReportPeriod
    source: Path
    entry: Entry | None = None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    stored: Path | None = None
    manifest: Path | None = None


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _on_disk(folder: Path, period: ReportPeriod) -> dict[int, Path]:
    """The period's archived versions as files, whatever the database says (it may have been lost or replaced)."""
    pattern = re.compile(rf"^bao-cao-{period.key}-v(\d+)\.pdf$", re.IGNORECASE)
    found = {}
    for path in folder.iterdir() if folder.is_dir() else ():
        match = pattern.match(path.name)
        if match and path.is_file():
            found[int(match.group(1))] = path
    return found


def _store_new(path: Path, data: bytes) -> None:
    """Write ``data`` at ``path`` only if nothing is there: a hard link from a finished temporary file never replaces."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".~tmp-", suffix=path.suffix, dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:
            # File systems without hard links (some network shares): check, then rename.
            if path.exists():
                raise FileExistsError(path) from None
            os.replace(tmp, path)
        os.chmod(path, stat.S_IREAD | stat.S_IRGRP | stat.S_IROTH)
    finally:
        with suppress(FileNotFoundError):
            tmp.unlink()


def period_label(key: str) -> str:
    """``tháng 10/2025``, ``quý IV/2025``, ``năm 2025``: a stored period's key as the manifest and messages name it."""
    return label_of_key(key)


def _manifest_row(entry: Entry) -> list[str]:
    return [period_label(entry.period), str(entry.version), entry.report_number, entry.path, entry.original_name,
            entry.sha256, entry.signer, entry.signed_at.replace("T", " "),
            "tin cậy" if entry.trusted else "CHƯA TIN CẬY (chấp nhận theo cấu hình)",
            entry.archived_at.replace("T", " ")]


def read_manifest(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def sync_manifest(settings: Settings) -> Path:
    """Append to manifest.csv every archived file it does not list yet; the file is rewritten whole, atomically.

    Lines already there are kept as they are, even if the database was lost; a line that could not be written last
    time (file open in Excel) is added now."""
    cfg = settings.archive
    path = cfg.folder / MANIFEST
    listed = {row.get(MANIFEST_HEADER[3], "") for row in read_manifest(path)}
    missing = [e for e in entries(settings) if e.path not in listed]
    if not missing and path.exists():
        return path
    old = path.read_bytes() if path.exists() else b""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if not old.strip():
        old = b""
        writer.writerow(MANIFEST_HEADER)
    writer.writerows(_manifest_row(e) for e in missing)
    if old and not old.endswith(b"\n"):
        old += b"\r\n"
    new = (old or "\ufeff".encode()) + buffer.getvalue().encode("utf-8")
    return write_atomic(path, lambda p: p.write_bytes(new))


def _refused(period: ReportPeriod, source: Path, *problems: Problem,
             warnings: list[Problem] | None = None) -> ArchiveOutcome:
    return ArchiveOutcome(Status.REFUSED, period, source, problems=list(problems), warnings=warnings or [])


@emits("da-luu-ky-khac", "tep-luu-tru-hong", "ngoai-co-so-du-lieu")
def _already(settings: Settings, cfg: ArchiveSettings, period: ReportPeriod, source: Path, digest: str,
             known: list[Entry]) -> ArchiveOutcome | None:
    """The outcome when this very file is archived already (by the database, else by the files on disk)."""
    same = [e for e in known if e.sha256 == digest]
    if same:
        entry = same[0]
        if entry.period != period.key:
            return _refused(period, source, problem("da-luu-ky-khac", stored_period=period_label(entry.period),
                                                    path=entry.path, period=period.label))
        stored = cfg.folder / entry.path
        intact = stored.is_file() and _sha256(stored.read_bytes()) == digest
        warnings = [] if intact else [problem("tep-luu-tru-hong", path=entry.path)]
        return ArchiveOutcome(Status.ALREADY, period, source, entry, warnings=warnings, stored=stored,
                              manifest=sync_manifest(settings))
    for path in _on_disk(cfg.folder / period.key, period).values():
        if _sha256(path.read_bytes()) == digest:
            return ArchiveOutcome(Status.ALREADY, period, source, stored=path,
                                  warnings=[problem("ngoai-co-so-du-lieu", database=settings.history_db.name)])
    return None


def archive(settings: Settings, period: ReportPeriod, source: Path, new_version: bool = False,
            now: datetime | None = None) -> ArchiveOutcome:
    """Verify ``source`` and add it to the archive for ``period``; refuse rather than replace anything."""
    cfg = settings.archive
    if not source.is_file():
        raise FileNotFoundError(errno.ENOENT, "không tìm thấy tệp", str(source))
    data = source.read_bytes()
    digest = _sha256(data)
    already = _already(settings, cfg, period, source, digest, entries(settings))
    if already is not None:
        return already
    check = verify_pdf(data, load_trust_anchors(cfg.ca_folder), cfg.accept_untrusted, cfg.fetch_revocation,
                       cfg.ca_folder)
    if not check.ok:
        return _refused(period, source, *check.problems, warnings=check.warnings)
    archived_at = (now or datetime.now()).astimezone().isoformat(timespec="seconds")
    with closing(connect(settings.history_db)) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            taken = _taken(conn, cfg, period)
            if taken and not new_version:
                conn.execute("ROLLBACK")
                return _refused(period, source, _already_stored(period, *taken), warnings=check.warnings)
            entry = _add(conn, settings, period, source, data, check, archived_at, taken)
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return ArchiveOutcome(Status.ARCHIVED, period, source, entry, warnings=check.warnings,
                          stored=cfg.folder / entry.path, manifest=sync_manifest(settings))


Taken = tuple[list[tuple[int, str, str, str]], dict[int, Path]]   # the database's versions, the files on disk


def _taken(conn: sqlite3.Connection, cfg: ArchiveSettings, period: ReportPeriod) -> Taken | None:
    """The period's versions already stored (database and disk), or None."""
    current = conn.execute("SELECT version, path, signer, archived_at FROM archive WHERE period = ?",
                           (period.key,)).fetchall()
    disk = _on_disk(cfg.folder / period.key, period)
    return (current, disk) if current or disk else None


@emits("da-co-ban-luu")
def _already_stored(period: ReportPeriod, current: list[tuple[int, str, str, str]], disk: dict[int, Path]) -> Problem:
    listed = {v: f"{p} (ký bởi {s}, lưu lúc {a.replace('T', ' ')})" for v, p, s, a in current}
    names = [listed.get(v) or f"{period.key}/{path.name}" for v, path in disk.items()]
    names += [text for v, text in listed.items() if v not in disk]
    return problem("da-co-ban-luu", period=period.label, stored=", ".join(sorted(names)))


def _add(conn: sqlite3.Connection, settings: Settings, period: ReportPeriod, source: Path, data: bytes,
         check: Verification, archived_at: str, taken: Taken | None) -> Entry:
    """Store the file under the next version and record it, in the caller's transaction; committed here."""
    current, disk = taken or ([], {})
    # One more than any version in the database or on disk: a lost database never leads to overwriting.
    version = max([0, *(v for v, *_ in current), *disk]) + 1
    relative = f"{period.key}/bao-cao-{period.key}-v{version}.pdf"
    signers = list(dict.fromkeys(s.signer for s in check.signatures))
    values = (period.key, version, settings.document_number(period), relative, source.name, _sha256(data), len(data),
              "; ".join(signers), check.signatures[0].signed_at, int(check.trusted),
              json.dumps([asdict(s) for s in check.signatures], ensure_ascii=False), archived_at)
    target = settings.archive.folder / relative
    _store_new(target, data)
    try:
        row_id = conn.execute(f"INSERT INTO archive ({', '.join(_COLUMNS[1:])}) "
                              f"VALUES ({', '.join('?' * len(values))})", values).lastrowid
        conn.execute("COMMIT")
    except BaseException:
        # Not recorded, so not archived: remove the copy this run just made (nothing else is ever removed).
        os.chmod(target, stat.S_IREAD | stat.S_IWRITE)
        target.unlink()
        raise
    return Entry(row_id, *values[:9], bool(values[9]), *values[10:])


def describe_signing_time(value: str) -> str:
    """``2025-10-22T09:15:00+07:00`` → ``22/10/2025 09:15:00 (UTC+07:00)``; empty → a word saying it is unknown."""
    if not value:
        return "không rõ"
    moment = datetime.fromisoformat(value)
    offset = moment.strftime("%z")
    return f"{moment:%d/%m/%Y %H:%M:%S}" + (f" (UTC{offset[:3]}:{offset[3:]})" if offset else "")


def describe_archive(outcome: ArchiveOutcome, root: Path, debug: bool = False) -> list[str]:
    """What the clerk reads after ``luu-tru``, one line each."""
    lines: list[str] = []
    if outcome.status is Status.REFUSED:
        lines.append(f"Từ chối lưu trữ {outcome.source.name} cho kỳ {outcome.period.label}:")
        lines += [f"  • {p.message} (mã: {p.code})" + (f" [{p.detail}]" if debug and p.detail else "")
                  for p in outcome.problems]
        lines.append("Không có tệp nào được ghi vào kho lưu trữ.")
    elif outcome.entry is None:
        lines.append(f"Tệp {outcome.source.name} đã có trong kho lưu trữ: "
                     f"{shown_path(outcome.stored or outcome.source, root)}. Không lưu thêm.")
    else:
        e = outcome.entry
        if outcome.status is Status.ALREADY:
            lines.append(f"Tệp {outcome.source.name} đã được lưu trữ trước đây cho kỳ {period_label(e.period)}, "
                         f"phiên bản {e.version}: {e.path}. Không lưu thêm.")
        else:
            lines.append(f"Đã lưu trữ báo cáo kỳ {outcome.period.label}, phiên bản {e.version}.")
        source = next((s.get("time_source", "") for s in json.loads(e.signatures or "[]")), "")
        lines.append(f"  Người ký: {e.signer}; thời điểm ký: {describe_signing_time(e.signed_at)}"
                     + (f" (theo {source})" if source else ""))
        if e.report_number:
            lines.append(f"  Số, ký hiệu: {e.report_number}")
        lines.append(f"  SHA-256: {e.sha256}")
        if outcome.stored is not None:
            lines.append(f"  Tệp lưu trữ: {shown_path(outcome.stored, root)}")
        if outcome.manifest is not None:
            lines.append(f"  Sổ lưu trữ: {shown_path(outcome.manifest, root)}")
    lines += [f"Cảnh báo: {w.message}" for w in outcome.warnings]
    return lines


def shown_path(path: Path, root: Path) -> str:
    with suppress(ValueError):
        return str(path.relative_to(root))
    return str(path)
