"""Collection schedules (§5): payroll withholding over June–May and 普通徴収 instalments.

Due dates falling on a weekend, a national holiday or a day the city office is closed (12/29–1/3)
move to the next business day (地方税法20条の5第2項).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from app.tax.holidays import is_holiday
from app.tax.profile import Profile


def is_business_day(day: date, prof: Profile) -> bool:
    return day.weekday() < 5 and (day.month, day.day) not in prof.closed_days and not is_holiday(day)


def next_business_day(day: date, prof: Profile) -> date:
    while not is_business_day(day, prof):
        day += timedelta(days=1)
    return day


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def split_instalments(amount: int, count: int, unit: int) -> list[int]:
    """Equal instalments rounded down to the unit; the first takes the rest (地方税法20条の4の2)."""
    each = amount // count // unit * unit
    return [amount - each * (count - 1)] + [each] * (count - 1)


# -------------------------------------------------------------------------------- payroll


def payroll_months(tax_year: int, prof: Profile) -> list[tuple[int, int]]:
    """(year, month) of each withholding month, June of tax_year to May of the next."""
    out = []
    year, month = tax_year, prof.payroll_first_month
    for _ in range(prof.payroll_months):
        out.append((year, month))
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return out


def payroll(annual: int, prof: Profile) -> list[int]:
    """Monthly withholding: floor(annual / 12 / 100) × 100, June takes the rest; tiny amounts all in June."""
    months = prof.payroll_months
    if annual < prof.payroll_unit * months:
        return [annual] + [0] * (months - 1)
    return split_instalments(annual, months, prof.payroll_unit)


def payroll_remaining(new_annual: int, collected: int, remaining_months: int, prof: Profile) -> tuple[list[int], int]:
    """A mid-year change: spread what is still due over the remaining months; returns (months, refund)."""
    due = new_annual - collected
    if due <= 0:
        return [0] * remaining_months, -due
    if due < prof.payroll_unit * remaining_months:
        return [due] + [0] * (remaining_months - 1), 0
    return split_instalments(due, remaining_months, prof.payroll_unit), 0


def payroll_due_dates(tax_year: int, prof: Profile) -> list[date]:
    """The employer pays each month's withholding by the 10th of the next month."""
    out = []
    for year, month in payroll_months(tax_year, prof):
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        out.append(next_business_day(date(year, month, prof.remit_day), prof))
    return out


# -------------------------------------------------------------------------------- ordinary collection


def regular_due_dates(tax_year: int, prof: Profile) -> list[date]:
    """End of each due month (months before June belong to the next calendar year), moved."""
    first = prof.payroll_first_month
    return [next_business_day(month_end(tax_year + (m < first), m), prof) for m in prof.due_months]


@dataclass(frozen=True, slots=True)
class Instalments:
    amounts: list[int]
    due_dates: list[date]


def ordinary(annual: int, tax_year: int, prof: Profile) -> Instalments:
    dates = regular_due_dates(tax_year, prof)
    return Instalments(split_instalments(annual, len(dates), prof.ordinary_unit), dates)


def ordinary_after_switch(remaining: int, notice: date, tax_year: int, prof: Profile) -> Instalments:
    """What is left after a switch to ordinary collection, over the regular due dates still at least the
    notice period away; none left → one due date at the end of the month after the notice."""
    earliest = notice + timedelta(days=prof.notice_days)
    dates = [d for d in regular_due_dates(tax_year, prof) if d >= earliest]
    if not dates:
        year, month = (notice.year + 1, 1) if notice.month == 12 else (notice.year, notice.month + 1)
        dates = [next_business_day(month_end(year, month), prof)]
    return Instalments(split_instalments(remaining, len(dates), prof.ordinary_unit), dates)
