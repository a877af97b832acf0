"""Shared fixtures: small content trees written to disk, and built sites."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REAL_CONTENT = ROOT / "content"
BROWSER_TESTS = Path(__file__).resolve().parent / "browser"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """With tests spread over processes (scripts/test.sh: `-n auto --dist loadgroup`), the browser
    tests go to one: each process would otherwise build, serve and open the site for them again,
    which made them slower on two cores than in one process."""
    for item in items:
        if BROWSER_TESTS in item.path.parents:
            item.add_marker(pytest.mark.xdist_group("browser"))


MINI = {
    "org/index.yaml": """
        type: organisation
        name: Testrup Kommune
        kind: kommune
        contact:
          name: Ida Hansen
          phone: "4175 0220"
        """,
    "org/klima/index.md": """
        ---
        type: strategy
        title: Klimaplan 2023-2030
        kind: politik
        status: vedtaget
        start: 2023
        end: 2030
        track_label: Ben
        goals:
          - title: 85 % mindre CO2
            value: 85
            unit: "%"
            deadline: 2030
        key_figures:
          - label: Arbejdspladser
            value: 45000
          - label: Ledighed
            value: 3.7
            unit: "%"
        ---
        Planen bygger på [energisporet](id:org/klima/energi).
        """,
    "org/klima/energi/index.yaml": """
        type: track
        number: "1"
        title: Energi
        goal: Mindre energi, mere sol.
        """,
    "org/klima/energi/sol.yaml": """
        type: initiative
        number: "1.1"
        title: Solceller på tagene
        status: i-gang
        deadline: 2025-H2
        role: selv
        offers: [org/tilbud/energiraad]
        measures:
          - text: Installeret effekt
            target: 12.5
            unit: MW
            deadline: 2027
        """,
    "org/klima/energi/varme.yaml": """
        type: initiative
        number: "1.2"
        title: Fjernvarme
        status: planlagt
        """,
    "org/klima/transport/index.yaml": """
        type: track
        number: "2"
        title: Transport
        """,
    "org/tilbud/energiraad.yaml": """
        type: offer
        title: Gratis energirådgivning
        promise: Svar inden 24 timer
        needs: [energi-og-klima]
        contact:
          name: Energiteamet
          email: energi@example.dk
        """,
    "org/moeder/udvalg-2024-05-01.yaml": """
        type: meeting
        title: Klimaudvalget 1. maj 2024
        committee: Klimaudvalget
        date: 2024-05-01
        items:
          - number: "1"
            title: Status på klimaplanen
            outcome: godkendt
            decision: Udvalget godkendte indstillingen.
            concerns: [org/klima, org/klima/energi/sol]
            points:
              - number: "1"
                text: At status tages til efterretning
                outcome: taget-til-efterretning
        """,
    "om.md": """
        ---
        type: page
        title: Om sitet
        menu: 1
        ---
        # Formål

        Sitet samler strategier.
        """,
}


def write_content(root: Path, files: dict[str, str], base: bool = True) -> Path:
    """Write a content tree: the real settings and vocabularies plus `files`."""
    content = root / "content"
    if base:
        content.mkdir(parents=True, exist_ok=True)
        shutil.copy(REAL_CONTENT / "site.yaml", content / "site.yaml")
        shutil.copytree(REAL_CONTENT / "vocabularies", content / "vocabularies", dirs_exist_ok=True)
    for rel, text in files.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return content


@pytest.fixture
def mini_content(tmp_path: Path) -> Path:
    return write_content(tmp_path, MINI)


@pytest.fixture
def mini_site(tmp_path: Path, mini_content: Path) -> Path:
    from generator.build.pipeline import build

    out = tmp_path / "site"
    build(mini_content, out)
    return out


@pytest.fixture
def fixed_today():
    """Builds in the test hold deadlines against 23 November 2026 (build --today)."""
    from generator.model.deadlines import fix_today

    fix_today(TODAY)
    yield TODAY
    fix_today(None)


TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def english_messages(monkeypatch):
    """Tests read Retning's messages in English (RETNING_LANG=en, for the command line and the
    processes it starts too), unless they choose a language themselves (test_messages.py)."""
    from generator.core.messages import set_language

    monkeypatch.setenv("RETNING_LANG", "en")
    set_language("en")
    yield
    set_language("da")
