"""The one registry of problem codes: every code the product emits is declared by the function that emits it,
registered once, and listed in the README's tables with the same severity."""
from __future__ import annotations

import ast
import re

import pytest

from baocao.catalog import load_catalog
from baocao.codes import RULES, emits, finding, problem
from baocao.model import Dataset, Severity, Source
from baocao.periods import Period
from baocao.workbooks.validation import unit_status

from .builders import REPO, make_project
from .test_architecture import MODULES


def readme_codes() -> dict[str, str]:
    """Code → severity, from every README table whose first column is ``Mã`` or ``Mã lỗi``."""
    found: dict[str, str] = {}
    for table in re.split(r"\n\s*\n", (REPO / "README.md").read_text(encoding="utf-8")):
        lines = table.strip().splitlines()
        if not lines or not re.match(r"^\| Mã( lỗi)? \|", lines[0]):
            continue
        for line in lines[2:]:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            for code in re.findall(r"`([a-z0-9-]+)`", cells[0]):
                assert code not in found, f"{code} is listed twice in the README"
                found[code] = cells[1]
    return found


def readme_columns(column: str = "Trong dự thảo") -> dict[str, str]:
    """Code → the README's ``column`` of its row, from every table of codes that has that column."""
    found: dict[str, str] = {}
    for table in re.split(r"\n\s*\n", (REPO / "README.md").read_text(encoding="utf-8")):
        lines = table.strip().splitlines()
        if not lines or not re.match(r"^\| Mã( lỗi)? \|", lines[0]):
            continue
        header = [c.strip() for c in lines[0].strip().strip("|").split("|")]
        if column not in header:
            continue
        for line in lines[2:]:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            for code in re.findall(r"`([a-z0-9-]+)`", cells[0]):
                found[code] = cells[header.index(column)]
    return found


def declarations() -> dict[str, tuple[set[str], set[str]]]:
    """Each function or method of the package → (codes it declares with ``@emits``, registry codes written in it)."""
    result: dict[str, tuple[set[str], set[str]]] = {}
    for name, path in MODULES.items():
        if name == "baocao.codes":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for parent in ast.walk(tree):
            for node in ast.iter_child_nodes(parent):
                if isinstance(node, ast.FunctionDef) and isinstance(parent, (ast.Module, ast.ClassDef)):
                    result[f"{name}.{node.name}@{node.lineno}"] = (_declared(node), _written(node))
    return result


def _declared(node: ast.FunctionDef) -> set[str]:
    return {arg.value for d in node.decorator_list if isinstance(d, ast.Call) and getattr(d.func, "id", "") == "emits"
            for arg in d.args if isinstance(arg, ast.Constant)}


def _written(node: ast.FunctionDef) -> set[str]:
    """Registry codes in the body, except in comparisons (``f.code == "…"`` reads a code, it does not emit it)."""
    compared = {id(c) for n in ast.walk(node) if isinstance(n, ast.Compare) for c in ast.walk(n)}
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and n.value in RULES and id(n) not in compared}


def test_the_readme_lists_exactly_the_registered_codes_with_their_severity() -> None:
    listed = readme_codes()
    assert sorted(set(RULES) - set(listed)) == [], "codes missing from the README's tables"
    assert sorted(set(listed) - set(RULES)) == [], "README codes the product never emits"
    assert {c: s for c, s in listed.items() if s != RULES[c].severity.value} == {}


def test_every_function_declares_the_codes_it_emits() -> None:
    undeclared = {f: sorted(written - declared) for f, (declared, written) in declarations().items()
                  if written - declared}
    assert undeclared == {}


def test_every_registered_code_is_declared_by_some_function() -> None:
    declared = set().union(*(d for d, _ in declarations().values()))
    assert sorted(set(RULES) - declared) == []


def test_the_declaration_check_sees_an_undeclared_code() -> None:
    tree = ast.parse('@emits("so-am")\ndef f(scope):\n    scope.add("so-am")\n    scope.add("khong-phai-so")\n')
    node = tree.body[0]
    assert isinstance(node, ast.FunctionDef)
    assert _written(node) - _declared(node) == {"khong-phai-so"}


def test_declaring_a_code_the_registry_does_not_know_fails_at_once() -> None:
    with pytest.raises(KeyError, match="khong-co-ma-nay"):
        emits("so-am", "khong-co-ma-nay")


def test_a_finding_carries_its_units_code_and_name_and_its_position() -> None:
    f = finding("so-am", unit_code="so_a", unit_name="Sở A", source=Source("a.xlsx", "Số liệu", "F7"), value="-1")
    assert (f.unit_code, f.unit_name, f.file, f.sheet, f.cell, f.severity) == (
        "so_a", "Sở A", "a.xlsx", "Số liệu", "F7", Severity.ERROR)


def test_an_archive_problem_is_worded_from_the_registry() -> None:
    found = problem("tep-bi-mat", path="2025-10/bao-cao-2025-10-v1.pdf", note="", detail="/x")
    assert found.message == "Mất tệp lưu trữ 2025-10/bao-cao-2025-10-v1.pdf." and found.severity is Severity.ERROR
    assert problem("khong-phai-pdf", "hong").message == "Tệp PDF bị hỏng, không đọc được."


def test_the_validation_report_counts_findings_per_unit_by_code_not_by_name(tmp_path) -> None:
    """Two units may share a display name; each row counts only the findings carrying its own unit code."""
    catalog = load_catalog(make_project(tmp_path / "project").catalog)
    dataset = Dataset(Period(2025, 10), accepted_files={"so_a": "a.xlsx", "so_b": "b.xlsx"})
    findings = [finding("so-am", unit_code="so_b", unit_name="Sở A"),
                finding("ty-le-sai", unit_code="so_b", unit_name="Sở A"),
                finding("so-am", unit_code="so_a", unit_name="Sở A")]
    rows = {row[0]: (row[5], row[6]) for row in unit_status(catalog, dataset, findings)}
    assert (rows["so_a"], rows["so_b"]) == ((1, 0), (1, 1))
