"""LibreOffice Calc for tests: open files and save them in another format, as a unit's clerk would, many files per
call (starting soffice costs seconds), in a profile of its own so parallel runs do not collide."""
from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

# CI installs LibreOffice Calc (.ci/run): there a missing soffice fails the tests instead of skipping them.
needs_calc = pytest.mark.skipif(shutil.which("soffice") is None and os.environ.get("CI") != "true",
                                reason="LibreOffice Calc is not installed here (libreoffice-calc-nogui; it is on CI)")


def convert(files: list[Path], target: str, outdir: Path, timeout: int = 900) -> list[Path]:
    """Each file opened and saved by LibreOffice as ``target`` (``xlsx``, ``xls``, ``ods``, ``fods``) in
    ``outdir``, in one soffice call; the converted files, in the order given."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile = Path("/tmp") / f"lo-baocao-test-{uuid.uuid4().hex[:12]}"
    try:
        result = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                                 target, "--outdir", str(outdir), *map(str, files)],
                                capture_output=True, text=True, timeout=timeout)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    extension = target.split(":")[0]
    converted = [outdir / f"{f.stem}.{extension}" for f in files]
    missing = [p.name for p in converted if not p.exists()]
    if missing and "could not be loaded" in result.stderr and os.environ.get("CI") != "true":
        pytest.skip("LibreOffice Calc is not installed here (libreoffice-calc-nogui; it is on CI)")
    assert not missing, f"LibreOffice did not write {missing}: {result.stdout}{result.stderr}"
    return converted
