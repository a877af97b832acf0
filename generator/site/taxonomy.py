"""Cross-cutting views: one page per theme, audience, role and SDG, listing the strategies,
tracks, initiatives and offers of every organisation that carry it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from generator.core.depends import Run, note_all
from generator.model.records import Record, Site, natural_key


@dataclass(frozen=True)
class Taxonomy:
    folder: str  # url of its index page; a term's page is folder + key + "/"
    field: str  # the record field holding the vocabulary's keys (a list, or one key for roles)
    inherited: bool  # an initiative without its own takes those of its track or strategy
    # Catalogue keys (layouts/i18n): the index page's title, the word before a term's label in its
    # page title, and the definite form ("Alt med temaet »Energi«").
    title: str
    singular: str
    definite: str


def taxonomy(folder: str, field: str, key: str, inherited: bool) -> Taxonomy:
    return Taxonomy(folder, field, inherited, f"taxonomy_{key}", f"taxonomy_{key}_singular", f"taxonomy_{key}_definite")


TAXONOMIES = {  # vocabulary → its pages
    "themes": taxonomy("temaer/", "themes", "themes", True),
    "audiences": taxonomy("maalgrupper/", "audience", "audiences", False),
    "roles": taxonomy("roller/", "role", "roles", False),
    "sdgs": taxonomy("verdensmaal/", "sdgs", "sdgs", True),
}
TAGGED_TYPES = ("strategy", "track", "initiative", "offer")  # in the order a term's page lists them
PER_PAGE = 100  # records on one page of a term; a large site's role pages would otherwise weigh megabytes


def term_url(vocabulary: str, key: str) -> str:
    return f"{TAXONOMIES[vocabulary].folder}{key}/"


def keys_of(record: Record, field: str) -> list[str]:
    value = record.data.get(field)
    return [value] if isinstance(value, str) else list(value or ())


def inherited_keys(record: Record | None, field: str) -> list[str]:
    """The record's own keys, or else those of the nearest track or strategy above it that has some:
    a strategy's themes hold for everything in it that does not say otherwise."""
    while record is not None:
        if keys := keys_of(record, field):
            return keys
        record = record.parent if record.parent is not None and record.parent.type in ("track", "strategy") else None
    return []


def members(site: Site, run: Run) -> dict[tuple[str, str], list[Record]]:
    """(vocabulary, key) → the records carrying it, in the order its pages list them: by kind, then
    organisation in Danish alphabetical order, then file order."""
    tagged = site.by_id(*TAGGED_TYPES)
    run.each("tags", tagged, record_tags)

    def listed() -> dict[tuple[str, str], list[Record]]:
        tags = run.read("tags")
        keyed = sorted(((*tags[record.id], record) for record in tagged.values()), key=lambda item: item[0])
        found: dict[tuple[str, str], list[Record]] = defaultdict(list)
        for _, terms, record in keyed:
            for term in terms:
                found[term].append(record)
        return dict(found)

    return run.take(("terms", site.generation), listed)


def record_tags(record: Record) -> tuple[tuple, list[tuple[str, str]]]:
    """(where the record comes in a listing, the terms it carries): read from it and the records above it."""
    note_all(("record", r.id) for r in (*record.ancestors(), record))
    terms = []
    for vocabulary, taxonomy in TAXONOMIES.items():
        inherits = taxonomy.inherited and record.type == "initiative"
        terms += [(vocabulary, key) for key in (inherited_keys if inherits else keys_of)(record, taxonomy.field)]
    return listing_order(record), terms


def listing_order(record: Record) -> tuple:
    """By kind, organisation (Danish order), strategy, then number (4.2 before 4.10) and file."""
    organisation, strategy = record.nearest("organisation"), record.nearest("strategy")
    return (
        TAGGED_TYPES.index(record.type),
        organisation.sort_name if organisation else "",
        strategy.path if strategy else "",
        natural_key(record.data.get("number")),
        record.path,
    )


def pages_of(records: list) -> int:
    return max(1, -(-len(records) // PER_PAGE))


def listing(items: list, number: int, url_of: Callable[[int], str]) -> dict:
    """Page `number` of `items` (PER_PAGE a page), with what the pager shows; `url_of(n)`: page n's URL."""
    shown = items[(number - 1) * PER_PAGE : number * PER_PAGE]
    first, pages = (number - 1) * PER_PAGE + 1, pages_of(items)
    return {
        "shown": shown,
        "total": len(items),
        "number": number,
        "pages": pages,
        "first": first,
        "last": first + len(shown) - 1,
        "previous": url_of(number - 1) if number > 1 else None,
        "next": url_of(number + 1) if number < pages else None,
        "window": [(other, url_of(other)) if other else None for other in window(number, pages)],
    }


WINDOW = 2  # pages linked on each side of the current one in a pager; the first and the last always are


def window(number: int, pages: int) -> list[int | None]:
    """The page numbers a pager shows around page `number`, None where it leaves some out: every
    page of a long list linking every other would grow with the square of its length (a year of
    8,000 dates has 80 pages)."""
    shown = sorted({1, pages, *range(max(1, number - WINDOW), min(pages, number + WINDOW) + 1)})
    found: list[int | None] = []
    for other in shown:
        before = found[-1] if found else other - 1
        if other - (before or 0) == 2:  # a gap of one page: show the page rather than "…"
            found.append(other - 1)
        elif other - (before or 0) > 2:
            found.append(None)
        found.append(other)
    return found


def page_url(vocabulary: str, key: str, number: int) -> str:
    return term_url(vocabulary, key) + (f"side-{number}/" if number > 1 else "")


KIND_HEADINGS = {kind: f"kind_{kind}_plural" for kind in TAGGED_TYPES}  # catalogue keys


def holder(record: Record) -> Record | None:
    """What a term's page lists a record under: a track or initiative under its strategy, else its organisation."""
    return record.nearest("strategy" if record.type in ("track", "initiative") else "organisation")


GROUP_WORDS = {"strategy": "strategier", "track": "spor", "initiative": "indsatser", "offer": "tilbud"}


def group_anchor(group: Record | None, kind: str) -> str:
    """The id of a group's heading in a kind's section of a term's page (a strategy links to its
    initiatives of a role: indsatser-ballerup-klimapolitik-2023-2030)."""
    return f"{GROUP_WORDS[kind]}-" + (group.id.replace("/", "-") if group is not None else "uden")


def sections(records: list[Record]) -> list[tuple[str, list[tuple[Record | None, list[Record]]]]]:
    """Records in listing order → [(kind, [(strategy or organisation, records)])], for headings on a page."""
    grouped: list[tuple[str, list[tuple[Record | None, list[Record]]]]] = []
    for record in records:
        organisation = holder(record)
        if not grouped or grouped[-1][0] != record.type:
            grouped.append((record.type, []))
        groups = grouped[-1][1]
        if not groups or groups[-1][0] is not organisation:
            groups.append((organisation, []))
        groups[-1][1].append(record)
    return grouped
