"""§4.7 credits per 市 and 県, rounded up and capped; §4.8 rounding; designated cities (§4.11)."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import pytest

Tax = Callable[..., dict[str, Any]]
SALARY = {"salary_revenue": 5_000_000}  # 給与所得 3,560,000; single: 課税総所得金額 3,130,000


def pair(r: dict[str, Any], key: str) -> tuple[int, int]:
    c = r["credits"][key]
    return c["municipal"], c["prefectural"]


def test_single_salary_5m_2025(tax: Tax) -> None:
    r = tax(income=SALARY)
    assert r["taxable_income"] == 3_130_000
    assert (r["municipal"]["computed_tax"], r["prefectural"]["computed_tax"]) == (187_800, 125_200)
    # T > 2 M: max(50,000 − 1,130,000, 50,000) × 3 % / 2 %
    assert r["adjustment_credit"] == {"municipal": 1_500, "prefectural": 1_000}
    assert (r["municipal"]["income_levy"], r["prefectural"]["income_levy"]) == (186_300, 124_200)
    assert r["annual_tax"] == 186_300 + 3_000 + 124_200 + 2_000 + 1_000


def test_adjustment_credit_small_taxable(tax: Tax) -> None:
    # T = 370,000 ≤ 2 M, D = 50,000 (basic) + 50,000 (spouse) → 100,000 × 3 % / 2 %
    r = tax(income={"business": 1_130_000}, spouse={"birth_date": "1982-02-02"})
    assert r["adjustment_credit"] == {"municipal": 3_000, "prefectural": 2_000}


def test_adjustment_credit_capped_by_t(tax: Tax) -> None:
    # T = 40,000 < D = 50,000: min(D, T) × 3 % / 2 %
    r = tax(income={"business": 470_000})
    assert r["taxable_income"] == 40_000
    assert r["adjustment_credit"] == {"municipal": 1_200, "prefectural": 800}
    assert (r["municipal"]["income_levy"], r["prefectural"]["income_levy"]) == (1_200, 800)


def test_no_adjustment_credit_above_25m(tax: Tax) -> None:
    r = tax(income={"business": 25_000_001})
    assert r["adjustment_credit"] == {"municipal": 0, "prefectural": 0}
    r = tax(income={"business": 25_000_000})
    assert r["adjustment_credit"] == {"municipal": 1_500, "prefectural": 1_000}


def test_adjustment_diff_specific_dependant(tax: Tax) -> None:
    # D = 50,000 + 180,000 (特定); T = 3,560,000 − 880,000 = 2,680,000 → 230,000 − 680,000 < 50,000
    r = tax(income=SALARY, dependants=[{"birth_date": "2004-04-04"}])
    assert r["adjustment_credit"] == {"municipal": 1_500, "prefectural": 1_000}
    # with a lower income the difference shows: T = 1,000,000 − 880,000 → 120,000 ≤ 2 M → min(230,000, 120,000)
    r = tax(income={"business": 1_430_000}, dependants=[{"birth_date": "2004-04-04"}])
    assert r["taxable_income"] == 550_000
    assert r["adjustment_credit"] == {"municipal": 6_900, "prefectural": 4_600}


def test_adjustment_diffs_of_every_kind(tax: Tax) -> None:
    # T = 1,200,000 (business 3,000,000 less deductions 1,800,000); D sums every personal difference.
    r = tax(
        taxpayer={"birth_date": "1980-06-15", "sex": "F", "single_parent": True, "disability": "special",
                  "working_student": False},
        income={"business": 3_000_000 + 1_570_000},
        spouse={"birth_date": "1982-02-02", "total_income": 490_000},
        dependants=[{"birth_date": "1950-01-01", "cohabiting_parent": True, "disability": "special_cohabiting"},
                    {"birth_date": "1950-01-01"}, {"birth_date": "2000-01-01", "disability": "general"}],
    )
    d = r["deductions"]
    assert d["spouse_special"] == 330_000 and d["single_parent"] == 300_000
    # D = basic 50,000 + self special 100,000 + spouse special (490,000) 50,000 + 同居老親 130,000
    #   + 同居特別障害 220,000 + 老人 100,000 + 一般 50,000 + 障害 10,000 + ひとり親 (mother) 50,000 = 760,000
    t = r["taxable_income"]
    assert t <= 2_000_000
    base = min(760_000, t)
    assert r["adjustment_credit"] == {"municipal": -(-base * 3 // 100), "prefectural": -(-base * 2 // 100)}


def test_adjustment_diffs_widow_student_and_spouse_band(tax: Tax) -> None:
    r = tax(taxpayer={"birth_date": "1960-06-15", "widow": True}, income={"business": 1_500_000},
            spouse={"birth_date": "1962-02-02", "total_income": 520_000})
    # D = 50,000 + 寡婦 10,000 + 配偶者特別 (500,000-549,999) 30,000 = 90,000; T = 1,500,000 − 1,020,000
    assert r["taxable_income"] == 480_000
    assert r["adjustment_credit"] == {"municipal": 2_700, "prefectural": 1_800}
    r = tax(taxpayer={"birth_date": "2003-06-15", "working_student": True}, income={"salary_revenue": 1_300_000})
    # D = 50,000 + 勤労学生 10,000; T = 750,000 − 690,000 = 60,000
    assert r["deductions"]["working_student"] == 260_000
    assert r["adjustment_credit"] == {"municipal": 1_800, "prefectural": 1_200}


@pytest.mark.parametrize(("sex", "credit"), [("M", (1_800, 1_200)), ("F", (3_000, 2_000))])
def test_adjustment_diff_single_parent_by_sex(tax: Tax, sex: str, credit: tuple[int, int]) -> None:
    r = tax(taxpayer={"birth_date": "1980-06-15", "sex": sex, "single_parent": True}, income={"business": 2_000_000},
            dependants=[{"birth_date": "2015-01-01"}])
    assert r["taxable_income"] == 1_270_000
    assert (r["adjustment_credit"]["municipal"], r["adjustment_credit"]["prefectural"]) == credit


def test_dividend_credit(tax: Tax) -> None:
    r = tax(income={**SALARY, "dividends": 1_000_000})
    assert pair(r, "dividend") == (16_000, 12_000)  # 1.6 % / 1.2 %
    # 課税総所得金額 10,500,000: 500,000 of the dividends above 10 M at half the rate
    r = tax(income={"business": 9_930_000, "dividends": 1_000_000})
    assert r["taxable_income"] == 10_500_000
    assert pair(r, "dividend") == (8_000 + 4_000, 6_000 + 3_000)
    r = tax(income={"business": 20_000_000, "dividends": 2_000_000})
    assert pair(r, "dividend") == (16_000, 12_000)  # all above: 0.8 % / 0.6 %


@pytest.mark.parametrize(
    ("housing", "expected"),
    [
        ({"unabsorbed": 200_000, "income_tax_taxable_income": 3_000_000}, (58_500, 39_000)),  # cap 97,500
        ({"unabsorbed": 200_000, "income_tax_taxable_income": 1_000_000}, (30_000, 20_000)),  # 5 % = 50,000
        ({"unabsorbed": 20_000, "income_tax_taxable_income": 3_000_000}, (12_000, 8_000)),
        ({"unabsorbed": 200_000, "income_tax_taxable_income": 3_000_000, "special_rate": True}, (81_900, 54_600)),
    ],
)
def test_housing_loan_credit(tax: Tax, housing: dict[str, Any], expected: tuple[int, int]) -> None:
    r = tax(income=SALARY, credits={"housing_loan": housing})
    assert pair(r, "housing_loan") == expected


def test_housing_loan_cap_adds_income_tax_basic_excess_2026(tax: Tax) -> None:
    # 令和8年度: 合計所得 3,560,000 → income-tax 基礎控除 680,000, excess 200,000 over 480,000 (§4.9)
    r = tax(2026, income=SALARY,
            credits={"housing_loan": {"unabsorbed": 200_000, "income_tax_taxable_income": 1_000_000}})
    assert pair(r, "housing_loan") == (36_000, 24_000)  # (1,000,000 + 200,000) × 5 % = 60,000


def test_hometown_donation(tax: Tax) -> None:
    r = tax(income=SALARY, credits={"donations": {"hometown": 30_000}})
    assert pair(r, "donation_basic") == (1_680, 1_120)  # 28,000 × 6 % / 4 %
    # T − D = 3,130,000 − 50,000 → income-tax rate 10 %: 28,000 × (90 % − 10.21 %) shared 3/5, 2/5
    special = 28_000 * (Fraction(9, 10) - Fraction(1021, 10_000))
    m = -(-special * Fraction(3, 5) // 1)
    p = -(-special * Fraction(2, 5) // 1)
    assert pair(r, "donation_special") == (m, p)
    assert pair(r, "donation_one_stop") == (0, 0)


def test_one_stop_makes_the_whole_donation_less_2000(tax: Tax) -> None:
    r = tax(income=SALARY, credits={"donations": {"hometown": 30_000, "one_stop": True}})
    total = sum(sum(pair(r, k)) for k in ("donation_basic", "donation_special", "donation_one_stop"))
    assert 28_000 <= total <= 28_004  # each side rounded up
    assert sum(pair(r, "donation_one_stop")) > 0


def test_donation_special_capped_at_20_percent(tax: Tax) -> None:
    r = tax(income=SALARY, credits={"donations": {"hometown": 1_000_000}})
    assert pair(r, "donation_special") == (37_260, 24_840)  # 20 % of 186,300 and 124,200
    # basic part: min(1,000,000, 30 % of 3,560,000) − 2,000
    assert pair(r, "donation_basic") == (59_880, 39_920)


def test_donation_30_percent_cap_and_designations(tax: Tax) -> None:
    r = tax(income=SALARY, credits={"donations": {"community_chest": 2_000_000}})
    assert pair(r, "donation_basic") == (63_960, 42_640)  # (1,068,000 − 2,000) × 6 % / 4 %
    assert pair(r, "donation_special") == (0, 0)
    r = tax(income=SALARY, credits={"donations": {"city_designated": 10_000}})
    assert pair(r, "donation_basic") == (480, 0)
    r = tax(income=SALARY, credits={"donations": {"pref_designated": 10_000}})
    assert pair(r, "donation_basic") == (0, 320)


def test_donation_special_rate_90_when_t_below_d(tax: Tax) -> None:
    # T = 40,000 < D = 50,000 → special rate 90 %, capped at 20 % of the levy after 調整控除 (1,200 / 800);
    # no one-stop addition at a 0 % income-tax rate.
    r = tax(income={"business": 470_000}, credits={"donations": {"hometown": 12_000, "one_stop": True}})
    assert pair(r, "donation_basic") == (600, 400)
    assert pair(r, "donation_special") == (240, 160)
    assert pair(r, "donation_one_stop") == (0, 0)
    assert (r["municipal"]["income_levy"], r["prefectural"]["income_levy"]) == (300, 200)


@pytest.mark.parametrize(
    ("business", "rate"),
    [(2_000_000, "0.05"), (5_000_000, "0.2"), (8_000_000, "0.23"), (15_000_000, "0.33"), (30_000_000, "0.4"),
     (50_000_000, "0.45")],
)
def test_donation_special_uses_marginal_rate(tax: Tax, business: int, rate: str) -> None:
    r = tax(income={"business": business}, credits={"donations": {"hometown": 12_000, "one_stop": True}})
    m = Fraction(rate)
    special = 10_000 * (Fraction(9, 10) - m * Fraction(1021, 1000))
    assert pair(r, "donation_special")[0] == -(-special * Fraction(3, 5) // 1)
    assert sum(pair(r, "donation_one_stop")) > 0


def test_hometown_at_floor_gives_no_special(tax: Tax) -> None:
    r = tax(income=SALARY, credits={"donations": {"hometown": 2_000}})
    assert pair(r, "donation_special") == (0, 0)
    assert pair(r, "donation_basic") == (0, 0)


def test_foreign_tax_and_withheld_local(tax: Tax) -> None:
    r = tax(income=SALARY, credits={"foreign_tax": 10_000, "withheld_local": 5_000})
    assert pair(r, "foreign_tax") == (6_000, 4_000)
    assert pair(r, "withheld_local") == (3_000, 2_000)
    assert r["refund"] == 0
    r = tax(income={"salary_revenue": 1_000_000}, credits={"withheld_local": 5_000})
    assert r["non_taxable"] == "income_levy"
    assert r["refund"] == 5_000


def test_credits_never_exceed_the_levy(tax: Tax) -> None:
    r = tax(income=SALARY, credits={"housing_loan": {"unabsorbed": 10_000_000, "income_tax_taxable_income": 10**9},
                                    "foreign_tax": 10**7})
    assert r["municipal"]["income_levy"] == 0 and r["prefectural"]["income_levy"] == 0
    assert r["annual_tax"] == 6_000


def test_designated_city_profile(tax: Tax) -> None:
    r = tax(income=SALARY, profile="designated_example",
            credits={"housing_loan": {"unabsorbed": 50_000, "income_tax_taxable_income": 3_000_000}})
    assert (r["municipal"]["computed_tax"], r["prefectural"]["computed_tax"]) == (250_400, 62_600)
    assert r["adjustment_credit"] == {"municipal": 2_000, "prefectural": 500}  # 4 % / 1 %
    assert pair(r, "housing_loan") == (40_000, 10_000)  # 4/5 : 1/5
    r = tax(income={**SALARY, "dividends": 100_000}, profile="designated_example")
    assert pair(r, "dividend") == (2_240, 560)


def test_designated_city_by_municipality_override(tax: Tax) -> None:
    r = tax(income=SALARY, municipality={"designated_city": True, "income_rate": {"municipal": "0.08",
                                                                                  "prefectural": "0.02"},
                                         "per_capita": {"municipal": 3_500, "prefectural": 1_500}})
    assert r["adjustment_credit"] == {"municipal": 2_000, "prefectural": 500}
    assert (r["municipal"]["per_capita"], r["prefectural"]["per_capita"]) == (3_500, 1_500)


def test_levies_floored_to_100(tax: Tax) -> None:
    r = tax(income={"business": 3_456_789})
    for side in ("municipal", "prefectural"):
        assert r[side]["income_levy"] % 100 == 0
        assert r[side]["computed_tax"] - r["adjustment_credit"][side] - r[side]["income_levy"] < 100


def test_steps_are_ordered_and_complete(tax: Tax) -> None:
    r = tax(income=SALARY, credits={"donations": {"hometown": 30_000, "one_stop": True}})
    codes = [s["code"] for s in r["steps"]]
    order = ["income.salary", "income.total", "deduction.basic", "taxable_income", "computed.municipal",
             "credit.adjustment.municipal", "credit.donation_basic.municipal", "credit.donation_special.municipal",
             "credit.donation_one_stop.municipal", "levy.municipal", "per_capita.municipal",
             "forest_environment_tax", "annual_tax"]
    assert [codes.index(c) for c in order] == sorted(codes.index(c) for c in order)
    for step in r["steps"]:
        assert set(step) == {"code", "label", "amount", "rule", "source"}
        assert step["label"] and step["rule"] and step["source"]
    assert r["steps"][-1]["amount"] == r["annual_tax"]


def test_typed_steps_match_the_json() -> None:
    from app.tax import assess, parse_input

    a = assess(parse_input({"tax_year": 2025, "taxpayer": {"birth_date": "1980-06-15"}, "income": SALARY}))
    assert [s.as_dict() for s in a.steps] == a.to_dict()["steps"]
    assert a.steps[-1].code == "annual_tax" and a.steps[-1].amount == a.annual_tax


def test_unverified_year_is_flagged(tax: Tax) -> None:
    r = tax(2027, income=SALARY)
    assert r["params_verified"] is False
    assert "salary_income" in r["unverified_parameters"]
    assert r["steps"][0]["code"] == "params.unverified"
    assert tax(income=SALARY)["params_verified"] is True
