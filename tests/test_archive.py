"""``luu-tru``: only an intact, trusted, unmodified signed PDF goes into the archive, which only ever grows."""
from __future__ import annotations

import csv
import hashlib
import json
import shutil
import sqlite3
import stat
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest

from baocao.archive import signatures
from baocao.config import ConfigError, load_settings
from baocao.archive.pdf import export_pdf
from baocao.periods import Period

from . import pki
from .builders import make_project
from .pki import cli, needs_libreoffice

OCT = Period(2025, 10)
LEADER = "NGUYỄN KHẮC TOÀN"


@pytest.fixture(scope="module")
def draft_pdf(tmp_path_factory) -> Path:
    """The report as the tool hands it over for signing: a small .docx converted by ``pdf`` (once per module)."""
    settings = make_project(tmp_path_factory.mktemp("draft") / "project")
    pki.make_docx(settings.outputs / OCT.key / "bao-cao-2025-10.docx")
    return export_pdf(settings, OCT)


@pytest.fixture(scope="module")
def ca() -> pki.Identity:
    return pki.make_ca("CA Chính phủ kiểm thử")


@pytest.fixture
def project(tmp_path: Path, ca: pki.Identity):
    settings = make_project(tmp_path / "project")
    ca.write_pem(settings.root / "chung-thu-goc" / "ca-chinh-phu.pem")
    return settings


@pytest.fixture
def signed(tmp_path: Path, draft_pdf: Path, ca: pki.Identity) -> Path:
    return pki.sign(draft_pdf, tmp_path / "bao-cao-da-ky.pdf", pki.issue(ca, LEADER), ca)


def set_archive_option(settings, key: str, value: str) -> None:
    path = settings.root / "config.toml"
    text = path.read_text(encoding="utf-8")
    lines = [f"{key} = {value}" if line.startswith(f"{key} ") else line for line in text.splitlines()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def rows(settings) -> list[sqlite3.Row]:
    if not settings.history_db.exists():
        return []
    with closing(sqlite3.connect(settings.history_db)) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute("SELECT * FROM archive ORDER BY id").fetchall()


def manifest(settings) -> list[dict[str, str]]:
    path = settings.root / "luu-tru" / "manifest.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def archived_files(settings) -> list[str]:
    folder = settings.root / "luu-tru"
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.pdf")) if folder.exists() else []


@needs_libreoffice
def test_a_good_signed_report_is_archived_under_a_stable_name_with_a_database_row_and_a_manifest_line(
        project, signed) -> None:
    result = cli(project.root, "luu-tru", "--ky", "10/2025", str(signed))
    assert result.returncode == 0, result.stderr
    stored = project.root / "luu-tru" / "2025-10" / "bao-cao-2025-10-v1.pdf"
    assert stored.read_bytes() == signed.read_bytes()
    assert not stored.stat().st_mode & stat.S_IWUSR
    digest = hashlib.sha256(signed.read_bytes()).hexdigest()
    assert LEADER in result.stdout and digest in result.stdout
    [row] = rows(project)
    assert (row["period"], row["version"], row["path"], row["sha256"], row["signer"], row["original_name"]) == (
        "2025-10", 1, "2025-10/bao-cao-2025-10-v1.pdf", digest, LEADER, "bao-cao-da-ky.pdf")
    assert row["report_number"] == project.document_number(Period(2025, 10)) == "146/BC-BCĐ"
    assert row["signed_at"] and row["archived_at"] and row["trusted"] == 1
    assert [s["signer"] for s in json.loads(row["signatures"])] == [LEADER]
    assert (project.root / "luu-tru" / "manifest.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    [line] = manifest(project)
    assert (line["Kỳ báo cáo"], line["Phiên bản"], line["Tệp lưu trữ"], line["SHA-256"], line["Người ký"]) == (
        "tháng 10/2025", "1", "2025-10/bao-cao-2025-10-v1.pdf", digest, LEADER)
    assert line["Thời điểm ký"] == row["signed_at"].replace("T", " ")
    assert line["Chứng thư"] == "tin cậy" and line["Số, ký hiệu"] == row["report_number"]


@needs_libreoffice
def test_a_signed_year_end_report_is_archived_under_its_own_period_and_audited_by_it(project, signed) -> None:
    result = cli(project.root, "luu-tru", "--ky", "nam/2025", str(signed))
    assert result.returncode == 0, result.stderr
    assert archived_files(project) == ["2025/bao-cao-2025-v1.pdf"]
    [line] = manifest(project)
    assert (line["Kỳ báo cáo"], line["Tệp lưu trữ"]) == ("năm 2025", "2025/bao-cao-2025-v1.pdf")
    again = cli(project.root, "luu-tru", "--ky", "Q4/2025", str(signed))
    assert again.returncode == 1 and "đã được lưu trữ cho kỳ năm 2025" in again.stderr
    audit = cli(project.root, "luu-tru", "--kiem-tra", "--ky", "2025")
    assert audit.returncode == 0 and "Đã kiểm tra 1 tệp" in audit.stdout


@needs_libreoffice
def test_the_same_file_again_is_reported_as_already_archived_and_stored_once(project, signed) -> None:
    assert cli(project.root, "luu-tru", "--ky", "10/2025", str(signed)).returncode == 0
    again = cli(project.root, "luu-tru", "--ky", "10/2025", str(signed))
    assert again.returncode == 0, again.stderr
    assert "đã được lưu trữ trước đây" in again.stdout
    assert len(rows(project)) == 1 and len(manifest(project)) == 1
    assert archived_files(project) == ["2025-10/bao-cao-2025-10-v1.pdf"]


@needs_libreoffice
def test_the_same_file_for_another_period_is_refused(project, signed) -> None:
    assert cli(project.root, "luu-tru", "--ky", "10/2025", str(signed)).returncode == 0
    result = cli(project.root, "luu-tru", "--ky", "11/2025", str(signed))
    assert result.returncode == 1
    assert "đã được lưu trữ cho kỳ tháng 10/2025" in result.stderr and "(mã: da-luu-ky-khac)" in result.stderr
    assert len(rows(project)) == 1


@needs_libreoffice
def test_a_different_file_for_an_archived_period_is_refused_unless_a_new_version_is_asked_for_then_both_are_kept(
        project, signed, draft_pdf, ca, tmp_path) -> None:
    assert cli(project.root, "luu-tru", "--ky", "10/2025", str(signed)).returncode == 0
    v1 = (project.root / "luu-tru" / "2025-10" / "bao-cao-2025-10-v1.pdf").read_bytes()
    resigned = pki.sign(draft_pdf, tmp_path / "ky-lai.pdf", pki.issue(ca, "TRẦN THỊ B"), ca)
    refused = cli(project.root, "luu-tru", "--ky", "10/2025", str(resigned))
    assert refused.returncode == 1
    assert "(mã: da-co-ban-luu)" in refused.stderr and "--phien-ban-moi" in refused.stderr
    assert archived_files(project) == ["2025-10/bao-cao-2025-10-v1.pdf"] and len(rows(project)) == 1
    accepted = cli(project.root, "luu-tru", "--ky", "10/2025", str(resigned), "--phien-ban-moi")
    assert accepted.returncode == 0, accepted.stderr
    assert "phiên bản 2" in accepted.stdout
    assert archived_files(project) == ["2025-10/bao-cao-2025-10-v1.pdf", "2025-10/bao-cao-2025-10-v2.pdf"]
    assert (project.root / "luu-tru" / "2025-10" / "bao-cao-2025-10-v1.pdf").read_bytes() == v1
    assert [(r["version"], r["signer"]) for r in rows(project)] == [(1, LEADER), (2, "TRẦN THỊ B")]
    assert [line["Phiên bản"] for line in manifest(project)] == ["1", "2"]


def unsigned(tmp_path: Path, draft_pdf: Path, ca: pki.Identity) -> Path:
    return Path(shutil.copy(draft_pdf, tmp_path / "chua-ky.pdf"))


def annotated(tmp_path: Path, draft_pdf: Path, ca: pki.Identity) -> Path:
    good = pki.sign(draft_pdf, tmp_path / "da-ky.pdf", pki.issue(ca, LEADER), ca)
    return pki.add_annotation(good, tmp_path / "them-ghi-chu.pdf")


def page_added(tmp_path: Path, draft_pdf: Path, ca: pki.Identity) -> Path:
    good = pki.sign(draft_pdf, tmp_path / "da-ky.pdf", pki.issue(ca, LEADER), ca)
    return pki.add_page(good, tmp_path / "them-trang.pdf")


def byte_changed(tmp_path: Path, draft_pdf: Path, ca: pki.Identity) -> Path:
    good = pki.sign(draft_pdf, tmp_path / "da-ky.pdf", pki.issue(ca, LEADER), ca)
    return pki.change_signed_byte(good, tmp_path / "sua-byte.pdf")


def unknown_ca(tmp_path: Path, draft_pdf: Path, ca: pki.Identity) -> Path:
    stranger = pki.make_ca("CA không rõ nguồn gốc")
    return pki.sign(draft_pdf, tmp_path / "ca-la.pdf", pki.issue(stranger, LEADER), stranger)


def not_a_pdf(tmp_path: Path, draft_pdf: Path, ca: pki.Identity) -> Path:
    path = pki.make_docx(tmp_path / "bao-cao.docx")
    return Path(shutil.copy(path, tmp_path / "bao-cao.pdf"))


def truncated_pdf(tmp_path: Path, draft_pdf: Path, ca: pki.Identity) -> Path:
    path = tmp_path / "hong.pdf"
    path.write_bytes(draft_pdf.read_bytes()[:400])
    return path


@needs_libreoffice
@pytest.mark.parametrize("make, code, words", [
    (unsigned, "khong-co-chu-ky", "chưa có chữ ký số"),
    (annotated, "sua-sau-khi-ky", "đã bị sửa sau khi"),
    (page_added, "sua-sau-khi-ky", "đã bị sửa sau khi"),
    (byte_changed, "chu-ky-hong", "không khớp nội dung tệp"),
    (unknown_ca, "chua-tin-cay", "không do tổ chức chứng thực nào"),
    (not_a_pdf, "khong-phai-pdf", "không phải tệp PDF"),
    (truncated_pdf, "khong-phai-pdf", "bị hỏng"),
], ids=["unsigned", "annotation-after-signing", "page-after-signing", "byte-in-signed-range", "unknown-ca",
        "not-a-pdf", "truncated-pdf"])
def test_a_file_that_is_not_a_good_signed_pdf_is_refused_with_exit_1_and_nothing_is_stored(
        project, tmp_path, draft_pdf, ca, make, code, words) -> None:
    source = make(tmp_path, draft_pdf, ca)
    result = cli(project.root, "luu-tru", "--ky", "10/2025", str(source))
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"(mã: {code})" in result.stderr and words in result.stderr
    assert "Từ chối lưu trữ" in result.stderr and "Traceback" not in result.stderr
    assert archived_files(project) == [] and rows(project) == []


@needs_libreoffice
def test_an_untrusted_chain_is_archived_with_a_warning_when_the_config_accepts_it(project, tmp_path, draft_pdf) -> None:
    set_archive_option(project, "chap_nhan_chua_tin_cay", "true")
    source = unknown_ca(tmp_path, draft_pdf, pki.make_ca())
    result = cli(project.root, "luu-tru", "--ky", "10/2025", str(source))
    assert result.returncode == 0, result.stderr
    assert "Cảnh báo" in result.stdout and "chap_nhan_chua_tin_cay = true" in result.stdout
    [row] = rows(project)
    assert row["trusted"] == 0
    assert manifest(project)[0]["Chứng thư"].startswith("CHƯA TIN CẬY")


@needs_libreoffice
def test_without_any_trusted_root_the_refusal_says_where_to_put_the_ca_certificate(project, signed) -> None:
    shutil.rmtree(project.root / "chung-thu-goc")
    result = cli(project.root, "luu-tru", "--ky", "10/2025", str(signed))
    assert result.returncode == 1
    assert "Chưa có chứng thư gốc nào" in result.stderr and "chung-thu-goc" in result.stderr


@needs_libreoffice
def test_a_certified_report_countersigned_later_is_accepted_with_both_signers(project, tmp_path, draft_pdf, ca) -> None:
    first = pki.sign(draft_pdf, tmp_path / "ky-1.pdf", pki.issue(ca, LEADER), ca, field="LanhDao", certify=True)
    both = pki.sign(first, tmp_path / "ky-2.pdf", pki.issue(ca, "VĂN THƯ"), ca, field="VanThu")
    result = cli(project.root, "luu-tru", "--ky", "10/2025", str(both))
    assert result.returncode == 0, result.stderr
    [row] = rows(project)
    assert row["signer"] == f"{LEADER}; VĂN THƯ"
    assert [s["field"] for s in json.loads(row["signatures"])] == ["LanhDao", "VanThu"]


@needs_libreoffice
def test_the_audit_catches_an_archived_file_changed_on_disk_and_one_deleted(project, signed, draft_pdf, ca,
                                                                            tmp_path) -> None:
    assert cli(project.root, "luu-tru", "--kiem-tra").returncode == 0
    assert cli(project.root, "luu-tru", "--ky", "10/2025", str(signed)).returncode == 0
    second = pki.sign(draft_pdf, tmp_path / "ky-lai.pdf", pki.issue(ca, LEADER), ca)
    assert cli(project.root, "luu-tru", "--ky", "10/2025", str(second), "--phien-ban-moi").returncode == 0
    clean = cli(project.root, "luu-tru", "--kiem-tra")
    assert clean.returncode == 0 and "Đã kiểm tra 2 tệp" in clean.stdout and "nguyên vẹn" in clean.stdout
    v1 = project.root / "luu-tru" / "2025-10" / "bao-cao-2025-10-v1.pdf"
    v1.chmod(0o644)
    v1.write_bytes(v1.read_bytes() + b"%")
    (project.root / "luu-tru" / "2025-10" / "bao-cao-2025-10-v2.pdf").unlink()
    result = cli(project.root, "luu-tru", "--kiem-tra")
    assert result.returncode == 1
    assert "(mã: tep-bi-thay-doi)" in result.stdout and "bao-cao-2025-10-v1.pdf" in result.stdout
    assert "(mã: tep-bi-mat)" in result.stdout and "bao-cao-2025-10-v2.pdf" in result.stdout


@needs_libreoffice
def test_the_audit_still_works_from_the_manifest_when_the_database_is_lost(project, signed) -> None:
    assert cli(project.root, "luu-tru", "--ky", "10/2025", str(signed)).returncode == 0
    project.history_db.unlink()
    stored = project.root / "luu-tru" / "2025-10" / "bao-cao-2025-10-v1.pdf"
    stored.chmod(0o644)
    stored.write_bytes(b"%PDF-1.7 thay the")
    result = cli(project.root, "luu-tru", "--kiem-tra")
    assert result.returncode == 1 and "chỉ có trong manifest.csv" in result.stdout


@needs_libreoffice
def test_a_lost_database_never_leads_to_overwriting_or_to_a_silent_second_version(project, signed, draft_pdf, ca,
                                                                                   tmp_path) -> None:
    assert cli(project.root, "luu-tru", "--ky", "10/2025", str(signed)).returncode == 0
    project.history_db.unlink()
    again = cli(project.root, "luu-tru", "--ky", "10/2025", str(signed))
    assert again.returncode == 0 and "đã có trong kho lưu trữ" in again.stdout
    second = pki.sign(draft_pdf, tmp_path / "ky-lai.pdf", pki.issue(ca, LEADER), ca)
    refused = cli(project.root, "luu-tru", "--ky", "10/2025", str(second))
    assert refused.returncode == 1 and "2025-10/bao-cao-2025-10-v1.pdf" in refused.stderr
    assert cli(project.root, "luu-tru", "--ky", "10/2025", str(second), "--phien-ban-moi").returncode == 0
    assert (project.root / "luu-tru" / "2025-10" / "bao-cao-2025-10-v1.pdf").read_bytes() == signed.read_bytes()
    assert (project.root / "luu-tru" / "2025-10" / "bao-cao-2025-10-v2.pdf").read_bytes() == second.read_bytes()
    assert [line["Phiên bản"] for line in manifest(project)] == ["1", "2"]


@needs_libreoffice
def test_a_file_left_in_the_archive_by_hand_is_a_warning_not_a_failure(project, signed) -> None:
    assert cli(project.root, "luu-tru", "--ky", "10/2025", str(signed)).returncode == 0
    (project.root / "luu-tru" / "2025-10" / "ban-tu-chep.pdf").write_bytes(b"%PDF-1.7")
    result = cli(project.root, "luu-tru", "--kiem-tra")
    assert result.returncode == 0 and "(không do công cụ lưu)" in result.stdout


@pytest.mark.parametrize("args", [("luu-tru",), ("luu-tru", "bao-cao.pdf"), ("luu-tru", "--ky", "13/2025", "x.pdf"),
                                  ("luu-tru", "--kiem-tra", "x.pdf")])
def test_archiving_without_period_or_file_is_wrong_usage(project, args) -> None:
    result = cli(project.root, *args)
    assert result.returncode == 2 and "Lỗi cách dùng" in result.stderr and "Traceback" not in result.stderr


def test_a_missing_source_file_exits_3(project, tmp_path) -> None:
    result = cli(project.root, "luu-tru", "--ky", "10/2025", str(tmp_path / "khong-co.pdf"))
    assert result.returncode == 3 and "không tìm thấy tệp" in result.stderr


def test_trust_anchors_are_read_from_pem_bundles_and_der_files_and_a_bad_file_is_named(tmp_path) -> None:
    one, two, three = pki.make_ca("Một"), pki.make_ca("Hai"), pki.make_ca("Ba")
    folder = tmp_path / "ca"
    folder.mkdir()
    (folder / "bo.pem").write_bytes(one.write_pem(tmp_path / "1.pem").read_bytes() +
                                    two.write_pem(tmp_path / "2.pem").read_bytes())
    (folder / "ba.cer").write_bytes(three.der)
    (folder / "ghi-chu.txt").write_text("không phải chứng thư", encoding="utf-8")
    names = sorted(c.subject.native["common_name"] for c in signatures.load_trust_anchors(folder))
    assert names == ["Ba", "Hai", "Một"]
    (folder / "hong.crt").write_bytes(b"\x30\x03\x02\x01")
    with pytest.raises(ConfigError, match="hong.crt"):
        signatures.load_trust_anchors(folder)


def test_the_report_number_comes_from_the_periods_entry_and_is_empty_without_it(tmp_path) -> None:
    settings = make_project(tmp_path / "project")
    october, november = Period(2025, 10), Period(2025, 11)
    assert settings.document_number(october) == f"146/BC-{settings.issuer.abbreviation}"
    assert settings.document_number(november) == ""
    assert replace(settings, issues={}).document_number(october) == ""
    config = settings.root / "config.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text[:text.index("[bao_cao]")] + text[text.index("[luu_tru]"):], encoding="utf-8")
    assert load_settings(settings.root).document_number(october) == ""


def test_a_non_boolean_acceptance_flag_is_a_config_error(tmp_path) -> None:
    settings = make_project(tmp_path / "project")
    set_archive_option(settings, "chap_nhan_chua_tin_cay", '"co"')
    with pytest.raises(ConfigError, match="chap_nhan_chua_tin_cay"):
        load_settings(settings.root).archive
