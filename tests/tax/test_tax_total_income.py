"""合計所得金額 of a spouse or dependant from their own incomes (used by batch assessment)."""

from __future__ import annotations

from datetime import date

from app.tax.engine import total_income
from app.tax.input import Income


def test_salary_and_pension_of_a_relative() -> None:
    # Salary 1,000,000 in income year 2024: R − 550,000 = 450,000 (domain.md §4.2).
    assert total_income(2025, date(1990, 4, 1), Income(salary_revenue=1_000_000)) == 450_000
    # Pension 1,500,000 at 65+: R − 1,100,000 = 400,000.
    assert total_income(2025, date(1950, 4, 1), Income(pension_revenue=1_500_000)) == 400_000
    # 令和8年度: the salary minimum becomes 650,000 (§4.9).
    assert total_income(2026, date(1990, 4, 1), Income(salary_revenue=1_000_000)) == 350_000
    assert total_income(2025, date(2010, 4, 1), Income()) == 0
