"""The short summary printed at the end of a run, in Vietnamese."""
from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape

from .config import Settings
from .pipeline import Outcome
from .text import fmt

SHOWN = 8


def _names(codes: list[str], names: dict[str, str]) -> str:
    shown = [names.get(c, c) for c in codes[:SHOWN]]
    rest = len(codes) - SHOWN
    return ", ".join(shown) + (f" và {rest} đơn vị khác" if rest > 0 else "")


def print_summary(command: str, outcome: Outcome, settings: Settings, root: Path, console: Console | None = None) -> None:
    console = console or Console(highlight=False)
    p = outcome.period
    console.print(f"[bold]Kỳ báo cáo tháng {p.label}[/bold] (từ {fmt.short_date(p.first_day(settings.rule))} "
                  f"đến {fmt.short_date(p.last_day(settings.rule))})")
    data = outcome.dataset
    if data is not None:
        names = outcome.unit_names
        console.print(f"Đơn vị đã báo cáo: {len(data.accepted_files)}/{outcome.expected_units}")
        if data.missing_units:
            console.print(f"Đơn vị chưa báo cáo ({len(data.missing_units)}): {escape(_names(data.missing_units, names))}")
        if data.rejected_files:
            console.print(f"Tệp bị từ chối ({len(data.rejected_files)}): {escape(', '.join(sorted(data.rejected_files)))}")
        style = "red" if outcome.errors else "green"
        console.print(f"[{style}]Lỗi: {outcome.errors}[/{style}]; cảnh báo: {outcome.warnings}")
    console.print("Tệp đã ghi:")
    for path in outcome.written[:SHOWN * 2]:
        try:
            shown = path.relative_to(root)
        except ValueError:
            shown = path
        console.print(f"  {escape(str(shown))}")
    if len(outcome.written) > SHOWN * 2:
        console.print(f"  … và {len(outcome.written) - SHOWN * 2} tệp khác trong {escape(str(outcome.written[-1].parent))}")
    for note in outcome.notes:
        console.print(f"[yellow]{escape(note)}[/yellow]")
    _layout(outcome, console)
    if data is not None and outcome.errors:
        console.print("[red]Số liệu có lỗi: xem tệp kiem-tra trong thư mục kết quả và gửi bản \"can sua\" cho đơn vị.[/red]")


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

