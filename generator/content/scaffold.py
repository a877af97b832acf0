"""`build.py new KIND ID`: a commented skeleton for any record type, in a folder where it belongs,
numbered after its siblings. Every text the editor must replace is marked TODO: (validate.PLACEHOLDER),
which `check` reports until it is replaced."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

import yaml

from generator.content import schema as s
from generator.content.folder import is_settings, path_to_id
from generator.content.load import content_files, load_file
from generator.content.tree import Tree, folders_above, parent_of
from generator.core.messages import Message, MessageError
from generator.core.problems import Problems
from generator.core.slugs import is_slug_path

_NUMBER = re.compile(r"[0-9]{1,15}(?:\.[0-9]{1,15})*")  # a longer part is no number an editor counts with

SKELETONS = {
    "organisation": """type: organisation
name: "{title}"
kind: kommune                  # organisation_kinds: kommune, kkr, region, national, partnerskab, andet
summary: "TODO: Én til tre sætninger om organisationen."
# web: "TODO: https://…"
# address: "TODO: Vej 1, 1234 By"
# contact:
#   name: "TODO: Navn"
#   email: "TODO: navn@kommune.dk"
# image:                       # a photo, logo or diagram in this folder: JPEG, PNG or WebP
#   src: "foto.jpg"
#   alt: "TODO: Hvad billedet viser"  # required; or decorative: true for an image that adds nothing to the text
#   caption: "TODO: Billedtekst"
""",
    "strategy": """---
type: strategy
title: "{title}"
kind: strategi                 # strategy_kinds: politik, strategi, handleplan, plan, projekt, kommissorium, koncept, kapitel
status: udkast                 # lifecycle: planlagt, udkast, hoering, vedtaget, udloebet, erstattet
# start: 2024                  # dates: 2024, 2024-H2, 2024-Q3, 2024-06, 2024-06-14 or ukendt
# end: 2030
# as_of: 2024-06               # the date the content describes
summary: "TODO: Én til tre sætninger om strategien."
# vision: "TODO: Visionen"
track_label: "Spor"            # what the strategy calls its tracks: Spor, Indsatsspor, Ben, Drivkraft …
# goals:
#   - title: "TODO: Målet"
#     value: 100
#     unit: "%"
#     deadline: 2030
# key_figures:
#   - label: "TODO: Hvad tallet viser"
#     value: 1400              # never 1.400
# themes: [klima]
# image:                       # a photo, logo or diagram in this folder: JPEG, PNG or WebP
#   src: "foto.jpg"
#   alt: "TODO: Hvad billedet viser"  # required; or decorative: true for an image that adds nothing to the text
#   caption: "TODO: Billedtekst"
# sources:
#   - title: "TODO: Kildens titel"
#     location: "TODO: s. 3"
# In the text below, link to any record by its id: [tekst](id:organisation/strategi)
---
TODO: Brødtekst i Markdown.
""",
    "track": """type: track
number: {number}
title: "{title}"
summary: "TODO: Én sætning om sporet."
# goal: "TODO: Sporets mål."
""",
    "initiative": """type: initiative
number: {number}
title: "{title}"
summary: "TODO: Én til tre sætninger om indsatsen."
status: planlagt               # statuses: planlagt, i-gang, loebende, gennemfoert, udskudt, opgivet, ukendt
# deadline: 2025-H2
# role: selv                   # roles: selv, medejer, faellesskab
# responsible: ["TODO: Den ansvarlige enhed"]
# audience: [virksomheder]
# themes: [klima]
# measures:
#   - text: "TODO: Hvad der måles"
#     target: 10
#     unit: "stk."
#     deadline: 2025
#     status: planlagt
# image:                       # a photo, logo or diagram in this folder: JPEG, PNG or WebP
#   src: "foto.jpg"
#   alt: "TODO: Hvad billedet viser"  # required; or decorative: true for an image that adds nothing to the text
#   caption: "TODO: Billedtekst"
""",
    "offer": """type: offer
title: "{title}"
summary: "TODO: Hvad virksomheden eller borgeren får."
# promise: "TODO: Svar inden 24 timer"
# contact:
#   name: "TODO: Navn"
#   phone: "TODO: Telefonnummer"
# needs: [rekruttering]        # needs: rekruttering, sagsbehandling-og-byggesag, energi-og-klima, …
# audience: [smv]
# initiatives: [organisation/strategi/spor/indsats]
""",
    "meeting": """type: meeting
title: "{title}"
committee: "TODO: Udvalgets navn"
date: ukendt                   # 2024-06-14, or ukendt
items:
  - number: "1"
    title: "TODO: Punktets titel"
    # recommendation: "TODO: Forvaltningen indstiller, at …"
    # points:
    #   - number: "1"
    #     text: "TODO: Punktets tekst"
    #     outcome: godkendt      # outcomes: godkendt, godkendt-med-aendringer, anbefalet, forkastet, …
    # decision: "TODO: Udvalgets beslutning"
    # concerns: [organisation/strategi]
""",
    "page": """---
type: page
title: "{title}"
# menu: 2                      # position in the footer menu
# image:                       # a photo, logo or diagram in this folder: JPEG, PNG or WebP
#   src: "foto.jpg"
#   alt: "TODO: Hvad billedet viser"  # required; or decorative: true for an image that adds nothing to the text
#   caption: "TODO: Billedtekst"
---
TODO: Tekst i Markdown.
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
    tree = content_tree(content_dir, path.relative_to(content_dir).as_posix(), record_id, kind)
    parent = check_place(tree, kind, record_id)
    number = free_number(content_dir, tree, kind, record_id, parent)
    path.parent.mkdir(parents=True, exist_ok=True)
    title = record_id.rsplit("/", 1)[-1].replace("-", " ").capitalize()
    path.write_text(SKELETONS[kind].format(title=title, number=json.dumps(number, ensure_ascii=False)), encoding="utf-8")
    return path


def content_tree(content_dir: Path, new_rel: str, record_id: str, kind: str) -> Tree:
    """The content folder's record files with the new one among them, and the types of all that its
    place depends on: the records above it, and those below any folder above it without a record."""
    rels = content_files(content_dir) if content_dir.is_dir() else []
    files = {rel: path_to_id(rel) for rel in rels if not is_settings(rel)}
    above, own = set(folders_above(record_id)), set(files.values())
    without_record = tuple(f"{folder}/" for folder in above - own)
    kinds = {}
    for rel, path_id in files.items():
        if path_id not in kinds and (path_id in above or rel.startswith(without_record)):
            kinds[path_id] = read_fields(content_dir, rel).get("type", "")
    files[new_rel], kinds[record_id] = record_id, kind
    return Tree(files, kinds)


def check_place(tree: Tree, kind: str, record_id: str) -> str | None:
    """The path id of the record a new `kind` at `record_id` would belong to (None for a kind that
    belongs to none); MessageError when a folder above it lacks its record, or none is of a kind it
    can belong to: `check` would report either."""
    missing = tree.first_without_record(record_id)
    if missing is not None:
        raise MessageError(Message("msg_new_folder_without_record", folder=missing, hint=tree.hint(missing), why=tree.why(missing)))
    wanted = s.PARENT_TYPES.get(kind)
    if not wanted:
        return None
    folders = folders_above(record_id)
    parent = next((folder for folder in reversed(folders) if tree.kinds.get(folder) in wanted), None)
    if parent is None:
        unknown = next((folder for folder in folders if folder not in tree.own), None)
        hint = tree.hint(unknown) if unknown is not None else ""
        raise MessageError(Message("msg_new_no_parent", kind=kind, wanted=tuple(f"'{each}'" for each in wanted), id=record_id, hint=hint))
    return parent


def free_number(content_dir: Path, tree: Tree, kind: str, record_id: str, parent: str | None) -> str:
    """For a track or an initiative: the number after the highest of its kind in the same folder,
    within the number of the track it belongs to (4.19 after 4.18). '' for the other kinds."""
    if kind not in ("track", "initiative"):
        return ""
    folder = parent_of(record_id)
    taken = []
    within = ""
    for rel, path_id in tree.files.items():
        if parent_of(path_id) == folder and path_id != record_id:
            fields = read_fields(content_dir, rel)
            if fields.get("type") == kind and "number" in fields:
                taken.append(fields["number"])
        if path_id == parent and kind == "initiative" and tree.kinds.get(parent) == "track":
            within = read_fields(content_dir, rel).get("number", "")
    return next_number(taken, within)


def number_parts(number: str) -> tuple[int, ...] | None:
    """'4.18' → (4, 18); None for a number that is not whole numbers joined by dots."""
    number = number.strip()
    return tuple(int(part) for part in number.split(".")) if _NUMBER.fullmatch(number) else None


def next_number(taken: Iterable[str], within: str = "") -> str:
    """The number after the highest of `taken`, each part compared as a number (4.10 after 4.9):
    after the highest numbered within `within` if any is (4.19 after 4.18 within 4, A.3 after A.2
    within A), else after the highest of all; the first within `within` (4.1, or 1 without it)
    when none of `taken` is a number."""
    within, taken = within.strip(), [number.strip() for number in taken]
    inside = [number.removeprefix(f"{within}.") for number in taken if within and number.startswith(f"{within}.")]
    for numbers, prefix in ((inside, f"{within}."), (taken, "")):
        highest = max((parts for parts in map(number_parts, numbers) if parts is not None), default=None)
        if highest is not None:
            return prefix + ".".join(str(part) for part in (*highest[:-1], highest[-1] + 1))
    return f"{within}.1" if within else "1"


def read_fields(content_dir: Path, rel: str) -> dict[str, str]:
    """The fields of a record file that hold a single value, as text; {} when it cannot be read
    (check reports why)."""
    source = load_file(content_dir / rel, content_dir, Problems())
    if source is None:
        return {}
    return {
        str(key.value): str(value.value)
        for key, value in source.node.value
        if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode)
    }
