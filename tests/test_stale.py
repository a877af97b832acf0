"""`check --stale`: overdue initiatives and measures (as the site shows their deadline state) and
records not changed for --days days, grouped by organisation and strategy, each with its file and
line; as text or as a CSV for Danish Excel; `--fail-on-stale` for scripts."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build.pipeline import load_site
from generator.cli import main
from generator.core.messages import set_language
from generator.model.deadlines import OVERDUE, initiative_state, measure_state
from generator.site.stale import NOT_UPDATED, stale_items

from .conftest import MINI, write_content


@pytest.fixture(autouse=True)
def danish(monkeypatch):
    """The report in Danish, as the seed site's editors read it (the tests' default is English)."""
    monkeypatch.setenv("RETNING_LANG", "da")
    set_language("da")


TODAY = "2026-11-23"
ON = dt.date.fromisoformat(TODAY)
OLD, RECENT = dt.datetime(2015, 1, 1, 12).timestamp(), dt.datetime(2026, 11, 1, 12).timestamp()  # last changes (no git)

STALE = {
    **MINI,
    # i gang, due 2025-H2, changed today: forsinket (its measure, due 2027, is not)
    # planlagt, due 2024: uden opfølgning; its measures: done, inheriting 2024 and planlagt, due 2030
    "org/klima/transport/bus.yaml": """
        type: initiative
        number: "2.1"
        title: Elbusser
        status: planlagt
        deadline: 2024
        measures:
          - text: Første bus
            deadline: 2023
            status: gennemfoert
          - text: Ladestation
          - text: Alle busser
            deadline: 2030
        """,
    "anden/index.yaml": """
        type: organisation
        name: Andeby Kommune
        kind: kommune
        """,
    "anden/plan/index.yaml": """
        type: strategy
        title: Andeby-planen
        kind: plan
        status: vedtaget
        """,
    "anden/plan/cykel.md": """
        ---
        type: initiative
        title: Cykelstier
        status: i-gang
        deadline: 2022-06
        ---
        Flere cykelstier.
        """,
}


@pytest.fixture
def content(tmp_path) -> Path:
    made = write_content(tmp_path, STALE)
    for rel in STALE:
        stamp = OLD if rel in ("om.md", "org/klima/energi/index.yaml", "org/klima/transport/bus.yaml") else RECENT
        os.utime(made / rel, (stamp, stamp))
    return made


def check_stale(content: Path, *extra: str) -> tuple[int, str]:
    return main(["check", "--stale", "--days", "400", "--today", TODAY, "--content", str(content), *extra])


def test_the_report_groups_items_by_organisation_and_strategy_with_totals(content, capsys):
    assert check_stale(content) == 0
    out = capsys.readouterr().out
    report = out.split("\n", 1)[1]  # after "N records OK"
    headings = [line for line in report.splitlines() if re.search(r": \d+ punkt", line)]
    assert headings == [
        "Forældet indhold pr. 23. november 2026: 6 punkter (2 forsinket, 2 frist overskredet uden opfølgning, "
        "2 ikke ændret i over 400 dage)",
        "Andeby Kommune: 1 punkt (1 forsinket)",
        "  Andeby-planen: 1 punkt (1 forsinket)",
        "Testrup Kommune: 4 punkter (1 forsinket, 2 frist overskredet uden opfølgning, 1 ikke ændret i over 400 dage)",
        "  Klimaplan 2023-2030: 4 punkter (1 forsinket, 2 frist overskredet uden opfølgning, 1 ikke ændret i over 400 dage)",
        "Uden organisation: 1 punkt (1 ikke ændret i over 400 dage)",
        "I alt: 6 punkter (2 forsinket, 2 frist overskredet uden opfølgning, 2 ikke ændret i over 400 dage)",
    ]
    klima = report.split("  Klimaplan 2023-2030:")[1].split("Uden organisation")[0]
    items = re.findall(r"^    (\S+):(\d+)\n      (.*)\n      (.*)$", klima, re.M)
    assert [(path.split("content/")[1], line, what) for path, line, what, _ in items] == [
        ("org/klima/energi/index.yaml", "1", "Spor: Energi"),  # the track, then its initiatives, as the pages order them
        ("org/klima/energi/sol.yaml", "5", "Indsats: 1.1 Solceller på tagene"),
        ("org/klima/transport/bus.yaml", "5", "Indsats: 2.1 Elbusser"),
        ("org/klima/transport/bus.yaml", "10", "Målepunkt i 2.1 Elbusser: Ladestation"),
    ]
    assert [detail for *_, detail in items] == [
        "Ikke ændret i over 400 dage · ændret for 4.344 dage siden (1. januar 2015)",
        "frist 2. halvår 2025 · Forsinket · ændret for 22 dage siden (1. november 2026)",
        # old and overdue: listed for its deadlines, not once more as not changed
        "frist 2024 · Frist overskredet uden opfølgning · ændret for 4.344 dage siden (1. januar 2015)",
        "frist 2024 · Frist overskredet uden opfølgning · ændret for 4.344 dage siden (1. januar 2015)",
    ]
    assert "varme.yaml" not in out  # no deadline, changed lately
    # a record outside any strategy (here outside any organisation) is listed right under its heading
    assert re.search(r"\nUden organisation: 1 punkt \(1 ikke ændret i over 400 dage\)\n  \S+/content/om\.md:2\n    Side: Om sitet\n", out)


def test_each_item_points_at_its_deadline_field_or_its_record(content):
    site = load_site(content)
    items = stale_items(site, 400, ON)
    assert items, "the fixture has stale items"
    for item in items:
        line = Path(item.path).read_text(encoding="utf-8").splitlines()[item.line - 1]
        own = item.record.data["measures"][item.measure - 1].get("deadline") if item.measure else item.record.data.get("deadline")
        if item.state == NOT_UPDATED:
            assert line.startswith("type:"), (item, line)  # the record's first field (after '---' in Markdown)
        elif own is not None:
            assert line.strip().removeprefix("- ").startswith("deadline:"), (item, line)
        else:  # a measure with its initiative's deadline: the measure
            assert line.strip().startswith("- text:"), (item, line)
    cycle = next(item for item in items if item.path.endswith("cykel.md"))
    assert cycle.line == 5  # counted from the file's first line, the front matter's '---'


def overdue_in_the_model(site) -> set[tuple[str, int, str]]:
    found = set()
    for initiative in site.of_type("initiative"):
        found.add((initiative.id, 0, initiative_state(initiative, ON)))
        found |= {(initiative.id, number, measure_state(initiative, m, ON)) for number, m in enumerate(initiative.data["measures"], 1)}
    return {entry for entry in found if entry[2] in OVERDUE}


def test_the_states_are_the_ones_the_site_shows(content):
    site = load_site(content)
    reported = {(item.record.id, item.measure, item.state) for item in stale_items(site, 400, ON) if item.state != NOT_UPDATED}
    assert reported == overdue_in_the_model(site)
    assert {state for *_, state in reported} == set(OVERDUE)  # the fixture has both


@settings(max_examples=15, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([None, "planlagt", "i-gang", "udskudt", "gennemfoert", "ukendt"]),
            st.sampled_from([None, "2020", "2025-H2", "2026-11", "2026-11-23", "2026-11-24", "2030"]),
            st.lists(st.tuples(st.sampled_from([None, "i-gang", "gennemfoert"]), st.sampled_from([None, "2019", "2027-Q1"])), max_size=3),
        ),
        min_size=1,
        max_size=4,
    ),
    st.sampled_from([None, "2024-03", "2026"]),
)
def test_any_initiatives_are_reported_exactly_when_the_site_shows_them_overdue(initiatives, as_of):
    files = dict(MINI)
    if as_of:
        files["org/klima/index.md"] = files["org/klima/index.md"].replace("status: vedtaget", f"status: vedtaget\n        as_of: {as_of}")
    for number, (status, deadline, measures) in enumerate(initiatives):
        lines = ["type: initiative", f"title: Indsats {number}"]
        lines += [f"status: {status}"] * bool(status) + [f"deadline: {deadline}"] * bool(deadline)
        lines += ["measures:"] * bool(measures)
        for text, (measure_status, measure_deadline) in enumerate(measures):
            lines.append(f"  - text: Mål {text}")
            lines += [f"    status: {measure_status}"] * bool(measure_status)
            lines += [f"    deadline: {measure_deadline}"] * bool(measure_deadline)
        files[f"org/klima/transport/i{number}.yaml"] = "\n".join(lines) + "\n"
    with tempfile.TemporaryDirectory() as folder:
        site = load_site(write_content(Path(folder), files))
        items = stale_items(site, 100_000, ON)
    assert {(item.record.id, item.measure, item.state) for item in items} == overdue_in_the_model(site)


def test_today_decides_what_is_overdue_and_how_old_a_change_is(content, capsys):
    assert main(["check", "--stale", "--days", "100000", "--today", "2022-06-30", "--content", str(content)]) == 0
    assert "Forældet indhold pr. 30. juni 2022: 0 punkter" in capsys.readouterr().out
    assert main(["check", "--stale", "--days", "100000", "--today", "2022-07-01", "--content", str(content)]) == 0
    out = capsys.readouterr().out
    assert "Forældet indhold pr. 1. juli 2022: 1 punkt (1 forsinket)" in out and "cykel.md:5" in out
    assert main(["check", "--stale", "--days", "2000", "--today", "2022-07-01", "--content", str(content)]) == 0
    out = capsys.readouterr().out  # 2015-01-01 to 2022-07-01: 2738 days
    assert "4 punkter (1 forsinket, 3 ikke ændret i over 2.000 dage)" in out and "ændret for 2.738 dage siden" in out
    assert "ændret for 0 dage siden (1. november 2026)" in out  # a change after the reference date


def test_csv_for_danish_excel(content, capsysbinary):
    assert check_stale(content, "--format", "csv") == 0
    captured = capsysbinary.readouterr()
    data = captured.out
    assert data.startswith(b"\xef\xbb\xbforganisation;strategi;fil;linje;")  # the report alone, with a byte order mark
    assert b"poster i orden" in captured.err
    assert data.count(b"\r\n") == 7 and b"\n" not in data.replace(b"\r\n", b"")  # header and six rows, CRLF
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert [(row["organisation"], row["strategi"]) for row in rows] == [
        ("Andeby Kommune", "Andeby-planen"),
        *[("Testrup Kommune", "Klimaplan 2023-2030")] * 4,
        ("", ""),
    ]
    measure = rows[4]
    assert measure["fil"].endswith("org/klima/transport/bus.yaml") and measure["linje"] == "10"
    assert (measure["type"], measure["indsats"], measure["titel"]) == ("målepunkt", "2.1 Elbusser", "Ladestation")
    assert (measure["frist"], measure["fristtilstand"]) == ("2024", "Frist overskredet uden opfølgning")
    assert rows[2]["frist"] == "2025-H2" and rows[0]["frist"] == "2022-06"  # dates as ISO
    assert rows[1]["sidst ændret"] == "2015-01-01" and rows[1]["dage siden ændring"] == "4344"
    assert rows[1]["fristtilstand"] == "Ikke ændret i over 400 dage" and rows[1]["frist"] == ""


def test_a_title_that_excel_would_run_as_a_formula_is_text(tmp_path, capsysbinary):
    content = write_content(tmp_path, {**MINI, "org/klima/transport/x.yaml": 'type: initiative\ntitle: "=HYPERLINK(1)"\ndeadline: 2020\n'})
    assert check_stale(content, "--format", "csv") == 0
    assert b";'=HYPERLINK(1);" in capsysbinary.readouterr().out


def test_fail_on_stale_exits_1_only_when_something_is_stale(content, capsys):
    assert check_stale(content) == 0
    assert check_stale(content, "--fail-on-stale") == 1
    assert check_stale(content, "--fail-on-stale", "--format", "csv") == 1
    nothing = ["check", "--stale", "--fail-on-stale", "--days", "100000", "--today", "2020-01-01", "--content", str(content)]
    assert main(nothing) == 0
    assert main(["check", "--fail-on-stale", "--content", str(content)]) == 2  # goes with --stale
    assert main(["check", "--format", "csv", "--content", str(content)]) == 2
    assert "hører sammen med --stale" in capsys.readouterr().err
