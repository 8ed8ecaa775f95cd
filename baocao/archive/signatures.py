"""Checking a signed PDF with pyHanko: at least one intact, trusted signature, and no change after signing beyond
what the signature allows. Every reason to refuse (or to warn) is a ``Problem`` coded from the registry."""
from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from asn1crypto import cms, pem, x509

from ..codes import Problem, emits, problem
from ..config import ConfigError

# pyHanko logs its reasoning (with tracebacks) at WARNING; the problems below already say it in Vietnamese.
# A NullHandler keeps Python's last-resort handler from printing them when the application configured no logging.
for _name in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

CA_SUFFIXES = (".pem", ".crt", ".cer", ".der", ".p7b", ".p7c")
ACCEPTED_UNTRUSTED = " Vẫn lưu trữ vì config.toml cho phép (chap_nhan_chua_tin_cay = true)."


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


@emits("chung-thu-bi-thu-hoi", "chua-tin-cay")
def _trust_problem(indication: object, signer: str, anchors: int, ca_folder: Path | None) -> Problem:
    name = getattr(indication, "name", str(indication))
    if "REVOKED" in name:
        return problem("chung-thu-bi-thu-hoi", signer=signer, detail=name)
    if name in ("EXPIRED", "OUT_OF_BOUNDS_NO_POE", "OUT_OF_BOUNDS_NOT_REVOKED", "NOT_YET_VALID"):
        return problem("chua-tin-cay", "het-han", signer=signer, detail=name)
    if name == "NO_CERTIFICATE_CHAIN_FOUND" and anchors == 0:
        return problem("chua-tin-cay", "chua-co-goc", signer=signer, folder=ca_folder or "ghi ở thu_muc_ca",
                       detail=name)
    if name == "NO_CERTIFICATE_CHAIN_FOUND":
        return problem("chua-tin-cay", "khac-goc", signer=signer, folder=ca_folder, detail=name)
    if name == "SIG_CONSTRAINTS_FAILURE":
        return problem("chua-tin-cay", "khong-de-ky", signer=signer, detail=name)
    return problem("chua-tin-cay", signer=signer, reason=name, detail=name)


@emits("khong-phai-pdf", "pdf-co-mat-khau", "khong-co-chu-ky")
def _signatures(data: bytes, result: Verification) -> list[Any]:
    """The PDF's signatures, or none after a problem says why (not a PDF, damaged, encrypted, unsigned)."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    if b"%PDF-" not in data[:1024]:
        result.problems.append(problem("khong-phai-pdf"))
        return []
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if reader.encrypt_dict:
            result.problems.append(problem("pdf-co-mat-khau"))
            return []
        signatures = list(reader.embedded_regular_signatures)
    except (PdfError, ValueError, TypeError, KeyError) as exc:
        result.problems.append(problem("khong-phai-pdf", "hong", detail=repr(exc)))
        return []
    if not signatures:
        result.problems.append(problem("khong-co-chu-ky"))
    return signatures


def verify_pdf(data: bytes, anchors: list[x509.Certificate], accept_untrusted: bool = False,
               fetch_revocation: bool = False, ca_folder: Path | None = None) -> Verification:
    """Is ``data`` a PDF with at least one intact, trusted signature and no change after signing beyond what it allows?

    After an approval signature only more signatures, time stamps and validation data may be added; annotations
    only when a certifying signature allows them (DocMDP)."""
    verifier = _Verifier(anchors, accept_untrusted, fetch_revocation, ca_folder)
    for sig in _signatures(data, verifier.result):
        checked = verifier.signature(sig)
        if checked is not None:
            verifier.result.signatures.append(checked)
    return verifier.result


@dataclass
class _Verifier:
    anchors: list[x509.Certificate]
    accept_untrusted: bool
    fetch_revocation: bool
    ca_folder: Path | None
    result: Verification = field(default_factory=Verification)

    @emits("chu-ky-hong", "sua-sau-khi-ky", "dau-thoi-gian-chua-tin-cay")
    def signature(self, sig: Any) -> SignatureInfo | None:
        """One signature: intact, covering the document as signed, with a trusted time and signer; None after a
        problem when it is not."""
        from pyhanko.pdf_utils.misc import PdfError
        from pyhanko.sign.diff_analysis import ModificationLevel
        from pyhanko.sign.fields import MDPPerm
        from pyhanko.sign.validation import validate_pdf_signature
        from pyhanko.sign.validation.settings import KeyUsageConstraints
        from pyhanko_certvalidator import ValidationContext

        usage = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False)
        context = ValidationContext(trust_roots=list(self.anchors), allow_fetching=self.fetch_revocation,
                                    revocation_mode="soft-fail")
        problems = self.result.problems
        try:
            signer = _name(sig.signer_cert.subject)
            issuer = _name(sig.signer_cert.issuer)
            status = validate_pdf_signature(sig, context, key_usage_settings=usage)
        except (PdfError, ValueError, TypeError, KeyError) as exc:
            problems.append(problem("chu-ky-hong", "o-chu-ky", field=sig.field_name, detail=repr(exc)))
            return None
        if not (status.intact and status.valid):
            problems.append(problem("chu-ky-hong", signer=signer,
                                    detail=f"intact={status.intact} valid={status.valid}"))
            return None
        level = status.modification_level
        allowed = sig.docmdp_level or MDPPerm.FILL_FORMS
        if not status.docmdp_ok or level is None or level is ModificationLevel.OTHER or level.value > allowed.value:
            problems.append(problem("sua-sau-khi-ky", signer=signer,
                                    detail=f"coverage={status.coverage} level={level}"))
            return None
        stamp = status.timestamp_validity
        if stamp is not None and not (stamp.intact and stamp.valid):
            problems.append(problem("chu-ky-hong", "dau-thoi-gian", signer=signer))
            return None
        if stamp is not None and stamp.trusted:
            when, source = stamp.timestamp, "dấu thời gian"
        else:
            when, source = status.signer_reported_dt, "máy của người ký"
            if stamp is not None:
                self.result.warnings.append(problem("dau-thoi-gian-chua-tin-cay", signer=signer))
        if not self.trusted(status, signer):
            return None
        return SignatureInfo(signer, issuer, _when(when), source, status.trusted, sig.field_name)

    def trusted(self, status: Any, signer: str) -> bool:
        """Not revoked, and trusted, or accepted untrusted where config.toml allows it (with a warning)."""
        anchors = len(self.anchors)
        if status.revoked:
            self.result.problems.append(_trust_problem("REVOKED", signer, anchors, self.ca_folder))
            return False
        if status.trusted:
            return True
        found = _trust_problem(status.trust_problem_indic, signer, anchors, self.ca_folder)
        if not self.accept_untrusted or found.code != "chua-tin-cay":
            self.result.problems.append(found)
            return False
        self.result.warnings.append(Problem(found.code, found.message + ACCEPTED_UNTRUSTED, found.detail))
        return True
