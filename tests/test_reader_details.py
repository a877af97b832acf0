"""Small things readers hit (issue 22, item 6): the site's texts in each language, a strategy's own
data files linked from its page, the strategy's word for its tracks, titles that are names."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.build.pipeline import build, load_site

from .conftest import MINI, ROOT, write_content


@pytest.fixture(scope="module")
def mini_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("reader-details")
    content = write_content(
        root,
        {
            **MINI,
            "org/klima/index.md": MINI["org/klima/index.md"].replace(
                "track_label: Ben", "track_label: Ben\n        track_label_plural: Ben"
            ),
            "org/klima/energi/noteret.yaml": "type: initiative\ntitle: Noteret indsats\neditor_note: Kilden nævner ikke året.\n",
        },
    )
    build(content, root / "site")
    return root / "site"


def test_the_home_page_speaks_each_language_and_marks_what_is_untranslated(mini_site, tmp_path):
    danish = (mini_site / "index.html").read_text(encoding="utf-8")
    english = (mini_site / "en/index.html").read_text(encoding="utf-8")
    assert '<p class="lead">Offentlige strategier: vision, mål, indsatser og beslutninger</p>' in danish
    assert '<p class="lead">Public strategies: vision, goals, initiatives and decisions</p>' in english
    assert '<meta name="description" content="Strategies and policies of Danish municipalities' in english
    settings = write_content(tmp_path, MINI) / "site.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(re.sub(r"translations:\n(  .*\n)+", "", text), encoding="utf-8")
    build(settings.parent, tmp_path / "site")
    untranslated = (tmp_path / "site/en/index.html").read_text(encoding="utf-8")
    assert '<p class="lead" lang="da">Offentlige strategier' in untranslated  # Danish, and says so


def test_a_strategy_page_links_its_own_data_and_feed(mini_site):
    for prefix in ("", "en/"):
        page = (mini_site / prefix / "org/klima/index.html").read_text(encoding="utf-8")
        section = page.split('id="data"')[1].split("</section>")[0]
        targets = re.findall(r'href="([^"]+)"', section)
        assert [t.rsplit("/", 1)[-1] for t in targets] == ["klima.csv", "klima.json", "atom.xml", "index.html"]
        for target in targets:  # each file exists where the link points
            assert (mini_site / prefix / "org/klima" / target).resolve().is_file(), target


def test_an_initiative_names_its_track_with_the_strategy_s_word(mini_site):
    page = (mini_site / "org/klima/energi/sol/index.html").read_text(encoding="utf-8")
    assert '<nav class="pager" aria-label="Indsatser i samme ben">' in page and "samme spor" not in page
    english = (mini_site / "en/org/klima/energi/sol/index.html").read_text(encoding="utf-8")
    assert '<nav class="pager" aria-label="Initiatives in the same track">' in english


def test_no_strategy_is_titled_by_a_chapter_number():
    titles = [record.data["title"] for record in load_site(ROOT / "content").of_type("strategy")]
    assert titles and not [title for title in titles if re.match(r"\d+\.\s", title)]


class _LangOfText(HTMLParser):
    """Each text node with the nearest lang attribute around it."""

    VOID = {"br", "img", "meta", "link", "input", "hr", "source", "wbr", "col", "area"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []
        self.texts: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        text = " ".join(data.split())
        if text:
            self.texts.append((text, next((lang for _, lang in reversed(self.stack) if lang), None)))


def test_danish_content_on_english_pages_is_marked_danish():
    """WCAG 3.1.2: a screen reader reads a record's title, summary or promise on an English page
    with a Danish voice only if an element around it says lang="da"."""
    from .quality_site import site_folder

    site = load_site(ROOT / "content")
    danish = {
        " ".join(value.split())
        for record in site.records.values()
        for key in ("title", "name", "summary", "promise")
        if isinstance(value := record.data.get(key), str) and len(value) > 12
    }
    unmarked, checked = [], 0
    for page in sorted((Path(site_folder()) / "en").rglob("index.html")):
        parser = _LangOfText()
        parser.feed(page.read_text(encoding="utf-8"))
        for text, lang in parser.texts:
            if text in danish:
                checked += 1
                if lang != "da":
                    unmarked.append((page.relative_to(site_folder()).as_posix(), text[:50]))
    assert checked > 1000 and unmarked == []


INTERNAL_WORDS = re.compile(r"\bseed \d{3}\b|tekstudtræk|udtrækket|\blinje \d", re.IGNORECASE)


def test_no_page_speaks_of_how_the_content_was_typed_in():
    """Readers need to know where a fact comes from (document, section), not the editors' working
    copy: no seed numbers, text extractions or line numbers on any page of the seed site."""
    from .quality_site import site_folder

    found = []
    for page in sorted(Path(site_folder()).rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        found += [(page.relative_to(site_folder()).as_posix(), m.group()) for m in INTERNAL_WORDS.finditer(text)]
    assert found == []


def test_an_editor_note_is_one_closed_line_until_a_reader_opens_it(mini_site):
    page = (mini_site / "org/klima/energi/noteret/index.html").read_text(encoding="utf-8")
    notes = re.findall(r'<details class="editor-note">\s*<summary class="editor-note__label">([^<]+)</summary>\s*<p>([^<]+)</p>', page)
    assert notes == [("Om kilden", "Kilden nævner ikke året.")]  # closed: no open attribute


def test_an_amount_with_a_danish_unit_is_one_danish_phrase_on_english_pages(tmp_path):
    content = write_content(
        tmp_path,
        {
            **MINI,
            "org/klima/energi/index.yaml": MINI["org/klima/energi/index.yaml"].rstrip(" ")
            + (
                "        key_figures:\n          - label: Budget\n            value: 3000000\n            unit: kr. pr. år\n"
                '          - label: Andel\n            value: 12.5\n            unit: "%"\n'
            ),
        },
    )
    build(content, tmp_path / "site")
    english = (tmp_path / "site/en/org/klima/energi/index.html").read_text(encoding="utf-8")
    danish = (tmp_path / "site/org/klima/energi/index.html").read_text(encoding="utf-8")
    assert '<span lang="da">3.000.000 kr. pr. år</span>' in english and "3,000,000" not in english
    assert ">12.5 %<" in english  # a sign reads the same in every language: the page's own digits
    assert ">3.000.000 kr. pr. år<" in danish and ">12,5 %<" in danish
