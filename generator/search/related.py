"""Related work across organisations: for each initiative, up to five similar initiatives from
other strategies, by cosine similarity of vectors made of its most telling terms (tf-idf from the
search index's term statistics) and its themes (its own, or else those of the track or strategy
above it), each theme weighted like a term by how few initiatives share it. The lists can be brought up to date after an edit, recomputing
only the lists the edit can change."""

from __future__ import annotations

import heapq
import math
from collections import Counter
from dataclasses import dataclass, field
from operator import mul

from ..model import Site, nearest_of
from ..taxonomy import inherited_keys
from .export import Index

TERMS_PER_DOC = 8  # an initiative is described by its most telling terms …
DOCS_PER_TERM = 12  # … and a term only links the initiatives it describes best
THEME_WEIGHT = 4.0  # a theme counts as a term occurring this often
MIN_SCORE = 0.1
LIMIT = 5


def related_initiatives(site: Site, index: Index) -> dict[str, list[str]]:
    """record id → ids of up to five similar initiatives in other strategies, best first."""
    return RelatedLists.compute(site, index).lists


@dataclass
class RelatedLists:
    count: int = 0
    strategy_of: dict[str, str | None] = field(default_factory=dict)  # initiative key → its strategy's id
    themes_of: dict[str, frozenset] = field(default_factory=dict)  # key → its own or inherited themes
    theme_weights: dict[str, float] = field(default_factory=dict)  # "#theme" → its weight in a vector
    vectors: dict[str, dict[str, float]] = field(default_factory=dict)  # key → its most telling terms
    norms: dict[str, float] = field(default_factory=dict)
    by_term: dict[str, dict[str, float]] = field(default_factory=dict)  # term → key → normalised weight
    best: dict[str, list[tuple[float, str, str | None]]] = field(default_factory=dict)  # term → its best initiatives, with their strategies
    lists: dict[str, list[str]] = field(default_factory=dict)  # record id → ids of similar initiatives
    idf: dict[str, float] = field(default_factory=dict)  # term → weight_of_term(N, df)
    record_of: dict[str, str] = field(default_factory=dict)
    docs: dict = field(default_factory=dict)
    key_of: dict[str, str] = field(default_factory=dict)  # record id → key
    floors: dict[str, tuple[int, float]] = field(default_factory=dict)  # key → (its telling terms, the least weight among them)

    @classmethod
    def compute(cls, site: Site, index: Index) -> RelatedLists:
        related = cls(index.count, *initiatives(site, index.docs))
        related.idf = {term: weight_of_term(index.count, df) for term, df in index.doc_frequency.items()}
        related.docs = index.docs
        related.record_of = {key: doc.record_id for key, doc in index.docs.items()}
        related.key_of = {record_id: key for key, record_id in related.record_of.items()}
        if len(related.strategy_of) < 2:
            return related
        theme_counts = Counter(theme for themes in related.themes_of.values() for theme in themes)
        related.theme_weights = {f"#{theme}": THEME_WEIGHT * weight_of_term(len(related.strategy_of), count)
                                 for theme, count in theme_counts.items()}
        for key in related.strategy_of:
            related.set_vector(key, related.vector(index, key))
        related.best = {term: related.best_of(entries) for term, entries in related.by_term.items()}
        for key in related.strategy_of:
            related.rank(key)
        return related

    def unmoved(self, site: Site, touched: set[str] | None) -> bool:
        """Whether every initiative keeps its strategy and themes (`touched`: the only records
        that can have changed, if known)."""
        def initiative(record) -> bool:
            return record is not None and record.type == "initiative"

        if touched is None or not all(initiative(site.records.get(record_id)) or record_id not in site.records
                                      for record_id in touched):
            # a track or strategy passes its themes down to initiatives without their own
            return (self.strategy_of, self.themes_of) == initiatives(site, self.docs)
        for record_id in touched:
            record = site.records.get(record_id)
            key = self.key_of.get(record_id)
            was_initiative = key in self.strategy_of
            if initiative(record) != was_initiative:
                return False
            if was_initiative:
                strategy = record.nearest("strategy")
                if ((strategy.id if strategy else None), themes_of_record(record)) != (self.strategy_of[key], self.themes_of[key]):
                    return False
        return True

    def update(self, site: Site, index: Index, edited: set[str], df_changed: set[str],
               records: set[str] | None = None) -> RelatedLists:
        """After an edit of the documents `edited` (keys) that changed the document frequency of the
        terms `df_changed`: the lists a full computation would give, recomputing only those that can
        change. `records`: the only records whose strategy or themes can have changed, if known."""
        if index.count != self.count or len(self.strategy_of) < 2 or not self.unmoved(site, records):
            return RelatedLists.compute(site, index)
        strategy_of = self.strategy_of
        self.docs = index.docs  # the same keys for the same records: otherwise search/live.py computes afresh
        touched = edited & strategy_of.keys()
        # idf moved for the df_changed terms. An initiative holding one gets a new vector only if
        # the term is among its telling terms or could now enter them (its weight reaches the least).
        for term in df_changed:
            df = index.doc_frequency.get(term)
            idf = weight_of_term(index.count, df) if df else 0.0
            if df:
                self.idf[term] = idf
            else:
                self.idf.pop(term, None)
            for postings in index.postings.get(term, {}).values():
                for slot, _ in postings:
                    key = index.key_of_slot[slot]
                    if key in strategy_of and key not in touched:
                        telling, least = self.floors[key]
                        if term in self.vectors[key] or telling < TERMS_PER_DOC or index.doc_terms[key][term] * idf >= least:
                            touched.add(key)
        moved_terms = set()
        for key in touched:
            new = self.vector(index, key)
            if new != self.vectors[key]:
                moved_terms.update(self.vectors[key], new)
                for term in self.vectors[key]:
                    del self.by_term[term][key]
                self.set_vector(key, new)
        changed_best = set()
        for term in moved_terms:
            entries = self.by_term.get(term)
            best = self.best_of(entries) if entries else None
            if best != self.best.get(term):
                changed_best.add(term)
                if best:
                    self.best[term] = best
                else:
                    self.best.pop(term, None)
            if not entries:
                self.by_term.pop(term, None)
        for key in touched.union(*(self.by_term.get(term, ()) for term in changed_best)):  # the vectors holding one
            self.rank(key)
        return self

    def vector(self, index: Index, key: str) -> dict[str, float]:
        weights = self.theme_weights
        return text_vector(index, key, self.idf) | {term: weight for theme in sorted(self.themes_of[key])
                                                    if (weight := weights[term := f"#{theme}"]) > 0}

    def best_of(self, entries: dict[str, float]) -> list[tuple[float, str, str | None]]:
        ranked = sorted([(weight, key) for key, weight in entries.items()], reverse=True)[:DOCS_PER_TERM]
        return [(weight, key, self.strategy_of[key]) for weight, key in ranked]

    def set_vector(self, key: str, vec: dict[str, float]) -> None:
        self.vectors[key] = vec
        telling = [weight for term, weight in vec.items() if not term.startswith("#")]
        self.floors[key] = (len(telling), min(telling, default=0.0))
        norm = self.norms[key] = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        for term, weight in vec.items():
            self.by_term.setdefault(term, {})[key] = weight / norm

    def rank(self, key: str) -> None:
        scores: dict[str, float] = {}
        score_of, best = scores.get, self.best
        own_strategy, norm = self.strategy_of[key], self.norms[key]
        for term, weight in self.vectors[key].items():
            weight /= norm
            for other_weight, other, strategy in best[term]:
                if strategy != own_strategy:
                    scores[other] = score_of(other, 0.0) + weight * other_weight
        ranked = heapq.nsmallest(LIMIT, ((-score, other) for other, score in scores.items() if score >= MIN_SCORE))
        if ranked:
            self.lists[self.record_of[key]] = [self.record_of[other] for _, other in ranked]
        else:
            self.lists.pop(self.record_of[key], None)


def initiatives(site: Site, docs: dict) -> tuple[dict[str, str | None], dict[str, frozenset]]:
    strategy_of, themes_of = {}, {}
    nearest_strategy = nearest_of(site, "strategy")
    for key, doc in docs.items():
        record = site.records[doc.record_id]
        if record.type == "initiative":
            strategy = nearest_strategy[record.id]
            strategy_of[key] = strategy.id if strategy else None
            themes_of[key] = themes_of_record(record)
    return strategy_of, themes_of


def themes_of_record(record) -> frozenset:
    return frozenset(inherited_keys(record, "themes"))


def weight_of_term(count: int, df: int) -> float:
    """ln(N / df); zero for a term in one document only, which can link nothing and would only
    crowd the telling terms."""
    return math.log(count / df) if df > 1 else 0.0


def text_vector(index: Index, key: str, idf: dict[str, float]) -> dict[str, float]:
    # map/zip/sorted keep the loop over a document's few hundred terms in C
    terms = index.doc_terms[key]
    weighted = sorted(zip(map(mul, terms.values(), map(idf.__getitem__, terms)), terms, strict=True), reverse=True)
    return {term: weight for weight, term in weighted[:TERMS_PER_DOC] if weight > 0}
