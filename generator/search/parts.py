"""Sub-results and snippets: the parts of a page a query matches, and short passages around the
matching words. assets/js/search.js runs the same steps on the same exported data, so the command
line and the browser show the same parts and the same snippets.

A page's parts are its nested objects, in page order, each with an anchor that exists on its page:
a strategy's goals (`maal-N`), key figures (`tal-N`), charts (`diagram-N`), sections (`afsnit-N`)
and their items (`afsnit-N-M`); a track's key figures and sections; an initiative's measures (their
`id`, else `maalepunkt-N`); a meeting's agenda items (`punkt-NUMBER`, with their recommendation,
points, decision and documents). A part is exported as [anchor, title, text]: the title cut to
PART_TITLE_LENGTH characters and the rest of its text to PART_TEXT_LENGTH, both at a word boundary.
Parts are not documents of their own: a page ranks by its own document, which holds their text.

Which parts a result shows (best_parts): a part scores the weights of the distinct query terms
(query.expand) that a word of its title (counted TITLE_WEIGHT times) or else of its text matches,
a phrase term (two neighbouring query words) when they are neighbours in its title; best first,
ties in page order, at most SHOWN_PARTS, none without a match.

A word matches a query term when its stem is the term or, for terms of PREFIX_MATCH_FROM letters
or more, when the word begins with it (a compound: "energi" matches "energirådgivning"). Words are
the runs of word characters of the text itself (so offsets point into it), each folded as the
analysis folds text; stop words and words of fewer than two letters match nothing.

A snippet (snippet) is the window of SNIPPET_WORDS consecutive words whose distinct matching terms
weigh most (the first such window), moved to centre its first and last matching word, with the
matching words' offsets; shown() adds "… " and " …" where the window cuts the text. Offsets count
characters (code points) here and in the JSON of `build.py search`; the browser counts UTF-16 code
units, which is the same for text without characters outside the Basic Multilingual Plane.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import quote

from generator.content import schema as s
from generator.model.records import Record
from generator.search import documents
from generator.search.analysis import MAX_LENGTH, MIN_LENGTH, STOP_WORDS, fold, stem, words

PART_TEXT_LENGTH = 300
PART_TITLE_LENGTH = 160
SHOWN_PARTS = 3
SNIPPET_WORDS = 25
TITLE_WEIGHT = 2
PREFIX_MATCH_FROM = 4
ELLIPSIS = "…"
WORD = re.compile(r"\w+")
# Not text of a part: numbers' units ("%", "stk.") say nothing on their own.
NOT_PART_TEXT = {"unit"}


def cut(text: str, limit: int) -> str:
    """`text` with its white space collapsed, cut to at most `limit` characters before a word
    that the limit falls in (and "…" added) when longer."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    space = head.rfind(" ")
    head = head[:space] if space > limit // 2 else text[:limit]
    return head.rstrip(" ,.;:-–") + ELLIPSIS


def _part(anchor: str, title: str, item: dict, ftype: s.Obj, leave_out: Sequence[str]) -> list[str]:
    rest = {name: value for name, value in item.items() if name not in leave_out and name not in NOT_PART_TEXT}
    return [anchor, cut(title, PART_TITLE_LENGTH), cut(" ".join(documents.texts(rest, ftype)), PART_TEXT_LENGTH)]


def page_parts(record: Record) -> list[list[str]]:
    """[anchor, title, text] of each part of the record's page, in page order (see the module)."""
    data = record.data
    found: list[list[str]] = []
    if record.type == "strategy":
        for number, goal in enumerate(data.get("goals") or [], 1):
            found.append(_part(f"maal-{number}", str(goal.get("title") or ""), goal, s.GOAL, ("title",)))
    if record.type in ("strategy", "track"):
        for number, figure in enumerate(data.get("key_figures") or [], 1):
            found.append(_part(f"tal-{number}", str(figure.get("label") or ""), figure, s.KEY_FIGURE, ("label",)))
    if record.type == "strategy":
        for number, chart in enumerate(data.get("charts") or [], 1):
            found.append(_part(f"diagram-{number}", str(chart.get("title") or ""), chart, s.CHART, ("title",)))
    if record.type in ("strategy", "track"):
        for number, section in enumerate(data.get("sections") or [], 1):
            found.append(_part(f"afsnit-{number}", str(section.get("title") or ""), section, s.SECTION, ("title", "items")))
            for item_number, item in enumerate(section.get("items") or [], 1):
                found.append(_part(f"afsnit-{number}-{item_number}", str(item.get("title") or ""), item, s.SECTION_ITEM, ("title",)))
    if record.type == "initiative":
        for number, measure in enumerate(data.get("measures") or [], 1):
            anchor = str(measure.get("id") or f"maalepunkt-{number}")
            found.append(_part(anchor, str(measure.get("text") or ""), measure, s.MEASURE, ("text",)))
    if record.type == "meeting":
        for item in data.get("items") or []:
            point = str(item.get("number"))
            found.append(_part(f"punkt-{point}", f"{point}. {item.get('title') or ''}", item, s.AGENDA_ITEM, ("title",)))
    return [part for part in found if part[1] or part[2]]


def anchor_url(page_url: str, anchor: str) -> str:
    """The page's URL with `#anchor`, escaped as the client's encodeURIComponent escapes it."""
    return page_url + "#" + quote(anchor, safe="!'()*")


class Matcher:
    """Which query terms a word matches (see the module), remembered per word."""

    def __init__(self, terms: Sequence) -> None:
        self.terms = [(term.term, len(term.term) >= PREFIX_MATCH_FROM) for term in terms]
        self.known: dict[str, tuple[int, ...]] = {}

    def __call__(self, token: str) -> tuple[int, ...]:
        found = self.known.get(token)
        if found is None:
            word = fold(token)
            if not MIN_LENGTH <= len(word) <= MAX_LENGTH or word in STOP_WORDS:
                found = ()
            else:
                own = stem(word)
                found = tuple(n for n, (term, prefix) in enumerate(self.terms) if term == own or prefix and word.startswith(term))
            self.known[token] = found
        return found


def matches(text: str, matcher: Matcher) -> list[tuple[int, int, tuple[int, ...]]]:
    """(start, end, numbers of the terms it matches) of every word of `text`."""
    return [(m.start(), m.end(), matcher(m.group())) for m in WORD.finditer(text)]


def highlights(text: str, terms: Sequence, matcher: Matcher | None = None) -> list[list[int]]:
    """[start, end] of every word of `text` that matches a query term."""
    matcher = matcher or Matcher(terms)
    return [[start, end] for start, end, found in matches(text, matcher) if found]


def _weight(found: set[int], terms: Sequence) -> float:
    total = 0.0
    for number, term in enumerate(terms):  # in term order, as the client adds them
        if number in found:
            total += term.weight
    return total


def snippet(text: str, terms: Sequence, size: int = SNIPPET_WORDS, matcher: Matcher | None = None) -> tuple[int, int, list[list[int]]]:
    """(start, end, highlights): the window text[start:end] of `size` words around the best
    matching words (see the module), and [start, end] of its matching words, within the window."""
    matcher = matcher or Matcher(terms)
    words = matches(text, matcher)
    if len(words) <= size:
        first = 0
    else:
        first, best = 0, 0.0
        for at in range(len(words) - size + 1):
            weight = _weight({n for _, _, found in words[at : at + size] for n in found}, terms)
            if weight > best:
                first, best = at, weight
        hits = [n for n in range(first, first + size) if words[n][2]]
        if hits:  # centre the matching words in the window
            slack = size - (hits[-1] - hits[0] + 1)
            first = min(max(hits[0] - slack // 2, 0), len(words) - size)
    last = min(first + size, len(words)) - 1
    start = words[first][0] if first > 0 else 0
    end = words[last][1] if last < len(words) - 1 else len(text)
    marked = [[a - start, b - start] for a, b, found in words[first : last + 1] if found]
    return start, end, marked


def shown(text: str, terms: Sequence, size: int = SNIPPET_WORDS, matcher: Matcher | None = None) -> dict:
    """The snippet as shown: {"text": the window with "… " before and " …" after where it cuts
    the text, "highlights": [[start, end], …] in that text}."""
    start, end, marked = snippet(text, terms, size, matcher)
    before = ELLIPSIS + " " if start > 0 else ""
    after = " " + ELLIPSIS if end < len(text) else ""
    return {"text": before + text[start:end] + after, "highlights": [[a + len(before), b + len(before)] for a, b in marked]}


def title_pairs(title: str) -> set[str]:
    """The phrase terms of the title's neighbouring words, as documents.pair_words indexes them."""
    found = words(title)
    return {stem(first + documents.PAIR + second) for first, second in zip(found, found[1:], strict=False)}


def part_score(part: Sequence[str], terms: Sequence, matcher: Matcher | None = None) -> float:
    """The weights of the distinct query terms a word of the part's title (TITLE_WEIGHT times) or
    else of its text matches; a phrase term counts when its two words are neighbours in the title."""
    matcher = matcher or Matcher(terms)
    in_title = {n for _, _, found in matches(part[1], matcher) for n in found}
    if any(documents.PAIR in term.term for term in terms):
        pairs = title_pairs(part[1])
        in_title |= {n for n, term in enumerate(terms) if term.term in pairs}
    in_text = {n for _, _, found in matches(part[2], matcher) for n in found}
    total = 0.0
    for number, term in enumerate(terms):
        if number in in_title:
            total += TITLE_WEIGHT * term.weight
        elif number in in_text:
            total += term.weight
    return total


def best_parts(parts: Sequence[Sequence[str]], terms: Sequence, limit: int = SHOWN_PARTS, matcher: Matcher | None = None) -> list[int]:
    """Positions of the best-matching parts (at most `limit`): best first, ties in page order,
    none that matches no query term."""
    matcher = matcher or Matcher(terms)
    scored = [(score, position) for position, part in enumerate(parts) if (score := part_score(part, terms, matcher)) > 0]
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [position for _, position in scored[:limit]]


def sub_results(card: dict, url: str, terms: Sequence) -> dict:
    """What a result shows beside its title (`build.py search --json`, and the browser): its
    snippet (from the card's excerpt, else its title) and its best parts, each with its URL and the
    snippet of its text (else of its title)."""
    matcher = Matcher(terms)
    parts = card.get("p") or []
    return {
        "snippet": shown(card.get("x") or card.get("t") or "", terms, matcher=matcher),
        "parts": [
            {
                "anchor": parts[n][0],
                "url": anchor_url(url, parts[n][0]),
                "title": parts[n][1],
                "snippet": shown(parts[n][2] or parts[n][1], terms, matcher=matcher),
            }
            for n in best_parts(parts, terms, matcher=matcher)
        ],
    }
