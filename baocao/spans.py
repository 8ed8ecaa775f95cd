"""Reports for a quarter, six months, nine months or the year, as a library: made from the monthly history alone
(``store.months``), never by reading the units' files again. The CLI calls this for ``--ky Q4/2025``, ``6T/2025``,
``9T/2025`` or ``2025``; outputs go to ``outputs/2025-Q4/`` (``2025-6T``, ``2025-9T``, ``2025``).

A span is reported from the months that exist: a month the history lacks, or a unit missing in a month, is named in
the validation report, in the consolidated workbook and in the run summary, and the missing month is an error
(exit status 1), so the clerk knows the report is not the whole span.
"""
from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from .catalog import Catalog, load_catalog
from .checks.spans import check_span
from .config import Settings
from .drafts import Draft, Drafts, background, place, placement_notes, start, start_report
from .figures.communes import appendix_note
from .figures.spans import SpanFigures, aggregate_span
from .files import OutputFolder, write_temporary
from .guides import place_guide
from .model import Dataset, Finding
from .periods import Period, Span
from .pipeline import (GuideOutcome, Outcome, ProgressFactory, ensure_writable, no_progress, note_placed, older_draft,
                       output_dir, output_folder, report_template, template_usable)
from .store import history
from .store.months import StoredMonth, latest_statuses, run_findings, stored_months
from .workbooks.spans import write_span_consolidated, write_span_validation


@dataclass
class SpanOutcome(Outcome):
    """A span's run: the aggregate, and for each month of the span the run its data came from."""

    span_figures: SpanFigures | None = None
    runs: dict[Period, tuple[int, str]] = field(default_factory=dict)   # month → (run id, when it ran)

    @property
    def missing_months(self) -> tuple[Period, ...]:
        return self.span_figures.missing_months if self.span_figures else ()


@dataclass
class SpanData:
    """What a span's commands share: the catalog, the months read from the history, the aggregate, the findings."""

    catalog: Catalog
    stored: dict[Period, StoredMonth]
    aggregate: SpanFigures
    outcome: SpanOutcome
    found: dict[Period, list[Finding]]      # what each stored month's latest run found

    @property
    def months(self) -> dict[Period, Dataset]:
        return {p: m.dataset for p, m in self.stored.items() if p in self.aggregate.span.months}


def gather(settings: Settings, span: Span) -> SpanData:
    """Read the span's months (and the month before it, and the previous span, to compare) and add them up."""
    catalog = load_catalog(settings.catalog)
    previous = span.previous()
    wanted = dict.fromkeys((*previous.months, previous.start, *span.months, span.start))
    stored = stored_months(settings.history_db, wanted, settings.rule)
    months = {p: m.dataset for p, m in stored.items()}
    statuses = latest_statuses(settings.history_db, span.months[-1])
    found = {p: run_findings(settings.history_db, m.run_id) for p, m in stored.items()}
    aggregate = aggregate_span(span, catalog, months, settings.rule, statuses, findings=found)
    legacy = [p for p in span.months if p in stored and stored[p].legacy]
    findings = check_span(span, catalog, {p: months[p] for p in span.months if p in months}, legacy)
    outcome = SpanOutcome(span, findings, dataset=aggregate.dataset, figures=aggregate.figures,
                          expected_units=sum(1 for u in catalog.units.values() if u.required),
                          unit_names={code: unit.short_name for code, unit in catalog.units.items()},
                          span_figures=aggregate,
                          runs={p: (m.run_id, m.recorded_at) for p, m in stored.items() if p in span.months})
    return SpanData(catalog, stored, aggregate, outcome, found)


def check(settings: Settings, span: Span, overwrite: bool = False,
          progress: ProgressFactory = no_progress) -> SpanOutcome:
    """kiem-tra for a span: the validation report of what the span lacks and what its months' runs found."""
    return _run(settings, span, overwrite, "kiem-tra")


def report(settings: Settings, span: Span, overwrite: bool = False,
           progress: ProgressFactory = no_progress) -> SpanOutcome:
    """bao-cao for a span: the validation report, the consolidated workbook (the aggregate, then each month) and the
    draft from the span's template (checked first, as a month's is; rendered in a worker while the workbooks are
    written)."""
    return _run(settings, span, overwrite, "bao-cao")


def _run(settings: Settings, span: Span, overwrite: bool, command: str) -> SpanOutcome:
    ensure_writable(settings, span)
    drafting = command == "bao-cao"
    if drafting:
        report_template(settings, span)
    data = gather(settings, span)
    agg, outcome = data.aggregate, data.outcome
    out = output_dir(settings, span)
    drafting = drafting and template_usable(settings, data.catalog, outcome)
    job = (out / f"bao-cao-{span.key}.docx", settings, span, data.catalog, agg.dataset, agg.figures, agg)
    books: Drafts = []
    drafts: Drafts = []
    with background() as pool:
        if drafting and pool:
            start_report(pool, drafts, *job)
        try:
            books.append(_validation(settings, data))
            if command == "bao-cao":
                books.append(_consolidated(settings, data))
            if drafting and not pool:
                start_report(None, drafts, *job)
        except BaseException:
            place(books + drafts, None, failed=True)
            raise
        outputs = output_folder(settings, span, overwrite)
        note_placed(outcome, place(books + drafts, outputs))
        outcome.notes += placement_notes(outputs)
    if outcome.template_problem is not None:
        outcome.older_draft = older_draft(out, span)
    outcome.notes += appendix_note(data.catalog, agg.dataset) if drafting else []
    _record(settings, data, command, outputs)
    return outcome


def template_guide(settings: Settings, span: Span, overwrite: bool = False) -> GuideOutcome:
    """huong-dan-mau for a span's template: the guide with the span's values from the history, its own names on a
    sheet of their own; written beside the monthly guide (``huong-dan-mau-bao-cao-quy.xlsx`` …)."""
    from .report.context import build_context, template_path
    from .report.docx_text import extract_text
    from .report.footnotes import Notes
    from .report.guide import guide_for

    ensure_writable(settings, span)
    data = gather(settings, span)
    agg = data.aggregate

    def fresh() -> tuple[dict, Notes]:
        notes = Notes()
        return build_context(settings, span, data.catalog, agg.dataset, agg.figures, notes, span=agg), notes

    template = template_path(settings, span)
    used = extract_text(template) if template.is_file() else ""
    target, notes = place_guide(settings, span, f"huong-dan-mau-bao-cao-{span.kind}.xlsx",
                                guide_for(fresh, data.catalog, span.label, bool(agg.recorded), used), overwrite)
    return GuideOutcome(target, span, bool(agg.recorded), notes)


def _consolidated(settings: Settings, data: SpanData) -> tuple[Path, Future[Draft]]:
    span = data.aggregate.span
    return _book(output_dir(settings, span) / f"tong-hop-{span.key}.xlsx",
                 lambda p: write_span_consolidated(p, data.aggregate, data.catalog, data.months, data.outcome.runs,
                                                   settings.rule))


def _validation(settings: Settings, data: SpanData) -> tuple[Path, Future[Draft]]:
    span = data.aggregate.span
    found = {p: f for p, f in data.found.items() if p in span.months}
    path = output_dir(settings, span) / f"kiem-tra-{span.key}.xlsx"
    return _book(path, lambda p: write_span_validation(p, data.aggregate, data.catalog, data.months,
                                                       data.outcome.findings, found))


def _book(path: Path, writer: Callable[[Path], None]) -> tuple[Path, Future[Draft]]:
    """A workbook written now under a hidden name; it takes its real name with the run's other files, only once the
    whole run has succeeded."""
    return path, start(None, lambda: Draft(write_temporary(path, writer)))


def _record(settings: Settings, data: SpanData, command: str, outputs: OutputFolder) -> None:
    """The run in the history's journal, under the span's key; the months' stored data are never changed."""
    outcome = data.outcome
    history.record_run(settings.history_db, command, data.aggregate.span, [], outcome.findings, outcome.written,
                       None, output_hashes=outputs.written)

