"""§4.6 separately taxed incomes, each with its own rate, and left-over deductions (§4.5)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Tax = Callable[..., dict[str, Any]]


def test_stock_gains_absorb_left_over_deductions(tax: Tax) -> None:
    r = tax(income={"separate": {"stocks": 1_000_000}})
    assert r["total_income"] == 1_000_000
    assert r["taxable_income"] == 0
    assert r["separate_taxable"] == {"stocks": 570_000}  # 430,000 basic deduction left over
    assert (r["municipal"]["income_levy"], r["prefectural"]["income_levy"]) == (17_100, 11_400)  # 3 % / 2 %


def test_left_over_deductions_follow_the_statutory_order(tax: Tax) -> None:
    r = tax(income={"separate": {"stocks": 1_000_000, "short_term_general": 100_000}})
    assert r["separate_taxable"] == {"short_term_general": 0, "stocks": 670_000}


def test_long_term_specified_rate_up_to_limit(tax: Tax) -> None:
    # over 25 M: no basic deduction; 20 M at 4 % + 10 M at 5 %, shared 3 : 2
    r = tax(income={"separate": {"long_term_specified": 30_000_000}})
    assert r["separate_taxable"] == {"long_term_specified": 30_000_000}
    assert (r["municipal"]["computed_tax"], r["prefectural"]["computed_tax"]) == (780_000, 520_000)
    assert r["adjustment_credit"] == {"municipal": 0, "prefectural": 0}


def test_short_term_general_and_timber(tax: Tax) -> None:
    r = tax(income={"salary_revenue": 5_000_000,
                    "separate": {"short_term_general": 1_000_000, "timber": 2_000_000, "futures": 100_000,
                                 "listed_dividends": 200_000, "long_term_general": 300_000,
                                 "long_term_residential": 400_000, "short_term_reduced": 500_000}})
    # 総合 3,130,000 at 6 % + short 1,000,000 × 5.4 % + timber 2,000,000 × 6 % + ...
    m = 187_800 + 54_000 + 120_000 + 3_000 + 6_000 + 9_000 + 9_600 + 15_000
    p = 125_200 + 36_000 + 80_000 + 2_000 + 4_000 + 6_000 + 6_400 + 10_000
    assert (r["municipal"]["computed_tax"], r["prefectural"]["computed_tax"]) == (m, p)
    assert r["income_base"] == 3_560_000 + 4_500_000
    # T for the adjustment credit includes the taxable timber income
    assert r["adjustment_credit"] == {"municipal": 1_500, "prefectural": 1_000}


def test_separate_taxable_floored_to_1000(tax: Tax) -> None:
    r = tax(income={"salary_revenue": 5_000_000, "separate": {"stocks": 123_456}})
    assert r["separate_taxable"] == {"stocks": 123_000}
