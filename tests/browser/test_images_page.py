"""Pages with a record image (`<picture>`): the real content has none, so a small site with a photo
(alt text and caption) and a decorative logo is built and served; axe, reflow at 320 px, and the
browser choosing and loading a WebP variant."""

from __future__ import annotations

import re

import pytest

from generator.build.pipeline import build

from ..support import served_from_sub_folder
from ..test_media import media_content
from .test_axe import axe_violations, describe

PAGES = ["org/klima/energi/sol/index.html", "en/org/klima/energi/sol/index.html", "org/index.html"]


@pytest.fixture(scope="module")
def image_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("images")
    build(media_content(root), root / "build")
    with served_from_sub_folder(root / "build", root / "www") as base:
        yield base


@pytest.mark.parametrize("rel", PAGES)
def test_pages_with_pictures_have_no_wcag_violations(page, image_site, rel):
    page.goto(image_site + rel)
    assert page.locator("main picture").count() == 1
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_a_picture_reflows_at_320px_and_loads_a_webp_variant(page, image_site):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(image_site + PAGES[0])
    image = page.locator("main picture img")
    image.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('main picture img').complete")
    loaded = image.evaluate("img => ({src: img.currentSrc, width: img.naturalWidth, shown: img.getBoundingClientRect().width})")
    assert re.search(r"/assets/media/tag-[0-9a-f]+-480\.webp$", loaded["src"]) and loaded["width"] > 0, loaded  # the smallest
    assert loaded["shown"] <= 320
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
