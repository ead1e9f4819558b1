"""Micro-benchmark: assessments per second for a typical salaried household (target ≥ 20,000/s).

Measures parse + assess of a decoded JSON object (the per-person work of a batch). Never asserts on
time; prints the figure."""

from __future__ import annotations

from typing import Any

from pytest_benchmark.fixture import BenchmarkFixture

from app.tax import assess, load_profile, parse_input

HOUSEHOLD: dict[str, Any] = {
    "tax_year": 2025,
    "taxpayer": {"birth_date": "1982-04-10", "sex": "M"},
    "income": {"salary_revenue": 5_200_000},
    "deductions": {"social_insurance": 760_000, "life_insurance": {"new_general": 60_000, "care_medical": 30_000},
                   "earthquake_insurance": {"earthquake": 18_000}},
    "spouse": {"birth_date": "1984-09-01", "total_income": 400_000},
    "dependants": [{"birth_date": "2010-05-05"}, {"birth_date": "2004-07-07"}],
    "credits": {"donations": {"hometown": 40_000, "one_stop": True}},
}


def test_assessments_per_second(benchmark: BenchmarkFixture) -> None:
    profile = load_profile()

    def one() -> int:
        result: int = assess(parse_input(HOUSEHOLD), profile).annual_tax
        return result

    annual = benchmark(one)
    assert annual > 0
    mean = benchmark.stats.stats.mean
    print(f"\nassessments per second (parse + assess, one process): {1 / mean:,.0f}")


def test_assessments_per_second_preparsed(benchmark: BenchmarkFixture) -> None:
    # The engine alone, input already parsed (what a batch pays once rows are turned into TaxInput).
    profile = load_profile()
    parsed = parse_input(HOUSEHOLD)

    def one() -> int:
        result: int = assess(parsed, profile).annual_tax
        return result

    assert benchmark(one) > 0
    print(f"\nassessments per second (assess only, one process): {1 / benchmark.stats.stats.mean:,.0f}")
