"""§4.1 ages by the legal rule: a person ages on the day before the birthday."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from app.tax.ages import age_at_year_end, legal_age, ordinary_age

Tax = Callable[..., dict[str, Any]]


def test_born_on_1_january_is_a_year_older_at_31_december() -> None:
    assert age_at_year_end(date(2009, 1, 1), 2025) == 16
    assert age_at_year_end(date(2009, 1, 2), 2025) == 15


def test_leap_day_birthday_ages_on_28_february() -> None:
    assert legal_age(date(2004, 2, 29), date(2022, 2, 28)) == 18
    assert legal_age(date(2004, 2, 29), date(2022, 2, 27)) == 17
    assert ordinary_age(date(2004, 2, 29), date(2022, 2, 28)) == 17


@pytest.mark.parametrize(
    ("birth", "deduction"),
    [
        ("2009-01-02", 0),  # 年少 (under 16): counted but no deduction
        ("2009-01-01", 330_000),  # 16: 一般
        ("2006-01-02", 330_000),  # 18
        ("2006-01-01", 450_000),  # 19: 特定
        ("2002-01-02", 450_000),  # 22: 特定
        ("2002-01-01", 330_000),  # 23: 一般
        ("1955-01-02", 330_000),  # 69
        ("1955-01-01", 380_000),  # 70: 老人
    ],
)
def test_dependant_age_groups_2025(tax: Tax, birth: str, deduction: int) -> None:
    r = tax(income={"salary_revenue": 5_000_000}, dependants=[{"birth_date": birth}])
    assert r["deductions"]["dependants"] == deduction


@pytest.mark.parametrize(("birth", "reason"), [("2007-01-03", "special_person"), ("2007-01-02", None)])
def test_minor_under_18_on_levy_date(tax: Tax, birth: str, reason: str | None) -> None:
    # 未成年者 for 令和7年度: born on or after 2007-01-03 (§4.1).
    r = tax(taxpayer={"birth_date": birth}, income={"salary_revenue": 1_500_000})
    assert r["non_taxable_reason"] == reason


@pytest.mark.parametrize(("birth", "amount"), [("1955-01-01", 380_000), ("1955-01-02", 330_000)])
def test_elderly_spouse_70_at_31_december(tax: Tax, birth: str, amount: int) -> None:
    r = tax(income={"salary_revenue": 5_000_000}, spouse={"birth_date": birth, "total_income": 0})
    assert r["deductions"]["spouse"] == amount
