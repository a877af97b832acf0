"""Progress roll-ups on strategy and track pages: initiatives and measures counted by deadline state."""

from __future__ import annotations

from generator.build.pipeline import build

from .conftest import MINI, TODAY, write_content
from .test_taxonomy import text_of

__all__ = ["PLAN", "TODAY"]

PLAN = {
    **MINI,
    "org/klima/transport/cykel.yaml": "type: initiative\ntitle: Cykelstier\nstatus: gennemfoert\ndeadline: 2024\n",
    "org/klima/transport/bus.yaml": (
        "type: initiative\ntitle: Elbusser\nstatus: i-gang\ndeadline: 2026-06\n"
        "measures:\n  - text: 20 elbusser\n    status: gennemfoert\n  - text: Ladestation\n"
    ),
}


def with_as_of(files: dict[str, str], as_of: str, status: str = "vedtaget") -> dict[str, str]:
    strategy = files["org/klima/index.md"].replace("status: vedtaget", f"status: {status}\n        as_of: {as_of}")
    return {**files, "org/klima/index.md": strategy}


def progress_text(site, path: str) -> str:
    return text_of((site / path).read_text(encoding="utf-8")).split("Fremdrift", 1)[1]


def test_strategy_and_track_pages_count_deadline_states_in_words(tmp_path, fixed_today):
    # No as_of: a status counts as reported when its file last changed (today), after both deadlines.
    build(write_content(tmp_path, PLAN), tmp_path / "site")
    strategy = (tmp_path / "site/org/klima/index.html").read_text(encoding="utf-8")
    section = progress_text(tmp_path / "site", "org/klima/index.html")
    # Solceller: i gang, due 2025-H2 → forsinket; Elbusser: i gang, due 2026-06 → forsinket;
    # Cykelstier done; Fjernvarme has no deadline
    assert section.startswith(" Indsatser (4) 2 ! Forsinket 1 ✓ Gennemført 1 – Ingen frist Målepunkter (3)")
    # Solceller's measure is due 2027; Ladestation takes its initiative's status and deadline
    assert "Målepunkter (3) 1 ! Forsinket 1 → Frist ikke nået 1 ✓ Gennemført" in section
    assert "Frister er holdt op mod 23. november 2026." in section
    assert 'style="width: 50.0%"' in strategy and 'aria-hidden="true"' in strategy.split('class="progress"')[1]
    track = progress_text(tmp_path / "site", "org/klima/transport/index.html")
    assert track.startswith(" Indsatser (2) 1 ! Forsinket 1 ✓ Gennemført")


def test_statuses_reported_before_the_deadline_are_no_follow_up(tmp_path, fixed_today):
    build(write_content(tmp_path, with_as_of(PLAN, "2024-03")), tmp_path / "site")
    section = progress_text(tmp_path / "site", "org/klima/index.html")
    assert section.startswith(" Indsatser (4) 2 ? Frist overskredet uden opfølgning 1 ✓ Gennemført 1 – Ingen frist")
    assert "Status opgjort pr. marts 2024." in section
    page = text_of((tmp_path / "site/org/klima/transport/bus/index.html").read_text(encoding="utf-8"))
    assert "Fristens stand ? Frist overskredet uden opfølgning" in page
    assert "Ladestation – Status: Gennemført"  # a measure's row shows its own state
    assert TODAY.year == 2026


def test_a_draft_or_an_expired_strategy_says_how_to_read_its_counts(tmp_path, fixed_today):
    build(write_content(tmp_path, with_as_of(PLAN, "2024-03", "udkast")), tmp_path / "site")
    section = progress_text(tmp_path / "site", "org/klima/index.html")
    assert section.startswith(" Klimaplan 2023-2030 er udkast og blev aldrig vedtaget som plan")
    assert "2 ? Frist overskredet uden opfølgning" in section  # counted all the same, read in context
    build(write_content(tmp_path, with_as_of(PLAN, "2024-03", "udloebet")), tmp_path / "site")
    section = progress_text(tmp_path / "site", "org/klima/transport/index.html")
    assert section.startswith(" Klimaplan 2023-2030 er udløbet: tallene viser, hvordan planen stod")
