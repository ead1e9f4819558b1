"""§4.2 salary income: every step of the statutory table, the 4,000-yen rounding, and the
minimum deductions of 令和8年度 (650,000) and 令和9年度 (740,000)."""

from __future__ import annotations

import pytest

from app.tax.incomes import salary_income
from app.tax.params import load_params

CASES_2025 = [
    (0, 0),
    (550_999, 0),
    (551_000, 1_000),  # first yen above the 550,000 minimum
    (1_618_999, 1_068_999),
    (1_619_000, 1_069_000),
    (1_619_999, 1_069_000),
    (1_620_000, 1_070_000),
    (1_621_999, 1_070_000),
    (1_622_000, 1_072_000),
    (1_623_999, 1_072_000),
    (1_624_000, 1_074_000),
    (1_627_999, 1_074_000),
    (1_628_000, 1_076_800),  # A = 1,628,000: A × 0.6 + 100,000
    (1_631_999, 1_076_800),  # same 4,000-yen step
    (1_632_000, 1_079_200),
    (1_799_999, 1_177_600),  # A = 1,796,000
    (1_800_000, 1_180_000),  # A × 0.7 − 80,000
    (3_599_999, 2_437_200),  # A = 3,596,000
    (3_600_000, 2_440_000),  # A × 0.8 − 440,000
    (5_500_000, 3_960_000),  # the Yokohama example
    (6_599_999, 4_836_800),  # A = 6,596,000
    (6_600_000, 4_840_000),  # floor(R × 0.9) − 1,100,000
    (6_600_001, 4_840_000),
    (8_499_999, 6_549_999),
    (8_500_000, 6_550_000),  # R − 1,950,000
    (10_000_000, 8_050_000),
]


@pytest.mark.parametrize(("revenue", "income"), CASES_2025)
def test_salary_table_2025(revenue: int, income: int) -> None:
    assert salary_income(revenue, load_params(2025).salary_bands) == income


@pytest.mark.parametrize(
    ("revenue", "income"),
    [
        (650_999, 0),
        (651_000, 1_000),
        (1_000_000, 350_000),
        (1_899_999, 1_249_999),
        (1_900_000, 1_250_000),  # continuous with A × 0.7 − 80,000 at 1,900,000 (§4.9)
        (1_903_999, 1_250_000),
        (1_904_000, 1_252_800),
        (5_500_000, 3_960_000),
    ],
)
def test_salary_table_2026_minimum_650000(revenue: int, income: int) -> None:
    assert salary_income(revenue, load_params(2026).salary_bands) == income


@pytest.mark.parametrize(
    ("revenue", "income"),
    [
        (740_999, 0),
        (741_000, 1_000),
        (1_500_000, 760_000),  # §4.10: 1,500,000 → 760,000
        (1_899_999, 1_159_999),
        (1_900_000, 1_160_000),  # the 740,000 minimum still binds above 1.9 M
        (2_000_000, 1_260_000),
        (2_199_999, 1_457_200),  # the table wins again near 2.19 M
        (3_000_000, 2_020_000),
    ],
)
def test_salary_table_2027_minimum_740000(revenue: int, income: int) -> None:
    assert salary_income(revenue, load_params(2027).salary_bands) == income


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_salary_income_never_decreases(year: int) -> None:
    bands = load_params(year).salary_bands
    previous = 0
    for revenue in range(500_000, 2_400_000, 997):
        income = salary_income(revenue, bands)
        assert income >= previous
        previous = income
