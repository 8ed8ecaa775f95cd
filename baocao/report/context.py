"""The names a report template can use, built from the computed figures and ``config.toml``.

Every figure reaches the template already formatted the Vietnamese way (``fmt``), or as a
highlighted marker that names the units whose data is missing: never an empty string or 0.
Template-facing names are Vietnamese because staff edit the template in Word:

``co_quan``, ``bao_cao``, ``ky``: config and period (``ky.ten`` names any kind of period: ``tháng 10/2025``,
``quý IV/2025``) · ``so.<chỉ tiêu>``: totals ·
``tl.<tỷ lệ>``: percentages (``.muc_tieu`` the plan's target, ``.dat_muc_tieu`` True/False/None) ·
``ds.<danh sách>``: lists · ``noi_bat["<mục>"]``: highlights (by key, by unit, grouped, or the section's text) ·
``chu_thich(...)``: a real footnote · ``danh_dau("…")``: a highlighted note for the editor ·
``chu_cai(i)``: a) b) c) … · ``bo_dem()``: 1. 2. 3. … ·
``nhiem_vu``: the plans' tasks (``.ke_hoach`` the plans cited, ``.phu_luc`` the appendix rows, ``.cham_tien_do``) ·
``tinh_hinh``: who reported and on time (``report/reporting.py``: ``.phai_gui``, ``.da_gui``, ``.dung_han``,
``.ty_le_gui``, ``.ty_le_dung_han``, ``.theo_loai.xa_phuong`` …, ``.ds_chua_gui``, ``.cac_ky``) ·
``xep_hang.<tỷ lệ>``: communes ranked by a ratio of their own figures (``report/communes.py``), and
``bieu_do(xep_hang.<tỷ lệ>)``: its native Word bar chart.

A highlight a unit tied to a task (column "Nhiệm vụ liên quan") cites the plans assigning it in a footnote and,
when the task is late for that unit, carries ``.cham_tien_do`` (``chậm tiến độ 01 tháng so với yêu cầu hoàn thành
tháng 9/2025``); ``.chinh`` is its text with the footnote, ``.ket`` its final stop. In section III, a unit's overdue
task that no highlight of it names is added as a generated line after its highlights.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..catalog import Catalog
from ..config import Settings
from ..figures.communes import rankings
from ..figures.compute import Figures
from ..figures.spans import SpanFigures
from ..model import Dataset, Number
from ..periods import Period, PeriodRule, Span
from ..text import fmt
from .builder import Builder, sentence_end
from .communes import chart_of, rankings_view
from .footnotes import Notes
from .highlights import TASKS_SECTION, SectionView, overdue_lines
from .lists import ListView
from .numbers import ratio_view, total_view
from .reporting import reporting_view
from .spans import mark_partial, period_extras, span_names
from .tasks import TasksView
from .unprinted import NAME, Leftovers

LETTERS = "a b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()
KINDS = {"thang": "tháng", "quy": "quý", "6-thang": "6 tháng", "9-thang": "9 tháng", "nam": "năm"}  # kind → word
# A span's template, beside the monthly one; nine months use the six months' template unless it has its own.
SPAN_TEMPLATES = {"quy": ("bao_cao_quy.docx",), "6-thang": ("bao_cao_6_thang.docx",),
                  "9-thang": ("bao_cao_9_thang.docx", "bao_cao_6_thang.docx"), "nam": ("bao_cao_nam.docx",)}
_NOTE_IN_BRACKETS = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*;?\s*$")
_WORD_TAG = re.compile(r"<[^>]+>")


class Counter:
    """``{% set n = bo_dem() %}`` … ``{{ n.tiep() }}``: headings numbered 1, 2, 3 … whatever is skipped."""

    hien_tai: int

    def __init__(self) -> None:
        self.hien_tai = 0

    def tiep(self) -> int:
        self.hien_tai += 1
        return self.hien_tai


def letter(index: int) -> str:
    """``a``, ``b``, … ``đ``, ``e``, ``ê`` …: the Vietnamese sub-item letters (ND30 ``a)``)."""
    return LETTERS[index] if 0 <= index < len(LETTERS) else f"{LETTERS[-1]}{index - len(LETTERS) + 2}"


def _footnote_text(content: object) -> str:
    """Text of ``chu_thich(...)``: a string, a figure or list, or a ``{% set %}`` block (Word XML, escaped)."""
    if isinstance(content, Markup):
        paragraphs = re.sub(r"</w:p>\s*", "\n", str(content))
        text = Markup(_WORD_TAG.sub("", paragraphs)).unescape()
    else:
        text = str(content)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _increment(code: str, catalog: Catalog, figures: Figures) -> tuple[Number, Number] | None:
    """(this period's cumulative, last period's) for a figure the history turned into the period's growth."""
    of = catalog.indicators[code].increment_of
    if of not in figures.increments:
        return None
    now = figures.totals[of].value
    return (now, figures.previous[of]) if now is not None else None


def _recipient(line: object) -> dict[str, str]:
    text = str(line).strip().lstrip("-").strip().rstrip(";").strip()
    m = _NOTE_IN_BRACKETS.match(text)
    return {"ten": m.group(1), "ghi_chu": m.group(2)} if m else {"ten": text, "ghi_chu": ""}


BLANK = "\u00a0" * 6    # room left in a draft for the văn thư to write the number and the day


def header(settings: Settings, period: Period | Span) -> dict[str, Any]:
    """``bao_cao``: the header, signature and distribution of ``[bao_cao]`` (a ConfigError if it is unusable), the
    number and the dates already formatted. The number and the day are blank unless given for this very period
    (``[bao_cao.theo_ky."10/2025"]`` or the command line): the văn thư gives them when the report is issued."""
    report = settings.report
    issued = settings.issue(period).issued
    end = period.last_day(settings.rule)
    when = fmt.header_date(issued) if issued else f"ngày {BLANK} {fmt.header_month(end.month, end.year)}"
    return {
        "so_ky_hieu": settings.document_number(period, blank=BLANK),
        "ngay": when,
        "ngay_ban_hanh": issued,
        "dia_danh_ngay": f"{settings.issuer.place}, {when}",
        "trich_yeu": report.subject,
        "de_an": report.scheme,
        "kinh_gui": report.addressee,
        "quyen_han": report.authority,
        "chuc_vu": report.position,
        "nguoi_ky": report.signer,
        "noi_nhan": [_recipient(line) for line in report.recipients],
        "luu": report.filed,
        "mau": report.template,
    }


def kind_of(period: Period | Span) -> str:
    """``thang``, ``quy``, ``6-thang``, ``9-thang`` or ``nam``: which report a period is for (and its template)."""
    return "thang" if isinstance(period, Period) else period.kind


def template_path(settings: Settings, period: Period | Span) -> Path:
    """The template of a period's report: ``[bao_cao] mau`` for a month; beside it ``bao_cao_quy.docx``,
    ``bao_cao_6_thang.docx`` (also nine months, unless ``bao_cao_9_thang.docx`` exists), ``bao_cao_nam.docx``."""
    if isinstance(period, Period):
        return settings.templates / settings.report.template
    names = SPAN_TEMPLATES[period.kind]
    return next((settings.templates / n for n in names if (settings.templates / n).is_file()),
                settings.templates / names[0])


def period_names(period: Period | Span, rule: PeriodRule) -> dict[str, str]:
    """``ky``: the period as the report writes it. ``ten`` (``tháng 10/2025``, ``quý IV năm 2025``), ``loai``
    (``tháng``, ``quý`` …) and the dates exist for every kind of report; a month also has ``thang`` (``tháng
    10/2025``), ``thang_nam`` (``10/2025``) and ``dau_thang``; a span has the names of ``spans.period_extras``."""
    months = (period,) if isinstance(period, Period) else period.months
    names = {"ten": f"tháng {period.label}" if isinstance(period, Period) else period.name,
             "loai": KINDS[kind_of(period)], "kieu": kind_of(period),
             "tu_ngay": fmt.short_date(period.first_day(rule)), "den_ngay": fmt.short_date(period.last_day(rule)),
             "nam": str(months[-1].year)}
    if isinstance(period, Period):
        names |= {"thang": names["ten"], "thang_nam": period.label, "dau_thang": f"đầu tháng {period.label}"}
    return names


def build_context(settings: Settings, period: Period | Span, catalog: Catalog, dataset: Dataset, figures: Figures,
                  notes: Notes, span: SpanFigures | None = None) -> dict[str, Any]:
    """Everything the template may use; names are what staff type in ``{{ }}``. A span's report (``span``: its
    aggregate, whose ``dataset`` and ``figures`` are the ones given) has the same names and those of ``spans``."""
    b = Builder(catalog, dataset, notes, figures.overdue, settings.issuer.place, figures.doubts)
    if span is not None:
        b.months = span.highlight_months
    context = _names(settings, period, catalog, figures, notes, b)
    if span is not None:
        context["ky"] |= period_extras(span, b)
        mark_partial(span, b, context)
        context |= span_names(span, b, context)
    return context


def _names(settings: Settings, period: Period | Span, catalog: Catalog, figures: Figures, notes: Notes,
           b: Builder) -> dict[str, Any]:
    issuer = settings.issuer
    bao_cao = header(settings, period)

    def chu_thich(noi_dung: object, dam: str = "") -> Markup:
        text = _footnote_text(noi_dung)
        return notes.footnote(sentence_end(text), dam) if text else Markup("")

    def danh_dau(noi_dung: object) -> Markup:
        return notes.marker(f"[{noi_dung}]")

    def bieu_do(bang: object) -> Markup:
        return chart_of(bang, b)

    names = {
        "co_quan": {"chu_quan": issuer.parent, "ban_hanh": issuer.name, "ten_day_du": issuer.full_name,
                    "ky_hieu": issuer.abbreviation, "dia_danh": issuer.place},
        "bao_cao": bao_cao,
        "ky": period_names(period, settings.rule),
        "so": {code: total_view(t, catalog.indicators[code], b, _increment(code, catalog, figures))
               for code, t in figures.totals.items()},
        "tl": {code: ratio_view(r, b) for code, r in figures.ratios.items()},
        "ds": {code: ListView(r, catalog.lists[code], b) for code, r in figures.lists.items()},
        "noi_bat": {code: SectionView(code, figures.highlights.get(code, []), b,
                                      overdue_lines(figures, b) if code == TASKS_SECTION else [])
                    for code in catalog.sections},
        "nhiem_vu": TasksView(figures.tasks, b, appendix=settings.report.appendix),
        "tinh_hinh": reporting_view(figures.reporting, b),
        "xep_hang": rankings_view(rankings(catalog, b.dataset), b),
        "chu_thich": chu_thich,
        "danh_dau": danh_dau,
        "bieu_do": bieu_do,
        "chu_cai": letter,
        "bo_dem": Counter,
    }
    names[NAME] = Leftovers(names, b)
    return names
