"""The package as installed: pyproject.toml declares what requirements*.txt pin, and a console command that runs the
same command line as ``python generate.py``; a clerk's install pulls neither pandas nor numpy."""
from __future__ import annotations

import re
import tomllib
from importlib import import_module

from .builders import REPO


def test_the_package_declares_its_dependencies_and_a_console_command_matching_the_pinned_installs() -> None:
    meta = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    module, _, function = meta["scripts"]["baocao"].partition(":")
    assert callable(getattr(import_module(module), function))

    def names(lines: list[str]) -> set[str]:
        return {re.split(r"[=<>~!\[ ]", line.strip(), maxsplit=1)[0].lower().replace("_", "-") for line in lines
                if line.strip() and not line.startswith(("#", "-r"))}

    runtime = names((REPO / "requirements.txt").read_text(encoding="utf-8").splitlines())
    development = names((REPO / "requirements-dev.txt").read_text(encoding="utf-8").splitlines())
    assert names(meta["dependencies"]) == runtime
    assert names(meta["optional-dependencies"]["dev"]) == development
    assert not runtime & {"pandas", "numpy"}, "a clerk's install must not pull pandas or numpy"
