"""`build.py new` writes skeletons, numbered after their siblings, only where their parent is, whose
placeholders `check` reports until they are replaced; `build.py schema` accepts real content and
rejects mistakes."""

from __future__ import annotations

import datetime
import json
import re

import jsonschema
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from generator.build.pipeline import ContentError, load_site
from generator.cli import main
from generator.content.scaffold import new_record, next_number, number_parts

from .conftest import MINI, ROOT, write_content

NEW = [
    ("organisation", "nyby"),
    ("strategy", "nyby/plan"),
    ("track", "nyby/plan/spor-1"),
    ("initiative", "nyby/plan/spor-1/indsats"),
    ("offer", "nyby/tilbud/raad"),
    ("meeting", "nyby/moeder/m1"),
    ("page", "side"),
]


# The texts each skeleton leaves for the editor to replace, by the field check names.
PLACEHOLDER_FIELDS = {
    "organisation": ["summary"],
    "strategy": ["summary", "body"],
    "track": ["summary"],
    "initiative": ["summary"],
    "offer": ["summary"],
    "meeting": ["committee", "items[1].title"],
    "page": ["body"],
}


def placeholder_lines(path) -> list[tuple[int, int]]:
    """(line, column) of each TODO: outside a comment, as an editor's editor shows them."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if "TODO:" in line and not line.lstrip().startswith("#"):
            found.append((number, line.index('"TODO:') + 1 if '"TODO:' in line else line.index("TODO:") + 1))
    return found


def fill_in(path) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace("TODO: ", ""), encoding="utf-8")


def test_a_skeleton_fails_check_once_per_placeholder_and_passes_once_they_are_replaced(tmp_path):
    content = write_content(tmp_path, MINI)
    paths = {}
    for kind, record_id in NEW:
        assert main(["new", kind, record_id, "--content", str(content)]) == 0
        paths[kind] = next(content.glob(f"{record_id}.*"), None) or next(content.glob(f"{record_id}/index.*"))
    with pytest.raises(ContentError) as caught:
        load_site(content)
    found = caught.value.problems
    assert all("replace the placeholder text 'TODO: " in problem.text for problem in found), found
    for kind, path in paths.items():
        mine = sorted((p.line, p.col, p.field) for p in found if p.path.endswith(path.relative_to(content).as_posix()))
        expected = [(line, col, field) for (line, col), field in zip(placeholder_lines(path), PLACEHOLDER_FIELDS[kind], strict=True)]
        assert mine == expected, kind
    assert len(found) == sum(map(len, PLACEHOLDER_FIELDS.values()))
    for path in paths.values():
        fill_in(path)
    site = load_site(content)
    for kind, record_id in NEW:
        assert site.records[record_id].type == kind
        assert "TODO" not in str(site.records[record_id].data)


def test_the_skeletons_image_fields_are_valid_once_filled_in(tmp_path):
    content = write_content(tmp_path, MINI)
    for kind, record_id in NEW:
        path = new_record(content, kind, record_id)
        if kind in ("organisation", "strategy", "initiative", "page"):
            text = path.read_text(encoding="utf-8")
            assert "# image:" in text and "#   alt:" in text
            path.write_text(re.sub(r"(?m)^# (image:|  src:|  alt:)", r"\1", text), encoding="utf-8")
            Image.new("RGB", (40, 30), "white").save(path.parent / "foto.jpg")
        fill_in(path)
    site = load_site(content)
    assert sum(1 for record in site.records.values() if record.data.get("image")) == 4


def test_an_uncommented_example_is_a_placeholder_too(tmp_path):
    content = write_content(tmp_path, MINI)
    path = new_record(content, "initiative", "org/klima/energi/vind")
    text = re.sub(r"(?m)^# (responsible:)", r"\1", path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_site(content)
    assert sorted(p.field for p in caught.value.problems) == ["responsible[1]", "summary"]


def test_new_refuses_bad_ids_and_existing_records(tmp_path, capsys):
    content = write_content(tmp_path, MINI)
    assert main(["new", "initiative", "org/Ærø", "--content", str(content)]) == 2
    assert main(["new", "page", "om", "--content", str(content)]) == 2
    assert main(["new", "gadget", "x", "--content", str(content)]) == 2
    assert "already exists" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("kind", "record_id", "message"),
    [
        (
            "initiative",
            "org/klima/transprt/bus",
            "the folder 'org/klima/transprt' has no record of its own (did you mean 'transport'?), "
            "so its records would be shown under the record above it",
        ),
        ("track", "org/klimaa/spor", "the folder 'org/klimaa' has no record of its own (did you mean 'klima'?)"),
        (
            "strategy",
            "orgg/plan",
            "a record of type 'strategy' belongs in the folder of a record of type 'organisation', "
            "and there is none above 'orgg/plan' (did you mean 'org'?)",
        ),
        (
            "initiative",
            "org/bus",
            "a record of type 'initiative' belongs in the folder of a record of type 'track' or 'strategy', "
            "and there is none above 'org/bus'",
        ),
        ("offer", "side/raad", "a record of type 'offer' belongs in the folder of a record of type 'organisation'"),
        ("initiative", "org/tilbud/bus", "in an organisation's folder only a folder of offers and meetings"),
        ("offer", "org/klima/tilbud/raad", "the folder 'org/klima/tilbud' has no record of its own"),
    ],
)
def test_new_refuses_a_place_without_the_parent_it_needs(tmp_path, capsys, kind, record_id, message):
    content = write_content(tmp_path, MINI)
    before = sorted(content.rglob("*"))
    assert main(["new", kind, record_id, "--content", str(content)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("retning new: ") and message in err and err.count("\n") == 1
    assert sorted(content.rglob("*")) == before  # not even a folder


def test_new_puts_offers_and_meetings_in_any_folder_of_their_organisation(tmp_path):
    content = write_content(tmp_path, MINI)
    for kind, record_id in [("offer", "org/tilbud/ny"), ("offer", "org/raadgivning/ny"), ("meeting", "org/referater/2024/m")]:
        assert main(["new", kind, record_id, "--content", str(content)]) == 0
        fill_in(next(content.glob(f"{record_id}.*")))
    site = load_site(content)
    assert [site.records[i].parent.id for i in ("org/tilbud/ny", "org/raadgivning/ny", "org/referater/2024/m")] == ["org"] * 3


def numbered_track(number: str, initiatives: list[str]) -> dict[str, str]:
    files = {"org/klima/spor/index.yaml": f"type: track\nnumber: '{number}'\ntitle: Spor\n" if number else "type: track\ntitle: Spor\n"}
    files |= {f"org/klima/spor/i{n}.yaml": f"type: initiative\nnumber: '{taken}'\ntitle: I{n}\n" for n, taken in enumerate(initiatives)}
    return files


@pytest.mark.parametrize(
    ("number", "initiatives", "expected"),
    [
        ("4", [f"4.{n}" for n in range(1, 19)], "4.19"),
        ("4", [f"4.{n}" for n in range(1, 10)], "4.10"),
        ("4", ["4.9", "4.10", "4.2"], "4.11"),
        ("4", [], "4.1"),
        ("", [], "1"),
        ("4", ["1", "2", "3"], "4"),  # numbered within the track alone
        ("4", ["4.1", "3.7", "4.a", "4." + "9" * 5000], "4.2"),  # another track's number and ones that are none are passed over
        ("A", ["A.1", "A.2"], "A.3"),
    ],
)
def test_new_numbers_an_initiative_after_the_highest_in_its_track(tmp_path, number, initiatives, expected):
    content = write_content(tmp_path, {**MINI, **numbered_track(number, initiatives)})
    path = new_record(content, "initiative", "org/klima/spor/ny")
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["number"] == expected


def test_new_numbers_a_track_after_the_strategys_tracks(tmp_path):
    content = write_content(tmp_path, MINI)  # tracks 1 and 2
    path = new_record(content, "track", "org/klima/bolig")
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["number"] == "3"
    assert yaml.safe_load(new_record(content, "initiative", "org/klima/bolig/a").read_text(encoding="utf-8"))["number"] == "3.1"
    assert yaml.safe_load(new_record(content, "initiative", "org/klima/bolig/b").read_text(encoding="utf-8"))["number"] == "3.2"


NUMBERS = st.lists(st.integers(0, 30), min_size=1, max_size=4).map(lambda parts: ".".join(map(str, parts)))
WITHIN = st.sampled_from(["", "4", "2.3", "A"])  # the track's number
IN_A_TRACK = st.tuples(WITHIN, NUMBERS).map(lambda pair: f"{pair[0]}.{pair[1]}".lstrip("."))


@given(st.lists(NUMBERS | IN_A_TRACK | st.text(max_size=5), max_size=12), WITHIN)
def test_the_next_number_is_free_and_after_every_number_it_is_counted_among(taken, within):
    following = next_number(taken, within)
    assert following not in [number.strip() for number in taken]
    inside = [number_parts(n.strip()[len(within) + 1 :]) for n in taken if within and n.strip().startswith(f"{within}.")]
    if any(inside):
        assert following.startswith(f"{within}.")  # stays within the track
        assert all(parts < number_parts(following[len(within) + 1 :]) for parts in inside if parts)
    elif any(number_parts(n) for n in taken):
        assert all(number_parts(following) > number_parts(n) for n in taken if number_parts(n))
    else:
        assert following == (f"{within}.1" if within else "1")
    assert next_number([*taken, following], within) not in [*taken, following]


def front_matter(path) -> dict:
    """The fields as an editor's YAML 1.2 tooling sees them: unquoted dates are text."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = text.split("---")[1]
    return as_text_dates(yaml.safe_load(text))


def as_text_dates(data):
    if isinstance(data, dict):
        return {k: as_text_dates(v) for k, v in data.items()}
    if isinstance(data, list):
        return [as_text_dates(v) for v in data]
    return data.isoformat() if isinstance(data, datetime.date) else data


def test_json_schema_accepts_the_content_and_rejects_mistakes(tmp_path):
    out = tmp_path / "schema"
    assert main(["schema", "--content", str(ROOT / "content"), "--out", str(out)]) == 0
    record = json.loads((out / "record.schema.json").read_text())
    # the schemas of the published data come along, the same bytes as the site's
    site = tmp_path / "site"
    assert main(["build", "--content", str(ROOT / "content"), "--out", str(site)]) == 0
    for name in ("post.schema.json", "samling.schema.json"):
        assert (out / name).read_bytes() == (site / "data/schema" / name).read_bytes()
    content = write_content(tmp_path, MINI)
    checked = 0
    for path in sorted(content.rglob("*")):
        if path.suffix in (".yaml", ".md") and path.name != "site.yaml" and "vocabularies" not in path.parts:
            jsonschema.validate((front_matter(path)), record)
            checked += 1
    assert checked == len(MINI)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"type": "initiative", "titel": "x"}, record)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"type": "initiative", "title": "x", "status": "igang"}, record)
    jsonschema.validate({"type": "initiative", "title": "x", "image": {"src": "a.jpg", "alt": "Solceller"}}, record)
    jsonschema.validate({"type": "page", "title": "x", "image": {"src": "a.png", "decorative": True}}, record)
    for image in ({"src": "a.jpg"}, {"src": "a.jpg", "alt": ""}, {"alt": "Solceller"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({"type": "initiative", "title": "x", "image": image}, record)
    settings = json.loads((out / "site.schema.json").read_text())
    jsonschema.validate((front_matter(ROOT / "content" / "site.yaml")), settings)
