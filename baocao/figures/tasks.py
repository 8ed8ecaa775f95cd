"""The plans' tasks at the period's end: what each lead unit reported, and who is late and by how much."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..catalog import Catalog
from ..catalog.tasks import OverdueTask, Task, TaskKey
from ..model import Dataset, TaskReport
from ..periods import Period, PeriodRule


@dataclass(frozen=True)
class TaskResult:
    """One task of the appendix (a task restated by several plans once) with what its lead units reported."""

    task: Task
    parent: bool                                   # has sub-tasks: reported through them
    leads: tuple[str, ...]                         # lead unit codes, units.csv order
    reports: tuple[TaskReport, ...]                # statuses given this period (or carried forward), units.csv order
    late: tuple[tuple[str, OverdueTask], ...]      # (unit, how late) for every lead unit late at the period end

    @property
    def unreported(self) -> tuple[str, ...]:
        given = {r.unit for r in self.reports}
        return tuple(u for u in self.leads if u not in given)


def task_results(dataset: Dataset, catalog: Catalog, earlier: Iterable[tuple[Period, TaskReport]] = ()
                 ) -> tuple[list[TaskResult], dict[tuple[str, TaskKey], OverdueTask]]:
    """Lateness is judged per lead unit from its own status, against the task's governing deadline, at the
    period's last day (``deadlines.months_late``); a task without a status is listed, not judged. A unit that
    did not report a task this period keeps its latest earlier status, marked with that period."""
    tasks = catalog.tasks
    end = dataset.last_day or dataset.period.last_day(PeriodRule())
    order = {code: i for i, code in enumerate(catalog.units)}
    given = {(r.unit, r.task) for r in dataset.task_statuses}
    carried = []
    for month, s in earlier:
        key = tasks.canonical(s.task)
        if month < dataset.period and key in tasks.tasks and (s.unit, key) not in given and s.unit in tasks.leads(key):
            given.add((s.unit, key))
            carried.append(replace(s, task=key, carried_from=month.key))
    by_task: dict[TaskKey, list[TaskReport]] = defaultdict(list)
    for report in sorted([*dataset.task_statuses, *carried], key=lambda r: order.get(r.unit, len(order))):
        by_task[report.task].append(report)
    overdue: dict[tuple[str, TaskKey], OverdueTask] = {}
    results = []
    for task in tasks.canonical_tasks():
        reports = by_task.get(task.key, [])
        late = []
        for report in reports:
            found = tasks.late(task.key, report.status, end)
            if found is not None:
                late.append((report.unit, found))
                overdue[(report.unit, task.key)] = found
        leads = tuple(sorted(tasks.leads(task.key), key=lambda u: order.get(u, len(order))))
        results.append(TaskResult(task, tasks.has_subtasks(task), leads, tuple(reports), tuple(late)))
    return results, overdue
