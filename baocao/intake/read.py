"""Stage 1, read: every workbook of the period folder, read with python-calamine.

The unit and period are taken from the file's content, never from its name. Reading
keeps raw cell values and their positions; turning them into numbers is validation's job.
A file that cannot be read becomes a finding, not an exception.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from python_calamine import CalamineWorkbook

from ..text import fmt
from ..codes import Finding, finding
from .layout import (CODE_COL, DATA_SHEET, DOC_SHEET, HEADER_ROW, HIGHLIGHT_SHEET, INFO_LABELS, INFO_SHEET,
                     LIST_SHEET, NOTE_COL, RATIO_PREFIX, REQUIRED_SHEETS, TABLE_HEADER_ROW, VALUE_COL, a1,
                     choice_code, col_number)
from .layout import TASK_NOTE_COL, TASK_SHEET, TASK_STATUS_COL

if TYPE_CHECKING:
    from ..model import Validation

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
Cell = object


@dataclass(frozen=True)
class Source:
    """Where a value came from, for the consolidated table and for findings."""

    file: str
    sheet: str
    cell: str


@dataclass(frozen=True)
class RawValue:
    code: str
    raw: Cell
    source: Source
    note: str = ""


@dataclass(frozen=True)
class RawRow:
    """One row of the Nổi bật / Văn bản / Danh sách sheets: the choice code and the other cells."""

    choice: str
    cells: tuple[Cell, ...]
    row: int
    sheet: str
    file: str

    def source(self, col: int) -> Source:
        return Source(self.file, self.sheet, a1(self.row, col))


@dataclass
class Submission:
    path: Path
    unit_code: str
    period_text: str
    version: str
    info_cells: dict[str, str]
    sha256: str = ""
    values: list[RawValue] = field(default_factory=list)
    ratios_typed: list[RawValue] = field(default_factory=list)
    highlights: list[RawRow] = field(default_factory=list)
    documents: list[RawRow] = field(default_factory=list)
    items: list[RawRow] = field(default_factory=list)
    tasks: list[RawRow] = field(default_factory=list)   # Nhiệm vụ: choice = plan code, cells from column 3
    checked: Validation | None = None  # the file's own checks, when a reading worker already ran them

    @property
    def file(self) -> str:
        return self.path.name


@dataclass
class ReadResult:
    submissions: list[Submission]
    findings: list[Finding]
    files: list[Path]


def text(value: Cell) -> str:
    """Cell text, trimmed and normalised to Unicode NFC (units type in many keyboards)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def list_inputs(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


@dataclass(frozen=True)
class Limits:
    """What a unit's form can reasonably be: anything beyond is refused before it is read into memory."""

    max_bytes: int = 20_000_000
    max_unzipped_bytes: int = 200_000_000
    max_rows: int = 100_000
    max_cells: int = 5_000_000  # the rectangle calamine allocates (~32 bytes a cell)


def read_folder(folder: Path, limits: Limits, progress: Callable[[Path], None] | None = None) -> ReadResult:
    return read_files(list_inputs(folder), limits, progress)


PARALLEL_FROM = 200  # below this many files (~1 s of reading), starting worker processes does not pay
Check = Callable[[Submission], "Validation"]


def read_files(files: list[Path], limits: Limits, progress: Callable[[Path], None] | None = None,
               check: Check | None = None) -> ReadResult:
    """Read every file once; on a national scale the files are spread over the CPU cores, and each worker
    also runs ``check`` (the file's own validation) on what it read."""
    workers = min(os.cpu_count() or 1, 8)
    if len(files) >= PARALLEL_FROM and workers > 1:
        with ProcessPoolExecutor(max_workers=workers, initializer=_set_check, initargs=(check,)) as pool:
            results = pool.map(partial(_read_and_check, limits=limits), files,
                               chunksize=max(1, len(files) // (workers * 8)))
            return _collect(files, results, progress)
    return _collect(files, (read_file(p, limits) for p in files), progress)


_CHECK: Check | None = None


def _set_check(check: Check | None) -> None:
    global _CHECK
    _CHECK = check


def _read_and_check(path: Path, limits: Limits) -> tuple[Submission | None, list[Finding]]:
    sub, found = read_file(path, limits)
    if sub is not None and _CHECK is not None:
        sub.checked = _CHECK(sub)
        sub.values, sub.ratios_typed, sub.highlights, sub.documents, sub.items, sub.tasks = [], [], [], [], [], []
    return sub, found


def _collect(files: list[Path], results: Iterable[tuple[Submission | None, list[Finding]]],
             progress: Callable[[Path], None] | None) -> ReadResult:
    submissions: list[Submission] = []
    findings: list[Finding] = []
    for path, (sub, found) in zip(files, results):
        findings.extend(found)
        if sub is not None:
            submissions.append(sub)
        if progress:
            progress(path)
    return ReadResult(submissions, findings, files)


ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
WANTED_SHEETS = (INFO_SHEET, DATA_SHEET, HIGHLIGHT_SHEET, DOC_SHEET, LIST_SHEET, TASK_SHEET)


def read_file(path: Path, limits: Limits) -> tuple[Submission | None, list[Finding]]:
    """One file: never raises on its content; every problem becomes a finding that names the file."""
    name = path.name
    if name.startswith("~$"):
        return None, [finding("tep-tam-excel", file=name)]
    if path.suffix.lower() not in EXCEL_SUFFIXES:
        return None, [finding("tep-khong-phai-excel", file=name, detail=path.suffix or "(không có)")]
    size = path.stat().st_size
    if size > limits.max_bytes:
        return None, [finding("tep-qua-lon", file=name, detail=f"tệp nặng {size / 1e6:.0f} MB, giới hạn "
                                                               f"{limits.max_bytes / 1e6:.0f} MB")]
    data = path.read_bytes()
    problem = _container_problem(data, path.suffix.lower(), limits)
    if problem:
        code, detail = problem
        return None, [finding(code, file=name, detail=detail)]
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
        return None, [finding(code, file=name, detail=detail)]
    for required in REQUIRED_SHEETS:
        if required not in sheets:
            return None, [finding("khong-phai-mau-bieu", file=name, detail=required)]
    return _parse(path, sheets, digest), []


def _container_problem(data: bytes, suffix: str, limits: Limits) -> tuple[str, str] | None:
    """Look at the bytes before parsing: renamed files, password protection, zip bombs, huge sheets."""
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_STREAM in data:
            return "tep-co-mat-khau", "tệp được đặt mật khẩu"
        return None if suffix == ".xls" else ("tep-doi-duoi", "tệp Excel 97-2003 (.xls) hoặc Word cũ bị đổi đuôi")
    if not data.startswith(ZIP_MAGIC):
        head = data[:512].lstrip(b"\xef\xbb\xbf").lstrip()
        if head.startswith(b"%PDF"):
            return "tep-doi-duoi", "tệp PDF bị đổi đuôi thành bảng tính"
        if head[:1] in (b"<",):
            return "tep-doi-duoi", "tệp HTML/XML bị đổi đuôi thành bảng tính"
        if data and all(32 <= b < 127 or b in (9, 10, 13) or b >= 128 for b in data[:512]):
            return "tep-doi-duoi", "tệp văn bản (CSV) bị đổi đuôi thành bảng tính"
        return "tep-khong-doc-duoc", "nội dung không phải bảng tính (tệp hỏng hoặc tải về chưa hết)"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            members = {i.filename for i in infos}
            if "word/document.xml" in members:
                return "tep-doi-duoi", "tệp Word bị đổi đuôi thành bảng tính"
            if sum(i.file_size for i in infos) > limits.max_unzipped_bytes:
                return "tep-qua-lon", "tệp nén chứa dữ liệu quá lớn khi giải nén (nghi tệp nén độc hại)"
            for info in infos:
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    extent = _extent_problem(_head(data, info, z), limits, lambda i=info: z.read(i))
                    if extent:
                        return "tep-qua-lon", extent
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, zlib.error):
        return "tep-khong-doc-duoc", "tệp nén hỏng (tải về chưa hết hoặc bị lỗi khi sao chép)"
    return None


def _head(data: bytes, info: zipfile.ZipInfo, z: zipfile.ZipFile, size: int = 1024) -> bytes:
    """The first bytes of a member, inflated straight from the file's bytes: zipfile's reader costs more
    than the inflating, eight times per form, three thousand forms a national month."""
    local = data[info.header_offset:info.header_offset + 30]
    if info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) and local[:4] == b"PK\x03\x04":
        start = info.header_offset + 30 + int.from_bytes(local[26:28], "little") + int.from_bytes(local[28:30], "little")
        raw = data[start:start + min(info.compress_size, size * 8)]
        if info.compress_type == zipfile.ZIP_STORED:
            return raw[:size]
        try:
            return zlib.decompressobj(-zlib.MAX_WBITS).decompress(raw, size)
        except zlib.error:
            pass
    with z.open(info) as fh:  # anything unusual goes through zipfile, which reports it properly
        return fh.read(size)


def _extent_problem(head: bytes, limits: Limits, whole: Callable[[], bytes]) -> str | None:
    """The used range Excel records in ``<dimension>``: too many rows, or a rectangle so large that calamine,
    which allocates every cell between the first and the last value, would exhaust memory and abort the
    run (one value typed in XFD1048576 asks for 512 GB). Excel, LibreOffice and openpyxl always write it; a
    sheet without one is looked at whole, every reference counted."""
    m = _DIMENSION.search(head)
    if m:
        if not m.group(3):
            return None
        last, last_column = int(m.group(4)), m.group(3)
        rows = last - int(m.group(2)) + 1
        columns = col_number(last_column) - col_number(m.group(1)) + 1
    else:
        rows, columns, last_column = _spanned(whole())
        last = rows
    if rows > limits.max_rows:
        return (f"một trang có {fmt.number(last)} dòng (giới hạn {fmt.number(limits.max_rows)}); "
                "hãy xóa các dòng thừa ở cuối trang")
    if rows * columns > limits.max_cells:
        return (f"một trang trải rộng tới ô {last_column.decode()}{last} ({fmt.number(columns)} cột × "
                f"{fmt.number(rows)} dòng), thường do một ô có nội dung nằm rất xa bảng; hãy xóa nội dung các ô thừa đó")
    return None


_ANY_REF = re.compile(rb'<(?:\w+:)?(?:row|c)\b[^>]*?\sr="([A-Z]{0,3})(\d+)"')
_UNNUMBERED_ROW = re.compile(rb'<(?:\w+:)?row\b(?![^>]*\sr=")')
_UNREFERENCED_CELL = re.compile(rb'<(?:\w+:)?c\b(?![^>]*\sr=")')


def _spanned(xml: bytes) -> tuple[int, int, bytes]:
    """Rows and columns a sheet's references reach, each row or cell without one counted one step further
    (calamine places it after the previous one): an upper bound, never less than what calamine allocates."""
    rows = columns = 0
    last_column = b"A"
    for letters, number in _ANY_REF.findall(xml):
        rows = max(rows, int(number))
        if letters and col_number(letters) > columns:
            columns, last_column = col_number(letters), letters
    rows += len(_UNNUMBERED_ROW.findall(xml))
    columns += len(_UNREFERENCED_CELL.findall(xml))
    return max(rows, 1), max(columns, 1), last_column


def _parse(path: Path, sheets: dict[str, list[list[Cell]]], digest: str) -> Submission:
    info = _info(sheets[INFO_SHEET])
    sub = Submission(path=path, unit_code=info.get("unit_code", ""), period_text=info.get("period", ""),
                     version=info.get("version", ""), info_cells=info, sha256=digest)
    file = sub.file
    for row_no, row in _rows(sheets[DATA_SHEET], HEADER_ROW):
        code = text(_at(row, CODE_COL))
        if not code:
            continue
        value = RawValue(code.removeprefix(RATIO_PREFIX), _at(row, VALUE_COL),
                         Source(file, DATA_SHEET, a1(row_no, VALUE_COL)), text(_at(row, NOTE_COL)))
        (sub.ratios_typed if code.startswith(RATIO_PREFIX) else sub.values).append(value)
    sub.highlights = list(_table(sheets.get(HIGHLIGHT_SHEET), HIGHLIGHT_SHEET, file))
    sub.documents = list(_table(sheets.get(DOC_SHEET), DOC_SHEET, file))
    sub.items = list(_table(sheets.get(LIST_SHEET), LIST_SHEET, file))
    sub.tasks = [row for row in _table(sheets.get(TASK_SHEET), TASK_SHEET, file) if _reported(row)]
    return sub


def _reported(task: RawRow) -> bool:
    """A task row is an entry once the unit typed its status, date or note; the rest of the row is the
    tool's own locked text, not worth carrying for the hundreds of tasks a national month leaves blank."""
    typed = task.cells[TASK_STATUS_COL - 3:TASK_NOTE_COL - 2]
    return any(text(c) for c in typed)


def _info(rows: list[list[Cell]]) -> dict[str, str]:
    by_label = {label.casefold(): key for key, label in INFO_LABELS.items()}
    found: dict[str, str] = {}
    for row in rows:
        key = by_label.get(text(_at(row, 1)).rstrip(":").casefold())
        if key:
            found[key] = text(_at(row, 2))
    return found


def _rows(rows: list[list[Cell]], header_row: int) -> Iterable[tuple[int, list[Cell]]]:
    for index in range(header_row, len(rows)):
        yield index + 1, rows[index]


def _table(rows: list[list[Cell]] | None, sheet: str, file: str) -> Iterable[RawRow]:
    """Non-empty entry rows; the first column is a running number we ignore."""
    for row_no, row in _rows(rows or [], TABLE_HEADER_ROW):
        tail = row[1:]
        if tail.count("") + tail.count(None) == len(tail):
            continue  # the form's pre-formatted empty rows: most rows of every table
        cells = tuple(row[2:]) if len(row) > 2 else ()
        choice = text(_at(row, 2))
        if not choice and not any(text(c) for c in cells):
            continue
        yield RawRow(choice_code(choice) if choice else "", cells, row_no, sheet, file)


def _at(row: list[Cell], col: int) -> Cell:
    """1-based column access that tolerates short rows."""
    value = row[col - 1] if len(row) >= col else None
    return None if value == "" else value
