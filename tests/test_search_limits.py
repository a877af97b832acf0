"""Search work is linear in the size of the input: a word or a field of a megabyte builds in seconds
(issue 17, item 6). Compound splitting was quadratic in a word's length (a 1 MB word took 301 s),
so words longer than compounds.MAX_COMPOUND are not split, tokens longer than analysis.MAX_LENGTH
are neither indexed nor searched, and a field is searchable up to documents.MAX_FIELD_LENGTH."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build.pipeline import load_site
from generator.search import compounds, export
from generator.search.analysis import MAX_LENGTH, analyze, whoosh_analyzer
from generator.search.compounds import MAX_COMPOUND, MIN_PART, Splitter, can_be_part
from generator.search.documents import MAX_FIELD_LENGTH, bounded, documents
from generator.search.export import analysed_fields, build_index, payload

from .conftest import MINI, ROOT, write_content
from .support import live_search_of, toggle_words

MEGABYTE = 1_000_000


def letters(count: int, seed: int = 17) -> str:
    """A realistic mix of Danish letters, one word without a break."""
    rnd = random.Random(seed)
    return "".join(rnd.choices("abcdefghijklmnopqrstuvwxyzæøå", k=count))


LONG_COMPOUND = "klimaplan" * 9  # 81 letters, made of a corpus word: split, it would find "klimaplan"
LONG_WORDS = {
    **MINI,
    # the case: a 1 MB word in a summary
    "org/klima/energi/lang.yaml": f"type: initiative\ntitle: Solfangere på taget\nsummary: Solfangere {letters(MEGABYTE)} slut\n",
    # words too long to split or to index, in a field short enough to be searched whole
    "org/klima/energi/tekst.md": (
        "---\ntype: initiative\ntitle: Varmepumper i skolerne\n---\n"
        f"Varmepumper {LONG_COMPOUND} og {letters(150_000, seed=3)} i skolerne.\n"
    ),
}


@pytest.fixture(scope="module")
def long_content(tmp_path_factory) -> Path:
    return write_content(tmp_path_factory.mktemp("long-words"), LONG_WORDS)


def test_a_megabyte_word_builds_in_seconds(long_content, tmp_path):
    out = tmp_path / "site"
    # generous: it takes a few seconds (it took 301 s when compound splitting was quadratic)
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "build", "--content", str(long_content), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    terms = {term for path in (out / "search" / "shards").glob("*.js") for term in json.loads(payload(path.read_bytes()))}
    assert {"solfang", "varmepump", "skol"} <= terms
    assert max(map(len, terms)) <= MAX_LENGTH
    assert (out / "search" / "manifest.js").stat().st_size < 10_000
    found = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "search",
            "solfangere",
            "--json",
            "--content",
            str(long_content),
            "--index",
            str(tmp_path / "ix"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert found.returncode == 0, found.stderr
    assert [hit["id"] for hit in json.loads(found.stdout)] == ["org/klima/energi/lang"]


def test_long_words_are_neither_split_nor_stemmed(long_content, monkeypatch):
    """Work done, not time: the splitter looks each word up at most three times per letter of at
    most MAX_COMPOUND letters, and the stemmer sees no word longer than MAX_LENGTH."""
    lookups, stemmed = [], []
    known, stem = Splitter.known, export.stem
    monkeypatch.setattr(compounds.Splitter, "known", lambda self, word: lookups.append(word) or known(self, word))
    monkeypatch.setattr(export, "stem", lambda word: stemmed.append(word) or stem(word))
    docs = documents(load_site(long_content))
    analysed = analysed_fields(docs)
    vocabulary = {word for by_field in analysed.values() for counts in by_field.values() for word in counts}
    assert len(lookups) <= 3 * MAX_COMPOUND * len(vocabulary)
    assert max(map(len, lookups)) < MAX_COMPOUND
    build_index(docs, analysed)
    assert stemmed and max(map(len, stemmed)) <= MAX_LENGTH
    text = next(doc for doc in docs if doc.record_id == "org/klima/energi/tekst")
    assert LONG_COMPOUND in vocabulary and "klimaplan" not in text.fields["parts"].split()  # a term, not split
    assert letters(150_000, seed=3) in text.fields["body"] and max(map(len, vocabulary)) <= MAX_LENGTH  # not a term


def test_compound_splitting_stops_at_max_compound():
    splitter = Splitter({"klima", "plan", "klimaplan"})
    assert splitter.parts("klimahandleplan") == ["klima", "plan"]
    assert splitter.parts("klima" + "x" * (MAX_COMPOUND - 9) + "plan") == ["klima", "plan"]  # MAX_COMPOUND letters
    assert splitter.parts("klima" + "x" * (MAX_COMPOUND - 8) + "plan") == []
    assert splitter.parts("klimaplan" * (MEGABYTE // 9)) == []
    assert can_be_part("klima") and can_be_part("x" * (MAX_COMPOUND - MIN_PART))
    assert not can_be_part("x" * (MAX_COMPOUND - MIN_PART + 1))  # no word it could be a part of is split


def test_tokens_longer_than_max_length_are_not_terms_in_any_analysis():
    text = f"{'a' * MAX_LENGTH} {'b' * (MAX_LENGTH + 1)} klima {letters(MEGABYTE)} erhverv_{'c' * MAX_LENGTH}"
    assert [len(term) for term in analyze(text)] == [MAX_LENGTH, 5]
    assert [token.text for token in whoosh_analyzer()(text)] == analyze(text)
    script = (
        "const {words} = require(process.argv[1]); let text = ''; process.stdin.setEncoding('utf8');"
        "process.stdin.on('data', c => { text += c; });"
        "process.stdin.on('end', () => console.log(JSON.stringify(words(text, new Set()).map(w => w.length))));"
    )
    result = subprocess.run(
        ["node", "-e", script, str(ROOT / "assets" / "js" / "search.js")],
        input=text,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert json.loads(result.stdout) == [MAX_LENGTH, 5]


def test_a_field_is_searchable_up_to_max_field_length():
    words = " ".join(["energi"] * (MEGABYTE // 7 + 1))
    cut = bounded(words)
    assert len(cut) <= MAX_FIELD_LENGTH and cut.endswith("energi") and set(cut.split()) == {"energi"}
    assert bounded("kort tekst") == "kort tekst"
    assert bounded("energi " + letters(MEGABYTE)) == "energi"  # no part of a word
    assert bounded(letters(MEGABYTE)) == ""


def test_the_live_preview_splits_long_words_as_a_fresh_split_does():
    """live.py splits again only words beginning or ending with a word that came or went, and only
    those short enough to be split: the same parts as a fresh split, around MAX_COMPOUND."""
    from generator.search.live import parts_of

    rng = random.Random(11)
    advice = "energirådgivning"
    ends = ["plan", "klima", "varmepumpe", "fjernvarmen", "energiplanen", "vandforsyning"]  # 48 + these: 52 to 61 letters
    starts = [advice, advice * 2, advice * 3]
    pool = sorted({a + b for a in starts for b in ends} | {a + b for a in starts for b in starts} | set(starts) | set(ends))
    assert {len(w) for w in pool} >= {MAX_COMPOUND - 1, MAX_COMPOUND, MAX_COMPOUND + 1}
    live = live_search_of(rng.sample(pool, len(pool) // 2))
    for _ in range(60):
        moved = set(rng.sample(pool, rng.randint(1, 4)))
        toggle_words(live, moved)
        live.split_again(moved)
        assert live.parts_of == parts_of(live.word_docs)
    assert all(len(word) <= MAX_COMPOUND for word in live.parts_of)
    assert any(len(word) == MAX_COMPOUND for word in live.parts_of)
