"""The checks stage as a whole: raw cells become accepted values, and every finding is collected.

Like pandera's lazy validation, every rule runs and all failures are collected; bad data never raises. A value with
a finding of severity Lỗi is left out of the totals, so the report marks it as missing instead of using it.
:func:`check_file` is pure (the reading workers run it on each file they read); :func:`validate` adds the rules
across files. The rules against the previous period (``previous.py``) need the history; the pipeline runs them.
"""
from __future__ import annotations

from ..catalog import Catalog
from ..model import Dataset, Finding, ReadResult, Submission, Validation
from ..periods import Period, PeriodRule
from .consistency import province_rules, unit_rules
from .entries import entries
from .identity import choose_submissions, missing_units
from .scope import Scope
from .tasks import task_rows
from .totals import totals
from .values import figures, typed_ratios


def check_file(sub: Submission, catalog: Catalog, period: Period, rule: PeriodRule) -> Validation:
    """The rules that need nothing but the file itself. Pure, so the reading workers can run it (a national
    month's files are checked on every core); whether the file is kept is decided later, across files."""
    scope = Scope.of(catalog, sub.unit_code, [], Dataset(period=period, last_day=period.last_day(rule)))
    figures(scope, sub, (period.first_day(rule), period.last_day(rule)))
    typed_ratios(scope, sub)
    entries(scope, sub, (period.first_day(rule), period.last_day(rule)))
    task_rows(scope, sub, period.last_day(rule))
    return Validation(scope.dataset, scope.findings)


def validate(read: ReadResult, catalog: Catalog, period: Period, accepted_versions: tuple[str, ...],
             rule: PeriodRule) -> Validation:
    findings: list[Finding] = list(read.findings)
    dataset = Dataset(period=period, last_day=period.last_day(rule))
    parsed = {s.path for s in read.submissions}
    for path in read.files:
        if path not in parsed:
            dataset.rejected_files[read.name(path)] = ""
    for sub in choose_submissions(read.submissions, catalog, period, accepted_versions, findings, dataset):
        dataset.accepted_files[sub.unit_code] = sub.file
        _merge(sub.checked or check_file(sub, catalog, period, rule), findings, dataset)
    findings += unit_rules(catalog, dataset)
    province = totals(dataset.values, catalog, dataset)
    findings += province_rules(catalog, province)
    findings += missing_units(catalog, dataset, period)
    return Validation(dataset, findings, province)


def _merge(own: Validation, findings: list[Finding], dataset: Dataset) -> None:
    findings.extend(own.findings)
    dataset.values.extend(own.dataset.values)
    dataset.failed.update(own.dataset.failed)
    dataset.highlights.extend(own.dataset.highlights)
    dataset.documents.extend(own.dataset.documents)
    dataset.items.extend(own.dataset.items)
    dataset.task_statuses.extend(own.dataset.task_statuses)
