"""Content problems: what went wrong, where, reported all at once."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """`text` with line breaks and other control characters written as escapes (\\n, \\x00): one
    problem stays on one line."""
    return _UNPRINTABLE.sub(lambda match: repr(match.group())[1:-1], text)


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}"
        return one_line(f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}")


class ContentError(Exception):
    """Raised when content has problems; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type, tuple]:  # raised in a worker process, it travels back whole (workers.py)
        return ContentError, (self.problems,)


@dataclass
class Problems:
    """Collects problems while a stage runs, so an editor sees all of them in one run."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: str, line: int, col: int, field_name: str, message: str) -> None:
        self.items.append(Problem(path, line, col, field_name, message))

    def raise_if_any(self) -> None:
        if self.items:
            raise ContentError(self.items)


def did_you_mean(word: str, candidates: Iterable[str], aliases: dict[str, str] | None = None) -> str:
    """Return ' (did you mean …?)' for the closest candidate, or ''."""
    if aliases and word.lower() in aliases:
        return f" (did you mean '{aliases[word.lower()]}'?)"
    pool = list(candidates)
    matches = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    if not matches:
        lowered = {c.lower(): c for c in pool}
        matches = [lowered[m] for m in difflib.get_close_matches(word.lower(), lowered, n=1, cutoff=0.6)]
    return f" (did you mean '{matches[0]}'?)" if matches else ""
