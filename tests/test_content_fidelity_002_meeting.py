"""Seed 002, lines 1-1352: Lyngby-Taarbæk Kommune, Udviklings- og Strategiudvalget (USU), the meeting of
14 June 2011 (seven agenda items with their decisions) and the strategies items 1-4 concern: the draft
Vidensbystrategi, the "Vidensbyen i Loop City" concept and Kommuneplanstrategi 2011. Values below are
written from reading the seed, not from the content files."""

from __future__ import annotations

import pytest

from .test_content_fidelity import normalised, site

MEETING_ID = "lyngby-taarbaek/moeder/usu-2011-06-14"
LTK = "lyngby-taarbaek"

# Agenda items exactly as printed (item 3 and 6 titles run over two lines in the seed, L133-134, L424-425).
ITEMS = {
    "1": "Vidensbystrategi i udkast",
    "2": "Lyngby-Taarbæk som vidensby - oplæg til organisering",
    "3": 'Afslag på deltagelse i Realdanias projekt om "Fremtidens forstæder" - fremtidig byudvikling',
    "4": "Kommuneplanstrategi",
    "5": "Klimastrategi",
    "6": "Kommissorium for den fremtidige strategilægning i forhold til øget inddragelse af civilsamfundet i den kommunale opgaveløsning",
    "7": "Orientering til udvalget den 14. juni 2011",
}

# Decision per recommendation point (L125-127, L299-301, L414, L554-557, L606).
POINT_OUTCOMES = {
    "1": {"1": "droeftet"},
    "2": {"1": "godkendt", "2": "godkendt", "3": "godkendt", "4": "anbefalet"},
    "4": {"1": "godkendt", "2": "godkendt-med-aendringer", "3": "godkendt"},
    "5": {"1": "godkendt-med-aendringer"},
    "6": {"1": "godkendt", "2": "forkastet", "3": "godkendt", "4": "godkendt"},
    "3": {"1": "droeftet"},
    "7": {"1": "taget-til-efterretning"},
}

CONCERNS = {
    "1": {f"{LTK}/vidensbystrategi"},
    "2": {f"{LTK}/vidensbystrategi", f"{LTK}/kommuneplanstrategi-2011"},
    "3": {f"{LTK}/vidensbyen-i-loop-city"},
    "4": {
        f"{LTK}/kommuneplanstrategi-2011",
        f"{LTK}/vidensbystrategi",
        f"{LTK}/vidensbyen-i-loop-city",
        f"{LTK}/klima-og-agenda-21-strategi",
    },
    "5": {f"{LTK}/klima-og-agenda-21-strategi", f"{LTK}/kommuneplanstrategi-2011"},
    "6": {f"{LTK}/strategi-for-civilsamfund-og-frivillighed", f"{LTK}/frivillighedspolitik"},
    "7": {"vaekstforum-hovedstaden/erhvervsudviklingsstrategi-2011-2013"},
}


def meeting():
    return site().records[MEETING_ID]


def items() -> dict:
    return {item["number"]: item for item in meeting().data["items"]}


def text_of(item: dict) -> str:
    parts = [item.get("summary") or "", item.get("recommendation") or "", item.get("decision") or "", item.get("minority") or ""]
    parts += [p["text"] + " " + (p.get("note") or "") for p in item.get("points") or []]
    return normalised(" ".join(str(p) for p in parts))


def test_meeting_identity():
    record = meeting()
    assert record.type == "meeting"
    assert record.nearest("organisation").data["name"] == "Lyngby-Taarbæk Kommune"
    assert record.data["committee"] == "Udviklings- og Strategiudvalget"
    date = record.data["date"]
    assert (date.year, date.first_day().month, date.first_day().day) == (2011, 6, 14)
    assert record.data["sources"]


def test_seven_items_with_numbers_and_titles():
    found = items()
    assert list(found) == list(ITEMS)
    for number, title in ITEMS.items():
        assert found[number]["title"] == title


@pytest.mark.parametrize("number", sorted(POINT_OUTCOMES))
def test_outcome_per_point(number):
    points = {p["number"]: p["outcome"] for p in items()[number]["points"]}
    assert points == POINT_OUTCOMES[number]


def test_item_outcomes():
    outcomes = {n: item["outcome"] for n, item in items().items()}
    assert outcomes["5"] == "godkendt-med-aendringer"
    assert outcomes["7"] == "taget-til-efterretning"
    assert outcomes["1"] == outcomes["3"] == "droeftet"  # "Sagen blev drøftet" (L47, L161)
    assert all(outcomes.values()), "every item carries an outcome"


def test_item_2_figures_and_deadline():
    item = items()["2"]
    point4 = {p["number"]: p for p in item["points"]}["4"]
    assert "250.000" in point4["text"]
    assert "handleplan for borgerinddragelsen" in normalised(point4["note"])
    decision = normalised(item["decision"])
    assert "1. oktober 2011" in decision
    assert "1 mio. kr." in decision
    summary = normalised(item["summary"])
    assert "3-5 mio. kr." in summary and "2-3 mio. kr." in summary and "b2011-14" in summary


def test_item_4_point_2_adds_kulturmiljoeer():
    item = items()["4"]
    point2 = {p["number"]: p for p in item["points"]}["2"]
    assert "kulturmiljøer" in normalised(point2["note"])
    assert "arkitektkonkurrencen" in normalised(item["decision"])


def test_item_5_minority_v_and_c():
    item = items()["5"]
    minority = normalised(item["minority"])
    assert "(v og c)" in minority and "trængselsafgifter" in minority
    decision = normalised(item["decision"])
    for addition in ("energirigtige elartikler", "trængselsafgifter lokalt", "lokal afledning af regnvand"):
        assert addition in decision
    assert "13. september 2010" in text_of(item)


def test_item_6_point_2_rejected_waiting_for_the_seminar():
    item = items()["6"]
    points = {p["number"]: p for p in item["points"]}
    assert points["2"]["outcome"] == "forkastet"
    assert "seminaret" in normalised(points["2"]["note"])
    assert "august 2011" in normalised(points["3"]["text"])
    assert [d["title"][:7] for d in item["documents"]] == ["Bilag 1", "Bilag 2", "Bilag 3"]
    assert item["documents"][1]["date"].year == 2011


def test_item_7_vaekstforum_figures():
    text = text_of(items()["7"])
    for fact in ("19 mål", "22", "23. juni", "3. oktober", "henrik brade johansen"):
        assert fact.lower() in text


def test_other_dates_and_figures_in_the_items():
    found = items()
    assert "19 deltagere" in text_of(found["1"]) or "(19 deltagere)" in text_of(found["1"])
    assert "28. marts 2011" in text_of(found["3"]) and "4. maj 2011" in text_of(found["3"])
    assert "september 2011" in text_of(found["4"]) and "primo 2012" in text_of(found["4"])
    assert "medio 2012" in text_of(found["6"])


@pytest.mark.parametrize("number", sorted(CONCERNS))
def test_concerns_links(number):
    assert set(items()[number]["concerns"]) >= CONCERNS[number]


@pytest.mark.parametrize(
    "strategy_id,numbers",
    [
        (f"{LTK}/vidensbystrategi", {"1", "2", "3", "4"}),
        (f"{LTK}/vidensbyen-i-loop-city", {"3", "4"}),
        (f"{LTK}/kommuneplanstrategi-2011", {"2", "4", "5"}),
        (f"{LTK}/klima-og-agenda-21-strategi", {"4", "5"}),
        (f"{LTK}/strategi-for-civilsamfund-og-frivillighed", {"6"}),
        (f"{LTK}/frivillighedspolitik", {"6"}),
        ("vaekstforum-hovedstaden/erhvervsudviklingsstrategi-2011-2013", {"7"}),
    ],
)
def test_strategies_get_the_decision_backlinks(strategy_id, numbers):
    record = site().records[strategy_id]
    backlinks = {item["number"] for meeting_record, item in record.decisions if meeting_record.id == MEETING_ID}
    assert backlinks >= numbers


# ---- the strategies this helper wrote ----

STRATEGIES = {
    f"{LTK}/vidensbystrategi": ("Vidensbystrategi", "udkast"),
    f"{LTK}/vidensbyen-i-loop-city": ("Vidensbyen i Loop City", "udkast"),
    f"{LTK}/kommuneplanstrategi-2011": ("Kommuneplanstrategi 2011", "planlagt"),
}


@pytest.mark.parametrize("strategy_id", sorted(STRATEGIES))
def test_strategy_title_status_and_2011_date(strategy_id):
    record = site().records[strategy_id]
    title, status = STRATEGIES[strategy_id]
    assert record.type == "strategy"
    assert record.data["title"] == title
    assert record.data["status"] == status
    assert record.data["as_of"].year == 2011
    assert record.parent.id == LTK
    assert "2011" in record.data["summary"]
    assert record.data["sources"] and all(s["location"] and "seed" not in s["location"] for s in record.data["sources"])


def test_vidensbystrategi_facts():
    record = site().records[f"{LTK}/vidensbystrategi"]
    values = {f["value"] for f in record.data["key_figures"]}
    assert values >= {19, 250000, 1000000, 3000000, 5000000, 2000000, 500000, 5000, 3}
    vision = normalised(record.data["vision"])
    assert "en af nordeuropas førende videns- og universitetsbyer" in vision
    assert vision.count('- "') == 5
    sections = {s["title"] for s in record.data["sections"]}
    assert "Den foreslåede vidensby-organisation" in sections
    organisation = next(s for s in record.data["sections"] if s["title"] == "Den foreslåede vidensby-organisation")
    org_text = normalised(" ".join(i["text"] for i in organisation["items"]))
    for fact in ("vidensbyråd", "3 årsværk", "3-5 mio. kr.", "2-3 mio. kr.", "1. oktober 2011", "lbr"):
        assert fact in org_text
    body = normalised(record.data["body"])
    assert "version 1.0" in body and "4. april 2011" in body and "17. januar 2011" in body
    assert "4 delvisioner" in normalised(record.data["editor_note"])


def test_loop_city_facts():
    record = site().records[f"{LTK}/vidensbyen-i-loop-city"]
    assert record.data["kind"] == "koncept"
    body = normalised(record.data["body"])
    for place in ("kgs. lyngby", "firskovvej", "fortunbyen", "dtu", "dyrehavegårds jorder", "lyngby idrætsby"):
        assert place in body
    assert "4. maj 2011" in body and "arkitektkonkurrence" in body
    assert [s["title"] for s in record.data["sections"]] == [
        "Handelsby",
        "Den fysiske akse",
        "Den mentale kobling",
        "Visionen: en rejse mod 2030",
        "Hvad nu",
    ]


def test_kommuneplanstrategi_facts():
    record = site().records[f"{LTK}/kommuneplanstrategi-2011"]
    assert (record.data["start"].year, record.data["end"].year) == (2011, 2014)
    outline = next(s for s in record.data["sections"] if s["title"] == "Udkast til disposition")
    titles = [i["title"] for i in outline["items"]]
    assert len(titles) == 14
    assert titles[0] == "Forside" and titles[-1] == "Samarbejder"
    assert "Evt, ny afgrænsning af bymidten Kgs. Lyngby" in titles
    assert {f["value"] for f in record.data["key_figures"]} >= {8, 3, 2000, 250000}
    content = next(s for s in record.data["sections"] if s["title"] == "Strategiens indhold")
    assert len(content["items"]) == 8


def test_organisation_record():
    record = site().records[LTK]
    assert record.data["name"] == "Lyngby-Taarbæk Kommune"
    assert record.data["kind"] == "kommune"
    assert "2011" in record.data["summary"]
