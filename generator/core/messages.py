"""Messages to editors in their language (Danish first, English second).

Every message a command prints (content problems, usage errors, summaries, notices, the output
folder's refusals, the live preview's error page) is a `Message`: a key and its parameters, never
a finished sentence. It is put into words only when shown, through the catalogues the interface
uses, layouts/i18n/da.yaml and en.yaml, where message keys start with `msg_`:

    msg_unknown_field: "ukendt felt{hint}"          # da.yaml
    msg_unknown_field: "unknown field{hint}"        # en.yaml

    Message("msg_unknown_field", hint=did_you_mean(key, fields))

Parameters, by type:
- Message: rendered first, in the same language (a hint, a nested reason);
- str: shown as it is (field names, ids, paths, values from the files, other tools' words);
- int: as it is (line numbers, pixels), except one named `count`, written as the language writes
  numbers (10.000 / 10,000); a float with two decimals the same way (0,25 / 0.25 seconds);
- PartialDate or date: as the interface writes dates ("februar 2023" / "February 2023");
- tuple: alternatives ("initiative, offer or page" / "initiative, offer eller page").
`plural(key, n)` picks `key_one` or `key_other` with {count}. A literal brace in a message is
doubled ({{ }}). `print(message)`, `str(message)` and f-strings render in the current language.

The current language is set once per command by the CLI (`set_language`), chosen by
`choose_language`: --lang, then RETNING_LANG, then the site's first interface language, then
Danish. Exceptions whose text reaches editors carry a Message (`MessageError`).

Adding a message: a `msg_…` key in both catalogues, and `Message("msg_…", name=value)` (or
`Problems.add(path, line, col, field, "msg_…", name=value)`, `Checker.report(node, field,
"msg_…", …)`) in the code. tests/test_messages.py fails on a key missing from a catalogue, a
catalogue key no code uses, or a problem given a sentence instead of a key."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from generator import theme_folder

if TYPE_CHECKING:
    from generator.core.i18n import Catalogue

DEFAULT_LANGUAGE = "da"
ENVIRONMENT = "RETNING_LANG"
_current = [DEFAULT_LANGUAGE]


class Message:
    """A message key with its parameters; equal, hashable and ordered by both (problems are
    deduplicated and sorted), and pickled whole (a worker process's problems travel back)."""

    __slots__ = ("key", "params")

    def __init__(self, key: str, /, **params: object) -> None:
        self.key = key
        self.params = tuple(sorted(params.items()))

    def text(self, language: str | None = None) -> str:
        """The message in `language` (default: the current one)."""
        catalogue = message_catalogue(language or current_language())
        try:
            template = catalogue.messages[self.key]
        except KeyError:
            raise KeyError(f"no message '{self.key}' in layouts/i18n/{catalogue.language}.yaml") from None
        return template.format(**{name: shown(name, value, catalogue) for name, value in self.params})

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        params = "".join(f", {name}={value!r}" for name, value in self.params)
        return f"Message({self.key!r}{params})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (self.key, self.params) == (other.key, other.params)

    def __hash__(self) -> int:
        return hash((self.key, self.params))

    def __lt__(self, other: Message) -> bool:
        return self.order() < other.order()

    def order(self) -> tuple:
        return self.key, tuple((name, repr(value)) for name, value in self.params)  # values of any type compare

    def __reduce__(self) -> tuple[Callable[[str, tuple], Message], tuple[str, tuple]]:
        return _rebuilt, (self.key, self.params)


def _rebuilt(key: str, params: tuple) -> Message:
    return Message(key, **dict(params))


def plural(key: str, count: int, **params: object) -> Message:
    """`key`_one or `key`_other, with {count} written as the language writes numbers."""
    return Message(f"{key}_one" if count == 1 else f"{key}_other", count=count, **params)


def shown(name: str, value: object, catalogue: Catalogue) -> object:
    from generator.core.dates import PartialDate  # imported when used: dates.py makes Messages

    if isinstance(value, Message):
        return value.text(catalogue.language)
    if name == "count" and isinstance(value, int):
        return catalogue.number(value)
    if isinstance(value, float):
        return catalogue.number(value, decimals=2)
    if isinstance(value, tuple):
        return alternatives(value, catalogue)
    if isinstance(value, (dt.date, PartialDate)):
        return catalogue.date(value)
    return value


def alternatives(words: tuple, catalogue: Catalogue) -> str:
    """a, b or c: the words as the language lists alternatives."""
    if len(words) < 2:
        return "".join(map(str, words))
    return ", ".join(map(str, words[:-1])) + catalogue.messages["msg_or"] + str(words[-1])


class MessageError(Exception):
    """An error whose text reaches editors: it carries a Message, rendered when shown."""

    def __init__(self, message: Message) -> None:
        if not isinstance(message, Message):
            raise TypeError(f"{type(self).__name__} takes a Message (a catalogue key), not {message!r}")
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message.text()


def current_language() -> str:
    return _current[0]


def set_language(language: str) -> None:
    if language not in languages():
        raise ValueError(f"no message catalogue for '{language}'")
    _current[0] = language


def choose_language(option: str | None, environment: str | None, site_first: str | None) -> str:
    """--lang, then RETNING_LANG, then the site's first interface language, then Danish. An
    unknown --lang or RETNING_LANG is a MessageError (a usage error); an unknown site language
    is left to `check` to report, and Danish is used meanwhile."""
    for value, where in ((option, "--lang"), (environment, ENVIRONMENT)):
        if value:
            if value not in languages():
                raise MessageError(Message("msg_unknown_language", value=value, where=where, known=", ".join(languages())))
            return value
    return site_first if site_first in languages() else DEFAULT_LANGUAGE


def languages() -> tuple[str, ...]:
    from generator.core.i18n import LANGUAGES  # imported when used: i18n imports dates, which makes Messages

    return LANGUAGES


@functools.cache
def message_catalogue(language: str) -> Catalogue:
    """Retning's own catalogue for `language` (a site's own layouts do not change its messages)."""
    from generator.core.i18n import load_catalogue

    return load_catalogue(theme_folder("layouts"), language)
