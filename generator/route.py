"""Route stage: give every output a path, a template and the inputs it depends on."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .model import Record, Site
from .opendata import urls as data_urls
from .problems import ContentError, Problem
from .taxonomy import TAXONOMIES, members, page_url, pages_of
from .timeline import by_year, entries, year_url

# Generated list pages: url → (template, title).
LIST_PAGES = {
    "strategier/": ("strategies.html", "Strategier"),
    "organisationer/": ("organisations.html", "Organisationer"),
    "tilbud/": ("offers.html", "Tilbud"),
    "temaer/": ("taxonomy_index.html", "Temaer"),
    "tidslinje/": ("timeline.html", "Tidslinje"),
    "moeder/": ("meetings.html", "Møder og beslutninger"),
    "soeg/": ("search.html", "Søg"),
}
# Generated pages that are not in the main menu.
OTHER_PAGES = {
    "was/": ("accessibility.html", "Tilgængelighedserklæring"),
}
DATA_PAGE_TITLE = "Åbne data"
# Outputs made by Python (generator/opendata/make.py), named like templates.
TWIN, BULK_JSON, BULK_CSV, FEED, SCHEMA = "data:twin", "data:json", "data:csv", "data:atom", "data:schema"


@dataclass
class Output:
    path: str  # file path inside site/
    url: str  # the page's own URL, relative to the site root ("" is the home page)
    template: str
    title: str
    record: Record | None = None
    term: tuple[str, str | None] | None = None  # (vocabulary, key) of a cross-cutting page; key None: its index
    number: int = 1  # of the page, when a term's records (or a year's dates) fill several
    year: int | None = None  # of a timeline page


def page_path(url: str) -> str:
    return url + "index.html" if url == "" or url.endswith("/") else url


def route_site(site: Site) -> list[Output]:
    site.terms = members(site)
    site.timeline = by_year(entries(site))
    site.offer_filters = offer_filter_values(site)
    outputs = [Output("index.html", "", "home.html", site.settings.get("title", "Retning"))]
    for url, (template, title) in (LIST_PAGES | OTHER_PAGES).items():
        if template != "taxonomy_index.html":  # routed with the other cross-cutting pages below
            outputs.append(Output(page_path(url), url, template, title))
    for record in sorted(site.records.values(), key=lambda r: r.id):
        outputs.append(Output(page_path(record.url), record.url, f"{record.type}.html", record.name, record))
        if record.type == "strategy":  # the whole strategy as one document, for paper
            outputs.append(Output(page_path(print_url(record)), print_url(record), "strategy_print.html",
                                  f"{record.name} (udskrift)", record))
    for vocabulary, taxonomy in TAXONOMIES.items():
        outputs.append(Output(page_path(taxonomy.folder), taxonomy.folder, "taxonomy_index.html", taxonomy.title,
                              term=(vocabulary, None)))
        for key in site.vocabularies.get(vocabulary, {}):
            title = f"{taxonomy.singular}: {site.label(vocabulary, key)}"
            count = pages_of(site.terms.get((vocabulary, key), []))
            for number in range(1, count + 1):
                url = page_url(vocabulary, key, number)
                outputs.append(Output(page_path(url), url, "taxonomy.html",
                                      title + (f" (side {number} af {count})" if count > 1 else ""),
                                      term=(vocabulary, key), number=number))
    outputs += offer_filter_pages(site)
    for year, items in site.timeline.items():
        count = pages_of(items)
        for number in range(1, count + 1):
            url = year_url(year, number)
            outputs.append(Output(page_path(url), url, "timeline_year.html",
                                  f"Tidslinje {year}" + (f" (side {number} af {count})" if count > 1 else ""),
                                  number=number, year=year))
    outputs += data_outputs(site)
    outputs.append(Output("404.html", "404.html", "404.html", "Siden findes ikke"))
    outputs.append(Output("sitemap.xml", "sitemap.xml", "sitemap.xml", "sitemap"))
    outputs.append(Output("robots.txt", "robots.txt", "robots.txt", "robots"))
    check_collisions(outputs)
    return outputs


def data_file(path: str, template: str, title: str, record: Record | None = None) -> Output:
    return Output(path, path, template, title, record)


def data_outputs(site: Site) -> list[Output]:
    """JSON twins, bulk downloads, feeds and schemas, then the Data page listing them (it reads their sizes)."""
    records = sorted(site.records.values(), key=lambda r: r.id)
    outputs = [data_file(data_urls.twin_url(record), TWIN, record.name, record) for record in records]
    for strategy in (record for record in records if record.type == "strategy"):
        outputs += [data_file(data_urls.strategy_json(strategy), BULK_JSON, strategy.name, strategy),
                    data_file(data_urls.strategy_csv(strategy), BULK_CSV, strategy.name, strategy),
                    data_file(data_urls.strategy_feed(strategy), FEED, strategy.name, strategy)]
    outputs += [data_file(data_urls.SITE_JSON, BULK_JSON, "alt"), data_file(data_urls.SITE_CSV, BULK_CSV, "indsatser"),
                data_file(data_urls.SITE_FEED, FEED, "atom")]
    outputs += [data_file(data_urls.SCHEMA_FOLDER + name, SCHEMA, name) for name in data_urls.SCHEMAS]
    outputs.append(Output(page_path(data_urls.DATA_PAGE), data_urls.DATA_PAGE, "data.html", DATA_PAGE_TITLE))
    return outputs


def print_url(strategy: Record) -> str:
    return strategy.url + "udskriv/"


OFFER_FILTERS = {"needs": "tilbud/behov/", "audiences": "tilbud/maalgruppe/", "organisations": "tilbud/udbyder/"}


def offer_filter_url(kind: str, key: str) -> str:
    return f"{OFFER_FILTERS[kind]}{key}/"


def offer_filter_values(site: Site) -> dict[str, list[tuple[str, str, int]]]:
    """Filter → (key, label, number of offers) of every value some offer has: needs and audiences in
    their vocabulary's order, providers in Danish alphabetical order."""
    offers = site.of_type("offer")
    needs = Counter(key for offer in offers for key in offer.data["needs"])
    audiences = Counter(key for offer in offers for key in offer.data["audience"])
    providers = Counter(offer.parent.id for offer in offers if offer.parent is not None)
    return {
        "needs": [(key, site.label("needs", key), needs[key]) for key in site.vocabularies.get("needs", {}) if needs[key]],
        "audiences": [(key, site.label("audiences", key), audiences[key]) for key in site.vocabularies.get("audiences", {})
                      if audiences[key]],
        "organisations": [(provider.id, provider.name, providers[provider.id])
                          for provider in sorted((site.records[i] for i in providers), key=lambda r: r.sort_name)],
    }


def offer_filter_pages(site: Site) -> list[Output]:
    """One page per filter value, so the offer finder works without JavaScript."""
    return [Output(page_path(offer_filter_url(kind, key)), offer_filter_url(kind, key), "offers.html",
                   f"Tilbud: {label}", term=(kind, key))
            for kind, values in site.offer_filters.items() for key, label, _ in values]


def check_collisions(outputs: list[Output]) -> None:
    seen: dict[str, Output] = {}
    problems = []
    for output in outputs:
        other = seen.get(output.path)
        if other is not None:
            clash = output if output.record else other
            owner = other if clash is output else output
            problems.append(Problem(clash.record.path if clash.record else output.path, 1, 1, "id",
                                    f"its page {output.path} is already used by "
                                    f"{owner.record.path if owner.record else 'a generated page'}; choose another id"))
        seen[output.path] = output
    if problems:
        raise ContentError(problems)
