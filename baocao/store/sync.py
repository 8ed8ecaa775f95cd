"""A period's rows rewritten unit by unit, and only where they changed: a re-run of a month in which a few units
resent their files writes those units' rows, not the whole province's again (a national month has ~23,000 values
and as many snapshot entries; a re-run with nothing new writes none of them).

Which units changed is found from a digest of each unit's rows (``period_unit_digests``, migration 9), compared with
the one stored when they were written, so the rows themselves are not read back.
"""
from __future__ import annotations

import hashlib
import sqlite3
from collections import defaultdict
from collections.abc import Iterable


def replace_by_unit(conn: sqlite3.Connection, table: str, key: str, columns: tuple[str, ...],
                    rows: Iterable[tuple], extra: dict[str, object] | None = None) -> int:
    """Make the rows of ``table`` for period ``key`` exactly ``rows`` (the values of ``columns``, the unit first).

    A unit whose rows are the same, in the same order, is left alone, with its ``extra`` columns as they were (the
    run that stored them); a unit with any difference has its rows deleted and written again in the order given.
    A period stored before the digests were kept is replaced whole once. Returns how many units were written."""
    wanted: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        wanted[row[0]].append(tuple(row))
    digests = {unit: _digest(found) for unit, found in wanted.items()}
    stored = dict(conn.execute("SELECT unit, digest FROM period_unit_digests WHERE period = ? AND tbl = ?",
                               (key, table)))
    if not stored:   # first store of the period, or one from before the digests: whatever is there goes
        conn.execute(f"DELETE FROM {table} WHERE period = ?", (key,))
        changed = list(wanted)
    else:
        changed = [unit for unit in dict.fromkeys([*wanted, *stored]) if stored.get(unit) != digests.get(unit)]
        conn.executemany(f"DELETE FROM {table} WHERE period = ? AND unit = ?", [(key, unit) for unit in changed])
    more = extra or {}
    placeholders = ", ".join("?" * (1 + len(columns) + len(more)))
    conn.executemany(f"INSERT INTO {table} (period, {', '.join(columns)}{''.join(', ' + name for name in more)}) "
                     f"VALUES ({placeholders})",
                     [(key, *row, *more.values()) for unit in changed for row in wanted.get(unit, ())])
    conn.executemany("DELETE FROM period_unit_digests WHERE period = ? AND tbl = ? AND unit = ?",
                     [(key, table, unit) for unit in changed if unit not in digests])
    conn.executemany("INSERT OR REPLACE INTO period_unit_digests (period, tbl, unit, digest) VALUES (?, ?, ?, ?)",
                     [(key, table, unit, digests[unit]) for unit in changed if unit in digests])
    return len(changed)


def _digest(rows: list[tuple]) -> str:
    """The unit's rows as written (types included: 5 and 5.0 differ, and are rewritten rather than missed)."""
    return hashlib.blake2b(repr(rows).encode("utf-8"), digest_size=16).hexdigest()
