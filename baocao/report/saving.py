"""A Word document saved as python-docx saves it, except that each XML part is serialized straight into its zip
entry: ``Document.save`` makes each part's whole XML as bytes first (the national document.xml: 8.4 MB, held twice
while lxml copies it out), which is the review copy's worker's largest moment."""
from __future__ import annotations

import time
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from docx.document import Document
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.opc.pkgwriter import PackageWriter
from lxml import etree


class _Zip:
    """python-docx's zip writer (``PhysPkgWriter``), with parts written from their XML."""

    def __init__(self, path: Path) -> None:
        self._zip = ZipFile(path, "w", compression=ZIP_DEFLATED)

    def write(self, uri: PackURI, blob: bytes) -> None:
        self._zip.writestr(uri.membername, blob)

    def write_xml(self, uri: PackURI, element: etree._Element) -> None:
        """The bytes ``serialize_part_xml`` makes, written as they are made."""
        entry = ZipInfo(uri.membername, date_time=time.localtime(time.time())[:6])
        entry.compress_type = ZIP_DEFLATED
        entry.external_attr = 0o600 << 16   # what ``writestr`` gives a file
        with self._zip.open(entry, "w") as stream:
            etree.ElementTree(element).write(stream, encoding="UTF-8", standalone=True)

    def close(self) -> None:
        self._zip.close()


def save(document: Document, path: Path) -> None:
    """``document.save(path)``: the same parts, in the same order, with the same relationships."""
    package = document.part.package
    parts = list(package.iter_parts())
    for part in parts:
        part.before_marshal()
    writer = _Zip(path)
    try:
        PackageWriter._write_content_types_stream(writer, parts)
        PackageWriter._write_pkg_rels(writer, package.rels)
        for part in parts:
            if isinstance(part, XmlPart):
                writer.write_xml(part.partname, part.element)
            else:
                writer.write(part.partname, part.blob)
            if len(part.rels):
                writer.write(part.partname.rels_uri, part.rels.xml)
    finally:
        writer.close()
