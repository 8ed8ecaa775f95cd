"""Marked copies made by editing the unit's workbook in place, part by part.

openpyxl reads and rewrites the whole workbook (about 75 ms a form); a bad national month has hundreds of
copies to make. Here only what changes is touched: the styles get two fills, each flagged cell gets a filled
copy of its own style, each flagged sheet gets a comments part and its VML drawing (both produced by openpyxl's
own writers, in the form Excel accepts), and general findings get a first sheet "Cần sửa". Every other part is
copied byte for byte, so whatever the unit's file holds (images, formulas, validations) survives.

Anything this does not handle (a sheet that already has comments, rows or cells without references, a strict
OOXML file) raises ``Unsupported`` and the caller falls back to openpyxl.
"""
from __future__ import annotations

import copy
import posixpath
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from ..model import Finding, Severity
from ..text.cells import col_letter, col_number
from ..text.xstring import header_text, to_xstring

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
COMMENTS_TYPE = f"{DOC_RELS}/comments"
VML_TYPE = f"{DOC_RELS}/vmlDrawing"
WORKSHEET_TYPE = f"{DOC_RELS}/worksheet"
COMMENTS_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
VML_CONTENT = "application/vnd.openxmlformats-officedocument.vmlDrawing"
WORKSHEET_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
# What a marked copy looks like, shared with the openpyxl fallback in copies.py.
AUTHOR = "Văn phòng thường trực"
COMMENT_WIDTH, COMMENT_HEIGHT = 360, 160
GENERAL_SHEET = "Cần sửa"
GENERAL_TITLE = "NHỮNG NỘI DUNG CẦN SỬA"
GENERAL_COLUMNS = (("Mức độ", 12), ("Trang", 14), ("Nội dung và cách sửa", 100))
GENERAL_HEADER_ROW = 3
PAGE_FOOTER = "Trang &P/&N"
# Children of <worksheet> that must come after <legacyDrawing> (ECMA-376 CT_Worksheet order).
AFTER_LEGACY_DRAWING = ("legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems",
                        "tableParts", "extLst")
_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


class Unsupported(Exception):
    """A workbook layout this module does not edit; the caller uses openpyxl instead."""


class NotDelivered(Exception):
    """No marked copy can be sent for this file; the message says why, in the clerk's words."""


def mark_copy(source: Path, target: Path, findings: list[Finding], fills: dict[Severity, str], font: str,
              heading: str = "") -> None:
    with zipfile.ZipFile(source) as z:
        order = package_parts(z)
        parts = {name: z.read(name) for name in order}
    for name, data in parts.items():
        if name.endswith((".xml", ".rels", ".vml")) and b"<!DOCTYPE" in data[:4096]:
            raise NotDelivered(f"phần {name} của tệp khai báo DOCTYPE (tệp không do Excel lập, có thể chứa thực thể "
                               "XML nguy hiểm)")
    book = _xml(parts, "xl/workbook.xml")
    book_rels = _xml(parts, "xl/_rels/workbook.xml.rels")
    sheets = _sheet_parts(book, book_rels, parts)
    types = _xml(parts, "[Content_Types].xml")
    styles = _Styles(_xml(parts, "xl/styles.xml"), fills, font)

    by_sheet: dict[str, list[Finding]] = {}
    general: list[Finding] = []
    for f in findings:
        if f.sheet in sheets and f.cell and _REF.match(f.cell):
            by_sheet.setdefault(f.sheet, []).append(f)
        else:
            general.append(f)
    for part in sheets.values():   # forms before DA06-2025.4 carried an empty list, which the schema forbids
        parts[part] = parts[part].replace(b'<dataValidations count="0"/>', b"")
    for sheet, found in by_sheet.items():
        _mark_sheet(parts, sheets[sheet], found, styles, types)
    if general:
        _add_general_sheet(parts, order, book, book_rels, types, general, styles, heading)
        parts["xl/workbook.xml"] = _bytes(book)
        parts["xl/_rels/workbook.xml.rels"] = _bytes(book_rels)
    parts["xl/styles.xml"] = _bytes(styles.root)
    parts["[Content_Types].xml"] = _bytes(types)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name in order + [n for n in parts if n not in order]:
            out.writestr(name, parts[name])


def package_parts(z: zipfile.ZipFile) -> list[str]:
    """The entries a copy carries, in their order: the package's parts, reached from ``_rels/.rels`` through the
    relationships, with the relationship parts and ``[Content_Types].xml``. Anything else a unit's file holds (an
    entry named ``../x`` or ``/etc/x``, files added by other tools) is not sent back to the unit."""
    names = set(z.namelist())
    keep = {"[Content_Types].xml"} & names
    todo = ["_rels/.rels"]
    while todo:
        rels = todo.pop()
        if rels in keep or rels not in names or not _safe(rels):
            continue
        keep.add(rels)
        try:
            root = etree.fromstring(z.read(rels), etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError:
            continue
        folder = posixpath.dirname(posixpath.dirname(rels))
        for rel in root.iter(f"{{{PKG_RELS}}}Relationship"):
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External" or not target:
                continue
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            if part in names and part not in keep and _safe(part):
                keep.add(part)
                todo.append(_rels_path(part))
    return [name for name in z.namelist() if name in keep]


def _safe(name: str) -> bool:
    return not (name.startswith("/") or "\\" in name or ":" in name or ".." in name.split("/"))


def _xml(parts: dict[str, bytes], name: str) -> etree._Element:
    if name not in parts:
        raise Unsupported(f"no {name}")
    root = etree.fromstring(parts[name], etree.XMLParser(resolve_entities=False, no_network=True))
    expected = CONTENT_TYPES if name == "[Content_Types].xml" else PKG_RELS if name.endswith(".rels") else MAIN
    if etree.QName(root).namespace != expected:
        raise Unsupported(f"{name} is not transitional OOXML")
    return root


def _children(parent: etree._Element, name: str) -> list[etree._Element]:
    return parent.findall(f"{{{MAIN}}}{name}")


def _bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _sheet_parts(book: etree._Element, rels: etree._Element, parts: dict[str, bytes]) -> dict[str, str]:
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{{{PKG_RELS}}}Relationship")}
    found: dict[str, str] = {}
    for sheet in book.iter(f"{{{MAIN}}}sheet"):
        target = targets.get(sheet.get(f"{{{DOC_RELS}}}id"))
        if not target:
            raise Unsupported("sheet without relationship")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        if path not in parts:
            raise Unsupported(f"missing {path}")
        found[sheet.get("name", "")] = path
    return found


class _Styles:
    """styles.xml with the two fills, and filled copies of the cell formats flagged cells use."""

    def __init__(self, root: etree._Element, fills: dict[Severity, str], font: str):
        self.root = root
        self.xfs = self._child("cellXfs")
        fill_list = self._child("fills")
        self.fill_ids: dict[Severity, int] = {}
        for severity, colour in fills.items():
            fill = etree.SubElement(fill_list, f"{{{MAIN}}}fill")
            pattern = etree.SubElement(fill, f"{{{MAIN}}}patternFill", patternType="solid")
            etree.SubElement(pattern, f"{{{MAIN}}}fgColor", rgb="FF" + colour)
            etree.SubElement(pattern, f"{{{MAIN}}}bgColor", indexed="64")
            self.fill_ids[severity] = len(_children(fill_list, "fill")) - 1
        fill_list.set("count", str(len(_children(fill_list, "fill"))))
        self.font = font
        self._filled: dict[tuple[int, Severity], int] = {}

    def _child(self, name: str) -> etree._Element:
        found = self.root.find(f"{{{MAIN}}}{name}")
        if found is None:
            raise Unsupported(f"styles.xml has no {name}")
        return found

    def filled(self, style: int, severity: Severity) -> int:
        key = (style, severity)
        if key not in self._filled:
            formats = _children(self.xfs, "xf")
            if not 0 <= style < len(formats):
                raise Unsupported(f"cell style {style} out of range")
            xf = copy.deepcopy(formats[style])
            xf.set("fillId", str(self.fill_ids[severity]))
            xf.set("applyFill", "1")
            self._filled[key] = self._append(xf)
        return self._filled[key]

    def _append(self, xf: etree._Element) -> int:
        self.xfs.append(xf)
        count = len(_children(self.xfs, "xf"))
        self.xfs.set("count", str(count))
        return count - 1

    def text(self, bold: bool = False, size: int = 11, wrap: bool = False) -> int:
        """A format for the general sheet: Times New Roman, optionally bold, larger or wrapped."""
        fonts = self._child("fonts")
        font = etree.SubElement(fonts, f"{{{MAIN}}}font")
        if bold:
            etree.SubElement(font, f"{{{MAIN}}}b")
        etree.SubElement(font, f"{{{MAIN}}}sz", val=str(size))
        etree.SubElement(font, f"{{{MAIN}}}name", val=self.font)
        count = len(_children(fonts, "font"))
        fonts.set("count", str(count))
        xf = etree.Element(f"{{{MAIN}}}xf", numFmtId="0", fontId=str(count - 1), fillId="0", borderId="0",
                           applyFont="1")
        if wrap:
            xf.set("applyAlignment", "1")
            etree.SubElement(xf, f"{{{MAIN}}}alignment", vertical="top", wrapText="1")
        return self._append(xf)


def _rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _mark_sheet(parts: dict[str, bytes], part: str, found: list[Finding], styles: _Styles,
                types: etree._Element) -> None:
    from openpyxl.comments.comment_sheet import CommentRecord, CommentSheet
    from openpyxl.xml.functions import tostring

    rels_name = _rels_path(part)
    rels = _xml(parts, rels_name) if rels_name in parts else etree.Element(f"{{{PKG_RELS}}}Relationships",
                                                                            nsmap={None: PKG_RELS})
    if any(r.get("Type") in (COMMENTS_TYPE, VML_TYPE) for r in rels):
        raise Unsupported("the sheet already has comments")
    sheet = _xml(parts, part)
    if sheet.find(f"{{{MAIN}}}legacyDrawing") is not None:
        raise Unsupported("the sheet already has a legacy drawing")
    data = sheet.find(f"{{{MAIN}}}sheetData")
    if data is None:
        raise Unsupported("no sheetData")
    texts: dict[str, list[str]] = {}
    for f in found:
        cell = _cell(data, f.cell)
        cell.set("s", str(styles.filled(int(cell.get("s", "0")), f.severity)))
        texts.setdefault(f.cell, []).append(f"[{f.severity.value}] {f.message}")
    records = []
    for ref, lines in texts.items():
        record = CommentRecord(ref=ref, author=AUTHOR, height=COMMENT_HEIGHT, width=COMMENT_WIDTH)
        record.text.t = to_xstring("\n\n".join(lines))
        records.append(record)
    comments = CommentSheet.from_comments(records)
    number = 1
    while f"xl/comments{number}.xml" in parts or f"xl/drawings/vmlDrawing{number}.vml" in parts:
        number += 1
    comments_part, vml_part = f"xl/comments{number}.xml", f"xl/drawings/vmlDrawing{number}.vml"
    parts[comments_part] = tostring(comments.to_tree())
    parts[vml_part] = comments.write_shapes()
    ids = {r.get("Id") for r in rels}
    comment_id, vml_id = _free_id(ids, "rIdBC"), _free_id(ids, "rIdBV")
    folder = posixpath.dirname(part)
    etree.SubElement(rels, f"{{{PKG_RELS}}}Relationship", Id=comment_id, Type=COMMENTS_TYPE,
                     Target=posixpath.relpath(comments_part, folder))
    etree.SubElement(rels, f"{{{PKG_RELS}}}Relationship", Id=vml_id, Type=VML_TYPE,
                     Target=posixpath.relpath(vml_part, folder))
    legacy = etree.Element(f"{{{MAIN}}}legacyDrawing")
    legacy.set(f"{{{DOC_RELS}}}id", vml_id)
    later = [child for child in sheet if etree.QName(child).localname in AFTER_LEGACY_DRAWING]
    if later:
        later[0].addprevious(legacy)
    else:
        sheet.append(legacy)
    parts[part] = _bytes(sheet)
    parts[rels_name] = _bytes(rels)
    _content_type(types, "/" + comments_part, COMMENTS_CONTENT)
    if not any(d.get("Extension", "").lower() == "vml" for d in types.iter(f"{{{CONTENT_TYPES}}}Default")):
        etree.SubElement(types, f"{{{CONTENT_TYPES}}}Default", Extension="vml", ContentType=VML_CONTENT)


def _sheet_data(data: etree._Element, rows: list[tuple[int, list[tuple[str, int]]]]) -> None:
    """The rows as inline strings (escaped as ST_Xstring), each list row tall enough for its message: no program
    sizes rows on opening a file."""
    per_line = int(GENERAL_COLUMNS[-1][1] * 1.3)   # characters of 11 pt text the message column holds a line
    for row_number, cells in rows:
        row = etree.SubElement(data, f"{{{MAIN}}}row", r=str(row_number))
        lines = -(-len(cells[-1][0]) // per_line)
        if row_number > GENERAL_HEADER_ROW and lines > 1:
            row.set("ht", str(lines * 15))
            row.set("customHeight", "1")
        for col, (text, style) in enumerate(cells, start=1):
            cell = etree.SubElement(row, f"{{{MAIN}}}c", r=f"{col_letter(col)}{row_number}", t="inlineStr")
            if style:
                cell.set("s", str(style))
            string = etree.SubElement(cell, f"{{{MAIN}}}is")
            etree.SubElement(string, f"{{{MAIN}}}t").text = to_xstring(text)


def _page_setup(root: etree._Element, heading: str) -> None:
    """The "Cần sửa" sheet on paper: A4 landscape, one page wide, the unit and period in the header, page numbers."""
    etree.SubElement(root, f"{{{MAIN}}}pageMargins", left="0.5", right="0.5", top="0.7", bottom="0.7", header="0.3",
                     footer="0.3")
    etree.SubElement(root, f"{{{MAIN}}}pageSetup", paperSize="9", orientation="landscape", fitToWidth="1",
                     fitToHeight="0")
    texts = etree.SubElement(root, f"{{{MAIN}}}headerFooter")
    if heading:
        etree.SubElement(texts, f"{{{MAIN}}}oddHeader").text = "&L" + header_text(heading)
    etree.SubElement(texts, f"{{{MAIN}}}oddFooter").text = "&C" + PAGE_FOOTER


# Children of <workbook> that come after <definedNames> (ECMA-376 CT_Workbook order).
AFTER_DEFINED_NAMES = ("calcPr", "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes",
                       "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst")


def _print_titles(book: etree._Element, name: str) -> None:
    """The header row of the first sheet (the new "Cần sửa") repeated on every printed page."""
    defined = book.find(f"{{{MAIN}}}definedNames")
    if defined is None:
        defined = etree.Element(f"{{{MAIN}}}definedNames")
        later = [child for child in book if etree.QName(child).localname in AFTER_DEFINED_NAMES]
        if later:
            later[0].addprevious(defined)
        else:
            book.append(defined)
    title = etree.SubElement(defined, f"{{{MAIN}}}definedName", name="_xlnm.Print_Titles", localSheetId="0")
    quoted = name.replace("'", "''")
    title.text = f"'{quoted}'!${GENERAL_HEADER_ROW}:${GENERAL_HEADER_ROW}"


def _free_id(ids: set[str | None], prefix: str) -> str:
    n = 1
    while f"{prefix}{n}" in ids:
        n += 1
    return f"{prefix}{n}"


def _content_type(types: etree._Element, part: str, content: str) -> None:
    etree.SubElement(types, f"{{{CONTENT_TYPES}}}Override", PartName=part, ContentType=content)


def _cell(data: etree._Element, ref: str) -> etree._Element:
    """The ``<c>`` of ``ref``, created in row and column order when the sheet has none (an empty cell)."""
    m = _REF.match(ref)
    assert m is not None
    column, row_number = col_number(m.group(1)), int(m.group(2))
    row = None
    for existing in _children(data, "row"):
        number = existing.get("r")
        if number is None:
            raise Unsupported("a row without its number")
        if int(number) == row_number:
            row = existing
            break
        if int(number) > row_number:
            row = etree.Element(f"{{{MAIN}}}row", r=str(row_number))
            existing.addprevious(row)
            break
    if row is None:
        row = etree.SubElement(data, f"{{{MAIN}}}row", r=str(row_number))
    for cell in _children(row, "c"):
        at = cell.get("r")
        if at is None or not _REF.match(at):
            raise Unsupported("a cell without its reference")
        if at == ref:
            return cell
        if col_number(_REF.match(at).group(1)) > column:  # type: ignore[union-attr]
            new = etree.Element(f"{{{MAIN}}}c", r=ref)
            cell.addprevious(new)
            return new
    return etree.SubElement(row, f"{{{MAIN}}}c", r=ref)


def _add_general_sheet(parts: dict[str, bytes], order: list[str], book: etree._Element, book_rels: etree._Element,
                       types: etree._Element, general: Iterable[Finding], styles: _Styles, heading: str) -> None:
    """A first sheet listing what has no cell of its own, and the one the workbook opens on."""
    sheets = book.find(f"{{{MAIN}}}sheets")
    assert sheets is not None
    names = {s.get("name") for s in sheets}
    name, n = GENERAL_SHEET, 2
    while name in names:
        name, n = f"{GENERAL_SHEET} ({n})", n + 1
    number = 1
    while f"xl/worksheets/sheet{number}.xml" in parts:
        number += 1
    part = f"xl/worksheets/sheet{number}.xml"
    title, header, wrap = styles.text(bold=True, size=14), styles.text(bold=True), styles.text(wrap=True)
    rows = [(1, [(GENERAL_TITLE, title)]), (GENERAL_HEADER_ROW, [(name, header) for name, _ in GENERAL_COLUMNS])]
    rows += [(i, [(f.severity.value, 0), (f.sheet, 0), (f.message, wrap)]) for i, f in enumerate(general, start=4)]
    root = etree.Element(f"{{{MAIN}}}worksheet", nsmap={None: MAIN, "r": DOC_RELS})
    properties = etree.SubElement(root, f"{{{MAIN}}}sheetPr")
    etree.SubElement(properties, f"{{{MAIN}}}pageSetUpPr", fitToPage="1")
    views = etree.SubElement(root, f"{{{MAIN}}}sheetViews")
    etree.SubElement(views, f"{{{MAIN}}}sheetView", tabSelected="1", workbookViewId="0")
    cols = etree.SubElement(root, f"{{{MAIN}}}cols")
    for col, (_, width) in enumerate(GENERAL_COLUMNS, start=1):
        etree.SubElement(cols, f"{{{MAIN}}}col", min=str(col), max=str(col), width=str(width), customWidth="1")
    _sheet_data(etree.SubElement(root, f"{{{MAIN}}}sheetData"), rows)
    _page_setup(root, heading)
    parts[part] = _bytes(root)
    ids = {r.get("Id") for r in book_rels}
    rel_id = _free_id(ids, "rIdBS")
    etree.SubElement(book_rels, f"{{{PKG_RELS}}}Relationship", Id=rel_id, Type=WORKSHEET_TYPE,
                     Target=f"worksheets/sheet{number}.xml")
    sheet_id = 1 + max((int(s.get("sheetId", "0")) for s in sheets), default=0)
    entry = etree.Element(f"{{{MAIN}}}sheet", name=name, sheetId=str(sheet_id))
    entry.set(f"{{{DOC_RELS}}}id", rel_id)
    sheets.insert(0, entry)
    for defined in book.iter(f"{{{MAIN}}}definedName"):  # sheet-local names count sheets by position
        if defined.get("localSheetId") is not None:
            defined.set("localSheetId", str(int(defined.get("localSheetId", "0")) + 1))
    _print_titles(book, name)
    for view in book.iter(f"{{{MAIN}}}workbookView"):
        view.set("activeTab", "0")
        view.attrib.pop("firstSheet", None)
    for other in _sheet_parts(book, book_rels, parts).values():
        if other != part and b"tabSelected" in parts[other]:
            tree = _xml(parts, other)
            for view in tree.iter(f"{{{MAIN}}}sheetView"):
                view.attrib.pop("tabSelected", None)
            parts[other] = _bytes(tree)
    _content_type(types, "/" + part, WORKSHEET_CONTENT)
