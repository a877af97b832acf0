"""CSV made to open correctly in Danish Excel: the open data's tables and `check --stale --format csv`.

Danish Excel splits columns at the list separator of Danish Windows, which is `;` because `,` is
the decimal mark, and reads a file as UTF-8 only when it starts with a byte order mark (without it
æ, ø and å come out garbled). So: UTF-8 with BOM, `;`, CRLF line ends, fields quoted as RFC 4180
says (only when they hold `;`, `"` or a line break). Python's csv module reads it back with
DanishExcel and encoding utf-8-sig."""

from __future__ import annotations

import csv
import io


class DanishExcel(csv.Dialect):
    delimiter = ";"
    quotechar = '"'
    doublequote = True
    skipinitialspace = False
    lineterminator = "\r\n"
    quoting = csv.QUOTE_MINIMAL


ENCODING = "utf-8-sig"  # UTF-8 with a byte order mark
BOM = "\ufeff".encode()
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_text(value: str) -> str:
    """Excel runs a cell that starts with = + - or @ as a formula (=HYPERLINK(…) in a title would
    be a link to anywhere): such text gets a leading apostrophe, which Excel shows as text."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def excel_csv(columns: tuple[str, ...], rows: list[dict[str, str]]) -> bytes:
    """A whole file: byte order mark, the column names, then the rows (every cell text, made inert)."""
    text = io.StringIO()
    writer = csv.DictWriter(text, columns, restval="", dialect=DanishExcel)
    writer.writeheader()
    writer.writerows({column: inert_text(value) for column, value in row.items()} for row in rows)
    return BOM + text.getvalue().encode("utf-8")
