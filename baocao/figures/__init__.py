"""Stage 3, figures: everything the report shows is computed here from the accepted data, never typed.

``compute``: province totals (from ``checks.totals``), percentages from count and base, this period's increments
of cumulative indicators (against the history), list counts, highlights by section · ``tasks``: the plans' tasks
at the period's end, who is late and by how much · ``spans``: a quarter, six or nine months or a year added up
from the stored months, each kind of figure by its own rule · ``plan``: the tasks due in such a span, on time or not.
"""
