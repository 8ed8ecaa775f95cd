"""What the history keeps of runs for the clerk's sake: the SHA-256 of every output written (so a re-run knows the
tool's own files from those the clerk edited), and what each unit's file said in the last kiem-tra or bao-cao of a
period (so a resent file's changes can be listed).
"""
from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

from ..model import Entry, Finding, Severity, Source, StoredRun
from ..periods import ReportPeriod
from .migrations import connect
from .sync import replace_by_unit

COMPARED_COMMANDS = ("bao-cao", "kiem-tra")   # the runs whose results the clerk sees and resends against
GUIDE_COMMAND = "huong-dan-mau"


def own_outputs(path: Path, period: ReportPeriod) -> set[str]:
    """The SHA-256 of every file the tool wrote in the period's output folder."""
    if not path.exists():
        return set()
    with closing(connect(path)) as conn:
        rows = conn.execute("SELECT o.sha256 FROM run_outputs o JOIN runs r ON r.id = o.run_id WHERE r.period = ?",
                            (period.key,))
        return {digest for (digest,) in rows}


def own_guides(path: Path) -> set[str]:
    """The SHA-256 of every template guide the tool wrote (``huong-dan-mau``, in the outputs folder itself)."""
    if not path.exists():
        return set()
    with closing(connect(path)) as conn:
        rows = conn.execute("SELECT o.sha256 FROM run_outputs o JOIN runs r ON r.id = o.run_id WHERE r.command = ?",
                            (GUIDE_COMMAND,))
        return {digest for (digest,) in rows}


def store_outputs(conn: sqlite3.Connection, run_id: int, outputs: dict[Path, str]) -> None:
    conn.executemany("INSERT INTO run_outputs (run_id, path, sha256) VALUES (?, ?, ?)",
                     [(run_id, str(p), digest) for p, digest in outputs.items()])


def store_entries(conn: sqlite3.Connection, key: str, run_id: int, entries: list[Entry]) -> None:
    """Replace the period's snapshot with this run's (inside ``record_run``'s transaction), rewriting only the units
    whose entries changed."""
    conn.execute("INSERT OR REPLACE INTO period_snapshots (period, run_id) VALUES (?, ?)", (key, run_id))
    replace_by_unit(conn, "period_entries", key, ("unit", "kind", "item", "text"),
                    ((e.unit, e.kind, e.item, e.text) for e in entries))


def last_run(path: Path, period: ReportPeriod) -> StoredRun | None:
    """The period's last kiem-tra or bao-cao with its snapshot; None if there is none (or it was made by a version
    of the tool that kept no snapshot)."""
    if not path.exists():
        return None
    with closing(connect(path)) as conn:
        found = conn.execute(
            "SELECT r.id, r.started_at, r.command FROM period_snapshots s JOIN runs r ON r.id = s.run_id "
            "WHERE s.period = ?", (period.key,)).fetchone()
        if found is None:
            return None
        run_id, started, command = found
        files = {unit: (file, digest) for unit, file, digest in conn.execute(
            "SELECT unit, file, sha256 FROM run_files WHERE run_id = ? AND accepted = 1", (run_id,))}
        entries = [Entry(*row) for row in conn.execute(
            "SELECT unit, kind, item, text FROM period_entries WHERE period = ?", (period.key,))]
        return StoredRun(datetime.fromisoformat(started), command, files, entries, _findings(conn, run_id))


def _findings(conn: sqlite3.Connection, run_id: int) -> list[Finding]:
    rows = conn.execute("SELECT code, severity, message, unit_code, unit, file, sheet, cell, value FROM run_findings "
                        "WHERE run_id = ?", (run_id,))
    return [Finding(code, Severity(severity), message or "", unit_code or "", unit or "",
                    Source(file or "", sheet or "", cell or ""), value or "")
            for code, severity, message, unit_code, unit, file, sheet, cell, value in rows]
