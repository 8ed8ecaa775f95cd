"""The short summary printed at the end of a run, in Vietnamese."""
from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .config import Settings
from .figures.reporting import GROUP_NAMES, rates
from .model import SENT, SENT_ON_TIME, Changes, Reporting
from .periods import month_ranges
from .archive.pdf import REVIEW_COPY
from .pipeline import Outcome
from .spans import SpanOutcome
from .text import fmt
from .workbooks.status import GROUPS, ORDER

if TYPE_CHECKING:
    from .report.render import TemplateCheck

SHOWN = 8


def _names(codes: list[str], names: dict[str, str]) -> str:
    shown = [names.get(c, c) for c in codes[:SHOWN]]
    rest = len(codes) - SHOWN
    return ", ".join(shown) + (f" và {rest} đơn vị khác" if rest > 0 else "")


def print_summary(command: str, outcome: Outcome, settings: Settings, root: Path, console: Console | None = None) -> None:
    console = console or Console(highlight=False)
    p = outcome.period
    data = outcome.dataset
    if isinstance(outcome, SpanOutcome):
        _span(outcome, settings, console)
    else:
        console.print(f"[bold]Kỳ báo cáo tháng {p.label}[/bold] (từ {fmt.short_date(p.first_day(settings.rule))} "
                      f"đến {fmt.short_date(p.last_day(settings.rule))})")
    if data is not None and not isinstance(outcome, SpanOutcome):
        names = outcome.unit_names
        console.print(f"Đơn vị đã báo cáo: {len(data.accepted_files)}/{outcome.expected_units}")
        result = outcome.figures.reporting if outcome.figures else None
        if result is not None and result.deadline is not None:
            province = rates(result)["toan-tinh"]
            console.print(f"Gửi đúng hạn (hạn {fmt.short_date(result.deadline)}): {province.on_time}/{province.expected}; "
                          f"gửi muộn: {province.late} (chi tiết: lệnh tinh-hinh)")
        if data.missing_units:
            console.print(f"Đơn vị chưa báo cáo ({len(data.missing_units)}): {escape(_names(data.missing_units, names))}")
        if data.rejected_files:
            console.print(f"Tệp bị từ chối ({len(data.rejected_files)}): {escape(', '.join(sorted(data.rejected_files)))}")
    if data is not None:
        style = "red" if outcome.errors else "green"
        console.print(f"[{style}]Lỗi: {outcome.errors}[/{style}]; cảnh báo: {outcome.warnings}")
        if outcome.changes is not None:
            _changes(outcome.changes, names, console)
    console.print("Tệp đã ghi:")
    for path in outcome.written[:SHOWN * 2]:
        console.print(f"  {escape(_shown(path, root))}")
    if len(outcome.written) > SHOWN * 2:
        console.print(f"  … và {len(outcome.written) - SHOWN * 2} tệp khác trong {escape(str(outcome.written[-1].parent))}")
    for note in outcome.notes:
        console.print(f"[yellow]{escape(note)}[/yellow]")
    if outcome.template_warnings and outcome.template_problem is None:
        console.print(f"[yellow]Mẫu báo cáo có {outcome.template_warnings} cảnh báo: xem bằng lệnh "
                      "python generate.py kiem-tra-mau[/yellow]")
    _layout(outcome, console)
    _no_draft(outcome, root, console)
    if isinstance(outcome, SpanOutcome) and outcome.missing_months:
        months = month_ranges(outcome.missing_months)
        console.print(f"[red]Báo cáo {outcome.period.label} còn thiếu số liệu tháng {months}: lập báo cáo các tháng "
                      "này rồi chạy lại (xem tệp kiem-tra trong thư mục kết quả).[/red]")
    _markers(outcome, console)
    _unprinted(outcome, console)
    if outcome.no_data:
        console.print(f"[red]Không có tệp nào của đơn vị dùng được cho kỳ {p.label} (đã nhận "
                      f"{len(data.rejected_files) if data else 0} tệp bị từ chối): chưa lập báo cáo, số liệu các kỳ "
                      "không thay đổi. Chép các tệp Excel đơn vị gửi vào thư mục "
                      f"{escape(str(settings.inputs / p.key))}, xem lý do từng tệp bị từ chối trong tệp kiem-tra, "
                      "rồi chạy lại lệnh.[/red]")
    elif data is not None and outcome.errors:
        console.print("[red]Số liệu có lỗi: xem tệp kiem-tra trong thư mục kết quả và gửi bản \"can sua\" cho đơn vị.[/red]")


def _span(outcome: SpanOutcome, settings: Settings, console: Console) -> None:
    """A span's header: its dates, the months without data, then each month: from which run, who is missing."""
    span, rule = outcome.period, settings.rule
    console.print(f"[bold]Báo cáo {span.label}[/bold] (từ {fmt.short_date(span.first_day(rule))} đến "
                  f"{fmt.short_date(span.last_day(rule))}), lập từ số liệu các tháng đã lưu:")
    figures = outcome.span_figures
    if outcome.missing_months:
        console.print(f"[red]  Tháng {month_ranges(outcome.missing_months)}: chưa có số liệu (chưa lập báo cáo tháng: "
                      f"python generate.py bao-cao --ky {outcome.missing_months[0].label} …); báo cáo ghi rõ các "
                      "tháng còn thiếu.[/red]")
    for month, run in sorted(outcome.runs.items()):
        absent = figures.missing_units.get(month, ()) if figures else ()
        when = datetime.fromisoformat(run[1])
        line = f"  Tháng {month.label}: số liệu của lần lập báo cáo lúc {when:%H:%M ngày %d/%m/%Y}"
        if absent:
            line += f"; đơn vị chưa báo cáo ({len(absent)}): {_names(list(absent), outcome.unit_names)}"
        console.print(escape(line))


CHANGES_SHOWN = 12


def _changes(changes: Changes, names: dict[str, str], console: Console) -> None:
    """What differs from the last run of the period: who resent, each change before → after (the first few; all
    are on the Thay đổi sheet of the validation report), findings resolved and new."""
    since = f"{changes.command} lúc {changes.since:%H:%M} ngày {fmt.short_date(changes.since)}"
    if changes.empty:
        console.print(f"Không có gì thay đổi so với lần chạy trước ({since}).")
        return
    console.print(f"[bold]Thay đổi so với lần chạy trước[/bold] ({since}):")
    counts = Counter(c.unit for c in changes.changes)
    for unit, then, now in changes.resent:
        what = (f"gửi lại ({escape(now)}), {counts[unit]} thay đổi" if then and now else
                f"gửi báo cáo ({escape(now)})" if now else f"không còn tệp dùng được (trước: {escape(then)})")
        console.print(f"  • {escape(names.get(unit, unit))}: {what}")
    for c in changes.changes[:CHANGES_SHOWN]:
        console.print(f"    {escape(names.get(c.unit, c.unit))} · {escape(_short(c.label))}: {escape(_short(c.before))}"
                      f" → {escape(_short(c.after))}")
    if len(changes.changes) > CHANGES_SHOWN:
        console.print(f"    … và {len(changes.changes) - CHANGES_SHOWN} thay đổi khác: xem trang \"Thay đổi\" của tệp "
                      "kiem-tra.")
    resolved = [f for f in changes.resolved if f.code != "don-vi-chua-bao-cao"]
    new = [f for f in changes.new if f.code != "don-vi-chua-bao-cao"]
    if resolved or new:
        console.print(f"  Lỗi, cảnh báo đã hết: {len(resolved)}; mới: {len(new)}")


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _markers(outcome: Outcome, console: Console) -> None:
    """How many markers the draft holds: each must be resolved in Word before ``pdf`` converts it for signing."""
    from .report.markers import find_markers

    for path in outcome.written:
        if path.suffix == ".docx" and REVIEW_COPY not in path.stem:
            found = outcome.markers.get(path)   # counted by the worker that made the draft
            if found is None:
                found = len(find_markers(path))
            if found:
                console.print(f"[yellow]{escape(path.name)} có {found} chỗ đánh dấu (tô vàng: số liệu thiếu, cần "
                              "kiểm tra hoặc đơn vị chưa gửi) cần xử lý trước khi ký; nguồn của từng số liệu có trong "
                              f"bản {escape(path.stem)}{REVIEW_COPY}.docx.[/yellow]")


def _unprinted(outcome: Outcome, console: Console) -> None:
    """What units sent that a draft's template printed nowhere (the template has no ``chua_in``)."""
    from .report.unprinted import summary_line

    for path, rows in outcome.unprinted.items():
        console.print(f"[yellow]{escape(summary_line(path.name, rows))}[/yellow]")


def _layout(outcome: Outcome, console: Console) -> None:
    """What the ND30 check found in the report: a warning to look at in Word, never a reason to withhold the draft."""
    by_report: dict[Path, list[str]] = {}
    for path, problem in outcome.layout:
        by_report.setdefault(path, []).append(problem)
    for path, problems in by_report.items():
        console.print(f"[yellow]Cảnh báo thể thức (Nghị định 30/2020/NĐ-CP) của {escape(path.name)}, "
                      f"cần xem lại khi sửa trong Word ({len(problems)}):[/yellow]")
        for problem in problems:
            console.print(f"[yellow]  • {escape(problem)}[/yellow]")


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _no_draft(outcome: Outcome, root: Path, console: Console) -> None:
    """The template has errors: say plainly that no new draft was made, and which older one is in the folder."""
    problem = outcome.template_problem
    if problem is None:
        return
    errors = [i for i in problem.issues if i.is_error]
    console.print(f"[bold red]KHÔNG lập bản dự thảo báo cáo mới: mẫu {escape(problem.name)} có {len(errors)} lỗi "
                  "(báo cáo kiểm tra và tệp tổng hợp vẫn được ghi).[/bold red]")
    for item in errors:
        console.print(f"[red]{escape(item.describe())}[/red]")
    older = outcome.older_draft
    if older is not None:
        when = datetime.fromtimestamp(older.stat().st_mtime).strftime("%H:%M ngày %d/%m/%Y")
        console.print(f"[bold]Bản dự thảo trong thư mục là bản CŨ, lập lúc {when}: {escape(_shown(older, root))}. "
                      "Bản này không có số liệu của lần chạy này.[/bold]")
    else:
        console.print("Trong thư mục kết quả chưa có bản dự thảo nào của kỳ này.")
    console.print("Sửa mẫu trong Word, lưu lại, kiểm tra bằng: python generate.py kiem-tra-mau, rồi chạy lại lệnh này.")


def print_template_check(result: TemplateCheck, root: Path, console: Console | None = None) -> None:
    """``kiem-tra-mau``: every issue with its paragraph, the tags Word had cut in pieces, and the verdict."""
    console = console or Console(highlight=False)
    console.print(f"[bold]Kiểm tra mẫu báo cáo {escape(_shown(result.path, root))}[/bold]")
    for item in result.issues:
        colour = "red" if item.is_error else "yellow"
        console.print(f"[{colour}]{escape(item.describe())}[/{colour}]")
    if result.repaired:
        shown = "; ".join(f"«{tag}» (đoạn thứ {where.paragraph})" for where, tag in result.repaired[:SHOWN])
        more = f" và {len(result.repaired) - SHOWN} thẻ khác" if len(result.repaired) > SHOWN else ""
        console.print(f"Word đã tách {len(result.repaired)} thẻ thành nhiều đoạn chữ (thường do đánh dấu lỗi chính "
                      f"tả); công cụ tự nối lại khi điền, không cần sửa: {escape(shown)}{more}.")
    errors, warnings = len(result.errors), len(result.warnings)
    if errors:
        console.print(f"[bold red]Kết quả: {errors} lỗi, {warnings} cảnh báo. Mẫu này chưa dùng được: sửa các chỗ "
                      "trên trong Word, lưu lại, rồi chạy lại python generate.py kiem-tra-mau.[/bold red]")
    else:
        console.print(f"[green]Kết quả: mẫu dùng được[/green]" + (f" ({warnings} cảnh báo nên xem)." if warnings
                                                                 else "."))


REMINDERS_SHOWN = 100


def print_status(outcome: Outcome, settings: Settings, root: Path, console: Console | None = None) -> None:
    """tinh-hinh: the counts by unit kind, the units to remind (not sent, refused, late) with whom to call, the
    units received on time by name; everything, with e-mails and files, is in the tinh-hinh workbook."""
    console = console or Console(highlight=False)
    assert outcome.figures is not None and outcome.figures.reporting is not None
    result, p = outcome.figures.reporting, outcome.period
    due = f"hạn gửi {fmt.short_date(result.deadline)}" if result.deadline else "chưa đặt hạn gửi trong config.toml"
    console.print(f"[bold]Tình hình gửi báo cáo kỳ {p.label}[/bold] (từ {fmt.short_date(p.first_day(settings.rule))} "
                  f"đến {fmt.short_date(p.last_day(settings.rule))}; {due})")
    by_group = rates(result)
    table = Table("Đơn vị", "Phải gửi", "Đã gửi", "Đúng hạn", "Gửi muộn", "Chưa gửi", box=box.SIMPLE_HEAD)
    for group in GROUPS:
        if group in by_group:
            r = by_group[group]
            table.add_row(GROUP_NAMES[group].capitalize(), *(str(n) for n in (r.expected, r.sent, r.on_time, r.late,
                                                                              r.missing)))
    console.print(table)
    province = by_group["toan-tinh"]
    console.print(f"Tỷ lệ gửi báo cáo: {fmt.percent(province.reporting_rate)} ({province.sent}/{province.expected} đơn "
                  f"vị); gửi đúng hạn: {fmt.percent(province.on_time_rate)} ({province.on_time}/{province.expected})")
    _reminders(outcome, result, console)
    on_time = [s for s in result.units if s.state in (SENT_ON_TIME, SENT)]
    if on_time:
        names = ", ".join(outcome.unit_names.get(s.unit, s.unit) for s in on_time)
        console.print(f"Đã gửi{' đúng hạn' if result.deadline else ''} ({len(on_time)}): {escape(names)}")
    for path in outcome.written:
        console.print(f"Danh sách đầy đủ (gọi điện, gửi thư nhắc): {escape(_shown(path, root))}")
    for note in outcome.notes:
        console.print(f"[yellow]{escape(note)}[/yellow]")


def _reminders(outcome: Outcome, result: Reporting, console: Console) -> None:
    order = {state: n for n, state in enumerate(ORDER)}
    remind = sorted((s for s in result.units if s.state not in (SENT_ON_TIME, SENT)), key=lambda s: order[s.state])
    if not remind and not result.unknown_files:
        return
    table = Table("Đơn vị cần nhắc", "Tình trạng", "Nhận lúc", "Người liên hệ", "Điện thoại", box=box.SIMPLE_HEAD)
    for s in remind[:REMINDERS_SHOWN]:
        table.add_row(escape(outcome.unit_names.get(s.unit, s.unit)), s.label,
                      fmt.moment(s.received) if s.received else "", escape(s.contact), escape(s.phone))
    console.print(table)
    if len(remind) > REMINDERS_SHOWN:
        console.print(f"… và {len(remind) - REMINDERS_SHOWN} đơn vị khác (xem tệp tinh-hinh).")
    if result.unknown_files:
        console.print(f"Tệp không xác định được đơn vị ({len(result.unknown_files)}): "
                      f"{escape(', '.join(result.unknown_files))} (xem lệnh kiem-tra)")
