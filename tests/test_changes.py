"""What changed in each record and when, from git history (generator/content/changes.py)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tempfile
import textwrap
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.changes import Change, ChangeItem, record_histories

AUTHOR, AUTHOR_EMAIL = "Hemmelig Forfatter", "forfatter@hemmelig.example"
COMMITTER, COMMITTER_EMAIL = "Skjult Committer", "committer@skjult.example"
INITIATIVE = """
    type: initiative
    title: Solceller på tagene
    status: {status}
    deadline: {deadline}
    measures:
      - text: Paneler på skolerne
        target: 40
        status: i-gang
      - id: raadhus
        text: Paneler på rådhuset
        target: 1
    """


class Repo:
    """A git repository in a temporary folder; every commit one day after the one before."""

    def __init__(self, root: Path, content: str = "content"):
        self.root, self.content, self.day = root, root / content, 0
        self.content.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, author_day: int | None = None, check: bool = True) -> str:
        when = (dt.datetime(2024, 1, 1, 12) + dt.timedelta(days=self.day - 1)).isoformat()
        authored = (dt.datetime(2020, 1, 1, 12) + dt.timedelta(days=author_day)).isoformat() if author_day is not None else when
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": AUTHOR,
            "GIT_AUTHOR_EMAIL": AUTHOR_EMAIL,
            "GIT_COMMITTER_NAME": COMMITTER,
            "GIT_COMMITTER_EMAIL": COMMITTER_EMAIL,
            "GIT_AUTHOR_DATE": authored,
            "GIT_COMMITTER_DATE": when,
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        done = subprocess.run(["git", *args], cwd=self.root, env=env, check=check, capture_output=True, text=True)
        return done.stdout.strip()

    def write(self, files: dict[str, str | None]) -> None:
        for rel, text in files.items():
            path = self.content / rel
            if text is None:
                path.unlink()
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")

    def commit(self, files: dict[str, str | None], message: str = "Ret indhold", author_day: int | None = None) -> str:
        """Write (None: delete) files below the content folder and commit everything; the new commit's hash."""
        self.write(files)
        self.day += 1
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, author_day=author_day)
        return self.git("rev-parse", "HEAD")


def initiative(status: str = "i-gang", deadline: str = "2025") -> str:
    return textwrap.dedent(INITIATIVE.format(status=status, deadline=deadline)).lstrip()


def items(change: Change) -> tuple[tuple, ...]:
    return tuple((item.kind, item.field, item.subject, item.before, item.after) for item in change.items)


CREATED = (("created", "", "", None, None),)


def test_status_deadline_and_text_changes_are_described(tmp_path):
    repo = Repo(tmp_path)
    first = repo.commit({"sol.yaml": initiative()})
    second = repo.commit(
        {"sol.yaml": initiative("gennemfoert", "2026-H1").replace("Solceller på tagene", "Solceller på alle tage")}, author_day=3
    )
    history = record_histories(repo.content)
    assert list(history) == ["sol.yaml"]
    newest, oldest = history["sol.yaml"]
    assert (newest.commit, oldest.commit) == (second, first)
    assert newest.date == dt.date(2024, 1, 2)  # the committer's date, not the author's (2020)
    assert items(newest) == (
        ("text", "title", "", None, None),
        ("status", "status", "", "i-gang", "gennemfoert"),
        ("deadline", "deadline", "", "2025", "2026-H1"),
    )
    assert items(oldest) == CREATED and oldest.note == ""


def test_measures_added_removed_and_changed(tmp_path):
    repo = Repo(tmp_path)
    repo.commit({"sol.yaml": initiative()})
    changed = initiative().replace("target: 40", "target: 45").replace("Paneler på rådhuset", "Paneler på rådhusets tag")
    changed = changed.replace("    target: 1\n", "    target: 1\n  - text: Paneler på hallen\n    target: 2\n")
    repo.commit({"sol.yaml": changed})
    newest = record_histories(repo.content)["sol.yaml"][0]
    # the measure with an id keeps it while its text changes: the same measure
    assert items(newest) == (
        ("measure_changed", "target", "Paneler på skolerne", "40", "45"),
        ("measure_changed", "text", "Paneler på rådhusets tag", None, None),
        ("measure_added", "measures", "Paneler på hallen", None, None),
    )
    removed = changed.replace("  - text: Paneler på skolerne\n    target: 45\n    status: i-gang\n", "")
    repo.commit({"sol.yaml": removed.replace("status: i-gang\n", "status: udskudt\n")})
    newest = record_histories(repo.content)["sol.yaml"][0]
    assert items(newest) == (
        ("status", "status", "", "i-gang", "udskudt"),
        ("measure_removed", "measures", "Paneler på skolerne", None, None),
    )


def test_text_fields_lists_and_markdown_body(tmp_path):
    repo = Repo(tmp_path)
    page = "---\ntype: strategy\ntitle: Klimaplan\nthemes: [klima]\nadopted:\n  date: 2023-05-01\n---\nFørste tekst.\n"
    repo.commit({"plan.md": page})
    revised = page.replace("[klima]", "[klima, energi]").replace("2023-05-01", "2023-06-01").replace("Første", "Anden")
    repo.commit({"plan.md": revised + "  \n"})
    assert items(record_histories(repo.content)["plan.md"][0]) == (
        ("date", "adopted.date", "", "2023-05-01", "2023-06-01"),
        ("text", "body", "", None, None),
        ("list", "themes", "", None, None),
    )


def test_comments_whitespace_and_quoting_change_nothing(tmp_path):
    repo = Repo(tmp_path)
    repo.commit({"sol.yaml": initiative()})
    repo.commit(
        {
            "sol.yaml": "# en kommentar\n"
            + initiative()
            .replace("target: 40", "target: 40.0  # samme tal")
            .replace("title: Solceller på tagene", "title: 'Solceller på tagene'")
            + "\n\n"
        }
    )
    assert [items(change) for change in record_histories(repo.content)["sol.yaml"]] == [CREATED]


def test_note_comes_from_the_trailer_and_nothing_else_of_the_message(tmp_path):
    repo = Repo(tmp_path)
    repo.commit({"sol.yaml": initiative()}, "Opret indsats")
    repo.commit(
        {"sol.yaml": initiative("udskudt")},
        "Intern besked om budgettet\n\nDetaljer kun for redaktionen.\n\nÆNDRINGSNOTE: Indsatsen er udskudt\n  til næste år.\n",
    )
    repo.commit({"sol.yaml": initiative("i-gang")}, "Genoptag\n\naendringsnote: Indsatsen er genoptaget.")
    history = record_histories(repo.content)["sol.yaml"]
    assert [change.note for change in history] == ["Indsatsen er genoptaget.", "Indsatsen er udskudt til næste år.", ""]
    shown = repr(history)
    for secret in ("Intern besked", "Detaljer", "Opret indsats", "Genoptag\n"):
        assert secret not in shown


def test_no_author_or_committer_anywhere(tmp_path):
    repo = Repo(tmp_path)
    repo.commit({"sol.yaml": initiative(), "om.md": "---\ntype: page\ntitle: Om\n---\nTekst.\n"}, "Første version")
    repo.commit({"sol.yaml": initiative("udskudt"), "om.md": "---\ntype: page\ntitle: Om os\n---\nTekst.\n"})
    shown = repr(record_histories(repo.content))
    assert "sol.yaml" in shown and "om.md" in shown
    for secret in (AUTHOR, AUTHOR_EMAIL, COMMITTER, COMMITTER_EMAIL, "Første version", "Ret indhold", "hemmelig", "skjult"):
        assert secret not in shown


def test_a_renamed_record_keeps_its_history(tmp_path):
    repo = Repo(tmp_path)
    created = repo.commit({"a/sol.yaml": initiative()})
    repo.commit({"a/sol.yaml": initiative("udskudt")})
    (repo.content / "b").mkdir()
    repo.git("mv", "content/a/sol.yaml", "content/b/solceller.yaml")
    moved = repo.commit({"b/solceller.yaml": initiative("gennemfoert")})
    history = record_histories(repo.content)
    assert list(history) == ["b/solceller.yaml"]
    assert [items(change) for change in history["b/solceller.yaml"]] == [
        (("moved", "", "", "a/sol.yaml", "b/solceller.yaml"), ("status", "status", "", "udskudt", "gennemfoert")),
        (("status", "status", "", "i-gang", "udskudt"),),
        CREATED,
    ]
    assert (history["b/solceller.yaml"][0].commit, history["b/solceller.yaml"][-1].commit) == (moved, created)


def test_a_deleted_and_re_added_record_starts_afresh(tmp_path):
    repo = Repo(tmp_path)
    repo.commit({"sol.yaml": initiative(), "om.md": "---\ntype: page\ntitle: Om\n---\n"})
    repo.commit({"sol.yaml": initiative("udskudt")})
    repo.commit({"sol.yaml": None})
    re_added = repo.commit({"sol.yaml": initiative("planlagt")})
    repo.commit({"sol.yaml": initiative("i-gang")})
    history = record_histories(repo.content)["sol.yaml"]
    assert [items(change) for change in history] == [(("status", "status", "", "planlagt", "i-gang"),), CREATED]
    assert history[-1].commit == re_added


def test_a_merged_branch_gives_each_change_once(tmp_path):
    repo = Repo(tmp_path)
    repo.commit({"sol.yaml": initiative(), "vind.yaml": initiative().replace("Solceller", "Vindmøller")})
    repo.git("checkout", "-q", "-b", "branch")
    on_branch = repo.commit({"sol.yaml": initiative("udskudt")}, "Gren\n\nÆndringsnote: Udskudt.")
    repo.git("checkout", "-q", "main")
    on_main = repo.commit({"vind.yaml": initiative(deadline="2027").replace("Solceller", "Vindmøller")})
    on_main_too = repo.commit({"sol.yaml": initiative().replace("target: 1", "target: 2")})  # far from the status: no conflict
    repo.day += 1
    repo.git("merge", "-q", "--no-ff", "-m", "Flet grenen", "branch")
    after_merge = repo.commit({"sol.yaml": initiative("gennemfoert").replace("target: 1", "target: 2")})
    history = record_histories(repo.content)
    assert [(change.commit, items(change)) for change in history["sol.yaml"][:-1]] == [
        (after_merge, (("status", "status", "", "udskudt", "gennemfoert"),)),
        (on_main_too, (("measure_changed", "target", "Paneler på rådhuset", "1", "2"),)),
        (on_branch, (("status", "status", "", "i-gang", "udskudt"),)),
    ]
    assert history["sol.yaml"][2].note == "Udskudt."
    assert [(change.commit, items(change)) for change in history["vind.yaml"][:-1]] == [
        (on_main, (("deadline", "deadline", "", "2025", "2027"),))
    ]


def test_what_resolving_a_merge_conflict_changed_is_told_once(tmp_path):
    repo = Repo(tmp_path)
    repo.commit({"sol.yaml": initiative()})
    repo.git("checkout", "-q", "-b", "branch")
    repo.commit({"sol.yaml": initiative("udskudt")})
    repo.git("checkout", "-q", "main")
    repo.commit({"sol.yaml": initiative("planlagt", "2026")})
    repo.day += 1
    repo.git("merge", "-q", "branch", check=False)  # a conflict: both changed the status
    merge = repo.commit({"sol.yaml": initiative("gennemfoert", "2026")}, "Flet\n\nÆndringsnote: Afsluttet.")
    history = record_histories(repo.content)["sol.yaml"]
    assert [items(change) for change in history] == [
        (("status", "status", "", "planlagt", "gennemfoert"),),  # against the first parent; the deadline came from main
        (("status", "status", "", "i-gang", "planlagt"), ("deadline", "deadline", "", "2025", "2026")),
        (("status", "status", "", "i-gang", "udskudt"),),
        CREATED,
    ]
    assert (history[0].commit, history[0].note) == (merge, "Afsluttet.")


def test_content_in_a_sub_folder_of_the_repository(tmp_path):
    repo = Repo(tmp_path, "site/content")
    (tmp_path / "README.md").write_text("# Om repoet\n")
    repo.commit({"sol.yaml": initiative(), "site.yaml": "title: Testrup\n", "vocabularies/themes.yaml": "klima:\n  da: Klima\n"})
    (tmp_path / "README.md").write_text("# Om repoet, igen\n")
    repo.commit({"site.yaml": "title: Testrup Kommune\n", "vocabularies/themes.yaml": "klima:\n  da: Klimaet\n"})
    (repo.content / "sol.yaml").write_text(initiative("udskudt"))  # not committed: not history
    history = record_histories(repo.content)
    assert {rel: [items(change) for change in changes] for rel, changes in history.items()} == {"sol.yaml": [CREATED]}


def test_a_version_that_does_not_read_is_skipped(tmp_path):
    repo = Repo(tmp_path)
    repo.commit({"sol.yaml": initiative()})
    repo.commit({"sol.yaml": initiative("udskudt").replace("measures:", "measures: [")})
    repo.commit({"sol.yaml": "type: ukendt-type\n"})
    repo.commit({"sol.yaml": initiative("udskudt", "2026")})
    assert [items(change) for change in record_histories(repo.content)["sol.yaml"]] == [
        (("status", "status", "", "i-gang", "udskudt"), ("deadline", "deadline", "", "2025", "2026")),
        CREATED,
    ]


def test_outside_git_or_without_git_there_is_no_history(tmp_path, monkeypatch):
    content = tmp_path / "content"
    content.mkdir()
    (content / "sol.yaml").write_text(initiative())
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert record_histories(content) == {}
    repo = Repo(tmp_path / "repo")
    repo.commit({"sol.yaml": initiative()})
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    assert record_histories(repo.content) == {}


STATUSES = ["planlagt", "i-gang", "udskudt", "gennemfoert"]


@settings(max_examples=8, deadline=None)
@given(st.lists(st.sampled_from(STATUSES), min_size=1, max_size=6))
def test_history_lists_each_status_transition_newest_first(statuses):
    with tempfile.TemporaryDirectory() as folder:
        repo = Repo(Path(folder))
        for number, status in enumerate(statuses):
            repo.commit({"sol.yaml": f"# version {number}\n" + initiative(status)})  # every commit changes the file
        history = record_histories(repo.content)["sol.yaml"]
    transitions = [(before, after) for before, after in zip(statuses, statuses[1:], strict=False) if before != after]
    assert [items(change) for change in history] == [
        *((("status", "status", "", before, after),) for before, after in reversed(transitions)),
        CREATED,
    ]
    assert all(isinstance(change, Change) and all(isinstance(item, ChangeItem) for item in change.items) for change in history)
    assert [change.date for change in history] == sorted((change.date for change in history), reverse=True)
