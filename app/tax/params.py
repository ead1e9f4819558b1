"""Dated parameter files: schema check, parsing into typed values, and a per-year cache.

One JSON file per tax year (`params/<year>.json`). Each value is a leaf
`{"value": …, "unit": …, "source": …}` (optionally `"verified": false` and a `"note"`), so every
figure carries its legal source. The file carries `checked_on` and a `verified` flag; a file may
not claim to be verified while one of its values is not. The checks here are the schema: the
tests run `validate_file` over every file, and `load_params` runs it before use.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from app.tax.money import Rate

PARAMS_DIR = Path(__file__).with_name("params")
SIDES = ("municipal", "prefectural")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ParamError(ValueError):
    """A parameter file does not follow the schema (a bug in the data, not a user error)."""


# ---------------------------------------------------------------------------------------------
# Typed values


@dataclass(frozen=True, slots=True)
class Piece:
    """One bracket of a piecewise-linear rule: rate × x + add for x up to `limit`."""

    limit: int | None  # inclusive ("upto") or exclusive ("below"), as the owning table says
    rate: Rate
    add: int

    def ceil(self, x: int) -> int:
        return self.rate.ceil(x) + self.add


@dataclass(frozen=True, slots=True)
class SalaryBand:
    below: int | None
    kind: str  # fixed | minus | linear | rounded_linear
    amount: int  # fixed: the income; minus: the deduction; linear: the addend
    rate: Rate
    step: int
    pieces: tuple[Piece, ...]
    minimum_deduction: int


@dataclass(frozen=True, slots=True)
class SideRates:
    municipal: Rate
    prefectural: Rate


@dataclass(frozen=True, slots=True)
class CityType:
    adjustment_rate: SideRates
    credit_share: SideRates
    dividend_within: SideRates
    dividend_over: SideRates


@dataclass(frozen=True, slots=True)
class SeparateRate:
    rate: Rate
    limit: int | None
    over_rate: Rate


@dataclass(frozen=True, slots=True)
class RelativeRow:
    upto: int
    amount: int
    adjustment_diff: int


@dataclass(frozen=True, slots=True)
class YearParams:
    tax_year: int
    income_year: int
    checked_on: date
    verified: bool
    unverified: tuple[str, ...]
    sources: Mapping[str, str]
    ages: Mapping[str, int]
    salary_bands: tuple[SalaryBand, ...]
    pension_reductions: tuple[tuple[int, int], ...]
    pension_under_elderly: tuple[Piece, ...]
    pension_elderly: tuple[Piece, ...]
    adj_high_over: int
    adj_high_cap: int
    adj_high_rate: Rate
    adj_salary_cap: int
    adj_pension_cap: int
    adj_offset: int
    transfer_special: int
    one_time_special: int
    half: Rate
    dependant_limit: int
    basic_bands: tuple[tuple[int | None, int], ...]
    spouse_columns: tuple[int, ...]
    spouse_general: tuple[int, ...]
    spouse_elderly: tuple[int, ...]
    spouse_special_over: int
    spouse_special_rows: tuple[tuple[int, tuple[int, ...]], ...]
    dependant_amounts: Mapping[str, int]
    relative_rows: tuple[RelativeRow, ...]
    disability_amounts: Mapping[str, int]
    widow_amount: int
    widow_limit: int
    single_parent_amount: int
    single_parent_limit: int
    student_amount: int
    student_limit: int
    student_other_limit: int
    life_new: tuple[Piece, ...]
    life_old: tuple[Piece, ...]
    life_combined_cap: int
    life_total_cap: int
    quake_rate: Rate
    quake_cap: int
    quake_old: tuple[Piece, ...]
    quake_total_cap: int
    medical_rate: Rate
    medical_threshold_cap: int
    medical_cap: int
    selfmed_floor: int
    selfmed_cap: int
    casualty_rate: Rate
    casualty_floor: int
    nt_grades: Mapping[int, tuple[int, int]]
    nt_fixed: int
    nt_special_limit: int
    nl_base: int
    nl_fixed: int
    nl_addition: int
    round_taxable: int
    round_separate: int
    round_levy: int
    adj_income_limit: int
    adj_threshold: int
    adj_minimum: int
    diffs: Mapping[str, Any]
    city_types: Mapping[str, CityType]
    dividend_threshold: int
    housing_rate: Rate
    housing_cap: int
    housing_special_rate: Rate
    housing_special_cap: int
    it_basic_reference: int
    it_basic_bands: tuple[tuple[int | None, int], ...]
    donation_income_cap: Rate
    donation_floor: int
    donation_basic_rate: Rate
    donation_special_rate: Rate
    donation_special_cap: Rate
    surtax_factor: Rate
    income_tax_brackets: tuple[tuple[int | None, Rate], ...]
    # Derived once per year for speed: per income-tax bracket (limit, 90 % − m × 1.021, one-stop factor
    # m × 1.021 / (90 % − m × 1.021)); the first entry is for T − D < 0 (m = 0).
    special_brackets: tuple[tuple[int | None, Rate, Rate], ...]
    separate_rates: Mapping[str, SeparateRate]
    separate_order: tuple[str, ...]
    forest_environment_tax: int


# ---------------------------------------------------------------------------------------------
# Small checkers: each returns the parsed value or raises ParamError naming the path.


def fail(path: str, message: str) -> ParamError:
    return ParamError(f"{path}: {message}")


def check_object(value: object, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise fail(path, "must be an object")
    missing = [k for k in required if k not in value]
    if missing:
        raise fail(path, f"missing {', '.join(missing)}")
    extra = [k for k in value if k not in required and k not in optional]
    if extra:
        raise fail(path, f"unknown {', '.join(extra)}")
    return value


def check_int(value: object, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise fail(path, "must be an integer")
    if value < 0:
        raise fail(path, "must not be negative")
    return value


def _signed(value: object, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise fail(path, "must be an integer")
    return value


def _limit(value: object, path: str) -> int | None:
    return None if value is None else check_int(value, path)


def _rate(value: object, path: str) -> Rate:
    try:
        return Rate.parse(value)
    except ValueError as err:
        raise fail(path, str(err)) from None


def check_list(value: object, path: str, *, nonempty: bool = True) -> list[Any]:
    if not isinstance(value, list) or (nonempty and not value):
        raise fail(path, "must be a non-empty list" if nonempty else "must be a list")
    return value


def _ascending(limits: list[int | None], path: str) -> None:
    """Bracket limits rise strictly and only the last may be open (null)."""
    for i, lim in enumerate(limits):
        if lim is None and i != len(limits) - 1:
            raise fail(path, "only the last bracket may be open")
        if i and lim is not None and limits[i - 1] is not None and lim <= limits[i - 1]:  # type: ignore[operator]
            raise fail(path, "bracket limits must rise")


def _pieces(value: object, path: str, key: str) -> tuple[Piece, ...]:
    """Brackets of a piecewise rule; the last bracket is open so every amount finds one."""
    rows = check_list(value, path)
    out = []
    for i, row in enumerate(rows):
        p = f"{path}[{i}]"
        r = check_object(row, p, (key, "rate", "add"))
        out.append(Piece(_limit(r[key], p + "." + key), _rate(r["rate"], p + ".rate"), _signed(r["add"], p + ".add")))
    _ascending([x.limit for x in out], path)
    if out[-1].limit is not None:
        raise fail(path, "the last bracket must be open (null)")
    return tuple(out)


def _amount_bands(value: object, path: str) -> tuple[tuple[int | None, int], ...]:
    rows = check_list(value, path)
    out: list[tuple[int | None, int]] = []
    for i, row in enumerate(rows):
        r = check_object(row, f"{path}[{i}]", ("upto", "amount"))
        out.append((_limit(r["upto"], f"{path}[{i}].upto"), check_int(r["amount"], f"{path}[{i}].amount")))
    _ascending([lim for lim, _ in out], path)
    if out[-1][0] is not None:
        raise fail(path, "the last bracket must be open (null)")
    return tuple(out)


def _yen_map(value: object, path: str, keys: tuple[str, ...]) -> dict[str, int]:
    v = check_object(value, path, keys)
    return {k: check_int(v[k], f"{path}.{k}") for k in keys}


def check_side_rates(value: object, path: str) -> SideRates:
    v = check_object(value, path, SIDES)
    return SideRates(_rate(v["municipal"], path + ".municipal"), _rate(v["prefectural"], path + ".prefectural"))


def _yen_tuple(value: object, path: str, length: int) -> tuple[int, ...]:
    rows = check_list(value, path)
    if len(rows) != length:
        raise fail(path, f"must have {length} entries")
    return tuple(check_int(x, f"{path}[{i}]") for i, x in enumerate(rows))


# ---------------------------------------------------------------------------------------------
# The schema: parameter name → (unit, checker). A parameter file must hold exactly these names.

Checker = Callable[[object, str], Any]


def _c_ages(v: object, p: str) -> dict[str, int]:
    keys = (
        "junior_under",
        "specific_from",
        "specific_to",
        "elderly_from",
        "minor_under",
        "adjustment_dependant_under",
        "pension_elderly_from",
    )
    return _yen_map(v, p, keys)


def _c_salary(v: object, p: str) -> tuple[SalaryBand, ...]:
    rows = check_list(check_object(v, p, ("bands",))["bands"], p + ".bands")
    out = []
    for i, row in enumerate(rows):
        q = f"{p}.bands[{i}]"
        kind = row.get("kind") if isinstance(row, dict) else None
        if kind == "fixed":
            r = check_object(row, q, ("below", "kind", "amount"))
            band = SalaryBand(_limit(r["below"], q), kind, check_int(r["amount"], q), Rate(0), 0, (), 0)
        elif kind == "minus":
            r = check_object(row, q, ("below", "kind", "deduction"))
            band = SalaryBand(_limit(r["below"], q), kind, check_int(r["deduction"], q), Rate(0), 0, (), 0)
        elif kind == "linear":
            r = check_object(row, q, ("below", "kind", "rate", "add"))
            band = SalaryBand(_limit(r["below"], q), kind, _signed(r["add"], q), _rate(r["rate"], q), 0, (), 0)
        elif kind == "rounded_linear":
            r = check_object(row, q, ("below", "kind", "step", "pieces"), ("minimum_deduction",))
            step = check_int(r["step"], q + ".step")
            if step == 0:
                raise fail(q + ".step", "must be positive")
            band = SalaryBand(
                _limit(r["below"], q),
                kind,
                0,
                Rate(0),
                step,
                _pieces(r["pieces"], q + ".pieces", "below"),
                check_int(r.get("minimum_deduction", 0), q + ".minimum_deduction"),
            )
        else:
            raise fail(q + ".kind", "must be fixed, minus, linear or rounded_linear")
        out.append(band)
    _ascending([b.below for b in out], p + ".bands")
    if out[-1].below is not None:
        raise fail(p + ".bands", "the last band must be open (null)")
    return tuple(out)


def _c_pension(v: object, p: str) -> dict[str, Any]:
    r = check_object(v, p, ("other_income_reductions", "under_elderly", "elderly"))
    reductions = []
    for i, row in enumerate(check_list(r["other_income_reductions"], p + ".other_income_reductions")):
        q = f"{p}.other_income_reductions[{i}]"
        x = check_object(row, q, ("other_income_over", "amount"))
        reductions.append((check_int(x["other_income_over"], q), check_int(x["amount"], q)))
    return {
        "reductions": tuple(reductions),
        "under": _pieces(r["under_elderly"], p + ".under_elderly", "below"),
        "elderly": _pieces(r["elderly"], p + ".elderly", "below"),
    }


def _c_income_adjustment(v: object, p: str) -> dict[str, Any]:
    r = check_object(
        v,
        p,
        ("high_salary_over", "high_salary_cap", "high_salary_rate", "salary_cap", "pension_cap", "offset"),
    )
    out: dict[str, Any] = {k: check_int(r[k], f"{p}.{k}") for k in r if k != "high_salary_rate"}
    out["high_salary_rate"] = _rate(r["high_salary_rate"], p + ".high_salary_rate")
    return out


def _c_transfer(v: object, p: str) -> dict[str, Any]:
    r = check_object(v, p, ("special_deduction", "one_time_deduction", "half"))
    return {
        "special": check_int(r["special_deduction"], p),
        "one_time": check_int(r["one_time_deduction"], p),
        "half": _rate(r["half"], p + ".half"),
    }


def _c_yen(v: object, p: str) -> int:
    return check_int(v, p)


def _c_basic(v: object, p: str) -> tuple[tuple[int | None, int], ...]:
    return _amount_bands(check_object(v, p, ("bands",))["bands"], p + ".bands")


def _c_spouse(v: object, p: str) -> dict[str, Any]:
    r = check_object(v, p, ("taxpayer_income_columns", "general", "elderly"))
    cols = _yen_tuple(r["taxpayer_income_columns"], p + ".taxpayer_income_columns", 3)
    _ascending(list(cols), p + ".taxpayer_income_columns")
    return {
        "columns": cols,
        "general": _yen_tuple(r["general"], p + ".general", 3),
        "elderly": _yen_tuple(r["elderly"], p + ".elderly", 3),
    }


def _c_spouse_special(v: object, p: str) -> dict[str, Any]:
    r = check_object(v, p, ("spouse_income_over", "rows"))
    rows = []
    for i, row in enumerate(check_list(r["rows"], p + ".rows")):
        q = f"{p}.rows[{i}]"
        x = check_object(row, q, ("upto", "amounts"))
        rows.append((check_int(x["upto"], q + ".upto"), _yen_tuple(x["amounts"], q + ".amounts", 3)))
    _ascending([u for u, _ in rows], p + ".rows")
    return {"over": check_int(r["spouse_income_over"], p), "rows": tuple(rows)}


def _c_dependant(v: object, p: str) -> dict[str, int]:
    return _yen_map(v, p, ("general", "specific", "elderly", "cohabiting_elderly_parent"))


def _c_relative(v: object, p: str) -> tuple[RelativeRow, ...]:
    # An empty table means the deduction is not in force for the year.
    rows = []
    for i, row in enumerate(check_list(check_object(v, p, ("rows",))["rows"], p + ".rows", nonempty=False)):
        q = f"{p}.rows[{i}]"
        x = check_object(row, q, ("upto", "amount", "adjustment_diff"))
        rows.append(RelativeRow(check_int(x["upto"], q), check_int(x["amount"], q), check_int(x["adjustment_diff"], q)))
    _ascending([r.upto for r in rows], p + ".rows")
    return tuple(rows)


def _c_disability(v: object, p: str) -> dict[str, int]:
    return _yen_map(v, p, ("general", "special", "special_cohabiting"))


def _c_amount_limit(v: object, p: str) -> dict[str, int]:
    return _yen_map(v, p, ("amount", "income_limit"))


def _c_single_parent(v: object, p: str) -> dict[str, int]:
    return _yen_map(v, p, ("amount", "income_limit", "child_income_limit"))


def _c_student(v: object, p: str) -> dict[str, int]:
    return _yen_map(v, p, ("amount", "income_limit", "other_income_limit"))


def _c_life(v: object, p: str) -> dict[str, Any]:
    r = check_object(v, p, ("new", "old", "combined_cap", "total_cap"))
    return {
        "new": _pieces(r["new"], p + ".new", "upto"),
        "old": _pieces(r["old"], p + ".old", "upto"),
        "combined_cap": check_int(r["combined_cap"], p),
        "total_cap": check_int(r["total_cap"], p),
    }


def _c_quake(v: object, p: str) -> dict[str, Any]:
    r = check_object(v, p, ("earthquake_rate", "earthquake_cap", "old_long_term", "total_cap"))
    return {
        "rate": _rate(r["earthquake_rate"], p),
        "cap": check_int(r["earthquake_cap"], p),
        "old": _pieces(r["old_long_term"], p + ".old_long_term", "upto"),
        "total_cap": check_int(r["total_cap"], p),
    }


def _c_medical(v: object, p: str) -> dict[str, Any]:
    r = check_object(v, p, ("threshold_rate", "threshold_cap", "cap", "self_medication_floor", "self_medication_cap"))
    out: dict[str, Any] = {k: check_int(r[k], f"{p}.{k}") for k in r if k != "threshold_rate"}
    out["threshold_rate"] = _rate(r["threshold_rate"], p + ".threshold_rate")
    return out


def _c_casualty(v: object, p: str) -> dict[str, Any]:
    r = check_object(v, p, ("income_rate", "disaster_floor"))
    return {"rate": _rate(r["income_rate"], p), "floor": check_int(r["disaster_floor"], p)}


def _c_nt_whole(v: object, p: str) -> dict[str, Any]:
    r = check_object(v, p, ("grades", "fixed", "special_person_limit"))
    grades = check_object(r["grades"], p + ".grades", ("1", "2", "3"))
    parsed = {}
    for g, row in grades.items():
        x = _yen_map(row, f"{p}.grades.{g}", ("base", "addition"))
        parsed[int(g)] = (x["base"], x["addition"])
    return {"grades": parsed, "fixed": check_int(r["fixed"], p), "special": check_int(r["special_person_limit"], p)}


def _c_nt_levy(v: object, p: str) -> dict[str, int]:
    return _yen_map(v, p, ("base", "fixed", "addition"))


def _c_rounding(v: object, p: str) -> dict[str, int]:
    out = _yen_map(v, p, ("taxable_income", "separate_taxable", "income_levy"))
    if 0 in out.values():
        raise fail(p, "rounding units must be positive")
    return out


def _c_adjustment(v: object, p: str) -> dict[str, Any]:
    r = check_object(v, p, ("income_limit", "threshold", "minimum", "diffs"))
    d = check_object(
        r["diffs"],
        p + ".diffs",
        (
            "basic",
            "spouse",
            "spouse_special",
            "dependant",
            "disability",
            "widow",
            "single_parent",
            "working_student",
        ),
    )
    dp = p + ".diffs"
    spouse = check_object(d["spouse"], dp + ".spouse", ("general", "elderly"))
    special = []
    for i, row in enumerate(check_list(d["spouse_special"], dp + ".spouse_special", nonempty=False)):
        q = f"{dp}.spouse_special[{i}]"
        x = check_object(row, q, ("upto", "amounts"))
        special.append((check_int(x["upto"], q), _yen_tuple(x["amounts"], q + ".amounts", 3)))
    _ascending([u for u, _ in special], dp + ".spouse_special")
    diffs = {
        "basic": check_int(d["basic"], dp + ".basic"),
        "spouse_general": _yen_tuple(spouse["general"], dp + ".spouse.general", 3),
        "spouse_elderly": _yen_tuple(spouse["elderly"], dp + ".spouse.elderly", 3),
        "spouse_special": tuple(special),
        "dependant": _c_dependant(d["dependant"], dp + ".dependant"),
        "disability": _c_disability(d["disability"], dp + ".disability"),
        "widow": check_int(d["widow"], dp + ".widow"),
        "single_parent": _yen_map(d["single_parent"], dp + ".single_parent", ("F", "M")),
        "working_student": check_int(d["working_student"], dp + ".working_student"),
    }
    return {
        "income_limit": check_int(r["income_limit"], p),
        "threshold": check_int(r["threshold"], p),
        "minimum": check_int(r["minimum"], p),
        "diffs": diffs,
    }


def _c_city_types(v: object, p: str) -> dict[str, CityType]:
    r = check_object(v, p, ("ordinary", "designated"))
    out = {}
    for name, row in r.items():
        q = f"{p}.{name}"
        x = check_object(row, q, ("adjustment_credit_rate", "credit_share", "dividend_credit"))
        div = check_object(x["dividend_credit"], q + ".dividend_credit", ("within", "over"))
        share = check_side_rates(x["credit_share"], q + ".credit_share")
        if share.municipal.fraction() + share.prefectural.fraction() != 1:
            raise fail(q + ".credit_share", "the two shares must add up to 1")
        out[name] = CityType(
            check_side_rates(x["adjustment_credit_rate"], q + ".adjustment_credit_rate"),
            share,
            check_side_rates(div["within"], q + ".dividend_credit.within"),
            check_side_rates(div["over"], q + ".dividend_credit.over"),
        )
    return out


def _c_housing(v: object, p: str) -> dict[str, Any]:
    r = check_object(v, p, ("rate", "cap", "special_rate", "special_cap"))
    return {
        "rate": _rate(r["rate"], p),
        "cap": check_int(r["cap"], p),
        "special_rate": _rate(r["special_rate"], p),
        "special_cap": check_int(r["special_cap"], p),
    }


def _c_it_basic(v: object, p: str) -> dict[str, Any]:
    r = check_object(v, p, ("reference", "bands"))
    return {"reference": check_int(r["reference"], p), "bands": _amount_bands(r["bands"], p + ".bands")}


def _c_donation(v: object, p: str) -> dict[str, Any]:
    keys = (
        "income_cap_rate",
        "floor",
        "basic_rate",
        "special_rate",
        "special_cap_rate",
        "surtax_factor",
        "income_tax_brackets",
    )
    r = check_object(v, p, keys)
    brackets = []
    for i, row in enumerate(check_list(r["income_tax_brackets"], p + ".income_tax_brackets")):
        q = f"{p}.income_tax_brackets[{i}]"
        x = check_object(row, q, ("upto", "rate"))
        brackets.append((_limit(x["upto"], q), _rate(x["rate"], q)))
    _ascending([u for u, _ in brackets], p + ".income_tax_brackets")
    if brackets[-1][0] is not None:
        raise fail(p + ".income_tax_brackets", "the last bracket must be open (null)")
    out: dict[str, Any] = {k: _rate(r[k], f"{p}.{k}") for k in keys if k not in ("floor", "income_tax_brackets")}
    out["floor"] = check_int(r["floor"], p + ".floor")
    out["brackets"] = tuple(brackets)
    return out


SEPARATE_KINDS = (
    "short_term_general",
    "short_term_reduced",
    "long_term_general",
    "long_term_specified",
    "long_term_residential",
    "listed_dividends",
    "stocks",
    "futures",
)


def _c_separate(v: object, p: str) -> dict[str, Any]:
    r = check_object(v, p, ("rates", "order"))
    rates = check_object(r["rates"], p + ".rates", SEPARATE_KINDS)
    parsed = {}
    for kind, row in rates.items():
        q = f"{p}.rates.{kind}"
        x = check_object(row, q, ("rate",), ("limit", "over_rate"))
        if ("limit" in x) != ("over_rate" in x):
            raise fail(q, "limit and over_rate go together")
        rate = _rate(x["rate"], q + ".rate")
        parsed[kind] = SeparateRate(
            rate,
            check_int(x["limit"], q) if "limit" in x else None,
            _rate(x["over_rate"], q) if "over_rate" in x else rate,
        )
    order = check_list(r["order"], p + ".order")
    if sorted(order) != sorted((*SEPARATE_KINDS, "timber")):
        raise fail(p + ".order", "must list every separately taxed kind and timber once")
    return {"rates": parsed, "order": tuple(order)}


SCHEMA: dict[str, tuple[str, Checker]] = {
    "ages": ("years", _c_ages),
    "salary_income": ("yen", _c_salary),
    "pension_income": ("yen", _c_pension),
    "income_adjustment": ("yen", _c_income_adjustment),
    "transfer_and_one_time": ("yen", _c_transfer),
    "dependant_income_limit": ("yen", _c_yen),
    "basic_deduction": ("yen", _c_basic),
    "spouse_deduction": ("yen", _c_spouse),
    "spouse_special_deduction": ("yen", _c_spouse_special),
    "dependant_deduction": ("yen", _c_dependant),
    "specific_relative_deduction": ("yen", _c_relative),
    "disability_deduction": ("yen", _c_disability),
    "widow_deduction": ("yen", _c_amount_limit),
    "single_parent_deduction": ("yen", _c_single_parent),
    "working_student_deduction": ("yen", _c_student),
    "life_insurance_deduction": ("yen", _c_life),
    "earthquake_insurance_deduction": ("yen", _c_quake),
    "medical_deduction": ("yen", _c_medical),
    "casualty_loss_deduction": ("yen", _c_casualty),
    "non_taxable_whole": ("yen", _c_nt_whole),
    "non_taxable_income_levy": ("yen", _c_nt_levy),
    "rounding": ("yen", _c_rounding),
    "adjustment_credit": ("yen", _c_adjustment),
    "city_types": ("rate", _c_city_types),
    "dividend_credit_threshold": ("yen", _c_yen),
    "housing_loan_credit": ("yen", _c_housing),
    "income_tax_basic_deduction": ("yen", _c_it_basic),
    "donation_credit": ("rate", _c_donation),
    "separate_taxation": ("rate", _c_separate),
    "forest_environment_tax": ("yen", _c_yen),
}


def check_leaf(leaf: object, path: str, unit: str) -> tuple[Any, str, bool]:
    """A value with its unit and source: returns (raw value, source, verified)."""
    r = check_object(leaf, path, ("value", "unit", "source"), ("verified", "note"))
    if r["unit"] != unit:
        raise fail(path + ".unit", f"must be {unit!r}")
    if not isinstance(r["source"], str) or not r["source"].strip():
        raise fail(path + ".source", "every value needs its legal source")
    verified = r.get("verified", True)
    if not isinstance(verified, bool):
        raise fail(path + ".verified", "must be true or false")
    note = r.get("note")
    if not verified and (not isinstance(note, str) or not note.strip()):
        raise fail(path + ".note", "an unverified value needs a note of what remains to confirm")
    return r["value"], r["source"], verified


def check_header(doc: object, path: str, required: tuple[str, ...]) -> dict[str, Any]:
    d = check_object(doc, path, required, ("notes",))
    checked = d["checked_on"]
    if not isinstance(checked, str) or not _DATE.match(checked):
        raise fail(path + ".checked_on", "must be a YYYY-MM-DD date")
    try:
        date.fromisoformat(checked)
    except ValueError:
        raise fail(path + ".checked_on", "is not a real date") from None
    if not isinstance(d["verified"], bool):
        raise fail(path + ".verified", "must be true or false")
    return d


def validate_document(doc: object, name: str) -> YearParams:
    """Check one parameter document against the schema and return it parsed."""
    d = check_header(doc, name, ("tax_year", "income_year", "era_name", "checked_on", "verified", "parameters"))
    year = check_int(d["tax_year"], name + ".tax_year")
    if check_int(d["income_year"], name + ".income_year") != year - 1:
        raise fail(name + ".income_year", "must be tax_year - 1")
    params = check_object(d["parameters"], name + ".parameters", tuple(SCHEMA))
    parsed: dict[str, Any] = {}
    sources: dict[str, str] = {}
    unverified: list[str] = []
    for key, (unit, checker) in SCHEMA.items():
        path = f"{name}.parameters.{key}"
        raw, source, ok = check_leaf(params[key], path, unit)
        parsed[key] = checker(raw, path + ".value")
        sources[key] = source
        if not ok:
            unverified.append(key)
    if d["verified"] and unverified:
        raise fail(name + ".verified", f"cannot be true while {', '.join(unverified)} are unverified")
    return _build(year, date.fromisoformat(d["checked_on"]), d["verified"], tuple(unverified), sources, parsed)


def _build(
    year: int,
    checked: date,
    verified: bool,
    unverified: tuple[str, ...],
    sources: dict[str, str],
    v: dict[str, Any],
) -> YearParams:
    pen, adj, tr = v["pension_income"], v["income_adjustment"], v["transfer_and_one_time"]
    sp, ss, life, quake = (
        v["spouse_deduction"],
        v["spouse_special_deduction"],
        v["life_insurance_deduction"],
        v["earthquake_insurance_deduction"],
    )
    med, cas, ntw, ntl = (
        v["medical_deduction"],
        v["casualty_loss_deduction"],
        v["non_taxable_whole"],
        v["non_taxable_income_levy"],
    )
    rnd, ac, hl, itb, don, sep = (
        v["rounding"],
        v["adjustment_credit"],
        v["housing_loan_credit"],
        v["income_tax_basic_deduction"],
        v["donation_credit"],
        v["separate_taxation"],
    )
    return YearParams(
        tax_year=year,
        income_year=year - 1,
        checked_on=checked,
        verified=verified,
        unverified=unverified,
        sources=sources,
        ages=v["ages"],
        salary_bands=v["salary_income"],
        pension_reductions=pen["reductions"],
        pension_under_elderly=pen["under"],
        pension_elderly=pen["elderly"],
        adj_high_over=adj["high_salary_over"],
        adj_high_cap=adj["high_salary_cap"],
        adj_high_rate=adj["high_salary_rate"],
        adj_salary_cap=adj["salary_cap"],
        adj_pension_cap=adj["pension_cap"],
        adj_offset=adj["offset"],
        transfer_special=tr["special"],
        one_time_special=tr["one_time"],
        half=tr["half"],
        dependant_limit=v["dependant_income_limit"],
        basic_bands=v["basic_deduction"],
        spouse_columns=sp["columns"],
        spouse_general=sp["general"],
        spouse_elderly=sp["elderly"],
        spouse_special_over=ss["over"],
        spouse_special_rows=ss["rows"],
        dependant_amounts=v["dependant_deduction"],
        relative_rows=v["specific_relative_deduction"],
        disability_amounts=v["disability_deduction"],
        widow_amount=v["widow_deduction"]["amount"],
        widow_limit=v["widow_deduction"]["income_limit"],
        single_parent_amount=v["single_parent_deduction"]["amount"],
        single_parent_limit=v["single_parent_deduction"]["income_limit"],
        student_amount=v["working_student_deduction"]["amount"],
        student_limit=v["working_student_deduction"]["income_limit"],
        student_other_limit=v["working_student_deduction"]["other_income_limit"],
        life_new=life["new"],
        life_old=life["old"],
        life_combined_cap=life["combined_cap"],
        life_total_cap=life["total_cap"],
        quake_rate=quake["rate"],
        quake_cap=quake["cap"],
        quake_old=quake["old"],
        quake_total_cap=quake["total_cap"],
        medical_rate=med["threshold_rate"],
        medical_threshold_cap=med["threshold_cap"],
        medical_cap=med["cap"],
        selfmed_floor=med["self_medication_floor"],
        selfmed_cap=med["self_medication_cap"],
        casualty_rate=cas["rate"],
        casualty_floor=cas["floor"],
        nt_grades=ntw["grades"],
        nt_fixed=ntw["fixed"],
        nt_special_limit=ntw["special"],
        nl_base=ntl["base"],
        nl_fixed=ntl["fixed"],
        nl_addition=ntl["addition"],
        round_taxable=rnd["taxable_income"],
        round_separate=rnd["separate_taxable"],
        round_levy=rnd["income_levy"],
        adj_income_limit=ac["income_limit"],
        adj_threshold=ac["threshold"],
        adj_minimum=ac["minimum"],
        diffs=ac["diffs"],
        city_types=v["city_types"],
        dividend_threshold=v["dividend_credit_threshold"],
        housing_rate=hl["rate"],
        housing_cap=hl["cap"],
        housing_special_rate=hl["special_rate"],
        housing_special_cap=hl["special_cap"],
        it_basic_reference=itb["reference"],
        it_basic_bands=itb["bands"],
        donation_income_cap=don["income_cap_rate"],
        donation_floor=don["floor"],
        donation_basic_rate=don["basic_rate"],
        donation_special_rate=don["special_rate"],
        donation_special_cap=don["special_cap_rate"],
        surtax_factor=don["surtax_factor"],
        special_brackets=_special_brackets(don),
        income_tax_brackets=don["brackets"],
        separate_rates=sep["rates"],
        separate_order=sep["order"],
        forest_environment_tax=v["forest_environment_tax"],
    )


def _special_brackets(don: dict[str, Any]) -> tuple[tuple[int | None, Rate, Rate], ...]:
    out: list[tuple[int | None, Rate, Rate]] = []
    for limit, m in ((-1, Rate(0)), *don["brackets"]):
        income_tax = m.times(don["surtax_factor"])
        special = don["special_rate"].minus(income_tax)
        out.append((limit, special, Rate(income_tax.num * special.den, income_tax.den * special.num)))
    return tuple(out)


def year_files() -> dict[int, Path]:
    """Tax years that have a parameter file (the file name is the year)."""
    return {int(p.stem): p for p in PARAMS_DIR.glob("[0-9][0-9][0-9][0-9].json")}


@lru_cache(maxsize=1)
def supported_years() -> tuple[int, ...]:
    return tuple(sorted(year_files()))


def validate_file(path: Path) -> YearParams:
    with path.open(encoding="utf-8") as fh:
        doc = json.load(fh)
    parsed = validate_document(doc, path.name)
    if str(parsed.tax_year) != path.stem:
        raise ParamError(f"{path.name}: tax_year {parsed.tax_year} does not match the file name")
    return parsed


@cache
def load_params(tax_year: int) -> YearParams:
    """The parsed parameters of one tax year, read and checked once per process."""
    path = year_files().get(tax_year)
    if path is None:
        raise KeyError(tax_year)
    return validate_file(path)
