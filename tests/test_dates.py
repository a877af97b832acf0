import datetime as dt

import pytest

from generator.core.dates import parse_date


@pytest.mark.parametrize(
    ("text", "precision", "first", "last", "danish"),
    [
        ("2021", "year", dt.date(2021, 1, 1), dt.date(2021, 12, 31), "2021"),
        ("2021-H2", "half", dt.date(2021, 7, 1), dt.date(2021, 12, 31), "2. halvår 2021"),
        ("2021-Q1", "quarter", dt.date(2021, 1, 1), dt.date(2021, 3, 31), "1. kvartal 2021"),
        ("2024-02", "month", dt.date(2024, 2, 1), dt.date(2024, 2, 29), "februar 2024"),
        ("2011-06-14", "day", dt.date(2011, 6, 14), dt.date(2011, 6, 14), "14. juni 2011"),
    ],
)
def test_dates_keep_their_precision(text, precision, first, last, danish):
    date = parse_date(text)
    assert date.precision == precision
    assert (date.first_day(), date.last_day()) == (first, last)
    assert date.danish() == danish
    assert date.iso() == text


def test_unknown_date_is_allowed():
    assert not parse_date("ukendt").known
    assert parse_date("unknown").danish() == "ukendt"


@pytest.mark.parametrize("text", ["2021-02-29", "2021-13", "2021-H3", "medio 2023", "2023-Q5", "21-06-2011"])
def test_impossible_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse_date(text)
