"""The seed site as a real web server serves it (issue 23): nginx with the README's snippet
(docs/nginx/retning.conf), the site at /strategier/. A crawler follows every link and asset
reference over HTTP; hashed assets are cached for good, pages briefly; text is compressed when
asked; a missing address at any depth gets the 404 page, styled, with links that lead somewhere."""

from __future__ import annotations

import gzip
import json
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from email.message import Message
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .quality_site import server
from .web_server import SNIPPET, need_nginx

README = Path(__file__).resolve().parent.parent / "README.md"
IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"
XML_KINDS = ("text/xml", "application/xml", "application/atom+xml")


def test_the_readme_holds_the_snippet_the_tests_serve_with():
    snippet = SNIPPET.read_text(encoding="utf-8")
    assert "error_page 404 /strategier/404.html;" in snippet and "immutable" in snippet
    assert f"```nginx\n{snippet}```" in README.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def served() -> tuple[str, Path]:
    need_nginx()
    base, site = server()
    assert base.endswith("/strategier/"), f"the quality site is not served by nginx: {base}"
    return base, site


def fetch(url: str, compressed: bool = False) -> tuple[int, Message, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if compressed else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, error.read()


class References(HTMLParser):
    """Every address an HTML page refers to: href (links, style sheets, icons, the manifest,
    alternates and feeds), src, each candidate of a srcset, and the share tags' og:url and og:image."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        if tag == "meta" and attributes.get("property") in ("og:url", "og:image"):
            self.found.append(attributes["content"])
        for name, value in attrs:
            if value and name in ("href", "src"):
                self.found.append(value)
            elif value and name == "srcset":
                self.found += [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


def references(url: str, kind: str, body: bytes) -> list[str]:
    """What a page, a feed or sitemap (their links), or the web manifest (its icons) refers to."""
    if kind == "text/html":
        parser = References()
        parser.feed(body.decode("utf-8"))
        return parser.found
    if kind in XML_KINDS:
        elements = ET.fromstring(body).iter()
        return [e.get("href", "") if e.tag.endswith("}link") else e.text or "" for e in elements if e.tag.endswith(("}link", "}loc"))]
    if url.endswith(".webmanifest"):
        return [icon["src"] for icon in json.loads(body)["icons"]]
    return []


def crawl(base: str) -> tuple[dict[str, tuple[int, Message]], list[str]]:
    """Every address reachable from `base` within it: {url: (status, headers)}, and the references
    that leave the site's folder on this server."""
    server_root = base[: base.index("/", len("http://"))]
    answers: dict[str, tuple[int, Message]] = {}
    leaving: list[str] = []
    seen, queue = {base}, [base]
    while queue:
        url = queue.pop()
        status, headers, body = fetch(url)
        answers[url] = status, headers
        if status != 200:
            continue
        for reference in references(url, headers.get_content_type(), body):
            target = urllib.parse.urljoin(url, reference).partition("#")[0]
            if not target.startswith(base):
                if target.startswith(server_root):
                    leaving.append(f"{url}: {reference}")
                continue
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return answers, leaving


def test_every_page_and_asset_answers_with_the_right_caching(served):
    base, site = served
    answers, leaving = crawl(base)
    assert leaving == []
    assert [(url, status) for url, (status, _) in answers.items() if status != 200] == []
    files = {url + "index.html" if url.endswith("/") else url for url in answers}  # a folder's address, and its index.html
    pages = {url for url in files if url.endswith(".html")}
    assets = [url for url in answers if url.startswith(base + "assets/")]
    assert pages >= {base + path.relative_to(site).as_posix() for path in site.rglob("index.html")}, "every page is reachable"
    assert {url.removeprefix(base) for url in assets} >= {
        path.relative_to(site).as_posix() for path in (site / "assets").rglob("*.*") if path.suffix in (".css", ".js")
    }
    assert any(url.endswith("atom.xml") for url in answers) and any(url.endswith("icon-512.png") for url in answers)
    for url, (_, headers) in answers.items():
        assert headers["Cache-Control"] == (IMMUTABLE if url in assets else SHORT), url
    print(f"crawled {len(answers)} addresses, {len(files)} files: {len(pages)} pages, {len(assets)} hashed assets")


def test_text_is_compressed_when_asked(served):
    base, site = served
    css = next((site / "assets/css").glob("site.*.css")).relative_to(site).as_posix()
    js = next((site / "assets/js").glob("search.*.js")).relative_to(site).as_posix()
    for rel in ("index.html", css, js, "search/docs.js", "atom.xml", "site.webmanifest"):
        status, headers, body = fetch(base + rel, compressed=True)
        assert (status, headers["Content-Encoding"], headers["Vary"]) == (200, "gzip", "Accept-Encoding"), rel
        assert gzip.decompress(body) == (site / rel).read_bytes(), rel
        status, headers, body = fetch(base + rel)
        assert headers["Content-Encoding"] is None and body == (site / rel).read_bytes(), rel


@pytest.mark.parametrize("missing", ["a/b/c/findes-ikke/", "ballerup/findes-ikke.html", "findes-ikke", "en/x/y/"])
def test_a_missing_address_at_any_depth_gets_the_styled_404_page(served, missing):
    base, site = served
    status, headers, body = fetch(base + missing)
    assert status == 404 and headers.get_content_type() == "text/html"
    assert body == (site / "404.html").read_bytes()
    html = body.decode("utf-8")
    assert "<style>" in html and 'rel="stylesheet"' not in html, "styled from within: no style sheet to miss"
    assert "<script" not in html, "with a base URL the links need no script"
    links = [ref for ref in references(base + missing, "text/html", body) if not ref.startswith(("#", "mailto:"))]
    assert len(links) > 10 and all(link.startswith(base) for link in links), links
    for link in set(links):
        assert fetch(link)[0] == 200, link


def test_a_missing_hashed_asset_is_not_cached_for_good(served):
    base, _ = served
    status, headers, _ = fetch(base + "assets/css/site.0123456789.css")
    assert status == 404 and headers["Cache-Control"] is None
