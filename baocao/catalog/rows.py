"""Reading one catalog CSV file with the line and column of every problem: staff edit these files in Excel, and
a mistake must be findable."""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

from ..text.encodings import Undecodable, decode_text

CODE_RE = re.compile(r"^[a-z][a-z0-9_]*$")


class CatalogError(Exception):
    """A catalog file is missing or inconsistent (exit status 3)."""


class CatalogRows:
    """One catalog CSV file, each record with the physical line it starts on (cells may span lines);
    cell problems become a CatalogError with file, line and column."""

    def __init__(self, path: Path, columns: tuple[str, ...]):
        self.path = path
        if not path.exists():
            raise CatalogError(f"Thiếu tệp danh mục {path}.")
        self.rows: list[tuple[int, dict[str, str]]] = []
        text = _text(path)
        delimiter = _delimiter(text, columns)
        start = 1
        try:
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
            header = [h.strip() for h in next(reader, [])]
            missing = [c for c in columns if c not in header]
            if missing:
                raise CatalogError(f"{path.name}: thiếu cột {', '.join(missing)} ở dòng tiêu đề.")
            start = reader.line_num + 1
            for record in reader:
                line, start = start, reader.line_num + 1
                if not any(cell.strip() for cell in record):
                    continue
                if len(record) > len(header):
                    raise self.fail(line, header[-1], f"dòng có {len(record)} ô, nhiều hơn {len(header)} cột "
                                    f"của dòng tiêu đề (ô có dấu {_SEPARATORS[delimiter]} phải được đặt trong dấu "
                                    "ngoặc kép).")
                cells = record + [""] * (len(header) - len(record))
                self.rows.append((line, {h: unicodedata.normalize("NFC", v.strip())
                                         for h, v in zip(header, cells) if h}))
        except csv.Error as exc:
            raise CatalogError(f"{path.name}, dòng {start}: không đọc được dòng CSV ({exc}).") from exc

    def fail(self, line: int, column: str, why: str) -> CatalogError:
        return CatalogError(f"{self.path.name}, dòng {line}, cột {column}: {why}")

    def required(self, line: int, row: dict[str, str], column: str, what: str) -> str:
        if not row[column]:
            raise self.fail(line, column, f"chưa ghi {what}.")
        return row[column]

    def code(self, line: int, row: dict[str, str], column: str = "code") -> str:
        value = row[column]
        if not CODE_RE.match(value):
            raise self.fail(line, column, f"mã \"{value}\" chỉ được gồm chữ thường không dấu, số và dấu _.")
        return value

    def choice(self, line: int, row: dict[str, str], column: str, allowed: tuple[str, ...]) -> str:
        value = row[column]
        if value not in allowed:
            raise self.fail(line, column, f"\"{value}\" không hợp lệ (chọn một trong: {', '.join(allowed)}).")
        return value

    def flag(self, line: int, row: dict[str, str], column: str) -> bool:
        return self.choice(line, row, column, ("0", "1")) == "1"

    @staticmethod
    def codes(row: dict[str, str], column: str) -> tuple[str, ...]:
        return tuple(p.strip() for p in row[column].split(";") if p.strip())


_SEPARATORS = {",": "phẩy", ";": "chấm phẩy", "\t": "tab"}


def _text(path: Path) -> str:
    """The file as Excel saves it: "CSV UTF-8" (with a byte-order mark), or plain "CSV" in the ANSI code page."""
    try:
        return decode_text(path.read_bytes())[0]
    except Undecodable as exc:
        raise CatalogError(f"{path.name}, dòng {exc.line}: có ký tự không đọc được. Mở tệp bằng Excel, chọn Lưu thành "
                           "(Save As), kiểu tệp “CSV UTF-8”, rồi chạy lại.") from exc
    except OSError as exc:
        raise CatalogError(f"Không đọc được tệp danh mục {path} ({exc.strerror or exc}).") from exc


def _delimiter(text: str, columns: tuple[str, ...]) -> str:
    """Comma, or what Excel writes where the decimal separator is a comma (``;``), or tab ("Text (Tab
    delimited)"): the one that splits the header line into the columns the file must have."""
    header = text.split("\n", 1)[0]
    return max(_SEPARATORS, key=lambda d: (len({h.strip().strip('"') for h in header.split(d)} & set(columns)),
                                           d == ","))


def unique(rows: CatalogRows, line: int, seen: dict, code: str) -> None:
    if code in seen:
        raise rows.fail(line, "code", f"mã \"{code}\" bị trùng.")
