"""Catalogs as data: units, indicators, relations, ratios, lists, report sections, and the plans with their tasks.

Staff edit the CSV files in ``catalog/``; nothing here names a unit or an indicator. A broken catalog is a
configuration problem, reported with file, line and column. Files are read in an order where each refers only to
those read before it: units and sections, indicators, relations and ratios, lists, then plans and tasks.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..text.xstring import CodeIndex
from .entries import AGGREGATES, INDICATOR_KINDS, LIST_KINDS, VALUE_TYPES, Indicator, ListDef, Ratio, Relation, Section
from .rows import CatalogRows, unique
from .tasks import TaskCatalog, load_tasks
from .units import KIND_GROUPS, UNIT_KINDS, Unit, Units


@dataclass
class Catalog:
    """Every catalog of the project, read once a run; the per-unit lookups are indexed on first use."""

    units: Units
    indicators: dict[str, Indicator]
    relations: list[Relation]
    ratios: dict[str, Ratio]
    lists: dict[str, ListDef]
    sections: dict[str, Section]
    tasks: TaskCatalog = field(repr=False, compare=False)        # plans.csv, tasks.csv
    _unit_index: dict[str, dict[str, list]] = field(default_factory=dict, repr=False, compare=False)
    _codes: CodeIndex | None = field(default=None, repr=False, compare=False)

    def expand(self, reporters: tuple[str, ...]) -> frozenset[str]:
        """Unit codes named by a reporters cell (codes and @kind groups)."""
        return self.units.expand(reporters)

    def unit_name(self, code: str) -> str:
        """The unit's name as findings and the validation report give it; an unknown code as typed."""
        unit = self.units.get(code)
        return unit.name if unit else code

    def code_index(self) -> CodeIndex:
        """Every code a form names (units, indicators, ratios, lists, sections, plans), for the reader to recognise
        however the form shows it or an office suite rewrote it; built once."""
        if self._codes is None:
            self._codes = CodeIndex.of([*self.units, *self.indicators, *self.ratios, *self.lists, *self.sections,
                                        *self.tasks.plans])
        return self._codes

    def indicators_for(self, unit_code: str) -> list[Indicator]:
        return list(self._by_unit("indicators", self.indicators.values()).get(unit_code, ()))

    def lists_for(self, unit_code: str) -> list[ListDef]:
        return list(self._by_unit("lists", self.lists.values()).get(unit_code, ()))

    def ratios_for(self, unit_code: str) -> list[Ratio]:
        """Ratios whose count and base the unit reports itself, so it may type the percentage."""
        own = {i.code for i in self._by_unit("indicators", self.indicators.values()).get(unit_code, ())}
        return [r for r in self.ratios.values() if r.numerator in own and r.denominator in own]

    def _by_unit(self, name: str, entries: Iterable[Indicator | ListDef]) -> dict[str, list]:
        """Unit code → its entries in catalog order, built once: asking each of 3.321 communes to scan
        every indicator's reporters cost a second on a national month."""
        index = self._unit_index.get(name)
        if index is None:
            index = {}
            for entry in entries:
                for code in self.expand(entry.reporters):
                    index.setdefault(code, []).append(entry)
            self._unit_index[name] = index
        return index


class _Reader:
    """The catalogs read so far, which the files read later refer to."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.units = Units()
        self.sections: dict[str, Section] = {}
        self.indicators: dict[str, Indicator] = {}

    def rows(self, name: str, columns: tuple[str, ...]) -> CatalogRows:
        return CatalogRows(self.folder / name, columns)

    def reporters(self, rows: CatalogRows, line: int, row: dict[str, str]) -> tuple[str, ...]:
        if not rows.codes(row, "reporters"):
            raise rows.fail(line, "reporters", "chưa ghi đơn vị báo cáo.")
        return self.units.references(rows, line, row, "reporters")

    def section(self, rows: CatalogRows, line: int, row: dict[str, str]) -> str:
        if row["section"] and row["section"] not in self.sections:
            raise rows.fail(line, "section", f"mục \"{row['section']}\" không có trong sections.csv.")
        return row["section"]

    def indicator(self, rows: CatalogRows, line: int, column: str, code: str, optional: bool = False) -> str:
        if optional and not code:
            return code
        if code not in self.indicators:
            raise rows.fail(line, column, f"chỉ tiêu \"{code}\" không có trong indicators.csv.")
        return code


def load_catalog(folder: Path) -> Catalog:
    r = _Reader(folder)
    _units(r)
    _sections(r)
    _indicators(r)
    relations, ratios, lists = _relations(r), _ratios(r), _lists(r)
    if (folder / "plans.csv").exists() or (folder / "tasks.csv").exists():
        tasks = load_tasks(folder, r)
    else:   # a project without plans: no task sheet in the forms, no appendix rows
        tasks = TaskCatalog({}, {}, r.units)
    return Catalog(r.units, r.indicators, relations, ratios, lists, r.sections, tasks)


def _units(r: _Reader) -> None:
    rows = r.rows("units.csv", ("code", "name", "short_name", "kind", "required"))
    for line, row in rows.rows:
        code = rows.code(line, row)
        unique(rows, line, r.units, code)
        r.units[code] = Unit(code, row["name"], row["short_name"] or row["name"],
                             rows.choice(line, row, "kind", UNIT_KINDS), rows.flag(line, row, "required"),
                             row.get("contact", ""), row.get("phone", ""), row.get("email", ""))


def _sections(r: _Reader) -> None:
    rows = r.rows("sections.csv", ("code", "title"))
    for line, row in rows.rows:
        unique(rows, line, r.sections, row["code"])
        r.sections[row["code"]] = Section(row["code"], row["title"])


def _indicators(r: _Reader) -> None:
    rows = r.rows("indicators.csv", ("code", "name", "unit_of_measure", "reporters", "kind", "aggregate",
                                     "value_type", "required", "section"))
    for line, row in rows.rows:
        code = rows.code(line, row)
        unique(rows, line, r.indicators, code)
        r.indicators[code] = Indicator(
            code, row["name"], row["unit_of_measure"], r.reporters(rows, line, row),
            rows.choice(line, row, "kind", INDICATOR_KINDS), rows.choice(line, row, "aggregate", AGGREGATES),
            rows.choice(line, row, "value_type", VALUE_TYPES), rows.flag(line, row, "required"),
            r.section(rows, line, row), row.get("increment_of", ""))
    for line, row in rows.rows:
        base = row.get("increment_of", "")
        known = r.indicators
        if base and (base not in known or not known[base].cumulative or known[row["code"]].cumulative):
            raise rows.fail(line, "increment_of", f"\"{base}\" phải là một chỉ tiêu lũy kế, và chỉ tiêu này phải là "
                            "chỉ tiêu trong kỳ.")


def _relations(r: _Reader) -> list[Relation]:
    relations: list[Relation] = []
    rows = r.rows("relations.csv", ("code", "whole", "parts", "note"))
    for line, row in rows.rows:
        parts = rows.codes(row, "parts")
        if not parts:
            raise rows.fail(line, "parts", "chưa ghi các chỉ tiêu thành phần.")
        relations.append(Relation(rows.code(line, row), r.indicator(rows, line, "whole", row["whole"]),
                                  tuple(r.indicator(rows, line, "parts", p) for p in parts), row["note"]))
    return relations


def _ratios(r: _Reader) -> dict[str, Ratio]:
    ratios: dict[str, Ratio] = {}
    rows = r.rows("ratios.csv", ("code", "name", "numerator", "denominator", "decimals", "target", "target_text"))
    for line, row in rows.rows:
        code = rows.code(line, row)
        unique(rows, line, ratios, code)
        try:
            decimals = int(row["decimals"] or "2")
            target = float(row["target"].replace(",", ".")) if row["target"] else None
        except ValueError as exc:
            raise rows.fail(line, "decimals/target", "phải là số.") from exc
        ratios[code] = Ratio(code, row["name"], r.indicator(rows, line, "numerator", row["numerator"]),
                             r.indicator(rows, line, "denominator", row["denominator"]), decimals, target,
                             row["target_text"], _targets_by_kind(rows, line, row.get("target_by_kind", "")))
    return ratios


def _targets_by_kind(rows: CatalogRows, line: int, cell: str) -> tuple[tuple[str, float], ...]:
    """``phuong=95; xa=80; dac-khu=80``: a target for each kind of unit (the plan sets 95% for wards and 80% for
    communes); a group (``xa-phuong=90``) stands for each of its kinds."""
    found: dict[str, float] = {}
    for item in (p.strip() for p in cell.split(";") if p.strip()):
        kind, equals, value = (s.strip() for s in item.partition("="))
        kinds = KIND_GROUPS.get(kind, (kind,) if kind in UNIT_KINDS else ())
        try:
            number = float(value.replace(",", ".").rstrip("%"))
        except ValueError:
            number = None
        if not equals or not kinds or number is None:
            raise rows.fail(line, "target_by_kind", f"\"{item}\" phải có dạng loại=mục tiêu, ví dụ phuong=95; loại "
                            f"là một trong: {', '.join((*UNIT_KINDS, *KIND_GROUPS))}.")
        found.update((k, number) for k in kinds)
    return tuple(found.items())


def _lists(r: _Reader) -> dict[str, ListDef]:
    lists: dict[str, ListDef] = {}
    rows = r.rows("lists.csv", ("code", "name", "kind", "reporters", "section", "item_noun", "quantity_name",
                                "quantity_indicator", "count_indicator"))
    for line, row in rows.rows:
        code = rows.code(line, row)
        unique(rows, line, lists, code)
        lists[code] = ListDef(
            code, row["name"], rows.choice(line, row, "kind", LIST_KINDS), r.reporters(rows, line, row),
            r.section(rows, line, row), row["item_noun"], row["quantity_name"],
            r.indicator(rows, line, "quantity_indicator", row["quantity_indicator"], optional=True),
            r.indicator(rows, line, "count_indicator", row["count_indicator"], optional=True),
            rows.flag(line, row, "in_period") if row.get("in_period") else False)
    return lists
