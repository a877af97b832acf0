"""What a reader meets first on a phone: the strategy, not the editors' notes about it."""

from __future__ import annotations


def test_on_a_phone_notes_are_one_line_and_the_vision_comes_early(page, base_url):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(base_url + "ballerup/klimapolitik-2023-2030/index.html")
    heights = page.evaluate("() => [...document.querySelectorAll('.editor-note')].map(n => n.getBoundingClientRect().height)")
    assert heights and max(heights) < 60  # closed: one line each (the first was 1,353 px tall)
    assert page.locator("#vision").bounding_box()["y"] < 1400  # it was at 2,298 px
    note = page.locator(".editor-note").first
    note.locator("summary").click()  # keyboard and pointer both open a native <details>
    assert note.get_attribute("open") is not None and note.bounding_box()["height"] > 60
