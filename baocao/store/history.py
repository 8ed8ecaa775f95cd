"""The history: an embedded SQLite database of every accepted value and task status by period, and every run
with what it found and wrote. Next month compares with it; quarterly and annual reports add it up (``months``).
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from contextlib import closing
from datetime import date, datetime
from pathlib import Path

from ..model import Dataset, Finding, StoredStatus, StoredValue, TaskReport, TaskStatus, Value
from ..periods import Period, ReportPeriod
from . import months
from .migrations import connect


def values_for(path: Path, period: Period) -> list[StoredValue]:
    """The accepted values of a period, or nothing if the period was never stored."""
    if not path.exists():
        return []
    with closing(connect(path)) as conn:
        rows = conn.execute("SELECT unit, indicator, value FROM period_values WHERE period = ?", (period.key,))
        return [StoredValue(u, i, int(v) if float(v).is_integer() else v) for u, i, v in rows]


def task_statuses_for(path: Path, period: Period) -> list[StoredStatus]:
    """The task statuses accepted for a period, or nothing if the period was never stored."""
    if not path.exists():
        return []
    with closing(connect(path)) as conn:
        rows = conn.execute("SELECT unit, plan, number, status, completed_on FROM period_task_statuses "
                            "WHERE period = ?", (period.key,))
        return [StoredStatus(u, (p, n), TaskStatus(s, date.fromisoformat(d) if d else None)) for u, p, n, s, d in rows]


def record_run(path: Path, command: str, period: ReportPeriod, sources: Iterable[tuple[str, str, str]],
               findings: list[Finding], outputs: list[Path], values: list[Value] | None,
               task_statuses: list[TaskReport] | None = None, dataset: Dataset | None = None) -> int:
    """Record a run; with ``values`` also replace the period's stored values and task statuses, and with ``dataset``
    the rest of the month (who reported, documents, lists, highlights), all in one transaction.

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
                "INSERT INTO run_findings (run_id, code, severity, unit, unit_code, file, sheet, cell, value, message) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(run_id, f.code, f.severity.value, f.unit_name, f.unit_code, f.file, f.sheet, f.cell, f.value,
                  f.message) for f in findings])
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
                if dataset is not None:
                    months.store(conn, key, dataset, hashes, run_id)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return run_id
