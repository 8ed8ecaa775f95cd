"""The draft and its review copy come from one rendering: the worker saves the draft, tells this process (which checks
the draft's layout against ND30 meanwhile), then adds a comment on each figure and saves the review copy. Forked,
spawned (Windows) or in this process, the two files and what is found in the draft are the same."""
from __future__ import annotations

import multiprocessing
import os
import zipfile
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import pytest

from baocao import drafts, pipeline
from baocao.config import load_settings
from baocao.drafts import Draft, _Checked, early_workers, start_report
from baocao.model import Unprinted
from baocao.report.docx_text import extract_text

from .test_golden import OCTOBER, october_project
from .test_review import comments


@pytest.fixture(scope="module")
def month(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = october_project(tmp_path_factory.mktemp("once") / "project")
    settings = load_settings(root)
    intake = pipeline.run_intake(settings, OCTOBER)
    out = settings.outputs / OCTOBER.key
    out.mkdir(parents=True, exist_ok=True)
    return {"settings": settings, "intake": intake, "draft": out / "bao-cao-2025-10.docx"}


def drafted(month: dict, pool: ProcessPoolExecutor | None) -> dict[str, tuple]:
    """Both files as ``place`` gets them: (texts, comments, warnings, markers, unprinted) by name."""
    pending: drafts.Drafts = []
    intake = month["intake"]
    checked_in: list[int] = []
    check = drafts.check_layout

    def recorded(draft: Draft) -> Draft:
        checked_in.append(os.getpid())
        return check(draft)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(drafts, "check_layout", recorded)
        start_report(pool, pending, month["draft"], month["settings"], OCTOBER, intake.catalog,
                     intake.outcome.dataset, intake.outcome.figures)
        made = {}
        for path, waiting in pending:
            draft = waiting.result()
            assert draft.path is not None and draft.path.name.startswith(".~tmp-")
            made[path.name] = (extract_text(draft.path), comments(draft.path), draft.warnings, draft.markers,
                               draft.unprinted)
            draft.path.unlink()
    assert checked_in == [os.getpid()]   # the draft's layout, checked here
    return made


@pytest.fixture(scope="module")
def here(month: dict) -> dict[str, tuple]:
    """Without a pool: everything in this process, one file after the other."""
    return drafted(month, None)


def test_without_a_pool_the_draft_is_checked_and_the_review_copy_reads_like_it_with_a_comment_on_each_figure(
        here: dict[str, tuple]) -> None:
    draft, review = here["bao-cao-2025-10.docx"], here["bao-cao-2025-10 - doi-chieu.docx"]
    assert draft[0] == review[0]
    assert draft[1] == [] and len(review[1]) > 100
    assert draft[3] is not None and review[3] is None   # markers counted in the draft only
    assert review[2] == () and review[4] == ()


def test_a_forked_worker_renders_both_files_as_this_process_would(month: dict, here: dict[str, tuple]) -> None:
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("fork")) as pool:
        assert drafted(month, pool) == here


def test_a_spawned_early_worker_renders_both_files_as_this_process_would(month: dict, here: dict[str, tuple],
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(drafts, "forks", lambda: False)
    with early_workers(drafting=True) as pool:
        assert pool is not None
        assert drafted(month, pool) == here


def _rendering() -> tuple[Future, multiprocessing.connection.Connection, multiprocessing.connection.Connection]:
    ready, tell = multiprocessing.Pipe(duplex=False)
    return Future(), ready, tell


def test_the_draft_is_taken_when_the_worker_says_it_is_saved_while_the_review_copy_is_still_being_made() -> None:
    rendering, ready, tell = _rendering()
    left = (Unprinted("vb_qd", "Văn bản", "so_a", "Sở A"),)
    tell.send((Path("/x/.~tmp-1.docx"), left))
    assert _Checked(rendering, ready).saved() == Draft(Path("/x/.~tmp-1.docx"), unprinted=left)
    assert not rendering.done()


def test_a_draft_told_just_before_the_worker_finished_is_read_from_the_pipe_not_left_in_it() -> None:
    rendering, ready, tell = _rendering()
    tell.send((Path("/x/.~tmp-1.docx"), ()))
    rendering.set_result((Draft(Path("/x/.~tmp-1.docx")), Draft(Path("/x/.~tmp-2.docx"))))
    assert _Checked(rendering, ready).saved() == Draft(Path("/x/.~tmp-1.docx"))
    assert not ready.poll(0)


def test_a_worker_that_saved_no_draft_gives_its_reason_or_its_error() -> None:
    rendering, ready, _ = _rendering()
    problem = ValueError("mẫu hỏng")
    rendering.set_result((Draft(None, problem=problem), Draft(None, problem=problem)))
    assert _Checked(rendering, ready).result() == Draft(None, problem=problem)
    failed, ready, _ = _rendering()
    failed.set_exception(MemoryError())
    with pytest.raises(MemoryError):
        _Checked(failed, ready).result()


def test_a_template_the_check_here_refuses_gets_no_draft_and_what_the_worker_made_is_removed(month: dict) -> None:
    pending: drafts.Drafts = []
    intake = month["intake"]
    folder = month["draft"].parent
    before = sorted(folder.iterdir())
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("fork")) as pool:
        usable = drafts.start_checked(pool, pending, lambda: False, month["draft"], month["settings"], OCTOBER,
                                      intake.catalog, intake.outcome.dataset, intake.outcome.figures)
    assert not usable and pending == []
    assert sorted(folder.iterdir()) == before


def test_a_template_the_check_here_accepts_is_drafted_by_the_worker_started_before_the_check(
        month: dict, here: dict[str, tuple]) -> None:
    pending: drafts.Drafts = []
    intake = month["intake"]
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("fork")) as pool:
        assert drafts.start_checked(pool, pending, lambda: pool._processes != {}, month["draft"], month["settings"],
                                    OCTOBER, intake.catalog, intake.outcome.dataset, intake.outcome.figures)
        made = {path.name: waiting.result() for path, waiting in pending}
    assert sorted(made) == sorted(here)
    for draft in made.values():
        assert draft.path is not None
        draft.path.unlink()


def test_the_body_parsed_inside_its_root_is_the_body_docxtpl_would_move_there(month: dict, tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from baocao.report import template
    from baocao.report.context import template_path
    from baocao.report.render import write_report

    settings, intake = month["settings"], month["intake"]
    shipped = template.DocxFile(str(template_path(settings, OCTOBER)))
    shipped.init_docx()
    assert template._in_root(shipped.docx.element, shipped.get_xml()) is not None   # the way taken, not docxtpl's
    made = {}
    for way in ("in its root", "moved"):
        if way == "moved":
            monkeypatch.setattr(template, "_in_root", lambda root, body: None)
        write_report(tmp_path / f"{way}.docx", settings, OCTOBER, intake.catalog, intake.outcome.dataset,
                     intake.outcome.figures, review=tmp_path / f"{way} - doi-chieu.docx")
        with zipfile.ZipFile(tmp_path / f"{way}.docx") as z, \
                zipfile.ZipFile(tmp_path / f"{way} - doi-chieu.docx") as r:
            made[way] = (z.read("word/document.xml"), r.read("word/document.xml"))
    assert made["in its root"] == made["moved"]
