"""The monthly job stage by stage: ``python bench/stages.py --n 3321`` runs ``bao-cao`` once on the benchmark's cached
inputs (``bench.py`` makes them) in this process, with a timer around each stage, and prints a Markdown table:
where the stage runs, its seconds, and when it ended (seconds since the interpreter started). The rendering
(draft and review copy) and the marked copies are timed inside the forked workers (Linux; on the spawned path they are not
seen). The timers cost a few milliseconds.
"""
from __future__ import annotations

import argparse
import functools
import importlib
import os
import sys
import time
from pathlib import Path

START = time.perf_counter()
ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))

# (module, function, the stage's name): the main process's stages in the order they run, then the workers'
STAGES = (
    ("baocao.pipeline", "load_catalog", "catalog"),
    ("baocao.pipeline", "read_files", "read (worker pool: calamine, the file's own checks)"),
    ("baocao.pipeline", "validate", "checks across files"),
    ("baocao.pipeline", "compare_values", "checks against the previous period"),
    ("baocao.pipeline", "compute", "figures"),
    ("baocao.pipeline", "who_reported", "who reported, on time"),
    ("baocao.pipeline", "compare", "what a resent file changed"),
    ("baocao.pipeline", "template_usable", "template check"),
    ("baocao.pipeline", "write_validation_report", "kiem-tra workbook"),
    ("baocao.pipeline", "write_consolidated", "tong-hop workbook"),
    ("baocao.pipeline", "place", "waiting for the workers, placing the files"),
    ("baocao.pipeline", "entries", "snapshot for the next run's comparison"),
    ("baocao.store.history", "record_run", "history"),
    ("baocao.store.history", "begin_run", "history: the run recorded, committed once its files are placed"),
    ("baocao.report.render", "write_report", "render: the draft, then the review copy"),
    ("baocao.report.render", "review_copy", "the review copy's comments, saved"),
    ("baocao.drafts", "check_layout", "ND30 check of the draft"),
    ("baocao.workbooks.copies", "write_marked_copy", "marked copy"),
)


def timed(module: str, name: str, label: str) -> None:
    owner = importlib.import_module(module)
    work = getattr(owner, name)

    @functools.wraps(work)
    def wrapper(*args: object, **kwargs: object) -> object:
        began = time.perf_counter()
        try:
            return work(*args, **kwargs)
        finally:
            now = time.perf_counter()
            where = "main" if os.getpid() == MAIN else f"worker {os.getpid()}"
            line = f"| {label} | {where} | {now - began:.3f} | {now - START:.2f} |"
            print(line, file=sys.stderr, flush=True)
    setattr(owner, name, wrapper)


MAIN = os.getpid()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3321)
    args = parser.parse_args()
    root = ROOT / "bench" / ".cache" / f"n{args.n}"
    if not (root / ".complete").exists():
        raise SystemExit(f"{root} is not made yet: python bench/bench.py --n {args.n} --runs 1 --no-naive")
    os.environ["BAOCAO_ROOT"] = str(root)
    sys.modules.setdefault("numpy", None)  # as generate.py's CLI does
    from baocao import cli, pipeline  # noqa: F401 - imported here to time it

    imported = time.perf_counter() - START
    for stage in STAGES:
        timed(*stage)
    print("| stage | where | seconds | ends at (s) |\n| --- | --- | ---: | ---: |", file=sys.stderr)
    print(f"| start-up: imports (interpreter start not counted) | main | {imported:.3f} | {imported:.2f} |",
          file=sys.stderr)
    sys.argv = ["generate.py", "bao-cao", "--ky", "10/2025", "--ghi-de"]
    try:
        cli.main()
    finally:
        print(f"| total, before the interpreter exits | main | | {time.perf_counter() - START:.2f} |",
              file=sys.stderr)


if __name__ == "__main__":
    main()
