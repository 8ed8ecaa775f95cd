"""How far each sheet of an .ods or .xls reaches, measured without reading its cells (the .xlsx check is
``container.extent_problem``).

calamine allocates every cell between A1 and the farthest cell with content, then the reader builds the same
rectangle of Python objects: one ``x`` typed in AMJ95000 of an .ods asks for 95,000 × 1,024 cells, 3.1 GB in Rust
alone (measured: 20 s and 6.9 GB, or an abort that ends the whole run). These checks give .ods and .xls the
refusal .xlsx already had, at a few milliseconds a file.

* .ods: ``content.xml`` is streamed through expat (no tree, no cells kept). Rows and cells count with
  ``table:number-rows-repeated`` / ``number-columns-repeated`` and spans; only a cell with a value type (as
  calamine decides) or a formula moves the far cell: LibreOffice writes styled empty repeats to the sheet's last
  row and column in every file it saves.
* .xls: the BIFF8 ``Workbook`` stream (read from the OLE2 container with olefile) is walked record by record. The
  far cell is the farthest *value* record: calamine sizes a sheet from them (a file declaring A1:G47 in its
  DIMENSIONS record with a value in IV65536 still cost 1.2 GB; BLANK and MULBLANK, styled empty cells, cost
  nothing).
"""
from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from xml.parsers import expat

from ..codes import emits
from ..config import Limits
from ..text import fmt
from ..text.cells import a1


@dataclass(frozen=True)
class Extent:
    """The rectangle calamine would build for one sheet: A1 to (rows, columns), content cells only."""

    sheet: str
    rows: int
    columns: int

    @property
    def cells(self) -> int:
        return self.rows * self.columns


class Unbounded(Exception):
    """The file cannot be measured; ``code`` is the finding to emit (damaged, encrypted, or too large)."""

    def __init__(self, code: str, detail: str):
        super().__init__(detail)
        self.code, self.detail = code, detail


INFLATED_TOO_MUCH = "tệp nén chứa dữ liệu quá lớn khi giải nén (nghi tệp nén độc hại)"


@emits("tep-qua-lon", "tep-khong-doc-duoc")
def ods_problem(z: zipfile.ZipFile, limits: Limits) -> tuple[str, str] | None:
    """An .ods (whatever its name: calamine sniffs the content) refused before calamine reads it, or None."""
    try:
        return _verdict(ods_extents(z, limits), limits)
    except Unbounded as exc:
        return exc.code, exc.detail


@emits("tep-qua-lon", "tep-khong-doc-duoc", "tep-co-mat-khau")
def xls_problem(data: bytes, limits: Limits) -> tuple[str, str] | None:
    """An .xls refused before calamine reads it, or None."""
    try:
        return _verdict(xls_extents(data), limits)
    except Unbounded as exc:
        return exc.code, exc.detail


@emits("tep-qua-lon")
def _verdict(extents: list[Extent], limits: Limits) -> tuple[str, str] | None:
    """``tep-qua-lon`` naming the first sheet beyond the limits and its far cell, as the .xlsx check does."""
    for far in extents:
        if far.rows > limits.max_rows:
            return "tep-qua-lon", (f"trang “{far.sheet}” có {fmt.number(far.rows)} dòng (giới hạn "
                                   f"{fmt.number(limits.max_rows)}); hãy xóa các dòng thừa ở cuối trang")
        if far.cells > limits.max_cells:
            return "tep-qua-lon", (f"trang “{far.sheet}” trải rộng tới ô {a1(far.rows, far.columns)} "
                                   f"({fmt.number(far.columns)} cột × {fmt.number(far.rows)} dòng), thường do một ô "
                                   "có nội dung nằm rất xa bảng; hãy xóa nội dung các ô thừa đó")
    return None


# ----------------------------------------------------------------------------------------------- .ods

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_SEP = "\x01"   # the namespace separator given to expat: "uri\x01local"
TABLE_TAG, ROW_TAG = f"{_TABLE}{_SEP}table", f"{_TABLE}{_SEP}table-row"
CELL_TAGS = {f"{_TABLE}{_SEP}table-cell", f"{_TABLE}{_SEP}covered-table-cell"}
NAME = f"{_TABLE}{_SEP}name"
ROWS_REPEATED, COLUMNS_REPEATED = f"{_TABLE}{_SEP}number-rows-repeated", f"{_TABLE}{_SEP}number-columns-repeated"
ROWS_SPANNED, COLUMNS_SPANNED = f"{_TABLE}{_SEP}number-rows-spanned", f"{_TABLE}{_SEP}number-columns-spanned"
VALUE_TYPE, FORMULA = f"{_OFFICE}{_SEP}value-type", f"{_TABLE}{_SEP}formula"
CHUNK = 1 << 16
# Rows and cells written out one by one: a form saved by LibreOffice has ~1,400, a long list ~30,000. expat costs
# ~3 µs an element, so without this bound a 0.1 MB file of two million empty cells took 5 s to measure.
MAX_ELEMENTS = 100_000
_ELEMENT_MARKS = (b"<table:table-row", b"<table:table-cell", b"<table:covered-table-cell")


class _Enough(Exception):
    """The scan found a sheet beyond the limits: a crafted file need not be read to its end."""


class _OdsScan:
    """expat callbacks: rows and cells are counted, never kept. A cell has content when it declares a value type
    (calamine's rule, measured: text or a formula without ``office:value-type`` is empty to calamine) or a
    formula (to stay on the safe side); tables nested in a cell are that cell's content, not rows of the sheet."""

    def __init__(self, limits: Limits):
        self.extents: list[Extent] = []
        self.limits = limits
        self.depth = 0
        self.sheet = ""
        self.next_row = self.row = self.repeat = 1
        self.col = self.last_row = self.last_col = 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag == TABLE_TAG:
            self.depth += 1
            if self.depth == 1:
                self.sheet, self.next_row, self.last_row, self.last_col = attrs.get(NAME, ""), 1, 0, 0
        elif self.depth != 1:
            return
        elif tag in CELL_TAGS:
            columns = _count(attrs.get(COLUMNS_REPEATED))
            if VALUE_TYPE in attrs or FORMULA in attrs:
                self._reach(self.row + self.repeat - 1 + _count(attrs.get(ROWS_SPANNED)) - 1,
                            self.col + columns + _count(attrs.get(COLUMNS_SPANNED)) - 1)
            self.col += columns
        elif tag == ROW_TAG:
            self.row, self.repeat = self.next_row, _count(attrs.get(ROWS_REPEATED))
            self.next_row += self.repeat
            self.col = 0

    def end(self, tag: str) -> None:
        if tag == TABLE_TAG:
            if self.depth == 1:
                self.extents.append(Extent(self.sheet, self.last_row, self.last_col))
            self.depth -= 1

    def _reach(self, row: int, col: int) -> None:
        if row <= self.last_row and col <= self.last_col:
            return
        self.last_row, self.last_col = max(self.last_row, row), max(self.last_col, col)
        if self.last_row > self.limits.max_rows or self.last_row * self.last_col > self.limits.max_cells:
            self.extents.append(Extent(self.sheet, self.last_row, self.last_col))
            raise _Enough


def _count(value: str | None) -> int:
    """A repeat or span count; anything odd counts as 1 (as LibreOffice reads it)."""
    try:
        return max(1, int(value)) if value else 1
    except ValueError:
        return 1


@emits("tep-qua-lon")
def _count_elements(z: zipfile.ZipFile, info: zipfile.ZipInfo, max_inflated: int) -> None:
    """First pass, at inflating speed (bytes.count, no parsing): the inflated size and the written-out elements."""
    inflated = elements = 0
    tail = b""
    with z.open(info) as fh:
        while chunk := fh.read(CHUNK):
            inflated += len(chunk)
            if inflated > max_inflated:    # declared sizes can lie
                raise Unbounded("tep-qua-lon", INFLATED_TOO_MUCH)
            window = tail + chunk
            tail = window[-24:]
            elements += sum(window.count(m) for m in _ELEMENT_MARKS) - sum(tail.count(m) for m in _ELEMENT_MARKS)
            if elements > MAX_ELEMENTS:
                raise Unbounded("tep-qua-lon", f"tệp .ods ghi hơn {fmt.number(MAX_ELEMENTS)} ô, quá lớn đối với "
                                "một mẫu biểu")


@emits("tep-khong-doc-duoc")
def ods_extents(z: zipfile.ZipFile, limits: Limits = Limits()) -> list[Extent]:
    """Each sheet's extent, up to the first sheet beyond ``limits`` (the last one returned then); ``Unbounded``
    for a file that cannot be measured: damaged, a DOCTYPE, too large once inflated or written out."""
    try:
        info = z.getinfo("content.xml")
    except KeyError:
        raise Unbounded("tep-khong-doc-duoc", "tệp .ods thiếu phần nội dung (content.xml)") from None
    _count_elements(z, info, limits.max_unzipped_bytes)
    scan = _OdsScan(limits)
    parser = expat.ParserCreate(namespace_separator=_SEP)
    parser.buffer_text = True
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.StartDoctypeDeclHandler = _no_doctype   # content.xml never has one; entities are how XML bombs work
    try:
        with z.open(info) as fh:
            while chunk := fh.read(CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Enough:
        pass
    except expat.ExpatError as exc:
        raise Unbounded("tep-khong-doc-duoc", f"nội dung .ods hỏng ({expat.ErrorString(exc.code)})") from None
    return scan.extents


@emits("tep-khong-doc-duoc")
def _no_doctype(*_: object) -> None:
    raise Unbounded("tep-khong-doc-duoc", "nội dung .ods khai báo DOCTYPE (không phải tệp của bộ văn phòng)")


# ----------------------------------------------------------------------------------------------- .xls

BOF, EOF, BOUNDSHEET, DIMENSIONS, FILEPASS = 0x0809, 0x000A, 0x0085, 0x0200, 0x002F
# Records placing one value (row, column in their first four bytes): FORMULA LABELSST NUMBER RK BOOLERR LABEL
# RSTRING; MULRK places a run of them. BLANK and MULBLANK (styled empty cells) do not widen calamine's sheet.
SINGLE_CELL = {0x0006, 0x00FD, 0x0203, 0x027E, 0x0205, 0x0204, 0x00D6}
MULRK = 0x00BD
MAX_STREAM = 64_000_000


@dataclass(frozen=True)
class XlsSheet:
    """One worksheet as its DIMENSIONS record declares it and as its value records place it."""

    name: str
    declared: Extent
    placed: Extent


def xls_extents(data: bytes) -> list[Extent]:
    """Each worksheet's extent as calamine will build it: up to its farthest value record."""
    return [sheet.placed for sheet in xls_sheets(data)]


def xls_sheets(data: bytes) -> list[XlsSheet]:
    stream = _workbook_stream(data)
    return [_sheet(stream, name, offset) for name, offset in _boundsheets(stream)]


@emits("tep-qua-lon", "tep-khong-doc-duoc")
def _workbook_stream(data: bytes) -> bytes:
    import olefile  # only .xls needs it

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            for name in ("Workbook", "Book", "WORKBOOK", "BOOK"):
                if ole.exists(name):
                    if ole.get_size(name) > MAX_STREAM:
                        raise Unbounded("tep-qua-lon", "bảng tính .xls quá lớn")
                    return ole.openstream(name).read()
    except Unbounded:
        raise
    except Exception:  # olefile raises OSError, struct.error, IndexError … on damaged containers
        raise Unbounded("tep-khong-doc-duoc", "tệp .xls hỏng (tải về chưa hết hoặc bị lỗi khi sao chép)") from None
    raise Unbounded("tep-khong-doc-duoc", "tệp Office cũ nhưng không phải bảng tính Excel (.xls)")


def records(stream: bytes, offset: int) -> Iterator[tuple[int, int, int]]:
    """(record type, body offset, body length) from ``offset`` to the end of the stream."""
    end = len(stream)
    while offset + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, offset)
        yield kind, offset + 4, min(length, end - offset - 4)
        offset += 4 + length


@emits("tep-co-mat-khau")
def _boundsheets(stream: bytes) -> list[tuple[str, int]]:
    """The worksheets of the workbook globals (name, offset of their BOF); charts and macro sheets hold no cells."""
    found = []
    for kind, at, length in records(stream, 0):
        if kind == FILEPASS:
            raise Unbounded("tep-co-mat-khau", "tệp được đặt mật khẩu")
        if kind == BOUNDSHEET and length >= 8:
            offset, _, sheet_type, chars, high = struct.unpack_from("<IBBBB", stream, at)
            if sheet_type == 0:
                raw = stream[at + 8:at + 8 + chars * (2 if high & 1 else 1)]
                found.append((raw.decode("utf-16-le" if high & 1 else "latin-1", "replace"), offset))
        elif kind == EOF:
            break
    return found


def _sheet(stream: bytes, name: str, offset: int) -> XlsSheet:
    declared = (0, 0)
    rows = cols = depth = 0
    for kind, at, length in records(stream, offset):
        if kind == BOF:
            depth += 1
        elif kind == EOF:
            depth -= 1
            if depth <= 0:
                break
        elif depth != 1:
            continue                  # an embedded chart's substream
        elif kind == DIMENSIONS and length >= 12:
            _, last_row, _, last_col = struct.unpack_from("<IIHH", stream, at)
            declared = (last_row, last_col)   # "last + 1": the 1-based last row and column
        elif kind in SINGLE_CELL and length >= 4:
            row, col = struct.unpack_from("<HH", stream, at)
            rows, cols = max(rows, row + 1), max(cols, col + 1)
        elif kind == MULRK and length >= 6:
            row, = struct.unpack_from("<H", stream, at)
            last, = struct.unpack_from("<H", stream, at + length - 2)
            rows, cols = max(rows, row + 1), max(cols, last + 1)
    return XlsSheet(name, Extent(name, *declared), Extent(name, rows, cols))
