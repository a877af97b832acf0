"""An honest base URL (issue 23): the demo content names none, and a build without one leaves out
what needs an absolute address (the sitemap, og:url, og:image), writes no local address anywhere,
links its feeds relatively and says so once. With a base URL all of those are absolute. The 404
page works at any depth either way: styled from within, its links absolute or found by a script."""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from generator.build.pipeline import build
from generator.cli import main
from generator.site.route import NO_BASE_URL

from .atom_rules import ATOM, atom_problems
from .conftest import MINI, REAL_CONTENT, write_content
from .support import parse_html

BASE = "https://strategier.example.dk/sub/"
LOCAL = (b"localhost", b"127.0.0.1")


def file_bytes(site: Path) -> dict[str, bytes]:
    """Every file of the site by path, packed files unpacked."""
    return {
        path.relative_to(site).as_posix(): gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        for path in site.rglob("*")
        if path.is_file()
    }


def feed_links(feed: Path) -> list[str]:
    return [link.get("href") for link in ET.parse(feed).getroot().iter(ATOM + "link")]


@pytest.fixture(scope="module")
def bare_site(tmp_path_factory) -> Path:
    """The mini content with the demo's site.yaml: no base URL."""
    root = tmp_path_factory.mktemp("bare")
    build(write_content(root, MINI), root / "site")
    return root / "site"


@pytest.fixture(scope="module")
def based_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("based")
    build(write_content(root, MINI), root / "site", base_url=BASE)
    return root / "site"


def test_the_demo_content_names_no_base_url_and_no_local_address():
    assert "base_url" not in yaml.safe_load((REAL_CONTENT / "site.yaml").read_text(encoding="utf-8"))
    for path in REAL_CONTENT.rglob("*"):
        if path.is_file():
            assert not any(local in path.read_bytes() for local in LOCAL), path


def test_without_a_base_url_what_needs_one_is_left_out_and_no_local_address_is_written(bare_site):
    files = file_bytes(bare_site)
    assert "sitemap.xml" not in files and "index.html" in files
    assert b"Sitemap:" not in files["robots.txt"] and json.loads(files["data/alle.json.gz"])["base_url"] is None
    for rel, data in files.items():
        assert not any(local in data for local in LOCAL), rel
        if rel.endswith(".html"):
            assert b"og:url" not in data and b"og:image" not in data and b"sitemap.xml" not in data, rel


def test_without_a_base_url_feeds_link_relatively_to_their_own_address(bare_site):
    feeds = sorted(bare_site.rglob("atom.xml"))
    assert len(feeds) == 2
    for feed in feeds:
        assert atom_problems(feed.read_bytes()) == [], feed
        for href in feed_links(feed):
            assert not re.match(r"^[a-z]+:|/", href), href
            target = (feed.parent / href).resolve()
            assert bare_site.resolve() in (target, *target.parents), href
            assert (target / "index.html" if href.endswith("/") else target).is_file(), (feed, href)


def test_with_a_base_url_every_address_that_needs_one_is_absolute(based_site):
    assert f"<loc>{BASE}org/klima/</loc>" in (based_site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in (based_site / "robots.txt").read_text(encoding="utf-8")
    strategy = (based_site / "org/klima/index.html").read_text(encoding="utf-8")
    assert f'<meta property="og:url" content="{BASE}org/klima/">' in strategy
    assert 'href="../../sitemap.xml"' in strategy, "the footer links the sitemap"
    for feed in sorted(based_site.rglob("atom.xml")):
        assert atom_problems(feed.read_bytes()) == [], feed
        assert all(href.startswith(BASE) for href in feed_links(feed)), feed
    assert json.loads(gzip.decompress((based_site / "data/alle.json.gz").read_bytes()))["base_url"] == BASE
    assert f";{BASE}org/klima/energi/sol/;" in (based_site / "data/indsatser.csv").read_text(encoding="utf-8-sig")


def not_found_links(site: Path) -> list[str]:
    return [href for href in parse_html((site / "404.html").read_text(encoding="utf-8")).links if not href.startswith("#")]


@pytest.mark.parametrize("with_base", [False, True])
def test_the_404_page_needs_no_style_sheet(bare_site, based_site, with_base):
    site = based_site if with_base else bare_site
    html = (site / "404.html").read_text(encoding="utf-8")
    site_css = (REAL_CONTENT.parent / "assets/css/site.css").read_text(encoding="utf-8")
    assert f"<style>{site_css}</style>" in html
    assert 'rel="stylesheet"' not in html and "<img" not in html
    assert ("<script>" in html) is not with_base and ("<noscript>" in html) is not with_base


def test_with_a_base_url_the_404_page_links_absolutely(based_site):
    links = not_found_links(based_site)
    assert len(links) > 10 and all(link.startswith(BASE) for link in links), links
    for link in links:
        assert (based_site / link.removeprefix(BASE)).is_file(), link


def test_without_a_base_url_the_404_page_links_from_the_root_and_its_script_finds_it(bare_site):
    links = not_found_links(bare_site)
    assert len(links) > 10
    for link in links:  # right where the page sits in the root's own folder; the script moves them elsewhere
        assert (bare_site / link).is_file(), link
    html = (bare_site / "404.html").read_text(encoding="utf-8")
    assert 'fetch(root + "404.html", { method: "HEAD" })' in html  # the page each build writes at the root


def test_a_build_says_once_what_it_leaves_out_without_a_base_url(tmp_path, capsys):
    content = write_content(tmp_path, MINI)
    arguments = ["build", "--content", str(content), "--out", str(tmp_path / "site")]
    for _ in ("build", "nothing changed since"):
        assert main(arguments) == 0
        captured = capsys.readouterr()
        assert captured.err.count(str(NO_BASE_URL)) == 1 and str(NO_BASE_URL) not in captured.out
        assert "sitemap.xml" in str(NO_BASE_URL) and "og:image" in str(NO_BASE_URL)
    for _ in ("build", "nothing changed since"):
        assert main([*arguments, "--base-url", BASE]) == 0
        assert str(NO_BASE_URL) not in capsys.readouterr().err


def test_the_github_pages_workflow_builds_with_the_whole_history_and_the_pages_address():
    docs = REAL_CONTENT.parent / "docs"
    workflow = yaml.safe_load((docs / "publish/github-pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0, "the site shows each record's git history"
    assert "push" in workflow[True]  # YAML 1.1 reads the key `on` as true
    build_step = next(step for step in steps if "build.py build" in step.get("run", ""))
    assert '--base-url "${{ steps.pages.outputs.base_url }}/"' in build_step["run"]
    assert any(step.get("id") == "pages" and step["uses"].startswith("actions/configure-pages@") for step in steps)
    assert next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact@"))["with"]["path"] == "site"
    assert "](docs/udgivelse.md)" in (REAL_CONTENT.parent / "README.md").read_text(encoding="utf-8")
