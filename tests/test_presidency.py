import datetime as dt

import pandas as pd
import pytest

from helpers.reference.presidency import TERMS, presidency_on, term, terms_table


@pytest.mark.parametrize(
    ("day", "key"),
    [
        ("2000-11-30", "zedillo"),
        ("2000-12-01", "fox"),
        ("2006-11-30", "fox"),
        ("2006-12-01", "calderon"),
        ("2012-11-30", "calderon"),
        ("2012-12-01", "pena_nieto"),
        ("2015-03-04", "pena_nieto"),
        ("2018-12-01", "lopez_obrador"),
        ("2024-09-30", "lopez_obrador"),
        ("2024-10-01", "sheinbaum"),
        ("2026-11-26", "sheinbaum"),
    ],
)
def test_terms_change_on_their_first_day(day, key):
    assert presidency_on(day).key == key


def test_accepts_dates_timestamps_and_datetimes():
    assert presidency_on(dt.date(2010, 1, 1)).key == "calderon"
    assert presidency_on(pd.Timestamp("2014-02-22")).key == "pena_nieto"
    assert presidency_on(dt.datetime(2001, 5, 1, 12)).key == "fox"


def test_terms_are_contiguous():
    for before, after in zip(TERMS, TERMS[1:], strict=False):
        assert before.end + dt.timedelta(days=1) == after.start


def test_bad_dates_and_keys_raise_clear_errors():
    with pytest.raises(ValueError, match="before the first term"):
        presidency_on("1980-01-01")
    with pytest.raises(ValueError, match="ISO string"):
        presidency_on("last Tuesday")
    with pytest.raises(ValueError, match="use one of: salinas"):
        term("obama")


def test_terms_table():
    table = terms_table()
    assert table.key.tolist()[-1] == "sheinbaum"
    assert table.end.isna().sum() == 1
