"""Text as clerks type it and as the report prints it: the only place numbers, percentages and dates are formatted
(``fmt``, Babel's ``vi_VN``), cells read as typed and their A1 addresses (``cells``), and Vietnamese typed in the
legacy TCVN3/VNI fonts turned into Unicode (``legacy``). Imports nothing else of the package."""
