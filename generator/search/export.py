"""The fast path: analyse documents once, score with Whoosh's BM25F formula, and export static
shards for the browser.

Layout of site/search/. Every file is a script, RetningSearchData("KIND","NAME",JSON);, that a
classic <script> can load from file://; over http the client fetches the same file and reads its
JSON payload (a JSON copy of each would be about 600 more files and 10 MB at 10,000 records):
  manifest.js         totals, parameters, stop words, and the shards in term order: [first term, name]
  shards/<hash>.js    a run of sorted terms, about SHARD_TARGET_BYTES: {term: {field: postings}};
                      postings are slot gaps in base 36 with ":tf" when the term occurs more than once
  words/<hash>.js     the corpus's words as written, in sorted runs, each with its term (word_files)
  docs.js             per document in slot order: its field lengths (doc_table)
  filters.js          per document in slot order: its facet values, fetched once a reader filters
  cards/<group>.js    the result cards of CARD_GROUP consecutive slots, fetched only for results
                      shown; a card has "p": 1 when its page has parts
  parts/<group>.js    the parts of the pages of the same slots that have any (parts.page_parts):
                      {key: [[anchor, title, text], …]}, fetched only for results shown that have parts
A document's key is its slot in a hash table twice the corpus size (documents.slot_keys), so keys
stay put across edits and postings store small gaps.
Field lengths are stored as Whoosh stores them (quantised to one byte), so scores match exactly.
"""

from __future__ import annotations

import hashlib
import json
import math
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import chain
from operator import sub

from whoosh.util.numeric import byte_to_length, length_to_byte

from generator.model.records import Site
from generator.search.analysis import LONG_TOKEN, STOP_WORDS, fold, stem
from generator.search.compounds import Splitter
from generator.search.documents import FACETS, FIELD_BOOSTS, FIELDS, PAIR, SearchDoc, base36

B, K1 = 0.75, 1.2
SHARD_TARGET_BYTES = 16_000  # uncompressed, on average
# Slots per card file: with slots at most half full, about 10 cards a file (3 KB at 10,000 records).
# Fewer, larger files: every file a build makes costs (1,024 card files and as many parts files at
# 10,000 records, against 3,771 and 3,664 with groups of 8), and ten results fetch about 30 KB.
CARD_GROUP = 32
JS_CALLBACK = "RetningSearchData"
DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"  # small table values, one byte each


def whoosh_length(length: int) -> int:
    return byte_to_length(length_to_byte(length))


@dataclass
class Index:
    docs: dict[str, SearchDoc]
    postings: dict[str, dict[str, list[tuple[int, int]]]] = field(default_factory=dict)  # term → field → [(slot, tf)]
    totals: dict[str, int] = field(default_factory=dict)
    doc_terms: dict[str, dict[str, float]] = field(default_factory=dict)  # doc → term → Σ tf × field boost
    doc_frequency: dict[str, int] = field(default_factory=dict)  # term → documents containing it in any field
    doc_lengths: dict[str, list[int]] = field(default_factory=dict)  # doc → quantised length per field
    field_terms: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)  # doc → field → term counts
    key_of_slot: dict[int, str] = field(default_factory=dict)
    words: set[str] = field(default_factory=set)  # the corpus's words as written (folded), for typos

    @property
    def count(self) -> int:
        return len(self.docs)

    def idf(self, field_name: str, term: str) -> float:
        df = len(self.postings.get(term, {}).get(field_name, ()))
        return math.log(self.count / (df + 1)) + 1

    def scores(self, terms: list[str]) -> dict[str, float]:
        """BM25F exactly as Whoosh computes it for Or([Term(field, t) for every field and term])."""
        key_of = {slot_of(key): key for key in self.docs}
        result: dict[str, float] = defaultdict(float)
        for term in terms:
            for field_name, postings in self.postings.get(term, {}).items():
                idf = self.idf(field_name, term)
                avgfl = self.totals[field_name] / self.count or 1
                column = FIELDS.index(field_name)
                for slot, tf in postings:
                    key = key_of[slot]
                    length = self.doc_lengths[key][column]
                    weight = tf * FIELD_BOOSTS[field_name]
                    result[key] += idf * ((weight * (K1 + 1)) / (weight + K1 * ((1 - B) + B * length / avgfl)))
        return dict(result)


def slot_of(key: str) -> int:
    return int(key, 36)


def analysed_fields(docs: list[SearchDoc]) -> dict[str, dict[str, Counter]]:
    """doc key → field → word counts (folded, stop words removed, not stemmed), with compound parts
    filled in. Also sets each document's `parts` field, so Whoosh indexes the same text."""
    analysed = {doc.key: {name: word_counts(doc.fields[name]) for name in FIELDS if name != "parts"} for doc in docs}
    vocabulary = set().union(*(counts.keys() for by_field in analysed.values() for counts in by_field.values()))
    splitter = Splitter(vocabulary)
    parts_of = {w: found for w in vocabulary if (found := splitter.parts(w))}
    compounds = parts_of.keys()
    for doc in docs:
        doc_words = set().union(*analysed[doc.key].values())
        # a part the document also has as a whole word would add nothing but a weaker duplicate
        parts = [part for w in sorted(doc_words & compounds) for part in parts_of[w] if part not in doc_words]
        doc.fields["parts"] = " ".join(parts)
        analysed[doc.key]["parts"] = Counter(parts)
    return analysed


def word_counts(text: str) -> Counter:
    counts = Counter(LONG_TOKEN.findall(fold(text)))
    for stop_word in counts.keys() & STOP_WORDS:
        del counts[stop_word]
    return counts


def with_compound_parts(docs: list[SearchDoc]) -> None:
    analysed_fields(docs)


class StemCache(dict):
    """word → term; a plain dict lookup for every word seen before (most of them)."""

    def __missing__(self, word: str) -> str:
        term = self[word] = stem(word)
        return term


def term_counts(word_counts: Counter, term_of: Callable[[str], str]) -> dict[str, int]:
    terms = list(map(term_of, word_counts))
    if len(set(terms)) == len(terms):  # the usual case: no two of the words share a stem
        return dict(zip(terms, word_counts.values(), strict=True))
    counts: dict[str, int] = {}
    for term, count in zip(terms, word_counts.values(), strict=True):
        counts[term] = counts.get(term, 0) + count
    return counts


def build_index(docs: list[SearchDoc], analysed: dict | None = None) -> Index:
    return with_postings(term_statistics(docs, analysed))


def term_statistics(docs: list[SearchDoc], analysed: dict | None = None) -> Index:
    """Everything but the postings: per document its term counts per field, quantised lengths and
    weighted terms; totals and document frequencies. Enough for the related lists."""
    analysed = analysed if analysed is not None else analysed_fields(docs)
    index = Index({doc.key: doc for doc in docs}, totals={name: 0 for name in FIELDS})
    index.key_of_slot = {slot_of(key): key for key in index.docs}
    term_of = StemCache().__getitem__
    for key in sorted(analysed):
        lengths = index.doc_lengths[key] = []
        counts_of = index.field_terms[key] = {}
        for name in FIELDS:
            counts = counts_of[name] = term_counts(analysed[key][name], term_of)
            total = sum(counts.values())
            index.totals[name] += total
            lengths.append(whoosh_length(total))
        weighted: dict[str, float] = dict(counts_of["body"])  # the longest field, boost 1
        for name in FIELDS:
            if name != "body":
                boost = FIELD_BOOSTS[name]
                for term, tf in counts_of[name].items():
                    weighted[term] = weighted.get(term, 0) + tf * boost
        index.doc_terms[key] = weighted
    index.doc_frequency = dict(Counter(chain.from_iterable(index.doc_terms.values())))
    index.words = surface_words(by_field[name] for by_field in analysed.values() for name in FIELDS if name != "parts")
    return index


def surface_words(counts: Iterable[Iterable[str]]) -> set[str]:
    """The words of the documents' own text (not compound parts, not title pair tokens)."""
    return {word for words in counts for word in words if PAIR not in word}


def with_postings(index: Index) -> Index:
    """Invert the per-document term counts into postings, each list in slot order."""
    by_field: dict[str, defaultdict[str, list[tuple[int, int]]]] = {name: defaultdict(list) for name in FIELDS}
    for key in sorted(index.field_terms):
        slot = slot_of(key)
        for name, counts in index.field_terms[key].items():
            postings = by_field[name]
            for term, tf in counts.items():
                postings[term].append((slot, tf))
    index.postings = {}
    for name, terms in by_field.items():
        for term, term_postings in terms.items():
            index.postings.setdefault(term, {})[name] = term_postings
    return index


def encode(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def fnv1a(text: str) -> int:
    """32-bit FNV-1a over UTF-8; the client computes the same bucket numbers."""
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def doc_table(index: Index, cache: ExportCache | None = None) -> tuple[dict, dict]:
    """Per document, in slot order, what ranking needs (docs.js) and what filters need
    (filters.js, fetched only once a reader filters): "slots" the gaps between slots (base 36,
    space-separated); for each field a string with one table_char per document (its quantised
    length); for each facet the documents' value indices as table_chars, documents separated by
    commas."""
    cache = cache or ExportCache()
    labels = facet_labels(index, cache)
    if labels != cache.labels:
        cache.labels, cache.rows = labels, {}
    positions = {name: {value: table_char(i) for i, value in enumerate(values)} for name, values in labels.items()}
    if cache.keys is None or cache.stale_rows is None or index.docs.keys() != cache.keys.keys():
        keys = sorted(index.docs)
        slots = [slot_of(key) for key in keys]
        cache.keys = dict.fromkeys(keys)
        cache.slots = " ".join(base36(slot - previous) for slot, previous in zip(slots, [0] + slots[:-1], strict=True))
        stale = keys
    else:
        keys = list(cache.keys)
        stale = [key for key in cache.stale_rows if key in cache.keys] if cache.rows else keys
    rows = cache.rows if stale is not keys else {}
    for key in stale:
        doc = index.docs[key]
        rows[key] = (
            tuple(table_char(length) for length in index.doc_lengths[key]),
            tuple("".join(positions[name][v] for v in doc.facets.get(name, [])) for name in FACETS),
        )
    cache.rows = rows
    ranking = {
        "fields": list(FIELDS),
        "slots": cache.slots,
        "lengths": ["".join(column) for column in columns([rows[key][0] for key in keys], len(FIELDS))],
    }
    filtering = {
        "labels": labels,
        "facets": {
            name: ",".join(column) for name, column in zip(FACETS, columns([rows[key][1] for key in keys], len(FACETS)), strict=True)
        },
    }
    return ranking, filtering


def facet_labels(index: Index, cache: ExportCache) -> dict[str, list[str]]:
    """Every facet's values, sorted. How many documents hold each value is kept in `cache`, so an
    edit counts again only the documents it changed."""

    def values_of(doc: SearchDoc) -> tuple[frozenset, ...]:
        return tuple(frozenset(doc.facets.get(name, ())) for name in FACETS)

    if cache.stale_rows is None or cache.facet_values is None:
        cache.facet_values = {key: values_of(doc) for key, doc in index.docs.items()}
        cache.facet_counts = [Counter(chain.from_iterable(values[n] for values in cache.facet_values.values())) for n in range(len(FACETS))]
    else:
        for key in cache.stale_rows:
            before, doc = cache.facet_values.pop(key, None), index.docs.get(key)
            after = values_of(doc) if doc is not None else None
            for n, counts in enumerate(cache.facet_counts):
                counts.subtract(before[n] if before else ())
                counts.update(after[n] if after else ())
            if after is not None:
                cache.facet_values[key] = after
    return {
        name: sorted(value for value, count in counts.items() if count > 0) for name, counts in zip(FACETS, cache.facet_counts, strict=True)
    }


def columns(rows: list[tuple], width: int) -> list[tuple]:
    return list(zip(*rows, strict=True)) if rows else [()] * width


def table_char(value: int) -> str:
    """One character per value: DIGITS below 64, else U+0100 + value (never escaped in JSON)."""
    return DIGITS[value] if value < len(DIGITS) else chr(256 + value)


def compact(postings: list[tuple[int, int]], gaps: list[str]) -> str:
    """Slot gaps in base 36 (the first from 0), ":tf" when the term occurs more than once."""
    slots = [slot for slot, _ in postings]
    steps = map(gaps.__getitem__, map(sub, slots, [0, *slots[:-1]]))
    return " ".join([step if tf == 1 else f"{step}:{tf}" for step, (_, tf) in zip(steps, postings, strict=True)])


def shard_ranges(
    entries: dict[str, dict[str, str]], ends: dict[str, bool] | None = None, order: list[str] | None = None
) -> list[list[str]]:
    """Sorted terms cut into runs of about SHARD_TARGET_BYTES. Whether a shard ends after a term
    depends on that term alone (a hash of it against its share of the target size), so an edit
    moves no boundary except at the terms it changes, and every other shard keeps its bytes.
    `ends`: shard_ends() of the entries, `order`: the entries' terms sorted, if known."""
    ends = ends if ends is not None else {term: shard_ends(term, entry) for term, entry in entries.items()}
    shards: list[list[str]] = [[]]
    for term in order if order is not None else sorted(entries):
        shards[-1].append(term)
        if ends[term]:
            shards.append([])
    return [terms for terms in shards if terms]


def shard_ends(term: str, entry: dict[str, str]) -> bool:
    size = len(term) + sum(len(f) + len(p) + 6 for f, p in entry.items())
    return fnv1a(term) / 2**32 < size / SHARD_TARGET_BYTES


@dataclass
class ExportCache:
    """What an export computed, for the next export after an edit: postings text per term, shard
    bodies per run of terms, card files per group. `stale_terms` / `stale_keys` say what the edit
    touched (None: everything)."""

    entries: dict[str, dict[str, str]] = field(default_factory=dict)
    shards: dict[tuple[str, ...], bytes] = field(default_factory=dict)
    cards: dict[str, bytes] = field(default_factory=dict)
    parts: dict[str, bytes] = field(default_factory=dict)  # card group → its parts file (groups with parts)
    gaps: list[str] = field(default_factory=list)
    ends: dict[str, bool] = field(default_factory=dict)  # term → does a shard end after it
    labels: dict = field(default_factory=dict)  # facet values the rows were encoded with
    rows: dict[str, tuple] = field(default_factory=dict)  # doc → its docs.js characters
    order: list[str] = field(default_factory=list)  # the entries' terms, sorted
    named: dict[bytes, tuple[str, bytes]] = field(default_factory=dict)  # shard body → (its name, its script)
    groups: dict[str, dict[str, dict]] = field(default_factory=dict)  # card group → key → card
    keys: dict[str, None] | None = None  # the documents' keys, sorted, as the slots were written
    slots: str = ""
    facet_values: dict[str, tuple[frozenset, ...]] | None = None  # key → its values of each facet
    facet_counts: list[Counter] = field(default_factory=list)  # per facet: value → documents holding it
    words: set[str] | None = None  # the surface words the word shards were made of
    word_ends: dict[str, bool] = field(default_factory=dict)  # word → does a word shard end after it
    word_files: dict[str, bytes] = field(default_factory=dict)
    word_shards: list[list[str]] = field(default_factory=list)
    stale_terms: set[str] | None = None
    stale_keys: set[str] | None = None  # documents whose card changed
    stale_rows: set[str] | None = None  # documents whose lengths or facets may have changed


def export(index: Index, cache: ExportCache | None = None, synonyms: dict[str, list[str]] | None = None) -> dict[str, bytes]:
    """site/search/… files: path → bytes. Same index, same bytes (with or without a cache).
    `synonyms`: term → the terms a query for it also looks up (synonyms.synonym_terms)."""
    cache = cache or ExportCache()
    top = max(map(slot_of, index.docs), default=0)
    if len(cache.gaps) <= top:
        cache.gaps = [base36(n) for n in range(top + 1)]
    stale_terms = index.postings.keys() if cache.stale_terms is None else cache.stale_terms
    for term in stale_terms:
        by_field = index.postings.get(term)
        if by_field:
            entry = cache.entries[term] = {name: compact(p, cache.gaps) for name, p in by_field.items()}
            cache.ends[term] = shard_ends(term, entry)
        else:
            cache.entries.pop(term, None)
            cache.ends.pop(term, None)
    if cache.stale_terms is None:
        cache.order = sorted(cache.entries)
    else:
        for term in cache.stale_terms:
            at = bisect_left(cache.order, term)
            listed = at < len(cache.order) and cache.order[at] == term
            if term in cache.entries and not listed:
                cache.order.insert(at, term)
            elif listed and term not in cache.entries:
                del cache.order[at]
    files: dict[str, bytes] = {}
    shards: list[list[str]] = []
    bodies, named = {}, {}
    for terms in shard_ranges(cache.entries, cache.ends, cache.order):
        run = tuple(terms)
        body = cache.shards.get(run)
        if body is None or cache.stale_terms is None or not cache.stale_terms.isdisjoint(run):
            body = encode({term: cache.entries[term] for term in terms})
        bodies[run] = body
        known = cache.named.get(body)
        if known is None:
            name = name_of(body)  # named by content: a changed shard is a new URL
            known = (name, script("shards", name, body))
        name, js = named[body] = known
        shards.append([terms[0] if shards else "", name])
        files[f"search/shards/{name}.js"] = js
    cache.shards, cache.named = bodies, named
    if cache.stale_keys is None:
        cache.groups = {}
        for key, document in index.docs.items():
            cache.groups.setdefault(card_group(key), {})[key] = document.card
        stale_groups = None
    else:
        stale_groups = set()
        for key in cache.stale_keys:
            group, doc = card_group(key), index.docs.get(key)
            stale_groups.add(group)
            if doc is not None:
                cache.groups.setdefault(group, {})[key] = doc.card
            elif key in cache.groups.get(group, {}):
                del cache.groups[group][key]
                if not cache.groups[group]:
                    del cache.groups[group]
    cards_digest, parts_digest = hashlib.sha256(), hashlib.sha256()
    for name, cards in sorted(cache.groups.items()):
        body = cache.cards.get(name)
        if body is None or stale_groups is None or name in stale_groups:
            body = cache.cards[name] = script("cards", name, encode({key: exported_card(card) for key, card in cards.items()}))
            parts = {key: card["p"] for key, card in cards.items() if card.get("p")}
            if parts:
                cache.parts[name] = encode(parts)
            else:
                cache.parts.pop(name, None)
        cards_digest.update(body)
        files[f"search/cards/{name}.js"] = body
        parts_body = cache.parts.get(name)
        if parts_body is not None:
            parts_digest.update(name.encode() + b"\n" + parts_body)
            files[f"search/parts/{name}.js"] = script("parts", name, parts_body)
    for gone in cache.cards.keys() - cache.groups.keys():
        del cache.cards[gone]
        cache.parts.pop(gone, None)
    files.update(word_files(index, cache))
    ranking, filtering = map(encode, doc_table(index, cache))
    files["search/docs.js"] = script("docs", "docs", ranking)
    files["search/filters.js"] = script("filters", "filters", filtering)
    manifest = {
        "version": 4,
        "count": index.count,
        "totals": index.totals,
        "boosts": FIELD_BOOSTS,
        "B": B,
        "K1": K1,
        "stop": sorted(STOP_WORDS),
        "facets": list(FACETS),
        "shards": shards,
        "cards": cards_digest.hexdigest()[:10],
        "cardGroup": CARD_GROUP,
        "parts": parts_digest.hexdigest()[:10],
        "docs": name_of(ranking),
        "filters": name_of(filtering),
        "words": cache.word_shards,
        "keyWidth": len(next(iter(index.docs), "")),
        "synonyms": present_synonyms(synonyms or {}, cache.entries),
    }
    files["search/manifest.js"] = script("manifest", "manifest", encode(manifest))
    cache.stale_terms, cache.stale_keys, cache.stale_rows = set(), set(), set()
    return files


def present_synonyms(synonyms: dict[str, list[str]], entries: dict) -> dict[str, list[str]]:
    """Only synonyms the index holds: looking up one it lacks would fetch a shard for nothing."""
    kept = {term: [other for other in others if other in entries] for term, others in synonyms.items()}
    return {term: others for term, others in kept.items() if others}


def word_files(index: Index, cache: ExportCache) -> dict[str, bytes]:
    """search/words/<name>.js: the corpus's surface words in sorted runs (as the term shards),
    each word with its term: the number of letters its term leaves off the end, or the term
    itself when it is not a beginning of the word. A query word that is no corpus term is matched
    against these for typos, so a typo in a word's ending is forgiven as one in its middle."""
    if index.words == cache.words:
        return cache.word_files
    for word in index.words - cache.word_ends.keys():
        cache.word_ends[word] = fnv1a(word) / 2**32 < (len(word) + 5) / SHARD_TARGET_BYTES
    files: dict[str, bytes] = {}
    shards: list[list[str]] = []
    for run in shard_ranges({}, cache.word_ends, sorted(index.words)):
        body = encode({word: word_term(word) for word in run})
        name = name_of(body)
        shards.append([run[0] if shards else "", name])
        files[f"search/words/{name}.js"] = script("words", name, body)
    cache.words, cache.word_files, cache.word_shards = set(index.words), files, shards
    return files


def word_term(word: str) -> int | str:
    term = stem(word)
    if word.startswith(term) and all(ord(c) <= 0xFFFF for c in word):  # JavaScript counts UTF-16 units
        return len(word) - len(term)
    return term


def exported_card(card: dict) -> dict:
    """The card as its file holds it: its parts (card["p"]) go to the parts files, a flag stays."""
    if "p" not in card:
        return card
    return {name: value for name, value in card.items() if name != "p"} | ({"p": 1} if card["p"] else {})


def name_of(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:10]


def card_group(key: str) -> str:
    return base36(slot_of(key) // CARD_GROUP)


def search_files(site: Site) -> dict[str, bytes]:
    from generator.search.documents import documents
    from generator.search.synonyms import synonym_terms

    return export(build_index(documents(site)), synonyms=synonym_terms(site.vocabularies))


def script(kind: str, name: str, body: bytes) -> bytes:
    return f'{JS_CALLBACK}("{kind}","{name}",'.encode() + body + b");\n"


def payload(data: bytes) -> bytes:
    """The JSON a search file (script) carries."""
    name_starts = data.index(b'","') + 3  # after RetningSearchData("KIND"
    return data[data.index(b'",', name_starts) + 2 : data.rindex(b")")]
