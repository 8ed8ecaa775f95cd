"""Catalogs as data: units, indicators, relations, ratios, lists, report sections (and, through
``tasks.py``, the plans and their tasks, attached as ``Catalog.tasks``).

Staff edit the CSV files in ``catalog/``; nothing here names a unit or an indicator.
A broken catalog is a configuration problem, reported with file, line and column.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .tasks import TaskCatalog

CODE_RE = re.compile(r"^[a-z][a-z0-9_]*$")
UNIT_KINDS = ("so-nganh", "xa", "phuong", "dac-khu")
KIND_GROUPS = {"xa-phuong": ("xa", "phuong", "dac-khu")}
INDICATOR_KINDS = ("luy-ke", "trong-ky")
AGGREGATES = ("tong", "lon-nhat", "mot-don-vi")
VALUE_TYPES = ("so-nguyen", "so-thuc", "ty-le")
LIST_KINDS = ("van-ban", "danh-sach")


class CatalogError(Exception):
    """A catalog file is missing or inconsistent (exit status 3)."""


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    short_name: str
    kind: str
    required: bool


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    unit_of_measure: str
    reporters: tuple[str, ...]
    kind: str
    aggregate: str
    value_type: str
    required: bool
    section: str
    increment_of: str = ""

    @property
    def cumulative(self) -> bool:
        return self.kind == "luy-ke"


@dataclass(frozen=True)
class Relation:
    code: str
    whole: str
    parts: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Ratio:
    code: str
    name: str
    numerator: str
    denominator: str
    decimals: int
    target: float | None
    target_text: str


@dataclass(frozen=True)
class ListDef:
    code: str
    name: str
    kind: str
    reporters: tuple[str, ...]
    section: str
    item_noun: str
    quantity_name: str
    quantity_indicator: str
    count_indicator: str
    in_period: bool = False


@dataclass(frozen=True)
class Section:
    code: str
    title: str


@dataclass
class Catalog:
    units: dict[str, Unit]
    indicators: dict[str, Indicator]
    relations: list[Relation]
    ratios: dict[str, Ratio]
    lists: dict[str, ListDef]
    sections: dict[str, Section]
    _reporters_cache: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict, repr=False)
    _unit_index: dict[str, dict[str, list]] = field(default_factory=dict, repr=False, compare=False)
    tasks: TaskCatalog = field(default=None, repr=False, compare=False)  # type: ignore[assignment]  # plans.csv, tasks.csv

    def expand(self, reporters: tuple[str, ...]) -> frozenset[str]:
        """Unit codes named by a reporters cell (codes and @kind groups)."""
        cached = self._reporters_cache.get(reporters)
        if cached is not None:
            return cached
        codes: set[str] = set()
        for item in reporters:
            if item.startswith("@"):
                kinds = KIND_GROUPS.get(item[1:], (item[1:],))
                codes.update(u.code for u in self.units.values() if u.kind in kinds)
            else:
                codes.add(item)
        result = frozenset(codes)
        self._reporters_cache[reporters] = result
        return result

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


class CatalogRows:
    """One catalog CSV file, each record with the physical line it starts on (cells may span lines);
    cell problems become a CatalogError with file, line and column."""

    def __init__(self, path: Path, columns: tuple[str, ...]):
        self.path = path
        if not path.exists():
            raise CatalogError(f"Thiếu tệp danh mục {path}.")
        self.rows: list[tuple[int, dict[str, str]]] = []
        try:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                reader = csv.reader(fh)
                header = [h.strip() for h in next(reader, [])]
                missing = [c for c in columns if c not in header]
                if missing:
                    raise CatalogError(f"{path.name}: thiếu cột {', '.join(missing)} ở dòng tiêu đề.")
                start = reader.line_num + 1
                for record in reader:
                    line, start = start, reader.line_num + 1
                    if not any(cell.strip() for cell in record):
                        continue
                    if len(record) > len(header):
                        raise self.fail(line, header[-1], f"dòng có {len(record)} ô, nhiều hơn {len(header)} cột "
                                        "của dòng tiêu đề (ô có dấu phẩy phải được đặt trong dấu ngoặc kép).")
                    cells = record + [""] * (len(header) - len(record))
                    self.rows.append((line, {h: unicodedata.normalize("NFC", v.strip())
                                             for h, v in zip(header, cells) if h}))
        except UnicodeDecodeError as exc:
            raise CatalogError(f"{path.name}: tệp không phải UTF-8 ({exc.reason}).") from exc
        except csv.Error as exc:
            raise CatalogError(f"{path.name}, dòng {start}: không đọc được dòng CSV ({exc}).") from exc

    def fail(self, line: int, column: str, why: str) -> CatalogError:
        return CatalogError(f"{self.path.name}, dòng {line}, cột {column}: {why}")

    def required(self, line: int, row: dict[str, str], column: str, what: str) -> str:
        if not row[column]:
            raise self.fail(line, column, f"chưa ghi {what}.")
        return row[column]

    def code(self, line: int, row: dict[str, str], column: str = "code") -> str:
        value = row[column]
        if not CODE_RE.match(value):
            raise self.fail(line, column, f"mã \"{value}\" chỉ được gồm chữ thường không dấu, số và dấu _.")
        return value

    def choice(self, line: int, row: dict[str, str], column: str, allowed: tuple[str, ...]) -> str:
        value = row[column]
        if value not in allowed:
            raise self.fail(line, column, f"\"{value}\" không hợp lệ (chọn một trong: {', '.join(allowed)}).")
        return value

    def flag(self, line: int, row: dict[str, str], column: str) -> bool:
        return self.choice(line, row, column, ("0", "1")) == "1"

    @staticmethod
    def codes(row: dict[str, str], column: str) -> tuple[str, ...]:
        return tuple(p.strip() for p in row[column].split(";") if p.strip())


def _unique(rows: CatalogRows, line: int, seen: dict, code: str) -> None:
    if code in seen:
        raise rows.fail(line, "code", f"mã \"{code}\" bị trùng.")


def load_catalog(folder: Path) -> Catalog:
    units: dict[str, Unit] = {}
    r = CatalogRows(folder / "units.csv", ("code", "name", "short_name", "kind", "required"))
    for line, row in r.rows:
        code = r.code(line, row)
        _unique(r, line, units, code)
        units[code] = Unit(code, row["name"], row["short_name"] or row["name"],
                           r.choice(line, row, "kind", UNIT_KINDS), r.flag(line, row, "required"))

    sections: dict[str, Section] = {}
    r = CatalogRows(folder / "sections.csv", ("code", "title"))
    for line, row in r.rows:
        _unique(r, line, sections, row["code"])
        sections[row["code"]] = Section(row["code"], row["title"])

    def reporters(rows: CatalogRows, line: int, row: dict[str, str]) -> tuple[str, ...]:
        items = rows.codes(row, "reporters")
        if not items:
            raise rows.fail(line, "reporters", "chưa ghi đơn vị báo cáo.")
        for item in items:
            known = item[1:] in UNIT_KINDS or item[1:] in KIND_GROUPS if item.startswith("@") else item in units
            if not known:
                raise rows.fail(line, "reporters", f"\"{item}\" không phải mã đơn vị hay nhóm đơn vị.")
        return items

    def section(rows: CatalogRows, line: int, row: dict[str, str]) -> str:
        if row["section"] and row["section"] not in sections:
            raise rows.fail(line, "section", f"mục \"{row['section']}\" không có trong sections.csv.")
        return row["section"]

    indicators: dict[str, Indicator] = {}
    r = CatalogRows(folder / "indicators.csv", ("code", "name", "unit_of_measure", "reporters", "kind",
                                          "aggregate", "value_type", "required", "section"))
    for line, row in r.rows:
        code = r.code(line, row)
        _unique(r, line, indicators, code)
        indicators[code] = Indicator(
            code, row["name"], row["unit_of_measure"], reporters(r, line, row),
            r.choice(line, row, "kind", INDICATOR_KINDS), r.choice(line, row, "aggregate", AGGREGATES),
            r.choice(line, row, "value_type", VALUE_TYPES), r.flag(line, row, "required"), section(r, line, row),
            row.get("increment_of", ""))

    def indicator_ref(rows: CatalogRows, line: int, column: str, code: str, optional: bool = False) -> str:
        if optional and not code:
            return code
        if code not in indicators:
            raise rows.fail(line, column, f"chỉ tiêu \"{code}\" không có trong indicators.csv.")
        return code

    for line, row in r.rows:
        base = row.get("increment_of", "")
        if base and (base not in indicators or not indicators[base].cumulative or indicators[row["code"]].cumulative):
            raise r.fail(line, "increment_of", f"\"{base}\" phải là một chỉ tiêu lũy kế, và chỉ tiêu này phải là chỉ tiêu trong kỳ.")

    relations: list[Relation] = []
    r = CatalogRows(folder / "relations.csv", ("code", "whole", "parts", "note"))
    for line, row in r.rows:
        parts = r.codes(row, "parts")
        if not parts:
            raise r.fail(line, "parts", "chưa ghi các chỉ tiêu thành phần.")
        relations.append(Relation(r.code(line, row), indicator_ref(r, line, "whole", row["whole"]),
                                  tuple(indicator_ref(r, line, "parts", p) for p in parts), row["note"]))

    ratios: dict[str, Ratio] = {}
    r = CatalogRows(folder / "ratios.csv", ("code", "name", "numerator", "denominator", "decimals", "target", "target_text"))
    for line, row in r.rows:
        code = r.code(line, row)
        _unique(r, line, ratios, code)
        try:
            decimals = int(row["decimals"] or "2")
            target = float(row["target"].replace(",", ".")) if row["target"] else None
        except ValueError as exc:
            raise r.fail(line, "decimals/target", "phải là số.") from exc
        ratios[code] = Ratio(code, row["name"], indicator_ref(r, line, "numerator", row["numerator"]),
                             indicator_ref(r, line, "denominator", row["denominator"]), decimals, target,
                             row["target_text"])

    lists: dict[str, ListDef] = {}
    r = CatalogRows(folder / "lists.csv", ("code", "name", "kind", "reporters", "section", "item_noun",
                                     "quantity_name", "quantity_indicator", "count_indicator"))
    for line, row in r.rows:
        code = r.code(line, row)
        _unique(r, line, lists, code)
        lists[code] = ListDef(
            code, row["name"], r.choice(line, row, "kind", LIST_KINDS), reporters(r, line, row),
            section(r, line, row), row["item_noun"], row["quantity_name"],
            indicator_ref(r, line, "quantity_indicator", row["quantity_indicator"], optional=True),
            indicator_ref(r, line, "count_indicator", row["count_indicator"], optional=True),
            r.flag(line, row, "in_period") if row.get("in_period") else False)

    catalog = Catalog(units, indicators, relations, ratios, lists, sections)
    from .tasks import TaskCatalog, load_tasks  # tasks.py builds on this module

    if (folder / "plans.csv").exists() or (folder / "tasks.csv").exists():
        catalog.tasks = load_tasks(folder, catalog)
    else:   # a project without plans: no task sheet in the forms, no appendix rows
        catalog.tasks = TaskCatalog({}, {}, catalog)
    return catalog
