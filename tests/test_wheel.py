"""Retning installed as a user installs it: a wheel built from a copy of the repository with nothing
beside it, installed into a fresh virtual environment outside the checkout, builds the seed content
from another folder, and the site it writes has no broken link."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from .conftest import ROOT
from .support import crawl, served_from_sub_folder

COPY_SKIPS = {".git", ".venv", "node_modules", "site", ".cache", "schema", "__pycache__", ".hypothesis", ".pytest_cache", ".ruff_cache"}


def copy_of_repository(target: Path) -> Path:
    """The checkout's own files (what git tracks, or the tree without what setup and builds make)."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True)
    names = [name for name in listed.stdout.decode().split("\0") if name] if listed.returncode == 0 else []
    if names:
        for name in names:
            if (ROOT / name).is_file():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / name, target / name)
    else:
        shutil.copytree(ROOT, target, ignore=lambda folder, entries: [e for e in entries if e in COPY_SKIPS or e.endswith(".egg-info")])
    return target


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """(the `retning` command of a fresh environment with the wheel installed, a copy of the seed content)."""
    root = tmp_path_factory.mktemp("wheel")
    source = copy_of_repository(root / "source" / "retning")
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", root / "dist", source, cwd=root)
    wheels = list((root / "dist").glob("retning-*.whl"))
    assert len(wheels) == 1
    run(sys.executable, "-m", "venv", root / "env", cwd=root)
    run(root / "env" / "bin" / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", wheels[0], cwd=root)
    content = shutil.copytree(source / "content", root / "elsewhere" / "content")
    shutil.rmtree(root / "source")  # the installed package has to carry everything it needs
    return root / "env" / "bin" / "retning", content


def test_the_wheel_holds_every_stage_and_the_theme():
    """Checked before the slow install: a new stage package or theme folder must be listed in
    pyproject.toml, or the wheel would leave it out."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    stages = {"generator"} | {f"generator.{p.name}" for p in (ROOT / "generator").iterdir() if (p / "__init__.py").is_file()}
    theme = {
        "generator." + ".".join(folder.relative_to(ROOT).parts)
        for name in ("layouts", "assets")
        for folder in [ROOT / name, *(ROOT / name).rglob("*")]
        if folder.is_dir() and folder.name != "__pycache__"
    }
    assert listed == stages | theme


def test_the_installed_command_builds_the_seed_content_from_any_folder(installed, tmp_path):
    retning, content = installed
    out = tmp_path / "published"
    done = run(retning, "build", "--content", content, "--out", out, "--today", "2026-12-02", cwd=tmp_path)
    assert "written" in done.stdout
    assert (out / "index.html").is_file() and (out / "404.html").is_file()
    assert list((out / "assets" / "css").glob("site.*.css")), "the stylesheet comes from the installed package"
    run(retning, "check", "--content", content, cwd=tmp_path)

    with served_from_sub_folder(out, tmp_path / "server") as base:
        pages, problems = crawl(base)
    assert problems == []
    assert len(pages) > 300
