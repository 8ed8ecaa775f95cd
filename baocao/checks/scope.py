"""What every rule shares: the unit it speaks about, and where its findings and accepted records go."""
from __future__ import annotations

from dataclasses import dataclass

from ..catalog import Catalog
from ..codes import finding
from ..model import NOWHERE, Dataset, Finding, Source

PROVINCE = "Toàn tỉnh"        # the unit name of findings about the province's totals
PROVINCE_CODE = "toan-tinh"   # and their unit code: never a catalog code (those have no hyphen)


@dataclass
class Scope:
    """One unit's file while its rules run: rules add findings and accepted records here and never raise on bad
    data (pandera's lazy validation: every rule runs, every failure is collected)."""

    catalog: Catalog
    unit_code: str
    unit_name: str
    findings: list[Finding]
    dataset: Dataset

    @classmethod
    def of(cls, catalog: Catalog, unit_code: str, findings: list[Finding], dataset: Dataset) -> Scope:
        return cls(catalog, unit_code, catalog.unit_name(unit_code), findings, dataset)

    def add(self, code: str, source: Source = NOWHERE, *, value: object = "", detail: str = "", base: str = "",
            about: tuple[str, ...] = (), note: str = "") -> None:
        self.findings.append(finding(code, unit_code=self.unit_code, unit_name=self.unit_name, source=source,
                                     value=value, detail=detail, base=base, about=about, note=note))
