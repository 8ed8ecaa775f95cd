"""Small projects and workbooks built in a temporary folder, for tests."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from baocao.catalog import Catalog, load_catalog
from baocao.config import Settings, load_settings
from baocao.intake.forms import FormContent, write_form
from baocao.intake.layout import form_code
from baocao.periods import Period

REPO = Path(__file__).resolve().parent.parent
OCT = Period(2025, 10)

CATALOG = {
    "units.csv": [
        ("code", "name", "short_name", "kind", "required"),
        ("so_a", "Sở A", "Sở A", "so-nganh", "1"),
        ("so_b", "Sở B & C", "Sở B", "so-nganh", "1"),
        ("xa_c", "Ủy ban nhân dân xã C", "Xã C", "xa", "1"),
        ("phuong_d", "Ủy ban nhân dân phường D", "Phường D", "phuong", "0"),
    ],
    "sections.csv": [("code", "title"), ("I.1.a", "Nổi bật trong kỳ báo cáo"), ("III", "Nhiệm vụ trọng tâm")],
    "indicators.csv": [
        ("code", "name", "unit_of_measure", "reporters", "kind", "aggregate", "value_type", "required", "section"),
        ("tthc_tong", "Tổng số TTHC", "thủ tục", "so_a", "luy-ke", "mot-don-vi", "so-nguyen", "1", "I.1.a"),
        ("tthc_tinh", "TTHC cấp tỉnh", "thủ tục", "so_a", "luy-ke", "mot-don-vi", "so-nguyen", "0", "I.1.a"),
        ("tthc_xa", "TTHC cấp xã", "thủ tục", "so_a", "luy-ke", "mot-don-vi", "so-nguyen", "0", "I.1.a"),
        ("ddt_dat", "Công dân có tài khoản ĐDĐT mức 2", "người", "so_b", "luy-ke", "mot-don-vi", "so-nguyen", "1", "I.1.a"),
        ("cong_dan", "Công dân trên 14 tuổi", "người", "so_b", "luy-ke", "mot-don-vi", "so-nguyen", "1", "I.1.a"),
        ("kiosk", "Số kiosk", "kiosk", "so_b", "luy-ke", "mot-don-vi", "so-nguyen", "0", "I.1.a"),
        ("ho_so_xa", "Hồ sơ tiếp nhận tại xã", "hồ sơ", "@xa-phuong", "trong-ky", "tong", "so-nguyen", "1", "I.1.a"),
        ("ho_so_tong", "Hồ sơ toàn tỉnh", "hồ sơ", "so_a", "trong-ky", "mot-don-vi", "so-nguyen", "0", "I.1.a"),
    ],
    "relations.csv": [
        ("code", "whole", "parts", "note"),
        ("tthc_theo_cap", "tthc_tong", "tthc_tinh;tthc_xa", "Tổng số TTHC = cấp tỉnh + cấp xã"),
        ("ho_so", "ho_so_tong", "ho_so_xa", "Hồ sơ toàn tỉnh = tổng hồ sơ các xã"),
    ],
    "ratios.csv": [
        ("code", "name", "numerator", "denominator", "decimals", "target", "target_text"),
        ("ddt", "Tỷ lệ công dân có tài khoản ĐDĐT mức 2", "ddt_dat", "cong_dan", "2", "80", "từ 80% trở lên"),
    ],
    "lists.csv": [
        ("code", "name", "kind", "reporters", "section", "item_noun", "quantity_name", "quantity_indicator", "count_indicator",
         "in_period"),
        ("vb_qd", "Quyết định ban hành trong kỳ", "van-ban", "so_a", "I.1.a", "Quyết định", "", "", "", "1"),
        ("bv_kiosk", "Bệnh viện có kiosk", "danh-sach", "so_b", "I.1.a", "bệnh viện", "Số kiosk", "kiosk", "", "0"),
    ],
    "plans.csv": [
        ("code", "number", "date", "issuer", "title", "doc_type", "complete"),
        ("kh_1_2025", "01/KH-UBND", "10/1/2025", "UBND tỉnh Khánh Hòa", "Kế hoạch thử", "Kế hoạch", "1"),
        ("qd_2_2025", "02/QĐ-UBND", "1/6/2025", "UBND tỉnh Khánh Hòa", "", "Quyết định", "0"),
    ],
    "tasks.csv": [   # task 3 has no date in the plan; the decision restates it as 7.1, due August 2025
        ("plan", "number", "text", "lead_units", "coordinating_units", "lead_text", "coordinating_text",
         "deadline_text", "report_section", "same_as"),
        ("kh_1_2025", "1", "Xây dựng kế hoạch số hóa", "so_a", "", "Sở A", "", "Tháng 9/2025", "", ""),
        ("kh_1_2025", "2", "Kết nối dữ liệu", "so_b", "so_a", "Sở B & C", "Sở A", "Năm 2025", "", ""),
        ("kh_1_2025", "3", "Mô hình điểm", "so_a", "", "Sở A", "", "Theo hướng dẫn của Bộ Công an", "", ""),
        ("kh_1_2025", "4", "Tuyên truyền", "@so-nganh", "", "Các sở, ngành", "", "Thực hiện thường xuyên", "", ""),
        ("kh_1_2025", "5", "Báo cáo sơ kết", "@so-nganh", "", "Các sở, ngành", "", "Tháng 6/2025", "", ""),
        ("qd_2_2025", "7.1", "Mô hình điểm tại các xã", "so_a", "", "Sở A", "", "Tháng 8/2025", "", "kh_1_2025:3"),
    ],
}


def make_project(root: Path, catalog: dict | None = None) -> Settings:
    """A project folder with the real config.toml, a small catalog and a one-line Word template."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "config.toml", root / "config.toml")
    folder = root / "catalog"
    folder.mkdir(exist_ok=True)
    for name, rows in (catalog or CATALOG).items():
        with (folder / name).open("w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerows(rows)
    settings = load_settings(root)
    settings.templates.mkdir(exist_ok=True)
    template = Document()
    template.add_paragraph("Báo cáo {{ ky.thang }}.")
    template.save(str(settings.templates / settings.report.template))
    for name in ("bao_cao_quy.docx", "bao_cao_6_thang.docx", "bao_cao_nam.docx"):   # a quarter's, a year's …
        template = Document()
        template.add_paragraph("Báo cáo {{ ky.ten }} (từ ngày {{ ky.tu_ngay }} đến ngày {{ ky.den_ngay }}).")
        template.add_paragraph("{{ ky.thieu }}")
        template.save(str(settings.templates / name))
    return settings


def copy_repo(root: Path, *folders: str) -> Path:
    """A copy of the shipped project (config.toml and the named folders), to run on without touching the repo."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "config.toml", root / "config.toml")
    for folder in folders:
        shutil.copytree(REPO / folder, root / folder)
    return root


def write_submission(settings: Settings, unit: str, content: FormContent | None = None,
                     period: Period = OCT, name: str | None = None, catalog: Catalog | None = None) -> Path:
    catalog = catalog or load_catalog(settings.catalog)
    folder = settings.inputs / period.key
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or f"{unit}.xlsx")
    write_form(path, catalog, catalog.units[unit], period, settings.rule, settings.form_version, content)
    return path


def set_cell(path: Path, sheet: str, cell: str, value: object) -> None:
    """Play the clerk of a unit typing into a form (the sheets are protected only against accidents)."""
    wb = load_workbook(path)
    wb[sheet][cell] = value
    wb.save(path)


def find_cell(path: Path, sheet: str, code: str) -> str:
    """The A1 address of the Giá trị cell of an indicator (or ``tl:`` ratio) row."""
    ws = load_workbook(path)[sheet]
    shown = form_code(code)
    for row in ws.iter_rows(min_col=2, max_col=2):
        if row[0].value in (code, shown):
            return f"F{row[0].row}"
    raise AssertionError(f"{code} not in {path.name}")


GOOD_A = FormContent(values={"tthc_tong": 2156, "tthc_tinh": 1780, "tthc_xa": 376, "ho_so_tong": 30},
                     documents=[{"list": "vb_qd", "doc_type": "Quyết định", "number": "1211/QĐ-UBND",
                                 "date": "16/9/2025", "subject": "thành lập Ban Chỉ đạo <chiến dịch> & \"Tổ\""}],
                     highlights=[{"section": "I.1.a", "text": "Ngày 25/9/2025, họp Ban Chỉ đạo[*].",
                                  "footnote": "Chủ trì hội nghị: đồng chí Bí thư."}])
GOOD_B = FormContent(values={"ddt_dat": 1444257, "cong_dan": 1772539, "kiosk": 3},
                     ratios_typed={"ddt": 81.48},
                     items=[{"list": "bv_kiosk", "text": "Bệnh viện X", "quantity": 2},
                            {"list": "bv_kiosk", "text": "Bệnh viện Y", "quantity": 1}])
GOOD_C = FormContent(values={"ho_so_xa": 30})
