"""Content problems: what went wrong, where, reported all at once.

A problem carries a Message (a catalogue key and its parameters, core/messages.py), not a finished
sentence: `str(problem)` writes it as file:line:col: field: message in the current language.
Field names stay as written in the files: they are the YAML keys."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.core.messages import Message

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
    message: Message

    def __post_init__(self) -> None:
        if not isinstance(self.message, Message):  # a sentence would be English only
            raise TypeError(f"a Problem takes a Message (a catalogue key), not {self.message!r}")

    @property
    def text(self) -> str:
        """The message in the current language."""
        return self.message.text()

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}"
        return one_line(f"{where}: {self.field}: {self.text}" if self.field else f"{where}: {self.text}")


class ContentError(Exception):
    """Raised when content has problems; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.problems)

    def __str__(self) -> str:  # in the language current when shown
        return "\n".join(str(p) for p in self.problems)

    def __reduce__(self) -> tuple[type, tuple]:  # raised in a worker process, it travels back whole (workers.py)
        return ContentError, (self.problems,)


@dataclass
class Problems:
    """Collects problems while a stage runs, so an editor sees all of them in one run."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: str, line: int, col: int, field_name: str, key: str, /, **params: object) -> None:
        """A problem whose message is the catalogue's `key` (msg_…) with `params`."""
        self.items.append(Problem(path, line, col, field_name, Message(key, **params)))

    def add_message(self, path: str, line: int, col: int, field_name: str, message: Message) -> None:
        """A problem whose message was made elsewhere (by url_problem, parse_date, an image check)."""
        self.items.append(Problem(path, line, col, field_name, message))

    def raise_if_any(self) -> None:
        if self.items:
            raise ContentError(self.items)


def did_you_mean(word: str, candidates: Iterable[str], aliases: dict[str, str] | None = None) -> Message | str:
    """ " (did you mean 'x'?)" for the closest candidate, or "" when none is close: a message's {hint}."""
    if aliases and word.lower() in aliases:
        return suggestion(aliases[word.lower()])
    pool = list(candidates)
    matches = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    if not matches:
        lowered = {c.lower(): c for c in pool}
        matches = [lowered[m] for m in difflib.get_close_matches(word.lower(), lowered, n=1, cutoff=0.6)]
    return suggestion(matches[0]) if matches else ""


def suggestion(word: str) -> Message:
    return Message("msg_did_you_mean", word=word)
