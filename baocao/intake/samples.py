"""Build the shipped sample submissions from their TOML sources with the project's own form writer.

Usage: ``python -m baocao.intake.samples samples/2025-10 inputs/2025-10``
"""
from __future__ import annotations

import sys
import tomllib
from datetime import date
from pathlib import Path

from ..catalog import Catalog, load_catalog
from ..config import load_settings
from ..files import write_atomic
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
