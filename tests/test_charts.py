"""Charts drawn at build time as inline SVG, with the same numbers in a table beside them."""

from __future__ import annotations

import re

from generator.build.pipeline import build

from .conftest import MINI, write_content

CHART = """
        charts:
          - title: Resultater og måltal
            unit: personer
            data:
              - label: Studerende i arrangementer
                value: 1872
                target: 1000
              - label: Match
                value: 613
                target: 500
          - title: Udledning efter sektor
            unit: "%"
            data:
              - label: Erhverv
                value: 40
              - label: Borgere
                value: 26
              - label: Kommunen
                value: 3.5
        ---"""


def built_strategy(tmp_path) -> str:
    strategy = MINI["org/klima/index.md"].replace("\n        ---\n        Planen", CHART + "\n        Planen", 1)
    build(write_content(tmp_path, {**MINI, "org/klima/index.md": strategy}), tmp_path / "site")
    return (tmp_path / "site/org/klima/index.html").read_text(encoding="utf-8")


def test_bars_are_drawn_to_scale_with_title_description_and_values(tmp_path):
    page = built_strategy(tmp_path)
    first, second = re.findall(r"<svg class=\"chart__svg\".*?</svg>", page, re.S)
    assert 'role="img" aria-labelledby="diagram-1-titel diagram-1-beskrivelse"' in first
    assert '<title id="diagram-1-titel">Resultater og måltal</title>' in first
    assert "Studerende i arrangementer: 1.872 personer (mål 1.000 personer); Match: 613 personer (mål 500 personer)." in first
    widths = [float(w) for w in re.findall(r'<rect class="chart__bar" [^>]*width="([\d.]+)"', first)]
    assert widths == [490.0, round(613 * 490 / 1872, 1)]  # the largest value fills the drawing width
    targets = [float(x) for x in re.findall(r'<line class="chart__target" x1="([\d.]+)"', first)]
    assert targets[:2] == [round(1000 * 490 / 1872, 1), round(500 * 490 / 1872, 1)]
    assert [t for t in re.findall(r'class="chart__value"[^>]*>([^<]+)<', second)] == ["40 %", "26 %", "3,5 %"]


def test_the_table_beside_each_chart_holds_the_same_numbers(tmp_path):
    page = built_strategy(tmp_path)
    for section in re.findall(r'<section class="chart".*?</section>', page, re.S):
        drawn = re.findall(r'class="chart__value"[^>]*>([\d.,]+)', section)
        tabled = re.findall(r'<tr><th scope="row">[^<]+</th><td class="num">([\d.,]+)</td>', section)
        assert drawn == tabled and drawn
