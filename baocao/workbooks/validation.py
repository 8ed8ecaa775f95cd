"""The validation report (``kiem-tra-<kỳ>.xlsx``): every finding on one row, and each unit's reporting status with
its numbers of errors and warnings, counted by unit code."""
from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

from ..catalog import Catalog
from ..figures.changes import KIND_LABELS, NONE
from ..model import Changes, Dataset, Finding, Severity
from ..periods import Period
from .xlsx import ERROR_COLOUR, WARNING_COLOUR, Sheet, write_sheets

STATUS_REPORTED, STATUS_MISSING, STATUS_REJECTED = "Đã báo cáo", "Chưa báo cáo", "Tệp bị từ chối"


def unit_status(catalog: Catalog, dataset: Dataset, findings: list[Finding]) -> list[list]:
    """One row per unit: who reported, with how many errors and warnings (counted by unit code, so two units of
    the same name are never merged)."""
    errors: Counter[str] = Counter()
    warnings: Counter[str] = Counter()
    for f in findings:
        if f.code == "don-vi-chua-bao-cao":
            continue
        (errors if f.severity is Severity.ERROR else warnings)[f.unit_code] += 1
    rejected = {}
    for file, unit in dataset.rejected_files.items():
        if unit:
            rejected.setdefault(unit, []).append(file)
    rows = []
    for code, unit in catalog.units.items():
        if code in dataset.accepted_files:
            status, file = STATUS_REPORTED, dataset.accepted_files[code]
        elif code in rejected:
            status, file = STATUS_REJECTED, ", ".join(rejected[code])
        elif unit.required:
            status, file = STATUS_MISSING, ""
        else:
            continue
        rows.append([code, unit.name, unit.kind, status, file, errors[code], warnings[code]])
    for file, unit in dataset.rejected_files.items():
        if not unit:
            rows.append(["", "(không xác định)", "", STATUS_REJECTED, file, errors[""], warnings[""]])
    return rows


def change_sheet(catalog: Catalog, changes: Changes) -> Sheet:
    """What differs from the last run of the period: the units that resent, each figure, list item, document,
    status and highlight their new file changed (before → after), and the findings resolved and new."""
    def name(unit: str) -> str:
        return catalog.unit_name(unit) if unit else "(không xác định)"
    rows: list[list] = [[name(u), KIND_LABELS["tep"], "tệp dùng để tổng hợp", then or NONE, now or NONE]
                        for u, then, now in changes.resent]
    rows += [[name(c.unit), KIND_LABELS[c.kind], c.label, c.before, c.after] for c in changes.changes]
    rows += [[f.unit_name or f.file, f"{f.severity.value} đã hết", f"{f.code} {_where(f)}".strip(), f.message, NONE]
             for f in changes.resolved if f.code != "don-vi-chua-bao-cao"]
    rows += [[f.unit_name or f.file, f"{f.severity.value} mới", f"{f.code} {_where(f)}".strip(), NONE, f.message]
             for f in changes.new if f.code != "don-vi-chua-bao-cao"]
    if not rows:
        rows = [["", "", "Không có thay đổi", "", ""]]
    title = (f"THAY ĐỔI SO VỚI LẦN CHẠY TRƯỚC (lệnh {changes.command} lúc {changes.since:%H:%M} ngày "
             f"{changes.since.day}/{changes.since.month}/{changes.since.year})")
    return Sheet("Thay đổi", title, [("Đơn vị", 34), ("Loại", 12), ("Nội dung", 60), ("Trước", 40), ("Sau", 40)],
                 rows, (("Loại", f"{Severity.ERROR.value} mới", f"#{ERROR_COLOUR}"),
                        ("Loại", f"{Severity.WARNING.value} mới", f"#{WARNING_COLOUR}")))


def _where(f: Finding) -> str:
    return " ".join(p for p in (f.file, f.sheet, f.cell) if p)


def write_validation_report(path: Path, period: Period, catalog: Catalog, dataset: Dataset,
                            findings: list[Finding], changes: Changes | None = None) -> None:
    order = sorted(findings, key=lambda f: (f.severity is not Severity.ERROR, f.unit_name, f.file, f.sheet, f.cell))
    rows = [[n, f.severity.value, f.code, f.unit_name, f.file, f.sheet, f.cell, f.value, f.message]
            for n, f in enumerate(order, start=1)]
    severity = (("Mức độ", Severity.ERROR.value, f"#{ERROR_COLOUR}"), ("Mức độ", Severity.WARNING.value, f"#{WARNING_COLOUR}"))
    write_sheets(path, [
        Sheet("Lỗi và cảnh báo",
              f"KẾT QUẢ KIỂM TRA SỐ LIỆU KỲ {period.label} (lập lúc {datetime.now():%H:%M ngày %d/%m/%Y})",
              [("STT", 6), ("Mức độ", 9), ("Mã lỗi", 21), ("Đơn vị", 26), ("Tệp", 24), ("Trang", 10),
               ("Ô", 7), ("Giá trị", 14), ("Nội dung và cách sửa", 70)], rows, severity,
              wrap=("Đơn vị", "Tệp", "Giá trị", "Nội dung và cách sửa")),
        Sheet("Theo đơn vị", f"TÌNH HÌNH GỬI BÁO CÁO KỲ {period.label}",
              [("Mã đơn vị", 24), ("Tên đơn vị", 44), ("Loại", 10), ("Trạng thái", 16), ("Tệp", 36),
               ("Số lỗi", 9), ("Số cảnh báo", 12)], unit_status(catalog, dataset, findings)),
    ] + ([change_sheet(catalog, changes)] if changes is not None else []),
        heading=f"Kiểm tra số liệu kỳ {period.label}")
