"""A monthly run leaves the garbage collector as it found it (it pauses it while the month is read, and keeps the
month's data out of its sight until the run ends); the command line's process ends with its heap out of the last
collection."""
from __future__ import annotations

import gc

import pytest

from baocao import cli, pipeline

from .builders import OCT


def test_a_run_leaves_the_garbage_collector_on_with_nothing_kept_out_of_its_sight(project) -> None:
    pipeline.report(project, OCT)
    pipeline.check(project, OCT)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_run_started_with_the_collector_off_leaves_it_off(project) -> None:
    gc.disable()
    try:
        pipeline.check(project, OCT)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_command_line_ends_with_its_status_and_its_heap_out_of_the_last_collection() -> None:
    with pytest.raises(SystemExit) as ended:
        cli.exit_with(1)
    try:
        assert ended.value.code == 1
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
