"""The history database: storing periods, increments, checks against last period, migrations."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from baocao.store import history, migrations
from baocao import pipeline
from baocao.intake.forms import FormContent
from baocao.model import Severity, Source, Value
from baocao.periods import Period

from .builders import GOOD_A, GOOD_C, OCT, find_cell, make_project, set_cell, write_submission

SEP = Period(2025, 9)


@pytest.fixture
def project(tmp_path: Path):
    settings = make_project(tmp_path / "project")
    for period, scale in ((SEP, 0.9), (OCT, 1.0)):
        a = FormContent(values={k: round(v * scale) for k, v in GOOD_A.values.items()})
        a.values["tthc_tinh"] = a.values["tthc_tong"] - a.values["tthc_xa"]
        b = FormContent(values={"ddt_dat": round(1444257 * scale), "cong_dan": 1772539, "kiosk": 3})
        write_submission(settings, "so_a", a, period=period)
        write_submission(settings, "so_b", b, period=period)
        write_submission(settings, "xa_c", GOOD_C, period=period)
    return settings


def stored(settings, period: Period) -> dict[tuple[str, str], float]:
    return {(v.unit, v.indicator): v.value for v in history.values_for(settings.history_db, period)}


def test_september_then_october_stores_both_periods_and_computes_the_increment(project) -> None:
    pipeline.report(project, SEP)
    outcome = pipeline.report(project, OCT)
    assert stored(project, SEP)[("so_b", "ddt_dat")] == round(1444257 * 0.9)
    assert stored(project, OCT)[("so_b", "ddt_dat")] == 1444257
    assert outcome.figures.increments["ddt_dat"] == 1444257 - round(1444257 * 0.9)
    assert "ho_so_xa" not in outcome.figures.increments  # per-period figures have no increment


def test_without_last_period_in_the_history_there_is_no_increment(project) -> None:
    outcome = pipeline.report(project, OCT)
    assert outcome.figures.increments == {}


def test_a_lowered_cumulative_figure_warns_with_unit_indicator_both_values_and_periods(project) -> None:
    pipeline.report(project, SEP)
    path = project.inputs / OCT.key / "so_b.xlsx"
    cell = find_cell(path, "Số liệu", "ddt_dat")
    set_cell(path, "Số liệu", cell, 1000)
    outcome = pipeline.check(project, OCT)
    hits = [f for f in outcome.findings if f.code == "luy-ke-giam"]
    assert len(hits) == 1
    f = hits[0]
    assert (f.unit_name, f.cell, f.severity) == ("Sở B & C", cell, Severity.WARNING)
    assert "1.000" in f.message and "1.299.831" in f.message and "10/2025" in f.message and "9/2025" in f.message


def test_a_figure_that_jumps_more_than_the_factor_warns(project) -> None:
    pipeline.report(project, SEP)
    path = project.inputs / OCT.key / "xa_c.xlsx"
    set_cell(path, "Số liệu", find_cell(path, "Số liệu", "ho_so_xa"), 30 * 11)
    outcome = pipeline.check(project, OCT)
    assert [f.unit_name for f in outcome.findings if f.code == "bien-dong-bat-thuong"] == ["Ủy ban nhân dân xã C"]


def test_rerunning_a_period_replaces_its_values_and_no_other_periods(project) -> None:
    pipeline.report(project, SEP)
    pipeline.report(project, OCT)
    path = project.inputs / OCT.key / "so_b.xlsx"
    set_cell(path, "Số liệu", find_cell(path, "Số liệu", "kiosk"), 4)
    sep_before = stored(project, SEP)
    pipeline.report(project, OCT, overwrite=True)
    assert stored(project, OCT)[("so_b", "kiosk")] == 4
    assert stored(project, SEP) == sep_before


def test_a_rerun_rewrites_the_stored_values_of_the_unit_whose_file_changed_and_no_others(project) -> None:
    pipeline.report(project, OCT)
    path = project.inputs / OCT.key / "so_b.xlsx"
    set_cell(path, "Số liệu", find_cell(path, "Số liệu", "kiosk"), 4)
    pipeline.report(project, OCT, overwrite=True)
    with sqlite3.connect(project.history_db) as conn:
        first, second = [run for (run,) in conn.execute("SELECT id FROM runs ORDER BY id")]
        stored_by = dict(conn.execute("SELECT unit, group_concat(DISTINCT run_id) FROM period_values GROUP BY unit"))
    assert stored_by == {"so_a": str(first), "so_b": str(second), "xa_c": str(first)}
    assert stored(project, OCT)[("so_b", "kiosk")] == 4


def test_a_period_stored_before_the_unit_digests_is_rewritten_whole_on_its_next_run(project) -> None:
    pipeline.report(project, OCT)
    with sqlite3.connect(project.history_db) as conn:
        conn.execute("DELETE FROM period_unit_digests")   # as a database from before migration 9 holds the month
    path = project.inputs / OCT.key / "so_b.xlsx"
    set_cell(path, "Số liệu", find_cell(path, "Số liệu", "kiosk"), 4)
    pipeline.report(project, OCT, overwrite=True)
    with sqlite3.connect(project.history_db) as conn:
        last = conn.execute("SELECT max(id) FROM runs").fetchone()[0]
        stored_by = {run for (run,) in conn.execute("SELECT DISTINCT run_id FROM period_values")}
        digests = conn.execute("SELECT count(*) FROM period_unit_digests WHERE tbl = 'period_values'").fetchone()[0]
    assert stored_by == {last} and digests == 3
    assert stored(project, OCT)[("so_b", "kiosk")] == 4


def test_every_run_is_recorded_with_its_files_findings_and_outputs(project) -> None:
    pipeline.check(project, OCT)
    with sqlite3.connect(project.history_db) as conn:
        runs = conn.execute("SELECT command, period, outputs FROM runs").fetchall()
        files = conn.execute("SELECT file, length(sha256), unit FROM run_files ORDER BY file").fetchall()
    assert runs[0][:2] == ("kiem-tra", "2025-10") and "kiem-tra-2025-10.xlsx" in runs[0][2]
    assert files == [("so_a.xlsx", 64, "so_a"), ("so_b.xlsx", 64, "so_b"), ("xa_c.xlsx", 64, "xa_c")]
    assert stored(project, OCT) == {}  # kiem-tra checks, it does not store


def test_a_failed_store_leaves_the_history_unchanged(project) -> None:
    pipeline.report(project, OCT)
    before = stored(project, OCT)
    bad = [Value("so_b", "kiosk", None, Source("x.xlsx", "Số liệu", "F1"))]  # type: ignore[arg-type]
    with pytest.raises(sqlite3.IntegrityError):
        history.record_run(project.history_db, "bao-cao", OCT, [], [], [], bad)
    assert stored(project, OCT) == before


def test_a_run_begun_is_recorded_with_its_files_when_finished_and_not_at_all_when_abandoned(project) -> None:
    db = project.history_db
    values = [Value("so_b", "kiosk", 3, Source("so_b.xlsx", "Số liệu", "F9"))]
    history.begin_run(db, "bao-cao", OCT, [("so_b.xlsx", "x", "so_b")], [], values).abandon()
    assert stored(project, OCT) == {}
    made = project.outputs / "tong-hop.xlsx"
    run_id = history.begin_run(db, "bao-cao", OCT, [("so_b.xlsx", "x", "so_b")], [], values).finish([made])
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT id, outputs FROM runs").fetchall() == [(run_id, json.dumps([str(made)]))]
    assert stored(project, OCT)


def test_a_runs_files_and_findings_are_found_by_its_id_not_by_reading_every_run(project) -> None:
    """Each run adds a row per file read (3,321 a national month): who reported before, and what the last run said,
    look a run's rows up by its id."""
    pipeline.check(project, OCT)
    with sqlite3.connect(project.history_db) as conn:
        for table in ("run_files", "run_findings"):
            plan = conn.execute(f"EXPLAIN QUERY PLAN SELECT * FROM {table} WHERE run_id = 1").fetchall()
            assert "USING INDEX" in plan[0][3]


def test_migrations_build_an_empty_database_and_upgrade_an_older_one(tmp_path: Path) -> None:
    fresh = sqlite3.connect(tmp_path / "new.sqlite", isolation_level=None)
    assert migrations.migrate(fresh) == len(migrations.MIGRATIONS)
    old = sqlite3.connect(tmp_path / "old.sqlite", isolation_level=None)
    old.executescript(migrations.MIGRATIONS[0])
    old.execute("PRAGMA user_version = 1")
    old.execute("INSERT INTO runs (started_at, command, period) VALUES ('2025-10-01', 'bao-cao', '2025-09')")
    assert migrations.migrate(old) == len(migrations.MIGRATIONS)
    assert old.execute("SELECT period FROM runs").fetchall() == [("2025-09",)]
    assert migrations.migrate(old) == len(migrations.MIGRATIONS)  # applying again changes nothing


def test_the_shipped_september_then_october_reproduce_the_seeds_monthly_increments(tmp_path: Path) -> None:
    from baocao.config import load_settings

    from .builders import copy_repo

    settings = load_settings(copy_repo(tmp_path / "repo", "catalog", "templates", "inputs/2025-09", "inputs/2025-10"))
    pipeline.check(settings, OCT)  # without September in the history, the typed monthly figures are used
    pipeline.report(settings, SEP)
    outcome = pipeline.report(settings, OCT)
    totals = outcome.figures.totals
    assert outcome.figures.increments["ho_so_so_hoa_luy_ke"] == 63_619
    assert totals["ho_so_so_hoa_trong_ky"].value == 63_619
    assert totals["khai_thac_dan_cu_trong_ky"].value == 57_709
    assert totals["khai_thac_dan_cu_lay_thong_tin_trong_ky"].value == 57_709
    assert totals["khai_thac_dan_cu_xac_minh_cccd_trong_ky"].value == 0
    assert not [f for f in outcome.findings if f.code in ("tang-khong-khop", "luy-ke-giam")]


def test_a_typed_monthly_figure_that_disagrees_with_the_cumulative_growth_is_flagged(tmp_path: Path) -> None:
    from .builders import CATALOG

    indicators = [row + (("increment_of",) if i == 0 else ("",)) for i, row in enumerate(CATALOG["indicators.csv"])]
    indicators.append(("ddt_trong_ky", "Tài khoản ĐDĐT mức 2 tăng trong kỳ", "người", "so_b", "trong-ky", "mot-don-vi",
                       "so-nguyen", "0", "I.1.a", "ddt_dat"))
    settings = make_project(tmp_path / "p", {**CATALOG, "indicators.csv": indicators})
    write_submission(settings, "so_b", FormContent(values={"ddt_dat": 1000, "cong_dan": 2000}), period=SEP)
    path = write_submission(settings, "so_b", FormContent(values={"ddt_dat": 1500, "cong_dan": 2000, "ddt_trong_ky": 400}))
    pipeline.report(settings, SEP)
    outcome = pipeline.report(settings, OCT)
    hits = [f for f in outcome.findings if f.code == "tang-khong-khop"]
    assert [(f.cell, f.value) for f in hits] == [(find_cell(path, "Số liệu", "ddt_trong_ky"), "400")]
    assert outcome.figures.totals["ddt_trong_ky"].value == 500
