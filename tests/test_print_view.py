""" "Udskriv hele strategien": a whole strategy laid out as one document."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from generator.build.pipeline import build, load_site
from generator.render.renderer import css_string

from .conftest import ROOT, write_content
from .test_rollup import PLAN
from .test_taxonomy import text_of


def test_the_print_view_holds_the_whole_strategy(tmp_path):
    build(write_content(tmp_path, PLAN), tmp_path / "site")
    strategy = (tmp_path / "site/org/klima/index.html").read_text(encoding="utf-8")
    assert '<a href="udskriv/index.html">Udskriv hele strategien</a>' in strategy
    page = (tmp_path / "site/org/klima/udskriv/index.html").read_text(encoding="utf-8")
    text = text_of(page)
    assert "Klimaplan 2023-2030" in text and "85 % mindre CO2" in text  # title and goals
    # every track, then its initiatives in order, with their measures and offers
    order = [
        "Arbejdspladser",
        "Ben 1: Energi",
        "1.1. Solceller på tagene",
        "Installeret effekt",
        "12,5 MW",
        "Gratis energirådgivning (Svar inden 24 timer)",
        "1.2. Fjernvarme",
        "Ben 2: Transport",
        "Cykelstier",
        "Elbusser",
        "20 elbusser",
        "Ladestation",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert '<a href="../index.html">Klimaplan 2023-2030</a>' in page  # breadcrumbs lead back
    # the committee's decision on the strategy, and on the initiative it concerned
    assert page.count('href="../../moeder/udvalg-2024-05-01/index.html#punkt-1"') == 2


HEADING = re.compile(r"<h[1-6][^>]*>(.*?)</h[1-6]>", re.S)


def headings(html: str) -> list[str]:
    return [" ".join(re.sub(r"<[^>]+>", " ", h).split()) for h in HEADING.findall(html.split("<main", 1)[1].split("</main>")[0])]


def test_the_print_view_holds_what_the_strategy_s_pages_hold():
    """For every strategy of the seed site: each heading of its page and of its tracks' pages
    (sections and their items, key figures, charts, the spheres, "Om politikken"), each key figure
    and chart value, each initiative and measure, and each editor note (as a numbered endnote)."""
    from .quality_site import site_folder

    site_dir, site = Path(site_folder()), load_site(ROOT / "content")
    skip = {
        "Udskriv",
        "Temaer",
        "Verdensmål",
        "Omtalt i",
        "Ændringer",
        "Lignende indsatser",
        "Kilder",
        "Kontakt",
        "Data og nyheder",
        "Relaterede strategier",
        "Kapitler",
        "Indsatser",
        "Fremdrift",
    }
    for strategy in site.of_type("strategy"):
        printed = (site_dir / strategy.id / "udskriv/index.html").read_text(encoding="utf-8")
        printed_text, printed_headings = text_of(printed), set(headings(printed))
        lists = {strategy.data.get("track_label_plural"), strategy.data.get("track_label"), "Spor"} - {None}
        pages = [strategy, *strategy.kids("track")]
        notes = 0
        for record in pages:
            html = (site_dir / record.id / "index.html").read_text(encoding="utf-8")
            for heading in headings(html)[1:]:  # the page's own title is a track heading in print
                if not any(heading.startswith(word) for word in skip) and heading not in lists:
                    assert heading in printed_headings, (strategy.id, record.id, heading)
            for figure in record.data.get("key_figures") or []:
                assert figure["label"] in printed_text, (strategy.id, figure["label"])
            for chart in record.data.get("charts") or []:
                assert all(point["label"] in printed_text for point in chart["data"]), (strategy.id, chart["title"])
            notes += html.count('class="editor-note"')
        for track in strategy.kids("track"):
            for initiative in track.kids("initiative"):
                assert initiative.data["title"] in printed_text
                for meeting, decided in initiative.decisions:  # the committee decisions that moved it
                    assert f'href="../../../{meeting.id}/index.html#punkt-{decided["number"]}"' in printed, initiative.id
                for measure in initiative.data.get("measures") or []:
                    assert " ".join(str(measure["text"]).split()) in printed_text
        assert 'class="editor-note"' not in printed  # notes are endnotes on paper
        endnotes = printed.count('<li id="note-')
        assert endnotes >= notes and printed.count('class="endnote-ref"') == endnotes
        assert all(f'href="#note-{n}"' in printed and f'id="note-{n}"' in printed for n in range(1, endnotes + 1))


def test_paper_has_margins_page_numbers_the_title_and_link_targets():
    from .quality_site import site_folder

    css = (ROOT / "assets/css/print.css").read_text(encoding="utf-8")
    assert "@page" in css and "counter(page)" in css and 'a[href^="http"]::after' in css
    printed = (Path(site_folder()) / "ballerup/klimapolitik-2023-2030/udskriv/index.html").read_text(encoding="utf-8")
    head = printed.split("</head>")[0]
    assert '<style media="print">@page { @top-left { content: "Klimapolitik og klimahandleplan 2023-2030";' in head


@given(st.text())
def test_a_title_in_the_page_head_cannot_end_its_string_or_the_style_element(title):
    quoted = str(css_string(title))
    inner = quoted[1:-1]
    assert quoted[0] == quoted[-1] == '"' and not set(inner) & set("\"'<>&\n\r") - {"\\"}
    decoded = re.sub(r"\\([0-9a-f]+) ", lambda m: chr(int(m.group(1), 16)), inner)
    assert decoded == title
