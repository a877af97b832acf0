"""A full build of a small site: pages, cross-links, escaping, relative links."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

from generator.build.pipeline import build

from .conftest import MINI, write_content
from .support import crawl, parse_html, served_from_sub_folder


def parse(path: Path):
    return parse_html(path.read_text(encoding="utf-8"))


def internal_links(site: Path):
    for page in sorted(site.rglob("*.html")):
        for href in parse(page).links:
            if not re.match(r"^[a-z]+:", href):
                yield page, href


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def test_every_page_type_is_written(mini_site):
    for rel in [
        "index.html",
        "404.html",
        "robots.txt",  # sitemap.xml only with a base URL (test_base_url.py)
        "org/index.html",
        "org/klima/index.html",
        "org/klima/energi/index.html",
        "org/klima/energi/sol/index.html",
        "org/tilbud/energiraad/index.html",
        "org/moeder/udvalg-2024-05-01/index.html",
        "om/index.html",
        "tilbud/index.html",
        "moeder/index.html",
        "strategier/index.html",
        "organisationer/index.html",
        "soeg/index.html",
    ]:
        assert (mini_site / rel).is_file(), rel


def test_every_internal_link_and_anchor_resolves(mini_site):
    checked = 0
    for page, href in internal_links(mini_site):
        target_rel, _, fragment = href.partition("#")
        target = (page.parent / urllib.parse.unquote(target_rel)).resolve() if target_rel else page
        assert target.is_file(), f"{page.relative_to(mini_site)} links to missing {href}"
        assert mini_site.resolve() in target.parents or target.parent == mini_site.resolve()
        if fragment:
            assert fragment in parse(target).ids, f"{page.relative_to(mini_site)}: no #{fragment} in {target_rel}"
        checked += 1
    assert checked > 100


def test_links_are_relative_and_point_at_files(mini_site):
    for page, href in internal_links(mini_site):
        assert not href.startswith("/"), f"{page}: absolute link {href}"
        path = href.partition("#")[0]
        assert path == "" or path.endswith(
            (".html", ".css", ".js", ".xml", ".json", ".gz", ".csv", ".png", ".svg", ".ico", ".webmanifest")
        ), href


def test_breadcrumbs_lead_from_home_to_parent(mini_site):
    html = read(mini_site, "org/klima/energi/sol/index.html")
    trail = re.search(r'<nav class="breadcrumbs.*?</nav>', html, re.S).group(0)
    labels = re.findall(r">([^<>]+)</a>", trail)
    assert labels == ["Forside", "Testrup Kommune", "Klimaplan 2023-2030", "Energi"]
    assert 'aria-current="page">Solceller på tagene<' in trail


def test_previous_and_next_within_a_track(mini_site):
    first = read(mini_site, "org/klima/energi/sol/index.html")
    second = read(mini_site, "org/klima/energi/varme/index.html")
    assert re.search(r'rel="next" href="../varme/index.html"><span>Næste</span> <span>Fjernvarme', first)
    assert 'rel="prev"' not in first
    assert re.search(r'rel="prev" href="../sol/index.html"><span>Forrige</span> <span>Solceller', second)


def test_backlinks_mentions_and_decisions(mini_site):
    track = read(mini_site, "org/klima/energi/index.html")
    assert "Omtalt i" in track and 'href="../index.html">Klimaplan 2023-2030</a>' in track
    strategy = read(mini_site, "org/klima/index.html")
    assert "Behandlet på møde" in strategy
    assert 'href="../moeder/udvalg-2024-05-01/index.html#punkt-1"' in strategy
    meeting = read(mini_site, "org/moeder/udvalg-2024-05-01/index.html")
    assert 'href="../../klima/index.html">Klimaplan 2023-2030</a>' in meeting


def test_offers_and_initiatives_link_both_ways(mini_site):
    initiative = read(mini_site, "org/klima/energi/sol/index.html")
    assert 'href="../../../tilbud/energiraad/index.html">Gratis energirådgivning</a>: Svar inden 24 timer' in initiative
    offer = read(mini_site, "org/tilbud/energiraad/index.html")
    assert 'href="../../klima/energi/sol/index.html">Solceller på tagene</a>' in offer


def test_statuses_are_text_not_colour(mini_site):
    html = read(mini_site, "org/klima/energi/index.html")
    assert re.search(r'class="badge[^"]*"><span class="visually-hidden">Status: </span>I gang</span>', html)
    assert ">Planlagt</span>" in html


def test_strategy_page_shows_goals_figures_and_tracks(mini_site):
    html = read(mini_site, "org/klima/index.html")
    assert "45.000" in html and "3,7 %" in html
    assert "Mål: <strong>85 %</strong>, senest 2030" in html
    assert ">Ben 1: Energi</a>" in html and ">Ben 2: Transport</a>" in html
    assert "2023–2030" in html and "Vedtaget" in html


def test_danish_interface_at_the_root_english_under_en_and_one_h1(mini_site):
    for page in mini_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        english = page.relative_to(mini_site).parts[0] == "en"
        assert f'<html lang="{"en" if english else "da"}">' in html, page
        assert html.count("<h1") == 1, page


def test_hostile_strings_are_escaped(tmp_path):
    content = write_content(
        tmp_path,
        {
            **MINI,
            "x.md": """
        ---
        type: page
        title: "<script>alert('t')</script>"
        ---
        <img src=x onerror=alert(1)> [klik](javascript:alert(1))
        """,
        },
    )
    out = tmp_path / "site"
    build(content, out)
    html = read(out, "x/index.html")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html and 'href="javascript:' not in html


def test_raw_html_passes_only_when_the_site_allows_it(tmp_path):
    content = write_content(tmp_path, {**MINI, "x.md": "---\ntype: page\ntitle: X\n---\n<mark>fremhævet</mark> [k](javascript:alert(1))\n"})
    settings = content / "site.yaml"
    settings.write_text(settings.read_text() + "markdown_html: true\n")
    build(content, tmp_path / "site")
    html = read(tmp_path / "site", "x/index.html")
    assert "<mark>fremhævet</mark>" in html and 'href="javascript:' not in html


def test_sitemap_and_robots_use_base_url(tmp_path, mini_content):
    out = tmp_path / "site"
    build(mini_content, out, base_url="https://strategier.example.dk/sub")
    sitemap = read(out, "sitemap.xml")
    assert "<loc>https://strategier.example.dk/sub/org/klima/energi/sol/</loc>" in sitemap
    assert "<loc>https://strategier.example.dk/sub/</loc>" in sitemap
    assert "Sitemap: https://strategier.example.dk/sub/sitemap.xml" in read(out, "robots.txt")
    for page in out.rglob("*.html"):
        if page.name != "404.html":  # links stay relative; only the Open Graph tags must be absolute
            html = re.sub(r'<meta property="og:(url|image)" content="[^"]*">', "", page.read_text(encoding="utf-8"))
            assert "strategier.example.dk" not in html


def test_site_works_from_a_sub_folder_over_http(tmp_path, mini_site):
    with served_from_sub_folder(mini_site, tmp_path / "www") as base:
        pages, problems = crawl(base)
    assert problems == []
    assert len(pages) >= 15


def test_markdown_headings_never_skip_a_level(tmp_path):
    from generator.render.markdown import render_markdown

    html = render_markdown("### Forord\n\ntekst\n\n#### Detalje\n", lambda target: target, heading_shift=2)
    assert "<h3>Forord</h3>" in html and "<h4>Detalje</h4>" in html
    assert "<h2>Formål</h2>" in render_markdown("## Formål", lambda target: target)


def test_drafts_and_expired_strategies_say_so_on_every_page_below_them(tmp_path):
    draft = MINI["org/klima/index.md"].replace("status: vedtaget", "status: udkast\n        as_of: 2011-06-14")
    content = write_content(tmp_path, {**MINI, "org/klima/index.md": draft})
    build(content, tmp_path / "site")
    for page in ("org/klima/index.html", "org/klima/energi/index.html", "org/klima/energi/sol/index.html"):
        html = (tmp_path / "site" / page).read_text(encoding="utf-8")
        notice = html.split('<p class="standing" role="note">')[1].split("</p>")[0]
        assert "Ikke vedtaget" in notice and "14. juni 2011" in notice, page
    expired = MINI["org/klima/index.md"].replace("status: vedtaget", "status: udloebet")
    content = write_content(tmp_path / "b", {**MINI, "org/klima/index.md": expired})
    build(content, tmp_path / "b" / "site")
    html = (tmp_path / "b" / "site" / "org/klima/energi/sol/index.html").read_text(encoding="utf-8")
    assert "Historisk dokument" in html and "perioden sluttede 2030" in html
    content = write_content(tmp_path / "c", MINI)  # adopted: no notice
    build(content, tmp_path / "c" / "site")
    assert 'class="standing"' not in (tmp_path / "c" / "site" / "org/klima/energi/sol/index.html").read_text(encoding="utf-8")


def test_relative_links_equal_posix_relpath():
    import itertools
    import posixpath

    from generator.render.renderer import relative_path

    paths = [
        "index.html",
        "a/index.html",
        "a/b/index.html",
        "a/c/index.html",
        "ab/index.html",
        "a/b/c/d.json",
        "search/shards/x.js",
        "assets/site.css",
        "a/",
        "a/b/",
    ]
    folders = ["", ".", "a", "a/", "a/b", "a/b/", "ab/", "a/b/c/", "search/shards", "x/y/z/"]
    for target, folder in itertools.product(paths, folders):
        assert relative_path(target, folder) == posixpath.relpath(target, folder or "."), (target, folder)
