"""Change notices (異動届出書, domain.md §5.2) and the ordinary→payroll switch: who collects the rest.

Pure rules, no I/O. Every result keeps the annual tax to the yen:
collected + Σ payroll + Σ ordinary + lump_sum == annual.

Choices where domain.md is silent (named in the issue report):
- The 1 January–30 April rule (地方税法321条の5第2項ただし書) applies to 退職 only: 休職 keeps the
  employment, and after a 死亡 the rest is levied on the heirs by ordinary collection.
- "The final pay covers it" is final_pay >= the rest (domain.md wording "covers"); without a final
  pay amount the rule cannot be applied and the rest goes to ordinary collection.
- A 転勤・転職 spreads the rest over the new employer's months by §5.1 (first month takes the rest),
  which keeps the old monthly amounts whenever there is no gap month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.tax.profile import Profile
from app.tax.schedule import Instalments, ordinary, ordinary_after_switch, payroll, payroll_months, payroll_remaining

# Kinds of change as the CLI and the database name them.
RETIRE, LEAVE, DEATH, TRANSFER, LUMP_SUM = "retire", "leave", "death", "transfer", "lump_sum"
KINDS = (RETIRE, LEAVE, DEATH, TRANSFER, LUMP_SUM)
KIND_NAMES_JA = {RETIRE: "退職", LEAVE: "休職", DEATH: "死亡", TRANSFER: "転勤・転職(継続)", LUMP_SUM: "一括徴収"}


class ChangeError(ValueError):
    """A change that the rules do not allow; `code` names it for the caller's message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class MonthAmount:
    year: int
    month: int
    amount: int


@dataclass(frozen=True, slots=True)
class ChangeResult:
    tax_year: int
    annual: int
    collected: int                  # withheld by the old employer through the last month collected
    payroll: tuple[MonthAmount, ...]  # the new employer's months (transfer), else empty
    ordinary: Instalments            # 普通徴収 of the rest, else empty
    lump_sum: int | None             # 一括徴収 from the final pay, else None

    @property
    def total(self) -> int:
        return (self.collected + sum(m.amount for m in self.payroll) + sum(self.ordinary.amounts)
                + (self.lump_sum or 0))


def tax_year_of(day: date, prof: Profile) -> int:
    """The tax year (June…May) a day falls in."""
    return day.year if day.month >= prof.payroll_first_month else day.year - 1


def month_index(tax_year: int, month: int, prof: Profile) -> int:
    """Position 0…11 of a calendar month in the withholding year; ChangeError if not one of its months."""
    for i, (_, m) in enumerate(payroll_months(tax_year, prof)):
        if m == month:
            return i
    raise ChangeError("month", f"month {month} is not a withholding month")


def _empty() -> Instalments:
    return Instalments([], [])


def lump_sum_mandatory(kind: str, change_date: date, rest: int, final_pay: int | None, declined: bool) -> bool:
    """一括徴収 is mandatory for a 退職 between 1 January and 30 April when the final pay covers the rest,
    unless the person asked otherwise (地方税法321条の5第2項ただし書; domain.md §5.2)."""
    return (kind == RETIRE and change_date.month <= 4 and rest > 0 and final_pay is not None
            and final_pay >= rest and not declined)


def change(
    annual: int,
    collected_through: int,
    kind: str,
    notice: date,
    prof: Profile,
    *,
    final_pay: int | None = None,
    new_employer_from: int | None = None,
    change_date: date | None = None,
    lump_sum_declined: bool = False,
) -> ChangeResult:
    """The arrangement after a change notice.

    collected_through is the calendar month of the last withholding (0: none yet) in the tax year the
    notice date falls in; change_date (異動年月日) defaults to the notice date.
    """
    if annual < 0:
        raise ChangeError("annual", "annual tax must not be negative")
    if kind not in KINDS:
        raise ChangeError("kind", f"unknown kind {kind}")
    year = tax_year_of(notice, prof)
    months = payroll_months(year, prof)
    paid = 0 if collected_through == 0 else month_index(year, collected_through, prof) + 1
    collected = sum(payroll(annual, prof)[:paid])
    rest = annual - collected
    if (new_employer_from is not None) != (kind == TRANSFER):
        raise ChangeError("new_employer_from", "a new employer's first month goes with a transfer only")
    if final_pay is not None and final_pay < 0:
        raise ChangeError("final_pay", "final pay must not be negative")
    if kind == TRANSFER:
        assert new_employer_from is not None
        start = month_index(year, new_employer_from, prof)
        if start < paid:
            raise ChangeError("new_employer_from", "the new employer starts after the last month collected")
        amounts, _ = payroll_remaining(rest, 0, len(months) - start, prof)
        plan = tuple(MonthAmount(y, m, a) for (y, m), a in zip(months[start:], amounts, strict=True))
        return ChangeResult(year, annual, collected, plan, _empty(), None)
    if kind == LUMP_SUM:
        if final_pay is not None and final_pay < rest:
            raise ChangeError("final_pay", "the final pay does not cover the rest")
        return ChangeResult(year, annual, collected, (), _empty(), rest)
    if lump_sum_mandatory(kind, change_date or notice, rest, final_pay, lump_sum_declined):
        return ChangeResult(year, annual, collected, (), _empty(), rest)
    plan_ordinary = ordinary_after_switch(rest, notice, year, prof) if rest > 0 else _empty()
    return ChangeResult(year, annual, collected, (), plan_ordinary, None)


@dataclass(frozen=True, slots=True)
class SwitchResult:
    tax_year: int
    annual: int
    ordinary_kept: Instalments         # instalments already due: stay with the taxpayer
    payroll: tuple[MonthAmount, ...]   # the employer withholds these from the month after the notice

    @property
    def total(self) -> int:
        return sum(self.ordinary_kept.amounts) + sum(m.amount for m in self.payroll)


def switch_to_payroll(annual: int, notice: date, prof: Profile) -> SwitchResult:
    """普通徴収 → 給与特別徴収 on request (地方税法321条の3第2項, domain.md issue 7 item 4): the
    instalments not yet due on the notice date are withheld from the month after the notice to May,
    spread by §5.1."""
    if annual < 0:
        raise ChangeError("annual", "annual tax must not be negative")
    year = tax_year_of(notice, prof)
    plan = ordinary(annual, year, prof)
    keep = [i for i, d in enumerate(plan.due_dates) if d <= notice]
    kept = Instalments([plan.amounts[i] for i in keep], [plan.due_dates[i] for i in keep])
    moved = annual - sum(kept.amounts)
    months = payroll_months(year, prof)
    nxt = (notice.year + 1, 1) if notice.month == 12 else (notice.year, notice.month + 1)
    if nxt not in months or moved == 0:
        raise ChangeError("notice", "no instalment or no withholding month is left to switch")
    start = months.index(nxt)
    amounts, _ = payroll_remaining(moved, 0, len(months) - start, prof)
    return SwitchResult(year, annual, kept,
                        tuple(MonthAmount(y, m, a) for (y, m), a in zip(months[start:], amounts, strict=True)))


@dataclass(frozen=True, slots=True)
class TaxChange:
    """A mid-year change of the annual tax under payroll withholding (§5.1)."""

    tax_year: int
    old_annual: int
    new_annual: int
    collected: int
    months: tuple[MonthAmount, ...]   # the remaining months with their new amounts
    refund: int                       # 還付・充当 of what was over-collected

    @property
    def total(self) -> int:
        return self.collected + sum(m.amount for m in self.months) - self.refund


def tax_change(old_annual: int, new_annual: int, tax_year: int, months_paid: int, prof: Profile) -> TaxChange:
    """New annual tax after months_paid months withheld at the old amounts: still due = new − collected over
    the remaining months (first takes the rest); over-collected → refund/offset (domain.md §5.1)."""
    if old_annual < 0 or new_annual < 0:
        raise ChangeError("annual", "annual tax must not be negative")
    months = payroll_months(tax_year, prof)
    if not 0 <= months_paid < len(months):
        raise ChangeError("months_paid", "at least one month must remain")
    collected = sum(payroll(old_annual, prof)[:months_paid])
    amounts, refund = payroll_remaining(new_annual, collected, len(months) - months_paid, prof)
    rest = tuple(MonthAmount(y, m, a) for (y, m), a in zip(months[months_paid:], amounts, strict=True))
    return TaxChange(tax_year, old_annual, new_annual, collected, rest, refund)
