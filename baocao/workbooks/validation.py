"""The validation report (``kiem-tra-<kỳ>.xlsx``): every finding on one row, and each unit's reporting status with
its numbers of errors and warnings, counted by unit code."""
from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

from ..catalog import Catalog
from ..model import Dataset, Finding, Severity
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


def write_validation_report(path: Path, period: Period, catalog: Catalog, dataset: Dataset,
                            findings: list[Finding]) -> None:
    order = sorted(findings, key=lambda f: (f.severity is not Severity.ERROR, f.unit_name, f.file, f.sheet, f.cell))
    rows = [[n, f.severity.value, f.code, f.unit_name, f.file, f.sheet, f.cell, f.value, f.message]
            for n, f in enumerate(order, start=1)]
    severity = (("Mức độ", Severity.ERROR.value, f"#{ERROR_COLOUR}"), ("Mức độ", Severity.WARNING.value, f"#{WARNING_COLOUR}"))
    write_sheets(path, [
        Sheet("Lỗi và cảnh báo",
              f"KẾT QUẢ KIỂM TRA SỐ LIỆU KỲ {period.label} (lập lúc {datetime.now():%H:%M ngày %d/%m/%Y})",
              [("STT", 6), ("Mức độ", 11), ("Mã lỗi", 22), ("Đơn vị", 34), ("Tệp", 30), ("Trang", 12),
               ("Ô", 8), ("Giá trị", 16), ("Nội dung và cách sửa", 90)], rows, severity),
        Sheet("Theo đơn vị", f"TÌNH HÌNH GỬI BÁO CÁO KỲ {period.label}",
              [("Mã đơn vị", 24), ("Tên đơn vị", 44), ("Loại", 10), ("Trạng thái", 16), ("Tệp", 36),
               ("Số lỗi", 9), ("Số cảnh báo", 12)], unit_status(catalog, dataset, findings)),
    ])
