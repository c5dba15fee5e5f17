import pytest

from indicators.errors import ObservationError
from indicators.periods import matches_year, normalize_period, period_key, sort_periods


@pytest.mark.parametrize(
    ("raw", "label"),
    [
        (2023, "2023"),
        ("2023", "2023"),
        (2023.0, "2023"),
        ("2023.0", "2023"),
        ("2022/23", "2022/23"),
        ("2022/2023", "2022/23"),
        ("2022-23", "2022/23"),
        ("1999/00", "1999/00"),
        ("1999/2000", "1999/00"),
    ],
)
def test_normalize_period(raw, label):
    assert normalize_period(raw) == label


@pytest.mark.parametrize(
    ("raw", "match"),
    [
        ("2022/24", "consecutive"),
        ("Jahr", "neither a year"),
        ("1850", "plausible"),
    ],
)
def test_bad_periods(raw, match):
    with pytest.raises(ObservationError, match=match):
        normalize_period(raw)


def test_school_years_sort_between_calendar_years():
    assert sort_periods(["2023", "2022/23", "2022", "2021/22"]) == [
        "2021/22",
        "2022",
        "2022/23",
        "2023",
    ]
    assert period_key("2022/23") == 2022.5


def test_year_selects_school_year_ending_in_it():
    assert matches_year("2022/23", 2023)
    assert not matches_year("2023/24", 2023)
    assert matches_year("2023", "2023")
    assert matches_year("2022/23", "2022/23")
    assert not matches_year("2023", "2022/23")
