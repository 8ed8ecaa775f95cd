"""The unit form (mẫu biểu): one workbook per unit, written with openpyxl.

The same writer produces blank forms (``mau-bieu``) and the filled sample submissions,
so the shipped examples always match the form the reader expects.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..catalog import Catalog
from ..catalog.tasks import Task, TaskCatalog
from ..catalog.units import KIND_GROUPS, Unit
from ..model import STATUS_LABELS, Number
from ..periods import Period, PeriodRule
from ..text import fmt
from ..text.cells import a1, col_letter, parse_date
from ..text.xstring import escape_cells
from .layout import (AS_OF_COL, CHOICES_SHEET, COMMUNE_EMPTY_ROWS, DATA_COLUMNS, DATA_SHEET, DOC_COLUMNS, DOC_SHEET, EMPTY_ROWS,
                     GUIDE_SHEET, HEADER_ROW, HIGHLIGHT_COLUMNS, HIGHLIGHT_SHEET, HIGHLIGHT_TASK_COL, INFO_FIRST_ROW,
                     INFO_LABELS, INFO_SHEET, KIND_LABELS, LIST_COLUMNS, LIST_SHEET, RATIO_PREFIX, TABLE_HEADER_ROW,
                     TASK_DATE_COL, TASK_SHEET, TASK_SHEET_COLUMNS, TASK_STATUS_COL, VALUE_COL, choice_label,
                     STATUS_COL, form_code, status_code, task_ref)
from .printing import add_signatures, fit_rows, set_printing
from .selfcheck import DataRows, add_checks, put_cached
from .styles import BOX, HEADER_FILL, INPUT_FILL, UNLOCKED
from .styles import font as _font



@dataclass
class FormContent:
    """What a unit typed into its form (used for the shipped samples and for tests)."""

    values: dict[str, object] = field(default_factory=dict)
    ratios_typed: dict[str, object] = field(default_factory=dict)
    highlights: list[dict[str, str]] = field(default_factory=list)
    documents: list[dict[str, object]] = field(default_factory=list)
    items: list[dict[str, object]] = field(default_factory=list)
    tasks: list[dict[str, object]] = field(default_factory=list)   # number, plan (optional), status, completed_on, note
    preparer: str = ""
    phone: str = ""
    cutoff: object = ""                                             # Số liệu tính đến ngày (the whole form)
    values_as_of: dict[str, object] = field(default_factory=dict)   # an indicator's own cut-off date


def write_form(path: Path, catalog: Catalog, unit: Unit, period: Period, rule: PeriodRule,
               version: str, content: FormContent | None = None, previous: Mapping[str, Number] | None = None) -> None:
    """Write the unit's form to ``path`` (the caller takes care of atomic replacement); ``previous``: the unit's
    accepted values of the period before, from the history, shown beside its cumulative figures."""
    content = content or FormContent()
    wb = Workbook()
    guide = wb.active
    guide.title = GUIDE_SHEET
    _write_info(wb.create_sheet(INFO_SHEET), unit, period, rule, version, content)
    data = wb.create_sheet(DATA_SHEET)
    cached = add_checks(data, catalog, unit.code, _write_data(data, catalog, unit, content), previous or {},
                        period.previous().label)
    choices = wb.create_sheet(CHOICES_SHEET)
    ranges = _write_choices(choices, catalog, unit)
    spare = COMMUNE_EMPTY_ROWS if unit.kind in KIND_GROUPS["xa-phuong"] else None
    _write_table(wb.create_sheet(HIGHLIGHT_SHEET), HIGHLIGHT_COLUMNS, (0, 18, 90, 50, 30, 16),
                 [[h.get("section_label") or _section_label(catalog, h.get("section", "")), h.get("text", ""),
                   h.get("footnote", ""), _task_label(catalog.tasks, unit, str(h.get("task", "") or "")),
                   form_code(str(h.get("key", "") or ""))]   # read back through name_key, "-" or "_"
                  for h in content.highlights], {2: ranges["sections"], HIGHLIGHT_TASK_COL: ranges["tasks"]}, spare)
    _write_table(wb.create_sheet(DOC_SHEET), DOC_COLUMNS, (0, 40, 16, 20, 16, 80),
                 [[_list_label(catalog, d.get("list", "")), d.get("doc_type", ""), d.get("number", ""),
                   d.get("date", ""), d.get("subject", "")] for d in content.documents],
                 {2: ranges["van-ban"]}, spare, date_col=5)
    _write_table(wb.create_sheet(LIST_SHEET), LIST_COLUMNS, (0, 40, 80, 12, 30, 16),
                 [[_list_label(catalog, i.get("list", "")), i.get("text", ""), i.get("quantity", ""),
                   i.get("note", ""), form_code(str(i.get("key", "") or ""))] for i in content.items],
                 {2: ranges["danh-sach"]}, spare)
    if catalog.tasks.groups_led_by(unit.code) or content.tasks:
        _write_tasks(wb.create_sheet(TASK_SHEET), catalog.tasks, unit, content)
    _write_guide(guide, unit, period, rule, version)
    choices.sheet_state = "hidden"
    _print_setup(wb, unit, period)
    for ws in wb.worksheets:
        ws.protection.sheet = True
        ws.protection.formatRows = False
        ws.protection.formatColumns = False
        ws.protection.insertRows = False
    wb.properties.title = f"Mẫu biểu Đề án 06 - {unit.name} - kỳ {period.label}"
    wb.properties.creator = "baocao"
    wb.active = 1
    _drop_unused_validations(wb)
    escape_cells(wb)
    wb.save(path)
    if not (content.values or content.ratios_typed):   # a filled form's checks are computed when it is opened
        put_cached(path, wb.sheetnames.index(DATA_SHEET), cached)


def _print_setup(wb: Workbook, unit: Unit, period: Period) -> None:
    """Every sheet a unit may print: A4, one page wide, header rows repeated, unit and period in the page header;
    the signature block at the end of Số liệu (left half under STT..Chỉ tiêu, right half under Loại..Ghi chú)."""
    heading = (unit.name, f"Kỳ báo cáo: tháng {period.label}")
    add_signatures(wb[DATA_SHEET], left=(1, 3), right=(5, STATUS_COL))
    title_rows = {GUIDE_SHEET: 0, INFO_SHEET: 0, DATA_SHEET: HEADER_ROW}
    for ws in wb.worksheets:
        if ws.title != CHOICES_SHEET:
            fit_rows(ws)
            set_printing(ws, heading, title_rows.get(ws.title, TABLE_HEADER_ROW),
                         landscape=ws.title not in (GUIDE_SHEET, INFO_SHEET))


def _drop_unused_validations(wb: Workbook) -> None:
    """A rule with no cells is left out: a commune's Số liệu has no whole-number or percentage cell, and an empty
    ``<dataValidations count="0"/>`` is not valid OOXML (Excel is stricter than LibreOffice about such parts)."""
    for ws in wb.worksheets:
        ws.data_validations.dataValidation = [dv for dv in ws.data_validations.dataValidation if dv.sqref]


def _section_label(catalog: Catalog, code: str) -> str:
    section = catalog.sections.get(code)
    return choice_label(section.title, code) if section else code


def _list_label(catalog: Catalog, code: str) -> str:
    lst = catalog.lists.get(code)
    return choice_label(lst.name, code) if lst else code


def _task_label(tasks: TaskCatalog, unit: Unit, ref: str) -> str:
    """A highlight's task as its drop-down entry (``Nhiệm vụ 63.8 - Kế hoạch số 3433/KH-UBND [kh-3433-2025:63.8]``)."""
    if not ref:
        return ""
    found = tasks.find(ref, unit.code)
    return _task_choice(tasks, found) if found else ref


def _task_choice(tasks: TaskCatalog, task: Task) -> str:
    return choice_label(f"Nhiệm vụ {task.number} - {tasks.plans[task.plan].name}", task_ref(task.plan, task.number))


def _write_tasks(ws: Worksheet, tasks: TaskCatalog, unit: Unit, content: FormContent) -> None:
    """One row per task the unit leads (a task restated by a later plan once); status, date and note are typed."""
    _title(ws, f"TÌNH HÌNH THỰC HIỆN NHIỆM VỤ DO {unit.name.upper()} CHỦ TRÌ", len(TASK_SHEET_COLUMNS))
    ws.cell(row=2, column=1, value="Chọn tình trạng trong danh sách thả xuống; nhiệm vụ đã hoàn thành ghi ngày hoàn thành "
            "(ngày/tháng/năm). Không sửa các cột số, nhiệm vụ, thời hạn.").font = _font(italic=True, size=11)
    _header(ws, TABLE_HEADER_ROW, TASK_SHEET_COLUMNS, (6, 30, 8, 70, 30, 18, 16, 40))
    rows: list[list[object]] = []
    index: dict[tuple[str, str], int] = {}
    for task in tasks.groups_led_by(unit.code):
        index[task.key] = len(rows)
        rows.append([choice_label(tasks.plans[task.plan].name, task.plan), task.number, task.text,
                     "\n".join(tasks.deadline_lines(task.key)), None, None, None])
    for typed in content.tasks:
        number, plan = str(typed.get("number", "")), str(typed.get("plan", "") or "")
        found = tasks.find(number, unit.code, plan)
        key = tasks.canonical(found.key) if found else None
        if key not in index:      # a task the unit does not lead, or not in the catalog: as a clerk would add it
            task = tasks.tasks[key] if key else None
            plan = task.plan if task else plan
            label = choice_label(tasks.plans[plan].name, plan) if plan in tasks.plans else plan
            index[key or (plan, number)] = len(rows)
            rows.append([label, task.number if task else number, task.text if task else "",
                         "\n".join(tasks.deadline_lines(task.key)) if task else "", None, None, None])
            key = key or (plan, number)
        row = rows[index[key]]
        code = status_code(str(typed.get("status", "") or ""))
        row[4] = STATUS_LABELS[code] if code else (typed.get("status") or None)
        row[5] = parse_date(typed.get("completed_on")) or typed.get("completed_on") or None
        row[6] = typed.get("note") or None
    status = DataValidation(type="list", formula1='"' + ",".join(STATUS_LABELS.values()) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle="Tình trạng không hợp lệ",
                            error="Chọn Hoàn thành, Đang thực hiện hoặc Chưa thực hiện.")
    day = DataValidation(type="date", operator="between", formula1="DATE(2000,1,1)", formula2="DATE(2100,12,31)",
                         allow_blank=True, showErrorMessage=True, errorTitle="Ngày không hợp lệ",
                         error="Nhập ngày hoàn thành dạng ngày/tháng/năm, ví dụ 30/9/2025.")
    ws.add_data_validation(status)
    ws.add_data_validation(day)
    for offset, values in enumerate(rows):
        row = TABLE_HEADER_ROW + 1 + offset
        number = ws.cell(row=row, column=1, value=offset + 1)
        number.font, number.alignment = _font(), Alignment(vertical="top")
        for col, value in enumerate(values, start=2):
            cell = ws.cell(row=row, column=col, value=value)
            cell.font, cell.border = _font(), BOX
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if col == 3:
                cell.number_format = "@"      # 63.10 stays 63.10, never the number 63.1
            if col >= TASK_STATUS_COL:
                cell.fill, cell.protection = INPUT_FILL, UNLOCKED
            if col == TASK_DATE_COL:
                cell.number_format = "d/m/yyyy"
        status.add(a1(row, TASK_STATUS_COL))
        day.add(a1(row, TASK_DATE_COL))


def _title(ws: Worksheet, text: str, width: int) -> None:
    ws.cell(row=1, column=1, value=text).font = _font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)


def _header(ws: Worksheet, row: int, columns: tuple[str, ...], widths: tuple[int, ...]) -> None:
    for col, (name, width) in enumerate(zip(columns, widths), start=1):
        cell = ws.cell(row=row, column=col, value=name)
        cell.font = _font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[col_letter(col)].width = width or 6
    ws.freeze_panes = ws.cell(row=row + 1, column=1)


def _write_info(ws: Worksheet, unit: Unit, period: Period, rule: PeriodRule, version: str,
                content: FormContent) -> None:
    _title(ws, "PHIẾU BÁO CÁO KẾT QUẢ THỰC HIỆN ĐỀ ÁN 06", 2)
    values = {
        "unit_code": form_code(unit.code), "unit_name": unit.name, "period": period.label,
        "first_day": fmt.short_date(period.first_day(rule)), "last_day": fmt.short_date(period.last_day(rule)),
        "version": version, "preparer": content.preparer, "phone": content.phone,
        "cutoff": parse_date(content.cutoff) or content.cutoff or None,
    }
    day = _date_validation("Nhập ngày chốt số liệu dạng ngày/tháng/năm, ví dụ 15/10/2025.")
    ws.add_data_validation(day)
    for offset, (key, label) in enumerate(INFO_LABELS.items()):
        row = INFO_FIRST_ROW + offset
        ws.cell(row=row, column=1, value=label).font = _font(bold=True)
        cell = ws.cell(row=row, column=2, value=values[key])
        cell.font = _font()
        cell.border = BOX
        if key in ("preparer", "phone", "cutoff"):
            cell.fill, cell.protection = INPUT_FILL, UNLOCKED
        if key == "cutoff":
            cell.number_format = "d/m/yyyy"
            cell.alignment = Alignment(horizontal="left")
            day.add(cell)
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 60
    note_row = INFO_FIRST_ROW + len(INFO_LABELS) + 1
    for offset, text in enumerate(("Không sửa các ô mã đơn vị, kỳ báo cáo và phiên bản mẫu: công cụ tổng hợp dùng các "
                                   "ô này để nhận biết tệp.",
                                   "Số liệu tính đến ngày: ngày chốt số liệu của đơn vị (để trống = ngày cuối kỳ); báo "
                                   "cáo ghi \"Tính đến ngày …\" theo ngày này.")):
        note = ws.cell(row=note_row + offset, column=1, value=text)
        note.font, note.alignment = _font(italic=True, size=11), Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=note_row + offset, start_column=1, end_row=note_row + offset, end_column=2)
        ws.row_dimensions[note_row + offset].height = 30   # two lines when printed on the sheet's width


def _date_validation(error: str) -> DataValidation:
    return DataValidation(type="date", operator="between", formula1="DATE(2000,1,1)", formula2="DATE(2100,12,31)",
                          allow_blank=True, showErrorMessage=True, errorTitle="Ngày không hợp lệ", error=error)


def _write_data(ws: Worksheet, catalog: Catalog, unit: Unit, content: FormContent) -> DataRows:
    _title(ws, f"SỐ LIỆU BÁO CÁO - {unit.name.upper()}", STATUS_COL)
    ws.cell(row=2, column=1, value="Nhập số vào các ô màu vàng ở cột Giá trị; chỉ tiêu có dấu (*) là bắt buộc "
            "(nhập 0 nếu không phát sinh). Cột Tự kiểm tra chỉ để đơn vị tự soát trước khi gửi."
            ).font = _font(italic=True, size=11)
    _header(ws, HEADER_ROW, DATA_COLUMNS, (6, 20, 56, 12, 16, 16, 22, 14))
    day = _date_validation("Nhập ngày chốt của số liệu này dạng ngày/tháng/năm (để trống = ngày ở trang Thông tin).")
    ws.add_data_validation(day)
    whole = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                           showErrorMessage=True, errorTitle="Số liệu không hợp lệ",
                           error="Chỉ nhập số nguyên không âm (ví dụ 1444257).")
    decimal = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                             showErrorMessage=True, errorTitle="Số liệu không hợp lệ",
                             error="Chỉ nhập số không âm.")
    percent = DataValidation(type="decimal", operator="between", formula1="0", formula2="1", allow_blank=True,
                             showErrorMessage=True, errorTitle="Tỷ lệ không hợp lệ",
                             error="Nhập tỷ lệ phần trăm từ 0% đến 100% (ví dụ 81,48%).")
    for dv in (whole, decimal, percent):
        ws.add_data_validation(dv)
    row = HEADER_ROW + 1
    number = 0
    placed = DataRows()
    by_section: dict[str, list] = {}
    for ind in catalog.indicators_for(unit.code):
        by_section.setdefault(ind.section, []).append(ind)
    for section_code, indicators in by_section.items():
        section = catalog.sections.get(section_code)
        heading = ws.cell(row=row, column=3, value=f"Mục {section_code}. {section.title}" if section else "Chỉ tiêu khác")
        heading.font = _font(bold=True)
        row += 1
        for ind in indicators:
            number += 1
            label = ind.name + (" (*)" if ind.required else "")
            cells = [number, form_code(ind.code), label, ind.unit_of_measure, KIND_LABELS[ind.kind]]
            value = content.values.get(ind.code)
            placed.indicators[ind.code], placed.numbers[row] = row, number
            if ind.value_type == "ty-le":
                _data_row(ws, row, cells, _as_fraction(value), percent, "0.00%")
            elif ind.value_type == "so-nguyen":
                _data_row(ws, row, cells, value, whole, "#,##0")
            else:
                _data_row(ws, row, cells, value, decimal, "#,##0.##")
            as_of = content.values_as_of.get(ind.code)
            cell = ws.cell(row=row, column=AS_OF_COL, value=parse_date(as_of) or as_of or None)
            cell.border, cell.fill, cell.protection, cell.number_format = BOX, INPUT_FILL, UNLOCKED, "d/m/yyyy"
            day.add(cell)
            row += 1
    ratios = catalog.ratios_for(unit.code)
    if ratios:
        ws.cell(row=row, column=3, value="Tỷ lệ do đơn vị tự tính (không bắt buộc; báo cáo dùng tỷ lệ tính từ số liệu)").font = _font(bold=True)
        row += 1
        for ratio in ratios:
            number += 1
            cells = [number, RATIO_PREFIX + form_code(ratio.code), ratio.name, "%", "Tỷ lệ"]
            placed.ratios[ratio.code], placed.numbers[row] = row, number
            _data_row(ws, row, cells, _as_fraction(content.ratios_typed.get(ratio.code)), percent, "0.00%")
            row += 1
    return placed


def _as_fraction(percent: object) -> object:
    """Excel stores 81,48% as 0.8148; samples and tests give percentages in percent units."""
    return percent / 100 if isinstance(percent, (int, float)) and not isinstance(percent, bool) else percent


def _data_row(ws: Worksheet, row: int, cells: list, value: object, validation: DataValidation, number_format: str) -> None:
    for col, v in enumerate(cells, start=1):
        cell = ws.cell(row=row, column=col, value=v)
        cell.font = _font()
        cell.border = BOX
        cell.alignment = Alignment(vertical="top", wrap_text=col == 3)
    target = ws.cell(row=row, column=VALUE_COL, value=value)
    target.font, target.border, target.fill, target.protection = _font(), BOX, INPUT_FILL, UNLOCKED
    target.number_format = number_format
    validation.add(target)
    note = ws.cell(row=row, column=VALUE_COL + 1)
    note.border, note.fill, note.protection = BOX, INPUT_FILL, UNLOCKED


def _write_choices(ws: Worksheet, catalog: Catalog, unit: Unit) -> dict[str, str | None]:
    """Drop-down sources live on a hidden sheet: Excel limits inline lists to 255 characters. A list the unit has
    no entry for gets no source (None): a drop-down on an empty range offers nothing and refuses every entry."""
    columns = {
        "sections": [choice_label(s.title, s.code) for s in catalog.sections.values()],
        "van-ban": [choice_label(lst.name, lst.code) for lst in catalog.lists_for(unit.code) if lst.kind == "van-ban"],
        "danh-sach": [choice_label(lst.name, lst.code) for lst in catalog.lists_for(unit.code) if lst.kind == "danh-sach"],
        "tasks": [_task_choice(catalog.tasks, t) for t in catalog.tasks.groups_led_by(unit.code)],
    }
    ranges: dict[str, str | None] = {}
    for col, (key, labels) in enumerate(columns.items(), start=1):
        ws.cell(row=1, column=col, value=key)
        for r, label in enumerate(labels, start=2):
            ws.cell(row=r, column=col, value=label)
        letter = col_letter(col)
        ranges[key] = f"'{CHOICES_SHEET}'!${letter}$2:${letter}${len(labels) + 1}" if labels else None
    return ranges


def _write_table(ws: Worksheet, columns: tuple[str, ...], widths: tuple[int, ...], rows: list[list],
                 dropdowns: dict[int, str | None], spare: int | None, date_col: int | None = None) -> None:
    titles = {HIGHLIGHT_SHEET: "NỘI DUNG NỔI BẬT THEO TỪNG MỤC BÁO CÁO",
              DOC_SHEET: "VĂN BẢN ĐÃ BAN HÀNH TRONG KỲ",
              LIST_SHEET: "DANH SÁCH (ĐIỂM, CƠ SỞ, MÔ HÌNH …)"}
    _title(ws, titles[ws.title], len(columns))
    guide = "Mỗi dòng một mục; chọn cột thứ hai trong danh sách thả xuống." + (
        " Nội dung nói về một nhiệm vụ được giao: chọn nhiệm vụ ở cột \"Nhiệm vụ liên quan\" (báo cáo tự ghi nơi giao "
        "và số tháng chậm tiến độ)." if ws.title == HIGHLIGHT_SHEET else "") + (
        " Cột \"Khóa\" chỉ ghi khi Văn phòng thường trực đề nghị." if ws.title in (HIGHLIGHT_SHEET, LIST_SHEET) else "")
    if dropdowns.get(2, "") is None:   # no list of this kind for the unit: nothing to choose, nothing to send
        guide = "Đơn vị không có danh sách nào phải gửi ở trang này: để trống trang này."
    ws.cell(row=2, column=1, value=guide).font = _font(italic=True, size=11)
    _header(ws, TABLE_HEADER_ROW, columns, widths)
    total = max(len(rows) + 20, EMPTY_ROWS[ws.title]) if spare is None else len(rows) + spare
    validations = {}
    for col, source in dropdowns.items():
        if source is None:
            continue
        dv = DataValidation(type="list", formula1=f"={source}", allow_blank=True, showErrorMessage=True,
                            errorTitle="Giá trị không hợp lệ", error="Chọn một giá trị trong danh sách thả xuống.")
        ws.add_data_validation(dv)
        validations[col] = dv
    first = TABLE_HEADER_ROW + 1
    for index in range(total):
        row = first + index
        values = rows[index] if index < len(rows) else []
        number = ws.cell(row=row, column=1, value=index + 1)
        number.font, number.alignment = _font(), Alignment(vertical="top")
        for col in range(2, len(columns) + 1):
            value = values[col - 2] if col - 2 < len(values) else None
            if isinstance(value, str) and value == "":
                value = None
            cell = ws.cell(row=row, column=col, value=value)
            cell.font, cell.border, cell.fill, cell.protection = _font(), BOX, INPUT_FILL, UNLOCKED
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if col == date_col:
                cell.number_format = "d/m/yyyy"
                if isinstance(value, date):
                    cell.value = value
        for col, dv in validations.items():
            dv.add(a1(row, col))


def _write_guide(ws: Worksheet, unit: Unit, period: Period, rule: PeriodRule, version: str) -> None:
    lines = [
        ("HƯỚNG DẪN LẬP BÁO CÁO ĐỀ ÁN 06", True),
        (f"Đơn vị: {unit.name}", False),
        (f"Kỳ báo cáo: tháng {period.label} (từ ngày {fmt.short_date(period.first_day(rule))} "
         f"đến ngày {fmt.short_date(period.last_day(rule))})", False),
        (f"Phiên bản mẫu biểu: {version}", False),
        ("", False),
        ("1. Trang \"Thông tin\": ghi người lập biểu, số điện thoại và ngày chốt số liệu (Số liệu tính đến ngày; để trống "
         "nếu là ngày cuối kỳ). Không sửa mã đơn vị, kỳ báo cáo, phiên bản mẫu.", False),
        ("2. Trang \"Số liệu\": nhập số vào cột Giá trị (ô màu vàng). Chỉ nhập chữ số, không ghi chữ, không ghi dấu chấm "
         "ngăn cách hàng nghìn bằng tay. Số lũy kế là số tính đến hết kỳ báo cáo; số trong kỳ là số phát sinh trong kỳ. "
         "Chỉ tiêu có ngày chốt riêng: ghi ở cột Tính đến ngày.", False),
        ("   Chỉ tiêu có dấu (*) là bắt buộc; nếu không phát sinh thì nhập 0. Tỷ lệ tự tính là không bắt buộc: "
         "báo cáo luôn dùng tỷ lệ tính từ số liệu.", False),
        ("   Các cột màu xám bên phải tự tính khi nhập: số kỳ trước đã được chấp nhận, mức tăng, tỷ lệ tính được và cột "
         "Tự kiểm tra nêu chỗ cần xem lại (phần không cộng đúng tổng, số đạt lớn hơn tổng số, số lũy kế nhỏ hơn kỳ "
         "trước…); dòng Tự kiểm tra ở đầu trang đếm các chỗ đó. Đây chỉ là hỗ trợ: Văn phòng vẫn kiểm tra lại khi "
         "tổng hợp.", False),
        ("3. Trang \"Nổi bật\": mỗi dòng một nội dung nổi bật, chọn mục báo cáo tương ứng. Nếu cần chú thích cuối trang, "
         "ghi ở cột Chú thích; đánh dấu [*] trong nội dung tại chỗ đặt số chú thích (nếu không, chú thích đặt ở cuối).", False),
        ("   Nội dung nói về một nhiệm vụ được giao (mục III): chọn nhiệm vụ ở cột \"Nhiệm vụ liên quan\"; báo cáo tự ghi "
         "chú thích nơi giao nhiệm vụ và số tháng chậm tiến độ, đơn vị không tự ghi.", False),
        ("   Cột \"Khóa\" để trống, trừ khi Văn phòng thường trực đề nghị ghi một khóa (ví dụ tau_bay) để nội dung được "
         "đặt vào đúng đoạn của báo cáo; ở mục III, khóa tieu_de là câu dẫn thay cho tên đơn vị ở đầu các nhiệm vụ "
         "của đơn vị.", False),
        ("4. Trang \"Văn bản\": mỗi văn bản đã ban hành trong kỳ một dòng: danh sách, loại văn bản, số ký hiệu, ngày ban hành, trích yếu.", False),
        ("5. Trang \"Danh sách\": các điểm, cơ sở, mô hình… mỗi dòng một mục hoặc một nhóm, ghi đúng như muốn in trong báo "
         "cáo; cột Số lượng (khi danh sách có yêu cầu) là số của cả dòng, dùng để đối chiếu với số liệu. Cột \"Khóa\" "
         "để trống, trừ khi Văn phòng thường trực đề nghị ghi một khóa (ví dụ sskdt) cho một mục để mục đó được đặt "
         "vào đúng câu của báo cáo; các tháng sau ghi lại đúng khóa đó cho mục đó.", False),
        ("6. Trang \"Nhiệm vụ\": các nhiệm vụ đơn vị chủ trì theo kế hoạch. Chọn tình trạng (Hoàn thành, Đang thực hiện, "
         "Chưa thực hiện); nhiệm vụ đã hoàn thành phải ghi ngày hoàn thành (không sau ngày cuối kỳ); ghi chú ngắn nếu cần. "
         "Nhiệm vụ đã báo cáo hoàn thành thì các kỳ sau vẫn chọn Hoàn thành.", False),
        ("7. Lưu tệp dạng .xlsx (mở bằng Excel, LibreOffice Calc hay WPS đều được), giữ nguyên tên các trang, "
         "gửi về Văn phòng thường trực đúng hạn.", False),
        ("8. Cần gửi bản giấy: in mẫu biểu (mỗi trang vừa khổ A4); người lập biểu và thủ trưởng đơn vị ký ở cuối trang "
         "\"Số liệu\" (tên người lập biểu lấy từ trang \"Thông tin\"), đóng dấu, gửi kèm bản chụp.", False),
    ]
    for row, (text, bold) in enumerate(lines, start=1):
        cell = ws.cell(row=row, column=1, value=text)
        cell.font, cell.alignment = _font(bold=bold, size=14 if bold else 12), Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 80   # at 100 LibreOffice did not scale the page to A4 portrait
