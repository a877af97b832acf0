"""Safe writes: a failed build never touches the last good site; unchanged files are not rewritten."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build.outdir import MARKER
from generator.build.pipeline import ContentError, build
from generator.render import renderer as render


def snapshot(site: Path) -> dict[str, tuple[bytes, int, int]]:
    return {p.relative_to(site).as_posix(): (p.read_bytes(), p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*") if p.is_file()}


def no_leftovers(site: Path) -> bool:
    return [p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}.")] == []


def test_rebuild_does_not_rewrite_unchanged_files(tmp_path, mini_content):
    out = tmp_path / "site"
    first = build(mini_content, out)
    before = snapshot(out)
    second = build(mini_content, out)
    assert second.written == 0 and second.unchanged == first.written
    assert snapshot(out) == before  # same bytes, same inodes, same modification times
    assert no_leftovers(out)


def test_changed_record_rewrites_only_affected_files(tmp_path, mini_content):
    out = tmp_path / "site"
    build(mini_content, out)
    before = snapshot(out)
    varme = mini_content / "org/klima/energi/varme.yaml"
    varme.write_text(varme.read_text().replace("title: Fjernvarme", "title: Fjernvarme i hele byen"))
    result = build(mini_content, out)
    after = snapshot(out)
    changed = {rel for rel in after if after[rel] != before.get(rel)}
    assert "org/klima/energi/varme/index.html" in changed
    assert "org/klima/energi/index.html" in changed  # the track lists its initiatives
    assert "org/klima/energi/sol/index.html" in changed  # "next" link shows the new title
    assert "om/index.html" not in changed and "org/tilbud/energiraad/index.html" not in changed
    assert result.written == len(changed - {MARKER})  # the marker lists the files; it is not one of them


def test_deleted_record_disappears(tmp_path, mini_content):
    out = tmp_path / "site"
    build(mini_content, out)
    before = set(snapshot(out))
    (mini_content / "om.md").unlink()
    result = build(mini_content, out)
    gone = before - set(snapshot(out))
    assert "om/index.html" in gone and not (out / "om").exists()
    page_files = ("om/index.html", "en/om/index.html", "om/index.json")
    assert result.removed == len(gone) and all(p in page_files or p.startswith("search/") for p in gone)


def test_content_error_leaves_site_untouched(tmp_path, mini_content):
    out = tmp_path / "site"
    build(mini_content, out)
    before = snapshot(out)
    (mini_content / "org/klima/energi/varme.yaml").write_text("type: initiative\ntitle: [broken\n")
    with pytest.raises(ContentError):
        build(mini_content, out)
    assert snapshot(out) == before and no_leftovers(out)


def test_template_error_leaves_site_untouched(tmp_path, mini_content, monkeypatch):
    out = tmp_path / "site"
    build(mini_content, out)
    before = snapshot(out)
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    for template in render.LAYOUTS.rglob("*"):
        target = layouts / template.relative_to(render.LAYOUTS)
        if template.is_dir():
            target.mkdir(exist_ok=True)
        else:
            target.write_text(template.read_text())
    (layouts / "track.html").write_text("{% extends 'base.html' %}{% block main %}{{ record.title | nosuchfilter }}{% endblock %}")
    monkeypatch.setattr(render, "LAYOUTS", layouts)
    with pytest.raises(ContentError) as caught:
        build(mini_content, out)
    assert "layouts/track.html" in str(caught.value) and "nosuchfilter" in str(caught.value)
    assert snapshot(out) == before and no_leftovers(out)


def test_full_disk_leaves_site_untouched(tmp_path, mini_content, monkeypatch):
    out = tmp_path / "site"
    build(mini_content, out)
    before = snapshot(out)
    (mini_content / "om.md").write_text("---\ntype: page\ntitle: Om os\nmenu: 1\n---\nNy tekst.\n")
    calls = {"n": 0}
    real_write = Path.write_bytes

    def failing_write(self, data):
        calls["n"] += 1
        if calls["n"] > 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing_write)
    with pytest.raises(OSError):
        build(mini_content, out)
    monkeypatch.undo()
    assert snapshot(out) == before and no_leftovers(out)


def large_tree(count: int, salt: str) -> dict[str, bytes]:
    return {f"side-{n // 7}/{n}/index.html": f"<p>{n} {salt if n % 3 == 0 else ''}</p>".encode() for n in range(count)}


def test_threads_write_a_large_tree_and_link_what_did_not_change(tmp_path, monkeypatch):
    """Enough files for several writer threads: every file arrives with its bytes, the unchanged
    ones are linked from the old tree, and the counts and stamps add up over the threads."""
    from generator.build import write

    monkeypatch.setenv("RETNING_WORKERS", "4")
    files = large_tree(4 * write.FILES_PER_THREAD, "a")
    out = tmp_path / "site"
    assert write.write_tree(files, out) == (len(files), 0, 0)
    before = snapshot(out)
    changed = large_tree(4 * write.FILES_PER_THREAD - 10, "b")
    stamps: dict[str, list[int]] = {}
    written, unchanged, removed = write.write_tree(changed, out, stamps)
    after = snapshot(out)
    assert {rel: data for rel, (data, _, _) in after.items() if rel != MARKER} == changed
    moved = {rel for rel in changed if changed[rel] != files[rel]}
    assert (written, unchanged, removed) == (len(moved), len(changed) - len(moved), 10)
    assert all(after[rel][1:] == before[rel][1:] for rel in changed.keys() - moved)  # same inode and time
    assert stamps.keys() == changed.keys() | {MARKER}
    assert all(stamps[rel] == [after[rel][2], len(after[rel][0])] for rel in changed)
    assert no_leftovers(out)


def test_a_failing_writer_thread_leaves_the_site_untouched(tmp_path, monkeypatch):
    from generator.build import write

    monkeypatch.setenv("RETNING_WORKERS", "4")
    out = tmp_path / "site"
    write.write_tree(large_tree(4 * write.FILES_PER_THREAD, "a"), out)
    before = snapshot(out)
    real_write = Path.write_bytes

    def failing_write(self, data):
        if self.parent.name == "1500":  # one file of 2,000, written by one of the threads
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing_write)
    with pytest.raises(OSError):
        write.write_tree(large_tree(4 * write.FILES_PER_THREAD, "b"), out)
    monkeypatch.undo()
    assert snapshot(out) == before and no_leftovers(out)


names = st.sampled_from(["a", "b", "c", "d"])
trees = st.dictionaries(
    st.lists(names, min_size=1, max_size=3).map(lambda parts: "/".join(parts) + ".html"),
    st.sampled_from([b"", b"x", b"y", b"xy" * 50]),
    max_size=12,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(trees, st.booleans()), min_size=1, max_size=4))
def test_successive_trees_by_several_threads(tmp_path_factory, monkeypatch, steps):
    """Any sequence of trees, each written over the last by two threads (some files linked from
    copies elsewhere): the folder holds exactly the last tree; a file whose bytes stayed keeps its
    inode; the counts and stamps say what happened."""
    from generator.build import write

    monkeypatch.setattr(write, "FILES_PER_THREAD", 2)
    monkeypatch.setattr(write, "cores", lambda: 2)
    root = tmp_path_factory.mktemp("trees")
    out, elsewhere = root / "site", root / "copies"
    before: dict[str, bytes] = {}
    for number, (tree, with_copies) in enumerate(steps):
        copies = {}
        if with_copies:
            for rel, data in tree.items():
                copy = elsewhere / str(number) / rel.replace("/", "_")
                copy.parent.mkdir(parents=True, exist_ok=True)
                copy.write_bytes(data)
                copies[rel] = copy
        inodes = {rel: (out / rel).stat().st_ino for rel in before}
        stamps: dict[str, list[int]] = {}
        counts = write.write_tree(tree, out, stamps, copies)
        now = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
        assert now.pop(MARKER) is not None and now == tree
        kept = {rel for rel in tree if before.get(rel) == tree[rel]}
        assert counts == (len(tree) - len(kept), len(kept), len(before.keys() - tree.keys()))
        assert all((out / rel).stat().st_ino == inodes[rel] for rel in kept)
        assert all(stamps[rel] == [(out / rel).stat().st_mtime_ns, len(data)] for rel, data in tree.items())
        assert no_leftovers(out)
        before = tree
