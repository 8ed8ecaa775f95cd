"""``chua_in``: what units sent that the template has not printed, so nothing a unit sent is silently dropped.

A highlight in a section the template never names (the monthly template has no place for I.6.a), or a list entry
reached only by key, would vanish from the draft. The views record what they print (``HighlightView.used``, a list
entry's ``used``); ``chua_in``, placed by the clerk near the end of the body, prints every row not printed so far as
a highlighted marker naming its section and unit (so ``pdf`` refuses the draft until the clerk places or deletes
it). After rendering, :func:`remaining` gives what is still unprinted (a template without ``chua_in``): the run's
summary names it, and ``kiem-tra-mau`` warns about a template that lacks the name (:func:`with_lacking`).
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol, TypeVar

from jinja2 import Environment, meta
from markupsafe import Markup

from ..codes import emits
from ..model import Unprinted
from .builder import Builder
from .highlights import HEADING_KEY, HighlightView, SectionView
from .issues import TemplateIssue, issue
from .lists import DocumentView, ItemView, ListView
from .markers import UNPRINTED
from .template import Part

NAME = "chua_in"

# (section or list code, how the marker names it, unit code, the view)
Row = tuple[str, str, str, HighlightView | DocumentView | ItemView]


def _rows(context: dict[str, Any]) -> list[Row]:
    """The units' rows not printed yet, by section in catalog order (a section's highlights, then its lists'
    entries), each in units.csv order."""
    lists: dict[str, list[tuple[str, ListView]]] = {}
    for code, view in context["ds"].items():
        lists.setdefault(view._definition.section, []).append((code, view))
    rows: list[Row] = []
    sections: dict[str, SectionView] = context["noi_bat"]
    for code in dict.fromkeys([*sections, *lists]):
        section = sections.get(code)
        rows += [(code, f"mục {code}", v.unit, v) for v in (section._all if section is not None else ())
                 if isinstance(v, HighlightView) and not v.used and v.khoa != HEADING_KEY]
        for list_code, view in lists.get(code, ()):
            rows += [(list_code, f"danh sách “{view._definition.name}”", e._unit, e) for e in view.con_lai]
    return rows


class Leftovers:
    """``{%p for dong in chua_in %}`` … ``{{ dong }}`` … ``{%p endfor %}``: each row no sentence above printed, as a
    highlighted marker ``[chưa có chỗ trong mẫu — mục I.6.a, Công an tỉnh:] …``; nothing when all were printed.
    Iterating marks the rows printed (they are in the draft now, as markers)."""

    def __init__(self, context: dict[str, Any], b: Builder):
        self._context, self._b = context, b

    def __iter__(self) -> Iterator[Markup]:
        rows = _rows(self._context)
        for *_, view in rows:
            view.used = True
        return iter([self._b.notes.marker(f"[{UNPRINTED} — {place}, {self._b.unit_name(unit)}:] {view._plain()}")
                     for _, place, unit, view in rows])

    def __bool__(self) -> bool:
        return bool(_rows(self._context))

    def __len__(self) -> int:
        return len(_rows(self._context))


def remaining(context: dict[str, Any]) -> tuple[Unprinted, ...]:
    """After rendering: the rows the draft does not hold (its template has no ``chua_in``), for the summary."""
    b: Builder = context[NAME]._b
    return tuple(Unprinted(code, place, unit, b.unit_name(unit)) for code, place, unit, _ in _rows(context))


class Checked(Protocol):
    """What ``render.check`` found (``render.TemplateCheck``; render imports this module, not the other way)."""

    parts: list[Part]
    issues: list[TemplateIssue]

    @property
    def errors(self) -> list[TemplateIssue]: ...


C = TypeVar("C", bound=Checked)


@emits("mau-thieu-chua-in")
def with_lacking(checked: C) -> C:
    """``kiem-tra-mau``: the check, with a warning when no part of the template names ``chua_in`` (a row it prints
    nowhere would then be missing from the draft). A template with errors has enough to fix first."""
    env = Environment()
    sources = [p.source for p in checked.parts if NAME in p.source]
    if checked.errors or any(NAME in meta.find_undeclared_variables(env.parse(s)) for s in sources):
        return checked
    checked.issues.append(issue("mau-thieu-chua-in", name=NAME))
    return checked


def summary_line(draft: str, rows: tuple[Unprinted, ...]) -> str:
    """What the run's summary says of a draft that lacks rows units sent."""
    places: dict[str, list[str]] = {}
    for row in rows:
        units = places.setdefault(row.label, [])
        if row.unit_name not in units:
            units.append(row.unit_name)
    where = "; ".join(f"{place}: {', '.join(units)}" for place, units in places.items())
    return (f"{draft} thiếu {len(rows)} nội dung đơn vị gửi mà mẫu không in ở đâu ({where}). Thêm vào cuối mẫu, "
            f"trước «Nơi nhận», ba đoạn {{%p for dong in {NAME} %}} / {{{{ dong }}}} / {{%p endfor %}} để các nội "
            "dung này được in kèm chỗ đánh dấu (xem python generate.py huong-dan-mau).")
