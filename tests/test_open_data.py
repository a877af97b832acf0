"""Open data (issue 8): JSON twins valid against the published schema, bulk JSON and CSV that round-
trip in the Danish Excel dialect, Atom feeds that keep RFC 4287's rules, and the Data page."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from generator.build.incremental import IncrementalBuild
from generator.build.pipeline import ContentError, build
from generator.model.deadlines import fix_today
from generator.opendata import feeds, table, twin

from .atom_rules import ATOM, atom_problems
from .conftest import MINI, TODAY, write_content
from .support import parse_html

LICENCE = 'licence:\n  name: "CC BY 4.0"\n  url: "https://creativecommons.org/licenses/by/4.0/"\n'
STRATEGY = "org/klima"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("open-data")
    out = root / "site"
    fix_today(TODAY)
    try:
        build(write_content(root, MINI), out)
    finally:
        fix_today(None)
    return out


def load(path: Path):
    """A JSON file, unpacked first when it is packed (data/alle.json.gz)."""
    data = path.read_bytes()
    return json.loads(gzip.decompress(data) if path.suffix == ".gz" else data)


def record_pages(site: Path) -> list[Path]:
    """The main language's record pages: every index.html with a twin beside it."""
    return sorted(p for p in site.rglob("index.html") if (p.parent / "index.json").is_file())


def head_links(html: str, kind: str) -> list[str]:
    return re.findall(rf'<link rel="alternate" type="{re.escape(kind)}" href="([^"]+)"', html)


# ---- JSON twins ----


def test_every_record_page_has_a_twin_valid_against_the_published_schema(site):
    schema = load(site / "data/schema/post.schema.json")
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    twins = sorted(site.rglob("index.json"))
    assert {p.relative_to(site).parent.as_posix() for p in twins} == {
        "org",
        "org/klima",
        "org/klima/energi",
        "org/klima/energi/sol",
        "org/klima/energi/varme",
        "org/klima/transport",
        "org/tilbud/energiraad",
        "org/moeder/udvalg-2024-05-01",
        "om",
    }
    assert not list((site / "en").rglob("index.json")), "twins are language neutral: written once"
    for path in twins:
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(load(path))]
        assert not errors, f"{path}: {errors[:3]}"


def test_twin_holds_references_and_computed_fields(site):
    body = load(site / "org/klima/energi/sol/index.json")
    assert body["id"] == "org/klima/energi/sol" and body["type"] == "initiative" and body["url"] == "org/klima/energi/sol/"
    assert body["status"] == "i-gang" and re.match(r"^\d{4}-\d{2}-\d{2}$", body["updated"])
    # deadline 2025-H2 passed, and the status (dated by the file's change, no as_of) is later; the measure is due 2027
    assert body["progress"] == {"initiatives": {"forsinket": 1}, "measures": {"frist-ikke-naaet": 1}}
    assert body["deadline_state"] == "forsinket"
    assert body["measures"] == [{"anchor": "maalepunkt-1", "deadline_state": "frist-ikke-naaet", "share_of_way": None}]
    assert body["fields"]["deadline"] == "2025-H2" and body["fields"]["measures"][0]["target"] == 12.5
    assert body["references"]["parent"] == {"id": "org/klima/energi", "url": "org/klima/energi/"}
    assert body["references"]["links"]["offers"] == [{"id": "org/tilbud/energiraad", "url": "org/tilbud/energiraad/"}]
    assert body["references"]["decisions"] == [
        {
            "meeting": {"id": "org/moeder/udvalg-2024-05-01", "url": "org/moeder/udvalg-2024-05-01/"},
            "item": "1",
            "url": "org/moeder/udvalg-2024-05-01/#punkt-1",
            "outcome": "godkendt",
        }
    ]
    strategy = load(site / "org/klima/index.json")
    assert strategy["progress"] == {"initiatives": {"forsinket": 1, "ingen-frist": 1}, "measures": {"frist-ikke-naaet": 1}}
    assert strategy["deadline_state"] is None and strategy["measures"] is None
    assert [child["id"] for child in strategy["references"]["children"]] == ["org/klima/energi", "org/klima/transport"]
    assert strategy["references"]["mentioned_in"] == []
    track = load(site / "org/klima/energi/index.json")
    assert track["references"]["mentioned_in"] == [{"id": "org/klima", "url": "org/klima/"}]
    for path in site.rglob("index.json"):  # every reference names a page that exists
        refs = load(path)["references"]
        for ref in [refs["parent"], *refs["children"], *refs["mentioned_in"]] if refs["parent"] else refs["children"]:
            assert (site / ref["url"] / "index.html").is_file(), ref


def test_schema_rejects_a_twin_that_breaks_it(site):
    validator = jsonschema.Draft7Validator(load(site / "data/schema/post.schema.json"))
    good = load(site / "org/klima/energi/sol/index.json")
    assert validator.is_valid(good)
    for break_it in (
        lambda b: b.pop("progress"),
        lambda b: b.update(type="initiativ"),
        lambda b: b["fields"].update(status="igang"),
        lambda b: b["fields"].update(deadline="30/6 2025"),
        lambda b: b["references"]["parent"].update(id="Org Klima"),
        lambda b: b.update(extra=1),
    ):
        bad = json.loads(json.dumps(good))
        break_it(bad)
        assert not validator.is_valid(bad), bad


def test_pages_link_their_twin_in_every_language(site):
    for rel in ("org/klima/energi/sol/index.html", "en/org/klima/energi/sol/index.html"):
        page = site / rel
        [href] = head_links(page.read_text(encoding="utf-8"), "application/json")
        assert (page.parent / href).resolve() == (site / "org/klima/energi/sol/index.json").resolve()
    assert not head_links((site / "tilbud/index.html").read_text(encoding="utf-8"), "application/json")


# ---- bulk JSON ----


def test_bulk_json_holds_each_record_as_its_twin(site):
    validator = jsonschema.Draft7Validator(load(site / "data/schema/samling.schema.json"))
    whole = load(site / "data/alle.json.gz")
    unpacked = subprocess.run(["gzip", "--decompress", "--stdout", site / "data/alle.json.gz"], capture_output=True, check=True)
    assert json.loads(unpacked.stdout) == whole  # one gzip file of many members, as gunzip reads it
    per_strategy = load(site / f"data/{STRATEGY}.json")
    for body in (whole, per_strategy):
        assert not [e.message for e in validator.iter_errors(body)]
        assert body["licence"] is None and body["schema"] == "data/schema/samling.schema.json"
        for record in body["records"]:
            assert record == load(site / record["url"] / "index.json")
    assert [r["id"] for r in whole["records"]] == sorted(p.relative_to(site).parent.as_posix() for p in site.rglob("index.json"))
    assert [r["id"] for r in per_strategy["records"]] == [
        "org/klima",
        "org/klima/energi",
        "org/klima/energi/sol",
        "org/klima/energi/varme",
        "org/klima/transport",
    ]


# ---- CSV ----


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode(table.ENCODING), newline=""), dialect=table.DIALECT))


def test_csv_opens_in_danish_excel_and_reads_back(site):
    data = (site / f"data/{STRATEGY}.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 byte order mark, so Excel reads UTF-8"
    assert data.split(b"\r\n")[0].decode("utf-8-sig") == ";".join(table.COLUMNS)
    rows = read_csv(data)
    assert [(row["type"], row["titel"]) for row in rows] == [
        ("indsats", "Solceller på tagene"),
        ("målepunkt", "Installeret effekt"),
        ("indsats", "Fjernvarme"),
    ]
    sol, measure, _ = rows
    assert sol["organisation"] == "Testrup Kommune" and sol["strategi"] == "Klimaplan 2023-2030" and sol["spor"] == "Energi"
    assert sol["frist"] == "2025-H2" and sol["fristtilstand"] == "Forsinket" and sol["rolle"] == "Kommunen selv"
    assert measure["målværdi"] == "12,5" and measure["enhed"] == "MW", "decimal comma: Danish Excel reads a number"
    assert measure["id"] == "org/klima/energi/sol#maalepunkt-1" and measure["fristtilstand"] == "Frist ikke nået"
    assert sol["adresse"] == "org/klima/energi/sol/", "from the site's root: this site has no base URL"
    whole = read_csv((site / "data/indsatser.csv").read_bytes())
    assert whole == rows  # one strategy on this site


def test_csv_dialect_round_trips_awkward_text():
    awkward = {
        "type": "indsats",
        "titel": 'Æbler; "pærer"\nog blåbær',
        "ansvarlige": "Center for By, Erhverv og Miljø",
        "målværdi": table.danish_number(1400.0),
        "basisværdi": table.danish_number(0.25),
    }
    data = table.HEADER + table.encode([awkward])
    [row] = read_csv(data)
    assert {key: row[key] for key in awkward} == awkward
    assert row["målværdi"] == "1400" and row["basisværdi"] == "0,25"
    assert data.count(b"\xef\xbb\xbf") == 1 and b";" in data.split(b"\r\n")[1]


def test_csv_text_that_excel_would_run_as_a_formula_stays_text():
    hostile = {
        "type": "indsats",
        "titel": '=HYPERLINK("http://example.com","Klik")',
        "ansvarlige": "@SUM(A1)",
        "enhed": "+45",
        "målværdi": table.danish_number(-3.5),
    }
    [row] = read_csv(table.HEADER + table.encode([hostile]))
    assert row["titel"] == "'" + hostile["titel"] and row["ansvarlige"] == "'@SUM(A1)" and row["enhed"] == "'+45"
    assert row["målværdi"] == "-3,5"  # a negative number stays a number


# ---- Atom feeds ----


def test_feeds_keep_rfc_4287(site):
    for path in (site / "atom.xml", site / f"{STRATEGY}/atom.xml"):
        data = path.read_bytes()
        assert not atom_problems(data), (path, atom_problems(data))
        feed = ET.fromstring(data)
        entries = feed.findall(ATOM + "entry")
        assert 0 < len(entries) <= feeds.ENTRIES
        updated = [entry.findtext(ATOM + "updated") for entry in entries]
        assert updated == sorted(updated, reverse=True) and feed.findtext(ATOM + "updated") == updated[0]
    strategy_feed = ET.fromstring((site / f"{STRATEGY}/atom.xml").read_bytes())
    titles = {entry.findtext(ATOM + "title") for entry in strategy_feed.findall(ATOM + "entry")}
    assert titles == {"Klimaplan 2023-2030", "Energi", "Solceller på tagene", "Fjernvarme", "Transport"}
    site_feed = ET.fromstring((site / "atom.xml").read_bytes())
    assert len(site_feed.findall(ATOM + "entry")) == 9


def test_feed_entry_ids_are_derived_from_record_and_change(site, tmp_path):
    first = (site / "atom.xml").read_bytes()
    again = tmp_path / "again"
    build(write_content(tmp_path, MINI), again)
    assert (again / "atom.xml").read_bytes() == first, "same content, same feed: no build clock in it"
    feed = ET.fromstring(first)
    entry = next(e for e in feed.findall(ATOM + "entry") if e.findtext(ATOM + "title") == "Fjernvarme")
    day = entry.findtext(ATOM + "updated")[:10]
    assert entry.findtext(ATOM + "id") == feeds.urn(f"org/klima/energi/varme@{day}")
    assert feeds.urn("org/klima/energi/varme@2024-01-01") != feeds.urn("org/klima/energi/varme@2024-01-02")


@pytest.mark.parametrize(
    "damage, rule",
    [
        (lambda f: f.find(ATOM + "entry").remove(f.find(ATOM + "entry").find(ATOM + "id")), "exactly one atom:id"),
        (lambda f: f.find(ATOM + "entry").append(f.find(ATOM + "entry").find(ATOM + "title")), "exactly one atom:title"),
        (lambda f: setattr(f.find(ATOM + "updated"), "text", "2024-05-01"), "RFC 3339"),
        (lambda f: setattr(f.find(ATOM + "entry").find(ATOM + "updated"), "text", "2024-05-01 10:00:00"), "RFC 3339"),
        (lambda f: f.find(ATOM + "entry").find(ATOM + "link").set("href", "/org/klima/"), "nor relative to the feed's own address"),
        (lambda f: setattr(f.find(ATOM + "id"), "text", "feed-1"), "absolute IRI"),
        (lambda f: f.remove(f.find(ATOM + "author")), "needs one in every entry"),
        (lambda f: f.append(f.find(ATOM + "link[@rel='alternate']")), "two alternate links"),
        (lambda f: ET.SubElement(f.find(ATOM + "entry"), ATOM + "titel"), "not allowed"),
    ],
)
def test_the_feed_check_catches_broken_rules(site, damage, rule):
    feed = ET.fromstring((site / "atom.xml").read_bytes())
    damage(feed)
    assert any(rule in problem for problem in atom_problems(ET.tostring(feed))), atom_problems(ET.tostring(feed))


def test_pages_link_the_feeds(site):
    strategy_page = (site / "en/org/klima/energi/index.html").read_text(encoding="utf-8")
    hrefs = head_links(strategy_page, "application/atom+xml")
    assert [(site / "en/org/klima/energi" / href).resolve() for href in hrefs] == [
        (site / "atom.xml").resolve(),
        (site / "org/klima/atom.xml").resolve(),
    ]
    assert len(head_links((site / "soeg/index.html").read_text(encoding="utf-8"), "application/atom+xml")) == 1


# ---- the Data page ----


def test_data_page_lists_every_file_in_both_languages(site):
    for rel, heading in (("data/index.html", "Åbne data"), ("en/data/index.html", "Open data")):
        page = site / rel
        html = page.read_text(encoding="utf-8")
        assert f"<h1>{heading}</h1>" in html and 'data-page-type="data"' in html
        targets = {(page.parent / href).resolve() for href in parse_html(html).links if not href.startswith(("http", "#"))}
        for wanted in (
            "data/alle.json.gz",
            "data/indsatser.csv",
            "atom.xml",
            f"data/{STRATEGY}.json",
            f"data/{STRATEGY}.csv",
            f"{STRATEGY}/atom.xml",
            "data/schema/post.schema.json",
            "data/schema/samling.schema.json",
        ):
            assert (site / wanted).resolve() in targets, (rel, wanted)
        assert all(target.exists() for target in targets), [t for t in targets if not t.exists()]
    danish = (site / "data/index.html").read_text(encoding="utf-8")
    assert "Udgiveren har ikke angivet en licens" in danish and "semikolon" in danish
    assert "ikke angivet" in (site / "atom.xml").read_text(encoding="utf-8")
    assert 'href="../data/index.html">Åbne data</a>' in (site / "om/index.html").read_text(encoding="utf-8")


def test_a_stated_licence_reaches_the_page_the_files_and_the_feeds(tmp_path):
    content = write_content(tmp_path, MINI)
    (content / "site.yaml").write_text((content / "site.yaml").read_text(encoding="utf-8") + LICENCE, encoding="utf-8")
    build(content, tmp_path / "site")
    page = (tmp_path / "site/data/index.html").read_text(encoding="utf-8")
    assert '<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>' in page
    assert load(tmp_path / "site/data/alle.json.gz")["licence"] == {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert "<rights>CC BY 4.0</rights>" in (tmp_path / "site/atom.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "setting, field, message",
    [
        ('licence: "CC BY 4.0"\n', "licence", ""),
        ("licence:\n  url: https://example.dk/\n", "licence.name", "required field is missing"),
        ('license:\n  name: "CC0"\n', "license", "did you mean 'licence'"),
    ],
)
def test_licence_mistakes_name_file_line_and_field(tmp_path, setting, field, message):
    content = write_content(tmp_path, MINI)
    settings = content / "site.yaml"
    before = settings.read_text(encoding="utf-8")
    settings.write_text(before + setting, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        build(content, tmp_path / "site")
    [problem] = caught.value.problems
    assert problem.path.endswith("site.yaml") and problem.field == field and message in problem.text
    assert problem.line >= before.count("\n") + 1


# ---- the live preview ----


def test_an_edit_remakes_only_the_pieces_that_read_it(tmp_path, monkeypatch):
    content = write_content(tmp_path, MINI)
    live = IncrementalBuild(content, tmp_path / "site")
    live.run()
    made = []
    real = twin.twin_bytes
    monkeypatch.setattr("generator.opendata.build.twin_bytes", lambda record: made.append(record.id) or real(record))
    varme = content / "org/klima/energi/varme.yaml"
    varme.write_text(varme.read_text(encoding="utf-8").replace("Fjernvarme", "Fjernvarme til alle"), encoding="utf-8")
    live.run()
    assert sorted(made) == ["org/klima", "org/klima/energi", "org/klima/energi/varme"]  # itself and what counts it
    assert "Fjernvarme til alle" in (tmp_path / "site/data/indsatser.csv").read_bytes().decode("utf-8-sig")
    made.clear()
    live.run()
    assert made == []
