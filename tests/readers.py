"""Readers for the isolation tests: module level, so worker processes can unpickle them."""
from __future__ import annotations

import os
from pathlib import Path


def name_reader(path: Path) -> str:
    """Dies the way calamine does on a failed allocation (abort) for files named ``die*``; exhausts memory in
    Python for ``hog*``; raises for ``bug*``; otherwise returns the name."""
    if path.name.startswith("die"):
        os.abort()
    if path.name.startswith("hog"):
        return str(len(bytearray(8_000_000_000)))
    if path.name.startswith("bug"):
        raise ValueError("a reader bug")
    return path.name


def calamine_reader(path: Path) -> tuple[int, int]:
    """What the project's reader does with a sheet: the whole rectangle from A1, as Python lists."""
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    sheets = [wb.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in wb.sheet_names]
    return max(len(rows) for rows in sheets), max(len(r) for rows in sheets for r in rows)


_PREFIX = ""


def set_prefix(prefix: str) -> None:
    """A worker initializer, as the project's ``_set_check``."""
    global _PREFIX
    _PREFIX = prefix


def prefixed_reader(path: Path) -> str:
    if path.name.startswith("die"):
        os.abort()
    return _PREFIX + path.name


def collector_reader(path: Path) -> bool:
    """Whether the worker reading ``path`` collects garbage."""
    import gc

    return gc.isenabled()
