"""Helpers the tests share: link parsing, serving a folder over HTTP, crawling."""

from __future__ import annotations

import contextlib
import re
import shutil
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.search.live import LiveSearch

SUB_FOLDER = "any/sub/folder"


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.page_type = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "body":
            self.page_type = attributes.get("data-page-type", "")
        for name in ("href", "src"):
            if attributes.get(name):
                self.links.append(attributes[name])


def parse_html(text: str) -> LinkParser:
    parser = LinkParser()
    parser.feed(text)
    return parser


def is_external(href: str) -> bool:
    return bool(re.match(r"^[a-z][a-z0-9+.-]*:", href))


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def served_from_sub_folder(site: Path, root: Path) -> Iterator[str]:
    """Copy `site` to root/any/sub/folder and serve root on 127.0.0.1; yield the site's base URL."""
    target = root / SUB_FOLDER
    if not target.exists():
        shutil.copytree(site, target)
    handler = partial(QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{SUB_FOLDER}/"
    finally:
        server.shutdown()
        server.server_close()


def crawl(base: str) -> tuple[dict[str, LinkParser], list[str]]:
    """Follow every internal link from base; return (parsed HTML pages by URL, problems)."""
    pages: dict[str, LinkParser] = {}
    problems: list[str] = []
    seen, queue, fragments = {base}, [base], []
    while queue:
        url = queue.pop()
        try:
            with urllib.request.urlopen(url) as response:
                body, kind = response.read(), response.headers.get_content_type()
        except OSError as error:
            problems.append(f"{url}: {error}")
            continue
        if kind != "text/html":
            continue
        parser = parse_html(body.decode("utf-8"))
        pages[url] = parser
        for href in parser.links:
            if is_external(href):
                continue
            absolute = urllib.parse.urljoin(url, href)
            target, _, fragment = absolute.partition("#")
            if not target.startswith(base):
                problems.append(f"{url}: {href} leaves the site's folder")
                continue
            if fragment:
                fragments.append((url, target, fragment))
            if target not in seen:
                seen.add(target)
                queue.append(target)
    for url, target, fragment in fragments:
        page = pages.get(target)
        if page is not None and urllib.parse.unquote(fragment) not in page.ids:
            problems.append(f"{url}: anchor #{fragment} does not exist in {target}")
    return pages, problems


def live_search_of(words) -> LiveSearch:
    """A LiveSearch whose corpus is `words` (each in one document), parts split afresh."""
    from generator.search.live import LiveSearch, parts_of

    live = LiveSearch()
    live.word_docs = {word: {"d"} for word in words}
    live.parts_of = parts_of(live.word_docs)
    live.sorted_words, live.sorted_backwards = sorted(live.word_docs), sorted(w[::-1] for w in live.word_docs)
    return live


def toggle_words(live: LiveSearch, moved: set[str]) -> None:
    """Words in `moved` leave the corpus if they are in it, else come into it."""
    for word in moved:
        if word in live.word_docs:
            del live.word_docs[word]
        else:
            live.word_docs[word] = {"d"}
