"""Stage 6, history: an embedded SQLite database of every accepted value and every run.

Schema changes are numbered migrations applied automatically (``PRAGMA user_version``),
so a database from an older version of the tool is upgraded in place, never rebuilt.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..text import fmt
from ..catalog.load import Catalog
from ..catalog.deadlines import TaskStatus
from ..codes import Finding, finding
from ..intake.layout import STATUS_LABELS
from ..model import TaskReport, Value
from ..periods import Period

MIGRATIONS: tuple[str, ...] = (
    # 1: values by period, unit and indicator, with their source; runs and what they found.
    """
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        command TEXT NOT NULL,
        period TEXT NOT NULL,
        errors INTEGER NOT NULL DEFAULT 0,
        warnings INTEGER NOT NULL DEFAULT 0,
        outputs TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE run_files (
        run_id INTEGER NOT NULL REFERENCES runs(id),
        file TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        unit TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE run_findings (
        run_id INTEGER NOT NULL REFERENCES runs(id),
        code TEXT NOT NULL, severity TEXT NOT NULL, unit TEXT, file TEXT, sheet TEXT, cell TEXT,
        value TEXT, message TEXT
    );
    CREATE TABLE period_values (
        period TEXT NOT NULL,
        unit TEXT NOT NULL,
        indicator TEXT NOT NULL,
        value REAL NOT NULL,
        file TEXT NOT NULL,
        sheet TEXT NOT NULL,
        cell TEXT NOT NULL,
        file_sha256 TEXT NOT NULL,
        run_id INTEGER NOT NULL REFERENCES runs(id),
        PRIMARY KEY (period, unit, indicator)
    );
    """,
    # 2: the archive of signed reports, append-only (the tool only ever inserts rows), one row per stored file.
    """
    CREATE TABLE archive (
        id INTEGER PRIMARY KEY,
        period TEXT NOT NULL,
        version INTEGER NOT NULL,
        report_number TEXT NOT NULL DEFAULT '',
        path TEXT NOT NULL UNIQUE,
        original_name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        signer TEXT NOT NULL,
        signed_at TEXT NOT NULL,
        trusted INTEGER NOT NULL,
        signatures TEXT NOT NULL DEFAULT '[]',
        archived_at TEXT NOT NULL,
        UNIQUE (period, version)
    );
    CREATE INDEX archive_sha256 ON archive (sha256);
    """,
    # 3: each unit's status of the tasks it leads, per period, with its source, like period_values.
    """
    CREATE TABLE period_task_statuses (
        period TEXT NOT NULL,
        unit TEXT NOT NULL,
        plan TEXT NOT NULL,
        number TEXT NOT NULL,
        status TEXT NOT NULL,
        completed_on TEXT,
        note TEXT NOT NULL DEFAULT '',
        file TEXT NOT NULL,
        sheet TEXT NOT NULL,
        cell TEXT NOT NULL,
        file_sha256 TEXT NOT NULL,
        run_id INTEGER NOT NULL REFERENCES runs(id),
        PRIMARY KEY (period, unit, plan, number)
    );
    """,
)


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) and migrate the database."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn)
    return conn


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the migrations the database has not seen yet, each in its own transaction."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
        conn.execute("BEGIN")
        try:
            for statement in script.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return conn.execute("PRAGMA user_version").fetchone()[0]


@dataclass(frozen=True)
class StoredValue:
    unit: str
    indicator: str
    value: float


def values_for(path: Path, period: Period) -> list[StoredValue]:
    """The accepted values of a period, or nothing if the period was never stored."""
    if not path.exists():
        return []
    with closing(connect(path)) as conn:
        rows = conn.execute("SELECT unit, indicator, value FROM period_values WHERE period = ?", (period.key,))
        return [StoredValue(u, i, int(v) if float(v).is_integer() else v) for u, i, v in rows]


@dataclass(frozen=True)
class StoredStatus:
    unit: str
    task: tuple[str, str]
    status: TaskStatus


def task_statuses_for(path: Path, period: Period) -> list[StoredStatus]:
    """The task statuses accepted for a period, or nothing if the period was never stored."""
    if not path.exists():
        return []
    with closing(connect(path)) as conn:
        rows = conn.execute("SELECT unit, plan, number, status, completed_on FROM period_task_statuses "
                            "WHERE period = ?", (period.key,))
        return [StoredStatus(u, (p, n), TaskStatus(s, date.fromisoformat(d) if d else None)) for u, p, n, s, d in rows]


def record_run(path: Path, command: str, period: Period, sources: Iterable[tuple[str, str, str]],
               findings: list[Finding], outputs: list[Path], values: list[Value] | None,
               task_statuses: list[TaskReport] | None = None) -> int:
    """Record a run; with ``values`` also replace the period's stored values and task statuses, all in one
    transaction.

    ``sources`` are (file name, SHA-256, unit code) of the files read."""
    hashes = {name: digest for name, digest, _ in sources}
    units = {name: unit for name, _, unit in sources}
    key = period.key
    with closing(connect(path)) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            run_id = conn.execute(
                "INSERT INTO runs (started_at, command, period, errors, warnings, outputs) VALUES (?, ?, ?, ?, ?, ?)",
                (datetime.now().isoformat(timespec="seconds"), command, key,
                 sum(f.is_error for f in findings), sum(not f.is_error for f in findings),
                 json.dumps([str(p) for p in outputs], ensure_ascii=False))).lastrowid
            conn.executemany("INSERT INTO run_files (run_id, file, sha256, unit) VALUES (?, ?, ?, ?)",
                             [(run_id, name, digest, units[name]) for name, digest in hashes.items()])
            conn.executemany(
                "INSERT INTO run_findings (run_id, code, severity, unit, file, sheet, cell, value, message) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(run_id, f.code, f.severity.value, f.unit, f.file, f.sheet, f.cell, f.value, f.message) for f in findings])
            if values is not None:
                conn.execute("DELETE FROM period_values WHERE period = ?", (key,))
                conn.executemany(
                    "INSERT INTO period_values (period, unit, indicator, value, file, sheet, cell, file_sha256, run_id) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(key, v.unit, v.indicator, v.value, v.source.file, v.source.sheet, v.source.cell,
                      hashes.get(v.source.file, ""), run_id) for v in values])
                conn.execute("DELETE FROM period_task_statuses WHERE period = ?", (key,))
                conn.executemany(
                    "INSERT INTO period_task_statuses (period, unit, plan, number, status, completed_on, note, file, "
                    "sheet, cell, file_sha256, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(key, t.unit, t.task[0], t.task[1], t.status.status,
                      t.status.completed_on.isoformat() if t.status.completed_on else None, t.note, t.source.file,
                      t.source.sheet, t.source.cell, hashes.get(t.source.file, ""), run_id)
                     for t in task_statuses or []])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return run_id


def compare_with_previous(values: list[Value], previous: list[StoredValue], catalog: Catalog, period: Period,
                          factor: float) -> list[Finding]:
    """Warnings against last period: a cumulative figure that went down, a figure that jumped."""
    before = {(v.unit, v.indicator): v.value for v in previous}
    now = {(v.unit, v.indicator): v.value for v in values}
    found: list[Finding] = []
    for v in values:
        ind = catalog.indicators.get(v.indicator)
        if ind is None:
            continue
        if ind.increment_of:
            cur, prev = now.get((v.unit, ind.increment_of)), before.get((v.unit, ind.increment_of))
            if cur is not None and prev is not None and cur - prev != v.value:
                found.append(finding(
                    "tang-khong-khop", unit=catalog.units[v.unit].name, file=v.source.file, sheet=v.source.sheet,
                    cell=v.source.cell, value=fmt.number(v.value), base=fmt.number(cur - prev),
                    detail=f"{ind.name} (= {fmt.number(cur)} − {fmt.number(prev)} của kỳ {period.previous().label})"))
        old = before.get((v.unit, v.indicator))
        if old is None:
            continue
        unit = catalog.units[v.unit].name
        where = dict(unit=unit, file=v.source.file, sheet=v.source.sheet, cell=v.source.cell, value=fmt.number(v.value))
        detail = f"{ind.name}: kỳ {period.label} là {fmt.number(v.value)}, kỳ {period.previous().label} là {fmt.number(old)}"
        if ind.cumulative and v.value < old:
            found.append(finding("luy-ke-giam", detail=detail, **where))
        elif factor > 1 and old > 0 and v.value > 0 and max(v.value / old, old / v.value) > factor:
            found.append(finding("bien-dong-bat-thuong", detail=detail, base=fmt.number(factor, 0), **where))
    return found


def compare_task_statuses(current: list[TaskReport], previous: list[StoredStatus], catalog: Catalog,
                          period: Period) -> list[Finding]:
    """A task a unit reported completed last period and now reports as not completed: a warning, never a guess
    which of the two is right. A task left blank this period is not compared (it is simply not reported)."""
    before = {(s.unit, catalog.tasks.canonical(s.task)): s.status for s in previous}
    found: list[Finding] = []
    for report in current:
        old = before.get((report.unit, report.task))
        if old is None or not old.completed or report.status.completed:
            continue
        when = f" (ngày {fmt.short_date(old.completed_on)})" if old.completed_on else ""
        found.append(finding(
            "hoan-thanh-ky-truoc", unit=catalog.units[report.unit].name if report.unit in catalog.units else report.unit,
            file=report.source.file, sheet=report.source.sheet, cell=report.source.cell,
            value=STATUS_LABELS[report.status.status], detail=catalog.tasks.describe(report.task),
            base=f"{period.previous().label}{when}"))
    return found
