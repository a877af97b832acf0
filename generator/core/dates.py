"""Dates with the precision the source gives them: year, half, quarter, month, day or unknown."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

from generator.core.messages import Message, MessageError

MONTHS_DA = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"]
UNKNOWN_WORDS = {"ukendt", "unknown"}
_PATTERN = re.compile(r"(\d{4})(?:-(?:H([12])|Q([1-4])|(\d{1,2})(?:-(\d{1,2}))?))?")  # fullmatch

FORMAT_HINT = Message("msg_date_formats")  # write 2021, 2021-H2, 2021-Q3, 2021-06, 2021-06-14 or ukendt


class DateError(MessageError, ValueError):
    """A content date that is not one, with the reason in words for editors."""


@dataclass(frozen=True)
class PartialDate:
    """A date known to some precision. `precision` is year, half, quarter, month, day or unknown."""

    precision: str
    year: int = 0
    part: int = 0  # half (1-2), quarter (1-4) or month (1-12)
    day: int = 0

    @property
    def known(self) -> bool:
        return self.precision != "unknown"

    def first_day(self) -> dt.date:
        return self._bounds[0]

    def last_day(self) -> dt.date:
        return self._bounds[1]

    @functools.cached_property
    def _bounds(self) -> tuple[dt.date, dt.date]:
        """Worked out once per date: the timeline sorts tens of thousands of them on every build."""
        if not self.known:
            return dt.date.min, dt.date.max
        if self.precision == "day":
            day = dt.date(self.year, self.part, self.day)
            return day, day
        first, last = {
            "year": (1, 12),
            "half": (6 * self.part - 5, 6 * self.part),
            "quarter": (3 * self.part - 2, 3 * self.part),
            "month": (self.part, self.part),
        }[self.precision]
        return dt.date(self.year, first, 1), dt.date(self.year, last, calendar.monthrange(self.year, last)[1])

    def iso(self) -> str:
        if not self.known:
            return "ukendt"
        return {
            "year": f"{self.year}",
            "half": f"{self.year}-H{self.part}",
            "quarter": f"{self.year}-Q{self.part}",
            "month": f"{self.year}-{self.part:02d}",
            "day": f"{self.year}-{self.part:02d}-{self.day:02d}",
        }[self.precision]

    def danish(self) -> str:
        if not self.known:
            return "ukendt"
        if self.precision == "year":
            return str(self.year)
        if self.precision == "half":
            return f"{self.part}. halvår {self.year}"
        if self.precision == "quarter":
            return f"{self.part}. kvartal {self.year}"
        if self.precision == "month":
            return f"{MONTHS_DA[self.part - 1]} {self.year}"
        return f"{self.day}. {MONTHS_DA[self.part - 1]} {self.year}"

    def __str__(self) -> str:
        return self.danish()


def parse_date(text: str) -> PartialDate:
    """Parse a content date; raise DateError (a ValueError) with an editor-readable reason."""
    text = text.strip()
    if text.lower() in UNKNOWN_WORDS:
        return PartialDate("unknown")
    match = _PATTERN.fullmatch(text)
    if not match:
        raise DateError(Message("msg_not_a_date", text=text, formats=FORMAT_HINT))
    year, half, quarter, month, day = match.groups()
    year_n = int(year)
    if year_n == 0:  # datetime.date has no year 0: comparing or sorting such a date raised ValueError
        raise DateError(Message("msg_date_year_zero", text=text, formats=FORMAT_HINT))
    if half:
        return PartialDate("half", year_n, int(half))
    if quarter:
        return PartialDate("quarter", year_n, int(quarter))
    if month is None:
        return PartialDate("year", year_n)
    month_n = int(month)
    if not 1 <= month_n <= 12:
        raise DateError(Message("msg_date_no_month", text=text, month=month_n, formats=FORMAT_HINT))
    if day is None:
        return PartialDate("month", year_n, month_n)
    day_n = int(day)
    if not 1 <= day_n <= calendar.monthrange(year_n, month_n)[1]:
        raise DateError(Message("msg_date_no_day", text=text, month=PartialDate("month", year_n, month_n)))
    return PartialDate("day", year_n, month_n, day_n)
