"""LibreOffice Calc for tests: open files and save them in another format, as a unit's clerk would, many files per
call (starting soffice costs seconds), each call in a profile of its own so parallel runs do not collide; and a
form filled in Calc without UNO, through its flat XML format (.fods)."""
from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from lxml import etree

# CI installs LibreOffice Calc (.ci/run): there a missing soffice fails the tests instead of skipping them.
needs_calc = pytest.mark.skipif(shutil.which("soffice") is None and os.environ.get("CI") != "true",
                                reason="LibreOffice Calc is not installed here (libreoffice-calc-nogui; it is on CI)")

Job = tuple[list[Path], str, Path]   # files, target format (xlsx, xls, ods, fods), output folder


def convert(files: list[Path], target: str, outdir: Path, timeout: int = 900, recalculate: bool = False) -> list[Path]:
    """Each file opened and saved by LibreOffice as ``target`` in ``outdir``; the converted files, in order."""
    return convert_all([(files, target, outdir)], timeout, recalculate)[0]


# Calc's "Recalculation on file load" (Tools ▸ Options ▸ Calc ▸ Formula): 0 always, 1 never (the default), 2 ask.
# By default Calc trusts the values a file stores for its formulas; a form filled by a program holds stale ones.
RECALC_ALWAYS = "".join(f'<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="{name}" '
                        f'oor:op="fuse"><value>0</value></prop></item>\n' for name in ("OOXMLRecalcMode", "ODFRecalcMode"))


def _recalculating_profile(profile: Path) -> None:
    """A profile whose Calc recomputes every formula on opening. soffice replaces the settings file of a profile it
    has not started yet (measured on 7.4), so the profile is started once before the setting goes in."""
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--terminate_after_init"],
                   capture_output=True, timeout=300, check=False)
    settings = profile / "user" / "registrymodifications.xcu"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("</oor:items>", RECALC_ALWAYS + "</oor:items>"), encoding="utf-8")


def convert_all(jobs: list[Job], timeout: int = 900, recalculate: bool = False) -> list[list[Path]]:
    """Several conversions at once, one soffice process each (one per target format: soffice converts every
    file of a call to one format); ``recalculate``: every formula computed again on opening."""
    running = []
    for files, target, outdir in jobs:
        outdir.mkdir(parents=True, exist_ok=True)
        profile = Path("/tmp") / f"lo-baocao-test-{uuid.uuid4().hex[:12]}"
        if recalculate:
            _recalculating_profile(profile)
        command = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target,
                   "--outdir", str(outdir), *map(str, files)]
        running.append((subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
                        profile))
    results = []
    for (files, target, outdir), (process, profile) in zip(jobs, running):
        try:
            out, err = process.communicate(timeout=timeout)
        finally:
            shutil.rmtree(profile, ignore_errors=True)
        converted = [outdir / f"{f.stem}.{target.split(':')[0]}" for f in files]
        missing = [p.name for p in converted if not p.exists()]
        if missing and "could not be loaded" in err and os.environ.get("CI") != "true":
            pytest.skip("LibreOffice Calc is not installed here (libreoffice-calc-nogui; it is on CI)")
        assert not missing, f"LibreOffice did not write {missing}: {out}{err}"
        results.append(converted)
    return results


TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def _t(name: str) -> str:
    return f"{{{TABLE}}}{name}"


def fill_fods(path: Path, typed: dict[str, dict[tuple[int, int], object]]) -> None:
    """Type values into a .fods as a clerk types into Calc: ``typed[sheet][(row, column)]`` (1-based) is a number or
    a text; repeated rows and cells are split where a value lands."""
    tree = etree.parse(str(path))
    for table in tree.iter(_t("table")):
        cells = typed.get(table.get(_t("name")), {})
        for (row_no, col_no), value in cells.items():
            _set(_split(_split_rows(table, row_no), col_no), value)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def _split_rows(table: etree._Element, wanted: int) -> etree._Element:
    return _nth(list(table.iter(_t("table-row"))), wanted, "number-rows-repeated")


def _split(row: etree._Element, wanted: int) -> etree._Element:
    return _nth([c for c in row if c.tag in (_t("table-cell"), _t("covered-table-cell"))], wanted,
                "number-columns-repeated")


def _nth(elements: list[etree._Element], wanted: int, repeat_name: str) -> etree._Element:
    """The ``wanted``-th element counting repeats, made an element of its own (its run split in up to three)."""
    attribute = _t(repeat_name)
    position = 1
    for element in elements:
        repeat = int(element.get(attribute, "1"))
        if position <= wanted < position + repeat:
            before, after = wanted - position, position + repeat - 1 - wanted
            element.attrib.pop(attribute, None)
            for count, place in ((before, element.addprevious), (after, element.addnext)):
                if count:
                    twin = etree.fromstring(etree.tostring(element))
                    if count > 1:
                        twin.set(attribute, str(count))
                    place(twin)
            return element
        position += repeat
    raise AssertionError(f"no element {wanted}")


def _set(cell: etree._Element, value: object) -> None:
    for child in list(cell):
        cell.remove(child)
    for name in list(cell.attrib):
        if name.startswith(f"{{{OFFICE}}}") or name.endswith("}value-type"):
            del cell.attrib[name]
    if isinstance(value, (int, float)):
        cell.set(f"{{{OFFICE}}}value-type", "float")
        cell.set(f"{{{OFFICE}}}value", repr(value))
    else:
        cell.set(f"{{{OFFICE}}}value-type", "string")
    paragraph = etree.SubElement(cell, f"{{{TEXT}}}p")
    paragraph.text = str(value)
