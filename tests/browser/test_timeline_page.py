"""Tidslinje in Chromium: the filters act at once and keep the URL; without JavaScript all shows."""

from __future__ import annotations

import pytest

from generator.build.pipeline import build
from generator.model.deadlines import fix_today

from ..conftest import write_content
from ..support import served_from_sub_folder
from ..test_rollup import TODAY
from ..test_timeline import TIMELINE
from .test_axe import axe_violations, describe

HARBOUR = {"nabo/plan/havn.yaml": "type: initiative\ntitle: Havnebad\nstatus: planlagt\ndeadline: 2026-12\n"}  # still to come


@pytest.fixture(scope="module")
def timeline_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("timeline-site")
    fix_today(TODAY)
    try:
        build(write_content(root, {**TIMELINE, **HARBOUR}), root / "site")
    finally:
        fix_today(None)
    with served_from_sub_folder(root / "site", root / "www") as base:
        yield base


def visible_items(page) -> list[str]:
    return page.locator(".timeline li:visible a").all_inner_texts()


def test_filters_act_at_once_and_keep_the_url(page, timeline_site):
    page.goto(timeline_site + "tidslinje/2026/index.html")
    assert page.is_visible("#timeline-filters")
    assert visible_items(page) == ["Erhvervsmesse", "Elbusser", "Havnebad"]
    assert page.inner_text("#timeline-status") == "Viser 3 af 3 frister, heraf 2 med overskredet frist."
    page.check("#tidslinje-frist")  # »Kun forsinkede og uden opfølgning (2)«
    assert visible_items(page) == ["Erhvervsmesse", "Elbusser"] and "frist=overskredet" in page.url
    page.uncheck("#tidslinje-frist")
    page.select_option("#tidslinje-organisation", "nabo")
    assert visible_items(page) == ["Erhvervsmesse", "Havnebad"]
    assert page.inner_text("#timeline-status") == "Viser 2 af 3 frister, heraf 1 med overskredet frist."
    assert "organisation=nabo" in page.url
    assert page.get_attribute("a[rel=next]", "href") == "../2027/index.html?organisation=nabo"  # the filter travels
    page.select_option("#tidslinje-organisation", "")
    page.select_option("#tidslinje-tema", "erhvervsservice")  # Erhvervsmesse has its strategy's theme
    assert visible_items(page) == ["Erhvervsmesse", "Havnebad"]
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
        assert visible_items(page) == ["Erhvervsmesse", "Elbusser", "Havnebad"]
        assert page.locator(".timeline .deadline--forsinket").count() == 2
        assert page.locator(".timeline .deadline--frist-ikke-naaet").first.inner_text() == "→ Frist ikke nået"
        page.goto(timeline_site + "tidslinje/overskredne-frister/index.html")  # the overdue filter as a page
        assert visible_items(page) == ["Erhvervsråd", "Solceller på tagene", "Erhvervsmesse", "Elbusser"]
    finally:
        context.close()
