"""Stage 1, read: every workbook of the period folder, read with python-calamine.

The unit and period are taken from the file's content, never from its name. Reading keeps raw cell values and
their positions (``model.Submission``); turning them into numbers is the checks' job. A file that cannot be read
becomes a finding, not an exception.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path

from python_calamine import CalamineWorkbook

from ..codes import emits, finding
from ..config import Limits
from ..model import Cell, Finding, RawRow, RawValue, ReadResult, Source, Submission, Validation
from ..text.cells import a1, cell_text
from ..text.xstring import CodeIndex
from .container import container_problem
from .isolate import Outcome, forks, read_all
from .layout import (AS_OF_COL, CODE_COL, DATA_SHEET, DOC_SHEET, HEADER_ROW, HIGHLIGHT_SHEET, HIGHLIGHT_TASK_COL, INFO_LABELS,
                     INFO_SHEET, LIST_SHEET, NOTE_COL, RATIO_PREFIX, REQUIRED_SHEETS, TABLE_HEADER_ROW, TASK_NOTE_COL,
                     TASK_SHEET, TASK_STATUS_COL, VALUE_COL, catalog_code, choice_code)

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
WANTED_SHEETS = (INFO_SHEET, DATA_SHEET, HIGHLIGHT_SHEET, DOC_SHEET, LIST_SHEET, TASK_SHEET)


TOOL_FOLDERS = ("tra-lai", "lan-truoc", "mau-bieu")  # what the tool writes, should a clerk copy it into inputs/


def list_inputs(folder: Path, skip: Iterable[Path] = ()) -> list[Path]:
    """Every file of the period folder and its subfolders (a unit resending into ``Gửi lại/``), except hidden ones
    and the folders the tool writes (``skip``: outputs/, the archive…, wherever config puts them). A subfolder
    that cannot be opened is listed too, so that reading it becomes a finding naming it."""
    if not folder.is_dir():
        return []
    skipped = {_resolved(p) for p in skip}
    found: list[tuple[int, str, Path]] = []   # depth in the folder, path: the order they are read in

    def unreadable(exc: OSError) -> None:
        if exc.filename:
            path = Path(exc.filename)
            found.append((len(path.relative_to(folder).parts), str(path), path))
    for top, dirs, names in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d.casefold() not in TOOL_FOLDERS
                         and _resolved(Path(top) / d) not in skipped)
        here = Path(top)
        depth = len(here.relative_to(folder).parts) + 1
        found += [(depth, str(path), path) for path in (here / n for n in names if not n.startswith("."))]
    return [path for _, _, path in sorted(found)]


def period_folders(inputs: Path) -> list[str]:
    """The names of the period folders (``2025-10``) in the inputs folder, oldest first; none if it cannot be
    listed."""
    try:
        return sorted(p.name for p in inputs.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}-\d{2}", p.name))
    except OSError:
        return []


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path


def read_folder(folder: Path, limits: Limits, progress: Callable[[Path], None] | None = None,
                known: CodeIndex | None = None) -> ReadResult:
    return read_files(list_inputs(folder), limits, progress, base=folder, known=known)


Check = Callable[[Submission], Validation]


def read_files(files: list[Path], limits: Limits, progress: Callable[[Path], None] | None = None,
               check: Check | None = None, base: Path | None = None, known: CodeIndex | None = None) -> ReadResult:
    """Read every file once, in worker processes spread over the CPU cores; each worker also runs ``check`` (the
    file's own validation) on what it read. A file whose reading kills its worker (an allocation the memory limit
    refuses, a crash in the reader) costs that file, never the run. Files are named relative to ``base``
    (``Gửi lại/so_y_te.xlsx``), so every finding names the file the clerk can find; codes are given as the catalog
    spells them wherever ``known`` recognises them."""
    names = {p: input_name(p, base) for p in files}
    outcomes = read_all(files, partial(_read_and_check, limits=limits, base=base),
                        workers=input_workers(len(files)), memory_limit=limits.worker_memory,
                        progress=(lambda outcome: progress(outcome.path)) if progress else None,
                        initializer=_set_worker, initargs=(check, known))
    submissions: list[Submission] = []
    findings: list[Finding] = []
    for outcome in outcomes:
        sub, found = outcome.value if outcome.value is not None else (None, [_died(outcome, names)])
        findings.extend(found)
        if sub is not None:
            submissions.append(sub)
    return ReadResult(submissions, findings, files, names)


@emits("tep-khong-doc-duoc")
def _died(outcome: Outcome, names: dict[Path, str]) -> Finding:
    """The worker reading this file died or ran out of memory: the file is named, the run goes on."""
    return finding("tep-khong-doc-duoc", source=Source(names[outcome.path]), detail=outcome.failure)


SPAWNED_FILES_PER_WORKER = 250


def input_workers(files: int | None = None) -> int:
    """One reading worker per core, at most 8; where workers are spawned (Windows), no more than one per 250 of the
    ``files``: a spawned worker costs about as much to start (~0.1 s of CPU: a new interpreter, its imports, the
    catalog) as reading 250 forms, and a province's 95 forms are read sooner by one than by two."""
    cores = min(os.cpu_count() or 1, 8)
    if files is None or forks():
        return cores
    return max(1, min(cores, files // SPAWNED_FILES_PER_WORKER))


def input_name(path: Path, base: Path | None) -> str:
    """How findings name an input: its path inside the period folder, else its name."""
    try:
        return str(path.relative_to(base)) if base is not None else path.name
    except ValueError:
        return path.name


_CHECK: Check | None = None
_KNOWN: CodeIndex | None = None


def _set_worker(check: Check | None, known: CodeIndex | None) -> None:
    global _CHECK, _KNOWN
    _CHECK, _KNOWN = check, known


def _read_and_check(path: Path, limits: Limits, base: Path | None) -> tuple[Submission | None, list[Finding]]:
    sub, found = read_file(path, limits, input_name(path, base), _KNOWN)
    if sub is not None and _CHECK is not None:
        sub.checked = _CHECK(sub)
        sub.values, sub.ratios_typed, sub.highlights, sub.documents, sub.items, sub.tasks = [], [], [], [], [], []
    return sub, found


@emits("tep-tam-excel", "tep-khong-phai-excel", "tep-qua-lon", "tep-co-mat-khau", "tep-khong-doc-duoc",
       "khong-phai-mau-bieu", "tep-khong-truy-cap")
def read_file(path: Path, limits: Limits, name: str = "",
              known: CodeIndex | None = None) -> tuple[Submission | None, list[Finding]]:
    """One file: never raises on its content or on the disk; every problem becomes a finding that names the file
    (``name``: as the clerk finds it in the period folder; ``known``: the catalog's codes, see ``catalog_code``)."""
    name = name or path.name
    if path.is_dir():
        return None, [finding("tep-khong-truy-cap", source=Source(name), detail="không mở được thư mục này")]
    if path.name.startswith("~$"):
        return None, [finding("tep-tam-excel", source=Source(name))]
    if path.suffix.lower() not in EXCEL_SUFFIXES:
        return None, [finding("tep-khong-phai-excel", source=Source(name), detail=path.suffix or "(không có)")]
    try:
        stat = path.stat()
        if stat.st_size > limits.max_bytes:
            return None, [finding("tep-qua-lon", source=Source(name), detail=f"tệp nặng {stat.st_size / 1e6:.0f} MB, "
                                                                   f"giới hạn {limits.max_bytes / 1e6:.0f} MB")]
        data = path.read_bytes()
    except OSError as exc:  # a OneDrive online-only file, a file held by sync, a disk error, no permission
        return None, [finding("tep-khong-truy-cap", source=Source(name), detail=_disk_problem(exc, path))]
    problem = container_problem(data, path.suffix.lower(), limits)
    if problem:
        code, detail = problem
        return None, [finding(code, source=Source(name), detail=detail)]
    digest = hashlib.sha256(data).hexdigest()
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = set(wb.sheet_names)
        sheets = {s: wb.get_sheet_by_name(s).to_python(skip_empty_area=False) for s in WANTED_SHEETS if s in names}
    except BaseException as exc:  # calamine raises many types for corrupt files, and Rust panics as BaseException
        if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
            raise
        detail = "tệp có mật khẩu" if type(exc).__name__ == "PasswordError" else type(exc).__name__ + ": " + str(exc)[:120]
        code = "tep-co-mat-khau" if type(exc).__name__ == "PasswordError" else "tep-khong-doc-duoc"
        return None, [finding(code, source=Source(name), detail=detail)]
    for required in REQUIRED_SHEETS:
        if required not in sheets:
            return None, [finding("khong-phai-mau-bieu", source=Source(name), detail=required)]
    return _parse(path, sheets, digest, name, stat.st_mtime, known), []


# Windows file attributes of a cloud file whose content is not on this computer (OneDrive "online-only").
_ONLINE_ONLY = 0x1000 | 0x400000  # FILE_ATTRIBUTE_OFFLINE | FILE_ATTRIBUTE_RECALL_ON_DATA_ACCESS


def _disk_problem(exc: OSError, path: Path) -> str:
    """Why the disk would not give the file, in the clerk's words, with the system's own words after it."""
    system = exc.strerror or type(exc).__name__
    try:
        attributes = getattr(os.stat(path, follow_symlinks=False), "st_file_attributes", 0)
    except OSError:
        attributes = 0
    if attributes & _ONLINE_ONLY:
        return f"tệp OneDrive chỉ có trên mạng, chưa tải về máy: {system}"
    if isinstance(exc, PermissionError):
        return f"không có quyền đọc, hoặc tệp đang bị chương trình khác giữ: {system}"
    return f"lỗi đọc ổ đĩa: {system}"


def _parse(path: Path, sheets: dict[str, list[list[Cell]]], digest: str, name: str, mtime: float,
           known: CodeIndex | None) -> Submission:
    info, at = _info(sheets[INFO_SHEET])
    sub = Submission(path=path, unit_code=catalog_code(info.get("unit_code", ""), known),
                     period_text=info.get("period", ""), version=info.get("version", ""), info_cells=info,
                     sha256=digest, name=name, mtime=mtime, info_at=at)
    file = sub.file
    for row_no, row in _rows(sheets[DATA_SHEET], HEADER_ROW):
        code = catalog_code(cell_text(_at(row, CODE_COL)), known)
        if not code:
            continue
        value = RawValue(code.removeprefix(RATIO_PREFIX), _at(row, VALUE_COL),
                         Source(file, DATA_SHEET, a1(row_no, VALUE_COL)), cell_text(_at(row, NOTE_COL)),
                         _at(row, AS_OF_COL))
        (sub.ratios_typed if code.startswith(RATIO_PREFIX) else sub.values).append(value)
    sub.highlights = [_task_ref(row, known)
                      for row in _table(sheets.get(HIGHLIGHT_SHEET), HIGHLIGHT_SHEET, file, known)]
    sub.documents = list(_table(sheets.get(DOC_SHEET), DOC_SHEET, file, known))
    sub.items = list(_table(sheets.get(LIST_SHEET), LIST_SHEET, file, known))
    sub.tasks = [row for row in _table(sheets.get(TASK_SHEET), TASK_SHEET, file, known) if _reported(row)]
    return sub


def _task_ref(row: RawRow, known: CodeIndex | None) -> RawRow:
    """A highlight's task (``Nhiệm vụ 63.8 - … [kh-3433-2025:63.8]``) with its reference as the catalog spells it."""
    ref = cell_text(row.cell(HIGHLIGHT_TASK_COL))
    shown = choice_code(ref)
    canonical = catalog_code(shown, known)
    if canonical == shown:
        return row
    cells = list(row.cells)
    cells[HIGHLIGHT_TASK_COL - 3] = ref.replace(shown, canonical)
    return replace(row, cells=tuple(cells))


def _reported(task: RawRow) -> bool:
    """A task row is an entry once the unit typed its status, date or note; the rest of the row is the
    tool's own locked text, not worth carrying for the hundreds of tasks a national month leaves blank."""
    typed = task.cells[TASK_STATUS_COL - 3:TASK_NOTE_COL - 2]
    return any(cell_text(c) for c in typed)


def _info(rows: list[list[Cell]]) -> tuple[dict[str, str], dict[str, str]]:
    """The Thông tin sheet by label (column A), and where each value is (column B)."""
    by_label = {label.casefold(): key for key, label in INFO_LABELS.items()}
    found: dict[str, str] = {}
    at: dict[str, str] = {}
    for number, row in enumerate(rows, start=1):
        key = by_label.get(cell_text(_at(row, 1)).rstrip(":").casefold())
        if key:
            found[key] = cell_text(_at(row, 2))
            at[key] = a1(number, 2)
    return found, at


def _rows(rows: list[list[Cell]], header_row: int) -> Iterable[tuple[int, list[Cell]]]:
    for index in range(header_row, len(rows)):
        yield index + 1, rows[index]


def _table(rows: list[list[Cell]] | None, sheet: str, file: str, known: CodeIndex | None) -> Iterable[RawRow]:
    """Non-empty entry rows; the first column is a running number we ignore."""
    for row_no, row in _rows(rows or [], TABLE_HEADER_ROW):
        tail = row[1:]
        if tail.count("") + tail.count(None) == len(tail):
            continue  # the form's pre-formatted empty rows: most rows of every table
        cells = tuple(row[2:]) if len(row) > 2 else ()
        choice = cell_text(_at(row, 2))
        if not choice and not any(cell_text(c) for c in cells):
            continue
        yield RawRow(catalog_code(choice_code(choice), known) if choice else "", cells, row_no, sheet, file)


def _at(row: list[Cell], col: int) -> Cell:
    """1-based column access that tolerates short rows."""
    value = row[col - 1] if len(row) >= col else None
    return None if value == "" else value
