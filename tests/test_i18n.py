"""Interface catalogues: the same keys in every language, every key a template uses exists, and
numbers and dates formatted by locale."""

from __future__ import annotations

import datetime as dt
import re

from generator.core.dates import parse_date
from generator.core.i18n import LANGUAGES, load_catalogue
from generator.model.deadlines import STATES

from .conftest import ROOT

LAYOUTS = ROOT / "layouts"


def test_every_language_has_the_same_keys():
    keys = {language: set(load_catalogue(LAYOUTS, language).messages) for language in LANGUAGES}
    assert keys["da"] == keys["en"]


def test_every_key_the_templates_use_exists():
    used = set()
    for template in LAYOUTS.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        used |= set(re.findall(r"\bt\('([a-z_]+)'\)", text)) | set(re.findall(r"\bt\('([a-z_]+)',", text))
        used |= {f"{key}_{form}" for key in re.findall(r"\bt\.count\('([a-z_]+)'", text) for form in ("one", "other")}
        used |= {f"deadline_{state}" for state in STATES} if "t.deadline_state(" in text else set()
    assert len(used) > 150, "the templates use the catalogue"
    assert used <= set(load_catalogue(LAYOUTS, "da").messages)


def test_numbers_and_dates_by_locale():
    da, en = load_catalogue(LAYOUTS, "da"), load_catalogue(LAYOUTS, "en")
    assert (da.number(1400), da.number(12.5), da.number(45000)) == ("1.400", "12,5", "45.000")
    assert (en.number(1400), en.number(12.5)) == ("1,400", "12.5")
    # a float whose repr has an exponent and no point (a key figure `value: 1e-7` once raised IndexError)
    assert (da.number(1e-07), da.number(2.5e-05), da.number(1e21)) == ("0,0000001", "0,000025", "1.000.000.000.000.000.000.000")
    assert da.date(dt.date(2011, 6, 14)) == "14. juni 2011" and en.date(dt.date(2011, 6, 14)) == "14 June 2011"
    assert da.date(parse_date("2025-H2")) == "2. halvår 2025" and en.date(parse_date("2025-H2")) == "H2 2025"
    assert da.date(parse_date("2024-05")) == "maj 2024" and en.date(parse_date("2024-Q3")) == "Q3 2024"
    assert da.date(parse_date("ukendt")) == "ukendt" and en.date(parse_date("ukendt")) == "unknown"


def test_an_unknown_interface_language_is_a_content_error(tmp_path, capsys):
    from generator.cli import main

    from .conftest import MINI, write_content

    content = write_content(tmp_path, MINI)
    settings = content / "site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("languages: [da, en]", "languages: [da, fr]"), encoding="utf-8")
    assert main(["build", "--content", str(content), "--out", str(tmp_path / "site")]) == 1
    err = capsys.readouterr().err
    line = next(n for n, text in enumerate(settings.read_text(encoding="utf-8").splitlines(), 1) if text.startswith("languages:"))
    assert f"content/site.yaml:{line}:1: languages: 'fr' is not an interface language; choose from da, en" in err
    assert not (tmp_path / "site").exists()


def test_english_pages_change_the_interface_not_the_content(mini_site):
    danish = (mini_site / "org/klima/index.html").read_text(encoding="utf-8")
    english = (mini_site / "en/org/klima/index.html").read_text(encoding="utf-8")
    assert '<html lang="da">' in danish and '<html lang="en">' in english
    assert ">Skip to content</a>" in english and 'aria-label="Main menu"' in english
    assert ">Gå til indholdet</a>" in danish and ">Skip to content</a>" not in danish
    # content keeps its language, marked as such for screen readers (WCAG 3.1.2)
    assert '<h1 lang="da">Klimaplan 2023-2030</h1>' in english and "<h1>Klimaplan 2023-2030</h1>" in danish
    assert '<div lang="da"><p>Planen bygger på' in english and 'lang="da"' not in danish.split("<body", 1)[1]
    assert '<li><a href="../index.html" lang="da">Testrup Kommune</a></li>' in english  # breadcrumbs
    assert '<li><a href="../../index.html">Home</a></li>' in english
    assert "45,000" in english and "45.000" in danish  # numbers by locale


def test_the_language_switch_and_alternates_point_both_ways(mini_site):
    danish = (mini_site / "org/klima/index.html").read_text(encoding="utf-8")
    english = (mini_site / "en/org/klima/index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" hreflang="en" href="../../en/org/klima/index.html">' in danish
    assert '<link rel="alternate" hreflang="da" href="../../../org/klima/index.html">' in english
    assert '<a href="../../en/org/klima/index.html" hreflang="en" lang="en">English</a>' in danish
    assert '<a href="../../../org/klima/index.html" hreflang="da" lang="da">Dansk</a>' in english
    # links inside the English site stay in English; assets are shared
    assert '<a href="../../../en/strategier/index.html">Strategies</a>' in english  # the menu links from the root
    assert 'href="../../../assets/css/site.' in english


def test_an_english_page_has_no_danish_interface_words(tmp_path):
    """On a site whose content is plain ASCII English, no Danish letter may appear on an English
    page: every one would be interface text the catalogue missed."""
    from generator.build.pipeline import build

    from .conftest import write_content

    content = write_content(tmp_path, ASCII_SITE)
    build(content, tmp_path / "site")
    pages = list((tmp_path / "site/en").rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        html = re.sub(r'<link rel="alternate" hreflang="da"[^>]*>|<a [^>]*lang="da">Dansk</a>', "", html)
        html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
        body = html[html.index("<body") :]
        words = set(re.findall(r"\w*[æøåÆØÅ]\w*", body))
        assert not words, (page.relative_to(tmp_path), words)


ASCII_SITE = {
    "site.yaml": """
        title: Plans
        tagline: Public plans
        description: Plans of a town
        base_url: "http://localhost:8000/"
        publisher: Town
        languages: [da, en]
        accessibility:
          status: fuldt
          prepared: 2026-11-01
          reviewed: 2026-11-01
          method: Self review
          feedback: Write to us
        """,
    "town/index.yaml": """
        type: organisation
        name: Town
        kind: kommune
        contact:
          name: Ida Hansen
          phone: "4175 0220"
        """,
    "town/plan/index.md": """
        ---
        type: strategy
        title: Climate plan
        kind: politik
        status: vedtaget
        start: 2023
        end: 2030
        themes: [energi]
        goals:
          - title: Less carbon
            value: 85
            unit: "%"
            deadline: 2030
        key_figures:
          - label: Jobs
            value: 45000
        charts:
          - title: Carbon by sector
            unit: "%"
            date: 2019
            data:
              - label: Homes
                value: 40
              - label: Business
                value: 60
        ---
        The plan builds on [the energy track](id:town/plan/energy).
        """,
    "town/plan/energy/index.yaml": """
        type: track
        number: "1"
        title: Energy
        goal: Less energy, more sun.
        """,
    "town/plan/energy/sun.yaml": """
        type: initiative
        number: "1.1"
        title: Solar roofs
        status: i-gang
        deadline: 2020-H2
        role: selv
        offers: [town/offers/advice]
        measures:
          - text: Installed power
            target: 12.5
            unit: MW
            deadline: 2021
        """,
    "town/plan/energy/heat.yaml": """
        type: initiative
        number: "1.2"
        title: District heat
        status: planlagt
        deadline: 2027
        """,
    "town/offers/advice.yaml": """
        type: offer
        title: Free energy advice
        promise: Reply within a day
        needs: [energi-og-klima]
        audience: [smv]
        contact:
          name: Energy team
          email: energy@example.org
        """,
    "town/meetings/board-2024-05-01.yaml": """
        type: meeting
        title: Board 1 May 2024
        committee: Board
        date: 2024-05-01
        items:
          - number: "1"
            title: Plan status
            outcome: godkendt
            decision: The board agreed.
            concerns: [town/plan, town/plan/energy/sun]
        """,
    "about.md": """
        ---
        type: page
        title: About
        menu: 1
        ---
        # Purpose

        Plans in one place.
        """,
}
