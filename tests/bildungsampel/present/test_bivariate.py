import pytest

from bildungsampel.present import palettes


def _luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_bivariate_hand_checked_ends():
    # #0072b2 mixed 80 % with white: 0 + .8*255 = 204 (cc), 114 + .8*141 = 226.8 (e3), ...
    # darkened by a third: 114 * 2/3 = 76 (4c), 178 * 2/3 = 118.7 (77)
    assert palettes.bivariate(2, ("#0072b2",)) == [["#cce3f0"], ["#004c77"]]


@pytest.mark.parametrize("levels", [2, 3, 4, 5])
def test_bivariate_status_darkens_in_every_column_so_it_reads_in_greyscale(levels):
    grid = palettes.bivariate(levels)
    assert len(grid) == levels
    assert all(len(row) == 3 for row in grid)
    for col in range(3):
        lum = [_luminance(row[col]) for row in grid]
        assert lum == sorted(lum, reverse=True)
        assert lum[0] - lum[-1] > 0.4
    assert len({c for row in grid for c in row}) == 3 * levels


def test_bivariate_refuses_an_empty_legend():
    with pytest.raises(ValueError, match="≥ 1 level"):
        palettes.bivariate(0)
