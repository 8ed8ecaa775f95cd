"""Fixtures shared by the test modules."""
from __future__ import annotations

from pathlib import Path

import pytest

from baocao.config import Settings

from .builders import GOOD_A, GOOD_B, GOOD_C, OCT, copy_repo, make_project, write_submission


@pytest.fixture
def project(tmp_path: Path) -> Settings:
    """A small project with a clean October: two departments and a commune, all forms good."""
    settings = make_project(tmp_path / "project")
    for unit, content in (("so_a", GOOD_A), ("so_b", GOOD_B), ("xa_c", GOOD_C)):
        write_submission(settings, unit, content)
    return settings


@pytest.fixture(scope="session")
def sample_month(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped sample month reported, its status workbook, and every unit's blank form for November: every kind
    of workbook the tool writes, made once for the tests that only look at them."""
    from baocao import pipeline
    from baocao.config import load_settings
    from baocao.periods import Period

    from .test_cli import cli

    root = copy_repo(tmp_path_factory.mktemp("sample-month") / "repo", "catalog", "templates", "inputs/2025-10")
    settings = load_settings(root)
    pipeline.report(settings, OCT)
    status = cli(root, "tinh-hinh", "--ky", "10/2025")
    assert (root / "outputs" / "2025-10" / "tinh-hinh-2025-10.xlsx").is_file(), status.stdout + status.stderr
    pipeline.blank_forms(settings, Period(2025, 11))
    return root
