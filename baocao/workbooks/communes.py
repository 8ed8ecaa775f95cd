"""The commune league tables in the consolidated workbook: one sheet per ratio communes are ranked by, best first,
with an Excel column chart beside the table, and one sheet naming the communes no table could rank (not reported,
file refused, figure missing, base zero) with the reason."""
from __future__ import annotations

from ..catalog import Catalog
from ..figures.communes import any_commune_figure, rankings
from ..model import Dataset
from ..text import fmt
from .xlsx import Sheet

KINDS = {"xa": "Xã", "phuong": "Phường", "dac-khu": "Đặc khu"}
MET = {True: "Đạt", False: "Chưa đạt", None: ""}
NAME, RATIO = "Xã, phường, đặc khu", "Tỷ lệ (%)"


def ranking_sheets(catalog: Catalog, dataset: Dataset, title: str) -> list[Sheet]:
    """``title``: the period as the sheets' titles name it (``KỲ 10/2025``, ``QUÝ IV/2025``); none without any
    commune figure."""
    if not any_commune_figure(catalog, dataset):
        return []
    sheets, unranked = [], []
    refused = set(dataset.rejected_files.values())
    for number, ranking in enumerate(rankings(catalog, dataset).values(), start=1):
        ratio = ranking.ratio
        num, den = catalog.indicators[ratio.numerator], catalog.indicators[ratio.denominator]
        rows = [[r.rank, catalog.units[r.unit].short_name, KINDS.get(r.kind, r.kind), r.values.get(ratio.numerator),
                 r.values.get(ratio.denominator), float(fmt.round_half_up(r.percent or 0, ratio.decimals)), r.target,
                 MET[r.met]] for r in ranking.ranked]
        columns = [("Hạng", 8), (NAME, 30), ("Loại", 10), (num.name, 24), (den.name, 24), (RATIO, 12),
                   ("Mục tiêu (%)", 12), ("Đánh giá", 12)]
        chart = {"type": "column", "series": [RATIO], "categories": NAME, "legend": False,
                 "title": f"{ratio.name} (%)", "width": min(max(640, 22 * len(rows)), 8000), "height": 420}
        sheets.append(Sheet(f"Xếp hạng {number}", f"{ratio.name.upper()} {title} (CAO TRƯỚC, THẤP SAU)", columns,
                            rows, chart=chart if rows else None))
        unranked += [[ratio.name, catalog.units[r.unit].short_name, KINDS.get(r.kind, r.kind), r.problem]
                     for r in ranking.rows if r.rank is None]
        unranked += [[ratio.name, catalog.units[u].short_name, KINDS.get(catalog.units[u].kind, ""),
                      "tệp bị từ chối" if u in refused else "chưa báo cáo"] for u in ranking.absent]
    if sheets:
        sheets.append(Sheet("Chưa xếp hạng", f"XÃ, PHƯỜNG, ĐẶC KHU CHƯA XẾP HẠNG {title}",
                            [("Tỷ lệ", 50), (NAME, 30), ("Loại", 10), ("Lý do", 30)], unranked))
    return sheets
