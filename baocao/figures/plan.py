"""The plan judged over a span: each task due in the span, for each lead the plan names, done on time, done late,
not done yet, overdue, or not reported, from the statuses at the span's end (DHIS2's on-time rate, for tasks).

A task is due in the span when its governing deadline falls in a calendar month of the span (``Tháng 12/2025`` is
due in quý IV/2025 although the province's quarter ends on 15/12); the year's review also judges the tasks with no
fixed date (``Thực hiện thường xuyên``, ``Theo chỉ đạo …``) of the plans issued that year. A lead the plan names as
a group (``Các sở, ngành``) is judged over every unit of the group: done when all of them report it done.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ..catalog import Catalog
from ..catalog.deadlines import months_late
from ..catalog.tasks import Task
from ..model import TaskReport
from ..periods import Period, Span

ON_TIME, LATE, NOT_DONE, OVERDUE, UNREPORTED = "dung-han", "cham", "chua-xong", "qua-han", "chua-bao-cao"
OUTCOMES = (ON_TIME, LATE, NOT_DONE, OVERDUE, UNREPORTED)
OUTCOME_LABELS = {ON_TIME: "Hoàn thành đúng hạn", LATE: "Hoàn thành chậm", NOT_DONE: "Chưa hoàn thành (chưa đến hạn)",
                  OVERDUE: "Quá hạn, chưa hoàn thành", UNREPORTED: "Chưa báo cáo"}
GROUP_LEADS = {"so-nganh": "Các sở, ban, ngành", "xa-phuong": "UBND các xã, phường, đặc khu", "xa": "UBND các xã",
               "phuong": "UBND các phường", "dac-khu": "UBND đặc khu"}


@dataclass(frozen=True)
class TaskOutcome:
    """A task for one lead as the plan names it (a unit code or a ``@group``) at the span's end."""

    task: Task
    lead: str
    units: tuple[str, ...]            # the units behind the lead, units.csv order
    due: date | None
    outcome: str
    reports: tuple[TaskReport, ...]   # the statuses given, units.csv order
    months_late: int = 0

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self.outcome]


def lead_name(catalog: Catalog, lead: str) -> str:
    """``Sở Khoa học và Công nghệ``, or ``Các sở, ban, ngành`` for ``@so-nganh``."""
    if lead.startswith("@"):
        return GROUP_LEADS.get(lead[1:], lead[1:])
    unit = catalog.units.get(lead)
    return unit.name if unit else lead


def due_in_span(catalog: Catalog, task: Task, span: Span) -> tuple[bool, date | None]:
    governing = catalog.tasks.governing(task.key)
    due = governing[1].due if governing else None
    if due is not None:
        return Period(due.year, due.month) in span.months, due
    plan = catalog.tasks.plans[task.plan]
    return span.kind == "nam" and governing is not None and plan.issued.year == span.year, None


def classify(catalog: Catalog, reports: Iterable[TaskReport], span: Span, end: date) -> list[TaskOutcome]:
    """Every task due in the span (parents through their sub-tasks), for each lead the plan names, in catalog order."""
    tasks = catalog.tasks
    order = {code: i for i, code in enumerate(catalog.units)}
    given = {(r.unit, r.task): r for r in reports}
    found: list[TaskOutcome] = []
    for task in tasks.canonical_tasks():
        if tasks.has_subtasks(task):
            continue
        inside, due = due_in_span(catalog, task, span)
        if not inside:
            continue
        leads = dict.fromkeys(ref for t in tasks.group(task.key) for ref in t.lead_units)
        for lead in leads:
            units = tuple(sorted(catalog.expand((lead,)), key=lambda u: order.get(u, len(order))))
            got = tuple(given[(u, task.key)] for u in units if (u, task.key) in given)
            found.append(_judge(task, lead, units, due, got, end))
    return found


def _judge(task: Task, lead: str, units: tuple[str, ...], due: date | None, got: tuple[TaskReport, ...],
           end: date) -> TaskOutcome:
    """Done when every unit behind the lead reports it done (late if any finished after the due date); overdue when
    one reports it open past its due date; not reported when nothing says otherwise and some unit is silent."""
    open_ = [r for r in got if not r.status.completed]
    if open_:
        late = due is not None and due < end
        return TaskOutcome(task, lead, units, due, OVERDUE if late else NOT_DONE, got,
                           months_late(due, end) if late and due else 0)
    if len(got) < len(units) or not got:
        return TaskOutcome(task, lead, units, due, UNREPORTED, got)
    finished = [r.status.completed_on for r in got if r.status.completed_on]
    last = max(finished) if finished else None
    if due is not None and last is not None and last > due:
        return TaskOutcome(task, lead, units, due, LATE, got, months_late(due, last))
    return TaskOutcome(task, lead, units, due, ON_TIME, got)


@dataclass(frozen=True)
class LeadTally:
    """One row of the year's summary: a lead and how many of its tasks ended each way."""

    lead: str
    name: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def tally(catalog: Catalog, outcomes: list[TaskOutcome]) -> tuple[dict[str, int], list[LeadTally]]:
    """The counts over all tasks (each task once: its worst outcome over its leads) and by lead, leads in the order
    of units.csv, groups last."""
    rank = {o: i for i, o in enumerate((ON_TIME, LATE, NOT_DONE, UNREPORTED, OVERDUE))}
    worst: dict[tuple[str, str], str] = {}
    by_lead: dict[str, dict[str, int]] = {}
    for o in outcomes:
        key = o.task.key
        if key not in worst or rank[o.outcome] > rank[worst[key]]:
            worst[key] = o.outcome
        counts = by_lead.setdefault(o.lead, dict.fromkeys(OUTCOMES, 0))
        counts[o.outcome] += 1
    overall = dict.fromkeys(OUTCOMES, 0)
    for outcome in worst.values():
        overall[outcome] += 1
    order = {code: i for i, code in enumerate(catalog.units)}
    leads = sorted(by_lead, key=lambda lead: (lead.startswith("@"), order.get(lead, len(order)), lead))
    return overall, [LeadTally(lead, lead_name(catalog, lead), by_lead[lead]) for lead in leads]
