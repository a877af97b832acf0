"""Search: the fast path and the browser client analyse and rank exactly as Whoosh does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build.pipeline import build, load_site
from generator.search import export as export_module
from generator.search.analysis import TOKEN, analyze, fold, stem, whoosh_analyzer
from generator.search.documents import documents
from generator.search.export import build_index, payload, script, search_files
from generator.search.query import expand
from generator.search.whoosh_index import open_index, search

from .conftest import MINI, ROOT, write_content

COMPOUNDS = {
    **MINI,
    "org/klima/energi/handleplan.yaml": """
        type: initiative
        title: Klimahandleplan for kommunens bygninger
        summary: Energirådgivning og ladestandere til alle.
        """,
    "org/klima/energi/plan.yaml": """
        type: initiative
        title: En plan for energi
        summary: Planen samler indsatserne om erhverv og uddannelse.
        """,
    "org/klima/energi/uddannelse.yaml": """
        type: initiative
        title: Erhvervsuddannelse i fokus
        summary: Flere unge vælger en erhvervsuddannelse med praktik.
        """,
}


STEM_ENDINGS = (
    "e",
    "en",
    "ene",
    "enes",
    "ens",
    "er",
    "ere",
    "erne",
    "ernes",
    "ers",
    "es",
    "et",
    "ets",
    "s",
    "ende",
    "endes",
    "hed",
    "heden",
    "hedens",
    "heder",
    "heds",
    "ig",
    "igst",
    "lig",
    "elig",
    "els",
    "løst",
    "t",
    "d",
)


def corpus_texts(site) -> list[str]:
    """The documents' fields, and the content files as written (markup, keys and all): only text in
    the repository."""
    texts = [" ".join(doc.fields.values()) for doc in documents(site)]
    texts += [path.read_text(encoding="utf-8") for path in sorted((ROOT / "content").rglob("*")) if path.suffix in (".md", ".yaml")]
    return texts


@pytest.fixture(scope="module")
def compound_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("compounds")
    content = write_content(root, COMPOUNDS)
    out = root / "site"
    build(content, out)
    return load_site(content), out, root


def run_engine(site_dir: Path, queries: list[dict]) -> list[dict]:
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "js" / "engine.cjs"), str(site_dir)],
        input=json.dumps(queries),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout)


def test_whoosh_and_fast_path_make_identical_terms_for_the_whole_corpus():
    site = load_site(ROOT / "content")
    analyzer = whoosh_analyzer()
    texts = corpus_texts(site)
    assert sum(len(t) for t in texts) > 500_000
    for text in texts:
        assert [token.text for token in analyzer(text)] == analyze(text)


def test_folding_keeps_danish_letters_and_folds_typography():
    assert analyze("“Æbler” – Øer og Ålborg") == analyze('"æbler" - øer og ålborg')
    assert all(letter in "".join(analyze("Æbleplantage ørred ål")) for letter in "æøå")
    assert analyze("ﬂere") == analyze("flere")


def test_one_stemmer_for_both_paths():
    # Whoosh's bundled Danish stemmer says "suc"; the Snowball package both paths use says "succ".
    assert stem("succes") == "succ"
    assert [t.text for t in whoosh_analyzer()("succes")] == ["succ"]


def test_javascript_stemmer_equals_python_for_the_corpus_vocabulary():
    site = load_site(ROOT / "content")
    corpus = {w for text in corpus_texts(site) for w in TOKEN.findall(fold(text))}
    assert len(corpus) > 5_000
    # and every third corpus word with each ending the stemmer knows: inflections the corpus lacks
    stems = sorted(w for w in corpus if w.isalpha())[::3]
    vocabulary = sorted(corpus | {w + ending for w in stems for ending in STEM_ENDINGS})
    assert len(vocabulary) > 50_000
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "js" / "stem.cjs")],
        input="\n".join(vocabulary) + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    differences = [(w, stem(w), js) for w, js in zip(vocabulary, result.stdout.split("\n"), strict=False) if stem(w) != js]
    assert differences == []


@pytest.mark.parametrize(
    ("query", "compound_title"),
    [
        ("plan", "Klimahandleplan for kommunens bygninger"),
        ("energi", "Klimahandleplan for kommunens bygninger"),  # energirådgivning
        ("erhverv", "Erhvervsuddannelse i fokus"),
    ],
)
def test_part_of_a_compound_finds_it_below_whole_words(compound_site, query, compound_title):
    site, out, _ = compound_site
    index = build_index(documents(site))
    titles = {key: doc.card["t"] for key, doc in index.docs.items()}
    [result] = run_engine(out, [{"q": query + " "}])
    ranked = [titles[key] for key, _ in result["results"]]
    assert compound_title in ranked
    if query == "plan":
        assert ranked.index("En plan for energi") < ranked.index(compound_title)


def test_typo_and_prefix(compound_site):
    _, out, _ = compound_site
    typo, prefix, short = run_engine(out, [{"q": "ladestandre "}, {"q": "klimahand"}, {"q": "ener"}])
    assert any(t["term"] == "ladestand" and t["weight"] < 1 for t in typo["terms"]) and typo["results"]
    assert any(t["term"].startswith("klimahandleplan") for t in prefix["terms"]) and prefix["results"]
    assert {t["term"] for t in short["terms"]} & {"energi", "energirådgivning"}
    [none] = run_engine(out, [{"q": "ladstndre "}])  # two edits: not forgiven
    assert none["results"] == []


def test_typos_are_forgiven_in_the_words_as_written_not_their_stems(compound_site):
    """»erhvervsuddannlese« is one swap from the word, but its stem (erhvervsuddannles) is three
    edits from the word's stem (erhvervsuddan): the stemmer strips an ending only when it is spelt."""
    _, out, _ = compound_site
    assert stem("erhvervsuddannlese") == "erhvervsuddannles" and stem("erhvervsuddannelse") == "erhvervsuddan"
    queries = ["erhvervsuddannlese ", "erhvervsudannelse ", "energirådgivnign "]
    vocabulary = vocabulary_of(out)
    for query, from_client in zip(queries, run_engine(out, [{"q": q} for q in queries]), strict=True):
        titles = [card["t"] for card in from_client["cards"]]
        assert titles and all(t["weight"] == 0.7 for t in from_client["terms"]), query
        assert "Erhvervsuddannelse i fokus" in titles or "Klimahandleplan for kommunens bygninger" in titles
        assert [t.term for t in expand(query, vocabulary, open_last=False)] == [t["term"] for t in from_client["terms"]]


def test_ranking_parity_client_fast_path_and_whoosh(compound_site, tmp_path):
    site, out, root = compound_site
    docs = documents(site)
    index = build_index(docs)
    whoosh = open_index(root / "whoosh", docs)
    queries = ["plan", "energi sol", "erhvervsuddannelse praktik", "klimaplan", "gratis energirådgivning", "fjernvarme"]
    client = run_engine(out, [{"q": q + " "} for q in queries])
    for query, from_client in zip(queries, client, strict=True):
        expected = search(whoosh, query, vocabulary_of(out), limit=None)
        assert expected, query
        fast = index.scores(list(dict.fromkeys(analyze(query))))
        exact = search(whoosh, query, limit=None)  # the query's own terms only: the fast path's scores
        assert {k: round(v, 9) for k, v in fast.items()} == {k: round(v, 9) for k, v in exact}
        assert [k for k, _ in from_client["results"]] == [k for k, _ in expected]
        for (key, score), (wkey, wscore) in zip(from_client["results"], expected, strict=True):
            assert key == wkey and score == pytest.approx(wscore, rel=1e-9)


def test_filters_with_counts(compound_site):
    _, out, _ = compound_site
    unfiltered, by_kind = run_engine(out, [{"q": "energi "}, {"q": "energi ", "filters": {"kind": ["Indsats"]}}])
    kinds = unfiltered["counts"]["kind"]
    assert kinds["Indsats"] >= 2 and sum(kinds.values()) == len(unfiltered["results"])
    assert len(by_kind["results"]) == kinds["Indsats"]
    assert by_kind["counts"]["kind"] == kinds  # a facet is counted without its own filter
    assert sum(by_kind["counts"]["organisation"].values()) == kinds["Indsats"]


def record_terms(content: Path, record_id: str) -> set[str]:
    index = build_index(documents(load_site(content)))
    return set(next(index.doc_terms[key] for key, doc in index.docs.items() if doc.record_id == record_id))


def test_export_is_deterministic_and_an_edit_touches_only_its_terms_shards(tmp_path, monkeypatch):
    monkeypatch.setattr(export_module, "SHARD_TARGET_BYTES", 100)  # many shards, as on a large site
    content = write_content(tmp_path, COMPOUNDS)
    first = search_files(load_site(content))
    assert first == search_files(load_site(content))
    target = content / "org/klima/energi/uddannelse.yaml"
    old_terms = record_terms(content, "org/klima/energi/uddannelse")
    target.write_text(target.read_text().replace("praktik", "praktikpladser"))
    new_terms = record_terms(content, "org/klima/energi/uddannelse")
    second = search_files(load_site(content))
    changed = {path for path in first.keys() | second.keys() if first.get(path) != second.get(path)}
    edited_terms = old_terms | new_terms  # its words and their compound parts

    def terms_in(path: str) -> set[str]:
        return {term for files in (first, second) if path in files for term in json.loads(payload(files[path]))}

    shards = {path for path in first.keys() | second.keys() if path.startswith("search/shards/")}
    own = {path for path in shards if terms_in(path) & edited_terms}
    changed_shards = changed & shards
    assert "search/manifest.js" in changed
    assert changed_shards & own
    # a shard without the edited terms changes only when a boundary at an edited term moved, and
    # then its terms went to (or came from) a shard with edited terms
    for path in changed_shards - own:
        assert any(terms_in(path) <= terms_in(other) for other in own), path
    assert len(changed_shards) < len(shards) / 2


def test_search_files_are_scripts_that_carry_json(mini_site):
    """A classic <script> loads each from file://; over http the client reads its JSON payload."""
    files = sorted(path for path in (mini_site / "search").rglob("*") if path.is_file())
    assert files and all(path.suffix == ".js" for path in files)
    for path in files:
        text = path.read_text(encoding="utf-8")
        kind = path.parent.name if path.parent.name != "search" else path.stem
        assert text.startswith(f'RetningSearchData("{kind}","{path.stem}",') and text.endswith(");\n")
        assert json.loads(payload(path.read_bytes())) is not None
    manifest = json.loads(payload((mini_site / "search" / "manifest.js").read_bytes()))
    first_term, name = manifest["shards"][0]
    assert first_term == "" and (mini_site / "search" / "shards" / f"{name}.js").is_file()


def test_command_line_search(compound_site, tmp_path):
    _, _, root = compound_site
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "search",
            "erhvervsuddannelse",
            "--content",
            str(root / "content"),
            "--index",
            str(tmp_path / "ix"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].split()[-2:] == ["fokus", "(org/klima/energi/uddannelse/)"]


@pytest.mark.parametrize("limit", ["-5", "0", "ti"])
def test_command_line_rejects_a_limit_below_one(limit, capsys):
    from generator.cli import EXIT_USAGE, main

    assert main(["search", "klima", "--limit", limit, "--content", str(ROOT / "no-such-content")]) == EXIT_USAGE
    error = capsys.readouterr().err
    assert error.startswith("usage:") and "argument --limit" in error


REPEATED = {
    **COMPOUNDS,
    "org/klima/energi/klima.yaml": "type: initiative\ntitle: Klima i skolen\nsummary: Eleverne lærer om klima og vejr.\n",
    "org/klima/energi/erhverv.yaml": ("type: initiative\ntitle: Erhverv og klima\nsummary: Virksomheder i erhverv får råd.\n"),
}


def command_line_hits(content: Path, index: Path, query: str) -> list[dict]:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "search",
            query,
            "--json",
            "--limit",
            "50",
            "--content",
            str(content),
            "--index",
            str(index),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout)


def client_hits(site_dir: Path, query: str) -> list[dict]:
    """The browser client's results in the shape of `build.py search --json` (tests/js/query.mjs)."""
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "js" / "query.mjs"), str(site_dir), query, "--limit", "50"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout)


def test_a_repeated_query_word_counts_once_in_the_command_line_and_in_the_client(tmp_path):
    """`klima klima klima erhverv` ranks as `klima erhverv` does, in both. (The client used to
    count the repeated word three times and rank "Klima i skolen" above "Erhverv og klima".)"""
    content = write_content(tmp_path, REPEATED)
    build(content, tmp_path / "site")
    cli = command_line_hits(content, tmp_path / "ix", "klima klima klima erhverv")
    client = client_hits(tmp_path / "site", "klima klima klima erhverv")
    assert [hit["title"] for hit in cli[:2]] == ["Erhverv og klima", "Klima i skolen"]
    assert [hit["url"] for hit in client] == [hit["url"] for hit in cli]
    for ours, theirs in zip(client, cli, strict=True):
        assert ours["score"] == pytest.approx(theirs["score"], rel=1e-9)
    assert command_line_hits(content, tmp_path / "ix", "klima erhverv") == cli
    assert client_hits(tmp_path / "site", "klima erhverv") == client
    once, typed = run_engine(tmp_path / "site", [{"q": "klima klima klima erhverv "}, {"q": "klima erhverv klima kli"}])
    assert sorted(t["term"] for t in once["terms"] if t["weight"] == 1) == ["erhverv", "klima"]  # and synonyms below
    assert len({t["term"] for t in once["terms"]}) == len(once["terms"])
    terms = [t["term"] for t in typed["terms"]]  # the last word also as a prefix: still each term once
    assert len(terms) == len(set(terms)) and {"klima": 1, "erhverv": 1}.items() <= {t["term"]: t["weight"] for t in typed["terms"]}.items()


def parity_queries(site, count: int = 80) -> list[str]:
    """Words of every frequency from the corpus, pairs of them, and the readers' own examples."""
    from collections import Counter

    frequency = Counter(
        w
        for doc in documents(site)
        for w in TOKEN.findall(fold(" ".join(doc.fields.values())))
        if len(w) >= 4 and w.isalpha() and stem(w) in set(analyze(w))
    )
    ranked = [w for w, _ in frequency.most_common()]
    singles = ranked[:: max(1, len(ranked) // (count // 2))][: count // 2]
    pairs = [f"{a} {b}" for a, b in zip(singles[::2], singles[1::2], strict=False)]
    return ["ladestandere", "fast track", "erhvervsuddannelse", "klimaplan", "energi"] + singles + pairs


def vocabulary_of(site_dir: Path):
    """The corpus terms as the client sees them: the built site's search manifest and shards."""
    from generator.search.query import Vocabulary

    return Vocabulary({path.relative_to(site_dir).as_posix(): path.read_bytes() for path in (site_dir / "search").rglob("*.js")})


def misspelt(words: list[str]) -> list[str]:
    """A letter dropped, two swapped, one doubled, and æ/ø/å typed as ae/oe/aa: what readers type."""
    found = []
    for number, word in enumerate(words):
        if len(word) < 5:
            continue
        at = 1 + number % (len(word) - 2)
        found += [word[:at] + word[at + 1 :], word[:at] + word[at + 1] + word[at] + word[at + 2 :], word[:at] + word[at] + word[at:]]
        if set(word) & set("æøå"):
            found.append(word.replace("æ", "ae").replace("ø", "oe").replace("å", "aa"))
    return found


def test_client_ranked_list_equals_command_line_for_many_queries_typos_included():
    from .quality_site import site_folder

    site = load_site(ROOT / "content")
    docs = documents(site)
    from generator.search.export import with_compound_parts

    with_compound_parts(docs)
    whoosh = open_index(Path(site_folder()).parent / "whoosh-parity", docs)
    vocabulary = vocabulary_of(Path(site_folder()))
    singles = parity_queries(site, 120)
    queries = (
        singles
        + misspelt([q for q in singles if " " not in q][:60])
        + ["climate", "startup", "byggetilladelse", "ivaerksaetter", "groen omstilling", "energy efficiency"]
    )
    assert len(queries) >= 200
    client = run_engine(site_folder(), [{"q": q + " "} for q in queries])
    compared = 0
    for query, from_client in zip(queries, client, strict=True):
        expected = search(whoosh, query, vocabulary, limit=None)
        assert [key for key, _ in from_client["results"]] == [key for key, _ in expected], query
        for (_, score), (_, wscore) in zip(from_client["results"], expected, strict=True):
            assert score == pytest.approx(wscore, rel=1e-9), query
        compared += bool(expected)
    assert compared >= 180


WITH_NEIGHBOUR = {
    **COMPOUNDS,
    "by/index.yaml": "type: organisation\nname: Naboby Kommune\n",
    "by/plan/index.yaml": "type: strategy\ntitle: Nabobyens energiplan\n",
    "by/plan/raad.yaml": (
        "type: initiative\ntitle: Energirådgivning til virksomheder\nthemes: [energi]\n"
        "summary: Gratis energirådgivning og ladestandere til virksomheder.\n"
    ),
    "by/plan/andet.yaml": "type: initiative\ntitle: Kulturnat\nsummary: Musik og teater i gaderne.\n",
}


def test_related_initiatives_come_from_other_strategies(tmp_path):
    content = write_content(tmp_path, WITH_NEIGHBOUR)
    build(content, tmp_path / "site")
    html = (tmp_path / "site" / "by/plan/raad/index.html").read_text(encoding="utf-8")
    section = html.split('id="lignende"')[1].split("</section>")[0]
    assert "Klimahandleplan for kommunens bygninger" in section and "Testrup Kommune" in section
    assert "Kulturnat" not in section  # same strategy, and nothing in common


def test_related_work_crosses_organisations_in_the_real_content():
    """The issue's example: a reader of Albertslund's energy advice finds Ballerup's energy goals
    (delmål without themes of their own inherit their ben's)."""
    from generator.search.related import related_initiatives

    site = load_site(ROOT / "content")
    lists = related_initiatives(site, build_index(documents(site)))
    advice = lists[
        "albertslund/erhvervsstrategi-2019-2024/vaekst-ivaerksaetteri-og-baeredygtig-erhvervsudvikling/energiraadgivning-for-virksomheder"
    ]
    assert any(other.startswith("ballerup/klimapolitik-2023-2030/energibesparelser-") for other in advice)
    initiatives = [r for r in site.records.values() if r.type == "initiative"]
    assert len(lists) >= 0.8 * len(initiatives)
    for record_id, others in lists.items():
        own = site.records[record_id].nearest("strategy")
        assert 1 <= len(others) <= 5 and all(site.records[o].nearest("strategy") is not own for o in others)


def test_search_in_a_worker_process_builds_the_same_site(tmp_path, monkeypatch):
    from generator.search import job

    content = write_content(tmp_path, WITH_NEIGHBOUR)
    build(content, tmp_path / "in-process")
    monkeypatch.setattr(job, "PARALLEL_FROM", 0)  # as on a large site: indexing beside rendering
    build(content, tmp_path / "worker")

    def tree(root: Path) -> dict:
        return {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    files = tree(tmp_path / "in-process")
    assert files == tree(tmp_path / "worker")
    assert b'id="lignende"' in files[Path("by/plan/raad/index.html")]


def test_the_search_worker_publishes_its_lists_for_forked_renderers_in_a_file_with_no_name(tmp_path, monkeypatch):
    """The lists reach processes forked after the search worker started, through a file no build can
    leave behind (a build killed before its end included): it has no name in any folder."""
    import os
    import tempfile
    import time

    from generator.build.pipeline import load_site
    from generator.search import job

    monkeypatch.setattr(job, "PARALLEL_FROM", 0)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temporary"))
    (tmp_path / "temporary").mkdir()
    search = job.SearchJob(load_site(write_content(tmp_path, WITH_NEIGHBOUR)))
    started = time.monotonic()
    while (lists := search.published()) is None and time.monotonic() - started < 60:
        time.sleep(0.01)
    child = os.fork()
    if child == 0:  # as a render worker forked after the search began
        os._exit(0 if search.published() == lists else 1)
    assert os.waitpid(child, 0)[1] == 0
    assert lists == search.related() and lists
    assert not list((tmp_path / "temporary").iterdir())
    search.files()


def test_a_failing_search_worker_fails_the_build(compound_site, tmp_path, monkeypatch):
    from generator.search import job

    _, _, root = compound_site
    monkeypatch.setattr(job, "PARALLEL_FROM", 0)
    monkeypatch.setattr(job, "export", lambda index, **options: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        build(root / "content", tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_an_index_of_another_schema_is_made_anew_without_touching_other_files(tmp_path):
    from whoosh import fields, index

    from generator.search.whoosh_index import open_index, whoosh_schema

    folder = tmp_path / "indeks"
    folder.mkdir()
    (folder / "mine-noter.txt").write_text("bliv her")
    index.create_in(str(folder), fields.Schema(other=fields.TEXT))
    ix = open_index(folder, [])
    assert ix.schema.names() == whoosh_schema().names()
    assert (folder / "mine-noter.txt").read_text() == "bliv her"


DEADLINE_STATES = {
    **COMPOUNDS,
    # a passed deadline with nothing reported since: "uden opfølgning" on any reference date
    "org/klima/energi/skoler.yaml": (
        "type: initiative\ntitle: Ladestandere ved skolerne\nstatus: planlagt\ndeadline: 2020\nsummary: Ladestandere ved alle skoler.\n"
    ),
    "org/klima/energi/faerdig.yaml": ("type: initiative\ntitle: Ladestandere ved hallen\nstatus: gennemfoert\ndeadline: 2021\n"),
}


def built_cards(site_dir: Path) -> dict[str, dict]:
    """Every result card of a built site, by page URL (search/cards/*.js)."""
    cards = {}
    for path in (site_dir / "search" / "cards").glob("*.js"):
        text = path.read_text(encoding="utf-8")
        prefix = f'RetningSearchData("cards","{path.stem}",'
        assert text.startswith(prefix)
        cards.update({card["u"]: card for card in json.loads(text[len(prefix) : text.rindex(")")]).values()})
    return cards


def test_an_initiatives_result_card_and_command_line_hit_hold_its_deadline_state(tmp_path):
    from generator.model.deadlines import STATES

    content = write_content(tmp_path, DEADLINE_STATES)
    build(content, tmp_path / "site")
    site = load_site(content)
    cards = built_cards(tmp_path / "site")
    assert len(cards) == len(site.records)
    assert cards["org/klima/energi/skoler/"]["d"] == "uden-opfoelgning"
    assert cards["org/klima/energi/faerdig/"]["d"] == "gennemfoert"
    assert cards["org/klima/energi/varme/"]["d"] == "ingen-frist"  # no deadline is a state too
    for record in site.records.values():
        card = cards[record.url]
        if record.type == "initiative":
            assert card["d"] in STATES, record.id
        else:  # nothing for the other kinds: no bytes spent
            assert "d" not in card, record.id
    by_id = {hit["id"]: hit for hit in command_line_hits(content, tmp_path / "ix", "ladestandere")}
    assert by_id["org/klima/energi/skoler"]["deadline_state"] == "uden-opfoelgning"
    assert by_id["org/klima/energi/faerdig"]["deadline_state"] == "gennemfoert"
    hits = command_line_hits(content, tmp_path / "ix", "energi")
    assert {site.records[hit["id"]].type for hit in hits} > {"initiative"}  # other kinds among the hits
    assert all(("deadline_state" in hit) == (site.records[hit["id"]].type == "initiative") for hit in hits)


def test_the_search_page_holds_each_deadline_state_as_the_pages_show_it(tmp_path):
    """The client takes an initiative's deadline state from the page (partials/deadline.html, in
    the page's language), so the markup is the pages' own: symbol hidden, words after it."""
    from generator.model.deadlines import STATES

    content = write_content(tmp_path, DEADLINE_STATES)
    build(content, tmp_path / "site")
    for page, late in (
        ("soeg/index.html", "Frist overskredet uden opfølgning"),
        ("en/soeg/index.html", "Deadline passed without follow-up"),
    ):
        html = (tmp_path / "site" / page).read_text(encoding="utf-8")
        template = html.split('<template id="deadline-states">')[1].split("</template>")[0]
        assert [f'deadline--{state}"' in template for state in STATES] == [True] * len(STATES)
        assert (
            f'<span class="deadline deadline--uden-opfoelgning"><span class="deadline__symbol" aria-hidden="true">?</span> {late}</span>'
        ) in template


def test_the_live_search_moves_deadline_states_with_the_date(tmp_path):
    """The preview keeps its search between rebuilds: a new day must reach the cards too."""
    import datetime as dt

    from generator.model.deadlines import fix_today
    from generator.search.live import LiveSearch

    site = load_site(write_content(tmp_path, DEADLINE_STATES))
    live = LiveSearch()
    try:
        fix_today(dt.date(2020, 1, 1))
        live.update(site)
        before = {doc.card["u"]: doc.card.get("d") for doc in live.docs.values()}
        fix_today(dt.date(2040, 1, 1))
        live.update(site, set())  # nothing read again: only the date moved
        after = {doc.card["u"]: doc.card.get("d") for doc in live.docs.values()}
    finally:
        fix_today(None)
    moved = {url for url in before if before[url] != after[url]}
    assert moved and all(after[url] in ("uden-opfoelgning", "forsinket") for url in moved)


def test_a_compound_with_a_linking_s_is_split_even_when_its_head_is_never_a_word_alone():
    from generator.search.compounds import Splitter

    splitter = Splitter({"ordning", "uddannelse", "erhverv", "plan"})
    assert splitter.parts("delebilsordning") == ["delebil", "ordning"]  # "delebil" is found in no text alone
    assert splitter.parts("erhvervsuddannelse") == ["erhverv", "uddannelse"]
    assert splitter.parts("klimahandleplan") == ["plan"]  # no word "klimahandl" before a linking e
    assert splitter.parts("ordninger") == []  # no known word ends it, none begins it with room to spare


PHRASES = {
    **MINI,
    "org/klima/spredt.yaml": "type: initiative\ntitle: Omstilling af bygninger og grøn energi\n",
    "org/klima/omst.yaml": "type: initiative\ntitle: Grøn omstilling af bygninger, energi, vand og varme i hele byen\n",
}


def test_neighbouring_words_of_a_title_rank_it_higher_in_both_engines(tmp_path):
    content = write_content(tmp_path, PHRASES)
    build(content, tmp_path / "site")
    cli = command_line_hits(content, tmp_path / "ix", "grøn omstilling")
    client = client_hits(tmp_path / "site", "grøn omstilling")
    # the longer title wins on its phrase; without it the shorter one would (as in the other order)
    assert [hit["title"] for hit in cli[:2]] == [
        "Grøn omstilling af bygninger, energi, vand og varme i hele byen",
        "Omstilling af bygninger og grøn energi",
    ]
    assert [hit["url"] for hit in client] == [hit["url"] for hit in cli]
    reversed_order = command_line_hits(content, tmp_path / "ix", "omstilling grøn")
    assert reversed_order[0]["title"] == "Omstilling af bygninger og grøn energi"


def test_the_manifest_lists_only_synonyms_the_index_holds():
    """Looking up a synonym no document holds would fetch a shard for nothing."""
    from generator.search.export import present_synonyms

    from .quality_site import site_folder

    assert present_synonyms({"startup": ["iværksæt", "nystart"], "wast": ["nothing"]}, {"iværksæt": {}}) == {"startup": ["iværksæt"]}
    search_folder = Path(site_folder()) / "search"
    manifest = json.loads(payload((search_folder / "manifest.js").read_bytes()))
    terms = {term for shard in (search_folder / "shards").glob("*.js") for term in json.loads(payload(shard.read_bytes()))}
    listed = {other for others in manifest["synonyms"].values() for other in others}
    assert listed and listed <= terms
    assert "startup" in manifest["synonyms"]  # a query word the content lacks still leads to its synonyms


PHRASE_IN_PART_TITLE = {
    **MINI,
    "org/klima/ressourcer/index.yaml": """
        type: track
        title: Ressourcer
        sections:
          - title: Grøn omstilling af affaldet
            text: Sortering, genbrug og reparation i alle boligområder, på skolerne og i kommunens egne bygninger.
        """,
    "org/klima/transport/index.yaml": """
        type: track
        title: Transport
        sections:
          - title: Omstilling til grøn transport
            text: Elbiler.
        """,
}


def test_a_phrase_in_a_part_title_ranks_its_page_first(tmp_path):
    """Both tracks hold both words in a section title; only one holds them as neighbours, in the
    query's order, and its longer text would otherwise rank it lower."""
    content = write_content(tmp_path, PHRASE_IN_PART_TITLE)
    build(content, tmp_path / "site")
    docs = documents(load_site(content))
    whoosh = open_index(tmp_path / "ix", docs)
    by_key = {doc.key: doc.url for doc in docs}
    vocabulary = vocabulary_of(tmp_path / "site")
    for query, first in (("grøn omstilling", "ressourcer"), ("omstilling grøn", "transport")):
        from_cli = [by_key[key] for key, _ in search(whoosh, query, vocabulary, limit=None)]
        from_client = [by_key[key] for key, _ in run_engine(tmp_path / "site", [{"q": query + " "}])[0]["results"]]
        assert from_cli[0].endswith(f"/{first}/") and from_client == from_cli


def test_a_typo_is_looked_for_among_every_word_with_the_same_first_letter():
    """The word a reader meant may lie in another word shard than the typo (here three shards
    begin with k); both engines read every shard that holds words beginning with its first letter."""
    from generator.search.query import Vocabulary

    shards = {"w1": {"jordbrug": 0, "kirke": 1}, "w2": {"klima": 0, "klimaplan": 0}, "w3": {"kommune": 1}, "w4": {"lokal": 0}}
    manifest = {"stop": [], "shards": [], "synonyms": {}, "words": [["", "w1"], ["kl", "w2"], ["ko", "w3"], ["l", "w4"]]}
    files = {"search/manifest.js": script("manifest", "manifest", json.dumps(manifest).encode())}
    files |= {f"search/words/{name}.js": script("words", name, json.dumps(body).encode()) for name, body in shards.items()}
    vocabulary = Vocabulary(files)
    assert vocabulary.words_near("kilma") == {"kirke": "kirk", "klima": "klima", "klimaplan": "klimaplan", "kommune": "kommun"}
    expected = [(t.term, t.weight) for t in expand("kilma kommnue ", vocabulary, open_last=False)]
    assert expected == [("klima", 0.7), ("kommun", 0.7)]
    program = """
const {createEngine} = require(process.argv[1]);
const files = JSON.parse(require("fs").readFileSync(0, "utf8"));
const file = (kind, name) => kind === "manifest" ? "search/manifest.js" : `search/${kind}/${name}.js`;
const engine = createEngine(async (kind, name) => JSON.parse(files[file(kind, name)]));
engine.expand("kilma kommnue ").then(terms => process.stdout.write(JSON.stringify(terms.map(t => [t.term, t.weight]))));
"""
    out = subprocess.run(
        ["node", "-e", program, str(ROOT / "assets" / "js" / "search.js")],
        capture_output=True,
        text=True,
        input=json.dumps({k: payload(v).decode() for k, v in files.items()}),
        timeout=60,
        check=True,
    ).stdout
    assert [tuple(pair) for pair in json.loads(out)] == expected


def test_a_build_that_fails_after_its_search_worker_started_ends_it(tmp_path, monkeypatch):
    """The worker starts before the pages are laid out and rendered, where a template mistake
    can still end the build: the worker must not go on indexing for nobody."""
    import shutil
    import time

    from generator.build.pipeline import ContentError
    from generator.search import job

    monkeypatch.setattr(job, "PARALLEL_FROM", 0)
    monkeypatch.setattr(job, "term_statistics", lambda docs: time.sleep(300))  # a worker that would run for minutes
    started: list[job.SearchJob] = []
    init = job.SearchJob.__init__

    def keep(self, site):
        init(self, site)
        started.append(self)

    monkeypatch.setattr(job.SearchJob, "__init__", keep)
    layouts = tmp_path / "layouts"
    shutil.copytree(ROOT / "layouts", layouts)
    (layouts / "initiative.html").write_text("{% if %}", encoding="utf-8")
    with pytest.raises(ContentError):
        build(write_content(tmp_path, WITH_NEIGHBOUR), tmp_path / "site", layouts=layouts)
    assert len(started) == 1
    process = started[0]._process
    process.join(timeout=10)
    assert not process.is_alive()
