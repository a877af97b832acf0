"""Related work across organisations: for each initiative, up to five similar initiatives from
other strategies, by cosine similarity of vectors made of its most telling terms (tf-idf from the
search index's term statistics) and its themes (its own, or else those of the track or strategy
above it), each theme weighted like a term by how few initiatives share it. The lists can be brought up to date after an edit, recomputing
only the lists the edit can change."""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left, insort
from collections import Counter
from dataclasses import dataclass, field
from operator import mul

from generator.model.records import Record, Site, nearest_of
from generator.search.export import Index
from generator.site.taxonomy import inherited_keys

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
    best_weight: dict[str, dict[str, float]] = field(default_factory=dict)  # term → its best initiatives → their weights
    shown: dict[str, tuple[frozenset, float]] = field(default_factory=dict)  # key → (the keys its list shows, the least score shown)
    by_least: list[tuple[float, str]] = field(default_factory=list)  # (least telling weight, key) of full vectors, sorted
    short: set[str] = field(default_factory=set)  # the keys of vectors with fewer telling terms
    term_weights: set[float] = field(default_factory=set)  # every weight a term has in an initiative (index.doc_terms), and more

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
        related.theme_weights = {
            f"#{theme}": THEME_WEIGHT * weight_of_term(len(related.strategy_of), count) for theme, count in theme_counts.items()
        }
        for key in related.strategy_of:
            related.set_vector(key, related.vector(index, key))
            related.term_weights.update(index.doc_terms[key].values())
        related.by_least = sorted((least, key) for key, (telling, least) in related.floors.items() if telling == TERMS_PER_DOC)
        related.short = {key for key, (telling, _) in related.floors.items() if telling < TERMS_PER_DOC}
        for term, entries in related.by_term.items():
            related.set_best(term, related.best_of(entries))
        for key in related.strategy_of:
            related.rank(key)
        return related

    def unmoved(self, site: Site, touched: set[str] | None) -> bool:
        """Whether every initiative keeps its strategy and themes (`touched`: the only records
        that can have changed, if known)."""

        def initiative(record: Record | None) -> bool:
            return record is not None and record.type == "initiative"

        if touched is None or not all(initiative(site.records.get(record_id)) or record_id not in site.records for record_id in touched):
            # a track or strategy passes its themes down to initiatives without their own
            return (self.strategy_of, self.themes_of) == initiatives(site, self.docs)
        for record_id in touched:
            record = site.records.get(record_id)
            key = self.key_of.get(record_id)
            was_initiative = key in self.strategy_of
            if initiative(record) != was_initiative:
                return False
            if was_initiative:
                assert record is not None and key is not None  # an initiative before and now
                strategy = record.nearest("strategy")
                if ((strategy.id if strategy else None), themes_of_record(record)) != (self.strategy_of[key], self.themes_of[key]):
                    return False
        return True

    def update(self, site: Site, index: Index, edited: set[str], df_changed: set[str], records: set[str] | None = None) -> RelatedLists:
        """After an edit of the documents `edited` (keys) that changed the document frequency of the
        terms `df_changed`: the lists a full computation would give, recomputing only those that can
        change. `records`: the only records whose strategy or themes can have changed, if known."""
        if index.count != self.count or len(self.strategy_of) < 2 or not self.unmoved(site, records):
            return RelatedLists.compute(site, index)
        strategy_of = self.strategy_of
        self.docs = index.docs  # the same keys for the same records: otherwise search/live.py computes afresh
        touched = edited & strategy_of.keys()
        for key in touched:
            self.term_weights.update(index.doc_terms[key].values())
        weights = sorted(self.term_weights)
        # idf moved for the df_changed terms. An initiative holding one gets a new vector. One that
        # does not, only if the term's weight rose (idf up) to reach its least telling term's: as
        # that term's weight was at most the least, the least lies between the term's weight in it
        # before and after, which the least weights sorted find without going through the postings.
        for term in df_changed:
            df = index.doc_frequency.get(term)
            idf = weight_of_term(index.count, df) if df else 0.0
            idf_before = self.idf.pop(term, 0.0)
            if df:
                self.idf[term] = idf
            touched.update(self.by_term.get(term, ()))
            if idf <= idf_before:
                continue
            for weight in weights:
                at = bisect_left(self.by_least, (weight * idf_before,))
                while at < len(self.by_least) and self.by_least[at][0] <= weight * idf:
                    least, key = self.by_least[at]
                    held = index.doc_terms[key].get(term)
                    if held is not None and held * idf >= least:
                        touched.add(key)
                    at += 1
            touched.update(key for key in self.short if term in index.doc_terms[key])
        moved_terms: set[str] = set()
        for key in touched:
            new = self.vector(index, key)
            if new != self.vectors[key]:
                moved_terms.update(self.vectors[key], new)
                for term in self.vectors[key]:
                    del self.by_term[term][key]
                telling, least = self.floors[key]
                if telling == TERMS_PER_DOC:
                    del self.by_least[bisect_left(self.by_least, (least, key))]
                self.short.discard(key)
                self.set_vector(key, new)
                telling, least = self.floors[key]
                if telling == TERMS_PER_DOC:
                    insort(self.by_least, (least, key))
                else:
                    self.short.add(key)
        moved_best = []  # (the initiatives whose weight in a term's best list moved, the initiatives holding the term)
        for term in moved_terms:
            entries = self.by_term.get(term)
            before = self.best_weight.get(term, {})
            self.set_best(term, self.best_of(entries) if entries else [])
            after = self.best_weight.get(term, {})
            if before != after and entries:
                moved_best.append(({other for other in before.keys() | after.keys() if before.get(other) != after.get(other)}, entries))
            if not entries:
                self.by_term.pop(term, None)
        again = set(touched)
        best_in: dict[str, dict[str, float]] = {}
        for others, holders in moved_best:
            for other in others - best_in.keys():
                best_in[other] = {term: best[other] for term in self.vectors[other] if other in (best := self.best_weight.get(term, {}))}
            with_weights = {other: best_in[other] for other in others}
            again.update(key for key in holders if key not in again and self.may_move(key, with_weights))
        for key in again:
            self.rank(key)
        return self

    def may_move(self, key: str, others: dict[str, dict[str, float]]) -> bool:
        """Whether the list of an initiative whose vector stayed can change when only the `others`
        (each with its weights in the best lists it is in) moved in the best lists of its terms:
        one of them is in its list, or now scores at least the least score it shows (every other
        score is the same sum as before). Scores are summed in another order than rank()'s, hence
        the margin."""
        listed, least = self.shown.get(key, (frozenset(), MIN_SCORE))
        own_strategy, strategy_of, vector = self.strategy_of[key], self.strategy_of, self.vectors[key]
        least = (least - 1e-9) * self.norms[key]
        for other, best_in in others.items():
            if other in listed:
                return True
            if strategy_of[other] != own_strategy and sum(vector.get(term, 0.0) * weight for term, weight in best_in.items()) >= least:
                return True
        return False

    def vector(self, index: Index, key: str) -> dict[str, float]:
        weights = self.theme_weights
        return text_vector(index, key, self.idf) | {
            term: weight for theme in sorted(self.themes_of[key]) if (weight := weights[term := f"#{theme}"]) > 0
        }

    def best_of(self, entries: dict[str, float]) -> list[tuple[float, str, str | None]]:
        ranked = sorted([(weight, key) for key, weight in entries.items()], reverse=True)[:DOCS_PER_TERM]
        return [(weight, key, self.strategy_of[key]) for weight, key in ranked]

    def set_best(self, term: str, best: list[tuple[float, str, str | None]]) -> None:
        if best:
            self.best[term], self.best_weight[term] = best, {key: weight for weight, key, _ in best}
        else:
            self.best.pop(term, None)
            self.best_weight.pop(term, None)

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
        self.shown[key] = (frozenset(other for _, other in ranked), -ranked[-1][0] if len(ranked) == LIMIT else MIN_SCORE)
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


def themes_of_record(record: Record) -> frozenset:
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
