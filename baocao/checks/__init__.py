"""Stage 2, checks: every rule the month's data must pass, one module per family, each rule declaring the codes it
emits (``codes.emits``); findings are collected, bad data never raises.

- ``values``, ``entries``, ``tasks``: one unit's file (Số liệu; Nổi bật, Văn bản, Danh sách; Nhiệm vụ). Pure:
  the reading workers run them through ``validate.check_file``.
- ``identity``: which file speaks for which unit (version, unit, period, duplicates, units that sent nothing).
- ``consistency``: counts within bases, parts adding up, lists matching figures; per unit and on the province
  totals (``totals``), computed here once and handed on to figures.
- ``previous``: against the previous period, from the history.
- ``spans``: the months a quarter, six or nine months or a year is made from (missing months and units).
- ``validate``: the stage as a whole; ``scope``: what the rules share.
"""
