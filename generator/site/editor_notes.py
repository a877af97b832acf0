"""`build.py check --notes`: every editor note in the content, where the source was unclear."""

from __future__ import annotations

from collections.abc import Iterator

from generator.model.records import Site


def editor_notes(site: Site) -> list[str]:
    """One line per note: the record's file, the field path of the note, and the note on one line."""
    return [
        f"{record.path}: {where}: {' '.join(note.split())}"
        for record in sorted(site.records.values(), key=lambda r: r.path)
        for where, note in notes_in(record.data)
    ]


def notes_in(value: object, where: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, sub in value.items():
            here = f"{where}.{key}" if where else key
            if key == "editor_note":
                if sub:
                    yield here, str(sub)
            else:
                yield from notes_in(sub, here)
    elif isinstance(value, list):
        for number, item in enumerate(value, 1):  # numbered from 1, as `check --stale` numbers measures
            yield from notes_in(item, f"{where}[{number}]")
