"""Typing a query on the search page in Chromium shows ranked results, over HTTP and from file://."""

from __future__ import annotations

import pytest

from generator.build.pipeline import build

from ..conftest import write_content
from ..support import served_from_sub_folder
from ..test_search import COMPOUNDS
from .test_axe import axe_violations, describe


@pytest.fixture(scope="module")
def search_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("search-site")
    content = write_content(root, COMPOUNDS)
    build(content, root / "site")
    with served_from_sub_folder(root / "site", root / "www") as base:
        yield base, root / "site"


def type_query(page, text: str) -> None:
    page.fill("#soeg", "")
    page.type("#soeg", text, delay=20)
    page.wait_for_function("() => /resultat/.test(document.getElementById('search-status').textContent)")


@pytest.mark.parametrize("origin", ["http", "file"])
def test_results_as_you_type(page, search_site, origin):
    base, folder = search_site
    page.goto((base if origin == "http" else folder.as_uri() + "/") + "soeg/index.html")
    type_query(page, "erhvervsudd")  # prefix of the last word
    titles = page.locator("#search-results .result__title").all_inner_texts()
    assert titles[0] == "Erhvervsuddannelse i fokus"
    assert page.locator("#search-results mark").count() >= 1
    assert page.get_attribute("#search-status", "role") == "status"
    assert "q=erhvervsudd" in page.url
    href = page.locator("#search-results a").first.get_attribute("href")
    page.locator("#search-results a").first.click()
    assert page.url.endswith("org/klima/energi/uddannelse/index.html"), (href, page.url)


def test_facet_filter_updates_results_counts_and_url(page, search_site):
    base, _ = search_site
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(base + "soeg/index.html?q=energi")
    page.wait_for_function("() => /resultat/.test(document.getElementById('search-status').textContent)")
    before = page.locator("#search-results li.result").count()
    assert not page.locator("#search-facets input").count()  # filters closed: their data not fetched
    assert not [url for url in fetched if "/search/filters." in url]
    page.click("#search-filters summary")
    option = page.locator("#search-facets label", has_text="Indsats")
    option.wait_for()
    assert [url for url in fetched if "/search/filters." in url]
    count = int(option.inner_text().split("(")[-1].rstrip(")"))
    page.locator("#search-facets input[value='Indsats']").check()
    page.wait_for_function(f"() => document.querySelectorAll('#search-results li.result').length === {count}")
    assert count < before
    assert "kind=Indsats" in page.url
    assert page.inner_text("#search-filters summary").endswith("(1 valgt)")
    assert page.evaluate("() => document.activeElement.value") == "Indsats"  # focus stays on the filter


def test_shared_url_restores_the_search(page, search_site):
    base, _ = search_site
    page.goto(base + "soeg/index.html?q=ladestandere&kind=Indsats")
    page.wait_for_function("() => /resultat/.test(document.getElementById('search-status').textContent)")
    assert page.input_value("#soeg") == "ladestandere"
    assert page.get_attribute("#search-filters", "open") is not None  # a chosen filter shows itself
    assert page.locator("#search-facets input[value='Indsats']").is_checked()
    assert page.locator("#search-results .result__title").first.inner_text() == "Klimahandleplan for kommunens bygninger"


def test_keyboard_only_search(page, search_site):
    base, _ = search_site
    page.goto(base + "soeg/index.html")
    page.focus("#soeg")
    page.keyboard.type("fjernvarme")
    page.keyboard.press("Enter")
    page.wait_for_function("() => /resultat/.test(document.getElementById('search-status').textContent)")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.closest('#search-results') !== null"):
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/varme/index.html")


def test_search_with_results_has_no_axe_violations(page, search_site):
    base, _ = search_site
    page.goto(base + "soeg/index.html?q=energi")
    page.wait_for_function("() => /resultat/.test(document.getElementById('search-status').textContent)")
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_without_javascript_the_page_says_so(browser, search_site):
    base, _ = search_site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "soeg/index.html")
    text = page.inner_text("main")
    assert "Søgningen kræver JavaScript" in text
    assert page.locator("main a", has_text="Tilbud til virksomheder og borgere").count() == 1
    context.close()


def test_every_page_type_of_the_fixture_site_has_no_axe_violations(page, search_site):
    """Covers page types the real content may lack (an offer page, say)."""
    from ..support import parse_html

    base, folder = search_site
    seen: dict[str, str] = {}
    for path in sorted(folder.rglob("*.html")):
        seen.setdefault(parse_html(path.read_text(encoding="utf-8")).page_type, path.relative_to(folder).as_posix())
    assert {"offer", "offers", "meeting", "initiative", "page"} <= set(seen)
    for page_type, rel in sorted(seen.items()):
        page.goto(base + rel)
        violations = axe_violations(page)
        assert violations == [], f"{page_type}: {describe(violations)}"


def test_on_a_phone_the_first_result_comes_before_the_filters_open(page, search_site):
    base, _ = search_site
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(base + "soeg/index.html?q=energi")
    page.wait_for_function("() => /resultat/.test(document.getElementById('search-status').textContent)")
    first = page.locator("#search-results li.result").first.bounding_box()
    summary = page.locator("#search-filters summary").bounding_box()
    assert summary["y"] < first["y"] < 812  # on the first screen, below one closed line of filters
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
