"""Typed records that pass between stages (validate → compute → outputs/render)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from .catalog.deadlines import TaskStatus
from .codes import Finding
from .periods import Period
from .intake.read import Source

if TYPE_CHECKING:
    from .figures.compute import Total

Number = int | float


@dataclass(frozen=True)
class Value:
    unit: str
    indicator: str
    value: Number
    source: Source


@dataclass(frozen=True)
class Highlight:
    unit: str
    section: str
    text: str
    footnote: str
    source: Source
    task: tuple[str, str] | None = None    # the task it is about (canonical plan, number): cited, lateness added


@dataclass(frozen=True)
class TaskReport:
    """A unit's status of one task it leads (keyed by the canonical task when plans restate it)."""

    unit: str
    task: tuple[str, str]
    status: TaskStatus
    note: str
    source: Source


@dataclass(frozen=True)
class Document:
    unit: str
    list_code: str
    doc_type: str
    number: str
    issued: date | None
    subject: str
    source: Source


@dataclass(frozen=True)
class ListItem:
    unit: str
    list_code: str
    text: str
    quantity: Number | None
    note: str
    source: Source


@dataclass
class Dataset:
    """The month's accepted data, with what was rejected, so the report can say what is missing."""

    period: Period
    values: list[Value] = field(default_factory=list)
    highlights: list[Highlight] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    items: list[ListItem] = field(default_factory=list)
    task_statuses: list[TaskReport] = field(default_factory=list)
    last_day: date | None = None                                   # the period's last day under the period rule
    accepted_files: dict[str, str] = field(default_factory=dict)   # unit code → file name
    rejected_files: dict[str, str] = field(default_factory=dict)   # file name → unit code ("" if unknown)
    missing_units: list[str] = field(default_factory=list)
    failed: set[tuple[str, str]] = field(default_factory=set)      # (unit, indicator) with a bad or empty value


@dataclass
class Validation:
    dataset: Dataset
    findings: list[Finding]
    totals: dict[str, Total] | None = None  # province totals the cross-unit rules computed; compute reuses them
