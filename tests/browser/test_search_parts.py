"""Sub-results in Chromium: a query for an agenda item's subject shows the meeting with that agenda
item as a part linking to its anchor, with the matching words marked in a passage; by keyboard too,
over HTTP and from file://, without axe violations."""

from __future__ import annotations

import pytest

from generator.build.pipeline import build

from ..conftest import write_content
from ..support import served_from_sub_folder
from ..test_search_parts import MEETING
from .test_axe import axe_violations, describe

STATUS = "() => /resultat/.test(document.getElementById('search-status').textContent)"


@pytest.fixture(scope="module")
def parts_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("search-parts")
    build(write_content(root, MEETING), root / "site")
    with served_from_sub_folder(root / "site", root / "www") as base:
        yield base, root / "site"


def result_titled(page, title: str):
    return page.locator("#search-results .result", has=page.locator(".result__title", has_text=title))


@pytest.mark.parametrize("origin", ["http", "file"])
def test_an_agenda_items_subject_shows_the_meeting_with_the_item_as_a_part(page, parts_site, origin):
    base, folder = parts_site
    page.goto((base if origin == "http" else folder.as_uri() + "/") + "soeg/index.html?q=skolestruktur")
    page.wait_for_function(STATUS)
    result = result_titled(page, "Byrådsmøde 3. maj")
    result.locator(".result__part").first.wait_for()
    parts = result.locator(".result__parts")
    assert parts.get_attribute("role") == "list" and parts.get_attribute("aria-label") == "Fundet på siden"
    [part] = result.locator(".result__part").all()
    link = part.locator("a")
    assert link.inner_text() == "4. Ny skolestruktur"
    assert link.evaluate("a => a.href").endswith("org/moeder/byraad/index.html#punkt-4")
    assert link.locator("mark").all_inner_texts() == ["skolestruktur"]
    passage = part.locator(".result__excerpt")
    assert "godkendte forslaget om skolestruktur" in passage.inner_text()
    assert passage.locator("mark").all_inner_texts() == ["skolestruktur"]
    link.click()
    page.wait_for_url("**/org/moeder/byraad/index.html#punkt-4")
    assert page.evaluate("() => document.querySelector(':target').id") == "punkt-4"


def test_a_part_is_reached_and_followed_by_keyboard(page, parts_site):
    base, _ = parts_site
    page.goto(base + "soeg/index.html")
    page.focus("#soeg")
    page.keyboard.type("cykelstier ringvejen")
    page.keyboard.press("Enter")
    page.wait_for_function(STATUS)
    result_titled(page, "Byrådsmøde 3. maj").locator(".result__part").first.wait_for()
    for _ in range(40):
        page.keyboard.press("Tab")
        if (page.evaluate("() => document.activeElement.getAttribute('href') || ''")).endswith("#punkt-5"):
            break
    assert page.evaluate("() => document.activeElement.closest('.result__part') !== null")
    page.keyboard.press("Enter")
    page.wait_for_url("**/org/moeder/byraad/index.html#punkt-5")


def test_measures_are_parts_of_an_initiatives_result_in_english_too(page, parts_site):
    base, _ = parts_site
    page.goto(base + "en/soeg/index.html?q=varmepumper")
    page.wait_for_function("() => /result/.test(document.getElementById('search-status').textContent)")
    result = result_titled(page, "Målinger af energiforbruget")
    result.locator(".result__part").first.wait_for()
    assert result.locator(".result__parts").get_attribute("aria-label") == "Found on the page"
    link = result.locator(".result__part a")
    assert link.evaluate("a => a.href").endswith("en/org/klima/energi/maaling/index.html#varmepumper")
    assert link.locator("mark").all_inner_texts() == ["Varmepumper"]


def test_results_with_parts_have_no_axe_violations(page, parts_site):
    base, _ = parts_site
    page.goto(base + "soeg/index.html?q=skolestruktur+varmepumper")
    page.wait_for_function(STATUS)
    page.locator("#search-results .result__part").first.wait_for()
    assert page.locator("#search-results .result__part").count() >= 2
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_the_real_sites_meeting_shows_its_agenda_item(page, base_url):
    page.goto(base_url + "soeg/index.html?q=Realdania+forst%C3%A6der")
    page.wait_for_function(STATUS)
    first = page.locator("#search-results .result").first
    first.locator(".result__part").first.wait_for()
    assert first.locator(".result__title").inner_text() == "Udviklings- og Strategiudvalget – møde 14. juni 2011"
    link = first.locator(".result__part a").first
    assert link.evaluate("a => a.href").endswith("lyngby-taarbaek/moeder/usu-2011-06-14/index.html#punkt-3")
    assert {text.lower() for text in link.locator("mark").all_inner_texts()} >= {"realdanias", "forstæder"}
    violations = axe_violations(page)
    assert violations == [], describe(violations)
