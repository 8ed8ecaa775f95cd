"""Reading a .docx back: an ND30 layout check of the report, and its text for golden tests.

The check reads the OOXML itself (zip + lxml), resolving run and paragraph formatting through
direct formatting, character and paragraph styles and the document defaults, the way Word
does. It returns problems in Vietnamese; an empty list means the document conforms.

Usage: ``python -m baocao.nd30 BAO-CAO.docx``
"""
from __future__ import annotations

import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R}
FONT = "Times New Roman"
MM = 1440 / 25.4                       # twips per millimetre
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
RULE_STYLES = ("KeNgangNgan", "KeNgangDai")
_FALSE = ("0", "false", "off")
_TAGS = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_DATE = re.compile(r"^(?P<place>[^,]+), ngày (?P<d>\d+) tháng (?P<m>\d+) năm (?P<y>\d{4})$")
_NUMBER = re.compile(r"^Số: ?(?P<n>\d*)/(?P<kind>[A-ZĐ]+)-(?P<body>[A-ZĐ0-9-]+)$")
_APPENDIX = re.compile(r"^Phụ lục(?: [IVXLC]+)?$")
_ATTACHED = re.compile(r"^\(Kèm theo .+ số .+ ngày .+ của .+\)$")


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass
class Package:
    """The parts of a .docx this module reads, parsed."""

    document: etree._Element
    styles: etree._Element | None
    footnotes: etree._Element | None
    headers: dict[str, etree._Element] = field(default_factory=dict)
    core: etree._Element | None = None

    @classmethod
    def read(cls, path: Path) -> Package:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())

            def part(name: str) -> etree._Element | None:
                return etree.fromstring(z.read(name)) if name in names else None

            rels = part("word/_rels/document.xml.rels")
            headers = {}
            for rel in rels if rels is not None else []:
                if rel.get("Type", "").endswith("/header"):
                    headers[rel.get("Id")] = part("word/" + rel.get("Target").lstrip("/").removeprefix("word/"))
            document = part("word/document.xml")
            assert document is not None
            return cls(document, part("word/styles.xml"), part("word/footnotes.xml"), headers,
                       part("docProps/core.xml"))


class Formatting:
    """Effective formatting: direct → character style → paragraph style (with basedOn) → defaults."""

    def __init__(self, styles: etree._Element | None):
        if styles is None:
            styles = etree.Element(w("styles"))
        self.by_id = {s.get(w("styleId")): s for s in styles.iter(w("style"))}
        self.defaults_r = styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
        self.defaults_p = styles.find(f"{w('docDefaults')}/{w('pPrDefault')}/{w('pPr')}")
        default = [s for s in self.by_id.values() if s.get(w("type")) == "paragraph" and s.get(w("default")) == "1"]
        self.default_paragraph = default[0].get(w("styleId")) if default else None

    def _chain(self, style_id: str | None) -> list[etree._Element]:
        chain, seen = [], set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            chain.append(style)
            based = style.find(w("basedOn"))
            style_id = based.get(w("val")) if based is not None else None
        return chain

    def paragraph_style(self, p: etree._Element) -> str | None:
        ps = p.find(f"{w('pPr')}/{w('pStyle')}")
        return ps.get(w("val")) if ps is not None else self.default_paragraph

    def _run_sources(self, r: etree._Element | None, p: etree._Element) -> list[etree._Element]:
        sources = []
        if r is not None:
            rpr = r.find(w("rPr"))
            if rpr is not None:
                sources.append(rpr)
                rs = rpr.find(w("rStyle"))
                if rs is not None:
                    sources += [s.find(w("rPr")) for s in self._chain(rs.get(w("val"))) if s.find(w("rPr")) is not None]
        sources += [s.find(w("rPr")) for s in self._chain(self.paragraph_style(p)) if s.find(w("rPr")) is not None]
        if self.defaults_r is not None:
            sources.append(self.defaults_r)
        return sources

    def flag(self, r: etree._Element | None, p: etree._Element, name: str) -> bool:
        for rpr in self._run_sources(r, p):
            el = rpr.find(w(name))
            if el is not None:
                return el.get(w("val"), "1") not in _FALSE
        return False

    def size(self, r: etree._Element | None, p: etree._Element) -> float:
        for rpr in self._run_sources(r, p):
            el = rpr.find(w("sz"))
            if el is not None:
                return int(el.get(w("val"))) / 2
        return 10.0

    def font(self, r: etree._Element | None, p: etree._Element) -> str:
        for rpr in self._run_sources(r, p):
            el = rpr.find(w("rFonts"))
            if el is not None and (el.get(w("ascii")) or el.get(w("asciiTheme"))):
                return el.get(w("ascii")) or f"theme:{el.get(w('asciiTheme'))}"
        return "(mặc định của Word)"

    def para(self, p: etree._Element, child: str, attr: str) -> str | None:
        styles = [s.find(w("pPr")) for s in self._chain(self.paragraph_style(p))]
        sources = [p.find(w("pPr")), *styles, self.defaults_p]
        for ppr in sources:
            if ppr is None:
                continue
            el = ppr.find(w(child))
            if el is not None and el.get(w(attr)) is not None:
                return el.get(w(attr))
        return None


def text_of(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(w("t")))


def _runs(p: etree._Element) -> list[etree._Element]:
    return [r for r in p.iter(w("r")) if any((t.text or "").strip() for t in r.iter(w("t")))]


class Checker:
    def __init__(self, package: Package, template: bool):
        self.pkg = package
        self.fmt = Formatting(package.styles)
        self.template = template
        self.problems: list[str] = []

    def fail(self, message: str) -> None:
        self.problems.append(message)

    def sections(self) -> list[tuple[etree._Element, list[etree._Element]]]:
        """Each section's properties and its body children: a paragraph's ``w:pPr/w:sectPr`` ends a section,
        ``w:body/w:sectPr`` describes the last one."""
        body = self.pkg.document.find(w("body"))
        found: list[tuple[etree._Element, list[etree._Element]]] = []
        current: list[etree._Element] = []
        for child in body:
            if child.tag == w("sectPr"):
                found.append((child, current))
                current = []
                continue
            current.append(child)
            sect = child.find(f"{w('pPr')}/{w('sectPr')}") if child.tag == w("p") else None
            if sect is not None:
                found.append((sect, current))
                current = []
        return found

    def appendices(self) -> list[tuple[etree._Element, list[etree._Element]]]:
        """Sections after the first whose first line is ``Phụ lục`` (``Phụ lục I`` …)."""
        result = []
        for sect, children in self.sections()[1:]:
            first = next((c for c in children if c.tag == w("p") and text_of(c).strip()), None)
            if first is not None and _APPENDIX.match(text_of(first).strip()):
                result.append((sect, children))
        return result

    def run(self) -> list[str]:
        self.page()
        self.fonts()
        header = self.header_block()
        self.title_block(header)
        self.body()
        self.closing_block()
        self.page_numbers()
        self.appendix()
        self.footnotes()
        self.leftovers()
        self.properties()
        return self.problems

    def page(self) -> None:
        sections = self.sections()
        if not sections:
            return self.fail("Không có thiết lập trang (sectPr).")
        self._page(sections[0][0], "", landscape=False)
        for sect, _ in self.appendices():
            self._page(sect, "Phụ lục: ", landscape=None)

    def _page(self, sect: etree._Element, where: str, landscape: bool | None) -> None:
        """A4 and ND30 margins; ``landscape`` None: either orientation, but declared as it is laid out."""
        size, margin = sect.find(w("pgSz")), sect.find(w("pgMar"))
        if size is None or margin is None:
            return self.fail(f"{where}Thiếu khổ giấy hoặc lề trang.")
        width, height = int(size.get(w("w"))), int(size.get(w("h")))
        wide = width > height
        short, long_ = sorted((width, height))
        if abs(short - 210 * MM) > 20 or abs(long_ - 297 * MM) > 20 or landscape is False and wide:
            self.fail(f"{where}Khổ giấy phải là A4{' dọc' if landscape is False else ''} (210 × 297 mm), "
                      f"đang là {width / MM:.0f} × {height / MM:.0f} mm.")
        elif wide != (size.get(w("orient")) == "landscape"):
            self.fail(f"{where}Trang ngang phải khai báo hướng giấy ngang (orient=landscape) và ngược lại.")
        for side, label, low, high in (("top", "trên", 20, 25), ("bottom", "dưới", 20, 25),
                                       ("left", "trái", 30, 35), ("right", "phải", 15, 20)):
            mm = int(margin.get(w(side))) / MM
            if not low - 0.2 <= mm <= high + 0.2:
                self.fail(f"{where}Lề {label} phải từ {low} đến {high} mm, đang là {mm:.1f} mm.")

    def fonts(self) -> None:
        roots = [self.pkg.document, *self.pkg.headers.values()]
        if self.pkg.footnotes is not None:
            roots.append(self.pkg.footnotes)
        if self.pkg.styles is not None:
            roots.append(self.pkg.styles)
        for root in roots:
            for el in root.iter(w("rFonts")):
                names = {el.get(w(a)) for a in ("ascii", "hAnsi") if el.get(w(a))}
                themes = [a for a in ("asciiTheme", "hAnsiTheme") if el.get(w(a))]
                if themes or names - {FONT}:
                    return self.fail(f"Phông chữ phải là {FONT} ở mọi nơi; có chỗ dùng "
                                     f"{', '.join(sorted(names - {FONT})) or 'phông theo chủ đề (theme)'}.")
        for p in self.pkg.document.iter(w("p")):
            for r in _runs(p):
                font = self.fmt.font(r, p)
                if font != FONT:
                    return self.fail(f"Phông chữ phải là {FONT}; đoạn «{text_of(p)[:60]}» dùng {font}.")

    def _expect(self, p: etree._Element | None, label: str, *, bold: bool | None = None, italic: bool | None = None,
                sizes: tuple[float, float] | None = None, upper: bool = False, center: bool = False) -> None:
        if p is None:
            return self.fail(f"Không tìm thấy {label}.")
        runs = _runs(p)
        text = text_of(p).strip()
        if upper and text != text.upper() and not (self.template and _TAGS.search(text)):
            self.fail(f"{label} phải viết in hoa: «{text}».")
        if center and self.fmt.para(p, "jc", "val") != "center":
            self.fail(f"{label} phải căn giữa.")
        for r in runs:
            if bold is not None and self.fmt.flag(r, p, "b") != bold:
                self.fail(f"{label} phải {'in đậm' if bold else 'không in đậm'}: «{text[:60]}».")
                break
            if italic is not None and self.fmt.flag(r, p, "i") != italic:
                self.fail(f"{label} phải {'in nghiêng' if italic else 'chữ đứng'}: «{text[:60]}».")
                break
            size = self.fmt.size(r, p)
            if sizes and not sizes[0] <= size <= sizes[1]:
                self.fail(f"{label} phải cỡ chữ {sizes[0]:g}–{sizes[1]:g}, đang là {size:g}: «{text[:60]}».")
                break

    def _rule_after(self, p: etree._Element | None, label: str) -> None:
        nxt = p.getnext() if p is not None else None
        border = nxt.find(f"{w('pPr')}/{w('pBdr')}/{w('bottom')}") if nxt is not None and nxt.tag == w("p") else None
        style = self.fmt.paragraph_style(nxt) if nxt is not None and nxt.tag == w("p") else None
        if border is None and style not in RULE_STYLES:
            self.fail(f"Thiếu đường kẻ ngang dưới {label}.")

    def header_block(self) -> etree._Element | None:
        body = self.pkg.document.find(w("body"))
        table = body.find(w("tbl"))
        if table is None:
            self.fail("Thiếu bảng tiêu đề (cơ quan ban hành, quốc hiệu, số, ngày tháng) ở đầu văn bản.")
            return None
        paras = [p for p in table.iter(w("p")) if text_of(p).strip()]
        by_text = {text_of(p).strip(): p for p in paras}
        self._expect(by_text.get(QUOC_HIEU), "Quốc hiệu", bold=True, italic=False, sizes=(12, 13), upper=True)
        self._expect(by_text.get(TIEU_NGU), "Tiêu ngữ", bold=True, italic=False, sizes=(13, 14))
        self._rule_after(by_text.get(TIEU_NGU), "tiêu ngữ")
        first_cell = table.find(f"{w('tr')}/{w('tc')}")
        left = [p for p in first_cell.iter(w("p")) if text_of(p).strip()] if first_cell is not None else []
        if len(left) < 2:
            self.fail("Ô bên trái bảng tiêu đề phải có tên cơ quan chủ quản và tên cơ quan ban hành.")
        else:
            self._expect(left[0], "Tên cơ quan chủ quản", bold=False, italic=False, sizes=(12, 13), upper=True)
            self._expect(left[1], "Tên cơ quan ban hành", bold=True, italic=False, sizes=(12, 13), upper=True)
            self._rule_after(left[1], "tên cơ quan ban hành")
        number = next((p for p in paras if text_of(p).strip().startswith("Số")), None)
        self._expect(number, "Số, ký hiệu", italic=False, sizes=(13, 13))
        if number is not None and not self.template:
            m = _NUMBER.match(text_of(number).strip().replace("\u00a0", ""))
            if not m:
                self.fail(f"Số, ký hiệu phải có dạng «Số: 146/BC-BCĐ», đang là «{text_of(number).strip()}».")
            elif m.group("n") and len(m.group("n")) < 2:
                self.fail("Số văn bản nhỏ hơn 10 phải có số 0 đứng trước (ví dụ 05).")
        date_p = None
        row = number.getparent() if number is not None else None
        while row is not None and row.tag != w("tr"):
            row = row.getparent()
        if row is not None:
            date_p = next((p for p in row.iter(w("p")) if text_of(p).strip() and p is not number), None)
        self._expect(date_p, "Địa danh, ngày tháng", italic=True, sizes=(13, 14))
        if date_p is not None and not self.template:
            self._check_date(text_of(date_p).strip())
        return table

    def _check_date(self, text: str) -> None:
        m = _DATE.match(text)
        if not m:
            return self.fail(f"Dòng ngày tháng phải có dạng «Khánh Hòa, ngày 22 tháng 10 năm 2025», đang là «{text}».")
        day, month = m.group("d"), m.group("m")
        if len(day) != 2:
            self.fail(f"Ngày nhỏ hơn 10 phải có số 0 đứng trước: «{text}».")
        if int(month) < 3 and len(month) != 2 or int(month) >= 3 and month.startswith("0"):
            self.fail(f"Tháng 1, 2 viết 01, 02; tháng từ 3 trở đi không có số 0 đứng trước: «{text}».")

    def title_block(self, header: etree._Element | None) -> None:
        if header is None:
            return
        following = [p for p in header.itersiblings() if p.tag == w("p") and text_of(p).strip()]
        title = following[0] if following else None
        if title is None or text_of(title).strip() != "BÁO CÁO":
            return self.fail("Thiếu tên loại văn bản «BÁO CÁO» ngay dưới bảng tiêu đề.")
        self._expect(title, "Tên loại văn bản", bold=True, sizes=(13, 14), upper=True, center=True)
        subject = following[1] if len(following) > 1 else None
        self._expect(subject, "Trích yếu", bold=True, sizes=(13, 14), center=True)
        last = subject
        while last is not None and last.getnext() is not None and text_of(last.getnext()).strip():
            last = last.getnext()
        self._rule_after(last, "trích yếu")

    def _body_paragraphs(self) -> list[etree._Element]:
        body = self.pkg.document.find(w("body"))
        return [p for p in body.findall(w("p")) if self.fmt.paragraph_style(p) in ("Normal", "Heading1", "Heading2",
                                                                                    "Heading3")]

    def body(self) -> None:
        body = self.pkg.document.find(w("body"))
        children = [c for c in body if c.tag in (w("p"), w("tbl"))]
        for i, p in enumerate(children):
            if p.tag != w("p") or text_of(p).strip() or p.find(f".//{w('drawing')}") is not None:
                continue
            if p.find(f"{w('pPr')}/{w('sectPr')}") is not None:   # a section break, e.g. before a phụ lục
                continue
            if self.fmt.paragraph_style(p) in RULE_STYLES or i == len(children) - 1:
                continue
            self.fail("Có đoạn trống trong nội dung (thường do thẻ điều khiển không dùng {%p … %}).")
            break
        for p in self._body_paragraphs():
            text = text_of(p).strip()
            if not text or self.template and _TAGS.search(text):
                continue
            label = f"Đoạn «{text[:50]}»"
            if self.fmt.para(p, "jc", "val") != "both":
                self.fail(f"{label} phải căn đều hai bên.")
            indent = int(self.fmt.para(p, "ind", "firstLine") or 0)
            if not (abs(indent - 10 * MM) <= 15 or abs(indent - 12.7 * MM) <= 15):
                self.fail(f"{label}: thụt đầu dòng phải 1 cm hoặc 1,27 cm.")
            spacing = int(self.fmt.para(p, "spacing", "before") or 0) + int(self.fmt.para(p, "spacing", "after") or 0)
            if spacing < 120:
                self.fail(f"{label}: khoảng cách giữa các đoạn phải từ 6 pt trở lên.")
            line = int(self.fmt.para(p, "spacing", "line") or 240)
            if not 240 <= line <= 360:
                self.fail(f"{label}: giãn dòng phải từ một dòng đến 1,5 dòng.")
            for r in _runs(p):
                if not 13 <= self.fmt.size(r, p) <= 14:
                    self.fail(f"{label}: cỡ chữ nội dung phải 13–14.")
                    break
            runs = _runs(p)
            if re.match(r"^[IVXL]+\. ", text):
                self._expect(p, f"Đề mục «{text[:40]}»", bold=True, upper=True)
            elif re.match(r"^\d+\. ", text) and runs and not self.fmt.flag(runs[0], p, "b"):
                self.fail(f"Đề mục «{text[:40]}» (số Ả Rập) phải in đậm.")
            elif re.match(r"^[a-zđê]\) ", text) and runs and self.fmt.flag(runs[0], p, "b"):
                self.fail(f"Đề mục «{text[:40]}» (chữ cái) không in đậm.")

    def closing_block(self) -> None:
        tables = self.pkg.document.find(w("body")).findall(w("tbl"))
        table = next((t for t in tables if "Nơi nhận:" in [text_of(p).strip() for p in t.iter(w("p"))]), None)
        if table is None:
            return self.fail("Thiếu bảng «Nơi nhận» và chữ ký ở cuối văn bản.")
        cells = table.find(w("tr")).findall(w("tc"))
        left = [p for p in cells[0].iter(w("p")) if text_of(p).strip()]
        self._expect(left[0], "«Nơi nhận:»", bold=True, italic=True, sizes=(12, 12))
        lines = left[1:]
        if not lines:
            self.fail("Phần nơi nhận chưa có nơi nhận nào.")
        for p in lines:
            self._expect(p, "Dòng nơi nhận", sizes=(11, 11))
        if not self.template:
            for p in lines[:-1]:
                text = text_of(p).strip()
                if not (text.startswith("- ") and text.endswith(";")):
                    self.fail(f"Mỗi nơi nhận bắt đầu bằng «- » và kết thúc bằng «;»: «{text}».")
            last = text_of(lines[-1]).strip() if lines else ""
            if not (last.startswith("- Lưu:") and last.endswith(".")):
                self.fail(f"Dòng cuối nơi nhận phải là «- Lưu: VT, ….», đang là «{last}».")
        right = [p for p in cells[-1].iter(w("p")) if text_of(p).strip()] if len(cells) > 1 else []
        if len(right) < 2:
            return self.fail("Thiếu quyền hạn, chức vụ và họ tên người ký.")
        for p in right[:-1]:
            self._expect(p, "Quyền hạn, chức vụ người ký", bold=True, sizes=(13, 14), upper=True, center=True)
        self._expect(right[-1], "Họ tên người ký", bold=True, sizes=(13, 14), center=True)

    def _headers(self, index: int) -> dict[str, etree._Element | None]:
        """The headers a section shows, by type: its own, else inherited from the section before it."""
        found: dict[str, etree._Element | None] = {}
        for sect, _ in reversed(self.sections()[: index + 1]):
            for ref in sect.findall(w("headerReference")):
                found.setdefault(ref.get(w("type")), self.pkg.headers.get(ref.get(f"{{{R}}}id")))
        return found

    def _numbering(self, index: int, where: str) -> None:
        """Page numbers of one section: none on its first page, PAGE centred 13–14 on the others."""
        sect = self.sections()[index][0]
        title = sect.find(w("titlePg"))
        if title is None or title.get(w("val"), "1") in _FALSE:
            self.fail(f"{where}Trang đầu không được đánh số: cần bật «trang đầu khác» (different first page).")
        headers = self._headers(index)
        default = headers.get("default")
        if default is None or not _has_page_field(default):
            return self.fail(f"{where}Đầu trang (từ trang 2) phải có số trang (trường PAGE).")
        first = headers.get("first")
        if first is not None and _has_page_field(first):
            self.fail(f"{where}Trang đầu không được có số trang.")
        for p in default.iter(w("p")):
            if _has_page_field(p):
                if self.fmt.para(p, "jc", "val") != "center":
                    self.fail(f"{where}Số trang phải căn giữa ở đầu trang.")
                sizes = {self.fmt.size(r, p) for r in p.iter(w("r"))}
                if not sizes or not all(13 <= s <= 14 for s in sizes):
                    self.fail(f"{where}Số trang phải cỡ chữ 13–14.")

    def page_numbers(self) -> None:
        if not self.sections():
            return
        self._numbering(0, "")
        sections = [sect for sect, _ in self.sections()]
        for sect, _ in self.appendices():
            self._numbering(sections.index(sect), "Phụ lục: ")

    def appendix(self) -> None:
        """ND30: each phụ lục numbered from 1; ``Phụ lục`` 14 bold centred; its title upper bold centred; then
        ``(Kèm theo Báo cáo số …/BC-… ngày … tháng … năm … của …)`` italic centred; the body refers to it."""
        appendices = self.appendices()
        if not appendices:
            return
        body_text = " ".join(text_of(c) for c in self.sections()[0][1])
        for sect, children in appendices:
            name = next(text_of(c).strip() for c in children if c.tag == w("p") and text_of(c).strip())
            if not re.search(re.escape(name) + r"(?! ?[IVXLC])", body_text):
                self.fail(f"Nội dung báo cáo phải dẫn chiếu đến phụ lục kèm theo («{name}»).")
            start = sect.find(w("pgNumType"))
            if start is None or start.get(w("start")) != "1":
                self.fail("Phụ lục phải đánh số trang riêng, bắt đầu từ 1 (pgNumType start=1).")
            lines = [c for c in children if c.tag == w("p") and text_of(c).strip()]
            heading = lines[0]
            self._expect(heading, f"Tiêu đề «{text_of(heading).strip()}»", bold=True, italic=False, sizes=(14, 14),
                         center=True)
            attached = next((i for i, p in enumerate(lines) if text_of(p).strip().startswith("(Kèm theo")), None)
            if attached is None or attached < 2:
                self.fail("Phụ lục phải có tên phụ lục (in hoa) và dòng «(Kèm theo Báo cáo số … ngày … của …)».")
                continue
            for p in lines[1:attached]:
                self._expect(p, "Tên phụ lục", bold=True, sizes=(13, 14), upper=True, center=True)
            self._expect(lines[attached], "Dòng «(Kèm theo …)» của phụ lục", italic=True, sizes=(13, 14), center=True)
            text = " ".join(text_of(lines[attached]).split())
            if not self.template and not _ATTACHED.match(text):
                self.fail(f"Dòng kèm theo phải có dạng «(Kèm theo Báo cáo số …/BC-… ngày … tháng … năm … của …)», "
                          f"đang là «{text}».")

    def footnotes(self) -> None:
        refs = [r.get(w("id")) for r in self.pkg.document.iter(w("footnoteReference"))]
        notes = self.pkg.footnotes
        if not refs:
            return
        if notes is None:
            return self.fail("Có dấu chú thích nhưng thiếu phần chú thích (word/footnotes.xml).")
        kinds = {n.get(w("type")) for n in notes.findall(w("footnote"))}
        if not {"separator", "continuationSeparator"} <= kinds:
            self.fail("Phần chú thích thiếu đường phân cách (separator, continuationSeparator).")
        bodies = {n.get(w("id")): n for n in notes.findall(w("footnote")) if n.get(w("type")) in (None, "normal")}
        if len(set(refs)) != len(refs):
            self.fail("Một chú thích được tham chiếu nhiều lần.")
        if set(refs) != set(bodies):
            self.fail(f"Số dấu chú thích ({len(refs)}) không khớp số chú thích ({len(bodies)}).")
        for r in self.pkg.document.iter(w("r")):
            if r.find(w("footnoteReference")) is not None and not self._superscript(r):
                return self.fail("Dấu chú thích phải là chỉ số trên (kiểu Footnote Reference).")
        for note in bodies.values():
            for p in note.findall(w("p")):
                if self.fmt.paragraph_style(p) != "FootnoteText":
                    return self.fail("Chú thích phải dùng kiểu đoạn Footnote Text.")
                for r in _runs(p):
                    if not 10 <= self.fmt.size(r, p) <= 12 or self.fmt.font(r, p) != FONT:
                        return self.fail(f"Chú thích phải là {FONT} cỡ 10–12: «{text_of(p)[:60]}».")
            if note.find(f".//{w('footnoteRef')}") is None:
                return self.fail("Chú thích thiếu số chú thích (footnoteRef).")

    def _superscript(self, r: etree._Element) -> bool:
        p = r.getparent()
        while p is not None and p.tag != w("p"):
            p = p.getparent()
        for rpr in self.fmt._run_sources(r, p):
            va = rpr.find(w("vertAlign"))
            if va is not None:
                return va.get(w("val")) == "superscript"
        return False

    def leftovers(self) -> None:
        if self.template:
            return
        roots = [self.pkg.document, *self.pkg.headers.values()]
        if self.pkg.footnotes is not None:
            roots.append(self.pkg.footnotes)
        for root in roots:
            for t in root.iter(w("t")):
                if _TAGS.search(t.text or "") or "\ue000" in (t.text or ""):
                    return self.fail(f"Còn thẻ mẫu chưa được thay: «{(t.text or '').strip()[:60]}».")

    def properties(self) -> None:
        core = self.pkg.core
        if core is None:
            return self.fail("Thiếu thuộc tính tài liệu (docProps/core.xml).")
        dc = "http://purl.org/dc/elements/1.1/"
        for tag, label in (("title", "tiêu đề"), ("creator", "tác giả")):
            el = core.find(f"{{{dc}}}{tag}")
            if el is None or not (el.text or "").strip() or "python-docx" in (el.text or ""):
                self.fail(f"Thuộc tính tài liệu thiếu {label}.")


def _has_page_field(root: etree._Element) -> bool:
    instr = " ".join((t.text or "") for t in root.iter(w("instrText")))
    simple = " ".join(f.get(w("instr"), "") for f in root.iter(w("fldSimple")))
    return "PAGE" in instr.split() or "PAGE" in simple.split()


def check(path: Path, template: bool = False) -> list[str]:
    """Problems of ``path`` against ND30 (empty list: conforms). ``template`` skips data-only checks."""
    return Checker(Package.read(path), template).run()


def extract_text(path: Path) -> str:
    """The document's text in reading order: paragraphs, table cells (``| ``), footnote references as
    ``[^n]`` numbered as Word shows them, then the footnotes; for golden tests, from the XML."""
    pkg = Package.read(path)
    notes = {n.get(w("id")): n for n in pkg.footnotes.findall(w("footnote"))} if pkg.footnotes is not None else {}
    order: list[str] = []
    lines: list[str] = []

    def para(p: etree._Element) -> str:
        out = []
        for el in p.iter(w("t"), w("footnoteReference"), w("tab"), w("br")):
            if el.tag == w("footnoteReference"):
                order.append(el.get(w("id")))
                out.append(f"[^{len(order)}]")
            elif el.tag == w("t"):
                out.append(el.text or "")
            else:
                out.append(" ")
        return "".join(out).strip()

    for child in pkg.document.find(w("body")):
        if child.tag == w("p"):
            text = para(child)
            if text:
                lines.append(text)
        elif child.tag == w("tbl"):
            for p in child.iter(w("p")):
                text = para(p)
                if text:
                    lines.append("| " + text)
    if order:
        lines.append("")
        lines.append("--- Chú thích ---")
    for n, note_id in enumerate(order, start=1):
        paragraphs = [text_of(p).strip() for p in notes[note_id].findall(w("p"))] if note_id in notes else ["(thiếu)"]
        lines.append(f"[^{n}] " + "\n    ".join(t for t in paragraphs if t))
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__)
        return 2
    status = 0
    for name in argv[1:]:
        problems = check(Path(name))
        for problem in problems:
            print(f"{name}: {problem}")
        print(f"{name}: {'đạt' if not problems else f'{len(problems)} điểm chưa đúng Nghị định 30'}")
        status = status or (1 if problems else 0)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
