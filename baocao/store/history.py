"""The history: an embedded SQLite database of every accepted value and task status by period, and every run
with what it found and wrote. Next month compares with it; quarterly and annual reports add it up (``months``).
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable
from contextlib import closing
from datetime import date, datetime
from pathlib import Path

from ..model import Dataset, Entry, Finding, StoredStatus, StoredValue, TaskReport, TaskStatus, Value
from ..periods import Period, ReportPeriod, parse_period
from . import months, runs
from .migrations import connect
from .sync import replace_by_unit


def values_for(path: Path, period: Period) -> list[StoredValue]:
    """The accepted values of a period, or nothing if the period was never stored."""
    if not path.exists():
        return []
    with closing(connect(path)) as conn:
        rows = conn.execute("SELECT unit, indicator, value FROM period_values WHERE period = ?", (period.key,))
        return [StoredValue(u, i, int(v) if float(v).is_integer() else v) for u, i, v in rows]


def stored_periods(path: Path) -> list[Period]:
    """The periods whose values a ``bao-cao`` run stored, oldest first."""
    if not path.exists():
        return []
    with closing(connect(path)) as conn:
        keys = [k for (k,) in conn.execute("SELECT DISTINCT period FROM period_values ORDER BY period")]
    return [parse_period(k) for k in keys]


def task_statuses_for(path: Path, period: Period) -> list[StoredStatus]:
    """The task statuses accepted for a period, or nothing if the period was never stored."""
    if not path.exists():
        return []
    with closing(connect(path)) as conn:
        rows = conn.execute("SELECT unit, plan, number, status, completed_on FROM period_task_statuses "
                            "WHERE period = ?", (period.key,))
        return [StoredStatus(u, (p, n), TaskStatus(s, date.fromisoformat(d) if d else None)) for u, p, n, s, d in rows]


READING_COMMANDS = ("bao-cao", "kiem-tra", "tinh-hinh")   # the runs that read the period's files


def arrivals(path: Path, digests: Iterable[str]) -> dict[str, datetime]:
    """When each of these file contents arrived, for those the history has already seen."""
    wanted = list(dict.fromkeys(digests))
    if not path.exists() or not wanted:
        return {}
    found: dict[str, datetime] = {}
    with closing(connect(path)) as conn:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            rows = conn.execute(f"SELECT sha256, arrived FROM file_sightings WHERE sha256 IN "
                                f"({', '.join('?' * len(chunk))})", chunk)
            found.update({digest: datetime.fromisoformat(arrived) for digest, arrived in rows})
    return found


def reported(path: Path, periods: Iterable[Period]) -> dict[Period, dict[str, datetime]]:
    """For each period a run has read the files of: the units whose file that last run used, with when the file
    arrived. Periods read before the history kept this are absent."""
    if not path.exists():
        return {}
    found: dict[Period, dict[str, datetime]] = {}
    with closing(connect(path)) as conn:
        for period in periods:
            rows = conn.execute(
                "SELECT f.unit, s.arrived FROM run_files f JOIN file_sightings s ON s.sha256 = f.sha256 "
                "WHERE f.accepted = 1 AND f.run_id = (SELECT max(id) FROM runs WHERE period = ? AND command IN "
                f"({', '.join('?' * len(READING_COMMANDS))}))", (period.key, *READING_COMMANDS)).fetchall()
            if rows:
                found[period] = {unit: datetime.fromisoformat(arrived) for unit, arrived in rows}
    return found


def record_run(path: Path, command: str, period: ReportPeriod, sources: Iterable[tuple[str, str, str]],
               findings: list[Finding], outputs: list[Path], values: list[Value] | None,
               task_statuses: list[TaskReport] | None = None, dataset: Dataset | None = None,
               accepted: Collection[str] = (), arrived: dict[str, datetime] | None = None,
               output_hashes: dict[Path, str] | None = None, entries: list[Entry] | None = None) -> int:
    """Record a run; with ``values`` also replace the period's stored values and task statuses, and with ``dataset``
    the rest of the month (who reported, documents, lists, highlights), all in one transaction. Values and the
    snapshot are rewritten only for the units whose rows changed (``sync``): a value's ``run_id`` is the run that
    stored it as it is.

    ``sources`` are (file name, SHA-256, unit code) of the files read; ``accepted`` the names of those whose unit's
    report was taken from them; ``arrived`` when each content (by SHA-256) arrived, kept the first time it is seen;
    ``output_hashes`` the SHA-256 of each output written; ``entries`` what each unit's file said (the snapshot the
    next run of the period compares with)."""
    return begin_run(path, command, period, sources, findings, values, task_statuses, dataset, accepted, arrived,
                     entries).finish(outputs, output_hashes)


class Recording:
    """A run's record written but not committed (``begin_run``): ``finish`` adds the files the run wrote and
    commits; ``abandon`` (the run failed) leaves nothing of it."""

    def __init__(self, conn: sqlite3.Connection, run_id: int) -> None:
        self.conn: sqlite3.Connection | None = conn
        self.run_id = run_id

    def finish(self, outputs: list[Path], output_hashes: dict[Path, str] | None = None) -> int:
        assert self.conn is not None
        try:
            self.conn.execute("UPDATE runs SET outputs = ? WHERE id = ?",
                              (json.dumps([str(p) for p in outputs], ensure_ascii=False), self.run_id))
            runs.store_outputs(self.conn, self.run_id, output_hashes or {})
            self.conn.execute("COMMIT")
        except BaseException:
            self.abandon()
            raise
        self.conn.close()
        self.conn = None
        return self.run_id

    def abandon(self) -> None:
        if self.conn is not None:
            conn, self.conn = self.conn, None
            try:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            finally:
                conn.close()


def begin_run(path: Path, command: str, period: ReportPeriod, sources: Iterable[tuple[str, str, str]],
              findings: list[Finding], values: list[Value] | None, task_statuses: list[TaskReport] | None = None,
              dataset: Dataset | None = None, accepted: Collection[str] = (),
              arrived: dict[str, datetime] | None = None, entries: list[Entry] | None = None) -> Recording:
    """``record_run`` but for the files the run wrote: written, not committed, so that a run can record itself
    while its last files are still being made (the database stays locked for writing until then)."""
    hashes = {name: digest for name, digest, _ in sources}
    units = {name: unit for name, _, unit in sources}
    key = period.key
    now = datetime.now().isoformat(timespec="seconds")
    conn = connect(path)
    recording = Recording(conn, 0)
    try:
        conn.execute("BEGIN IMMEDIATE")
        recording.run_id = run_id = conn.execute(
            "INSERT INTO runs (started_at, command, period, errors, warnings, outputs) VALUES (?, ?, ?, ?, ?, ?)",
            (now, command, key, sum(f.is_error for f in findings), sum(not f.is_error for f in findings),
             "[]")).lastrowid
        conn.executemany("INSERT INTO run_files (run_id, file, sha256, unit, accepted) VALUES (?, ?, ?, ?, ?)",
                         [(run_id, name, digest, units[name], name in accepted) for name, digest in hashes.items()])
        conn.executemany(
            "INSERT OR IGNORE INTO file_sightings (sha256, first_seen, arrived, file, unit) VALUES (?, ?, ?, ?, ?)",
            [(digest, now, (arrived or {}).get(digest, datetime.now()).isoformat(timespec="seconds"), name,
              units[name]) for name, digest in hashes.items()])
        conn.executemany(
            "INSERT INTO run_findings (run_id, code, severity, unit, unit_code, file, sheet, cell, value, message, about, "
            "note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(run_id, f.code, f.severity.value, f.unit_name, f.unit_code, f.file, f.sheet, f.cell, f.value,
              f.message, " ".join(f.about), f.note) for f in findings])
        if values is not None:
            _store_month(conn, key, run_id, hashes, values, task_statuses or [], dataset)
        if entries is not None:
            runs.store_entries(conn, key, run_id, entries)
    except BaseException:
        recording.abandon()
        raise
    return recording


def _store_month(conn: sqlite3.Connection, key: str, run_id: int, hashes: dict[str, str], values: list[Value],
                 task_statuses: list[TaskReport], dataset: Dataset | None) -> None:
    replace_by_unit(conn, "period_values", key, ("unit", "indicator", "value", "file", "sheet", "cell", "file_sha256"),
                    ((v.unit, v.indicator, v.value, v.source.file, v.source.sheet, v.source.cell,
                      hashes.get(v.source.file, "")) for v in values), {"run_id": run_id})
    conn.execute("DELETE FROM period_task_statuses WHERE period = ?", (key,))
    conn.executemany(
        "INSERT INTO period_task_statuses (period, unit, plan, number, status, completed_on, note, file, "
        "sheet, cell, file_sha256, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(key, t.unit, t.task[0], t.task[1], t.status.status,
          t.status.completed_on.isoformat() if t.status.completed_on else None, t.note, t.source.file,
          t.source.sheet, t.source.cell, hashes.get(t.source.file, ""), run_id)
         for t in task_statuses])
    if dataset is not None:
        months.store(conn, key, dataset, hashes, run_id)
