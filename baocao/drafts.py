"""Output files written in the background under hidden temporary names, then given their real names together.

The Word report, its review copy and the marked copies are written by two worker processes (forked on Linux,
spawned on Windows) while the main process writes the workbooks, so both cores work. A file is placed (renamed
into ``outputs/``) only when the whole run has succeeded; otherwise every temporary file is removed, so a run leaves
nothing half done.
"""
from __future__ import annotations

import gc
import multiprocessing
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from .archive.pdf import REVIEW_COPY
from .catalog import Catalog
from .config import Settings
from .figures.compute import Figures
from .files import PREVIOUS, OutputFolder, write_temporary
from .intake.isolate import forks
from .model import Dataset, Finding, Unprinted
from .periods import ReportPeriod
from .report.issues import TemplateProblem

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from .figures.spans import SpanFigures

T = TypeVar("T")


@dataclass(frozen=True)
class Draft:
    """A finished hidden file (None: it could not be made), what its own check found (``warnings``), and why it
    could not be made when the reason is the clerk's to fix (``problem``, e.g. a template mistake)."""

    path: Path | None
    warnings: tuple[str, ...] = ()
    problem: Exception | None = None
    reason: str = ""   # why there is no file (path None), in the clerk's words
    markers: int | None = None   # how many markers a draft holds (None: not counted)
    unprinted: tuple[Unprinted, ...] = ()   # rows units sent that the draft's template printed nowhere


class Pending(Protocol):
    """A file being written: its ``Draft`` when it is done (a ``Future``, or the report's own waits)."""

    def result(self) -> Draft: ...


Drafts = list[tuple[Path, Pending]]  # final name → the draft being written


@contextmanager
def background(started: ProcessPoolExecutor | None = None) -> Iterator[ProcessPoolExecutor | None]:
    """Two worker processes (``started``: those ``early_workers`` made): forked where processes fork (Linux),
    spawned elsewhere (Windows). None where this process forks and another thread runs (forking a threaded process
    can deadlock; the progress bar's thread ends when the files are read): everything is then written here, one
    file after another."""
    if started is not None:
        yield started
    elif not forks():
        with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as pool:
            yield pool
    elif threading.active_count() > 1:
        yield None
    else:
        with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("fork")) as pool:
            yield pool


@contextmanager
def early_workers(drafting: bool) -> Iterator[ProcessPoolExecutor | None]:
    """Where workers are spawned (Windows), one started now, before the files are read, so that it imports what
    the report needs (``drafting``: the Word report's libraries) meanwhile; a second one starts when work waits for
    it (marked copies while the report is rendered), without them. None where workers fork (a forked worker starts
    in milliseconds with everything this process has)."""
    if forks():
        yield None
        return
    context = multiprocessing.get_context("spawn")
    ready, tell = context.Pipe(duplex=False)   # the worker that renders the report tells when its draft is saved
    with ready, tell, ProcessPoolExecutor(max_workers=2, mp_context=context, initializer=_hold,
                                          initargs=(tell,)) as pool:
        pool.submit(_ready, drafting)
        _TOLD[pool] = ready
        try:
            yield pool
        finally:
            del _TOLD[pool]


_TOLD: dict[ProcessPoolExecutor, Connection] = {}   # this process's end of early workers' pipe, by pool
_TELL: list[Connection] = []   # in an early worker: its end


def _hold(tell: Connection) -> None:
    _TELL.append(tell)


def _ready(drafting: bool) -> None:
    """The first spawned worker's first work: the Word report's modules imported before the report arrives."""
    if drafting:
        import_module("baocao.report.render")


def start(pool: ProcessPoolExecutor | None, work: Callable[..., T], *args: object, **kwargs: object) -> Future[T]:
    """``work(*args, **kwargs)`` in a worker when there is a pool, else now, here."""
    if pool is not None:
        return pool.submit(work, *args, **kwargs)
    done: Future[T] = Future()
    done.set_result(work(*args, **kwargs))
    return done


@dataclass
class Placed:
    files: list[Path]                 # placed under their real names, in order
    missing: list[Path]               # the names of files that could not be made
    warnings: list[tuple[Path, str]]  # what the drafts' own checks found, by real name
    problems: list[tuple[Path, Exception]] = field(default_factory=list)   # why a file was not made, by name
    markers: dict[Path, int] = field(default_factory=dict)   # the drafts' markers, counted where they were made
    why: dict[Path, str] = field(default_factory=dict)   # why a missing file could not be made, if known
    unprinted: dict[Path, tuple[Unprinted, ...]] = field(default_factory=dict)   # by draft, what it lacks


def place(drafts: Drafts, outputs: OutputFolder | None, failed: bool = False) -> Placed:
    """Wait for the workers, then give each finished file its real name: over the tool's own earlier file (kept in
    lan-truoc/), never over one the clerk edited (``outputs``). Nothing is placed before every file that will be
    replaced is known to be replaceable. If the run failed (or placing one fails), every temporary file not yet
    placed is removed."""
    result = Placed([], [], [])
    handled = 0
    try:
        if not failed and outputs is not None:
            done = [(path, pending.result()) for path, pending in drafts]
            outputs.check([path for path, draft in done if draft.path is not None and draft.problem is None])
            for path, draft in done:
                if draft.problem is not None:
                    result.problems.append((path, draft.problem))
                elif draft.path is None:
                    result.missing.append(path)
                    if draft.reason:
                        result.why[path] = draft.reason
                else:
                    target = outputs.put(draft.path, path)
                    result.files.append(target)
                    result.warnings += [(target, w) for w in draft.warnings]
                    if draft.markers is not None:
                        result.markers[target] = draft.markers
                    if draft.unprinted:
                        result.unprinted[target] = draft.unprinted
                handled += 1
    finally:
        for _, pending in drafts[handled:]:
            with suppress(BaseException):
                finished = pending.saved() if isinstance(pending, _Checked) else pending.result()
                if finished.path is not None:
                    finished.path.unlink(missing_ok=True)
    return result


def retire_stale(outputs: OutputFolder, folder: Path) -> None:
    """The tool's files in ``folder`` (``tra-lai/``) this run did not write again leave for ``lan-truoc/``: marked
    copies exist exactly for the units with errors in the latest run. A file the clerk edited stays."""
    if not folder.is_dir():
        return
    for path in sorted(folder.iterdir()):
        if path.is_file() and not path.name.startswith((".", "~$")) and path not in outputs.written \
                and outputs.is_own(path):
            outputs.retire(path)


def placement_notes(outputs: OutputFolder) -> list[str]:
    """What the clerk should know of how the run's files took their names."""
    notes = [f"{old.name} đã được sửa sau khi công cụ lập nên được giữ nguyên; bản mới ghi bên cạnh: {new.name} "
             "(muốn thay hẳn bản đã sửa: chạy lại với --ghi-de, bản đã sửa vẫn được giữ trong lan-truoc/)."
             for old, new in outputs.kept]
    notes += [f"Đã thay {path.name} theo --ghi-de; bản đã sửa được giữ trong {PREVIOUS}/." for path in
              outputs.edited_replaced]
    own = len(outputs.replaced) - len(outputs.edited_replaced)
    if own:
        notes.append(f"{own} tệp của lần chạy trước được chuyển vào thư mục {PREVIOUS}/ của kỳ (giữ đến lần chạy sau).")
    if outputs.retired:
        notes.append(f"{len(outputs.retired)} bản \"can sua\" cũ (đơn vị nay không còn lỗi) được chuyển vào "
                     f"{PREVIOUS}/tra-lai/: {', '.join(p.name for p in outputs.retired)}.")
    return notes


def draft_report(path: Path, settings: Settings, period: ReportPeriod, catalog: Catalog, dataset: Dataset,
                 figures: Figures, span: SpanFigures | None = None, ready: Connection | None = None
                 ) -> tuple[Draft, Draft]:
    """The Word report and its review copy, complete but still under hidden temporary names beside ``path`` and
    its review copy's name, from one rendering (a span's report with its aggregate, ``span``). The draft is saved
    first: ``ready`` (where given) is sent its temporary name and the rows it lacks at once, so that its layout is
    checked (``check_layout``) while the comments are added. Not checked here."""
    from .report.render import write_report

    left: list[Unprinted] = []   # rows the template printed nowhere
    saved: list[Path] = []

    def drafted(draft: Path) -> Callable[[tuple[Unprinted, ...]], None]:
        def tell(unprinted: tuple[Unprinted, ...]) -> None:
            saved.append(draft)
            if ready is not None:
                ready.send((draft, unprinted))
        return tell

    gc.freeze()   # what the process had before is alive anyway: collections look at the rendering only
    try:
        review = write_temporary(review_copy_name(path), lambda r: write_temporary(path, lambda d: left.extend(
            write_report(d, settings, period, catalog, dataset, figures, span=span, review=r, drafted=drafted(d)))))
    except TemplateProblem as problem:   # found only while filling in (the check before could not know): no draft
        return Draft(None, problem=problem), Draft(None, problem=problem)
    finally:
        if multiprocessing.parent_process() is None:   # drafted in the main process, which checks the draft next:
            gc.collect()   # the rendered document (~100 MB of XML nationally, in python-docx's cycles) goes first
        gc.unfreeze()  # in a worker, its collector finds the document later, not on the way to the report (0.18 s)
    return Draft(saved[0], unprinted=tuple(left)), Draft(review)


def check_layout(draft: Draft) -> Draft:
    """The draft with what the ND30 layout check finds in it: warnings for the clerk, never a reason to withhold
    the draft. Its markers are counted here too, from the parts the check reads, for the run summary."""
    from .report.docx_text import Package
    from .report.markers import markers_in
    from .report.nd30 import Checker

    if draft.path is None:
        return draft
    try:
        package = Package.read(draft.path)
        problems = tuple(Checker(package, False).run())
    except Exception as exc:  # a report the checker cannot read is still the clerk's draft
        return Draft(draft.path, (f"Không kiểm tra được thể thức của bản báo cáo ({type(exc).__name__}).",),
                     unprinted=draft.unprinted)
    return Draft(draft.path, problems, markers=len(markers_in(package.document, package.footnotes)),
                 unprinted=draft.unprinted)


class _Checked:
    """The draft as ``place`` waits for it: taken as soon as the worker has saved it (told through ``ready``; else
    when the worker is done), and its layout checked here, while the worker adds the review copy's comments."""

    def __init__(self, rendering: Future[tuple[Draft, Draft]], ready: Connection | None) -> None:
        self._rendering, self._ready = rendering, ready
        self._saved: Draft | None = None
        self._checked: Draft | None = None

    def saved(self) -> Draft:
        """The draft file, not yet checked."""
        while self._saved is None and self._ready is not None:
            finished = self._rendering.done()   # first: a worker tells of its draft before its work ends
            if self._ready.poll(0 if finished else 0.05):   # not forever: a worker that fails says nothing
                draft, unprinted = self._ready.recv()
                self._saved = Draft(draft, unprinted=unprinted)
            elif finished:
                break
        if self._saved is None:
            self._saved = self._rendering.result()[0]
        return self._saved

    def result(self) -> Draft:
        if self._checked is None:
            self._checked = check_layout(self.saved())
        return self._checked


class _ReviewCopy:
    """The review copy as ``place`` waits for it: the second file of the rendering."""

    def __init__(self, rendering: Future[tuple[Draft, Draft]]) -> None:
        self._rendering = rendering

    def result(self) -> Draft:
        return self._rendering.result()[1]


_INHERITED: dict[str, tuple] = {}   # report jobs as forked workers find them in their copy of this process


def start_report(pool: ProcessPoolExecutor | None, drafts: Drafts, path: Path, *job: object) -> None:
    """The draft and its review copy, rendered once by a worker (here without a pool); the draft's layout is checked
    in this process as soon as the worker has saved it, while the worker adds the review copy's comments.

    A pool that forks and has no worker yet forks them all at its first submission: the job's data is then in
    their memory already, and is not pickled (a national month's data: 3.7 MB, ~0.2 s for each worker), and the
    worker tells this process through an inherited pipe when the draft is saved."""
    ready = _TOLD.get(pool) if pool is not None else None
    if ready is not None:
        rendering = start(pool, _told_report, path, *job)
    elif pool is None or not forks() or pool._processes:   # (no worker yet: the pool's own record of them)
        rendering = start(pool, draft_report, path, *job)
    else:
        ready, tell = multiprocessing.get_context("fork").Pipe(duplex=False)
        _INHERITED[str(path)] = (path, *job, tell)
        try:
            rendering = start(pool, _inherited_report, str(path))
        finally:
            _INHERITED.clear()   # the workers have their copy
            tell.close()
    drafts.append((path, _Checked(rendering, ready)))
    drafts.append((review_copy_name(path), _ReviewCopy(rendering)))


def start_checked(pool: ProcessPoolExecutor | None, drafts: Drafts, usable: Callable[[], bool], path: Path,
                  *job: object) -> bool:
    """``start_report`` where there is a pool, then the template's check here (``usable``: ``kiem-tra-mau``'s, with
    no unit's values), which thus costs the report nothing. A template it refuses gets no draft: what the worker
    made of it (its own check, which sees the month's values, mostly refuses it too) is thrown away."""
    started: Drafts = []
    if pool is not None:
        start_report(pool, started, path, *job)
    if not usable():
        place(started, None, failed=True)
        return False
    drafts += started
    return True


def _inherited_report(key: str) -> tuple[Draft, Draft]:
    path, *job, tell = _INHERITED[key]
    return draft_report(path, *job, ready=tell)  # type: ignore[arg-type]


def _told_report(path: Path, *job: object) -> tuple[Draft, Draft]:
    return draft_report(path, *job, ready=_TELL[0])  # type: ignore[arg-type]


def draft_marked_copy(path: Path, source: Path, found: list[Finding], period: str) -> Draft:
    """A unit's workbook with what to fix marked, to send back. No file when the copy cannot be made of a file
    calamine could read, or would not open again: the copy is a courtesy, never a reason to stop the month's report
    (the validation report already names every problem)."""
    from .workbooks.copies import NotDelivered, write_marked_copy

    try:
        return Draft(write_temporary(path, lambda p: write_marked_copy(source, p, found, period)))
    except Exception as exc:
        return Draft(None, reason=str(exc) if isinstance(exc, NotDelivered) else f"lỗi {type(exc).__name__}")


def review_copy_name(draft: Path) -> Path:
    """``bao-cao-2025-10 - doi-chieu.docx``: the draft with a comment on each figure saying where it comes from."""
    return draft.with_name(f"{draft.stem}{REVIEW_COPY}{draft.suffix}")
