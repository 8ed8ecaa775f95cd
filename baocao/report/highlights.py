"""``noi_bat["<mục>"]``: the units' highlights of a section. A highlight tied to a task cites the plans assigning it
in a footnote and says how late the task is; in section III a unit's overdue task that none of its highlights names
gets a generated line."""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from markupsafe import Markup

from ..catalog.tasks import OverdueTask, TaskKey
from ..figures.compute import Figures
from ..model import Highlight
from .builder import Builder, clause, sentence_end
from .footnotes import clean
from .tasks import Lateness

TASKS_SECTION = "III"          # the report section listing each unit's tasks; overdue tasks are added there
_TRAILING_PUNCTUATION = re.compile(r"[\s.;:,!?…]*$")


def lateness(b: Builder, unit: str, key: TaskKey | None) -> Lateness | None:
    found = b.overdue.get((unit, key)) if key else None
    return Lateness(found) if found else None


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
        self.cham_tien_do = lateness(b, highlight.unit, highlight.task)
        own = sentence_end(self.chu_thich) if self.chu_thich else ""
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


def overdue_lines(figures: Figures, b: Builder) -> list[OverdueLine]:
    """Open overdue tasks that no section III highlight of the late unit already names. Only tasks a plan assigns
    to the unit by name: a task of a whole group ("Các sở, ngành, địa phương") late for many units is reported in
    the appendix, which names them, not as one line per unit."""
    named = {(h.unit, h.task) for h in figures.highlights.get(TASKS_SECTION, []) if h.task}
    tasks = b.catalog.tasks
    return [OverdueLine(unit, o, b) for (unit, key), o in figures.overdue.items()
            if not o.completed_late and (unit, key) not in named
            and any(unit in t.lead_units for t in tasks.group(key))]
