"""Build the shipped sample submissions from their TOML sources with the project's own form writer; and plausible
made-up figures for any unit (``synthetic_values``), which tests and the benchmark use for communes: the shipped
October sample keeps the seed report's facts, and the seed has no commune figures.

Usage: ``python -m baocao.intake.samples samples/2025-10 inputs/2025-10``
"""
from __future__ import annotations

import random
import sys
import tomllib
from datetime import date
from pathlib import Path

from ..catalog import Catalog, load_catalog
from ..config import load_settings
from ..files import write_atomic
from ..model import Number
from ..periods import parse_period
from ..text.cells import parse_date
from .forms import FormContent, write_form

ROOT = Path(__file__).resolve().parents[2]


def content_from_toml(data: dict) -> FormContent:
    documents = []
    for d in data.get("documents", []):
        d = dict(d)
        issued = parse_date(d.get("date", ""))
        d["date"] = issued if isinstance(issued, date) else d.get("date", "")
        documents.append(d)
    tasks = []
    for t in data.get("tasks", []):
        t = dict(t)
        if "completed_on" in t:
            t["completed_on"] = parse_date(t["completed_on"]) or t["completed_on"]
        tasks.append(t)
    return FormContent(values=dict(data.get("values", {})), ratios_typed=dict(data.get("ratios_typed", {})),
                       highlights=list(data.get("highlights", [])), documents=documents,
                       items=list(data.get("items", [])), tasks=tasks, preparer=data.get("preparer", ""),
                       phone=data.get("phone", ""), cutoff=data.get("cutoff", ""),
                       values_as_of=dict(data.get("values_as_of", {})))


def synthetic_values(catalog: Catalog, unit: str, seed: str, previous: dict[str, Number] | None = None,
                     share: tuple[float, float] = (0.6, 1.0)) -> dict[str, int]:
    """Made-up whole numbers for the unit's own count indicators that pass the checks: a ratio's count a share of
    its base, parts adding up to their whole, cumulative figures not below ``previous`` (last period's)."""
    rng = random.Random(seed)
    base = rng.randint(2_000, 40_000)
    own = [i for i in catalog.indicators_for(unit) if i.value_type == "so-nguyen"]
    values = {i.code: rng.randint(0, base) for i in own}
    for ind in own:
        if previous and ind.cumulative and ind.code in previous:
            values[ind.code] = int(previous[ind.code]) + rng.randint(0, max(base // 50, 1))
    for ratio in catalog.ratios_for(unit):
        if values[ratio.numerator] > values[ratio.denominator] or not (previous and ratio.numerator in previous):
            low = int(previous.get(ratio.numerator, 0)) if previous else 0
            values[ratio.numerator] = max(low, int(values[ratio.denominator] * rng.uniform(*share)))
            values[ratio.denominator] = max(values[ratio.denominator], values[ratio.numerator])
    for rel in catalog.relations:
        if rel.whole in values and all(p in values for p in rel.parts):
            values[rel.whole] = sum(values[p] for p in rel.parts)
    return values


def build(source: Path, target: Path, catalog: Catalog | None = None) -> list[Path]:
    settings = load_settings(ROOT)
    catalog = catalog or load_catalog(settings.catalog)
    written = []
    for spec in sorted(source.glob("*.toml")):
        data = tomllib.loads(spec.read_text(encoding="utf-8"))
        unit = catalog.units[data["unit"]]
        period = parse_period(data["period"])
        path = target / f"{spec.stem}.xlsx"
        write_atomic(path, lambda p: write_form(p, catalog, unit, period, settings.rule, settings.form_version,
                                                content_from_toml(data)))
        written.append(path)
    return written


if __name__ == "__main__":
    for p in build(Path(sys.argv[1]), Path(sys.argv[2])):
        print(p)
