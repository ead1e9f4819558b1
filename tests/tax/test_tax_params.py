"""Parameter files and profiles against their schema (run over every file), and the schema's refusals."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.tax.holidays import HOLIDAYS_FILE, validate_rules
from app.tax.money import Rate
from app.tax.params import PARAMS_DIR, ParamError, load_params, supported_years, validate_document, validate_file
from app.tax.profile import PROFILES_DIR, load_profile, profile_names, validate_profile, with_overrides

YEAR_FILES = sorted(PARAMS_DIR.glob("[0-9][0-9][0-9][0-9].json"))
PROFILE_FILES = sorted(PROFILES_DIR.glob("*.json"))


@pytest.mark.parametrize("path", YEAR_FILES, ids=lambda p: p.name)
def test_every_parameter_file_follows_the_schema(path: Path) -> None:
    params = validate_file(path)
    assert str(params.tax_year) == path.stem
    doc = json.loads(path.read_text(encoding="utf-8"))
    for name, leaf in doc["parameters"].items():
        assert leaf["source"].strip(), name
        assert leaf["unit"], name


@pytest.mark.parametrize("path", PROFILE_FILES, ids=lambda p: p.name)
def test_every_profile_follows_the_schema(path: Path) -> None:
    assert validate_profile(json.loads(path.read_text(encoding="utf-8")), path.name).code == path.stem


def test_holiday_rules_follow_the_schema() -> None:
    validate_rules(json.loads(HOLIDAYS_FILE.read_text(encoding="utf-8")))


def test_supported_years_and_verification_state() -> None:
    assert supported_years() == (2025, 2026, 2027)
    assert load_params(2025).verified
    # domain.md: the 2026 特定親族特別控除 table and the 2027 values stay unverified until confirmed
    assert "specific_relative_deduction" in load_params(2026).unverified
    assert not load_params(2027).verified
    with pytest.raises(KeyError):
        load_params(1999)


def test_hanamaki_profile() -> None:
    h = load_profile()
    assert (h.grade, h.designated_city, h.income_rate.municipal, h.income_rate.prefectural) == (
        3, False, Rate.parse("0.06"), Rate.parse("0.04"))
    assert (h.per_capita_municipal, h.per_capita_prefectural, h.ordinary_unit, h.notice_days) == (3000, 2000, 1000, 10)
    assert h.due_months == (6, 8, 10, 1)
    assert set(profile_names()) >= {"hanamaki", "designated_example", "yokohama"}
    assert with_overrides(h, None, None, None, None) is h
    with pytest.raises(KeyError):
        load_profile("../2025")


def test_rate_parsing() -> None:
    assert Rate.parse("1/2") == Rate(1, 2)
    assert Rate.parse("0.5") == Rate(1, 2) and hash(Rate.parse("0.5")) == hash(Rate(2, 4))
    assert Rate(1, 2) != "1/2"
    assert repr(Rate(1, 2)) == "Rate(1/2)" and str(Rate(3, 5)) == "3/5"
    assert Rate.parse("0.06").ceil(101) == 7 and Rate.parse("0.06").floor(101) == 6
    for bad in (0.06, "-0.1", "abc", "1/0", None):
        with pytest.raises(ValueError):
            Rate.parse(bad)
    with pytest.raises(ValueError):
        Rate(1, 0)


# ------------------------------------------------------------------ the schema's refusals

DOC_2025: dict[str, Any] = json.loads((PARAMS_DIR / "2025.json").read_text(encoding="utf-8"))
Mutation = Callable[[dict[str, Any]], None]


def v(doc: dict[str, Any], name: str) -> Any:
    return doc["parameters"][name]["value"]


MUTATIONS: list[tuple[str, Mutation]] = [
    ("not object", lambda d: d.clear() or d.update({"x": 1})),
    ("missing", lambda d: d.pop("era_name")),
    ("unknown header", lambda d: d.update({"extra": 1})),
    ("checked_on format", lambda d: d.update({"checked_on": "27/11/2026"})),
    ("checked_on date", lambda d: d.update({"checked_on": "2026-02-30"})),
    ("verified type", lambda d: d.update({"verified": "yes"})),
    ("income_year", lambda d: d.update({"income_year": 2025})),
    ("tax_year negative", lambda d: d.update({"tax_year": -1})),
    ("tax_year bool", lambda d: d.update({"tax_year": True})),
    ("missing parameter", lambda d: d["parameters"].pop("forest_environment_tax")),
    ("wrong unit", lambda d: d["parameters"]["forest_environment_tax"].update({"unit": "rate"})),
    ("no source", lambda d: d["parameters"]["forest_environment_tax"].update({"source": " "})),
    ("leaf verified type", lambda d: d["parameters"]["forest_environment_tax"].update({"verified": 1})),
    ("unverified without note", lambda d: d["parameters"]["forest_environment_tax"].update({"verified": False})),
    ("verified file with unverified value", lambda d: d["parameters"]["forest_environment_tax"].update(
        {"verified": False, "note": "to check"})),
    ("salary kind", lambda d: v(d, "salary_income")["bands"][0].update({"kind": "magic"})),
    ("salary step zero", lambda d: v(d, "salary_income")["bands"][6].update({"step": 0})),
    ("salary open end", lambda d: v(d, "salary_income")["bands"][-1].update({"below": 99_999_999})),
    ("salary order", lambda d: v(d, "salary_income")["bands"][1].update({"below": 1})),
    ("salary open middle", lambda d: v(d, "salary_income")["bands"][1].update({"below": None})),
    ("salary list", lambda d: v(d, "salary_income").update({"bands": []})),
    ("add not int", lambda d: v(d, "salary_income")["bands"][7].update({"add": "x"})),
    ("piece order", lambda d: v(d, "pension_income")["elderly"][-1].update({"below": 1})),
    ("piece open end", lambda d: v(d, "pension_income")["elderly"][-1].update({"below": 99_999_999})),
    ("rate text", lambda d: v(d, "income_adjustment").update({"high_salary_rate": 0.1})),
    ("basic open end", lambda d: v(d, "basic_deduction")["bands"][-1].update({"upto": 99_999_999})),
    ("spouse columns", lambda d: v(d, "spouse_deduction").update({"general": [1, 2]})),
    ("nt grades", lambda d: v(d, "non_taxable_whole")["grades"].pop("3")),
    ("rounding zero", lambda d: v(d, "rounding").update({"income_levy": 0})),
    ("share sum", lambda d: v(d, "city_types")["ordinary"]["credit_share"].update({"municipal": "1/2"})),
    ("brackets open end", lambda d: v(d, "donation_credit")["income_tax_brackets"][-1].update({"upto": 99_999_999})),
    ("separate pair", lambda d: v(d, "separate_taxation")["rates"]["stocks"].update({"limit": 1})),
    ("separate order", lambda d: v(d, "separate_taxation")["order"].pop()),
]


@pytest.mark.parametrize(("name", "mutate"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_schema_refuses(name: str, mutate: Mutation) -> None:
    doc = copy.deepcopy(DOC_2025)
    mutate(doc)
    with pytest.raises(ParamError):
        validate_document(doc, "2025.json")


def test_schema_refuses_non_object() -> None:
    with pytest.raises(ParamError):
        validate_document([], "2025.json")


def test_file_name_must_match_year(tmp_path: Path) -> None:
    path = tmp_path / "2030.json"
    path.write_text(json.dumps(DOC_2025), encoding="utf-8")
    with pytest.raises(ParamError, match="does not match"):
        validate_file(path)


PROFILE_DOC: dict[str, Any] = json.loads((PROFILES_DIR / "hanamaki.json").read_text(encoding="utf-8"))


def s(doc: dict[str, Any], name: str) -> Any:
    return doc["settings"][name]


PROFILE_MUTATIONS: list[tuple[str, Mutation]] = [
    ("name empty", lambda d: d.update({"name_ja": ""})),
    ("unverified setting in verified profile", lambda d: s(d, "grade").update({"verified": False, "note": "x"})),
    ("grade", lambda d: s(d, "grade").update({"value": 4})),
    ("designated type", lambda d: s(d, "designated_city").update({"value": "no"})),
    ("per capita name", lambda d: s(d, "per_capita")["value"]["municipal"][0].update({"name": ""})),
    ("due month", lambda d: s(d, "ordinary_collection")["value"].update({"due_months": [13]})),
    ("rounding unit", lambda d: s(d, "ordinary_collection")["value"].update({"rounding_unit": 0})),
    ("closed day", lambda d: s(d, "office_closed_days").update({"value": ["12/29"]})),
]


@pytest.mark.parametrize(("name", "mutate"), PROFILE_MUTATIONS, ids=[m[0] for m in PROFILE_MUTATIONS])
def test_profile_schema_refuses(name: str, mutate: Mutation) -> None:
    doc = copy.deepcopy(PROFILE_DOC)
    mutate(doc)
    with pytest.raises(ParamError):
        validate_profile(doc, "hanamaki.json")


def test_profile_code_must_match_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import app.tax.profile as profile_module

    doc = copy.deepcopy(PROFILE_DOC)
    doc["code"] = "elsewhere"
    (tmp_path / "other.json").write_text(json.dumps(doc), encoding="utf-8")
    monkeypatch.setattr(profile_module, "PROFILES_DIR", tmp_path)
    with pytest.raises(ParamError, match="does not match"):
        profile_module.load_profile.__wrapped__("other")


HOLIDAY_DOC: dict[str, Any] = json.loads(HOLIDAYS_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "mutate",
    [lambda d: d.update({"source": ""}), lambda d: d["holidays"][0].update({"kind": "lunar"}),
     lambda d: d["holidays"][0].pop("day"), lambda d: d["equinox"].pop("drift")],
)
def test_holiday_schema_refuses(mutate: Mutation) -> None:
    doc = copy.deepcopy(HOLIDAY_DOC)
    mutate(doc)
    with pytest.raises(ParamError):
        validate_rules(doc)
