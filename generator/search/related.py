"""Related work across organisations: for each initiative, up to five similar initiatives from
other strategies, from the search index's term statistics (tf-idf over each initiative's most
telling terms) plus shared themes."""

from __future__ import annotations

import heapq
import math
from collections import defaultdict

from ..model import Site
from .export import Index

TERMS_PER_DOC = 8  # an initiative is described by its most telling terms …
DOCS_PER_TERM = 20  # … and a term only links the initiatives it describes best
THEME_BONUS = 0.15
MIN_SCORE = 0.1
LIMIT = 5


def related_initiatives(site: Site, index: Index) -> dict[str, list[str]]:
    """record id → ids of up to five similar initiatives in other strategies, best first."""
    initiative_keys = {key for key, doc in index.docs.items() if site.records[doc.record_id].type == "initiative"}
    if len(initiative_keys) < 2:
        return {}
    idf = {term: math.log(index.count / df) for term, df in index.doc_frequency.items()}
    vectors = {}
    for key in initiative_keys:
        weights = ((term, weight * idf[term]) for term, weight in index.doc_terms[key].items() if idf[term] > 0)
        vectors[key] = dict(heapq.nlargest(TERMS_PER_DOC, weights, key=lambda kv: (kv[1], kv[0])))
    norms = {key: math.sqrt(sum(w * w for w in vector.values())) or 1.0 for key, vector in vectors.items()}
    by_term: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for key, vector in vectors.items():
        for term, weight in vector.items():
            by_term[term].append((weight / norms[key], key))
    best_for_term = {term: heapq.nlargest(DOCS_PER_TERM, entries) for term, entries in by_term.items()}

    strategy_of = {key: site.records[index.docs[key].record_id].nearest("strategy") for key in initiative_keys}
    themes_of = {key: set(site.records[index.docs[key].record_id].data.get("themes") or ()) for key in initiative_keys}
    result: dict[str, list[str]] = {}
    for key, vector in vectors.items():
        scores: dict[str, float] = {}
        own_strategy, norm = strategy_of[key], norms[key]
        for term, weight in vector.items():
            weight /= norm
            for other_weight, other in best_for_term[term]:
                if strategy_of[other] is not own_strategy:
                    scores[other] = scores.get(other, 0.0) + weight * other_weight
        own_themes = themes_of[key]
        if own_themes:
            for other in scores:
                scores[other] += THEME_BONUS * len(own_themes & themes_of[other])
        ranked = heapq.nsmallest(LIMIT, ((-score, other) for other, score in scores.items() if score >= MIN_SCORE))
        if ranked:
            result[index.docs[key].record_id] = [index.docs[other].record_id for _, other in ranked]
    return result
