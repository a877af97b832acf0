"""Seed 001: Albertslund Kommune, "Erhvervsstrategi 2019 – 2024" (the høring version of April 2019).
Values below are written from reading the seed (../shared/seeds/001_8f4a0de0cd0cd5d4.txt)."""

from __future__ import annotations

from .test_content_fidelity import figure_values, initiatives, normalised, site, strategy, tracks

TITLE = "Erhvervsstrategi 2019-2024"

# Track titles as printed on the tracks' own pages (L304-307, L515-519, L744-750), with the handleplaner
# of each track in the seed's order and the number of "Målepunkt:" lines under each (35 in all).
EXPECTED = [
    (
        "vi sikrer gode vilkår for virksomhederne i albertslund",
        [
            ("handleplan for erhvervsservice", 3, 5),
            ("handleplan for arrangementer og kommunikation til erhvervslivet", 4, 8),
            ("handleplan for erhvervsområderne", 3, 2),
        ],
    ),
    (
        "vi bidrager til vækst, iværksætteri og bæredygtig erhvervsudvikling lokalt og i greater copenhagen",
        [
            ("handleplan for samarbejdet med erhvervshuset", 2, 4),
            ("handleplan for grøn erhvervsudvikling", 2, 5),
            ("handleplan for energirådgivning for virksomheder", 2, 2),
        ],
    ),
    (
        "vi bidrager til at skaffe kvalificeret arbejdskraft til kommunes virksomheder og beskæftigelse til byens borgere",
        [
            ("handleplan for jobcenterets samarbejde med virksomhederne", 3, 4),
            ("handleplan for udsatte ansatte på virksomhederne", 4, 1),
            ("handleplan for samarbejdet mellem virksomheder og skoler", 4, 4),
        ],
    ),
]


def test_001_strategy_frame():
    plan = strategy(TITLE)
    assert plan.nearest("organisation").data["name"] == "Albertslund Kommune"
    assert (plan.data["start"].year, plan.data["end"].year) == (2019, 2024)
    assert plan.data["status"] == "hoering" and plan.data["as_of"].year == 2019
    assert plan.data["track_label"] == "Indsatsspor"
    assert "mulighedernes by for erhvervslivet" in normalised(plan.data["vision"])
    assert normalised(plan.data["vision"]).count("**albertslund") == 6  # the six "fordi…" reasons
    assert plan.data["sources"] and plan.data["editor_note"]


def test_001_tracks_handleplaner_and_measures():
    plan = strategy(TITLE)
    got = [
        (
            normalised(t.data["title"]),
            [(normalised(i.data["title"]), len(i.data["actions"]), len(i.data["measures"])) for i in t.kids("initiative")],
        )
        for t in tracks(plan)
    ]
    assert [t.data["number"] for t in tracks(plan)] == ["1", "2", "3"]
    assert [title for title, _ in got] == [title for title, _ in EXPECTED]
    for (_, have), (_, want) in zip(got, EXPECTED, strict=True):
        assert sorted(have) == sorted(want)
    assert sum(len(i.data["measures"]) for i in initiatives(plan)) == 35
    assert all(i.data["goal"] for i in initiatives(plan))


def test_001_figures_and_years():
    plan = strategy(TITLE)
    assert figure_values(plan) >= {49, 30, 17, 2, 8, 20416, 84, 75, 158, 50, 85, 4.3}
    [jobs] = [f for f in plan.data["key_figures"] if f["value"] == 20416]
    assert jobs["date"].year == 2016
    measures = {m["id"]: m for i in initiatives(plan) for m in i.data["measures"]}
    expected = {
        "fire-morgenmoeder": (4, 2019),
        "borgmesterbesoeg": (10, None),
        "business-improvement-districts": (4, 2020),
        "vaekstforloeb-25-virksomheder": (25, 2019),
        "1-1-vejledning-35": (35, 2019),
        "kurser-50-borgere": (50, 2019),
        "genbrug-af-byggematerialer": (2, 2019),
        "rekrutteringsarrangementer": (15, None),
        "svar-inden-24-timer": (24, None),
        "talentforloeb": (10, 2019),
        "erhvervsuddannelse-35-pct": (35, 2030),
    }
    for key, (target, year) in expected.items():
        assert measures[key]["target"] == target, key
        assert (measures[key]["deadline"].year if measures[key]["deadline"] else None) == year, key
    assert measures["lokalplanforslag-hersted"]["deadline"].year == 2021
    assert measures["samarbejdsforum"]["deadline"].year == 2019
    assert measures["selvkoerende-busser"]["deadline"].year == 2020


def test_001_areas_follow_up_and_minority():
    plan = strategy(TITLE)
    sections = {normalised(s["title"]): s for s in plan.data["sections"]}
    areas = {normalised(item["title"]): normalised(item["text"]) for item in sections["albertslunds erhvervsområder"]["items"]}
    assert set(areas) == {"værkstedskvarteret", "røde vejrmølle industrikvarter", "hersted industripark", "albertslund centrum"}
    assert "g4s" in areas["værkstedskvarteret"] and "malerflex industrilakering" in areas["værkstedskvarteret"]
    assert "coop danmark" in areas["røde vejrmølle industrikvarter"] and "fritz schur teknik" in areas["røde vejrmølle industrikvarter"]
    assert "keolis bus danmark" in areas["hersted industripark"] and "ftz autodele" in areas["hersted industripark"]
    assert "føtex" in areas["albertslund centrum"] and "cafe felix" in areas["albertslund centrum"]
    assert len(sections["konklusioner fra iris groups erhvervsprofil"]["items"]) == 6
    assert "hvert andet år" in normalised(sections["opfølgning"]["text"])
    minority = normalised(sections["mindretalsudtalelse"]["text"])
    assert "9. april 2019" in minority and "lokalt væksthus" in minority and "(å, o, b)" in minority


def test_001_contact():
    plan = strategy(TITLE)
    contacts = plan.data["contacts"] + [plan.nearest("organisation").data["contact"]]
    assert any(
        c["phone"] == "4368 6800" and c["email"] == "erhverv@albertslund.dk" and "Nordmarks Alle 1" in c["address"] for c in contacts
    )


def test_001_offers_are_linked_both_ways():
    plan = strategy(TITLE)
    ids = {i.id for i in initiatives(plan)}
    offers = [o for o in site().of_type("offer") if any(ref in ids for ref in o.data["initiatives"] or [])]
    assert len(offers) >= 25
    for offer in offers:
        for ref in offer.data["initiatives"]:
            assert offer.id in (site().records[ref].data["offers"] or []), (offer.id, ref)
    for initiative in initiatives(plan):
        assert initiative.data["offers"], initiative.id
        for ref in initiative.data["offers"]:
            assert initiative.id in site().records[ref].data["initiatives"], (initiative.id, ref)


def test_001_offers_with_promises():
    records = site().records
    fast_track = records["albertslund/tilbud/fast-track"]
    assert "24 timer" in fast_track.data["promise"] and "sagsbehandling-og-byggesag" in fast_track.data["needs"]
    assert fast_track.data["contact"]["phone"] == "4368 6800"
    assert "en uge" in records["albertslund/tilbud/dialogmoede-med-tvaerfagligt-team"].data["promise"]
    assert "24 timer" in records["albertslund/tilbud/fastholdelse-af-udsatte-ansatte"].data["promise"]
    assert "24 timer" in records["albertslund/tilbud/jobcentrets-vagttelefon"].data["promise"]
    guidance = records["erhvervshus-hovedstaden/tilbud/1-1-vejledning-til-ivaerksaettere"]
    assert guidance.data["provider"] == "erhvervshus-hovedstaden" and guidance.data["price"] == "Gratis"
    for slug in (
        "tao-ordningen",
        "energiraadgivning",
        "smaajobs",
        "morningbriefs",
        "velkomstmoeder-for-nye-virksomheder",
        "velkomstbrev-og-velkomstopkald",
    ):
        assert f"albertslund/tilbud/{slug}" in records
