"""Keyboard use, visible focus, reflow at 320 px and 200 % zoom, language and heading order."""

from __future__ import annotations

import pytest

FOCUSABLE = (
    "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex='-1'])"
)
MAX_TAB_STOPS = 400


def focus_is_visible(page) -> bool:
    return page.evaluate("""() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
        return outline || (style.boxShadow && style.boxShadow !== 'none');
    }""")


def test_skip_link_is_first_and_moves_focus_to_main(page, base_url, page_sample):
    _, rel = page_sample
    page.goto(base_url + rel)
    page.keyboard.press("Tab")
    first = page.evaluate("() => [document.activeElement.className, document.activeElement.getAttribute('href')]")
    assert first == ["skip-link", "#indhold"]
    assert focus_is_visible(page)
    assert page.evaluate("() => document.activeElement.getBoundingClientRect().top >= 0")  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "indhold"


def test_every_interactive_element_is_reachable_with_visible_focus(page, base_url, page_sample):
    _, rel = page_sample
    page.goto(base_url + rel)
    expected = page.evaluate(f"""() => [...document.querySelectorAll("{FOCUSABLE}")]
        .filter(el => el.getClientRects().length > 0 || el.classList.contains('skip-link')).length""")
    if expected > MAX_TAB_STOPS:
        pytest.skip(f"{expected} tab stops; the smaller page of this type covers the same templates")
    page.evaluate("() => { window.__seen = new Set(); document.addEventListener('focusin', e => window.__seen.add(e.target)); }")
    invisible = []
    for _ in range(expected + 2):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement === document.body"):
            continue
        if not focus_is_visible(page):
            invisible.append(page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)"))
    reached = page.evaluate("() => window.__seen.size")
    assert reached >= expected, f"only {reached} of {expected} interactive elements reached by Tab"
    assert invisible == []


@pytest.mark.parametrize("width", [320, 640], ids=["320px", "200pct-zoom-of-1280px"])
def test_no_horizontal_scrolling(page, base_url, page_sample, width):
    _, rel = page_sample
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(base_url + rel)
    overflow = page.evaluate("""() => {
        const widest = [...document.querySelectorAll('body *')].filter(el => {
            let node = el.parentElement;
            while (node) { if (getComputedStyle(node).overflowX === 'auto') return false; node = node.parentElement; }
            return el.getBoundingClientRect().right > document.documentElement.clientWidth + 1;
        }).slice(0, 3).map(el => el.outerHTML.slice(0, 100));
        return {scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth, widest};
    }""")
    assert overflow["scroll"] <= overflow["client"], overflow


def test_language_one_h1_and_heading_order(page, base_url, page_sample):
    _, rel = page_sample
    page.goto(base_url + rel)
    assert page.evaluate("() => document.documentElement.lang") == ("en" if rel.startswith("en/") else "da")
    levels = page.evaluate("() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])")
    assert levels.count(1) == 1 and levels[0] == 1, levels
    jumps = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
    assert jumps == [], f"heading levels skip: {jumps} in {levels}"


def test_focus_check_can_fail(page, base_url):
    page.goto(base_url + "index.html")
    page.add_style_tag(content="a:focus-visible, a:focus { outline: none !important; box-shadow: none !important; }")
    page.keyboard.press("Tab")
    assert not focus_is_visible(page)
