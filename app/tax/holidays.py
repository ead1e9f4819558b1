"""Japanese national holidays computed by rule, with the rules as data (`params/holidays.json`).

Fixed dates, Happy Monday days (nth Monday), the equinox days by the standard approximation, the
one-off moves of 2020/2021 as overrides, then 振替休日 (a holiday on Sunday moves to the next day
that is not a holiday) and 国民の休日 (a day between two holidays). Equinoxes use integer
arithmetic scaled by 10^6, so no floating point enters a date.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from fractions import Fraction
from functools import cache, lru_cache
from typing import Any

from app.i18n import UserError
from app.tax.params import PARAMS_DIR, ParamError, check_header, check_list, check_object

HOLIDAYS_FILE = PARAMS_DIR / "holidays.json"


KINDS = {"fixed": ("month", "day"), "nth_monday": ("month", "n"), "equinox": ("month", "base")}


def validate_rules(doc: object) -> dict[str, Any]:
    """Schema of the holiday rules: header with source and checked-on date, then one rule per holiday."""
    d = check_header(
        doc,
        "holidays.json",
        ("checked_on", "verified", "source", "valid_from", "valid_to", "equinox", "holidays"),
    )
    if not isinstance(d["source"], str) or not d["source"]:
        raise ParamError("holidays.json.source: every rule needs its legal source")
    check_object(d["equinox"], "holidays.json.equinox", ("epoch", "drift", "leap_cycle"))
    for i, rule in enumerate(check_list(d["holidays"], "holidays.json.holidays")):
        path = f"holidays.json.holidays[{i}]"
        kind = rule.get("kind") if isinstance(rule, dict) else None
        if kind not in KINDS:
            raise ParamError(f"{path}.kind: must be one of {', '.join(KINDS)}")
        check_object(rule, path, ("name", "kind", *KINDS[kind]), ("overrides",))
    return d


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    with HOLIDAYS_FILE.open(encoding="utf-8") as fh:
        return validate_rules(json.load(fh))


def _nth_monday(year: int, month: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7 + 7 * (n - 1))


def _equinox(year: int, month: int, base: str, eq: dict[str, Any]) -> date:
    years = year - eq["epoch"]
    day = Fraction(base) + Fraction(eq["drift"]) * years - years // eq["leap_cycle"]
    return date(year, month, int(day))


def _named(year: int) -> dict[date, str]:
    doc = _rules()
    out: dict[date, str] = {}
    for rule in doc["holidays"]:
        override = rule.get("overrides", {}).get(str(year))
        if override is not None:
            month, day = (int(x) for x in override.split("-"))
            out[date(year, month, day)] = rule["name"]
        elif rule["kind"] == "fixed":
            out[date(year, rule["month"], rule["day"])] = rule["name"]
        elif rule["kind"] == "nth_monday":
            out[_nth_monday(year, rule["month"], rule["n"])] = rule["name"]
        else:  # equinox
            out[_equinox(year, rule["month"], rule["base"], doc["equinox"])] = rule["name"]
    return out


@cache
def holidays(year: int) -> dict[date, str]:
    """Every holiday of a calendar year with its name."""
    doc = _rules()
    if not doc["valid_from"] <= year <= doc["valid_to"]:
        raise UserError(
            f"{year}年の祝日は計算できません({doc['valid_from']}〜{doc['valid_to']}年に対応)",
            f"holidays of {year} cannot be computed (supported {doc['valid_from']}-{doc['valid_to']})",
            field="tax_year",
        )
    named = _named(year)
    out = dict(named)
    for day in sorted(named):
        # 国民の休日: a weekday squeezed between two national holidays.
        between = day + timedelta(days=1)
        if between not in named and between + timedelta(days=1) in named and between.weekday() != 6:
            out[between] = "国民の休日"
    for day in sorted(named):
        if day.weekday() == 6:  # 振替休日: the next day that is not already a holiday
            sub = day + timedelta(days=1)
            while sub in out:
                sub += timedelta(days=1)
            out[sub] = "振替休日"
    return out


def is_holiday(day: date) -> bool:
    return day in holidays(day.year)
