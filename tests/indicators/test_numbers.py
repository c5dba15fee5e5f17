import math

import pytest

from indicators.numbers import format_number, infer_decimal, parse_column, parse_number


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (" 1 675    ", 1675.0),
        ("-  23    ", -23.0),
        ("-", 0.0),
        ("9,7", 9.7),
        ("1.234,5", 1234.5),
        ("12 345", 12345.0),
        ("\u2212 4,5", -4.5),
        ("0", 0.0),
        ("26\u00a0493", 26493.0),
        (12.5, 12.5),
        (3, 3.0),
    ],
)
def test_parse_number_german(cell, expected):
    assert parse_number(cell) == (expected, None)


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        (".", "unknown"),
        ("x", "not_meaningful"),
        ("X", "not_meaningful"),
        ("*", "suppressed"),
        ("<3", "suppressed"),
        ("< 5", "suppressed"),
        ("...", "not_yet_available"),
        ("/", "uncertain"),
        ("", "missing"),
        ("   ", "missing"),
        (None, "missing"),
        ("abc", "unparsable"),
        ("1,2,3", "unparsable"),
    ],
)
def test_symbols_stay_missing_with_reason(cell, reason):
    value, why = parse_number(cell)
    assert math.isnan(value)
    assert why == reason


def test_lone_dash_is_exactly_zero_not_missing():
    assert parse_number(" - ") == (0.0, None)


def test_decimal_point_column_never_multiplies():
    parsed = parse_column(["12.5", "3.25", "100"])
    assert parsed.decimal == "point"
    assert parsed.values.tolist() == [12.5, 3.25, 100.0]


def test_comma_anywhere_makes_dots_thousands():
    parsed = parse_column(["1.234", "5,5", "."])
    assert parsed.decimal == "comma"
    assert parsed.values[:2].tolist() == [1234.0, 5.5]
    assert parsed.reasons == [None, None, "unknown"]


def test_infer_decimal_all_three_digit_groups_is_german():
    assert infer_decimal(["1.234", "12.500"]) == "comma"
    assert infer_decimal(["12.5", "1.234"]) == "point"


def test_format_number_languages():
    assert format_number(12345.678, lang="de") == "12.345,7"
    assert format_number(12345.678, lang="en") == "12,345.7"
    assert format_number(float("nan")) == "–"
