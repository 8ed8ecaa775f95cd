"""``noi_bat["<mục>"]``: the units' highlights of a section, in units.csv order.

A template reaches them by **key** (column "Khóa" of the form: ``noi_bat["I.1.a"].tau_bay``), by unit
(``noi_bat["III"].so_y_te``), by what is left (``.con_lai``) or grouped by unit (``.theo_don_vi``); printed whole
(``{{ noi_bat["I.3"] }}``) a section is its text, never a Python object. A highlight tied to a task cites the plans
assigning it in a footnote and says how late the task is; in section III a unit's overdue task that none of its
highlights names gets a generated line. A highlight keyed ``tieu_de`` is the heading of its unit's group, not an item.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from markupsafe import Markup

from ..catalog.tasks import OverdueTask, TaskKey
from ..figures.compute import Figures
from ..model import Highlight
from .builder import TASKS_SECTION, Builder, clause, sentence_end
from .footnotes import clean
from .tasks import Lateness

HEADING_KEY = "tieu_de"        # a highlight with this key heads its unit's group (``nhom.tieu_de``)
NOTHING = "chưa có nội dung"   # the marker of a section, key or unit with nothing to print
ABSENT_HEADING = "Đơn vị chưa có báo cáo trong kỳ"   # the last group of a section's units: a marker naming them
_TRAILING_PUNCTUATION = re.compile(r"[\s.;:,!?…]*$")


def lateness(b: Builder, unit: str, key: TaskKey | None) -> Lateness | None:
    found = b.overdue.get((unit, key)) if key else None
    return Lateness(found) if found else None


def _late_clause(b: Builder, late: Lateness) -> str:
    """`` (chậm tiến độ 01 tháng so với yêu cầu hoàn thành tháng 9/2025)``, its first words in bold as the seed
    writes it."""
    return f" ({b.notes.bold(late.muc)} so với yêu cầu hoàn thành {late.han})"


class HighlightView:
    """A unit's highlight; printing it places its footnote at ``[*]`` (or before the final stop), and the
    lateness of the task it is about before the final stop."""

    don_vi: str
    don_vi_ngan: str
    khoa: str
    chu_thich: str
    cham_tien_do: Lateness | None
    thang: str

    def __init__(self, highlight: Highlight, b: Builder):
        self._b = b
        month = b.months.get(highlight)
        self.thang = f"tháng {month.label}" if month else ""   # in a span's report: the month it was reported in
        unit = b.catalog.units.get(highlight.unit)
        self.don_vi = unit.name if unit else highlight.unit
        self.don_vi_ngan = unit.short_name if unit else highlight.unit
        self.unit = highlight.unit
        self.khoa = highlight.key
        self.chu_thich = clean(highlight.footnote).strip()
        self._raw = clean(highlight.text).strip()
        self._doubts = b.doubts.row(highlight.source.file, highlight.source.sheet, highlight.source.cell)
        self.used = False
        self.cham_tien_do = lateness(b, highlight.unit, highlight.task)
        own = sentence_end(self.chu_thich) if self.chu_thich else ""
        self._note = "\n".join(n for n in (b.citation(highlight.task) if highlight.task else "", own) if n)
        self._text: str | None = None

    @property
    def noi_dung(self) -> str:
        """The text alone, without its footnote (for use inside another footnote); marked if its row is doubted."""
        self.used = True
        return self._marked(self._raw.replace("[*]", "").strip())

    def _plain(self) -> str:
        """The text as the unit typed it, without footnote tokens, its footnote in brackets (``chua_in`` prints it
        so: a marker is plain text)."""
        note = f" (chú thích: {self.chu_thich})" if self.chu_thich else ""
        return self._raw.replace("[*]", "").strip() + note

    def _marked(self, text: str) -> str:
        """The doubts of the row (text typed in an old font …) as a marker before the final stop."""
        if not self._doubts:
            return text
        cut = _TRAILING_PUNCTUATION.search(text).start()
        return text[:cut] + " " + self._b.doubted("", self._doubts) + text[cut:]

    def _with_note(self) -> str:
        """The text with its footnote token, made once (the footnote is registered once)."""
        if self._text is None:
            self.used = True
            text = self._raw.replace("[*]", "").strip()
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
            self._text = self._marked(self._text)
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
        return self.chinh + (_late_clause(self._b, self.cham_tien_do) if self.cham_tien_do else "")

    def __str__(self) -> str:
        return self.menh_de + self.ket


class OverdueLine:
    """Section III's line for a unit's overdue task that none of its highlights names:
    ``Khẩn trương hoàn thành nhiệm vụ “…”¹ (chậm tiến độ 02 tháng so với yêu cầu hoàn thành quý II/2025).``"""

    don_vi: str
    don_vi_ngan: str
    khoa: str
    noi_dung: str
    chu_thich: str
    cham_tien_do: Lateness
    ket: str
    thang: str

    def __init__(self, unit: str, overdue: OverdueTask, b: Builder):
        self._b = b
        known = b.catalog.units.get(unit)
        self.don_vi = known.name if known else unit
        self.don_vi_ngan = known.short_name if known else unit
        self.unit = unit
        self.khoa = self.thang = ""
        self.used = False
        task = overdue.assigned or overdue.task
        self.noi_dung = f"Khẩn trương hoàn thành nhiệm vụ “{clause(task.text)}”"
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
        return self.chinh + _late_clause(self._b, self.cham_tien_do)

    def __str__(self) -> str:
        return self.menh_de + self.ket


class SectionNote:
    """What a section lacks: the units that normally report in it whose report is missing or refused, and rows
    left out of it, named in markers after its content (``[thiếu nội dung: Sở Công Thương (chưa báo cáo)]``)."""

    def __init__(self, marker: str):
        self.noi_dung = self.menh_de = self.chinh = self._marker = marker
        self.don_vi = self.don_vi_ngan = self.khoa = self.chu_thich = self.ket = self.unit = ""
        self.cham_tien_do = None
        self.used = False

    def __str__(self) -> str:
        self.used = True
        return self._marker


def section_note(code: str, b: Builder) -> SectionNote | None:
    absent = [u for u in b.expected.get(code, ()) if u in b.doubts.absent]
    markers = [str(b.missing(absent, "thiếu nội dung"))] if absent else []
    markers += [str(b.notes.marker(f"[bị loại: {d.words()} — {d.unit_name}]"))
                for d in b.doubts.left_out(code, b.catalog.units)]
    return SectionNote(" ".join(markers)) if markers else None


Item = HighlightView | OverdueLine


class MissingHighlight:
    """Stands for a highlight the template expects but nobody sent: every way of printing it is the marker."""

    def __init__(self, marker: Markup):
        self.noi_dung = self.menh_de = self.chinh = self._marker = marker
        self.don_vi = self.don_vi_ngan = self.khoa = self.chu_thich = self.ket = self.thang = ""
        self.cham_tien_do = None
        self.used = True

    def __str__(self) -> str:
        return str(self._marker)


class Highlights:
    """Highlights printed together: one after another, separated by a space; a marker when there are none.
    Iterable for a template that prints them one by one (``{%p for h in … %}``)."""

    def __init__(self, views: list[Item], b: Builder, missing: str):
        self._views, self._b, self._missing = views, b, missing

    def __iter__(self) -> Iterator[Item]:
        return iter(self._views)

    def __len__(self) -> int:
        return len(self._views)

    def __bool__(self) -> bool:
        return bool(self._views)

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return Highlights(self._views[index], self._b, self._missing)
        if -len(self._views) <= index < len(self._views):
            return self._views[index]
        return MissingHighlight(self._marker())

    def _marker(self) -> Markup:
        return self._b.notes.marker(f"[{self._missing}]")

    def _joined(self, part: str | None, separator: str) -> str:
        if not self._views:
            return str(self._marker())
        return separator.join(str(getattr(v, part) if part else v) for v in self._views)

    @property
    def noi_dung(self) -> str:
        """The texts without footnotes or lateness, e.g. inside a footnote."""
        return self._joined("noi_dung", " ")

    @property
    def menh_de(self) -> str:
        """As a clause inside a template sentence: each with its footnote and lateness, joined by ``;``."""
        return self._joined("menh_de", "; ")

    @property
    def don_vi(self) -> str:
        """The units that sent them."""
        return ", ".join(dict.fromkeys(v.don_vi for v in self._views if v.don_vi))

    def __str__(self) -> str:
        return self._joined(None, " ")


class UnitHighlights(Highlights):
    """``noi_bat["III"].so_y_te``: one unit's highlights; a missing one prints as a marker naming the unit."""

    def __init__(self, unit: str, section: str, views: list[Item], b: Builder):
        self._unit, self._section = unit, section
        super().__init__(views, b, "")

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return UnitHighlights(self._unit, self._section, self._views[index], self._b)
        return super().__getitem__(index)

    def _marker(self) -> Markup:
        if self._b.absent(self._unit):
            return self._b.missing([self._unit], "thiếu nội dung")
        return self._b.missing([self._unit], f"thiếu nội dung mục {self._section}", codes=(self._section,))

    @property
    def chua_bao_cao(self) -> Markup:
        """A marker when the unit sent no report this period (so its tasks are missing), else empty."""
        return self._b.missing([self._unit], "thiếu nội dung") if self._b.absent(self._unit) else Markup("")


class UnitGroup(UnitHighlights):
    """One unit's highlights in ``noi_bat["III"].theo_don_vi``, headed by its name or by its ``tieu_de`` row."""

    tieu_de: str

    def __init__(self, unit: str, section: str, views: list[Item], b: Builder, heading: str = ""):
        super().__init__(unit, section, views, b)
        self.tieu_de = heading or (b.catalog.units[unit].name if unit in b.catalog.units else unit)

    @property
    def tieu_de_hai_cham(self) -> str:
        """The heading followed by a colon, for a unit with one item written on the heading's line."""
        return self.tieu_de if self.tieu_de.endswith(":") else self.tieu_de + ":"

    @property
    def noi_bat(self) -> list[Item]:
        """The items (older templates loop over ``nhom.noi_bat``)."""
        return list(self._views)


class SectionView(Highlights):
    """``noi_bat["I.1.a"]``: every highlight of a section (units.csv order); ``.khóa`` or ``["khóa"]`` the ones with
    that key, ``.ma_don_vi`` one unit's."""

    def __init__(self, code: str, highlights: list[Highlight], b: Builder, extra: list[OverdueLine] = ()):
        views: list[Item] = [HighlightView(h, b) for h in highlights] + list(extra)
        views = sorted(views, key=lambda v: b.order.get(v.unit, len(b.order)))   # stable: generated lines last
        self._code, self._all = code, views
        self._note = section_note(code, b)
        shown: list[Item | SectionNote] = [v for v in views if v.khoa != HEADING_KEY]
        super().__init__(shown + ([self._note] if self._note is not None else []), b, NOTHING)  # type: ignore[arg-type]

    def __getitem__(self, key: int | slice | str) -> Any:
        if not isinstance(key, str):
            return super().__getitem__(key)
        if key in self._b.catalog.units:
            return UnitHighlights(key, self._code, [v for v in self._views if v.unit == key], self._b)
        return Highlights([v for v in self._all if v.khoa == key], self._b,
                          f"{NOTHING} “{key}” của mục {self._code}")

    def __getattr__(self, name: str) -> Highlights:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def _unit_codes(self) -> set[str]:
        return set(self._b.catalog.units)

    @property
    def con_lai(self) -> list[Item]:
        """Highlights not printed yet: the safety net after highlights addressed one by one; last, the marker of
        the reports the section lacks."""
        return [v for v in self._views if not v.used]

    @property
    def chua_bao_cao(self) -> str:
        """The marker naming the units that normally report in this section and whose report is missing or
        refused, and rows left out of it; empty when nothing is missing."""
        return str(self._note) if self._note is not None else ""

    @property
    def theo_don_vi(self) -> list[UnitGroup]:
        """The highlights not printed yet, grouped by unit in units.csv order."""
        groups: dict[str, list[Item]] = {}
        for v in self.con_lai:
            if not isinstance(v, SectionNote):
                groups.setdefault(v.unit, []).append(v)
        headings = {v.unit: v for v in self._all if v.khoa == HEADING_KEY and v.unit in groups}
        made = [UnitGroup(unit, self._code, views, self._b,
                          headings[unit].noi_dung if unit in headings else "") for unit, views in groups.items()]
        if self._note is not None and not self._note.used:   # the units whose report is missing, as a last group
            made.append(UnitGroup("", self._code, [self._note], self._b, ABSENT_HEADING))  # type: ignore[list-item]
        return made

    @property
    def don_vi_con_lai(self) -> list[UnitGroup]:
        """Older name of :attr:`theo_don_vi`."""
        return self.theo_don_vi


def overdue_lines(figures: Figures, b: Builder) -> list[OverdueLine]:
    """Open overdue tasks that no section III highlight of the late unit already names. Only tasks a plan assigns
    to the unit by name: a task of a whole group ("Các sở, ngành, địa phương") late for many units is reported in
    the appendix, which names them, not as one line per unit."""
    named = {(h.unit, h.task) for h in figures.highlights.get(TASKS_SECTION, []) if h.task}
    tasks = b.catalog.tasks
    return [OverdueLine(unit, o, b) for (unit, key), o in figures.overdue.items()
            if not o.completed_late and (unit, key) not in named
            and any(unit in t.lead_units for t in tasks.group(key))]
