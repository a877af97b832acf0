"""Tilbud til virksomheder: every offer with promise, provider, contact and initiative; one page per
need, audience and provider, so it works without JavaScript."""

from __future__ import annotations

import re

from generator.build.pipeline import build

from .conftest import MINI, write_content
from .test_taxonomy import text_of

OFFERS = {
    **MINI,
    "org/tilbud/energiraad.yaml": (
        "type: offer\ntitle: Gratis energirådgivning\npromise: Svar inden 24 timer\n"
        "needs: [energi-og-klima]\naudience: [smv, store-virksomheder]\n"
        "contact:\n  name: Energiteamet\n  email: energi@example.dk\n"
    ),
    "org/tilbud/fast-track.yaml": (
        "type: offer\ntitle: Fast Track\npromise: Kontakt inden 24 timer på hverdage\n"
        "needs: [sagsbehandling-og-byggesag]\naudience: [smv]\n"
    ),
    "hus/index.yaml": "type: organisation\nname: Erhvervshus Syd\n",
    "hus/vejledning.yaml": (
        "type: offer\ntitle: 1:1-vejledning\nneeds: [ivaerksaetteri, vaekst-og-eksport]\n"
        "audience: [ivaerksaettere]\ncontact:\n  name: Vejledere\n  phone: '7010 1010'\n"
    ),
}


def test_the_offer_finder_lists_every_offer_with_what_a_business_needs(tmp_path, fixed_today):
    build(write_content(tmp_path, OFFERS), tmp_path / "site")
    page = (tmp_path / "site/tilbud/index.html").read_text(encoding="utf-8")
    text = text_of(page)
    groups = re.findall(r'<h2 id="udbyder-\d+">([^<]+)</h2>', page)
    assert groups == ["Erhvervshus Syd", "Testrup Kommune"]  # providers in Danish order
    assert (
        "Gratis energirådgivning Løfte: Svar inden 24 timer Kontakt: Energiteamet , energi@example.dk "
        "Hører til: Solceller på tagene ! Forsinket Behov: Energi og klima" in text
    )
    assert "Fast Track Løfte: Kontakt inden 24 timer på hverdage" in text
    assert '<option value="smv" data-label="Små og mellemstore virksomheder">' in page or 'value="smv"' in page
    assert 'data-behov=" sagsbehandling-og-byggesag " data-maalgruppe=" smv " data-sted="  " data-udbyder=" org "' in page
    assert '<form id="offer-filters" class="filters" hidden>' in page


def test_one_page_per_filter_value(tmp_path):
    build(write_content(tmp_path, OFFERS), tmp_path / "site")
    site = tmp_path / "site/tilbud"
    need = text_of((site / "behov/sagsbehandling-og-byggesag/index.html").read_text(encoding="utf-8"))
    assert "Tilbud: Sagsbehandling og byggesag 1 tilbud med behov »Sagsbehandling og byggesag«" in need
    assert "Fast Track" in need and "Gratis energirådgivning" not in need
    audience = text_of((site / "maalgruppe/smv/index.html").read_text(encoding="utf-8"))
    assert "Fast Track" in audience and "Gratis energirådgivning" in audience and "1:1-vejledning" not in audience
    provider = text_of((site / "udbyder/hus/index.html").read_text(encoding="utf-8"))
    assert "1:1-vejledning" in provider and "Fast Track" not in provider
    assert not (site / "behov/netvaerk").exists()  # no offer has that need: no empty page
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="behov/sagsbehandling-og-byggesag/index.html">Sagsbehandling og byggesag</a> <span class="meta">(1)' in index
    assert 'href="udbyder/hus/index.html">Erhvervshus Syd</a>' in index


DATED = {
    **OFFERS,
    "org/udkast/index.yaml": "type: strategy\ntitle: Erhvervsstrategi i høring\nstatus: hoering\nas_of: 2019-04-09\n",
    "org/udkast/vaekst/index.yaml": "type: track\ntitle: Vækst\n",
    "org/udkast/vaekst/raad.yaml": "type: initiative\ntitle: Energirådgivning\noffers: [org/tilbud/energiraad]\n",
    "org/index.yaml": (
        "type: organisation\nname: Testrup Kommune\nkind: kommune\ncontact:\n  name: Erhvervsservice\n"
        "  phone: '+45 4175 0220'\n  email: erhverv@testrup.dk\n  url: Testrup.dk/erhverv\n"
    ),
    "hus/vejledning.yaml": ("type: offer\ntitle: 1:1-vejledning\nneeds: [ivaerksaetteri]\naudience: [ivaerksaettere]\nas_of: 2021-03\n"),
}


def test_an_offer_says_how_old_it_is_where_it_comes_from_and_whom_to_call(tmp_path, fixed_today):
    build(write_content(tmp_path, DATED), tmp_path / "site")
    site = tmp_path / "site"
    advice = (site / "org/tilbud/energiraad/index.html").read_text(encoding="utf-8")
    text = text_of(advice)
    assert "Oplysninger pr. 9. april 2019" in text  # its strategy's as_of
    assert "Ikke vedtaget: Erhvervsstrategi i høring er i høring, ikke en vedtaget plan." in text
    assert '<a href="mailto:energi@example.dk">' in advice  # its own contact
    assert '<a href="../../../tilbud/behov/energi-og-klima/index.html">Energi og klima</a>' in advice
    fast_track = (site / "org/tilbud/fast-track/index.html").read_text(encoding="utf-8")
    assert "Tilbuddet nævner ingen kontakt; her er udbyderens, Testrup Kommune." in text_of(fast_track)
    assert '<a href="tel:+4541750220">+45 4175 0220</a>' in fast_track
    assert '<a href="https://Testrup.dk/erhverv">Testrup.dk/erhverv</a>' in fast_track
    assert "Oplysninger pr." not in text_of(fast_track)  # nothing says when: nothing is claimed
    guidance = text_of((site / "hus/vejledning/index.html").read_text(encoding="utf-8"))
    assert "Oplysninger pr. marts 2021" in guidance and "Kontakt ikke oplyst." in guidance
    finder = (site / "tilbud/index.html").read_text(encoding="utf-8")
    assert '<a href="tel:+4541750220">+45 4175 0220</a>' in finder and '<a href="mailto:energi@example.dk">' in finder
    assert "Oplysninger pr. 9. april 2019 · fra Erhvervsstrategi i høring, som er i høring" in text_of(finder)
    assert 'Behov: <a href="behov/energi-og-klima/index.html">Energi og klima</a>' in finder
    assert '<details id="offer-filter-box" class="filter-box">' in finder  # one control, closed without JavaScript


PLACED = {
    **OFFERS,
    "org/index.yaml": "type: organisation\nname: Testrup Kommune\nkind: kommune\narea: [albertslund]\n",
    "hus/index.yaml": "type: organisation\nname: Erhvervshus Syd\narea: [hovedstaden]\n",
    "nord/index.yaml": "type: organisation\nname: Erhvervshus Nord\narea: [nordjylland]\n",
    "nord/match.yaml": "type: offer\ntitle: Jobmatch i Nordjylland\nneeds: [ivaerksaetteri]\n",
    "nord/lokalt.yaml": "type: offer\ntitle: Lokal rådgivning\narea: [ballerup]\nneeds: [ivaerksaetteri]\n",
}


def test_a_business_filters_offers_by_where_it_is(tmp_path):
    """A municipality's choice keeps its own offers and its region's; a region's keeps the offers of
    its municipalities too; an offer's own area overrides its provider's."""
    build(write_content(tmp_path, PLACED), tmp_path / "site")
    site = tmp_path / "site/tilbud"
    titles = {
        place: set(
            re.findall(r'<h3 class="card__title"><a [^>]+>([^<]+)</a>', (site / f"sted/{place}/index.html").read_text(encoding="utf-8"))
        )
        for place in ("albertslund", "ballerup", "hovedstaden", "nordjylland")
    }
    assert titles["albertslund"] == {"Gratis energirådgivning", "Fast Track", "1:1-vejledning"}
    assert titles["ballerup"] == {"1:1-vejledning", "Lokal rådgivning"}
    assert titles["hovedstaden"] == {"Gratis energirådgivning", "Fast Track", "1:1-vejledning", "Lokal rådgivning"}
    assert titles["nordjylland"] == {"Jobmatch i Nordjylland"}
    finder = (site / "index.html").read_text(encoding="utf-8")
    assert '<option value="albertslund" data-label="Albertslund Kommune">Albertslund Kommune (3)</option>' in finder
    assert 'data-sted=" albertslund hovedstaden "' in finder  # what the script filters on, the same rule
    local = text_of((tmp_path / "site/nord/lokalt/index.html").read_text(encoding="utf-8"))
    assert "Dækker Ballerup Kommune" in local


def test_a_place_within_a_place_that_does_not_exist_is_named(tmp_path):
    import pytest

    from generator.build.pipeline import ContentError, load_site

    content = write_content(tmp_path, OFFERS)
    places = content / "vocabularies/places.yaml"
    places.write_text(places.read_text(encoding="utf-8").replace("  within: hovedstaden\n", "  within: hovdstaden\n", 1), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_site(content)
    [problem] = [p for p in caught.value.problems if "within" in p.field]
    assert problem.path.endswith("places.yaml") and problem.field == "albertslund.within"
    assert "'hovdstaden' is not a place" in problem.text and "did you mean 'hovedstaden'" in problem.text
    assert places.read_text(encoding="utf-8").splitlines()[problem.line - 1].strip() == "within: hovdstaden"
