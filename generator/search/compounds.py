"""Danish compounds: a word's parts are the corpus words it starts or ends with, so a query for
`plan` finds `klimahandleplan` and `erhverv` finds `erhvervsuddannelse`. Decided once per build
from the corpus vocabulary; parts are indexed in a low-boost field, so whole words rank higher."""

from __future__ import annotations

from collections.abc import Iterable

MIN_PART = 4
LINKING = ("s", "e")  # erhverv-s-uddannelse, skole-e? (only stripped when the rest is a word)


class Splitter:
    def __init__(self, vocabulary: Iterable[str]):
        self.vocabulary = frozenset(w for w in vocabulary if len(w) >= MIN_PART and w.isalpha())

    def parts(self, word: str) -> list[str]:
        """Corpus words that `word` begins or ends with, each leaving at least MIN_PART letters."""
        found = set()
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            head, tail = word[:cut], word[cut:]
            if tail in self.vocabulary:
                found.add(tail)
            if head in self.vocabulary:
                found.add(head)
            elif head[-1] in LINKING and head[:-1] in self.vocabulary and len(head) > MIN_PART:
                found.add(head[:-1])
        return sorted(found)
