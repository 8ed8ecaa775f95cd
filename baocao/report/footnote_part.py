"""The footnotes part of a Word document as Word expects it: the part and its relationship (made if the template has
none), its separator and continuation separator, ``footnotePr`` in settings.xml and the two footnote styles
(``footnotes.Notes`` fills it)."""
from __future__ import annotations

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement, parse_xml
from lxml import etree

FOOTNOTE_TEXT, FOOTNOTE_REFERENCE = "FootnoteText", "FootnoteReference"
SEPARATOR_IDS = ("-1", "0")
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_EMPTY_PART = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>'
)
_AFTER_FOOTNOTE_PR = ("w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
                      "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
                      "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
                      "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags",
                      "w:decimalSymbol", "w:listSeparator")


def footnotes_part(document: Document) -> Part:
    for rel in document.part.rels.values():
        if rel.reltype == RELATIONSHIP_TYPE.FOOTNOTES and not rel.is_external:
            return rel.target_part
    part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, _EMPTY_PART.encode("utf-8"),
                document.part.package)
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    return part


def ensure_separators(notes: etree._Element) -> None:
    """Word refuses a footnotes part without its separator and continuation separator."""
    kinds = {n.get(qn("w:type")) for n in notes.findall(qn("w:footnote"))}
    for number, kind in reversed(list(zip(SEPARATOR_IDS, ("separator", "continuationSeparator")))):
        if kind in kinds:
            continue
        note = OxmlElement("w:footnote")
        note.set(qn("w:type"), kind)
        note.set(qn("w:id"), number)
        p = OxmlElement("w:p")
        spacing = p.get_or_add_pPr().get_or_add_spacing()
        spacing.set(qn("w:after"), "0")
        spacing.set(qn("w:line"), "240")
        spacing.set(qn("w:lineRule"), "auto")
        r = OxmlElement("w:r")
        r.append(OxmlElement(f"w:{kind}"))
        p.append(r)
        note.append(p)
        notes.insert(0, note)


def ensure_styles(document: Document) -> None:
    """A template made without footnotes still gets Word's Footnote Text and Footnote Reference styles."""
    styles = document.styles.element
    if styles.get_by_id(FOOTNOTE_TEXT) is None:
        styles.append(parse_xml(
            f'<w:style {_W} w:type="paragraph" w:styleId="{FOOTNOTE_TEXT}"><w:name w:val="footnote text"/>'
            '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
            '<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/>'
            '<w:jc w:val="both"/></w:pPr><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" '
            'w:cs="Times New Roman"/><w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr></w:style>'))
    if styles.get_by_id(FOOTNOTE_REFERENCE) is None:
        styles.append(parse_xml(
            f'<w:style {_W} w:type="character" w:styleId="{FOOTNOTE_REFERENCE}"><w:name w:val="footnote reference"/>'
            '<w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            '</w:style>'))


def ensure_settings(document: Document) -> None:
    """``footnotePr`` in settings.xml names the separators, as Word writes it."""
    settings = document.settings.element
    if settings.find(qn("w:footnotePr")) is not None:
        return
    pr = OxmlElement("w:footnotePr")
    for number in SEPARATOR_IDS:
        ref = OxmlElement("w:footnote")
        ref.set(qn("w:id"), number)
        pr.append(ref)
    settings.insert_element_before(pr, *_AFTER_FOOTNOTE_PR)
