"""Where ``huong-dan-mau`` puts the template guide: in the outputs folder itself, re-runs replacing the tool's own.

A period's outputs are placed by ``files.OutputFolder`` knowing the tool's files by the SHA-256 the history recorded;
the guide, outside any period folder, is placed the same way, knowing the guides the tool wrote (``runs.own_guides``):
the tool's own earlier guide is replaced (kept in ``lan-truoc/`` until the next run), one the clerk edited is left
alone with the new one beside it, and re-runs no longer pile up ``(2)``, ``(3)`` copies.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .config import Settings
from .drafts import placement_notes
from .files import OutputFolder, write_temporary
from .periods import ReportPeriod
from .store import history, runs


def place_guide(settings: Settings, period: ReportPeriod, name: str, writer: Callable[[Path], None],
                overwrite: bool = False) -> tuple[Path, list[str]]:
    """Write the guide ``name`` with ``writer`` (``--ghi-de``: ``overwrite`` replaces an edited one too, keeping it
    in ``lan-truoc/``) and record its SHA-256; the notes say how it took its name."""
    outputs = OutputFolder(settings.outputs, runs.own_guides(settings.history_db), overwrite)
    path = settings.outputs / name
    outputs.check([path])
    target = outputs.put(write_temporary(path, writer), path)
    history.record_run(settings.history_db, runs.GUIDE_COMMAND, period, [], [], [target], None,
                       output_hashes=outputs.written)
    return target, placement_notes(outputs)
