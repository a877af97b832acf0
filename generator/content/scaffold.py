"""`build.py new KIND ID`: a valid, commented skeleton for any record type."""

from __future__ import annotations

from pathlib import Path

from generator.core.messages import Message, MessageError
from generator.core.slugs import is_slug_path

SKELETONS = {
    "organisation": """type: organisation
name: "{title}"
kind: kommune                  # organisation_kinds: kommune, kkr, region, national, partnerskab, andet
summary: "Én til tre sætninger om organisationen."
# web: "https://…"
# address: "Vej 1, 1234 By"
# contact:
#   name: "…"
#   email: "…"
# image:                       # a photo, logo or diagram in this folder: JPEG, PNG or WebP
#   src: "foto.jpg"
#   alt: "Hvad billedet viser"  # required; or decorative: true for an image that adds nothing to the text
#   caption: "…"
""",
    "strategy": """---
type: strategy
title: "{title}"
kind: strategi                 # strategy_kinds: politik, strategi, handleplan, plan, projekt, kommissorium, koncept, kapitel
status: udkast                 # lifecycle: planlagt, udkast, hoering, vedtaget, udloebet, erstattet
# start: 2024                  # dates: 2024, 2024-H2, 2024-Q3, 2024-06, 2024-06-14 or ukendt
# end: 2030
# as_of: 2024-06               # the date the content describes
summary: "Én til tre sætninger om strategien."
# vision: "…"
track_label: "Spor"            # what the strategy calls its tracks: Spor, Indsatsspor, Ben, Drivkraft …
# goals:
#   - title: "…"
#     value: 100
#     unit: "%"
#     deadline: 2030
# key_figures:
#   - label: "…"
#     value: 1400              # never 1.400
# themes: [klima]
# image:                       # a photo, logo or diagram in this folder: JPEG, PNG or WebP
#   src: "foto.jpg"
#   alt: "Hvad billedet viser"  # required; or decorative: true for an image that adds nothing to the text
#   caption: "…"
# sources:
#   - title: "…"
#     location: "s. 3"
# In the text below, link to any record by its id: [tekst](id:organisation/strategi)
---
Brødtekst i Markdown.
""",
    "track": """type: track
number: "1"
title: "{title}"
summary: "Én sætning om sporet."
# goal: "Sporets mål."
""",
    "initiative": """type: initiative
number: "1.1"
title: "{title}"
summary: "Én til tre sætninger om indsatsen."
status: planlagt               # statuses: planlagt, i-gang, loebende, gennemfoert, udskudt, opgivet, ukendt
# deadline: 2025-H2
# role: selv                   # roles: selv, medejer, faellesskab
# responsible: ["…"]
# audience: [virksomheder]
# themes: [klima]
# measures:
#   - text: "…"
#     target: 10
#     unit: "stk."
#     deadline: 2025
#     status: planlagt
# image:                       # a photo, logo or diagram in this folder: JPEG, PNG or WebP
#   src: "foto.jpg"
#   alt: "Hvad billedet viser"  # required; or decorative: true for an image that adds nothing to the text
#   caption: "…"
""",
    "offer": """type: offer
title: "{title}"
summary: "Hvad virksomheden eller borgeren får."
# promise: "Svar inden 24 timer"
# contact:
#   name: "…"
#   phone: "…"
# needs: [rekruttering]        # needs: rekruttering, sagsbehandling-og-byggesag, energi-og-klima, …
# audience: [smv]
# initiatives: [organisation/strategi/spor/indsats]
""",
    "meeting": """type: meeting
title: "{title}"
committee: "…udvalget"
date: ukendt                   # 2024-06-14, or ukendt
items:
  - number: "1"
    title: "Første punkt"
    # recommendation: "Forvaltningen indstiller, at …"
    # points:
    #   - number: "1"
    #     text: "…"
    #     outcome: godkendt      # outcomes: godkendt, godkendt-med-aendringer, anbefalet, forkastet, …
    # decision: "…"
    # concerns: [organisation/strategi]
""",
    "page": """---
type: page
title: "{title}"
# menu: 2                      # position in the footer menu
# image:                       # a photo, logo or diagram in this folder: JPEG, PNG or WebP
#   src: "foto.jpg"
#   alt: "Hvad billedet viser"  # required; or decorative: true for an image that adds nothing to the text
#   caption: "…"
---
Tekst i Markdown.
""",
}
MARKDOWN_KINDS = {"strategy", "page"}


def new_record(content_dir: Path, kind: str, record_id: str) -> Path:
    """Write the skeleton; raise MessageError with an editor-readable reason."""
    if kind not in SKELETONS:
        raise MessageError(Message("msg_new_unknown_type", kind=kind, known=", ".join(SKELETONS)))
    record_id = record_id.strip("/")
    if not is_slug_path(record_id):
        raise MessageError(Message("msg_new_invalid_id", id=record_id))
    folder_kinds = {"organisation", "strategy", "track"}
    suffix = ".md" if kind in MARKDOWN_KINDS else ".yaml"
    path = content_dir / (f"{record_id}/index{suffix}" if kind in folder_kinds else f"{record_id}{suffix}")
    existing = [
        p
        for p in (
            content_dir / f"{record_id}.yaml",
            content_dir / f"{record_id}.md",
            content_dir / record_id / "index.yaml",
            content_dir / record_id / "index.md",
        )
        if p.exists()
    ]
    if existing:
        raise MessageError(Message("msg_new_exists", path=str(existing[0])))
    path.parent.mkdir(parents=True, exist_ok=True)
    title = record_id.rsplit("/", 1)[-1].replace("-", " ").capitalize()
    path.write_text(SKELETONS[kind].format(title=title), encoding="utf-8")
    return path
