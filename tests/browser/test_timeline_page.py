"""Tidslinje in Chromium: the filters act at once and keep the URL; without JavaScript all shows."""

from __future__ import annotations

import pytest

from generator import rollup as rollup_module
from generator.pipeline import build

from ..conftest import write_content
from ..support import served_from_sub_folder
from ..test_rollup import TODAY
from ..test_timeline import TIMELINE
from .test_axe import axe_violations, describe


@pytest.fixture(scope="module")
def timeline_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("timeline-site")
    saved = rollup_module.build_date
    rollup_module.build_date = lambda: TODAY
    try:
        build(write_content(root, TIMELINE), root / "site")
    finally:
        rollup_module.build_date = saved
    with served_from_sub_folder(root / "site", root / "www") as base:
        yield base


def visible_items(page) -> list[str]:
    return page.locator(".timeline li:visible a").all_inner_texts()


def test_filters_act_at_once_and_keep_the_url(page, timeline_site):
    page.goto(timeline_site + "tidslinje/2026/index.html")
    assert page.is_visible("#timeline-filters")
    assert visible_items(page) == ["Erhvervsmesse", "Elbusser"]
    assert page.inner_text("#timeline-status") == "Viser 2 af 2 frister, heraf 1 forsinket."
    page.select_option("#tidslinje-organisation", "nabo")
    assert visible_items(page) == ["Erhvervsmesse"]
    assert page.inner_text("#timeline-status") == "Viser 1 af 2 frister."
    assert "organisation=nabo" in page.url
    assert page.get_attribute("a[rel=next]", "href") == "../2027/index.html?organisation=nabo"  # the filter travels
    page.select_option("#tidslinje-organisation", "")
    page.select_option("#tidslinje-tema", "erhvervsservice")  # Erhvervsmesse has its strategy's theme
    assert visible_items(page) == ["Erhvervsmesse"]
    assert "tema=erhvervsservice" in page.url and "organisation" not in page.url
    assert axe_violations(page) == [], describe(axe_violations(page))


def test_a_shared_filter_url_opens_filtered(page, timeline_site):
    page.goto(timeline_site + "tidslinje/2026/index.html?organisation=org")
    assert page.input_value("#tidslinje-organisation") == "org"
    assert visible_items(page) == ["Elbusser"]
    with page.expect_navigation():  # wait for the next page's script, not just its address
        page.click("a[rel=prev]")
    assert page.url.endswith("tidslinje/2025/index.html?organisation=org")
    assert page.input_value("#tidslinje-organisation") == "org"


def test_without_javascript_everything_shows(browser, timeline_site):
    context = browser.new_context(java_script_enabled=False, locale="da-DK")
    try:
        page = context.new_page()
        page.goto(timeline_site + "tidslinje/2026/index.html?organisation=nabo")
        assert not page.is_visible("#timeline-filters")
        assert visible_items(page) == ["Erhvervsmesse", "Elbusser"]
        assert page.locator(".timeline .late").count() == 1
        assert page.locator(".timeline .late").first.inner_text() == "Forsinket"
    finally:
        context.close()
