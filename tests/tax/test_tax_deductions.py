"""§4.4 income deductions with their bracket edges (令和7年度 unless stated)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

Tax = Callable[..., dict[str, Any]]
SPOUSE = "1982-02-02"


@pytest.mark.parametrize(
    ("business", "basic"),
    [(24_000_000, 430_000), (24_000_001, 290_000), (24_500_000, 290_000), (24_500_001, 150_000),
     (25_000_000, 150_000), (25_000_001, 0)],
)
def test_basic_deduction_bands(tax: Tax, business: int, basic: int) -> None:
    assert tax(income={"business": business})["deductions"]["basic"] == basic


@pytest.mark.parametrize(
    ("business", "general", "elderly"),
    [(9_000_000, 330_000, 380_000), (9_000_001, 220_000, 260_000), (9_500_000, 220_000, 260_000),
     (9_500_001, 110_000, 130_000), (10_000_000, 110_000, 130_000), (10_000_001, 0, 0)],
)
def test_spouse_deduction_by_taxpayer_income(tax: Tax, business: int, general: int, elderly: int) -> None:
    r = tax(income={"business": business}, spouse={"birth_date": SPOUSE})
    assert r["deductions"]["spouse"] == general
    r = tax(income={"business": business}, spouse={"birth_date": "1950-01-01"})
    assert r["deductions"]["spouse"] == elderly


@pytest.mark.parametrize(
    ("spouse_income", "spouse", "special"),
    [(480_000, 330_000, 0), (480_001, 0, 330_000), (1_000_000, 0, 330_000), (1_000_001, 0, 310_000),
     (1_050_001, 0, 260_000), (1_100_001, 0, 210_000), (1_150_001, 0, 160_000), (1_200_001, 0, 110_000),
     (1_250_001, 0, 60_000), (1_300_001, 0, 30_000), (1_330_000, 0, 30_000), (1_330_001, 0, 0)],
)
def test_spouse_special_deduction_rows(tax: Tax, spouse_income: int, spouse: int, special: int) -> None:
    r = tax(income={"salary_revenue": 5_000_000}, spouse={"birth_date": SPOUSE, "total_income": spouse_income})
    assert (r["deductions"]["spouse"], r["deductions"]["spouse_special"]) == (spouse, special)


@pytest.mark.parametrize(("business", "amount"), [(9_500_000, 220_000), (10_000_000, 110_000)])
def test_spouse_special_columns(tax: Tax, business: int, amount: int) -> None:
    r = tax(income={"business": business}, spouse={"birth_date": SPOUSE, "total_income": 600_000})
    assert r["deductions"]["spouse_special"] == amount


def test_spouse_limit_580000_from_2026(tax: Tax) -> None:
    r = tax(2026, income={"salary_revenue": 5_000_000}, spouse={"birth_date": SPOUSE, "total_income": 580_000})
    assert (r["deductions"]["spouse"], r["deductions"]["spouse_special"]) == (330_000, 0)
    r = tax(2026, income={"salary_revenue": 5_000_000}, spouse={"birth_date": SPOUSE, "total_income": 580_001})
    assert (r["deductions"]["spouse"], r["deductions"]["spouse_special"]) == (0, 330_000)


def test_dependant_kinds(tax: Tax) -> None:
    deps = [
        {"birth_date": "2000-01-01"},  # 一般 (25)
        {"birth_date": "2004-04-04"},  # 特定 (20)
        {"birth_date": "1950-01-01"},  # 老人
        {"birth_date": "1950-01-01", "cohabiting_parent": True},  # 同居老親等
        {"birth_date": "2015-01-01"},  # 年少: 0
        {"birth_date": "2000-01-01", "total_income": 480_001},  # over the limit: nothing
    ]
    r = tax(income={"salary_revenue": 8_000_000}, dependants=deps)
    assert r["deductions"]["dependants"] == 330_000 + 450_000 + 380_000 + 450_000


def test_specific_relative_deduction_2026_table(tax: Tax) -> None:
    # §4.9 特定親族特別控除 (令和8年度), relatives aged 19-22 above the 580,000 limit.
    table = [(580_001, 450_000), (950_000, 450_000), (950_001, 410_000), (1_000_001, 310_000),
             (1_050_001, 210_000), (1_100_001, 110_000), (1_150_001, 60_000), (1_200_001, 30_000),
             (1_230_000, 30_000), (1_230_001, 0)]
    for income, amount in table:
        r = tax(2026, income={"salary_revenue": 6_000_000},
                dependants=[{"birth_date": "2005-05-05", "total_income": income}])
        assert r["deductions"]["specific_relative"] == amount, income
        assert r["deductions"]["dependants"] == 0
    # in 2025 the deduction did not exist
    r = tax(income={"salary_revenue": 6_000_000}, dependants=[{"birth_date": "2004-05-05", "total_income": 600_000}])
    assert r["deductions"]["specific_relative"] == 0
    # and it is only for ages 19-22
    r = tax(2026, income={"salary_revenue": 6_000_000},
            dependants=[{"birth_date": "1990-05-05", "total_income": 600_000}])
    assert r["deductions"]["specific_relative"] == 0


def test_disability_deductions(tax: Tax) -> None:
    r = tax(taxpayer={"birth_date": "1980-06-15", "disability": "general"}, income={"salary_revenue": 5_000_000},
            spouse={"birth_date": SPOUSE, "disability": "special_cohabiting"},
            dependants=[{"birth_date": "2015-01-01", "disability": "special"},
                        {"birth_date": "2000-01-01", "total_income": 2_000_000, "disability": "special"}])
    # self 260,000 + spouse 530,000 + child under 16 300,000; the relative over the limit does not count
    assert r["deductions"]["disability"] == 260_000 + 530_000 + 300_000
    r = tax(taxpayer={"birth_date": "1980-06-15", "disability": "special"}, income={"salary_revenue": 5_000_000},
            spouse={"birth_date": SPOUSE, "total_income": 1_000_000, "disability": "general"})
    assert r["deductions"]["disability"] == 300_000


@pytest.mark.parametrize(
    ("flags", "business", "key", "amount"),
    [
        ({"widow": True}, 5_000_000, "widow", 260_000),
        ({"widow": True}, 5_000_001, "widow", 0),
        ({"single_parent": True, "sex": "F"}, 5_000_000, "single_parent", 300_000),
        ({"single_parent": True, "sex": "M"}, 5_000_001, "single_parent", 0),
        ({"single_parent": True, "widow": True, "sex": "F"}, 3_000_000, "widow", 0),  # ひとり親 takes precedence
    ],
)
def test_widow_and_single_parent(tax: Tax, flags: dict[str, Any], business: int, key: str, amount: int) -> None:
    r = tax(taxpayer={"birth_date": "1980-06-15", **flags}, income={"business": business})
    assert r["deductions"][key] == amount


@pytest.mark.parametrize(
    ("income", "amount"),
    [({"salary_revenue": 1_300_000}, 260_000),  # salary income 750,000
     ({"salary_revenue": 1_300_001}, 0),
     ({"salary_revenue": 1_000_000, "business": 100_000}, 260_000),
     ({"salary_revenue": 1_000_000, "business": 100_001}, 0)],
)
def test_working_student(tax: Tax, income: dict[str, int], amount: int) -> None:
    r = tax(taxpayer={"birth_date": "2004-06-15", "working_student": True}, income=income)
    assert r["deductions"]["working_student"] == amount


def test_working_student_limit_850000_in_2026(tax: Tax) -> None:
    r = tax(2026, taxpayer={"birth_date": "2004-06-15", "working_student": True}, income={"salary_revenue": 1_500_000})
    assert r["deductions"]["working_student"] == 260_000


@pytest.mark.parametrize(
    ("life", "amount"),
    [
        ({"new_general": 12_000}, 12_000),
        ({"new_general": 12_001}, 12_001),  # 6,000.5 rounded up + 6,000
        ({"new_general": 32_000}, 22_000),
        ({"new_general": 32_001}, 22_001),  # 8,000.25 rounded up + 14,000
        ({"new_general": 56_000}, 28_000),
        ({"new_general": 90_000}, 28_000),
        ({"old_general": 15_000}, 15_000),
        ({"old_general": 40_000}, 27_500),
        ({"old_general": 40_001}, 27_501),
        ({"old_general": 70_000}, 35_000),
        ({"old_general": 70_001}, 35_000),
        ({"new_general": 90_000, "old_general": 30_000}, 28_000),  # max(22,500, min(50,500, 28,000))
        ({"new_general": 10_000, "old_general": 100_000}, 35_000),  # old alone is more
        ({"old_general": 100_000, "old_pension": 100_000, "care_medical": 100_000}, 70_000),  # total cap
        ({"new_pension": 20_000, "care_medical": 20_000}, 32_000),
    ],
)
def test_life_insurance(tax: Tax, life: dict[str, int], amount: int) -> None:
    r = tax(income={"salary_revenue": 5_000_000}, deductions={"life_insurance": life})
    assert r["deductions"]["life_insurance"] == amount


@pytest.mark.parametrize(
    ("quake", "amount"),
    [({"earthquake": 1}, 1), ({"earthquake": 20_000}, 10_000), ({"earthquake": 50_000}, 25_000),
     ({"earthquake": 60_000}, 25_000), ({"old_long_term": 5_000}, 5_000), ({"old_long_term": 10_001}, 7_501),
     ({"old_long_term": 15_000}, 10_000), ({"old_long_term": 15_001}, 10_000),
     ({"earthquake": 40_000, "old_long_term": 15_000}, 25_000)],
)
def test_earthquake_insurance(tax: Tax, quake: dict[str, int], amount: int) -> None:
    r = tax(income={"salary_revenue": 5_000_000}, deductions={"earthquake_insurance": quake})
    assert r["deductions"]["earthquake_insurance"] == amount


@pytest.mark.parametrize(
    ("salary", "medical", "amount"),
    [
        (5_000_000, {"paid": 300_000, "reimbursed": 50_000}, 150_000),  # threshold 100,000
        (1_550_000, {"paid": 100_000}, 50_000),  # income 1,000,000: threshold 5 % = 50,000
        (5_000_000, {"paid": 3_000_000}, 2_000_000),  # cap
        (5_000_000, {"paid": 50_000}, 0),
        (5_000_000, {"paid": 50_000, "reimbursed": 60_000}, 0),
        (5_000_000, {"paid": 50_000, "self_medication": True}, 38_000),
        (5_000_000, {"paid": 200_000, "self_medication": True}, 88_000),
        (5_000_000, {"paid": 10_000, "self_medication": True}, 0),
    ],
)
def test_medical(tax: Tax, salary: int, medical: dict[str, Any], amount: int) -> None:
    r = tax(income={"salary_revenue": salary}, deductions={"medical": medical})
    assert r["deductions"]["medical"] == amount


@pytest.mark.parametrize(
    ("casualty", "amount"),
    [(1_000_000, 644_000),  # 1,000,000 − 10 % of 3,560,000
     ({"net_loss": 1_000_000, "disaster_outlays": 800_000}, 750_000),  # outlays − 50,000 is more
     (300_000, 0)],
)
def test_casualty_loss(tax: Tax, casualty: Any, amount: int) -> None:
    r = tax(income={"salary_revenue": 5_000_000}, deductions={"casualty_loss": casualty})
    assert r["deductions"]["casualty_loss"] == amount


def test_social_insurance_and_mutual_aid_total(tax: Tax) -> None:
    r = tax(income={"salary_revenue": 5_000_000},
            deductions={"social_insurance": 700_000, "small_business_mutual_aid": 120_000})
    assert r["deductions"]["total"] == 700_000 + 120_000 + 430_000
    assert r["taxable_income"] == 3_560_000 - 1_250_000
    codes = [s["code"] for s in r["steps"]]
    assert codes.index("deduction.social_insurance") < codes.index("deduction.total") < codes.index("taxable_income")


def test_taxable_income_floored_to_1000(tax: Tax) -> None:
    r = tax(income={"business": 1_234_567})
    assert r["taxable_income"] == 804_000  # 1,234,567 − 430,000 = 804,567
    r = tax(income={"business": 100_000})
    assert r["taxable_income"] == 0
