"""Output folders are never a weapon: a build writes only into a folder it can prove is its own,
and what a killed build leaves behind is put back or removed on the next build."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import outdir
from generator.build.outdir import MARKER, UnsafeOutput, prepare_output
from generator.build.pipeline import build
from generator.cli import main

from .conftest import ROOT


def tree_digest(folder: Path) -> dict[str, str]:
    """Every entry below folder (links not followed) with a digest of its bytes."""
    found = {}
    for root, folders, files in os.walk(folder):
        for name in files + folders:
            path = Path(root, name)
            rel = path.relative_to(folder).as_posix()
            found[rel] = "dir" if path.is_dir() and not path.is_symlink() else hashlib.sha1(path.read_bytes()).hexdigest()
    return found


def refuse(capsys, *args: str) -> str:
    assert main(["build", *args]) == 2
    error = capsys.readouterr().err
    assert "refusing to write the site" in error and "Nothing was changed" in error and "Traceback" not in error
    return error


def test_refuses_the_content_folder_and_folders_around_it(tmp_path, mini_content, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = tree_digest(tmp_path)
    assert "is the content folder" in refuse(capsys, "--content", str(mini_content), "--out", str(mini_content))
    assert "contains the content folder" in refuse(capsys, "--content", str(mini_content), "--out", str(tmp_path))
    assert "lies inside the content folder" in refuse(capsys, "--content", str(mini_content), "--out", str(mini_content / "org"))
    assert "root of the file system" in refuse(capsys, "--content", str(mini_content), "--out", "/")
    assert tree_digest(tmp_path) == before


def test_refuses_the_project_and_home_folders(tmp_path, mini_content, capsys, monkeypatch):
    project = tmp_path / "projekt"
    (project / ".git").mkdir(parents=True)
    (project / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    monkeypatch.chdir(project)
    home = tmp_path / "brugere" / "ida"
    home.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    before = tree_digest(tmp_path)
    assert "is the current folder" in refuse(capsys, "--content", str(mini_content), "--out", ".")
    assert "is your home folder" in refuse(capsys, "--content", str(mini_content), "--out", str(home))
    assert "contains your home folder" in refuse(capsys, "--content", str(mini_content), "--out", str(home.parent))
    assert "Retning's own folders" in refuse(capsys, "--content", str(mini_content), "--out", str(ROOT / "layouts"))
    assert "Retning's own folders" in refuse(capsys, "--content", str(mini_content), "--out", str(ROOT / "generator"))
    assert tree_digest(tmp_path) == before


def test_refuses_a_file_and_a_folder_of_someone_elses_files(tmp_path, mini_content, capsys):
    notes = tmp_path / "noter.txt"
    notes.write_text("mine")
    assert "existing file, not a folder" in refuse(capsys, "--content", str(mini_content), "--out", str(notes))
    folder = tmp_path / "dokumenter"
    (folder / "sub").mkdir(parents=True)
    for name in ("a.docx", "b.html", "sub/c.py", "sub/d.txt"):
        (folder / name).write_text(name)
    error = refuse(capsys, "--content", str(mini_content), "--out", str(folder))
    assert "holds files that no build wrote (a.docx, sub/c.py, b.html and 1 more)" in error
    assert notes.read_text() == "mine" and sorted(tree_digest(folder)) == ["a.docx", "b.html", "sub", "sub/c.py", "sub/d.txt"]


def test_writes_into_a_missing_an_empty_or_its_own_folder(tmp_path, mini_content):
    empty = tmp_path / "tom"
    empty.mkdir()
    build(mini_content, empty)
    build(mini_content, tmp_path / "ny" / "site")
    for out in (empty, tmp_path / "ny" / "site"):
        listed = (out / MARKER).read_text().splitlines()
        assert listed[0].startswith("# Written by Retning")
        assert set(listed[1:]) == set(tree_digest(out)) - {MARKER} - {rel for rel, kind in tree_digest(out).items() if kind == "dir"}
        build(mini_content, out)  # its own folder: accepted again


def test_a_file_added_to_a_built_site_stops_the_next_build_and_survives(tmp_path, mini_content, capsys):
    out = tmp_path / "site"
    build(mini_content, out)
    (out / "org" / "min-fil.pdf").write_bytes(b"%PDF")
    before = tree_digest(out)
    assert "holds files that no build wrote (org/min-fil.pdf)" in refuse(capsys, "--content", str(mini_content), "--out", str(out))
    assert tree_digest(out) == before


def test_an_old_site_without_marker_is_accepted_only_if_it_looks_like_one(tmp_path, mini_content, capsys):
    out, base_url = tmp_path / "site", "https://strategier.example.dk/"  # a site from before the marker had a sitemap
    build(mini_content, out, base_url)
    (out / MARKER).unlink()
    build(mini_content, out, base_url)  # a site from before the marker: all the signs of a Retning site
    assert (out / MARKER).is_file()
    (out / MARKER).unlink()
    (out / "regnskab.xlsx").write_bytes(b"PK")
    assert "regnskab.xlsx" in refuse(capsys, "--content", str(mini_content), "--out", str(out))
    (out / "regnskab.xlsx").unlink()
    (out / "sitemap.xml").unlink()
    assert "no build wrote" in refuse(capsys, "--content", str(mini_content), "--out", str(out))


names = st.text(alphabet="abcæøå-_.ABC0123456789", min_size=1, max_size=12).filter(lambda n: n not in (".", ".."))


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stray=st.lists(names, min_size=1, max_size=3))
def test_any_stray_file_anywhere_is_refused_and_kept(mini_site, mini_content, stray):
    """Whatever name and depth a file has, if no build wrote it, no build runs and it stays."""
    listed = set(outdir.read_marker(mini_site) or ())
    rel = "/".join(stray)
    path = mini_site / rel
    if rel in listed or rel == MARKER or outdir.is_temporary(rel, listed) or path.exists():
        return
    if any(parent.is_file() for parent in path.parents):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("ikke fra Retning")
    try:
        with pytest.raises(UnsafeOutput, match="no build wrote"):
            prepare_output(mini_site, mini_content)
        assert path.read_text() == "ikke fra Retning"
    finally:
        path.unlink()


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_leftovers_of_dead_builds_are_removed_only_when_they_are_ours(tmp_path, mini_content):
    out = tmp_path / "site"
    build(mini_content, out)
    pid = dead_pid()
    ours = tmp_path / f".site.new-{pid}-abc123"
    ours.mkdir()
    outdir.write_marker(ours, [])
    (ours / "index.html").write_text("halvt")
    not_ours = tmp_path / f".site.new-{pid}-zzz"  # the name fits, but no marker proves we made it
    not_ours.mkdir()
    (not_ours / "vigtig.txt").write_text("bliv")
    alive = tmp_path / f".site.old-{os.getpid()}-1234abcd"  # a build that is still running
    alive.mkdir()
    outdir.write_marker(alive, [])
    result = build(mini_content, out)
    assert not ours.exists() and (not_ours / "vigtig.txt").read_text() == "bliv" and alive.is_dir()
    assert any(".site.new-" in line and "removed" in line for line in map(str, result.tidied))


def test_a_build_killed_between_the_two_renames_is_restored(tmp_path, mini_content):
    out = tmp_path / "site"
    build(mini_content, out)
    before = tree_digest(out)
    (mini_content / "om.md").write_text("---\ntype: page\ntitle: Om os nu\nmenu: 1\n---\nNy tekst.\n")
    script = textwrap.dedent(f"""
        import os, signal, sys
        from pathlib import Path
        sys.path.insert(0, {str(ROOT)!r})
        from generator.build import write
        real = os.rename
        def rename(src, dst):
            real(src, dst)
            if ".site.old-" in str(dst):
                os.kill(os.getpid(), signal.SIGKILL)  # between the two renames of the swap
        write.os.rename = rename
        from generator.build.pipeline import build
        build(Path({str(mini_content)!r}), Path({str(out)!r}))
    """)
    killed = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL
    assert not out.exists() and [p.name for p in tmp_path.glob(".site.old-*")]
    prepare_output(out, mini_content)
    assert tree_digest(out) == before  # the previous site, complete
    result = build(mini_content, out)
    assert "Om os nu" in (out / "om/index.html").read_text()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")] == []
    assert result.tidied == ()


@pytest.mark.parametrize("delay", [0.3, 0.8, 1.5, 2.5])
def test_a_build_killed_at_any_moment_leaves_a_complete_site(tmp_path, mini_content, delay):
    out = tmp_path / "site"
    build(mini_content, out)
    before = tree_digest(out)
    (mini_content / "om.md").write_text("---\ntype: page\ntitle: Om os nu\nmenu: 1\n---\nNy tekst.\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "build", "--content", str(mini_content), "--out", str(out)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    child.wait()
    build(mini_content, out)
    after = tree_digest(out)
    assert after != before and "Om os nu" in (out / "om/index.html").read_text()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")] == []


def test_the_search_worker_dies_with_its_build(tmp_path, mini_content):
    """A build killed with SIGKILL cannot tell its worker: the kernel must."""
    pid_file = tmp_path / "worker.pid"
    script = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        sys.path.insert(0, {str(ROOT)!r})
        from generator.search import job
        job.PARALLEL_FROM = 0
        job.term_statistics = lambda docs: time.sleep(300)  # a worker that would run for minutes
        started = job.SearchJob.__init__
        def init(self, site):
            started(self, site)
            Path({str(pid_file)!r}).write_text(str(self._process.pid))
            time.sleep(300)
        job.SearchJob.__init__ = init
        from generator.build.pipeline import build
        build(Path({str(mini_content)!r}), Path({str(tmp_path / "site")!r}))
    """)
    parent = subprocess.Popen([sys.executable, "-c", script])
    try:
        for _ in range(600):
            if pid_file.exists() and pid_file.read_text():
                break
            time.sleep(0.1)
        worker = int(pid_file.read_text())
        assert outdir.process_alive(worker)
    finally:
        parent.kill()
        parent.wait()
    for _ in range(100):
        if not worker_running(worker):
            break
        time.sleep(0.05)
    assert not worker_running(worker)


def worker_running(pid: int) -> bool:
    """Alive and not a zombie waiting for a parent that is gone (init reaps it soon after)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def test_a_mount_point_is_written_inside(tmp_path, mini_content, monkeypatch):
    out = tmp_path / "volume"
    out.mkdir()
    inode = out.stat().st_ino
    real = os.path.ismount
    monkeypatch.setattr(os.path, "ismount", lambda path: Path(path) == out or real(path))
    build(mini_content, out)
    assert out.stat().st_ino == inode and (out / MARKER).is_file()
    (mini_content / "om.md").unlink()
    varme = mini_content / "org/klima/energi/varme.yaml"
    varme.write_text(varme.read_text().replace("title: Fjernvarme", "title: Fjernvarme i hele byen"))
    result = build(mini_content, out)
    assert out.stat().st_ino == inode and result.removed > 0
    assert not (out / "om").exists() and "Fjernvarme i hele byen" in (out / "org/klima/energi/varme/index.html").read_text()
    assert [p.name for p in out.iterdir() if p.name.startswith(".volume.")] == []
    assert set(outdir.read_marker(out)) == {rel for rel, kind in tree_digest(out).items() if kind != "dir"} - {MARKER}


def test_a_real_mount_point_is_written_inside(tmp_path, mini_content):
    out = tmp_path / "volume"
    out.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(out)], capture_output=True).returncode != 0:
        pytest.skip("mounting a tmpfs needs root")
    try:
        build(mini_content, out)
        build(mini_content, out)
        assert os.path.ismount(out) and (out / "index.html").is_file()
        assert [p.name for p in out.iterdir() if p.name.startswith(".")] == [MARKER]
    finally:
        subprocess.run(["umount", str(out)], check=True)
