"""Rules on the months a quarter, six or nine months, or a year is made from: a month the history does not hold, a
unit missing in some months, a month stored by an older version of the tool. A span is still reported from what
exists; these say what is missing, so nothing is added up silently.

Runs in the main process on the months the history holds (the pipeline reads them and hands them in).
"""
from __future__ import annotations

from collections.abc import Collection

from ..catalog import Catalog
from ..codes import emits, finding
from ..model import Dataset, Finding
from ..periods import Period, Span
from .scope import PROVINCE, PROVINCE_CODE
from .totals import absent_units


@emits("thang-chua-lap-bao-cao", "thang-luu-phien-ban-cu", "don-vi-thieu-thang")
def check_span(span: Span, catalog: Catalog, months: dict[Period, Dataset],
               legacy: Collection[Period] = ()) -> list[Finding]:
    """One finding per missing month, per month stored without its documents and highlights, and per unit that
    missed some recorded months (a unit missing in every month is named once for all of them)."""
    found = [finding("thang-chua-lap-bao-cao", unit_code=PROVINCE_CODE, unit_name=PROVINCE, value=m.label,
                     base=span.label) for m in span.months if m not in months]
    found += [finding("thang-luu-phien-ban-cu", unit_code=PROVINCE_CODE, unit_name=PROVINCE, value=m.label,
                      base=span.label) for m in span.months if m in legacy]
    absent: dict[str, list[Period]] = {}
    for m in span.months:
        if m in months:
            for unit in absent_units(catalog, months[m]):
                absent.setdefault(unit, []).append(m)
    for unit in catalog.units:
        if unit in absent:
            found.append(finding("don-vi-thieu-thang", unit_code=unit, unit_name=catalog.unit_name(unit),
                                 value=", ".join(m.label for m in absent[unit]),
                                 detail=", ".join(m.label for m in absent[unit]), base=span.label))
    return found
