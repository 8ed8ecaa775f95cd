"""Stage 1, intake: the unit's form and reading it back.

``layout``: the form's sheets and columns, shared by writer and reader · ``forms``: writes blank and filled forms
(openpyxl, imported only here) · ``samples``: the shipped sample inputs from ``samples/*.toml`` · ``container``:
looks at a file's bytes before parsing (renamed files, passwords, zip bombs, huge sheets) · ``read``: reads every
workbook with python-calamine into ``model.Submission`` records, in worker processes at national scale.
"""
