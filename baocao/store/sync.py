"""A period's rows rewritten unit by unit, and only where they changed: a re-run of a month in which a few units
resent their files writes those units' rows, not the whole province's again (a national month has ~23,000 values
and as many snapshot entries; a re-run with nothing new writes none of them).
"""
from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable


def replace_by_unit(conn: sqlite3.Connection, table: str, key: str, columns: tuple[str, ...],
                    rows: Iterable[tuple], extra: dict[str, object] | None = None) -> int:
    """Make the rows of ``table`` for period ``key`` exactly ``rows`` (the values of ``columns``, the unit first).

    A unit whose rows are the same, in the same order, is left alone, with its ``extra`` columns as they were (the
    run that stored them); a unit with any difference has its rows deleted and written again in the order given.
    Returns how many units were written."""
    names = ", ".join(columns)
    stored: dict[str, list[tuple]] = defaultdict(list)
    rowids: dict[str, list[int]] = defaultdict(list)
    for rowid, *values in conn.execute(f"SELECT rowid, {names} FROM {table} WHERE period = ? ORDER BY rowid", (key,)):
        stored[values[0]].append(tuple(values))
        rowids[values[0]].append(rowid)
    wanted: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        wanted[row[0]].append(tuple(row))
    changed = [unit for unit in dict.fromkeys([*wanted, *stored]) if stored.get(unit) != wanted.get(unit)]
    conn.executemany(f"DELETE FROM {table} WHERE rowid = ?", [(rowid,) for unit in changed for rowid in rowids[unit]])
    more = extra or {}
    placeholders = ", ".join("?" * (1 + len(columns) + len(more)))
    conn.executemany(f"INSERT INTO {table} (period, {names}{''.join(', ' + name for name in more)}) "
                     f"VALUES ({placeholders})",
                     [(key, *row, *more.values()) for unit in changed for row in wanted.get(unit, ())])
    return len(changed)
