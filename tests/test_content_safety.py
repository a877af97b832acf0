"""No content ever gives a traceback or a hang, and no content can inject an address that runs code:
every case is a problem with file, line, column and field, listed with the other problems (issue 17,
items 3 and 5)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.cli import main
from generator.content.validate import url_problem
from generator.core.slugs import is_slug_path
from generator.render.markdown import render_markdown

from .conftest import MINI, ROOT, write_content

MEETING = "org/moeder/udvalg-2024-05-01.yaml"
VARME = "org/klima/energi/varme.yaml"
# A plain problem in every tree: it must still be listed beside the case under test.
OTHER = {"andet.yaml": "type: page\ntitle: Andet\nfarve: rød\n"}


def tree(tmp_path: Path, files: dict[str, str]) -> Path:
    return write_content(tmp_path, {**MINI, **OTHER, **files})


def with_lines(rel: str, *lines: str) -> dict[str, str]:
    """MINI's file `rel` with `lines` added at its end."""
    return {rel: textwrap.dedent(MINI[rel]).lstrip("\n") + "".join(line + "\n" for line in lines)}


def check(content: Path, capsys) -> str:
    """Run `check`; it must exit 1 and list the plain problem too. Returns what it printed."""
    code = main(["check", "--content", str(content)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err
    assert f"{content}/andet.yaml:3:1: farve: unknown field" in err
    assert all(line.startswith(str(content)) for line in err.splitlines()[:-1]), err  # one line per problem
    return err


def reported(err: str, content: Path, rel: str, line: int, col: int, field: str, *words: str) -> bool:
    prefix = f"{content}/{rel}:{line}:{col}: {field + ': ' if field else ''}"
    return any(text.startswith(prefix) and all(word in text for word in words) for text in err.splitlines())


@pytest.mark.parametrize(("date", "words"), [("2011-13-01", "has no month 13"), ("2019-02-30", "is not a day in February 2019")])
def test_impossible_meeting_date(tmp_path, capsys, date, words):
    content = tree(tmp_path, {MEETING: textwrap.dedent(MINI[MEETING]).replace("2024-05-01", date)})
    assert reported(check(content, capsys), content, MEETING, 4, 7, "date", words)


def test_missing_meeting_date_with_concerns(tmp_path, capsys):
    content = tree(tmp_path, {MEETING: textwrap.dedent(MINI[MEETING]).replace("date: 2024-05-01\n", "")})
    assert "concerns:" in (content / MEETING).read_text()
    assert reported(check(content, capsys), content, MEETING, 1, 1, "date", "required field is missing")


def test_symlink_loop_as_record(tmp_path, capsys):
    content = tree(tmp_path, {})
    os.symlink("loop.yaml", content / "loop.yaml")
    assert reported(check(content, capsys), content, "loop.yaml", 1, 1, "", "symlink loop")


def test_symlink_loop_and_named_pipe_as_images(tmp_path, capsys):
    page = "type: page\ntitle: {0}\nimage:\n  src: {0}.jpg\n  alt: Et billede\n"
    content = tree(tmp_path, {"loop.yaml": page.format("loop"), "pipe.yaml": page.format("pipe")})
    os.symlink("loop.jpg", content / "loop.jpg")
    os.mkfifo(content / "pipe.jpg")
    err = check(content, capsys)
    assert reported(err, content, "loop.yaml", 4, 8, "image.src", "loop.jpg", "symlink loop")
    assert reported(err, content, "pipe.yaml", 4, 8, "image.src", "pipe.jpg", "not an ordinary file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_named_pipe_in_content_is_reported_and_never_opened(tmp_path):
    content = tree(tmp_path, {})
    os.mkfifo(content / "roer.yaml")
    os.mkfifo(content / "org" / "noter.txt")  # not a content name: left alone
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "check", "--content", str(content)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )  # opening the pipe would block forever
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{content}/roer.yaml:1:1: this is not an ordinary file (a named pipe" in result.stderr
    assert f"{content}/andet.yaml:3:1: farve: unknown field" in result.stderr
    assert "noter.txt" not in result.stderr


def test_nul_byte_in_image_path(tmp_path, capsys):
    content = tree(tmp_path, {"side.yaml": 'type: page\ntitle: Side\nimage:\n  src: "foto\\0.jpg"\n  alt: Et foto\n'})
    assert reported(check(content, capsys), content, "side.yaml", 4, 8, "image.src", "foto\\x00.jpg", "control character")


def test_integer_of_5000_digits(tmp_path, capsys):
    content = tree(tmp_path, {**with_lines(VARME, "budget_dkk: " + "9" * 5000), "side.yaml": "type: page\ntitle: S\nmenu: 0x" + "f" * 2000})
    err = check(content, capsys)
    assert reported(err, content, VARME, 5, 13, "budget_dkk", "too large (5000 characters)")
    assert reported(err, content, "side.yaml", 3, 7, "menu", "too large (2002 characters)")
    assert len(err) < 5000  # the number is not repeated in full


def test_integer_beyond_what_json_keeps_exactly(tmp_path, capsys):
    content = tree(tmp_path, with_lines(VARME, "budget_dkk: 9007199254740993"))
    assert reported(check(content, capsys), content, VARME, 5, 13, "budget_dkk", "too large")


def test_deadline_before_start(tmp_path, capsys):
    content = tree(
        tmp_path,
        {
            **with_lines(VARME, "start: 2025", "deadline: 2024-06"),
            # the same year, at different precisions, may be in order: no problem
            "org/klima/energi/vind.yaml": "type: initiative\ntitle: Vind\nstart: 2025-06\ndeadline: 2025\n",
            "org/klima/energi/bio.yaml": "type: initiative\ntitle: Bio\nstart: 2025-Q3\ndeadline: 2025-H2\nend: 2025-07\n",
        },
    )
    err = check(content, capsys)
    assert reported(err, content, VARME, 6, 11, "deadline", "(2024-06) is before the start (2025)")
    assert "vind.yaml" not in err and "bio.yaml" not in err


def test_organisation_parent_cycle(tmp_path, capsys):
    content = tree(
        tmp_path,
        {
            "a/index.yaml": "type: organisation\nname: A\nparent: b\n",
            "b/index.yaml": "type: organisation\nname: B\nparent: c\n",
            "c/index.yaml": "type: organisation\nname: C\nparent: a\n",
            "d/index.yaml": "type: organisation\nname: D\nparent: a\n",  # leads into the circle, is not in it
        },
    )
    err = check(content, capsys)
    assert reported(err, content, "a/index.yaml", 3, 9, "parent", "a → b → c → a")
    assert err.count("go round in a circle") == 1


def test_strategy_parent_and_supersedes_cycles(tmp_path, capsys):
    strategy = "type: strategy\ntitle: {0}\nparent: org/{1}\nsupersedes: org/{1}\n"
    content = tree(tmp_path, {"org/s1/index.yaml": strategy.format("S1", "s2"), "org/s2/index.yaml": strategy.format("S2", "s1")})
    err = check(content, capsys)
    assert reported(err, content, "org/s1/index.yaml", 3, 9, "parent", "org/s1 → org/s2 → org/s1")
    assert reported(err, content, "org/s1/index.yaml", 4, 13, "supersedes", "org/s1 → org/s2 → org/s1")


def test_duplicate_measure_ids_on_one_page(tmp_path, capsys):
    content = tree(
        tmp_path,
        with_lines(
            VARME,
            "measures:",
            "  - id: co2",
            "    text: A",
            "  - id: co2",
            "    text: B",
            "  - text: C",
            "  - id: maalepunkt-3",
            "    text: D",
        ),
    )
    err = check(content, capsys)
    assert reported(err, content, VARME, 8, 9, "measures[2].id", "'co2' is already used by measure 1")
    assert reported(err, content, VARME, 11, 9, "measures[4].id", "'maalepunkt-3' is already used by measure 3")


def test_ids_with_a_trailing_newline(tmp_path, capsys):
    assert not is_slug_path("klima\n") and not is_slug_path("org/klima\n") and is_slug_path("org/klima")
    content = tree(tmp_path, with_lines(VARME, "measures:", '  - id: "co2\\n"', "    text: A"))
    themes = content / "vocabularies" / "themes.yaml"
    text = themes.read_text(encoding="utf-8").rstrip("\n") + '\n"klima-x\\n":\n  da: Klima X\n'
    themes.write_text(text, encoding="utf-8")
    line = text.count("\n") - 1
    err = check(content, capsys)
    assert reported(err, content, VARME, 6, 9, "measures[1].id", "'co2\\n' is not a valid id")
    assert reported(err, content, "vocabularies/themes.yaml", line, 1, "klima-x\\n", "must be a slug")


def test_misnamed_content_files_are_reported(tmp_path, capsys):
    content = tree(
        tmp_path,
        {
            "kontakt.YAML": "type: page\ntitle: Kontakt\n",
            "presse.markdown": "---\ntype: page\ntitle: Presse\n---\nTekst.\n",
            "org/noter.Yml": "type: page\ntitle: Noter\n",
            "foto.JPG": "not content",
        },
    )
    err = check(content, capsys)
    assert reported(err, content, "kontakt.YAML", 1, 1, "", "lower case", "rename it to 'kontakt.yaml'")
    assert reported(err, content, "presse.markdown", 1, 1, "", "rename it to 'presse.md'")
    assert reported(err, content, "org/noter.Yml", 1, 1, "", "rename it to 'noter.yml'")
    assert "foto.JPG" not in err


def test_everything_at_once_is_listed_together(tmp_path, capsys):
    content = tree(
        tmp_path,
        {
            MEETING: textwrap.dedent(MINI[MEETING]).replace("2024-05-01", "2019-02-30"),
            **with_lines(VARME, "budget_dkk: " + "1" * 5000),
            "kontakt.YAML": "type: page\ntitle: Kontakt\n",
            "a/index.yaml": "type: organisation\nname: A\nparent: b\nweb: javascript:alert(1)\n",
            "b/index.yaml": "type: organisation\nname: B\nparent: a\n",
        },
    )
    os.symlink("loop.md", content / "loop.md")
    err = check(content, capsys)
    for rel, field in (
        (MEETING, "date"),
        (VARME, "budget_dkk"),
        ("kontakt.YAML", ""),
        ("a/index.yaml", "parent"),
        ("a/index.yaml", "web"),
        ("loop.md", ""),
    ):
        assert f"{content}/{rel}:" in err and (not field or f": {field}: " in err), (rel, field)
    assert "7 problems in the content" in err


DANGEROUS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "&#106;avascript&#58;alert(1)",
    "&#x6A;avascript:alert(1)",
    "java&#x09;script:alert(1)",
    "%6Aavascript:alert(1)",
    "javascript&colon;alert(1)",
    "vbscript:msgbox(1)",
    "VBSCRIPT:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:image/svg+xml,<svg onload=alert(1)>",
]


@pytest.mark.parametrize("address", DANGEROUS)
def test_code_addresses_in_content_fields(tmp_path, capsys, address):
    quoted = '"' + address.replace('"', '\\"') + '"'
    content = tree(
        tmp_path,
        {
            "a/index.yaml": f"type: organisation\nname: A\nweb: {quoted}\ncontact:\n  name: Desk\n  url: {quoted}\n",
            "side.yaml": f"type: page\ntitle: Side\nsources:\n  - title: Kilde\n    url: {quoted}\n",
        },
    )
    err = check(content, capsys)
    assert reported(err, content, "a/index.yaml", 3, 6, "web", "can run code in the reader's browser")
    assert reported(err, content, "a/index.yaml", 6, 8, "contact.url", "can run code")
    assert reported(err, content, "side.yaml", 5, 10, "sources[1].url", "can run code")


SETTINGS = """title: Test
base_url: {0}
accessibility:
  status: fuldt
  prepared: 2026-01-01
  method: Selvevaluering.
  feedback: Skriv til os.
licence:
  name: CC BY 4.0
  url: {0}
"""


@pytest.mark.parametrize("address", [*DANGEROUS[:3], "www.example.dk", "/licens/", "https://", "ftp://example.dk/"])
def test_settings_base_url_and_licence_url(tmp_path, capsys, address):
    content = tree(tmp_path, {"site.yaml": SETTINGS.format(f'"{address}"')})
    err = check(content, capsys)
    assert reported(err, content, "site.yaml", 2, 11, "base_url", "https://")
    assert reported(err, content, "site.yaml", 10, 8, "licence.url", "https://")


def test_ordinary_addresses_pass(tmp_path, capsys):
    content = tree(
        tmp_path,
        {
            "a/index.yaml": "type: organisation\nname: A\nweb: www.example.dk\ncontact:\n  name: Desk\n  url: HTTPS://example.dk/a?b=1&c=2\n",
            "side.yaml": "type: page\ntitle: Side\nsources:\n  - title: Kilde\n    url: example.dk/rapport.pdf\n",
        },
    )
    (content / "site.yaml").write_text(SETTINGS.format("https://example.dk/strategier/"), encoding="utf-8")
    err = check(content, capsys)
    assert err.count(str(content)) == 1  # only the plain problem


@pytest.mark.parametrize(
    "text",
    [
        "[a](javascript:alert(1))",
        "[a](JaVaScRiPt:alert(1))",
        "[a](&#106;avascript:alert(1))",
        "[a](javascript&colon;alert(1))",
        "<javascript:alert(1)>",
        "<JAVASCRIPT:alert(1)>",
        "[a][r]\n\n[r]: javascript:alert(1)",
        "![i](javascript:alert(1))",
        "[a](vbscript:msgbox(1))",
        "[a](data:text/html;base64,PHNjcmlwdD4=)",
        "![i](data:image/svg+xml;base64,PHN2Zz4=)",
        "[a](<javascript:alert(1)>)",
        '<a href="javascript:alert(1)">a</a>',
    ],
)
def test_markdown_never_links_to_code(text):
    html = render_markdown(text, lambda record_id: record_id + "/").lower()
    assert 'href="javascript' not in html and 'href="vbscript' not in html and 'href="data' not in html
    assert 'src="javascript' not in html and 'src="data:image/svg' not in html


def test_markdown_keeps_percent_escapes_in_a_scheme():
    for text in ("java&#x09;script", "java%09script", "%6Aavascript"):  # a browser reads these as relative addresses
        html = render_markdown(f"[a]({text}:alert(1))", str)
        assert 'href="java%09script:' in html or 'href="%6Aavascript:' in html


def test_real_content_is_clean(capsys):
    assert main(["check", "--content", str(ROOT / "content")]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("address", ["http://[::1", "https://x.dk:abc/", "https:x", "http://", "%", "&#", "\x00", ""])
def test_odd_addresses_are_problems_not_exceptions(address):
    assert url_problem(address, absolute=True) is not None


def test_a_word_tagged_as_a_number_is_not_called_too_large(tmp_path, capsys):
    content = tree(tmp_path, {"om.md": textwrap.dedent(MINI["om.md"]).replace("menu: 1", "menu: !!int x")})
    err = check(content, capsys)
    assert reported(err, content, "om.md", 4, 7, "menu", "expected a number, got 'x'") and "too large" not in err
