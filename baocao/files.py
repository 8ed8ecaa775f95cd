"""Writing output files safely: atomically, never silently over an existing file."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path


class OutputLockedError(Exception):
    """The target is open in Word or Excel (Windows locks it): ask the clerk to close it."""

    def __init__(self, path: Path):
        super().__init__(f"Không ghi được {path}: tệp đang mở trong Word hoặc Excel. Hãy đóng tệp rồi chạy lại.")
        self.path = path


class NotWritableError(Exception):
    """A folder the run must write to refuses it: said before any work, with where to change it."""

    def __init__(self, folder: Path, what: str, setting: str, reason: str):
        super().__init__(f"Không ghi được vào thư mục {folder} ({reason}), nơi công cụ ghi {what}. Không có gì được "
                         "làm. Hãy bỏ thuộc tính Chỉ đọc (Read-only) của thư mục hoặc xin quyền ghi, hoặc chép cả thư "
                         "mục công cụ sang nơi ghi được (ví dụ Documents), hoặc đổi thư mục trong config.toml "
                         f"({setting}), rồi chạy lại.")
        self.folder = folder


def check_writable(folder: Path, what: str, setting: str, keep: Path | None = None) -> None:
    """Write and remove a small file in ``folder`` (created if missing), and open ``keep`` (a database already
    there) for writing: a read-only folder, a full disk or a synced folder without permission is found before a
    single output is made."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".~kiem-tra-ghi-", dir=folder)
        os.close(fd)
        os.unlink(probe)
        if keep is not None and keep.exists():
            with keep.open("r+b"):
                pass
    except OSError as exc:
        raise NotWritableError(folder, what, setting, exc.strerror or type(exc).__name__) from exc


def free_name(path: Path, overwrite: bool) -> Path:
    """The path itself when overwriting is asked for or it is free; otherwise ``name (2).ext``, ``(3)`` …"""
    if overwrite or not path.exists():
        return path
    n = 2
    while True:
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        if not candidate.exists():
            return candidate
        n += 1


def write_atomic(path: Path, writer: Callable[[Path], None]) -> Path:
    """Let ``writer`` fill a temporary file beside ``path``, then rename it into place.

    A crash or Ctrl-C leaves at most a hidden temporary file that is removed here, never half
    a report under the real name."""
    tmp = write_temporary(path, writer)
    try:
        return put_in_place(tmp, path)
    finally:
        with suppress(FileNotFoundError):
            tmp.unlink()


def write_temporary(path: Path, writer: Callable[[Path], None]) -> Path:
    """The first half of an atomic write: a complete hidden file beside ``path`` (removed if ``writer`` fails)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".~tmp-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        writer(tmp)
    except BaseException:
        with suppress(FileNotFoundError):
            tmp.unlink()
        raise
    return tmp


def put_in_place(tmp: Path, path: Path) -> Path:
    """The second half: rename the finished file to its real name, in one step."""
    try:
        os.replace(tmp, path)
    except PermissionError as exc:
        raise OutputLockedError(path) from exc
    return path
