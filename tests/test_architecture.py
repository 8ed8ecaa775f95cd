"""The package's shape: imports point one way down the pipeline, the data model is a leaf, modules and functions
stay small. These read the source with ``ast``; they guard what docs/DEVELOPING.md promises."""
from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .builders import REPO

PACKAGE = REPO / "baocao"
MAX_MODULE_LINES, MAX_FUNCTION_LINES = 450, 60
# Lower layers first; a module may import from a lower layer, or from its own package in the same layer.
LAYERS = (
    ("baocao.periods", "baocao.files", "baocao.text"),
    ("baocao.model",),
    ("baocao.codes", "baocao.config"),
    ("baocao.catalog",),
    ("baocao.intake",),
    ("baocao.checks",),
    ("baocao.figures",),
    ("baocao.store",),
    ("baocao.report", "baocao.workbooks"),
    ("baocao.archive",),
    ("baocao.drafts",),
    ("baocao.guides",),
    ("baocao.pipeline",),
    ("baocao.spans",),
    ("baocao.summary",),
    ("baocao.cli",),
    ("baocao", "baocao.__main__"),
)
STAGES = ("baocao.catalog", "baocao.intake", "baocao.checks", "baocao.figures", "baocao.store", "baocao.report",
          "baocao.workbooks", "baocao.archive", "baocao.drafts", "baocao.guides", "baocao.pipeline", "baocao.spans", "baocao.summary",
          "baocao.cli")


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str) -> set[str]:
    """Every baocao module ``name`` imports, anywhere in its body (lazy and TYPE_CHECKING imports included), with
    the packages whose ``__init__`` such an import runs first."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("baocao")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            if not base.startswith("baocao"):
                continue
            names = [f"{base}.{a.name}" for a in node.names]
            found |= {n for n in names if n in MODULES}
            if node.module or not all(n in MODULES for n in names):   # ``from . import x`` names x, not ``.``
                found.add(base)
    for target in list(found):
        parts = target.split(".")
        found |= {".".join(parts[:i]) for i in range(1, len(parts)) if not name.startswith(".".join(parts[:i]))}
    return {t for t in found if t in MODULES and t != name}


GRAPH = {name: imports_of(name) for name in MODULES}


def layer(name: str) -> tuple[int, str]:
    for index, group in enumerate(LAYERS):
        for prefix in group:
            if name == prefix or name.startswith(prefix + ".") and prefix != "baocao":
                return index, prefix
    raise AssertionError(f"{name} is in no layer of LAYERS: add it there and to docs/DEVELOPING.md")


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_no_module_of_the_package_takes_part_in_an_import_cycle() -> None:
    assert cycles(GRAPH) == []


def test_the_cycle_check_finds_a_cycle_when_there_is_one() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_data_model_imports_no_stage() -> None:
    assert GRAPH["baocao.model"] <= {"baocao.periods", "baocao.text", "baocao.text.cells"}
    assert not {m for m in GRAPH["baocao.model"] if m.startswith(STAGES)}


def test_every_import_points_down_the_pipeline() -> None:
    upward = []
    for name, targets in GRAPH.items():
        here, group = layer(name)
        for target in targets:
            there, other = layer(target)
            if there > here or there == here and group != other:
                upward.append(f"{name} → {target}")
    assert upward == [], "imports against the pipeline's direction"


def test_every_module_has_a_layer() -> None:
    for name in MODULES:
        layer(name)


def test_no_module_is_longer_than_450_lines() -> None:
    long = {name: n for name, path in MODULES.items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}


def test_no_function_is_longer_than_60_lines() -> None:
    long = []
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                size = node.end_lineno - node.lineno + 1
                if size > MAX_FUNCTION_LINES:
                    long.append(f"{name}.{node.name}: {size} lines")
    assert long == []


def test_the_package_api_names_resolve_and_importing_the_package_loads_no_stage() -> None:
    import baocao

    assert all(getattr(baocao, name) is not None for name in baocao.__all__)
    probe = ("import baocao, sys; print(sorted(m for m in sys.modules if m.startswith('baocao.') "
             "or m in ('openpyxl', 'docx', 'numpy', 'pandas')))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, check=True)
    assert loaded.stdout.strip() == "[]"


def test_a_month_checked_on_the_command_line_never_imports_numpy_pandas_or_openpyxl(project) -> None:
    """numpy, pandas and openpyxl cost the clerk ~0.4 s at every start; forms and marked copies import openpyxl in
    the worker that needs it."""
    probe = ("import atexit, runpy, sys; sys.argv = ['generate.py', 'kiem-tra', '--ky', '10/2025']; "
             "atexit.register(lambda: print('LOADED', sorted(m for m in ('numpy', 'pandas', 'openpyxl') "
             "if sys.modules.get(m)))); runpy.run_path('generate.py', run_name='__main__')")
    env = {**os.environ, "BAOCAO_ROOT": str(project.root)}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, env=env)
    assert result.returncode == 0 and "LOADED []" in result.stdout, result.stdout + result.stderr


@pytest.mark.parametrize("module", ["baocao.checks.values", "baocao.checks.entries", "baocao.checks.tasks"])
def test_the_rules_run_in_reading_workers_are_pure_and_say_so(module: str) -> None:
    """No I/O module, no global state: a worker process can run them on any file it read."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    assert "Pure" in (ast.get_docstring(tree) or "")
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module and not n.level}
    assert not imported & {"os", "io", "sqlite3", "subprocess", "shutil", "pathlib", "tempfile"}
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.Global)]
