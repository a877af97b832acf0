"""Every kind of content mistake gives `file:line:col: field: message`, all in one run: among them
folders without the record they need, and placeholder text left from `new`."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build.pipeline import ContentError, load_site
from generator.content.folder import read_record_file
from generator.core.problems import Problems

from .conftest import MINI, write_content


def problems_for(tmp_path: Path, files: dict, base_files: dict | None = None) -> list[str]:
    content = write_content(tmp_path, {**(MINI if base_files is None else base_files), **files})
    with pytest.raises(ContentError) as caught:
        load_site(content)
    prefix = str(content) + "/"
    return [str(p).replace(prefix, "") for p in caught.value.problems]


def test_mini_content_is_clean(mini_content):
    site = load_site(mini_content)
    assert len(site.records) == len(MINI)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"x.yaml": "type: page\ntitle: [oops\n"},
            "x.yaml:2:8: YAML syntax error: the list opened here with [ is not closed with ], or a ',' is missing between its items "
            "(the parser gave up at line 3, column 1: did not find expected ',' or ']')",
        ),
        ({"x.yaml": "type: page\nsummary: hej\n"}, "x.yaml:1:1: title: required field is missing"),
        ({"x.yaml": "type: page\ntitel: Hej\ntitle: Hej\n"}, "x.yaml:2:1: titel: unknown field (did you mean 'title'?)"),
        ({"x.yaml": "type: page\ntitle: Hej\nmenu: først\n"}, "x.yaml:3:7: menu: expected a number, got 'først'"),
        ({"x.yaml": "type: page\ntitle:\n  - a\n"}, "x.yaml:3:3: title: expected text, got a list"),
        ({"x.yaml": "type: pag\ntitle: Hej\n"}, "x.yaml:1:7: type: unknown record type 'pag' (did you mean 'page'?)"),
        ({"x.yaml": "title: Hej\n"}, "x.yaml:1:1: type: required field is missing; one of: organisation,"),
        (
            {"x.yaml": "type: page\ntitle: no\n"},
            "x.yaml:2:8: title: YAML reads the unquoted word 'no' as true/false, not as text; write it in quotes: 'no'",
        ),
        ({"x.yaml": "type: page\ntitle: On\n"}, "x.yaml:2:8: title: YAML reads the unquoted word 'On' as true/false"),
        ({"x.yaml": "type: page\ntitle: 1.10\n"}, "x.yaml:2:8: title: YAML reads the unquoted '1.10' as a number"),
        ({"x.yaml": "type: page\ntitle: 2011-06-14\n"}, "x.yaml:2:8: title: YAML reads the unquoted '2011-06-14' as a date"),
        ({"x.yaml": "type: page\ntitle: 0755\n"}, "x.yaml:2:8: title: YAML reads the unquoted '0755' as a number in another base"),
        ({"x.yaml": "type: page\ntitle: A\ntitle: B\n"}, "x.yaml:3:1: title: this field is given twice"),
        ({"x.yaml": b"type: page\ntitle: caf\xe9\n"}, "x.yaml:2:11: invalid UTF-8 (byte 0xe9)"),
        ({"x.yaml": ""}, "x.yaml:1:1: the file is empty"),
        ({"x.md": "---\ntype: page\ntitle: Hej\n\nTekst\n"}, "x.md:1:1: the front matter opened here never closes"),
        ({"x.md": "type: page\n"}, "x.md:1:1: a Markdown record must start with front matter"),
        ({"x.yaml": "- type: page\n"}, "x.yaml:1:1: a record must be a mapping of fields"),
        (
            {"org/klima/energi/sol.yaml": "type: initiative\ntitle: Sol\nstatus: igang\n"},
            "org/klima/energi/sol.yaml:3:9: status: 'igang' is not in the vocabulary 'statuses' (did you mean 'i-gang'?)",
        ),
        (
            {"org/klima/energi/sol.yaml": "type: initiative\ntitle: Sol\nrole: Fællesskabet\n"},
            "org/klima/energi/sol.yaml:3:7: role: 'Fællesskabet' is not in the vocabulary 'roles' (did you mean 'faellesskab'?)",
        ),
        (
            {"org/klima/energi/sol.yaml": "type: initiative\ntitle: Sol\nrelated: [org/klima/energi/varm]\n"},
            "org/klima/energi/sol.yaml:3:11: related[1]: 'org/klima/energi/varm' is not the id of any initiative "
            "(did you mean 'org/klima/energi/varme'?)",
        ),
        (
            {"org/klima/energi/sol.yaml": "type: initiative\ntitle: Sol\nrelated: [org/klima]\n"},
            "org/klima/energi/sol.yaml:3:11: related[1]: 'org/klima' is a strategy; expected a initiative",
        ),
        (
            {"om.md": "---\ntype: page\ntitle: Om\n---\nSe [planen](id:org/klim).\n"},
            "om.md:5:13: body: 'org/klim' is not the id of any record (did you mean 'org/klima'?)",
        ),
        (
            {"org/klima/energi/sol.yaml": "type: initiative\ntitle: Sol\nstart: 2025\nend: 2024-06\n"},
            "org/klima/energi/sol.yaml:4:6: end: the period ends (2024-06) before it starts (2025)",
        ),
        (
            {"org/klima/energi/sol.yaml": "type: initiative\ntitle: Sol\ndeadline: 2023-02-29\n"},
            "org/klima/energi/sol.yaml:3:11: deadline: '2023-02-29' is not a day in February 2023",
        ),
        (
            {"org/klima/energi/sol.yaml": "type: initiative\ntitle: Sol\nmeasures:\n  - text: A\n    target: 1.400\n"},
            "org/klima/energi/sol.yaml:5:13: measures[1].target: '1.400' looks like a Danish thousands separator",
        ),
        (
            {"org/klima/energi/sol.yaml": "type: initiative\ntitle: Sol\nmeasures:\n  - text: A\n    target: '12,5'\n"},
            "org/klima/energi/sol.yaml:5:13: measures[1].target: expected a number, got '12,5'; write the decimal with a point",
        ),
        (
            {"org/klima/energi/dup.yaml": "type: initiative\nid: org/klima/energi/sol\ntitle: Sol igen\n"},
            "org/klima/energi/sol.yaml:1:1: id: duplicate id 'org/klima/energi/sol', also used by ",
        ),
        (
            {"org/klima/Ærø.yaml": "type: initiative\ntitle: Ærø\n"},
            "org/klima/Ærø.yaml:1:1: id: 'org/klima/Ærø' is not a valid id: use lower-case a-z, 0-9 and '-' (æ→ae, ø→oe, å→aa); "
            "rename to 'org/klima/aeroe'",
        ),
        ({"loes.yaml": "type: track\ntitle: Uden strategi\n"}, "loes.yaml:1:1: type: a track must be inside the folder of a strategy"),
        (
            {"tilbud.yaml": "type: page\ntitle: Kolliderer\n"},
            "tilbud.yaml:1:1: id: its page tilbud/index.html is already used by a generated page",
        ),
        (
            {"org/klima/transprt/bus.yaml": "type: initiative\ntitle: Bus\n"},
            "org/klima/transprt/bus.yaml:1:1: folder: the folder 'org/klima/transprt' holds records but no record of its own "
            "(did you mean 'transport'?), so its records would be shown under the record above it; move them",
        ),
        (
            {"org/politikker/plan/index.md": "---\ntype: strategy\ntitle: Plan\n---\n"},
            "org/politikker/plan/index.md:1:1: folder: the folder 'org/politikker' holds records but no record of its own; "
            "in an organisation's folder only a folder of offers and meetings",
        ),
        (
            {"x.yaml": "type: page\ntitle: 'TODO: Sidens titel'\n"},
            "x.yaml:2:8: title: replace the placeholder text 'TODO: Sidens titel' with the real text; nothing marked 'TODO:' is published",
        ),
        (
            {"org/klima/energi/sol.yaml": 'type: initiative\ntitle: Sol\nactions:\n  - Noget\n  - "TODO: mere"\n'},
            "org/klima/energi/sol.yaml:5:5: actions[2]: replace the placeholder text 'TODO: mere'",
        ),
        (
            {"org/klima/energi/sol.yaml": 'type: initiative\ntitle: Sol\nmeasures:\n  - text: "Målt TODO: hvad"\n'},
            "org/klima/energi/sol.yaml:4:11: measures[1].text: replace the placeholder text 'TODO: hvad'",
        ),
        (
            {"om.md": "---\ntype: page\ntitle: Om\n---\nFørste afsnit.\n\nOg så TODO: skriv mere.\n"},
            "om.md:7:7: body: replace the placeholder text 'TODO: skriv mere.'",
        ),
        (
            {"org/klima/energi/sol.yaml": "type: initiative\ntitle: Sol\ngoal: |\n  Første linje.\n\n  TODO: målet.\n"},
            "org/klima/energi/sol.yaml:6:",  # the line of the mark in a block; its column counts from the block's indentation
        ),
        (
            {"org/index.yaml": "type: organisation\nname: Org\nweb: 'TODO: https://…'\neditor_note: 'Tjek TODO: kilden'\n"},
            "org/index.yaml:4:14: editor_note: replace the placeholder text 'TODO: kilden'",
        ),
    ],
)
def test_each_mistake_is_reported_precisely(tmp_path, files, expected):
    found = problems_for(tmp_path, files)
    assert any(p.startswith(expected) for p in found), "\n".join(found)


def test_all_problems_are_reported_in_one_run(tmp_path):
    found = problems_for(
        tmp_path,
        {
            "a.yaml": "type: page\ntitel: A\n",
            "b.yaml": "type: page\ntitle: yes\n",
            "org/klima/energi/sol.yaml": "type: initiative\ntitle: Sol\nstatus: done\n",
        },
    )
    assert len(found) == 4, found  # a.yaml: unknown field + missing title; b.yaml; sol.yaml


def test_unknown_vocabulary_value_suggests_by_label(tmp_path):
    found = problems_for(tmp_path, {"org/tilbud/energiraad.yaml": "type: offer\ntitle: T\nneeds: [Rekruttering]\n"})
    assert any("did you mean 'rekruttering'?" in p for p in found), found


def test_a_placeholder_is_one_problem_whatever_the_field_would_say_of_it(tmp_path):
    found = problems_for(tmp_path, {"org/index.yaml": "type: organisation\nname: Org\nweb: 'TODO: https://…'\nkind: 'TODO: kommune'\n"})
    assert [p.split(": ", 2)[1] for p in found] == ["web", "kind"], found
    assert all("replace the placeholder text" in p for p in found)


def test_todo_without_its_colon_or_in_lower_case_is_text(mini_content):
    (mini_content / "om.md").write_text("---\ntype: page\ntitle: Todo-listen\n---\nEn todo: liste, »A« og »B«, TODO-punkter.\n")
    assert load_site(mini_content).records["om"].data["title"] == "Todo-listen"


BODY_LINE = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=30).filter(lambda line: "TODO:" not in line)


@settings(max_examples=60, deadline=None)
@given(st.lists(BODY_LINE, max_size=8), st.data())
def test_a_placeholder_anywhere_in_a_body_is_reported_at_its_line_and_column(lines, data):
    at = data.draw(st.integers(0, len(lines)), label="line")
    before = data.draw(BODY_LINE, label="before")
    body = [*lines[:at], f"{before}TODO: skriv", *lines[at:]]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "side.md"
        path.write_text("---\ntype: page\ntitle: Side\n---\n" + "\n".join(body) + "\n", encoding="utf-8")
        problems = Problems()
        read_record_file(path, Path(folder), {}, problems)
    marked = [p for p in problems.items if "placeholder" in p.text]
    assert [(p.line, p.col, p.field) for p in marked] == [(5 + at, len(before) + 1, "body")]


def test_a_folder_of_offers_and_meetings_in_an_organisation_needs_no_record(tmp_path):
    content = write_content(
        tmp_path,
        {
            **MINI,
            "org/raadgivning/start.yaml": "type: offer\ntitle: Start\n",
            "org/referater/2024/maj.yaml": "type: meeting\ntitle: Maj\ndate: 2024-05\n",
            "info/kontakt.md": "---\ntype: page\ntitle: Kontakt\n---\n",  # outside any organisation
        },
    )
    site = load_site(content)
    assert site.records["org/raadgivning/start"].parent.id == site.records["org/referater/2024/maj"].parent.id == "org"


def test_a_folder_without_its_record_is_reported_once_at_its_first_file(tmp_path):
    found = problems_for(
        tmp_path,
        {
            "org/klima/nyt/b.yaml": "type: initiative\ntitle: B\n",
            "org/klima/nyt/a.yaml": "type: initiative\ntitle: A\n",
            "org/klima/nyt/under/c.yaml": "type: initiative\ntitle: C\n",
            "org/klima/tilbud/raad.yaml": "type: offer\ntitle: Råd\n",  # offers, but in a strategy's folder
        },
    )
    folders = [p for p in found if ": folder: " in p]
    assert [p.split(": ")[0] for p in folders] == ["org/klima/nyt/a.yaml:1:1", "org/klima/tilbud/raad.yaml:1:1"], found
    assert len(found) == 2, found


def test_a_folder_whose_record_cannot_be_read_is_not_reported_again(tmp_path):
    found = problems_for(
        tmp_path, {"org/klima/nyt/index.yaml": "type: track\ntitle: [Nyt\n", "org/klima/nyt/a.yaml": "type: initiative\ntitle: A\n"}
    )
    assert len(found) == 1 and "YAML syntax error" in found[0], found
