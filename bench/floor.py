"""The calamine floor: the least any reader of these forms must do, timed as its own process by ``bench.py``.

Reads every workbook of a folder with python-calamine, only the sheets the tool reads (``read.WANTED_SHEETS``), in
the tool's own worker pool (``isolate.read_all``: the same number of workers, the same start method), and nothing
else: no hashing, no container check, no parsing of the rows, no checks. ``python bench/floor.py FOLDER``.
"""
from __future__ import annotations

import io
import sys
from pathlib import Path

if __package__ in (None, ""):   # run as a script: the project folder is where ``baocao`` is
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from python_calamine import CalamineWorkbook  # noqa: E402

from baocao.intake.isolate import read_all  # noqa: E402
from baocao.intake.read import WANTED_SHEETS, input_workers, list_inputs  # noqa: E402


def sheets_of(path: Path) -> int:
    """Every wanted sheet of one file as Python values; the number of rows read."""
    book = CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
    names = set(book.sheet_names)
    return sum(len(book.get_sheet_by_name(s).to_python(skip_empty_area=False)) for s in WANTED_SHEETS if s in names)


def main(folder: Path) -> int:
    files = list_inputs(folder)
    outcomes = read_all(files, sheets_of, workers=input_workers(len(files)))
    return sum(o.value or 0 for o in outcomes)


if __name__ == "__main__":
    print(main(Path(sys.argv[1])))
