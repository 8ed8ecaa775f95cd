"""The benchmark runs end to end with a tiny N (timings are checked by the benchmark itself, never here)."""
from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest


def load_bench():
    return importlib.import_module("bench.bench")


def test_the_benchmark_builds_forms_runs_the_job_and_the_naive_reference(tmp_path: Path, monkeypatch) -> None:
    bench = load_bench()
    if not bench.COMMUNES_CSV.exists() and os.environ.get("CI") != "true":
        pytest.skip("../shared/reference/don_vi_hanh_chinh_2025.csv is not beside the project")
    monkeypatch.setattr(bench, "CACHE", tmp_path)
    result = bench.run(24, 1, error_share=0.5)
    assert result["n"] == 24 and result["median"] > 0 and result["naive"] > 0 and result["peak"] > 0
    assert result["floor"] > 0 and result["to_floor"] == result["median"] / result["floor"]
    assert bench.row(result).count("|") == 8   # the seven columns of the table
    root = tmp_path / "n24-loi0.5"
    assert len(list((root / "inputs" / "2025-10").glob("*.xlsx"))) == 24
    assert list((root / "outputs" / "2025-10" / "tra-lai").glob("xa_*.xlsx")), "communes with an error get a copy"
