"""Progress roll-ups on strategy and track pages: counts by status, delays against the build date."""

from __future__ import annotations

import datetime as dt

from generator import rollup as rollup_module
from generator.dates import parse_date
from generator.pipeline import build
from generator.rollup import bucket

from .conftest import MINI, write_content
from .test_taxonomy import text_of

TODAY = dt.date(2026, 11, 23)


def test_buckets():
    past, future = parse_date("2025"), parse_date("2030")
    assert bucket("i-gang", past, True, TODAY) == "forsinket"
    assert bucket("i-gang", past, False, TODAY) == "i-gang"  # a draft's deadlines are not held to today
    assert bucket("loebende", future, True, TODAY) == "i-gang"
    assert bucket("planlagt", past, True, TODAY) == "forsinket"
    assert bucket("udskudt", future, True, TODAY) == "forsinket"
    assert bucket("gennemfoert", past, True, TODAY) == "gennemfoert"
    assert bucket("opgivet", past, True, TODAY) == "opgivet"
    assert bucket("ukendt", past, True, TODAY) == "ukendt"  # nobody said it is not done
    assert bucket(None, None, True, TODAY) == "ukendt"


PLAN = {
    **MINI,
    "org/klima/transport/cykel.yaml": "type: initiative\ntitle: Cykelstier\nstatus: gennemfoert\ndeadline: 2024\n",
    "org/klima/transport/bus.yaml": ("type: initiative\ntitle: Elbusser\nstatus: i-gang\ndeadline: 2026-06\n"
                                     "measures:\n  - text: 20 elbusser\n    status: gennemfoert\n  - text: Ladestation\n"),
}


def test_strategy_and_track_pages_show_their_roll_up_in_text(tmp_path, monkeypatch):
    monkeypatch.setattr(rollup_module, "build_date", lambda: TODAY)
    build(write_content(tmp_path, PLAN), tmp_path / "site")
    strategy = (tmp_path / "site/org/klima/index.html").read_text(encoding="utf-8")
    section = text_of(strategy).split("Fremdrift", 1)[1]
    # Solceller: i gang, deadline 2025-H2 passed → forsinket; Fjernvarme: planlagt; Cykelstier done; Elbusser late
    assert section.startswith(" Indsatser (4) 1 planlagt 1 gennemført 2 forsinket Målepunkter (3)")
    # Solceller's measure is due 2027; Ladestation takes its initiative's status and deadline
    assert "Målepunkter (3) 1 i gang 1 gennemført 1 forsinket" in section
    assert 'style="width: 50.0%"' in strategy and 'aria-hidden="true"' in strategy.split('class="progress"')[1]
    track = text_of((tmp_path / "site/org/klima/transport/index.html").read_text(encoding="utf-8"))
    assert "Fremdrift Indsatser (2) 1 gennemført 1 forsinket" in track


def test_a_draft_is_not_held_to_todays_date(tmp_path, monkeypatch):
    monkeypatch.setattr(rollup_module, "build_date", lambda: TODAY)
    draft = {**PLAN, "org/klima/index.md": PLAN["org/klima/index.md"].replace("status: vedtaget", "status: udkast")}
    build(write_content(tmp_path, draft), tmp_path / "site")
    section = text_of((tmp_path / "site/org/klima/index.html").read_text(encoding="utf-8")).split("Fremdrift", 1)[1]
    assert section.startswith(" Indsatser (4) 1 planlagt 2 i gang 1 gennemført")
    assert "forsinket" not in section.split("Strategien er ikke vedtaget")[0]
