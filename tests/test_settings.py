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

from baocao.config import ConfigError, load_settings
from baocao.report.context import header

from .builders import REPO, make_project
from .test_cli import cli
from .test_footnotes import mini_template


def set_report_option(root: Path, line: str, value: str) -> None:
    config = root / "config.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(rf"^{line} = .*$", f"{line} = {value}", text, count=1, flags=re.M), encoding="utf-8")


@pytest.mark.parametrize(("so", "expected"), [("5", "05/BC-BCĐ"), ('"05"', "05/BC-BCĐ"), ("146", "146/BC-BCĐ"),
                                              ("1234", "1234/BC-BCĐ"), ('"146a"', "146a/BC-BCĐ")])
def test_the_document_number_is_written_as_nd30_wants_in_the_report_and_the_archive(tmp_path, so, expected) -> None:
    """ND30: a number below 10 has a leading zero; the archive records the number the report prints."""
    settings = make_project(tmp_path / "project")
    set_report_option(settings.root, "so", so)
    settings = load_settings(settings.root)
    assert settings.document_number() == expected
    assert header(settings, date(2025, 10, 22))["so_ky_hieu"] == expected


def test_a_document_not_numbered_yet_leaves_room_in_the_report_and_nothing_in_the_archive(tmp_path) -> None:
    settings = make_project(tmp_path / "project")
    set_report_option(settings.root, "so", '""')
    settings = load_settings(settings.root)
    assert settings.document_number() == ""
    assert header(settings, date(2025, 10, 22))["so_ky_hieu"] == "\u00a0" * 6 + "/BC-BCĐ"


def test_a_mistake_in_bao_cao_stops_only_the_report(project) -> None:
    mini_template(project.templates / "bao_cao_thang.docx", ["Tổng số TTHC: {{ so.tthc_tong }}."])
    set_report_option(project.root, "ngay_ban_hanh", '"22/10/2025"')
    assert cli(project.root, "kiem-tra", "--ky", "10/2025").returncode == 0
    result = cli(project.root, "bao-cao", "--ky", "10/2025")
    assert result.returncode == 3 and "ngay_ban_hanh" in result.stderr and "Traceback" not in result.stderr
    with pytest.raises(ConfigError, match="ngay_ban_hanh"):
        load_settings(project.root).report


def test_settings_are_frozen_records(tmp_path) -> None:
    settings = make_project(tmp_path / "project")
    assert replace(settings, number=7).document_number() == "07/BC-BCĐ"
    assert settings.report.signer and settings.archive.folder == settings.root / "luu-tru"
    with pytest.raises(AttributeError):
        settings.number = 7  # type: ignore[misc]


def test_python_m_baocao_is_the_same_command_line_as_generate_py(project) -> None:
    twin = project.root.with_name("twin")      # each way runs a first run of its own (a second one lists changes)
    shutil.copytree(project.root, twin)
    via_module = subprocess.run([sys.executable, "-m", "baocao", "kiem-tra", "--ky", "10/2025", "--ghi-de"],
                                capture_output=True, text=True, encoding="utf-8", cwd=REPO,
                                env={**os.environ, "BAOCAO_ROOT": str(twin), "COLUMNS": "200"})
    via_script = cli(project.root, "kiem-tra", "--ky", "10/2025", "--ghi-de")
    assert (via_module.returncode, via_module.stdout) == (via_script.returncode, via_script.stdout)
    assert via_module.returncode == 0 and "Đơn vị đã báo cáo: 3/3" in via_module.stdout
