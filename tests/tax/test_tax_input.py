"""The input contract: every refusal names its field (issue 3, command-line contract)."""

from __future__ import annotations

from typing import Any

import pytest

from app.i18n import UserError
from app.tax import parse_input
from app.tax.input import Deductions

BASE: dict[str, Any] = {"tax_year": 2025, "taxpayer": {"birth_date": "1980-06-15"}}


def with_(**changes: Any) -> dict[str, Any]:
    return {**BASE, **changes}


@pytest.mark.parametrize(
    ("doc", "field"),
    [
        ([], "(入力)"),
        ({**BASE, "extra": 1}, "extra"),
        (with_(tax_year=2024), "tax_year"),
        (with_(tax_year="2025"), "tax_year"),
        (with_(tax_year=True), "tax_year"),
        ({"tax_year": 2025}, "taxpayer"),
        (with_(taxpayer={}), "taxpayer.birth_date"),
        (with_(taxpayer={"birth_date": "1980-6-15"}), "taxpayer.birth_date"),
        (with_(taxpayer={"birth_date": 19800615}), "taxpayer.birth_date"),
        (with_(taxpayer={"birth_date": "1980-02-30"}), "taxpayer.birth_date"),
        (with_(taxpayer={"birth_date": "2025-01-02"}), "taxpayer.birth_date"),
        (with_(taxpayer={"birth_date": "1980-06-15", "sex": "X"}), "taxpayer.sex"),
        (with_(taxpayer={"birth_date": "1980-06-15", "single_parent": True}), "taxpayer.sex"),
        (with_(taxpayer={"birth_date": "1980-06-15", "disability": "special_cohabiting"}), "taxpayer.disability"),
        (with_(taxpayer={"birth_date": "1980-06-15", "widow": "yes"}), "taxpayer.widow"),
        (with_(taxpayer={"birth_date": "1980-06-15", "age": 44}), "taxpayer.age"),
        (with_(income={"salary_revenue": -1}), "income.salary_revenue"),
        (with_(income={"salary_revenue": 1.5}), "income.salary_revenue"),
        (with_(income={"salary_revenue": True}), "income.salary_revenue"),
        (with_(income={"salary_revenue": "100"}), "income.salary_revenue"),
        (with_(income={"bonus": 1}), "income.bonus"),
        (with_(income={"separate": {"lottery": 1}}), "income.separate.lottery"),
        (with_(income={"separate": {"stocks": -5}}), "income.separate.stocks"),
        (with_(income=[1]), "income"),
        (with_(deductions={"social_insurance": -1}), "deductions.social_insurance"),
        (with_(deductions={"life_insurance": {"new_care": 1}}), "deductions.life_insurance.new_care"),
        (with_(deductions={"earthquake_insurance": {"earthquake": -1}}), "deductions.earthquake_insurance.earthquake"),
        (with_(deductions={"medical": {"paid": 1, "self_medication": 1}}), "deductions.medical.self_medication"),
        (with_(deductions={"casualty_loss": {"net_loss": -1}}), "deductions.casualty_loss.net_loss"),
        (with_(deductions={"casualty_loss": -3}), "deductions.casualty_loss"),
        (with_(spouse={"total_income": 0}), "spouse.birth_date"),
        (with_(spouse={"birth_date": "1980-01-01", "cohabiting_parent": True}), "spouse.cohabiting_parent"),
        (with_(dependants={"birth_date": "2010-01-01"}), "dependants"),
        (with_(dependants=[{"birth_date": "2010-01-01"}, {"birth_date": "2010-13-01"}]), "dependants[1].birth_date"),
        (with_(dependants=[{"birth_date": "2010-01-01", "disability": "severe"}]), "dependants[0].disability"),
        (with_(credits={"housing_loan": {"unabsorbed": -1}}), "credits.housing_loan.unabsorbed"),
        (with_(credits={"donations": {"hometown": 1, "one_stop": "y"}}), "credits.donations.one_stop"),
        (with_(credits={"cash": 1}), "credits.cash"),
        (with_(municipality={"grade": 4}), "municipality.grade"),
        (with_(municipality={"grade": True}), "municipality.grade"),
        (with_(municipality={"income_rate": {"municipal": 0.06, "prefectural": "0.04"}}),
         "municipality.income_rate.municipal"),
        (with_(municipality={"income_rate": {"municipal": "0.06"}}), "municipality.income_rate.prefectural"),
        (with_(municipality={"income_rate": {"municipal": "3/2", "prefectural": "0.04"}}),
         "municipality.income_rate.municipal"),
        (with_(municipality={"per_capita": {"municipal": -1}}), "municipality.per_capita.municipal"),
        (with_(municipality={"designated_city": "yes"}), "municipality.designated_city"),
        (with_(municipality={"city": "x"}), "municipality.city"),
    ],
)
def test_refusals_name_the_field(doc: Any, field: str) -> None:
    with pytest.raises(UserError) as info:
        parse_input(doc)
    assert info.value.field == field
    assert field in info.value.ja and field in info.value.en


def test_missing_amounts_are_zero_and_nulls_allowed() -> None:
    inp = parse_input(with_(income=None, deductions=None, spouse=None, dependants=None, credits=None,
                            municipality=None))
    assert inp.income.salary_revenue == 0
    assert inp.deductions == Deductions()
    assert inp.dependants == ()
    inp = parse_input(with_(deductions={"life_insurance": None, "earthquake_insurance": None, "medical": None,
                                        "casualty_loss": None}, income={"separate": None}))
    assert inp.deductions.casualty_net_loss == 0
    assert inp.income.separate == ()
    assert parse_input(with_(income={"salary_revenue": None})).income.salary_revenue == 0


def test_an_int_subclass_is_an_amount_like_any_int() -> None:
    # The fast path takes plain ints; an int subclass (not bool) takes the checked path to the same value.
    class Yen(int):
        pass

    inp = parse_input(with_(income={"salary_revenue": Yen(3_000_000)}))
    assert inp.income.salary_revenue == 3_000_000
    with pytest.raises(UserError, match=r"income\.salary_revenue"):
        parse_input(with_(income={"salary_revenue": Yen(-1)}))


def test_a_relative_or_taxpayer_with_only_a_birth_date_takes_every_default() -> None:
    inp = parse_input(with_(taxpayer={"birth_date": "1980-06-15", "sex": "M"}, spouse={"birth_date": "1981-01-01"},
                            dependants=[{"birth_date": "2010-01-01"}, {"birth_date": "2009-01-01", "total_income": 0}]))
    full = parse_input(with_(
        taxpayer={"birth_date": "1980-06-15", "sex": "M", "disability": "none", "widow": False, "single_parent": False,
                  "working_student": False, "livelihood_assistance": False},
        spouse={"birth_date": "1981-01-01", "total_income": 0, "disability": "none"},
        dependants=[{"birth_date": "2010-01-01", "total_income": 0, "disability": "none", "cohabiting_parent": False},
                    {"birth_date": "2009-01-01", "total_income": 0}]))
    assert inp == full
    with pytest.raises(UserError, match=r"dependants\[0\].birth_date"):
        parse_input(with_(dependants=[{"total_income": 0}]))


def test_full_input_parses() -> None:
    inp = parse_input(with_(
        taxpayer={"birth_date": "1980-06-15", "sex": "F", "disability": "general", "widow": True,
                  "single_parent": True, "working_student": True, "livelihood_assistance": False},
        income={"salary_revenue": 1, "separate": {"stocks": 2, "timber": 0}},
        deductions={"casualty_loss": {"net_loss": 3, "disaster_outlays": 1}, "medical": {"paid": 1}},
        spouse={"birth_date": "1980-01-01", "total_income": 5, "disability": "special_cohabiting"},
        dependants=[{"birth_date": "2010-01-01", "cohabiting_parent": True}],
        credits={"housing_loan": {"unabsorbed": 1, "income_tax_taxable_income": 2, "special_rate": True},
                 "donations": {"hometown": 3, "one_stop": True}, "foreign_tax": 4, "withheld_local": 5},
        municipality={"designated_city": False, "grade": 2, "income_rate": {"municipal": "0.06",
                                                                          "prefectural": "1/25"},
                      "per_capita": {"municipal": 3000}},
    ))
    assert inp.income.separate == (("stocks", 2),)
    assert inp.deductions.casualty_disaster_outlays == 1
    assert inp.credits.one_stop and inp.credits.housing_special_rate
    assert inp.municipality is not None and inp.municipality.per_capita == (3000, 0)
