"""Messages in the editors' language: every message a command prints comes from the catalogues
(layouts/i18n/da.yaml and en.yaml) by key, in Danish or English (core/messages.py)."""

from __future__ import annotations

import ast
import pickle
import re
import string
from pathlib import Path

import pytest

import generator
from generator.core.i18n import LANGUAGES, load_catalogue
from generator.core.messages import Message, MessageError, choose_language, plural, set_language
from generator.core.problems import ContentError, Problem, Problems, did_you_mean

from .conftest import MINI, ROOT, write_content

MESSAGE_KEY = re.compile(r"msg_[a-z0-9_]+")
PLURAL_FORMS = ("_one", "_other")


def catalogue_messages(language: str) -> dict[str, str]:
    return {key: text for key, text in load_catalogue(ROOT / "layouts", language).messages.items() if key.startswith("msg_")}


def code_trees() -> dict[str, ast.Module]:
    return {str(path.relative_to(ROOT)): ast.parse(path.read_text(encoding="utf-8")) for path in sorted(generator.CODE.rglob("*.py"))}


def keys_in_code() -> dict[str, str]:
    """Every message key the code names (a string constant msg_…) → the file naming it first."""
    found: dict[str, str] = {}
    for path, tree in code_trees().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and MESSAGE_KEY.fullmatch(node.value):
                found.setdefault(node.value, path)
    return found


def in_catalogue(key: str, messages: dict[str, str]) -> bool:
    """A key, or the stem of a pair key_one/key_other (plural())."""
    return key in messages or all(key + form in messages for form in PLURAL_FORMS)


def test_every_message_the_code_names_is_in_both_catalogues():
    used = keys_in_code()
    assert len(used) > 150, "the commands' messages come from the catalogues"
    for language in LANGUAGES:
        messages = catalogue_messages(language)
        missing = sorted(f"{key} ({path})" for key, path in used.items() if not in_catalogue(key, messages))
        assert missing == [], f"not in layouts/i18n/{language}.yaml: {missing}"


def test_every_message_in_a_catalogue_is_used_by_the_code():
    used = keys_in_code()
    for language in LANGUAGES:
        unused = [
            key
            for key in catalogue_messages(language)
            if key not in used and not any(key.endswith(form) and key.removesuffix(form) in used for form in PLURAL_FORMS)
        ]
        assert unused == [], f"layouts/i18n/{language}.yaml has messages no code uses: {unused}"


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_a_message_takes_the_same_parameters_in_every_language():
    danish, english = catalogue_messages("da"), catalogue_messages("en")
    assert danish.keys() == english.keys()
    differ = [key for key in danish if placeholders(danish[key]) != placeholders(english[key])]
    assert differ == [], f"a translation drops or adds a {{parameter}}: {differ}"
    same = [key for key in danish if danish[key] == english[key] and re.search(r"[a-z]{4}", re.sub(r"{\w*}|%\(\w+\)", "", danish[key]))]
    assert same == [], f"messages left untranslated: {same}"


def calls(tree: ast.Module):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            yield name, node


def is_sentence(node: ast.expr) -> bool:
    """Text written in the code: a literal that is not a key, an f-string, or text put together."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and not MESSAGE_KEY.fullmatch(node.value)
    return isinstance(node, (ast.JoinedStr, ast.BinOp)) or (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"
    )


def message_errors(trees: dict[str, ast.Module]) -> set[str]:
    """MessageError and the exceptions made from it, by name."""
    names = {"MessageError"}
    for _ in range(3):  # subclasses of subclasses
        for tree in trees.values():
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and any(getattr(base, "id", None) in names for base in node.bases):
                    names.add(node.name)
    return names


def test_every_problem_and_message_is_given_a_key_not_a_sentence():
    """So that no English-only text creeps back: Problems.add and Checker.report take a key
    (msg_…) and its parameters; a Problem, add_message, report_message and every MessageError a
    Message; Message and plural a key (or a name holding one); print no words of its own."""
    trees = code_trees()
    errors = message_errors(trees)
    wrong, counted = [], 0
    for path, tree in trees.items():
        for name, call in calls(tree):
            where = f"{path}:{call.lineno}"
            args = call.args
            if any(isinstance(arg, ast.Starred) for arg in args) and name in ("add", "report", "Problem"):
                wrong.append(f"{where}: {name}(*…) hides which argument is the message")
            elif name == "add" and len(args) >= 5 or name == "report" and len(args) >= 3:
                key = args[4] if name == "add" else args[2]
                counted += 1
                if not (isinstance(key, ast.Constant) and isinstance(key.value, str) and MESSAGE_KEY.fullmatch(key.value)):
                    wrong.append(f"{where}: {name}() needs a message key msg_… as its message, not {ast.unparse(key)}")
            elif name in ("Message", "plural") and args:
                counted += 1
                if is_sentence(args[0]):
                    wrong.append(f"{where}: {name}() takes a key msg_…, not {ast.unparse(args[0])}")
            elif name in ("Problem", "add_message", "report_message") or name in errors:
                message = {"Problem": 4, "add_message": 4, "report_message": 2}.get(name, 0)
                if len(args) > message and is_sentence(args[message]):
                    wrong.append(f"{where}: {name}() takes a Message, not {ast.unparse(args[message])}")
            elif name == "print" and args and is_words(args[0]):
                wrong.append(f"{where}: print() with words of its own: {ast.unparse(args[0])}")
    assert counted > 150
    assert wrong == []


COMMANDS = {"retning", "build", "check", "serve", "new", "schema", "search"}


def is_words(node: ast.expr) -> bool:
    """A literal or f-string with words in it (other than the program's and its commands' names)."""
    parts = [node] if isinstance(node, ast.Constant) else node.values if isinstance(node, ast.JoinedStr) else []
    text = " ".join(part.value for part in parts if isinstance(part, ast.Constant) and isinstance(part.value, str))
    return any(word not in COMMANDS for word in re.findall(r"[A-Za-zÆØÅæøå]{2,}", text))


def test_the_scan_finds_a_sentence(tmp_path):
    """The scan above fails on a sentence in place of a key."""
    tree = ast.parse('problems.add(path, 1, 1, "title", f"unknown field {x}")\nraise ImageProblem("too big")\nprint(f"{n} files")')
    found = [(name, is_sentence(call.args[-1]) or is_words(call.args[-1])) for name, call in calls(tree)]
    assert found == [("add", True), ("ImageProblem", True), ("print", True)]


def test_a_problem_or_message_error_refuses_a_sentence():
    with pytest.raises(TypeError):
        Problem("x.yaml", 1, 1, "title", "unknown field")
    with pytest.raises(TypeError):
        MessageError("the image is too large")


def test_a_problem_is_written_in_the_current_language_and_keeps_its_place():
    problem = Problem("x.yaml", 3, 1, "titel", Message("msg_unknown_field", hint=did_you_mean("titel", ["title", "status"])))
    set_language("da")
    assert str(problem) == "x.yaml:3:1: titel: ukendt felt (mente du 'title'?)"
    set_language("en")
    assert str(problem) == "x.yaml:3:1: titel: unknown field (did you mean 'title'?)"
    assert problem.text == "unknown field (did you mean 'title'?)"


def test_problems_are_sorted_deduplicated_and_travel_between_processes():
    problems = Problems()
    problems.add("b.yaml", 2, 1, "status", "msg_not_in_vocabulary", value="igang", vocabulary="statuses", hint="")
    problems.add("a.yaml", 9, 3, "title", "msg_required_field_empty")
    problems.add("a.yaml", 4, 1, "deadline", "msg_date_no_month", text="2021-13", month=13, formats=Message("msg_date_formats"))
    problems.add("a.yaml", 9, 3, "title", "msg_required_field_empty")  # found twice (a file read by two stages)
    error = ContentError(problems.items)
    assert [(p.path, p.line) for p in error.problems] == [("a.yaml", 4), ("a.yaml", 9), ("b.yaml", 2)]
    again = pickle.loads(pickle.dumps(error))
    assert again.problems == error.problems and str(again) == str(error)
    set_language("da")
    assert (
        str(error).splitlines()[0]
        == "a.yaml:4:1: deadline: '2021-13' har ingen måned 13; skriv 2021, 2021-H2, 2021-Q3, 2021-06, 2021-06-14 eller ukendt"
    )


def test_parameters_are_written_as_the_language_writes_them():
    too_many = Message("msg_yaml_aliases_too_many", count=10_000)
    both = (too_many.text("da"), too_many.text("en"))
    assert "mere end 10.000 gange" in both[0] and "more than 10,000 times" in both[1]
    wrong_type = Message("msg_ref_wrong_type", target="org/klima", type="strategy", kinds=("track", "strategy", "initiative"))
    assert wrong_type.text("da").endswith("her skal stå en af typen track, strategy eller initiative")
    assert wrong_type.text("en").endswith("expected a track, strategy or initiative")
    assert plural("msg_check_ok", 1, folder="c").text("da") == "1 post i orden i c"
    assert plural("msg_check_ok", 1200, folder="c").text("en") == "1,200 records OK in c"


@pytest.mark.parametrize(
    ("option", "environment", "site", "chosen"),
    [("en", "da", "da", "en"), (None, "en", "da", "en"), (None, None, "en", "en"), (None, None, None, "da"), (None, "", "fr", "da")],
)
def test_the_language_is_the_option_then_the_variable_then_the_sites_then_danish(option, environment, site, chosen):
    assert choose_language(option, environment, site) == chosen


# ---- the commands, in Danish and English ----


def typo_content(tmp_path: Path, first_language: str = "da") -> Path:
    content = write_content(tmp_path, {**MINI, "org/klima/energi/varme.yaml": "type: initiative\ntitel: Fjernvarme\n"})
    settings = content / "site.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("languages: [da, en]", f"languages: [{first_language}, {'en' if first_language == 'da' else 'da'}]"))
    return content


DANISH = "content/org/klima/energi/varme.yaml:2:1: titel: ukendt felt (mente du 'title'?)"
ENGLISH = "content/org/klima/energi/varme.yaml:2:1: titel: unknown field (did you mean 'title'?)"


@pytest.mark.parametrize(
    ("args", "environment", "first_language", "expected", "summary"),
    [
        ([], None, "da", DANISH, "fejl i indholdet; intet blev udgivet."),  # the seed site is Danish
        ([], None, "en", ENGLISH, "problems in the content; nothing was published."),
        ([], "en", "da", ENGLISH, "problems in the content; nothing was published."),
        (["--lang", "da"], "en", "en", DANISH, "fejl i indholdet; intet blev udgivet."),
    ],
)
def test_check_speaks_the_chosen_language(tmp_path, monkeypatch, capsys, args, environment, first_language, expected, summary):
    from generator.cli import main

    typo_content(tmp_path, first_language)
    monkeypatch.chdir(tmp_path)
    if environment is None:
        monkeypatch.delenv("RETNING_LANG")
    else:
        monkeypatch.setenv("RETNING_LANG", environment)
    assert main(["check", "--content", "content", *args]) == 1
    err = capsys.readouterr().err.splitlines()
    assert expected in err and err[-1].endswith(summary)


@pytest.mark.parametrize(("args", "environment", "said"), [(["--lang", "fr"], None, "--lang: 'fr'"), ([], "fr", "RETNING_LANG: 'fr'")])
def test_an_unknown_language_is_a_usage_error(tmp_path, monkeypatch, capsys, args, environment, said):
    from generator.cli import main

    content = write_content(tmp_path, MINI)
    monkeypatch.delenv("RETNING_LANG")
    if environment:
        monkeypatch.setenv("RETNING_LANG", environment)
    assert main(["check", "--content", str(content), *args]) == 2
    assert capsys.readouterr().err == f"retning: {said} er ikke et sprog, Retning taler; vælg da, en\n"


def test_summaries_notices_and_refusals_in_danish(tmp_path, monkeypatch, capsys):
    from generator.cli import main

    content = write_content(tmp_path, MINI)
    monkeypatch.setenv("RETNING_LANG", "da")
    assert main(["check", "--content", str(content)]) == 0
    assert capsys.readouterr().out.endswith(f"poster i orden i {content}\n")
    assert main(["build", "--content", str(content), "--out", str(tmp_path / "site")]) == 0
    assert re.fullmatch(r"\d+ filer: \d+ skrevet, 0 uændrede, 0 fjernet på \d+,\d\d s\n", capsys.readouterr().out)
    assert main(["build", "--content", str(content), "--out", str(content)]) == 2
    assert capsys.readouterr().err == (
        f"retning build: nægter at skrive sitet: '{content}' er indholdsmappen ({content.resolve()}). Intet blev ændret.\n"
    )
    assert main(["new", "initiative", "org/klima/energi/vind", "--content", str(content)]) == 0
    assert capsys.readouterr().out.startswith("skrev ") and main(["new", "page", "om", "--content", str(content)]) == 2
    assert capsys.readouterr().err.endswith("om.md findes allerede\n")
    assert main(["schema", "--content", str(content), "--out", str(tmp_path / "schema")]) == 0
    assert capsys.readouterr().out.startswith(f"skrev {tmp_path / 'schema'}")


def test_help_and_usage_errors_in_danish(tmp_path, monkeypatch, capsys):
    from generator.cli import main

    monkeypatch.setenv("RETNING_LANG", "da")
    assert main(["check", "--help"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("brug: retning check") and "\ntilvalg:\n" in shown
    assert "Indlæs og tjek content/." in shown and "vis denne hjælp, og afslut" in shown and "--lang {da,en}" in shown
    assert main(["check", "--days", "mange"]) == 2
    assert "retning check: fejl: argumentet --days: ugyldig int-værdi: 'mange'" in capsys.readouterr().err
    assert main(["build", "--today", "i går"]) == 2
    assert "forventede en dato som ÅÅÅÅ-MM-DD, fik 'i går'" in capsys.readouterr().err
    assert main(["new", "page", "--lang", "en"]) == 2
    assert "error: the following arguments are required: ID" in capsys.readouterr().err


def test_the_previews_error_page_is_in_the_chosen_language_throughout(tmp_path):
    from generator.live.serve import Failure, error_page

    problem = Problem("x.yaml", 2, 1, "status", Message("msg_not_in_vocabulary", value="igang", vocabulary="statuses", hint=""))
    for language, heading, introduction, message in (
        ("da", "Fejl i indholdet", "Sitet kan ikke bygges, før fejlen er rettet.", "'igang' findes ikke i ordlisten 'statuses'"),
        ("en", "Content error", "The site cannot be built until the content error is fixed.", "'igang' is not in the vocabulary"),
    ):
        set_language(language)
        page = error_page(Failure("content", [str(problem)])).decode("utf-8").replace("&#x27;", "'")
        assert f'<html lang="{language}">' in page and f"<h1>{heading}</h1>" in page and f"<p>{introduction}</p>" in page
        assert f"<li><code>x.yaml:2:1: status: {message}" in page and "lang=" not in page.split("<body>")[1]
