"""config.toml parsed once into typed settings; the document number written one way everywhere; ``python -m
baocao`` is the same command line as ``python generate.py``."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from baocao.config import ConfigError, Issue, Settings, load_settings
from baocao.periods import Period
from baocao.report.context import header

from .builders import REPO, make_project
from .test_cli import cli
from .test_footnotes import mini_template


OCT, NOV = Period(2025, 10), Period(2025, 11)


def set_report_option(root: Path, line: str, value: str) -> None:
    config = root / "config.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(rf"^{line} = .*$", f"{line} = {value}", text, count=1, flags=re.M), encoding="utf-8")


def add_config(root: Path, text: str) -> Settings:
    config = root / "config.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")
    return load_settings(root)


@pytest.mark.parametrize(("so", "expected"), [("5", "05/BC-BCĐ"), ('"05"', "05/BC-BCĐ"), ("146", "146/BC-BCĐ"),
                                              ("1234", "1234/BC-BCĐ"), ('"146a"', "146a/BC-BCĐ")])
def test_the_document_number_is_written_as_nd30_wants_in_the_report_and_the_archive(tmp_path, so, expected) -> None:
    """ND30: a number below 10 has a leading zero; the archive records the number the report prints."""
    settings = make_project(tmp_path / "project")
    set_report_option(settings.root, "so", so)
    settings = load_settings(settings.root)
    assert settings.document_number(OCT) == expected
    assert header(settings, OCT)["so_ky_hieu"] == expected


def test_a_document_not_numbered_yet_leaves_room_in_the_report_and_nothing_in_the_archive(tmp_path) -> None:
    settings = make_project(tmp_path / "project")
    assert settings.document_number(NOV) == ""
    made = header(settings, NOV)
    assert made["so_ky_hieu"] == "\u00a0" * 6 + "/BC-BCĐ"
    assert made["dia_danh_ngay"] == "Khánh Hòa, ngày " + "\u00a0" * 6 + " tháng 11 năm 2025"


def test_a_number_and_date_given_for_one_period_are_never_used_for_another(tmp_path) -> None:
    """The November draft must not say "Số: 146/BC-BCĐ … ngày 22 tháng 10" (issue 14)."""
    settings = make_project(tmp_path / "project")
    assert settings.document_number(OCT) == "146/BC-BCĐ" and settings.issue(OCT).issued == date(2025, 10, 22)
    assert header(settings, OCT)["dia_danh_ngay"] == "Khánh Hòa, ngày 22 tháng 10 năm 2025"
    assert settings.issue(NOV) == Issue() and settings.document_number(NOV) == ""
    assert "146" not in header(settings, NOV)["so_ky_hieu"]
    given = settings.with_issue(NOV, "150", date(2025, 11, 20))
    assert given.document_number(NOV) == "150/BC-BCĐ" and given.document_number(OCT) == "146/BC-BCĐ"
    assert header(given, NOV)["ngay"] == "ngày 20 tháng 11 năm 2025"
    assert header(settings.with_issue(Period(2026, 2), 3, date(2026, 2, 18)), Period(2026, 2))["ngay"] == \
        "ngày 18 tháng 02 năm 2026"


def test_a_date_before_the_period_ends_or_in_another_month_is_a_warning(tmp_path) -> None:
    settings = make_project(tmp_path / "project")
    assert settings.issue_warnings(OCT) == []
    early = settings.with_issue(NOV, issued=date(2025, 11, 10))
    assert [w for w in early.issue_warnings(NOV) if "trước ngày cuối kỳ (15/11/2025)" in w]
    late = settings.with_issue(NOV, issued=date(2025, 12, 2))
    assert [w for w in late.issue_warnings(NOV) if "không thuộc tháng 11/2025" in w]
    assert settings.with_issue(NOV, issued=date(2025, 11, 20)).issue_warnings(NOV) == []


def test_a_number_given_for_no_period_is_ignored_with_a_warning(tmp_path) -> None:
    settings = make_project(tmp_path / "project")
    config = settings.root / "config.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('ky_hieu_loai = "BC"', 'so = 147\nky_hieu_loai = "BC"'),
                      encoding="utf-8")
    settings = load_settings(settings.root)
    assert settings.document_number(NOV) == ""
    assert any("so không ghi cho kỳ nào" in w for w in settings.issue_warnings(NOV))


def test_a_wrong_period_entry_stops_only_the_report(tmp_path) -> None:
    settings = make_project(tmp_path / "project")
    broken = add_config(settings.root, '[bao_cao.theo_ky."13/2025"]\nso = 1')
    with pytest.raises(ConfigError, match="13/2025"):
        broken.report
    assert broken.limits == settings.limits


def test_a_mistake_in_bao_cao_stops_only_the_report(project) -> None:
    mini_template(project.templates / "bao_cao_thang.docx", ["Tổng số TTHC: {{ so.tthc_tong }}."])
    set_report_option(project.root, "ngay_ban_hanh", '"22/10/2025"')   # the October entry's, written as text
    assert cli(project.root, "kiem-tra", "--ky", "10/2025").returncode == 0
    result = cli(project.root, "bao-cao", "--ky", "10/2025")
    assert result.returncode == 3 and "ngay_ban_hanh" in result.stderr and "Traceback" not in result.stderr
    with pytest.raises(ConfigError, match="ngay_ban_hanh"):
        load_settings(project.root).report


def test_settings_are_frozen_records(tmp_path) -> None:
    settings = make_project(tmp_path / "project")
    assert replace(settings, issues={OCT.key: Issue(7)}).document_number(OCT) == "07/BC-BCĐ"
    assert settings.report.signer and settings.archive.folder == settings.root / "luu-tru"
    with pytest.raises(AttributeError):
        settings.issues = {}  # type: ignore[misc]


def test_python_m_baocao_is_the_same_command_line_as_generate_py(project) -> None:
    twin = project.root.with_name("twin")      # each way runs a first run of its own (a second one lists changes)
    shutil.copytree(project.root, twin)
    via_module = subprocess.run([sys.executable, "-m", "baocao", "kiem-tra", "--ky", "10/2025", "--ghi-de"],
                                capture_output=True, text=True, encoding="utf-8", cwd=REPO,
                                env={**os.environ, "BAOCAO_ROOT": str(twin), "COLUMNS": "200"})
    via_script = cli(project.root, "kiem-tra", "--ky", "10/2025", "--ghi-de")
    assert (via_module.returncode, via_module.stdout) == (via_script.returncode, via_script.stdout)
    assert via_module.returncode == 0 and "Đơn vị đã báo cáo: 3/3" in via_module.stdout
