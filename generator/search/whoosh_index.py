"""A real Whoosh index of the same documents: the definition of analysis and ranking, the engine
behind `build.py search`, and the oracle the fast path and the browser client are tested against."""

from __future__ import annotations

import json
from pathlib import Path

from whoosh import fields, index, scoring
from whoosh.query import Or, Term

from generator.search.analysis import analyze, whoosh_analyzer
from generator.search.documents import FIELD_BOOSTS, FIELDS, SearchDoc
from generator.search.export import K1, B
from generator.search.query import EXACT, QueryTerm, Vocabulary, expand, ranked


def whoosh_schema() -> fields.Schema:
    analyzer = whoosh_analyzer()
    text_fields = {name: fields.TEXT(analyzer=analyzer, field_boost=FIELD_BOOSTS[name], phrase=False) for name in FIELDS}
    return fields.Schema(key=fields.ID(stored=True, unique=True), record=fields.STORED, fingerprint=fields.STORED, **text_fields)


def fingerprint(doc: SearchDoc) -> str:
    return json.dumps(doc.fields, sort_keys=True, ensure_ascii=False)


def open_index(folder: Path, docs: list[SearchDoc]) -> index.Index:
    """Open (or create) the index in `folder` and bring it up to date with `docs`: only changed,
    added and removed documents are written. An index of another schema is made anew by Whoosh,
    which deletes only its own files (the folder may hold others: it is the user's to name)."""
    folder.mkdir(parents=True, exist_ok=True)
    ix = index.open_dir(str(folder)) if index.exists_in(str(folder)) else None
    if ix is None or ix.schema.names() != whoosh_schema().names():
        ix = index.create_in(str(folder), whoosh_schema())
    wanted = {doc.key: doc for doc in docs}
    with ix.searcher() as searcher:
        stored = {hit["key"]: hit["fingerprint"] for hit in searcher.documents()}
    changed = [doc for key, doc in wanted.items() if stored.get(key) != fingerprint(doc)]
    removed = [key for key in stored if key not in wanted]
    if changed or removed:
        writer = ix.writer()
        for key in removed:
            writer.delete_by_term("key", key)
        for doc in changed:
            writer.update_document(key=doc.key, record=doc.record_id, fingerprint=fingerprint(doc), **doc.fields)
        writer.commit(optimize=bool(removed or stored))
    return ix


def search(
    ix: index.Index, query: str, vocabulary: Vocabulary | None = None, limit: int | None = 20, open_last: bool = False
) -> list[tuple[str, float]]:
    """(document key, score) best first, as the browser client ranks them (query.py): the query's
    terms (with `vocabulary`, the exported corpus terms: also variants, synonyms, typos and, with
    `open_last`, completions of the last word), each scored by Whoosh's BM25F in every field and
    weighted, ranked by coverage of the query's words, then score, then key."""
    if vocabulary is not None:
        terms = expand(query, vocabulary, open_last)
    else:
        terms = [QueryTerm(term, EXACT, number) for number, term in enumerate(dict.fromkeys(analyze(query)))]
    scores: dict[str, float] = {}
    matched: dict[str, dict[int, float]] = {}
    with ix.searcher(weighting=scoring.BM25F(B=B, K1=K1)) as searcher:
        for query_term in terms:
            for hit in searcher.search(Or([Term(name, query_term.term) for name in FIELDS]), limit=None):
                key = hit["key"]
                scores[key] = scores.get(key, 0.0) + hit.score * query_term.weight
                words = matched.setdefault(key, {})
                words[query_term.word] = max(words.get(query_term.word, 0.0), query_term.weight)
    hits = ranked(scores, matched)
    return hits[:limit] if limit else hits
