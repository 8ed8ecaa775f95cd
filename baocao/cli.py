"""The command line: parse arguments, call the pipeline, map outcomes to exit codes.

Exit status: 0 done, 1 data errors found, 2 wrong usage, 3 file or system problem.
"""
from __future__ import annotations

import argparse
import errno
import gc
import importlib.util
import os
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from .config import Settings
    from .periods import ReportPeriod

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
    "tinh-hinh": "đơn vị nào đã gửi, gửi muộn, chưa gửi báo cáo (kèm người liên hệ), tỷ lệ gửi đúng hạn",
    "mau-bieu": "lập mẫu biểu trống cho từng đơn vị",
    "pdf": "chuyển bản dự thảo Word đã sửa của kỳ thành PDF/A để ký số",
    "luu-tru": "kiểm tra chữ ký số rồi lưu trữ báo cáo đã ký (--kiem-tra: kiểm tra lại kho lưu trữ)",
    "kiem-tra-mau": "kiểm tra mẫu báo cáo Word (tên, cú pháp, vị trí chỗ sai) mà không lập báo cáo",
    "huong-dan-mau": "ghi tệp hướng dẫn sửa mẫu báo cáo: mọi tên dùng được trong mẫu, ý nghĩa, giá trị, cách làm mẫu",
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


KY_ENDED = "kỳ vừa kết thúc tính theo ngày hôm nay"
KY_HELP = "kỳ báo cáo, ví dụ tháng 10/2025 hoặc 2025-10{} (mặc định: {})"
KY_SPANS = ("; kỳ dài hơn, lập từ số liệu các tháng đã lập báo cáo: quý Q4/2025 hay quy4/2025, 6 tháng đầu năm "
            "6T/2025, 9 tháng đầu năm 9T/2025, cả năm 2025 hay nam/2025")
SPAN_COMMANDS = ("bao-cao", "kiem-tra", "pdf", "luu-tru", "kiem-tra-mau", "huong-dan-mau")   # the commands whose --ky may name a quarter, a year …
# Per command: the default period its --ky names, and whether it writes outputs (--ghi-de, --mo).
DEFAULT_PERIOD = {
    "bao-cao": KY_ENDED, "kiem-tra": KY_ENDED, "tinh-hinh": KY_ENDED, "pdf": KY_ENDED, "kiem-tra-mau": KY_ENDED,
    "huong-dan-mau": "kỳ gần nhất đã lập báo cáo (bao-cao), nếu chưa có thì " + KY_ENDED,
    "mau-bieu": "kỳ đang diễn ra, tức kỳ các đơn vị sẽ điền mẫu biểu",
}
REPLACE_HELP = ("thay cả tệp kết quả văn thư đã sửa (bản đã sửa được giữ trong outputs/<kỳ>/lan-truoc/). Mặc định: "
                "chỉ thay tệp công cụ lập chưa ai sửa (bản cũ giữ trong lan-truoc/ đến lần chạy sau); tệp đã sửa "
                "được giữ nguyên, bản mới ghi bên cạnh")
OPEN_HELP = "mở thư mục kết quả của kỳ khi chạy xong (bao-cao.bat tự làm khi bấm đúp)"
LIBRARIES = ("python_calamine", "openpyxl", "jinja2", "markupsafe", "docxtpl", "docx", "lxml", "babel", "rich",
             "rustpy_xlsxwriter")
ARCHIVE_LIBRARIES = ("pyhanko", "pyhanko_certvalidator", "asn1crypto")


def _options(parser: argparse.ArgumentParser, default_period: str | None, writes: bool, suppress: bool,
             spans: bool = True) -> None:
    """The options a command takes, each help saying that command's own default. On a sub-command they are
    SUPPRESSed when not given, so ``--ky`` written before the command still counts."""
    def absent(value: object) -> object:
        return argparse.SUPPRESS if suppress else value
    ky_help = (KY_HELP.format(KY_SPANS if spans else "", default_period) if default_period else
               "kỳ của báo cáo đã ký, ví dụ 10/2025, Q4/2025 hoặc 2025 (bắt buộc khi lưu trữ; với --kiem-tra: chỉ "
               "kiểm tra kỳ này)")
    parser.add_argument("--ky", metavar="KỲ", default=absent(None), help=ky_help)
    if writes:
        parser.add_argument("--ghi-de", action="store_true", default=absent(False), help=REPLACE_HELP)
        parser.add_argument("--mo", action="store_true", default=absent(False), help=OPEN_HELP)
    parser.add_argument("--debug", action="store_true", default=absent(False),
                        help="hiện chi tiết kỹ thuật khi có lỗi (dành cho người hỗ trợ kỹ thuật)")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python generate.py",
                    description="Lập báo cáo tháng Đề án 06 từ các tệp Excel của đơn vị; báo cáo quý, 6 tháng, "
                                "9 tháng và năm từ số liệu các tháng đã lập.\n"
                                f"Chạy không kèm lệnh = lệnh bao-cao cho {KY_ENDED}.\n"
                                "Kỳ (--ky): tháng 10/2025; quý Q4/2025; 6 tháng 6T/2025; 9 tháng 9T/2025; năm 2025.\n"
                                "Trên Windows: bấm đúp tệp bao-cao.bat, hoặc gõ bao-cao.bat kèm lệnh và tùy chọn.",
                    epilog="Kết quả: 0 hoàn thành; 1 hoàn thành nhưng số liệu có lỗi (xem báo cáo kiểm tra); "
                           "2 sai cách dùng; 3 lỗi tệp hoặc hệ thống.")
    _options(parser, KY_ENDED, writes=True, suppress=False)
    sub = parser.add_subparsers(dest="lenh", metavar="LỆNH", parser_class=Parser)
    commands = {}
    for name, help_text in COMMANDS.items():
        commands[name] = sub.add_parser(name, help=help_text, prog=f"python generate.py {name}",
                                        description=help_text[0].upper() + help_text[1:] + ".")
        _options(commands[name], DEFAULT_PERIOD.get(name), writes=name not in ("luu-tru", "kiem-tra-mau"),
                 suppress=True, spans=name in SPAN_COMMANDS)
    commands["pdf"].add_argument("--tep", metavar="TỆP", type=Path,
                                 help="bản dự thảo cần chuyển (mặc định: bản .docx văn thư đã sửa trong outputs/<kỳ>/; chưa sửa bản "
                                      "nào thì bản công cụ lập; sửa nhiều bản thì phải chọn bằng --tep)")
    commands["kiem-tra-mau"].add_argument("--tep", metavar="TỆP", type=Path,
                                          help="mẫu Word cần kiểm tra (mặc định: mẫu trong config.toml, "
                                               "templates/bao_cao_thang.docx)")
    commands["pdf"].add_argument("--bo-qua-danh-dau", action="store_true",
                                 help="vẫn chuyển khi bản dự thảo còn chỗ đánh dấu (tô vàng) chưa xử lý; "
                                      "các chỗ đó được liệt kê kèm cảnh báo")
    commands["bao-cao"].add_argument("--so", metavar="SỐ",
                                     help="số văn bản của báo cáo kỳ này (chỉ dùng cho kỳ này), ví dụ 147")
    commands["bao-cao"].add_argument("--ngay-ban-hanh", metavar="NGÀY",
                                     help="ngày ban hành của báo cáo kỳ này (chỉ dùng cho kỳ này), ví dụ 20/11/2025")
    commands["luu-tru"].add_argument("tep", nargs="?", metavar="TỆP_PDF_ĐÃ_KÝ", type=Path,
                                     help="tệp PDF đã ký số cần lưu trữ (cần --ky)")
    commands["luu-tru"].add_argument("--phien-ban-moi", action="store_true",
                                     help="kỳ đã có bản lưu trữ: lưu thêm tệp này thành phiên bản mới, giữ cả bản cũ")
    commands["luu-tru"].add_argument("--kiem-tra", action="store_true",
                                     help="tính lại mã băm mọi tệp đã lưu trữ, báo tệp bị thay đổi hoặc bị mất")
    return parser


REFRESH = 0.1   # seconds between two drawings of the progress bar


def _progress_factory(stack: ExitStack) -> Callable[[int, str], Callable[[Path], None]]:
    """The progress bar, drawn from the ticks themselves (at most every ``REFRESH`` s), not by rich's refresh
    thread: a thread still alive when the report's workers are forked would have them written here, one after
    another (``drafts.background``), and rich's ``stop`` does not wait for its thread to end."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = stack.enter_context(Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                            TimeRemainingColumn(), transient=True, auto_refresh=False))

    def factory(total: int, label: str) -> Callable[[Path], None]:
        task = progress.add_task(label, total=total)
        drawn = [0.0]

        def tick(path: Path) -> None:
            progress.advance(task)
            if all(t.finished for t in progress.tasks):
                progress.stop()
            elif time.monotonic() - drawn[0] >= REFRESH:
                progress.refresh()
                drawn[0] = time.monotonic()
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
    missing = missing_libraries(LIBRARIES + (ARCHIVE_LIBRARIES if command == "luu-tru" else ()))
    if missing:
        sys.stderr.write(not_installed(missing))
        return EXIT_SYSTEM
    try:
        return run(command, args)
    except KeyboardInterrupt:
        sys.stderr.write("Đã dừng theo yêu cầu. Không tệp kết quả nào bị ghi dở.\n")
        return EXIT_SYSTEM
    except Exception as exc:
        if args.debug:
            traceback.print_exc()
        return _explain(exc)


def exit_with(status: int) -> NoReturn:
    """The process ends with ``status``. What it holds is first kept out of the interpreter's last garbage
    collection (``gc.freeze``), which would walk a national month's objects (~0.05 s) to find nothing that the
    exit does not free anyway."""
    gc.freeze()
    sys.exit(status)


def missing_libraries(names: tuple[str, ...]) -> list[str]:
    """The libraries this Python cannot import: the tool run with a Python it was not installed for."""
    return [name for name in names if importlib.util.find_spec(name) is None]


def not_installed(missing: list[str]) -> str:
    """How to run the tool, for someone who typed ``python generate.py`` outside its environment."""
    venv = ".venv\\Scripts\\python" if os.name == "nt" else ".venv/bin/python"
    launcher = ("bấm đúp tệp bao-cao.bat trong thư mục công cụ, hoặc gõ: bao-cao.bat --ky 10/2025" if os.name == "nt"
                else "./bao-cao.sh --ky 10/2025")
    shown = ", ".join(missing[:3]) + (f" và {len(missing) - 3} thư viện khác" if len(missing) > 3 else "")
    return (f"Python đang dùng ({sys.executable}) chưa được cài các thư viện của công cụ (thiếu {shown}), nên lệnh "
            "chưa chạy.\n"
            f"Hãy chạy công cụ bằng tệp khởi chạy: {launcher}\n"
            "  (lần đầu, tệp này tự cài đặt vào thư mục .venv; cần Internet, vài phút)\n"
            f"hoặc dùng Python của môi trường đã cài: {venv} generate.py …\n")


OS_REASONS = {errno.EACCES: "không có quyền", errno.EPERM: "không được phép", errno.ENOSPC: "ổ đĩa đã đầy",
              errno.EROFS: "ổ đĩa chỉ cho đọc", errno.EIO: "lỗi đọc/ghi ổ đĩa", errno.ENOENT: "không tìm thấy",
              errno.EEXIST: "đã có", errno.ENOTDIR: "không phải thư mục", errno.EISDIR: "là thư mục",
              errno.EBUSY: "đang bị chương trình khác dùng"}


def os_problem(exc: OSError) -> str:
    """A file or folder problem in Vietnamese, always naming the file (or saying that the system did not)."""
    reason = OS_REASONS.get(exc.errno or 0, "lỗi hệ thống")
    names = " → ".join(str(n) for n in (exc.filename, exc.filename2) if n)
    where = names or "hệ điều hành không cho biết tệp nào; chạy lại với --debug để xem chi tiết"
    return f"Lỗi tệp hoặc thư mục: {reason} ({where}; {exc.strerror or type(exc).__name__})."


def _explain(exc: Exception) -> int:
    from .archive.pdf import PdfError
    from .catalog import CatalogError
    from .config import ConfigError
    from .files import NotWritableError, OutputLockedError
    from .pipeline import NoInputsError
    from .report.issues import TemplateProblem

    known = (ConfigError, CatalogError, OutputLockedError, NotWritableError, NoInputsError, PdfError, TemplateProblem)
    if isinstance(exc, known):
        sys.stderr.write(f"Lỗi: {exc}\n")
    elif isinstance(exc, ModuleNotFoundError):
        sys.stderr.write(not_installed([exc.name or str(exc)]))
    elif isinstance(exc, OSError):
        sys.stderr.write(os_problem(exc) + "\n")
    else:
        sys.stderr.write(f"Lỗi không mong đợi ({type(exc).__name__}). Chạy lại với --debug và gửi nội dung "
                         "hiện ra cho người hỗ trợ kỹ thuật.\n")
    return EXIT_SYSTEM


def run(command: str, args: argparse.Namespace) -> int:
    from . import pipeline
    from .config import load_settings
    from .periods import PeriodError, latest_ended, period_containing
    from .text.cells import parse_date

    settings = load_settings(ROOT)
    if command == "luu-tru":
        return _archive(args, settings)
    if command == "huong-dan-mau":
        return _guide(args, settings)
    try:
        if args.ky:
            period = _parse_period(args.ky, command)
        elif command == "mau-bieu":
            period = period_containing(date.today(), settings.rule)
        else:
            period = latest_ended(date.today(), settings.rule)
    except PeriodError as exc:
        sys.stderr.write(f"Lỗi cách dùng: {exc}\n")
        return EXIT_USAGE
    if command == "pdf":
        status, folder = _pdf(args, settings, period)
    elif command == "kiem-tra-mau":
        return _check_template(args, settings, period)
    else:
        if command == "bao-cao" and (getattr(args, "so", None) or getattr(args, "ngay_ban_hanh", None)):
            issued = parse_date(args.ngay_ban_hanh) if args.ngay_ban_hanh else None
            if args.ngay_ban_hanh and issued is None:
                sys.stderr.write(f"Lỗi cách dùng: ngày ban hành \"{args.ngay_ban_hanh}\" không đọc được; ghi dạng "
                                 "ngày/tháng/năm, ví dụ 20/11/2025.\n")
                return EXIT_USAGE
            settings = settings.with_issue(period, args.so, issued)
        steps = {"bao-cao": pipeline.report, "kiem-tra": pipeline.check, "mau-bieu": pipeline.blank_forms}
        with ExitStack() as stack:
            outcome = _steps(period)[command](settings, period, args.ghi_de, _progress_factory(stack))
        from .summary import print_status, print_summary

        if command == "tinh-hinh":
            print_status(outcome, settings, ROOT)
        else:
            print_summary(command, outcome, settings, ROOT)
        status = EXIT_DATA if command not in ("mau-bieu", "tinh-hinh") and (outcome.errors or outcome.no_data) \
            else EXIT_OK
        if outcome.template_problem is not None:
            status = EXIT_SYSTEM      # the template is a file the clerk must fix: no new draft was made
        folder = pipeline.output_dir(settings, period) / ("mau-bieu" if command == "mau-bieu" else "")
    if args.mo:
        open_folder(folder)
    return status


def _guide(args: argparse.Namespace, settings: Settings) -> int:
    from . import spans
    from .periods import PeriodError, Span
    from .pipeline import template_guide

    try:
        period = _parse_period(args.ky, "huong-dan-mau") if args.ky else None
    except PeriodError as exc:
        sys.stderr.write(f"Lỗi cách dùng: {exc}\n")
        return EXIT_USAGE
    if isinstance(period, Span):
        done = spans.template_guide(settings, period, args.ghi_de)
    else:
        done = template_guide(settings, period, args.ghi_de)
    try:
        shown = done.written.relative_to(ROOT)
    except ValueError:
        shown = done.written
    print(f"Đã ghi hướng dẫn sửa mẫu báo cáo: {shown}")
    for note in done.notes:
        print(note)
    print(f"Giá trị ví dụ lấy từ số liệu kỳ {done.period.label}" + ("." if done.has_data else
          f" (chưa có thư mục số liệu của kỳ này: cột giá trị ghi chỗ thiếu số liệu; chọn kỳ khác bằng --ky)."))
    if args.mo:
        open_folder(done.written.parent)
    return EXIT_OK


def _check_template(args: argparse.Namespace, settings: Settings, period: ReportPeriod) -> int:
    from .pipeline import check_template
    from .summary import print_template_check

    result = check_template(settings, period, args.tep)
    print_template_check(result, ROOT)
    return EXIT_SYSTEM if result.errors else EXIT_OK


def _parse_period(text: str, command: str) -> ReportPeriod:
    """A month for every command; a quarter, six or nine months or a year for those that report or check one."""
    from .periods import PeriodError, Span, parse_report_period

    period = parse_report_period(text)
    if isinstance(period, Span) and command not in SPAN_COMMANDS:
        raise PeriodError(f"Lệnh {command} làm theo tháng, không theo {period.label}: ghi --ky theo dạng tháng/năm, "
                          "ví dụ 11/2025.")
    return period


def _steps(period: ReportPeriod) -> dict[str, Callable]:
    """The library function each command calls: the monthly job, or the span job for a quarter, a year …"""
    from . import pipeline, spans
    from .periods import Span

    if isinstance(period, Span):
        return {"bao-cao": spans.report, "kiem-tra": spans.check}
    return {"bao-cao": pipeline.report, "kiem-tra": pipeline.check, "mau-bieu": pipeline.blank_forms,
            "tinh-hinh": pipeline.status}


def open_folder(folder: Path) -> None:
    """--mo: show the results in Explorer (Finder, the desktop's file manager). Never a reason to fail the run:
    if it cannot, the clerk is told where the folder is."""
    try:
        if os.name == "nt":
            os.startfile(folder)  # type: ignore[attr-defined]  # Windows only
        else:
            opener = "open" if sys.platform == "darwin" else "xdg-open"
            subprocess.Popen([opener, str(folder)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        print(f"Không tự mở được thư mục kết quả; hãy mở: {folder}")


def _pdf(args: argparse.Namespace, settings: Settings, period: ReportPeriod) -> tuple[int, Path]:
    from .archive.pdf import MarkersLeftError, export_pdf, find_draft
    from .periods import argument, label
    from .pipeline import ensure_writable

    ensure_writable(settings, period)
    source = find_draft(settings, period, args.tep)

    def warn(markers: list) -> None:
        sys.stderr.write(f"Cảnh báo: {source.name} còn {len(markers)} chỗ đánh dấu chưa xử lý, vẫn chuyển sang PDF "
                         "theo yêu cầu (--bo-qua-danh-dau):\n" + "".join(f"  • {m}\n" for m in markers))

    try:
        written = export_pdf(settings, period, source, args.ghi_de,
                             accept_markers=warn if args.bo_qua_danh_dau else None)
    except MarkersLeftError as exc:
        sys.stderr.write(f"Chưa chuyển sang PDF: {exc.draft.name} còn {len(exc.markers)} chỗ đánh dấu (tô vàng) chưa "
                         "xử lý. Mỗi chỗ là số liệu thiếu, số liệu cần kiểm tra hoặc nội dung đơn vị chưa gửi: hãy sửa "
                         "câu chữ trong Word và xóa chỗ đánh dấu, rồi chạy lại lệnh.\n"
                         + "".join(f"  • {m}\n" for m in exc.markers)
                         + "Nếu đã xem xét và vẫn muốn chuyển: thêm --bo-qua-danh-dau.\n")
        return EXIT_DATA, exc.draft.parent
    print(f"Đã chuyển {source.name} thành bản PDF/A của báo cáo {label(period)}: {written}")
    if written.name != source.with_suffix(".pdf").name:
        print(f"{source.with_suffix('.pdf').name} đã có và đã được sửa hoặc ký sau khi công cụ lập, nên được giữ nguyên.")
    print("Bước tiếp theo: ký số tệp này, rồi lưu trữ bản đã ký: python generate.py luu-tru --ky "
          f"{argument(period)} <tệp đã ký>")
    return EXIT_OK, written.parent


def _archive(args: argparse.Namespace, settings: Settings) -> int:
    from .archive import archive, audit
    from .periods import PeriodError

    try:
        period = _parse_period(args.ky, "luu-tru") if args.ky else None
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
