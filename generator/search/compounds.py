"""Danish compounds: a word's parts are the corpus words it starts or ends with, so a query for
`plan` finds `klimahandleplan` and `erhverv` finds `erhvervsuddannelse`. Decided once per build
from the corpus vocabulary; parts are indexed in a low-boost field, so whole words rank higher."""

from __future__ import annotations

from collections.abc import Container

MIN_PART = 4
LINKING = ("s", "e")  # erhverv-s-uddannelse, skole-e? (only stripped when the rest is a word)


class Splitter:
    def __init__(self, vocabulary: Container[str]):
        self.vocabulary = vocabulary  # a word of it is a part when it is all letters (and MIN_PART long)

    def known(self, word: str) -> bool:
        return word in self.vocabulary and word.isalpha()

    def parts(self, word: str) -> list[str]:
        """Corpus words that `word` begins or ends with, each leaving at least MIN_PART letters.
        So only words that begin or end `word` decide its parts (search/live.py relies on it)."""
        found = set()
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            head, tail = word[:cut], word[cut:]
            if self.known(tail):
                found.add(tail)
            if self.known(head):
                found.add(head)
            elif head[-1] in LINKING and len(head) > MIN_PART and self.known(head[:-1]):
                found.add(head[:-1])
        return sorted(found)


def can_be_part(word: str) -> bool:
    return len(word) >= MIN_PART and word.isalpha()
