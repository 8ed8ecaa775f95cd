"""Plans and their tasks as data: ``catalog/plans.csv`` and ``catalog/tasks.csv``.

A plan (e.g. Kế hoạch 3433/KH-UBND) assigns numbered tasks to lead and coordinating units with a
deadline in words. Staff keep them in CSV so that next year's plan is new rows, not new code. Unit
codes are checked against the unit catalog; a broken row is a configuration problem reported with
file, line and column, like the other catalogs.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .catalog import CODE_RE, KIND_GROUPS, UNIT_KINDS, Catalog, CatalogError
from .cells import parse_date
from .deadlines import Deadline, TaskStatus, is_overdue, months_late, parse_deadline

PLAN_COLUMNS = ("code", "number", "date", "issuer", "title")
TASK_COLUMNS = ("plan", "number", "text", "lead_units", "coordinating_units", "lead_text", "coordinating_text",
                "deadline_text", "report_section")
TASK_NUMBER_RE = re.compile(r"^\d+(?:\.\d+)*$")

TaskKey = tuple[str, str]


@dataclass(frozen=True)
class Plan:
    code: str
    number: str
    issued: date
    issuer: str
    title: str


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

    @property
    def completed_late(self) -> bool:
        """``hoàn thành chậm`` rather than ``chậm tiến độ``."""
        return self.status.completed


@dataclass
class TaskCatalog:
    plans: dict[str, Plan]
    tasks: dict[TaskKey, Task]
    catalog: Catalog = field(repr=False)

    def task(self, plan: str, number: str) -> Task:
        return self.tasks[(plan, number)]

    def subtasks(self, task: Task) -> list[Task]:
        return [t for t in self.tasks.values() if t.plan == task.plan and t.parent_number == task.number]

    def tasks_led_by(self, unit_code: str, named_only: bool = False) -> list[Task]:
        """Tasks the unit leads. Groups such as ``@so-nganh`` ("Các sở, ngành") make every member a lead,
        because each department then answers for its own part; ``named_only`` keeps tasks naming the unit."""
        if unit_code not in self.catalog.units:
            raise ValueError(f"Không có đơn vị mã \"{unit_code}\" trong units.csv.")
        if named_only:
            return [t for t in self.tasks.values() if unit_code in t.lead_units]
        return [t for t in self.tasks.values() if unit_code in self.catalog.expand(t.lead_units)]

    def unreadable_deadlines(self) -> list[Task]:
        """Tasks whose deadline wording could not be read: listed for staff, never guessed."""
        return [t for t in self.tasks.values() if t.deadline is not None and not t.deadline.readable]

    def overdue(self, statuses: Mapping[TaskKey, TaskStatus], period_end: date) -> list[OverdueTask]:
        """Tasks late at ``period_end`` given their statuses. Tasks without a status or without a dated
        deadline are not judged. Months late run to the completion date for a late completion."""
        result: list[OverdueTask] = []
        for key, task in self.tasks.items():
            status, deadline = statuses.get(key), task.deadline
            due = deadline.due if deadline else None
            if status is None or deadline is None or due is None or not is_overdue(deadline, status, period_end):
                continue
            until = status.completed_on if status.completed and status.completed_on else period_end
            result.append(OverdueTask(task, due, status, months_late(due, until)))
        return result


class _Rows:
    """One CSV file with the physical line each record starts on (cells may span lines)."""

    def __init__(self, path: Path, columns: tuple[str, ...]):
        self.path = path
        if not path.exists():
            raise CatalogError(f"Thiếu tệp danh mục {path}.")
        self.rows: list[tuple[int, dict[str, str]]] = []
        try:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                reader = csv.reader(fh)
                header = [h.strip() for h in next(reader, [])]
                missing = [c for c in columns if c not in header]
                if missing:
                    raise CatalogError(f"{path.name}: thiếu cột {', '.join(missing)} ở dòng tiêu đề.")
                start = reader.line_num + 1
                for record in reader:
                    line, start = start, reader.line_num + 1
                    if not any(cell.strip() for cell in record):
                        continue
                    if len(record) > len(header):
                        raise self.fail(line, header[-1], f"dòng có {len(record)} ô, nhiều hơn {len(header)} cột "
                                        "của dòng tiêu đề (ô có dấu phẩy phải được đặt trong dấu ngoặc kép).")
                    cells = record + [""] * (len(header) - len(record))
                    self.rows.append((line, {h: unicodedata.normalize("NFC", v.strip())
                                             for h, v in zip(header, cells) if h}))
        except UnicodeDecodeError as exc:
            raise CatalogError(f"{path.name}: tệp không phải UTF-8 ({exc.reason}).") from exc
        except csv.Error as exc:
            raise CatalogError(f"{path.name}, dòng {start}: không đọc được dòng CSV ({exc}).") from exc

    def fail(self, line: int, column: str, why: str) -> CatalogError:
        return CatalogError(f"{self.path.name}, dòng {line}, cột {column}: {why}")

    def required(self, line: int, row: dict[str, str], column: str, what: str) -> str:
        if not row[column]:
            raise self.fail(line, column, f"chưa ghi {what}.")
        return row[column]


def load_tasks(folder: Path, catalog: Catalog) -> TaskCatalog:
    """Read plans.csv and tasks.csv from ``folder`` and check them against ``catalog``."""
    plans: dict[str, Plan] = {}
    r = _Rows(folder / "plans.csv", PLAN_COLUMNS)
    for line, row in r.rows:
        code = row["code"]
        if not CODE_RE.match(code):
            raise r.fail(line, "code", f"mã \"{code}\" chỉ được gồm chữ thường không dấu, số và dấu _.")
        if code in plans:
            raise r.fail(line, "code", f"mã \"{code}\" bị trùng.")
        issued = parse_date(r.required(line, row, "date", "ngày ban hành"))
        if issued is None:
            raise r.fail(line, "date", f"ngày \"{row['date']}\" không hợp lệ (ghi theo dạng ngày/tháng/năm, ví dụ 26/3/2025).")
        plans[code] = Plan(code, r.required(line, row, "number", "số, ký hiệu văn bản"), issued,
                           r.required(line, row, "issuer", "cơ quan ban hành"), r.required(line, row, "title", "trích yếu"))

    r = _Rows(folder / "tasks.csv", TASK_COLUMNS)

    def units(line: int, row: dict[str, str], column: str) -> tuple[str, ...]:
        items = tuple(p.strip() for p in row[column].split(";") if p.strip())
        for item in items:
            known = item[1:] in UNIT_KINDS or item[1:] in KIND_GROUPS if item.startswith("@") else item in catalog.units
            if not known:
                raise r.fail(line, column, f"\"{item}\" không phải mã đơn vị hay nhóm đơn vị.")
        return items

    tasks: dict[TaskKey, Task] = {}
    lines: dict[TaskKey, int] = {}
    for line, row in r.rows:
        plan = row["plan"]
        if plan not in plans:
            raise r.fail(line, "plan", f"kế hoạch \"{plan}\" không có trong plans.csv.")
        number = row["number"]
        if not TASK_NUMBER_RE.match(number):
            raise r.fail(line, "number", f"số thứ tự \"{number}\" không hợp lệ (ghi dạng 1, 27 hoặc 27.1).")
        if (plan, number) in tasks:
            raise r.fail(line, "number", f"nhiệm vụ {number} của kế hoạch \"{plan}\" bị trùng.")
        section = row["report_section"]
        if section and section not in catalog.sections:
            raise r.fail(line, "report_section", f"mục \"{section}\" không có trong sections.csv.")
        deadline = parse_deadline(row["deadline_text"]) if row["deadline_text"] else None
        tasks[(plan, number)] = Task(
            plan, number, r.required(line, row, "text", "nội dung nhiệm vụ"), units(line, row, "lead_units"),
            units(line, row, "coordinating_units"), row["lead_text"], row["coordinating_text"], deadline, section)
        lines[(plan, number)] = line

    parents = {(t.plan, t.parent_number) for t in tasks.values() if t.parent_number}
    for key, task in tasks.items():
        line = lines[key]
        if task.parent_number and (task.plan, task.parent_number) not in tasks:
            raise r.fail(line, "number", f"nhiệm vụ {task.number} là nhiệm vụ con của {task.parent_number} "
                         f"nhưng không có dòng nhiệm vụ {task.parent_number}.")
        if key in parents:
            continue
        if not task.lead_units:
            raise r.fail(line, "lead_units", f"nhiệm vụ {task.number} chưa ghi đơn vị chủ trì.")
        if task.deadline is None:
            raise r.fail(line, "deadline_text", f"nhiệm vụ {task.number} chưa ghi thời gian hoàn thành.")
    return TaskCatalog(plans, tasks, catalog)
