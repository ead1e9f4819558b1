"""Municipal profiles: what the city (and its prefecture) decide, as opposed to national law.

Rates and per-capita amounts, the 級地 for the non-taxable test, whether the city is a designated
city (指定都市, which changes how credits are shared), and the collection settings (rounding unit
and due months of 普通徴収, notice period, payroll months, days the office is closed).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from app.tax.params import (
    PARAMS_DIR,
    ParamError,
    SideRates,
    check_header,
    check_int,
    check_leaf,
    check_list,
    check_object,
    check_side_rates,
    fail,
)

PROFILES_DIR = PARAMS_DIR / "profiles"
DEFAULT_PROFILE = "hanamaki"
_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")


@dataclass(frozen=True, slots=True)
class Profile:
    code: str
    name_ja: str
    name_en: str
    verified: bool
    grade: int
    designated_city: bool
    income_rate: SideRates
    per_capita_municipal: int
    per_capita_prefectural: int
    per_capita_items: tuple[tuple[str, str, int], ...]  # (side, name, amount)
    ordinary_unit: int
    due_months: tuple[int, ...]
    notice_days: int
    payroll_unit: int
    payroll_first_month: int
    payroll_months: int
    remit_day: int
    closed_days: frozenset[tuple[int, int]]
    sources: Mapping[str, str]

    @property
    def city_type(self) -> str:
        return "designated" if self.designated_city else "ordinary"


SETTINGS = {
    "grade": "grade",
    "designated_city": "flag",
    "income_rate": "rate",
    "per_capita": "yen",
    "ordinary_collection": "settings",
    "payroll_withholding": "settings",
    "office_closed_days": "days",
}


def _month(value: object, path: str) -> int:
    m = check_int(value, path)
    if not 1 <= m <= 12:
        raise fail(path, "must be a month 1-12")
    return m


def _positive(value: object, path: str) -> int:
    n = check_int(value, path)
    if n == 0:
        raise fail(path, "must be positive")
    return n


def validate_profile(doc: object, name: str) -> Profile:
    d = check_header(doc, name, ("code", "name_ja", "name_en", "checked_on", "verified", "settings"))
    for key in ("code", "name_ja", "name_en"):
        if not isinstance(d[key], str) or not d[key]:
            raise fail(f"{name}.{key}", "must be a non-empty string")
    settings = check_object(d["settings"], name + ".settings", tuple(SETTINGS))
    raw: dict[str, Any] = {}
    sources: dict[str, str] = {}
    all_verified = True
    for key, unit in SETTINGS.items():
        raw[key], sources[key], ok = check_leaf(settings[key], f"{name}.settings.{key}", unit)
        all_verified = all_verified and ok
    if d["verified"] and not all_verified:
        raise fail(name + ".verified", "cannot be true while a setting is unverified")
    p = name + ".settings"
    grade = check_int(raw["grade"], p + ".grade.value")
    if grade not in (1, 2, 3):
        raise fail(p + ".grade.value", "must be 1, 2 or 3")
    if not isinstance(raw["designated_city"], bool):
        raise fail(p + ".designated_city.value", "must be true or false")
    pc = check_object(raw["per_capita"], p + ".per_capita.value", ("municipal", "prefectural"))
    items: list[tuple[str, str, int]] = []
    for side in ("municipal", "prefectural"):
        for i, item in enumerate(check_list(pc[side], f"{p}.per_capita.value.{side}")):
            q = f"{p}.per_capita.value.{side}[{i}]"
            it = check_object(item, q, ("name", "amount"))
            if not isinstance(it["name"], str) or not it["name"]:
                raise fail(q + ".name", "must be a non-empty string")
            items.append((side, it["name"], check_int(it["amount"], q + ".amount")))
    oc = check_object(
        raw["ordinary_collection"],
        p + ".ordinary_collection.value",
        ("rounding_unit", "due_months", "notice_period_days"),
    )
    months = tuple(
        _month(m, f"{p}.ordinary_collection.value.due_months[{i}]")
        for i, m in enumerate(check_list(oc["due_months"], p + ".ordinary_collection.value.due_months"))
    )
    pw = check_object(
        raw["payroll_withholding"],
        p + ".payroll_withholding.value",
        ("rounding_unit", "first_month", "months", "remit_day"),
    )
    closed = set()
    for i, text in enumerate(check_list(raw["office_closed_days"], p + ".office_closed_days.value", nonempty=False)):
        m = _MONTH_DAY.match(text) if isinstance(text, str) else None
        if not m:
            raise fail(f"{p}.office_closed_days.value[{i}]", "must be MM-DD")
        closed.add((int(m.group(1)), int(m.group(2))))
    return Profile(
        code=d["code"],
        name_ja=d["name_ja"],
        name_en=d["name_en"],
        verified=d["verified"],
        grade=grade,
        designated_city=raw["designated_city"],
        income_rate=check_side_rates(raw["income_rate"], p + ".income_rate.value"),
        per_capita_municipal=sum(a for s, _, a in items if s == "municipal"),
        per_capita_prefectural=sum(a for s, _, a in items if s == "prefectural"),
        per_capita_items=tuple(items),
        ordinary_unit=_positive(oc["rounding_unit"], p + ".ordinary_collection.value.rounding_unit"),
        due_months=months,
        notice_days=check_int(oc["notice_period_days"], p + ".ordinary_collection.value"),
        payroll_unit=_positive(pw["rounding_unit"], p + ".payroll_withholding.value.rounding_unit"),
        payroll_first_month=_month(pw["first_month"], p + ".payroll_withholding.value.first_month"),
        payroll_months=_positive(pw["months"], p + ".payroll_withholding.value.months"),
        remit_day=_positive(pw["remit_day"], p + ".payroll_withholding.value.remit_day"),
        closed_days=frozenset(closed),
        sources=sources,
    )


def profile_names() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in PROFILES_DIR.glob("*.json")))


@cache
def load_profile(code: str = DEFAULT_PROFILE) -> Profile:
    """A municipal profile by its code (the file name), read and checked once per process."""
    path = PROFILES_DIR / f"{code}.json"
    if not re.fullmatch(r"[a-z0-9_]+", code) or not path.is_file():
        raise KeyError(code)
    with path.open(encoding="utf-8") as fh:
        prof = validate_profile(json.load(fh), path.name)
    if prof.code != code:
        raise ParamError(f"{path.name}: code {prof.code!r} does not match the file name")
    return prof


def with_overrides(
    base: Profile,
    designated_city: bool | None,
    grade: int | None,
    income_rate: SideRates | None,
    per_capita: tuple[int, int] | None,
) -> Profile:
    """The profile with the input's `municipality` settings applied (None keeps the profile's)."""
    changes: dict[str, Any] = {}
    if designated_city is not None:
        changes["designated_city"] = designated_city
    if grade is not None:
        changes["grade"] = grade
    if income_rate is not None:
        changes["income_rate"] = income_rate
    if per_capita is not None:
        changes["per_capita_municipal"], changes["per_capita_prefectural"] = per_capita
        changes["per_capita_items"] = (
            ("municipal", "均等割", per_capita[0]),
            ("prefectural", "均等割", per_capita[1]),
        )
    return replace(base, **changes) if changes else base
