"""§4.2 public pension income by age (65 at 31 December) and other income, and 所得金額調整控除."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from app.tax.incomes import pension_income
from app.tax.params import load_params

Tax = Callable[..., dict[str, Any]]


@pytest.mark.parametrize(
    ("revenue", "elderly", "income"),
    [
        (0, False, 0),
        (600_000, False, 0),
        (600_001, False, 1),
        (1_299_999, False, 699_999),
        (1_300_000, False, 700_000),  # R × 0.75 − 275,000
        (4_099_999, False, 2_799_999),  # deduction 1,024,999.75 + 275,000 rounded up
        (4_100_000, False, 2_800_000),  # R × 0.85 − 685,000
        (7_699_999, False, 5_859_999),
        (7_700_000, False, 5_860_000),  # R × 0.95 − 1,455,000
        (10_000_000, False, 8_045_000),  # R − 1,955,000
        (1_100_000, True, 0),
        (1_100_001, True, 1),
        (3_299_999, True, 2_199_999),
        (3_300_000, True, 2_200_000),
    ],
)
def test_pension_brackets(revenue: int, elderly: bool, income: int) -> None:
    assert pension_income(revenue, elderly, 0, load_params(2025)) == income


@pytest.mark.parametrize(
    ("other", "income"),
    [(10_000_000, 900_000), (10_000_001, 1_000_000), (20_000_000, 1_000_000), (20_000_001, 1_100_000)],
)
def test_pension_deduction_reduced_by_other_income(other: int, income: int) -> None:
    # 65+, revenue 2,000,000: deduction 1,100,000, less 100,000 / 200,000 above 10 M / 20 M.
    assert pension_income(2_000_000, True, other, load_params(2025)) == income


@pytest.mark.parametrize(("birth", "income"), [("1960-01-01", 900_000), ("1960-01-02", 1_225_000)])
def test_pension_age_65_at_31_december(tax: Tax, birth: str, income: int) -> None:
    # 令和7年度: 65+ means born on or before 1960-01-01 (§4.1).
    r = tax(taxpayer={"birth_date": birth}, income={"pension_revenue": 2_000_000})
    assert r["incomes"]["pension"] == income


def test_income_adjustment_high_salary_with_child(tax: Tax) -> None:
    r = tax(income={"salary_revenue": 9_000_000}, dependants=[{"birth_date": "2014-05-05"}])
    assert r["incomes"]["income_adjustment_deduction"] == 50_000  # (9 M − 8.5 M) × 10 %
    assert r["incomes"]["salary"] == 7_050_000 - 50_000


@pytest.mark.parametrize(
    ("revenue", "sections", "adjustment"),
    [
        (12_000_000, {"dependants": [{"birth_date": "2014-05-05"}]}, 150_000),  # capped at 10 M
        (8_500_000, {"dependants": [{"birth_date": "2014-05-05"}]}, 0),  # not over 8.5 M
        (9_000_000, {"dependants": [{"birth_date": "1990-05-05"}]}, 0),  # dependant 34: no
        (9_000_001, {"taxpayer": {"birth_date": "1980-06-15", "disability": "special"}}, 50_001),
        (9_000_000, {"spouse": {"birth_date": "1980-01-01", "disability": "special"}}, 50_000),
        (9_000_000, {"dependants": [{"birth_date": "1950-05-05", "disability": "special_cohabiting"}]}, 50_000),
        (9_000_000, {"dependants": [{"birth_date": "2014-05-05", "total_income": 480_001}]}, 0),
    ],
)
def test_income_adjustment_high_salary_conditions(tax: Tax, revenue: int, sections: dict[str, Any],
                                                  adjustment: int) -> None:
    r = tax(income={"salary_revenue": revenue}, **sections)
    assert r["incomes"]["income_adjustment_deduction"] == adjustment


def test_income_adjustment_salary_and_pension(tax: Tax) -> None:
    # salary 1,000,000 → 450,000; pension (65+) 2,000,000 → 900,000: 100,000 + 100,000 − 100,000.
    r = tax(taxpayer={"birth_date": "1955-03-03"}, income={"salary_revenue": 1_000_000, "pension_revenue": 2_000_000})
    assert r["incomes"]["income_adjustment_deduction"] == 100_000
    assert r["incomes"]["salary"] == 350_000
    assert r["total_income"] == 1_250_000


def test_income_adjustment_small_salary_and_pension(tax: Tax) -> None:
    # salary 600,000 → 50,000: 50,000 + 100,000 − 100,000 = 50,000 comes off, salary income 0.
    r = tax(taxpayer={"birth_date": "1955-03-03"}, income={"salary_revenue": 600_000, "pension_revenue": 2_000_000})
    assert r["incomes"]["salary"] == 0
    # pension below the 65+ minimum: no pension income, no adjustment
    r = tax(taxpayer={"birth_date": "1955-03-03"}, income={"salary_revenue": 600_000, "pension_revenue": 1_000_000})
    assert r["incomes"]["income_adjustment_deduction"] == 0


def test_other_incomes_entered_net_and_halves(tax: Tax) -> None:
    r = tax(income={"business": 1_000, "agriculture": 2_000, "real_estate": 3_000, "interest": 4_000,
                    "dividends": 5_000, "misc_other": 6_000, "capital_gains_short": 300_000,
                    "capital_gains_long": 800_000, "one_time": 700_000})
    # special 500,000: 300,000 from short first, 200,000 from long; long rest 600,000 at half.
    assert r["incomes"]["capital_gains"] == 300_000
    assert r["incomes"]["one_time"] == 100_000  # (700,000 − 500,000) / 2
    assert r["total_income"] == 21_000 + 300_000 + 100_000


def test_halves_round_down_and_one_time_below_special(tax: Tax) -> None:
    r = tax(income={"capital_gains_long": 500_001, "one_time": 400_000})
    assert r["incomes"]["capital_gains"] == 0
    assert r["incomes"]["one_time"] == 0


def test_salary_and_pension_below_the_offset(tax: Tax) -> None:
    # salary 600,000 → 50,000; pension (65+) 1,140,000 → 40,000: 50,000 + 40,000 − 100,000 < 0 → no adjustment
    r = tax(taxpayer={"birth_date": "1955-03-03"}, income={"salary_revenue": 600_000, "pension_revenue": 1_140_000})
    assert r["incomes"]["income_adjustment_deduction"] == 0
    assert r["total_income"] == 90_000
