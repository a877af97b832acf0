"""Every kind of content mistake gives `file:line:col: field: message`, all in one run."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build.pipeline import ContentError, load_site

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
            "x.yaml:3:1: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence)",
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
