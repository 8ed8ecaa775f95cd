"""Stage 4, report: the Word report rendered from the template staff edit.

``context``: the names a template can use (``builder``, ``numbers``, ``lists``, ``highlights``, ``tasks``: the
views behind them) · ``render``: sandboxed docxtpl rendering with Vietnamese template errors · ``footnotes``: real
Word footnotes and highlighted markers made from data · ``nd30``, ``nd30_page``: the ND30 layout check run on every
report · ``docx_text``: reading a .docx back (formatting, text for the golden tests).
"""
