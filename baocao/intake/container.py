"""The container checks before a workbook is parsed: renamed files, password protection, zip bombs, sheets whose
used range python-calamine could not hold (.xlsx here, .ods and .xls in ``bounds``). Only bytes are looked at;
nothing here reads a sheet's cells.
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Callable

from ..codes import emits
from ..config import Limits
from ..text import fmt
from ..text.cells import col_number
from .bounds import INFLATED_TOO_MUCH, ods_problem, xls_problem

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


@emits("tep-co-mat-khau", "tep-doi-duoi", "tep-khong-doc-duoc", "tep-qua-lon")
def container_problem(data: bytes, suffix: str, limits: Limits) -> tuple[str, str] | None:
    """Look at the bytes before parsing: renamed files, password protection, zip bombs, huge sheets."""
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_STREAM in data:
            return "tep-co-mat-khau", "tệp được đặt mật khẩu"
        if suffix != ".xls":
            return "tep-doi-duoi", "tệp Excel 97-2003 (.xls) hoặc Word cũ bị đổi đuôi"
        return xls_problem(data, limits)
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
                return "tep-qua-lon", INFLATED_TOO_MUCH
            if "content.xml" in members and "xl/workbook.xml" not in members:
                return ods_problem(z, limits)     # an .ods, whatever its name: calamine reads the content
            for info in infos:
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    extent = extent_problem(member_head(data, info, z), limits, lambda i=info: z.read(i))
                    if extent:
                        return "tep-qua-lon", extent
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, zlib.error):
        return "tep-khong-doc-duoc", "tệp nén hỏng (tải về chưa hết hoặc bị lỗi khi sao chép)"
    return None


def member_head(data: bytes, info: zipfile.ZipInfo, z: zipfile.ZipFile, size: int = 1024) -> bytes:
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


def extent_problem(head: bytes, limits: Limits, whole: Callable[[], bytes]) -> str | None:
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

