"""Reading one catalog CSV file with the line and column of every problem: staff edit these files in Excel, and
a mistake must be findable."""
from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

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
        try:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                reader = csv.reader(fh)
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
                                        "của dòng tiêu đề (ô có dấu phẩy phải được đặt trong dấu ngoặc kép).")
                    cells = record + [""] * (len(header) - len(record))
                    self.rows.append((line, {h: unicodedata.normalize("NFC", v.strip())
                                             for h, v in zip(header, cells) if h}))
        except UnicodeDecodeError as exc:
            raise CatalogError(f"{path.name}: tệp không phải UTF-8 ({exc.reason}).") from exc
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


def unique(rows: CatalogRows, line: int, seen: dict, code: str) -> None:
    if code in seen:
        raise rows.fail(line, "code", f"mã \"{code}\" bị trùng.")
