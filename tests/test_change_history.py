"""'Ændringer': each record page, its JSON twin and the feeds say what changed and when, from git
history; never who changed it."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

from generator.build.pipeline import build
from generator.opendata.urls import strategy_feed

from .conftest import MINI, write_content
from .test_changes import AUTHOR, AUTHOR_EMAIL, COMMITTER, COMMITTER_EMAIL, Repo
from .test_taxonomy import text_of

SOL = "org/klima/energi/sol.yaml"


def committed_site(tmp_path: Path) -> tuple[Repo, Path]:
    repo = Repo(tmp_path / "repo")
    write_content(repo.root, MINI)
    repo.commit({}, "Første udgave")
    before = (repo.content / SOL).read_text(encoding="utf-8")
    repo.commit(
        {SOL: before.replace("status: i-gang", "status: udskudt").replace("deadline: 2025-H2", "deadline: 2026-H2")},
        "Flyt solcellerne\n\nMøde med forsyningen.\n\nÆndringsnote: Frist udskudt efter budgetforliget.",
    )
    repo.commit({SOL: (repo.content / SOL).read_text(encoding="utf-8").replace("target: 12.5", "target: 15")}, "Højere mål")
    out = tmp_path / "site"
    build(repo.content, out)
    return repo, out


def test_a_record_page_lists_its_changes_in_words_newest_first(tmp_path, fixed_today):
    _, out = committed_site(tmp_path)
    page = text_of((out / "org/klima/energi/sol/index.html").read_text(encoding="utf-8"))
    changes = page.split("Ændringer", 1)[1]
    assert "3. januar 2024 : Målepunkt »Installeret effekt«: Målværdi ændret fra 12,5 til 15." in changes
    assert (
        "2. januar 2024 : Status ændret fra I gang til Udskudt. Frist ændret fra 2. halvår 2025 til 2. halvår 2026. "
        "Note: Frist udskudt efter budgetforliget."
    ) in changes
    assert "1. januar 2024 : Oprettet." in changes
    assert changes.index("3. januar") < changes.index("2. januar") < changes.index("1. januar")
    english = text_of((out / "en/org/klima/energi/sol/index.html").read_text(encoding="utf-8"))
    assert "Status changed from In progress to Postponed" in english


def test_the_twin_and_the_feeds_carry_each_change(tmp_path, fixed_today):
    _, out = committed_site(tmp_path)
    twin = json.loads((out / "org/klima/energi/sol/index.json").read_text(encoding="utf-8"))
    newest, moved, created = twin["history"]
    assert newest["date"] == "2024-01-03" and newest["note"] is None
    assert newest["changes"] == [
        {"kind": "measure_changed", "field": "target", "subject": "Installeret effekt", "before": "12.5", "after": "15"}
    ]
    assert moved["note"] == "Frist udskudt efter budgetforliget."
    assert {"kind": "status", "field": "status", "subject": "", "before": "i-gang", "after": "udskudt"} in moved["changes"]
    assert created["changes"] == [{"kind": "created", "field": "", "subject": "", "before": None, "after": None}]
    feed = (out / strategy_feed(SimpleNamespace(id="org/klima", url="org/klima/"))).read_text(encoding="utf-8")
    assert "<title>Solceller på tagene: Status ændret fra I gang til Udskudt</title>" in feed
    assert "Note: Frist udskudt efter budgetforliget." in feed
    assert feed.count("<title>Solceller på tagene") == 3  # one entry per change


def test_no_names_or_addresses_of_the_editors_are_published(tmp_path, fixed_today):
    repo, out = committed_site(tmp_path)
    secrets = [AUTHOR, AUTHOR_EMAIL, COMMITTER, COMMITTER_EMAIL, "Møde med forsyningen", "Flyt solcellerne"]
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".csv", ".txt", ".js"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not [secret for secret in secrets if secret in text], path


def test_outside_git_there_is_no_changes_section(tmp_path, fixed_today):
    build(write_content(tmp_path, MINI), tmp_path / "site")
    page = (tmp_path / "site/org/klima/energi/sol/index.html").read_text(encoding="utf-8")
    assert 'id="aendringer"' not in page
    assert json.loads((tmp_path / "site/org/klima/energi/sol/index.json").read_text(encoding="utf-8"))["history"] == []


def test_the_live_preview_follows_a_commit(tmp_path):
    from .test_serve import fetch, start_serve, stop, wait_for

    repo = Repo(tmp_path / "repo")
    write_content(repo.root, MINI)
    repo.commit({}, "Første udgave")
    process, base = start_serve(repo.content, repo.root)
    try:
        assert "Ændringer" in fetch(base + "org/klima/energi/sol/")[1]
        sol = (repo.content / SOL).read_text(encoding="utf-8")
        (repo.content / SOL).write_text(sol.replace("status: i-gang", "status: gennemfoert"), encoding="utf-8")
        wait_for(lambda: "Gennemført" in fetch(base + "org/klima/energi/sol/")[1])  # the save, not yet committed
        assert "Status ændret" not in fetch(base + "org/klima/energi/sol/")[1]
        repo.commit({}, "Solcellerne er færdige\n\nÆndringsnote: Sidste panel sat op.")
        page = wait_for(lambda: (lambda found: found if "Sidste panel sat op" in found else None)(fetch(base + "org/klima/energi/sol/")[1]))
        assert "Status ændret fra I gang til Gennemført" in page
    finally:
        stop(process)
