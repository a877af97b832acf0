"""A query as both engines run it (assets/js/search.js is the same steps in JavaScript): words →
weighted terms, and results ranked first by how much of the query they cover, then by score.

Each word of the query gives its exact term; its æ/ø/å spellings when typed as ae/oe/aa and they are
corpus terms; the other words of its synonym group (content/vocabularies/synonyms.yaml); and, when
its term is not in the corpus, the terms of the corpus words a typo away from it as written (one
edit from five letters, two from nine; among the words that share its first TYPO_PREFIX letters,
from the word shards, export.word_files). The
last word of a query being typed also completes to the terms it begins (from three letters). A
document's coverage is the sum over the query's words of the best weight among the terms of that
word it holds: one that holds every word exactly ranks above one that holds some, or holds the last
one only as a completion, however high the other's score.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass

from generator.search.analysis import stem, words
from generator.search.export import payload

EXACT = 1.0
VARIANT = 1.0  # ivaerksaetter typed for iværksætter is the same word
SYNONYM = 0.9
PREFIX = 0.8  # completions rank below whole words
TYPO = 0.7
PHRASE = 1.0  # two neighbouring query words that are neighbours in a title: score, not coverage
PAIR = "_"  # as documents.PAIR
NO_WORD = -1  # a phrase term stands for no one word of the query
MAX_EXPANSIONS = 12
PREFIX_MIN_LENGTH = 3
TYPO_MIN_LENGTH = 5
TYPO_PREFIX = 1  # a typo is looked for after the first letter (readers rarely mistype it): fewer word shards to fetch
TWO_TYPOS_FROM = 9
DIGRAPHS = (("ae", "æ"), ("oe", "ø"), ("aa", "å"))


@dataclass
class QueryTerm:
    term: str
    weight: float
    word: int  # which word of the query it stands for


class Vocabulary:
    """The corpus terms as the browser client sees them: the manifest's shards (exported files)."""

    def __init__(self, files: dict[str, bytes]):
        self.files = files
        self.manifest = json.loads(payload(files["search/manifest.js"]))
        self.loaded: dict[str, dict] = {}

    def shard(self, number: int) -> dict:
        return self.load("shards", self.manifest["shards"][number][1])

    def load(self, kind: str, name: str) -> dict:
        """An exported file (search/KIND/NAME.js), read once."""
        if name not in self.loaded:
            self.loaded[name] = json.loads(payload(self.files[f"search/{kind}/{name}.js"]))
        return self.loaded[name]

    def shard_index(self, term: str) -> int:
        return run_index(self.manifest["shards"], term)

    def shard_for(self, term: str) -> dict:
        return self.shard(self.shard_index(term)) if self.manifest["shards"] else {}

    def words_near(self, word: str) -> dict[str, str]:
        """The corpus's surface words that begin with the first TYPO_PREFIX letters of `word` (from
        the word shards that hold them), each with its term."""
        shards = self.manifest.get("words") or []
        if not shards:
            return {}
        prefix = word[:TYPO_PREFIX]
        found: dict[str, str] = {}
        for number in range(run_index(shards, prefix), run_index(shards, prefix + "\uffff") + 1):
            found.update(
                (other, other[: len(other) - entry] if isinstance(entry, int) else entry)
                for other, entry in self.load("words", shards[number][1]).items()
                if other.startswith(prefix)
            )
        return found

    def with_prefix(self, prefix: str) -> list[str]:
        first = self.shard_index(prefix)
        found = [t for t in self.shard(first) if t.startswith(prefix)]
        shards = self.manifest["shards"]
        if not found and first + 1 < len(shards) and shards[first + 1][0].startswith(prefix):
            found = [t for t in self.shard(first + 1) if t.startswith(prefix)]
        return found


def run_index(shards: list[list[str]], key: str) -> int:
    """Which of the sorted runs [[first key, name], …] holds `key`."""
    low, high = 0, len(shards) - 1
    while low < high:
        middle = (low + high + 1) >> 1
        if shards[middle][0] <= key:
            low = middle
        else:
            high = middle - 1
    return low


def within_edits(a: str, b: str, limit: int) -> bool:
    """Whether `a` becomes `b` with at most `limit` insertions, deletions, substitutions or swaps of
    neighbours (optimal string alignment distance), as the client's withinEdits."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return False
        previous2, previous = previous, current
    return previous[-1] <= limit


def spellings(word: str) -> list[str]:
    """The word with each ae, oe and aa read as æ, ø and å, in every combination (the word itself left out)."""
    pieces: list[str | tuple] = [word]
    found = []
    for plain, letter in DIGRAPHS:
        pieces = [part for piece in pieces for part in split_keep(piece, plain, letter)]
    choices = [piece if isinstance(piece, tuple) else (piece,) for piece in pieces]
    for combination in itertools.product(*choices):
        variant = "".join(combination)
        if variant != word:
            found.append(variant)
    return found


def split_keep(piece: str | tuple, plain: str, letter: str) -> list[str | tuple]:
    if isinstance(piece, tuple) or plain not in piece:
        return [piece]
    parts = piece.split(plain)
    out: list[str | tuple] = [parts[0]]
    for part in parts[1:]:
        out += [(plain, letter), part]
    return out


def expand(query: str, vocabulary: Vocabulary, open_last: bool) -> list[QueryTerm]:
    """The query's terms, each once at its best weight; `open_last`: the last word is being typed."""
    stop = set(vocabulary.manifest["stop"])
    synonyms: dict[str, list[str]] = vocabulary.manifest.get("synonyms", {})
    tokens = [w for w in words(query) if w not in stop]
    terms: list[QueryTerm] = []
    by_term: dict[str, QueryTerm] = {}
    seen: dict[str, int] = {}

    def add(term: str, weight: float, word: int) -> None:
        known = by_term.get(term)
        if known is None:
            by_term[term] = QueryTerm(term, weight, word)
            terms.append(by_term[term])
        elif weight > known.weight:
            known.weight, known.word = weight, word

    for position, word in enumerate(tokens):
        last = open_last and position == len(tokens) - 1
        if word in seen and not last:
            continue  # a repeated word adds nothing
        number = seen.setdefault(word, len(seen))
        term = stem(word)
        exact = term in vocabulary.shard_for(term)
        if exact:
            add(term, EXACT, number)
        found = exact
        for variant in spellings(word):
            other = stem(variant)
            if other in vocabulary.shard_for(other):
                add(other, VARIANT, number)
                found = True
        for other in synonyms.get(term, ()):
            if other in vocabulary.shard_for(other):
                add(other, SYNONYM, number)
        if last and len(word) >= PREFIX_MIN_LENGTH and vocabulary.manifest["shards"]:
            near = vocabulary.with_prefix(term) + (vocabulary.with_prefix(word) if word != term else [])
            candidates = sorted({t for t in near if t != term and PAIR not in t}, key=lambda t: (len(t), t))
            for other in candidates[:MAX_EXPANSIONS]:
                add(other, PREFIX, number)
        if not found and len(word) >= TYPO_MIN_LENGTH:  # among the words that sort next to it
            limit = 2 if len(word) >= TWO_TYPOS_FROM else 1
            for other, other_term in sorted(vocabulary.words_near(word).items()):
                if within_edits(other, word, limit):
                    add(other_term, TYPO, number)
    for first, second in zip(tokens, tokens[1:], strict=False):
        pair = stem(first + PAIR + second)
        if pair in vocabulary.shard_for(pair):
            add(pair, PHRASE, NO_WORD)
    return terms


def ranked(scores: dict[str, float], matched: dict[str, dict[int, float]]) -> list[tuple[str, float]]:
    """(key, score) best first: by coverage (Σ over words of the best weight matched), then score, then key."""

    def order(item: tuple[str, float]) -> tuple:
        key, score = item
        return -round(sum(weight for word, weight in matched.get(key, {}).items() if word != NO_WORD), 9), -score, key

    return sorted(scores.items(), key=order)
