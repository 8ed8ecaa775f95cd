"""A throw-away PKI for tests: a test CA, signing certificates, pyHanko signatures and after-signing edits.

Also the few PDF helpers the PDF and archive tests share (a small draft .docx, the LibreOffice skip marker, the CLI).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from io import BytesIO
from pathlib import Path

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import MDPPerm
from pyhanko_certvalidator.registry import SimpleCertificateStore

from .builders import REPO

# CI installs LibreOffice (.ci/run), so there a missing soffice must fail the tests rather than skip them.
needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None and os.environ.get("CI") != "true",
    reason="LibreOffice (soffice) is not installed here: apt install libreoffice-writer-nogui fonts-liberation2")


def cli(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The real command line on the project at ``root``."""
    full = dict(os.environ, BAOCAO_ROOT=str(root), COLUMNS="200", **(env or {}))
    return subprocess.run([sys.executable, str(REPO / "generate.py"), *args], capture_output=True, text=True,
                          encoding="utf-8", env=full, timeout=600)


def make_docx(path: Path, text: str = "BÁO CÁO Kết quả triển khai Đề án 06 tháng 10/2025") -> Path:
    """A one-page draft in Times New Roman with Vietnamese text, as the clerk saves it from Word."""
    from docx import Document

    document = Document()
    heading = document.add_paragraph().add_run(text)
    heading.bold = True
    heading.font.name = "Times New Roman"
    body = document.add_paragraph().add_run("Ủy ban nhân dân tỉnh Khánh Hòa: 1.444.257/1.772.539 (81,48%).")
    body.font.name = "Times New Roman"
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Kiểm thử"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _usage(*, sign: bool, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=sign, content_commitment=sign, key_encipherment=False,
                         data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                         encipher_only=False, decipher_only=False)


@dataclass(frozen=True)
class Identity:
    """A certificate with its private key."""

    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @property
    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    def write_pem(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.cert.public_bytes(serialization.Encoding.PEM))
        return path


def make_ca(common_name: str = "CA kiểm thử") -> Identity:
    now = datetime.now(timezone.utc)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name(common_name)).issuer_name(_name(common_name))
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(_usage(sign=False, ca=True), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    return Identity(cert, key)


def issue(ca: Identity, common_name: str, days: int = 365) -> Identity:
    """A signing certificate, as a token from the government CA carries (digital signature + non-repudiation)."""
    now = datetime.now(timezone.utc)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name(common_name)).issuer_name(ca.cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_usage(sign=True, ca=False), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False)
            .sign(ca.key, hashes.SHA256()))
    return Identity(cert, key)


def _signer(identity: Identity, ca: Identity) -> signers.SimpleSigner:
    key = asn1_keys.PrivateKeyInfo.load(identity.key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return signers.SimpleSigner(signing_cert=asn1_x509.Certificate.load(identity.der), signing_key=key,
                                cert_registry=SimpleCertificateStore.from_certs([asn1_x509.Certificate.load(ca.der)]))


def sign(source: Path, target: Path, identity: Identity, ca: Identity, field: str = "ChuKy",
         certify: bool = False) -> Path:
    """Sign as the leader's token would: an incremental update with a PAdES signature in a new field.

    ``certify`` makes it a certifying signature that allows form filling and further signatures (DocMDP 2)."""
    meta = signers.PdfSignatureMetadata(field_name=field, certify=certify,
                                        docmdp_permissions=MDPPerm.FILL_FORMS)
    writer = IncrementalPdfFileWriter(BytesIO(source.read_bytes()))
    target.write_bytes(signers.sign_pdf(writer, meta, signer=_signer(identity, ca)).getvalue())
    return target


def _first_page(writer: IncrementalPdfFileWriter) -> tuple[generic.IndirectObject, generic.DictionaryObject]:
    ref = writer.root["/Pages"].raw_get("/Kids")[0]
    return ref, ref.get_object()


def add_annotation(source: Path, target: Path) -> Path:
    """After signing, a sticky note on page 1 in an incremental update (what a PDF reader's comment tool does)."""
    writer = IncrementalPdfFileWriter(BytesIO(source.read_bytes()))
    _, page = _first_page(writer)
    note = writer.add_object(generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Annot"),
        generic.NameObject("/Subtype"): generic.NameObject("/Text"),
        generic.NameObject("/Rect"): generic.ArrayObject([generic.NumberObject(n) for n in (50, 50, 70, 70)]),
        generic.NameObject("/Contents"): generic.TextStringObject("Sửa số liệu sau khi ký"),
    }))
    page[generic.NameObject("/Annots")] = generic.ArrayObject([note])
    writer.update_container(page)
    buffer = BytesIO()
    writer.write(buffer)
    target.write_bytes(buffer.getvalue())
    return target


def add_page(source: Path, target: Path) -> Path:
    """After signing, a second page appended in an incremental update (a copy of page 1's content)."""
    writer = IncrementalPdfFileWriter(BytesIO(source.read_bytes()))
    pages = writer.root["/Pages"]
    _, first = _first_page(writer)
    copy = generic.DictionaryObject({k: v for k, v in first.items() if k not in ("/Annots", "/StructParents")})
    new = writer.add_object(copy)
    pages["/Kids"].append(new)
    pages[generic.NameObject("/Count")] = generic.NumberObject(len(pages["/Kids"]))
    writer.update_container(pages)
    buffer = BytesIO()
    writer.write(buffer)
    target.write_bytes(buffer.getvalue())
    return target


def change_signed_byte(source: Path, target: Path) -> Path:
    """One byte changed inside the signed range (a figure edited with a hex editor), file length unchanged."""
    data = bytearray(source.read_bytes())
    at = data.index(b"/Producer")
    data[at + 1] = ord("Q")
    target.write_bytes(bytes(data))
    return target
