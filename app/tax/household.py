"""Who in the household counts for what: spouse and dependants classified once per assessment.

The classification depends only on each relative's own income and age, so it is done before the
taxpayer's income: 所得金額調整控除 needs it, and so do the deductions and the non-taxable tests.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from app.tax.ages import ordinary_age
from app.tax.input import Relative, TaxInput
from app.tax.params import YearParams


class Member(NamedTuple):
    kind: str  # spouse: same_livelihood | special | none; dependant: junior | general | specific | elderly |
    #            cohabiting_elderly | specific_relative | none
    age: int  # legal age on 31 December of the income year
    income: int
    disability: str
    counted: bool  # counts in n for the non-taxable tests (同一生計配偶者・扶養親族)


class Household(NamedTuple):
    taxpayer_age: int
    minor: bool  # 未成年者 on the levy date (non-taxable test)
    spouse: Member | None
    dependants: tuple[Member, ...]
    n: int
    income_adjustment_eligible: bool  # someone special-disabled, or a dependant under 23


def _spouse(s: Relative, p: YearParams, levy: date) -> Member:
    age = ordinary_age(s.birth_date, levy)  # legal age on 31 December = ordinary age on 1 January
    if s.total_income <= p.dependant_limit:
        kind = "same_livelihood"
    elif s.total_income <= p.spouse_special_rows[-1][0]:
        kind = "special"
    else:
        kind = "none"
    return Member(kind, age, s.total_income, s.disability, kind == "same_livelihood")


def _dependant(d: Relative, p: YearParams, levy: date) -> Member:
    age = ordinary_age(d.birth_date, levy)
    ages = p.ages
    if d.total_income <= p.dependant_limit:
        if age < ages["junior_under"]:
            kind = "junior"
        elif ages["specific_from"] <= age <= ages["specific_to"]:
            kind = "specific"
        elif age >= ages["elderly_from"]:
            kind = "cohabiting_elderly" if d.cohabiting_parent else "elderly"
        else:
            kind = "general"
        return Member(kind, age, d.total_income, d.disability, True)
    relative = (
        bool(p.relative_rows)
        and ages["specific_from"] <= age <= ages["specific_to"]
        and d.total_income <= p.relative_rows[-1].upto
    )
    return Member("specific_relative" if relative else "none", age, d.total_income, d.disability, False)


def classify(inp: TaxInput, p: YearParams) -> Household:
    levy = date(inp.tax_year, 1, 1)
    tp = inp.taxpayer
    spouse = None if inp.spouse is None else _spouse(inp.spouse, p, levy)
    deps = tuple([_dependant(d, p, levy) for d in inp.dependants]) if inp.dependants else ()
    counted = [d for d in deps if d.counted]
    n = len(counted) + (1 if spouse is not None and spouse.counted else 0)
    special = ("special", "special_cohabiting")
    eligible = (
        tp.disability == "special"
        or (spouse is not None and spouse.counted and spouse.disability in special)
        or any(d.disability in special or d.age < p.ages["adjustment_dependant_under"] for d in counted)
    )
    age = ordinary_age(tp.birth_date, levy)
    # legal age on the levy date = ordinary age on the next day (2 January)
    minor = ordinary_age(tp.birth_date, date(inp.tax_year, 1, 2)) < p.ages["minor_under"]
    return Household(age, minor, spouse, deps, n, eligible)
