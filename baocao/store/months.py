"""A month as the history keeps it: everything ``bao-cao`` accepted for the period (values, who reported, documents,
list items, highlights, task statuses), from the latest run recorded for it. Quarters, six and nine months and the
year are made from these, never by reading the units' files again.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..model import Dataset, Document, Finding, Highlight, ListItem, Severity, Source, TaskReport, TaskStatus, Value
from ..periods import Period, PeriodRule
from .migrations import connect

ACCEPTED, REJECTED, MISSING = "accepted", "rejected", "missing"


@dataclass(frozen=True)
class StoredMonth:
    """A month's accepted data and the run it came from. ``legacy``: stored by a version of the tool that kept only
    values and task statuses (documents, lists and highlights of that month are unknown until it is run again)."""

    dataset: Dataset
    run_id: int
    recorded_at: str
    legacy: bool = False

    @property
    def period(self) -> Period:
        return self.dataset.period


def store(conn: sqlite3.Connection, key: str, dataset: Dataset, hashes: dict[str, str], run_id: int) -> None:
    """Replace what the history holds for the period beside its values (inside ``record_run``'s transaction)."""
    for table in ("period_records", "period_units", "period_failed", "period_documents", "period_items",
                  "period_highlights"):
        conn.execute(f"DELETE FROM {table} WHERE period = ?", (key,))
    conn.execute("INSERT INTO period_records (period, run_id) VALUES (?, ?)", (key, run_id))
    units = [(key, u, ACCEPTED, f, run_id) for u, f in dataset.accepted_files.items()]
    units += [(key, u, REJECTED, f, run_id) for f, u in dataset.rejected_files.items()]
    units += [(key, u, MISSING, "", run_id) for u in dataset.missing_units]
    conn.executemany("INSERT INTO period_units (period, unit, state, file, run_id) VALUES (?, ?, ?, ?, ?)", units)
    conn.executemany("INSERT INTO period_failed (period, unit, indicator, run_id) VALUES (?, ?, ?, ?)",
                     [(key, u, i, run_id) for u, i in sorted(dataset.failed)])
    conn.executemany(
        "INSERT INTO period_documents (period, unit, list_code, doc_type, number, issued, subject, file, sheet, cell, "
        "run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(key, d.unit, d.list_code, d.doc_type, d.number, d.issued.isoformat() if d.issued else None, d.subject,
          *_where(d.source), run_id) for d in dataset.documents])
    conn.executemany(
        "INSERT INTO period_items (period, unit, list_code, text, quantity, note, key, file, sheet, cell, run_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(key, i.unit, i.list_code, i.text, i.quantity, i.note, i.key, *_where(i.source), run_id)
         for i in dataset.items])
    conn.executemany(
        "INSERT INTO period_highlights (period, unit, section, text, footnote, plan, number, key, file, sheet, cell, "
        "run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(key, h.unit, h.section, h.text, h.footnote, *(h.task or (None, None)), h.key, *_where(h.source), run_id)
         for h in dataset.highlights])


def _where(source: Source) -> tuple[str, str, str]:
    return source.file, source.sheet, source.cell


def stored_months(path: Path, periods: Iterable[Period], rule: PeriodRule) -> dict[Period, StoredMonth]:
    """The months of ``periods`` the history holds (a month never reported with ``bao-cao`` is absent)."""
    if not path.exists():
        return {}
    found: dict[Period, StoredMonth] = {}
    with closing(connect(path)) as conn:
        for period in periods:
            month = _month(conn, period, rule)
            if month is not None:
                found[period] = month
    return found


def _month(conn: sqlite3.Connection, period: Period, rule: PeriodRule) -> StoredMonth | None:
    key = period.key
    record = conn.execute("SELECT r.run_id, runs.started_at FROM period_records r JOIN runs ON runs.id = r.run_id "
                          "WHERE r.period = ?", (key,)).fetchone()
    legacy = record is None
    if legacy:   # stored before the history kept whole months: values and task statuses only
        record = conn.execute("SELECT runs.id, runs.started_at FROM runs WHERE runs.id = (SELECT MAX(run_id) FROM "
                              "period_values WHERE period = ?)", (key,)).fetchone()
        if record is None:
            return None
    data = Dataset(period, last_day=period.last_day(rule))
    data.values = [Value(u, i, _number(v), Source(f, s, c)) for u, i, v, f, s, c in conn.execute(
        "SELECT unit, indicator, value, file, sheet, cell FROM period_values WHERE period = ?", (key,))]
    data.task_statuses = [TaskReport(u, (p, n), TaskStatus(st, _date(d)), note, Source(f, s, c))
                          for u, p, n, st, d, note, f, s, c in conn.execute(
        "SELECT unit, plan, number, status, completed_on, note, file, sheet, cell FROM period_task_statuses "
        "WHERE period = ?", (key,))]
    if legacy:
        for v in [*data.values, *data.task_statuses]:
            data.accepted_files.setdefault(v.unit, v.source.file)
        return StoredMonth(data, record[0], record[1], legacy=True)
    for unit, state, file in conn.execute("SELECT unit, state, file FROM period_units WHERE period = ?", (key,)):
        if state == ACCEPTED:
            data.accepted_files[unit] = file
        elif state == REJECTED:
            data.rejected_files[file] = unit
        else:
            data.missing_units.append(unit)
    data.failed = set(conn.execute("SELECT unit, indicator FROM period_failed WHERE period = ?", (key,)))
    data.documents = [Document(u, code, t, n, _date(d), subj, Source(f, s, c)) for u, code, t, n, d, subj, f, s, c in
                      conn.execute("SELECT unit, list_code, doc_type, number, issued, subject, file, sheet, cell "
                                   "FROM period_documents WHERE period = ? ORDER BY rowid", (key,))]
    data.items = [ListItem(u, code, text, _number(q) if q is not None else None, note, Source(f, s, c), k)
                  for u, code, text, q, note, k, f, s, c in conn.execute(
                      "SELECT unit, list_code, text, quantity, note, key, file, sheet, cell FROM period_items "
                      "WHERE period = ? ORDER BY rowid", (key,))]
    data.highlights = [Highlight(u, sec, text, note, Source(f, s, c), (p, n) if p else None, k)
                       for u, sec, text, note, p, n, k, f, s, c in conn.execute(
                           "SELECT unit, section, text, footnote, plan, number, key, file, sheet, cell "
                           "FROM period_highlights WHERE period = ? ORDER BY rowid", (key,))]
    return StoredMonth(data, record[0], record[1])


def latest_statuses(path: Path, upto: Period) -> list[tuple[Period, TaskReport]]:
    """Each unit's latest status of each task reported in a month up to ``upto``, with that month: the tasks at a
    span's end."""
    if not path.exists():
        return []
    with closing(connect(path)) as conn:
        rows = conn.execute(
            "SELECT s.period, s.unit, s.plan, s.number, s.status, s.completed_on, s.note, s.file, s.sheet, s.cell "
            "FROM period_task_statuses s JOIN (SELECT unit, plan, number, MAX(period) AS period "
            "FROM period_task_statuses WHERE period <= ? GROUP BY unit, plan, number) latest "
            "USING (unit, plan, number, period) ORDER BY s.rowid", (upto.key,))
        return [(Period(int(k[:4]), int(k[5:])), TaskReport(u, (p, n), TaskStatus(st, _date(d)), note, Source(f, s, c)))
                for k, u, p, n, st, d, note, f, s, c in rows]


def run_findings(path: Path, run_id: int) -> list[Finding]:
    """What a recorded run found, as it found it."""
    if not path.exists():
        return []
    with closing(connect(path)) as conn:
        rows = conn.execute("SELECT code, severity, message, unit_code, unit, file, sheet, cell, value, about, note "
                            "FROM run_findings WHERE run_id = ? ORDER BY rowid", (run_id,))
        return [Finding(code, Severity(sev), message or "", unit_code or "", unit or "",
                        Source(file or "", sheet or "", cell or ""), value or "", tuple(about.split()), note)
                for code, sev, message, unit_code, unit, file, sheet, cell, value, about, note in rows]


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
