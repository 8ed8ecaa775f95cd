"""The command line: parse arguments, call the pipeline, map outcomes to exit codes.

Exit status: 0 done, 1 data errors found, 2 wrong usage, 3 file or system problem.
"""
from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .config import Settings
    from .periods import Period

# openpyxl imports numpy only to recognise numpy number types, which this tool never writes; leaving numpy
# out saves about 0.2 s at every start (python -X importtime). Nothing the CLI runs needs numpy.
sys.modules.setdefault("numpy", None)  # type: ignore[arg-type]


def project_root() -> Path:
    """The project folder (config.toml, catalog/, inputs/, outputs/): ``BAOCAO_ROOT`` when set (the tests run the
    real CLI on small projects built in a temporary folder), else the folder this package sits in (beside
    generate.py), else the current folder (the package installed elsewhere)."""
    named = os.environ.get("BAOCAO_ROOT")
    if named:
        return Path(named)
    beside = Path(__file__).resolve().parent.parent
    return beside if (beside / "config.toml").is_file() else Path.cwd()


ROOT = project_root()
EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_SYSTEM = 0, 1, 2, 3

COMMANDS = {
    "bao-cao": "tổng hợp, kiểm tra số liệu và lập báo cáo của kỳ (mặc định)",
    "kiem-tra": "chỉ kiểm tra các tệp của đơn vị và ghi báo cáo kiểm tra",
    "mau-bieu": "lập mẫu biểu trống cho từng đơn vị",
    "pdf": "chuyển bản dự thảo Word đã sửa của kỳ thành PDF/A để ký số",
    "luu-tru": "kiểm tra chữ ký số rồi lưu trữ báo cáo đã ký (--kiem-tra: kiểm tra lại kho lưu trữ)",
}


class VietnameseFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[override]
        super().add_usage(usage, actions, groups, prefix="Cách dùng: ")


class Parser(argparse.ArgumentParser):
    """argparse with Vietnamese help and errors, and exit status 2 for wrong usage."""

    def __init__(self, **kwargs):
        super().__init__(formatter_class=VietnameseFormatter, add_help=False, **kwargs)
        self._positionals.title = "Lệnh"
        self._optionals.title = "Tùy chọn"
        self.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"Lỗi cách dùng: {_translate(message)}\nGõ: python generate.py --help\n")
        raise SystemExit(EXIT_USAGE)


def _translate(message: str) -> str:
    replacements = {"unrecognized arguments": "tham số không hợp lệ",
                    "invalid choice": "lệnh không hợp lệ", "expected one argument": "thiếu giá trị sau tùy chọn",
                    "choose from": "chọn một trong", "argument ": "tham số "}
    for en, vi in replacements.items():
        message = message.replace(en, vi)
    return message


def _common(parser: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--ky", metavar="THÁNG/NĂM", default=default,
                        help="kỳ báo cáo, ví dụ 10/2025 hoặc 2025-10 (mặc định: kỳ hiện tại theo ngày hôm nay)")
    parser.add_argument("--ghi-de", action="store_true", default=argparse.SUPPRESS if suppress else False,
                        help="ghi đè tệp kết quả đã có (mặc định: giữ tệp cũ, ghi tệp mới có số thứ tự)")
    parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS if suppress else False,
                        help="hiện chi tiết kỹ thuật khi có lỗi (dành cho người hỗ trợ kỹ thuật)")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python generate.py",
                    description="Lập báo cáo tháng Đề án 06 từ các tệp Excel của đơn vị.\n"
                                "Chạy không kèm lệnh = lệnh bao-cao cho kỳ hiện tại.",
                    epilog="Kết quả: 0 hoàn thành; 1 hoàn thành nhưng số liệu có lỗi (xem báo cáo kiểm tra); "
                           "2 sai cách dùng; 3 lỗi tệp hoặc hệ thống.")
    _common(parser, suppress=False)
    sub = parser.add_subparsers(dest="lenh", metavar="LỆNH", parser_class=Parser)
    commands = {}
    for name, help_text in COMMANDS.items():
        commands[name] = sub.add_parser(name, help=help_text, prog=f"python generate.py {name}", description=help_text[0].upper() + help_text[1:] + ".")
        _common(commands[name], suppress=True)
    commands["pdf"].add_argument("--tep", metavar="TỆP", type=Path,
                                 help="bản dự thảo cần chuyển (mặc định: tệp .docx sửa gần nhất trong outputs/<kỳ>/)")
    commands["luu-tru"].add_argument("tep", nargs="?", metavar="TỆP_PDF_ĐÃ_KÝ", type=Path,
                                     help="tệp PDF đã ký số cần lưu trữ (cần --ky)")
    commands["luu-tru"].add_argument("--phien-ban-moi", action="store_true",
                                     help="kỳ đã có bản lưu trữ: lưu thêm tệp này thành phiên bản mới, giữ cả bản cũ")
    commands["luu-tru"].add_argument("--kiem-tra", action="store_true",
                                     help="tính lại mã băm mọi tệp đã lưu trữ, báo tệp bị thay đổi hoặc bị mất")
    return parser


def _progress_factory(stack: ExitStack) -> Callable[[int, str], Callable[[Path], None]]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = stack.enter_context(Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                            TimeRemainingColumn(), transient=True))

    def factory(total: int, label: str) -> Callable[[Path], None]:
        task = progress.add_task(label, total=total)

        def tick(path: Path) -> None:
            progress.advance(task)
            if all(t.finished for t in progress.tasks):
                progress.stop()  # the bar's refresh thread ends, so later work may fork safely
        if total == 0:
            progress.stop()
        return tick
    return factory


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    args = build_parser().parse_args(argv)
    command = args.lenh or "bao-cao"
    try:
        return run(command, args)
    except KeyboardInterrupt:
        sys.stderr.write("Đã dừng theo yêu cầu. Không tệp kết quả nào bị ghi dở.\n")
        return EXIT_SYSTEM
    except Exception as exc:
        if args.debug:
            traceback.print_exc()
        return _explain(exc)


def _explain(exc: Exception) -> int:
    from .archive.pdf import PdfError
    from .catalog import CatalogError
    from .config import ConfigError
    from .files import OutputLockedError
    from .pipeline import NoInputsError
    from .report.render import TemplateProblem

    if isinstance(exc, (ConfigError, CatalogError, OutputLockedError, NoInputsError, PdfError, TemplateProblem)):
        sys.stderr.write(f"Lỗi: {exc}\n")
    elif isinstance(exc, OSError):
        sys.stderr.write(f"Lỗi tệp hoặc thư mục: {exc.strerror or exc} ({exc.filename or ''}).\n")
    else:
        sys.stderr.write(f"Lỗi không mong đợi ({type(exc).__name__}). Chạy lại với --debug và gửi nội dung "
                         "hiện ra cho người hỗ trợ kỹ thuật.\n")
    return EXIT_SYSTEM


def run(command: str, args: argparse.Namespace) -> int:
    from . import pipeline
    from .config import load_settings
    from .periods import PeriodError, latest_ended, parse_period, period_containing

    settings = load_settings(ROOT)
    if command == "luu-tru":
        return _archive(args, settings)
    try:
        if args.ky:
            period = parse_period(args.ky)
        elif command == "mau-bieu":
            period = period_containing(date.today(), settings.rule)
        else:
            period = latest_ended(date.today(), settings.rule)
    except PeriodError as exc:
        sys.stderr.write(f"Lỗi cách dùng: {exc}\n")
        return EXIT_USAGE
    if command == "pdf":
        return _pdf(args, settings, period)
    steps = {"bao-cao": pipeline.report, "kiem-tra": pipeline.check, "mau-bieu": pipeline.blank_forms}
    with ExitStack() as stack:
        outcome = steps[command](settings, period, args.ghi_de, _progress_factory(stack))
    from .summary import print_summary

    print_summary(command, outcome, settings, ROOT)
    if command != "mau-bieu" and outcome.errors:
        return EXIT_DATA
    return EXIT_OK


def _pdf(args: argparse.Namespace, settings: Settings, period: Period) -> int:
    from .archive.pdf import export_pdf

    written = export_pdf(settings, period, args.tep, args.ghi_de)
    print(f"Đã ghi bản PDF/A của báo cáo kỳ {period.label}: {written}")
    print(f"Bước tiếp theo: ký số tệp này, rồi lưu trữ bản đã ký: python generate.py luu-tru --ky {period.label} <tệp đã ký>")
    return EXIT_OK


def _archive(args: argparse.Namespace, settings: Settings) -> int:
    from .archive import archive, audit
    from .periods import PeriodError, parse_period

    try:
        period = parse_period(args.ky) if args.ky else None
    except PeriodError as exc:
        sys.stderr.write(f"Lỗi cách dùng: {exc}\n")
        return EXIT_USAGE
    if args.kiem_tra and args.tep is None:
        checked = audit.audit(settings, period)
        print("\n".join(audit.describe_audit(checked, settings.archive.folder, ROOT)))
        return EXIT_DATA if checked.problems else EXIT_OK
    if args.kiem_tra or args.tep is None or period is None:
        sys.stderr.write("Lỗi cách dùng: lưu trữ cần kỳ báo cáo và đúng một tệp PDF đã ký, ví dụ: python generate.py "
                         "luu-tru --ky 10/2025 bao-cao-da-ky.pdf; kiểm tra kho lưu trữ: python generate.py luu-tru --kiem-tra\n")
        return EXIT_USAGE
    outcome = archive.archive(settings, period, args.tep, args.phien_ban_moi)
    refused = outcome.status is archive.Status.REFUSED
    (sys.stderr if refused else sys.stdout).write("\n".join(archive.describe_archive(outcome, ROOT, args.debug)) + "\n")
    return EXIT_DATA if refused else EXIT_OK
