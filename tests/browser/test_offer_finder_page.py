"""Tilbud in Chromium: each filter acts at once, updates counts and the URL; without JavaScript the
filter pages do the same job."""

from __future__ import annotations

import pytest

from generator.build.pipeline import build

from ..conftest import write_content
from ..support import served_from_sub_folder
from ..test_offer_finder import OFFERS
from .test_axe import axe_violations, describe


@pytest.fixture(scope="module")
def offers_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("offers-site")
    build(write_content(root, OFFERS), root / "site")
    with served_from_sub_folder(root / "site", root / "www") as base:
        yield base


def shown(page) -> list[str]:
    return page.locator(".offer-group .card:visible .card__title").all_inner_texts()


@pytest.mark.parametrize(
    ("select", "value", "expected", "counts"),
    [
        ("#tilbud-behov", "sagsbehandling-og-byggesag", ["Fast Track"], {"#tilbud-maalgruppe": "Små og mellemstore"}),
        ("#tilbud-maalgruppe", "smv", ["Gratis energirådgivning", "Fast Track"], {"#tilbud-behov": "Energi og klima (1)"}),
        ("#tilbud-udbyder", "hus", ["1:1-vejledning"], {"#tilbud-behov": "Iværksætteri (1)"}),
    ],
)
def test_each_filter_acts_at_once(page, offers_site, select, value, expected, counts):
    page.goto(offers_site + "tilbud/index.html")
    assert page.is_visible("#offer-filters") and len(shown(page)) == 3
    page.select_option(select, value)
    assert shown(page) == expected
    assert page.inner_text("#offer-status") == f"Viser {len(expected)} tilbud."
    assert f"={value}" in page.url
    for other, text in counts.items():  # the other filters count what this choice leaves
        assert any(text in option for option in page.locator(f"{other} option").all_inner_texts())
    assert axe_violations(page) == [], describe(axe_violations(page))


def test_counts_follow_the_other_filters_and_the_url_opens_filtered(page, offers_site):
    page.goto(offers_site + "tilbud/index.html?maalgruppe=ivaerksaettere")
    assert shown(page) == ["1:1-vejledning"]
    options = page.locator("#tilbud-behov option").all_inner_texts()
    assert "Alle (1)" in options and "Energi og klima (0)" in options and "Iværksætteri (1)" in options
    assert page.locator(".offer-group:visible h2").all_inner_texts() == ["Erhvervshus Syd"]  # empty groups hide


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("tilbud/behov/sagsbehandling-og-byggesag/index.html", ["Fast Track"]),
        ("tilbud/maalgruppe/smv/index.html", ["Gratis energirådgivning", "Fast Track"]),
        ("tilbud/udbyder/hus/index.html", ["1:1-vejledning"]),
    ],
)
def test_without_javascript_each_filter_is_a_page(browser, offers_site, path, expected):
    context = browser.new_context(java_script_enabled=False, locale="da-DK")
    try:
        page = context.new_page()
        page.goto(offers_site + "tilbud/index.html")
        assert not page.is_visible("#offer-filters") and len(shown(page)) == 3
        page.click("#offer-filter-box summary")  # one control, closed so the offers come first
        page.click(f".offer-pages a[href='{path.removeprefix('tilbud/')}']")
        assert page.url.endswith(path)
        assert shown(page) == expected
    finally:
        context.close()


def test_on_a_phone_the_filters_wait_behind_one_control_and_offers_come_first(page, offers_site):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(offers_site + "tilbud/index.html")
    assert page.get_attribute("#offer-filter-box", "open") is None
    assert not page.locator("#tilbud-behov").is_visible()
    first = page.locator(".offer-group .card").first.bounding_box()
    assert first["y"] < 812  # the first offer on the first screen
    page.click("#offer-filter-box summary")
    page.select_option("#tilbud-behov", "sagsbehandling-og-byggesag")
    assert shown(page) == ["Fast Track"]
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(offers_site + "tilbud/index.html")
    assert page.get_attribute("#offer-filter-box", "open") is not None  # a wide screen shows them


@pytest.mark.parametrize("path", ["tilbud/index.html", "soeg/index.html?q=energi"])
@pytest.mark.parametrize("width", [320, 375, 768, 1280])
def test_nothing_overlaps_or_overflows_at_any_width(page, offers_site, path, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(offers_site + path)
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    page.wait_for_timeout(200)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    overlaps = page.evaluate("""() => {
        const boxes = [...document.querySelectorAll('main .card, main fieldset, main .filters__field, main .result, main h1, main h2')]
          .filter(e => e.offsetParent !== null).map(e => [e, e.getBoundingClientRect()]);
        const found = [];
        for (const [a, ra] of boxes) for (const [b, rb] of boxes) {
          if (a === b || a.contains(b) || b.contains(a)) continue;
          const x = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
          const y = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
          if (x > 1 && y > 1) found.push(a.className + ' / ' + b.className);
        }
        return found; }""")
    assert overlaps == []


def test_the_place_filter_counts_and_keeps_the_region_s_offers(page, tmp_path):
    from ..test_offer_finder import PLACED

    build(write_content(tmp_path, PLACED), tmp_path / "site")
    with served_from_sub_folder(tmp_path / "site", tmp_path / "www") as base:
        page.goto(base + "tilbud/index.html?sted=ballerup")
        assert sorted(shown(page)) == ["1:1-vejledning", "Lokal rådgivning"]
        assert page.get_attribute("#offer-filter-box", "open") is not None
        page.select_option("#tilbud-behov", "ivaerksaetteri")
        assert sorted(shown(page)) == ["1:1-vejledning", "Lokal rådgivning"]
        assert page.locator("#tilbud-sted option[value='nordjylland']").inner_text() == "Region Nordjylland (1)"
        page.select_option("#tilbud-sted", "nordjylland")
        assert shown(page) == ["Jobmatch i Nordjylland"] and "sted=nordjylland" in page.url
