"""The history database's schema: numbered migrations applied automatically (``PRAGMA user_version``), so a
database from an older version of the tool is upgraded in place, never rebuilt.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

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
    # 4: the unit's catalog code beside its name in what a run found, for lookups and counting by unit.
    """
    ALTER TABLE run_findings ADD COLUMN unit_code TEXT NOT NULL DEFAULT '';
    """,
    # 5: the rest of a month's accepted data, so quarters and years are made from the history alone: which run a
    #    period's data came from, who reported (or not), the values that failed, documents, list items, highlights.
    """
    CREATE TABLE period_records (
        period TEXT PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id)
    );
    CREATE TABLE period_units (
        period TEXT NOT NULL,
        unit TEXT NOT NULL,
        state TEXT NOT NULL,
        file TEXT NOT NULL DEFAULT '',
        run_id INTEGER NOT NULL REFERENCES runs(id)
    );
    CREATE INDEX period_units_period ON period_units (period);
    CREATE TABLE period_failed (
        period TEXT NOT NULL,
        unit TEXT NOT NULL,
        indicator TEXT NOT NULL,
        run_id INTEGER NOT NULL REFERENCES runs(id),
        PRIMARY KEY (period, unit, indicator)
    );
    CREATE TABLE period_documents (
        period TEXT NOT NULL,
        unit TEXT NOT NULL,
        list_code TEXT NOT NULL,
        doc_type TEXT NOT NULL,
        number TEXT NOT NULL,
        issued TEXT,
        subject TEXT NOT NULL,
        file TEXT NOT NULL, sheet TEXT NOT NULL, cell TEXT NOT NULL,
        run_id INTEGER NOT NULL REFERENCES runs(id)
    );
    CREATE INDEX period_documents_period ON period_documents (period);
    CREATE TABLE period_items (
        period TEXT NOT NULL,
        unit TEXT NOT NULL,
        list_code TEXT NOT NULL,
        text TEXT NOT NULL,
        quantity REAL,
        note TEXT NOT NULL DEFAULT '',
        file TEXT NOT NULL, sheet TEXT NOT NULL, cell TEXT NOT NULL,
        run_id INTEGER NOT NULL REFERENCES runs(id)
    );
    CREATE INDEX period_items_period ON period_items (period);
    CREATE TABLE period_highlights (
        period TEXT NOT NULL,
        unit TEXT NOT NULL,
        section TEXT NOT NULL,
        text TEXT NOT NULL,
        footnote TEXT NOT NULL DEFAULT '',
        plan TEXT,
        number TEXT,
        key TEXT NOT NULL DEFAULT '',
        file TEXT NOT NULL, sheet TEXT NOT NULL, cell TEXT NOT NULL,
        run_id INTEGER NOT NULL REFERENCES runs(id)
    );
    CREATE INDEX period_highlights_period ON period_highlights (period);
    """,
    # 6: when each file's content was first seen and when it arrived (its modification time, if earlier), and which
    #    file each unit's report was taken from in a run: who reported, on time, period after period.
    """
    CREATE TABLE file_sightings (
        sha256 TEXT PRIMARY KEY,
        first_seen TEXT NOT NULL,
        arrived TEXT NOT NULL,
        file TEXT NOT NULL,
        unit TEXT NOT NULL DEFAULT ''
    );
    ALTER TABLE run_files ADD COLUMN accepted INTEGER NOT NULL DEFAULT 0;
    """,
    # 7: every output a run wrote, with its content's SHA-256 (a re-run replaces what is still the tool's own, never
    #    what the clerk edited); and what each unit's file said in the last kiem-tra or bao-cao of a period, as
    #    text, to show what a resent file changed.
    """
    CREATE TABLE run_outputs (
        run_id INTEGER NOT NULL REFERENCES runs(id),
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL
    );
    CREATE INDEX run_outputs_run ON run_outputs (run_id);
    CREATE TABLE period_snapshots (
        period TEXT PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id)
    );
    CREATE TABLE period_entries (
        period TEXT NOT NULL,
        unit TEXT NOT NULL,
        kind TEXT NOT NULL,
        item TEXT NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX period_entries_period ON period_entries (period);
    """,
    # 8: a list item's key (column "Khóa" of the Danh sách sheet, form DA06-2025.7): a span's template places it by
    #    key as the monthly one does.
    """
    ALTER TABLE period_items ADD COLUMN key TEXT NOT NULL DEFAULT '';
    """,
    # 9: a digest of each unit's rows of a period's values and snapshot, so that a re-run finds the units whose rows
    #    changed without reading every row back (store/sync.py), and the snapshot's rows by unit.
    """
    CREATE TABLE period_unit_digests (
        period TEXT NOT NULL,
        tbl TEXT NOT NULL,
        unit TEXT NOT NULL,
        digest TEXT NOT NULL,
        PRIMARY KEY (period, tbl, unit)
    );
    CREATE INDEX period_entries_unit ON period_entries (period, unit);
    """,
    # 10: the files and findings of a run found by its id: every run adds a row per file read (3,321 a national
    #     month), and who reported in the periods before, and what the last run said, were scans of all of them.
    """
    CREATE INDEX run_files_run ON run_files (run_id);
    CREATE INDEX run_findings_run ON run_findings (run_id);
    """,
    # 11: what a finding questions in the draft and the marker's words, so that a span's draft marks the months'
    #     doubts its figures rest on (figures/spans.py) as each month's draft did.
    """
    ALTER TABLE run_findings ADD COLUMN about TEXT NOT NULL DEFAULT '';
    ALTER TABLE run_findings ADD COLUMN note TEXT NOT NULL DEFAULT '';
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
