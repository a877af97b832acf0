"""Seed 002 (Lyngby-Taarbæk Kommune, USU 14 June 2011), appendices: the draft Klima- og Agenda
21-strategi (L1353-L1750), the draft kommissorium for a civil-society strategy with the evaluation
of "Kommunen og Civilsamfundet" (Bilag 1-2, L1751-L3203) and the Frivillighedspolitik (Bilag 3,
L3204-L3300). Expected values are written here from reading the seed."""

from __future__ import annotations

from .test_content_fidelity import figure_values, initiatives, normalised, site, strategy, tracks

KLIMA = "Klima- og Agenda 21-strategi"
KOMMISSORIUM = (
    "Kommissorium for den fremtidige strategilægning i forhold til øget inddragelse af civilsamfundet i den kommunale opgaveløsning"
)
POLITIK = "Lyngby-Taarbæk Kommunes Frivillighedspolitik"


def _is_2011_document(record):
    assert record.nearest("organisation").data["name"] == "Lyngby-Taarbæk Kommune"
    assert record.data["as_of"].year == 2011
    assert record.data["editor_note"] and "2011" in record.data["editor_note"]
    assert record.data["sources"] and all(s["location"] and "seed" not in s["location"] for s in record.data["sources"])


def test_002_klima_og_agenda_21_strategi():
    plan = strategy(KLIMA)
    _is_2011_document(plan)
    assert plan.data["status"] == "udkast" and plan.data["kind"] == "strategi"
    assert plan.data["adopted"] is None or not plan.data["adopted"].get("date")
    assert plan.data["track_label"] == "Ben"
    by_title = {normalised(t.data["title"]): t for t in tracks(plan)}
    assert set(by_title) == {"co2-reduktion", "klimatilpasning", "inddragelse af eksterne aktører", "agenda 21-strategi"}
    assert [by_title[t].data["number"] for t in ("co2-reduktion", "klimatilpasning", "inddragelse af eksterne aktører")] == ["1", "2", "3"]
    counts = {title: len(t.kids("initiative")) for title, t in by_title.items()}
    assert counts == {"co2-reduktion": 2, "klimatilpasning": 7, "inddragelse af eksterne aktører": 4, "agenda 21-strategi": 0}
    assert len(initiatives(plan)) == 13
    titles = {normalised(i.data["title"]) for i in initiatives(plan)}
    assert {
        "transport",
        "opvarmning og elforbrug",
        "beredskabsplaner for udvalgte sårbare områder",
        "tilstands- og risikovurdering af mølleåens sluser",
    } <= titles
    assert any(t.startswith("lokal afledning af regnvand (lar-løsninger)") for t in titles)
    [transport] = [i for i in initiatives(plan) if i.data["title"] == "Transport"]
    assert len(transport.data["actions"]) == 6
    [heat] = [i for i in initiatives(plan) if i.data["title"] == "Opvarmning og elforbrug"]
    assert len(heat.data["actions"]) == 7
    assert sum(len(i.data["measures"]) for i in initiatives(plan)) == 0  # the draft has no målepunkter

    goals = plan.data["goals"]
    assert len(goals) == 9  # 2 + 4 + 3 målsætninger under the three ben
    numeric = {(g["value"], g["deadline"].year) for g in goals if g["value"] is not None}
    assert numeric == {(20, 2020), (2, 2025)}
    assert "2008" in goals[0]["title"]

    assert figure_values(plan) >= {426646, 8.3, 71000, 800, 95, 1.5, 15, 16, 6}
    [chart] = plan.data["charts"]
    assert chart["date"].year == 2008
    assert {p["label"]: p["value"] for p in chart["data"]} == {"El": 40, "Transport": 34, "Individuel opvarmning og procesvarme": 18}

    [a21] = [t for t in tracks(plan) if t.data["title"] == "Agenda 21-strategi"]
    [themes] = a21.data["sections"]
    assert len(themes["items"]) == 5
    [timeline] = [s for s in plan.data["sections"] if "tidsplan" in s["title"]]
    years = {item["title"]: item["text"] for item in timeline["items"]}
    assert len(years) == 12
    assert years["Kommuneplanstrategi"].startswith("2012, 2015 og 2019")
    assert years["Klimahandlingsplan"] == "2012" and years["Kommuneplan"] == "2013 og 2017"
    body = normalised(plan.data["body"])
    assert "trængselsafgifter" in body and "v og c" in body and "8 ugers høring" in body


def test_002_kommissorium_civilsamfund():
    terms = strategy(KOMMISSORIUM)
    _is_2011_document(terms)
    assert terms.data["kind"] == "kommissorium" and terms.data["status"] == "udkast"
    assert terms.data["as_of"].iso() == "2011-06-01"
    assert (terms.data["start"].year, terms.data["end"].year) == (2011, 2012)
    assert tracks(terms) == []
    tasks = initiatives(terms)
    assert len(tasks) == 5
    deadlines = {normalised(i.data["title"])[:20]: i.data["deadline"] for i in tasks}
    assert deadlines["afholdelse af et sem"].iso() == "2011-08"
    assert deadlines["udkast til ny strate"].iso() == "2011-12"
    sections = {s["title"]: s for s in terms.data["sections"]}
    assert len(sections["Tre politiske nøgleudfordringer"]["items"]) == 3
    assert len(sections["Succesparametre for samarbejdet mellem kommune og civilsamfund"]["items"]) == 5
    assert len(sections["Organisering"]["items"]) == 9
    assert len(sections["Foreløbig tidsplan (juni 2011)"]["items"]) == 5
    subprojects = sections["De seks delprojekter i Lyngby-Taarbæk (status ultimo 2010)"]["items"]
    assert len(subprojects) == 6
    assert any("august 2010" in p["text"] for p in subprojects)
    assert figure_values(terms) >= {19, 4, 6, 17, 65, 66, 71, 29, 77, 70, 9, 15, 10}
    [reasons] = terms.data["charts"]
    values = {p["label"]: p["value"] for p in reasons["data"]}
    assert len(values) == 11
    assert values["Jeg oplever det som en meningsfyldt måde at være medborger på"] == 69
    assert values["Jeg kan se, at jeg gør en forskel"] == 56
    assert "16 165" in reasons["editor_note"]
    assert "lyngby-taarbaek/frivillighedspolitik" in terms.data["related"]


def test_002_frivillighedspolitik():
    policy = strategy(POLITIK)
    _is_2011_document(policy)
    assert policy.data["kind"] == "politik" and policy.data["status"] == "vedtaget"
    assert policy.data["start"] is None and policy.data["end"] is None
    assert "dato" in normalised(policy.data["editor_note"])
    assert "mangfoldighed af initiativer hvor borgere hjælper andre" in normalised(policy.data["vision"])
    assert len(policy.data["goals"]) == 4
    [values] = policy.data["sections"]
    assert values["title"] == "Værdier" and len(values["items"]) == 4
    steps = initiatives(policy)
    assert [i.data["number"] for i in sorted(steps, key=lambda i: i.data["number"])] == list("12345678")
    titles = {i.data["title"] for i in steps}
    assert {
        "Afholdelse af workshop hvert andet år",
        "Uddeling af en årlig frivillighedspris",
        "Økonomisk og organisatorisk støtte i fald kommunes frivillige etablerer et fælles forum",
        "Evaluering af det frivillige sociale arbejde",
    } <= titles


def test_002_meeting_links_the_three_documents():
    ids = {strategy(t).id for t in (KLIMA, KOMMISSORIUM, POLITIK)}
    linked = set()
    for meeting in site().of_type("meeting"):
        for item in meeting.data["items"] or []:
            linked |= set(item.get("concerns") or [])
    assert ids <= linked
