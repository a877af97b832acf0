"""Tidslinje: dated initiatives and measures by year, overdue ones marked in text."""

from __future__ import annotations

import re

from generator import rollup as rollup_module
from generator.pipeline import build

from .conftest import write_content
from .test_rollup import PLAN, TODAY
from .test_taxonomy import text_of

TIMELINE = {
    **PLAN,
    "nabo/index.yaml": "type: organisation\nname: Naboby Kommune\n",
    "nabo/plan/index.yaml": "type: strategy\ntitle: Nabobyens plan\nstatus: udkast\nthemes: [erhvervsservice]\n",
    "nabo/plan/raad.yaml": "type: initiative\ntitle: Erhvervsråd\nstatus: planlagt\ndeadline: 2020\n",
}


def test_the_timeline_lists_dated_work_by_year_and_marks_delays(tmp_path, monkeypatch):
    monkeypatch.setattr(rollup_module, "build_date", lambda: TODAY)
    build(write_content(tmp_path, TIMELINE), tmp_path / "site")
    page = (tmp_path / "site/tidslinje/index.html").read_text(encoding="utf-8")
    years = re.findall(r'<h2 id="aar-(\d+)">', page)
    assert years == ["2020", "2024", "2025", "2026", "2027"]
    items = {text_of(f"<main{item}</main>").split(" Status:")[0]: item
             for item in re.findall(r"<li data-organisation.*?</li>", page, re.S)}
    assert set(items) == {"2020 Erhvervsråd", "2024 Cykelstier", "2. halvår 2025 Solceller på tagene",
                          "juni 2026 Elbusser", "2027 Installeret effekt Målepunkt i Solceller på tagene"}
    assert "Forsinket" in items["2. halvår 2025 Solceller på tagene"] and "Forsinket" in items["juni 2026 Elbusser"]
    assert "Forsinket" not in items["2024 Cykelstier"]  # done
    assert "Forsinket" not in items["2020 Erhvervsråd"]  # a draft's deadlines are not held to today
    measure = items["2027 Installeret effekt Målepunkt i Solceller på tagene"]
    assert 'href="../org/klima/energi/sol/index.html#maalepunkt-1"' in measure
    assert 'data-organisation="nabo" data-themes=" erhvervsservice "' in items["2020 Erhvervsråd"]
    assert '<form id="timeline-filters" class="filters" hidden>' in page  # shown by the script only
