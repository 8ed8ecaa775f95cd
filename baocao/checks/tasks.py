"""Rules on the Nhiệm vụ sheet of one unit's file: each status is for a task of the plans that the unit leads, is one
of the drop-down's, and a completion has a date no later than the period's last day. Rows left blank are simply
not reported.

Pure functions of the file and the catalog (no I/O, no shared state): the reading workers run them.
"""
from __future__ import annotations

from datetime import date

from ..catalog.tasks import TaskKey
from ..codes import emits
from ..intake.layout import TASK_DATE_COL, TASK_NOTE_COL, TASK_NUMBER_COL, TASK_STATUS_COL, status_code, task_ref
from ..model import STATUS_LABELS, RawRow, Submission, TaskReport, TaskStatus
from ..text import fmt
from ..text.cells import cell_text, parse_date
from .scope import Scope


def task_rows(scope: Scope, sub: Submission, last_day: date) -> None:
    for row in sub.tasks:
        status, typed_date, note = (row.cell(TASK_STATUS_COL), row.cell(TASK_DATE_COL),
                                    cell_text(row.cell(TASK_NOTE_COL)))
        if not (cell_text(status) or cell_text(typed_date) or note):
            continue
        led = _led_task(scope, row)
        if led is None:
            continue
        key, described = led
        found = _status(scope, row, described, last_day, (task_ref(*key),))
        if found is not None:
            scope.dataset.task_statuses.append(TaskReport(scope.unit_code, key, found, note,
                                                          row.source(TASK_STATUS_COL)))


@emits("nhiem-vu-khong-xac-dinh", "nhiem-vu-khong-chu-tri")
def _led_task(scope: Scope, row: RawRow) -> tuple[TaskKey, str] | None:
    """The row's canonical task, and the task as findings name it (as the row gives it: ``16.2 (Quyết định …)``),
    if it is in the catalog and the unit leads it."""
    tasks = scope.catalog.tasks
    number = cell_text(row.cell(TASK_NUMBER_COL))
    found = tasks.find(number, scope.unit_code, row.choice) if number else None
    if found is None:
        shown = f"{number} ({row.choice})" if row.choice and number else number or row.choice or "(để trống)"
        scope.add("nhiem-vu-khong-xac-dinh", row.source(TASK_NUMBER_COL), value=shown)
        return None
    key, described = tasks.canonical(found.key), tasks.describe(found.key)
    if scope.unit_code not in tasks.leads(key):
        scope.add("nhiem-vu-khong-chu-tri", row.source(TASK_NUMBER_COL), value=number, detail=described)
        return None
    return key, described


@emits("thieu-noi-dung", "tinh-trang-khong-hop-le", "ngay-khong-hop-le", "hoan-thanh-thieu-ngay",
       "ngay-hoan-thanh-thua", "ngay-hoan-thanh-sau-ky")
def _status(scope: Scope, row: RawRow, described: str, last_day: date, about: tuple[str, ...]) -> TaskStatus | None:
    """The status the unit chose, with its completion date; None after a finding when it cannot be used."""
    typed, typed_date = cell_text(row.cell(TASK_STATUS_COL)), row.cell(TASK_DATE_COL)
    status_at, date_at = row.source(TASK_STATUS_COL), row.source(TASK_DATE_COL)
    if not typed:
        scope.add("thieu-noi-dung", status_at, detail=f"tình trạng thực hiện nhiệm vụ {described}", about=about,
                  note="tình trạng")
        return None
    code = status_code(typed)
    if code is None:
        scope.add("tinh-trang-khong-hop-le", status_at, value=typed, detail=described, about=about, note=f"“{typed}”")
        return None
    completed_on = parse_date(typed_date) if cell_text(typed_date) else None
    if cell_text(typed_date) and completed_on is None:
        scope.add("ngay-khong-hop-le", date_at, value=cell_text(typed_date), about=about,
                  note=f"ngày hoàn thành “{cell_text(typed_date)}”")
        return None
    if code == "hoan-thanh" and completed_on is None:
        scope.add("hoan-thanh-thieu-ngay", date_at, detail=described, about=about)
        return None
    if completed_on is not None and code != "hoan-thanh":
        scope.add("ngay-hoan-thanh-thua", date_at, value=STATUS_LABELS[code], detail=described, about=about,
                  note=f"ngày {fmt.short_date(completed_on)}")
        completed_on = None
    if completed_on is not None and completed_on > last_day:
        scope.add("ngay-hoan-thanh-sau-ky", date_at, value=fmt.short_date(completed_on), detail=described,
                  base=fmt.short_date(last_day), about=about, note=f"ngày {fmt.short_date(completed_on)}")
        return None
    return TaskStatus(code, completed_on)
