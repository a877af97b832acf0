"""The fast path: analyse documents once, score with Whoosh's BM25F formula, and export static
shards for the browser.

Layout of site/search/ (each JSON file also exists as a .js file that a classic <script> can load
from file://):
  manifest.json      totals, parameters, stop words, the shard count and a content hash per file
  shards/<n>.json    the terms whose two-letter prefix hashes to bucket n:
                     {term: {field: "doc doc:tf …"}}  (":tf" only when the term occurs more than once)
  docs.json          per document: its facet values (for filter counts) and its field lengths
  cards/<doc>.js     one document's result card, only as a script (its JSON payload is read
                     from the same file over http), fetched only for the results shown
The shard count grows with the corpus (at most 96), and all terms sharing a prefix sit in one
shard (prefix matching and typos need one fetch).
Field lengths are stored as Whoosh stores them (quantised to one byte), so scores match exactly.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import defaultdict
from dataclasses import dataclass, field

from whoosh.util.numeric import byte_to_length, length_to_byte

from .analysis import STOP_WORDS, stem, words
from .compounds import Splitter
from .documents import FACETS, FIELD_BOOSTS, FIELDS, SearchDoc

B, K1 = 0.75, 1.2
PREFIX = 2
MAX_BUCKETS = 96
SHARD_TARGET_BYTES = 48_000  # uncompressed postings per shard
POSTING_BYTES = 6  # a posting encodes as about "k3x9 " or "k3x9:2 "
JS_CALLBACK = "RetningSearchData"


def whoosh_length(length: int) -> int:
    return byte_to_length(length_to_byte(length))


@dataclass
class Index:
    docs: dict[str, SearchDoc]
    postings: dict[str, dict[str, list[list]]] = field(default_factory=dict)  # term → field → [doc, tf, length]
    totals: dict[str, int] = field(default_factory=dict)
    doc_terms: dict[str, dict[str, float]] = field(default_factory=dict)  # doc → term → Σ tf × field boost
    doc_frequency: dict[str, int] = field(default_factory=dict)  # term → documents containing it in any field
    doc_lengths: dict[str, list[int]] = field(default_factory=dict)  # doc → quantised length per field

    @property
    def count(self) -> int:
        return len(self.docs)

    def idf(self, field_name: str, term: str) -> float:
        df = len(self.postings.get(term, {}).get(field_name, ()))
        return math.log(self.count / (df + 1)) + 1

    def scores(self, terms: list[str]) -> dict[str, float]:
        """BM25F exactly as Whoosh computes it for Or([Term(field, t) for every field and term])."""
        result: dict[str, float] = defaultdict(float)
        for term in terms:
            for field_name, postings in self.postings.get(term, {}).items():
                idf = self.idf(field_name, term)
                avgfl = self.totals[field_name] / self.count or 1
                for key, tf, length in postings:
                    weight = tf * FIELD_BOOSTS[field_name]
                    result[key] += idf * ((weight * (K1 + 1)) / (weight + K1 * ((1 - B) + B * length / avgfl)))
        return dict(result)


def analysed_fields(docs: list[SearchDoc]) -> dict[str, dict[str, list[str]]]:
    """doc key → field → words (folded, stop words removed, not stemmed), with compound parts filled in.
    Also sets each document's `parts` field, so Whoosh indexes the same text."""
    analysed = {doc.key: {name: words(doc.fields[name]) for name in FIELDS if name != "parts"} for doc in docs}
    splitter = Splitter({w for by_field in analysed.values() for ws in by_field.values() for w in ws})
    parts_of: dict[str, list[str]] = {}
    for doc in docs:
        doc_words = {w for ws in analysed[doc.key].values() for w in ws}
        # a part the document also has as a whole word would add nothing but a weaker duplicate
        parts = [part for w in sorted(doc_words)
                 for part in (parts_of[w] if w in parts_of else parts_of.setdefault(w, splitter.parts(w)))
                 if part not in doc_words]
        doc.fields["parts"] = " ".join(parts)
        analysed[doc.key]["parts"] = parts
    return analysed


def with_compound_parts(docs: list[SearchDoc]) -> None:
    analysed_fields(docs)


def build_index(docs: list[SearchDoc]) -> Index:
    analysed = analysed_fields(docs)
    index = Index({doc.key: doc for doc in docs}, totals={name: 0 for name in FIELDS})
    postings: dict[str, dict[str, list]] = {}
    for key in sorted(analysed):
        weighted: dict[str, float] = {}
        lengths = index.doc_lengths[key] = []
        for name in FIELDS:
            word_counts: dict[str, int] = {}
            for word in analysed[key][name]:
                word_counts[word] = word_counts.get(word, 0) + 1
            counts: dict[str, int] = {}
            for word, count in word_counts.items():  # stem each distinct word once
                term = stem(word)
                counts[term] = counts.get(term, 0) + count
            total = len(analysed[key][name])
            index.totals[name] += total
            length = whoosh_length(total)
            lengths.append(length)
            boost = FIELD_BOOSTS[name]
            for term, tf in counts.items():
                postings.setdefault(term, {}).setdefault(name, []).append([key, tf, length])
                weighted[term] = weighted.get(term, 0.0) + tf * boost
        index.doc_terms[key] = weighted
        for term in weighted:
            index.doc_frequency[term] = index.doc_frequency.get(term, 0) + 1
    index.postings = postings
    return index


def encode(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def fnv1a(text: str) -> int:
    """32-bit FNV-1a over UTF-8; the client computes the same bucket numbers."""
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def bucket_count(total: int, per_bucket: int) -> int:
    return max(1, min(MAX_BUCKETS, -(-total // per_bucket)))


def doc_table(index: Index) -> dict:
    """{"labels": {facet: [values]}, "docs": {doc: "facets|lengths"}}: facet value indices (facets
    separated by commas, several values by dots), then the quantised length of each field."""
    labels = {name: sorted({v for doc in index.docs.values() for v in doc.facets.get(name, [])}) for name in FACETS}
    positions = {name: {value: i for i, value in enumerate(values)} for name, values in labels.items()}
    docs = {}
    for key, doc in index.docs.items():
        facets = ",".join(".".join(str(positions[name][v]) for v in doc.facets.get(name, [])) for name in FACETS)
        docs[key] = facets.rstrip(",") + "|" + ",".join(map(str, index.doc_lengths[key]))
    return {"labels": labels, "fields": list(FIELDS), "docs": docs}


def compact(postings: list[list]) -> str:
    return " ".join(key if tf == 1 else f"{key}:{tf}" for key, tf, _ in postings)


def export(index: Index) -> dict[str, bytes]:
    """site/search/… files: path → bytes. Same index, same bytes."""
    postings_count = sum(len(postings) for by_field in index.postings.values() for postings in by_field.values())
    shard_count = bucket_count(postings_count * POSTING_BYTES, SHARD_TARGET_BYTES)
    shards: dict[str, dict] = defaultdict(dict)
    for term, by_field in index.postings.items():
        shards[str(fnv1a(term[:PREFIX]) % shard_count)][term] = {name: compact(p) for name, p in by_field.items()}
    files: dict[str, bytes] = {}
    versions: dict[str, str] = {}
    for name, data in sorted(shards.items()):
        body = encode(data)
        versions[name] = hashlib.sha256(body).hexdigest()[:10]
        add_twins(files, f"search/shards/{name}", "shards", name, body)
    cards_digest = hashlib.sha256()
    for key, doc in sorted(index.docs.items()):
        body = script("cards", key, encode(doc.card))
        cards_digest.update(body)
        files[f"search/cards/{key}.js"] = body
    table = encode(doc_table(index))
    add_twins(files, "search/docs", "docs", "docs", table)
    manifest = {"version": 2, "count": index.count, "totals": index.totals, "boosts": FIELD_BOOSTS, "B": B, "K1": K1,
                "prefix": PREFIX, "shardCount": shard_count, "stop": sorted(STOP_WORDS), "facets": list(FACETS),
                "shards": versions, "cards": cards_digest.hexdigest()[:10],
                "docs": hashlib.sha256(table).hexdigest()[:10]}
    add_twins(files, "search/manifest", "manifest", "manifest", encode(manifest))
    return files


def search_files(site) -> dict[str, bytes]:
    from .documents import documents

    return export(build_index(documents(site)))


def script(kind: str, name: str, body: bytes) -> bytes:
    return f'{JS_CALLBACK}("{kind}","{name}",'.encode() + body + b");\n"


def add_twins(files: dict[str, bytes], stem_path: str, kind: str, name: str, body: bytes) -> None:
    files[f"{stem_path}.json"] = body
    files[f"{stem_path}.js"] = script(kind, name, body)
