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


def test_each_step_wording_is_fixed_by_its_code_and_label() -> None:
    """Batch assessment stores a step's rule and source once per (tax year, code, label)."""
    import itertools

    from app.tax.engine import assess
    from app.tax.input import parse_input

    seen: dict[tuple[int, str, str], tuple[str, str]] = {}
    people = ({}, {"disability": "special"}, {"widow": True}, {"single_parent": True}, {"working_student": True},
              {"livelihood_assistance": True})
    for salary, pension, birth, spouse, person, year in itertools.product(
            (0, 1_000_000, 3_000_000, 9_000_000), (0, 2_000_000), ("1950-01-01", "1985-06-01", "2008-06-01"),
            (None, 0, 900_000), people, (2025, 2026, 2027)):
        raw: dict[str, object] = {"tax_year": year, "taxpayer": {"birth_date": birth, "sex": "F", **person},
                                  "income": {"salary_revenue": salary, "pension_revenue": pension},
                                  "deductions": {"social_insurance": salary // 7},
                                  "dependants": [{"birth_date": "2012-04-01"}, {"birth_date": "2004-04-01"},
                                                 {"birth_date": "1940-04-01", "cohabiting_parent": True}]}
        if spouse is not None:
            raw["spouse"] = {"birth_date": "1960-01-01", "total_income": spouse}
        for code, label, _amount, rule, source in assess(parse_input(raw)).step_rows:
            assert seen.setdefault((year, code, label), (rule, source)) == (rule, source), (year, code, label)
