import numpy as np
import pytest
from statsmodels.stats.contingency_tables import Table
from statsmodels.stats.rates import confint_poisson

from indicators.stats import chi2_trend, poisson_interval, relative_change, wilson_interval


def test_wilson_hand_checked():
    low, high = wilson_interval(np.array([60.0]), np.array([100.0]))
    # p=.6, z=1.96: centre (.6+.019208)/1.038416, half 1.96*sqrt(.0024+.00009604)/1.038416
    assert low[0] == pytest.approx(0.502002, abs=1e-5)
    assert high[0] == pytest.approx(0.690603, abs=1e-5)


def test_wilson_matches_closed_form_on_random_inputs():
    rng = np.random.default_rng(1)
    n = rng.integers(1, 5000, 200).astype(float)
    x = np.floor(rng.uniform(0, 1, 200) * (n + 1))
    z = 1.959963984540054
    p = x / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    low, high = wilson_interval(x, n)
    np.testing.assert_allclose(low, centre - half, atol=1e-12)
    np.testing.assert_allclose(high, centre + half, atol=1e-12)


@pytest.mark.parametrize("confidence", [0.95, 0.998])
def test_wilson_matches_statsmodels(confidence):
    from statsmodels.stats.proportion import proportion_confint

    rng = np.random.default_rng(4)
    n = rng.integers(1, 3000, 100).astype(float)
    x = np.floor(rng.uniform(0, 1, 100) * (n + 1))
    low, high = wilson_interval(x, n, confidence=confidence)
    ref_low, ref_high = proportion_confint(x, n, alpha=1 - confidence, method="wilson")
    np.testing.assert_allclose(low, ref_low, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(high, ref_high, rtol=1e-9, atol=1e-12)


def test_wilson_zero_numerator_and_bad_denominator():
    low, high = wilson_interval(np.array([0.0, 5.0]), np.array([50.0, 0.0]))
    assert low[0] == pytest.approx(0.0, abs=1e-12)
    assert high[0] == pytest.approx(0.071348, abs=1e-5)
    assert np.isnan(low[1])
    assert np.isnan(high[1])


def test_poisson_exact_matches_statsmodels():
    rng = np.random.default_rng(2)
    counts = rng.integers(0, 300, 50).astype(float)
    exposure = rng.uniform(100, 10_000, 50)
    low, high = poisson_interval(counts, exposure)
    for c, e, lo, hi in zip(counts, exposure, low, high, strict=True):
        ref = confint_poisson(c, e, method="exact-c", alpha=0.05)
        assert lo == pytest.approx(ref[0], rel=1e-9, abs=1e-12)
        assert hi == pytest.approx(ref[1], rel=1e-9)


def test_chi2_trend_matches_statsmodels_ordinal_association():
    rng = np.random.default_rng(3)
    scores = np.arange(2016, 2021, dtype=float)
    dens = rng.integers(50, 500, (40, 5)).astype(float)
    probs = np.clip(rng.uniform(0.1, 0.5, (40, 1)) + rng.normal(0, 0.05, (40, 5)), 0.01, 0.99)
    nums = rng.binomial(dens.astype(int), probs).astype(float)
    z, p = chi2_trend(nums, dens, scores)
    for i in range(40):
        table = np.vstack([nums[i], dens[i] - nums[i]]).T
        ref = Table(table).test_ordinal_association(
            row_scores=scores, col_scores=np.array([1.0, 0.0])
        )
        assert z[i] == pytest.approx(ref.zscore, rel=1e-9)
        assert p[i] == pytest.approx(ref.pvalue, rel=1e-7)


def test_chi2_trend_skips_missing_periods_and_degenerate_rows():
    nums = np.array([[10, np.nan, 30, 40], [0, 0, 0, 0], [5, np.nan, np.nan, np.nan]])
    dens = np.array([[100, np.nan, 100, 100], [100, 100, 100, 100], [50, 50, 50, 50]])
    z, p = chi2_trend(nums, dens, np.arange(4.0))
    assert z[0] > 0
    assert p[0] < 0.001
    assert np.isnan(z[1])
    assert np.isnan(z[2])


def test_relative_change():
    values = np.array([[10.0, 11, 12, 13, 14], [5, 5, 5, 5, 5], [1, np.nan, np.nan, np.nan, 2]])
    change = relative_change(values, np.arange(5.0))
    assert change[0] == pytest.approx(4 / 12)
    assert change[1] == 0.0
    assert change[2] == pytest.approx(1 / 1.5)
