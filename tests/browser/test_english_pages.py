"""The English interface in Chromium: scripts speak English, links stay in English, the language
switch leads to the same page in Danish, and axe finds nothing on any English page type."""

from __future__ import annotations

import pytest

from generator.build.pipeline import build

from ..conftest import write_content
from ..support import parse_html, served_from_sub_folder
from ..test_offer_finder import OFFERS
from ..test_search import COMPOUNDS
from .test_axe import axe_violations, describe


@pytest.fixture(scope="module")
def english_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("english-site")
    build(write_content(root, {**COMPOUNDS, **OFFERS}), root / "site")
    with served_from_sub_folder(root / "site", root / "www") as base:
        yield base, root / "site"


def test_search_speaks_english_and_links_to_english_pages(page, english_site):
    base, _ = english_site
    page.goto(base + "en/soeg/index.html?q=fjernvarme")
    page.wait_for_function("() => /result/.test(document.getElementById('search-status').textContent)")
    status = page.inner_text("#search-status")
    assert status.startswith(("1 result for »fjernvarme«", "2 results for »fjernvarme«")), status
    assert page.inner_text("#search-filters summary").strip() == "Filter the results"
    page.click("#search-filters summary")
    page.locator("#search-facets legend", has_text="Type").wait_for()
    assert page.locator("#search-facets legend", has_text="Type").count() == 1
    # facet values and result kinds are named in English, while the URL keeps the index's values
    assert page.locator("#search-facets label", has_text="Initiative").count() == 1
    assert page.locator("#search-facets label", has_text="Indsats").count() == 0
    assert page.locator("#search-results .meta").first.inner_text().startswith("Initiative · ")
    assert page.locator("#search-results .result__title").first.get_attribute("lang") == "da"  # Danish content
    page.locator("#search-facets label", has_text="Initiative").click()
    assert "kind=Indsats" in page.url
    assert page.inner_text("#search-filters summary").endswith("(1 chosen)")
    href = page.locator("#search-results a").first.get_attribute("href")
    assert "/en/" in page.evaluate("href => new URL(href, location.href).pathname", href)


def test_offer_filter_status_in_english(page, english_site):
    base, _ = english_site
    page.goto(base + "en/tilbud/index.html")
    page.select_option("#tilbud-udbyder", "hus")
    assert page.inner_text("#offer-status") == "Showing 1 offer."
    assert page.locator("label[for='tilbud-behov']").inner_text() == "Needs"


def test_the_language_switch_leads_to_the_same_page(page, english_site):
    base, _ = english_site
    page.goto(base + "en/tilbud/index.html")
    page.locator(".language-switch a", has_text="Dansk").click()
    page.wait_for_url(base + "tilbud/index.html")
    assert page.evaluate("document.documentElement.lang") == "da"
    page.locator(".language-switch a", has_text="English").click()
    page.wait_for_url(base + "en/tilbud/index.html")


def test_every_english_page_type_has_no_axe_violations(page, english_site):
    base, folder = english_site
    seen: dict[str, str] = {}
    for path in sorted((folder / "en").rglob("*.html")):
        seen.setdefault(parse_html(path.read_text(encoding="utf-8")).page_type, path.relative_to(folder).as_posix())
    assert {"strategy", "initiative", "offer", "offers", "meeting", "search", "taxonomy", "timeline_year"} <= set(seen)
    for page_type, rel in sorted(seen.items()):
        page.goto(base + rel)
        violations = axe_violations(page)
        assert violations == [], f"{page_type}: {describe(violations)}"
