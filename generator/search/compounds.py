"""Danish compounds: split indexed words into parts that are words of the corpus themselves, so a
query for `plan` finds `klimahandleplan`. Splits are decided once per build from the vocabulary."""

from __future__ import annotations

import functools
from collections.abc import Iterable

MIN_PART = 4
LINKING = ("s", "e")  # erhverv-s-uddannelse, klima-handleplan


class Splitter:
    def __init__(self, vocabulary: Iterable[str]):
        self.vocabulary = frozenset(w for w in vocabulary if len(w) >= MIN_PART and w.isalpha())

    def parts(self, word: str) -> list[str]:
        """Every word of the vocabulary that `word` is composed of (at all levels), or [] if none."""
        split = self._split(word)
        return sorted(set(split) - {word}) if split else []

    @functools.lru_cache(maxsize=200_000)  # noqa: B019 - one Splitter per build; the cache is meant to live with it
    def _split(self, word: str) -> tuple[str, ...] | None:
        """Parts of `word` (including intermediate compounds), or None when it cannot be split."""
        best: tuple[str, ...] | None = None
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            head, tail = word[:cut], word[cut:]
            tail_parts = (tail,) + (self._split(tail) or ()) if tail in self.vocabulary else self._split(tail)
            if not tail_parts:
                continue
            for candidate in (head, *(head[:-1] for link in LINKING if head.endswith(link) and len(head) > MIN_PART)):
                head_parts = ((candidate,) + (self._split(candidate) or ()) if candidate in self.vocabulary
                              else self._split(candidate))
                if head_parts and (best is None or len(head_parts) + len(tail_parts) < len(best)):
                    best = head_parts + tail_parts
        return best
