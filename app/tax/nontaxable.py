"""Non-taxable tests (§4.3): the whole tax (地方税法295条) and the income levy only (附則3条の3)."""

from __future__ import annotations

from app.tax.household import Household
from app.tax.input import Taxpayer
from app.tax.params import YearParams


def whole_limit(n: int, grade: int, p: YearParams) -> int:
    """合計所得金額 up to which neither 均等割 nor 所得割 is levied (the city's 級地 sets base/addition)."""
    base, addition = p.nt_grades[grade]
    return base * (1 + n) + p.nt_fixed + (addition if n else 0)


def whole_reason(tp: Taxpayer, hh: Household, total_income: int, grade: int, p: YearParams) -> str | None:
    """Why the whole tax is not levied, or None when it is."""
    if tp.livelihood_assistance:
        return "livelihood_assistance"
    special = tp.disability != "none" or hh.minor or tp.widow or tp.single_parent
    if special and total_income <= p.nt_special_limit:
        return "special_person"
    if total_income <= whole_limit(hh.n, grade, p):
        return "income"
    return None


def income_levy_line(n: int, p: YearParams) -> int:
    """総所得金額等 up to which the income levy is not levied (nationwide)."""
    return p.nl_base * (1 + n) + p.nl_fixed + (p.nl_addition if n else 0)
