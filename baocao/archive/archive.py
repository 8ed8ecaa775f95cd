"""The archive of signed reports: check the digital signature with pyHanko, keep the file append-only, log it.

Next month starts from what was archived, so the archive only ever grows: a file goes in under a stable name
(``luu-tru/2025-10/bao-cao-2025-10-v1.pdf``), is recorded in the history database and in ``luu-tru/manifest.csv``
(for people), and is never replaced, renamed or deleted by the tool. ``audit`` re-hashes what was stored.
"""
from __future__ import annotations

import csv
import errno
import hashlib
import io
import json
import logging
import os
import re
import stat
import tempfile
from contextlib import closing, suppress
from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import Enum
from pathlib import Path

from asn1crypto import cms, pem, x509

from ..store import history
from ..config import ConfigError, Settings
from ..files import write_atomic
from ..periods import Period

# pyHanko logs its reasoning (with tracebacks) at WARNING; the findings below already say it in Vietnamese.
# A NullHandler keeps Python's last-resort handler from printing them when the application configured no logging.
for _name in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

MANIFEST = "manifest.csv"
MANIFEST_HEADER = ("Kỳ báo cáo", "Phiên bản", "Số, ký hiệu", "Tệp lưu trữ", "Tệp gốc", "SHA-256", "Người ký",
                   "Thời điểm ký", "Chứng thư", "Thời điểm lưu trữ")
CA_SUFFIXES = (".pem", ".crt", ".cer", ".der", ".p7b", ".p7c")


@dataclass(frozen=True)
class ArchiveSettings:
    """``[luu_tru]`` of config.toml."""

    folder: Path
    ca_folder: Path | None
    accept_untrusted: bool
    fetch_revocation: bool


def archive_settings(settings: Settings) -> ArchiveSettings:
    raw = settings.raw.get("luu_tru", {})
    if not isinstance(raw, dict):
        raise ConfigError("config.toml: [luu_tru] phải là một mục (bảng), ví dụ thu_muc = \"luu-tru\".")
    flags = {}
    for key in ("chap_nhan_chua_tin_cay", "tai_thong_tin_thu_hoi"):
        value = raw.get(key, False)
        if not isinstance(value, bool):
            raise ConfigError(f"config.toml, mục [luu_tru]: {key} phải là true hoặc false.")
        flags[key] = value
    ca = str(raw.get("thu_muc_ca", "")).strip()
    return ArchiveSettings(folder=settings.root / str(raw.get("thu_muc", "luu-tru")),
                           ca_folder=settings.root / ca if ca else None,
                           accept_untrusted=flags["chap_nhan_chua_tin_cay"],
                           fetch_revocation=flags["tai_thong_tin_thu_hoi"])


def report_number(settings: Settings) -> str:
    """``146/BC-BCĐ`` from ``[bao_cao] so`` (and ``ky_hieu_loai``), empty when the number is not configured."""
    raw = settings.raw.get("bao_cao")
    if not isinstance(raw, dict):
        return ""
    number = str(raw.get("so", "")).strip()
    if not number:
        return ""
    return f"{number}/{raw.get('ky_hieu_loai', 'BC')}-{settings.issuer.abbreviation}"


def _certificates(path: Path, data: bytes) -> list[x509.Certificate]:
    bundle = path.suffix.lower() in (".p7b", ".p7c")
    blocks = list(pem.unarmor(data, multiple=True)) if pem.detect(data) else [("PKCS7" if bundle else "CERTIFICATE",
                                                                                  {}, data)]
    found: list[x509.Certificate] = []
    for kind, _, der in blocks:
        if kind == "PKCS7":
            signed = cms.ContentInfo.load(der)["content"]
            found.extend(c.chosen for c in signed["certificates"] if c.name == "certificate")
        elif kind in ("CERTIFICATE", "X509 CERTIFICATE"):
            found.append(x509.Certificate.load(der))
    for cert in found:
        cert.native  # parse now: a damaged file is reported here, not deep inside signature validation
    return found


def load_trust_anchors(folder: Path | None) -> list[x509.Certificate]:
    """Every certificate in the CA folder: PEM (several per file allowed), DER, or PKCS#7 bundles as CAs ship them."""
    if folder is None or not folder.is_dir():
        return []
    anchors: list[x509.Certificate] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in CA_SUFFIXES):
        try:
            found = _certificates(path, path.read_bytes())
        except (ValueError, TypeError, KeyError) as exc:
            raise ConfigError(f"Tệp {path} trong thư mục chứng thư gốc (thu_muc_ca) không phải chứng thư số đọc được "
                              "(cần PEM, DER hoặc PKCS#7). Hãy bỏ tệp này ra khỏi thư mục.") from exc
        if not found:
            raise ConfigError(f"Tệp {path} trong thư mục chứng thư gốc (thu_muc_ca) không chứa chứng thư số nào.")
        anchors.extend(found)
    return anchors


@dataclass(frozen=True)
class Problem:
    """One reason to refuse (or to warn): a stable code, the Vietnamese message, a technical detail for --debug."""

    code: str
    message: str
    detail: str = ""


@dataclass(frozen=True)
class SignatureInfo:
    signer: str
    issuer: str
    signed_at: str
    time_source: str
    trusted: bool
    field: str


@dataclass
class Verification:
    signatures: list[SignatureInfo] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def trusted(self) -> bool:
        return bool(self.signatures) and all(s.trusted for s in self.signatures)


def _name(name: x509.Name) -> str:
    fields = name.native
    return str(fields.get("common_name") or name.human_friendly)


def _when(moment: datetime | None) -> str:
    return moment.astimezone().isoformat(timespec="seconds") if moment else ""


def _trust_problem(indication: object, signer: str, anchors: int, ca_folder: Path | None) -> Problem:
    name = getattr(indication, "name", str(indication))
    if "REVOKED" in name:
        return Problem("chung-thu-bi-thu-hoi", f"Chứng thư số của {signer} đã bị thu hồi: chữ ký không còn giá trị.", name)
    if name in ("EXPIRED", "OUT_OF_BOUNDS_NO_POE", "OUT_OF_BOUNDS_NOT_REVOKED", "NOT_YET_VALID"):
        text = f"Chứng thư số của {signer} đã hết hạn hoặc chưa có hiệu lực."
    elif name == "NO_CERTIFICATE_CHAIN_FOUND" and anchors == 0:
        text = (f"Chưa có chứng thư gốc nào để kiểm tra chữ ký của {signer}: hãy chép chứng thư gốc của tổ chức "
                f"chứng thực (ví dụ của Ban Cơ yếu Chính phủ) vào thư mục {ca_folder or 'ghi ở thu_muc_ca'} "
                "(khóa thu_muc_ca, mục [luu_tru] trong config.toml).")
    elif name == "NO_CERTIFICATE_CHAIN_FOUND":
        text = (f"Chứng thư số của {signer} không do tổ chức chứng thực nào trong thư mục chứng thư gốc "
                f"({ca_folder}) cấp: chữ ký chưa được tin cậy.")
    elif name == "SIG_CONSTRAINTS_FAILURE":
        text = f"Chứng thư số của {signer} không dùng để ký văn bản (thiếu mục đích sử dụng ký số)."
    else:
        text = f"Chuỗi chứng thư số của {signer} không hợp lệ ({name})."
    return Problem("chua-tin-cay", text, name)


def verify_pdf(data: bytes, anchors: list[x509.Certificate], accept_untrusted: bool = False,
               fetch_revocation: bool = False, ca_folder: Path | None = None) -> Verification:
    """Is ``data`` a PDF with at least one intact, trusted signature and no change after signing beyond what it allows?

    After an approval signature only more signatures, time stamps and validation data may be added; annotations
    only when a certifying signature allows them (DocMDP)."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.fields import MDPPerm
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko_certvalidator import ValidationContext

    result = Verification()
    if b"%PDF-" not in data[:1024]:
        result.problems.append(Problem("khong-phai-pdf", "Tệp này không phải tệp PDF."))
        return result
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if reader.encrypt_dict:
            result.problems.append(Problem("pdf-co-mat-khau", "Tệp PDF có đặt mật khẩu (mã hóa): không lưu trữ được. "
                                           "Hãy xuất lại bản PDF/A không đặt mật khẩu rồi ký."))
            return result
        signatures = reader.embedded_regular_signatures
    except (PdfError, ValueError, TypeError, KeyError) as exc:
        result.problems.append(Problem("khong-phai-pdf", "Tệp PDF bị hỏng, không đọc được.", repr(exc)))
        return result
    if not signatures:
        result.problems.append(Problem("khong-co-chu-ky", "Tệp PDF chưa có chữ ký số. Hãy ký số rồi lưu trữ bản đã ký."))
        return result
    usage = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False)
    for sig in signatures:
        context = ValidationContext(trust_roots=list(anchors), allow_fetching=fetch_revocation,
                                    revocation_mode="soft-fail")
        try:
            signer = _name(sig.signer_cert.subject)
            issuer = _name(sig.signer_cert.issuer)
            status = validate_pdf_signature(sig, context, key_usage_settings=usage)
        except (PdfError, ValueError, TypeError, KeyError) as exc:
            result.problems.append(Problem("chu-ky-hong", f"Chữ ký số ở ô {sig.field_name} bị hỏng, không kiểm tra được.",
                                           repr(exc)))
            continue
        if not (status.intact and status.valid):
            result.problems.append(Problem(
                "chu-ky-hong", f"Chữ ký số của {signer} không khớp nội dung tệp: tệp đã bị sửa sau khi ký hoặc bị hỏng.",
                f"intact={status.intact} valid={status.valid}"))
            continue
        level = status.modification_level
        allowed = sig.docmdp_level or MDPPerm.FILL_FORMS
        if not status.docmdp_ok or level is None or level is ModificationLevel.OTHER or level.value > allowed.value:
            result.problems.append(Problem(
                "sua-sau-khi-ky", f"Tệp đã bị sửa sau khi {signer} ký (thêm, bớt hoặc thay nội dung): bản này không còn "
                "là bản đã ký. Hãy lấy lại đúng tệp đã ký.", f"coverage={status.coverage} level={level}"))
            continue
        stamp = status.timestamp_validity
        if stamp is not None and not (stamp.intact and stamp.valid):
            result.problems.append(Problem("chu-ky-hong", f"Dấu thời gian trong chữ ký của {signer} bị hỏng."))
            continue
        if stamp is not None and stamp.trusted:
            when, source = stamp.timestamp, "dấu thời gian"
        else:
            when, source = status.signer_reported_dt, "máy của người ký"
            if stamp is not None:
                result.warnings.append(Problem("dau-thoi-gian-chua-tin-cay",
                                               f"Dấu thời gian trong chữ ký của {signer} chưa được tin cậy; "
                                               "thời điểm ký lấy theo máy của người ký."))
        if status.revoked:
            result.problems.append(_trust_problem("REVOKED", signer, len(anchors), ca_folder))
            continue
        if not status.trusted:
            problem = _trust_problem(status.trust_problem_indic, signer, len(anchors), ca_folder)
            if not accept_untrusted or problem.code != "chua-tin-cay":
                result.problems.append(problem)
                continue
            result.warnings.append(Problem(problem.code, problem.message + " Vẫn lưu trữ vì config.toml cho phép "
                                           "(chap_nhan_chua_tin_cay = true).", problem.detail))
        result.signatures.append(SignatureInfo(signer, issuer, _when(when), source, status.trusted, sig.field_name))
    return result


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
    with closing(history.connect(settings.history_db)) as conn:
        rows = conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM archive ORDER BY id").fetchall()
    return [Entry(*row[:10], bool(row[10]), *row[11:]) for row in rows]


class Status(Enum):
    ARCHIVED = "da-luu"
    ALREADY = "da-co"
    REFUSED = "tu-choi"


@dataclass
class ArchiveOutcome:
    status: Status
    period: Period
    source: Path
    entry: Entry | None = None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    stored: Path | None = None
    manifest: Path | None = None


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _on_disk(folder: Path, period: Period) -> dict[int, Path]:
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


def _period_label(key: str) -> str:
    year, month = key.split("-")
    return f"tháng {int(month)}/{year}"


def _manifest_row(entry: Entry) -> list[str]:
    return [_period_label(entry.period), str(entry.version), entry.report_number, entry.path, entry.original_name,
            entry.sha256, entry.signer, entry.signed_at.replace("T", " "),
            "tin cậy" if entry.trusted else "CHƯA TIN CẬY (chấp nhận theo cấu hình)",
            entry.archived_at.replace("T", " ")]


def _read_manifest(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def sync_manifest(settings: Settings) -> Path:
    """Append to manifest.csv every archived file it does not list yet; the file is rewritten whole, atomically.

    Lines already there are kept as they are, even if the database was lost; a line that could not be written last
    time (file open in Excel) is added now."""
    cfg = archive_settings(settings)
    path = cfg.folder / MANIFEST
    listed = {row.get(MANIFEST_HEADER[3], "") for row in _read_manifest(path)}
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


def _refused(period: Period, source: Path, *problems: Problem, warnings: list[Problem] | None = None) -> ArchiveOutcome:
    return ArchiveOutcome(Status.REFUSED, period, source, problems=list(problems), warnings=warnings or [])


def _already(settings: Settings, cfg: ArchiveSettings, period: Period, source: Path, digest: str,
             known: list[Entry]) -> ArchiveOutcome | None:
    """The outcome when this very file is archived already (by the database, else by the files on disk)."""
    same = [e for e in known if e.sha256 == digest]
    if same:
        entry = same[0]
        if entry.period != period.key:
            return _refused(period, source, Problem(
                "da-luu-ky-khac", f"Tệp này đã được lưu trữ cho kỳ {_period_label(entry.period)} "
                f"({entry.path}), không lưu lại cho kỳ {period.label}. Kiểm tra lại kỳ báo cáo (--ky) hoặc tệp."))
        stored = cfg.folder / entry.path
        warnings = [] if stored.is_file() and _sha256(stored.read_bytes()) == digest else [Problem(
            "tep-luu-tru-hong", f"Bản lưu trữ {entry.path} đã bị mất hoặc bị thay đổi: chạy "
            "python generate.py luu-tru --kiem-tra để xem chi tiết.")]
        return ArchiveOutcome(Status.ALREADY, period, source, entry, warnings=warnings, stored=stored,
                              manifest=sync_manifest(settings))
    for path in _on_disk(cfg.folder / period.key, period).values():
        if _sha256(path.read_bytes()) == digest:
            return ArchiveOutcome(Status.ALREADY, period, source, stored=path, warnings=[Problem(
                "ngoai-co-so-du-lieu", "Tệp có trong thư mục lưu trữ nhưng cơ sở dữ liệu lịch sử không ghi nhận "
                f"(cơ sở dữ liệu {settings.history_db.name} đã bị xóa hoặc thay?).")])
    return None


def archive(settings: Settings, period: Period, source: Path, new_version: bool = False,
            now: datetime | None = None) -> ArchiveOutcome:
    """Verify ``source`` and add it to the archive for ``period``; refuse rather than replace anything."""
    cfg = archive_settings(settings)
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
    with closing(history.connect(settings.history_db)) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = conn.execute("SELECT version, path, signer, archived_at FROM archive WHERE period = ?",
                                   (period.key,)).fetchall()
            disk = _on_disk(cfg.folder / period.key, period)
            if (current or disk) and not new_version:
                conn.execute("ROLLBACK")
                listed = {v: f"{p} (ký bởi {s}, lưu lúc {a.replace('T', ' ')})" for v, p, s, a in current}
                names = [listed.get(v) or f"{period.key}/{path.name}" for v, path in disk.items()]
                names += [text for v, text in listed.items() if v not in disk]
                return _refused(period, source, Problem(
                    "da-co-ban-luu", f"Kỳ {period.label} đã có bản lưu trữ: {', '.join(sorted(names))}. Tệp này khác "
                    "bản đã lưu. Nếu đây là bản thay thế (ví dụ báo cáo ký lại), chạy lại lệnh kèm --phien-ban-moi: "
                    "cả bản cũ và bản mới đều được giữ."), warnings=check.warnings)
            # One more than any version in the database or on disk: a lost database never leads to overwriting.
            version = max([0, *(v for v, *_ in current), *disk]) + 1
            relative = f"{period.key}/bao-cao-{period.key}-v{version}.pdf"
            signers = list(dict.fromkeys(s.signer for s in check.signatures))
            values = (period.key, version, report_number(settings), relative, source.name, digest, len(data),
                      "; ".join(signers), check.signatures[0].signed_at, int(check.trusted),
                      json.dumps([asdict(s) for s in check.signatures], ensure_ascii=False), archived_at)
            _store_new(cfg.folder / relative, data)
            try:
                row_id = conn.execute(
                    f"INSERT INTO archive ({', '.join(_COLUMNS[1:])}) VALUES ({', '.join('?' * len(values))})",
                    values).lastrowid
                conn.execute("COMMIT")
            except BaseException:
                # Not recorded, so not archived: remove the copy this run just made (nothing else is ever removed).
                os.chmod(cfg.folder / relative, stat.S_IREAD | stat.S_IWRITE)
                (cfg.folder / relative).unlink()
                raise
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    entry = Entry(row_id, *values[:9], bool(values[9]), *values[10:])
    return ArchiveOutcome(Status.ARCHIVED, period, source, entry, warnings=check.warnings,
                          stored=cfg.folder / relative, manifest=sync_manifest(settings))


@dataclass
class AuditOutcome:
    checked: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def audit(settings: Settings, period: Period | None = None) -> AuditOutcome:
    """Re-hash every archived file listed in the database or in manifest.csv; report the changed and the vanished.

    Both lists are used, so losing (or editing) one of them does not hide a change. Files in the archive folder that
    neither lists are reported as warnings."""
    cfg = archive_settings(settings)
    expected: dict[tuple[str, str], str] = {}
    for e in entries(settings):
        expected.setdefault((e.path, e.sha256), "")
    for row in _read_manifest(cfg.folder / MANIFEST):
        key = (row.get(MANIFEST_HEADER[3], "") or "", (row.get(MANIFEST_HEADER[5], "") or "").lower())
        if key[0]:
            expected.setdefault(key, " (chỉ có trong manifest.csv)")
    if period is not None:
        expected = {k: v for k, v in expected.items() if k[0].startswith(f"{period.key}/")}
    outcome = AuditOutcome()
    hashes: dict[str, str | None] = {}
    for (relative, digest), note in sorted(expected.items()):
        path = cfg.folder / relative
        if relative not in hashes:
            hashes[relative] = _sha256(path.read_bytes()) if path.is_file() else None
        outcome.checked += 1
        actual = hashes[relative]
        if actual is None:
            outcome.problems.append(Problem("tep-bi-mat", f"Mất tệp lưu trữ {relative}{note}.", str(path)))
        elif actual != digest:
            outcome.problems.append(Problem("tep-bi-thay-doi", f"Tệp lưu trữ {relative} đã bị thay đổi sau khi lưu "
                                            f"(mã băm khác với sổ lưu trữ){note}.", f"{digest} → {actual}"))
    listed = {relative for relative, _ in expected}
    scope = cfg.folder / period.key if period is not None else cfg.folder
    if scope.is_dir():
        for path in sorted(p for p in scope.rglob("*") if p.is_file()):
            relative = path.relative_to(cfg.folder).as_posix()
            if relative != MANIFEST and relative not in listed and not path.name.startswith(".~tmp-"):
                outcome.warnings.append(Problem("tep-ngoai-so", f"Tệp {relative} nằm trong thư mục lưu trữ nhưng không "
                                                "có trong sổ lưu trữ (không do công cụ lưu)."))
    return outcome


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
                     f"{_shown(outcome.stored or outcome.source, root)}. Không lưu thêm.")
    else:
        e = outcome.entry
        if outcome.status is Status.ALREADY:
            lines.append(f"Tệp {outcome.source.name} đã được lưu trữ trước đây cho kỳ {_period_label(e.period)}, "
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
            lines.append(f"  Tệp lưu trữ: {_shown(outcome.stored, root)}")
        if outcome.manifest is not None:
            lines.append(f"  Sổ lưu trữ: {_shown(outcome.manifest, root)}")
    lines += [f"Cảnh báo: {w.message}" for w in outcome.warnings]
    return lines


def describe_audit(outcome: AuditOutcome, folder: Path, root: Path) -> list[str]:
    """What the clerk reads after ``luu-tru --kiem-tra``."""
    if not outcome.checked and not outcome.warnings:
        return [f"Kho lưu trữ {_shown(folder, root)} chưa có tệp nào."]
    lines = [f"Đã kiểm tra {outcome.checked} tệp trong kho lưu trữ {_shown(folder, root)}."]
    lines += [f"  • {p.message} (mã: {p.code})" for p in outcome.problems]
    lines += [f"Cảnh báo: {w.message}" for w in outcome.warnings]
    lines.append("Có tệp lưu trữ bị mất hoặc bị thay đổi: hãy lấy lại bản gốc đã ký từ nơi khác (thư điện tử, "
                 "hệ thống văn bản) và báo người phụ trách." if outcome.problems else "Mọi tệp lưu trữ còn nguyên vẹn.")
    return lines


def _shown(path: Path, root: Path) -> str:
    with suppress(ValueError):
        return str(path.relative_to(root))
    return str(path)
