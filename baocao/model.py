"""The typed records that pass between the stages: intake → checks → figures → report/workbooks → store/archive.

A leaf of the package: it imports no stage (only ``periods`` and the cell-address helpers of ``text``), so any
stage may use these records and none reaches another stage through them. Records are frozen where they are facts
(a value, a finding); the month's ``Dataset`` is filled by the checks and read by everything after them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from pathlib import Path

from .periods import Period
from .text.cells import a1

Number = int | float
Cell = object                     # a cell's value as python-calamine gives it: str, int, float, bool, date, None


# --- where things come from, and what is wrong with them ----------------------------------------------------

@dataclass(frozen=True)
class Source:
    """Where a value or a problem is, as a clerk finds it in Excel: file, sheet and A1 cell (may be empty)."""

    file: str
    sheet: str = ""
    cell: str = ""


NOWHERE = Source("")


class Severity(str, Enum):
    ERROR = "Lỗi"
    WARNING = "Cảnh báo"


@dataclass(frozen=True)
class Finding:
    """One problem in the month's data (frictionless-py style): a stable code from ``codes.py``, the unit it
    concerns (its catalog code for lookups and counting, its name as the clerk reads it) and its position."""

    code: str
    severity: Severity
    message: str
    unit_code: str = ""
    unit_name: str = ""
    source: Source = NOWHERE
    value: str = ""
    about: tuple[str, ...] = ()   # catalog codes of what it questions in the draft: indicator, ratio, list, section, task
    note: str = ""                # the short words the draft's marker gives (``cấp tỉnh 1.074 + cấp xã 392 = 1.466``)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def file(self) -> str:
        return self.source.file

    @property
    def sheet(self) -> str:
        return self.source.sheet

    @property
    def cell(self) -> str:
        return self.source.cell


# --- tasks ----------------------------------------------------------------------------------------------------

STATUSES = ("hoan-thanh", "dang-thuc-hien", "chua-thuc-hien")
STATUS_LABELS = {"hoan-thanh": "Hoàn thành", "dang-thuc-hien": "Đang thực hiện", "chua-thuc-hien": "Chưa thực hiện"}


@dataclass(frozen=True)
class TaskStatus:
    """A task's progress as a unit reports it; a completion date is only meaningful when completed."""

    status: str
    completed_on: date | None = None

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"Tình trạng \"{self.status}\" không hợp lệ (chọn một trong: {', '.join(STATUSES)}).")
        if self.completed_on is not None and self.status != "hoan-thanh":
            raise ValueError("Chỉ nhiệm vụ đã hoàn thành (hoan-thanh) mới có ngày hoàn thành.")

    @property
    def completed(self) -> bool:
        return self.status == "hoan-thanh"

    @property
    def label(self) -> str:
        """``Hoàn thành``, as forms, findings and the report write it."""
        return STATUS_LABELS[self.status]


# --- intake → checks: what a unit's workbook holds, read but not judged -----------------------------------------

@dataclass(frozen=True)
class RawValue:
    code: str
    raw: Cell
    source: Source
    note: str = ""
    as_of: Cell = None            # the row's "Tính đến ngày" cell (form 2025.5): this figure's own cut-off date


@dataclass(frozen=True)
class RawRow:
    """One row of the Nổi bật / Văn bản / Danh sách / Nhiệm vụ sheets: the choice code and the other cells."""

    choice: str
    cells: tuple[Cell, ...]
    row: int
    sheet: str
    file: str

    def source(self, col: int) -> Source:
        return Source(self.file, self.sheet, a1(self.row, col))

    def cell(self, col: int) -> Cell:
        """The cell of 1-based column ``col`` (``cells`` start at column 3), None past the row's end."""
        return self.cells[col - 3] if len(self.cells) > col - 3 else None


@dataclass
class Submission:
    path: Path
    unit_code: str
    period_text: str
    version: str
    info_cells: dict[str, str]
    sha256: str = ""
    info_at: dict[str, str] = field(default_factory=dict)   # Thông tin sheet: key → the A1 cell of its value
    values: list[RawValue] = field(default_factory=list)
    ratios_typed: list[RawValue] = field(default_factory=list)
    highlights: list[RawRow] = field(default_factory=list)
    documents: list[RawRow] = field(default_factory=list)
    items: list[RawRow] = field(default_factory=list)
    tasks: list[RawRow] = field(default_factory=list)   # Nhiệm vụ: choice = plan code, cells from column 3
    checked: Validation | None = None  # the file's own checks, when a reading worker already ran them
    name: str = ""                     # as findings name it: the path inside the period folder
    mtime: float = 0.0                 # modification time when read (which file is newest; when it arrived)

    @property
    def file(self) -> str:
        return self.name or self.path.name


@dataclass
class ReadResult:
    submissions: list[Submission]
    findings: list[Finding]
    files: list[Path]
    names: dict[Path, str] = field(default_factory=dict)  # each file as findings name it

    def name(self, path: Path) -> str:
        return self.names.get(path, path.name)


# --- checks → figures → report: the month's accepted data --------------------------------------------------------

@dataclass(frozen=True)
class Value:
    unit: str
    indicator: str
    value: Number
    source: Source
    as_of: date | None = None      # the cut-off date the unit gave for its figures ("tính đến ngày"), if any


@dataclass(frozen=True)
class Highlight:
    unit: str
    section: str
    text: str
    footnote: str
    source: Source
    task: tuple[str, str] | None = None    # the task it is about (canonical plan, number): cited, lateness added
    key: str = ""                          # the name a template places it by (column "Khóa"), e.g. ``tau_bay``


@dataclass(frozen=True)
class TaskReport:
    """A unit's status of one task it leads (keyed by the canonical task when plans restate it)."""

    unit: str
    task: tuple[str, str]
    status: TaskStatus
    note: str
    source: Source
    carried_from: str = ""         # not reported this period: the period key of the unit's latest earlier report


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
    key: str = ""                          # the name a template places it by (column "Khóa"), e.g. ``sskdt``


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


@dataclass(frozen=True)
class Total:
    """An indicator summed (or maximised) over the units that gave it; ``missing``: expected units without it."""

    indicator: str
    value: Number | None
    units: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return self.value is not None and not self.missing


@dataclass
class Validation:
    dataset: Dataset
    findings: list[Finding]
    totals: dict[str, Total] | None = None  # province totals the cross-unit rules computed; figures reuse them


# --- store → checks/figures: what earlier periods left in the history ---------------------------------------------

@dataclass(frozen=True)
class StoredValue:
    unit: str
    indicator: str
    value: Number


@dataclass(frozen=True)
class StoredStatus:
    unit: str
    task: tuple[str, str]
    status: TaskStatus


# --- intake + store → figures: who reported and when (DHIS2: expected, actual, on time) --------------------------

SENT_ON_TIME, SENT_LATE, SENT, REFUSED, NOT_SENT = "dung-han", "muon", "da-gui", "bi-tu-choi", "chua-gui"
STATE_LABELS = {SENT_ON_TIME: "Đã gửi đúng hạn", SENT_LATE: "Gửi muộn", SENT: "Đã gửi",
                REFUSED: "Tệp bị từ chối", NOT_SENT: "Chưa gửi"}


@dataclass(frozen=True)
class UnitStatus:
    """One unit's reporting in a period: the file used and when it arrived (the first time the history saw its
    content, or its modification time if earlier), the files of it that could not be used, and whom to call."""

    unit: str
    kind: str                           # units.csv kind: so-nganh, xa, phuong, dac-khu
    expected: bool                      # required in units.csv: counted in the reporting rates
    file: str = ""
    received: datetime | None = None
    late: bool | None = None            # None: nothing received, or no deadline followed
    refused: tuple[str, ...] = ()
    contact: str = ""
    phone: str = ""
    email: str = ""

    @property
    def state(self) -> str:
        if self.file:
            return {True: SENT_LATE, False: SENT_ON_TIME, None: SENT}[self.late]
        return REFUSED if self.refused else NOT_SENT

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]


@dataclass
class Reporting:
    """A period's reporting: every expected unit (``required`` in units.csv), then any other unit that sent a file,
    the files no unit could be told for, and the states of earlier periods kept in the history."""

    period: Period
    deadline: date | None
    units: list[UnitStatus] = field(default_factory=list)
    unknown_files: list[str] = field(default_factory=list)
    past: dict[Period, dict[str, str]] = field(default_factory=dict)   # earlier period → unit → state


# --- store → figures: what a resent file changed since the last run of the same period ----------------------------

@dataclass(frozen=True)
class Entry:
    """One thing a unit's file said, as text, so two runs can be compared: a figure (``so-lieu``), a list item
    (``danh-sach``), a document (``van-ban``), a task's status (``nhiem-vu``) or a highlight (``noi-bat``); ``item``
    is the indicator, list, task (``plan:number``) or section it belongs to."""

    unit: str
    kind: str
    item: str
    text: str


@dataclass
class StoredRun:
    """The last kiem-tra or bao-cao of a period, as the history keeps it."""

    started: datetime
    command: str
    files: dict[str, tuple[str, str]]   # unit → (file name, SHA-256) its report was taken from
    entries: list[Entry]
    findings: list[Finding]


@dataclass(frozen=True)
class Change:
    """One difference, as the clerk reads it: unit, what (``label``), before → after (``—`` when absent)."""

    unit: str
    kind: str
    label: str
    before: str
    after: str


@dataclass
class Changes:
    """What differs from the last run of the same period: the units whose file is not the one used then, what
    their files changed, the findings resolved and the new ones."""

    since: datetime
    command: str
    resent: list[tuple[str, str, str]] = field(default_factory=list)   # unit, file then ("" none), file now
    changes: list[Change] = field(default_factory=list)
    resolved: list[Finding] = field(default_factory=list)
    new: list[Finding] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.resent or self.changes or self.resolved or self.new)


@dataclass(frozen=True)
class Unprinted:
    """A row a unit sent (a highlight, a list entry) that the draft's template never printed: ``place`` is the
    section (``I.6.a``) or list code, ``label`` how the draft names it (``mục I.6.a``), ``unit`` the unit's code and
    ``unit_name`` its name."""

    place: str
    label: str
    unit: str
    unit_name: str
