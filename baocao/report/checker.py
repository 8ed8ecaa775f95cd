"""What a template says, checked before any figure is filled in: every name it uses exists (else the nearest one is
suggested), every code is in its catalog, nothing it prints would come out as Python (a list, an object, None), and
no highlight is picked by its row number.

The check walks Jinja's tree of each part with what it knows of each expression: an object of the context it was
given (the catalogs' dictionaries, the views) or, where reaching the object would run code (a property that places
a footnote, a loop variable), the type the view declares for it. Anything it cannot know it lets through: the
render (``render.finalize``) refuses at run time what would print as Python.
"""
from __future__ import annotations

import difflib
import inspect
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from jinja2 import Undefined
from markupsafe import Markup

from .highlights import Highlights, SectionView, UnitGroup, UnitHighlights
from .lists import KeyedItems, ListView

CATALOGS = {"so": "danh mục chỉ tiêu (catalog/indicators.csv)", "tl": "danh mục tỷ lệ (catalog/ratios.csv)",
            "ds": "danh mục danh sách (catalog/lists.csv)", "noi_bat": "danh mục mục báo cáo (catalog/sections.csv)",
            "xep_hang": "các tỷ lệ xếp hạng xã, phường, đặc khu (tỷ lệ của catalog/ratios.csv có số đạt và tổng số do "
                        "xã, phường, đặc khu báo cáo)"}
UNITS = "danh mục đơn vị (catalog/units.csv)"
DICTS = {"co_quan": "thông tin cơ quan (co_quan)", "bao_cao": "thông tin văn bản báo cáo (bao_cao)",
         "ky": "kỳ báo cáo (ky)"}
MONTH_ONLY = {"thang", "thang_nam", "dau_thang"}   # ky.<tên> only a monthly report has
GLOBALS = {"range", "dict", "lipsum", "cycler", "joiner", "namespace", "loop", "true", "false", "none", "True",
           "False", "None"}
TEXT_FILTERS = {"join", "upper", "lower", "title", "capitalize", "trim", "replace", "string", "e", "escape", "safe",
                "truncate", "format", "center", "indent", "striptags", "wordwrap", "urlize", "forceescape"}
ITEM_FILTERS = {"first", "last", "random", "max", "min"}
LIST_FILTERS = {"list", "sort", "reverse", "select", "reject", "selectattr", "rejectattr", "map", "batch", "slice",
                "groupby", "dictsort", "unique", "items"}
GUIDE = "Xem tệp hướng dẫn mẫu (python generate.py huong-dan-mau)."
HINTS = {"một danh sách": "Dùng vòng lặp {%p for … %} hoặc bộ lọc |join(\", \").",
         "một nhóm tên": "Dùng một tên bên trong nó. " + GUIDE,
         "giá trị rỗng (None)": "Chỉ dùng trong điều kiện {% if … %}, không in thẳng.",
         "giá trị đúng/sai (True/False)": "Chỉ dùng trong điều kiện {% if … %}, không in thẳng.",
         "một số chưa định dạng": "In số đã định dạng theo kiểu Việt Nam (bỏ .gia_tri).",
         "một ngày chưa định dạng": "Dùng bao_cao.ngay, ky.tu_ngay hoặc ky.den_ngay.",
         "một đối tượng": "Dùng một thuộc tính của nó. " + GUIDE,
         "một lệnh": "Viết kèm dấu ngoặc, ví dụ «{name}()»."}


def unprintable(value: object) -> str | None:
    """Why printing ``value`` in a report would show Python instead of text, or None when it prints as text."""
    if isinstance(value, (str, Undefined)) or (isinstance(value, int) and not isinstance(value, bool)):
        return None
    if isinstance(value, type):
        return "một đối tượng"
    return unprintable_type(type(value))


def unprintable_type(cls: type) -> str | None:
    if cls is type(None):
        return "giá trị rỗng (None)"
    checks = ((bool, "giá trị đúng/sai (True/False)"), ((str, int), None), ((float, Decimal), "một số chưa định dạng"),
              (date, "một ngày chưa định dạng"), ((list, tuple, set, frozenset), "một danh sách"),
              (dict, "một nhóm tên"), ((types.FunctionType, types.MethodType, types.BuiltinFunctionType), "một lệnh"))
    for kinds, reason in checks:
        if issubclass(cls, kinds):
            return reason
    return "một đối tượng" if cls.__str__ is object.__str__ else None


@dataclass(frozen=True)
class Known:
    """What the check knows of an expression: an object of the context, a declared type, or a method."""

    path: str
    value: Any = None
    hint: Any = None
    method: Any = None
    has_value: bool = False


@dataclass(frozen=True)
class Missing:
    """A name looked up where it does not exist: what was searched and the names that do exist there."""

    what: str
    candidates: tuple[str, ...]
    catalog: bool = False


def _hints(target: Any) -> dict[str, Any]:
    try:
        return typing.get_type_hints(target)
    except Exception:
        return {}


def returns(function: Any) -> Any:
    return _hints(function).get("return")


def _members(hint: Any) -> list[Any]:
    """The classes a declared type may be (``A | B`` → both), without None."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return [a for a in typing.get_args(hint) if a is not type(None)]
    return [hint]


def _closed(cls: Any) -> bool:
    """A class whose names the check knows all of: the report's views (declared names), text and numbers."""
    return isinstance(cls, type) and (cls.__module__.startswith("baocao.report") or cls in (str, int, Markup))


def public_names(cls: type, obj: object = None) -> list[str]:
    names = set(_hints(cls)) | {n for n in dir(cls) if not n.startswith("_")}
    names |= {n for n in vars(obj) if not n.startswith("_")} if obj is not None and hasattr(obj, "__dict__") else set()
    return sorted(names)


def _class_attr(cls: type, name: str, path: str) -> Known | Missing | None:
    found = inspect.getattr_static(cls, name, None) if not name.startswith("_") else None
    if isinstance(found, property):
        return Known(path, hint=returns(found.fget))
    if isinstance(found, (types.FunctionType, staticmethod, classmethod)):
        return Known(path, method=getattr(found, "__func__", found))
    if found is not None:
        return Known(path, value=found, has_value=True)
    if name in _hints(cls):
        return Known(path, hint=_hints(cls)[name])
    if hasattr(cls, "__getattr__") or not _closed(cls):
        return None
    return Missing(f"«{path.rpartition('.')[0] or path}»", tuple(public_names(cls)))


def attribute(base: Known | None, name: str, path: str) -> Known | Missing | None:
    """``base.name`` (or ``base["name"]``) as far as the check can tell without running the template."""
    if base is None:
        return None
    if base.method is not None:
        return Missing(f"lệnh «{base.path}»", ())
    if base.has_value:
        obj = base.value
        if isinstance(obj, dict):
            if name in obj:
                return Known(path, value=obj[name], has_value=True)
            if name in ("items", "keys", "values", "get"):
                return Known(path, method=getattr(dict, name))
            what = CATALOGS.get(base.path) or DICTS.get(base.path) or f"«{base.path}»"
            return Missing(what, tuple(obj), base.path in CATALOGS)
        if isinstance(obj, SectionView):
            if inspect.getattr_static(obj, name, None) is not None or name in _hints(type(obj)):
                return _class_attr(type(obj), name, path)
            return Known(path, hint=UnitHighlights if name in obj._unit_codes() else Highlights)
        if isinstance(obj, ListView):
            if inspect.getattr_static(obj, name, None) is not None or name in _hints(type(obj)):
                return _class_attr(type(obj), name, path)
            if obj._definition.kind == "danh-sach":
                return Known(path, hint=KeyedItems)
            return Missing(f"«{path.rpartition('.')[0]}»", tuple(public_names(type(obj), obj)))
        if hasattr(obj, "__dict__") and name in vars(obj) and not name.startswith("_"):
            return Known(path, value=vars(obj)[name], has_value=True)
        found = _class_attr(type(obj), name, path)
        return Missing(found.what, tuple(public_names(type(obj), obj))) if isinstance(found, Missing) else found
    results = [_class_attr(cls, name, path) for cls in _members(base.hint) if isinstance(cls, type)]
    known = [r for r in results if isinstance(r, Known)]
    if known:
        return known[0] if len(known) == 1 else Known(path, hint=typing.Union[tuple(k.hint for k in known)])
    if results and all(isinstance(r, Missing) for r in results):
        return Missing(results[0].what, tuple(sorted({c for r in results for c in r.candidates})))
    return None


def element(base: Known | None, path: str) -> Known | None:
    """What a ``{% for x in base %}`` gives ``x``."""
    if base is None or base.method is not None:
        return None
    if base.has_value:
        obj = base.value
        if isinstance(obj, (list, tuple)):
            return Known(path, value=obj[0], has_value=True) if obj else None
        return _iterated(type(obj), path)
    for cls in _members(base.hint):
        origin = typing.get_origin(cls)
        if origin in (list, tuple, Iterator, Iterable, typing.Iterator) or (origin and issubclass(origin, Iterable)):
            args = typing.get_args(cls)
            return Known(path, hint=args[0]) if args else None
        if isinstance(cls, type):
            return _iterated(cls, path)
    return None


def _iterated(cls: type, path: str) -> Known | None:
    produced = returns(getattr(cls, "__iter__", None)) if hasattr(cls, "__iter__") else None
    args = typing.get_args(produced) if produced is not None else ()
    return Known(path, hint=args[0]) if args else None


def why_unprintable(known: Known | None) -> str | None:
    if known is None:
        return None
    if known.method is not None:
        return "một lệnh"
    if known.has_value:
        return unprintable(known.value)
    members = typing.get_args(known.hint) if typing.get_origin(known.hint) in (typing.Union, types.UnionType) else ()
    if type(None) in members:
        return None               # a value that may be None is printed inside {% if %}: the render checks it
    for cls in (_members(known.hint) if members else [known.hint]):
        origin = typing.get_origin(cls)
        if origin is not None:
            return unprintable_type(origin) if isinstance(origin, type) else None
        if isinstance(cls, type):
            reason = unprintable_type(cls)
            if reason:
                return reason
    return None


def member(base: str, key: str) -> str:
    """How a template writes ``key`` of ``base``: ``so.tthc_tong``, ``noi_bat["I.1.a"]``."""
    if not base:
        return key
    return f"{base}.{key}" if key.isidentifier() else f'{base}["{key}"]'


def suggestion(name: str, candidates: Iterable[str], base: str = "", cutoff: float = 0.75) -> str:
    """`` Có phải «so.tthc_tong» không?`` for the nearest name, or nothing when none is near."""
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=cutoff)
    return f" Có phải «{member(base, close[0])}» không?" if close else ""


def positional(base: Known | None) -> str:
    """What a pick by row takes, when it is a highlight (``noi_bat["I.1.a"].cong_an_tinh[1]``, ``noi_bat["I.3"][0]``)
    or an entry of a list (``ds.nhiem_vu_trong_tam[0]``): the sheet whose "Khóa" column would key it; else empty."""
    if base is None:
        return ""
    cls = type(base.value) if base.has_value else base.hint
    if cls in (UnitHighlights, SectionView) and cls is not UnitGroup:
        return "Nổi bật"
    return "Danh sách" if cls is ListView else ""
