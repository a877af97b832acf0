"""Work shared between forked worker processes gives what one process gives (workers.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.build.pipeline import build
from generator.core import workers
from generator.core.messages import Message
from generator.core.problems import ContentError, Problem

ROOT = Path(__file__).resolve().parent.parent


@given(st.integers(0, 5000), st.integers(1, 64))
def test_chunks_cover_every_position_once_in_order(count, cores):
    positions = [position for piece in workers.chunks(count, cores) for position in piece]
    assert positions == list(range(count))


@pytest.fixture
def forking(monkeypatch):
    monkeypatch.setattr(workers, "FORK_FROM", 1)
    monkeypatch.setenv(workers.WORKERS_VARIABLE, "2")
    monkeypatch.setattr(workers, "cores", lambda: 2)  # a one-core machine forks too


def test_forked_map_equals_map_in_order(forking):
    items = [f"punkt {number}" * (number % 7) for number in range(500)]
    assert workers.forked_map(str.upper, items) == [item.upper() for item in items]


def fail(item: int) -> int:
    if item == 321:
        raise ContentError([Problem("content/x.yaml", 3, 1, "title", Message("msg_required_field_missing"))])
    return item


def test_a_content_error_in_a_worker_arrives_whole(forking):
    with pytest.raises(ContentError) as raised:
        workers.forked_map(fail, list(range(500)))
    assert raised.value.problems == [Problem("content/x.yaml", 3, 1, "title", Message("msg_required_field_missing"))]


def test_a_build_with_workers_has_the_bytes_of_one_without(tmp_path, monkeypatch, forking):
    with_workers, alone = tmp_path / "workers", tmp_path / "alone"
    build(ROOT / "content", with_workers, cache_dir=tmp_path / "media-1")
    monkeypatch.setattr(workers, "cores", lambda: 1)
    build(ROOT / "content", alone, cache_dir=tmp_path / "media-2")
    files = sorted(path.relative_to(alone) for path in alone.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(with_workers) for path in with_workers.rglob("*") if path.is_file())
    assert len(files) > 1000
    different = [rel for rel in files if (alone / rel).read_bytes() != (with_workers / rel).read_bytes()]
    assert different == []


def test_workers_follow_the_setting(monkeypatch):
    monkeypatch.setenv(workers.WORKERS_VARIABLE, "1")
    assert workers.cores() == 1
    monkeypatch.setenv(workers.WORKERS_VARIABLE, "many")
    assert workers.cores() >= 1


def test_images_encoded_by_workers_have_the_bytes_of_one_process(tmp_path, monkeypatch, forking):
    from .test_media import media_content

    content = media_content(tmp_path)
    build(content, tmp_path / "workers", cache_dir=tmp_path / "media-1")
    monkeypatch.setattr(workers, "cores", lambda: 1)
    build(content, tmp_path / "alone", cache_dir=tmp_path / "media-2")
    made = sorted(path.relative_to(tmp_path / "alone") for path in (tmp_path / "alone/assets/media").rglob("*.*"))
    assert len(made) >= 6
    assert [(tmp_path / "workers" / rel).read_bytes() for rel in made] == [(tmp_path / "alone" / rel).read_bytes() for rel in made]


def test_lists_of_similar_work_filled_in_after_the_pages_equal_those_rendered_with_them(tmp_path, monkeypatch, forking):
    """A large site's search worker may not have its lists when the pages render: they are left as
    markers and filled in afterwards, which must give the bytes of rendering them at once."""
    from generator.search.job import SearchJob

    at_once, after = tmp_path / "at-once", tmp_path / "after"
    build(ROOT / "content", at_once, cache_dir=tmp_path / "media")
    monkeypatch.setattr(SearchJob, "ready", lambda self: False)
    monkeypatch.setattr(SearchJob, "published", lambda self: None)
    build(ROOT / "content", after, cache_dir=tmp_path / "media")
    pages = sorted(path.relative_to(after) for path in after.rglob("*.html"))
    assert sum(b'id="lignende"' in (after / rel).read_bytes() for rel in pages) > 100
    assert [(after / rel).read_bytes() for rel in pages] == [(at_once / rel).read_bytes() for rel in pages]


def test_lists_of_similar_work_that_arrive_while_the_pages_render_are_shown_by_the_pages_after(tmp_path, monkeypatch, forking):
    """A worker that finds the lists published before a chunk renders that chunk's pages with
    them; only the pages rendered before are filled in afterwards. The bytes are the same."""
    from generator.render.renderer import Renderer
    from generator.search.job import SearchJob

    at_once, meanwhile = tmp_path / "at-once", tmp_path / "meanwhile"
    build(ROOT / "content", at_once, cache_dir=tmp_path / "media")
    monkeypatch.setattr(SearchJob, "ready", lambda self: False)
    asked = {"times": 0}  # each worker counts its own (a copy made by the fork)
    published = SearchJob.published

    def arriving(self: SearchJob) -> dict | None:
        asked["times"] += 1
        return published(self) if asked["times"] > 1 else None  # not there for a process's first chunk

    monkeypatch.setattr(SearchJob, "published", arriving)
    filled = []
    fill = Renderer.fill_deferred
    monkeypatch.setattr(
        Renderer, "fill_deferred", lambda self, files, outputs: (filled.extend(self.deferred or ()), fill(self, files, outputs))
    )
    build(ROOT / "content", meanwhile, cache_dir=tmp_path / "media")
    pages = sorted(path.relative_to(meanwhile) for path in meanwhile.rglob("*.html"))
    with_lists = sum(b'id="lignende"' in (meanwhile / rel).read_bytes() for rel in pages)
    assert 0 < len(filled) < with_lists
    assert [(meanwhile / rel).read_bytes() for rel in pages] == [(at_once / rel).read_bytes() for rel in pages]


def test_content_read_by_workers_gives_the_records_and_problems_of_one_process(tmp_path, monkeypatch, forking):
    from generator.content.folder import FileCache, read_content

    from .conftest import MINI, write_content

    broken = {
        "org/klima/ødelagt.md": "---\ntype: initiative\ntitle: [uafsluttet\n---\n",
        "org/klima/mangler.yaml": "type: initiative\n",
        "org/klima/ukendt.yaml": "type: initiative\ntitle: Ukendt\nstatus: måske\nfarve: blå\n",
    }
    content = write_content(tmp_path, MINI | broken)

    def read(cache: FileCache | None) -> tuple[list, list]:
        found, problems = read_content(content, cache)
        return [(record.id, record.rel, record.data) for record in found.records], problems.items

    with_workers, cached = read(None), read(FileCache())
    monkeypatch.setattr(workers, "cores", lambda: 1)
    alone = read(None)
    assert with_workers == alone == cached
    assert len(alone[1]) >= 3 and len(alone[0]) >= 3


def tree_of(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_pages_the_workers_put_into_the_tree_are_stamped_for_the_next_build(tmp_path, forking):
    """A one-off build's workers write the pages they render into the new tree and send back only
    their stamps: the build state must list every file, so the same build again writes nothing."""
    from generator.build import buildstate

    from .conftest import MINI, write_content

    content = write_content(tmp_path, MINI)
    first = build(content, tmp_path / "site")
    state = buildstate.BuildState.read(buildstate.state_path(content))
    assert state is not None and state.outputs == buildstate.output_stamps(tmp_path / "site")
    assert sum(rel.endswith(".html") for rel in state.outputs) > 20
    again = build(content, tmp_path / "site")
    assert again.as_before and again.unchanged == first.written


def test_a_template_error_in_a_worker_leaves_the_last_site_and_no_half_made_tree(tmp_path, forking):
    """Workers put pages into a folder beside the site while others still render: a page that
    fails leaves the last good site as it was, and the half-made folder is gone."""
    from .conftest import MINI, write_content

    content = write_content(tmp_path, MINI)
    layouts = tmp_path / "layouts"
    shutil.copytree(ROOT / "layouts", layouts)
    build(content, tmp_path / "site", layouts=layouts)
    before = tree_of(tmp_path / "site")
    track = layouts / "track.html"
    track.write_text(track.read_text(encoding="utf-8").replace("{% block main %}", "{% block main %}{{ no_such_thing.at_all }}", 1))
    with pytest.raises(ContentError):
        build(content, tmp_path / "site", layouts=layouts)
    assert tree_of(tmp_path / "site") == before
    assert sorted(path.name for path in tmp_path.iterdir()) == [".cache", "content", "layouts", "site"]


def test_render_workers_compile_no_template_of_their_own(tmp_path, monkeypatch, forking):
    """The templates are compiled once, before the workers fork: compiled in each worker, they
    cost every worker the same CPU again."""
    import os

    import jinja2

    from .conftest import MINI, write_content

    compiled_by = tmp_path / "compiled_by"
    original = jinja2.Environment.compile

    def compile_noting_the_process(self, source, name=None, filename=None, raw=False, defer_init=False):  # noqa: ANN001, ANN202
        with compiled_by.open("a", encoding="utf-8") as noted:
            noted.write(f"{os.getpid()} {name}\n")
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", compile_noting_the_process)
    build(write_content(tmp_path, MINI), tmp_path / "site")
    processes = {line.split()[0] for line in compiled_by.read_text(encoding="utf-8").splitlines()}
    assert processes == {str(os.getpid())}


def test_a_template_no_page_uses_may_fail_to_compile(tmp_path, forking):
    """Compiling every template ahead of the pages reports no error of a template that no page uses
    (a draft beside the others), as rendering page by page does not."""
    from .conftest import MINI, write_content

    layouts = tmp_path / "layouts"
    shutil.copytree(ROOT / "layouts", layouts)
    (layouts / "draft.html").write_text("{% if %}", encoding="utf-8")
    result = build(write_content(tmp_path, MINI), tmp_path / "site", layouts=layouts)
    assert result.written > 20 and (tmp_path / "site" / "index.html").is_file()
