"""Line charts of a dated series, drawn at build time as inline SVG: read back as XML and checked for
what a reader gets: points in time order and value order, a dashed and labelled target, every number
in the description in the page's language, unique ids, escaped text, and no chart for one value."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.core.dates import PartialDate, parse_date
from generator.core.i18n import load_catalogue
from generator.model.targets import progress_share
from generator.render.linechart import line_chart

from .conftest import ROOT

SVG = "{http://www.w3.org/2000/svg}"
DA = load_catalogue(ROOT / "layouts", "da")
EN = load_catalogue(ROOT / "layouts", "en")


def series(*pairs) -> list[dict]:
    return [{"date": parse_date(date), "value": value} for date, value in pairs]


def parsed(markup) -> ET.Element:
    return ET.fromstring(str(markup))


def of_class(svg: ET.Element, cls: str) -> list[ET.Element]:
    return [e for e in svg.iter() if cls in (e.get("class") or "").split()]


def points(svg: ET.Element) -> list[tuple[float, float]]:
    return [(float(c.get("cx")), float(c.get("cy"))) for c in of_class(svg, "linechart__point")]


def desc(svg: ET.Element) -> str:
    return svg.find(f"{SVG}desc").text


CO2 = series(("2019", 120), ("2022", 95), ("2023", 80))


def test_one_marker_per_value_and_larger_values_drawn_higher():
    svg = parsed(line_chart(series(("2019", 10), ("2020", 40), ("2021", 25), ("2022", 0)), "c", DA, title="T"))
    assert [e.tag for e in of_class(svg, "linechart__point")] == [f"{SVG}circle"] * 4
    y10, y40, y25, y0 = (y for _, y in points(svg))
    assert y40 < y25 < y10 < y0  # SVG's y grows downwards: larger values sit higher up
    xs = [x for x, _ in points(svg)]
    assert xs == sorted(xs) and len(set(xs)) == 4


def test_a_few_points_have_their_values_written_beside_them():
    svg = parsed(
        line_chart(
            series(("2018", 52.3), ("2020", 61), ("2022", 64.8)), "c", DA, title="T", unit="%", target=75, target_date=parse_date("2030")
        )
    )
    written = {e.text: (float(e.get("x")), float(e.get("y"))) for e in of_class(svg, "linechart__value")}
    assert set(written) == {"52,3 %", "61 %", "64,8 %"}
    for (x, y), text in zip(points(svg), ["52,3 %", "61 %", "64,8 %"], strict=True):
        assert abs(written[text][0] - x) < 10 and abs(written[text][1] - y) < 25  # beside its own dot


def test_the_svg_is_an_accessible_image_sized_by_its_viewbox():
    markup = str(line_chart(CO2, "udledning", DA, title="Udledning", unit="ton"))
    svg = parsed(markup)
    assert svg.get("role") == "img" and svg.get("width") == "100%"
    title, description = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert svg.get("aria-labelledby").split() == [title.get("id"), description.get("id")]
    _, _, width, height = (float(n) for n in svg.get("viewBox").split())
    assert float(svg.get("font-size")) * (375 - 32) / width >= 12  # text about 12 px or more on a phone
    assert height < width
    assert "<script" not in markup and "style=" not in markup and "onload" not in markup


def test_every_stroke_and_fill_has_an_attribute_so_it_prints_without_the_stylesheet():
    svg = parsed(line_chart(CO2, "c", DA, title="T", unit="ton", target=50, target_date=parse_date("2030")))
    for element in svg.iter():
        tag = element.tag.removeprefix(SVG)
        if tag in ("line", "polyline", "path"):
            assert element.get("stroke"), element.attrib
        if tag in ("circle", "path", "text"):
            assert element.get("fill"), element.attrib
    assert of_class(svg, "linechart__line")[0].get("fill") == "none"


def test_the_description_reads_every_point_and_the_target_in_danish_and_english():
    target = {"target": 50, "target_date": parse_date("2030")}
    da = parsed(line_chart(series(("2019", 120), ("2022", 95)), "c", DA, title="T", unit="ton", **target))
    assert desc(da) == "2019: 120 ton; 2022: 95 ton; mål 2030: 50 ton."
    en = parsed(line_chart(series(("2019", 120), ("2022", 95)), "c", EN, title="T", unit="ton", **target))
    assert desc(en) == "2019: 120 ton; 2022: 95 ton; target 2030: 50 ton."

    mixed = series(("2021-06-14", 1234.5), ("2022-03", 12000), ("2023", 7.25))
    assert desc(parsed(line_chart(mixed, "c", DA, title="T", unit="kr."))) == (
        "14. juni 2021: 1.234,5 kr.; marts 2022: 12.000 kr.; 2023: 7,25 kr."
    )
    assert desc(parsed(line_chart(mixed, "c", EN, title="T", unit="kr."))) == (
        "14 June 2021: 1,234.5 kr.; March 2022: 12,000 kr.; 2023: 7.25 kr."
    )


def test_a_note_and_the_baseline_are_read_out_and_the_progress_is_said():
    data = CO2[:2] + [{**CO2[2], "note": "foreløbigt tal"}]
    svg = parsed(line_chart(data, "c", DA, title="T", unit="ton", target=50, target_date=parse_date("2030"), baseline=120))
    assert desc(svg) == (
        "Udgangspunkt: 120 ton; 2019: 120 ton; 2022: 95 ton; 2023: 80 ton (foreløbigt tal); mål 2030: 50 ton. "
        "57 % af vejen fra udgangspunktet til målet er nået."
    )
    svg = parsed(line_chart(CO2, "c", EN, title="T", unit="t", target=50, baseline=60))
    assert desc(svg).endswith("target: 50 t. The latest value is further from the target than the baseline was.")
    svg = parsed(line_chart(CO2, "c", EN, title="T", target=90, baseline=120))
    assert desc(svg).endswith("The target has been reached.")


def test_the_target_is_a_dashed_labelled_line_with_a_marker_at_its_date():
    svg = parsed(line_chart(series(("2020", 20), ("2022", 35)), "c", DA, title="T", unit="%", target=50))
    (line,) = of_class(svg, "linechart__target")
    assert line.get("stroke-dasharray")  # dashes tell it from the solid series line, whatever the colours
    assert not of_class(svg, "linechart__line")[0].get("stroke-dasharray")
    assert [e.text for e in of_class(svg, "linechart__target-label")] == ["Mål: 50 %"]
    assert float(line.get("y1")) == float(line.get("y2")) < min(y for _, y in points(svg))
    assert not of_class(svg, "linechart__goal")  # no date for the target: no marker

    svg = parsed(line_chart(series(("2020", 20), ("2022", 35)), "c", EN, title="T", unit="%", target=50, target_date=parse_date("2030")))
    assert [e.text for e in of_class(svg, "linechart__target-label")] == ["Target 2030: 50 %"]
    (goal,) = of_class(svg, "linechart__goal")
    assert "2030" in goal.find(f"{SVG}title").text
    last_x = max(x for x, _ in points(svg))
    assert float(goal.get("d")[1:].split(",")[0]) > last_x  # the diamond's top corner: after the last point
    dates = [e.text for e in of_class(svg, "linechart__date")]
    assert "2020" in dates and "2030" in dates


def test_a_reduction_series_falls_towards_a_lower_target():
    svg = parsed(line_chart(CO2, "c", DA, title="T", unit="ton", target=50, target_date=parse_date("2030"), baseline=120))
    ys = [y for _, y in points(svg)]
    assert ys == sorted(ys) and len(set(ys)) == 3  # each later value lower down
    (line,) = of_class(svg, "linechart__target")
    assert float(line.get("y1")) > max(ys)  # the target is below every value
    assert [e.text for e in of_class(svg, "linechart__target-label")] == ["Mål 2030: 50 ton"]
    gridlines = sorted(float(e.get("y1")) for e in of_class(svg, "linechart__grid"))
    assert gridlines[0] <= min(ys) and gridlines[-1] >= float(line.get("y1"))  # the axis covers series and target
    assert "0 ton" in [e.text for e in of_class(svg, "linechart__tick-label")]


def test_negative_values_sit_below_a_drawn_zero_line():
    svg = parsed(line_chart(series(("2020", -5), ("2021", 3.5), ("2022", -12)), "c", DA, title="T", unit="mio. kr.", target=-20))
    (zero,) = of_class(svg, "linechart__zero")
    y_zero = float(zero.get("y1"))
    y_minus5, y_plus, y_minus12 = (y for _, y in points(svg))
    assert y_plus < y_zero < y_minus5 < y_minus12
    assert float(of_class(svg, "linechart__target")[0].get("y1")) > y_minus12
    assert "-5 mio. kr.; 2021: 3,5 mio. kr.; 2022: -12 mio. kr.; mål: -20 mio. kr." in desc(svg)


def test_mixed_partial_dates_are_placed_in_time_order():
    data = series(("2021-06-14", 3), ("2020", 1), ("2021-Q1", 2), ("2021-H2", 4), ("2022-01", 5))
    svg = parsed(line_chart(data, "c", DA, title="T"))
    xs = [x for x, _ in points(svg)]
    assert xs == sorted(xs) and len(set(xs)) == 5
    ys = [y for _, y in points(svg)]
    assert ys == sorted(ys, reverse=True)  # values 1..5 in date order: each higher than the last
    assert desc(svg).startswith("2020: 1; 1. kvartal 2021: 2; 14. juni 2021: 3; 2. halvår 2021: 4; januar 2022: 5")
    dates = [e.text for e in of_class(svg, "linechart__date")]
    assert dates[:2] == ["2020", "januar 2022"]  # the first and the last always written


def test_ids_follow_the_chart_id_so_two_charts_on_a_page_stay_unique():
    first, second = (parsed(line_chart(CO2, chart_id, DA, title="T")) for chart_id in ("graf-1", "graf-2"))
    ids = [e.get("id") for svg in (first, second) for e in svg.iter() if e.get("id")]
    assert len(ids) == 4 and len(set(ids)) == 4
    assert all(i.startswith("graf-1") for i in ids[:2]) and all(i.startswith("graf-2") for i in ids[2:])


def test_hostile_text_is_escaped():
    hostile = '<script>alert("x")</script> & co'
    data = CO2[:2] + [{**CO2[2], "note": "<b>foreløbig</b>"}]
    markup = str(line_chart(data, 'x" onload="alert(1)', DA, title=hostile, unit="<i>t</i>", target=50))
    svg = parsed(markup)  # still well-formed XML
    assert svg.find(f"{SVG}title").text == hostile
    assert "<b>foreløbig</b>" in desc(svg) and "80 <i>t</i>" in desc(svg)
    assert not [e for e in svg.iter() if e.tag in (f"{SVG}script", f"{SVG}b", f"{SVG}i", "script")]
    assert svg.get("onload") is None and "<script" not in markup


@pytest.mark.parametrize(
    "data",
    [
        [],
        series(("2020", 5)),
        series(("2020", 5)) + [{"date": PartialDate("unknown"), "value": 7}],
        series(("2020", 5)) + [{"date": parse_date("2021"), "value": None}],
    ],
)
def test_fewer_than_two_drawable_points_give_no_chart(data):
    assert line_chart(data, "c", DA, title="T", target=10) == ""


def test_progress_share_upwards_and_for_a_reduction():
    assert progress_share(0, 100, 25) == 0.25
    assert progress_share(20, 60, 60) == 1.0
    assert progress_share(20, 60, 80) == 1.5  # past the target
    assert progress_share(20, 60, 10) == -0.25  # the wrong way
    assert progress_share(100, 50, 75) == 0.5  # a reduction: halfway down
    assert progress_share(100, 50, 40) == pytest.approx(1.2)
    assert progress_share(100, 50, 110) == pytest.approx(-0.2)
    assert progress_share(-10, -30, -20) == 0.5


@pytest.mark.parametrize("args", [(None, 50, 75), (100, None, 75), (100, 50, None), (100, 100, 90), (5, 5, 5), (math.nan, 1, 2)])
def test_progress_share_is_none_without_a_way_to_measure(args):
    assert progress_share(*args) is None


numbers = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False) | st.integers(min_value=-(10**9), max_value=10**9)


@given(numbers, numbers, numbers)
def test_progress_share_is_one_at_the_target_and_zero_at_the_baseline(baseline, target, actual):
    if baseline == target:
        assert progress_share(baseline, target, actual) is None
        return
    assert progress_share(baseline, target, target) == 1
    assert progress_share(baseline, target, baseline) == 0
    share = progress_share(baseline, target, actual)
    assert share == pytest.approx(progress_share(-baseline, -target, -actual))  # a reduction mirrors a rise
    assert share == 0 or (share > 0) == ((actual > baseline) == (target > baseline))  # ahead when moving towards it


dates = st.one_of(
    st.builds(PartialDate, st.just("year"), st.integers(2000, 2040)),
    st.builds(PartialDate, st.just("half"), st.integers(2000, 2040), st.integers(1, 2)),
    st.builds(PartialDate, st.just("quarter"), st.integers(2000, 2040), st.integers(1, 4)),
    st.builds(PartialDate, st.just("month"), st.integers(2000, 2040), st.integers(1, 12)),
    st.builds(PartialDate, st.just("day"), st.integers(2000, 2040), st.integers(1, 12), st.integers(1, 28)),
)
values = st.integers(-5000, 5000) | st.floats(-1e6, 1e6, allow_nan=False).map(lambda v: round(v, 2))


@settings(deadline=None, max_examples=60)
@given(st.lists(values, min_size=2, max_size=14), st.sampled_from([DA, EN]), st.none() | values)
def test_points_are_drawn_in_value_order(data, catalogue, target):
    chart = [{"date": PartialDate("year", 2000 + i), "value": v} for i, v in enumerate(data)]
    svg = parsed(line_chart(chart, "c", catalogue, title="T", unit="t", target=target))
    ys = [y for _, y in points(svg)]
    assert len(ys) == len(data)
    span = max(max(data), 0, target or 0) - min(min(data), 0, target or 0)
    for a, ya in zip(data, ys, strict=True):
        for b, yb in zip(data, ys, strict=True):
            if a > b:
                assert ya <= yb
                if a - b > span / 100:
                    assert ya < yb
    for value in data:
        assert catalogue.number(value) in desc(svg)


@settings(deadline=None, max_examples=60)
@given(st.lists(dates, min_size=2, max_size=10))
@example([PartialDate("year", 2009), PartialDate("month", 2000, 8), PartialDate("quarter", 2000, 3)])
def test_points_are_placed_in_date_order(when):
    chart = [{"date": date, "value": i} for i, date in enumerate(when)]
    svg = parsed(line_chart(chart, "c", DA, title="T"))
    circles = of_class(svg, "linechart__point")
    assert len(circles) == len(when)
    drawn = [(float(c.get("cx")), int(c.find(f"{SVG}title").text.rsplit(": ", 1)[1])) for c in circles]
    placed = [(x, (when[i].first_day().toordinal() + when[i].last_day().toordinal()) / 2) for x, i in drawn]
    # left to right is earliest to latest, whatever each date's precision; dates half a day apart
    # may round to the same x, and then either order is right
    for x_a, middle_a in placed:
        for x_b, middle_b in placed:
            if x_a < x_b:
                assert middle_a <= middle_b
    assert len(of_class(svg, "linechart__date")) >= 1
