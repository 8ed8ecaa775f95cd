"""Fixtures shared by the test modules."""
from __future__ import annotations

from pathlib import Path

import pytest

from baocao.config import Settings

from .builders import GOOD_A, GOOD_B, GOOD_C, make_project, write_submission


@pytest.fixture
def project(tmp_path: Path) -> Settings:
    """A small project with a clean October: two departments and a commune, all forms good."""
    settings = make_project(tmp_path / "project")
    for unit, content in (("so_a", GOOD_A), ("so_b", GOOD_B), ("xa_c", GOOD_C)):
        write_submission(settings, unit, content)
    return settings
