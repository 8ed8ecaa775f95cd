"""Writing output files safely: atomically, never over what the clerk made.

A run replaces an output whose content is still the tool's own (its SHA-256 is one the history recorded for a file
the tool wrote); the replaced file is kept in ``lan-truoc/`` until the next run. A file the clerk edited is never
touched: the new one is written beside it (``… (2).docx``). With ``--ghi-de`` an edited file is replaced too, and
kept in ``lan-truoc/`` for good (only the tool's own files are ever cleared from there).
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

PREVIOUS = "lan-truoc"   # outputs/<kỳ>/lan-truoc/: what the last run replaced


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


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class OutputFolder:
    """Where a run's outputs go in ``folder`` (``outputs/<kỳ>/``), given ``own``: the SHA-256 of every file the tool
    wrote there (from the history). ``force`` is ``--ghi-de``: replace edited files too (kept in ``lan-truoc/``)."""

    folder: Path
    own: set[str] = field(default_factory=set)
    force: bool = False
    written: dict[Path, str] = field(default_factory=dict)          # placed → its SHA-256, for the history
    kept: list[tuple[Path, Path]] = field(default_factory=list)     # the clerk's file left alone → the new file
    replaced: list[Path] = field(default_factory=list)              # names whose old file went to lan-truoc/
    edited_replaced: list[Path] = field(default_factory=list)       # --ghi-de: the clerk's files set aside
    retired: list[Path] = field(default_factory=list)               # stale outputs moved to lan-truoc/
    _hashes: dict[Path, str] = field(default_factory=dict, repr=False)
    _cleared: bool = field(default=False, repr=False)

    def is_own(self, path: Path) -> bool:
        """The file's content is what the tool wrote (the clerk has not changed it)."""
        if path not in self._hashes:
            self._hashes[path] = sha256_of(path)
        return self._hashes[path] in self.own

    def target(self, path: Path) -> Path:
        """``path`` when it is free, the tool's own or ``force``; else the first ``name (n)`` that is free or the
        tool's own (so runs after an edit reuse the same ``(2)``, never pile up)."""
        if self.force or not path.exists() or self.is_own(path):
            return path
        n = 2
        while True:
            candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
            if not candidate.exists() or self.is_own(candidate):
                return candidate
            n += 1

    def check(self, paths: Iterable[Path]) -> None:
        """Before anything is replaced: every file to be replaced can be (Windows refuses while Word or Excel has
        it open), so a run never stops halfway through placing its files."""
        for path in paths:
            target = self.target(path)
            if target.exists():
                try:
                    with target.open("r+b"):
                        pass
                except PermissionError as exc:
                    raise OutputLockedError(target) from exc

    def put(self, tmp: Path, path: Path) -> Path:
        """Give the finished hidden file ``tmp`` its name; what it replaces goes to ``lan-truoc/``."""
        target = self.target(path)
        digest = sha256_of(tmp)
        if target.exists():
            if not self.is_own(target):
                self.edited_replaced.append(target)
            self._set_aside(target)
            self.replaced.append(target)
        put_in_place(tmp, target)
        if target != path:
            self.kept.append((path, target))
        self.written[target] = digest
        self._hashes[target] = digest
        return target

    def retire(self, path: Path) -> None:
        """A stale output of the tool (a marked copy for a unit whose file is now clean) leaves the folder."""
        self._set_aside(path)
        self.retired.append(path)

    def _set_aside(self, path: Path) -> None:
        self._clear_previous()
        try:
            inside = path.relative_to(self.folder)
        except ValueError:
            inside = Path(path.name)
        kept = free_name(self.folder / PREVIOUS / inside, overwrite=False)
        kept.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(path, kept)
        except PermissionError as exc:
            raise OutputLockedError(path) from exc

    def _clear_previous(self) -> None:
        """Once a run: what the run before set aside goes, if it is the tool's own; a clerk's file stays."""
        if self._cleared:
            return
        self._cleared = True
        previous = self.folder / PREVIOUS
        if not previous.is_dir():
            return
        for path in sorted(previous.rglob("*"), reverse=True):
            if path.is_file() and sha256_of(path) in self.own:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
