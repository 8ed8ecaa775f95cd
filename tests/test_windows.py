"""The clerk's computer: launchers, settings edited the Windows way, folders that refuse writing, help that says
each command's own defaults, the tool run with a Python it was not installed for."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import unicodedata
from pathlib import Path

import pytest

from baocao import pipeline
from baocao.catalog import load_catalog
from baocao.cli import os_problem
from baocao.config import ConfigError, load_settings

from baocao.intake.isolate import START_METHOD
from baocao.report.docx_text import extract_text

from .builders import GOOD_A, GOOD_B, GOOD_C, OCT, REPO, find_cell, make_project, set_cell, write_submission
from .test_cli import cli

BAT = REPO / "bao-cao.bat"
SH = REPO / "bao-cao.sh"
TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Text as Notepad saves it in "ANSI" on a Vietnamese Windows: tone marks as combining characters."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out += (base + "".join(c for c in parts if c in TONES)).encode("cp1258", "replace")  # → as Notepad: ?
    return out


def config_text(project) -> str:
    return (project.root / "config.toml").read_text(encoding="utf-8")


# --- config.toml -------------------------------------------------------------------------------------------------

def test_a_config_saved_with_a_byte_order_mark_is_read(project) -> None:
    (project.root / "config.toml").write_bytes(b"\xef\xbb\xbf" + config_text(project).encode("utf-8"))
    assert load_settings(project.root).issuer.full_name == "Ban Chỉ đạo tỉnh Khánh Hòa"
    assert cli(project.root, "kiem-tra", "--ky", "10/2025").returncode == 0


@pytest.mark.parametrize("encoding", ["cp1258", "utf-16"])
def test_a_config_saved_as_ansi_or_unicode_by_notepad_is_read_with_its_vietnamese_intact(project, encoding) -> None:
    text = config_text(project)
    data = cp1258(text) if encoding == "cp1258" else text.encode("utf-16")
    (project.root / "config.toml").write_bytes(data)
    settings = load_settings(project.root)
    assert settings.issuer.full_name == "Ban Chỉ đạo tỉnh Khánh Hòa"
    assert settings.report.signer == "Nguyễn Khắc Toàn"


def test_a_config_with_a_broken_byte_names_the_line_and_says_how_to_save_it(project) -> None:
    lines = config_text(project).encode("utf-8").split(b"\n")
    lines[5] += b" \xff"
    (project.root / "config.toml").write_bytes(b"\n".join(lines))
    with pytest.raises(ConfigError, match=r"config.toml, dòng 6: .*UTF-8"):
        load_settings(project.root)


def test_a_typing_mistake_in_config_names_the_line_in_vietnamese_through_the_command_line(project) -> None:
    text = config_text(project).replace('dia_danh = "Khánh Hòa"', "dia_danh = Khánh Hòa", 1)
    (project.root / "config.toml").write_text(text, encoding="utf-8")
    line = text.splitlines().index(next(t for t in text.splitlines() if t.startswith("dia_danh"))) + 1
    result = cli(project.root, "kiem-tra", "--ky", "10/2025")
    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert f"config.toml, dòng {line}: giá trị không hợp lệ" in result.stderr and "dia_danh = Khánh Hòa" in result.stderr


def test_folders_pasted_from_explorer_with_backslashes_work(project) -> None:
    moved = project.root / "Du lieu" / "Ban dau"
    moved.mkdir(parents=True)
    shutil.move(project.inputs / OCT.key, moved / OCT.key)
    text = config_text(project).replace('dau_vao = "inputs"', 'dau_vao = "Du lieu\\Ban dau"', 1)
    text = text.replace('dau_ra = "outputs"', 'dau_ra = "Ket qua\\thang"', 1)  # \t would be a TAB in TOML
    (project.root / "config.toml").write_text(text, encoding="utf-8")
    settings = load_settings(project.root)
    assert settings.inputs == project.root / "Du lieu" / "Ban dau"
    assert settings.outputs == project.root / "Ket qua" / "thang"
    assert cli(project.root, "kiem-tra", "--ky", "10/2025").returncode == 0
    assert (project.root / "Ket qua" / "thang" / OCT.key / f"kiem-tra-{OCT.key}.xlsx").exists()


def test_an_absolute_windows_path_and_toml_own_ways_of_writing_it_give_the_same_folder(project) -> None:
    found = []
    for written in ('"D:\\Bao cao\\outputs"', "'D:\\Bao cao\\outputs'", '"D:\\\\Bao cao\\\\outputs"'):
        text = re.sub(r'^dau_ra = .*$', lambda _, w=written: f"dau_ra = {w}", config_text(project), count=1,
                      flags=re.M)
        (project.root / "config.toml").write_text(text, encoding="utf-8")
        found.append(load_settings(project.root).outputs)
    assert len(set(found)) == 1 and found[0].parts[-2:] == ("Bao cao", "outputs")


# --- catalog CSV files -------------------------------------------------------------------------------------------

def rewrite_csv(path: Path, separator: str, encode=lambda text: text.encode("utf-8-sig")) -> None:
    import csv
    import io

    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    out = io.StringIO()
    csv.writer(out, delimiter=separator, lineterminator="\r\n").writerows(rows)
    path.write_bytes(encode(out.getvalue()))


@pytest.mark.parametrize(("separator", "encoding"), [(";", "utf-8-sig"), ("\t", "utf-8-sig"), (";", "cp1258")])
def test_catalog_files_saved_by_excel_with_semicolons_or_tabs_or_in_ansi_are_read(project, separator, encoding) -> None:
    before = load_catalog(project.catalog)
    encode = cp1258 if encoding == "cp1258" else (lambda text: text.encode(encoding))
    for name in ("units.csv", "indicators.csv"):
        rewrite_csv(project.catalog / name, separator, encode)
    after = load_catalog(project.catalog)
    assert after.units == before.units and after.indicators == before.indicators
    assert after.units["so_b"].name == "Sở B & C"


def test_a_semicolon_separated_units_file_works_through_the_command_line(project) -> None:
    rewrite_csv(project.catalog / "units.csv", ";")
    result = cli(project.root, "kiem-tra", "--ky", "10/2025")
    assert result.returncode == 0, result.stderr
    assert "Đơn vị đã báo cáo: 3/3" in result.stdout


# --- folders that refuse writing, a missing template -------------------------------------------------------------

@pytest.mark.parametrize(("blocked", "setting"), [("data", "[lich_su]"), ("outputs", "[thu_muc]")])
def test_a_folder_that_cannot_be_written_is_named_before_any_work(project, blocked, setting) -> None:
    shutil.rmtree(project.root / blocked, ignore_errors=True)
    (project.root / blocked).write_text("không phải thư mục", encoding="utf-8")  # root ignores read-only folders
    result = cli(project.root, "bao-cao", "--ky", "10/2025")
    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert f"Không ghi được vào thư mục {project.root / blocked}" in result.stderr and setting in result.stderr
    assert not (project.root / "outputs").is_dir() or not any((project.root / "outputs").iterdir())


def test_a_missing_template_folder_stops_the_report_before_any_output_but_not_the_checks(project) -> None:
    shutil.rmtree(project.templates)
    result = cli(project.root, "bao-cao", "--ky", "10/2025")
    assert result.returncode == 3 and "Không tìm thấy mẫu báo cáo Word" in result.stderr
    assert not (project.outputs / OCT.key).exists()
    assert cli(project.root, "kiem-tra", "--ky", "10/2025").returncode == 0


def test_a_file_problem_without_a_file_name_says_so_instead_of_empty_brackets() -> None:
    assert "không tìm thấy (D:\\x.xlsx;" in os_problem(FileNotFoundError(2, "No such file", "D:\\x.xlsx"))
    unnamed = os_problem(OSError(5, "Input/output error"))
    assert "lỗi đọc/ghi ổ đĩa" in unnamed and "--debug" in unnamed and "()" not in unnamed


# --- help, and the tool run outside its environment ---------------------------------------------------------------

def help_of(root: Path, *command: str) -> str:
    result = cli(root, *command, "--help")
    assert result.returncode == 0
    return " ".join(result.stdout.split())


def test_each_command_s_help_states_its_own_default_period(project) -> None:
    for command in ("bao-cao", "kiem-tra", "pdf"):
        assert "mặc định: kỳ vừa kết thúc" in help_of(project.root, command)
    assert "mặc định: kỳ đang diễn ra" in help_of(project.root, "mau-bieu")
    assert "kỳ hiện tại" not in help_of(project.root) and "kỳ vừa kết thúc" in help_of(project.root)


def test_the_archive_command_offers_no_option_it_would_ignore(project) -> None:
    text = help_of(project.root, "luu-tru")
    assert "--ghi-de" not in text and "--mo" not in text and "bắt buộc khi lưu trữ" in text
    assert cli(project.root, "luu-tru", "--ghi-de", "--kiem-tra").returncode == 2


def test_running_generate_py_with_a_python_lacking_the_libraries_says_how_to_run_it(project) -> None:
    result = subprocess.run([sys.executable, "-S", str(REPO / "generate.py"), "kiem-tra", "--ky", "10/2025"],
                            capture_output=True, text=True, encoding="utf-8", timeout=60,
                            env={**os.environ, "BAOCAO_ROOT": str(project.root)})
    assert result.returncode == 3
    assert "Traceback" not in result.stderr and "ModuleNotFoundError" not in result.stderr
    assert "chưa được cài các thư viện" in result.stderr and "bao-cao" in result.stderr
    assert not (project.outputs / OCT.key).exists()


# --- --mo ---------------------------------------------------------------------------------------------------------

def fake_opener(folder: Path, log: Path) -> Path:
    folder.mkdir()
    opener = folder / "xdg-open"
    opener.write_text(f'#!/bin/sh\necho "$1" > "{log}"\n', encoding="utf-8")
    opener.chmod(0o755)
    return folder


@pytest.mark.skipif(os.name == "nt", reason="the desktop's opener is os.startfile on Windows")
def test_mo_opens_the_period_s_output_folder_at_the_end(project, tmp_path) -> None:
    log = tmp_path / "opened.txt"
    bin_dir = fake_opener(tmp_path / "bin", log)
    env = {**os.environ, "BAOCAO_ROOT": str(project.root), "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run([sys.executable, str(REPO / "generate.py"), "kiem-tra", "--ky", "10/2025", "--mo"],
                            capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    for _ in range(50):  # the opener runs on its own
        if log.exists() and log.read_text(encoding="utf-8").strip():
            break
        import time
        time.sleep(0.1)
    assert Path(log.read_text(encoding="utf-8").strip()) == project.outputs / OCT.key


@pytest.mark.skipif(os.name == "nt", reason="the desktop's opener is os.startfile on Windows")
def test_mo_without_any_way_to_open_a_folder_still_completes_the_run(project, tmp_path) -> None:
    (tmp_path / "empty").mkdir()
    env = {**os.environ, "BAOCAO_ROOT": str(project.root), "PATH": str(tmp_path / "empty")}
    result = subprocess.run([sys.executable, str(REPO / "generate.py"), "kiem-tra", "--ky", "10/2025", "--mo"],
                            capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"hãy mở: {project.outputs / OCT.key}" in " ".join(result.stdout.split())


# --- launchers ----------------------------------------------------------------------------------------------------

def test_the_windows_launcher_is_plain_cmd_with_crlf_and_no_byte_order_mark() -> None:
    data = BAT.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf"), "cmd.exe would read a BOM as part of the first command"
    assert data.count(b"\n") == data.count(b"\r\n"), "every line must end in CRLF (.gitattributes: eol=crlf)"
    text = data.decode("utf-8")
    before_chcp = text[:text.index("chcp 65001")]
    assert before_chcp.isascii(), "cmd.exe reads the lines before chcp 65001 in the OEM code page"
    assert "*.bat text eol=crlf" in (REPO / ".gitattributes").read_text(encoding="utf-8")
    for linux_only in ("/bin/", "$(", "export ", "#!", "./", "~/", "source ", "&&", "||", "python3", "/dev/null"):
        assert linux_only not in text.replace("|| goto", ""), linux_only


def test_the_windows_launcher_sets_up_then_runs_and_waits_on_a_double_click() -> None:
    text = BAT.read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines()]
    labels = {line[1:].split()[0].lower() for line in lines if line.startswith(":")}
    targets = {t.lower() for t in re.findall(r"(?:goto|call)\s+:(\w+)", text)} - {"eof"}
    assert targets <= labels, f"jumps to missing labels: {targets - labels}"
    assert 'pushd "%~dp0"' in text, "a folder with spaces, Vietnamese or on a network share"
    assert all('"%~dp0"' in line for line in lines if "%~dp0" in line and not line.startswith("rem"))
    assert "-m venv .venv" in text and '"%BAOCAO_PY%" -m pip install' in text and "-r requirements.txt" in text
    assert 'set "BAOCAO_PY=.venv\\Scripts\\python.exe"' in text
    assert '"%BAOCAO_PY%" generate.py %*' in text, "arguments passed through"
    assert '"%BAOCAO_PY%" generate.py --mo' in text, "a double-click: the monthly job, then the folder opens"
    assert 'if "%~1"=="" set "BAOCAO_DUNG=1"' in text and "pause" in text, "the window stays after a double-click"
    assert "exit /b %BAOCAO_KQ%" in text
    assert not [line for line in lines if line.endswith("(")], "no blocks: a ) in a path would end them"


def launcher_project(root: Path) -> Path:
    """A fresh copy of the project, as a clone would be, with the sample month."""
    root.mkdir()
    for name in ("bao-cao.sh", "generate.py", "config.toml", "requirements.txt"):
        shutil.copy2(REPO / name, root / name)
    for folder in ("baocao", "catalog", "templates", "inputs/2025-10"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return root


@pytest.mark.skipif(os.name == "nt", reason="the shell launcher is for Linux and macOS")
def test_the_shell_launcher_installs_once_then_runs_the_month_from_any_folder(tmp_path) -> None:
    root = launcher_project(tmp_path / "Báo cáo tháng")
    # The environment made without a download: it sees this test's libraries through a .pth file.
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root / ".venv")], check=True)
    purelib = subprocess.run([str(root / ".venv" / "bin" / "python"), "-c",
                              "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    Path(purelib, "shared.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "BAOCAO_ROOT"}
    first = subprocess.run(["sh", str(root / "bao-cao.sh"), "bao-cao", "--ky", "10/2025"], cwd=tmp_path,
                           capture_output=True, text=True, encoding="utf-8", env=env, timeout=600)
    assert first.returncode == 1, first.stderr  # the sample month has four data errors
    assert "Đang cài đặt" in first.stdout and "Traceback" not in first.stderr
    assert (root / ".venv" / "baocao-requirements.txt").read_bytes() == (root / "requirements.txt").read_bytes()
    assert (root / "outputs" / "2025-10" / "bao-cao-2025-10.docx").exists()
    second = subprocess.run(["sh", str(root / "bao-cao.sh"), "kiem-tra", "--ky", "10/2025"], cwd=tmp_path,
                            capture_output=True, text=True, encoding="utf-8", env=env, timeout=600)
    assert second.returncode == 1 and "Đang cài đặt" not in second.stdout


@pytest.mark.skipif(os.name == "nt", reason="the shell launcher is for Linux and macOS")
def test_the_shell_launcher_without_a_suitable_python_says_what_to_install(tmp_path) -> None:
    root = launcher_project(tmp_path / "project")
    tools = tmp_path / "bin"
    tools.mkdir()
    for tool in ("dirname", "cmp", "cp", "rm"):
        (tools / tool).symlink_to(shutil.which(tool))
    result = subprocess.run([shutil.which("sh"), str(root / "bao-cao.sh")], capture_output=True, text=True, encoding="utf-8",
                            env={"PATH": str(tools), "HOME": str(tmp_path)}, timeout=60)
    assert result.returncode == 3 and "Python 3.11" in result.stderr
    assert not (root / ".venv").exists()


def test_the_month_on_the_path_windows_takes_writes_what_the_forked_path_writes(tmp_path: Path) -> None:
    """Windows has no fork: every worker (reading, the draft, its review copy, the marked copies) is spawned."""
    made = {}
    for method in ("fork", "spawn"):
        settings = make_project(tmp_path / method)
        for unit, content in (("so_a", GOOD_A), ("so_b", GOOD_B), ("xa_c", GOOD_C)):
            write_submission(settings, unit, content)
        path = settings.inputs / OCT.key / "so_b.xlsx"
        set_cell(path, "Số liệu", find_cell(path, "Số liệu", "kiosk"), "ba")
        result = cli(settings.root, "bao-cao", "--ky", "10/2025", env={START_METHOD: method})
        assert result.returncode == 1, result.stderr
        out = settings.outputs / OCT.key
        made[method] = (sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()),
                        extract_text(out / "bao-cao-2025-10.docx"),
                        extract_text(out / "bao-cao-2025-10 - doi-chieu.docx"))
    assert "tra-lai/so_b - can sua.xlsx" in made["spawn"][0]
    assert made["spawn"] == made["fork"]
