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
