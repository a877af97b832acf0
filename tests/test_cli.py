"""The command line as editors and CI use it: exit codes, messages, no tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import MINI, ROOT, write_content


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


def test_help_for_every_command():
    for args in (["--help"], ["build", "--help"], ["check", "--help"], ["serve", "--help"]):
        result = run(*args)
        assert result.returncode == 0, result.stderr
        assert "usage: retning" in result.stdout
    assert "--base-url" in run("build", "--help").stdout


def test_usage_errors_exit_2():
    assert run("frobnicate").returncode == 2
    assert run("build", "--bogus").returncode == 2


def test_build_prints_one_line_summary(tmp_path):
    content = write_content(tmp_path, MINI)
    result = run("build", "--content", str(content), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1 and " written, " in lines[0] and " unchanged" in lines[0] and " s" in lines[0]
    again = run("--content", str(content), "--out", str(tmp_path / "out"))  # no command means build
    assert again.returncode == 0 and "nothing was written" in again.stdout and len(again.stdout.splitlines()) == 1


def test_check_exit_codes_and_messages(tmp_path):
    content = write_content(tmp_path, MINI)
    assert run("check", "--content", str(content)).returncode == 0
    (content / "om.md").write_text("---\ntype: page\ntitel: Om\n---\n")
    (content / "org/klima/energi/sol.yaml").write_text("type: initiative\ntitle: no\n")
    result = run("check", "--content", str(content))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{content}/om.md:3:1: titel: unknown field (did you mean 'title'?)" in result.stderr
    assert f"{content}/org/klima/energi/sol.yaml:2:8: title: YAML reads the unquoted word 'no'" in result.stderr
    assert "3 problems in the content" in result.stderr


def test_build_with_broken_content_exits_1_without_traceback(tmp_path):
    content = write_content(tmp_path, {**MINI, "om.md": b"---\ntype: page\ntitle: \xff\n---\n"})
    result = run("build", "--content", str(content), "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "om.md:3:8: invalid UTF-8" in result.stderr
    assert not (tmp_path / "out").exists()


def test_missing_content_folder_is_a_clear_error(tmp_path):
    result = run("check", "--content", str(tmp_path / "nowhere"))
    assert result.returncode == 1 and "the content folder does not exist" in result.stderr


def test_long_build_shows_progress_lines_in_a_pipe_and_profile(tmp_path):
    from bench.synthetic import generate

    generate(1100, tmp_path / "content")
    result = run("build", "--content", str(tmp_path / "content"), "--out", str(tmp_path / "out"), "--profile")
    assert result.returncode == 0, result.stderr
    progress = [line for line in result.stderr.splitlines() if line.startswith("render: ")]
    assert 5 <= len(progress) <= 11 and progress[-1].endswith("(100%)")
    assert "\r" not in result.stderr  # no bar outside a terminal
    assert "stage            seconds" in result.stdout and "initiative.html" in result.stdout


def test_a_base_url_that_is_not_a_web_address_is_a_usage_error(tmp_path):
    content = write_content(tmp_path, MINI)
    for address in ("javascript:alert(1)", "JaVaScRiPt&#58;alert(1)", "data:text/html,x", "ftp://example.dk/", "strategier.dk"):
        result = run("build", "--content", str(content), "--out", str(tmp_path / "out"), "--base-url", address)
        assert result.returncode == 2 and "argument --base-url" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_new_then_check_and_build_refuse_the_placeholders_and_keep_the_last_site(tmp_path):
    content, out = write_content(tmp_path, MINI), tmp_path / "out"
    assert run("build", "--content", str(content), "--out", str(out)).returncode == 0
    before = {path: path.read_bytes() for path in sorted(out.rglob("*")) if path.is_file()}
    made = run("new", "initiative", "org/klima/energi/vind", "--content", str(content))
    assert made.returncode == 0 and "TODO:" in made.stdout
    for args in (["check"], ["build", "--out", str(out)]):
        result = run(*args, "--content", str(content))
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert f"{content}/org/klima/energi/vind.yaml:4:10: summary: replace the placeholder text 'TODO: " in result.stderr
        assert "1 problem in the content; nothing was published." in result.stderr
    assert {path: path.read_bytes() for path in sorted(out.rglob("*")) if path.is_file()} == before


def test_new_refuses_a_misspelt_track_with_exit_2(tmp_path):
    content = write_content(tmp_path, MINI)
    result = run("new", "initiative", "org/klima/transprt/bus", "--content", str(content))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "the folder 'org/klima/transprt' has no record of its own (did you mean 'transport'?)" in result.stderr
    assert not (content / "org/klima/transprt").exists()
