"""``Doubts.on`` and ``Doubts.left_out`` answer from an index by code (a national total asks about its 3,321 units
for each of hundreds of codes): exactly what a scan of every (unit, code) pair answers, in the same order."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from baocao.codes import Treatment
from baocao.figures.doubts import Doubt, Doubts

UNITS = ["so_a", "so_b", "xa_1", "xa_2", "toan-tinh"]
CODES = ["tong", "dat", "co_so"]
keys = st.tuples(st.sampled_from(UNITS), st.sampled_from(CODES))
filed = st.dictionaries(keys, st.lists(st.sampled_from(["khong-khop", "so-am", "tang-vot"]), min_size=1, max_size=3))


def _doubts(found: dict[tuple[str, str], list[str]], treatment: Treatment) -> dict[tuple[str, str], list[Doubt]]:
    return {(unit, code): [Doubt(c, treatment, c, f"{unit} {code}", unit, unit.upper()) for c in codes]
            for (unit, code), codes in found.items()}


def _scan(filed: dict[tuple[str, str], list[Doubt]], code: str, units: list[str]) -> list[Doubt]:
    return [d for u in units for d in filed.get((u, code), [])]


@given(filed, filed, st.sampled_from(CODES), st.lists(st.sampled_from(UNITS)), st.sampled_from(["", "toan-tinh"]))
def test_the_index_by_code_answers_what_a_scan_of_every_unit_answers(marked: dict, excluded: dict, code: str,
                                                                     units: list[str], province: str) -> None:
    doubts = Doubts(marked=_doubts(marked, Treatment.MARK), excluded=_doubts(excluded, Treatment.EXCLUDE))
    scanned = _scan(doubts.marked, code, units) + (doubts.marked.get((province, code), []) if province else [])
    assert doubts.on(code, units, province) == scanned
    assert doubts.left_out(code, units) == _scan(doubts.excluded, code, units)
