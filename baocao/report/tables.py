"""docxtpl's table fix after rendering (``DocxTemplate.fix_tables``, docxtpl 0.20.2), on a body already parsed: a
table whose rows came out with more cells than its grid has columns (a ``{%tc for %}`` loop) gets more columns, the
old ones narrowed to keep its width; one whose widest row spans fewer columns than its grid loses the extra columns,
their width shared among the rest.

The same arithmetic in the same order, but each row's width is found from its cell count and the cells that span
several columns, gathered in one pass over the body's ``gridSpan`` elements, instead of asking every cell for its
properties twice (a national phụ lục: 26,000 cells).
"""
from __future__ import annotations

from lxml import etree


def fit_grids(body: etree._Element) -> None:
    """Every table's grid (``w:tblGrid``) fitted to its rows, as docxtpl does it."""
    ns = "{" + body.nsmap["w"] + "}"
    spans = _spans(body, ns)
    for table in body.iter(ns + "tbl"):
        grid = table.find(ns + "tblGrid")
        columns = grid.findall(ns + "gridCol")
        most_cells = most_columns = 0
        for row in table.iter(ns + "tr"):   # docxtpl's: the rows of tables inside it count too
            cells = len(row.findall(ns + "tc"))
            most_cells = max(most_cells, cells)
            most_columns = max(most_columns, cells + sum(int(span) - 1 for span in spans.get(row, ())))
        if most_cells > len(columns):
            _add_columns(grid, columns, most_cells - len(columns), ns)
        columns = grid.findall(ns + "gridCol")
        if len(columns) > most_columns:
            _remove_columns(grid, columns, len(columns) - most_columns, ns)


def _spans(body: etree._Element, ns: str) -> dict[etree._Element, list[str]]:
    """Row → the ``gridSpan`` values of its cells, each cell's as docxtpl reads it: the first ``gridSpan`` of the
    cell's first ``tcPr``."""
    found: dict[etree._Element, list[str]] = {}
    for span in body.iter(ns + "gridSpan"):
        props = span.getparent()
        cell = props.getparent() if props is not None else None
        if props.tag == ns + "tcPr" and cell is not None and cell.tag == ns + "tc" \
                and cell.find(ns + "tcPr") is props and props.find(ns + "gridSpan") is span:
            found.setdefault(cell.getparent(), []).append(span.get(ns + "val"))
    return found


def _add_columns(grid: etree._Element, columns: list[etree._Element], to_add: int, ns: str) -> None:
    """More columns, the table's width kept: the old ones scaled to the new average width."""
    width = 0.0
    for c in columns:
        if c.get(ns + "w") is not None:
            width += float(c.get(ns + "w"))
    if width > 0:
        old_average = width / len(columns)
        new_average = width / (len(columns) + to_add)
        for c in columns:
            c.set(ns + "w", str(int(float(c.get(ns + "w")) * new_average / old_average)))
        for _ in range(to_add):
            etree.SubElement(grid, ns + "gridCol", {ns + "w": str(int(new_average))})


def _remove_columns(grid: etree._Element, columns: list[etree._Element], to_remove: int, ns: str) -> None:
    """The last columns removed, their width shared among the others."""
    removed_width = 0.0
    for c in columns[-to_remove:]:
        removed_width += float(c.get(ns + "w"))
        grid.remove(c)
    left = grid.findall(ns + "gridCol")
    extra = int(removed_width / len(left)) if left else 0
    for c in left:
        c.set(ns + "w", str(int(float(c.get(ns + "w")) + extra)))
