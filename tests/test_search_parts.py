"""Sub-results and snippets (issue 21): a result shows up to three parts of its page, each linking
to an anchor that exists on the page, and passages around the matching words with the words marked;
the command line and the browser client pick the same parts and the same passages."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build.pipeline import build, load_site
from generator.search.analysis import MAX_LENGTH, MIN_LENGTH, STOP_WORDS, fold, stem, words
from generator.search.documents import documents
from generator.search.export import build_index, export, with_compound_parts
from generator.search.parts import (
    ELLIPSIS,
    PART_TEXT_LENGTH,
    PREFIX_MATCH_FROM,
    SNIPPET_WORDS,
    WORD,
    best_parts,
    cut,
    highlights,
    part_score,
    shown,
    snippet,
    sub_results,
)
from generator.search.query import QueryTerm, expand
from generator.search.whoosh_index import open_index, search

from .conftest import MINI, ROOT, write_content
from .support import parse_html
from .test_search import run_engine, vocabulary_of


def terms_of(*query_words: str, weight: float = 1.0) -> list[QueryTerm]:
    return [QueryTerm(stem(fold(word)), weight, number) for number, word in enumerate(query_words)]


def parts_files(site_dir: Path) -> dict[str, list]:
    """Every exported page's parts, by document key (search/parts/*.js, scripts only, as the cards)."""
    found: dict[str, list] = {}
    for path in sorted((site_dir / "search" / "parts").glob("*")):
        script = path.read_text(encoding="utf-8")
        prefix = f'RetningSearchData("parts","{path.stem}",'
        assert path.suffix == ".js" and script.startswith(prefix) and script.endswith(");\n")
        found.update(json.loads(script[len(prefix) : -3]))
    return found


def cards_by_key(site_dir: Path) -> dict[str, dict]:
    cards = {}
    for path in (site_dir / "search" / "cards").glob("*.js"):
        text = path.read_text(encoding="utf-8")
        cards.update(json.loads(text[len(f'RetningSearchData("cards","{path.stem}",') : text.rindex(")")]))
    return cards


# ---- what is exported ----


def test_every_exported_part_links_to_an_anchor_on_its_page_in_every_language():
    from .quality_site import site_folder

    site_dir = site_folder()
    site = load_site(ROOT / "content")
    parts, cards = parts_files(site_dir), cards_by_key(site_dir)
    types = {record.url: record.type for record in site.records.values()}
    assert parts and set(parts) == {key for key, card in cards.items() if card.get("p") == 1}  # the card's flag
    kinds: Counter = Counter()
    for key, page_parts in parts.items():
        url = cards[key]["u"]
        assert "p" not in cards[key] or cards[key]["p"] == 1
        for language in ("", "en/"):
            ids = parse_html((site_dir / language / url / "index.html").read_text(encoding="utf-8")).ids
            missing = [anchor for anchor, _, _ in page_parts if anchor not in ids]
            assert missing == [], (language + url, missing)
        anchors = [anchor for anchor, _, _ in page_parts]
        assert len(anchors) == len(set(anchors)), url
        for anchor, title, text in page_parts:
            assert title or text
            assert len(text) <= PART_TEXT_LENGTH + 1 and text == " ".join(text.split())
            kinds[types[url], re.sub(r"\d+", "N", anchor) if anchor[-1].isdigit() else "id"] += 1
    # a strategy's goals, key figures, charts, sections and their items; a track's key figures and
    # sections; an initiative's measures (by position or their own id); a meeting's agenda items
    for kind in [
        ("strategy", "maal-N"),
        ("strategy", "tal-N"),
        ("strategy", "diagram-N"),
        ("strategy", "afsnit-N"),
        ("strategy", "afsnit-N-N"),
        ("track", "tal-N"),
        ("track", "afsnit-N"),
        ("initiative", "maalepunkt-N"),
        ("initiative", "id"),
        ("meeting", "punkt-N"),
        ("meeting", "punkt-N.N"),
    ]:
        assert kinds[kind] > 0, kind
    assert {kind for kind, _ in kinds} == {"strategy", "track", "initiative", "meeting"}  # offers have none


MEETING = {
    **MINI,
    "org/moeder/byraad.yaml": """
        type: meeting
        title: Byrådsmøde 3. maj
        committee: Byrådet
        date: 2024-05-03
        items:
          - number: "4"
            title: Ny skolestruktur
            summary: Forslag om at samle tre skoler i én.
            decision: Byrådet godkendte forslaget om skolestruktur.
            documents:
              - title: Høringssvar fra skolebestyrelserne
                summary: Bestyrelserne ønsker en længere overgang.
          - number: "5"
            title: Cykelstier langs Ringvejen
            recommendation: Forvaltningen anbefaler cykelstier i begge sider.
        """,
    "org/klima/energi/maaling.yaml": """
        type: initiative
        title: Målinger af energiforbruget
        measures:
          - text: Alle skoler har fjernaflæste målere
            target: 12
            unit: skoler
          - id: varmepumper
            text: Varmepumper i de kommunale haller
            target: 4
        """,
}


@pytest.fixture(scope="module")
def meeting_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("parts")
    content = write_content(root, MEETING)
    build(content, root / "site")
    return content, root / "site"


def test_a_meetings_agenda_items_an_initiatives_measures_and_a_strategys_goals_are_parts(meeting_site):
    content, site_dir = meeting_site
    parts, cards = parts_files(site_dir), cards_by_key(site_dir)
    by_url = {cards[key]["u"]: value for key, value in parts.items()}
    meeting = by_url["org/moeder/byraad/"]
    assert [anchor for anchor, _, _ in meeting] == ["punkt-4", "punkt-5"]
    assert meeting[0][1] == "4. Ny skolestruktur"
    for words_of_item in (
        "Forslag om at samle",
        "godkendte forslaget",
        "Høringssvar fra skolebestyrelserne",
        "længere overgang",
    ):  # its summary, decision and documents
        assert words_of_item in meeting[0][2]
    assert "anbefaler cykelstier" in meeting[1][2]
    assert [part[:2] for part in by_url["org/klima/energi/maaling/"]] == [
        ["maalepunkt-1", "Alle skoler har fjernaflæste målere"],
        ["varmepumper", "Varmepumper i de kommunale haller"],
    ]
    assert by_url["org/klima/"][0][:2] == ["maal-1", "85 % mindre CO2"]
    assert "org/" not in by_url  # an organisation's page has no parts
    for url, page_parts in by_url.items():
        ids = parse_html((site_dir / url / "index.html").read_text(encoding="utf-8")).ids
        assert {anchor for anchor, _, _ in page_parts} <= ids, url


def test_the_command_line_prints_the_parts_under_each_result(meeting_site, tmp_path):
    content, _ = meeting_site
    command = [
        sys.executable,
        str(ROOT / "build.py"),
        "search",
        "skolestruktur høringssvar",
        "--content",
        str(content),
        "--index",
        str(tmp_path / "ix"),
    ]
    text = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120, check=True).stdout
    lines = text.splitlines()
    assert "Byrådsmøde 3. maj" in lines[0]
    assert lines[1].split() == ["↳", "4.", "Ny", "skolestruktur", "(org/moeder/byraad/#punkt-4)"]
    hits = json.loads(subprocess.run(command + ["--json"], capture_output=True, text=True, cwd=ROOT, timeout=120, check=True).stdout)
    [part] = hits[0]["parts"]
    assert part["anchor"] == "punkt-4" and part["url"] == "org/moeder/byraad/#punkt-4"
    assert part["title"] == "4. Ny skolestruktur"
    marked = [part["snippet"]["text"][a:b] for a, b in part["snippet"]["highlights"]]
    assert marked == ["skolestruktur", "Høringssvar"]
    assert set(hits[0]["snippet"]) == {"text", "highlights"}


# ---- the rules ----


def test_the_best_parts_count_distinct_query_terms_title_twice_ties_in_page_order():
    terms = [QueryTerm(stem("ladestandere"), 1.0, 0), QueryTerm(stem("cykelstier"), 0.9, 1)]
    parts = [
        ["a", "Ladestandere i byen", ""],  # title: 2 × 1.0
        ["b", "Om cykler", "Flere ladestandere, ladestandere og cykelstier"],  # text: 1.0 + 0.9, repeats once
        ["c", "Intet her", "Kun andre ord"],  # no match: never shown
        ["d", "Cykelstier", "Ladestandere ved skolerne"],  # 2 × 0.9 + 1.0
        ["e", "Ladestandere i byen", ""],
    ]  # as a: after it
    assert [part_score(part, terms) for part in parts] == [2.0, 1.9, 0.0, 2.8, 2.0]
    assert best_parts(parts, terms) == [3, 0, 4]
    assert best_parts(parts, terms, limit=5) == [3, 0, 4, 1]
    assert best_parts(parts, terms[:0]) == []
    # a compound begins with a term of four letters or more: "energi" finds "Energirådgivning"
    assert best_parts([["x", "Energirådgivning", ""], ["y", "Plan", "planlægning"]], terms_of("energi", "plan")) == [0, 1]
    assert PREFIX_MATCH_FROM == 4 and best_parts([["x", "Planlægning", ""]], terms_of("pl")) == []


def test_a_snippet_is_the_passage_around_the_matching_words_with_them_marked():
    text = " ".join(f"ord{n}" for n in range(60)) + " solceller på taget " + " ".join(f"fyld{n}" for n in range(60))
    start, end, marked = snippet(text, terms_of("solceller"))
    window = text[start:end]
    assert len(WORD.findall(window)) == SNIPPET_WORDS
    assert [window[a:b] for a, b in marked] == ["solceller"]
    assert 10 <= len(WORD.findall(window[: marked[0][0]])) <= 13  # in the middle
    view = shown(text, terms_of("solceller"))
    assert view["text"].startswith(ELLIPSIS + " ") and view["text"].endswith(" " + ELLIPSIS)
    assert [view["text"][a:b] for a, b in view["highlights"]] == ["solceller"]
    # the window holding the most distinct terms wins over the first match
    text = "Energi nævnes her. " + "fyld " * 40 + "Energi og varme hænger sammen. " + "fyld " * 40
    start, end, marked = snippet(text, terms_of("energi", "varme"))
    assert [text[start:end][a:b] for a, b in marked] == ["Energi", "varme"]
    # no match: the beginning; a short text: all of it; stop words and one letter never marked
    start, end, marked = snippet(text, terms_of("solceller"))
    assert (start, marked) == (0, []) and len(WORD.findall(text[start:end])) == SNIPPET_WORDS
    assert shown("Og så til energi.", terms_of("og", "energi")) == {"text": "Og så til energi.", "highlights": [[10, 16]]}
    assert highlights("Energirådgivning, energi og Energiens pris", terms_of("energi")) == [[0, 16], [18, 24], [28, 37]]


def test_text_is_cut_at_a_word_boundary():
    assert cut("  kort\n tekst ", 20) == "kort tekst"
    long = "solceller " * 40
    assert cut(long, 35) == "solceller solceller solceller" + ELLIPSIS
    assert cut("a" * 50, 20) == "a" * 20 + ELLIPSIS


QUERY_WORDS = ["energi", "solceller", "skole", "og", "varme", "plan", "ø", "klimaplan", "cykel", "byen", "ladestandere"]
TEXT_PIECES = QUERY_WORDS + [
    "Energirådgivning",
    "SOLCELLER",
    "skolerne",
    "planer",
    "på",
    "i",
    "af",
    "varmepumpe",
    "Æble",
    "x",
    "2030",
    "CO2",
    "—",
    "«Byen»",
    "...",
    "kWh",
    "ﬂere",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "naïve",
]


@st.composite
def text_and_terms(draw):
    pieces = draw(st.lists(st.one_of(st.sampled_from(TEXT_PIECES), st.text(max_size=12)), max_size=120))
    separators = draw(st.lists(st.sampled_from([" ", "  ", "\n", ", ", ". ", "-", ""]), min_size=len(pieces), max_size=len(pieces)))
    text = "".join(piece + separator for piece, separator in zip(pieces, separators, strict=True))
    query = draw(st.lists(st.one_of(st.sampled_from(QUERY_WORDS), st.text(min_size=1, max_size=8)), max_size=5))
    weights = draw(st.lists(st.sampled_from([1.0, 0.9, 0.8, 0.7]), min_size=len(query), max_size=len(query)))
    terms = [QueryTerm(stem(fold(word)), weight, n) for n, (word, weight) in enumerate(zip(query, weights, strict=True))]
    return text, terms, draw(st.integers(min_value=1, max_value=30))


def matching(word: str, terms: list[QueryTerm]) -> bool:
    folded = fold(word)
    if not MIN_LENGTH <= len(folded) <= MAX_LENGTH or folded in STOP_WORDS:
        return False
    return any(t.term == stem(folded) or len(t.term) >= PREFIX_MATCH_FROM and folded.startswith(t.term) for t in terms)


@settings(max_examples=400, deadline=None)
@given(text_and_terms())
def test_a_snippet_is_a_window_of_the_text_and_marks_exactly_its_matching_words(case):
    text, terms, size = case
    start, end, marked = snippet(text, terms, size)
    assert 0 <= start <= end <= len(text)
    window = text[start:end]
    spans = [(m.start(), m.end()) for m in WORD.finditer(window)]
    assert len(spans) <= size
    assert len(spans) == min(size, len(WORD.findall(text)))  # whole words only: none cut at the window's edges
    assert start == 0 or spans[0][0] == 0
    assert end == len(text) or spans[-1][1] == len(window)
    for a, b in marked:
        assert (a, b) in spans  # within the window, a whole word
        assert matching(window[a:b], terms)
    assert [list(span) for span in spans if matching(window[span[0] : span[1]], terms)] == marked  # every one
    if any(matching(word, terms) for word in WORD.findall(text)):
        assert marked  # a text that matches shows a match
    view = shown(text, terms, size)
    before = ELLIPSIS + " " if start else ""
    assert view["text"] == before + window + (" " + ELLIPSIS if end < len(text) else "")
    assert [view["text"][a:b] for a, b in view["highlights"]] == [window[a:b] for a, b in marked]


# ---- the command line and the client agree ----


def part_queries(site, count: int = 50) -> list[str]:
    """Words of the pages' parts at every frequency, some pairs, and agenda items' subjects."""
    docs = documents(site)
    frequency = Counter(
        word
        for doc in docs
        for _, title, text in doc.card.get("p", [])
        for word in words(title + " " + text)
        if len(word) >= 4 and word.isalpha()
    )
    ranked = [word for word, _ in frequency.most_common()]
    singles = ranked[:: max(1, len(ranked) // 30)][:30]
    pairs = [f"{a} {b}" for a, b in zip(singles[:20:2], singles[1:20:2], strict=True)]
    return (
        [
            "Realdania forstæder",
            "socialtilsyn",
            "vidensby organisering",
            "kommissorium civilsamfundet",
            "energi",
            "ladestandere",
            "klimaplan",
            "erhvervsuddannelse",
            "fjernvarme",
            "co2",
        ]
        + singles
        + pairs
    )


def test_the_client_picks_the_same_parts_and_snippets_as_the_command_line():
    from .quality_site import site_folder

    site_dir = Path(site_folder())
    site = load_site(ROOT / "content")
    docs = documents(site)
    with_compound_parts(docs)
    by_key = {doc.key: doc for doc in docs}
    whoosh = open_index(site_dir.parent / "whoosh-parts", docs)
    vocabulary = vocabulary_of(site_dir)
    queries = part_queries(site)
    assert len(queries) >= 50
    client = run_engine(site_dir, [{"q": query + " "} for query in queries])
    parts_shown = marks = 0
    for query, from_client in zip(queries, client, strict=True):
        hits = search(whoosh, query, vocabulary, limit=10)
        terms = expand(query, vocabulary, open_last=False)
        expected = [{"key": key, **sub_results(by_key[key].card, by_key[key].url, terms)} for key, _ in hits]
        assert from_client["shown"] == expected, query
        parts_shown += sum(len(hit["parts"]) for hit in expected)
        marks += sum(bool(hit["snippet"]["highlights"]) for hit in expected)
    assert parts_shown >= 100 and marks >= 120  # the comparison is not an empty one


def test_the_command_line_and_the_client_print_the_same_json(tmp_path):
    from .quality_site import site_folder

    for query in ("vidensby organisering", "kommissorium civilsamfundet"):
        cli = json.loads(
            subprocess.run(
                [sys.executable, str(ROOT / "build.py"), "search", query, "--json", "--index", str(tmp_path / "ix")],
                capture_output=True,
                text=True,
                cwd=ROOT,
                timeout=120,
                check=True,
            ).stdout
        )
        client = json.loads(
            subprocess.run(
                ["node", str(ROOT / "tests" / "js" / "query.mjs"), str(site_folder()), query],
                capture_output=True,
                text=True,
                timeout=120,
                check=True,
            ).stdout
        )
        assert any(hit["parts"] for hit in cli)
        for ours, theirs in zip(client, cli, strict=True):
            assert ours.pop("score") == pytest.approx(theirs.pop("score"), rel=1e-9)
            assert ours == theirs


SNIPPET_JS = """
const {matcher, shown, bestParts} = require(process.argv[1]);
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", chunk => { input += chunk; });
process.stdin.on("end", () => {
  const {stop, cases} = JSON.parse(input);
  const stopSet = new Set(stop);
  const points = (text, at) => Array.from(text.slice(0, at)).length;
  process.stdout.write(JSON.stringify(cases.map(({text, terms, parts}) => {
    const match = matcher(terms, stopSet);
    const view = shown(text, terms, match);
    return {text: view.text, highlights: view.highlights.map(([a, b]) => [points(view.text, a), points(view.text, b)]),
            parts: bestParts(parts, terms, match)};
  })));
});
"""


def test_snippets_and_best_parts_are_the_same_in_javascript_for_random_text():
    import random

    rng = random.Random(21)
    vocabulary = TEXT_PIECES + ["Cykelstier", "cykelsti", "Skolestruktur", "fjernvarme", "Energi-", "æøå", "ÆØÅ", "ß"]
    cases = []
    for _ in range(300):
        text = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 80)))
        query = [rng.choice(QUERY_WORDS + ["cykelsti", "skolestruktur", "æøå"]) for _ in range(rng.randint(1, 4))]
        terms = [{"term": stem(fold(word)), "weight": rng.choice([1.0, 0.9, 0.8, 0.7]), "word": n} for n, word in enumerate(query)]
        terms += [
            {"term": stem(fold(first) + "_" + fold(second)), "weight": 1.0, "word": -1}  # phrase terms
            for first, second in zip(query, query[1:], strict=False)
            if rng.random() < 0.7
        ]
        parts = [
            [
                f"a{n}",
                " ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 5))),
                " ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 30))),
            ]
            for n in range(rng.randint(0, 6))
        ]
        cases.append({"text": text, "terms": terms, "parts": parts})
    phrase = [
        {"term": "klima", "weight": 1.0, "word": 0},
        {"term": "handleplan", "weight": 1.0, "word": 1},
        {"term": stem("klima_handleplan"), "weight": 1.0, "word": -1},
    ]
    cases.append({"text": "", "terms": phrase, "parts": [["a", "Handleplan for klima", ""], ["b", "Klima handleplan og tiltag", ""]]})
    assert best_parts(cases[-1]["parts"], [QueryTerm(**t) for t in phrase]) == [1, 0]  # the phrase, in its order
    result = subprocess.run(
        ["node", "-e", SNIPPET_JS, str(ROOT / "assets" / "js" / "search.js")],
        input=json.dumps({"stop": sorted(STOP_WORDS), "cases": cases}),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    for case, theirs in zip(cases, json.loads(result.stdout), strict=True):
        terms = [QueryTerm(t["term"], t["weight"], t["word"]) for t in case["terms"]]
        view = shown(case["text"], terms)
        assert theirs == {"text": view["text"], "highlights": view["highlights"], "parts": best_parts(case["parts"], terms)}


# ---- the live preview ----


def test_a_live_edit_of_a_measures_anchor_alone_moves_its_part(tmp_path):
    """An anchor is not searchable text: the part must follow it all the same."""
    from generator.search.live import LiveSearch
    from generator.search.synonyms import synonym_terms

    content = write_content(tmp_path, MEETING)
    live = LiveSearch()
    live.update(load_site(content))
    target = content / "org/klima/energi/maaling.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("id: varmepumper", "id: pumper"), encoding="utf-8")
    site = load_site(content)
    _, files = live.update(site, {"org/klima/energi/maaling"})
    assert files == export(build_index(documents(site)), synonyms=synonym_terms(site.vocabularies))
    assert any(b'"pumper"' in body for path, body in files.items() if path.startswith("search/parts/"))
