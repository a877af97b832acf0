"""Route stage: give every output a path, a template and the inputs it depends on."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from generator.core.depends import Run, note, one_off
from generator.core.i18n import Catalogue
from generator.core.messages import Message
from generator.core.problems import ContentError, Problem
from generator.model.places import matching_places
from generator.model.records import Record, Site
from generator.site.taxonomy import TAXONOMIES, members, page_url, pages_of
from generator.site.timeline import overdue, overdue_url, timeline, year_url

# Generated list pages: url → (template, catalogue key of the title).
LIST_PAGES = {
    "strategier/": ("strategies.html", "page_strategies"),
    "organisationer/": ("organisations.html", "page_organisations"),
    "tilbud/": ("offers.html", "page_offers"),
    "temaer/": ("taxonomy_index.html", "page_themes"),
    "tidslinje/": ("timeline.html", "page_timeline"),
    "moeder/": ("meetings.html", "page_meetings"),
    "soeg/": ("search.html", "page_search"),
}
# Generated pages that are not in the main menu.
OTHER_PAGES = {
    "was/": ("accessibility.html", "page_accessibility"),
    "data/": ("data.html", "page_data"),  # the open data files (generator/opendata/)
}


@dataclass(slots=True)
class Output:
    path: str  # file path inside site/
    url: str  # the page's own URL, relative to the site root ("" is the home page)
    template: str
    title: str
    record: Record | None = None
    term: tuple[str, str | None] | None = None  # (vocabulary, key) of a cross-cutting page; key None: its index
    number: int = 1  # of the page, when a term's records (or a year's dates) fill several
    year: int | None = None  # of a timeline page
    language: str = "da"  # of its interface
    prefix: str = ""  # of every page URL in its language: "" at the site root, else "en/"
    heading: str = ""  # the title without "(side 2 af 3)", for breadcrumbs

    @property
    def site_url(self) -> str:
        """The page's URL in the main language: the same page in every language has the same."""
        return self.url[len(self.prefix) :]


def absolute_base(base_url: str | None) -> str:
    """The configured base URL ending in "/", or "" when there is none."""
    return (base_url or "").rstrip("/") + "/" if base_url else ""


# What a build without a base URL leaves out, said once (build.pipeline.BuildResult.notices).
NO_BASE_URL = Message("msg_no_base_url")


def page_path(url: str) -> str:
    return url + "index.html" if url == "" or url.endswith("/") else url


def route_site(site: Site, run: Run | None = None) -> list[Output]:
    """Every page of the site. `run`: the build's run of the dependency store, which keeps the
    lists of terms and of the timeline while nothing they read changed (default: a fresh store)."""
    run = run or one_off()
    site.terms = members(site, run)
    site.timeline = timeline(site, run)
    site.offer_filters = offer_filter_values(site)
    outputs = []
    for number, (language, catalogue) in enumerate(site.catalogues.items()):
        outputs += language_outputs(site, catalogue, "" if number == 0 else f"{language}/", run)
    main = next(iter(site.catalogues.values()))
    outputs.append(Output("404.html", "404.html", "404.html", main("page_not_found"), language=main.language))
    if absolute_base(site.settings.get("base_url")):  # a sitemap lists absolute addresses only
        outputs.append(Output("sitemap.xml", "sitemap.xml", "sitemap.xml", "sitemap", language=main.language))
    outputs.append(Output("robots.txt", "robots.txt", "robots.txt", "robots", language=main.language))
    check_collisions(outputs)
    return outputs


def language_outputs(site: Site, t: Catalogue, prefix: str, run: Run) -> list[Output]:
    """Every page with its interface in one language, its URL under `prefix`. The records' pages
    (most of them) are made through `run`, as a family of the site's generation (they hold its records)."""
    outputs = []

    def add(url: str, template: str, title: str, heading: str = "", **fields: Any) -> None:
        outputs.append(
            Output(
                page_path(prefix + url),
                prefix + url,
                template,
                title,
                language=t.language,
                prefix=prefix,
                heading=heading or title,
                **fields,
            )
        )

    def paged(title: str, number: int, count: int) -> str:
        return t("page_of", title=title, number=number, count=count) if count > 1 else title

    add("", "home.html", site.settings.get("title", "Retning"))
    for url, (template, key) in (LIST_PAGES | OTHER_PAGES).items():
        if template != "taxonomy_index.html":  # routed with the other cross-cutting pages below
            add(url, template, t(key))
    for found in run.each(f"pages of {t.language} {site.generation}", site.by_id(), lambda r: record_outputs(r, t, prefix)).values():
        outputs += found
    for vocabulary, taxonomy in TAXONOMIES.items():
        add(taxonomy.folder, "taxonomy_index.html", t(taxonomy.title), term=(vocabulary, None))
        for key in site.vocabularies.get(vocabulary, {}):
            title = t("term_title", kind=t(taxonomy.singular), label=site.label(vocabulary, key, t.language))
            count = pages_of(site.terms.get((vocabulary, key), []))
            for number in range(1, count + 1):
                add(
                    page_url(vocabulary, key, number),
                    "taxonomy.html",
                    paged(title, number, count),
                    title,
                    term=(vocabulary, key),
                    number=number,
                )
    for kind, values in site.offer_filters.items():  # one page per filter value: the finder without JavaScript
        for key, _, _ in values:
            label = offer_filter_label(site, kind, key, t.language)
            add(offer_filter_url(kind, key), "offers.html", t("offer_filter_title", label=label), term=(kind, key))
    for year, items in site.timeline.items():
        count, title = pages_of(items), t("timeline_year_title", year=year)
        for number in range(1, count + 1):
            add(year_url(year, number), "timeline_year.html", paged(title, number, count), title, number=number, year=year)
    count, title = pages_of(overdue(site)), t("timeline_overdue_title")
    for number in range(1, count + 1):
        add(overdue_url(number), "timeline_overdue.html", paged(title, number, count), title, number=number)
    return outputs


def record_outputs(record: Record, t: Catalogue, prefix: str) -> list[Output]:
    """A record's page (the bulk of a large site: made directly) and a strategy's print page."""
    note(("record", record.id))
    url, name, language = prefix + record.id + "/", record.name, t.language
    found = [Output(url + "index.html", url, f"{record.type}.html", name, record, None, 1, None, language, prefix, name)]
    if record.type == "strategy":  # the whole strategy as one document, for paper
        url, title = prefix + print_url(record), t("print_title", title=name)
        found.append(Output(page_path(url), url, "strategy_print.html", title, record, language=language, prefix=prefix, heading=title))
    return found


def print_url(strategy: Record) -> str:
    return strategy.url + "udskriv/"


OFFER_FILTERS = {"needs": "tilbud/behov/", "audiences": "tilbud/maalgruppe/", "places": "tilbud/sted/", "organisations": "tilbud/udbyder/"}
OFFER_VOCABULARIES = {"needs": "needs", "audiences": "audiences", "places": "places"}


def offer_filter_label(site: Site, kind: str, key: str, language: str) -> str:
    """A value of the offer finder's filters: a need or audience label, or a provider's name."""
    return site.records[key].name if kind == "organisations" else site.label(OFFER_VOCABULARIES[kind], key, language)


def offer_filter_url(kind: str, key: str) -> str:
    return f"{OFFER_FILTERS[kind]}{key}/"


def offer_filter_values(site: Site) -> dict[str, list[tuple[str, str, int]]]:
    """Filter → (key, label, number of offers) of every value some offer has: needs, audiences and
    places in their vocabulary's order (a place counts the offers its choice keeps: places.py),
    providers in Danish alphabetical order."""
    offers = site.of_type("offer")
    needs = Counter(key for offer in offers for key in offer.data["needs"])
    audiences = Counter(key for offer in offers for key in offer.data["audience"])
    providers = Counter(offer.parent.id for offer in offers if offer.parent is not None)
    places = Counter(key for offer in offers for key in matching_places(site, offer))
    return {
        "needs": [(key, site.label("needs", key), needs[key]) for key in site.vocabularies.get("needs", {}) if needs[key]],
        "audiences": [
            (key, site.label("audiences", key), audiences[key]) for key in site.vocabularies.get("audiences", {}) if audiences[key]
        ],
        "places": [(key, site.label("places", key), places[key]) for key in site.vocabularies.get("places", {}) if places[key]],
        "organisations": [
            (provider.id, provider.name, providers[provider.id])
            for provider in sorted((site.records[i] for i in providers), key=lambda r: r.sort_name)
        ],
    }


def check_collisions(outputs: list[Output]) -> None:
    seen: dict[str, Output] = {}
    problems = []
    for output in outputs:
        other = seen.get(output.path)
        if other is not None:
            clash = output if output.record else other
            owner = other if clash is output else output
            problems.append(
                Problem(
                    clash.record.path if clash.record else output.path,
                    1,
                    1,
                    "id",
                    Message("msg_page_taken", page=output.path, owner=owner.record.path if owner.record else Message("msg_generated_page")),
                )
            )
        seen[output.path] = output
    if problems:
        raise ContentError(problems)
