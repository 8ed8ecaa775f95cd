"""Stage 2, validate: turn raw cells into accepted values and collect every finding.

Like pandera's lazy validation, every rule runs and all failures are collected; bad data
never raises. A value with a finding of severity Lỗi is left out of the totals, so the
report marks it as missing instead of using it.
"""
from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

from ..text import fmt, legacy
from ..catalog.load import Catalog
from ..text.cells import ambiguous, decimals_of, parse_date, parse_number, parse_percent
from ..figures.compute import Total, totals
from ..codes import Finding, finding
from ..catalog.deadlines import TaskStatus
from ..intake.layout import (HIGHLIGHT_TASK_COL, STATUS_LABELS, TASK_DATE_COL, TASK_NOTE_COL, TASK_NUMBER_COL,
                     TASK_STATUS_COL, choice_code, status_code)
from ..model import Dataset, Document, Highlight, ListItem, TaskReport, Validation, Value
from ..periods import Period, PeriodError, PeriodRule, parse_period
from ..intake.read import RawRow, ReadResult, Source, Submission, text

PROVINCE = "Toàn tỉnh"
LEGACY_NAMES = {"tcvn3": "TCVN3 (ABC, phông .VnTime)", "vni": "VNI (phông VNI-Times)"}


def validate(read: ReadResult, catalog: Catalog, period: Period, accepted_versions: tuple[str, ...],
             rule: PeriodRule) -> Validation:
    findings = list(read.findings)
    dataset = Dataset(period=period, last_day=period.last_day(rule))
    parsed = {s.path for s in read.submissions}
    for path in read.files:
        if path not in parsed:
            dataset.rejected_files[path.name] = ""
    kept = _choose_submissions(read.submissions, catalog, period, accepted_versions, findings, dataset)
    for sub in kept:
        dataset.accepted_files[sub.unit_code] = sub.file
        own = sub.checked or check_file(sub, catalog, period, rule)
        findings.extend(own.findings)
        dataset.values.extend(own.dataset.values)
        dataset.failed.update(own.dataset.failed)
        dataset.highlights.extend(own.dataset.highlights)
        dataset.documents.extend(own.dataset.documents)
        dataset.items.extend(own.dataset.items)
        dataset.task_statuses.extend(own.dataset.task_statuses)
    _unit_checks(catalog, findings, dataset)
    province = _province_checks(catalog, findings, dataset)
    for code, unit in catalog.units.items():
        if unit.required and code not in dataset.accepted_files and code not in dataset.rejected_files.values():
            dataset.missing_units.append(code)
            findings.append(finding("don-vi-chua-bao-cao", unit=unit.name, detail=period.label))
    return Validation(dataset, findings, province)


def check_file(sub: Submission, catalog: Catalog, period: Period, rule: PeriodRule) -> Validation:
    """The rules that need nothing but the file itself. Pure, so the reading workers can run it (a national
    month's files are checked on every core); whether the file is kept is decided later, across files."""
    findings: list[Finding] = []
    own = Dataset(period=period, last_day=period.last_day(rule))
    _values(sub, catalog, findings, own)
    _ratios_typed(sub, catalog, findings, own, 0)
    _entries(sub, catalog, findings, own, (period.first_day(rule), period.last_day(rule)))
    _tasks(sub, catalog, findings, own, period.last_day(rule))
    return Validation(own, findings)


def _unit_name(catalog: Catalog, code: str) -> str:
    unit = catalog.units.get(code)
    return unit.name if unit else code


def _choose_submissions(subs: list[Submission], catalog: Catalog, period: Period, versions: tuple[str, ...],
                        findings: list[Finding], dataset: Dataset) -> list[Submission]:
    """Identity checks per file; of two files from one unit the newest is kept."""
    candidates: dict[str, list[Submission]] = {}
    for sub in subs:
        where = dict(file=sub.file, sheet="Thông tin")
        name = _unit_name(catalog, sub.unit_code)
        problem = None
        if sub.version not in versions:
            problem = finding("sai-phien-ban-mau", unit=name, value=sub.version, detail=", ".join(versions), **where)
        elif sub.unit_code not in catalog.units:
            problem = finding("don-vi-khong-xac-dinh", value=sub.unit_code, **where)
        else:
            try:
                typed = parse_period(sub.period_text)
            except PeriodError:
                typed = None
            if typed != period:
                problem = finding("sai-ky-bao-cao", unit=name, value=sub.period_text, detail=period.label, **where)
        if problem:
            findings.append(problem)
            dataset.rejected_files[sub.file] = sub.unit_code if sub.unit_code in catalog.units else ""
            continue
        candidates.setdefault(sub.unit_code, []).append(sub)
    kept = []
    for unit, group in candidates.items():
        group.sort(key=lambda s: (s.path.stat().st_mtime, s.file))
        newest = group[-1]
        kept.append(newest)
        for other in group[:-1]:
            findings.append(finding("don-vi-trung-lap", unit=_unit_name(catalog, unit), file=other.file,
                                    sheet="Thông tin", detail=f"đang dùng tệp mới nhất {newest.file}"))
            dataset.rejected_files[other.file] = unit
    return sorted(kept, key=lambda s: s.unit_code)


def _values(sub: Submission, catalog: Catalog, findings: list[Finding], dataset: Dataset) -> None:
    unit = sub.unit_code
    name = _unit_name(catalog, unit)
    own = {i.code: i for i in catalog.indicators_for(unit)}
    seen: set[str] = set()
    for raw in sub.values:
        where = dict(unit=name, file=raw.source.file, sheet=raw.source.sheet, cell=raw.source.cell)
        ind = own.get(raw.code)
        if ind is None:
            findings.append(finding("chi-tieu-khong-xac-dinh", value=raw.code, **where))
            continue
        seen.add(ind.code)
        if raw.raw is None or text(raw.raw) == "":
            if ind.required:
                findings.append(finding("thieu-so-lieu", detail=ind.name, **where))
                dataset.failed.add((unit, ind.code))
            continue
        number = parse_percent(raw.raw) if ind.value_type == "ty-le" else parse_number(raw.raw)
        problem = None
        if ambiguous(raw.raw, percent=ind.value_type == "ty-le"):
            problem = finding("so-mo-ho", value=text(raw.raw), **where)
        elif number is None:
            problem = finding("khong-phai-so", value=text(raw.raw), **where)
        elif number < 0:
            problem = finding("so-am", value=fmt.number(number, decimals_of(float(number))), **where)
        elif ind.value_type == "ty-le" and number > 100:
            problem = finding("ty-le-khong-hop-le", value=fmt.percent(number, decimals_of(number)), **where)
        elif ind.value_type == "so-nguyen" and number != int(number):
            problem = finding("khong-phai-so-nguyen", value=fmt.number(number, decimals_of(float(number))), **where)
        if problem:
            findings.append(problem)
            dataset.failed.add((unit, ind.code))
            continue
        if ind.value_type == "so-nguyen":
            number = int(number)
        dataset.values.append(Value(unit, ind.code, number, raw.source))
    for ind in own.values():
        if ind.required and ind.code not in seen:
            findings.append(finding("thieu-so-lieu", unit=name, file=sub.file, sheet="Số liệu", detail=ind.name))
            dataset.failed.add((unit, ind.code))


def _ratios_typed(sub: Submission, catalog: Catalog, findings: list[Finding], dataset: Dataset,
                  first_value: int) -> None:
    """A percentage the unit typed is only checked, never used: the report computes its own."""
    unit = sub.unit_code
    name = _unit_name(catalog, unit)
    own = {r.code: r for r in catalog.ratios_for(unit)}
    mine = {v.indicator: v.value for v in dataset.values[first_value:]}
    for raw in sub.ratios_typed:
        where = dict(unit=name, file=raw.source.file, sheet=raw.source.sheet, cell=raw.source.cell)
        ratio = own.get(raw.code)
        if ratio is None:
            findings.append(finding("chi-tieu-khong-xac-dinh", value=raw.code, **where))
            continue
        if raw.raw is None or text(raw.raw) == "":
            continue
        typed = parse_percent(raw.raw)
        if ambiguous(raw.raw, percent=True):
            findings.append(finding("so-mo-ho", value=text(raw.raw), **where))
            continue
        if typed is None:
            findings.append(finding("khong-phai-so", value=text(raw.raw), **where))
            continue
        num, den = mine.get(ratio.numerator), mine.get(ratio.denominator)
        if num is None or den is None or den == 0:
            continue
        computed = fmt.ratio_percent(num, den)
        shown = decimals_of(typed)
        tolerance = Decimal(5) * Decimal(10) ** (-(shown + 1)) + Decimal("1e-9")
        if abs(Decimal(str(typed)) - computed) > tolerance:
            findings.append(finding("ty-le-sai", value=fmt.percent(typed, shown),
                                    base=fmt.percent(computed, max(ratio.decimals, shown)), detail=ratio.name, **where))


def _entries(sub: Submission, catalog: Catalog, findings: list[Finding], dataset: Dataset,
             span: tuple[date, date]) -> None:
    unit = sub.unit_code
    name = _unit_name(catalog, unit)
    own_lists = {lst.code: lst for lst in catalog.lists_for(unit)}

    def check_choice(row: RawRow, allowed: set[str]) -> bool:
        if row.choice in allowed:
            return True
        findings.append(finding("danh-sach-khong-xac-dinh", unit=name, file=row.file, sheet=row.sheet,
                                cell=row.source(2).cell, value=row.choice or "(để trống)"))
        return False

    def cell(row: RawRow, col: int) -> object:
        return row.cells[col - 3] if len(row.cells) > col - 3 else None

    rows = (*sub.highlights, *sub.documents, *sub.items)
    file_encoding = legacy.detect("\n".join(text(c) for row in rows for c in row.cells if isinstance(c, str)))

    def unicode_text(row: RawRow, col: int) -> str:
        """Text typed with a TCVN3 (ABC) or VNI font is converted to Unicode, with a warning at its cell."""
        value = text(cell(row, col))
        encoding = file_encoding or legacy.detect(value)
        if not encoding:
            return value
        converted = legacy.decode(value, encoding)
        if converted != value:
            findings.append(finding("phong-chu-cu", unit=name, file=row.file, sheet=row.sheet, cell=row.source(col).cell,
                                    value=value[:60], detail=LEGACY_NAMES[encoding], base=converted[:60]))
        return converted

    def need(row: RawRow, col: int, what: str) -> str:
        value = unicode_text(row, col)
        if not value:
            findings.append(finding("thieu-noi-dung", unit=name, file=row.file, sheet=row.sheet,
                                    cell=row.source(col).cell, detail=what))
        return value

    for row in sub.highlights:
        if check_choice(row, set(catalog.sections)):
            body = need(row, 3, "nội dung")
            task = _highlight_task(row, catalog, unit, name, findings)
            if body:
                dataset.highlights.append(Highlight(unit, row.choice, body, unicode_text(row, 4), row.source(3),
                                                    task))
    doc_lists = {c for c, lst in own_lists.items() if lst.kind == "van-ban"}
    for row in sub.documents:
        if not check_choice(row, doc_lists):
            continue
        number, subject = need(row, 4, "số, ký hiệu văn bản"), need(row, 6, "trích yếu văn bản")
        raw_date = cell(row, 5)
        issued = parse_date(raw_date)
        if issued is None:
            if text(raw_date):
                findings.append(finding("ngay-khong-hop-le", unit=name, file=row.file, sheet=row.sheet,
                                        cell=row.source(5).cell, value=text(raw_date)))
            else:
                findings.append(finding("thieu-noi-dung", unit=name, file=row.file, sheet=row.sheet,
                                        cell=row.source(5).cell, detail="ngày ban hành"))
        if issued and own_lists[row.choice].in_period and not span[0] <= issued <= span[1]:
            findings.append(finding("ngay-ngoai-ky", unit=name, file=row.file, sheet=row.sheet, cell=row.source(5).cell,
                                    value=fmt.short_date(issued), detail=f"{text(cell(row, 3))} số {number}".strip(),
                                    base=f"{fmt.short_date(span[0])} – {fmt.short_date(span[1])}"))
        if number and subject and issued:
            dataset.documents.append(Document(unit, row.choice, unicode_text(row, 3), number, issued, subject, row.source(4)))
    item_lists = {c for c, lst in own_lists.items() if lst.kind == "danh-sach"}
    for row in sub.items:
        if not check_choice(row, item_lists):
            continue
        body = need(row, 3, "nội dung")
        raw_q = cell(row, 4)
        quantity = parse_number(raw_q) if text(raw_q) else None
        if text(raw_q) and (quantity is None or quantity < 0):
            findings.append(finding("khong-phai-so", unit=name, file=row.file, sheet=row.sheet,
                                    cell=row.source(4).cell, value=text(raw_q)))
            continue
        if body:
            dataset.items.append(ListItem(unit, row.choice, body, quantity, unicode_text(row, 5), row.source(3)))


def _highlight_task(row: RawRow, catalog: Catalog, unit: str, name: str, findings: list[Finding]) -> tuple[str, str] | None:
    """The task a highlight is about (column "Nhiệm vụ liên quan"), as its canonical key; unknown → a warning."""
    raw = row.cells[HIGHLIGHT_TASK_COL - 3] if len(row.cells) > HIGHLIGHT_TASK_COL - 3 else None
    ref = text(raw)
    if not ref:
        return None
    found = catalog.tasks.find(choice_code(ref), unit)
    if found is None:
        findings.append(finding("nhiem-vu-khong-xac-dinh", unit=name, file=row.file, sheet=row.sheet,
                                cell=row.source(HIGHLIGHT_TASK_COL).cell, value=ref))
        return None
    return catalog.tasks.canonical(found.key)


def _tasks(sub: Submission, catalog: Catalog, findings: list[Finding], dataset: Dataset, last_day: date) -> None:
    """The Nhiệm vụ sheet: a status per task the unit leads; rows left blank are simply not reported."""
    unit = sub.unit_code
    name = _unit_name(catalog, unit)
    tasks = catalog.tasks

    def cell(row: RawRow, col: int) -> object:
        return row.cells[col - 3] if len(row.cells) > col - 3 else None

    for row in sub.tasks:
        raw_status, raw_date, note = cell(row, TASK_STATUS_COL), cell(row, TASK_DATE_COL), text(cell(row, TASK_NOTE_COL))
        if not (text(raw_status) or text(raw_date) or note):
            continue
        number = text(cell(row, TASK_NUMBER_COL))

        def where(col: int) -> dict[str, str]:
            return dict(unit=name, file=row.file, sheet=row.sheet, cell=row.source(col).cell)

        found = tasks.find(number, unit, row.choice) if number else None
        if found is None:
            shown = f"{number} ({row.choice})" if row.choice and number else number or row.choice or "(để trống)"
            findings.append(finding("nhiem-vu-khong-xac-dinh", value=shown, **where(TASK_NUMBER_COL)))
            continue
        key = tasks.canonical(found.key)
        described = tasks.describe(found.key)
        if unit not in tasks.leads(key):
            findings.append(finding("nhiem-vu-khong-chu-tri", value=number, detail=described, **where(TASK_NUMBER_COL)))
            continue
        if not text(raw_status):
            findings.append(finding("thieu-noi-dung", detail=f"tình trạng thực hiện nhiệm vụ {described}",
                                    **where(TASK_STATUS_COL)))
            continue
        code = status_code(text(raw_status))
        if code is None:
            findings.append(finding("tinh-trang-khong-hop-le", value=text(raw_status), detail=described,
                                    **where(TASK_STATUS_COL)))
            continue
        completed_on = parse_date(raw_date) if text(raw_date) else None
        if text(raw_date) and completed_on is None:
            findings.append(finding("ngay-khong-hop-le", value=text(raw_date), **where(TASK_DATE_COL)))
            continue
        if code == "hoan-thanh" and completed_on is None:
            findings.append(finding("hoan-thanh-thieu-ngay", detail=described, **where(TASK_DATE_COL)))
            continue
        if completed_on is not None and code != "hoan-thanh":
            findings.append(finding("ngay-hoan-thanh-thua", value=STATUS_LABELS[code], detail=described,
                                    **where(TASK_DATE_COL)))
            completed_on = None
        if completed_on is not None and completed_on > last_day:
            findings.append(finding("ngay-hoan-thanh-sau-ky", value=fmt.short_date(completed_on), detail=described,
                                    base=fmt.short_date(last_day), **where(TASK_DATE_COL)))
            continue
        dataset.task_statuses.append(TaskReport(unit, key, TaskStatus(code, completed_on), note,
                                                row.source(TASK_STATUS_COL)))


def _unit_checks(catalog: Catalog, findings: list[Finding], dataset: Dataset) -> None:
    """Rules inside one unit's own figures: count ≤ base, parts add up, lists match figures."""
    by_unit: dict[str, dict[str, Value]] = {}
    for v in dataset.values:
        by_unit.setdefault(v.unit, {})[v.indicator] = v
    for unit, vals in by_unit.items():
        name = _unit_name(catalog, unit)
        for ratio in catalog.ratios.values():
            num, den = vals.get(ratio.numerator), vals.get(ratio.denominator)
            if num and den and num.value > den.value:
                findings.append(_at("vuot-mau-so", num.source, name, num.value, den.value, ratio.name))
        for rel in catalog.relations:
            whole = vals.get(rel.whole)
            parts = [vals.get(p) for p in rel.parts]
            if whole and all(parts):
                added = sum(p.value for p in parts)
                if added != whole.value:
                    findings.append(_at("tong-khong-khop", whole.source, name, whole.value, added, rel.note))
    counts: Counter[tuple[str, str]] = Counter()
    quantities: Counter[tuple[str, str]] = Counter()
    for entry in (*dataset.items, *dataset.documents):
        counts[(entry.unit, entry.list_code)] += 1
        quantities[(entry.unit, entry.list_code)] += getattr(entry, "quantity", None) or 0
    for lst in catalog.lists.values():
        for indicator, measured in ((lst.count_indicator, counts), (lst.quantity_indicator, quantities)):
            if not indicator:
                continue
            for unit, vals in by_unit.items():
                stated = vals.get(indicator)
                if stated is None or (unit, lst.code) not in counts:
                    continue
                got = measured[(unit, lst.code)]
                if got != stated.value:
                    findings.append(_at("danh-sach-khong-khop", stated.source, _unit_name(catalog, unit),
                                        stated.value, got, lst.name))


def _province_checks(catalog: Catalog, findings: list[Finding], dataset: Dataset) -> dict[str, Total]:
    """The same rules on province totals, for figures that come from different units."""
    tot = totals(dataset.values, catalog, dataset)
    units_of = {code: t.units for code, t in tot.items()}

    def single_unit(*codes: str) -> bool:
        involved = {u for c in codes for u in units_of[c]}
        return len(involved) <= 1

    def ok(t: Total) -> bool:
        return t.value is not None

    for ratio in catalog.ratios.values():
        num, den = tot[ratio.numerator], tot[ratio.denominator]
        if ok(num) and ok(den) and not single_unit(ratio.numerator, ratio.denominator) and num.value > den.value:
            findings.append(finding("vuot-mau-so", unit=PROVINCE, value=fmt.number(num.value),
                                    base=fmt.number(den.value), detail=ratio.name))
    pairs: dict[tuple, list[str]] = {}
    for ratio in catalog.ratios.values():
        num, den = tot[ratio.numerator], tot[ratio.denominator]
        if ok(num) and ok(den) and num.value and den.value and ratio.numerator != ratio.denominator:
            pairs.setdefault((num.value, den.value), []).append(ratio.name)
    for (num_value, den_value), names in pairs.items():
        if len(names) > 1:
            findings.append(finding("ty-le-trung-nhau", unit=PROVINCE, detail=" và ".join(f"“{n}”" for n in names),
                                    value=f"{fmt.number(num_value)}/{fmt.number(den_value)}"))
    for rel in catalog.relations:
        whole, parts = tot[rel.whole], [tot[p] for p in rel.parts]
        if ok(whole) and all(ok(p) for p in parts) and not single_unit(rel.whole, *rel.parts):
            added = sum(p.value for p in parts)
            if added != whole.value:
                findings.append(finding("tong-khong-khop", unit=PROVINCE, value=fmt.number(whole.value),
                                        base=fmt.number(added), detail=rel.note))
    return tot


def _at(code: str, source: Source, unit: str, value, base, detail: str) -> Finding:
    return finding(code, unit=unit, file=source.file, sheet=source.sheet, cell=source.cell,
                value=fmt.number(value, decimals_of(float(value))), base=fmt.number(base, decimals_of(float(base))),
                detail=detail)
