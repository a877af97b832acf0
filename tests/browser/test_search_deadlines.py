"""Search results in Chromium show an initiative's deadline state as its pages do: a symbol hidden
from assistive technology, then words in the page's language (never colour alone)."""

from __future__ import annotations

import pytest

from generator.build.pipeline import build

from ..conftest import write_content
from ..support import served_from_sub_folder
from ..test_search import DEADLINE_STATES
from .test_axe import axe_violations, describe


@pytest.fixture(scope="module")
def deadline_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("search-deadlines")
    build(write_content(root, DEADLINE_STATES), root / "site")
    with served_from_sub_folder(root / "site", root / "www") as base:
        yield base


def result_for(page, url: str, title: str):
    page.goto(url)
    page.wait_for_function("() => document.querySelectorAll('#search-results .result').length > 0")
    return page.locator("#search-results .result", has=page.locator(".result__title", has_text=title))


@pytest.mark.parametrize(("language", "words"), [("", "Frist overskredet uden opfølgning"), ("en/", "Deadline passed without follow-up")])
def test_a_late_initiatives_result_says_so_in_words(page, deadline_site, language, words):
    result = result_for(page, f"{deadline_site}{language}soeg/index.html?q=ladestandere", "Ladestandere ved skolerne")
    state = result.locator(".deadline")
    assert state.count() == 1
    assert "deadline--uden-opfoelgning" in state.get_attribute("class")
    assert state.inner_text().strip().endswith(words)
    symbol = state.locator(".deadline__symbol")
    assert symbol.inner_text() == "?" and symbol.get_attribute("aria-hidden") == "true"
    spoken = result.aria_snapshot()  # what assistive technology gets: the words, not the symbol
    assert words in spoken and "?" not in spoken, spoken
    # every initiative among the results has its state, and nothing else has one
    for item in page.locator("#search-results .result").all():
        is_initiative = item.locator(".meta").inner_text().startswith(("Indsats", "Initiative"))
        assert item.locator(".deadline").count() == (1 if is_initiative else 0), item.inner_text()


def test_results_with_deadline_states_have_no_axe_violations(page, deadline_site):
    result_for(page, deadline_site + "soeg/index.html?q=ladestandere", "Ladestandere ved hallen")
    assert page.locator("#search-results .deadline--gennemfoert").count() == 1
    violations = axe_violations(page)
    assert violations == [], describe(violations)
