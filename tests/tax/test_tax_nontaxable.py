"""§4.3 non-taxable tests and the near-line reduction of 地方税法附則3条の3."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

Tax = Callable[..., dict[str, Any]]
SPOUSE = {"birth_date": "1982-02-02"}


@pytest.mark.parametrize(
    ("salary", "status", "annual"),
    [
        (930_000, "all", 0),  # salary income 380,000 = 280,000 + 100,000 (3級地, single)
        (931_000, "income_levy", 6_000),  # 均等割 3,000 + 2,000, 森林環境税 1,000
        (1_000_000, "income_levy", 6_000),  # 総所得金額等 450,000 ≤ 450,000
    ],
)
def test_single_salary_earner_hanamaki(tax: Tax, salary: int, status: str, annual: int) -> None:
    r = tax(income={"salary_revenue": salary})
    assert r["non_taxable"] == status
    assert r["annual_tax"] == annual


def test_whole_exempt_with_spouse_grade_3(tax: Tax) -> None:
    # 280,000 × 2 + 100,000 + 168,000 = 828,000
    assert tax(income={"business": 828_000}, spouse=SPOUSE)["non_taxable"] == "all"
    assert tax(income={"business": 828_001}, spouse=SPOUSE)["non_taxable"] == "income_levy"


@pytest.mark.parametrize(("grade", "limit"), [(1, 450_000), (2, 415_000), (3, 380_000)])
def test_grade_from_municipality_override(tax: Tax, grade: int, limit: int) -> None:
    assert tax(income={"business": limit}, municipality={"grade": grade})["non_taxable"] == "all"
    assert tax(income={"business": limit + 1}, municipality={"grade": grade})["non_taxable"] != "all"


def test_single_salary_1100000_in_grade_1_2026(tax: Tax) -> None:
    # §4.9: a single salary earner in a 1級地 city pays nothing up to 1,100,000 of salary.
    assert tax(2026, income={"salary_revenue": 1_100_000}, municipality={"grade": 1})["annual_tax"] == 0
    assert tax(2026, income={"salary_revenue": 1_101_000}, municipality={"grade": 1})["annual_tax"] > 0
    # §4.10: 1,190,000 in 令和9年度
    assert tax(2027, income={"salary_revenue": 1_190_000}, municipality={"grade": 1})["annual_tax"] == 0
    assert tax(2027, income={"salary_revenue": 1_191_000}, municipality={"grade": 1})["annual_tax"] > 0


@pytest.mark.parametrize(
    ("taxpayer", "business", "reason"),
    [
        ({"livelihood_assistance": True}, 5_000_000, "livelihood_assistance"),
        ({"disability": "general"}, 1_350_000, "special_person"),
        ({"disability": "general"}, 1_350_001, None),
        ({"widow": True}, 1_350_000, "special_person"),
        ({"single_parent": True, "sex": "F"}, 1_000_000, "special_person"),
        ({}, 1_350_000, None),
    ],
)
def test_special_persons(tax: Tax, taxpayer: dict[str, Any], business: int, reason: str | None) -> None:
    r = tax(taxpayer={"birth_date": "1980-06-15", **taxpayer}, income={"business": business})
    assert r["non_taxable_reason"] == reason
    assert (r["annual_tax"] == 0) == (reason is not None)


def test_income_levy_line_with_dependants(tax: Tax) -> None:
    # n = 2 (spouse + child under 16): 350,000 × 3 + 100,000 + 320,000 = 1,470,000
    deps = [{"birth_date": "2015-01-01"}]
    assert tax(income={"business": 1_470_000}, spouse=SPOUSE, dependants=deps)["non_taxable"] == "income_levy"
    assert tax(income={"business": 1_470_001}, spouse=SPOUSE, dependants=deps)["non_taxable"] == "none"


def test_specific_relative_not_counted_in_n(tax: Tax) -> None:
    dep = [{"birth_date": "2005-05-05", "total_income": 700_000}]
    # line for a single person is 450,000 whatever the specific relative
    assert tax(2026, income={"business": 460_000}, dependants=dep)["non_taxable"] == "none"


def test_near_line_reduction_example(tax: Tax) -> None:
    # §4.3: spouse without income, 総所得金額等 1,130,000, line 1,120,000, 所得割 after credits 32,000
    # → 1,130,000 − 32,000 = 1,098,000 is 22,000 short → 所得割 10,000 (市 6,000, 県 4,000).
    r = tax(income={"business": 1_130_000}, spouse=SPOUSE)
    assert r["income_base"] == 1_130_000
    assert r["municipal"]["computed_tax"] - r["adjustment_credit"]["municipal"] == 19_200
    assert r["prefectural"]["computed_tax"] - r["adjustment_credit"]["prefectural"] == 12_800
    assert r["credits"]["near_line_reduction"] == {"municipal": 13_200, "prefectural": 8_800}
    assert (r["municipal"]["income_levy"], r["prefectural"]["income_levy"]) == (6_000, 4_000)
    assert r["annual_tax"] == 10_000 + 5_000 + 1_000


def test_no_reduction_when_far_above_line(tax: Tax) -> None:
    r = tax(income={"business": 3_000_000}, spouse=SPOUSE)
    assert r["credits"]["near_line_reduction"] == {"municipal": 0, "prefectural": 0}
