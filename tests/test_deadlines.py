"""Deadline states: one of five for every initiative and measure, against a reference date."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import given
from hypothesis import strategies as st

from generator.cli import main
from generator.core.dates import PartialDate, parse_date
from generator.model.deadlines import STATES, state

from .conftest import write_content
from .test_rollup import PLAN

TODAY = dt.date(2026, 11, 23)
PAST, FUTURE = parse_date("2025"), parse_date("2030")
AFTER, BEFORE = dt.date(2026, 3, 1), dt.date(2025, 6, 1)  # status reported after / before the 2025 deadline


def test_each_state():
    assert state("gennemfoert", PAST, BEFORE, TODAY) == "gennemfoert"
    assert state("gennemfoert", None, None, TODAY) == "gennemfoert"
    assert state("i-gang", None, AFTER, TODAY) == "ingen-frist"
    assert state("i-gang", parse_date("ukendt"), AFTER, TODAY) == "ingen-frist"
    assert state("i-gang", FUTURE, AFTER, TODAY) == "frist-ikke-naaet"
    assert state(None, FUTURE, None, TODAY) == "frist-ikke-naaet"
    assert state("i-gang", PAST, AFTER, TODAY) == "forsinket"
    assert state("udskudt", PAST, AFTER, TODAY) == "forsinket"
    assert state("i-gang", PAST, BEFORE, TODAY) == "uden-opfoelgning"  # nobody said anything since the deadline
    for silent in (None, "ukendt", "planlagt"):
        assert state(silent, PAST, AFTER, TODAY) == "uden-opfoelgning"
    assert state("i-gang", PAST, None, TODAY) == "uden-opfoelgning"
    # the last day of the deadline is still in time; a status reported on it says nothing about after
    assert state("i-gang", parse_date("2026-11-23"), AFTER, TODAY) == "frist-ikke-naaet"
    assert state("i-gang", parse_date("2026-11-22"), dt.date(2026, 11, 22), TODAY) == "uden-opfoelgning"


dates = st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31))
statuses = st.sampled_from([None, "planlagt", "i-gang", "loebende", "gennemfoert", "udskudt", "opgivet", "ukendt"])


@given(statuses, st.one_of(st.none(), dates.map(lambda d: PartialDate("day", d.year, d.month, d.day))), st.one_of(st.none(), dates), dates)
def test_every_item_has_exactly_one_state_and_late_needs_a_report(status, deadline, reported, on):
    found = state(status, deadline, reported, on)
    assert found in STATES
    if found in ("forsinket", "uden-opfoelgning"):
        assert deadline.last_day() < on and status != "gennemfoert"
    if found == "forsinket":  # only a status reported after the deadline makes an item "late" rather than silent
        assert reported > deadline.last_day() and status not in (None, "ukendt", "planlagt")
    if deadline is not None and deadline.last_day() >= on and status != "gennemfoert":
        assert found == "frist-ikke-naaet"


def test_today_and_source_date_epoch_fix_the_reference_date(tmp_path, monkeypatch):
    content = write_content(tmp_path, PLAN)

    def bus_state(*args: str) -> str:
        assert main(["build", "--content", str(content), "--out", str(tmp_path / "site"), *args]) == 0
        twin = json.loads((tmp_path / "site/org/klima/transport/bus/index.json").read_text(encoding="utf-8"))
        return twin["deadline_state"]

    assert bus_state("--today", "2026-05-01") == "frist-ikke-naaet"  # due 2026-06
    assert bus_state("--today", "2026-07-01") == "forsinket"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 6, 30, tzinfo=dt.UTC).timestamp())))
    assert bus_state() == "frist-ikke-naaet"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 7, 1, tzinfo=dt.UTC).timestamp())))
    assert bus_state() == "forsinket"
    page = (tmp_path / "site/org/klima/index.html").read_text(encoding="utf-8")
    assert "Frister er holdt op mod 1. juli 2026." in page
    assert main(["build", "--content", str(content), "--out", str(tmp_path / "site"), "--today", "1. juli"]) == 2
