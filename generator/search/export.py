"""The fast path: analyse documents once, score with Whoosh's BM25F formula, and export static
shards for the browser.

Layout of site/search/ (every JSON file also exists as a .js file that a classic <script> can
load from file://):
  manifest.json      totals, parameters, stop words, bucket counts and a content hash per file
  shards/<n>.json    the terms whose two-letter prefix hashes to bucket n:
                     {term: {field: [[doc, term frequency, field length], …]}}
  cards/<n>.json     result cards of the documents whose id hashes to bucket n
Bucket counts grow with the corpus (at most 64 of each), so the number of files stays small, and
all terms sharing a prefix sit in one shard (prefix matching and typos need one fetch).
Field lengths are stored as Whoosh stores them (quantised to one byte), so scores match exactly.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from whoosh.util.numeric import byte_to_length, length_to_byte

from .analysis import STOP_WORDS, stem, words
from .compounds import Splitter
from .documents import FACETS, FIELD_BOOSTS, FIELDS, SearchDoc

B, K1 = 0.75, 1.2
PREFIX = 2
MAX_BUCKETS = 64
SHARD_TARGET_BYTES = 48_000  # uncompressed postings per shard
CARDS_PER_BUCKET = 100
JS_CALLBACK = "RetningSearchData"


def whoosh_length(length: int) -> int:
    return byte_to_length(length_to_byte(length))


@dataclass
class Index:
    docs: dict[str, SearchDoc]
    postings: dict[str, dict[str, list[tuple[str, int, int]]]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)

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


def with_compound_parts(docs: list[SearchDoc]) -> None:
    """Fill each document's `parts` field with the parts of its compound words."""
    vocabulary = {w for doc in docs for name in FIELDS if name != "parts" for w in words(doc.fields[name])}
    splitter = Splitter(vocabulary)
    for doc in docs:
        doc_words = {w for name in FIELDS if name != "parts" for w in words(doc.fields[name])}
        doc.fields["parts"] = " ".join(part for w in sorted(doc_words) for part in splitter.parts(w))


def build_index(docs: list[SearchDoc]) -> Index:
    with_compound_parts(docs)
    index = Index({doc.key: doc for doc in docs}, totals={name: 0 for name in FIELDS})
    postings: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for doc in sorted(docs, key=lambda d: d.key):
        for name in FIELDS:
            terms = [stem(w) for w in words(doc.fields[name])]
            index.totals[name] += len(terms)
            length = whoosh_length(len(terms))
            for term, tf in sorted(Counter(terms).items()):
                postings[term][name].append((doc.key, tf, length))
    index.postings = {term: dict(by_field) for term, by_field in postings.items()}
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


def export(index: Index) -> dict[str, bytes]:
    """site/search/… files: path → bytes. Same index, same bytes."""
    encoded = {term: encode({name: [list(p) for p in postings] for name, postings in by_field.items()})
               for term, by_field in index.postings.items()}
    shard_count = bucket_count(sum(len(term) + len(body) + 4 for term, body in encoded.items()), SHARD_TARGET_BYTES)
    card_count = bucket_count(index.count, CARDS_PER_BUCKET)
    shards: dict[str, dict] = defaultdict(dict)
    for term, by_field in index.postings.items():
        shards[str(fnv1a(term[:PREFIX]) % shard_count)][term] = {name: [list(p) for p in postings]
                                                                  for name, postings in by_field.items()}
    cards: dict[str, dict] = defaultdict(dict)
    for key, doc in index.docs.items():
        cards[str(fnv1a(key) % card_count)][key] = doc.card
    files: dict[str, bytes] = {}
    versions: dict[str, dict[str, str]] = {"shards": {}, "cards": {}}
    for kind, groups in (("shards", shards), ("cards", cards)):
        for name, data in sorted(groups.items()):
            body = encode(data)
            versions[kind][name] = hashlib.sha256(body).hexdigest()[:10]
            add_twins(files, f"search/{kind}/{name}", kind, name, body)
    manifest = {"version": 1, "count": index.count, "totals": index.totals, "boosts": FIELD_BOOSTS, "B": B, "K1": K1,
                "prefix": PREFIX, "shardCount": shard_count, "cardCount": card_count, "stop": sorted(STOP_WORDS),
                "facets": list(FACETS), **versions}
    add_twins(files, "search/manifest", "manifest", "manifest", encode(manifest))
    return files


def search_files(site) -> dict[str, bytes]:
    from .documents import documents

    return export(build_index(documents(site)))


def add_twins(files: dict[str, bytes], stem_path: str, kind: str, name: str, body: bytes) -> None:
    files[f"{stem_path}.json"] = body
    files[f"{stem_path}.js"] = f'{JS_CALLBACK}("{kind}","{name}",'.encode() + body + b");\n"
