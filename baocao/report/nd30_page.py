"""ND30 rules of the page and of the document as a whole: paper and margins, the font everywhere, page numbers,
footnotes, tags left over, document properties. ``nd30.Checker`` adds the rules of the text blocks."""
from __future__ import annotations

import re

from lxml import etree

from .docx_text import FALSE, Formatting, Package, R, text_of, text_runs, w

FONT = "Times New Roman"
MM = 1440 / 25.4                       # twips per millimetre
RULE_STYLES = ("KeNgangNgan", "KeNgangDai")
TAGS = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_APPENDIX = re.compile(r"^Phụ lục(?: [IVXLC]+)?$")


class PageChecks:
    """The document being checked, the problems found (in Vietnamese), and the rules of its pages."""

    def __init__(self, package: Package, template: bool):
        self.pkg = package
        self.fmt = Formatting(package.styles)
        self.template = template
        self.problems: list[str] = []
        self._sections: list[tuple[etree._Element, list[etree._Element]]] | None = None

    def fail(self, message: str) -> None:
        self.problems.append(message)

    def sections(self) -> list[tuple[etree._Element, list[etree._Element]]]:
        """Each section's properties and its body children: a paragraph's ``w:pPr/w:sectPr`` ends a section,
        ``w:body/w:sectPr`` describes the last one."""
        if self._sections is None:
            self._sections = self._split_sections()
        return self._sections

    def _split_sections(self) -> list[tuple[etree._Element, list[etree._Element]]]:
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
        if self.fmt.styles_give(FONT):   # then no run has another font: each rFonts names FONT (above)
            return None
        for p in self.pkg.document.iter(w("p")):
            for r in text_runs(p):
                font = self.fmt.font(r, p)
                if font != FONT:
                    return self.fail(f"Phông chữ phải là {FONT}; đoạn «{text_of(p)[:60]}» dùng {font}.")

    def _expect(self, p: etree._Element | None, label: str, *, bold: bool | None = None, italic: bool | None = None,
                sizes: tuple[float, float] | None = None, upper: bool = False, center: bool = False) -> None:
        if p is None:
            return self.fail(f"Không tìm thấy {label}.")
        runs = text_runs(p)
        text = text_of(p).strip()
        if upper and text != text.upper() and not (self.template and TAGS.search(text)):
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
        if title is None or title.get(w("val"), "1") in FALSE:
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
                for r in text_runs(p):
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
                if TAGS.search(t.text or "") or "\ue000" in (t.text or ""):
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
