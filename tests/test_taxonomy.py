"""Cross-cutting pages: every theme, audience, role and SDG lists matching work of every organisation."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from generator.build.pipeline import build

from .conftest import MINI, write_content

TAGGED = {
    **MINI,
    "org/klima/energi/index.yaml": "type: track\nnumber: '1'\ntitle: Energi\nthemes: [energi]\nsdgs: ['7']\n",
    "nabo/index.yaml": "type: organisation\nname: Naboby Kommune\n",
    "nabo/plan/index.yaml": "type: strategy\ntitle: Nabobyens erhvervsplan\nthemes: [erhvervsservice, energi]\n",
    "nabo/plan/raad.yaml": (
        "type: initiative\ntitle: Energitjek for virksomheder\nthemes: [energi]\n"
        "audience: [virksomheder]\nrole: faellesskab\nstatus: i-gang\n"
    ),
    "nabo/plan/kultur.yaml": "type: initiative\ntitle: Kulturnat\nthemes: [kultur-og-fritid]\n",
}


def text_of(page: str) -> str:
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def test_a_theme_page_lists_work_of_every_organisation(tmp_path):
    content = write_content(tmp_path, TAGGED)
    build(content, tmp_path / "site")
    page = (tmp_path / "site/temaer/energi/index.html").read_text(encoding="utf-8")
    text = text_of(page)
    assert "Tema: Energi" in text and "1 strategier, 1 spor, 3 indsatser" in text
    # grouped by kind, then strategies by organisation in Danish order, tracks and initiatives by strategy
    strategies, tracks, initiatives = (text.split(heading, 1)[1] for heading in ("Strategier (", "Spor (", "Indsatser ("))
    assert "Naboby Kommune Nabobyens erhvervsplan" in strategies
    assert "Klimaplan 2023-2030 Testrup Kommune Energi" in tracks
    assert initiatives.index("Naboby Kommune Energitjek") < initiatives.index("Testrup Kommune 1.1. Solceller")
    # Solceller and Fjernvarme have no themes of their own: they carry their track's
    assert "Solceller på tagene" in initiatives and "Fjernvarme" in initiatives
    assert "Kulturnat" not in text
    assert 'href="../../nabo/plan/raad/index.html"' in page
    assert '<a href="../index.html">Temaer</a>' in page  # breadcrumbs


def test_audience_role_and_sdg_pages_and_their_index(tmp_path):
    content = write_content(tmp_path, TAGGED)
    build(content, tmp_path / "site")
    site = tmp_path / "site"
    assert "Energitjek for virksomheder" in text_of((site / "maalgrupper/virksomheder/index.html").read_text(encoding="utf-8"))
    role = text_of((site / "roller/selv/index.html").read_text(encoding="utf-8"))
    assert "Solceller på tagene" in role and "Energitjek" not in role
    assert "Fjernvarme" in text_of((site / "verdensmaal/7/index.html").read_text(encoding="utf-8"))
    empty = text_of((site / "temaer/turisme/index.html").read_text(encoding="utf-8"))
    assert "Intet indhold på sitet har endnu temaet »Turisme«" in empty
    index = (site / "temaer/index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="energi/index.html">Energi</a> <span class="meta">5 emner</span>', index)
    assert 'href="../maalgrupper/index.html"' in index and 'href="../verdensmaal/index.html"' in index


def test_tags_on_record_pages_link_to_their_cross_cutting_pages(tmp_path):
    content = write_content(tmp_path, TAGGED)
    build(content, tmp_path / "site")
    initiative = (tmp_path / "site/nabo/plan/raad/index.html").read_text(encoding="utf-8")
    assert 'href="../../../temaer/energi/index.html">Energi</a>' in initiative
    assert 'href="../../../maalgrupper/virksomheder/index.html"' in initiative
    assert 'href="../../../roller/faellesskab/index.html"' in initiative
    search = (tmp_path / "site/soeg/index.html").read_text(encoding="utf-8")
    nojs = search.split('class="search-nojs"', 1)[1].split("</div>", 1)[0]
    assert 'href="../temaer/index.html">Temaer</a>' in nojs and 'href="../tilbud/index.html"' in nojs
    menu = search.split('aria-label="Hovedmenu"', 1)[1].split("</nav>", 1)[0]
    assert "Temaer" in menu


def test_a_term_with_many_records_is_split_into_pages(tmp_path):
    many = {f"nabo/plan/indsats-{n:03d}.yaml": f"type: initiative\ntitle: Indsats {n:03d}\nthemes: [turisme]\n" for n in range(1, 106)}
    content = write_content(tmp_path, {**TAGGED, **many})
    build(content, tmp_path / "site")
    first = (tmp_path / "site/temaer/turisme/index.html").read_text(encoding="utf-8")
    second = (tmp_path / "site/temaer/turisme/side-2/index.html").read_text(encoding="utf-8")
    assert "Tema: Turisme (side 1 af 2)" in first and "105 indsatser" in text_of(second)
    assert "Viser 1–100 af 105." in first and "Viser 101–105 af 105." in second
    assert "Indsats 100" in first and "Indsats 101" not in first and "Indsats 101" in second
    assert 'href="side-2/index.html" rel="next"' in first and 'href="../index.html" rel="prev"' in second
    assert not (tmp_path / "site/temaer/turisme/side-3").exists()


@given(st.integers(1, 2000), st.integers(0, 2000))
def test_a_pager_shows_the_ends_and_the_neighbours_and_hides_only_runs_of_pages(pages, offset):
    from generator.site.taxonomy import WINDOW, window

    number = offset % pages + 1
    shown = window(number, pages)
    numbers = [other for other in shown if other is not None]
    assert numbers == sorted(set(numbers)) and {1, pages, number} <= set(numbers)
    assert set(range(max(1, number - WINDOW), min(pages, number + WINDOW) + 1)) <= set(numbers)
    for before, gap, after in zip(shown, shown[1:], shown[2:], strict=False):
        if gap is None:
            assert before is not None and after is not None and after - before > 2  # "…" hides two pages or more
    assert all(a is None or b is None or b == a + 1 for a, b in zip(shown, shown[1:], strict=False))
    assert len(shown) <= 2 * WINDOW + 5
