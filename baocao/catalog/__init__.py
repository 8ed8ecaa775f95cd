"""Catalogs as data staff can edit (``catalog/*.csv``): units, indicators, relations, ratios, lists, report
sections, plans and their tasks, with deadlines read from the plans' words. Adding an indicator is a new row,
not new code; a broken row is a ``CatalogError`` naming file, line and column.

``rows``: reading one CSV file · ``units``: units and groups · ``entries``: indicators, relations, ratios, lists,
sections · ``deadlines``: deadline wording → dates · ``tasks``: plans and tasks · ``load``: ``Catalog`` and
``load_catalog``.
"""
from .load import Catalog, load_catalog
from .rows import CatalogError

__all__ = ["Catalog", "CatalogError", "load_catalog"]
