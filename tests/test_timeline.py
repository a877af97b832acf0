"""Tidslinje: dated initiatives and measures by year, overdue ones marked in text."""

from __future__ import annotations

import re

from generator.build.pipeline import build

from .conftest import write_content
from .test_rollup import PLAN
from .test_taxonomy import text_of

TIMELINE = {
    **PLAN,
    "nabo/index.yaml": "type: organisation\nname: Naboby Kommune\n",
    "nabo/plan/index.yaml": "type: strategy\ntitle: Nabobyens plan\nstatus: udkast\nthemes: [erhvervsservice]\n",
    "nabo/plan/raad.yaml": "type: initiative\ntitle: Erhvervsråd\nstatus: planlagt\ndeadline: 2020\n",
    "nabo/plan/messe.yaml": "type: initiative\ntitle: Erhvervsmesse\nstatus: i-gang\ndeadline: 2026-05\n",
}


def items_of(page: str) -> dict[str, str]:
    """Visible text before the status badge → the item's HTML."""
    return {text_of(f"<main{item}</main>").split(" Status:")[0]: item for item in re.findall(r"<li data-organisation.*?</li>", page, re.S)}


def test_the_timeline_has_a_page_per_year_and_marks_delays(tmp_path, fixed_today):
    build(write_content(tmp_path, TIMELINE), tmp_path / "site")
    site = tmp_path / "site/tidslinje"
    index = text_of((site / "index.html").read_text(encoding="utf-8"))
    assert (
        "Kun forsinkede og uden opfølgning (4) 2020 1 frist, 1 uden opfølgning 2024 1 frist "
        "2025 1 frist, heraf 1 forsinket 2026 2 frister, heraf 2 forsinket 2027 1 frist"
    ) in index
    year = (site / "2026/index.html").read_text(encoding="utf-8")
    items = items_of(year)
    assert list(items) == ["maj 2026 Erhvervsmesse", "juni 2026 Elbusser"]  # in date order
    assert "! Forsinket" in text_of(f"<main{items['juni 2026 Elbusser']}</main>")
    assert "! Forsinket" in text_of(f"<main{items['maj 2026 Erhvervsmesse']}</main>")  # a draft's too: its page says how to read it
    assert 'data-organisation="nabo" data-themes=" erhvervsservice " data-frist="overskredet"' in items["maj 2026 Erhvervsmesse"]
    assert "Forsinket" in items_of((site / "2025/index.html").read_text(encoding="utf-8"))["2. halvår 2025 Solceller på tagene"]
    assert "Gennemført" in (site / "2024/index.html").read_text(encoding="utf-8").split('<ul class="timeline">')[1]
    measure = items_of((site / "2027/index.html").read_text(encoding="utf-8"))
    assert 'href="../../org/klima/energi/sol/index.html#maalepunkt-1"' in measure["2027 Installeret effekt Målepunkt i Solceller på tagene"]
    assert 'href="../2025/index.html" rel="prev"' in year and 'href="../2027/index.html" rel="next"' in year
    assert '<form id="timeline-filters" class="filters" hidden>' in year  # shown by the script only
    assert not (site / "2021").exists()


def test_a_year_with_many_dates_is_split_into_pages(tmp_path, fixed_today):
    """A large site's year would otherwise weigh megabytes, and one edit would redraw all of it."""
    many = {
        f"nabo/plan/mange-{n:03}.yaml": f"type: initiative\ntitle: Frist {n:03}\nstatus: planlagt\ndeadline: 2028-01\n"
        for n in range(1, 106)
    }
    build(write_content(tmp_path, {**TIMELINE, **many}), tmp_path / "site")
    site = tmp_path / "site/tidslinje"
    first = (site / "2028/index.html").read_text(encoding="utf-8")
    second = (site / "2028/side-2/index.html").read_text(encoding="utf-8")
    assert len(items_of(first)) == 100 and list(items_of(second)) == [f"januar 2028 Frist {n}" for n in range(101, 106)]
    assert "<h1>Tidslinje 2028 (side 2 af 2)</h1>" in second and "Viser 101–105 af 105." in second
    assert 'href="side-2/index.html" rel="next"' in first and 'href="../index.html" rel="prev"' in second
    assert "data-paged hidden" in first  # the script says its filter counts this page only
    crumbs = second.split('class="breadcrumbs wrap"')[1].split("</nav>")[0]
    assert re.findall(r"<a [^>]*>([^<]*)</a>", crumbs) == ["Forside", "Tidslinje", "Tidslinje 2028"]
    assert "2028 105 frister" in text_of((site / "index.html").read_text(encoding="utf-8"))
    assert not (site / "2028/side-3").exists()


def test_the_overdue_pages_and_the_filters_offer_only_what_keeps_something(tmp_path, fixed_today):
    build(write_content(tmp_path, TIMELINE), tmp_path / "site")
    site = tmp_path / "site/tidslinje"
    overdue = (site / "overskredne-frister/index.html").read_text(encoding="utf-8")
    listed = items_of(overdue)
    # oldest deadline first; done items and deadlines to come are left out
    assert list(listed) == ["2020 Erhvervsråd", "2. halvår 2025 Solceller på tagene", "maj 2026 Erhvervsmesse", "juni 2026 Elbusser"]
    assert "? Frist overskredet uden opfølgning" in text_of(f"<main{listed['2020 Erhvervsråd']}</main>")
    assert "Indsatser og målepunkter, hvis frist var overskredet pr. 23. november 2026" in text_of(overdue)
    year = (site / "2026/index.html").read_text(encoding="utf-8")
    form = year.split('<form id="timeline-filters"')[1].split("</form>")[0]
    options = re.findall(r"<option value=\"([^\"]*)\"[^>]*>([^<]*)</option>", form)
    assert ("", "Alle organisationer (2)") in options and ("nabo", "Naboby Kommune (1)") in options
    assert ("erhvervsservice", "Erhvervsservice (1)") in options
    assert len([value for value, _ in options if value]) == 3  # two organisations and one theme: no empty choice
    assert "Kun forsinkede og uden opfølgning (2)" in text_of(f"<main>{form}</main>")
    done = (site / "2024/index.html").read_text(encoding="utf-8")
    assert 'name="frist"' not in done  # nothing overdue in 2024: no such choice


def test_an_end_date_places_an_item_but_is_no_deadline(tmp_path, fixed_today):
    files = {**TIMELINE, "nabo/plan/slut.yaml": "type: initiative\ntitle: Projektperiode\nstatus: i-gang\nend: 2019\n"}
    build(write_content(tmp_path, files), tmp_path / "site")
    items = items_of((tmp_path / "site/tidslinje/2019/index.html").read_text(encoding="utf-8"))
    assert "– Ingen frist" in text_of(f"<main{items['2019 Projektperiode']}</main>")  # as on its own page
    overdue = (tmp_path / "site/tidslinje/overskredne-frister/index.html").read_text(encoding="utf-8")
    assert "Projektperiode" not in overdue
