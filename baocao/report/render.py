"""Stage 5, render: the report as a Word document, from the template the clerk edits in Word.

Rendering is sandboxed (a template is a file staff edit, not code we trust), escapes every value (unit text with
``&`` or ``<`` must come out as typed), refuses undefined names and any value that would print as Python, and turns
every template mistake into a :class:`TemplateProblem` whose issues quote the paragraph, say where it is and suggest
what was meant. The same check runs alone (``check_template``: ``kiem-tra-mau``, and ``bao-cao`` before reading the
month). Footnotes and missing-data markers are made real after rendering (``footnotes.Notes``); the short rules
under the header lines are fitted to their text. Any kind of report (month, quarter, year) is the same code with its
own template: :func:`template_path`.
"""
from __future__ import annotations

import re
import traceback
import zipfile
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn
from jinja2 import StrictUndefined, nodes
from jinja2.exceptions import SecurityError, TemplateError, TemplateRuntimeError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree
from markupsafe import Markup

from ..catalog import Catalog
from ..codes import emits
from ..config import Settings
from ..figures.compute import Figures, compute
from ..figures.spans import SpanFigures, aggregate_span
from ..model import Dataset, Unprinted
from ..periods import Period, Span
from .checker import GUIDE, HINTS, unprintable
from .context import build_context, template_path
from .docx_text import section_of
from .footnotes import CLOSE, OPEN, Notes, PlacementError
from .issues import TemplateIssue, TemplateProblem, Where, issue
from .saving import save
from .template import DocxFile, Part, parts
from .unprinted import remaining
from .walker import check_part

RULE_STYLES = {"KeNgangNgan": 0.45, "KeNgangDai": 1.0}   # rule length / length of the line above it
DEFAULT_CELL_MARGIN = 108                                  # twips, Word's default left/right cell margin
_TAG_TEXT = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
# Unit text is data, never template: the braces of every value a template prints are held as noncharacters while
# the template's own text is checked for leftover tags, then given back (a highlight typed "100%}" or "{{ 7*7 }}"
# comes out as typed). Noncharacters a value already holds are dropped: nobody types them.
_SHIELD = str.maketrans({"{": "\ufdd0", "}": "\ufdd1", "\ufdd0": None, "\ufdd1": None})
_UNSHIELD = str.maketrans({"\ufdd0": "{", "\ufdd1": "}"})
_SHIELDED = re.compile("[\ufdd0\ufdd1]")
_TOKEN_TEXT = re.compile(f"[{OPEN}{CLOSE}]")
# Advance widths of Times New Roman Bold (= Liberation Serif Bold) in 1/1000 em; accents do not change them.
_BOLD_WIDTHS = dict(
    (pair[0], int(pair[1:])) for pair in (
        "A722 B667 C722 D722 E667 F611 G778 H778 I389 J500 K778 L667 M944 N722 O778 P611 Q778 R722 S556 "
        "T667 U722 V722 W1000 X722 Y722 Z667 a500 b556 c444 d556 e444 f333 g500 h556 i278 j333 k556 l278 "
        "m833 n556 o500 p556 q556 r444 s389 t333 u556 v500 w722 x500 y500 z444 Đ722 đ556 -333 .250 ,250 "
        ":333 ;333 /278 (333 )333 0500 1500 2500 3500 4500 5500 6500 7500 8500 9500").split())
_SPACE_WIDTH, _OTHER_WIDTH = 250, 500


class Unprintable(TemplateRuntimeError):
    """A value that would print as Python (a list, an object, None) instead of text."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def finalize(value: object) -> str:
    """Every ``{{ }}`` goes through here: a value that would print as Python stops the render; any other is text
    with its braces held apart from the template's own (``_unshield`` gives them back)."""
    reason = unprintable(value)
    if reason:
        raise Unprintable(reason)
    if hasattr(value, "__html__"):
        value = Markup(value.__html__())
    elif not isinstance(value, str):
        value = str(value)
    return value.translate(_SHIELD)


_TREES: dict[str, nodes.Template] = {}   # Jinja trees by source: parsed once per process, and inherited by the
#                                         report's worker, forked after bao-cao checked the template


class _Environment(SandboxedEnvironment):
    """Remembers the trees the check parsed, so docxtpl's ``from_string`` of the same XML compiles them without
    parsing again (a quarter of the report's time)."""

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = _TREES.get(source)
        if tree is None:
            tree = _TREES[source] = super()._parse(source, name, filename)
        return tree


def environment() -> SandboxedEnvironment:
    """Sandboxed, autoescaping (values become valid XML), strict about undefined names and about values that
    would print as Python."""
    return _Environment(autoescape=True, undefined=StrictUndefined, finalize=finalize)


@dataclass
class TemplateCheck:
    """What the check found in a template: issues (errors stop the render), and the tags Word had cut in pieces
    that are joined again when it renders."""

    path: Path
    issues: list[TemplateIssue] = field(default_factory=list)
    repaired: list[tuple[Where, str]] = field(default_factory=list)
    doc: DocxFile | None = None
    parts: list[Part] = field(default_factory=list)

    @property
    def errors(self) -> list[TemplateIssue]:
        return [i for i in self.issues if i.is_error]

    @property
    def warnings(self) -> list[TemplateIssue]:
        return [i for i in self.issues if not i.is_error]


@emits("mau-khong-mo-duoc", "mau-theo-doi-thay-doi", "mau-sai-cu-phap")
def check(template: Path, context: dict[str, Any], env: SandboxedEnvironment | None = None) -> TemplateCheck:
    """Open, parse and check a template against the names of ``context``; nothing is rendered."""
    env = env or environment()
    result = TemplateCheck(template)
    try:
        doc = DocxFile(str(template))
        doc.init_docx()
    except (OpcError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, OSError, ValueError) as exc:
        reason = "không có tệp này" if not template.is_file() else f"không đọc được như tệp Word: {type(exc).__name__}"
        result.issues.append(issue("mau-khong-mo-duoc", path=str(template), text=reason))
        return result
    result.doc, result.parts = doc, list(parts(doc))
    for part in result.parts:
        result.repaired += [(part.paragraph(n), tag) for n, tag in part.repaired]
        result.issues += [issue("mau-theo-doi-thay-doi", part.paragraph(n)) for n in part.tracked]
        try:
            tree = env.parse(part.source)
        except TemplateSyntaxError as exc:
            result.issues.append(issue("mau-sai-cu-phap", part.where(_error_line(exc, part.source)),
                                       text=_explain_syntax(exc)))
            continue
        result.issues += check_part(tree, part, context, env)
    return result


def check_template(template: Path, settings: Settings, catalog: Catalog, period: Period | Span) -> TemplateCheck:
    """``kiem-tra-mau``, and ``bao-cao`` before it reads the month: the template against the names the catalog and
    ``config.toml`` give (figures, lists and sections with no data), without any unit's file."""
    if isinstance(period, Span):
        empty = aggregate_span(period, catalog, {}, settings.rule)
        return check(template, build_context(settings, period, catalog, empty.dataset, empty.figures, Notes(),
                                             span=empty))
    dataset = Dataset(period)
    context = build_context(settings, period, catalog, dataset, compute(dataset, catalog), Notes())
    return check(template, context)


def write_report(path: Path, settings: Settings, period: Period | Span, catalog: Catalog, dataset: Dataset,
                 figures: Figures, template: Path | None = None, span: SpanFigures | None = None,
                 review: Path | None = None, drafted: Callable[[tuple[Unprinted, ...]], None] | None = None
                 ) -> tuple[Unprinted, ...]:
    """Render the period's report into ``path`` (the pipeline passes temporary files); a span's with its aggregate
    (``span``), whose dataset and figures are the ones given. ``review``: the review copy too, from the same
    rendering: once the draft is saved (``drafted`` is then told what it lacks), a comment is added on each figure
    saying where it comes from and the document is saved again there. Returns the rows units sent that the
    template printed nowhere (``unprinted.remaining``)."""
    notes = Notes()
    context = build_context(settings, period, catalog, dataset, figures, notes, span)
    meta = context["bao_cao"]
    properties = {
        "title": f"{meta['trich_yeu']} {context['ky']['ten']}",
        "subject": f"Báo cáo số {meta['so_ky_hieu'].strip()} {meta['ngay']}",
        "author": settings.issuer.full_name,
        "keywords": f"Đề án 06; báo cáo {context['ky']['loai']}",
    }
    document = render(template or template_path(settings, period), path, context, notes, properties,
                      review is not None)
    left = remaining(context)
    if review is not None:
        if drafted is not None:
            drafted(left)
        review_copy(document, notes, review, properties)
    return left


@emits("mau-chu-thich-sai-cho", "mau-the-con-sot")
def render(template: Path, target: Path, context: dict[str, Any], notes: Notes,
           properties: dict[str, str] | None = None, review: bool = False) -> Document:
    """Check the template, render it in the sandbox, make footnotes and markers real, save; ``review``: the
    figures' sources kept for ``review_copy``, which the rendered document (returned) becomes afterwards."""
    env = environment()
    result = check(template, context, env)
    if result.errors or result.doc is None:
        raise TemplateProblem(template.name, result.issues)
    doc = result.doc
    try:
        doc.render(context, jinja_env=env)
        leftover = _leftover(doc.docx, _TAG_TEXT)   # the template's own text: the values are shielded
        notes.apply(doc.docx, review=review, bare=doc.bare)
    except PlacementError as exc:
        raise TemplateProblem(template.name, [issue("mau-chu-thich-sai-cho", text=str(exc))]) from exc
    except TemplateError as exc:
        raise TemplateProblem(template.name, [_runtime_issue(exc, doc, result.parts)]) from exc
    leftover = leftover or _leftover(doc.docx, _TOKEN_TEXT)
    if leftover:
        raise TemplateProblem(template.name, [issue("mau-the-con-sot", text=leftover)])
    _finish(doc.docx, dict(properties or {}))
    save(doc.docx, target)   # docxtpl's save adds nothing here: no picture or media replaced
    return doc.docx


def review_copy(document: Document, notes: Notes, target: Path, properties: dict[str, str]) -> None:
    """The rendered and saved draft made the review copy: a comment on each figure saying where it comes from
    (the sources ``render`` kept), its own title; saved into ``target``."""
    notes.comment(document)
    document.core_properties.title = f"{properties.get('title', '')} (bản đối chiếu nguồn số liệu)".strip()
    save(document, target)


def _finish(document: Document, properties: dict[str, str]) -> None:
    """Unit text given back as typed, a last section left empty removed, rules fitted to their lines, the
    document's properties."""
    _unshield(document)
    drop_empty_last_section(document)
    fit_rules(document)
    _set_properties(document, properties)


def drop_empty_last_section(document: Document) -> None:
    """A last section the template's conditions left empty (the appendix switched off) would print a blank
    landscape page: the section before it becomes the last one, with its own page settings."""
    body = document.element.body
    breaks = [p for p in body.iterchildren(qn("w:p")) if p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None]
    final = body.find(qn("w:sectPr"))
    if not breaks or final is None:
        return
    after = [e for e in breaks[-1].itersiblings() if e is not final]
    if any(e.tag == qn("w:tbl") or "".join(t.text or "" for t in e.iter(qn("w:t"))).strip() for e in after):
        return
    for e in after:
        body.remove(e)
    final.getparent().replace(final, breaks[-1].find(f"{qn('w:pPr')}/{qn('w:sectPr')}"))
    if not "".join(t.text or "" for t in breaks[-1].iter(qn("w:t"))).strip():
        body.remove(breaks[-1])


@emits("mau-in-ma-python", "mau-lenh-khong-duoc-phep", "mau-ten-khong-co", "mau-loi-khi-dien")
def _runtime_issue(exc: TemplateError, doc: DocxFile, found: list[Part]) -> TemplateIssue:
    """A rendering error with the paragraph it happened in (the template's line in the traceback)."""
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", doc.rendering_source)
    part = next((p for p in found if p.source == source), None)
    numbers = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
    where = part.where(numbers[-1]) if part is not None and numbers else None
    if isinstance(exc, Unprintable):
        return issue("mau-in-ma-python", where, name="giá trị", what=exc.reason,
                     hint=HINTS[exc.reason].replace("{name}", "tên"))
    if isinstance(exc, SecurityError):
        return issue("mau-lenh-khong-duoc-phep", where, text=str(exc))
    if isinstance(exc, UndefinedError):
        missing = re.search(r"has no attribute '([^']+)'|'([^']+)' is undefined", exc.message or "")
        name = next(g for g in missing.groups() if g) if missing else (exc.message or "")
        return issue("mau-ten-khong-co", where, name, name=name, hint=" " + GUIDE)
    return issue("mau-loi-khi-dien", where, text=exc.message or type(exc).__name__)


def _error_line(exc: TemplateSyntaxError, source: str) -> int:
    """The line to point at: where the error is, or for an unclosed block, where the block opens."""
    unclosed = re.search(r"closed is '(\w+)'", exc.message or "")
    if unclosed:
        opening = re.compile(r"\{%-?\s*" + unclosed.group(1) + r"\b")
        found = [i for i, line in enumerate(source.split("\n")) if opening.search(line)]
        if found:
            return found[-1] + 1
    return exc.lineno or 1


def _explain_syntax(exc: TemplateSyntaxError) -> str:
    message = exc.message or ""
    unclosed = re.search(r"closed is '(\w+)'", message)
    if unclosed:
        return f"thẻ {{% {unclosed.group(1)} %}} chưa có thẻ đóng {{% end{unclosed.group(1)} %}}"
    if "Encountered unknown tag" in message:
        return f"thẻ không hợp lệ hoặc thẻ đóng thừa ({message})"
    return message


def _texts(document: Document) -> Iterator[etree._Element]:
    yield from document.element.body.iter(qn("w:t"))
    for rel in document.part.rels.values():
        if rel.reltype in (RELATIONSHIP_TYPE.HEADER, RELATIONSHIP_TYPE.FOOTER) and not rel.is_external:
            yield from rel.target_part.element.iter(qn("w:t"))


def _leftover(document: Document, pattern: re.Pattern[str]) -> str:
    for t in _texts(document):
        text = t.text or ""
        if pattern.search(text):
            return text.translate(_UNSHIELD).strip()[:200]
    return ""


def unshield(text: str) -> str:
    """A value printed outside a report (the template guide) with its braces given back."""
    return text.translate(_UNSHIELD)


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
    for p, ratio in list(_rule_paragraphs(body)):   # found first: the loop adds to them
        above = p.getprevious()
        if above is None or above.tag != qn("w:p"):
            continue
        available = _cell_width(p) or _page_text_width(section_of(p, body))
        text = "".join(t.text or "" for t in above.iter(qn("w:t")))
        length = min(text_width(text, _size(above, document)), available) * ratio
        side = str(max(int((available - length) / 2), 0))
        ind = p.get_or_add_pPr().get_or_add_ind()
        for attr, value in (("w:left", side), ("w:right", side), ("w:firstLine", "0")):
            ind.set(qn(attr), value)


def _rule_paragraphs(body: etree._Element) -> Iterator[tuple[etree._Element, float]]:
    """Each paragraph whose style (its first ``w:pPr/w:pStyle``) is a rule's, with the rule's ratio: found from the
    paragraph styles, a quarter of the time of asking each of a national report's 26,000 paragraphs for its own."""
    paragraph, properties, style_of, val = qn("w:p"), qn("w:pPr"), f"{qn('w:pPr')}/{qn('w:pStyle')}", qn("w:val")
    for style in body.iter(qn("w:pStyle")):
        ratio = RULE_STYLES.get(style.get(val))
        if ratio is None:
            continue
        p = style.getparent().getparent()
        if style.getparent().tag == properties and p is not None and p.tag == paragraph and p.find(style_of) is style:
            yield p, ratio


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
