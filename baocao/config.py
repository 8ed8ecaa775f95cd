"""Settings from ``config.toml``, parsed once into typed records: everything that differs between provinces or months.

The sections only one command needs ([bao_cao] for the report, [luu_tru] for the archive) are parsed here too, but a
mistake in them is reported by the command that needs them (``Settings.report``, ``Settings.archive``): a typo in
the signer's name never stops the checking of the month's files.
"""
from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from .periods import PeriodError, PeriodRule, ReportPeriod, argument, parse_report_period
from .text.encodings import Undecodable, decode_text

T = TypeVar("T")


class ConfigError(Exception):
    """config.toml is missing or wrong (exit status 3)."""


@dataclass(frozen=True)
class Issuer:
    """``[co_quan]``: the issuing body as the header and the text name it."""

    parent: str
    name: str
    full_name: str
    abbreviation: str
    place: str


@dataclass(frozen=True)
class Limits:
    """``[gioi_han]``: what a unit's form can reasonably be; anything beyond is refused before it is read."""

    max_bytes: int = 20_000_000
    max_unzipped_bytes: int = 200_000_000
    max_rows: int = 100_000
    max_cells: int = 5_000_000  # the rectangle calamine allocates (~32 bytes a cell)
    worker_memory: int = 1_000_000_000  # address space a reading worker may add (Linux); beyond it, that file fails


@dataclass(frozen=True)
class Issue:
    """The number and date the văn thư gave one period's report (``[bao_cao.theo_ky."10/2025"]``, or the command
    line); a draft without them leaves both blank for the văn thư to fill in."""

    number: int | str = ""         # so
    issued: date | None = None     # ngay_ban_hanh


@dataclass(frozen=True)
class ReportSettings:
    """``[bao_cao]``: the monthly report's header, signature block and distribution list."""

    subject: str                   # trich_yeu
    scheme: str                    # de_an
    addressee: str                 # kinh_gui
    authority: str                 # quyen_han (TM., KT. …)
    position: str                  # chuc_vu
    signer: str                    # nguoi_ky
    recipients: tuple[str, ...]    # noi_nhan, as written
    filed: str                     # luu
    template: str                  # mau: the Word template's file name
    appendix: bool = True          # phu_luc_nhiem_vu: the appendix of the plans' tasks


@dataclass(frozen=True)
class ArchiveSettings:
    """``[luu_tru]``: where signed reports are kept, and how signatures are trusted."""

    folder: Path
    ca_folder: Path | None
    accept_untrusted: bool
    fetch_revocation: bool


@dataclass(frozen=True)
class Settings:
    root: Path
    issuer: Issuer
    rule: PeriodRule
    form_version: str
    accepted_versions: tuple[str, ...]
    inputs: Path
    outputs: Path
    catalog: Path
    templates: Path
    limits: Limits
    history_db: Path
    jump_factor: float
    deadline_day: int | None = None                 # [ky_bao_cao] han_gui: forms due on this day (None: not followed)
    marked_warnings: bool = False                   # [tra_lai] ca_canh_bao: marked copies for warnings-only files too
    issues: dict[str, Issue] = field(default_factory=dict)   # period key → [bao_cao.theo_ky."…"] so, ngay_ban_hanh
    number_kind: str = "BC"                         # [bao_cao] ky_hieu_loai
    unused: tuple[str, ...] = ()                    # [bao_cao] so / ngay_ban_hanh not given for a period: ignored
    report_section: ReportSettings | str = "config.toml: thiếu mục [bao_cao]."   # or why it cannot be used
    archive_section: ArchiveSettings | str = "config.toml: thiếu mục [luu_tru]."

    @property
    def report(self) -> ReportSettings:
        """``[bao_cao]``, or ConfigError: only writing the report needs it."""
        return _usable(self.report_section)

    @property
    def archive(self) -> ArchiveSettings:
        """``[luu_tru]``, or ConfigError: only the archive needs it."""
        return _usable(self.archive_section)

    def issue(self, period: ReportPeriod | None) -> Issue:
        """The number and date given for ``period``'s report, or blanks: never another period's."""
        return self.issues.get(period.key, Issue()) if period is not None else Issue()

    def with_issue(self, period: ReportPeriod, number: int | str | None = None, issued: date | None = None) -> Settings:
        """These settings with ``period``'s number and/or date replaced (``bao-cao --so 147 --ngay 20/11/2025``)."""
        old = self.issue(period)
        new = Issue(_number(number) if number is not None else old.number, issued or old.issued)
        return replace(self, issues={**self.issues, period.key: new})

    def document_number(self, period: ReportPeriod | None = None, blank: str = "") -> str:
        """The document's number and symbol, wherever it is printed or recorded: ``146/BC-BCĐ``, ``05/BC-BCĐ``
        (ND30: a number below 10 has a leading zero). Not numbered yet: empty, or ``blank`` in place of the number
        (the draft leaves room for the văn thư to write it)."""
        number = self.issue(period).number
        if number == "" and not blank:
            return ""
        shown = blank if number == "" else f"{number:02d}" if isinstance(number, int) else number
        return f"{shown}/{self.number_kind}-{self.issuer.abbreviation}"

    def issue_warnings(self, period: ReportPeriod) -> list[str]:
        """What looks wrong in the number and date given for ``period`` (warnings: the văn thư may know better)."""
        found = [f"config.toml, mục [bao_cao]: {key} không ghi cho kỳ nào nên không được dùng (số, ngày của mỗi báo "
                 f"cáo ghi theo kỳ, ví dụ [bao_cao.theo_ky.\"{argument(period)}\"]); bản dự thảo để trống số và ngày."
                 for key in self.unused]
        issued = self.issue(period).issued
        end = period.last_day(self.rule)
        if issued is not None and issued < end:
            found.append(f"Ngày ban hành {issued.day}/{issued.month}/{issued.year} của báo cáo kỳ {period.label} trước "
                         f"ngày cuối kỳ ({end.day}/{end.month}/{end.year}): kiểm tra lại ngày ban hành.")
        elif issued is not None and (issued.year, issued.month) != (end.year, end.month):
            found.append(f"Ngày ban hành {issued.day}/{issued.month}/{issued.year} của báo cáo kỳ {period.label} không "
                         f"thuộc tháng {end.month}/{end.year}: kiểm tra lại ngày ban hành.")
        return found


def _usable(section: T | str) -> T:
    if isinstance(section, str):
        raise ConfigError(section)
    return section


def read_config(path: Path) -> dict[str, Any]:
    """config.toml as Windows editors leave it: with a byte-order mark, in the ANSI code page, with folders pasted
    from Explorer (``D:\\Bao cao``); a mistake is named by line, in Vietnamese, with what to do."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise ConfigError(f"Không tìm thấy tệp cấu hình {path}.") from exc
    except OSError as exc:
        raise ConfigError(f"Không đọc được tệp cấu hình {path} ({exc.strerror or exc}).") from exc
    try:
        text, _ = decode_text(raw)
    except Undecodable as exc:
        raise ConfigError(f"{path.name}, dòng {exc.line}: có ký tự không đọc được (tệp không được lưu dạng UTF-8). "
                          "Mở tệp bằng Notepad, chọn File > Save As (Lưu thành), ở ô Encoding chọn UTF-8, lưu lại rồi "
                          "chạy lại lệnh.") from exc
    text = windows_paths(text)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_syntax_problem(path, text, exc)) from exc


# Keys holding a folder or file: a Windows path typed there with single backslashes is meant literally.
PATH_KEYS = ("dau_vao", "dau_ra", "danh_muc", "mau", "tep", "thu_muc", "thu_muc_ca")
_BASIC_STRING = re.compile(r'^(?P<key>\s*(?P<name>[A-Za-z0-9_-]+)\s*=\s*)"(?P<value>[^"\n]*)"(?P<rest>\s*(?:#.*)?)$',
                           re.MULTILINE)
_ESCAPE = re.compile(r'\\(?:[btnfr"\\]|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})')


def windows_paths(text: str) -> str:
    """``dau_ra = "D:\\Bao cao\\outputs"`` (a path pasted from Explorer) is valid TOML only by accident, and mostly
    not at all (``\\B`` is no escape): such a string is read as written, as if in single quotes. A string with
    doubled backslashes (``"D:\\\\Bao cao"``) is TOML's own way and left alone."""
    def literal(m: re.Match[str]) -> str:
        value = m["value"]
        if "\\" not in value or "'" in value or "\\\\" in value:
            return m[0]
        if m["name"] not in PATH_KEYS and not _ESCAPE.sub("", value).count("\\"):
            return m[0]  # only valid escapes, in a key that is not a path: TOML's meaning stands
        return f"{m['key']}'{value}'{m['rest']}"
    return _BASIC_STRING.sub(literal, text)


_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)")
_ADVICE = {
    "Invalid value": "giá trị không hợp lệ: chữ phải đặt trong dấu ngoặc kép, ví dụ ten = \"Sở Tư pháp\"",
    "Expected '=' after a key": "thiếu dấu = giữa tên khóa và giá trị",
    "Invalid statement": "dòng không đúng dạng khóa = giá trị (hoặc [tên mục])",
    "Cannot overwrite a value": "khóa này đã có ở một dòng trước trong cùng mục",
    "Cannot declare": "mục này đã có ở phía trên",
    "Unclosed": "thiếu dấu đóng (ngoặc kép \" hoặc ngoặc vuông ])",
    "Unterminated string": "thiếu dấu ngoặc kép đóng chuỗi",
    "Unescaped": "dấu \\ trong chuỗi: đường dẫn Windows hãy đặt trong dấu nháy đơn, ví dụ 'D:\\Bao cao\\outputs'",
}


def _syntax_problem(path: Path, text: str, exc: tomllib.TOMLDecodeError) -> str:
    message = str(exc)
    where = _WHERE.search(message)
    reason = next((vi for en, vi in _ADVICE.items() if message.startswith(en)), "sai cú pháp")
    if not where:
        return f"Tệp cấu hình {path.name} {reason} ({message})."
    line = int(where.group(1))
    lines = text.splitlines()
    shown = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    return (f"{path.name}, dòng {line}: {reason}. Dòng đó là: “{shown}”. Sửa dòng này (mở tệp bằng Notepad) rồi chạy "
            f"lại lệnh. (Chi tiết: {_WHERE.sub('', message).strip()}.)")


def _folder(root: Path, value: object) -> Path:
    """A folder from config: relative to the project, or absolute; ``\\`` works as a separator everywhere."""
    text = str(value).strip()
    if os.sep == "/":
        text = text.replace("\\", "/")
    return root / text


def load_settings(root: Path, path: Path | None = None) -> Settings:
    path = path or root / "config.toml"
    data = read_config(path)
    try:
        org, period, form, dirs = data["co_quan"], data["ky_bao_cao"], data["mau_bieu"], data["thu_muc"]
        issuer = Issuer(org["chu_quan"], org["ban_hanh"], org["ten_day_du"], org["ky_hieu"], org["dia_danh"])
        rule = PeriodRule(int(period["bat_dau"]), int(period["ket_thuc"]))
        if not (1 <= rule.start_day <= 31 and 1 <= rule.end_day <= 31):
            raise ConfigError(f"{path.name}: ngày bắt đầu/kết thúc kỳ báo cáo phải từ 1 đến 31.")
        due = period.get("han_gui")
        if due is not None and (isinstance(due, bool) or not isinstance(due, int) or not 1 <= due <= 31):
            raise ConfigError(f"{path.name}, mục [ky_bao_cao]: han_gui là ngày trong tháng đơn vị phải gửi báo cáo, "
                              "một số từ 1 đến 31 (ví dụ han_gui = 17); xóa dòng này nếu không theo dõi hạn gửi.")
        history = data.get("lich_su", {})
        report = data.get("bao_cao")
        numbered = report if isinstance(report, dict) else {}
        issues = _issues(numbered.get("theo_ky", {}))
        return Settings(
            root=root, issuer=issuer, rule=rule, form_version=str(form["phien_ban"]),
            accepted_versions=tuple(str(v) for v in form.get("chap_nhan", [form["phien_ban"]])),
            inputs=_folder(root, dirs["dau_vao"]), outputs=_folder(root, dirs["dau_ra"]),
            catalog=_folder(root, dirs["danh_muc"]), templates=_folder(root, dirs["mau"]),
            limits=_limits(data.get("gioi_han", {})),
            history_db=_folder(root, history.get("tep", "data/lich_su.sqlite")),
            jump_factor=float(history.get("he_so_bien_dong", 10)), deadline_day=due,
            marked_warnings=_flag(path, data.get("tra_lai", {}), "tra_lai", "ca_canh_bao"),
            issues=issues if isinstance(issues, dict) else {}, number_kind=str(numbered.get("ky_hieu_loai", "BC")),
            unused=tuple(k for k in ("so", "ngay_ban_hanh") if numbered.get(k, "") not in ("", None)),
            report_section=issues if isinstance(issues, str) else _report(report),
            archive_section=_archive(root, data.get("luu_tru", {})))
    except KeyError as exc:
        raise ConfigError(f"{path.name}: thiếu mục hoặc khóa {exc.args[0]}.") from exc
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{path.name}: giá trị không hợp lệ ({exc}).") from exc


def _flag(path: Path, section: object, name: str, key: str) -> bool:
    value = section.get(key, False) if isinstance(section, dict) else None
    if not isinstance(value, bool):
        raise ConfigError(f"{path.name}, mục [{name}]: {key} phải là true hoặc false.")
    return value


def _limits(raw: dict[str, Any]) -> Limits:
    return Limits(max_bytes=int(float(raw.get("dung_luong_tep_mb", 20)) * 1_000_000),
                  max_unzipped_bytes=int(float(raw.get("giai_nen_toi_da_mb", 200)) * 1_000_000),
                  max_rows=int(raw.get("so_dong_toi_da", 100_000)),
                  max_cells=int(raw.get("so_o_toi_da", 5_000_000)),
                  worker_memory=int(float(raw.get("bo_nho_doc_mb", 1000)) * 1_000_000))


def _number(value: object) -> int | str:
    """``so = 146``, ``so = "05"`` → a number; text that is not one (``"146a"``) as typed; ``""``: not numbered."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    return int(text) if text.isdigit() else text


def _issues(raw: object) -> dict[str, Issue] | str:
    """``[bao_cao.theo_ky."10/2025"]`` (or ``"2025-10"``): ``so`` and ``ngay_ban_hanh`` of that period's report;
    or why they cannot be used (reported by the report, like any mistake in [bao_cao])."""
    if not isinstance(raw, dict):
        return "config.toml: [bao_cao.theo_ky] phải gồm các mục kỳ, ví dụ [bao_cao.theo_ky.\"10/2025\"]."
    found = {}
    for key, entry in raw.items():
        where = f"config.toml, mục [bao_cao.theo_ky.\"{key}\"]"
        try:
            period = parse_report_period(str(key))
        except PeriodError as exc:
            return f"{where}: kỳ không hợp lệ ({exc})."
        if not isinstance(entry, dict):
            return f"{where}: ghi so = … và ngay_ban_hanh = năm-tháng-ngày."
        issued = entry.get("ngay_ban_hanh") or None
        if issued is not None and not isinstance(issued, date):
            return f"{where}: ngay_ban_hanh phải ghi dạng năm-tháng-ngày, ví dụ 2025-10-22."
        found[period.key] = Issue(_number(entry.get("so", "")), issued)
    return found


def _report(raw: object) -> ReportSettings | str:
    if not isinstance(raw, dict):
        return "config.toml: thiếu mục [bao_cao] (số, ngày, người ký, nơi nhận của báo cáo)."
    need = ("trich_yeu", "de_an", "kinh_gui", "quyen_han", "chuc_vu", "nguoi_ky", "noi_nhan", "luu")
    absent = [k for k in need if k not in raw]
    if absent:
        return f"config.toml, mục [bao_cao]: thiếu khóa {', '.join(absent)}."
    appendix = raw.get("phu_luc_nhiem_vu", True)
    if not isinstance(appendix, bool):
        return "config.toml, mục [bao_cao]: phu_luc_nhiem_vu phải là true hoặc false."
    try:
        recipients = tuple(str(line) for line in raw["noi_nhan"])
    except TypeError:
        return "config.toml, mục [bao_cao]: noi_nhan phải là danh sách, mỗi nơi nhận một dòng trong [ ]."
    return ReportSettings(str(raw["trich_yeu"]), str(raw["de_an"]), str(raw["kinh_gui"]),
                          str(raw["quyen_han"]), str(raw["chuc_vu"]), str(raw["nguoi_ky"]), recipients,
                          str(raw["luu"]).strip().rstrip("."), str(raw.get("mau", "bao_cao_thang.docx")), appendix)


def _archive(root: Path, raw: object) -> ArchiveSettings | str:
    if not isinstance(raw, dict):
        return "config.toml: [luu_tru] phải là một mục (bảng), ví dụ thu_muc = \"luu-tru\"."
    flags = {}
    for key in ("chap_nhan_chua_tin_cay", "tai_thong_tin_thu_hoi"):
        value = raw.get(key, False)
        if not isinstance(value, bool):
            return f"config.toml, mục [luu_tru]: {key} phải là true hoặc false."
        flags[key] = value
    ca = str(raw.get("thu_muc_ca", "")).strip()
    return ArchiveSettings(folder=_folder(root, raw.get("thu_muc", "luu-tru")), ca_folder=_folder(root, ca) if ca else None,
                           accept_untrusted=flags["chap_nhan_chua_tin_cay"],
                           fetch_revocation=flags["tai_thong_tin_thu_hoi"])
