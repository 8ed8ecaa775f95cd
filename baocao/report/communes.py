"""``xep_hang.<tỷ lệ>``: communes, wards and the special zone ranked by a ratio of their own figures, for the
phụ lục's table (``{%tr for r in xep_hang.xa_an_sinh_ktm_ty_le %}``) and its chart
(``{{ bieu_do(xep_hang.xa_an_sinh_ktm_ty_le) }}``).

Each row is one commune that reported: rank, name, kind, its figures (``r.so.<chỉ tiêu>``), its percentage, the target
of its kind and Đạt / Chưa đạt. A commune whose figures cannot give the percentage comes last, marked; the communes
that did not report are named in one line (``.chua_bao_cao``), not one marker each. ``.tong`` is the province's row:
the sums over the communes that reported, said so when some did not. Each figure is a ``Figure`` like ``so.<mã>``:
highlighted with the note of any finding that doubts it, and with where it comes from in the review copy.
"""
from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jinja2.exceptions import TemplateRuntimeError
from markupsafe import Markup

from ..figures.communes import CommuneResult, Ranking, commune_indicators
from ..model import Value
from ..text import fmt
from . import provenance
from .builder import Builder
from .charts import BarChart
from .numbers import Figure, value_figure

KIND_LABELS = {"xa": "Xã", "phuong": "Phường", "dac-khu": "Đặc khu"}
MET = {True: "Đạt", False: "Chưa đạt", None: ""}


class CommuneRow:
    """One row of the table: ``hang``, ``ten``, ``loai``, ``so.<chỉ tiêu>``, ``ty_le``, ``muc_tieu``, ``danh_gia``."""

    hang: str
    ten: str
    loai: str
    so: dict[str, Figure]
    ty_le: Figure
    muc_tieu: str
    danh_gia: str

    def __init__(self, name: str, kind: str, rank: int | None, figures: dict[str, Figure], percent: Figure,
                 target: float | None, met: bool | None):
        self.hang = str(rank) if rank is not None else ""
        self.ten, self.loai = name, kind
        self.so = figures
        self.ty_le = percent
        self.muc_tieu = target_text(target)
        self.danh_gia = MET[met]


class RankingView:
    """A ratio's league table: iterate for the rows (best first); ``ten``, ``muc_tieu`` (the plan's wording),
    ``so_don_vi``, ``da_bao_cao``, ``dat``, ``chua_dat`` (counts), ``chua_bao_cao`` (names, one line), ``tong``."""

    ten: str
    muc_tieu: str
    so_don_vi: Figure
    da_bao_cao: Figure
    dat: Figure
    chua_dat: Figure
    chua_bao_cao: str
    tong: CommuneRow

    def __init__(self, ranking: Ranking, b: Builder, codes: list[str], values: dict[tuple[str, str], Value]):
        self._ranking, self._b = ranking, b
        self._rows: list[CommuneRow] | None = None
        ratio = ranking.ratio
        self.ten, self.muc_tieu = ratio.name, ratio.target_text
        rows = ranking.rows
        self.so_don_vi = _count(len(rows) + len(ranking.absent))
        self.da_bao_cao = _count(len(rows))
        self.dat = _count(sum(1 for r in rows if r.met))
        self.chua_dat = _count(sum(1 for r in rows if r.met is False))
        self.chua_bao_cao = ", ".join(_absent_name(u, b) for u in ranking.absent)
        label = "Toàn tỉnh" if not ranking.absent else f"Cộng {len(rows)}/{len(rows) + len(ranking.absent)} " \
                                                       "đơn vị đã báo cáo"
        self._codes, self._values = codes, values   # the communes' figures, shared by every ranking
        self.tong = self._total(label)

    def __iter__(self) -> Iterator[CommuneRow]:
        if self._rows is None:   # a national table has thousands of rows: made only when a template asks
            self._rows = [self._row(r) for r in self._ranking.rows]
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._ranking.rows)

    def _row(self, r: CommuneResult) -> CommuneRow:
        b, ratio = self._b, self._ranking.ratio
        figures = {c: value_figure(self._values[(r.unit, c)], b) if (r.unit, c) in self._values
                   else Figure(None, b.missing([r.unit], codes=(c,))) for c in self._codes}
        if r.percent is None:
            percent = Figure(None, b.notes.marker(f"[{r.problem or 'thiếu số liệu'}]"))
        else:
            shown = fmt.percent(r.percent, ratio.decimals)
            num, den = self._values[(r.unit, ratio.numerator)], self._values[(r.unit, ratio.denominator)]
            percent = Figure(r.percent, shown, (), b, doubts=tuple(b.doubts.on(ratio.code, [r.unit])), units=(r.unit,),
                             source=lambda: provenance.ratio_text(b, [num], [den], fmt.figure(num.value),
                                                                  fmt.figure(den.value), shown))
        return CommuneRow(b.catalog.units[r.unit].short_name, KIND_LABELS.get(r.kind, r.kind), r.rank, figures,
                          percent, r.target, r.met)

    def _total(self, label: str) -> CommuneRow:
        """The province's row: each figure the sum over the communes in the table, and its ratio."""
        b, ranking, ratio = self._b, self._ranking, self._ranking.ratio
        units = [r.unit for r in ranking.rows]
        figures = {}
        for code in self._codes:
            if code not in ranking.sums:
                figures[code] = Figure(None, b.notes.marker("[thiếu số liệu]"))
                continue
            shown = fmt.figure(ranking.sums[code])
            figures[code] = Figure(ranking.sums[code], shown, (), b, units=tuple(units), source=lambda code=code,
                                   shown=shown: provenance.values_text(b, self._given(units, code), shown))
        return CommuneRow(label, "", None, figures, _percent(ranking.percent, ratio.decimals, "", b), ratio.target,
                          None)

    def _given(self, units: list[str], code: str) -> list[Value]:
        """The values of ``code`` the communes of the table gave: a total's source, made only if it is printed."""
        return [self._values[(u, code)] for u in units if (u, code) in self._values]

    def _chart(self) -> BarChart:
        """The ranked communes as a bar chart, best on top, with the target of each one's kind."""
        ranked = self._ranking.ranked
        ratio = self._ranking.ratio
        return BarChart(tuple(self._b.catalog.units[r.unit].short_name for r in ranked),
                        tuple(float(fmt.round_half_up(r.percent or 0, ratio.decimals)) for r in ranked),
                        tuple(r.target for r in ranked), f"{ratio.name} (%)",
                        "0" + ("." + "0" * ratio.decimals if ratio.decimals > 0 else ""))


def rankings_view(rankings: dict[str, Ranking], b: Builder) -> dict[str, RankingView]:
    """Every ranking's view, over the communes' figures (unit, indicator) → value, gathered once for all."""
    if not rankings:
        return {}
    codes = commune_indicators(b.catalog)
    wanted = set(codes)
    values = {(v.unit, v.indicator): v for v in b.dataset.values if v.indicator in wanted}
    return {code: RankingView(r, b, codes, values) for code, r in rankings.items()}


def chart_of(ranking: object, b: Builder) -> Markup:
    """``bieu_do(xep_hang.<mã>)``: a native Word bar chart of the ranking, alone in its paragraph."""
    if not isinstance(ranking, RankingView):
        raise TemplateRuntimeError("bieu_do(...) vẽ biểu đồ của một bảng xếp hạng: viết "
                                   "bieu_do(xep_hang.<mã tỷ lệ>), ví dụ bieu_do(xep_hang.xa_an_sinh_ktm_ty_le).")
    chart = ranking._chart()
    if not chart.names:
        return b.notes.marker("[chưa có số liệu để vẽ biểu đồ]")
    return b.notes.chart(chart, f"[biểu đồ: {ranking.ten}, {len(chart.names)} đơn vị]")


def target_text(target: float | None) -> str:
    """``95%``; empty without a target."""
    if target is None:
        return ""
    return fmt.number(target, 0 if float(target).is_integer() else 2) + "%"


def _percent(value: Decimal | None, decimals: int, problem: str, b: Builder) -> Figure:
    if value is None:
        return Figure(None, b.notes.marker(f"[{problem or 'thiếu số liệu'}]"))
    return Figure(value, fmt.percent(value, decimals))


def _count(n: int) -> Figure:
    return Figure(n, fmt.figure(n))


def _absent_name(unit: str, b: Builder) -> str:
    name = b.catalog.units[unit].short_name if unit in b.catalog.units else unit
    refused = unit in b.dataset.rejected_files.values()
    return f"{name} (tệp bị từ chối)" if refused else name
