"""A structural check of Atom feeds against the rules of RFC 4287 (sections 3 and 4): what an
element must hold, how often, and in what form. Returns the broken rules, so a test can show them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# RFC 3339 date-time, with the upper-case T and Z that RFC 4287 section 3.3 asks for.
DATE_TIME = re.compile(
    r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"
    r"T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$"
)
ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
URN_UUID = re.compile(r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
TEXT_CONSTRUCTS = ("title", "subtitle", "summary", "rights")
FEED_CHILDREN = {
    "author",
    "category",
    "contributor",
    "generator",
    "icon",
    "id",
    "link",
    "logo",
    "rights",
    "subtitle",
    "title",
    "updated",
    "entry",
}
ENTRY_CHILDREN = {
    "author",
    "category",
    "content",
    "contributor",
    "id",
    "link",
    "published",
    "rights",
    "source",
    "summary",
    "title",
    "updated",
}
# (element, children it must have exactly once, children it may have at most once)
FEED_COUNTS = (("id", "title", "updated"), ("generator", "icon", "logo", "rights", "subtitle"))
ENTRY_COUNTS = (("id", "title", "updated"), ("content", "published", "rights", "source", "summary"))


def atom_problems(document: bytes) -> list[str]:
    try:
        feed = ET.fromstring(document)
    except ET.ParseError as error:
        return [f"not well-formed XML: {error}"]
    if feed.tag != ATOM + "feed":
        return [f"the root is {feed.tag}, not atom:feed"]
    problems: list[str] = []
    if XML_LANG in feed.attrib and not LANGUAGE_TAG.match(feed.attrib[XML_LANG]):
        problems.append(f"xml:lang {feed.attrib[XML_LANG]!r} is not a language tag")
    check_children(feed, "feed", FEED_CHILDREN, FEED_COUNTS, problems)
    entries = feed.findall(ATOM + "entry")
    if not feed.findall(ATOM + "author") and any(not entry.findall(ATOM + "author") for entry in entries):
        problems.append("4.1.1: a feed without atom:author needs one in every entry")
    check_alternates(feed, "feed", problems)
    ids = [entry.findtext(ATOM + "id") for entry in entries]
    if len(ids) != len(set(ids)):
        problems.append("entry ids repeat within the feed")
    for number, entry in enumerate(entries, 1):
        where = f"entry {number}"
        check_children(entry, where, ENTRY_CHILDREN, ENTRY_COUNTS, problems)
        check_alternates(entry, where, problems)
        if entry.find(ATOM + "content") is None and not any(
            link.get("rel", "alternate") == "alternate" for link in entry.findall(ATOM + "link")
        ):
            problems.append(f"4.1.2: {where} has no atom:content, so it needs a link rel=alternate")
    return problems


def check_children(element: ET.Element, where: str, allowed: set[str], counts: tuple, problems: list[str]) -> None:
    exactly_one, at_most_one = counts
    for child in element:
        name = child.tag.removeprefix(ATOM)
        if child.tag.startswith(ATOM) and name not in allowed:
            problems.append(f"{where}: atom:{name} is not allowed here")
    for name in exactly_one:
        found = len(element.findall(ATOM + name))
        if found != 1:
            problems.append(f"{where}: must have exactly one atom:{name}, has {found}")
    for name in at_most_one:
        if len(element.findall(ATOM + name)) > 1:
            problems.append(f"{where}: may have at most one atom:{name}")
    for child in element:
        name = child.tag.removeprefix(ATOM)
        check_construct(child, f"{where} atom:{name}", name, problems)


def check_construct(child: ET.Element, where: str, name: str, problems: list[str]) -> None:
    if name in ("updated", "published") and not DATE_TIME.match(child.text or ""):
        problems.append(f"3.3: {where} {child.text!r} is not an RFC 3339 date-time")
    elif name == "id":
        text = child.text or ""
        if not ABSOLUTE_IRI.match(text):
            problems.append(f"4.2.6: {where} {text!r} is not an absolute IRI")
        elif text.startswith("urn:uuid:") and not URN_UUID.match(text):
            problems.append(f"4.2.6: {where} {text!r} is not a well-formed urn:uuid")
    elif name in TEXT_CONSTRUCTS:
        kind = child.get("type", "text")
        if kind not in ("text", "html", "xhtml"):
            problems.append(f"3.1.1: {where} type {kind!r} is not text, html or xhtml")
        if kind == "text" and len(child):
            problems.append(f"3.1.1.1: {where} is plain text but holds elements")
        if name == "title" and not (child.text or "").strip():
            problems.append(f"{where} is empty")
    elif name == "link":
        href = child.get("href")
        if not href:
            problems.append(f"4.2.7.1: {where} has no href")
        elif not ABSOLUTE_IRI.match(href) and href.startswith("/"):
            # A relative reference is resolved against the feed's own address (RFC 4287 section 2,
            # RFC 3986 section 5.1.3); one from the server's root breaks on a site in a sub-folder.
            problems.append(f"{where} href {href!r} is neither absolute nor relative to the feed's own address")
        if "type" in child.attrib and not re.match(r"^[\w.+-]+/[\w.+-]+$", child.get("type")):
            problems.append(f"4.2.7.3: {where} type {child.get('type')!r} is not a media type")
    elif name in ("author", "contributor"):
        if len(child.findall(ATOM + "name")) != 1:
            problems.append(f"3.2.1: {where} must have exactly one atom:name")
    elif name == "category" and not child.get("term"):
        problems.append(f"4.2.2.1: {where} has no term")


def check_alternates(element: ET.Element, where: str, problems: list[str]) -> None:
    seen = set()
    for link in element.findall(ATOM + "link"):
        if link.get("rel", "alternate") == "alternate":
            key = (link.get("type"), link.get("hreflang"))
            if key in seen:
                problems.append(f"4.1.1/4.1.2: {where} has two alternate links of type {key[0]} and hreflang {key[1]}")
            seen.add(key)
