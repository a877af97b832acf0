"""Tilbud in Chromium: each filter acts at once, updates counts and the URL; without JavaScript the
filter pages do the same job."""

from __future__ import annotations

import pytest

from generator.pipeline import build

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


@pytest.mark.parametrize(("select", "value", "expected", "counts"), [
    ("#tilbud-behov", "sagsbehandling-og-byggesag", ["Fast Track"], {"#tilbud-maalgruppe": "Små og mellemstore"}),
    ("#tilbud-maalgruppe", "smv", ["Gratis energirådgivning", "Fast Track"], {"#tilbud-behov": "Energi og klima (1)"}),
    ("#tilbud-udbyder", "hus", ["1:1-vejledning"], {"#tilbud-behov": "Iværksætteri (1)"}),
])
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


@pytest.mark.parametrize(("path", "expected"), [
    ("tilbud/behov/sagsbehandling-og-byggesag/index.html", ["Fast Track"]),
    ("tilbud/maalgruppe/smv/index.html", ["Gratis energirådgivning", "Fast Track"]),
    ("tilbud/udbyder/hus/index.html", ["1:1-vejledning"]),
])
def test_without_javascript_each_filter_is_a_page(browser, offers_site, path, expected):
    context = browser.new_context(java_script_enabled=False, locale="da-DK")
    try:
        page = context.new_page()
        page.goto(offers_site + "tilbud/index.html")
        assert not page.is_visible("#offer-filters") and len(shown(page)) == 3
        page.click(f"a[href='{path.removeprefix('tilbud/')}']")
        assert page.url.endswith(path)
        assert shown(page) == expected
    finally:
        context.close()
