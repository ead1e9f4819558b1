"""The JSON input contract of an assessment, parsed and checked into frozen dataclasses.

Every problem is a `UserError` naming the field by its dotted path (`income.salary_revenue`,
`dependants[1].birth_date`) in Japanese and English. Missing amounts are 0; unknown fields,
negative or non-integer amounts, impossible dates and unsupported tax years are refused.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.i18n import UserError
from app.tax.money import Rate
from app.tax.params import supported_years

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TAXPAYER_DISABILITY = ("none", "general", "special")
RELATIVE_DISABILITY = ("none", "general", "special", "special_cohabiting")
SEPARATE_FIELDS = (
    "short_term_general",
    "short_term_reduced",
    "long_term_general",
    "long_term_specified",
    "long_term_residential",
    "listed_dividends",
    "stocks",
    "futures",
    "timber",
)


@dataclass(frozen=True, slots=True)
class Taxpayer:
    birth_date: date
    sex: str | None
    disability: str = "none"
    widow: bool = False
    single_parent: bool = False
    working_student: bool = False
    livelihood_assistance: bool = False


@dataclass(frozen=True, slots=True)
class Income:
    salary_revenue: int = 0
    pension_revenue: int = 0
    business: int = 0
    agriculture: int = 0
    real_estate: int = 0
    interest: int = 0
    dividends: int = 0
    misc_other: int = 0
    capital_gains_short: int = 0
    capital_gains_long: int = 0
    one_time: int = 0
    separate: tuple[tuple[str, int], ...] = ()  # (kind, amount) for the kinds entered, non-zero only


@dataclass(frozen=True, slots=True)
class LifeInsurance:
    new_general: int = 0
    old_general: int = 0
    new_pension: int = 0
    old_pension: int = 0
    care_medical: int = 0


@dataclass(frozen=True, slots=True)
class Deductions:
    social_insurance: int = 0
    small_business_mutual_aid: int = 0
    life: LifeInsurance = LifeInsurance()
    earthquake: int = 0
    old_long_term: int = 0
    medical_paid: int = 0
    medical_reimbursed: int = 0
    self_medication: bool = False
    casualty_net_loss: int = 0
    casualty_disaster_outlays: int = 0


@dataclass(frozen=True, slots=True)
class Relative:
    birth_date: date
    total_income: int = 0
    disability: str = "none"
    cohabiting_parent: bool = False


@dataclass(frozen=True, slots=True)
class Credits:
    housing_unabsorbed: int = 0
    housing_it_taxable: int = 0
    housing_special_rate: bool = False
    hometown: int = 0
    community_chest: int = 0
    city_designated: int = 0
    pref_designated: int = 0
    one_stop: bool = False
    foreign_tax: int = 0
    withheld_local: int = 0


@dataclass(frozen=True, slots=True)
class Municipality:
    designated_city: bool | None = None
    grade: int | None = None
    income_rate: tuple[Rate, Rate] | None = None
    per_capita: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class TaxInput:
    tax_year: int
    taxpayer: Taxpayer
    income: Income = Income()
    deductions: Deductions = Deductions()
    spouse: Relative | None = None
    dependants: tuple[Relative, ...] = ()
    credits: Credits = Credits()
    municipality: Municipality | None = None


# ---------------------------------------------------------------------------------------------


def _err(field: str, ja: str, en: str) -> UserError:
    return UserError(f"入力項目 {field}: {ja}", f"field {field}: {en}", field=field)


def _object(value: object, path: str, allowed: AbstractSet[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _err(path or "(入力)", "JSON オブジェクトでなければなりません", "must be a JSON object")
    if value.keys() <= allowed:  # the usual case, one set comparison
        return value
    key = next(k for k in value if k not in allowed)  # the first unknown one, in input order
    field = f"{path}.{key}" if path else key
    raise _err(field, "未知の項目です", "unknown field")


def _amount(d: dict[str, Any], key: str, path: str) -> int:
    value = d.get(key)
    if type(value) is int and value >= 0:  # the usual case first: bool is not exactly int
        return value
    if value is None:
        return 0
    field = f"{path}.{key}" if path else key
    if isinstance(value, bool) or not isinstance(value, int):
        raise _err(field, "金額は円単位の整数で指定してください", "an amount must be a whole number of yen")
    if value < 0:
        raise _err(field, "負の金額は指定できません", "negative amounts are not allowed")
    return value


def _amounts(d: dict[str, Any], path: str, skip: tuple[str, ...] = ()) -> dict[str, int]:
    """Every amount present in an already key-checked object (absent ones take the dataclass default 0)."""
    return {k: _amount(d, k, path) for k in d if k not in skip}


def _flag(d: dict[str, Any], key: str, path: str) -> bool:
    value = d.get(key, False)
    if isinstance(value, bool):
        return value
    raise _err(f"{path}.{key}", "true か false で指定してください", "must be true or false")


def _choice(d: dict[str, Any], key: str, path: str, choices: tuple[str, ...], default: str) -> str:
    value = d.get(key, default)
    if value not in choices:
        raise _err(
            f"{path}.{key}",
            f"{' / '.join(choices)} のいずれかを指定してください",
            f"must be one of {', '.join(choices)}",
        )
    return str(value)


def _date(d: dict[str, Any], key: str, path: str, levy_date: date) -> date:
    field = f"{path}.{key}"
    value = d.get(key, d)  # the object itself marks a missing key
    if value is d:
        raise _err(field, "必須項目です", "is required")
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise _err(field, "日付は YYYY-MM-DD で指定してください", "a date must be written YYYY-MM-DD")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise _err(field, "存在しない日付です", "no such date") from None
    if day > levy_date:
        raise _err(field, "賦課期日(1月1日)より後の生年月日です", "the birth date is after the levy date (1 January)")
    return day


def _tax_year(raw: dict[str, Any]) -> int:
    year = raw.get("tax_year")
    years = supported_years()
    if isinstance(year, bool) or not isinstance(year, int) or year not in years:
        listed = ", ".join(str(y) for y in years)
        raise _err(
            "tax_year",
            f"対応していない賦課年度です(対応: {listed})",
            f"unsupported tax year (supported: {listed})",
        )
    return year


_TAXPAYER_KEYS = frozenset(
    ("birth_date", "sex", "disability", "widow", "single_parent", "working_student", "livelihood_assistance")
)
_TAXPAYER_USUAL = frozenset(("birth_date", "sex"))


def _taxpayer(raw: object, levy: date) -> Taxpayer:
    path = "taxpayer"
    if raw is None:
        raise _err(path, "必須項目です", "is required")
    d = _object(raw, path, _TAXPAYER_KEYS)
    sex = d.get("sex")
    if sex is not None and sex not in ("M", "F"):
        raise _err("taxpayer.sex", "M か F で指定してください", "must be M or F")
    if d.keys() <= _TAXPAYER_USUAL:  # nothing but the birth date and sex: every other field at its default
        return Taxpayer(_date(d, "birth_date", path, levy), sex)
    tp = Taxpayer(
        _date(d, "birth_date", path, levy),
        sex,
        _choice(d, "disability", path, TAXPAYER_DISABILITY, "none"),
        _flag(d, "widow", path),
        _flag(d, "single_parent", path),
        _flag(d, "working_student", path),
        _flag(d, "livelihood_assistance", path),
    )
    if tp.single_parent and sex is None:
        raise _err("taxpayer.sex", "ひとり親控除には性別が必要です", "is required for the single-parent deduction")
    return tp


_INCOME_FIELDS = (
    "salary_revenue",
    "pension_revenue",
    "business",
    "agriculture",
    "real_estate",
    "interest",
    "dividends",
    "misc_other",
    "capital_gains_short",
    "capital_gains_long",
    "one_time",
)


_INCOME_KEYS = frozenset((*_INCOME_FIELDS, "separate"))
_SEPARATE_KEYS = frozenset(SEPARATE_FIELDS)


def _income(raw: object) -> Income:
    if raw is None:
        return Income()
    d = _object(raw, "income", _INCOME_KEYS)
    separate: tuple[tuple[str, int], ...] = ()
    if d.get("separate") is not None:
        s = _object(d["separate"], "income.separate", _SEPARATE_KEYS)
        separate = tuple((k, a) for k in SEPARATE_FIELDS if (a := _amount(s, k, "income.separate")))
    return Income(**_amounts(d, "income", ("separate",)), separate=separate)


# JSON key → (dataclass field, True for a flag / False for an amount), per nested object.
_EARTHQUAKE = {"earthquake": ("earthquake", False), "old_long_term": ("old_long_term", False)}
_MEDICAL = {
    "paid": ("medical_paid", False),
    "reimbursed": ("medical_reimbursed", False),
    "self_medication": ("self_medication", True),
}
_CASUALTY = {"net_loss": ("casualty_net_loss", False), "disaster_outlays": ("casualty_disaster_outlays", False)}
_HOUSING = {
    "unabsorbed": ("housing_unabsorbed", False),
    "income_tax_taxable_income": ("housing_it_taxable", False),
    "special_rate": ("housing_special_rate", True),
}
_DONATIONS = {k: (k, False) for k in ("hometown", "community_chest", "city_designated", "pref_designated")}
_DONATIONS["one_stop"] = ("one_stop", True)


def _fields(raw: object, path: str, spec: dict[str, tuple[str, bool]], into: dict[str, Any]) -> None:
    """Check a nested object and put its present values into `into` under their field names."""
    if raw is None:
        return
    d = _object(raw, path, spec.keys())
    for key in d:
        name, is_flag = spec[key]
        into[name] = _flag(d, key, path) if is_flag else _amount(d, key, path)


_DEDUCTION_NESTED = ("life_insurance", "earthquake_insurance", "medical", "casualty_loss")
_DEDUCTION_KEYS = frozenset(("social_insurance", "small_business_mutual_aid", *_DEDUCTION_NESTED))
_LIFE_KEYS = frozenset(("new_general", "old_general", "new_pension", "old_pension", "care_medical"))


def _deductions(raw: object) -> Deductions:
    if raw is None:
        return Deductions()
    path = "deductions"
    d = _object(raw, path, _DEDUCTION_KEYS)
    kw: dict[str, Any] = _amounts(d, path, _DEDUCTION_NESTED)
    if d.get("life_insurance") is not None:
        li = _object(d["life_insurance"], path + ".life_insurance", _LIFE_KEYS)
        kw["life"] = LifeInsurance(**_amounts(li, path + ".life_insurance"))
    _fields(d.get("earthquake_insurance"), path + ".earthquake_insurance", _EARTHQUAKE, kw)
    _fields(d.get("medical"), path + ".medical", _MEDICAL, kw)
    casualty = d.get("casualty_loss")
    if isinstance(casualty, dict):
        _fields(casualty, path + ".casualty_loss", _CASUALTY, kw)
    else:
        kw["casualty_net_loss"] = _amount(d, "casualty_loss", path)
    return Deductions(**kw)


_SPOUSE_KEYS = frozenset(("birth_date", "total_income", "disability"))
_DEPENDANT_KEYS = _SPOUSE_KEYS | {"cohabiting_parent"}


def _relative(raw: object, path: str, levy: date, *, dependant: bool) -> Relative:
    d = _object(raw, path, _DEPENDANT_KEYS if dependant else _SPOUSE_KEYS)
    if len(d) == 1:  # the birth date alone (required): every other field at its default
        return Relative(_date(d, "birth_date", path, levy))
    return Relative(
        _date(d, "birth_date", path, levy),
        _amount(d, "total_income", path),
        _choice(d, "disability", path, RELATIVE_DISABILITY, "none"),
        _flag(d, "cohabiting_parent", path) if dependant else False,
    )


_CREDIT_NESTED = ("housing_loan", "donations")
_CREDIT_KEYS = frozenset((*_CREDIT_NESTED, "foreign_tax", "withheld_local"))


def _credits(raw: object) -> Credits:
    if raw is None:
        return Credits()
    d = _object(raw, "credits", _CREDIT_KEYS)
    kw: dict[str, Any] = _amounts(d, "credits", _CREDIT_NESTED)
    _fields(d.get("housing_loan"), "credits.housing_loan", _HOUSING, kw)
    _fields(d.get("donations"), "credits.donations", _DONATIONS, kw)
    return Credits(**kw)


_MUNICIPALITY_KEYS = frozenset(("designated_city", "grade", "income_rate", "per_capita"))
_SIDE_KEYS = frozenset(("municipal", "prefectural"))


def _municipality(raw: object) -> Municipality | None:
    if raw is None:
        return None
    path = "municipality"
    d = _object(raw, path, _MUNICIPALITY_KEYS)
    designated = _flag(d, "designated_city", path) if "designated_city" in d else None
    grade = d.get("grade")
    if grade is not None and (isinstance(grade, bool) or grade not in (1, 2, 3)):
        raise _err(path + ".grade", "級地は 1, 2, 3 のいずれかです", "the grade (級地) must be 1, 2 or 3")
    rates = None
    if d.get("income_rate") is not None:
        r = _object(d["income_rate"], path + ".income_rate", _SIDE_KEYS)
        parsed = []
        for side in ("municipal", "prefectural"):
            field = f"{path}.income_rate.{side}"
            if side not in r:
                raise _err(field, "必須項目です", "is required")
            try:
                rate = Rate.parse(r[side])
            except ValueError:
                raise _err(
                    field,
                    '税率は "0.06" のような文字列で指定してください',
                    'a rate must be a string such as "0.06"',
                ) from None
            if rate.num > rate.den:
                raise _err(field, "税率が100%を超えています", "the rate exceeds 100 %")
            parsed.append(rate)
        rates = (parsed[0], parsed[1])
    per_capita = None
    if d.get("per_capita") is not None:
        pc = _object(d["per_capita"], path + ".per_capita", _SIDE_KEYS)
        per_capita = (
            _amount(pc, "municipal", path + ".per_capita"),
            _amount(pc, "prefectural", path + ".per_capita"),
        )
    return Municipality(designated, grade, rates, per_capita)


_TOP_KEYS = frozenset(
    ("tax_year", "taxpayer", "income", "deductions", "spouse", "dependants", "credits", "municipality")
)


def parse_input(raw: object) -> TaxInput:
    """Check one decoded JSON object against the contract and return the typed input."""
    d = _object(raw, "", _TOP_KEYS)
    year = _tax_year(d)
    levy = date(year, 1, 1)
    spouse = None if d.get("spouse") is None else _relative(d["spouse"], "spouse", levy, dependant=False)
    deps_raw = d.get("dependants") or []
    if not isinstance(deps_raw, list):
        raise _err("dependants", "配列で指定してください", "must be a list")
    return TaxInput(
        tax_year=year,
        taxpayer=_taxpayer(d.get("taxpayer"), levy),
        income=_income(d.get("income")),
        deductions=_deductions(d.get("deductions")),
        spouse=spouse,
        dependants=tuple(_relative(x, f"dependants[{i}]", levy, dependant=True) for i, x in enumerate(deps_raw)),
        credits=_credits(d.get("credits")),
        municipality=_municipality(d.get("municipality")),
    )
