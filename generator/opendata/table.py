"""CSV of initiatives and measures, one row each, made to open correctly in Danish Excel.

Danish Excel splits columns at the list separator of Danish Windows, which is `;` because `,` is
the decimal mark, and reads a file as UTF-8 only when it starts with a byte order mark (without it
æ, ø and å come out garbled). So: UTF-8 with BOM, `;`, CRLF line ends, fields quoted as RFC 4180
says (only when they hold `;`, `"` or a line break), numbers with a decimal comma so Excel reads
them as numbers (12,5), dates as ISO text (2021-06-30; a partial date such as 2021-H2 stays text).
Python's csv module reads it back with the DIALECT below and encoding utf-8-sig."""

from __future__ import annotations

import csv
import datetime as dt
import io

from generator.core import spreadsheet
from generator.core.dates import PartialDate
from generator.model.deadlines import initiative_state, measure_state
from generator.model.records import Record, Site
from generator.model.targets import actual_of, percent, series_of
from generator.site.route import absolute_base

DIALECT, ENCODING = spreadsheet.DanishExcel, spreadsheet.ENCODING  # also how the tables are read back
COLUMNS = (
    "type",
    "id",
    "adresse",
    "organisation",
    "strategi",
    "spor",
    "nummer",
    "titel",
    "status",
    "fristtilstand",
    "start",
    "frist",
    "slut",
    "rolle",
    "ansvarlige",
    "partnere",
    "målgrupper",
    "temaer",
    "målværdi",
    "enhed",
    "basisværdi",
    "aktuel værdi",
    "andel af vejen",
    "måleserie",
    "sidst opdateret",
)
LIST_JOIN = " | "  # between the items of a list in one cell (names may hold commas)
INITIATIVE, MEASURE = "indsats", "målepunkt"


def danish_number(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",")


def iso(date: PartialDate | None) -> str:
    return date.iso() if date else ""


def row_reads(initiative: Record) -> list[Record]:
    """An initiative's rows name its organisation, strategy and track, and its strategy's as_of
    dates its statuses (deadline states)."""
    return [initiative, *initiative.ancestors()]


def rows(site: Site, initiative: Record, today: dt.date) -> list[dict[str, str]]:
    """The initiative's row and one row per measure (labels in the site's main language; addresses
    absolute when site.yaml names the base URL, else relative to the site's root)."""
    data, label = initiative.data, site.label
    state = next(iter(site.catalogues.values())).deadline_state
    track = initiative.parent if initiative.parent and initiative.parent.type == "track" else None
    strategy, organisation = initiative.nearest("strategy"), initiative.nearest("organisation")
    address = absolute_base(site.settings.get("base_url")) + initiative.url
    shared = {
        "organisation": organisation.name if organisation else "",
        "strategi": strategy.name if strategy else "",
        "spor": track.name if track else "",
        "nummer": data.get("number") or "",
        "sidst opdateret": initiative.updated.isoformat() if initiative.updated else "",
    }
    found = [
        shared
        | {
            "type": INITIATIVE,
            "id": initiative.id,
            "adresse": address,
            "titel": initiative.name,
            "status": label("statuses", data.get("status")),
            "fristtilstand": state(initiative_state(initiative, today)),
            "start": iso(data.get("start")),
            "frist": iso(data.get("deadline")),
            "slut": iso(data.get("end")),
            "rolle": label("roles", data.get("role")),
            "ansvarlige": LIST_JOIN.join(data["responsible"]),
            "partnere": LIST_JOIN.join(data["partners"]),
            "målgrupper": LIST_JOIN.join(label("audiences", key) for key in data["audience"]),
            "temaer": LIST_JOIN.join(label("themes", key) for key in data["themes"]),
        }
    ]
    for number, measure in enumerate(data["measures"], 1):
        anchor = measure.get("id") or f"maalepunkt-{number}"
        found.append(
            shared
            | {
                "type": MEASURE,
                "id": f"{initiative.id}#{anchor}",
                "adresse": f"{address}#{anchor}",
                "titel": measure["text"],
                "status": label("statuses", measure.get("status")),
                "fristtilstand": state(measure_state(initiative, measure, today)),
                "frist": iso(measure.get("deadline")),
                "målværdi": danish_number(measure.get("target")),
                "enhed": measure.get("unit") or "",
                "basisværdi": danish_number(measure.get("baseline")),
                "aktuel værdi": danish_number(actual_of(measure)),
                "andel af vejen": danish_number(percent(measure)),
                "måleserie": LIST_JOIN.join(f"{point['date'].iso()}: {danish_number(point['value'])}" for point in series_of(measure)),
            }
        )
    return found


NUMBER_COLUMNS = frozenset(("målværdi", "basisværdi", "aktuel værdi", "andel af vejen"))


def inert(column: str, value: str) -> str:
    """Text that could run as a formula in Excel, made inert (spreadsheet.inert_text); not numbers."""
    return value if column in NUMBER_COLUMNS else spreadsheet.inert_text(value)


def encode(records: list[dict[str, str]] | None) -> bytes:
    """CSV lines as UTF-8 (no BOM): the header for None, else the rows."""
    text = io.StringIO()
    writer = csv.DictWriter(text, COLUMNS, restval="", dialect=DIALECT)
    if records is None:
        writer.writeheader()
    else:
        writer.writerows({column: inert(column, value) for column, value in record.items()} for record in records)
    return text.getvalue().encode("utf-8")


HEADER = b"\xef\xbb\xbf" + encode(None)  # the byte order mark, then the column names
