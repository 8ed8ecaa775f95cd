"""The walk over one part's Jinja tree for the template check (``checker`` knows the names, this reads the tree):
statements bind names (``for``, ``set``, macros), expressions are resolved as far as the check can tell, and every
printed expression is asked whether it would print as text."""
from __future__ import annotations

import html
import re
from typing import Any

from jinja2 import Environment, nodes
from markupsafe import Markup

from ..codes import emits
from .checker import (GLOBALS, GUIDE, HINTS, ITEM_FILTERS, LIST_FILTERS, MONTH_ONLY, TEXT_FILTERS, UNITS, Known,
                      Missing, returns, attribute, element, member, positional, suggestion, why_unprintable)
from .highlights import Highlights
from .issues import TemplateIssue, issue
from .template import Part

Scope = dict[str, Known | None]
_XML = re.compile(r"<[^>]+>")
_HALF_TAG = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")


class Walker:
    def __init__(self, part: Part, context: dict[str, Any], env: Environment):
        self.part, self.context, self.env = part, context, env
        self.issues: list[TemplateIssue] = []
        self._seen: set[tuple[str, int, str]] = set()

    def report(self, node: nodes.Node, code: str, around: str, variant: str = "", **fields: object) -> None:
        where = self.part.where(getattr(node, "lineno", None))
        key = (code, where.paragraph if where else 0, str(fields.get("name", around)))
        if key not in self._seen:
            self._seen.add(key)
            self.issues.append(issue(code, where, around, variant, **fields))

    # statements

    def block(self, body: list[nodes.Node], scope: Scope) -> None:
        for node in body:
            self.statement(node, scope)

    def statement(self, node: nodes.Node, scope: Scope) -> None:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if isinstance(child, nodes.TemplateData):
                    self.stray(child)
                else:
                    self.printed(child, self.expr(child, scope))
        elif isinstance(node, nodes.For):
            inner = dict(scope, loop=None)
            self.bind(node.target, element(self.expr(node.iter, scope), _text(node.target)), inner)
            if node.test is not None:
                self.expr(node.test, inner)
            self.block(node.body, inner)
            self.block(node.else_, dict(scope))
        elif isinstance(node, nodes.If):
            self.expr(node.test, scope)
            self.block(node.body, scope)
            for branch in node.elif_:
                self.statement(branch, scope)
            self.block(node.else_, scope)
        elif isinstance(node, nodes.Assign):
            self.bind(node.target, self.expr(node.node, scope), scope)
        elif isinstance(node, nodes.AssignBlock):
            self.block(node.body, dict(scope))
            self.bind(node.target, Known(_text(node.target), hint=Markup), scope)
        elif isinstance(node, nodes.Macro):
            scope[node.name] = None
            self.block(node.body, dict(scope, **{a.name: None for a in node.args}))
        else:
            for child in node.iter_child_nodes():
                if isinstance(child, nodes.Expr):
                    self.expr(child, scope)
                else:
                    self.statement(child, dict(scope))

    def bind(self, target: nodes.Node, known: Known | None, scope: Scope) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = known
        for name in target.find_all(nodes.Name) if not isinstance(target, nodes.Name) else ():
            scope[name.name] = None

    # expressions

    def expr(self, node: nodes.Node, scope: Scope) -> Known | None:
        if isinstance(node, nodes.Name):
            return self.name(node, scope)
        if isinstance(node, nodes.Getattr):
            return self.lookup(node, self.expr(node.node, scope), node.attr)
        if isinstance(node, nodes.Getitem):
            return self.item(node, scope)
        if isinstance(node, nodes.Call):
            return self.call(node, scope)
        if isinstance(node, nodes.Filter):
            return self.filter(node, scope)
        if isinstance(node, nodes.Concat):
            self.children(node, scope)
            return Known(_text(node), hint=str)
        if isinstance(node, nodes.Add):
            left = self.expr(node.left, scope)
            self.expr(node.right, scope)
            cls = (type(left.value) if left.has_value else left.hint) if left is not None else None
            own = isinstance(cls, type) and cls.__module__.startswith("baocao")
            returned = returns(getattr(cls, "__add__", None)) if own else None
            return Known(_text(node), hint=returned) if returned is not None else None
        self.children(node, scope)
        return None

    def children(self, node: nodes.Node, scope: Scope) -> None:
        for child in node.iter_child_nodes():
            if isinstance(child, nodes.Expr):
                self.expr(child, scope)
            elif isinstance(child, nodes.Keyword):
                self.expr(child.value, scope)

    @emits("mau-ten-khong-co")
    def name(self, node: nodes.Name, scope: Scope) -> Known | None:
        if node.name in scope:
            return scope[node.name]
        if node.name in self.context:
            return Known(node.name, value=self.context[node.name], has_value=True)
        if node.name not in GLOBALS:
            known = list(scope) + list(self.context)
            self.report(node, "mau-ten-khong-co", node.name, name=node.name, hint=suggestion(node.name, known)
                        or " Các tên dùng được: " + ", ".join(sorted(self.context)) + ".")
        return None

    @emits("mau-lenh-khong-duoc-phep", "mau-ten-khong-co")
    def lookup(self, node: nodes.Node, base: Known | None, key: str) -> Known | None:
        path = _text(node)
        if key.startswith("_"):
            if base is not None:
                self.report(node, "mau-lenh-khong-duoc-phep", path, text=f"tên «{key}» bắt đầu bằng dấu gạch dưới")
            return None
        found = attribute(base, key, path)
        if isinstance(found, Missing):
            self.missing(node, base, key, path, found)
            return None
        if base is not None and base.has_value and base.path.startswith("noi_bat[") and found is not None \
                and found.hint is Highlights:
            known = key in _keys(base.value)   # a key, unless a unit's typo
            close = "" if known else suggestion(key, base.value._unit_codes(), base.path, cutoff=0.85)
            if close:
                self.report(node, "mau-ten-khong-co", path, "danh-muc", name=path, catalog=UNITS, key=key,
                            hint=close)
        return found

    @emits("mau-ten-khong-co")
    def missing(self, node: nodes.Node, base: Known | None, key: str, path: str, found: Missing) -> None:
        if found.catalog:
            others = [member(name, key) for name in ("so", "tl", "ds") if name != base.path
                      and key in self.context.get(name, {})]
            hint = f" Có phải «{others[0]}» không?" if others else \
                suggestion(key, found.candidates, base.path) or " " + GUIDE
            self.report(node, "mau-ten-khong-co", path, "danh-muc", name=path, catalog=found.what, key=key, hint=hint)
        elif base is not None and base.path == "ky" and key in MONTH_ONLY:
            self.report(node, "mau-ten-khong-co", path, "thuoc-tinh", name=path, what=found.what, attr=key,
                        hint=" Báo cáo này không phải báo cáo tháng. Có phải «ky.ten» không? (ky.ten ghi «quý IV/2025», "
                             "«năm 2025»…)")
        else:
            self.report(node, "mau-ten-khong-co", path, "thuoc-tinh", name=path, what=found.what, attr=key,
                        hint=suggestion(key, found.candidates, _text(node.node) if hasattr(node, "node") else "")
                        or " " + GUIDE)

    @emits("mau-chon-theo-thu-tu")
    def item(self, node: nodes.Getitem, scope: Scope) -> Known | None:
        base = self.expr(node.node, scope)
        arg = node.arg
        if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
            return self.lookup(node, base, arg.value)
        if isinstance(arg, (nodes.Slice,)) or (isinstance(arg, nodes.Const) and isinstance(arg.value, int)):
            sheet = positional(base)
            if sheet:
                under = _text(node.node) if sheet == "Danh sách" else _text(node.node).rpartition('.')[0]
                self.report(node, "mau-chon-theo-thu-tu", _text(node), name=_text(node), sheet=sheet,
                            what="nội dung nổi bật" if sheet == "Nổi bật" else "mục danh sách",
                            hint=f"«{under or _text(node.node)}.<khóa>»")
            self.children(arg, scope)
            return base if isinstance(arg, nodes.Slice) else None
        self.expr(arg, scope)
        return None

    def call(self, node: nodes.Call, scope: Scope) -> Known | None:
        function = self.expr(node.node, scope)
        for arg in node.args:
            self.expr(arg, scope)
        for keyword in node.kwargs:
            self.expr(keyword.value, scope)
        if function is None:
            return None
        target = function.method if function.method is not None else function.value if function.has_value else None
        if isinstance(target, type):
            return Known(_text(node), hint=target)
        returned = returns(target) if callable(target) else None
        return Known(_text(node), hint=returned) if returned is not None else None

    @emits("mau-ten-khong-co")
    def filter(self, node: nodes.Filter, scope: Scope) -> Known | None:
        base = self.expr(node.node, scope) if node.node is not None else None
        for arg in node.args:
            self.expr(arg, scope)
        if node.name not in self.env.filters:
            self.report(node, "mau-ten-khong-co", f"|{node.name}", "bo-loc", name=_text(node), attr=node.name,
                        hint=suggestion(node.name, self.env.filters, ""))
            return None
        if node.name in TEXT_FILTERS:
            return Known(_text(node), hint=str)
        if node.name in ("length", "count", "wordcount"):
            return Known(_text(node), hint=int)
        if node.name in ITEM_FILTERS:
            return element(base, _text(node))
        if node.name in LIST_FILTERS:
            return Known(_text(node), hint=list)
        return None

    @emits("mau-the-con-sot")
    def stray(self, node: nodes.TemplateData) -> None:
        """Half a tag the clerk left in the text (``}}`` alone, ``{{`` without its end) would be printed as is."""
        for n, line in enumerate(node.data.split("\n")):
            text = html.unescape(_XML.sub("", line))
            found = _HALF_TAG.search(text)
            if found:
                where = self.part.where(node.lineno + n)
                self.issues.append(issue("mau-the-con-sot", where, found.group(0), text=found.group(0)))

    @emits("mau-in-ma-python")
    def printed(self, node: nodes.Node, known: Known | None) -> None:
        reason = why_unprintable(known)
        if reason:
            path = _text(node)
            self.report(node, "mau-in-ma-python", path, name=path, what=reason,
                        hint=HINTS[reason].replace("{name}", path))


def _keys(view: Any) -> set[str]:
    """The keys the highlights of a section carry this period (none in the check's own context)."""
    return {v.khoa for v in getattr(view, "_all", ())}


def _text(node: nodes.Node) -> str:
    """An expression written back the way the template writes it: ``noi_bat["I.1.a"].tau_bay``."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_text(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        arg = node.arg
        if isinstance(arg, nodes.Const):
            return f"{_text(node.node)}[{arg.value!r}]".replace("'", '"')
        if isinstance(arg, nodes.Slice):
            start = arg.start.value if isinstance(arg.start, nodes.Const) else ""
            stop = arg.stop.value if isinstance(arg.stop, nodes.Const) else ""
            return f"{_text(node.node)}[{start}:{stop}]"
        return f"{_text(node.node)}[…]"
    if isinstance(node, nodes.Call):
        return f"{_text(node.node)}(…)" if node.args or node.kwargs else f"{_text(node.node)}()"
    if isinstance(node, nodes.Filter):
        return f"{_text(node.node) if node.node is not None else ''}|{node.name}"
    if isinstance(node, nodes.Const):
        return repr(node.value)
    return "…"


def check_part(tree: nodes.Template, part: Part, context: dict[str, Any], env: Environment) -> list[TemplateIssue]:
    """Every issue the tree of one part holds."""
    walker = Walker(part, context, env)
    walker.block(tree.body, {})
    return walker.issues
