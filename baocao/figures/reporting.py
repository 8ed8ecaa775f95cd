"""Who has reported, and on time: the completeness and timeliness of a period, as DHIS2 counts them.

Expected reports are the units ``required`` in units.csv; actual reports, the units whose file was accepted;
on time, those whose file arrived by the end of the deadline day. Rates are per unit kind, for the province, and per
unit over the periods the history holds. Nothing here reads a file or the database: the pipeline hands in when each
file arrived and what earlier periods left.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from ..catalog import Catalog
from ..catalog.units import KIND_GROUPS, KIND_NAMES
from ..model import NOT_SENT, REFUSED, SENT, SENT_LATE, SENT_ON_TIME, Dataset, Reporting, Submission, UnitStatus
from ..periods import Period
from ..text import fmt

PROVINCE = "toan-tinh"
GROUP_NAMES = {**KIND_NAMES, PROVINCE: "toàn tỉnh"}   # how a sentence or a table names each group
STATE_OF = {True: SENT_LATE, False: SENT_ON_TIME, None: SENT}   # late? → state


@dataclass(frozen=True)
class Rate:
    """Expected, actual and on-time reports of a group of units."""

    expected: int
    sent: int
    on_time: int

    @property
    def late(self) -> int:
        return self.sent - self.on_time

    @property
    def missing(self) -> int:
        return self.expected - self.sent

    @property
    def reporting_rate(self) -> Decimal | None:
        return fmt.ratio_percent(self.sent, self.expected)

    @property
    def on_time_rate(self) -> Decimal | None:
        return fmt.ratio_percent(self.on_time, self.expected)


def late(received: datetime, deadline: date | None) -> bool | None:
    """Late when it arrived after the deadline day had ended; None when no deadline is followed."""
    return None if deadline is None else received.date() > deadline


def reporting(catalog: Catalog, dataset: Dataset, submissions: Iterable[Submission], arrived: dict[str, datetime],
              deadline: date | None, past: dict[Period, dict[str, str]] | None = None) -> Reporting:
    """Each expected unit's status (catalog order), then the other units that sent a file.

    ``arrived``: accepted file name → when it arrived. The contact is the form's "Người lập biểu" and "Số điện
    thoại" when the unit typed them, else units.csv's."""
    info = {s.file: s.info_cells for s in submissions}
    refused: dict[str, list[str]] = {}
    unknown = []
    for file, unit in dataset.rejected_files.items():
        if unit:
            refused.setdefault(unit, []).append(file)
        else:
            unknown.append(file)
    statuses = []
    for code, unit in catalog.units.items():
        file = dataset.accepted_files.get(code, "")
        if not unit.required and not file and code not in refused:
            continue
        typed = info.get(file, {})
        received = arrived.get(file) if file else None
        statuses.append(UnitStatus(
            code, unit.kind, unit.required, file, received, late(received, deadline) if received else None,
            tuple(sorted(refused.get(code, ()))),
            typed.get("preparer") or unit.contact, typed.get("phone") or unit.phone, unit.email))
    return Reporting(dataset.period, deadline, statuses, sorted(unknown), dict(past or {}))


def past_states(reported: dict[Period, dict[str, datetime]], deadlines: dict[Period, date | None]
                ) -> dict[Period, dict[str, str]]:
    """Earlier periods from the history (unit → when its file arrived) as states: on time, late, sent."""
    return {p: {unit: STATE_OF[late(when, deadlines.get(p))] for unit, when in units.items()}
            for p, units in reported.items()}


def rates(result: Reporting) -> dict[str, Rate]:
    """By unit kind (``so-nganh``, ``xa`` …, the group ``xa-phuong``) and for the province (``toan-tinh``), over
    the expected units."""
    groups: dict[str, list[str]] = {PROVINCE: []}
    for s in result.units:
        if s.expected:
            groups[PROVINCE].append(s.state)
            groups.setdefault(s.kind, []).append(s.state)
            for group, kinds in KIND_GROUPS.items():
                if s.kind in kinds:
                    groups.setdefault(group, []).append(s.state)
    return {name: count(states) for name, states in groups.items()}


def count(states: Iterable[str]) -> Rate:
    seen = list(states)
    sent = sum(1 for s in seen if s not in (NOT_SENT, REFUSED))
    return Rate(len(seen), sent, sum(1 for s in seen if s in (SENT_ON_TIME, SENT)))


def over_periods(result: Reporting) -> list[tuple[Period, Rate]]:
    """The province's rates for each period the history holds, oldest first, this one last."""
    expected = [s.unit for s in result.units if s.expected]
    periods = [(p, [states.get(code, NOT_SENT) for code in expected]) for p, states in sorted(result.past.items())]
    now = {s.unit: s.state for s in result.units}
    periods.append((result.period, [now[code] for code in expected]))
    return [(p, count(states)) for p, states in periods]


def unit_rates(result: Reporting) -> dict[str, Rate]:
    """Each listed unit over the periods the history holds, this one included: periods followed (expected), sent,
    sent on time."""
    earlier = [past for _, past in sorted(result.past.items())]
    return {s.unit: count([past.get(s.unit, NOT_SENT) for past in earlier] + [s.state]) for s in result.units}

