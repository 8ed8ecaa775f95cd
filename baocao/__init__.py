"""Báo cáo tháng Đề án 06: the monthly report of a provincial steering committee, made from its units' Excel forms.

The library behind ``python generate.py`` and ``python -m baocao`` (the same command line, ``baocao.cli``); each
command is one call, for instance::

    from pathlib import Path
    from baocao import load_settings, parse_period, report_month

    settings = load_settings(Path("."))
    outcome = report_month(settings, parse_period("10/2025"))
    print(outcome.errors, outcome.warnings, outcome.written)
    quarter = report_span(settings, parse_report_period("Q4/2025"))   # from the months the history holds

Names are imported on first use, so ``import baocao`` stays cheap (worker processes and tools import parts of the
package). The stages are packages whose imports point one way only; docs/DEVELOPING.md shows the tree.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# public name → (module, name in that module)
_API: dict[str, tuple[str, str]] = {
    "load_settings": ("config", "load_settings"), "Settings": ("config", "Settings"),
    "ConfigError": ("config", "ConfigError"),
    "load_catalog": ("catalog", "load_catalog"), "Catalog": ("catalog", "Catalog"),
    "CatalogError": ("catalog", "CatalogError"),
    "Period": ("periods", "Period"), "parse_period": ("periods", "parse_period"),
    "PeriodError": ("periods", "PeriodError"), "Span": ("periods", "Span"),
    "parse_report_period": ("periods", "parse_report_period"),
    "Finding": ("model", "Finding"), "Severity": ("model", "Severity"), "Source": ("model", "Source"),
    "Dataset": ("model", "Dataset"), "RULES": ("codes", "RULES"),
    "run_intake": ("pipeline", "run_intake"), "Intake": ("pipeline", "Intake"),
    "check_month": ("pipeline", "check"), "report_month": ("pipeline", "report"),
    "blank_forms": ("pipeline", "blank_forms"), "Outcome": ("pipeline", "Outcome"),
    "NoInputsError": ("pipeline", "NoInputsError"),
    "check_span": ("spans", "check"), "report_span": ("spans", "report"), "SpanOutcome": ("spans", "SpanOutcome"),
    "check_layout": ("report.nd30", "check"), "export_pdf": ("archive.pdf", "export_pdf"),
    "archive_signed": ("archive.archive", "archive"), "audit_archive": ("archive.audit", "audit"),
}
__all__ = sorted(_API)

if TYPE_CHECKING:
    from .archive.archive import archive as archive_signed
    from .archive.audit import audit as audit_archive
    from .archive.pdf import export_pdf
    from .catalog import Catalog, CatalogError, load_catalog
    from .codes import RULES
    from .config import ConfigError, Settings, load_settings
    from .model import Dataset, Finding, Severity, Source
    from .periods import Period, PeriodError, Span, parse_period, parse_report_period
    from .pipeline import Intake, NoInputsError, Outcome, blank_forms, run_intake
    from .pipeline import check as check_month
    from .pipeline import report as report_month
    from .report.nd30 import check as check_layout
    from .spans import SpanOutcome
    from .spans import check as check_span
    from .spans import report as report_span


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = _API[name]
    return getattr(importlib.import_module(f".{module}", __name__), attribute)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
