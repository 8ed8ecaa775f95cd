"""Rules across figures: a count is not above its base, parts add up to their whole, a list matches the figure that
counts it; within each unit's own figures, then on the province totals for figures that come from different units.

Runs in the main process, on the accepted values of every file.
"""
from __future__ import annotations

from collections import Counter

from ..catalog import Catalog
from ..catalog.entries import Ratio, Relation
from ..codes import emits, finding
from ..model import Dataset, Finding, Number, Total, Value
from ..text import fmt
from ..text.cells import decimals_of, typed_sum
from .scope import PROVINCE, PROVINCE_CODE


def _shown(value: Number) -> str:
    return fmt.number(value, decimals_of(float(value)))


def _at(code: str, value: Value, unit_name: str, base: Number, detail: str, about: tuple[str, ...] = (),
        note: str = "") -> Finding:
    return finding(code, unit_code=value.unit, unit_name=unit_name, source=value.source, value=_shown(value.value),
                   base=_shown(base), detail=detail, about=about or (value.indicator,), note=note)


def sum_note(rel: Relation, catalog: Catalog, parts: list[Number]) -> str:
    """The draft's words for parts that do not add up: ``cấp tỉnh 1.074 + cấp xã 392 = 1.466``, named as the
    relation's note names them (``… = cấp tỉnh + cấp xã``), else by the indicators' names."""
    named = [n.strip() for n in rel.note.split("=", 1)[1].split("+")] if "=" in rel.note else []
    if len(named) != len(parts):
        named = [catalog.indicators[p].name for p in rel.parts]
    return " + ".join(f"{name} {_shown(v)}" for name, v in zip(named, parts)) + f" = {_shown(sum(parts))}"


def ratio_note(num: Number, den: Number) -> str:
    return f"{_shown(num)}/{_shown(den)}"


def unit_rules(catalog: Catalog, dataset: Dataset) -> list[Finding]:
    by_unit: dict[str, dict[str, Value]] = {}
    for v in dataset.values:
        by_unit.setdefault(v.unit, {})[v.indicator] = v
    found: list[Finding] = []
    for unit, values in by_unit.items():
        found += _unit_figures(catalog, catalog.unit_name(unit), values)
    found += _unit_lists(catalog, dataset, by_unit)
    return found


@emits("vuot-mau-so", "tong-khong-khop")
def _unit_figures(catalog: Catalog, name: str, values: dict[str, Value]) -> list[Finding]:
    found = []
    for ratio in catalog.ratios.values():
        num, den = values.get(ratio.numerator), values.get(ratio.denominator)
        if num and den and num.value > den.value:
            found.append(_at("vuot-mau-so", num, name, den.value, ratio.name, (ratio.code,),
                             ratio_note(num.value, den.value)))
    for rel in catalog.relations:
        whole = values.get(rel.whole)
        parts = [values.get(p) for p in rel.parts]
        if whole and all(parts):
            added = typed_sum(p.value for p in parts if p)
            if added != whole.value:
                found.append(_at("tong-khong-khop", whole, name, added, rel.note,
                                 note=sum_note(rel, catalog, [p.value for p in parts if p])))
    return found


@emits("danh-sach-khong-khop")
def _unit_lists(catalog: Catalog, dataset: Dataset, by_unit: dict[str, dict[str, Value]]) -> list[Finding]:
    """A list's entries against the figure that states how many there are (or their total quantity)."""
    counts: Counter[tuple[str, str]] = Counter()
    quantities: Counter[tuple[str, str]] = Counter()
    for entry in (*dataset.items, *dataset.documents):
        counts[(entry.unit, entry.list_code)] += 1
        quantities[(entry.unit, entry.list_code)] += getattr(entry, "quantity", None) or 0
    found = []
    for lst in catalog.lists.values():
        for indicator, measured in ((lst.count_indicator, counts), (lst.quantity_indicator, quantities)):
            if not indicator:
                continue
            for unit, values in by_unit.items():
                stated = values.get(indicator)
                if stated is None or (unit, lst.code) not in counts:
                    continue
                got = measured[(unit, lst.code)]
                if got != stated.value:
                    what = "danh sách cộng được" if measured is quantities else "danh sách có"
                    found.append(_at("danh-sach-khong-khop", stated, catalog.unit_name(unit), got, lst.name,
                                     note=f"{what} {_shown(got)}"))
    return found


def _province(code: str, value: str = "", detail: str = "", base: str = "", about: tuple[str, ...] = (),
              note: str = "") -> Finding:
    return finding(code, unit_code=PROVINCE_CODE, unit_name=PROVINCE, value=value, detail=detail, base=base,
                   about=about, note=note)


@emits("vuot-mau-so", "ty-le-trung-nhau", "tong-khong-khop")
def province_rules(catalog: Catalog, tot: dict[str, Total]) -> list[Finding]:
    """The same rules on province totals, for figures that come from different units."""
    found = []

    def single_unit(*codes: str) -> bool:
        return len({u for c in codes for u in tot[c].units}) <= 1

    pairs: dict[tuple[Number, Number], list[Ratio]] = {}
    for ratio in catalog.ratios.values():
        num, den = tot[ratio.numerator].value, tot[ratio.denominator].value
        if num is None or den is None:
            continue
        if not single_unit(ratio.numerator, ratio.denominator) and num > den:
            found.append(_province("vuot-mau-so", value=fmt.number(num), base=fmt.number(den), detail=ratio.name,
                                   about=(ratio.code,), note=ratio_note(num, den)))
        if num and den and ratio.numerator != ratio.denominator:
            pairs.setdefault((num, den), []).append(ratio)
    for (num, den), same in pairs.items():
        if len(same) > 1:
            found.append(_province("ty-le-trung-nhau", detail=" và ".join(f"“{r.name}”" for r in same),
                                   value=f"{fmt.number(num)}/{fmt.number(den)}", about=tuple(r.code for r in same),
                                   note=f"{fmt.number(num)}/{fmt.number(den)}"))
    for rel in catalog.relations:
        whole, parts = tot[rel.whole].value, [tot[p].value for p in rel.parts]
        if whole is not None and None not in parts and not single_unit(rel.whole, *rel.parts):
            added = typed_sum(p for p in parts if p is not None)
            if added != whole:
                found.append(_province("tong-khong-khop", value=fmt.number(whole), base=fmt.number(added),
                                       detail=rel.note, about=(rel.whole,),
                                       note=sum_note(rel, catalog, [p for p in parts if p is not None])))
    return found
