"""Collection instalments of an assessment as the screens list them (rules in app.tax.schedule)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.tax import schedule
from app.tax.profile import load_profile


@dataclass(frozen=True, slots=True)
class Instalment:
    kind: str         # "month" (給与特別徴収, number = calendar month) or "term" (普通徴収 第n期)
    number: int
    due_date: date    # payroll: the employer's payment date; ordinary: the taxpayer's due date
    amount: int


def payroll_instalments(annual_tax: int, tax_year: int) -> list[Instalment]:
    """給与特別徴収: June to May, the employer paying each month by the 10th of the next."""
    prof = load_profile()
    months = schedule.payroll_months(tax_year, prof)
    return [Instalment("month", month, due, amount) for (_, month), due, amount in
            zip(months, schedule.payroll_due_dates(tax_year, prof), schedule.payroll(annual_tax, prof), strict=True)]


def ordinary_instalments(annual_tax: int, tax_year: int) -> list[Instalment]:
    """普通徴収: the regular instalments with their due dates."""
    plan = schedule.ordinary(annual_tax, tax_year, load_profile())
    return [Instalment("term", n, due, amount)
            for n, (due, amount) in enumerate(zip(plan.due_dates, plan.amounts, strict=True), start=1)]


def instalments(collection_method: str, annual_tax: int, tax_year: int) -> list[Instalment]:
    """The instalments for the collection methods with a fixed schedule; others have none here."""
    if annual_tax <= 0:
        return []
    if collection_method == "payroll":
        return payroll_instalments(annual_tax, tax_year)
    if collection_method == "ordinary":
        return ordinary_instalments(annual_tax, tax_year)
    return []
