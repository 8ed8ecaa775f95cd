"""What a resent file changed: the period's data as short texts per unit (``entries``), compared with the snapshot of
the last kiem-tra or bao-cao of the same period, for the units whose file is not the one used then; and the findings
resolved since and the new ones. Pure: the pipeline hands in the stored run.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from ..catalog import Catalog
from ..model import Change, Changes, Dataset, Entry, Finding, StoredRun
from ..text import fmt
from ..text.cells import decimals_of

KIND_LABELS = {"tep": "Tệp", "so-lieu": "Số liệu", "danh-sach": "Danh sách", "van-ban": "Văn bản",
               "nhiem-vu": "Nhiệm vụ", "noi-bat": "Nổi bật"}
NONE = "—"


def entries(dataset: Dataset) -> list[Entry]:
    """Everything accepted from each unit's file, one short text per figure, item, document, status, highlight."""
    found = [Entry(v.unit, "so-lieu", v.indicator, _number(v.value)) for v in dataset.values]
    found += [Entry(i.unit, "danh-sach", i.list_code, i.text + (f" ({_number(i.quantity)})" if i.quantity is not None
                                                                 else "") + (f"; {i.note}" if i.note else ""))
              for i in dataset.items]
    found += [Entry(d.unit, "van-ban", d.list_code, " ".join(p for p in (d.doc_type, f"số {d.number}" if d.number else "",
              f"ngày {fmt.short_date(d.issued)}" if d.issued else "", d.subject) if p)) for d in dataset.documents]
    found += [Entry(t.unit, "nhiem-vu", f"{t.task[0]}:{t.task[1]}", t.status.label
                    + (f" ngày {fmt.short_date(t.status.completed_on)}" if t.status.completed_on else "")
                    + (f"; {t.note}" if t.note else "")) for t in dataset.task_statuses]
    found += [Entry(h.unit, "noi-bat", h.section, h.text) for h in dataset.highlights]
    return found


def _number(value: float | int) -> str:
    return fmt.number(value, 0 if type(value) is int else decimals_of(float(value)))


def compare(before: StoredRun, files: dict[str, tuple[str, str]], now: list[Entry], findings: list[Finding],
            catalog: Catalog) -> Changes:
    """``files``: unit → (file name, SHA-256) of this run's accepted files."""
    resent = sorted(unit for unit in set(files) | set(before.files)
                    if files.get(unit, ("", ""))[1] != before.files.get(unit, ("", ""))[1])
    result = Changes(before.started, before.command,
                     [(u, before.files.get(u, ("", ""))[0], files.get(u, ("", ""))[0]) for u in resent])
    order = {code: n for n, code in enumerate(catalog.units)}
    wanted = set(resent)
    then = _grouped(e for e in before.entries if e.unit in wanted)
    later = _grouped(e for e in now if e.unit in wanted)
    for key in sorted(set(then) | set(later), key=lambda k: (order.get(k[0], len(order)), k[1], k[2])):
        result.changes += _differences(key, then.get(key, []), later.get(key, []), catalog)
    result.resolved, result.new = _findings(before.findings, findings)
    return result


def _grouped(found: Iterable[Entry]) -> dict[tuple[str, str, str], list[str]]:
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for e in found:
        groups[(e.unit, e.kind, e.item)].append(e.text)
    return groups


def _differences(key: tuple[str, str, str], then: list[str], later: list[str], catalog: Catalog) -> list[Change]:
    """What left and what came, paired in order (a corrected item reads as before → after)."""
    removed = list((Counter(then) - Counter(later)).elements())
    added = list((Counter(later) - Counter(then)).elements())
    removed.sort(key=then.index)
    added.sort(key=later.index)
    unit, kind, item = key
    label = label_of(kind, item, catalog)
    pairs = list(zip(removed, added)) + [(r, NONE) for r in removed[len(added):]] + [(NONE, a) for a in added[len(removed):]]
    return [Change(unit, kind, label, b, a) for b, a in pairs]


def label_of(kind: str, item: str, catalog: Catalog) -> str:
    """The indicator, list, task or section as the clerk knows it."""
    if kind == "so-lieu" and item in catalog.indicators:
        return catalog.indicators[item].name
    if kind in ("danh-sach", "van-ban") and item in catalog.lists:
        return catalog.lists[item].name
    if kind == "nhiem-vu":
        plan, _, number = item.partition(":")
        known = catalog.tasks.plans.get(plan)
        return f"Nhiệm vụ {number}" + (f" ({known.number})" if known else "")
    if kind == "noi-bat" and item in catalog.sections:
        return f"Mục {item}. {catalog.sections[item].title}"
    return item


def _findings(then: list[Finding], now: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """Findings of the last run no longer found, and those found now for the first time: the same problem is the
    same code at the same unit (or, without a unit, file), sheet and cell."""
    def key(f: Finding) -> tuple[str, str, str, str]:
        return (f.code, f.unit_code or f.file, f.sheet, f.cell)
    before, after = {key(f) for f in then}, {key(f) for f in now}
    return [f for f in then if key(f) not in after], [f for f in now if key(f) not in before]
