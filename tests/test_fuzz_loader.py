"""A fuzzed loader (issue 17, item 4): random and mutated content through `check` and `build`.

Hypothesis writes a small valid content tree (conftest.MINI with the real site settings and
vocabularies) and replaces, adds or deletes one to three files with random YAML-ish text, records
generated from the schema with values of the right and the wrong type, random Markdown bodies, or
mutations of the MINI files and of the repository's own content/ files: byte flips, invalid
UTF-8, NUL bytes, deleted, duplicated, swapped, re-indented and thousandfold repeated lines,
values swapped between fields, YAML tags (!!python/object …), anchors and aliases (billion
laughs), huge and odd numbers, impossible dates and missing front-matter delimiters. The same
mutations are made to one or two files of a copy of the whole real content/. It asserts that

* `check` exits 0 or 1, never raises (a traceback) and never hangs: each case has a Hypothesis
  deadline, a hard SIGALRM limit, and faulthandler stops the whole run should a case sit in C code;
* on exit 1 each problem is one line `file:line:col: field: message` pointing into the file,
  followed by the count;
* `build` over mutated content also exits 0 or 1; when it exits 1 the site built before is byte
  for byte unchanged, and no half-written tree is left beside it.

In CI the run is derandomized (the same 300 + 12 + 10 examples every time) and takes about 30 s.
A larger, randomly seeded local run (about 15 minutes):

    RETNING_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest tests/test_fuzz_loader.py -q

`build` gets a fiftieth of that many examples and the whole real content a twentieth. Add
`--hypothesis-seed=N` to repeat a run and `--hypothesis-show-statistics` to see the time per case
and how many cases exit 0. A failure prints the smallest content that still fails; add it to
FOUND below as a regression test once the generator is fixed.
"""

from __future__ import annotations

import contextlib
import faulthandler
import hashlib
import io
import os
import re
import shutil
import signal
import sys
import textwrap
import time
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.content import schema as s

from .conftest import MINI, REAL_CONTENT, write_content

LONG_RUN = int(os.environ.get("RETNING_FUZZ_EXAMPLES", "0"))
CHECK_EXAMPLES = LONG_RUN or 300
BUILD_EXAMPLES = max(LONG_RUN // 50, 12) if LONG_RUN else 12
REAL_EXAMPLES = max(LONG_RUN // 20, 10) if LONG_RUN else 10
CHECK_SECONDS, BUILD_SECONDS = 10, 60  # hard limits per case (SIGALRM); the deadlines are far below
FUZZ_SETTINGS = dict(
    derandomize=not LONG_RUN,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)


def dedent(text: str) -> bytes:
    return textwrap.dedent(text).lstrip("\n").encode()


BASE = {rel: dedent(text) for rel, text in MINI.items()}
BASE.update({"site.yaml": (REAL_CONTENT / "site.yaml").read_bytes()})
BASE.update({f"vocabularies/{p.name}": p.read_bytes() for p in sorted((REAL_CONTENT / "vocabularies").glob("*.yaml"))})
REAL = {
    p.relative_to(REAL_CONTENT).as_posix(): p.read_bytes()
    for p in sorted(REAL_CONTENT.rglob("*"))
    if p.suffix in (".yaml", ".md") and p.is_file() and p.stat().st_size < 40_000
}
SEEDS = sorted({**REAL, **BASE}.items())
RECORD_PATHS = sorted(MINI)
NEW_PATHS = [
    "org/ny.yaml",
    "org/ny.md",
    "org/klima/ny.md",
    "org/klima/energi/ny.yaml",
    "org/klima/ny/index.yaml",
    "org/tilbud/ny.yaml",
    "org/moeder/ny.yaml",
    "ny.md",
    "ny/index.yaml",
    "index.yaml",
    "org/klima/energi/ny.YAML",
]
IDS = sorted(rel.rsplit(".", 1)[0].removesuffix("/index") for rel in MINI) + ["org/nope", "", "/", "../org", "ORG"]
MINI_TYPES = {
    rel.rsplit(".", 1)[0].removesuffix("/index"): yaml.safe_load(dedent(text).split(b"\n---\n")[0].strip(b"-"))["type"]
    for rel, text in MINI.items()
}
VOCAB_IDS = {name: sorted(yaml.safe_load((REAL_CONTENT / "vocabularies" / f"{name}.yaml").read_text()) or ["x"]) for name in s.VOCABULARIES}

# Values an editor (or a fuzzer) may type after `field:`.
ODD_VALUES = [
    "",
    "~",
    "null",
    "yes",
    "No",
    "on",
    "true",
    "0",
    "-0",
    "007",
    "0o17",
    "0x1F",
    "0b101",
    "1_000",
    "190:20:30",
    "1.10",
    "12.500",
    "3,7",
    "1e999",
    "-1e999",
    ".inf",
    "-.Inf",
    ".nan",
    "1e-400",
    "9" * 300,
    "-" + "9" * 300,
    "2.5e+308",
    "2024",
    "2024-02-29",
    "2023-02-29",
    "2024-02-30",
    "2024-13",
    "2024-00",
    "2024-H3",
    "2024-Q0",
    "2024-Q4",
    "2024-06-31",
    "2024-1-5",
    "9999-12-31",
    "0001-01-01",
    "0000",
    "0000-01-01",
    "0000-H1",
    "ukendt",
    "UKENDT",
    "-2024",
    "20240",
    "2024-12-31T23:59:59Z",
    "2001-12-14 21:59:43.10 -5",
    "'quoted'",
    '"dq \\u0000 \\x85 \\U0001F600"',
    "|\n  block\n  text",
    ">-\n  folded",
    "[]",
    "{}",
    "[a, [b, [c]]]",
    "{a: 1, b: [2]}",
    "[org/klima, org/klima]",
    "[org/klima/energi/sol, x]",
    "!!binary aGVq",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!!timestamp 2001-12-14",
    "!!float 1",
    "!!int x",
    "!!str 12",
    "!!bool maybe",
    "!!null x",
    "!custom x",
    "!<tag:yaml.org,2002:python/none> ''",
    "!!python/object/apply:os.system ['true']",
    "!!python/name:os.system",
    "*nowhere",
    "&anchor value",
    "javascript:alert(1)",
    "http://",
    "id:org/klima",
    "[x](id:org/klima) [y](id:nope) [z](id:)",
    "<script>alert(1)</script>",
    "æøå ÆØÅ",
    "\u202e\u200b",
    "x\u2028y",
    "a" * 2000,
    "- a\n- b",
    "? a\n: b",
    "%",
    "@at",
    "`tick`",
    "#",
    "a #comment",
    "'unterminated",
    '"unterminated',
]
TAGS = [
    "!!python/object:generator.model.records.Site {}",
    "!!python/object/new:dict {}",
    "!!str",
    "!!int",
    "!!float",
    "!!map",
    "!!seq",
    "!!set",
    "!!binary",
    "!!timestamp",
    "!!merge",
    "!custom",
    "!",
    "!<!>",
    "!!value",
    "!!yaml",
]
SNIPPETS = [
    b"\x00",
    b"\xff",
    b"\xfe\xff",
    b"\xe9",
    b"\xc3",
    b"\xed\xa0\x80",
    b"\xef\xbb\xbf",
    b"\x85",
    b"\t",
    b"\r",
    b"\r\n",
    b"\x0b",
    b"\x1b[31m",
    b"---\n",
    b"...\n",
    b"%YAML 1.1\n",
    b"%YAML 2.0\n",
    b"%TAG ! tag:x,2000:\n",
    b"? ",
    b": ",
    b"- ",
    b"[",
    b"]",
    b"{",
    b"}",
    b"'",
    b'"',
    b"|",
    b">",
    b"#",
    b"&a ",
    b"*a",
    b"<<: *a\n",
    b"!!python/tuple ",
    "æøå".encode(),
    "\u2028".encode(),
    "\U0001f600".encode(),
    b"\\",
    b"%",
    b"@",
    b"`",
    b",",
    b"id:",
]

LAUGHS = "lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 9)
)

MARKDOWN = st.lists(
    st.sampled_from(
        [
            "# ",
            "## ",
            "\n",
            "\n\n",
            "- ",
            "1. ",
            "> ",
            "```",
            "    ",
            "|",
            "---",
            "***",
            "*",
            "_",
            "[",
            "]",
            "(",
            ")",
            "id:",
            "org/klima",
            "![",
            "http://x",
            "javascript:",
            "<div>",
            "</div>",
            "<script>",
            "&amp;",
            "&#0;",
            "\\",
            "`",
            "~~",
            "{#x}",
            "<!--",
            "-->",
            "tekst",
            "æøå",
            " ",
            "\t",
            "\x00",
            "\u2028",
            "\ufffd",
            "[^1]",
            "[^1]: note",
            "<http://x>",
            "$",
            "%",
            "{{",
            "}}",
            "{%",
        ]
    )
    | st.text(max_size=3),
    max_size=60,
).map("".join)


def split_lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def value_lines(lines: list[bytes]) -> list[int]:
    return [i for i, line in enumerate(lines) if re.match(rb"^\s*(- )?[\w.-]+: ", line)]


@st.composite
def mutated(draw, data: bytes, most: int = 5) -> bytes:
    """`data` after one to `most` random edits."""
    for _ in range(draw(st.integers(1, most))):
        lines = split_lines(data)
        op = draw(
            st.sampled_from(
                [
                    "flip",
                    "insert",
                    "truncate",
                    "delete",
                    "duplicate",
                    "swap",
                    "indent",
                    "value",
                    "swap-values",
                    "tag",
                    "alias",
                    "laughs",
                    "front-matter",
                    "grow",
                ]
            )
        )
        if op == "flip" and data:
            at = draw(st.integers(0, len(data) - 1))
            data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
        elif op == "insert":
            at = draw(st.integers(0, len(data)))
            data = data[:at] + draw(st.sampled_from(SNIPPETS)) + data[at:]
        elif op == "truncate":
            data = data[: draw(st.integers(0, len(data)))]
        elif op in ("delete", "duplicate", "indent", "grow") and lines:
            i = draw(st.integers(0, len(lines) - 1))
            if op == "delete":
                del lines[i]
            elif op == "duplicate":
                lines.insert(i, lines[i])
            elif op == "grow":  # a line repeated, or made long: every step must stay linear in the file
                many = draw(st.integers(50, 2000))
                lines[i : i + 1] = [lines[i]] * many if draw(st.booleans()) else [lines[i] + lines[i][-40:] * many]
            else:
                lines[i] = draw(st.sampled_from([b"", b" ", b"  ", b"    ", b"\t", b"- "])) + lines[i].lstrip(
                    b" " if draw(st.booleans()) else b""
                )
            data = b"\n".join(lines)
        elif op == "swap" and len(lines) > 1:
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            data = b"\n".join(lines)
        elif op in ("value", "tag", "swap-values", "alias") and value_lines(lines):
            found = value_lines(lines)
            i = draw(st.sampled_from(found))
            key, _, value = lines[i].partition(b": ")
            if op == "value":
                lines[i] = key + b": " + draw(st.sampled_from(ODD_VALUES)).encode()
            elif op == "tag":
                lines[i] = key + b": " + draw(st.sampled_from(TAGS)).encode() + b" " + value
            elif op == "swap-values":
                j = draw(st.sampled_from(found))
                key_j, _, value_j = lines[j].partition(b": ")
                lines[i], lines[j] = key + b": " + value_j, key_j + b": " + value
            else:
                j = draw(st.sampled_from(found))
                lines[i] = key + b": &x " + value
                lines[j] = lines[j].partition(b": ")[0] + b": *x"
            data = b"\n".join(lines)
        elif op == "laughs":
            head = 1 if lines and lines[0].strip() == b"---" else 0
            lines.insert(head, LAUGHS.encode())
            found = value_lines(lines[head + 1 :])
            if found:
                i = head + 1 + draw(st.sampled_from(found))
                lines[i] = lines[i].partition(b": ")[0] + b": *l" + str(draw(st.integers(0, 8))).encode()
            data = b"\n".join(lines)
        elif op == "front-matter":
            marks = [i for i, line in enumerate(lines) if line.strip() in (b"---", b"...")]
            if marks:
                i = draw(st.sampled_from(marks))
                lines[i] = draw(st.sampled_from([b"", b"--", b"----", b" ---", b"--- x", b"...", b"+++", b"---\r"]))
            else:
                lines.insert(0, b"---")
            data = b"\n".join(lines)
    return data


def scalar_for(ftype, tame: bool) -> st.SearchStrategy:
    if isinstance(ftype, s.Number):
        if tame:
            return (
                st.integers(-(10**6), 10**6)
                | st.floats(-1e9, 1e9)
                | st.integers(-(2**53) + 1, 2**53 - 1)
                | st.floats(allow_nan=False, allow_infinity=False)
            )
        return st.one_of(st.integers(-(10**6), 10**6), st.floats(-1e9, 1e9), st.integers(), st.floats())
    if isinstance(ftype, s.Bool):
        return st.booleans()
    if isinstance(ftype, s.Date):
        odd = st.sampled_from([v for v in ODD_VALUES if v[:1].isdigit() or v.startswith(("u", "U"))])
        return st.dates() if tame else st.dates() | odd
    if isinstance(ftype, s.Vocab):
        return st.sampled_from(VOCAB_IDS[ftype.name])
    if isinstance(ftype, s.Ref):
        return (
            st.sampled_from([i for i, kind in MINI_TYPES.items() if kind in ftype.kinds or not ftype.kinds])
            if tame
            else st.sampled_from(IDS)
        )
    if isinstance(ftype, s.Markdown):
        return MARKDOWN
    if type(ftype).__name__ == "Url":
        good = st.sampled_from(["https://example.dk/", "www.example.dk/a?b=c#d", "https://æøå.dk/x%20y", "http://x.dk"])
        return (
            good
            if tame
            else good
            | st.sampled_from(["http://", "javascript:alert(1)", "java&#115;cript:x", "mailto:a@b.dk", "//x", "/abs", "a b"])
            | st.text(max_size=20)
        )
    return st.text(max_size=20).filter(str.strip) if tame else st.text(max_size=20)


ANY = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10), st.dates()),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)


def value_for(ftype, tame: bool, depth: int = 0) -> st.SearchStrategy:
    """A value of the field's type; unless `tame`, one time in ten anything at all."""
    if isinstance(ftype, s.Obj):
        right = object_for(ftype, tame, depth + 1)
    elif isinstance(ftype, s.ListOf):
        right = st.lists(value_for(ftype.item, tame, depth + 1), max_size=3 if depth < 3 else 1)
    else:
        right = scalar_for(ftype, tame)
    return right if tame else st.integers(0, 9).flatmap(lambda n: ANY if n == 0 else right)


UNTAMED = {"id", "image", "body", "icon"}  # in tame content: a clash of ids, a missing image file, a body field in Markdown


def object_for(ftype: s.Obj, tame: bool, depth: int = 0) -> st.SearchStrategy:
    names = sorted(name for name in ftype.fields if not (tame and name in UNTAMED))
    return st.fixed_dictionaries(
        {name: value_for(ftype.fields[name], tame, depth) for name in sorted(ftype.required)},
        optional={name: value_for(ftype.fields[name], tame, depth) for name in names if name not in ftype.required and depth < 4},
    )


@st.composite
def schema_record(draw, tame: bool = False, kind: str | None = None) -> bytes:
    """A record whose fields come from the schema; a tame one has values of the right type and exits 0 more often."""
    kind = kind or draw(st.sampled_from(sorted(s.RECORDS)))
    fields = dict(draw(object_for(s.RECORDS[kind], tame)), type=kind)
    if not tame and draw(st.booleans()):
        fields.pop("id", None)
    return yaml.safe_dump(fields, allow_unicode=True, sort_keys=draw(st.booleans())).encode()


YAMLISH = st.lists(
    st.sampled_from(
        [
            "type",
            "title",
            "page",
            "initiative",
            ":",
            ": ",
            "- ",
            "\n",
            "\n  ",
            "  ",
            "'",
            '"',
            "[",
            "]",
            "{",
            "}",
            ",",
            "&a",
            "*a",
            "!!str",
            "!!python/object:x",
            "|",
            ">",
            "#",
            "---",
            "...",
            "?",
            "2024",
            "-01",
            "1e9",
            "null",
            "true",
            "org/klima",
            "æ",
            "\t",
            "\x00",
            "\r",
            "%YAML 1.1",
            "<<",
            "id",
            "items",
            "number",
            "date",
            "sources",
        ]
    ),
    max_size=60,
).map("".join)


@st.composite
def file_edit(draw) -> tuple[str, bytes | None]:
    """(path below content/, its new bytes); None deletes the file."""
    how = draw(
        st.sampled_from(["mutate", "mutate", "mutate", "transplant", "transplant", "schema", "schema", "markdown", "yamlish", "delete"])
    )
    if how == "mutate":
        rel = draw(st.sampled_from(sorted(BASE)))
        return rel, draw(mutated(BASE[rel]))
    if how == "transplant":  # a real content file, perhaps mutated, at its own place or in place of a MINI record
        rel, data = draw(st.sampled_from(SEEDS))
        rel = draw(st.sampled_from([rel, *RECORD_PATHS, *NEW_PATHS]))
        return rel, draw(mutated(data, most=3)) if draw(st.booleans()) else data
    if how == "delete":
        return draw(st.sampled_from(sorted(BASE))), None
    rel = draw(st.sampled_from(RECORD_PATHS + NEW_PATHS))
    if how == "schema":
        data = draw(schema_record())
        if rel.endswith(".md"):
            data = b"---\n" + data + b"---\n" + draw(MARKDOWN).encode()
        return rel, data
    if how == "markdown":
        rel = draw(st.sampled_from(["om.md", "org/klima/index.md", "org/ny.md", "org/klima/ny.md"]))
        head = BASE.get(rel, BASE["om.md"]).split(b"\n---\n", 1)[0]
        return rel, head + b"\n---\n" + draw(MARKDOWN).encode("utf-8", "surrogatepass")
    return rel, draw(YAMLISH).encode("utf-8", "surrogatepass")


EDITS = st.lists(file_edit(), min_size=1, max_size=3, unique_by=lambda edit: edit[0])
# Where a record of each type finds its parent in the MINI tree.
TAME_PATHS = {
    "organisation": "ny/index.yaml",
    "strategy": "org/ny/index.md",
    "track": "org/klima/ny/index.yaml",
    "initiative": "org/klima/energi/ny.yaml",
    "offer": "org/tilbud/ny.yaml",
    "meeting": "org/moeder/ny.yaml",
    "page": "org/ny.md",
}


@st.composite
def tame_edit(draw) -> tuple[str, bytes]:
    """A new record in its right place with values of the right type, or a new Markdown body: most pass `check`,
    so that `build` renders what they hold."""
    kind = draw(st.sampled_from(sorted(TAME_PATHS)))
    how = draw(st.integers(0, 7))
    if how < 2:
        rel = draw(st.sampled_from(["om.md", "org/klima/index.md"]))
        return rel, BASE[rel].split(b"\n---\n", 1)[0] + b"\n---\n" + draw(MARKDOWN).encode("utf-8", "surrogatepass")
    if how == 2:
        settings = dict(draw(object_for(s.SETTINGS, tame=True)))
        settings["languages"] = draw(st.sampled_from([["da"], ["en"], ["da", "en"], ["en", "da"]]))
        return "site.yaml", yaml.safe_dump(settings, allow_unicode=True).encode()
    data = draw(schema_record(tame=True, kind=kind))
    rel = TAME_PATHS[kind]
    return rel, b"---\n" + data + b"---\n" + draw(MARKDOWN).encode("utf-8", "surrogatepass") if rel.endswith(".md") else data


BUILD_EDITS = st.lists(tame_edit() | file_edit(), min_size=1, max_size=3, unique_by=lambda edit: edit[0])


class Hang(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: float):
    """Fail a case that takes `seconds` (SIGALRM); faulthandler ends the process should the alarm not get through."""

    def alarm(signum, frame):
        raise Hang(f"no answer after {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    faulthandler.dump_traceback_later(seconds * 3, exit=True, file=sys.__stderr__)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        faulthandler.cancel_dump_traceback_later()


def run(argv: list[str], seconds: float) -> tuple[int, str]:
    """Run the command line in process; return (exit code, stderr)."""
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err), time_limit(seconds):
        code = main(argv)
    return code, err.getvalue()


PROBLEM = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): ")
SUMMARY = re.compile(r"^([\d,]+) problems? in the content; nothing was published\.$")  # 1,000 problems


def assert_reported(code: int, err: str) -> None:
    """Exit 0, or exit 1 with one `file:line:col: field: message` line per problem (the place inside the file) and a count."""
    event(f"exit {code}")
    assert code in (0, 1), (code, err)
    if code == 0:
        return
    lines = err.rstrip("\n").split("\n")
    if lines[-1].startswith("error: "):  # an OSError, e.g. the out folder cannot be written
        return
    summary = SUMMARY.match(lines[-1])
    assert summary, err
    assert len(lines) - 1 == int(summary[1].replace(",", "")), f"a problem takes more than one line:\n{err}"
    for line in lines[:-1]:
        problem = PROBLEM.match(line)
        assert problem, f"not file:line:col: {line!r}"
        path = Path(problem["path"])
        length = len(path.read_bytes().decode("utf-8", "replace").splitlines()) + 1 if path.is_file() else 1
        assert 1 <= int(problem["line"]) <= length and int(problem["col"]) >= 1, f"no such place: {line!r}"


def apply(content: Path, edits: list[tuple[str, bytes | None]]) -> None:
    for rel, data in edits:
        path = content / rel
        if data is None:
            path.unlink(missing_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    return write_content(tmp_path_factory.mktemp("fuzz-base"), MINI)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def fresh_content(pristine: Path, workdir: Path, edits) -> Path:
    content = workdir / "content"
    shutil.rmtree(content, ignore_errors=True)
    shutil.copytree(pristine, content)
    apply(content, edits)
    return content


def test_pristine_tree_is_clean(pristine, workdir):
    assert run(["check", "--content", str(fresh_content(pristine, workdir, []))], CHECK_SECONDS) == (0, "")


@settings(max_examples=CHECK_EXAMPLES, deadline=timedelta(seconds=2), **FUZZ_SETTINGS)
@given(edits=EDITS)
@example(edits=[("om.md", b"---\n" + LAUGHS.encode() + b"type: *l8\ntitle: Om\n---\n")])
@example(edits=[("vocabularies/statuses.yaml", b"? &a [*a]\n: {da: Cirkel}\n")])
def test_check_never_crashes(pristine, workdir, edits):
    content = fresh_content(pristine, workdir, edits)
    assert_reported(*run(["check", "--content", str(content)], CHECK_SECONDS))


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(pristine, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("fuzz-site") / "site"
    assert run(["build", "--content", str(pristine), "--out", str(out)], BUILD_SECONDS)[0] == 0
    return out


@settings(max_examples=BUILD_EXAMPLES, deadline=timedelta(seconds=20), **FUZZ_SETTINGS)
@given(edits=BUILD_EDITS)
def test_failed_build_leaves_the_site_alone(pristine, workdir, built, edits):
    content = fresh_content(pristine, workdir, edits)
    before = tree_digest(built)
    code, err = run(["build", "--content", str(content), "--out", str(built)], BUILD_SECONDS)
    assert_reported(code, err)
    if code == 1:
        assert tree_digest(built) == before
    assert [p.name for p in built.parent.iterdir()] == ["site"]  # nothing left beside it: no half-written tree


@pytest.fixture(scope="module")
def real_copy(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("fuzz-real") / "content"
    shutil.copytree(REAL_CONTENT, content)
    return content


REAL_EDITS = st.lists(
    st.sampled_from(sorted(REAL)).flatmap(lambda rel: st.tuples(st.just(rel), mutated(REAL[rel], most=2))),
    min_size=1,
    max_size=2,
    unique_by=lambda edit: edit[0],
)


@settings(max_examples=REAL_EXAMPLES, deadline=timedelta(seconds=10), **FUZZ_SETTINGS)
@given(edits=REAL_EDITS)
def test_check_mutated_real_content(real_copy, edits):
    """A file or two of the whole real content changed a little: its references still lead somewhere."""
    try:
        apply(real_copy, edits)
        assert_reported(*run(["check", "--content", str(real_copy)], CHECK_SECONDS * 3))
    finally:
        for rel, _ in edits:
            (real_copy / rel).write_bytes(REAL[rel])


# What the fuzzer found, as plain regression tests: (files, the problem reported).
FOUND = {
    "billion laughs in a field whose value is quoted in the message (str() of 10^8 nodes)": (
        {"om.md": "---\n" + LAUGHS + "type: *l8\ntitle: Om\n---\n"},
        "om.md:2:1: anchors and aliases (&name, *name) repeat values here more than 10,000 times",
    ),
    "aliases repeating mappings within lists: 8 kB of sections and items that validate for minutes": (
        {
            "org/klima/index.md": "---\ntype: strategy\ntitle: K\nsections:\n  - &s {title: s, items: [&i {title: i}"
            + ", *i" * 999
            + "]}\n"
            + "  - *s\n" * 999
            + "---\n"
        },
        "org/klima/index.md:2:1: anchors and aliases (&name, *name) repeat values here more than 10,000 times",
    ),
    "an alias inside its own anchor: str() recursed without end": (
        {"om.md": "---\ntype: &a [*a]\ntitle: Om\n---\n"},
        "om.md:2:7: an alias (*name) here repeats a value that it is itself part of",
    ),
    "a list as the record type: the message quoted the YAML nodes": (
        {"om.md": "---\ntype: [page]\ntitle: Om\n---\n"},
        "om.md:2:7: type: expected one of organisation, strategy,",
    ),
    "year 0 (datetime has none): comparing a period's start and end raised ValueError": (
        {"org/klima/index.md": "---\ntype: strategy\ntitle: K\nstart: 0000\nend: 2030\n---\n"},
        "org/klima/index.md:4:8: start: '0000' is not a date: there is no year 0",
    ),
    "a list as a vocabulary id": (
        {"vocabularies/needs.yaml": "? [a, b]\n: {da: Liste}\n"},
        "vocabularies/needs.yaml:1:3: a vocabulary id must be a slug (a-z, 0-9, -), not a list",
    ),
}


def test_id_links_are_found_in_linear_time(tmp_path):
    """Each [text](id:…) link counted the lines before it from the start: 1.3 MB with 50,000 links took 12 s."""
    content = write_content(tmp_path, {**MINI, "om.md": "---\ntype: page\ntitle: Om\n---\n" + "ord [x](id:org/klima) *a*\n" * 50_000})
    started = time.perf_counter()
    assert run(["check", "--content", str(content)], CHECK_SECONDS) == (0, "")
    assert time.perf_counter() - started < 3


@pytest.mark.parametrize(("files", "expected"), FOUND.values(), ids=list(FOUND))
def test_found_by_the_fuzzer(tmp_path, files, expected):
    content = write_content(tmp_path, {**MINI, **files})
    code, err = run(["check", "--content", str(content)], CHECK_SECONDS)
    assert code == 1
    assert expected in err.replace(f"{content}/", ""), err
