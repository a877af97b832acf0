"""Media stage: the files made with Pillow (image variants, share cards, icons), checked while the
content loads and made from the media cache after it (see images.py, cards.py, icons.py)."""

from __future__ import annotations

from pathlib import Path

from generator.core.depends import Run
from generator.core.i18n import load_catalogue
from generator.core.problems import Problems
from generator.media.cache import MediaCache
from generator.media.cards import card_files, card_style
from generator.media.icons import icon_files, inspect_icon
from generator.media.images import ProbeMemo, image_files, inspect_images
from generator.model.records import Site
from generator.site.route import absolute_base


def inspect_media(site: Site, content_dir: Path, problems: Problems, memo: ProbeMemo | None = None) -> None:
    """Check every image file the content names (a content problem each, with file, line and field)."""
    inspect_images(site, content_dir, problems, memo)
    inspect_icon(site, content_dir, problems, memo)


def media_files(site: Site, cache: MediaCache, layouts: Path, assets: Path, run: Run) -> dict[str, bytes]:
    """Site path → bytes of every made image, each from the cache unless its inputs changed. Share
    cards only with a base URL: a card is shown only through og:image, which must be absolute, so
    without one no page names them (and a cold cache at 10,000 records would draw 9,000 for nothing)."""
    style = card_style(assets)
    # One card per record, in the main language: every language's pages share it.
    catalogue = next(iter(site.catalogues.values())) if site.catalogues else load_catalogue(layouts, "da")
    cache.placed = {}
    files = image_files(site, cache)
    if absolute_base(site.settings.get("base_url")):
        files.update(card_files(site, style, catalogue, cache, run))
    files.update(icon_files(site, style, cache))
    cache.forget_unused()
    return files
