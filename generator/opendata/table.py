"""CSV of initiatives and measures, one row each, made to open correctly in Danish Excel.

Danish Excel splits columns at the list separator of Danish Windows, which is `;` because `,` is
the decimal mark; it reads a file as UTF-8 only when it starts with a byte order mark (otherwise
æ, ø and å come out garbled). So: UTF-8 with BOM, `;`, CRLF line ends, fields quoted as RFC 4180
says (only when they hold `;`, `"` or a line break), numbers with a decimal comma."""

from __future__ import annotations

import csv
import datetime as dt
import io

from ..model import Record, Site
from ..rollup import BUCKETS, held_to_deadlines, initiative_bucket, measure_bucket
from .bulk import scope, strategies, subtree
from .urls import absolute

COLUMNS = ("type", "id", "adresse", "organisation", "strategi", "spor", "nummer", "titel", "status", "fremdrift",
           "start", "frist", "slut", "rolle", "ansvarlige", "partnere", "målgrupper", "temaer", "målværdi", "enhed",
           "basisværdi", "aktuel værdi", "sidst opdateret")
LIST_JOIN = " | "  # between the items of a list in one cell (names may hold commas)
INITIATIVE, MEASURE = "indsats", "målepunkt"


def danish_number(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",")


def iso(date) -> str:
    return date.iso() if date else ""


def rows(site: Site, initiative: Record, base_url: str, today: dt.date) -> list[dict[str, str]]:
    """The initiative's row and one row per measure."""
    data, held = initiative.data, held_to_deadlines(initiative)
    label = site.label
    track = initiative.parent if initiative.parent and initiative.parent.type == "track" else None
    strategy, organisation = initiative.nearest("strategy"), initiative.nearest("organisation")
    address = absolute(base_url, initiative.url) or initiative.url
    shared = {"organisation": organisation.name if organisation else "", "strategi": strategy.name if strategy else "",
              "spor": track.name if track else "", "nummer": data.get("number") or "",
              "sidst opdateret": initiative.updated.isoformat() if initiative.updated else ""}
    found = [shared | {
        "type": INITIATIVE, "id": initiative.id, "adresse": address, "titel": initiative.name,
        "status": label("statuses", data.get("status")), "fremdrift": BUCKETS[initiative_bucket(initiative, held, today)],
        "start": iso(data.get("start")), "frist": iso(data.get("deadline")), "slut": iso(data.get("end")),
        "rolle": label("roles", data.get("role")), "ansvarlige": LIST_JOIN.join(data["responsible"]),
        "partnere": LIST_JOIN.join(data["partners"]),
        "målgrupper": LIST_JOIN.join(label("audiences", key) for key in data["audience"]),
        "temaer": LIST_JOIN.join(label("themes", key) for key in data["themes"]),
    }]
    for number, measure in enumerate(data["measures"], 1):
        anchor = measure.get("id") or f"maalepunkt-{number}"
        found.append(shared | {
            "type": MEASURE, "id": f"{initiative.id}#{anchor}", "adresse": f"{address}#{anchor}", "titel": measure["text"],
            "status": label("statuses", measure.get("status")),
            "fremdrift": BUCKETS[measure_bucket(initiative, measure, held, today)], "frist": iso(measure.get("deadline")),
            "målværdi": danish_number(measure.get("target")), "enhed": measure.get("unit") or "",
            "basisværdi": danish_number(measure.get("baseline")), "aktuel værdi": danish_number(measure.get("actual")),
        })
    return found


def bulk_csv(site: Site, strategy: Record | None, base_url: str, today: dt.date, reads: set[str]) -> bytes:
    scope(site, strategy, reads)
    initiatives = [record for listed in ([strategy] if strategy else strategies(site)) for record in subtree(listed)
                   if record.type == "initiative"]  # strategy by strategy, each in the order its pages show them
    for initiative in initiatives:  # their organisation, strategy and track are named in every row
        reads.update(ancestor.id for ancestor in initiative.ancestors())
    text = io.StringIO()
    writer = csv.DictWriter(text, COLUMNS, restval="", delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    for initiative in initiatives:
        writer.writerows(rows(site, initiative, base_url, today))
    return text.getvalue().encode("utf-8-sig")
