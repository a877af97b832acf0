"""A build whose inputs and output are as the last build left them writes nothing (buildstate.py)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from generator.build import buildstate, pipeline
from generator.build.pipeline import build

from .conftest import MINI, ROOT, write_content

INITIATIVE = "org/klima/energi/sol.yaml"
PAGE = "org/klima/energi/sol/index.html"


def stamps(folder: Path) -> dict[str, tuple[int, int, int]]:
    return {
        str(path.relative_to(folder)): (path.stat().st_ino, path.stat().st_mtime_ns, path.stat().st_size)
        for path in folder.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def built(tmp_path):
    content = write_content(tmp_path, MINI)
    first = build(content, tmp_path / "site")
    assert not first.as_before
    return content, tmp_path / "site"


def test_the_stamps_taken_while_writing_are_those_of_the_tree(built):
    content, site = built
    assert buildstate.BuildState.read(buildstate.state_path(content)).outputs == buildstate.output_stamps(site)


def test_nothing_changed_writes_nothing(built):
    content, site = built
    before = stamps(site)
    again = build(content, site)
    assert again.as_before and again.written == 0 and again.unchanged == len(before) - 1  # the marker is not counted
    assert "nothing was written" in again.summary()
    assert stamps(site) == before


def test_same_bytes_with_new_times_is_nothing_changed(built):
    content, site = built
    for path in content.rglob("*.yaml"):  # outside git a file's date is its modification day: keep the day
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1000))
    assert build(content, site).as_before


@pytest.mark.parametrize("change", ["content", "template", "asset", "base_url", "day", "code", "output", "stray", "state"])
def test_any_change_builds_again(built, tmp_path, monkeypatch, change):
    content, site = built
    layouts, assets = tmp_path / "layouts", tmp_path / "assets"
    shutil.copytree(ROOT / "layouts", layouts)
    shutil.copytree(ROOT / "assets", assets)
    options = {"layouts": layouts, "assets": assets}
    build(content, site, **options)
    assert build(content, site, **options).as_before
    base_url = None
    if change == "content":
        path = content / INITIATIVE
        path.write_text(path.read_text(encoding="utf-8").replace("Solceller på tagene", "Solceller på skolerne"), encoding="utf-8")
    elif change == "template":
        (layouts / "404.html").write_text((layouts / "404.html").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "asset":
        (assets / "css" / "print.css").write_text("/* */\n", encoding="utf-8")
    elif change == "base_url":
        base_url = "https://example.org/strategier/"
    elif change == "day":
        import datetime as dt

        from generator.model import deadlines

        monkeypatch.setattr(deadlines, "_fixed_day", dt.date(2999, 1, 1))
    elif change == "code":
        monkeypatch.setattr(buildstate, "code_key", lambda: "another version")
    elif change == "output":
        (site / PAGE).write_text("rettet i hånden", encoding="utf-8")
    elif change == "stray":
        (site / "org" / "noget.html").write_text("lagt ind i hånden", encoding="utf-8")
    else:
        buildstate.state_path(content).write_text("{ not json", encoding="utf-8")
    if change == "stray":  # a file no build wrote: refused as before, never skipped over
        with pytest.raises(pipeline.UnsafeOutput):
            build(content, site, **options)
        return
    result = build(content, site, base_url=base_url, **options)
    assert not result.as_before
    if change == "content":
        assert "Solceller på skolerne" in (site / PAGE).read_text(encoding="utf-8")
    if change == "output":
        assert "Solceller på tagene" in (site / PAGE).read_text(encoding="utf-8")


def test_a_failed_build_keeps_the_state_of_the_site_it_left(built):
    content, site = built
    path = content / INITIATIVE
    good = path.read_text(encoding="utf-8")
    path.write_text("title: [unclosed\n", encoding="utf-8")
    with pytest.raises(pipeline.ContentError):
        build(content, site)
    path.write_text(good, encoding="utf-8")
    assert build(content, site).as_before


class EditsAndBuilds(RuleBasedStateMachine):
    """Edits to content and output in any order: a build skips exactly when nothing it reads or
    wrote changed, and the page always shows the current title."""

    def __init__(self):
        super().__init__()
        self.root = None

    @initialize(root=st.just(None))
    def start(self, root):
        import tempfile

        self.root = Path(tempfile.mkdtemp(prefix="buildstate-"))
        self.content = write_content(self.root, MINI)
        self.site = self.root / "site"
        self.title = self.built = "Solceller på tagene"
        build(self.content, self.site)
        self.spoiled = False

    def teardown(self):
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)

    @rule(title=st.sampled_from(["Solceller på tagene", "Solceller på skolerne", "Sol & vind"]))
    def retitle(self, title):
        path = self.content / INITIATIVE
        path.write_text(path.read_text(encoding="utf-8").replace(f"title: {self.title}", f"title: {title}"), encoding="utf-8")
        self.title = title

    @rule()
    def touch(self):
        os.utime(self.content / INITIATIVE)

    @rule()
    def spoil_output(self):
        (self.site / PAGE).write_bytes(b"spoiled")
        self.spoiled = True

    @rule()
    def build_again(self):
        result = build(self.content, self.site)
        assert result.as_before == (self.title == self.built and not self.spoiled)
        self.built, self.spoiled = self.title, False

    @invariant()
    def page_shows_the_title_after_a_build(self):
        if self.root is not None and self.title == self.built and not self.spoiled:
            page = (self.site / PAGE).read_text(encoding="utf-8")
            assert self.title.replace("&", "&amp;") in page


EditsAndBuilds.TestCase.settings = settings(
    max_examples=6, stateful_step_count=5, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
test_edits_and_builds = EditsAndBuilds.TestCase


def test_a_fresh_checkout_with_the_cache_kept_is_nothing_changed(tmp_path):
    """As in CI with .cache/ and site/ restored: every file has a new time (another day even), but
    the same bytes, and committed files take their dates from git."""
    import subprocess

    content = write_content(tmp_path, MINI)
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run([*git, "add", "content"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "indhold"], cwd=tmp_path, check=True)
    build(content, tmp_path / "site")
    for path in content.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(0, path.stat().st_mtime_ns - 3 * 86_400 * 10**9))
    assert build(content, tmp_path / "site").as_before
    (content / INITIATIVE).write_text((content / INITIATIVE).read_text(encoding="utf-8"), encoding="utf-8")
    subprocess.run(["git", "rm", "-q", "--cached", f"content/{INITIATIVE}"], cwd=tmp_path, check=True)
    assert not build(content, tmp_path / "site").as_before  # now untracked: its date is its time
