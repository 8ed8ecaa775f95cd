"""Small .ods files written directly (no LibreOffice): the sheets' XML is given, the rest is boilerplate."""
from __future__ import annotations

import io
import zipfile

HEAD = ('<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        '<office:body><office:spreadsheet>')
TAIL = "</office:spreadsheet></office:body></office:document-content>"
MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            '</manifest:manifest>')


def text_cell(text: str, attrs: str = "") -> str:
    return f'<table:table-cell office:value-type="string" {attrs}><text:p>{text}</text:p></table:table-cell>'


def number_cell(value: float, attrs: str = "") -> str:
    return f'<table:table-cell office:value-type="float" office:value="{value}" {attrs}><text:p>{value}</text:p></table:table-cell>'


def empty(columns: int = 1, style: str = "ce1") -> str:
    return f'<table:table-cell table:style-name="{style}" table:number-columns-repeated="{columns}"/>'


def row(*cells: str, repeat: int = 1) -> str:
    rep = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f'<table:table-row table:style-name="ro1"{rep}>{"".join(cells)}</table:table-row>'


def sheet(name: str, *rows: str) -> str:
    return f'<table:table table:name="{name}"><table:table-column table:number-columns-repeated="1024"/>{"".join(rows)}</table:table>'


def far_value_sheet(name: str, row_no: int, col_no: int, filler: bool = True) -> str:
    """A small table in A1:B2 and one ``x`` at (row_no, col_no), written as LibreOffice writes it: repeated empty
    rows and cells between, and the sheet padded with empty styled repeats to 16,384 columns and 1,048,576 rows."""
    rows = [row(text_cell("Mã"), text_cell("Giá trị"), empty(16382)), row(text_cell("a"), number_cell(5), empty(16382))]
    rows.append(row(empty(16384), repeat=row_no - 3))
    rows.append(row(*([empty(col_no - 1)] if col_no > 1 else []), text_cell("x"), empty(16384 - col_no)))
    if filler:
        rows.append(row(empty(16384), repeat=1_048_576 - row_no))
    return sheet(name, *rows)


def ods(*sheets: str, content: str | None = None, declared_size: int | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", MANIFEST, zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content if content is not None else HEAD + "".join(sheets) + TAIL, zipfile.ZIP_DEFLATED)
    data = out.getvalue()
    if declared_size is not None:   # a lying central directory: the size zipfile trusts
        data = _patch_size(data, "content.xml", declared_size)
    return data


def _patch_size(data: bytes, name: str, size: int) -> bytes:
    buf = bytearray(data)
    marker = b"PK\x01\x02"
    at = buf.find(marker)
    while at != -1:
        name_len = int.from_bytes(buf[at + 28:at + 30], "little")
        if buf[at + 46:at + 46 + name_len] == name.encode():
            buf[at + 24:at + 28] = size.to_bytes(4, "little")
        at = buf.find(marker, at + 4)
    return bytes(buf)
