"""A record's committed changes in words, in the page's language ("Status ændret fra Planlagt til I gang")."""

from __future__ import annotations

from collections.abc import Callable

from generator.content.changes import Change, ChangeItem
from generator.core.dates import parse_date
from generator.core.i18n import Catalogue

STATUS_VOCABULARY = {"strategy": "lifecycle"}  # other records' status is an initiative's or measure's


def field_name(field: str, t: Catalogue) -> str:
    """What readers call a field ("frist", "beskrivelse"); a field without a name of its own is "oplysninger"."""
    names = t.messages["change_fields"]
    return names.get(field) or names.get(field.rsplit(".", 1)[-1]) or names["other"]


def shown(value: str, kind: str, field: str, record_type: str, t: Catalogue, label: Callable[[str, str], str]) -> str:
    if kind == "status" or field == "status":
        return label(STATUS_VOCABULARY.get(record_type, "statuses") if kind == "status" else "statuses", value)
    if kind in ("deadline", "date") or field in ("deadline", "date"):
        try:
            return t.date(parse_date(value))
        except ValueError:
            return value
    try:
        return t.number(float(value))
    except ValueError:
        return value


def describe(item: ChangeItem, record_type: str, t: Catalogue, label: Callable[[str, str], str]) -> str:
    """One item of a change as a sentence without a full stop."""
    if item.kind in ("created", "moved"):
        return t(f"change_{item.kind}")
    if item.kind in ("measure_added", "measure_removed"):
        return t(f"change_{item.kind}", subject=item.subject)
    name = field_name(item.field, t)
    if item.before is None and item.after is None:
        sentence = t("change_revised", field=name)
    elif item.before is None:
        assert item.after is not None
        sentence = t("change_set", field=name, after=shown(item.after, item.kind, item.field, record_type, t, label))
    elif item.after is None:
        sentence = t("change_unset", field=name, before=shown(item.before, item.kind, item.field, record_type, t, label))
    else:
        sentence = t(
            "change_from_to",
            field=name,
            before=shown(item.before, item.kind, item.field, record_type, t, label),
            after=shown(item.after, item.kind, item.field, record_type, t, label),
        )
    return t("change_in_measure", subject=item.subject, change=sentence) if item.kind == "measure_changed" else sentence


def describe_change(change: Change, record_type: str, t: Catalogue, label: Callable[[str, str], str]) -> list[str]:
    return [describe(item, record_type, t, label) for item in change.items]
