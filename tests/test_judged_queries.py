"""bench/judged_queries.yaml, the judged query set bench/search_quality.py scores the search with,
stays well-formed and in step with content/ (a renamed or removed record must be re-judged)."""

from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "bench" / "judged_queries.yaml"
KINDS = {"word", "phrase", "question", "typo", "name", "abbreviation", "english", "agenda", "goal", "measure", "variant"}


@pytest.fixture(scope="module")
def queries() -> list[dict]:
    return yaml.safe_load(QUERIES.read_text(encoding="utf-8"))["queries"]


def test_enough_queries_of_every_kind(queries):
    assert len(queries) >= 60
    kinds = Counter(entry["kind"] for entry in queries)
    assert set(kinds) <= KINDS, f"unknown kinds: {set(kinds) - KINDS}"
    assert all(kinds[kind] >= 3 for kind in KINDS), kinds


def test_entries_are_well_formed(queries):
    for entry in queries:
        assert set(entry) <= {"query", "kind", "relevant", "anchor"}, entry
        assert isinstance(entry["query"], str) and entry["query"].strip() == entry["query"] and entry["query"], entry
        assert isinstance(entry["relevant"], dict) and entry["relevant"], entry["query"]
        assert all(isinstance(grade, int) and 1 <= grade <= 3 for grade in entry["relevant"].values()), entry["query"]
        assert 3 in entry["relevant"].values(), f"{entry['query']!r} has no answer (grade 3)"
        assert isinstance(entry.get("anchor", ""), str)


def test_no_duplicate_queries(queries):
    seen = Counter(" ".join(entry["query"].casefold().split()) for entry in queries)
    assert not [query for query, n in seen.items() if n > 1]


def test_every_judged_record_exists(queries):
    from generator.build.pipeline import load_site

    records = set(load_site(ROOT / "content").records)
    missing = sorted({(entry["query"], rid) for entry in queries for rid in entry["relevant"] if rid not in records})
    assert not missing, f"judged records not in content/: {missing}"
