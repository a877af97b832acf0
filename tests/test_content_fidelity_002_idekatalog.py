"""Seed 002, lines 6818-9519: Vækstforum Hovedstaden's "Idékatalog - forslag til initiativer i Vækstforum
Hovedstadens erhvervsudviklingsstrategi 2011 - 2013". Its 22 initiative proposals (2.1-7.3) sit as initiatives
in the six track folders of the strategy. Values below are written from reading the seed."""

from __future__ import annotations

import re

import pytest

from .test_content_fidelity import normalised, site

STRATEGY_ID = "vaekstforum-hovedstaden/erhvervsudviklingsstrategi-2011-2013"

# Track folder -> catalogue numbers and titles exactly as printed in the catalogue headings.
CATALOGUE = {
    "velfaerds-og-sundhedsteknologi": {
        "2.1": "Fremtidens bæredygtige og innovative supersygehuse",
        "2.2": "Offentlig-privat samarbejde om nye, innovative løsninger på kommunernes velfærdsopgaver",
    },
    "attraktiv-metropol": {
        "3.1": "Copenhagen Talent Bridge",
        "3.2": "Samarbejde om mere aktiv lokal investeringsfremme",
        "3.3": "Regional Destinationsudvikling – Kongernes Nordsjælland",
        "3.4": "Besøgsservice for udenlandske delegationer",
    },
    "innovation-og-forskning": {
        "4.1": "Centrum for avanceret lægemiddeludvikling ved åben innovation af patientspecifik terapi",
        "4.2": "Intelligente teknologier løser samfundsudfordringer",
        "4.3": "Understøtte Green Labs DK – udvikling og demonstration af ny energiteknologi",
        "4.4": "Klimasmarte løsninger, grøn vækst og energiforbedringer",
        "4.5": "Design som vækstdriver",
    },
    "talent-og-kompetencer": {
        "5.1": "Erhvervsvenlige uddannelser: Eksperimentarium for undervisning og test af flexication-principper",
        "5.2": "Bedre boglige forudsætninger – brobygning til ungdomsuddannelser",
        "5.3": "Fra ufaglært til faglært på rekordtid",
        "5.4": "Opkvalificering af ufaglærte ledige",
        "5.5": "Flere højtuddannede i virksomhederne",
    },
    "erhvervsklynger": {
        "6.1": "Vækst i biotekklyngen: Udmøntning af biotekstrategi",
        "6.2": "Danmarks Maritime Klynge",
        "6.3": "FOOD KIC i Østersøregionen – Viden og innovation i fødevarer og sundhed",
    },
    "vaekstivaerksaettere": {
        "7.1": "Internationalisering af små virksomheder i videnservice-erhvervet",
        "7.2": "Service Accelerace, forretningsudvikling i videns- og velfærdsservice og kreative erhverv",
        "7.3": "Entreprenørskab i partnerskaber mellem uddannelser og erhvervsliv",
    },
}


def catalogue_initiatives() -> list:
    return [r for r in site().of_type("initiative") if r.id.startswith(STRATEGY_ID + "/")]


def by_number() -> dict:
    return {r.data["number"]: r for r in catalogue_initiatives()}


def text_of(record) -> str:
    parts = [record.data.get(f) or "" for f in ("summary", "goal", "body")] + list(record.data.get("actions") or [])
    return normalised(" ".join(parts))


def test_22_proposals_split_2_4_5_5_3_3_across_the_six_tracks():
    initiatives = catalogue_initiatives()
    assert len(initiatives) == 22
    per_track = {slug: sorted(r.data["number"] for r in initiatives if r.id.split("/")[2] == slug) for slug in CATALOGUE}
    assert [len(per_track[slug]) for slug in CATALOGUE] == [2, 4, 5, 5, 3, 3]
    assert per_track == {slug: sorted(entries) for slug, entries in CATALOGUE.items()}
    for record in initiatives:
        assert record.parent is not None and record.parent.type == "track"
        assert record.nearest("strategy").id == STRATEGY_ID


@pytest.mark.parametrize("slug", list(CATALOGUE))
def test_numbers_and_titles_as_printed(slug):
    found = {r.data["number"]: r.data["title"] for r in catalogue_initiatives() if r.id.split("/")[2] == slug}
    assert found == CATALOGUE[slug]


def test_every_proposal_is_a_2011_plan_with_sources_partners_and_actions():
    for record in catalogue_initiatives():
        data = record.data
        assert data["status"] == "planlagt", record.id
        assert "historisk" in normalised(data["editor_note"]), record.id
        assert data["summary"] and data["actions"] and data["partners"] and data["themes"] and data["audience"], record.id
        locations = [src["location"] for src in data["sources"]]
        # where a reader of the catalogue finds it: its section, never our working copy's lines
        assert locations and all(loc and not re.search(r"seed \d|linje \d|udtræk", loc) for loc in locations), record.id
        assert any("idékatalog" in src["title"].lower() for src in data["sources"]), record.id


def test_every_catalogue_section_is_one_initiative():
    assert sorted(by_number()) == [
        "2.1",
        "2.2",
        "3.1",
        "3.2",
        "3.3",
        "3.4",
        "4.1",
        "4.2",
        "4.3",
        "4.4",
        "4.5",
        "5.1",
        "5.2",
        "5.3",
        "5.4",
        "5.5",
        "6.1",
        "6.2",
        "6.3",
        "7.1",
        "7.2",
        "7.3",
    ]


def test_measures_and_targets():
    initiatives = by_number()
    with_measures = {n for n, r in initiatives.items() if r.data["measures"]}
    assert with_measures == {"5.1", "5.2", "5.3", "5.5"}
    upskilling = initiatives["5.3"].data["measures"]
    assert [m["target"] for m in upskilling] == [5000, 5000]  # at least 5000 unskilled; 5000 GVU courses
    assert "mindst" in normalised(upskilling[0]["unit"]) and "gvu" in normalised(upskilling[1]["text"])
    flexication = initiatives["5.1"].data["measures"]
    assert flexication[0]["target"] == 95 and flexication[1]["deadline"].year == 2015
    assert initiatives["5.2"].data["measures"][0]["target"] == 95
    assert initiatives["5.5"].data["measures"][0]["deadline"].year == 2020


def test_figures_and_years():
    n = by_number()
    assert "45.000 faglærte" in text_of(n["3.1"]) and "105.000" in text_of(n["3.1"])
    assert "70 pct." in text_of(n["3.2"])
    assert "mindst 5000" in text_of(n["5.3"]) and "2-3-årig" in text_of(n["5.3"]) and "5-10.000" in text_of(n["5.3"])
    assert "over 30 år" in text_of(n["5.4"])
    maritime = text_of(n["6.2"])
    assert all(fig in maritime for fig in ("10 %", "ca. 200 danske rederier", "116.000", "140 mia. kr.", "2009"))
    assert "1/3" in text_of(n["7.1"]) and "brik-landene" in text_of(n["7.1"])
    assert "medio 2010" in text_of(n["4.3"])
    assert "diabetes 2" in text_of(n["4.1"])
    assert "inden 2015" in text_of(n["5.1"])
    assert "2020" in text_of(n["5.5"])


def test_partners_as_printed():
    n = by_number()
    assert "Hospitalernes Center for Sundhedsinnovation (CSI)" in n["2.1"].data["partners"]
    assert {"Copenhagen Capacity", "Work in Denmark", "CONNECT Denmark", "Copenhagen FinansITRegion (CFIR)"} <= set(
        n["3.1"].data["partners"]
    )
    assert "Gribskov, Hillerød, Helsingør og Fredensborg Kommuner (og på sigt eventuelt flere kommuner)" in n["3.3"].data["partners"]
    assert {"Gate 21", "Copenhagen Cleantech Cluster", "ScionDTU", "Håndværksrådet", "Tekniq"} <= set(n["4.4"].data["partners"])
    assert {"COBIS", "Scion DTU", "Symbion", "Novo Seed", "SEED Capital", "GTS-virksomheden Bioneer A/S"} <= set(n["6.1"].data["partners"])
    assert "Øresund Logistics" in n["6.2"].data["partners"] and "Øresund Food" in n["6.3"].data["partners"]
    assert "Danmarks Eksportråd" in n["7.1"].data["partners"]
    assert "Symbion Science Park" in n["7.2"].data["partners"]
