"""A YAML syntax error points at the line and column where the broken construct starts (an unclosed
quote, `[` or `{`, a block of text cut short) and names where the parser gave up: in YAML files
and in Markdown front matter, in `check`, `build` and the live preview."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.content.load import load_file
from generator.core.problems import Problems

from .conftest import MINI, write_content

# (case, record text, line and column where the mistake starts, what the message says (@N: line N of the
# record), line where the parser gave up)
CASES = [
    (
        "unclosed double quote",
        'type: page\ntitle: Om\nsummary: "Et sted\nmenu: 3\nmenu_label: Om\n',
        (3, 10),
        'quoted text starting here with " is never closed; end it with "',
        6,
    ),
    (
        "unclosed single quote",
        "type: page\ntitle: 'Om sitet\nmenu: 3\n",
        (2, 8),
        "quoted text starting here with ' is never closed; end it with '",
        4,
    ),
    (
        "double quote closed by the next quote in the file",
        'type: page\ntitle: "Om sitet\nsummary: "Et sted"\nmenu: 3\n',
        (2, 8),
        'quoted text starting here with " only ends on line @3; is its closing " missing?',
        3,
    ),
    (
        "unclosed [",
        "type: page\ntitle: Om\nkeywords: [a, b\nmenu: 3\n",
        (3, 11),
        "the list opened here with [ is not closed with ], or a ',' is missing between its items",
        4,
    ),
    (
        "unclosed [ at the end of the file",
        "type: page\ntitle: Om\nkeywords: [a,\n  b,\n",
        (3, 11),
        "the list opened here with [ is not closed with ]",
        5,
    ),
    (
        "unclosed {",
        "type: page\ntitle: Om\ncontact: {name: Ida, phone: 1234\nmenu: 3\n",
        (3, 10),
        "the mapping opened here with { is not closed with }, or a ',' is missing between its items",
        4,
    ),
    (
        "block of text (|) with a line indented less than its first",
        "type: page\ntitle: Om\nsummary: |\n    Første linje\n  anden linje\nmenu: 3\n",
        (3, 10),
        "the block of text (|) starting here ends before line @5, which is indented less than its first line",
        5,
    ),
    (
        "folded block of text (>) with a line indented less than its first",
        "type: page\ntitle: Om\nsummary: >\n    Første linje\n\n   anden linje\nmenu: 3\n",
        (3, 10),
        "the block of text (>) starting here ends before line @6, which is indented less than its first line",
        6,
    ),
    (
        "block of text in a list with a line indented less than its first",
        "type: page\ntitle: Om\nnotes:\n  - text: |\n        Første linje\n      anden linje\n",
        (4, 11),
        "the block of text (|) starting here ends before line @6",
        6,
    ),
    (
        "block of text (|) whose lines are not indented",
        "type: page\ntitle: Om\nsummary: |\nFørste linje\nmenu: 3\n",
        (3, 10),
        "the block of text (|) starting here is empty: indent its lines further than the field's name",
        5,
    ),
    (
        "a line without ':'",
        "type: page\ntitle: Om\nmenu 3\nsummary: x\n",
        (3, 1),
        "this line has no ':' after a field's name",
        4,
    ),
]


def load(folder: Path, name: str, text: str) -> list:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    assert load_file(path, folder, problems) is None
    return problems.items


def as_markdown(text: str) -> str:
    return f"---\n{text}---\nBrødtekst med \"citat og 'apostrof.\n"


@pytest.mark.parametrize("markdown", [False, True], ids=["yaml", "markdown"])
@pytest.mark.parametrize(("case", "text", "start", "says", "gave_up"), CASES, ids=[case[0] for case in CASES])
def test_a_syntax_error_is_reported_where_the_construct_starts(tmp_path, case, text, start, says, gave_up, markdown):
    shift = 1 if markdown else 0  # the front matter's opening '---' is line 1 of the file
    found = load(tmp_path, "x.md" if markdown else "x.yaml", as_markdown(text) if markdown else text)
    assert len(found) == 1, found
    problem = found[0]
    assert (problem.line, problem.col) == (start[0] + shift, start[1])
    says = re.sub(r"@(\d+)", lambda line: str(int(line[1]) + shift), says)  # a line of the file
    assert problem.text.startswith(f"YAML syntax error: {says}")
    assert f"the parser gave up at line {gave_up + shift}, column " in problem.text


def test_an_error_inside_quoted_text_stays_where_it_is(tmp_path):
    (problem,) = load(tmp_path, "x.yaml", 'type: page\ntitle: "Om \\q sitet"\n')
    assert (problem.line, problem.col) == (2, 12) and "unknown escape character" in problem.text


def test_an_alias_error_is_not_taken_for_an_unclosed_bracket(tmp_path):
    (problem,) = load(tmp_path, "x.yaml", "type: page\ntitle: Om\nkeywords: [*nosuch]\n")
    assert (problem.line, problem.col) == (3, 12) and "undefined alias" in problem.text and "[" not in problem.text


WORDS = st.text(st.sampled_from("abcæøå ABC019-"), min_size=1, max_size=12).map(lambda word: "x" + word.strip())


@st.composite
def records(draw) -> list[str]:
    """A valid record's lines: fields with plain values, some holding a list."""
    lines = ["type: page", f"title: {draw(WORDS)}"]
    for number in range(draw(st.integers(0, 6))):
        if draw(st.booleans()):
            lines.append(f"field{number}: {draw(WORDS)}")
        else:
            lines.append(f"field{number}:")
            lines += [f"  - {word}" for word in draw(st.lists(WORDS, min_size=1, max_size=3))]
    return lines


@settings(max_examples=60, deadline=None)
@given(records(), st.data(), st.sampled_from(['"', "'"]), st.booleans())
def test_an_unclosed_quote_anywhere_is_reported_at_its_line_and_column(lines, data, quote, markdown):
    other = "'" if quote == '"' else '"'
    lines = [line if line.endswith(":") else f"{line} it{other}s" for line in lines]  # the other quote is plain text
    valued = [index for index, line in enumerate(lines) if index > 0 and not line.endswith(":")]  # `type:` must stay readable
    number = data.draw(st.sampled_from(valued), label="line")
    key, value = re.fullmatch(r"(\s*- |\w+: )(.*)", lines[number]).groups()
    lines[number] = f"{key}{quote}{value}"
    text = "\n".join(lines) + "\n"
    shift = 1 if markdown else 0
    with tempfile.TemporaryDirectory() as folder:
        found = load(Path(folder), "x.md" if markdown else "x.yaml", as_markdown(text) if markdown else text)
    assert [(p.line, p.col) for p in found] == [(number + 1 + shift, lines[number].index(quote) + 1)], found
    assert f"with {quote} is never closed" in found[0].text


@pytest.mark.parametrize("command", ["check", "build"])
def test_check_and_build_report_the_start_of_an_unclosed_quote(tmp_path, capsys, command):
    broken = MINI["org/klima/energi/sol.yaml"].replace("title: ", 'title: "')
    content = write_content(tmp_path, {**MINI, "org/klima/energi/sol.yaml": broken})
    args = ["--content", str(content)] + (["--out", str(tmp_path / "site")] if command == "build" else [])
    assert main([command, *args]) == 1
    err = capsys.readouterr().err
    assert re.search(
        r"sol\.yaml:3:8: YAML syntax error: quoted text starting here with \" is never closed; .*"
        r"\(the parser gave up at line 13, column 1: found unexpected end of stream\)",
        err,
    ), err
    assert "Traceback" not in err
