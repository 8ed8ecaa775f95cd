"""The units (departments, communes, wards, the special zone) and the groups other catalogs may name instead of
listing units (``@so-nganh``, ``@xa-phuong``)."""
from __future__ import annotations

from dataclasses import dataclass

from .rows import CatalogRows

UNIT_KINDS = ("so-nganh", "xa", "phuong", "dac-khu")
KIND_GROUPS = {"xa-phuong": ("xa", "phuong", "dac-khu")}
KIND_NAMES = {"so-nganh": "sở, ban, ngành", "xa": "xã", "phuong": "phường", "dac-khu": "đặc khu",
              "xa-phuong": "xã, phường, đặc khu"}


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    short_name: str
    kind: str
    required: bool
    contact: str = ""   # người liên hệ, số điện thoại, email (optional columns): whom to remind
    phone: str = ""
    email: str = ""


class Units(dict[str, Unit]):
    """``units.csv`` by code, in file order; it also expands the unit references of the other catalogs."""

    def __init__(self, units: dict[str, Unit] | None = None):
        super().__init__(units or {})
        self._expanded: dict[tuple[str, ...], frozenset[str]] = {}

    def expand(self, references: tuple[str, ...]) -> frozenset[str]:
        """Unit codes named by a reporters or lead-units cell (codes and @kind groups)."""
        cached = self._expanded.get(references)
        if cached is not None:
            return cached
        codes: set[str] = set()
        for item in references:
            if item.startswith("@"):
                kinds = KIND_GROUPS.get(item[1:], (item[1:],))
                codes.update(u.code for u in self.values() if u.kind in kinds)
            else:
                codes.add(item)
        result = frozenset(codes)
        self._expanded[references] = result
        return result

    def references(self, rows: CatalogRows, line: int, row: dict[str, str], column: str) -> tuple[str, ...]:
        """A cell naming units (``so_y_te; @xa-phuong``), each a known unit code or group, else a CatalogError."""
        items = rows.codes(row, column)
        for item in items:
            known = item[1:] in UNIT_KINDS or item[1:] in KIND_GROUPS if item.startswith("@") else item in self
            if not known:
                raise rows.fail(line, column, f"\"{item}\" không phải mã đơn vị hay nhóm đơn vị.")
        return items
