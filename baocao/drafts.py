"""Output files written in the background under hidden temporary names, then given their real names together.

Where processes fork (Linux), the Word report and the marked copies are written by two worker processes while the
main process writes the workbooks, so both cores work; elsewhere everything is written in this process. A file is
placed (renamed into ``outputs/``) only when the whole run has succeeded; otherwise every temporary file is removed,
so a run leaves nothing half done.
"""
from __future__ import annotations

import multiprocessing
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from .files import free_name, put_in_place


@dataclass(frozen=True)
class Draft:
    """A finished hidden file (None: it could not be made), what its own check found (``warnings``), and why it
    could not be made when the reason is the clerk's to fix (``problem``, e.g. a template mistake)."""

    path: Path | None
    warnings: tuple[str, ...] = ()
    problem: Exception | None = None


Drafts = list[tuple[Path, "Future[Draft]"]]  # final name → the draft being written


@contextmanager
def background() -> Iterator[ProcessPoolExecutor | None]:
    """Two worker processes, only where processes fork (Linux) and no other thread runs, since forking a
    threaded process can deadlock; elsewhere None: everything is written in this process, one file after another."""
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        yield None
        return
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("fork")) as pool:
        yield pool


def start(pool: ProcessPoolExecutor | None, work: Callable[..., Draft], *args: object) -> Future[Draft]:
    """``work(*args)`` in a worker when there is a pool, else now, here."""
    if pool is not None:
        return pool.submit(work, *args)
    done: Future[Draft] = Future()
    done.set_result(work(*args))
    return done


@dataclass
class Placed:
    files: list[Path]                 # placed under their real names, in order
    missing: list[Path]               # the names of files that could not be made
    warnings: list[tuple[Path, str]]  # what the drafts' own checks found, by real name
    problems: list[tuple[Path, Exception]] = field(default_factory=list)   # why a file was not made, by name


def place(drafts: Drafts, overwrite: bool, failed: bool = False) -> Placed:
    """Wait for the workers, then give each finished file its real name (never silently over an existing one).
    If the run failed (or placing one fails), every temporary file not yet placed is removed."""
    result = Placed([], [], [])
    handled = 0
    try:
        if not failed:
            for path, pending in drafts:
                draft = pending.result()
                if draft.problem is not None:
                    result.problems.append((path, draft.problem))
                elif draft.path is None:
                    result.missing.append(path)
                else:
                    target = put_in_place(draft.path, free_name(path, overwrite))
                    result.files.append(target)
                    result.warnings += [(target, w) for w in draft.warnings]
                handled += 1
    finally:
        for _, pending in drafts[handled:]:
            with suppress(BaseException):
                leftover = pending.result().path
                if leftover is not None:
                    leftover.unlink(missing_ok=True)
    return result
