"""Danish compounds: a word's parts are the corpus words it starts or ends with, so a query for
`plan` finds `klimahandleplan` and `erhverv` finds `erhvervsuddannelse`. Decided once per build
from the corpus vocabulary; parts are indexed in a low-boost field, so whole words rank higher."""

from __future__ import annotations

from collections.abc import Container

from generator.search.analysis import STOP_WORDS

MIN_PART = 4
# Longer words are not split: longer than any real Danish word (the longest dictionary words have
# about 51 letters, speciallægepraksisplanlægningsstabiliseringsperiode; the longest in the content
# 33), so splitting them finds nothing a reader would search for, and it costs time quadratic in the
# length (a 1 MB "word" took minutes). Their parts would have at most MAX_COMPOUND - MIN_PART letters.
MAX_COMPOUND = 60
LINKING = ("s", "e")  # erhverv-s-uddannelse, børn-e-have: stripped when the rest or what follows is a word


class Splitter:
    def __init__(self, vocabulary: Container[str]):
        self.vocabulary = vocabulary  # a word of it is a part when it is all letters (and MIN_PART long)

    def known(self, word: str) -> bool:
        return word in self.vocabulary and word.isalpha()

    def parts(self, word: str) -> list[str]:
        """Corpus words that `word` begins or ends with, each leaving at least MIN_PART letters, and
        the head before a linking s or e when a corpus word follows it. So only words that begin or
        end `word` decide its parts (search/live.py relies on it).
        A word longer than MAX_COMPOUND has none."""
        found = set()
        if len(word) > MAX_COMPOUND or "_" in word:  # a title's word pair (klima_plan) is no compound
            return []
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            head, tail = word[:cut], word[cut:]
            if self.known(tail):
                found.add(tail)
                # delebil-s-ordning: a head joined by a linking s to a known word is a word of its own,
                # even when the corpus has it only inside compounds (not by an e: klimahandl-e-plan)
                if head[-1] == "s" and len(head) > MIN_PART and head[:-1].isalpha() and head[:-1] not in STOP_WORDS:
                    found.add(head[:-1])
            if self.known(head):
                found.add(head)
            elif head[-1] in LINKING and len(head) > MIN_PART and self.known(head[:-1]):
                found.add(head[:-1])
        return sorted(found)


def can_be_part(word: str) -> bool:
    """Whether `word` can be a part of another word (one of at most MAX_COMPOUND letters)."""
    return MIN_PART <= len(word) <= MAX_COMPOUND - MIN_PART and word.isalpha()
