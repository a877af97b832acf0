"""The site the quality gate checks: the real content/, built once per test session and served
from a sub-folder (by nginx with the README's snippet where nginx is installed, as in CI). Page
types are discovered from the built pages (`<body data-page-type>`), so a new page type is
covered without editing the tests."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path

from generator.build.pipeline import build

from .support import SUB_FOLDER, parse_html, served_from_sub_folder
from .web_server import SITE_FOLDER, nginx_binary, served_by_nginx, web_root

ROOT = Path(__file__).resolve().parent.parent
# The quality gate checks content/ unless RETNING_CONTENT names another content tree.
CONTENT = Path(os.environ.get("RETNING_CONTENT", ROOT / "content"))
# Every page type the site must have; discovery adds any new ones.
REQUIRED_PAGE_TYPES = {
    "home",
    "organisation",
    "strategy",
    "strategy_print",
    "track",
    "initiative",
    "offers",
    "meeting",
    "meetings",
    "page",
    "search",
    "404",
    "accessibility",
    "strategies",
    "organisations",
    "timeline",
    "timeline_year",
    "taxonomy",
    "taxonomy_index",
    "data",
}


@functools.cache
def server() -> tuple[str, Path]:
    """Serve a fresh build of content/, with its address as base URL: by nginx at
    http://127.0.0.1:PORT/strategier/ where nginx is installed, else by Python's server at
    http://127.0.0.1:PORT/any/sub/folder/. Return (base URL, site folder)."""
    if nginx_binary():
        root = web_root()
        site = root / SITE_FOLDER
        context = served_by_nginx(root)
    else:
        root = Path(tempfile.mkdtemp(prefix="retning-quality-"))
        site = root / SUB_FOLDER
        context = served_from_sub_folder(site, root)
    atexit.register(shutil.rmtree, root, True)
    site.mkdir(parents=True)
    base = context.__enter__()
    atexit.register(context.__exit__, None, None, None)
    build(CONTENT, site, base_url=base)
    return base, site


def site_folder() -> Path:
    return server()[1]


@functools.cache
def pages_by_type() -> dict[str, list[str]]:
    """Page type → paths (relative to the site) of every page of that type."""
    found: dict[str, list[str]] = defaultdict(list)
    site = site_folder()
    for path in sorted(site.rglob("*.html")):
        page_type = parse_html(path.read_text(encoding="utf-8")).page_type
        found[page_type].append(path.relative_to(site).as_posix())
    return dict(found)


@functools.cache
def samples() -> list[tuple[str, str]]:
    """(page type, path): the smallest and the largest Danish page of each type, and the largest
    English one."""
    site = site_folder()
    chosen = []
    for page_type, paths in sorted(pages_by_type().items()):
        by_size = sorted(paths, key=lambda rel: (site / rel).stat().st_size)
        danish = [rel for rel in by_size if not rel.startswith("en/")]
        english = [rel for rel in by_size if rel.startswith("en/")]
        picked = [danish[0], danish[-1]] + english[-1:] if danish else english[-1:]
        chosen += [(page_type, rel) for rel in dict.fromkeys(picked)]
    return chosen
