"""What the catalogs define besides units and tasks: indicators, the relations and ratios between them, lists
(documents issued, sites, models …) and the report's sections."""
from __future__ import annotations

from dataclasses import dataclass

INDICATOR_KINDS = ("luy-ke", "trong-ky")
AGGREGATES = ("tong", "lon-nhat", "mot-don-vi")
VALUE_TYPES = ("so-nguyen", "so-thuc", "ty-le")
LIST_KINDS = ("van-ban", "danh-sach")


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
    targets: tuple[tuple[str, float], ...] = ()   # by unit kind (``phuong=95; xa=80``): what each unit is held to

    def target_for(self, kind: str) -> float | None:
        """The target a unit of this kind is held to: its kind's, else the ratio's own."""
        return next((t for k, t in self.targets if k == kind), self.target)


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
