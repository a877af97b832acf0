"""`build.py new` writes skeletons that pass `check`; `build.py schema` accepts real content and
rejects mistakes."""

from __future__ import annotations

import datetime
import json
import re

import jsonschema
import pytest
import yaml
from PIL import Image

from generator.build.pipeline import load_site
from generator.cli import main
from generator.content.scaffold import new_record

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


def test_every_skeleton_is_valid(tmp_path):
    content = write_content(tmp_path, MINI)
    for kind, record_id in NEW:
        assert main(["new", kind, record_id, "--content", str(content)]) == 0
    site = load_site(content)
    for kind, record_id in NEW:
        assert site.records[record_id].type == kind


def test_the_skeletons_image_fields_are_valid_once_filled_in(tmp_path):
    content = write_content(tmp_path, MINI)
    for kind, record_id in NEW:
        path = new_record(content, kind, record_id)
        if kind in ("organisation", "strategy", "initiative", "page"):
            text = path.read_text(encoding="utf-8")
            assert "# image:" in text and "#   alt:" in text
            path.write_text(re.sub(r"(?m)^# (image:|  src:|  alt:)", r"\1", text), encoding="utf-8")
            Image.new("RGB", (40, 30), "white").save(path.parent / "foto.jpg")
    site = load_site(content)
    assert sum(1 for record in site.records.values() if record.data.get("image")) == 4


def test_new_refuses_bad_ids_and_existing_records(tmp_path, capsys):
    content = write_content(tmp_path, MINI)
    assert main(["new", "initiative", "org/Ærø", "--content", str(content)]) == 2
    assert main(["new", "page", "om", "--content", str(content)]) == 2
    assert main(["new", "gadget", "x", "--content", str(content)]) == 2
    assert "already exists" in capsys.readouterr().err


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
