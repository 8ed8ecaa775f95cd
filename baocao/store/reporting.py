"""Who reported, and when, as the history remembers it: a file arrived the first time the history saw its content,
or at its modification time if that is earlier (a file saved from an e-mail on the 14th and first run on the 20th
arrived on the 14th). What is decided the first time is kept, so a unit's status never changes between runs."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from ..catalog import Catalog
from ..config import Settings
from ..figures.reporting import past_states, reporting
from ..model import Dataset, Reporting, Submission
from ..periods import Period
from . import history

PERIODS_FOLLOWED = 6   # reporting rates per unit over this many periods, this one included


def arrivals(settings: Settings, submissions: Sequence[Submission]) -> dict[str, datetime]:
    """SHA-256 of each file read → when it arrived."""
    now = datetime.now().replace(microsecond=0)
    known = history.arrivals(settings.history_db, [s.sha256 for s in submissions])
    return {s.sha256: known.get(s.sha256) or min(datetime.fromtimestamp(s.mtime).replace(microsecond=0), now)
            for s in submissions}


def who_reported(settings: Settings, catalog: Catalog, dataset: Dataset, submissions: Sequence[Submission],
                 arrived: dict[str, datetime]) -> Reporting:
    """Each unit's status this period (``arrived``: see ``arrivals``), with its states over the periods before."""
    period = dataset.period
    earlier = [period]
    for _ in range(PERIODS_FOLLOWED - 1):
        earlier.append(earlier[-1].previous())
    reported = history.reported(settings.history_db, earlier[1:])
    return reporting(catalog, dataset, submissions, {s.file: arrived[s.sha256] for s in submissions},
                     _deadline(settings, period), past_states(reported, {p: _deadline(settings, p) for p in reported}))


def _deadline(settings: Settings, period: Period) -> date | None:
    return period.deadline(settings.rule, settings.deadline_day) if settings.deadline_day else None
