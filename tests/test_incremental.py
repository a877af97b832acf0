"""Incremental rebuilds equal full builds: random sequences of edits, and after every step the
incremental output tree is compared byte for byte with a clean full build of the same input."""

from __future__ import annotations

import platform
import random
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from generator.incremental import IncrementalBuild
from generator.pipeline import ContentError, build

from .conftest import MINI, ROOT, write_content

NEIGHBOUR = {
    "by/index.yaml": "type: organisation\nname: Naboby Kommune\n",
    "by/plan/index.yaml": "type: strategy\ntitle: Nabobyens energiplan\nthemes: [energi]\n",
    "by/plan/spor/index.yaml": "type: track\ntitle: Energi i byen\nnumber: '1'\n",
    "by/plan/spor/raad.yaml": ("type: initiative\ntitle: Energirådgivning til virksomheder\nthemes: [energi]\n"
                               "summary: Gratis energirådgivning og solceller til virksomheder.\n"),
    "by/plan/spor/kultur.yaml": "type: initiative\ntitle: Kulturnat\nsummary: Musik og teater i gaderne.\ndeadline: 2026\n",
}
WORDS = ["sol", "varme", "energi", "cykel", "skole", "vand", "klima", "erhverv", "plan", "bygning"]


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def workspace(tmp_path):
    write_content(tmp_path, {**MINI, **NEIGHBOUR})
    shutil.copytree(ROOT / "layouts", tmp_path / "layouts")
    shutil.copytree(ROOT / "assets", tmp_path / "assets")
    return tmp_path


def initiatives(content: Path) -> list[Path]:
    return sorted(p for p in content.rglob("*.yaml") if p.read_text(encoding="utf-8").startswith("type: initiative")
                  or "\ntype: initiative" in p.read_text(encoding="utf-8")[:40])


def unreferenced(content: Path, path: Path) -> bool:
    record_id = path.relative_to(content).with_suffix("").as_posix()
    return not any(record_id in p.read_text(encoding="utf-8") for p in content.rglob("*.*") if p != path and p.is_file())


def track_folders(content: Path) -> list[Path]:
    return sorted(p.parent for p in content.rglob("index.yaml") if "type: track" in p.read_text(encoding="utf-8"))


# ---- edits: each changes the workspace and says what it did ----

def change_title(ws: Path, rng: random.Random) -> str:
    path = rng.choice(initiatives(ws / "content"))
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^title: .*$", f"title: {rng.choice(WORDS).capitalize()} {rng.randint(1, 99)}", text, count=1),
                    encoding="utf-8")
    return f"title of {path.name}"


def move_initiative(ws: Path, rng: random.Random) -> str:
    candidates = [p for p in initiatives(ws / "content") if unreferenced(ws / "content", p)
                  and "image:" not in p.read_text(encoding="utf-8")]  # its image file stays behind
    if not candidates:
        return add_initiative(ws, rng)
    path = rng.choice(candidates)
    target = rng.choice([t for t in track_folders(ws / "content") if t != path.parent] or [path.parent])
    path.rename(target / path.name)
    return f"moved {path.name} to {target.name}"


def delete_record(ws: Path, rng: random.Random) -> str:
    candidates = [p for p in initiatives(ws / "content") if unreferenced(ws / "content", p)]
    if len(candidates) < 2:
        return add_initiative(ws, rng)
    path = rng.choice(candidates)
    path.unlink()
    return f"deleted {path.name}"


def add_initiative(ws: Path, rng: random.Random) -> str:
    track = rng.choice(track_folders(ws / "content"))
    name = f"ny-{rng.randint(1000, 9999)}"
    words = " ".join(rng.choice(WORDS) for _ in range(8))
    (track / f"{name}.yaml").write_text(f"type: initiative\ntitle: Ny indsats {name}\nsummary: {words}.\n"
                                        f"themes: [{rng.choice(['energi', 'klima', 'mobilitet'])}]\n", encoding="utf-8")
    return f"added {name} in {track.name}"


def add_offer(ws: Path, rng: random.Random) -> str:
    name = f"tilbud-{rng.randint(1000, 9999)}"
    (ws / "content/by/tilbud").mkdir(exist_ok=True)
    (ws / "content/by/tilbud" / f"{name}.yaml").write_text(
        f"type: offer\ntitle: Tilbud om {rng.choice(WORDS)}\npromise: Svar inden {rng.randint(1, 5)} dage\n", encoding="utf-8")
    return f"added offer {name}"


def rename_theme(ws: Path, rng: random.Random) -> str:
    path = ws / "content/vocabularies/themes.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^(energi:\n  da: ).*$", rf"\g<1>Energi {rng.randint(1, 99)}", text, count=1), encoding="utf-8")
    return "renamed a theme"


def edit_template(ws: Path, rng: random.Random) -> str:
    path = ws / "layouts" / rng.choice(["initiative.html", "track.html", "partials/macros.html"])
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + f"\n{{# edit {rng.randint(1, 99999)} #}}\n" if path.name == "macros.html"
                    else text.replace("</h1>", f"</h1><!-- {rng.randint(1, 99999)} -->", 1), encoding="utf-8")
    return f"edited {path.name}"


def add_image(ws: Path, rng: random.Random) -> str:
    folder = ws / "assets" / "img"
    folder.mkdir(exist_ok=True)
    (folder / f"billede-{rng.randint(1, 9)}.png").write_bytes(b"\x89PNG\r\n\x1a\n" + rng.randbytes(64))
    return "added an image"


def picture(ws: Path, rng: random.Random) -> str:
    """A record image (a real PNG beside the record): added, replaced by other pixels, or removed."""
    path = rng.choice(initiatives(ws / "content"))
    text = re.sub(r"(?m)^image:\n(?:  .*\n)*", "", path.read_text(encoding="utf-8"))
    if rng.random() < 0.2:
        path.write_text(text, encoding="utf-8")
        return f"removed the image of {path.name}"
    name = f"foto-{rng.randint(1, 3)}.png"
    size = (rng.randint(300, 1800), rng.randint(200, 900))
    shift = rng.randint(0, 255)
    Image.linear_gradient("L").resize(size).point(lambda v: (v + shift) % 256).convert("RGB").save(path.parent / name)
    path.write_text(text + f"image:\n  src: {name}\n  alt: Foto {rng.randint(1, 99)}\n", encoding="utf-8")
    return f"gave {path.name} the image {name} ({size[0]}×{size[1]})"


def rename_organisation(ws: Path, rng: random.Random) -> str:
    """Every share card below an organisation shows its name."""
    path = ws / "content" / rng.choice(["org/index.yaml", "by/index.yaml"])
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^name: .*$", f"name: {rng.choice(WORDS).capitalize()} Kommune", text, count=1), encoding="utf-8")
    return f"renamed the organisation in {path.parent.name}"


def mention(ws: Path, rng: random.Random) -> str:
    path = ws / "content/org/klima/index.md"
    target = rng.choice(initiatives(ws / "content")).relative_to(ws / "content").with_suffix("").as_posix()
    path.write_text(path.read_text(encoding="utf-8") + f"\nSe også [indsatsen](id:{target}).\n", encoding="utf-8")
    return f"mentioned {target}"


def retag(ws: Path, rng: random.Random) -> str:
    """Themes, audience and role decide which cross-cutting pages list a record."""
    path = rng.choice(initiatives(ws / "content"))
    text = re.sub(r"(?m)^(themes|audience|role): .*\n", "", path.read_text(encoding="utf-8"))
    themes = rng.sample(["energi", "klima", "erhvervsservice"], rng.randint(0, 2))  # none: inherits
    text += f"themes: [{', '.join(themes)}]\naudience: [{rng.choice(['virksomheder', 'borgere'])}]\n"
    text += f"role: {rng.choice(['selv', 'medejer', 'faellesskab'])}\n"
    path.write_text(text, encoding="utf-8")
    return f"retagged {path.name} with {themes}"


def change_status(ws: Path, rng: random.Random) -> str:
    """Status and deadline feed the progress roll-ups of the strategy and track above."""
    path = rng.choice(initiatives(ws / "content"))
    text = re.sub(r"(?m)^(status|deadline): .*\n", "", path.read_text(encoding="utf-8"))
    status = rng.choice(["planlagt", "i-gang", "gennemfoert", "udskudt", "ukendt"])
    path.write_text(text + f"status: {status}\ndeadline: {rng.choice(['2020', '2025-H2', '2040'])}\n", encoding="utf-8")
    return f"set {path.name} to {status}"


def reword(ws: Path, rng: random.Random) -> str:
    """What the live preview patches in place (generator/patch.py): a title (which can reorder
    siblings and backlinks, and names a strategy's print page) or a text on any kind it patches."""
    kinds = re.compile(r"(?m)^type: (initiative|track|strategy|offer)$")
    path = rng.choice(sorted(p for p in (ws / "content").rglob("*.*") if p.suffix in (".yaml", ".md")
                             and kinds.search(p.read_text(encoding="utf-8"))))
    text = path.read_text(encoding="utf-8")
    word = f"{rng.choice(WORDS).capitalize()} {rng.randint(1, 3)}"  # few choices: ties in name order happen
    if rng.random() < 0.7:
        text = re.sub(r"(?m)^title: .*$", f"title: {word}", text, count=1)
    elif path.suffix == ".md":
        text += f"\nMere om {word}.\n"
    else:
        text = re.sub(r"(?m)^summary: .*\n", "", text) + f"summary: Om {word}.\n"
    path.write_text(text, encoding="utf-8")
    return f"reworded {path.relative_to(ws / 'content')}"


EDITS = [reword, reword, change_title, move_initiative, delete_record, add_initiative, add_offer, rename_theme, edit_template, add_image,
         mention, retag, change_status, picture, rename_organisation]


MEDIA_EDITS = [picture, reword, change_title, change_status, rename_organisation, delete_record, add_initiative]
PATCHED_EDITS = [reword, reword, mention, add_offer, change_title]  # mostly patched in place, among others that are not


@pytest.mark.parametrize(("seed", "edits"), [(1, EDITS), (2, EDITS), (3, EDITS), (4, MEDIA_EDITS), (5, MEDIA_EDITS),
                                                 (6, PATCHED_EDITS)])
def test_random_edits_build_what_a_full_build_builds(workspace, seed, edits):
    rng = random.Random(seed)
    session = IncrementalBuild(workspace / "content", workspace / "site", layouts=workspace / "layouts", assets=workspace / "assets")
    session.run()
    for step in range(10):
        what = rng.choice(edits)(workspace, rng)
        session.run()
        full = workspace / f"full-{step}"
        build(workspace / "content", full, layouts=workspace / "layouts", assets=workspace / "assets",
              cache_dir=workspace / f"media-{step}")  # images and cards made afresh: the same bytes
        assert tree(workspace / "site") == tree(full), f"step {step}: {what}"
        shutil.rmtree(full)


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


def test_an_edit_that_moves_nothing_is_patched_in_place_and_one_that_moves_something_is_not(workspace):
    session = IncrementalBuild(workspace / "content", workspace / "site", layouts=workspace / "layouts", assets=workspace / "assets")
    session.run()
    raad, kultur = workspace / "content/by/plan/spor/raad.yaml", workspace / "content/by/plan/spor/kultur.yaml"
    raad.write_text(raad.read_text(encoding="utf-8").replace("Energirådgivning til virksomheder", "Ørsteds råd"), encoding="utf-8")
    session.run()
    assert session.patched  # the title moved raad after kultur: its track's list was sorted again
    track = (workspace / "site/by/plan/spor/index.html").read_text(encoding="utf-8")
    assert track.index("Kulturnat") < track.index("Ørsteds råd")
    kultur.write_text(kultur.read_text(encoding="utf-8").replace("deadline: 2026", "deadline: 2027"), encoding="utf-8")
    session.run()
    assert not session.patched  # a deadline moves the timeline
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
    from generator.content import FileCache
    from generator.pipeline import load_site
    from generator.search.documents import documents
    from generator.search.export import build_index, export
    from generator.search.live import LiveSearch
    from generator.search.related import related_initiatives

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
        expected = related_initiatives(site, fresh), export(fresh)
        assert live.update(site) == expected, f"step {step}"  # finds the edited records itself
        assert told.update(site, touched) == expected, f"step {step}"  # is told which records were read again
        path = rng.choice(paths)
        text = path.read_text(encoding="utf-8")
        new_word = "".join(rng.choice("abdefgiklmnoprstuvy") for _ in range(7))
        edits = [text + f"\n{' '.join(rng.choice(CORPUS_WORDS) for _ in range(30))}\n",  # known words, more often
                 text + f"\n{new_word} {new_word}{rng.choice(CORPUS_WORDS)} {rng.choice(CORPUS_WORDS)}{new_word}\n",  # compounds
                 text[: text.rindex("\n\n")] + "\n" if "\n\n" in text else text + "\nkort\n",  # a paragraph fewer
                 re.sub(r"(?m)^title: .*$", f"title: \"{' '.join(rng.choice(CORPUS_WORDS) for _ in range(4))}\"", text, count=1)]
        edits.append(re.sub(r"(?m)^themes: .*$", f"themes: [{rng.choice(['klima', 'energi', 'mobilitet'])}]", text, count=1))
        edits.append(re.sub(r"(?m)^themes: .*$", "themes: []", text, count=1))  # inherits its strategy's themes
        path.write_text(rng.choice(edits), encoding="utf-8")
        if step % 4 == 3:  # a strategy's new title shows on the cards of everything below it; its themes
            strategy = path.parent.parent / "index.md"  # pass to initiatives without their own
            text = re.sub(r"(?m)^title: .*$", f"title: \"Strategi {step}\"", strategy.read_text(encoding="utf-8"), count=1)
            text = re.sub(r"(?m)^themes: .*$", f"themes: [{rng.choice(['klima', 'energi', 'mobilitet'])}]", text, count=1)
            strategy.write_text(text, encoding="utf-8")


def test_compound_parts_after_words_come_and_go_equal_a_fresh_split():
    """The live index splits again only the words that begin or end with a word that came or went."""
    from generator.search.live import LiveSearch, parts_of

    rng = random.Random(7)
    stems = ["plan", "klima", "energi", "handle", "vand", "skole", "byggeri", "sol"]
    pool = sorted({a + link + b for a in stems for b in stems for link in ("", "s", "e")} | set(stems) | {"plan2", "kort"})
    live = LiveSearch()
    live.word_docs = {word: {"d"} for word in rng.sample(pool, 40)}
    live.parts_of = parts_of(live.word_docs)
    live.sorted_words, live.sorted_backwards = sorted(live.word_docs), sorted(w[::-1] for w in live.word_docs)
    for _ in range(60):
        moved = set(rng.sample(pool, rng.randint(1, 4)))
        for word in moved:
            if word in live.word_docs:
                del live.word_docs[word]
            else:
                live.word_docs[word] = {"d"}
        before = dict(live.parts_of)
        changed = live.split_again(moved)
        assert live.parts_of == parts_of(live.word_docs)
        assert changed == {w for w in live.word_docs if before.get(w) != live.parts_of.get(w)}
        assert live.sorted_words == sorted(live.word_docs)


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="a glibc setting")
def test_the_live_preview_keeps_large_buffers_in_the_heap():
    from generator.heap import keep_large_buffers

    assert keep_large_buffers()  # glibc took both thresholds (it refuses values it cannot honour)
