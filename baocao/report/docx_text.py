"""Reading a .docx back the way Word reads it: its parts (zip + lxml), the effective formatting of a run or a
paragraph (direct formatting, character and paragraph styles, document defaults), and its text in reading order,
which the golden tests compare."""
from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R}
FALSE = ("0", "false", "off")


@cache
def w(tag: str) -> str:
    return f"{{{W}}}{tag}"



def section_of(p: etree._Element, body: etree._Element) -> etree._Element | None:
    """The section properties governing a paragraph: those of the first section break at or after it
    (a paragraph's ``w:pPr/w:sectPr`` ends its section), else the document's last section (``w:body/w:sectPr``)."""
    top = p
    while top.getparent() is not None and top.getparent() is not body:
        top = top.getparent()
    for node in (top, *top.itersiblings()):
        sect = node.find(f"{w('pPr')}/{w('sectPr')}") if node.tag == w("p") else None
        if sect is not None:
            return sect
    return body.find(w("sectPr"))

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


_PARAGRAPH_STYLE = f"{w('pPr')}/{w('pStyle')}"
_RPR, _RFONTS, _RSTYLE, _VAL, _ASCII, _THEME = (w(t) for t in ("rPr", "rFonts", "rStyle", "val", "ascii", "asciiTheme"))


def _named_font(fonts: etree._Element | None) -> str:
    """The font an ``rFonts`` names for Latin text (``theme:…`` for a theme's), or empty when it names none."""
    if fonts is None or not (fonts.get(_ASCII) or fonts.get(_THEME)):
        return ""
    return fonts.get(_ASCII) or f"theme:{fonts.get(_THEME)}"


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
        self._chains: dict[str | None, list[etree._Element]] = {}
        self._style_rpr: dict[str | None, list[etree._Element]] = {}
        self._fonts: dict[tuple[str | None, str | None], str] = {}   # (character style, paragraph style) → font

    def _chain(self, style_id: str | None) -> list[etree._Element]:
        """The style and those it is based on; styles do not change while a document is read, so each once."""
        if style_id not in self._chains:
            self._chains[style_id] = self._resolve(style_id)
        return self._chains[style_id]

    def _rpr(self, style_id: str | None) -> list[etree._Element]:
        """The run properties of a style's chain, nearest first."""
        if style_id not in self._style_rpr:
            self._style_rpr[style_id] = [s.find(w("rPr")) for s in self._chain(style_id) if s.find(w("rPr")) is not None]
        return self._style_rpr[style_id]

    def _resolve(self, style_id: str | None) -> list[etree._Element]:
        chain, seen = [], set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            chain.append(style)
            based = style.find(w("basedOn"))
            style_id = based.get(w("val")) if based is not None else None
        return chain

    def paragraph_style(self, p: etree._Element) -> str | None:
        ps = p.find(_PARAGRAPH_STYLE)
        return ps.get(w("val")) if ps is not None else self.default_paragraph

    def _run_sources(self, r: etree._Element | None, p: etree._Element) -> list[etree._Element]:
        sources = []
        if r is not None:
            rpr = r.find(w("rPr"))
            if rpr is not None:
                sources.append(rpr)
                rs = rpr.find(w("rStyle"))
                if rs is not None:
                    sources += self._rpr(rs.get(w("val")))
        sources += self._rpr(self.paragraph_style(p))
        if self.defaults_r is not None:
            sources.append(self.defaults_r)
        return sources

    def flag(self, r: etree._Element | None, p: etree._Element, name: str) -> bool:
        for rpr in self._run_sources(r, p):
            el = rpr.find(w(name))
            if el is not None:
                return el.get(w("val"), "1") not in FALSE
        return False

    def size(self, r: etree._Element | None, p: etree._Element) -> float:
        for rpr in self._run_sources(r, p):
            el = rpr.find(w("sz"))
            if el is not None:
                return int(el.get(w("val"))) / 2
        return 10.0

    def font(self, r: etree._Element | None, p: etree._Element) -> str:
        """The run's own font if it names one, else its styles' (found once for each character and paragraph
        style: the ND30 check asks for every run of a national report's 27,000)."""
        rpr = r.find(_RPR) if r is not None else None
        if rpr is not None:
            own = _named_font(rpr.find(_RFONTS))
            if own:
                return own
            rs = rpr.find(_RSTYLE)
            key = (rs.get(_VAL) if rs is not None else None, self.paragraph_style(p))
        else:
            key = (None, self.paragraph_style(p))
        if key not in self._fonts:
            sources = [*(self._rpr(key[0]) if key[0] is not None else []), *self._rpr(key[1]),
                       *([self.defaults_r] if self.defaults_r is not None else [])]
            self._fonts[key] = next((f for f in (_named_font(s.find(_RFONTS)) for s in sources) if f),
                                    "(mặc định của Word)")
        return self._fonts[key]

    def styles_give(self, font: str) -> bool:
        """Whether every run that names no font of its own gets ``font`` from its styles, whichever character and
        paragraph style it has: each style's chain names ``font`` or none, and the document's default is ``font``.
        (A run's font is its character style's, else its paragraph style's, else the default: ``font``.)"""
        fallback = _named_font(self.defaults_r.find(_RFONTS)) if self.defaults_r is not None else ""
        named = (next((f for f in (_named_font(s.find(_RFONTS)) for s in self._rpr(i)) if f), "") for i in self.by_id)
        return (fallback or "(mặc định của Word)") == font and all(f in ("", font) for f in named)

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


def text_runs(p: etree._Element) -> list[etree._Element]:
    return [r for r in p.iter(w("r")) if any((t.text or "").strip() for t in r.iter(w("t")))]


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
