"""The names a report template can use, built from the computed figures and ``config.toml``.

Every figure reaches the template already formatted the Vietnamese way (``fmt``), or as a
highlighted marker that names the units whose data is missing: never an empty string or 0.
Template-facing names are Vietnamese because staff edit the template in Word:

``co_quan``, ``bao_cao``, ``ky``: config and period · ``so.<chỉ tiêu>``: totals ·
``tl.<tỷ lệ>``: percentages (``.muc_tieu`` the plan's target, ``.dat_muc_tieu`` True/False/None) ·
``ds.<danh sách>``: lists · ``noi_bat["<mục>"]``: highlights ·
``chu_thich(...)``: a real footnote · ``danh_dau("…")``: a highlighted note for the editor ·
``chu_cai(i)``: a) b) c) … · ``bo_dem()``: 1. 2. 3. … ·
``nhiem_vu``: the plans' tasks (``.ke_hoach`` the plans cited, ``.phu_luc`` the appendix rows, ``.cham_tien_do``).

A highlight a unit tied to a task (column "Nhiệm vụ liên quan") cites the plans assigning it in a footnote and,
when the task is late for that unit, carries ``.cham_tien_do`` (``chậm tiến độ 01 tháng so với yêu cầu hoàn thành
tháng 9/2025``); ``.chinh`` is its text with the footnote, ``.ket`` its final stop. In section III, a unit's overdue
task that no highlight of it names is added as a generated line after its highlights.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from ..text import fmt
from ..catalog.load import Catalog, Indicator, ListDef
from ..text.cells import decimals_of
from ..figures.compute import Figures, ListResult, RatioResult, TaskResult, Total
from ..config import ConfigError, Settings
from .footnotes import Notes, clean
from ..intake.layout import STATUS_LABELS
from ..model import Dataset, Document, Highlight, ListItem, Number, Value
from ..periods import Period
from ..catalog.tasks import OverdueTask, Plan, TaskKey

NAMES_SHOWN = 5
TASKS_SECTION = "III"          # the report section listing each unit's tasks; overdue tasks are added there
LETTERS = "a b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()
_TRAILING_PUNCTUATION = re.compile(r"[\s.;:,!?…]*$")
_NOTE_IN_BRACKETS = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*;?\s*$")
_WORD_TAG = re.compile(r"<[^>]+>")


class Builder:
    """Shared state of one render: the catalog for unit names and the notes for markers/footnotes."""

    def __init__(self, catalog: Catalog, dataset: Dataset, notes: Notes,
                 overdue: dict[tuple[str, TaskKey], OverdueTask] | None = None, place: str = ""):
        self.catalog = catalog
        self.dataset = dataset
        self.notes = notes
        self.overdue = overdue or {}
        self.place = place
        self.order = {code: i for i, code in enumerate(catalog.units)}
        self.values: dict[str, list[Value]] = defaultdict(list)
        for v in sorted(dataset.values, key=lambda v: self.order.get(v.unit, len(self.order))):
            self.values[v.indicator].append(v)

    def names(self, units: object) -> str:
        codes = sorted(set(units), key=lambda c: self.order.get(c, len(self.order)))
        shown = [self.catalog.units[c].short_name if c in self.catalog.units else c for c in codes[:NAMES_SHOWN]]
        rest = len(codes) - NAMES_SHOWN
        return ", ".join(shown) + (f" và {rest} đơn vị khác" if rest > 0 else "")

    def missing(self, units: object, what: str = "thiếu số liệu") -> Markup:
        named = self.names(units)
        return self.notes.marker(f"[{what}: {named}]" if named else f"[{what}]")

    def absent(self, unit: str) -> bool:
        return unit not in self.dataset.accepted_files

    def issuer(self, plan: Plan) -> str:
        """``UBND tỉnh`` for the province's own ``UBND tỉnh Khánh Hòa``, as the report cites it."""
        suffix = f" {self.place}" if self.place else ""
        return plan.issuer[: -len(suffix)] if suffix and plan.issuer.endswith(suffix) else plan.issuer

    def plans_cited(self, plans: list[Plan], numbers: list[str] | None = None) -> str:
        """``[Nhiệm vụ số 63.8 ]Kế hoạch số 3433/KH-UBND ngày 26/3/2025 và … của UBND tỉnh``: the issuer once
        when every document has the same one."""
        issuers = {self.issuer(p) for p in plans}
        parts = [(f"Nhiệm vụ số {numbers[i]} " if numbers else "") + p.reference
                 + ("" if len(issuers) == 1 else f" của {self.issuer(p)}") for i, p in enumerate(plans)]
        return " và ".join(parts) + (f" của {issuers.pop()}" if len(issuers) == 1 else "")

    def citation(self, key: TaskKey) -> str:
        """The footnote of a task: where it was assigned, every plan that assigns it."""
        group = self.catalog.tasks.group(key)
        return "Được giao tại " + self.plans_cited([self.catalog.tasks.plans[t.plan] for t in group],
                                                   [t.number for t in group]) + "."

    def lateness(self, unit: str, key: TaskKey | None) -> Lateness | None:
        found = self.overdue.get((unit, key)) if key else None
        return Lateness(found) if found else None


class Lateness:
    """How late a task is at the period end: ``chậm tiến độ 01 tháng so với yêu cầu hoàn thành tháng 9/2025``."""

    def __init__(self, overdue: OverdueTask):
        part = overdue.part
        before = bool(part and re.search(r"\b(?:trước|từ) ngày", part.text.lower()))
        self.so_thang = fmt.count(overdue.months_late)
        self.muc = f"{'hoàn thành chậm' if overdue.completed_late else 'chậm tiến độ'} {self.so_thang} tháng"
        self.han = fmt.deadline(part.kind if part else "ngay", overdue.due, before)
        self.hoan_thanh = overdue.completed_late

    def __str__(self) -> str:
        return f"{self.muc} so với yêu cầu hoàn thành {self.han}"


class Figure:
    """A figure as printed (``2.009.345``, ``81,48%``) or the marker shown instead of it."""

    def __init__(self, value: Number | Decimal | None, shown: str, missing: tuple[str, ...] = (),
                 builder: Builder | None = None, per_unit: Callable[[], list[UnitValue]] | None = None,
                 target: tuple[str, bool | None] = ("", None)):
        self.gia_tri = value
        self.shown = shown
        self.missing = missing
        self._builder = builder
        self._per_unit = per_unit
        self.muc_tieu, self.dat_muc_tieu = target

    @property
    def theo_don_vi(self) -> list[UnitValue]:
        """The value each unit gave, in units.csv order (``Sở Tư pháp (06 thủ tục)``); built only when a
        template asks, since a national total has thousands of them."""
        return self._per_unit() if self._per_unit else []

    def __str__(self) -> str:
        return self.shown

    def __add__(self, other: Figure) -> Figure:
        """``ds.a.count + ds.b.count``: the sum, or a marker naming every unit missing from either."""
        if not isinstance(other, Figure):
            return NotImplemented
        missing = self.missing + other.missing
        if self.gia_tri is None or other.gia_tri is None or missing:
            assert self._builder is not None
            return Figure(None, self._builder.missing(missing), missing, self._builder)
        total = self.gia_tri + other.gia_tri
        return Figure(total, fmt.figure(total), (), self._builder)


class UnitValue:
    """One unit's own value of a summed indicator, for footnotes that break a total down by unit."""

    def __init__(self, name: str, value: Figure, unit_of_measure: str):
        self.don_vi = name
        self.so = value
        self._measure = unit_of_measure

    def __str__(self) -> str:
        return f"{self.don_vi} ({self.so} {self._measure})".replace(" )", ")")


def _total(total: Total, indicator: Indicator, b: Builder) -> Figure:
    def units() -> list[UnitValue]:
        return [UnitValue(b.catalog.units[v.unit].name, Figure(v.value, fmt.figure(v.value)), indicator.unit_of_measure)
                for v in b.values.get(total.indicator, [])]

    if not total.complete:
        missing = _missing_units(total, b)
        return Figure(None, b.missing(missing), missing, b, units)
    assert total.value is not None
    if indicator.value_type == "ty-le":
        shown = fmt.percent(total.value, decimals_of(float(total.value)))
    else:
        shown = fmt.figure(total.value)
    return Figure(total.value, shown, (), b, units)


def _ratio(result: RatioResult, b: Builder) -> Figure:
    num, den = result.numerator, result.denominator
    if num.complete and den.complete and result.percent is not None:
        return Figure(result.percent, result.text, (), b, target=(result.ratio.target_text, result.target_met))
    missing = tuple(dict.fromkeys(_missing_units(num, b) + _missing_units(den, b)))
    if missing:
        return Figure(None, b.missing(missing), missing, b)
    return Figure(None, b.notes.marker(f"[không tính được tỷ lệ: {b.names(den.units)} báo tổng số bằng 0]"), (), b)


def _missing_units(total: Total, b: Builder) -> tuple[str, ...]:
    if total.complete:
        return ()
    return total.missing or tuple(sorted(b.catalog.expand(b.catalog.indicators[total.indicator].reporters)
                                         - set(total.units)))


def _clause(text: str) -> str:
    """An entry of a spelled-out list: without the final ``;``/``,``/``.`` the join adds back."""
    text = clean(text).strip().rstrip(";,").rstrip()
    return text[:-1] if text.endswith(".") and not text.endswith("...") else text


def _sentence_end(text: str) -> str:
    """House rule for list and footnote endings: a full stop, not ``;`` or nothing."""
    text = text.rstrip().rstrip(";,:").rstrip()
    return text if not text or text.endswith((".", "…", "!", "?")) else text + "."


class DocumentView:
    """A document of a ``van-ban`` list: ``Quyết định số 1211/QĐ-UBND ngày 16/9/2025 thành lập …``."""

    def __init__(self, doc: Document, unit_name: str):
        self.doc_type = clean(doc.doc_type)
        self.number = clean(doc.number)
        self.date = fmt.short_date(doc.issued) if doc.issued else ""
        self.subject = _clause(doc.subject)
        self.don_vi = unit_name

    def __str__(self) -> str:
        when = f" ngày {self.date}" if self.date else ""
        return f"{self.doc_type} số {self.number}{when} {self.subject}".strip()


class ItemView:
    """An item of a ``danh-sach`` list, with its quantity when the list has one (``… (02 kiosk)``)."""

    def __init__(self, item: ListItem, unit_name: str, measure: str):
        self.text = _clause(item.text)
        self.quantity = fmt.figure(item.quantity) if item.quantity is not None else ""
        self.note = clean(item.note)
        self.don_vi = unit_name
        self._measure = measure

    def __str__(self) -> str:
        if self.quantity and self._measure:
            return f"{self.text} ({self.quantity} {self._measure})"
        return self.text


class ListView:
    """``ds.<code>``: printed as the numbered list of the footnotes; ``.count`` for the running text."""

    def __init__(self, result: ListResult, definition: ListDef, b: Builder):
        self._b = b
        self.ten = definition.item_noun
        measure = ""
        if definition.quantity_indicator:
            measure = b.catalog.indicators[definition.quantity_indicator].unit_of_measure
        measure = measure or definition.quantity_name
        unit_name = {code: unit.name for code, unit in b.catalog.units.items()}
        docs = sorted(result.documents, key=lambda d: b.order.get(d.unit, 0))
        items = sorted(result.items, key=lambda i: b.order.get(i.unit, 0))
        self._entries: list[DocumentView | ItemView] = (
            [DocumentView(d, unit_name.get(d.unit, d.unit)) for d in docs]
            + [ItemView(i, unit_name.get(i.unit, i.unit), measure) for i in items])
        self.missing = result.missing
        n = len(self._entries)
        self.count = Figure(n, fmt.figure(n), (), b) if not self.missing else \
            Figure(None, b.missing(self.missing), self.missing, b)

    def __iter__(self) -> Iterator[DocumentView | ItemView]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return self._entries[index]
        if -len(self._entries) <= index < len(self._entries):
            return self._entries[index]
        return Figure(None, self._b.missing(self.missing or (), "thiếu mục trong danh sách"), self.missing, self._b)

    def liet_ke(self, kieu: str = "so") -> str:
        """Spell the list out: ``so`` ``(1) a; (2) b.``, ``phay`` ``a, b.``, ``cham_phay`` ``a; b.``,
        ``va`` ``a, b và c.``; a single entry is written without ``(1)``."""
        texts = [str(e) for e in self._entries]
        if kieu == "phay":
            body = ", ".join(texts)
        elif kieu == "cham_phay" or len(texts) == 1:
            body = "; ".join(texts)
        elif kieu == "va":
            body = ", ".join(texts[:-1]) + " và " + texts[-1] if len(texts) > 1 else "".join(texts)
        else:
            body = "; ".join(f"({i}) {t}" for i, t in enumerate(texts, start=1))
        text = _sentence_end(body) if body else ""
        if self.missing:
            text = f"{text} {self._b.missing(self.missing)}".strip()
        return text

    def __str__(self) -> str:
        return self.liet_ke()


class HighlightView:
    """A unit's highlight; printing it places its footnote at ``[*]`` (or before the final stop), and the
    lateness of the task it is about before the final stop."""

    def __init__(self, highlight: Highlight, b: Builder):
        self._b = b
        unit = b.catalog.units.get(highlight.unit)
        self.don_vi = unit.name if unit else highlight.unit
        self.don_vi_ngan = unit.short_name if unit else highlight.unit
        self.unit = highlight.unit
        self.chu_thich = clean(highlight.footnote).strip()
        self._raw = clean(highlight.text).strip()
        self.used = False
        self.cham_tien_do = b.lateness(highlight.unit, highlight.task)
        own = _sentence_end(self.chu_thich) if self.chu_thich else ""
        self._note = "\n".join(n for n in (b.citation(highlight.task) if highlight.task else "", own) if n)
        self._text: str | None = None

    @property
    def noi_dung(self) -> str:
        """The text alone, without its footnote (for use inside another footnote)."""
        self.used = True
        return self._raw.replace("[*]", "").strip()

    def _with_note(self) -> str:
        """The text with its footnote token, made once (the footnote is registered once)."""
        if self._text is None:
            text = self.noi_dung
            if not self._note:
                self._text = text
            else:
                token = str(self._b.notes.footnote(self._note))
                if "[*]" in self._raw:
                    before, after = self._raw.split("[*]", 1)
                    self._text = before.rstrip() + token + after.replace("[*]", "")
                else:
                    cut = _TRAILING_PUNCTUATION.search(text).start()
                    self._text = text[:cut] + token + text[cut:]
        return self._text

    @property
    def chinh(self) -> str:
        """The text with its footnote, without the lateness and the final stop."""
        text = self._with_note()
        return text[:_TRAILING_PUNCTUATION.search(text).start()]

    @property
    def ket(self) -> str:
        """The final stop as typed (``.``), or nothing."""
        text = self._with_note()
        return text[_TRAILING_PUNCTUATION.search(text).start():]

    @property
    def menh_de(self) -> str:
        """As a clause inside a template sentence: with its footnote and lateness, without the final stop."""
        return self.chinh + (f" ({self.cham_tien_do})" if self.cham_tien_do else "")

    def __str__(self) -> str:
        return self.menh_de + self.ket


class OverdueLine:
    """Section III's line for a unit's overdue task that none of its highlights names:
    ``Khẩn trương hoàn thành nhiệm vụ “…”¹ (chậm tiến độ 02 tháng so với yêu cầu hoàn thành quý II/2025).``"""

    def __init__(self, unit: str, overdue: OverdueTask, b: Builder):
        self._b = b
        known = b.catalog.units.get(unit)
        self.don_vi = known.name if known else unit
        self.don_vi_ngan = known.short_name if known else unit
        self.unit = unit
        self.used = False
        task = overdue.assigned or overdue.task
        self.noi_dung = f"Khẩn trương hoàn thành nhiệm vụ “{_clause(task.text)}”"
        self.chu_thich = b.citation(overdue.task.key)
        self.cham_tien_do = Lateness(overdue)
        self.ket = "."
        self._chinh: str | None = None

    @property
    def chinh(self) -> str:
        self.used = True
        if self._chinh is None:
            self._chinh = self.noi_dung + str(self._b.notes.footnote(self.chu_thich))
        return self._chinh

    @property
    def menh_de(self) -> str:
        return f"{self.chinh} ({self.cham_tien_do})"

    def __str__(self) -> str:
        return self.menh_de + self.ket


class MissingHighlight:
    """Stands for a highlight the template expects from a unit that did not send it."""

    def __init__(self, marker: Markup):
        self.noi_dung = self.menh_de = self.chinh = self._marker = marker
        self.chu_thich = self.ket = ""
        self.cham_tien_do = None
        self.used = True

    def __str__(self) -> str:
        return str(self._marker)


class UnitHighlights:
    """``noi_bat["III"].so_y_te``: one unit's highlights; a missing one prints as a marker."""

    def __init__(self, unit: str, section: str, views: list[HighlightView | OverdueLine], b: Builder):
        self._unit, self._section, self._views, self._b = unit, section, views, b

    def __iter__(self) -> Iterator[HighlightView | OverdueLine]:
        return iter(self._views)

    def __len__(self) -> int:
        return len(self._views)

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return UnitHighlights(self._unit, self._section, self._views[index], self._b)
        if -len(self._views) <= index < len(self._views):
            return self._views[index]
        if self._b.absent(self._unit):
            return MissingHighlight(self._b.missing([self._unit]))
        return MissingHighlight(self._b.missing([self._unit], f"thiếu nội dung mục {self._section}"))

    @property
    def chua_bao_cao(self) -> Markup:
        """A marker when the unit sent no report this period (so its tasks are missing), else empty."""
        return self._b.missing([self._unit]) if self._b.absent(self._unit) else Markup("")


class UnitGroup:
    def __init__(self, unit: str, views: list[HighlightView | OverdueLine], b: Builder):
        self.don_vi = b.catalog.units[unit].name if unit in b.catalog.units else unit
        self.noi_bat = views


class SectionView:
    """``noi_bat["I.1.a"]``: every highlight of a section (units.csv order), or one unit's by code."""

    def __init__(self, code: str, highlights: list[Highlight], b: Builder, extra: list[OverdueLine] = ()):
        self._code, self._b = code, b
        views: list[HighlightView | OverdueLine] = [HighlightView(h, b) for h in highlights] + list(extra)
        self._views = sorted(views, key=lambda v: b.order.get(v.unit, len(b.order)))   # stable: lines last

    def __iter__(self) -> Iterator[HighlightView | OverdueLine]:
        return iter(self._views)

    def __len__(self) -> int:
        return len(self._views)

    def __getitem__(self, key: int | slice | str) -> Any:
        if isinstance(key, str):
            if key not in self._b.catalog.units:
                raise KeyError(key)
            return UnitHighlights(key, self._code, [v for v in self._views if v.unit == key], self._b)
        return self._views[key]

    def __getattr__(self, name: str) -> UnitHighlights:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError as exc:
            raise AttributeError(name) from exc

    @property
    def con_lai(self) -> list[HighlightView | OverdueLine]:
        """Highlights not printed yet: the safety net after highlights addressed one by one."""
        return [v for v in self._views if not v.used]

    @property
    def don_vi_con_lai(self) -> list[UnitGroup]:
        groups: dict[str, list[HighlightView | OverdueLine]] = {}
        for v in self.con_lai:
            groups.setdefault(v.unit, []).append(v)
        return [UnitGroup(unit, views, self._b) for unit, views in groups.items()]


class TaskRow:
    """A row of the appendix table. A cell of several lines holds them as paragraphs (docxtpl turns the
    ``\\a`` between them into a new paragraph with the same formatting); ``nhom``: a parent task or plan heading."""

    def __init__(self, so: str, noi_dung: str, chu_tri: str = "", thoi_han: tuple[str, ...] = (),
                 tinh_trang: tuple[str, ...] = (), ghi_chu: tuple[str, ...] = (), nhom: bool = False):
        self.so, self.noi_dung, self.chu_tri, self.nhom = so, noi_dung, chu_tri, nhom
        self.thoi_han, self.tinh_trang, self.ghi_chu = ("\a".join(x) for x in (thoi_han, tinh_trang, ghi_chu))


class TasksView:
    """``nhiem_vu``: the plans' tasks, for section III and the appendix."""

    def __init__(self, results: list[TaskResult], b: Builder):
        self._b = b
        tasks = b.catalog.tasks
        plans = [tasks.plans[code] for code in dict.fromkeys(r.task.plan for r in results)]
        self.ke_hoach = b.plans_cited(plans) if plans else ""
        self.so_nhiem_vu = fmt.count(sum(1 for r in results if not r.parent))
        late = [(unit, o) for r in results for unit, o in r.late if not o.completed_late]
        self.cham_tien_do = [f"{b.names([unit])}: nhiệm vụ {o.task.number} {Lateness(o)}" for unit, o in late]
        self.phu_luc: list[TaskRow] = []
        plan = None
        for r in results:
            if len(plans) > 1 and r.task.plan != plan:
                self.phu_luc.append(TaskRow("", b.plans_cited([tasks.plans[r.task.plan]]), nhom=True))
            plan = r.task.plan
            self.phu_luc.append(self._row(r))

    def _row(self, r: TaskResult) -> TaskRow:
        tasks = self._b.catalog.tasks
        group = tasks.group(r.task.key)
        lead = "; ".join(dict.fromkeys(t.lead_text.strip().rstrip(".") for t in group if t.lead_text.strip()))
        deadline = tasks.deadline_lines(r.task.key)
        if r.parent:
            return TaskRow(r.task.number, _clause(r.task.text), lead, tuple(deadline), nhom=True)
        return TaskRow(r.task.number, _clause(r.task.text), lead, tuple(deadline), tuple(self._status(r)),
                       tuple(self._remarks(r)))

    def _status(self, r: TaskResult) -> list[str]:
        def label(report) -> str:
            done = report.status.completed_on
            return STATUS_LABELS[report.status.status] + (f" ngày {fmt.short_date(done)}" if done else "")

        if not r.reports:
            return ["Chưa báo cáo"]
        if len(r.leads) == 1 or (not r.unreported and len({label(x) for x in r.reports}) == 1):
            return [label(r.reports[0])]
        counts: dict[str, int] = {}
        for report in r.reports:
            counts[STATUS_LABELS[report.status.status]] = counts.get(STATUS_LABELS[report.status.status], 0) + 1
        if r.unreported:
            counts["Chưa báo cáo"] = len(r.unreported)
        return [f"{name}: {fmt.count(n)} đơn vị" for name, n in counts.items()]

    def _remarks(self, r: TaskResult) -> list[str]:
        b = self._b
        single = len(r.leads) == 1
        by_lateness: dict[str, list[str]] = {}
        for unit, overdue in r.late:
            by_lateness.setdefault(str(Lateness(overdue)), []).append(unit)
        lines = [(text[0].upper() + text[1:]) if single else f"{text[0].upper() + text[1:]}: {b.names(units)}"
                 for text, units in by_lateness.items()]
        for report in r.reports:
            note = clean(report.note).strip()
            if note:
                lines.append(_sentence_end(note) if single else f"{b.names([report.unit])}: {_sentence_end(note)}")
        return lines


class Counter:
    """``{% set n = bo_dem() %}`` … ``{{ n.tiep() }}``: headings numbered 1, 2, 3 … whatever is skipped."""

    def __init__(self) -> None:
        self.hien_tai = 0

    def tiep(self) -> int:
        self.hien_tai += 1
        return self.hien_tai


def letter(index: int) -> str:
    """``a``, ``b``, … ``đ``, ``e``, ``ê`` …: the Vietnamese sub-item letters (ND30 ``a)``)."""
    return LETTERS[index] if 0 <= index < len(LETTERS) else f"{LETTERS[-1]}{index - len(LETTERS) + 2}"


def _overdue_lines(figures: Figures, b: Builder) -> list[OverdueLine]:
    """Open overdue tasks that no section III highlight of the late unit already names. Only tasks a plan assigns
    to the unit by name: a task of a whole group ("Các sở, ngành, địa phương") late for many units is reported in
    the appendix, which names them, not as one line per unit."""
    named = {(h.unit, h.task) for h in figures.highlights.get(TASKS_SECTION, []) if h.task}
    tasks = b.catalog.tasks
    return [OverdueLine(unit, o, b) for (unit, key), o in figures.overdue.items()
            if not o.completed_late and (unit, key) not in named
            and any(unit in t.lead_units for t in tasks.group(key))]


def _footnote_text(content: object) -> str:
    """Text of ``chu_thich(...)``: a string, a figure or list, or a ``{% set %}`` block (Word XML, escaped)."""
    if isinstance(content, Markup):
        paragraphs = re.sub(r"</w:p>\s*", "\n", str(content))
        text = Markup(_WORD_TAG.sub("", paragraphs)).unescape()
    else:
        text = str(content)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _recipient(line: object) -> dict[str, str]:
    text = str(line).strip().lstrip("-").strip().rstrip(";").strip()
    m = _NOTE_IN_BRACKETS.match(text)
    return {"ten": m.group(1), "ghi_chu": m.group(2)} if m else {"ten": text, "ghi_chu": ""}


def report_settings(settings: Settings, today: date | None = None) -> dict[str, Any]:
    """``[bao_cao]`` of config.toml, checked, with the header line values already formatted."""
    raw = settings.raw.get("bao_cao")
    if not isinstance(raw, dict):
        raise ConfigError("config.toml: thiếu mục [bao_cao] (số, ngày, người ký, nơi nhận của báo cáo).")
    need = ("trich_yeu", "de_an", "kinh_gui", "quyen_han", "chuc_vu", "nguoi_ky", "noi_nhan", "luu")
    absent = [k for k in need if k not in raw]
    if absent:
        raise ConfigError(f"config.toml, mục [bao_cao]: thiếu khóa {', '.join(absent)}.")
    number = raw.get("so", "")
    if isinstance(number, int):
        number = fmt.count(number)
    issued = raw.get("ngay_ban_hanh") or today or date.today()
    if not isinstance(issued, date):
        raise ConfigError("config.toml, mục [bao_cao]: ngay_ban_hanh phải ghi dạng năm-tháng-ngày, ví dụ 2025-10-22.")
    kind = str(raw.get("ky_hieu_loai", "BC"))
    number_text = str(number).strip() or "\u00a0" * 6
    return {
        "so_ky_hieu": f"{number_text}/{kind}-{settings.issuer.abbreviation}",
        "ngay": fmt.header_date(issued),
        "ngay_ban_hanh": issued,
        "dia_danh_ngay": f"{settings.issuer.place}, {fmt.header_date(issued)}",
        "trich_yeu": str(raw["trich_yeu"]),
        "de_an": str(raw["de_an"]),
        "kinh_gui": str(raw["kinh_gui"]),
        "quyen_han": str(raw["quyen_han"]),
        "chuc_vu": str(raw["chuc_vu"]),
        "nguoi_ky": str(raw["nguoi_ky"]),
        "noi_nhan": [_recipient(line) for line in raw["noi_nhan"]],
        "luu": str(raw["luu"]).strip().rstrip("."),
        "mau": str(raw.get("mau", "bao_cao_thang.docx")),
    }


def build_context(settings: Settings, period: Period, catalog: Catalog, dataset: Dataset, figures: Figures,
                  notes: Notes, today: date | None = None) -> dict[str, Any]:
    """Everything the template may use; names are what staff type in ``{{ }}``."""
    b = Builder(catalog, dataset, notes, figures.overdue, settings.issuer.place)
    issuer = settings.issuer

    def chu_thich(noi_dung: object, dam: str = "") -> Markup:
        text = _footnote_text(noi_dung)
        return notes.footnote(_sentence_end(text), dam) if text else Markup("")

    return {
        "co_quan": {"chu_quan": issuer.parent, "ban_hanh": issuer.name, "ten_day_du": issuer.full_name,
                    "ky_hieu": issuer.abbreviation, "dia_danh": issuer.place},
        "bao_cao": report_settings(settings, today),
        "ky": {"thang": f"tháng {period.label}", "thang_nam": period.label, "dau_thang": f"đầu tháng {period.label}",
               "tu_ngay": fmt.short_date(period.first_day(settings.rule)),
               "den_ngay": fmt.short_date(period.last_day(settings.rule)), "nam": str(period.year)},
        "so": {code: _total(t, catalog.indicators[code], b) for code, t in figures.totals.items()},
        "tl": {code: _ratio(r, b) for code, r in figures.ratios.items()},
        "ds": {code: ListView(r, catalog.lists[code], b) for code, r in figures.lists.items()},
        "noi_bat": {code: SectionView(code, figures.highlights.get(code, []), b,
                                      _overdue_lines(figures, b) if code == TASKS_SECTION else [])
                    for code in catalog.sections},
        "nhiem_vu": TasksView(figures.tasks, b),
        "chu_thich": chu_thich,
        "danh_dau": lambda text: notes.marker(f"[{text}]"),
        "chu_cai": letter,
        "bo_dem": Counter,
    }
