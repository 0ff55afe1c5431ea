"""helpers.reference.checks: one integer rule behind check_integer and check_years."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.reference.checks import YEARS_FORM, check_integer, check_years


@pytest.mark.parametrize("value", [2010, np.int64(2010), np.int32(2010)])
def test_integers_python_or_numpy_are_accepted_by_both(value):
    assert check_integer(value, "year") == 2010 and type(check_integer(value, "year")) is int
    assert check_years(value) == [2010] and type(check_years(value)[0]) is int


@pytest.mark.parametrize("value", [True, np.True_, 2010.0, "2010", None])
def test_the_same_values_are_refused_by_both(value):
    with pytest.raises(ValueError, match=r"^year=.* must be an integer \(e\.g\. 2022\), not a"):
        check_integer(value, "year")
    with pytest.raises(ValueError, match=r"^years must be integers; got "):
        check_years(value)
    with pytest.raises(ValueError, match=r"^years must be integers; got "):
        check_years([2010, value])


def test_bounds_are_inclusive_and_named():
    assert check_integer(2, "min_events", minimum=2) == 2
    assert check_integer(9, "k", minimum=3, maximum=9) == 9
    with pytest.raises(ValueError, match="^min_events=1 is out of range; use a whole number "
                                         "from 2.$"):
        check_integer(1, "min_events", minimum=2)
    with pytest.raises(ValueError, match="^k=10 is out of range; use a whole number from 3 to "
                                         "9.$"):
        check_integer(10, "k", minimum=3, maximum=9)
    with pytest.raises(ValueError, match="^decimals=5 is out of range; use a whole number to "
                                         "4.$"):
        check_integer(5, "decimals", maximum=4)


def test_years_forms():
    assert check_years((2006, 2009)) == [2006, 2007, 2008, 2009]
    assert check_years([2012, 2010, 2012]) == [2010, 2012]
    assert check_years([2012, 2010, 2012], keep_order=True) == [2012, 2010]
    assert check_years(range(2010, 2013)) == [2010, 2011, 2012]
    assert check_years(pd.Series([2011, 2010]).unique()) == [2010, 2011]
    assert check_years({2014}) == [2014]


def test_years_messages_name_the_bad_values_and_the_accepted_forms():
    with pytest.raises(ValueError) as err:
        check_years([2010, 2011.0, None, "2012", 2013.5])
    message = str(err.value)
    assert "2011.0 (float), None (NoneType), '2012' (str)" in message
    assert "2013.5" not in message  # three are enough
    assert message.endswith(f"Give {YEARS_FORM}.")
    with pytest.raises(ValueError, match=r"years must be integers; got \{2010: 'a'\} \(dict\)"):
        check_years({2010: "a"})
    with pytest.raises(ValueError, match=r"span is empty \(\[\]\): it would select nothing"):
        check_years([], "span")
    with pytest.raises(ValueError, match="a tuple is read as a span"):
        check_years((2006, 2008, 2010))
    with pytest.raises(ValueError, match="a tuple is read as a span"):
        check_years((True, 2010))
    with pytest.raises(ValueError, match="the first year 2012 is after the last 2006"):
        check_years((2012, 2006))
