"""Plans and their tasks as data: ``catalog/plans.csv`` and ``catalog/tasks.csv``.

A plan (e.g. Kế hoạch 3433/KH-UBND) assigns numbered tasks to lead and coordinating units with a
deadline in words. Staff keep them in CSV so that next year's plan is new rows, not new code. Unit
codes are checked against the unit catalog; a broken row is a configuration problem reported with
file, line and column, like the other catalogs.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Protocol

from ..model import TaskStatus
from ..text import fmt
from ..text.cells import parse_date
from .deadlines import Deadline, DeadlinePart, is_overdue, months_late, parse_deadline
from .entries import Section
from .rows import CatalogRows
from .units import Units

PLAN_COLUMNS = ("code", "number", "date", "issuer", "title")
OPTIONAL_PLAN_COLUMNS = ("doc_type", "complete")
TASK_COLUMNS = ("plan", "number", "text", "lead_units", "coordinating_units", "lead_text", "coordinating_text",
                "deadline_text", "report_section")
OPTIONAL_TASK_COLUMNS = ("same_as",)
TASK_NUMBER_RE = re.compile(r"^\d+(?:\.\d+)*$")
# The kind of document, from the symbol after the number when plans.csv leaves doc_type empty (3433/KH-UBND).
DOC_TYPES = {"KH": "Kế hoạch", "QĐ": "Quyết định", "CT": "Chỉ thị", "NQ": "Nghị quyết", "TB": "Thông báo"}

TaskKey = tuple[str, str]


@dataclass(frozen=True)
class Plan:
    """A document that assigns tasks. ``complete`` is False when tasks.csv keeps only some of its tasks
    (a Quyết định cited for the tasks it restates), so its sub-tasks need no parent row."""

    code: str
    number: str
    issued: date
    issuer: str
    title: str
    doc_type: str = ""
    complete: bool = True

    @property
    def name(self) -> str:
        """``Kế hoạch số 3433/KH-UBND``."""
        return f"{self.doc_type} số {self.number}"

    @property
    def reference(self) -> str:
        """``Kế hoạch số 3433/KH-UBND ngày 26/3/2025``, as footnotes cite it."""
        return f"{self.name} ngày {fmt.short_date(self.issued)}"


@dataclass(frozen=True)
class Task:
    """One numbered task or sub-task of a plan; a parent with sub-tasks may have no lead or deadline."""

    plan: str
    number: str
    text: str
    lead_units: tuple[str, ...]
    coordinating_units: tuple[str, ...]
    lead_text: str
    coordinating_text: str
    deadline: Deadline | None
    report_section: str
    same_as: TaskKey | None = None   # the same task assigned earlier by another plan (``kh_3433_2025:63.8``)

    @property
    def key(self) -> TaskKey:
        return (self.plan, self.number)

    @property
    def parent_number(self) -> str | None:
        """``27`` for ``27.1``; None for a top-level task."""
        head, dot, _ = self.number.rpartition(".")
        return head if dot else None

    @property
    def deadline_text(self) -> str:
        return self.deadline.text if self.deadline else ""


@dataclass(frozen=True)
class OverdueTask:
    """A task late at the end of a period: still open after its due date, or completed after it."""

    task: Task
    due: date
    status: TaskStatus
    months_late: int
    part: DeadlinePart | None = None     # the deadline that governs (possibly stated by a same_as task)
    assigned: Task | None = None         # the task of the group whose deadline that is

    @property
    def completed_late(self) -> bool:
        """``hoàn thành chậm`` rather than ``chậm tiến độ``."""
        return self.status.completed


@dataclass
class TaskCatalog:
    """The plans and their tasks, with the units they name (to expand groups such as ``@so-nganh``)."""

    plans: dict[str, Plan]
    tasks: dict[TaskKey, Task]
    units: Units = field(repr=False, compare=False)

    def task(self, plan: str, number: str) -> Task:
        return self.tasks[(plan, number)]

    def subtasks(self, task: Task) -> list[Task]:
        return [t for t in self.tasks.values() if t.plan == task.plan and t.parent_number == task.number]

    def tasks_led_by(self, unit_code: str, named_only: bool = False) -> list[Task]:
        """Tasks the unit leads. Groups such as ``@so-nganh`` ("Các sở, ngành") make every member a lead,
        because each department then answers for its own part; ``named_only`` keeps tasks naming the unit."""
        if unit_code not in self.units:
            raise ValueError(f"Không có đơn vị mã \"{unit_code}\" trong units.csv.")
        if named_only:
            return [t for t in self.tasks.values() if unit_code in t.lead_units]
        return [t for t in self.tasks.values() if unit_code in self.units.expand(t.lead_units)]

    def unreadable_deadlines(self) -> list[Task]:
        """Tasks whose deadline wording could not be read: listed for staff, never guessed."""
        return [t for t in self.tasks.values() if t.deadline is not None and not t.deadline.readable]

    # A task restated by a later plan (``same_as``) is one task: one row in forms and appendix, one status,
    # the earlier plan's task is the canonical one, and every plan that assigns it is cited.

    def canonical(self, key: TaskKey) -> TaskKey:
        task = self.tasks.get(key)
        return task.same_as if task is not None and task.same_as else key

    @cached_property
    def _restated(self) -> dict[TaskKey, list[Task]]:
        found: dict[TaskKey, list[Task]] = {}
        for t in self.tasks.values():
            if t.same_as is not None:
                found.setdefault(t.same_as, []).append(t)
        return {key: sorted(ts, key=lambda t: (self.plans[t.plan].issued, t.plan)) for key, ts in found.items()}

    @cached_property
    def _parents(self) -> frozenset[TaskKey]:
        return frozenset((t.plan, t.parent_number) for t in self.tasks.values() if t.parent_number)

    def group(self, key: TaskKey) -> list[Task]:
        """The canonical task, then the tasks that restate it, in the order their plans were issued."""
        head = self.tasks[self.canonical(key)]
        return [head, *self._restated.get(head.key, [])]

    def has_subtasks(self, task: Task) -> bool:
        return task.key in self._parents

    def leads(self, key: TaskKey) -> frozenset[str]:
        """Unit codes that lead the task, any of the plans that assign it (groups expanded)."""
        return frozenset().union(*(self.units.expand(t.lead_units) for t in self.group(key)))

    def canonical_tasks(self) -> list[Task]:
        """Every task once, in catalog order: what the appendix lists."""
        return [t for t in self.tasks.values() if t.same_as is None]

    def groups_led_by(self, unit_code: str) -> list[Task]:
        """The canonical tasks the unit reports on: it leads the task in one of its plans (parents excluded)."""
        if unit_code not in self.units:
            raise ValueError(f"Không có đơn vị mã \"{unit_code}\" trong units.csv.")
        return [t for t in self.canonical_tasks() if not self.has_subtasks(t) and unit_code in self.leads(t.key)]

    def find(self, ref: str, unit_code: str = "", plan: str = "") -> Task | None:
        """A task named in a form: ``kh_3433_2025:63.8``, or a number with its plan, or a bare number, which
        means the unit's own task first (``16.2`` finds 63.8 when they are one task), else the only task so numbered."""
        if ":" in ref:
            plan, _, ref = ref.partition(":")
        ref, plan = ref.strip(), plan.strip()
        if plan:
            return self.tasks.get((plan, ref))
        own = [t for t in self.groups_led_by(unit_code) if ref in (m.number for m in self.group(t.key))] \
            if unit_code in self.units else []
        matches = own or [t for t in self.tasks.values() if t.number == ref]
        return matches[0] if len(matches) == 1 else None

    def describe(self, key: TaskKey) -> str:
        """``63.8 (Kế hoạch số 3433/KH-UBND)``, for findings."""
        plan = self.plans.get(key[0])
        return f"{key[1]} ({plan.name})" if plan else f"{key[1]} ({key[0]})"

    def deadline_lines(self, key: TaskKey) -> list[str]:
        """The deadline as every plan assigning the task writes it; a restating plan's line names it:
        ``Theo lộ trình, hướng dẫn của Bộ Công an`` / ``Tháng 9/2025 (Nhiệm vụ số 16.2 Quyết định số 1689/QĐ-UBND)``."""
        head, *others = self.group(key)
        lines = [head.deadline_text] if head.deadline_text else []
        lines += [f"{t.deadline_text} (Nhiệm vụ số {t.number} {self.plans[t.plan].name})" for t in others
                  if t.deadline_text]
        return lines

    def governing(self, key: TaskKey) -> tuple[Task, DeadlinePart] | None:
        """The deadline that decides lateness: the earliest dated one of every plan assigning the task;
        without any date, the canonical task's own (recurring, as directed …); None when unreadable."""
        dated: list[tuple[date, int, Task, DeadlinePart]] = []
        for order, task in enumerate(self.group(key)):
            part = task.deadline.governing if task.deadline else None
            if part is not None and part.due is not None:
                dated.append((part.due, order, task, part))
        if dated:
            _, _, task, part = min(dated, key=lambda d: (d[0], d[1]))
            return task, part
        head = self.tasks[self.canonical(key)]
        part = head.deadline.governing if head.deadline else None
        return (head, part) if part is not None else None

    def late(self, key: TaskKey, status: TaskStatus, period_end: date) -> OverdueTask | None:
        """The task as late at ``period_end`` with this status, or None when it is not (or cannot be judged)."""
        found = self.governing(key)
        if found is None or found[1].due is None:
            return None
        assigned, part = found
        due = part.due
        if not is_overdue(Deadline(part.text, (part,)), status, period_end):
            return None
        until = status.completed_on if status.completed and status.completed_on else period_end
        return OverdueTask(self.tasks[self.canonical(key)], due, status, months_late(due, until), part, assigned)

    def overdue(self, statuses: Mapping[TaskKey, TaskStatus], period_end: date) -> list[OverdueTask]:
        """Tasks late at ``period_end`` given their statuses. Tasks without a status or without a dated
        deadline (in any plan assigning them) are not judged. Months late run to the completion date
        for a late completion."""
        result: list[OverdueTask] = []
        for key, status in statuses.items():
            if key in self.tasks:
                found = self.late(key, status, period_end)
                if found is not None:
                    result.append(found)
        order = {key: i for i, key in enumerate(self.tasks)}
        return sorted(result, key=lambda o: order[o.task.key])


class References(Protocol):
    """What tasks refer to: the units (and their groups) and the report's sections (a ``Catalog`` is one)."""

    @property
    def units(self) -> Units: ...

    @property
    def sections(self) -> Mapping[str, Section]: ...


def load_tasks(folder: Path, catalog: References) -> TaskCatalog:
    """Read plans.csv and tasks.csv from ``folder`` and check them against ``catalog``."""
    plans = _plans(CatalogRows(folder / "plans.csv", PLAN_COLUMNS))
    rows = CatalogRows(folder / "tasks.csv", TASK_COLUMNS)
    tasks: dict[TaskKey, Task] = {}
    lines: dict[TaskKey, int] = {}
    for line, row in rows.rows:
        task = _task(rows, line, row, plans, catalog, tasks)
        tasks[task.key], lines[task.key] = task, line
    _check_tree(rows, tasks, lines, plans)
    return TaskCatalog(plans, tasks, catalog.units)


def _plans(r: CatalogRows) -> dict[str, Plan]:
    plans: dict[str, Plan] = {}
    for line, row in r.rows:
        code = r.code(line, row)
        if code in plans:
            raise r.fail(line, "code", f"mã \"{code}\" bị trùng.")
        issued = parse_date(r.required(line, row, "date", "ngày ban hành"))
        if issued is None:
            raise r.fail(line, "date", f"ngày \"{row['date']}\" không hợp lệ (ghi theo dạng ngày/tháng/năm, "
                         "ví dụ 26/3/2025).")
        number = r.required(line, row, "number", "số, ký hiệu văn bản")
        symbol = number.partition("/")[2].partition("-")[0]
        doc_type = row.get("doc_type", "") or DOC_TYPES.get(symbol, "")
        if not doc_type:
            raise r.fail(line, "doc_type", f"chưa ghi loại văn bản (Kế hoạch, Quyết định …) của \"{number}\".")
        complete = row.get("complete", "") or "1"
        if complete not in ("0", "1"):
            raise r.fail(line, "complete", f"\"{complete}\" không hợp lệ (1: có đủ mọi nhiệm vụ, "
                         "0: chỉ một số nhiệm vụ).")
        plans[code] = Plan(code, number, issued, r.required(line, row, "issuer", "cơ quan ban hành"), row["title"],
                           doc_type, complete == "1")
    return plans


def _task(r: CatalogRows, line: int, row: dict[str, str], plans: dict[str, Plan], catalog: References,
          earlier: Mapping[TaskKey, Task]) -> Task:
    plan, number = row["plan"], row["number"]
    if plan not in plans:
        raise r.fail(line, "plan", f"kế hoạch \"{plan}\" không có trong plans.csv.")
    if not TASK_NUMBER_RE.match(number):
        raise r.fail(line, "number", f"số thứ tự \"{number}\" không hợp lệ (ghi dạng 1, 27 hoặc 27.1).")
    if (plan, number) in earlier:
        raise r.fail(line, "number", f"nhiệm vụ {number} của kế hoạch \"{plan}\" bị trùng.")
    section = row["report_section"]
    if section and section not in catalog.sections:
        raise r.fail(line, "report_section", f"mục \"{section}\" không có trong sections.csv.")
    deadline = parse_deadline(row["deadline_text"]) if row["deadline_text"] else None
    same = row.get("same_as", "")
    same_as = None
    if same:
        target_plan, colon, target_number = same.partition(":")
        if not colon or not target_plan or not target_number:
            raise r.fail(line, "same_as", f"\"{same}\" phải ghi dạng kế hoạch:số, ví dụ kh_3433_2025:63.8.")
        same_as = (target_plan.strip(), target_number.strip())
    units = catalog.units
    return Task(plan, number, r.required(line, row, "text", "nội dung nhiệm vụ"),
                units.references(r, line, row, "lead_units"), units.references(r, line, row, "coordinating_units"),
                row["lead_text"], row["coordinating_text"], deadline, section, same_as)


def _check_tree(r: CatalogRows, tasks: dict[TaskKey, Task], lines: dict[TaskKey, int], plans: dict[str, Plan]) -> None:
    """Sub-tasks have their parent (in a complete plan), ``same_as`` points at an original task, and every task
    that is not a parent has a lead unit and a deadline."""
    parents = {(t.plan, t.parent_number) for t in tasks.values() if t.parent_number}
    for key, task in tasks.items():
        line = lines[key]
        if task.parent_number and (task.plan, task.parent_number) not in tasks and plans[task.plan].complete:
            raise r.fail(line, "number", f"nhiệm vụ {task.number} là nhiệm vụ con của {task.parent_number} "
                         f"nhưng không có dòng nhiệm vụ {task.parent_number}.")
        if task.same_as is not None:
            target = tasks.get(task.same_as)
            if target is None:
                raise r.fail(line, "same_as", f"không có nhiệm vụ {task.same_as[1]} của kế hoạch "
                             f"\"{task.same_as[0]}\" trong tasks.csv.")
            if target.same_as is not None or target.key == key:
                raise r.fail(line, "same_as", f"phải chỉ tới nhiệm vụ gốc (dòng không ghi same_as), "
                             f"không chỉ tới {task.same_as[0]}:{task.same_as[1]}.")
        if key in parents:
            continue
        if not task.lead_units:
            raise r.fail(line, "lead_units", f"nhiệm vụ {task.number} chưa ghi đơn vị chủ trì.")
        if task.deadline is None:
            raise r.fail(line, "deadline_text", f"nhiệm vụ {task.number} chưa ghi thời gian hoàn thành.")
