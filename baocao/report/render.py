"""Stage 5, render: the monthly report as a Word document, from the template staff can edit.

Rendering is sandboxed (a template is a file staff edit, not code we trust), escapes every value
(unit text with ``&`` or ``<`` must come out as typed), refuses undefined names, and turns every
template mistake into a :class:`TemplateProblem` with a Vietnamese message. Footnotes and
missing-data markers are made real after rendering (``footnotes.Notes``); the short rules under
the header lines are fitted to their text.
"""
from __future__ import annotations

import html
import re
import traceback
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, nodes
from jinja2.exceptions import SecurityError, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.meta import find_undeclared_variables
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree
from markupsafe import Markup

from ..catalog import Catalog
from ..config import Settings
from ..figures.compute import Figures
from ..model import Dataset
from ..periods import Period
from .context import build_context
from .footnotes import CLOSE, OPEN, Notes, PlacementError

RULE_STYLES = {"KeNgangNgan": 0.45, "KeNgangDai": 1.0}   # rule length / length of the line above it
DEFAULT_CELL_MARGIN = 108                                  # twips, Word's default left/right cell margin
_TAG_TEXT = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
# Unit text is data, never template: the braces of every value a template prints are held as noncharacters while
# the template's own text is checked for leftover tags, then given back (a highlight typed "100%}" or "{{ 7*7 }}"
# comes out as typed). Noncharacters a value already holds are dropped: nobody types them.
_SHIELD = str.maketrans({"{": "\ufdd0", "}": "\ufdd1", "\ufdd0": None, "\ufdd1": None})
_UNSHIELD = str.maketrans({"\ufdd0": "{", "\ufdd1": "}"})
_SHIELDED = re.compile("[\ufdd0\ufdd1]")
_INSIDE_TAG = re.compile(r"(?<=\{[\{%])(.*?)(?=[\}%]\})")
_XML_TAG = re.compile(r"<[^>]+>")
# Advance widths of Times New Roman Bold (= Liberation Serif Bold) in 1/1000 em; accents do not change them.
_BOLD_WIDTHS = dict(
    (pair[0], int(pair[1:])) for pair in (
        "A722 B667 C722 D722 E667 F611 G778 H778 I389 J500 K778 L667 M944 N722 O778 P611 Q778 R722 S556 "
        "T667 U722 V722 W1000 X722 Y722 Z667 a500 b556 c444 d556 e444 f333 g500 h556 i278 j333 k556 l278 "
        "m833 n556 o500 p556 q556 r444 s389 t333 u556 v500 w722 x500 y500 z444 Đ722 đ556 -333 .250 ,250 "
        ":333 ;333 /278 (333 )333 0500 1500 2500 3500 4500 5500 6500 7500 8500 9500").split())
_SPACE_WIDTH, _OTHER_WIDTH = 250, 500


class TemplateProblem(Exception):
    """The Word template cannot be rendered: a syntax error, an unknown name, a misplaced footnote."""


class _Template(DocxTemplate):
    """docxtpl, with string literals inside tags read as typed: Word stores ``&`` as ``&amp;``."""

    def patch_xml(self, src_xml: str) -> str:
        patched = super().patch_xml(src_xml)
        return _INSIDE_TAG.sub(lambda m: m.group(0).replace("&amp;", "&").replace("&quot;", '"')
                               .replace("&apos;", "'").replace("&#39;", "'"), patched)


class _Environment(SandboxedEnvironment):
    """Remembers the trees the checks parsed, so docxtpl's ``from_string`` of the same XML compiles them
    without parsing again (a quarter of the report's time)."""

    def __init__(self, **options: Any):
        super().__init__(**options)
        self._trees: dict[str, nodes.Template] = {}

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = self._trees.get(source)
        if tree is None:
            tree = self._trees[source] = super()._parse(source, name, filename)
        return tree


def environment() -> SandboxedEnvironment:
    """Sandboxed, autoescaping (values become valid XML), strict about undefined names, every value shielded."""
    return _Environment(autoescape=True, undefined=StrictUndefined, finalize=_shield)


def _shield(value: Any) -> str:
    """A printed value with its braces held apart from the template's own (``_UNSHIELD`` gives them back)."""
    if hasattr(value, "__html__"):
        value = Markup(value.__html__())
    elif not isinstance(value, str):
        value = str(value)
    return value.translate(_SHIELD)


def write_report(path: Path, settings: Settings, period: Period, catalog: Catalog, dataset: Dataset,
                 figures: Figures, template: Path | None = None, today: date | None = None) -> None:
    """Render the month's report into ``path`` (the pipeline passes a temporary file)."""
    notes = Notes()
    context = build_context(settings, period, catalog, dataset, figures, notes, today)
    template = template or settings.templates / context["bao_cao"]["mau"]
    meta = context["bao_cao"]
    properties = {
        "title": f"{meta['trich_yeu']} {context['ky']['thang']}",
        "subject": f"Báo cáo số {meta['so_ky_hieu'].strip()} {meta['ngay']}",
        "author": settings.issuer.full_name,
        "keywords": "Đề án 06; báo cáo tháng",
    }
    render(template, path, context, notes, properties)


def render(template: Path, target: Path, context: dict[str, Any], notes: Notes,
           properties: dict[str, str] | None = None) -> None:
    """Check the template, render it in the sandbox, make footnotes and markers real, save."""
    if not template.is_file():
        raise TemplateProblem(f"Không tìm thấy mẫu báo cáo {template}. Kiểm tra mục [thu_muc] mau "
                              "và khóa mau của mục [bao_cao] trong config.toml.")
    env = environment()
    doc = _Template(str(template))
    trees = _parse(doc, env, template.name)
    _check_names(trees, context, template.name)
    undeclared = set().union(*(find_undeclared_variables(tree) for tree in trees)) - set(context)
    if undeclared:
        names = ", ".join(sorted(undeclared))
        raise TemplateProblem(f"Mẫu báo cáo {template.name} dùng tên không có: {names}. Các tên dùng được: "
                              f"{', '.join(sorted(context))}.")
    try:
        doc.render(context, jinja_env=env)
        leftover = _leftover(doc.docx, _TAG_TEXT)   # the template's own text: the values are shielded
        notes.apply(doc.docx)
    except PlacementError as exc:
        raise TemplateProblem(f"Mẫu báo cáo {template.name}: {exc}") from exc
    except SecurityError as exc:
        raise TemplateProblem(f"Mẫu báo cáo {template.name} có lệnh không được phép ({exc}).") from exc
    except UndefinedError as exc:
        missing = re.search(r"has no attribute '([^']+)'|'([^']+)' is undefined", exc.message or "")
        what = f"«{next(g for g in missing.groups() if g)}»" if missing else f"({exc.message})"
        raise TemplateProblem(f"Mẫu báo cáo {template.name} dùng tên không có: {what}{_where(exc, doc)}.") from exc
    except TemplateError as exc:
        raise TemplateProblem(f"Mẫu báo cáo {template.name} bị lỗi khi điền số liệu ({exc.message})"
                              f"{_where(exc, doc)}.") from exc
    leftover = leftover or _leftover(doc.docx, _TOKEN_TEXT)
    if leftover:
        raise TemplateProblem(f"Mẫu báo cáo {template.name} còn thẻ chưa được thay sau khi điền: «{leftover}». "
                              "Kiểm tra các cặp {{ }} và {% %} ở đoạn này.")
    _unshield(doc.docx)
    fit_rules(doc.docx)
    _set_properties(doc.docx, properties or {})
    doc.save(str(target))


def _where(exc: TemplateError, doc: _Template) -> str:
    """The template text around a rendering error: docxtpl's context, else the template line in the traceback."""
    lines = [s.strip() for s in getattr(exc, "docx_context", []) if s.strip()]
    if not lines and doc.current_rendering_part is doc.docx.part:
        numbers = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", doc.patch_xml(doc.get_xml())).splitlines()
        if numbers and 0 < numbers[-1] <= len(source):
            lines = [html.unescape(_XML_TAG.sub("", source[numbers[-1] - 1])).strip()]
    return f", ở đoạn: «{' … '.join(lines)[:300]}»" if lines else ""


def _parts(doc: _Template) -> Iterator[tuple[str, str]]:
    """The XML docxtpl renders, part by part, one paragraph per line as docxtpl splits it."""
    doc.init_docx()
    yield "nội dung", doc.get_xml()
    for uri, label in ((doc.HEADER_URI, "đầu trang"), (doc.FOOTER_URI, "chân trang")):
        for _, part in doc.get_headers_footers(uri):
            yield label, doc.get_part_xml(part)
    for rel in doc.docx.part.rels.values():
        if rel.reltype == RELATIONSHIP_TYPE.FOOTNOTES and not rel.is_external:
            yield "chú thích", rel.target_part.blob.decode("utf-8")


def _parse(doc: _Template, env: SandboxedEnvironment, name: str) -> list[nodes.Template]:
    trees = []
    for label, xml in _parts(doc):
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", doc.patch_xml(xml))
        try:
            trees.append(env.parse(source))
        except TemplateSyntaxError as exc:
            lines = source.splitlines()
            at = _error_line(exc, lines)
            text = html.unescape(_XML_TAG.sub("", lines[at] if at < len(lines) else "")).strip()
            raise TemplateProblem(f"Mẫu báo cáo {name} sai cú pháp ở phần {label} ({_explain_syntax(exc)}), "
                                  f"ở đoạn: «{text[:300]}».") from exc
    return trees


def _error_line(exc: TemplateSyntaxError, lines: list[str]) -> int:
    """The paragraph to quote: where the error is, or for an unclosed block, where the block opens."""
    unclosed = re.search(r"closed is '(\w+)'", exc.message or "")
    if unclosed:
        opening = re.compile(r"\{%-?\s*" + unclosed.group(1) + r"\b")
        found = [i for i, line in enumerate(lines) if opening.search(line)]
        if found:
            return found[-1]
    return max((exc.lineno or 1) - 1, 0)


def _explain_syntax(exc: TemplateSyntaxError) -> str:
    message = exc.message or ""
    unclosed = re.search(r"closed is '(\w+)'", message)
    if unclosed:
        return f"thẻ {{% {unclosed.group(1)} %}} chưa có thẻ đóng {{% end{unclosed.group(1)} %}}"
    if "Encountered unknown tag" in message:
        return f"thẻ không hợp lệ hoặc thẻ đóng thừa: {message}"
    return f"lỗi cú pháp: {message}"


def _check_names(trees: list[nodes.Template], context: dict[str, Any], name: str) -> None:
    """``so.x``, ``tl.x``, ``ds.x``, ``noi_bat["m"]`` and ``noi_bat["m"].don_vi``: every code must exist."""
    what = {"so": "chỉ tiêu (catalog/indicators.csv)", "tl": "tỷ lệ (catalog/ratios.csv)",
            "ds": "danh sách (catalog/lists.csv)", "noi_bat": "mục báo cáo (catalog/sections.csv)"}
    for tree in trees:
        for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
            base, key = node.node, _key(node)
            if isinstance(base, nodes.Name) and base.name in what and key is not None:
                if isinstance(context.get(base.name), dict) and key not in context[base.name]:
                    raise TemplateProblem(f"Mẫu báo cáo {name} dùng {base.name}.{key} nhưng {what[base.name]} "
                                          f"không có mã \"{key}\".")
            section = base.node if isinstance(base, (nodes.Getattr, nodes.Getitem)) else None
            if isinstance(section, nodes.Name) and section.name == "noi_bat" and isinstance(key, str):
                view = context.get("noi_bat", {}).get(_key(base))
                if view is not None and not hasattr(type(view), key) and not _has_unit(view, key):
                    raise TemplateProblem(f"Mẫu báo cáo {name} dùng noi_bat[...].{key} nhưng danh mục đơn vị "
                                          f"(catalog/units.csv) không có mã \"{key}\".")


def _has_unit(view: Any, code: str) -> bool:
    try:
        view[code]
    except KeyError:
        return False
    return True


def _key(node: nodes.Node) -> str | None:
    if isinstance(node, nodes.Getattr):
        return node.attr
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
        return node.arg.value
    return None


def _texts(document: Document) -> Iterator[etree._Element]:
    yield from document.element.body.iter(qn("w:t"))
    for rel in document.part.rels.values():
        if rel.reltype in (RELATIONSHIP_TYPE.HEADER, RELATIONSHIP_TYPE.FOOTER) and not rel.is_external:
            yield from rel.target_part.element.iter(qn("w:t"))


_TOKEN_TEXT = re.compile(f"[{OPEN}{CLOSE}]")


def _leftover(document: Document, pattern: re.Pattern[str]) -> str:
    for t in _texts(document):
        text = t.text or ""
        if pattern.search(text):
            return text.translate(_UNSHIELD).strip()[:200]
    return ""


def _unshield(document: Document) -> None:
    """The values' braces given back, wherever the render put them: body, headers, footers, footnotes, properties."""
    roots: list[etree._Element] = [document.element.body]
    for rel in document.part.rels.values():
        if rel.reltype in (RELATIONSHIP_TYPE.HEADER, RELATIONSHIP_TYPE.FOOTER) and not rel.is_external:
            roots.append(rel.target_part.element)
        elif rel.reltype == RELATIONSHIP_TYPE.FOOTNOTES and not rel.is_external:
            part = rel.target_part
            if hasattr(part, "_element"):
                roots.append(part._element)
            else:
                part._blob = part.blob.decode("utf-8").translate(_UNSHIELD).encode("utf-8")
    for root in roots:
        for t in root.iter(qn("w:t")):
            if t.text and _SHIELDED.search(t.text):
                t.text = t.text.translate(_UNSHIELD)
    core = document.core_properties
    for name in ("author", "comments", "identifier", "language", "subject", "title"):
        value = getattr(core, name)
        if value and _SHIELDED.search(value):
            setattr(core, name, value.translate(_UNSHIELD))


def text_width(text: str, size_pt: float) -> float:
    """Width of a bold Times New Roman line in twips (rules are drawn under bold lines)."""
    total = 0
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0] if ch not in _BOLD_WIDTHS else ch
        total += _SPACE_WIDTH if ch.isspace() else _BOLD_WIDTHS.get(base, _OTHER_WIDTH)
    return total / 1000 * size_pt * 20


def fit_rules(document: Document) -> None:
    """Size each rule paragraph (style KeNgangNgan/KeNgangDai) to the text of the paragraph above it."""
    body = document.element.body
    for p in body.iter(qn("w:p")):
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        ratio = RULE_STYLES.get(style.get(qn("w:val")) if style is not None else "")
        above = p.getprevious()
        if ratio is None or above is None or above.tag != qn("w:p"):
            continue
        available = _cell_width(p) or _page_text_width(_section_of(p, body))
        text = "".join(t.text or "" for t in above.iter(qn("w:t")))
        length = min(text_width(text, _size(above, document)), available) * ratio
        side = str(max(int((available - length) / 2), 0))
        ind = p.get_or_add_pPr().get_or_add_ind()
        for attr, value in (("w:left", side), ("w:right", side), ("w:firstLine", "0")):
            ind.set(qn(attr), value)


def _section_of(p: etree._Element, body: etree._Element) -> etree._Element | None:
    """The section properties governing a paragraph: those of the first section break at or after it
    (a paragraph's ``w:pPr/w:sectPr`` ends its section), else the document's last section (``w:body/w:sectPr``)."""
    top = p
    while top.getparent() is not None and top.getparent() is not body:
        top = top.getparent()
    for node in (top, *top.itersiblings()):
        sect = node.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") if node.tag == qn("w:p") else None
        if sect is not None:
            return sect
    return body.find(qn("w:sectPr"))


def _page_text_width(sect: etree._Element | None) -> int:
    if sect is None:
        return 9355
    size, margin = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
    return int(size.get(qn("w:w"))) - int(margin.get(qn("w:left"))) - int(margin.get(qn("w:right")))


def _cell_width(p: etree._Element) -> int | None:
    cell = p.getparent()
    if cell is None or cell.tag != qn("w:tc"):
        return None
    width = cell.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
    if width is None or width.get(qn("w:type")) not in (None, "dxa"):
        return None
    return int(width.get(qn("w:w"))) - 2 * DEFAULT_CELL_MARGIN


def _size(p: etree._Element, document: Document) -> float:
    """Font size of a paragraph's first run in points: run, then paragraph style, then 14."""
    sz = p.find(f".//{qn('w:r')}/{qn('w:rPr')}/{qn('w:sz')}")
    if sz is not None:
        return int(sz.get(qn("w:val"))) / 2
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    if style is not None:
        found = document.styles.element.get_by_id(style.get(qn("w:val")))
        size = found.find(f"{qn('w:rPr')}/{qn('w:sz')}") if found is not None else None
        if size is not None:
            return int(size.get(qn("w:val"))) / 2
    return 14.0


def _set_properties(document: Document, properties: dict[str, str]) -> None:
    core = document.core_properties
    for name, value in properties.items():
        setattr(core, name, value)
    if "author" in properties:
        core.last_modified_by = properties["author"]
    now = datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None)
    core.created = core.modified = now
    core.revision = 1
    core.comments = ""
    core.language = "vi-VN"
