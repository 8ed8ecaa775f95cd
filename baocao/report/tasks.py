"""``nhiem_vu``: the plans' tasks for section III and the appendix, and how late a task is."""
from __future__ import annotations

import re

from ..catalog.tasks import OverdueTask
from ..figures.tasks import TaskResult
from ..intake.layout import task_ref
from ..model import TaskReport, TaskStatus
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


class UnreportedGroup:
    """``Sở Khoa học và Công nghệ: nhiệm vụ 4 (quá hạn: tháng 3/2025), 8, 11, 12``: the tasks one lead (as the plan
    words it) has not reported on, overdue first."""

    don_vi: str
    nhiem_vu: str
    so_nhiem_vu: str
    qua_han: bool

    def __init__(self, lead: str, tasks: list[tuple[str, str]]):
        self.don_vi = lead
        self.nhiem_vu = ", ".join(number + (f" ({note})" if note else "") for number, note in tasks)
        self.so_nhiem_vu = fmt.count(len(tasks))
        self.qua_han = any(note for _, note in tasks)

    def __str__(self) -> str:
        return f"{self.don_vi}: nhiệm vụ {self.nhiem_vu}"


class TasksView:
    """``nhiem_vu``: the plans' tasks, for section III and the appendix. ``phu_luc``: the rows of the tasks a lead
    unit reported on (this period, or its latest earlier status with that period), overdue first;
    ``chua_bao_cao``: the other tasks, grouped by lead unit, overdue first; ``co_phu_luc``: whether there is an
    appendix (``phu_luc_nhiem_vu = false`` in config.toml switches it off)."""

    ke_hoach: str
    so_nhiem_vu: str
    cham_tien_do: list[str]
    phu_luc: list[TaskRow]
    chua_bao_cao: list[UnreportedGroup]
    co_phu_luc: bool

    def __init__(self, results: list[TaskResult], b: Builder, appendix: bool = True):
        self._b = b
        tasks = b.catalog.tasks
        plans = [tasks.plans[code] for code in dict.fromkeys(r.task.plan for r in results)]
        self.ke_hoach = b.plans_cited(plans) if plans else ""
        self.so_nhiem_vu = fmt.count(sum(1 for r in results if not r.parent))
        late = [(unit, o) for r in results for unit, o in r.late if not o.completed_late]
        self.cham_tien_do = [f"{b.names([unit])}: nhiệm vụ {o.task.number} {Lateness(o)}" for unit, o in late]
        self.phu_luc: list[TaskRow] = []
        self.chua_bao_cao: list[UnreportedGroup] = []
        if appendix:
            reported = [r for r in results if not r.parent and self._reported(r)]
            overdue = [r for r in reported if any(not o.completed_late for _, o in r.late)]
            self.phu_luc = [self._row(r) for r in [*overdue, *(r for r in reported if r not in overdue)]]
            self.chua_bao_cao = self._unreported([r for r in results if not r.parent and not self._reported(r)])
        self.co_phu_luc = bool(self.phu_luc or self.chua_bao_cao)

    def _reported(self, r: TaskResult) -> bool:
        return bool(r.reports) or bool(self._b.doubts.left_out(task_ref(*r.task.key), r.leads))

    def _unreported(self, results: list[TaskResult]) -> list[UnreportedGroup]:
        tasks, end = self._b.catalog.tasks, self._b.dataset.last_day
        groups: dict[str, list[tuple[str, str]]] = {}
        for r in results:
            group = tasks.group(r.task.key)
            lead = "; ".join(dict.fromkeys(" ".join(t.lead_text.split()).lstrip("- ").rstrip(".") for t in group
                                           if t.lead_text.strip()))
            found = tasks.late(r.task.key, TaskStatus("chua-thuc-hien"), end) if end else None
            note = f"quá hạn: {Lateness(found).han}" if found else ""
            groups.setdefault(lead or "Chưa ghi đơn vị chủ trì", []).append((r.task.number, note))
        made = [UnreportedGroup(lead, sorted(items, key=lambda i: not i[1])) for lead, items in groups.items()]
        return sorted(made, key=lambda g: not g.qua_han)

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
        b = self._b
        ref = task_ref(*r.task.key)

        def plain(report: TaskReport) -> str:
            done = report.status.completed_on
            text = report.status.label + (f" ngày {fmt.short_date(done)}" if done else "")
            if report.carried_from:
                year, month = report.carried_from.split("-")
                text += f" ({month}/{year})"
            return text

        def label(report: TaskReport) -> str:
            return b.doubted(plain(report), b.doubts.on(ref, [report.unit]))

        left_out = [str(b.notes.marker(f"[bị loại: {d.words()} — {d.unit_name}]"))
                    for d in b.doubts.left_out(ref, r.leads)]
        if not r.reports:
            return left_out or ["Chưa báo cáo"]
        if len(r.leads) == 1 or (not r.unreported and len({plain(x) for x in r.reports}) == 1):
            return [label(r.reports[0]), *left_out]
        counts: dict[str, int] = {}
        for report in r.reports:
            counts[report.status.label] = counts.get(report.status.label, 0) + 1
        if r.unreported:
            counts["Chưa báo cáo"] = len(r.unreported)
        marked = [b.doubted("", b.doubts.on(ref, [x.unit])) for x in r.reports]
        return [f"{name}: {fmt.count(n)} đơn vị" for name, n in counts.items()] + [m for m in marked if m] + left_out
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
