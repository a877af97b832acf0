"""What a reader holds a strategy to: every list of initiatives shows its deadline state, measures
show how far they have come toward their target, dated series are drawn and exported, and the
spheres of influence are counted."""

from __future__ import annotations

import csv
import io
import json
import re

from generator.build.pipeline import build
from generator.opendata import table

from .conftest import write_content
from .test_rollup import PLAN
from .test_taxonomy import text_of

REDUCTION = """
type: initiative
number: "2.10"
title: Mindre CO2 fra kommunens biler
status: i-gang
deadline: 2030
role: selv
measures:
  - id: co2
    text: CO2 fra kommunens biler
    unit: ton
    baseline: 100
    target: 50
    values:
      - {date: 2020, value: 100, source: Klimaregnskab 2020}
      - {date: 2022, value: 90}
      - {date: 2024-06, value: 75, note: Halvårsopgørelse}
  - text: Ladestandere
    baseline: 0
    target: 125
    actual: 60
  - text: Elbiler
    baseline: 10
    target: 20
    actual: 5
"""
FILES = {
    **PLAN,
    "org/klima/transport/co2.yaml": REDUCTION,
    "org/klima/transport/bus.yaml": PLAN["org/klima/transport/bus.yaml"] + "number: '2.9'\nrole: medejer\n",
    "org/klima/transport/cykel.yaml": PLAN["org/klima/transport/cykel.yaml"] + "number: '2.2'\nrole: selv\n",
}


def built(tmp_path):
    out = tmp_path / "site"
    build(write_content(tmp_path, FILES), out)
    return out


def test_every_list_of_initiatives_shows_the_deadline_state(tmp_path, fixed_today):
    out = built(tmp_path)
    track = text_of((out / "org/klima/transport/index.html").read_text(encoding="utf-8"))
    assert "Elbusser Status: I gang ! Forsinket" in track and "Cykelstier Status: Gennemført ✓ Gennemført" in track
    theme = text_of((out / "roller/selv/index.html").read_text(encoding="utf-8"))
    assert "Solceller på tagene Status: I gang ! Forsinket" in theme
    offer = text_of((out / "org/tilbud/energiraad/index.html").read_text(encoding="utf-8"))
    assert "Solceller på tagene ! Forsinket" in offer
    printed = text_of((out / "org/klima/udskriv/index.html").read_text(encoding="utf-8"))
    assert "Status: I gang · Frist: juni 2026 · ! Forsinket" in printed
    page = (out / "org/klima/transport/bus/index.html").read_text(encoding="utf-8")
    assert re.search(r'<span class="deadline__symbol" aria-hidden="true">!</span> Forsinket', page)


def test_measures_show_how_far_they_have_come_also_for_reductions(tmp_path, fixed_today):
    out = built(tmp_path)
    page = text_of((out / "org/klima/transport/co2/index.html").read_text(encoding="utf-8"))
    # a reduction from 100 to 50 ton that has reached 75 (the newest value) is halfway
    assert "CO2 fra kommunens biler 50 ton 100 75 50 % af vejen" in page
    assert "Ladestandere 125 0 60 48 % af vejen" in page
    assert "Elbiler 20 10 5 -50 %: længere fra målet end ved udgangspunktet" in page
    html = (out / "org/klima/transport/co2/index.html").read_text(encoding="utf-8")
    assert 'class="measure-progress__done" style="width: 50%"' in html and 'style="width: 0%"' in html


def test_a_dated_series_is_a_chart_with_its_table_and_is_exported(tmp_path, fixed_today):
    out = built(tmp_path)
    html = (out / "org/klima/transport/co2/index.html").read_text(encoding="utf-8")
    chart = html.split('<figure class="series" id="co2-serie">')[1].split("</figure>")[0]
    assert chart.count('class="linechart__point"') == 3 and "stroke-dasharray" in chart  # the target, dashed
    assert "2020: 100 ton; 2022: 90 ton; juni 2024: 75 ton" in chart
    table_text = text_of(html).split("Udvikling: CO2 fra kommunens biler (ton)")[1]
    assert table_text.startswith(" Dato Værdi Note Kilde 2020 100 Klimaregnskab 2020 2022 90 juni 2024 75 Halvårsopgørelse")
    twin = json.loads((out / "org/klima/transport/co2/index.json").read_text(encoding="utf-8"))
    assert twin["fields"]["measures"][0]["values"][2] == {
        "date": "2024-06",
        "value": 75,
        "note": "Halvårsopgørelse",
        "source": None,
        "editor_note": None,
    }
    assert [m["share_of_way"] for m in twin["measures"]] == [50, 48, -50]
    rows = list(csv.DictReader(io.StringIO((out / "data/org/klima.csv").read_bytes().decode(table.ENCODING)), dialect=table.DIALECT))
    co2 = next(row for row in rows if row["titel"] == "CO2 fra kommunens biler")
    assert co2["måleserie"] == "2020: 100 | 2022: 90 | 2024-06: 75" and co2["aktuel værdi"] == "75"
    assert co2["andel af vejen"] == "50" and co2["fristtilstand"] == "Frist ikke nået"


def test_the_spheres_of_influence_are_counted_and_lead_to_the_role_pages(tmp_path, fixed_today):
    out = built(tmp_path)
    html = (out / "org/klima/index.html").read_text(encoding="utf-8")
    spheres = text_of("<main" + html.split('id="roller"')[1].split("</section>")[0] + "</main>")
    assert "Kommunen selv : 3 indsatser 1 ! Forsinket 1 → Frist ikke nået 1 ✓ Gennemført" in spheres
    assert "Medejer : 1 indsats 1 ! Forsinket" in spheres
    assert 'href="../../roller/selv/index.html#indsatser-org-klima"' in html
    role = (out / "roller/selv/index.html").read_text(encoding="utf-8")
    assert 'id="indsatser-org-klima"' in role
    listed = re.findall(r'<li><a href="[^"]*"[^>]*>([^<]*)</a>', role.split('id="indsatser-org-klima"')[1].split("</ul>")[0])
    assert listed == ["1.1. Solceller på tagene", "2.2. Cykelstier", "2.10. Mindre CO2 fra kommunens biler"]  # number order
