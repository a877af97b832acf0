"""Who read what: an index from each read (a record id, or a list a page shows) to the things made
from it (pages, open data pieces), so that an edit finds what to make again without asking
everything made whether it read what changed."""

from __future__ import annotations

from typing import Protocol


class Made(Protocol):
    reads: frozenset[str]


class Readers(dict):
    """read → the names (output paths, record ids) of the things that read it."""

    def note(self, name: str, before: Made | None, after: Made | None) -> None:
        """`name` was made again: it read what `after` read (nothing, if it is gone), not what `before` read."""
        if before is not None:
            for read in before.reads:
                self[read].discard(name)
        if after is not None:
            for read in after.reads:
                self.setdefault(read, set()).add(name)

    def of(self, reads: set[str]) -> set[str]:
        """The names of everything that read any of `reads`."""
        return set().union(*(self.get(read, ()) for read in reads))
