"""Rules against the previous period, from the history: a cumulative figure that went down, a figure that jumped,
an increment that does not match the cumulative figures, a task reported completed before and not now. Warnings
only: either period may be the wrong one, and the tool does not guess which.

Runs in the main process; the history is read by the pipeline and handed in.
"""
from __future__ import annotations

from ..catalog import Catalog
from ..codes import emits, finding
from ..intake.layout import task_ref
from ..model import Finding, StoredStatus, StoredValue, TaskReport, Value
from ..periods import Period
from ..text import fmt


def _about(code: str, v: Value, catalog: Catalog, detail: str, base: str = "", note: str = "") -> Finding:
    return finding(code, unit_code=v.unit, unit_name=catalog.unit_name(v.unit), source=v.source,
                   value=fmt.number(v.value), detail=detail, base=base, about=(v.indicator,), note=note)


@emits("tang-khong-khop", "luy-ke-giam", "bien-dong-bat-thuong")
def compare_values(values: list[Value], previous: list[StoredValue], catalog: Catalog, period: Period,
                   factor: float) -> list[Finding]:
    """Warnings against last period: a cumulative figure that went down, a figure that jumped."""
    before = {(v.unit, v.indicator): v.value for v in previous}
    now = {(v.unit, v.indicator): v.value for v in values}
    earlier = period.previous().label
    found: list[Finding] = []
    for v in values:
        ind = catalog.indicators.get(v.indicator)
        if ind is None:
            continue
        if ind.increment_of:
            cur, prev = now.get((v.unit, ind.increment_of)), before.get((v.unit, ind.increment_of))
            if cur is not None and prev is not None and cur - prev != v.value:
                found.append(_about("tang-khong-khop", v, catalog, base=fmt.number(cur - prev),
                                    detail=f"{ind.name} (= {fmt.number(cur)} − {fmt.number(prev)} của kỳ {earlier})",
                                    note=f"đơn vị ghi {fmt.number(v.value)}, tính từ số lũy kế được "
                                         f"{fmt.number(cur - prev)}"))
        old = before.get((v.unit, v.indicator))
        if old is None:
            continue
        detail = f"{ind.name}: kỳ {period.label} là {fmt.number(v.value)}, kỳ {earlier} là {fmt.number(old)}"
        note = f"kỳ {earlier} là {fmt.number(old)}"
        if ind.cumulative and v.value < old:
            found.append(_about("luy-ke-giam", v, catalog, detail=detail, note=note))
        elif factor > 1 and old > 0 and v.value > 0 and max(v.value / old, old / v.value) > factor:
            found.append(_about("bien-dong-bat-thuong", v, catalog, detail=detail, base=fmt.number(factor, 0), note=note))
    return found


@emits("hoan-thanh-ky-truoc")
def compare_task_statuses(current: list[TaskReport], previous: list[StoredStatus], catalog: Catalog,
                          period: Period) -> list[Finding]:
    """A task a unit reported completed last period and now reports as not completed: a warning, never a guess
    which of the two is right. A task left blank this period is not compared (it is simply not reported)."""
    before = {(s.unit, catalog.tasks.canonical(s.task)): s.status for s in previous}
    found: list[Finding] = []
    for report in current:
        old = before.get((report.unit, report.task))
        if old is None or not old.completed or report.status.completed:
            continue
        when = f" (ngày {fmt.short_date(old.completed_on)})" if old.completed_on else ""
        found.append(finding("hoan-thanh-ky-truoc", unit_code=report.unit, unit_name=catalog.unit_name(report.unit),
                             source=report.source, value=report.status.label,
                             detail=catalog.tasks.describe(report.task),
                             base=f"{period.previous().label}{when}", about=(task_ref(*report.task),),
                             note=f"kỳ {period.previous().label}{when}"))
    return found
