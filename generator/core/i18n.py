"""Interface text and formats per language: one catalogue per language in layouts/i18n/<lang>.yaml.
Content stays in the language it is written in; only the interface follows the site's language."""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from generator.core.dates import PartialDate
from generator.core.depends import note

LANGUAGES = ("da", "en")
SEPARATORS = {"da": (".", ","), "en": (",", ".")}  # thousands, decimal


class Catalogue:
    def __init__(self, language: str, messages: dict[str, Any]):  # texts, and a few tables of them (change_fields)
        self.language = language
        self.messages = messages
        self.read = ("catalogue", language)  # as the dependency store notes it
        self.months = messages["months"].split()

    def __call__(self, key: str, **params: object) -> str:
        note(self.read)
        try:
            message = self.messages[key]
        except KeyError:
            raise KeyError(f"no interface text '{key}' in layouts/i18n/{self.language}.yaml") from None
        return message.format(**params) if params else message

    def subset(self, keys: list[str]) -> dict[str, str]:
        return {key: self(key) for key in keys}

    def count(self, key: str, number: int, **params: object) -> str:
        """`key`_one or `key`_other, with {count} the number formatted for the language."""
        return self(f"{key}_one" if number == 1 else f"{key}_other", count=self.number(number), **params)

    def deadline_state(self, key: str) -> str:
        """The name of a deadline state (deadlines.STATES), e.g. "Forsinket"."""
        return self(f"deadline_{key}")

    def number(self, value: float | None, decimals: int | None = None) -> str:
        """1.400 and 12,5 in Danish; 1,400 and 12.5 in English."""
        if value is None:
            return ""
        if decimals is None:
            # as many as the shortest repr has: 12.5 → 1; 1e-07 → 7 (its repr has no point)
            exponent = Decimal(repr(float(value))).as_tuple().exponent  # not a number for inf and nan
            decimals = -exponent if isinstance(exponent, int) and not float(value).is_integer() else 0
        thousands, decimal = SEPARATORS[self.language]
        text = f"{value:,.{decimals}f}"
        return text.replace(",", "\x00").replace(".", decimal).replace("\x00", thousands)

    def date(self, value: PartialDate | dt.date | None) -> str:
        """14. juni 2011 in Danish, 14 June 2011 in English; a partial date to its precision."""
        if isinstance(value, dt.date):
            return self("day", day=value.day, month=self.months[value.month - 1], year=value.year)
        if not value:
            return ""
        if not value.known:
            return self("unknown_date")
        if value.precision == "year":
            return str(value.year)
        if value.precision == "half":
            return self("half_year", part=value.part, year=value.year)
        if value.precision == "quarter":
            return self("quarter", part=value.part, year=value.year)
        if value.precision == "month":
            return self("month", month=self.months[value.part - 1], year=value.year)
        return self("day", day=value.day, month=self.months[value.part - 1], year=value.year)


def load_catalogue(layouts: Path, language: str) -> Catalogue:
    text = (layouts / "i18n" / f"{language}.yaml").read_text(encoding="utf-8")
    return parsed_catalogue(language, text)


@functools.lru_cache(maxsize=8)
def parsed_catalogue(language: str, text: str) -> Catalogue:
    """Parsing a catalogue costs 35 ms, and the live preview loads both on every rebuild."""
    return Catalogue(language, yaml.safe_load(text))
