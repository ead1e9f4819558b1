"""Pension withholding (年金特別徴収, domain.md §5.4, 地方税法321条の7の2〜321条の7の8).

Continuing year: 仮徴収 in April, June and August, each 1/6 of last year's annual tax; 本徴収 in
October, December and February, the rest of this year's annual tax in three. First year: ordinary
collection for half (June, August), withholding for the other half (October, December, February,
1/6 each). Stopped withholding: the rest to ordinary collection (§5.3).

Rounding, where domain.md is silent: each monthly amount is floored to 100 yen and the first month of
each stage takes the remainder, as for payroll (地方税法321条の5第1項 and the same practice for
年金特徴); in the first year the remainder of the withheld half goes to the ordinary half, whose two
instalments are rounded like other ordinary instalments (1,000 yen, first takes the rest).
仮徴収 above the year's tax leaves 本徴収 at zero and the excess is refunded/offset.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.tax.collection_change import ChangeError, MonthAmount
from app.tax.profile import Profile
from app.tax.schedule import Instalments, ordinary_after_switch, regular_due_dates, split_instalments

PROVISIONAL_MONTHS = (4, 6, 8)   # 仮徴収 (April of tax_year, June, August)
MAIN_MONTHS = (10, 12, 2)        # 本徴収 (October, December, February of the next year)
UNIT = 100


@dataclass(frozen=True, slots=True)
class PensionPlan:
    tax_year: int
    annual: int
    provisional: tuple[MonthAmount, ...]  # 仮徴収
    main: tuple[MonthAmount, ...]         # 本徴収
    ordinary: Instalments                 # 普通徴収 part (first year)
    refund: int                           # 仮徴収 over this year's tax

    @property
    def withheld(self) -> int:
        return sum(m.amount for m in self.provisional) + sum(m.amount for m in self.main)

    @property
    def total(self) -> int:
        return self.withheld + sum(self.ordinary.amounts) - self.refund


def _months(tax_year: int, months: tuple[int, ...], amounts: list[int]) -> tuple[MonthAmount, ...]:
    # February belongs to the next calendar year; April–December to tax_year.
    return tuple(MonthAmount(tax_year + (m < 4), m, a) for m, a in zip(months, amounts, strict=True))


def _thirds(amount: int) -> list[int]:
    if amount < UNIT * 3:
        return [amount, 0, 0]
    return split_instalments(amount, 3, UNIT)


def continuing(annual: int, previous_annual: int, tax_year: int) -> PensionPlan:
    """A year after a year of pension withholding: 仮徴収 = last year's tax / 6 × 3, 本徴収 = rest / 3."""
    if annual < 0 or previous_annual < 0:
        raise ChangeError("annual", "annual tax must not be negative")
    each = previous_annual // 6 // UNIT * UNIT
    provisional = [each] * 3
    rest = annual - sum(provisional)
    refund = max(0, -rest)
    main = _thirds(max(0, rest))
    return PensionPlan(tax_year, annual, _months(tax_year, PROVISIONAL_MONTHS, provisional),
                       _months(tax_year, MAIN_MONTHS, main), Instalments([], []), refund)


def first_year(annual: int, tax_year: int, prof: Profile) -> PensionPlan:
    """First year: 1/6 withheld in October, December, February; the rest in the June and August
    ordinary instalments."""
    if annual < 0:
        raise ChangeError("annual", "annual tax must not be negative")
    each = annual // 6 // UNIT * UNIT
    main = [each] * 3
    half = annual - sum(main)
    dates = regular_due_dates(tax_year, prof)[:2]
    return PensionPlan(tax_year, annual, (), _months(tax_year, MAIN_MONTHS, main),
                       Instalments(split_instalments(half, 2, prof.ordinary_unit), dates), 0)


def stopped(plan: PensionPlan, months_withheld: int, notice: date, prof: Profile) -> tuple[int, Instalments]:
    """Withholding stopped after the first months_withheld pension months (in payment order):
    (withheld, ordinary instalments of the rest)."""
    months = plan.provisional + plan.main
    if not 0 <= months_withheld <= len(months):
        raise ChangeError("months_withheld", "more months than the plan has")
    withheld = sum(m.amount for m in months[:months_withheld])
    rest = plan.annual - sum(plan.ordinary.amounts) - withheld
    if rest <= 0:
        return withheld, Instalments([], [])
    return withheld, ordinary_after_switch(rest, notice, plan.tax_year, prof)
