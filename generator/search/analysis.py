"""Danish text analysis shared by the Whoosh index, the static export and (ported) the browser client.

Pipeline: fold (NFKC, lower case, typographic quotes and dashes to ASCII; æ/ø/å kept) →
tokenize (runs of word characters) → drop tokens shorter than 2 or longer than MAX_LENGTH, and
stop words → Snowball Danish stem (cached).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

import snowballstemmer
from whoosh.analysis import RegexTokenizer, StemFilter, StopFilter
from whoosh.lang.stopwords import stoplists

TOKEN = re.compile(r"\w+")
MIN_LENGTH = 2
# Longer tokens are neither indexed nor searched (the browser client drops them too): no word is
# that long (the longest Danish ones have about 50 letters), so they are hashes, encoded data or
# garbage, which nobody searches for, and one such "word" of a megabyte would be stemmed letter by
# letter and make the shard holding it (or the manifest, if it began a shard) a megabyte.
MAX_LENGTH = 100
# TOKEN, less the tokens the stop filter drops for length: a whole run of 2 to MAX_LENGTH word
# characters (\b does not match inside a run, so a longer run yields nothing, in linear time)
LONG_TOKEN = re.compile(rf"\b\w{{{MIN_LENGTH},{MAX_LENGTH}}}\b")
# Whoosh's Danish stop words, and the words of a question that say nothing about its subject
# ("hvordan får min virksomhed hjælp …"): left out of queries and documents alike.
QUESTION_WORDS = frozenset(
    {"hvem", "hvordan", "hvornår", "hvorfor", "hvilke", "hvilken", "hvilket", "kan", "får", "egen", "eget", "egne", "gerne"}
)
STOP_WORDS = frozenset(stoplists["da"]) | QUESTION_WORDS
_FOLD = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "−": "-",
        "\u00ad": None,
    }
)
_STEMMER = snowballstemmer.stemmer("danish")


_NEEDS_FOLD = re.compile("[" + "".join(chr(c) for c in _FOLD) + "]")


def fold(text: str) -> str:
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    if _NEEDS_FOLD.search(text):  # translate is slow on long text; most text has nothing to fold
        text = text.translate(_FOLD)
    return text.lower()


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word)


def words(text: str) -> list[str]:
    """Folded tokens that survive the stop list: the words a document is made of, before stemming."""
    return [w for w in LONG_TOKEN.findall(fold(text)) if w not in STOP_WORDS]


def analyze(text: str) -> list[str]:
    """The index terms of `text`, in order (the fast path)."""
    return [stem(w) for w in words(text)]


class FoldingTokenizer(RegexTokenizer):
    """Whoosh's tokenizer, folding first as the fast path does (folding can join or split words)."""

    def __call__(self, value: str, **kwargs: Any) -> Any:
        return super().__call__(fold(value), **kwargs)


def whoosh_analyzer() -> Any:
    """The same analysis built from Whoosh's own pieces, with our stemmer plugged in."""
    return (
        FoldingTokenizer(TOKEN.pattern) | StopFilter(stoplist=STOP_WORDS, minsize=MIN_LENGTH, maxsize=MAX_LENGTH) | StemFilter(stemfn=stem)
    )
