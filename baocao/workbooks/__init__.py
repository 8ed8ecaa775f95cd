"""Stage 4, workbooks: what the clerk opens in Excel after a run.

``validation``: the validation report (``kiem-tra-<kỳ>.xlsx``) · ``consolidated``: the consolidated data
(``tong-hop-<kỳ>.xlsx``) · ``copies`` and ``marked``: marked copies of units' files to send back (``tra-lai/``),
edited part by part, openpyxl as the fallback · ``xlsx``: the fast writer the big workbooks share.
"""
