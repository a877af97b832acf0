"""The published content carries the seeds' facts: counts, titles, figures and years, checked
against values written here from reading the seed documents (../shared/seeds/)."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest

from generator.build.pipeline import load_site

from .conftest import REAL_CONTENT


@functools.cache
def site():
    return load_site(Path(os.environ.get("RETNING_CONTENT", REAL_CONTENT)))


def strategy(title: str):
    found = [r for r in site().of_type("strategy") if r.data["title"] == title]
    assert len(found) == 1, f"expected one strategy titled {title!r}, found {len(found)}"
    return found[0]


def tracks(record) -> list:
    return record.kids("track")


def initiatives(record) -> list:
    return [i for t in tracks(record) for i in t.kids("initiative")] + record.kids("initiative")


def figure_values(record) -> set:
    return {f["value"] for f in record.data["key_figures"]}


def normalised(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split()).lower()


# ---- 000: Ballerup Kommune, Erhvervs- og vækstpolitik 2017-2021 ----


def test_000_ballerup_erhvervs_og_vaekstpolitik():
    policy = strategy("Erhvervs- og vækstpolitik 2017-2021")
    assert policy.nearest("organisation").data["name"] == "Ballerup Kommune"
    assert (policy.data["start"].year, policy.data["end"].year) == (2017, 2021)
    assert [normalised(t.data["title"]) for t in tracks(policy)] == [
        "gode rammevilkår for virksomhederne",
        "arbejdskraft og arbejdsmarked",
        "vækst i virksomhederne",
    ]
    by_track = [[normalised(i.data["title"]) for i in t.kids("initiative")] for t in tracks(policy)]
    assert sorted(map(sorted, by_track)) == sorted(
        map(
            sorted,
            [
                ["infrastruktur", "sagsbehandling", "fysisk udvikling"],
                ["uddannelse", "rekruttering", "opkvalificering"],
                ["erhvervsservice", "klynger og tiltrækning", "innovation og iværksætteri"],
            ],
        )
    )
    goals = policy.data["goals"]
    assert len(goals) == 4
    assert {g["value"] for g in goals} >= {1000, 750}
    assert all(g["deadline"] is None or g["deadline"].year == 2021 for g in goals)
    assert figure_values(policy) >= {45000, 34500, 16000, 3.7, 294, 6000, 2, 6.5, 3.5, 6.2, 7000}
    contacts = policy.data["contacts"] + ([policy.parent.data["contact"]] if policy.parent.data["contact"] else [])
    assert any(c["name"] == "Jette Rau" and c.get("phone") == "4175 0220" and c.get("email") == "jrau@balk.dk" for c in contacts)
    assert len(policy.data["sources"]) >= 1


def test_every_strategy_has_lifecycle_status_and_as_of_date():
    for record in site().of_type("strategy"):
        assert record.data["status"], f"{record.path}: no lifecycle status"
        assert record.data["as_of"], f"{record.path}: no as-of date: a reader could take an old plan for a current one"


@pytest.mark.parametrize("vocabulary", ["themes", "audiences", "roles"])
def test_taxonomies_are_used_across_organisations(vocabulary):
    field = {"themes": "themes", "audiences": "audience", "roles": "role"}[vocabulary]
    organisations_per_value: dict[str, set] = {}
    for record in site().records.values():
        values = record.data.get(field) or []
        for value in values if isinstance(values, list) else [values]:
            organisation = record.nearest("organisation")
            organisations_per_value.setdefault(value, set()).add(organisation.id if organisation else None)
    assert organisations_per_value, f"no record uses {vocabulary}"
    if vocabulary != "roles":  # roles (selv / medejer / fællesskab) come from Ballerup's climate policy only
        assert max(len(orgs) for orgs in organisations_per_value.values()) >= 2


# ---- 003: Ballerup Kommune, Klimapolitik og klimahandleplan 2023-2030 ----
# Delmål per ben counted from the seed's bullets under "Det vi gør selv / som medejer / i fællesskab"
# (L482-L1580): 101 bullets, of which two in ben 4 (L1030, L1033) repeat 4.5 and 4.6 word for word.


def test_003_ballerup_klimapolitik():
    policy = strategy("Klimapolitik og klimahandleplan 2023-2030")
    assert policy.nearest("organisation").data["name"] == "Ballerup Kommune"
    assert (policy.data["start"].year, policy.data["end"].year) == (2023, 2030)
    assert policy.data["track_label"] == "Ben"
    bens = tracks(policy)
    assert [len(b.kids("initiative")) for b in bens] == [10, 9, 17, 18, 23, 14, 8]
    expected = ["lederskab", "fællesskaber", "energi", "transport", "cirkulær økonomi", "klimatilpasning", "kommunikation"]
    assert all(normalised(b.data["title"]).startswith(word) for b, word in zip(bens, expected, strict=True))
    roles = [i.data["role"] for i in initiatives(policy)]
    assert set(roles) == {"selv", "medejer", "faellesskab"}
    assert roles.count("medejer") == 2 + 5 + 7 + 3  # ben 3, 4, 5, 6
    goal_values = {(g["value"], g["deadline"].year if g["deadline"] else None) for g in policy.data["goals"]}
    assert (85, 2030) in goal_values
    assert any(g["deadline"] and g["deadline"].year == 2045 for g in policy.data["goals"])
    [chart] = [c for c in policy.data["charts"] if "2019" in c["title"] or (c["date"] and c["date"].year == 2019)]
    assert {p["label"]: p["value"] for p in chart["data"]} == {"Erhverv": 40, "Borgere": 26, "Kommunen": 3, "Transport": 31}
    assert {"7", "11", "13"} <= set(policy.data["sdgs"])
    deadlines = [i.data["deadline"] for i in initiatives(policy) if i.data["deadline"] and i.data["deadline"].known]
    assert min(d.year for d in deadlines) >= 2023 and max(d.year for d in deadlines) <= 2045


# ---- 004 (part): KKR Nordjylland, autumn 2019: Vækst Via Viden 2.0 and the meeting's documents ----
# Activities from the seed's overview "Nr. Aktivitet" (L8954-L9017) plus 5.1.4 from the detailed
# description (L9193).


def test_004_vaekst_via_viden():
    project = strategy("Vækst Via Viden 2.0")
    assert project.data["kind"] == "projekt"
    assert (project.data["start"].year, project.data["end"].year) == (2020, 2023)
    groups = tracks(project)
    assert [g.data["number"] for g in groups] == ["5.1", "5.2", "5.3"]
    numbers = [i.data["number"] for g in groups for i in g.kids("initiative")]
    assert numbers == ["5.1.1", "5.1.2", "5.1.3", "5.1.4", "5.2.1", "5.2.2", "5.2.3", "5.2.4", "5.2.5", "5.2.6", "5.2.7", "5.3.1", "5.3.2"]
    titles = {normalised(i.data["title"]) for i in initiatives(project)}
    assert {"nordjysk vækstpilotordning", "vidensdeling", "markedsføringsplatform til casedeling"} <= titles
    assert sum(len(i.data["measures"]) for i in initiatives(project)) >= 5


def test_004_kkr_meeting_dated_by_its_papers():
    """The papers give no meeting date; the newest of them is dated 23 October 2019 and the meeting
    is in the autumn of 2019: the fourth quarter, with the reasoning in the editor note."""
    [meeting] = [m for m in site().of_type("meeting") if m.nearest("organisation").data["name"] == "KKR Nordjylland"]
    when = meeting.data["date"]
    assert (when.precision, when.year, when.part) == ("quarter", 2019, 4) and "23. oktober 2019" in meeting.data["editor_note"]
    items = {item["number"]: item for item in meeting.data["items"]}
    assert set(items) == {"2.1", "3.6"}
    assert len(items["2.1"]["documents"]) >= 4  # socialtilsyn note and three letters
    project = strategy("Vækst Via Viden 2.0")
    assert project.id in items["3.6"]["concerns"]
    assert any(m is meeting for m, _ in project.decisions)
