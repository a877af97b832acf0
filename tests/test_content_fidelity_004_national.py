"""Seed 004 (KKR Nordjylland, bilagsmateriale efteråret 2019): the draft national "Strategi for
decentral erhvervsfremme 2020-2023" (L439-L8418) by Danmarks Erhvervsfremmebestyrelse, its
regional chapter "20. Nordjylland" (L5358-L5805) as a child strategy, and the offers to businesses
promised in the bundle (Nordjysk Vækstpilotordning, L9123-L9189, and others). Expected values are
written here from reading the seed."""

from __future__ import annotations

from .test_content_fidelity import figure_values, initiatives, normalised, site, strategy, tracks

NATIONAL = "Strategi for decentral erhvervsfremme 2020-2023"
NATIONAL_ID = "danmarks-erhvervsfremmebestyrelse/strategi-for-decentral-erhvervsfremme-2020-2023"
CHAPTER_ID = "erhvervshus-nordjylland/nordjysk-kapitel-decentral-erhvervsfremme-2020-2023"
VAEKSTPILOT_INITIATIVE = "kkr-nordjylland/vaekst-via-viden-2-0/hoejtuddannet-arbejdskraft-til-virksomhederne/nordjysk-vaekstpilotordning"

DRIVERS = {  # Del 1: chapter number -> (title, focus-area titles in printed order)
    "1": (
        "kvalificeret arbejdskraft og social inklusion",
        [
            "målrettet uddannelse til virksomhedernes behov gennem stærke partnerskaber",
            "tiltrækning og fastholdelse af international arbejdskraft",
            "udvidelse af arbejdsudbuddet gennem social inklusion",
        ],
    ),
    "2": ("iværksætteri", ["flere iværksættere skal lykkes", "styrkelse af iværksættermiljøer", "vækst og skalering"]),
    "3": (
        "grøn omstilling og cirkulær økonomi",
        [
            "grøn omstilling og cirkulær økonomi bredt i erhvervslivet",
            "udvikling af innovative grønne og cirkulære løsninger",
            "verdensmålene som løftestang for styrket eksport af grønne og cirkulære løsninger",
        ],
    ),
    "4": ("innovation", ["styrke dansk innovationskultur og -kapacitet", "øget innovationssamarbejde gennem stærke klynger"]),
    "5": (
        "digitalisering og automatisering",
        ["digital parathed og kapacitet", "automatisering og robotter", "digitale frontløbere", "sikkerhed og dataetik"],
    ),
    "6": (
        "internationalisering",
        [
            "eksportparathed og internationalt samarbejde",
            "verdensmålene som løftestang for internationalisering",
            "global usikkerhed og omstillingsparathed",
        ],
    ),
}
AREAS = [
    "miljøteknologi",
    "energiteknologi",
    "fødevarer og bioressourcer",
    "maritime erhverv og logistik",
    "life science og velfærdsteknologi",
    "byggeri og anlæg",
    "design, mode og møbler",
    "avanceret produktion",
    "digitale teknologier",
    "finans og fintech",
    "turisme",
    "robot- og droneteknologi",
    "animation, spil og film",
]
TOURISM = [
    "grøn og bæredygtig turisme",
    "strategisk sammenhæng og tværgående samarbejder",
    "stedbunden, lokal oplevelsesudvikling",
    "viden- og databaseret udvikling samt innovativ brug af teknologi",
    "investeringer i et attraktivt turismeprodukt",
    "international markedsføring",
]
REGIONS = ["Nordjylland", "Midtjylland", "Sydjylland", "Fyn", "Sjælland", "Hovedstaden", "Bornholm"]


def _titles(records) -> list[str]:
    return [normalised(r.data["title"]) for r in records]


def _by_number(records) -> dict:
    return {r.data["number"]: r for r in records}


def _chapter():
    return site().records[CHAPTER_ID]


def test_004_national_strategy_is_a_2019_draft():
    plan = strategy(NATIONAL)
    assert plan.id == NATIONAL_ID
    assert plan.nearest("organisation").data["name"] == "Danmarks Erhvervsfremmebestyrelse"
    assert plan.data["status"] == "udkast" and plan.data["kind"] == "strategi"
    assert (plan.data["start"].year, plan.data["end"].year, plan.data["as_of"].year) == (2020, 2023, 2019)
    assert "[Udarbejdes senere]" in plan.data["editor_note"]
    assert all(s["location"] and "seed" not in s["location"] for s in plan.data["sources"])


def test_004_national_six_drivers_and_their_focus_areas():
    plan = strategy(NATIONAL)
    by_number = _by_number(tracks(plan))
    assert set(by_number) == {"1", "2", "3", "4", "5", "6", "17", "27"}
    for number, (title, focus_areas) in DRIVERS.items():
        track = by_number[number]
        assert normalised(track.data["title"]) == title
        assert _titles(track.kids("initiative")) == focus_areas, title  # kids are sorted by number
    assert sum(len(areas) for _, areas in DRIVERS.values()) == 18
    assert len(initiatives(plan)) == 18 + 6 + 4


def test_004_national_tourism_and_border_tracks():
    plan = strategy(NATIONAL)
    by_number = _by_number(tracks(plan))
    assert normalised(by_number["17"].data["title"]) == "turisme"
    assert _titles(by_number["17"].kids("initiative")) == TOURISM
    border = by_number["27"]
    assert normalised(border.data["title"]) == "grænseoverskridende samarbejder"
    assert sorted(_titles(border.kids("initiative"))) == sorted(
        [
            "sammenhængende arbejdsmarked på tværs af grænser",
            "uddannelsessamarbejder",
            "forsknings- og innovationssamarbejder",
            "femern bælt-forbindelsen",
        ]
    )


def test_004_national_thirteen_business_and_technology_areas():
    plan = strategy(NATIONAL)
    section = next(s for s in plan.data["sections"] if s["title"] == "Erhvervs- og teknologiområder")
    assert [normalised(i["title"]) for i in section["items"]] == AREAS
    assert all(item["text"] for item in section["items"])
    texts = {normalised(i["title"]): normalised(i["text"]) for i in section["items"]}
    assert "117 mia. kr." in texts["energiteknologi"] and "130.000" in texts["energiteknologi"]
    assert "163 mia. kr." in texts["fødevarer og bioressourcer"]
    assert "128 mia. kr." in texts["turisme"]
    assert "31.000" in texts["robot- og droneteknologi"]
    assert "spirende" in texts["animation, spil og film"] and "spirende" in texts["robot- og droneteknologi"]


def test_004_national_regional_chapters_and_key_figures():
    plan = strategy(NATIONAL)
    body = plan.data["body"]
    for number, region in enumerate(REGIONS, start=20):
        assert f"**{region} (kapitel {number})**" in body
    assert "Grænseoverskridende samarbejder (kapitel 27)" in body
    assert figure_values(plan) >= {1200, 7, 900, 18000, 13, 93}
    green = next(c for c in plan.data["charts"] if "tabel 2" in c["title"])
    assert {p["label"]: p["value"] for p in green["data"]}["Nordjylland"] == 26.3
    firms = next(c for c in plan.data["charts"] if "tabel 1" in c["title"])
    assert {p["label"]: p["value"] for p in firms["data"]}["Nordjylland"] == 1563
    # the only chapter published as its own strategy is Nordjylland
    assert [c.id for c in plan.links.get("chapters", [])] == [CHAPTER_ID]


def test_004_nordjysk_chapter_is_a_child_draft():
    chapter = _chapter()
    assert chapter.type == "strategy"
    # the source's heading is "20. Nordjylland"; a chapter number is no title for a list of strategies
    assert chapter.data["title"] == "Nordjylland: regionalt kapitel i strategi for decentral erhvervsfremme 2020-2023"
    assert '"20. Nordjylland"' in chapter.data["editor_note"]
    assert chapter.data["parent"] == NATIONAL_ID and chapter.links["parent"].id == NATIONAL_ID
    assert chapter.nearest("organisation").data["name"] == "Erhvervshus Nordjylland"
    assert [o.id for o in chapter.links["owners"]] == ["danmarks-erhvervsfremmebestyrelse"]
    assert chapter.data["kind"] == "kapitel" and chapter.data["status"] == "udkast"
    assert chapter.data["as_of"].year == 2019 and str(chapter.data["as_of"]) == "2. halvår 2019"
    assert (chapter.data["start"].year, chapter.data["end"].year) == (2020, 2023)
    assert all(s["location"] and "seed" not in s["location"] for s in chapter.data["sources"])
    assert chapter.data["sources"][0]["location"] == "kapitel 20 »Nordjylland« (hele kapitlet)"


def test_004_nordjysk_chapter_structure():
    chapter = _chapter()
    assert _titles(tracks(chapter)) == ["tværgående drivkræfter", "nordjyske hovedprioriteter", "nordjyske erhvervsstyrker"]
    drivers, priorities, strengths = tracks(chapter)
    assert _titles(drivers.kids("initiative")) == [
        "kvalificeret arbejdskraft",
        "digitalisering og automatisering",
        "innovation og ny teknologi",
        "internationalisering",
        "grøn omstilling",
        "iværksætteri",
    ]
    assert [i.data["title"] for i in priorities.kids("initiative")] == [
        "Prioritet 1: Virksomhedsløft til bredden af virksomheder (med “vilje/potentiale til at vækste”)",
        "Prioritet 2: Kvalificeret arbejdskraft",
    ]
    assert [i.data["title"] for i in strengths.kids("initiative")] == [
        "Det smarte – IKT og digitalisering",
        "Det grønne – energi og grøn omstilling",
        "Det blå – maritim og fiskeri",
        "Det attraktive – turisme",
    ]
    assert len(initiatives(chapter)) == 12
    sections = {s["title"]: s for s in chapter.data["sections"]}
    assert "Udfordringer og muligheder" in sections


def test_004_nordjysk_chapter_facts():
    chapter = _chapter()
    figures = {f["label"]: f for f in chapter.data["key_figures"]}
    assert figure_values(chapter) >= {30, 17, 50, 4, 5, 26.3, 1563, 11}
    efterslaeb = next(f for label, f in figures.items() if "efterslæb" in label)
    assert efterslaeb["value"] == 30 and "2009-2017" in efterslaeb["label"]
    assert "En tredjedel" in efterslaeb["editor_note"] and "2008" in efterslaeb["editor_note"]
    green = next(f for f in figures.values() if f["value"] == 26.3)
    assert green["unit"] == "mia. kr." and green["date"].year == 2017 and "14 pct." in green["note"]
    by_title = {normalised(i.data["title"]): i for i in initiatives(chapter)}
    prio2 = by_title["prioritet 2: kvalificeret arbejdskraft"]
    # "frem mod 2025" is the horizon of the expected labour shortage, not a deadline for the priority
    assert prio2.data["deadline"] is None and "2025" in prio2.data["summary"]
    assert "STEM" in prio2.data["summary"]
    assert "17 pct." in by_title["innovation og ny teknologi"].data["body"]
    assert "Halvdelen" in by_title["digitalisering og automatisering"].data["body"]
    assert "næstlaveste" in by_title["grøn omstilling"].data["body"] and "CO2" in by_title["grøn omstilling"].data["body"]
    blaa = by_title["det blå – maritim og fiskeri"].data["body"]
    assert "fem største havne" in blaa and "MARTEC" in blaa and "EUC Nordvest" in blaa and "DTU-Aqua" in blaa
    assert "fire af Danmarks ti bedst bedømte feriesteder" in by_title["det attraktive – turisme"].data["summary"]
    assert "vind, bølge og brint" in by_title["det grønne – energi og grøn omstilling"].data["body"]
    board = next(s for s in chapter.data["sections"] if "bestyrelse" in s["title"])
    assert "11 medlemmer" in board["text"] and "Mogens Christen Gade" in board["text"]
    assert "Hanne Kvist" in board["text"]


def test_004_vaekstpilot_offer():
    offer = site().records["erhvervshus-nordjylland/tilbud/nordjysk-vaekstpilotordning"]
    assert offer.type == "offer" and offer.data["title"] == "Nordjysk Vækstpilotordning"
    assert offer.parent.id == "erhvervshus-nordjylland"
    assert offer.data["initiatives"] == [VAEKSTPILOT_INITIATIVE]
    assert offer in site().records[VAEKSTPILOT_INITIATIVE].links["offers"]
    text = offer.data["promise"] + " " + offer.data["summary"]
    assert "50 %" in text and "12.500 kr." in text and "4 måneder" in text
    assert "rekruttering" in offer.data["needs"] and "virksomheder" in offer.data["audience"]
    assert offer.data["sources"][0]["location"].startswith("afsnit 5.1.3 »Nordjysk Vækstpilotordning«")


def test_004_other_offers_to_businesses():
    offers = {r.id.rsplit("/", 1)[1]: r for r in site().of_type("offer") if r.id.startswith("erhvervshus-nordjylland/tilbud/")}
    assert set(offers) == {
        "nordjysk-vaekstpilotordning",
        "individuel-specialiseret-vejledning",
        "hjaelp-til-jobmatch-med-hoejtuddannede",
        "hjaelp-til-studentersamarbejde",
        "moed-hoejtuddannede-paa-jobmesser-og-arrangementer",
    }
    guidance = offers["individuel-specialiseret-vejledning"]
    assert guidance.parent.id == "erhvervshus-nordjylland"
    assert (
        f"{CHAPTER_ID}/nordjyske-hovedprioriteter/prioritet-1-virksomhedsloeft-til-bredden-af-virksomheder" in guidance.data["initiatives"]
    )
    for slug in (
        "hjaelp-til-jobmatch-med-hoejtuddannede",
        "hjaelp-til-studentersamarbejde",
        "moed-hoejtuddannede-paa-jobmesser-og-arrangementer",
    ):
        assert offers[slug].data["provider"] == "kkr-nordjylland"
        assert all(i.startswith("kkr-nordjylland/vaekst-via-viden-2-0/") for i in offers[slug].data["initiatives"])
    assert "250" in offers["hjaelp-til-jobmatch-med-hoejtuddannede"].data["body"]
    for offer in offers.values():
        assert offer.data["sources"] and all(s["location"] and "seed" not in s["location"] for s in offer.data["sources"])
