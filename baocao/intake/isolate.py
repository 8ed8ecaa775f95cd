"""Reading where a runaway allocation or a crash kills one worker, not the run.

The pre-read bounds (``bounds`` and the .xlsx ``<dimension>`` check in ``container``) refuse the files we know how
to measure.
This is the net under them: each file is read in a worker process; on Linux the worker's address space is capped
(``RLIMIT_AS``), so a file that makes calamine ask for gigabytes ends in a ``MemoryError`` or in Rust's
"memory allocation of N bytes failed" abort (SIGABRT) inside that worker only. The parent turns either into a
per-file ``Outcome`` with a reason and carries on with the other files.

How a death is attributed: work is submitted in chunks and at most ``workers + 1`` chunks are in flight
(``concurrent.futures`` only reports "the pool broke", for every pending future at once). When the pool breaks,
the chunks in flight are the suspects: the pool is recreated for the untouched files, and every suspect file is
read again by a process of its own; the file whose process dies is the culprit (its exit signal is the reason),
the others get their ordinary result. Nothing is read twice unless a worker died, and nothing is lost.
"""
from __future__ import annotations

import faulthandler
import gc
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from ..text import fmt

T = TypeVar("T")
Reader = Callable[[Path], T]

# Bytes of address space a worker may add to what it maps at start: a form needs ~30 MB, the largest sheet the
# pre-read limits admit (5 million cells) ~470 MB. config.toml: [gioi_han] bo_nho_doc_mb.
DEFAULT_LIMIT = 1_000_000_000


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """One file: what the reader returned, or why there is nothing (the reader never raises for bad data; this
    is for the worker that could not finish)."""

    path: Path
    value: T | None = None
    failure: str = ""     # "" when read; else e.g. "hết bộ nhớ khi đọc (giới hạn 1.000 MB)", "tiến trình đọc bị dừng (SIGABRT)…"

    @property
    def ok(self) -> bool:
        return not self.failure


# ------------------------------------------------------------------------------------------- the worker

def _start(budget: int | None, initializer: Callable[..., object] | None, initargs: tuple) -> None:
    """Worker start: the memory cap, then the caller's own initializer (the project's ``_set_check``). The garbage
    collector works here even if the parent paused it while the month is read (``pipeline.month_held``)."""
    gc.enable()
    _limit_memory(budget)
    if initializer is not None:
        initializer(*initargs)


def _limit_memory(budget: int | None) -> None:
    """Worker start: cap the address space at what the process already maps plus ``budget`` (a forked worker
    inherits the parent's mappings, so a fixed cap would depend on what the parent had loaded), and send the
    worker's stderr to the void: Rust prints "memory allocation of N bytes failed" (and, with RUST_BACKTRACE
    set, 200 lines of backtrace) before it aborts, which must not break the clerk's progress bar."""
    _quiet_stderr()
    if budget is None:
        return
    try:
        import resource
    except ImportError:       # Windows: no RLIMIT_AS; the pre-read bounds are the defence there
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = _mapped() + budget
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _mapped() -> int:
    """Bytes of address space this process maps now (Linux ``/proc/self/statm``; 0 where unknown)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return 0


def _quiet_stderr() -> None:
    faulthandler.disable()   # inherited from a parent that enabled it (pytest, PYTHONFAULTHANDLER): a dump per death
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


def _read_chunk(read: Reader[T], paths: Sequence[Path], limit: int | None) -> list[Outcome[T]]:
    """Runs in the worker. A MemoryError is a per-file result (Python unwound cleanly); anything that kills the
    process (Rust's abort on a failed allocation, a segfault) is seen by the parent."""
    out: list[Outcome[T]] = []
    for path in paths:
        try:
            out.append(Outcome(path, read(path)))
        except MemoryError:
            out.append(Outcome(path, failure=_no_memory(limit)))
        except Exception as exc:   # a reader bug, not bad data: still one file's problem
            out.append(Outcome(path, failure=f"lỗi khi đọc: {type(exc).__name__}: {str(exc)[:120]}"))
        except BaseException as exc:
            if type(exc).__name__ != "PanicException":   # pyo3 raises Rust panics as BaseException
                raise
            out.append(Outcome(path, failure=f"lỗi khi đọc: {str(exc)[:120]}"))
    return out


def _no_memory(limit: int | None) -> str:
    return f"hết bộ nhớ khi đọc (giới hạn {_mb(limit)})" if limit else "hết bộ nhớ khi đọc"


def _mb(limit: int) -> str:
    return f"{fmt.number(limit // 1_000_000)} MB"


# ------------------------------------------------------------------------------------------- the parent

def read_all(paths: Iterable[Path], read: Reader[T], *, workers: int | None = None,
             memory_limit: int | None = DEFAULT_LIMIT, chunk: int | None = None,
             progress: Callable[[Outcome[T]], None] | None = None,
             context: multiprocessing.context.BaseContext | None = None,
             initializer: Callable[..., object] | None = None, initargs: tuple = ()) -> list[Outcome[T]]:
    """Read every file in worker processes; one ``Outcome`` per file, in the order given. ``read`` must be a
    module-level function (it is pickled); ``chunk`` files go to a worker at a time (default: ~8 chunks per
    worker, at most 64 files, so a death costs little to replay)."""
    files = list(paths)
    if not files:
        return []
    workers = max(1, workers or min(os.cpu_count() or 1, 8))
    chunk = chunk or max(1, min(64, len(files) // (workers * 8) or 1))
    workers = min(workers, -(-len(files) // chunk))   # a fork pool starts every worker at once
    done: dict[int, Outcome[T]] = {}
    start = (memory_limit, initializer, initargs)
    for index, outcome in _supervise(files, read, workers, start, chunk, context):
        done[index] = outcome
        if progress:
            progress(outcome)
    return [done[i] for i in range(len(files))]


def _supervise(files: list[Path], read: Reader[T], workers: int, start: tuple, chunk: int,
               context: multiprocessing.context.BaseContext | None) -> Iterator[tuple[int, Outcome[T]]]:
    limit = start[0]
    todo = deque(range(i, min(i + chunk, len(files))) for i in range(0, len(files), chunk))
    while todo:
        suspects: list[int] = []
        with _pool(workers, start, context) as pool:
            flying: dict[Future[list[Outcome[T]]], range] = {}
            while todo or flying:
                while todo and len(flying) <= workers:   # workers + 1: one queued behind each busy worker
                    batch = todo.popleft()
                    flying[pool.submit(_read_chunk, read, [files[i] for i in batch], limit)] = batch
                finished, _ = wait(flying, return_when=FIRST_COMPLETED)
                broken = False
                for future in finished:
                    batch = flying.pop(future)
                    try:
                        yield from zip(batch, future.result())
                    except BrokenProcessPool:
                        broken = True
                        suspects.extend(batch)
                if broken:
                    for future, batch in flying.items():   # in flight when the pool broke: finished, or suspects
                        try:
                            yield from zip(batch, future.result())
                        except BrokenProcessPool:
                            suspects.extend(batch)
                    break
        for index in sorted(suspects):
            yield index, _alone(files[index], read, start, context)


def _alone(path: Path, read: Reader[T], start: tuple,
           context: multiprocessing.context.BaseContext | None) -> Outcome[T]:
    """A suspect, read by a process of its own: if it dies, this file killed it, and its exit code says how."""
    ctx = context or default_context()
    receive, send = ctx.Pipe(duplex=False)
    worker = ctx.Process(target=_solo, args=(read, path, start, send), daemon=True)
    worker.start()
    send.close()
    try:
        outcome = receive.recv()          # EOFError: the process died before answering
    except EOFError:
        worker.join()
        return Outcome(path, failure=_death(worker.exitcode, start[0]))
    finally:
        receive.close()
    worker.join()
    return outcome


def _solo(read: Reader[T], path: Path, start: tuple, send: multiprocessing.connection.Connection) -> None:
    _start(*start)
    send.send(_read_chunk(read, [path], start[0])[0])
    send.close()


def _death(code: int | None, limit: int | None) -> str:
    """Why the worker died, from its exit code (a negative code is the signal that ended it)."""
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        if -code == signal.SIGABRT and limit:
            return f"tiến trình đọc bị dừng ({name}), thường do hết bộ nhớ (giới hạn {_mb(limit)})"
        return f"tiến trình đọc bị dừng ({name})"
    return f"tiến trình đọc kết thúc bất thường (mã {code})"


def _pool(workers: int, start: tuple, context: multiprocessing.context.BaseContext | None) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=context or default_context(),
                               initializer=_start, initargs=start)


START_METHOD = "BAOCAO_START_METHOD"   # "spawn": the path Windows takes, on any system (bench.py --windows)


def forks() -> bool:
    """Whether worker processes are forked: on Linux, unless ``BAOCAO_START_METHOD=spawn`` asks for what Windows
    does (the benchmark measures that path here). The one place the choice is made."""
    return sys.platform.startswith("linux") and os.environ.get(START_METHOD, "") != "spawn"


def default_context() -> multiprocessing.context.BaseContext:
    """fork on Linux (cheapest start, ~ms; the parent has not started threads when reading begins), spawn
    elsewhere (the only choice on Windows; macOS's fork is unsafe with system frameworks)."""
    return multiprocessing.get_context("fork" if forks() else "spawn")
