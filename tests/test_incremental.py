"""Incremental rebuilds: what they render again, what they patch in place, how they recover, and the
live search index. That a rebuild equals a full build after any sequence of edits is proved by the
state machine in test_preview_equality.py."""

from __future__ import annotations

import platform
import random
import re
import shutil
from pathlib import Path

import pytest

from generator.build.incremental import IncrementalBuild
from generator.build.pipeline import ContentError, build

from .conftest import MINI, ROOT, write_content
from .support import live_search_of, toggle_words

NEIGHBOUR = {
    "by/index.yaml": "type: organisation\nname: Naboby Kommune\n",
    "by/plan/index.yaml": "type: strategy\ntitle: Nabobyens energiplan\nthemes: [energi]\n",
    "by/plan/spor/index.yaml": "type: track\ntitle: Energi i byen\nnumber: '1'\n",
    "by/plan/spor/raad.yaml": (
        "type: initiative\ntitle: Energirådgivning til virksomheder\nthemes: [energi]\n"
        "summary: Gratis energirådgivning og solceller til virksomheder.\n"
    ),
    "by/plan/spor/kultur.yaml": "type: initiative\ntitle: Kulturnat\nsummary: Musik og teater i gaderne.\ndeadline: 2026\n",
}


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def workspace(tmp_path):
    write_content(tmp_path, {**MINI, **NEIGHBOUR})
    shutil.copytree(ROOT / "layouts", tmp_path / "layouts")
    shutil.copytree(ROOT / "assets", tmp_path / "assets")
    return tmp_path


def test_a_title_edit_rerenders_only_the_pages_that_show_it(workspace):
    session = IncrementalBuild(workspace / "content", workspace / "site", layouts=workspace / "layouts", assets=workspace / "assets")
    session.run()
    total = session.rendered
    before = tree(workspace / "site")
    path = workspace / "content/org/klima/energi/varme.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Fjernvarme", "title: Fjernvarme med solvarme"), encoding="utf-8")
    session.run()
    after = tree(workspace / "site")
    changed = {rel for rel in after if before.get(rel) != after[rel] and rel.endswith(".html")}
    assert {"org/klima/energi/varme/index.html", "org/klima/energi/index.html"} <= changed  # the page and its track
    assert any(rel.startswith("search/shards/") and rel not in before for rel in after)  # the new title's terms
    assert session.rendered < total / 2
    assert session.rendered >= len(changed)


def test_an_edit_that_keeps_the_graph_is_made_in_place_and_one_that_moves_it_is_not(workspace):
    """Titles, dates and statuses leave every parent, child and link where it was: the last site
    takes the new fields and orders its lists again. A new reference does not."""
    session = IncrementalBuild(workspace / "content", workspace / "site", layouts=workspace / "layouts", assets=workspace / "assets")
    session.run()
    raad, kultur = workspace / "content/by/plan/spor/raad.yaml", workspace / "content/by/plan/spor/kultur.yaml"
    raad.write_text(raad.read_text(encoding="utf-8").replace("Energirådgivning til virksomheder", "Ørsteds råd"), encoding="utf-8")
    session.run()
    assert session.in_place  # the title moved raad after kultur: its track's list was sorted again
    track = (workspace / "site/by/plan/spor/index.html").read_text(encoding="utf-8")
    assert track.index("Kulturnat") < track.index("Ørsteds råd")
    kultur.write_text(kultur.read_text(encoding="utf-8").replace("deadline: 2026", "deadline: 2027"), encoding="utf-8")
    session.run()
    assert session.in_place  # a deadline moves the timeline, which is worked out again from the records
    assert "Kulturnat" in (workspace / "site/tidslinje/2027/index.html").read_text(encoding="utf-8")
    kultur.write_text(kultur.read_text(encoding="utf-8") + "\nbody: Se også [rådgivningen](id:by/plan/spor/raad).\n", encoding="utf-8")
    session.run()
    assert not session.in_place  # a new reference: the site is modelled again from its files
    build(workspace / "content", workspace / "full", layouts=workspace / "layouts", assets=workspace / "assets")
    assert tree(workspace / "site") == tree(workspace / "full")


def test_told_what_the_watcher_saw_a_rebuild_looks_only_at_those_files(workspace):
    """With the watcher's paths (serve), only those files are looked at; a path that is not a record
    file read before (a new file, a folder, a layout) makes the run look at everything."""
    session = IncrementalBuild(workspace / "content", workspace / "site", layouts=workspace / "layouts", assets=workspace / "assets")
    session.run(saved=[])
    varme, raad = workspace / "content/org/klima/energi/varme.yaml", workspace / "content/by/plan/spor/raad.yaml"
    varme.write_text(varme.read_text(encoding="utf-8").replace("title: Fjernvarme", "title: Fjernvarme nu"), encoding="utf-8")
    raad.write_text(raad.read_text(encoding="utf-8").replace("Energirådgivning til", "Råd til"), encoding="utf-8")
    session.run(saved=[str(raad)])  # the watcher has not told about varme yet
    assert session.in_place
    assert "Råd til virksomheder" in (workspace / "site/by/plan/spor/raad/index.html").read_text(encoding="utf-8")
    assert "Fjernvarme nu" not in (workspace / "site/org/klima/energi/varme/index.html").read_text(encoding="utf-8")
    session.run(saved=[str(varme)])
    assert "Fjernvarme nu" in (workspace / "site/org/klima/energi/varme/index.html").read_text(encoding="utf-8")
    new = workspace / "content/by/plan/spor/nyt.yaml"
    new.write_text("type: initiative\ntitle: Nyt tiltag\nsummary: Noget nyt.\n", encoding="utf-8")
    varme.write_text(varme.read_text(encoding="utf-8").replace("Fjernvarme nu", "Fjernvarme senere"), encoding="utf-8")
    session.run(saved=[str(new.parent)])  # a folder's event: every file is looked at
    assert not session.in_place
    assert "Fjernvarme senere" in (workspace / "site/org/klima/energi/varme/index.html").read_text(encoding="utf-8")
    base = (workspace / "layouts/base.html").read_text(encoding="utf-8")
    (workspace / "layouts/base.html").write_text(base.replace("</body>", "<!-- ny -->\n</body>"), encoding="utf-8")
    session.run(saved=[str(workspace / "layouts/base.html")])
    assert not session.in_place
    build(workspace / "content", workspace / "full", layouts=workspace / "layouts", assets=workspace / "assets")
    assert tree(workspace / "site") == tree(workspace / "full")


def test_the_preview_writes_large_files_after_the_reload_and_serves_them_from_memory_until_then(workspace):
    from generator.live.serve import PreviewApp

    session = IncrementalBuild(
        workspace / "content", workspace / "site", layouts=workspace / "layouts", assets=workspace / "assets", defer_over=6_000
    )  # the site's feed: 7 KB; the page: 5 KB
    app = PreviewApp(workspace / "site", session.unwritten)
    session.run()  # the first build writes everything
    assert not session.unwritten
    varme = workspace / "content/org/klima/energi/varme.yaml"
    varme.write_text(varme.read_text(encoding="utf-8").replace("title: Fjernvarme", "title: Fjernvarme nu"), encoding="utf-8")
    session.run(saved=[str(varme)])
    assert "atom.xml" in session.unwritten and "Fjernvarme nu" not in (workspace / "site/atom.xml").read_text(encoding="utf-8")
    assert all(len(data) > 6_000 for data in session.unwritten.values())
    assert "Fjernvarme nu" in (workspace / "site/org/klima/energi/varme/index.html").read_text(encoding="utf-8")  # pages at once
    answer = {}
    body = b"".join(app({"PATH_INFO": "/atom.xml"}, lambda status, headers: answer.update(status=status)))
    assert answer["status"] == "200 OK" and body == session.unwritten["atom.xml"]
    session.flush()
    assert not session.unwritten and "Fjernvarme nu" in (workspace / "site/atom.xml").read_text(encoding="utf-8")
    varme.write_text(varme.read_text(encoding="utf-8").replace("Fjernvarme nu", "Fjernvarme senere"), encoding="utf-8")
    session.run(saved=[str(varme)])
    varme.write_text(varme.read_text(encoding="utf-8").replace("Fjernvarme senere", "Fjernvarme"), encoding="utf-8")
    session.run(saved=[str(varme)])  # flushes what the last run left first
    session.flush()
    build(workspace / "content", workspace / "full", layouts=workspace / "layouts", assets=workspace / "assets")
    assert tree(workspace / "site") == tree(workspace / "full")


def test_a_content_error_keeps_the_last_good_site_and_recovers(workspace):
    session = IncrementalBuild(workspace / "content", workspace / "site", layouts=workspace / "layouts", assets=workspace / "assets")
    session.run()
    good = tree(workspace / "site")
    path = workspace / "content/org/klima/energi/varme.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "status: maaske\n", encoding="utf-8")
    with pytest.raises(ContentError):
        session.run()
    assert tree(workspace / "site") == good
    path.write_text(text.replace("Fjernvarme", "Fjernvarme igen"), encoding="utf-8")
    session.run()
    build(workspace / "content", workspace / "full", layouts=workspace / "layouts", assets=workspace / "assets")
    assert tree(workspace / "site") == tree(workspace / "full")


def test_live_search_equals_a_fresh_index_after_random_edits(tmp_path):
    """On a corpus big enough for related work's cut-offs (top terms, best initiatives per term)
    to matter: after every edit the live index's related lists and search files equal a fresh build."""
    from bench.synthetic import WORDS as CORPUS_WORDS
    from bench.synthetic import generate
    from generator.build.pipeline import load_site
    from generator.content.folder import FileCache
    from generator.search.documents import documents
    from generator.search.export import build_index, export
    from generator.search.live import LiveSearch
    from generator.search.related import related_initiatives
    from generator.search.synonyms import synonym_terms

    content = tmp_path / "content"
    generate(600, content, seed=3)
    paths = sorted(content.rglob("indsats-*.md"))
    rng, live, told, cache = random.Random(5), LiveSearch(), LiveSearch(), FileCache()
    versions: dict | None = None
    for step in range(16):
        site = load_site(content, cache)
        now = {record.id: record.version for record in site.records.values()}
        touched = None if versions is None else {r for r in now.keys() | versions.keys() if now.get(r) != versions.get(r)}
        versions = now
        fresh = build_index(documents(site))
        expected = related_initiatives(site, fresh), export(fresh, synonyms=synonym_terms(site.vocabularies))
        assert live.update(site) == expected, f"step {step}"  # finds the edited records itself
        assert told.update(site, touched) == expected, f"step {step}"  # is told which records were read again
        path = rng.choice(paths)
        text = path.read_text(encoding="utf-8")
        new_word = "".join(rng.choice("abdefgiklmnoprstuvy") for _ in range(7))
        edits = [
            text + f"\n{' '.join(rng.choice(CORPUS_WORDS) for _ in range(30))}\n",  # known words, more often
            text + f"\n{new_word} {new_word}{rng.choice(CORPUS_WORDS)} {rng.choice(CORPUS_WORDS)}{new_word}\n",  # compounds
            text[: text.rindex("\n\n")] + "\n" if "\n\n" in text else text + "\nkort\n",  # a paragraph fewer
            re.sub(r"(?m)^title: .*$", f'title: "{" ".join(rng.choice(CORPUS_WORDS) for _ in range(4))}"', text, count=1),
        ]
        edits.append(re.sub(r"(?m)^themes: .*$", f"themes: [{rng.choice(['klima', 'energi', 'mobilitet'])}]", text, count=1))
        edits.append(re.sub(r"(?m)^themes: .*$", "themes: []", text, count=1))  # inherits its strategy's themes
        path.write_text(rng.choice(edits), encoding="utf-8")
        if step % 4 == 3:  # a strategy's new title shows on the cards of everything below it; its themes
            strategy = path.parent.parent / "index.md"  # pass to initiatives without their own
            text = re.sub(r"(?m)^title: .*$", f'title: "Strategi {step}"', strategy.read_text(encoding="utf-8"), count=1)
            text = re.sub(r"(?m)^themes: .*$", f"themes: [{rng.choice(['klima', 'energi', 'mobilitet'])}]", text, count=1)
            strategy.write_text(text, encoding="utf-8")


def test_compound_parts_after_words_come_and_go_equal_a_fresh_split():
    """The live index splits again only the words that begin or end with a word that came or went."""
    from generator.search.live import parts_of

    rng = random.Random(7)
    stems = ["plan", "klima", "energi", "handle", "vand", "skole", "byggeri", "sol"]
    pool = sorted({a + link + b for a in stems for b in stems for link in ("", "s", "e")} | set(stems) | {"plan2", "kort"})
    live = live_search_of(rng.sample(pool, 40))
    for _ in range(60):
        moved = set(rng.sample(pool, rng.randint(1, 4)))
        toggle_words(live, moved)
        before = dict(live.parts_of)
        changed = live.split_again(moved)
        assert live.parts_of == parts_of(live.word_docs)
        assert changed == {w for w in live.word_docs if before.get(w) != live.parts_of.get(w)}
        assert live.sorted_words == sorted(live.word_docs)


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="a glibc setting")
def test_the_live_preview_keeps_large_buffers_in_the_heap():
    from generator.core.heap import keep_large_buffers

    assert keep_large_buffers()  # glibc took both thresholds (it refuses values it cannot honour)


def test_a_timeline_entry_shows_the_themes_it_inherits_after_its_track_changes_them(workspace):
    """Found by test_preview_equality: a timeline page filters by the themes each entry inherits from
    its track or strategy, and kept showing the old ones when only the track's file changed."""
    session = IncrementalBuild(workspace / "content", workspace / "site", layouts=workspace / "layouts", assets=workspace / "assets")
    session.run()
    track = workspace / "content/by/plan/spor/index.yaml"
    track.write_text(track.read_text(encoding="utf-8") + "themes: [byudvikling]\n", encoding="utf-8")
    session.run()
    assert 'data-themes=" byudvikling "' in (workspace / "site/tidslinje/2026/index.html").read_text(encoding="utf-8")
    build(workspace / "content", workspace / "full", layouts=workspace / "layouts", assets=workspace / "assets")
    assert tree(workspace / "site") == tree(workspace / "full")


def test_a_template_error_in_the_similar_work_partial_is_a_content_error_in_both_builds(workspace):
    """Found by test_preview_equality: a full build fills in the lists of similar work after the pages,
    outside the render that turns template errors into content errors, and crashed with a traceback."""
    partial = workspace / "layouts/partials/similar.html"
    partial.write_text("{% if %}" + partial.read_text(encoding="utf-8"), encoding="utf-8")
    session = IncrementalBuild(workspace / "content", workspace / "site", layouts=workspace / "layouts", assets=workspace / "assets")
    with pytest.raises(ContentError) as preview:
        session.run()
    with pytest.raises(ContentError) as full:
        build(workspace / "content", workspace / "full", layouts=workspace / "layouts", assets=workspace / "assets")
    assert [(p.path, p.line) for p in full.value.problems] == [(p.path, p.line) for p in preview.value.problems]
    assert full.value.problems[0].path.endswith("partials/similar.html")


def test_every_page_of_a_year_on_the_timeline_shows_its_new_total(tmp_path):
    """Found by test_preview_equality: a year's first page says how many dates the year has ("1–100
    of 103"), and kept the old count when a date went from its second page."""
    files = {
        f"org/klima/energi/dato-{n:03d}.yaml": f"type: initiative\ntitle: Dato {n}\ndeadline: 2029-{1 + (n - 1) * 12 // 103:02d}\n"
        for n in range(1, 104)
    }
    write_content(tmp_path, {**MINI, **files})
    session = IncrementalBuild(tmp_path / "content", tmp_path / "site")
    session.run()
    assert "1–100 af 103" in (tmp_path / "site/tidslinje/2029/index.html").read_text(encoding="utf-8")
    last = tmp_path / "content/org/klima/energi/dato-103.yaml"
    last.write_text("type: initiative\ntitle: Dato 103\n", encoding="utf-8")
    session.run()
    assert "1–100 af 102" in (tmp_path / "site/tidslinje/2029/index.html").read_text(encoding="utf-8")
    build(tmp_path / "content", tmp_path / "full")
    assert tree(tmp_path / "site") == tree(tmp_path / "full")


def test_an_edit_of_the_similar_work_partial_renders_the_initiative_pages_again(workspace):
    """Found by test_preview_equality: the partial is rendered from Python (similar_work()), not
    included by a template, so no page was found to use it, and its edits (or errors) never showed."""
    session = IncrementalBuild(workspace / "content", workspace / "site", layouts=workspace / "layouts", assets=workspace / "assets")
    session.run()
    partial = workspace / "layouts/partials/similar.html"
    partial.write_text("<!-- lignende -->\n" + partial.read_text(encoding="utf-8"), encoding="utf-8")
    session.run()
    assert "<!-- lignende -->" in (workspace / "site/org/klima/energi/sol/index.html").read_text(encoding="utf-8")
    build(workspace / "content", workspace / "full", layouts=workspace / "layouts", assets=workspace / "assets")
    assert tree(workspace / "site") == tree(workspace / "full")


def test_one_off_builds_in_one_process_leave_nothing_behind(tmp_path):
    """A one-off build freezes what it made (so the collector does not walk it all just after),
    and the next one-off build unfreezes it: what the earlier builds made is collected, and the
    objects the collector tracks do not grow build after build."""
    import gc

    content = write_content(tmp_path, MINI)
    tracked = []
    for number in range(6):
        build(content, tmp_path / f"site-{number}", cache_dir=tmp_path / "media")
        gc.collect()
        tracked.append(len(gc.get_objects()) + gc.get_freeze_count())
    assert gc.get_freeze_count() > 0  # the last build's objects, out of the collector's sight
    assert tracked[-1] - tracked[1] < 2000, tracked  # a build of this site makes about 3,700 objects that live on
