"""``nhiem_vu``: the plans' tasks for section III and the appendix, and how late a task is."""
from __future__ import annotations

import re

from ..catalog.tasks import OverdueTask
from ..figures.tasks import TaskResult
from ..text import fmt
from .builder import Builder, clause, sentence_end
from .footnotes import clean


class Lateness:
    """How late a task is at the period end: ``chậm tiến độ 01 tháng so với yêu cầu hoàn thành tháng 9/2025``."""

    so_thang: str
    muc: str
    han: str
    hoan_thanh: bool

    def __init__(self, overdue: OverdueTask):
        part = overdue.part
        before = bool(part and re.search(r"\b(?:trước|từ) ngày", part.text.lower()))
        self.so_thang = fmt.count(overdue.months_late)
        self.muc = f"{'hoàn thành chậm' if overdue.completed_late else 'chậm tiến độ'} {self.so_thang} tháng"
        self.han = fmt.deadline(part.kind if part else "ngay", overdue.due, before)
        self.hoan_thanh = overdue.completed_late

    def __str__(self) -> str:
        return f"{self.muc} so với yêu cầu hoàn thành {self.han}"


class TaskRow:
    """A row of the appendix table. A cell of several lines holds them as paragraphs (docxtpl turns the
    ``\\a`` between them into a new paragraph with the same formatting); ``nhom``: a parent task or plan heading."""

    so: str
    noi_dung: str
    chu_tri: str
    thoi_han: str
    tinh_trang: str
    ghi_chu: str
    nhom: bool

    def __init__(self, so: str, noi_dung: str, chu_tri: str = "", thoi_han: tuple[str, ...] = (),
                 tinh_trang: tuple[str, ...] = (), ghi_chu: tuple[str, ...] = (), nhom: bool = False):
        self.so, self.noi_dung, self.chu_tri, self.nhom = so, noi_dung, chu_tri, nhom
        self.thoi_han, self.tinh_trang, self.ghi_chu = ("\a".join(x) for x in (thoi_han, tinh_trang, ghi_chu))


class TasksView:
    """``nhiem_vu``: the plans' tasks, for section III and the appendix."""

    ke_hoach: str
    so_nhiem_vu: str
    cham_tien_do: list[str]
    phu_luc: list[TaskRow]

    def __init__(self, results: list[TaskResult], b: Builder):
        self._b = b
        tasks = b.catalog.tasks
        plans = [tasks.plans[code] for code in dict.fromkeys(r.task.plan for r in results)]
        self.ke_hoach = b.plans_cited(plans) if plans else ""
        self.so_nhiem_vu = fmt.count(sum(1 for r in results if not r.parent))
        late = [(unit, o) for r in results for unit, o in r.late if not o.completed_late]
        self.cham_tien_do = [f"{b.names([unit])}: nhiệm vụ {o.task.number} {Lateness(o)}" for unit, o in late]
        self.phu_luc: list[TaskRow] = []
        plan = None
        for r in results:
            if len(plans) > 1 and r.task.plan != plan:
                self.phu_luc.append(TaskRow("", b.plans_cited([tasks.plans[r.task.plan]]), nhom=True))
            plan = r.task.plan
            self.phu_luc.append(self._row(r))

    def _row(self, r: TaskResult) -> TaskRow:
        tasks = self._b.catalog.tasks
        group = tasks.group(r.task.key)
        lead = "; ".join(dict.fromkeys(t.lead_text.strip().rstrip(".") for t in group if t.lead_text.strip()))
        deadline = tasks.deadline_lines(r.task.key)
        if r.parent:
            return TaskRow(r.task.number, clause(r.task.text), lead, tuple(deadline), nhom=True)
        return TaskRow(r.task.number, clause(r.task.text), lead, tuple(deadline), tuple(self._status(r)),
                       tuple(self._remarks(r)))

    def _status(self, r: TaskResult) -> list[str]:
        def label(report) -> str:
            done = report.status.completed_on
            return report.status.label + (f" ngày {fmt.short_date(done)}" if done else "")

        if not r.reports:
            return ["Chưa báo cáo"]
        if len(r.leads) == 1 or (not r.unreported and len({label(x) for x in r.reports}) == 1):
            return [label(r.reports[0])]
        counts: dict[str, int] = {}
        for report in r.reports:
            counts[report.status.label] = counts.get(report.status.label, 0) + 1
        if r.unreported:
            counts["Chưa báo cáo"] = len(r.unreported)
        return [f"{name}: {fmt.count(n)} đơn vị" for name, n in counts.items()]

    def _remarks(self, r: TaskResult) -> list[str]:
        b = self._b
        single = len(r.leads) == 1
        by_lateness: dict[str, list[str]] = {}
        for unit, overdue in r.late:
            by_lateness.setdefault(str(Lateness(overdue)), []).append(unit)
        lines = [(text[0].upper() + text[1:]) if single else f"{text[0].upper() + text[1:]}: {b.names(units)}"
                 for text, units in by_lateness.items()]
        for report in r.reports:
            note = clean(report.note).strip()
            if note:
                lines.append(sentence_end(note) if single else f"{b.names([report.unit])}: {sentence_end(note)}")
        return lines
