"""Benchmark of the monthly job at provincial and national scale.

Generates N synthetic filled forms with the project's own form writer (a province's 18 departments plus
communes taken from the official 2025 list), then times ``generate.py bao-cao`` as separate processes
(median wall time and peak memory over several runs) against, in the same run, the calamine floor
(``bench/floor.py``: the same sheets read with python-calamine in the tool's worker pool, nothing else; timed as its
own process, interleaved with the job's runs) and the naive reference, a ``pandas.read_excel`` loop over the same
files.

Usage, from the project folder: ``python bench/bench.py --n 95 1000 3321 --runs 3`` (the defaults) or
``python bench/bench.py --n 95 --runs 1``; ``--loi 0.1``: one commune in ten sends a form with an error (a text in a
figure cell), the bad month early in a reporting period, when each such unit gets a marked copy to correct.
``--windows``: the path Windows takes (no fork: every worker spawned). ``--no-naive``: without the naive loop (~160 s
at 3,321 units). ``--qua-lon``: two more files, an .ods with a value typed in AMJ95000 and an .xls with one in
IV65536 (made by LibreOffice), which the reader must refuse quickly and cheaply (unbounded, calamine would ask for
3 GB and 1.2 GB). Generated inputs are cached in ``bench/.cache/``.
"""
from __future__ import annotations

import argparse
import compileall
import csv
import math
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

if __package__ in (None, ""):   # run as a script (python bench/bench.py): the project folder is where baocao is
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from baocao.catalog import Catalog, load_catalog  # noqa: E402
from baocao.config import load_settings  # noqa: E402
from baocao.intake.forms import FormContent, write_form  # noqa: E402
from baocao.intake.isolate import START_METHOD  # noqa: E402
from baocao.intake.samples import synthetic_values  # noqa: E402
from baocao.periods import Period  # noqa: E402

REPO = Path(__file__).resolve().parent.parent

COMMUNES_CSV = REPO.parent / "shared" / "reference" / "don_vi_hanh_chinh_2025.csv"
CACHE = REPO / "bench" / ".cache"
PERIOD = Period(2025, 10)


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(c for c in ascii_text if not unicodedata.combining(c)).lower()
    return "".join(c if c.isalnum() else "_" for c in ascii_text).strip("_")


def build_project(root: Path, n: int) -> None:
    """A project with the real catalog (its commune indicators and ratios included) and communes from the official
    list, wards where the merged units were wards."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "config.toml", root / "config.toml")
    shutil.copytree(REPO / "catalog", root / "catalog", dirs_exist_ok=True)
    shutil.copytree(REPO / "templates", root / "templates", dirs_exist_ok=True)
    units_csv = root / "catalog" / "units.csv"
    with units_csv.open(encoding="utf-8-sig", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["kind"] == "so-nganh"]
    with COMMUNES_CSV.open(encoding="utf-8-sig", newline="") as fh:
        communes = list(csv.reader(fh))[1:]
    seen: set[str] = set()
    for province, commune, merged in communes:
        if len(rows) >= n:
            break
        code = f"xa_{slug(province)}_{slug(commune)}"
        if code in seen:
            continue
        seen.add(code)
        ward = merged.startswith("Phường")
        word = "phường" if ward else "xã"
        rows.append({"code": code, "name": f"Ủy ban nhân dân {word} {commune}, {province}",
                     "short_name": f"{word.capitalize()} {commune}", "kind": "phuong" if ward else "xa", "required": "1"})
    with units_csv.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["code", "name", "short_name", "kind", "required"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def _content(catalog: Catalog, unit_code: str, error_share: float) -> FormContent:
    """The real catalog's commune figures, made up (``samples.synthetic_values``); one commune in ``1 / error_share``
    types a text in a figure cell."""
    rng = random.Random(unit_code)
    values: dict[str, object] = dict(synthetic_values(catalog, unit_code, unit_code))
    if values and random.Random(unit_code + "/loi").random() < error_share:
        values[next(iter(values))] = "chưa tổng hợp"  # typed text in a figure cell: an error, and a marked copy
    highlights = []
    if rng.random() < 0.05:  # most communes send figures only; about one in twenty has a highlight
        highlights = [{"section": "I.1.c", "text": f"Tiếp tục rà soát, vận động, hướng dẫn kích hoạt tài khoản ĐDĐT "
                                                   f"mức 2 tại {rng.randint(3, 30)} thôn, tổ dân phố."}]
    return FormContent(values=values, highlights=highlights)


_LOADED: dict[Path, tuple] = {}


def _write_one(args: tuple[Path, str, float]) -> None:
    root, unit_code, error_share = args
    if root not in _LOADED:  # once per worker process: loading a national catalog takes a while
        settings = load_settings(root)
        _LOADED[root] = (settings, load_catalog(settings.catalog))
    settings, catalog = _LOADED[root]
    unit = catalog.units[unit_code]
    path = settings.inputs / PERIOD.key / f"{unit_code}.xlsx"
    if unit.kind == "so-nganh":
        sample = REPO / "inputs" / PERIOD.key / f"{unit_code}.xlsx"
        if sample.exists():
            shutil.copy(sample, path)
            return
    write_form(path, catalog, unit, PERIOD, settings.rule, settings.form_version, _content(catalog, unit_code, error_share))


def prepare(n: int, error_share: float = 0.0, far: bool = False) -> Path:
    root = CACHE / (f"n{n}" + (f"-loi{error_share:g}" if error_share else "") + ("-qualon" if far else ""))
    marker = root / ".complete"
    if marker.exists():
        return root
    shutil.rmtree(root, ignore_errors=True)
    build_project(root, n)
    catalog = load_catalog(root / "catalog")
    (root / "inputs" / PERIOD.key).mkdir(parents=True, exist_ok=True)
    jobs = [(root, code, error_share if catalog.units[code].kind == "xa" else 0.0) for code in catalog.units]
    with ProcessPoolExecutor() as pool:
        list(pool.map(_write_one, jobs, chunksize=16))
    if far:
        _far_values(root / "inputs" / PERIOD.key)
    marker.touch()
    return root


def _far_values(folder: Path) -> None:
    """so_y_te's form as LibreOffice saves it, .ods with ``x`` in Số liệu!AMJ95000 and .xls with ``x`` in IV65536."""
    from openpyxl import load_workbook

    work = folder.parent / "far"
    work.mkdir()
    for far, target in (("AMJ95000", "ods"), ("IV65536", "xls")):
        wb = load_workbook(REPO / "inputs" / PERIOD.key / "so_y_te.xlsx")
        wb["Số liệu"][far] = "x"
        source = work / f"so_y_te_{target}.xlsx"
        wb.save(source)
        subprocess.run(["soffice", f"-env:UserInstallation=file:///tmp/lo-bench-{os.getpid()}", "--headless",
                        "--convert-to", target, "--outdir", str(folder), str(source)], check=True,
                       capture_output=True, timeout=600)
    shutil.rmtree(work)


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, peak resident MB (the largest of the process and its workers) and exit status of one child
    process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, proc.returncode


NAIVE = """
import sys, pathlib, pandas as pd
for p in sorted(pathlib.Path(sys.argv[1]).glob('*.xlsx')):
    pd.read_excel(p, sheet_name=None)
"""


def compiled() -> None:
    """The project's modules compiled to bytecode before anything is timed, as they are on a clerk's machine after
    the first run. Where PYTHONDONTWRITEBYTECODE is set (this development machine sets it) every timed process would
    otherwise compile the ~100 modules again (~0.07 s in each interpreter, workers spawned on the Windows path
    included), a cost no clerk pays twice."""
    if not compileall.compile_dir(REPO / "baocao", quiet=1):
        raise SystemExit("baocao/ does not compile")


def run(n: int, runs: int, error_share: float = 0.0, far: bool = False, windows: bool = False,
        naive: bool = True) -> dict[str, float]:
    """The job ``runs`` times, the calamine floor as often, interleaved (a load that comes and goes hits both
    alike), and the naive loop; ``windows``: every worker spawned, as on Windows (``BAOCAO_START_METHOD``)."""
    root = prepare(n, error_share, far)
    compiled()
    env = dict(os.environ, BAOCAO_ROOT=str(root))
    if windows:
        env[START_METHOD] = "spawn"
    inputs = root / "inputs" / PERIOD.key
    job = [sys.executable, str(REPO / "generate.py"), "bao-cao", "--ky", PERIOD.label, "--ghi-de"]
    floor = [sys.executable, str(REPO / "bench" / "floor.py"), str(inputs)]
    results, floors = [], []
    for _ in range(runs):
        results.append(timed(job, env))
        floors.append(timed(floor, env))
    codes = {r[2] for r in results}
    if not codes <= {0, 1} or {f[2] for f in floors} != {0}:
        raise SystemExit(f"bao-cao failed for N={n}: exit {codes}")
    median = statistics.median(r[0] for r in results)
    floor_median = statistics.median(f[0] for f in floors)
    result = {"n": n, "median": median, "peak": max(r[1] for r in results), "floor": floor_median,
              "to_floor": median / floor_median, "naive": math.nan, "ratio": math.nan}
    if naive:
        loops = [timed([sys.executable, "-c", NAIVE, str(inputs)], env) for _ in range(max(1, runs // 2))]
        result["naive"] = statistics.median(r[0] for r in loops)
        result["ratio"] = result["naive"] / median
    return result


HEADER = ("| units | median wall (s) | peak memory (MB) | naive loop (s) | speed-up (×) | calamine floor (s) "
          "| ratio to the floor (×) |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")


def row(r: dict[str, float]) -> str:
    naive = "—" if math.isnan(r["naive"]) else f"{r['naive']:.2f}"
    ratio = "—" if math.isnan(r["ratio"]) else f"{r['ratio']:.1f}"
    return (f"| {r['n']} | {r['median']:.2f} | {r['peak']:.0f} | {naive} | {ratio} | {r['floor']:.2f} "
            f"| {r['to_floor']:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[95, 1000, 3321])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--loi", type=float, default=0.0, help="share of communes whose form has an error")
    parser.add_argument("--qua-lon", action="store_true", help="add an .ods and an .xls with a value far from the table")
    parser.add_argument("--windows", action="store_true", help="the path Windows takes: no fork, workers spawned")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive loop (~160 s at 3,321 units)")
    args = parser.parse_args()
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}; load average {os.getloadavg()[0]:.2f} at the start"
          + ("; the Windows path (workers spawned, no fork)" if args.windows else ""))
    print(HEADER, flush=True)
    for n in args.n:
        print(row(run(n, args.runs, args.loi, args.qua_lon, args.windows, not args.no_naive)), flush=True)
    print(f"Load average {os.getloadavg()[0]:.2f} at the end.")


if __name__ == "__main__":
    main()
