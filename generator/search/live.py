"""The search index kept between builds of the live preview. An edit re-analyses only the records
it changed (and the records whose compound parts it changed), updates their postings, recomputes
the related lists it can change and re-encodes only the shards it touched. Adding or removing a
record changes every idf and may move document keys, so it recomputes everything. The results
equal a computation from scratch (tests/test_incremental.py)."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, insort
from collections import Counter

from generator.model.deadlines import today
from generator.model.records import Site
from generator.search.compounds import Splitter, can_be_part
from generator.search.documents import FIELD_BOOSTS, FIELDS, PAIR, SearchDoc, documents, search_doc
from generator.search.export import (
    ExportCache,
    Index,
    StemCache,
    analysed_fields,
    build_index,
    export,
    slot_of,
    term_counts,
    whoosh_length,
    word_counts,
)
from generator.search.related import RelatedLists
from generator.search.synonyms import synonym_terms

WORD_FIELDS = [name for name in FIELDS if name != "parts"]


class LiveSearch:
    def __init__(self) -> None:
        self.vocabularies: dict | None = None
        self.doc_cache: dict = {}
        self.docs: dict[str, SearchDoc] = {}  # key → document
        self.index: Index | None = None
        self.words: dict[str, dict[str, Counter]] = {}  # key → field → word counts
        self.word_docs: dict[str, set[str]] = {}  # word → keys of the documents using it
        self.parts_of: dict[str, list[str]] = {}
        self.sorted_words: list[str] = []  # the corpus words, sorted
        self.sorted_backwards: list[str] = []  # the corpus words spelt backwards, sorted (to find endings)
        self.terms: dict[str, dict[str, dict[str, int]]] = {}  # key → field → term counts
        self.related: RelatedLists | None = None
        self.export_cache = ExportCache()
        self.term_of = StemCache().__getitem__
        self.files: dict[str, bytes] = {}
        self.key_of: dict[str, str] = {}  # record id → document key
        self.day: dt.date | None = None  # the reference date the cards' deadline states were held against

    def update(self, site: Site, touched: set[str] | None = None) -> tuple[dict[str, list[str]], dict[str, bytes]]:
        """(related lists by record id, site/search/ files) for the site as it is now. `touched`:
        the ids of the records read again, added or removed since the last update, if known."""
        if site.vocabularies != self.vocabularies:
            LiveSearch.__init__(self)
            self.vocabularies = site.vocabularies
        day = today()
        if day != self.day:  # initiatives' cards carry their deadline state, which the date moves
            self.day, touched = day, None
        known = self.index is not None and touched is not None and touched <= self.key_of.keys() <= site.records.keys()
        if known and len(self.key_of) == len(site.records):
            assert touched is not None and self.related is not None  # known: there is an index, so its lists
            self.update_touched(site, touched)
            return self.related.lists, self.files
        docs = {doc.key: doc for doc in documents(site, self.doc_cache)}
        self.key_of = {doc.record_id: key for key, doc in docs.items()}
        if self.index is None or docs.keys() != self.docs.keys() or any(docs[k].record_id != d.record_id for k, d in self.docs.items()):
            self.rebuild(site, docs)
        else:
            edited = {key for key, doc in docs.items() if doc is not self.docs[key]}
            assert self.related is not None  # made with the index
            if not edited and self.related.unmoved(site, None):
                return self.related.lists, self.files
            self.docs = self.index.docs = docs
            self.apply(site, edited, None)
        assert self.index is not None and self.related is not None  # rebuild() made them if there were none
        self.files = export(self.index, self.export_cache, synonym_terms(site.vocabularies))
        return self.related.lists, self.files

    def update_touched(self, site: Site, touched: set[str]) -> None:
        """The same set of records, some of them edited: only their documents (and those of the
        records below an edited organisation or strategy, whose names the documents show) are
        made again."""
        assert self.index is not None and self.related is not None  # update() found them
        again, todo = set(), [(record_id, False) for record_id in touched]
        while todo:
            record_id, below = todo.pop()
            record = site.records[record_id]
            if record_id not in again:
                again.add(record_id)
                if below or record.type in ("organisation", "strategy"):
                    todo.extend((child.id, True) for child in record.children)
        docs, edited = dict(self.docs), set()
        for record_id in again:
            key = self.key_of[record_id]
            doc = search_doc(site, site.records[record_id], key)
            if not same_document(doc, docs[key]):
                docs[key] = doc
                edited.add(key)
            self.doc_cache.pop(record_id, None)  # its inputs are not worked out here
        if not edited and self.related.unmoved(site, touched):
            return
        self.docs = self.index.docs = docs
        self.apply(site, edited, touched)
        self.files = export(self.index, self.export_cache, synonym_terms(site.vocabularies))

    def rebuild(self, site: Site, docs: dict[str, SearchDoc]) -> None:
        self.docs = docs
        analysed = analysed_fields(list(docs.values()))
        self.index = build_index(list(docs.values()), analysed)
        self.words = {key: {name: analysed[key][name] for name in WORD_FIELDS} for key in docs}
        self.word_docs = {}
        for key, by_field in self.words.items():
            for word in set().union(*by_field.values()):
                self.word_docs.setdefault(word, set()).add(key)
        self.parts_of = parts_of(self.word_docs)
        self.sorted_words = sorted(self.word_docs)
        self.sorted_backwards = sorted(word[::-1] for word in self.word_docs)
        self.terms = self.index.field_terms
        self.related = RelatedLists.compute(site, self.index)
        self.export_cache = ExportCache()

    def apply(self, site: Site, edited: set[str], touched: set[str] | None) -> None:
        assert self.index is not None and self.related is not None  # only an index kept is updated
        moved = set()  # words that came into the corpus or left it
        for key in edited:
            old_words = set().union(*self.words[key].values())
            self.words[key] = {name: word_counts(self.docs[key].fields[name]) for name in WORD_FIELDS}
            new_words = set().union(*self.words[key].values())
            for word in old_words - new_words:
                self.word_docs[word].discard(key)
                if not self.word_docs[word]:
                    del self.word_docs[word]
                    moved.add(word)
            for word in new_words - old_words:
                if word not in self.word_docs:
                    moved.add(word)
                self.word_docs.setdefault(word, set()).add(key)
        for word in moved:
            if word in self.word_docs and PAIR not in word:
                self.index.words.add(word)
            else:
                self.index.words.discard(word)
        affected = set(edited)
        for word in self.split_again(moved):  # a new or vanished word can split other documents' compounds differently
            affected.update(self.word_docs[word])
        index, compounds = self.index, self.parts_of.keys()
        stale_terms, df_changed = set(), set()
        for key in affected:
            doc_words = set().union(*self.words[key].values())
            parts = [part for w in sorted(doc_words & compounds) for part in self.parts_of[w] if part not in doc_words]
            self.docs[key].fields["parts"] = " ".join(parts)
            new_terms = {name: term_counts(self.words[key][name], self.term_of) for name in WORD_FIELDS}
            new_terms["parts"] = term_counts(Counter(parts), self.term_of)
            new_terms = {name: new_terms[name] for name in FIELDS}
            stale_terms |= self.replace_postings(key, self.terms[key], new_terms)
            old_set = index.doc_terms[key].keys()
            weighted: dict[str, float] = dict(new_terms["body"])
            for name in FIELDS:
                if name != "body":
                    boost = FIELD_BOOSTS[name]
                    for term, tf in new_terms[name].items():
                        weighted[term] = weighted.get(term, 0) + tf * boost
            for term in old_set - weighted.keys():
                df_changed.add(term)
                index.doc_frequency[term] -= 1
                if not index.doc_frequency[term]:
                    del index.doc_frequency[term]
            for term in weighted.keys() - old_set:
                df_changed.add(term)
                index.doc_frequency[term] = index.doc_frequency.get(term, 0) + 1
            index.doc_terms[key] = weighted
            self.terms[key] = new_terms
        self.related = self.related.update(site, index, affected, df_changed, touched)
        self.export_cache.stale_terms = stale_terms
        self.export_cache.stale_keys = set(edited)
        self.export_cache.stale_rows = affected

    def split_again(self, moved: set[str]) -> set[str]:
        """After the words `moved` came into the corpus or left it: the words whose compound parts
        changed (self.parts_of made new for them). A word's parts are corpus words it begins or
        ends with (compounds.py), so only the moved words themselves and the words beginning or
        ending with one are split again, found in the sorted word lists, not all of them."""
        again: set[str] = set()
        for word in moved:
            present = word in self.word_docs
            for words, backwards in ((self.sorted_words, False), (self.sorted_backwards, True)):
                form = word[::-1] if backwards else word
                at = bisect_left(words, form)
                listed = at < len(words) and words[at] == form
                if present and not listed:
                    words.insert(at, form)
                elif listed and not present:
                    del words[at]
                if can_be_part(word):
                    found = starting_with(words, form)
                    again.update(other[::-1] for other in found) if backwards else again.update(found)
            if present:
                again.add(word)
            else:
                self.parts_of.pop(word, None)
        splitter, changed = Splitter(self.word_docs), set()
        for word in again & self.word_docs.keys():
            found = splitter.parts(word)
            if found != self.parts_of.get(word, []):
                changed.add(word)
                if found:
                    self.parts_of[word] = found
                else:
                    del self.parts_of[word]
        return changed

    def replace_postings(self, key: str, old: dict, new: dict) -> set[str]:
        """Swap one document's postings, lengths and totals; the terms whose postings changed."""
        index, slot, changed = self.index, slot_of(key), set()
        assert index is not None  # called by apply()
        lengths = []
        for name in FIELDS:
            before, after = old.get(name, {}), new[name]
            total = sum(after.values())
            index.totals[name] += total - sum(before.values())
            lengths.append(whoosh_length(total))
            for term in before.keys() | after.keys():
                if before.get(term) == after.get(term):
                    continue
                changed.add(term)
                by_field = index.postings.setdefault(term, {})
                postings = by_field.setdefault(name, [])
                if term in before:
                    del postings[bisect_left(postings, (slot,))]
                if term in after:
                    insort(postings, (slot, after[term]))
                if not postings:
                    del by_field[name]
                if not by_field:
                    del index.postings[term]
        index.doc_lengths[key] = lengths  # lengths live in docs.js, which is written whole
        return changed


def same_document(new: SearchDoc, old: SearchDoc) -> bool:
    """Equal but for the compound parts, which the analysis adds later."""
    return (new.fields | {"parts": ""}) == (old.fields | {"parts": ""}) and new.facets == old.facets and new.card == old.card


def starting_with(words: list[str], start: str) -> list[str]:
    """The words of a sorted list that begin with `start`."""
    found, at = [], bisect_left(words, start)
    while at < len(words) and words[at].startswith(start):
        found.append(words[at])
        at += 1
    return found


def parts_of(word_docs: dict[str, set[str]]) -> dict[str, list[str]]:
    splitter = Splitter(word_docs)
    return {word: found for word in word_docs if (found := splitter.parts(word))}
