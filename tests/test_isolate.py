"""Reading in isolated workers: a file that makes the reader die or exhaust its memory costs that file (a
``tep-khong-doc-duoc`` finding naming it), never the run; every other file is read as usual."""
from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from baocao.intake import isolate
from baocao.intake.isolate import read_all

from . import readers
from .builders import OCT
from .odsbuild import far_value_sheet, ods, row, sheet, text_cell
from .test_cli import cli

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is a Linux limit")


def names(*special: tuple[int, str], count: int = 30) -> list[Path]:
    files = [Path(f"f{i:03}.xlsx") for i in range(count)]
    for index, name in special:
        files[index] = Path(name)
    return files


def test_a_reader_that_aborts_costs_one_file_and_every_other_file_is_read() -> None:
    files = names((4, "die_a.xlsx"), (21, "die_b.xlsx"))
    out = read_all(files, readers.name_reader, workers=2, chunk=3)
    assert [o.path for o in out] == files
    assert [o.path.name for o in out if not o.ok] == ["die_a.xlsx", "die_b.xlsx"]
    assert all("SIGABRT" in o.failure for o in out if not o.ok)
    assert [o.value for o in out if o.ok] == [p.name for p in files if not p.name.startswith("die")]


def test_files_in_the_same_chunk_as_a_dying_one_are_not_lost() -> None:
    out = read_all(names((0, "die.xlsx"), count=5), readers.name_reader, workers=1, chunk=5)
    assert [o.ok for o in out] == [False, True, True, True, True]


@linux_only
def test_exhausting_the_memory_limit_is_one_files_failure() -> None:
    out = read_all(names((2, "hog.xlsx"), count=6), readers.name_reader, workers=2, memory_limit=500_000_000)
    assert [o.ok for o in out] == [True, True, False, True, True, True]
    assert "hết bộ nhớ" in out[2].failure


def test_a_reader_bug_is_one_files_failure() -> None:
    out = read_all(names((1, "bug.xlsx"), count=3), readers.name_reader, workers=2)
    assert [o.ok for o in out] == [True, False, True]
    assert "ValueError" in out[1].failure


def test_progress_is_reported_once_for_every_file() -> None:
    seen: list[Path] = []
    files = names((7, "die.xlsx"), count=12)
    read_all(files, readers.name_reader, workers=2, chunk=2, progress=lambda o: seen.append(o.path))
    assert sorted(seen) == sorted(files)


def test_no_files_start_no_worker() -> None:
    assert read_all([], readers.name_reader) == []


def test_where_workers_are_spawned_a_province_is_read_by_one_and_a_nation_by_every_core(monkeypatch) -> None:
    from baocao.intake import read

    cores = min(os.cpu_count() or 1, 8)
    monkeypatch.setattr(read, "forks", lambda: False)
    assert (read.input_workers(95), read.input_workers(3321)) == (1, min(cores, 13))
    monkeypatch.setattr(read, "forks", lambda: True)
    assert (read.input_workers(95), read.input_workers(3321)) == (cores, cores)


def test_workers_collect_garbage_even_when_the_parent_paused_its_collector() -> None:
    gc.disable()
    try:
        out = read_all(names(count=4), readers.collector_reader, workers=2, chunk=1)
    finally:
        gc.enable()
    assert [o.value for o in out] == [True, True, True, True]


@linux_only
def test_calamine_asked_for_gigabytes_ends_one_worker_not_the_run(tmp_path: Path) -> None:
    good = tmp_path / "good.ods"
    good.write_bytes(ods(sheet("Số liệu", row(text_cell("a"), text_cell("b")))))
    bomb = tmp_path / "far.ods"
    bomb.write_bytes(ods(far_value_sheet("Số liệu", 95_000, 1024)))   # 3.1 GB in calamine
    out = read_all([good, bomb, good], readers.calamine_reader, workers=2, memory_limit=400_000_000)
    assert [o.value for o in out] == [(1, 2), None, (1, 2)]
    assert "SIGABRT" in out[1].failure and "hết bộ nhớ" in out[1].failure


def test_the_worker_start_method_is_fork_on_linux_and_spawn_elsewhere() -> None:
    expected = "fork" if sys.platform.startswith("linux") else "spawn"
    assert isolate.default_context().get_start_method() == expected


def test_the_callers_worker_initializer_runs_in_every_worker_including_a_suspects() -> None:
    out = read_all(names((3, "die.xlsx"), count=6), readers.prefixed_reader, workers=2, chunk=2,
                   initializer=readers.set_prefix, initargs=("checked:",))
    assert [o.value for o in out] == ["checked:f000.xlsx", "checked:f001.xlsx", "checked:f002.xlsx", None,
                                      "checked:f004.xlsx", "checked:f005.xlsx"]


@linux_only
def test_a_file_that_makes_the_reader_die_is_a_finding_and_the_month_completes(project) -> None:
    """Limits wide enough to let a 3 GB sheet through the pre-read check, and a small memory budget: the reader
    dies on that file, the run reports it and goes on with the others."""
    config = project.root / "config.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("so_o_toi_da = 5000000", "so_o_toi_da = 999000000")
                      .replace("bo_nho_doc_mb = 1000", "bo_nho_doc_mb = 300"), encoding="utf-8")
    (project.inputs / OCT.key / "so_d.ods").write_bytes(ods(far_value_sheet("Số liệu", 95_000, 1024)))
    result = cli(project.root, "kiem-tra", "--ky", "10/2025")
    assert result.returncode == 1, result.stderr
    assert "Đơn vị đã báo cáo: 3/3" in result.stdout
    ws = load_workbook(project.outputs / "2025-10" / "kiem-tra-2025-10.xlsx")["Lỗi và cảnh báo"]
    rows = [(r[2], r[4]) for r in ws.iter_rows(min_row=4, values_only=True)]
    assert rows == [("tep-khong-doc-duoc", "so_d.ods")]
