"""The print view on paper, in Chromium: no navigation, one track a page, every delmål present."""

from __future__ import annotations

import re


def test_the_whole_climate_plan_prints_as_one_document(page, base_url):
    page.goto(base_url + "ballerup/klimapolitik-2023-2030/udskriv/index.html")
    page.emulate_media(media="print")
    assert not page.is_visible(".site-header") and not page.is_visible(".breadcrumbs")
    assert not page.is_visible(".print-hint")
    assert page.locator(".print-track").count() == 7  # the seven ben
    assert page.locator(".print-initiative").count() == 99  # every delmål
    assert page.evaluate("getComputedStyle(document.querySelector('.print-track')).breakBefore") == "page"
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages >= 8  # the opening, then each ben on pages of its own


def test_on_paper_notes_are_endnotes_states_are_patterns_and_links_say_where(page, base_url):
    page.goto(base_url + "ballerup/klimapolitik-2023-2030/udskriv/index.html")
    page.emulate_media(media="print")
    assert page.locator(".editor-note").count() == 0 and page.locator(".endnotes li").count() >= 10
    first = page.locator(".endnote-ref a").first
    target = first.get_attribute("href")
    assert page.locator(target).count() == 1  # each marker leads to its note
    backgrounds = page.evaluate("""() => [...document.querySelectorAll('.progress__part')].map(
        part => [part.className, getComputedStyle(part).backgroundImage, getComputedStyle(part).backgroundColor])""")
    assert backgrounds
    for name, image, colour in backgrounds:  # black, white and patterns: no state told by colour on paper
        assert "gradient" in image or colour in ("rgb(0, 0, 0)", "rgb(255, 255, 255)"), (name, image, colour)
    after = page.evaluate("""() => { const a = [...document.querySelectorAll('main a[href^="http"]')][0];
        return a ? getComputedStyle(a, '::after').content : null; }""")
    assert after is None or after.startswith('" ("')
    pdf = page.pdf(format="A4", display_header_footer=False)
    assert b"/Type /Page" in pdf or b"/Type/Page" in pdf
