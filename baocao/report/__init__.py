"""Stage 4, report: the Word report rendered from the template staff edit in Word.

``context``: the names a template can use (``builder``, ``numbers``, ``lists``, ``highlights``, ``tasks``: the
views behind them) · ``render``: sandboxed docxtpl rendering, and the template check it runs first
(``template``: a .docx as docxtpl reads it, with pointers to the clerk's paragraphs; ``checker`` + ``walker``: the
check; ``issues``: its problems, with codes and positions) · ``guide`` + ``guide_names``: the Vietnamese guide to
every name (``huong-dan-mau``) · ``footnotes``: real Word footnotes, markers and bold runs made from data ·
``nd30``, ``nd30_page``: the ND30 layout check run on every report · ``docx_text``: reading a .docx back
(formatting, text for the golden tests).
"""
