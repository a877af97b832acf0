"""A real Whoosh index of the same documents: the definition of analysis and ranking, the engine
behind `build.py search`, and the oracle the fast path and the browser client are tested against."""

from __future__ import annotations

import json
from pathlib import Path

from whoosh import fields, index, scoring
from whoosh.query import Or, Term

from .analysis import analyze, whoosh_analyzer
from .documents import FIELD_BOOSTS, FIELDS, SearchDoc
from .export import K1, B


def whoosh_schema() -> fields.Schema:
    analyzer = whoosh_analyzer()
    text_fields = {name: fields.TEXT(analyzer=analyzer, field_boost=FIELD_BOOSTS[name], phrase=False) for name in FIELDS}
    return fields.Schema(key=fields.ID(stored=True, unique=True), record=fields.STORED, fingerprint=fields.STORED,
                         **text_fields)


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


def search(ix: index.Index, query: str, limit: int | None = 20) -> list[tuple[str, float]]:
    """(document key, score) for the query's terms in every field, best first."""
    terms = list(dict.fromkeys(analyze(query)))
    if not terms:
        return []
    whoosh_query = Or([Term(name, term) for term in terms for name in FIELDS])
    with ix.searcher(weighting=scoring.BM25F(B=B, K1=K1)) as searcher:
        hits = [(hit["key"], hit.score) for hit in searcher.search(whoosh_query, limit=None)]
    hits.sort(key=lambda hit: (-hit[1], hit[0]))  # ties in key order, as the browser client breaks them
    return hits[:limit] if limit else hits
