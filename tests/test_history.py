"""Last updated from git history (modification time outside git), and `check --stale`."""

from __future__ import annotations

import datetime as dt
import os
import subprocess

from generator.build.pipeline import build
from generator.cli import main
from generator.content.history import FEW, last_changed

from .conftest import MINI, write_content


def git(cwd, *args, date: str | None = None):
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.dk",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.dk",
    }
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_last_change_comes_from_git_history(tmp_path):
    content = write_content(tmp_path, MINI)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "first", date="2020-03-01T12:00:00")
    (content / "om.md").write_text((content / "om.md").read_text() + "\nMere tekst.\n")
    git(tmp_path, "commit", "-qam", "second", date="2022-09-15T12:00:00")
    dates = last_changed(content, ["om.md", "org/index.yaml"])
    assert dates == {"om.md": dt.date(2022, 9, 15), "org/index.yaml": dt.date(2020, 3, 1)}
    (content / "org/index.yaml").write_text((content / "org/index.yaml").read_text() + "\n")  # uncommitted: today
    assert last_changed(content, ["org/index.yaml"])["org/index.yaml"] == dt.date.today()
    # a few files are looked up alone (the live preview's edits), many through the whole tree's log: the same dates
    every = sorted(p.relative_to(content).as_posix() for p in content.rglob("*.*") if p.suffix in (".yaml", ".md"))
    assert len(every) > FEW
    whole = last_changed(content, every)
    assert last_changed(content, ["om.md", "org/index.yaml"]) == {rel: whole[rel] for rel in ("om.md", "org/index.yaml")}
    build(content, tmp_path / "site")
    html = (tmp_path / "site" / "om" / "index.html").read_text(encoding="utf-8")
    assert 'Sidst opdateret <time datetime="2022-09-15">15. september 2022</time>' in html


def test_modification_time_outside_git(tmp_path):
    content = write_content(tmp_path, MINI)
    stamp = dt.datetime(2019, 5, 4, 12).timestamp()
    os.utime(content / "om.md", (stamp, stamp))
    assert last_changed(content, ["om.md"])["om.md"] == dt.date(2019, 5, 4)


def test_check_stale_lists_overdue_and_old(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("RETNING_LANG", "da")  # the report as the seed site's editors read it
    content = write_content(
        tmp_path,
        {
            **MINI,
            "org/klima/energi/gammel.yaml": """
        type: initiative
        title: Gammel indsats
        status: i-gang
        deadline: 2019
        measures:
          - text: Færdig i tide
            deadline: 2019
            status: gennemfoert
          - text: Ikke færdig
            deadline: 2020-06
        """,
        },
    )
    stamp = dt.datetime(2015, 1, 1).timestamp()
    os.utime(content / "om.md", (stamp, stamp))
    assert main(["check", "--stale", "--days", "400", "--content", str(content)]) == 0
    out = capsys.readouterr().out
    assert "gammel.yaml:4\n      Indsats: Gammel indsats\n      frist 2019 · Forsinket · " in out
    assert "gammel.yaml:10\n      Målepunkt i Gammel indsats: Ikke færdig\n      frist juni 2020 · Forsinket · " in out
    assert "Færdig i tide" not in out
    assert "om.md:2\n    Side: Om sitet\n    Ikke ændret i over 400 dage · ændret for " in out and "(1. januar 2015)" in out
    assert "org/index.yaml" not in out


def test_check_notes_lists_every_editor_note_with_its_field(tmp_path, capsys):
    content = write_content(
        tmp_path,
        {
            **MINI,
            "org/klima/energi/uklar.yaml": """
        type: initiative
        title: Uklar indsats
        editor_note: Kilden siger både 80 % og
          88 %.
        measures:
          - text: Uden note
          - text: Med note
            editor_note: Årstal mangler i kilden.
        """,
        },
    )
    assert main(["check", "--notes", "--content", str(content)]) == 0
    out = capsys.readouterr().out
    assert "uklar.yaml: editor_note: Kilden siger både 80 % og 88 %." in out
    assert "uklar.yaml: measures[2].editor_note: Årstal mangler i kilden." in out
    assert "measures[1]" not in out
    assert out.rstrip().endswith("2 editor notes")
