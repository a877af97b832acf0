"""What is searchable: one document per record page, with its fields, facets and result card."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from generator.content import schema as s
from generator.model.deadlines import initiative_state, today
from generator.model.records import Record, Site, nearest_of
from generator.search import parts as page_parts_module
from generator.search.analysis import words
from generator.site.taxonomy import keys_of

FIELDS = ("title", "summary", "body", "parts", "labels")
FIELD_BOOSTS = {"title": 3.0, "summary": 2.0, "body": 1.0, "parts": 0.5, "labels": 0.5}
# Vocabularies whose labels, in every interface language, make a record findable ("climate",
# "startup"): weak evidence, as compound parts are.
LABELLED = {"themes": "themes", "audience": "audiences", "needs": "needs", "role": "roles"}
KIND_LABELS = {
    "organisation": "Organisation",
    "strategy": "Strategi",
    "track": "Spor",
    "initiative": "Indsats",
    "offer": "Tilbud",
    "meeting": "Møde",
    "page": "Side",
}
FACETS = ("organisation", "kind", "theme", "audience", "status", "role")
# Not body text: a record's own title, name and summary have fields of their own; addresses, numbers
# and source locations are not words anyone searches for. Inside nested objects (a goal, a section,
# an agenda item) titles and summaries are text like any other.
SKIPPED_TEXT = {"type", "id", "title", "name", "summary", "email", "phone", "url", "web", "number", "location"}
NEVER_TEXT = SKIPPED_TEXT - {"title", "name", "summary"}
_MARKDOWN = re.compile(r"\]\([^)]*\)|[#*_>`|\[\]]")
EXCERPT_LENGTH = 280
# A field is searchable up to this many characters (about 30,000 words, a long report; the longest
# field in the content has 18,000), so one record's search work is bounded however big it is.
MAX_FIELD_LENGTH = 200_000


@dataclass
class SearchDoc:
    key: str  # stable short id: postings refer to it, so it must not change when other records change
    record_id: str
    url: str
    fields: dict[str, str]
    facets: dict[str, list[str]] = field(default_factory=dict)
    # The result card: t title, u URL, k kind, o organisation, s strategy, x excerpt, d deadline
    # state (initiatives), p the page's parts ([anchor, title, text], parts.page_parts; only when it
    # has any). The export writes p to parts/ files and leaves only a flag in the card.
    card: dict = field(default_factory=dict)


def plain(markdown: str) -> str:
    return _MARKDOWN.sub(" ", markdown)


def texts(value: Any, ftype: object) -> list[str]:
    """All free text in a value, walking the schema (references, vocabularies and numbers are not text)."""
    if value in (None, [], {}):
        return []
    if isinstance(ftype, s.Obj):
        return [t for name, sub in ftype.fields.items() if name not in NEVER_TEXT for t in texts(value.get(name), sub)]
    if isinstance(ftype, s.ListOf):
        return [t for item in value for t in texts(item, ftype.item)]
    if isinstance(ftype, (s.Text, s.Markdown)):
        return [plain(value)]
    return []


def bounded(text: str) -> str:
    """`text` cut to at most MAX_FIELD_LENGTH characters, before the word the limit falls in."""
    if len(text) <= MAX_FIELD_LENGTH:
        return text
    window = text[:MAX_FIELD_LENGTH]
    if text[MAX_FIELD_LENGTH].isspace() or window[-1].isspace():
        return window
    head = window.rsplit(maxsplit=1)
    return head[0] if len(head) == 2 else ""


def summary_of(record: Record) -> str:
    data = record.data
    return " ".join(filter(None, [data.get("summary"), data.get("goal"), data.get("promise"), data.get("committee")]))


def base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, digit = divmod(number, 36)
        text = digits[digit] + text
        if not number:
            return text


def slot_keys(record_ids: list[str]) -> dict[str, str]:
    """Short document ids: each record's slot in a hash table at least twice the size of the corpus,
    written as fixed-width base 36 (so key order is slot order). A slot depends on the record id
    alone (and on rare collisions), so an edit leaves every other key, and the shards, in place;
    dense slots let the postings store small gaps instead of random ids."""
    size = 1024
    while size < 2 * len(record_ids):
        size *= 2
    width = len(base36(size - 1))
    taken: set[int] = set()
    keys = {}
    for record_id in sorted(record_ids):
        slot = int.from_bytes(hashlib.sha1(record_id.encode()).digest()[:8], "big") % size
        while slot in taken:
            slot = (slot + 1) % size
        taken.add(slot)
        keys[record_id] = base36(slot).rjust(width, "0")
    return keys


def documents(site: Site, cache: dict | None = None) -> list[SearchDoc]:
    """One document per record, in id order. With a cache (record id → (inputs, document)) from an
    earlier build of the same vocabularies, a record whose inputs did not change keeps its
    document object. (An initiative's card holds its deadline state, which the reference date can
    change without any record changing: the date is one of its inputs.)"""
    docs = []
    keys = slot_keys(list(site.records))
    day = today() if cache is not None else None
    organisation_of, strategy_of = nearest_of(site, "organisation"), nearest_of(site, "strategy")
    for record in sorted(site.records.values(), key=lambda r: r.id):
        if cache is None:
            docs.append(search_doc(site, record, keys[record.id]))
            continue
        organisation, strategy = organisation_of[record.id], strategy_of[record.id]
        inputs = (
            record.version,
            keys[record.id],
            organisation and (organisation.id, organisation.version),
            strategy and (strategy.id, strategy.version),
            record.type == "initiative" and day,
        )
        entry = cache.get(record.id)
        if entry is None or entry[0] != inputs:
            entry = cache[record.id] = (inputs, search_doc(site, record, keys[record.id]))
        docs.append(entry[1])
    if cache is not None:
        for gone in cache.keys() - site.records.keys():
            del cache[gone]
    return docs


def search_doc(site: Site, record: Record, key: str) -> SearchDoc:
    schema = s.RECORDS[record.type]
    body_texts = [
        t
        for name, sub in schema.fields.items()
        if name not in ("goal", "promise", "committee") and name not in SKIPPED_TEXT
        for t in texts(record.data.get(name), sub)
    ]
    organisation = record.nearest("organisation")
    facets = {
        "organisation": [organisation.name] if organisation else [],
        "kind": [KIND_LABELS[record.type]],
        "theme": [site.label("themes", t) for t in record.data.get("themes") or []],
        "audience": [site.label("audiences", a) for a in record.data.get("audience") or []],
        "status": [site.label("statuses" if record.type == "initiative" else "lifecycle", record.data["status"])]
        if record.data.get("status") and record.type in ("initiative", "strategy")
        else [],
        "role": [site.label("roles", record.data["role"])] if record.data.get("role") else [],
    }
    body = " ".join(body_texts)
    summary = summary_of(record)
    excerpt = page_parts_module.cut(plain(summary) or body, EXCERPT_LENGTH)
    strategy = record.nearest("strategy")
    card: dict[str, object] = {
        "t": record.name,
        "u": record.url,
        "k": KIND_LABELS[record.type],
        "o": facets["organisation"][0] if facets["organisation"] else "",
        "s": strategy.name if strategy and strategy is not record else "",
        "x": excerpt,
    }
    if record.type == "initiative":  # only initiatives have a deadline state (deadlines.STATES): no bytes for the rest
        card["d"] = initiative_state(record)
    parts = page_parts_module.page_parts(record)
    if parts:
        card["p"] = parts
    return SearchDoc(
        key,
        record.id,
        record.url,
        {
            "title": bounded(record.name + pair_words(record.name)),
            "summary": bounded(plain(summary)),
            "body": bounded(body) + "".join(pair_words(part[1]) for part in parts),
            "parts": "",
            "labels": labels_of(site, record),
        },
        facets,
        card,
    )


PAIR = "_"  # joins two neighbouring words of a title into one token: a phrase the query can match


def pair_words(title: str) -> str:
    """The title's neighbouring words as pair tokens (" klima_handleplan …"), indexed with the title
    (a part's title: with the body): a query whose neighbouring words match one ranks that page
    higher (query.py)."""
    found = words(title)
    return "".join(f" {first}{PAIR}{second}" for first, second in zip(found, found[1:], strict=False))


def labels_of(site: Site, record: Record) -> str:
    """The record's themes, audiences, needs and role in every language the vocabularies name."""
    found = []
    for name, vocabulary in LABELLED.items():
        for key in keys_of(record, name):
            entry = site.vocabularies.get(vocabulary, {}).get(key) or {}
            found += [entry[language] for language in ("da", "en") if entry.get(language)]
    return " ".join(dict.fromkeys(found))
