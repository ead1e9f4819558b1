"""Property tests (issue 3): more income never lowers the tax; amounts are multiples of their rounding
unit; the 市/県 split follows the rates."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.tax import assess, load_profile, parse_input
from app.tax.money import Rate
from app.tax.schedule import ordinary, payroll

PROFILE = st.sampled_from(["hanamaki", "designated_example", "yokohama"])
YEAR = st.sampled_from([2025, 2026, 2027])
SETTINGS = settings(max_examples=150, deadline=None, database=None)


@st.composite
def households(draw: st.DrawFn) -> dict[str, Any]:
    year = draw(YEAR)
    doc: dict[str, Any] = {
        "tax_year": year,
        "taxpayer": {"birth_date": draw(st.sampled_from(["1950-03-03", "1960-01-01", "1980-06-15", "2004-02-29"])),
                     "sex": "F", "disability": draw(st.sampled_from(["none", "general", "special"])),
                     "widow": draw(st.booleans()), "working_student": draw(st.booleans())},
        "income": {"salary_revenue": draw(st.integers(0, 15_000_000)),
                   "pension_revenue": draw(st.integers(0, 4_000_000)),
                   "business": draw(st.integers(0, 3_000_000)),
                   "dividends": draw(st.integers(0, 500_000)),
                   "separate": {"stocks": draw(st.integers(0, 2_000_000))}},
        "deductions": {"social_insurance": draw(st.integers(0, 1_500_000)),
                       "life_insurance": {"new_general": draw(st.integers(0, 100_000))},
                       "medical": {"paid": draw(st.integers(0, 500_000))}},
        "dependants": [{"birth_date": b, "total_income": draw(st.integers(0, 1_500_000))}
                       for b in draw(st.lists(st.sampled_from(["2015-05-05", "2005-05-05", "1950-01-01"]),
                                              max_size=3))],
        "credits": {"housing_loan": {"unabsorbed": draw(st.integers(0, 200_000)),
                                     "income_tax_taxable_income": draw(st.integers(0, 5_000_000))}},
    }
    if draw(st.booleans()):
        doc["spouse"] = {"birth_date": "1982-02-02", "total_income": draw(st.integers(0, 1_500_000))}
    return doc


def annual(doc: dict[str, Any], profile: str) -> int:
    result: int = assess(parse_input(doc), load_profile(profile)).annual_tax
    return result


@SETTINGS
@given(households(), PROFILE, st.sampled_from(["salary_revenue", "pension_revenue", "business"]),
       st.integers(1, 3_000_000))
def test_more_income_never_lowers_the_tax(doc: dict[str, Any], profile: str, kind: str, more: int) -> None:
    before = annual(doc, profile)
    doc["income"][kind] += more
    assert annual(doc, profile) >= before


@SETTINGS
@given(households(), PROFILE)
def test_amounts_are_multiples_of_their_units(doc: dict[str, Any], profile: str) -> None:
    r = assess(parse_input(doc), load_profile(profile))
    assert r.taxable_income % 1000 == 0
    assert all(a % 1000 == 0 for _, a in r.separate_taxable)
    assert r.income_levy[0] % 100 == 0 and r.income_levy[1] % 100 == 0
    assert min(r.income_levy) >= 0
    assert r.annual_tax == sum(r.income_levy) + sum(r.per_capita) + r.forest_environment_tax


@SETTINGS
@given(households(), PROFILE)
def test_split_follows_the_rates(doc: dict[str, Any], profile: str) -> None:
    doc["income"]["separate"] = {}
    prof = load_profile(profile)
    r = assess(parse_input(doc), prof)
    if r.non_taxable == "all":
        return
    assert r.computed == (prof.income_rate.municipal.floor(r.taxable_income),
                          prof.income_rate.prefectural.floor(r.taxable_income))
    # the adjustment credit is one base times each side's rate (3 % : 2 %, designated 4 % : 1 %), rounded up
    m, p = r.adjustment_credit
    if m and p and m < r.computed[0] and p < r.computed[1]:
        base_m = m * 100 // (4 if prof.designated_city else 3)
        assert abs(p - base_m * (1 if prof.designated_city else 2) // 100) <= 1


@SETTINGS
@given(st.integers(0, 10_000_000), st.sampled_from([2025, 2026, 2027]))
def test_schedules_add_up_and_round(annual_tax: int, year: int) -> None:
    prof = load_profile()
    months = payroll(annual_tax, prof)
    assert sum(months) == annual_tax and len(months) == 12
    assert all(x % 100 == 0 for x in months[1:])
    inst = ordinary(annual_tax, year, prof)
    assert sum(inst.amounts) == annual_tax
    assert all(x % 1000 == 0 for x in inst.amounts[1:])
    assert inst.amounts[0] >= inst.amounts[1]
    assert all(d.weekday() < 5 for d in inst.due_dates)


def test_rates_are_exact() -> None:
    # 2.025 % of 2,437,000 is 49,349.25: exact rational arithmetic, never float
    assert Rate.parse("0.02025").floor(2_437_000) == 49_349
