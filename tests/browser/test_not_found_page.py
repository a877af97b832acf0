"""The 404 page of a site built without a base URL, as nginx (with the README's snippet) shows it at
a deep missing address: its script finds the site's root and leads every link there; without
JavaScript the page is still styled and says what to do."""

from __future__ import annotations

import shutil

import pytest

from generator.build.pipeline import build

from ..conftest import MINI, write_content
from ..web_server import SITE_FOLDER, need_nginx, served_by_nginx, web_root

DEEP = "a/b/c/findes-ikke/"
ALL_HREFS = "elements => elements.map(element => element.getAttribute('href'))"


@pytest.fixture(scope="module")
def bare_site(tmp_path_factory):
    """The mini content without a base URL, served by nginx at /strategier/."""
    need_nginx()
    www = web_root()
    build(write_content(tmp_path_factory.mktemp("bare"), MINI), www / SITE_FOLDER)
    try:
        with served_by_nginx(www) as base:
            yield base
    finally:
        shutil.rmtree(www, ignore_errors=True)


@pytest.mark.parametrize("missing", [DEEP, "findes-ikke.html", "org/klima/findes-ikke"])
def test_the_script_leads_every_link_to_the_sites_root(page, bare_site, missing):
    response = page.goto(bare_site + missing)
    assert response.status == 404
    home = page.locator("main a", has_text="Gå til forsiden")
    page.wait_for_function("() => document.querySelector('main a').getAttribute('href').startsWith('/')")
    assert home.get_attribute("href") == f"/{SITE_FOLDER}/index.html"
    hrefs = page.eval_on_selector_all("a[href], link[href]", ALL_HREFS)
    assert all(href.startswith((f"/{SITE_FOLDER}/", "#")) for href in hrefs), hrefs
    page.locator("main a", has_text="Se alle strategier").click()
    page.wait_for_url(bare_site + "strategier/index.html")
    assert page.locator("h1").inner_text() == "Strategier"


def test_without_javascript_the_page_is_styled_and_says_what_to_do(browser, bare_site):
    context = browser.new_context(java_script_enabled=False, locale="da-DK")
    try:
        page = context.new_page()
        response = page.goto(bare_site + DEEP)
        assert response.status == 404
        assert page.locator("h1").inner_text() == "Siden findes ikke"
        assert page.locator("main noscript p").is_visible()
        assert "ret adressen i adresselinjen" in page.locator("main").inner_text()
        header = page.eval_on_selector(".site-header", "element => getComputedStyle(element).backgroundColor")
        assert header not in ("rgba(0, 0, 0, 0)", "transparent"), "the site's styles are in the page"
        assert page.eval_on_selector("main a", "element => element.getAttribute('href')") == "index.html"
    finally:
        context.close()
