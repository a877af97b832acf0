"""Seed 002, lines 3301-6817 (and the item 7 orientation, L558-L606): Vækstforum Hovedstaden's
business development strategy 2011-2013 "Hovedstaden – Nordeuropas grønne, innovative vækstmotor",
its six indsatsområder (tracks 3.1-3.6), their 19 goals plus the headline target (the "20 mål" of
chapter 4), key figures and years. Values below are written from reading the seed. The 22 idékatalog
initiatives are tested in test_content_fidelity_002_idekatalog.py."""

from __future__ import annotations

import pytest

from .test_content_fidelity import figure_values, normalised, site, strategy, tracks

TITLE = "Hovedstaden – Nordeuropas grønne, innovative vækstmotor"
STRATEGY_ID = "vaekstforum-hovedstaden/erhvervsudviklingsstrategi-2011-2013"

# number -> (folder, title exactly as the section heading prints it)
TRACKS = {
    "3.1": ("velfaerds-og-sundhedsteknologi", "Ny velfærds- og sundhedsteknologi som en god forretning"),
    "3.2": ("attraktiv-metropol", "En attraktiv metropol med gode forbindelser"),
    "3.3": ("innovation-og-forskning", "Innovation og forskning – vidensregionens base"),
    "3.4": ("talent-og-kompetencer", "Talent og kompetencer i verdensklasse"),
    "3.5": ("erhvervsklynger", "Erhvervsklynger – stærke nicher i global konkurrence"),
    "3.6": ("vaekstivaerksaettere", "Vækstiværksættere med en international tilgang"),
}

# Goals per track under "MÅL FOR HOVEDSTADSREGIONEN": 1 + 5 + 4 + 4 + 2 + 3 = 19 (L583, L6761).
GOALS_PER_TRACK = {"3.1": 1, "3.2": 5, "3.3": 4, "3.4": 4, "3.5": 2, "3.6": 3}

# (target value, target year) and, where printed, (baseline value, baseline year) for every track goal.
TARGETS = {
    "3.1": [(9, 2013), (17, 2013), (10000, 2007), (8, 2007)],
    "3.2": [(13, 2013), (4, 2013), (5.3, 2013), (2.9, 2013), (27, 2013), (22, 2008), (3701, 2008), (123608, 2008)],
    "3.3": [(20, 2013), (50, 2013), (45, 2008), (14, 2008), (26, 2013), (23.4, 2009), (651, 2009)],
    "3.4": [(95, 2015), (90.3, 2013), (20, 2013), (22.2, 2009), (54.4, 2013), (60, 2020), (10.8, 2013), (9.4, 2010)],
    "3.5": [(36, 2013), (31, 2006), (32, 2013)],
    "3.6": [(22, 2013), (18, 2010), (72, 2013), (67, 2007), (14, 2013), (12, 2009)],
}


def the_strategy():
    return strategy(TITLE)


def by_number() -> dict:
    return {t.data["number"]: t for t in tracks(the_strategy())}


def dated_figures(track) -> set:
    return {(f["value"], f["date"].year) for f in track.data["key_figures"] if f["date"] is not None}


def test_strategy_is_a_historical_2011_2013_strategy_of_vaekstforum():
    s = the_strategy()
    assert s.id == STRATEGY_ID
    assert s.nearest("organisation").data["name"] == "Vækstforum Hovedstaden"
    assert s.data["status"] in {"vedtaget", "udloebet"}
    assert s.data["as_of"].year == 2011
    assert (s.data["start"].year, s.data["end"].year) == (2011, 2013)
    assert "historisk" in normalised(s.data["summary"]) and "historisk" in normalised(s.data["editor_note"])
    # title variants are kept in the editor note
    assert "Hovedstaden Nordeuropas grønne innovative vækstmotor" in s.data["editor_note"]
    vision = normalised(s.data["vision"])
    assert (
        "hovedstadsregionen er nordeuropas mest globale og konkurrencedygtige metropol, hvor mennesker og "
        "virksomheder i innovative partnerskaber omsætter viden, velfærd og bæredygtighed til vækst"
    ) in vision
    assert s.data["track_label"] == "Indsatsområde"
    locations = " ".join(src["location"] for src in s.data["sources"])
    assert "hele strategien" in locations and "afsnit 1.1-1.3" in locations  # the strategy, and the call for proposals


def test_organisation_and_chair():
    organisation = the_strategy().nearest("organisation")
    assert organisation.data["contact"]["name"] == "Vibeke Storm Rasmussen"
    assert "formand" in normalised(organisation.data["contact"]["position"])
    body = organisation.data["body"]
    assert "Søren P. Rasmussen" in body and "Henrik Brade Johansen" in body


def test_six_tracks_numbered_and_titled_as_printed():
    found = by_number()
    assert list(found) == list(TRACKS)
    for number, (folder, title) in TRACKS.items():
        assert found[number].id == f"{STRATEGY_ID}/{folder}"
        assert found[number].data["title"] == title


def test_headline_target_and_twenty_goals():
    goals = the_strategy().data["goals"]
    assert len(goals) == 20  # chapter 4: "strategiens 20 mål" = BNP per capita + 19 under the tracks
    headline = goals[0]
    assert (headline["value"], headline["baseline"], headline["deadline"].year) == (2.5, 1.7, 2020)
    per_track = {n: sum(1 for g in goals[1:] if g["title"].startswith(n + " ")) for n in TRACKS}
    assert per_track == GOALS_PER_TRACK
    assert sum(per_track.values()) == 19
    with_baseline = {(g["value"], g["baseline"]) for g in goals if g["baseline"] is not None}
    assert with_baseline >= {(27, 22), (50, 45), (20, 14), (26, 23.4), (20, 22.2), (10.8, 9.4), (36, 31), (22, 18), (72, 67), (14, 12)}
    deadlines = sorted({g["deadline"].year for g in goals})
    assert deadlines == [2013, 2015, 2020]


@pytest.mark.parametrize("number", list(TRACKS))
def test_track_targets_and_baselines(number):
    track = by_number()[number]
    assert set(TARGETS[number]) <= dated_figures(track)
    assert track.data["goal"] and track.data["summary"] and track.data["themes"]
    assert track.data["sources"][0]["location"].startswith("hele afsnittet")


def test_track_goal_texts_quote_the_printed_numbers():
    goal = {n: normalised(t.data["goal"]) for n, t in by_number().items()}
    assert "9 pct." in goal["3.1"] and "17 pct." in goal["3.1"] and "knap 10.000" in goal["3.1"]
    assert "13 pct." in goal["3.2"] and "mindst 4 pct." in goal["3.2"] and "5,3 pct." in goal["3.2"]
    assert "over 50 pct." in goal["3.3"] and "23,4 pct." in goal["3.3"]
    assert "90,3 pct." in goal["3.4"] and "54,4 pct." in goal["3.4"] and "2020" in goal["3.4"]
    assert "36 pct." in goal["3.5"] and "32 pct." in goal["3.5"]
    assert "22 pct." in goal["3.6"] and "72 pct." in goal["3.6"] and "14 pct." in goal["3.6"]


def test_hovedspor_and_themes():
    sections = {n: {s["title"]: s for s in t.data["sections"]} for n, t in by_number().items()}
    assert len(sections["3.1"]["Tre hovedspor"]["items"]) == 3
    four = [i["title"] for i in sections["3.2"]["Fire hovedspor"]["items"]]
    assert len(four) == 4 and "Copenhagen Connected" in four[0]
    assert [i["title"] for i in sections["3.4"]["Tre temaer"]["items"]] == [
        "Mindre frafald fra erhvervsrettede uddannelser",
        "Opkvalificering af ufaglærte",
        "Fælles forløb for forskerstuderende og virksomheder",
    ]
    assert len(sections["3.6"]["To temaer"]["items"]) == 2
    assert len(sections["3.5"]["Vækstforums prioritering af klynger"]["items"]) == 3
    assert "tænketank" in normalised(sections["3.4"]["Vækstforums hidtidige og kommende indsats"]["text"])
    assert "2011" in sections["3.4"]["Vækstforums hidtidige og kommende indsats"]["text"]


def test_oecd_diagnosis_criteria_and_deadlines():
    sections = {s["title"]: s for s in the_strategy().data["sections"]}
    oecd = [normalised(i["title"]) for i in sections["OECD's diagnose: fire afgørende budskaber"]["items"]]
    assert oecd == [
        "mangel på kvalificeret arbejdskraft",
        "middelmådig innovationsevne",
        "haltende attraktionsværdi",
        "utilstrækkelig politisk handlekraft og koordinering af strategier",
    ]
    assert "2009" in sections["OECD's diagnose: fire afgørende budskaber"]["text"]
    assert len(sections["Vurderingskriterier for initiativer"]["items"]) == 8
    deadlines = [i["title"] for i in sections["Finansiering og ansøgningsfrister i 2011"]["items"]]
    assert deadlines == ["10. januar 2011", "21. marts 2011", "23. juni 2011", "3. oktober 2011"]
    meetings = [i["text"] for i in sections["Finansiering og ansøgningsfrister i 2011"]["items"]]
    assert ["10. marts" in meetings[0], "23. maj" in meetings[1], "5. september" in meetings[2], "1. december" in meetings[3]] == [True] * 4
    assert "20 mål" in sections["Overvågning: de 20 mål (kapitel 4)"]["title"]


def test_strategy_figures():
    values = figure_values(the_strategy())
    assert values >= {1.7, 2.5, 2.0, 2.9, 4.5, 1.6, 75, 80, 70, 85, 65, 1.4, 64, 120, 350, 145, 147, 57, 700, 22, 20}
    dated = {(f["label"], f["value"]) for f in the_strategy().data["key_figures"]}
    assert any("2010-2013" in label and value == 120 for label, value in dated)
    assert any("2007-2013" in label and value == 70 for label, value in dated)
    [table] = the_strategy().data["charts"]
    assert table["date"].year == 2005
    assert {p["label"]: p["value"] for p in table["data"]} == {
        "Biofarmacy": 3.2,
        "Medico udstyr": 2.4,
        "Informationsteknologi": 2.1,
        "Transport og Logistik": 1.4,
    }


def test_cluster_table_employment_and_other_track_figures():
    n = by_number()
    assert {17639, 4350, 39396, 20946, 41000} <= figure_values(n["3.5"])
    assert {11.5, 1.2, 300, 41} <= figure_values(n["3.2"])
    assert {70, 43, 0.8, 500, 550} <= figure_values(n["3.3"])
    assert {27500, 25000, 80} <= figure_values(n["3.4"])
    assert {85000, 37.5, 44, 6.6} <= figure_values(n["3.6"])
    assert 13 in figure_values(n["3.1"])  # supersygehuse "ca. 13 mia. kr." (L4603; 16 in L3983)


def test_contradictions_are_noted_not_fixed():
    note = the_strategy().data["editor_note"]
    assert "19 forskellige mål" in note and "20 mål" in note
    assert "16 mia. kr." in note and "13 mia. kr." in note
    assert "hvor mange mennesker" in note
    talent, clusters = by_number()["3.4"], by_number()["3.5"]
    assert "Erhvervsrettede uddannelser" in talent.data["editor_note"]
    assert "står i PDF'en i afsnit 3.5" in talent.data["editor_note"]  # where the swapped lists are, by section
    assert "afsnit 3.6" in clusters.data["editor_note"] or "3.6" in clusters.data["sources"][0]["location"]
    assert "Måler er" in clusters.data["editor_note"]


def test_meeting_item_7_concerns_the_strategy():
    s = the_strategy()
    assert any(m.nearest("organisation").data["name"] == "Lyngby-Taarbæk Kommune" for m, _ in s.decisions)
    assert site().records[STRATEGY_ID] is s
