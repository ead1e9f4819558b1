"""Deterministic synthetic city data for Hanamaki (花巻市): persons, households, employers, incomes.

Pure standard library. Everything is derived from ``(persons, seed, tax_years)``:

* one ``random.Random`` per household, re-seeded from ``(seed, household_no)``, so a household's
  content never depends on a shared random stream;
* My Numbers come from a keyed bijection of the person number (a Feistel network over
  ``[0, 9 * 10**10)``), so they are unique without keeping a set and carry a correct check digit;
* weighted choices use precomputed cumulative weight tables (``bisect``).

No real personal data: names come from lists of common family and given names and are combined
at random; town names are Hanamaki's real 町名・大字 with plausible (unverified) postal codes.

The income rules used here (salary / pension income, dependant limits) are a *rough* copy of
domain.md §4, only to decide which relatives a synthetic taxpayer claims. The tax engine has its
own dated parameter files; nothing here is authoritative.
"""

from __future__ import annotations

import gc
import hashlib
import json
import math
import random
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from itertools import accumulate
from typing import Any, Generic, TypeVar

__all__ = [
    "DISTRICTS",
    "RELATIONS",
    "Anomaly",
    "Batch",
    "Employer",
    "Household",
    "IncomeRecord",
    "Person",
    "ResidenceOnLevyDate",
    "employer_count",
    "employers",
    "generate",
    "is_valid_my_number",
    "my_number_check_digit",
]

DISTRICTS: tuple[str, ...] = ("花巻", "大迫", "石鳥谷", "東和")
RELATIONS: tuple[str, ...] = ("世帯主", "妻", "夫", "子", "父", "母", "孫", "兄弟姉妹", "その他")
FIRST_PERSON_NO = 1_000_000_001
FIRST_HOUSEHOLD_NO = 1
DEFAULT_BATCH_PERSONS = 10_000

_HEAD, _WIFE, _HUSBAND, _CHILD, _FATHER, _MOTHER, _GRANDCHILD, _SIBLING, _OTHER = RELATIONS


# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Person:
    person_no: int
    my_number: str
    family_name: str
    given_name: str
    family_kana: str
    given_kana: str
    birth_date: date
    sex: str
    household_no: int
    relation: str
    postal_code: str
    town: str
    banchi: str
    district: str
    death_date: date | None
    moved_out_date: date | None


@dataclass(frozen=True, slots=True)
class Household:
    household_no: int
    head_person_no: int
    postal_code: str
    town: str
    banchi: str
    district: str


@dataclass(frozen=True, slots=True)
class Employer:
    employer_no: str
    name: str
    kana: str
    postal_code: str
    address: str
    phone: str


@dataclass(frozen=True, slots=True)
class IncomeRecord:
    person_no: int
    tax_year: int
    salary_revenue: int
    employer_no: str | None
    pension_revenue: int
    business: int
    agriculture: int
    real_estate: int
    misc_other: int
    dividends: int
    social_insurance: int
    life_insurance_new_general: int
    earthquake_insurance: int
    medical_paid: int
    hometown_donation: int
    spouse_person_no: int | None
    dependant_person_nos: tuple[int, ...]
    disability: str


@dataclass(frozen=True, slots=True)
class ResidenceOnLevyDate:
    person_no: int
    tax_year: int
    postal_code: str
    town: str
    banchi: str
    district: str
    household_no: int


@dataclass(frozen=True, slots=True)
class Anomaly:
    """A deliberate inconsistency for 扶養調査 tests.

    ``kind`` is ``"double_claim"`` (one dependant on the returns of two taxpayers; the second
    claimant may live in another household) or ``"over_limit"`` (a claimed dependant whose total
    income is above every dependant / spouse limit).
    """

    kind: str
    tax_year: int
    dependant_person_no: int
    claimant_person_nos: tuple[int, ...]
    dependant_total_income: int
    note: str


@dataclass(frozen=True, slots=True)
class Batch:
    persons: tuple[Person, ...]
    households: tuple[Household, ...]
    residences: tuple[ResidenceOnLevyDate, ...]
    incomes: tuple[IncomeRecord, ...]
    anomalies: tuple[Anomaly, ...]


# --------------------------------------------------------------------------------------------
# My Number (domain.md §9)
# --------------------------------------------------------------------------------------------

# Weights for the 11 body digits read left to right: P11 … P1 with Q = 6,5,4,3,2,7,6,5,4,3,2.
_MN_WEIGHTS = (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def my_number_check_digit(first11: str) -> int:
    """Check digit of an Individual Number from its first 11 digits (domain.md §9)."""
    if len(first11) != 11 or not first11.isascii() or not first11.isdigit():
        raise ValueError("expected exactly 11 ASCII digits")
    r = sum(int(c) * q for c, q in zip(first11, _MN_WEIGHTS, strict=True)) % 11
    return 0 if r <= 1 else 11 - r


def is_valid_my_number(s: str) -> bool:
    """True for 12 ASCII digits whose last digit is the check digit of the first 11."""
    if len(s) != 12 or not s.isascii() or not s.isdigit():
        return False
    return my_number_check_digit(s[:11]) == int(s[11])


_MN_HALF = 300_000  # 300,000² = 9 × 10¹⁰ = the count of 11-digit bodies without a leading 0
_MN_SPAN = _MN_HALF * _MN_HALF
_MN_LOW = 10**10


def _weighted_digit_sums(weights: tuple[int, ...]) -> tuple[int, ...]:
    """Σ digit × weight for every zero-padded number with ``len(weights)`` digits."""
    width = len(weights)
    table = []
    for value in range(10**width):
        digits = f"{value:0{width}d}"
        table.append(sum(int(d) * w for d, w in zip(digits, weights, strict=True)))
    return tuple(table)


# The 11-digit body split 4 + 4 + 3 digits, with the weights of those positions.
_MN_SUM_A = _weighted_digit_sums(_MN_WEIGHTS[0:4])
_MN_SUM_B = _weighted_digit_sums(_MN_WEIGHTS[4:8])
_MN_SUM_C = _weighted_digit_sums(_MN_WEIGHTS[8:11])


class _MyNumbers:
    """Keyed bijection index → 12-digit My Number (4-round Feistel network, then check digit)."""

    __slots__ = ("_keys",)

    def __init__(self, seed_base: int) -> None:
        rng = random.Random(seed_base ^ 0x4D594E554D424552)
        self._keys = tuple(
            (rng.randrange(1, _MN_HALF), rng.randrange(_MN_HALF), rng.randrange(_MN_HALF)) for _ in range(4)
        )

    def __call__(self, index: int) -> str:
        if not 0 <= index < _MN_SPAN:
            raise ValueError("person index out of range for My Number generation")
        left, right = divmod(index, _MN_HALF)
        for a, b, c in self._keys:
            # Feistel round: (L, R) → (R, L + F(R)); a bijection whatever F is.
            left, right = right, (left + right * right % _MN_HALF * a + right * b + c) % _MN_HALF
        body = _MN_LOW + left * _MN_HALF + right  # 11 digits, first digit 1–9
        high, low3 = divmod(body, 1000)
        r = (_MN_SUM_A[high // 10000] + _MN_SUM_B[high % 10000] + _MN_SUM_C[low3]) % 11
        return f"{body}{0 if r <= 1 else 11 - r}"


# --------------------------------------------------------------------------------------------
# Reference tables (package data)
# --------------------------------------------------------------------------------------------

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class _Weighted(Generic[T]):
    items: tuple[T, ...]
    cum: tuple[float, ...]

    @classmethod
    def of(cls, pairs: Sequence[tuple[T, float]]) -> _Weighted[T]:
        if not pairs:
            raise ValueError("empty weighted table")
        return cls(tuple(p[0] for p in pairs), tuple(accumulate(float(p[1]) for p in pairs)))

    def pick(self, rnd: Callable[[], float]) -> T:
        return self.items[bisect_right(self.cum, rnd() * self.cum[-1])]


@dataclass(frozen=True, slots=True)
class _Town:
    district: str
    town: str  # with the city name: 花巻市石鳥谷町好地
    postal_code: str
    style: str  # jukyo | chiwari | ku | plain
    rural: bool


@dataclass(frozen=True, slots=True)
class _Tables:
    family: _Weighted[tuple[str, str]]
    family_rows: tuple[tuple[str, str], ...]
    given: dict[tuple[str, int], _Weighted[tuple[str, str]]]
    towns: _Weighted[_Town]
    employer_parts: dict[str, Any]


def _data_text(name: str) -> str:
    return resources.files("app.services").joinpath("synthetic_data").joinpath(name).read_text("utf-8")


def _tsv(name: str) -> list[list[str]]:
    rows = []
    for line in _data_text(name).splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


@cache
def _tables() -> _Tables:
    family_pairs = [((r[0], r[1]), float(r[2])) for r in _tsv("family_names.tsv")]
    given_lists: dict[tuple[str, int], list[tuple[tuple[str, str], float]]] = {}
    for sex, era, kanji, kana, weight in _tsv("given_names.tsv"):
        given_lists.setdefault((sex, int(era)), []).append(((kanji, kana), float(weight)))
    towns = []
    for district, town, postal, weight, style in _tsv("towns.tsv"):
        if district not in DISTRICTS:
            raise ValueError(f"towns.tsv: unknown district {district!r}")
        rural = district != "花巻" or style == "chiwari"
        towns.append((_Town(district, "花巻市" + town, postal, style, rural), float(weight)))
    return _Tables(
        family=_Weighted.of(family_pairs),
        family_rows=tuple(p[0] for p in family_pairs),
        given={k: _Weighted.of(v) for k, v in given_lists.items()},
        towns=_Weighted.of(towns),
        employer_parts=json.loads(_data_text("employers.json")),
    )


def _seed_base(seed: int) -> int:
    """A 64-bit non-negative integer from any int seed (negative seeds stay distinct)."""
    digest = hashlib.sha256(f"juminzei-synthetic:{seed}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def _era(birth_year: int) -> int:
    if birth_year < 1945:
        return 1
    if birth_year < 1965:
        return 2
    if birth_year < 1985:
        return 3
    if birth_year < 2005:
        return 4
    return 5


def _banchi(rng: random.Random, style: str) -> str:
    ri = rng.randint
    if style == "jukyo":
        return f"{ri(1, 28)}番{ri(1, 40)}号"
    if style == "chiwari":
        if rng.random() < 0.7:
            return f"第{ri(1, 24)}地割{ri(1, 220)}-{ri(1, 30)}"
        return f"第{ri(1, 24)}地割{ri(1, 220)}番地"
    if style == "ku":
        if rng.random() < 0.7:
            return f"{ri(1, 20)}区{ri(1, 320)}"
        return f"{ri(1, 20)}区{ri(1, 320)}-{ri(1, 9)}"
    if rng.random() < 0.75:
        return f"{ri(1, 999)}-{ri(1, 25)}"
    return f"{ri(1, 999)}番地"


# --------------------------------------------------------------------------------------------
# Employers
# --------------------------------------------------------------------------------------------


def employer_count(persons: int) -> int:
    """How many employers ``generate(persons, …)`` links its employees to: persons / 40, at least 5."""
    return max(5, persons // 40)


def employers(seed: int, count: int) -> list[Employer]:
    """The employers (特別徴収義務者) of a run; ``count`` should be ``employer_count(persons)``."""
    return list(_employer_table(seed, count)[0])


@cache
def _employer_table(seed: int, count: int) -> tuple[tuple[Employer, ...], tuple[float, ...]]:
    if count < 1:
        raise ValueError("count must be positive")
    parts = _tables().employer_parts
    tables = _tables()
    rng = random.Random(_seed_base(seed) ^ 0x454D504C4F594552)
    rnd = rng.random
    prefixes: list[list[str]] = parts["prefixes"]
    businesses = _Weighted.of([((b[0], b[1]), float(b[2])) for b in parts["businesses"]])
    forms = _Weighted.of([((f[0], f[1], f[2]), float(f[3])) for f in parts["forms"]])
    institutions = _Weighted.of([(inst, float(inst["weight"])) for inst in parts["institutions"]])
    outside = _Weighted.of([(o, float(o["weight"])) for o in parts["outside"]])
    exchanges: dict[str, list[str]] = parts["phone_exchanges"]
    outside_share = float(parts["outside_share"])

    numbers = rng.sample(range(10_000_000, 100_000_000), count)
    result: list[Employer] = []
    weights: list[float] = []
    seen: set[str] = set()
    fixed: list[list[Any]] = parts["fixed"]
    for i in range(count):
        if i < len(fixed):
            name, kana, weight = str(fixed[i][0]), str(fixed[i][1]), float(fixed[i][2])
        else:
            for _attempt in range(6):
                name, kana = _employer_name(rng, prefixes, businesses, forms, institutions, tables)
                if name not in seen:
                    break
            # Size classes: most employers are small, a few employ hundreds.
            weight = rng.choice((0.3, 0.5, 0.8, 1.0, 1.0, 1.5, 2.0, 3.0, 5.0, 9.0))
        seen.add(name)
        if i >= len(fixed) and rnd() < outside_share:
            o = outside.pick(rnd)
            town, postal = rng.choice(o["towns"])
            address = f"岩手県{o['city']}{town}{rng.randint(1, 28)}番{rng.randint(1, 30)}号"
            area = o["phone_area"]
            exch = rng.choice(o["phone_exchanges"])
            phone = f"{area}-{exch}-{rng.randint(0, 9999):04d}"
        else:
            t = tables.towns.pick(rnd) if i else next(t for t in tables.towns.items if t.town == "花巻市花城町")
            postal = t.postal_code
            address = "岩手県" + t.town + _banchi(rng, t.style)
            phone = f"0198-{rng.choice(exchanges[t.district])}-{rng.randint(0, 9999):04d}"
        result.append(Employer(f"{numbers[i]:08d}", name, kana, postal, address, phone))
        weights.append(weight)
    return tuple(result), tuple(weights)


def _employer_name(
    rng: random.Random,
    prefixes: list[list[str]],
    businesses: _Weighted[tuple[str, str]],
    forms: _Weighted[tuple[str, str, str]],
    institutions: _Weighted[dict[str, Any]],
    tables: _Tables,
) -> tuple[str, str]:
    rnd = rng.random
    u = rnd()
    if u < 0.12:
        inst = institutions.pick(rnd)
        if inst["middle"] == "family":
            mid, mid_kana = tables.family.pick(rnd)
        else:
            mid, mid_kana = rng.choice(prefixes)
        name = f"{inst['corp']}{mid}{inst['suffix']}"
        kana = f"{inst['corp_kana']}{mid_kana}{inst['suffix_kana']}"
        if inst["facilities"]:
            place, place_kana = rng.choice(prefixes)
            fac, fac_kana = rng.choice(inst["facilities"])
            name += f"　{place}{fac}"
            kana += place_kana + fac_kana
        return name, kana
    if u < 0.45:
        core, core_kana = tables.family.pick(rnd)
    else:
        core, core_kana = rng.choice(prefixes)
    biz, biz_kana = businesses.pick(rnd)
    form, form_kana, position = forms.pick(rnd)
    if position == "suffix":
        return f"{core}{biz}{form}", f"{core_kana}{biz_kana}{form_kana}"
    return f"{form}{core}{biz}", f"{form_kana}{core_kana}{biz_kana}"


# --------------------------------------------------------------------------------------------
# Income helpers (approximate; only to decide who claims whom)
# --------------------------------------------------------------------------------------------


def _salary_income(revenue: int, tax_year: int) -> int:
    if tax_year <= 2025:
        floor_, knee = 550_000, 1_619_000
    elif tax_year == 2026:
        floor_, knee = 650_000, 1_900_000
    else:
        floor_, knee = 740_000, 2_190_000
    if revenue <= floor_:
        return 0
    if revenue < knee:
        return revenue - floor_
    if revenue < 6_600_000:
        a = revenue // 4000 * 4000
        if a < 1_800_000:
            return a * 6 // 10 + 100_000
        if a < 3_600_000:
            return a * 7 // 10 - 80_000
        return a * 8 // 10 - 440_000
    if revenue < 8_500_000:
        return revenue * 9 // 10 - 1_100_000
    return revenue - 1_950_000


def _pension_income(revenue: int, aged_65: bool) -> int:
    if aged_65:
        if revenue <= 1_100_000:
            return 0
        if revenue < 3_300_000:
            return revenue - 1_100_000
    else:
        if revenue <= 600_000:
            return 0
        if revenue < 1_300_000:
            return revenue - 600_000
    if revenue < 4_100_000:
        return revenue * 3 // 4 - 275_000
    if revenue < 7_700_000:
        return revenue * 85 // 100 - 685_000
    if revenue < 10_000_000:
        return revenue * 95 // 100 - 1_455_000
    return revenue - 1_955_000


def _dependant_limit(tax_year: int) -> int:
    if tax_year <= 2025:
        return 480_000
    if tax_year == 2026:
        return 580_000
    return 620_000


_SPOUSE_SPECIAL_LIMIT = 1_330_000
_CLAIMANT_INCOME_CAP = 10_000_000


# --------------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------------

# Household types: (name, weight). Tuned so that the mean household has about 2.4 members and
# roughly a third of the population is 65 or older, as in a Tohoku city.
_HOUSEHOLD_TYPES = _Weighted.of(
    [
        ("single_young", 5.5),
        ("single_mid", 8.0),
        ("single_old", 18.5),
        ("couple_young", 3.0),
        ("couple_mid", 8.5),
        ("couple_old", 20.5),
        ("family", 12.0),
        ("family_adult_children", 7.0),
        ("single_parent", 2.5),
        ("three_generations", 4.5),
        ("three_generations_old_head", 5.0),
        ("siblings", 1.5),
        ("parent_and_child", 4.5),
    ]
)

# Elderly ages by 5-year band (65–69 … 95–99).
_OLD_BANDS = _Weighted.of([(65, 25.0), (70, 26.0), (75, 18.0), (80, 14.0), (85, 10.0), (90, 5.5), (95, 1.5)])
_OLD_BANDS_SINGLE = _Weighted.of([(65, 17.0), (70, 20.0), (75, 19.0), (80, 18.0), (85, 15.0), (90, 8.5), (95, 2.5)])
_CHILD_COUNTS = _Weighted.of([(1, 45.0), (2, 40.0), (3, 13.0), (4, 2.0)])

_DAYS_PER_YEAR = 365.2425
_FAR = date.max.toordinal() + 1
_GAP_MIN = 20.3  # parent − child age gap in years (kept inside 20–45 with a margin)
_GAP_MAX = 44.7

_ANOMALY_DOUBLE_IN_HOUSEHOLD = 0.006  # per claimed dependant with a second earning parent
_ANOMALY_DOUBLE_CROSS = 0.002  # per household-year: a relative in another household claims too
_ANOMALY_OVER_LIMIT = 0.01  # per household-year with a 16–22-year-old child and an earning parent


class _Member:
    """Scratch record for one household member while the household is being built."""

    __slots__ = (
        "age",
        "birth_date",
        "birth_ord",
        "claim_tiers",
        "death_ord",
        "disability",
        "levy_ages",
        "married_to_earner",
        "moved_ord",
        "parents",
        "partner",
        "person_no",
        "plan",
        "relation",
        "sex",
    )

    def __init__(self, relation: str, sex: str, age: float) -> None:
        self.relation = relation
        self.sex = sex
        self.age = age
        self.partner = -1
        self.parents: tuple[int, ...] = ()
        self.claim_tiers: tuple[tuple[int, ...], ...] = ()
        self.birth_ord = 0
        self.birth_date = date.min
        self.levy_ages: tuple[int, ...] = ()
        self.married_to_earner = False
        self.death_ord: int | None = None
        self.moved_ord: int | None = None
        self.person_no = 0
        self.disability = "none"
        self.plan: _Plan | None = None


class _Plan:
    """Person-level income profile; yearly amounts are drawn from it."""

    __slots__ = (
        "agri",
        "business",
        "employer",
        "kind",
        "pension",
        "salary",
        "works_after_65",
    )

    def __init__(self, kind: str) -> None:
        self.kind = kind  # none | salaried | parttime | student | business | farmer
        self.salary = 0
        self.employer: str | None = None
        self.business = 0
        self.agri = 0
        self.pension = 0
        self.works_after_65 = False


class _Year:
    """One person's amounts for one tax year (mutable until the record is frozen)."""

    __slots__ = (
        "agri",
        "business",
        "dividends",
        "donation",
        "employer",
        "life",
        "medical",
        "misc",
        "pension",
        "quake",
        "real_estate",
        "salary",
        "social",
    )

    def __init__(self) -> None:
        self.salary = 0
        self.employer: str | None = None
        self.pension = 0
        self.business = 0
        self.agri = 0
        self.real_estate = 0
        self.misc = 0
        self.dividends = 0
        self.social = 0
        self.life = 0
        self.quake = 0
        self.medical = 0
        self.donation = 0


class _Generator:
    def __init__(self, persons: int, seed: int, tax_years: Sequence[int], batch_persons: int) -> None:
        if persons < 0:
            raise ValueError("persons must be >= 0")
        years = tuple(sorted(set(tax_years)))
        if not years:
            raise ValueError("at least one tax year is needed")
        if batch_persons < 1:
            raise ValueError("batch_persons must be positive")
        if persons > _MN_SPAN:
            raise ValueError("too many persons")
        self.persons = persons
        self.batch_persons = batch_persons
        self.years = years
        self.levy_ords = tuple(date(y, 1, 1).toordinal() for y in years)
        self.now_ord = date(years[-1], 4, 1).toordinal()  # the "current" snapshot date
        self.window_start = self.levy_ords[0] + 1
        self.base = _seed_base(seed)
        self.tables = _tables()
        emps, weights = _employer_table(seed, employer_count(persons))
        self.employer_nos = tuple(e.employer_no for e in emps)
        self.employer_cum = tuple(accumulate(weights))
        self.my_number = _MyNumbers(self.base)
        self.rng = random.Random()
        self.last_claim: dict[int, tuple[int, int, int]] = {}

    # ---- small helpers ----------------------------------------------------------------------

    def _employer(self) -> str:
        cum = self.employer_cum
        return self.employer_nos[bisect_right(cum, self.rng.random() * cum[-1])]

    def _old_age(self, single: bool) -> float:
        band = (_OLD_BANDS_SINGLE if single else _OLD_BANDS).pick(self.rng.random)
        return band + self.rng.random() * 5.0

    def _spouse_age(self, head_age: float, head_sex: str, min_age: float = 19.0) -> float:
        shift = -2.0 if head_sex == "M" else 2.0
        age = head_age + self.rng.gauss(shift, 3.0)
        age = min(max(age, head_age - 9.8, min_age), head_age + 9.8, 99.5)
        return age

    def _add_couple(self, members: list[_Member], head_age: float, head_sex: str | None = None) -> None:
        rnd = self.rng.random
        sex = head_sex or ("M" if rnd() < 0.93 else "F")
        members.append(_Member(_HEAD, sex, head_age))
        spouse_sex = "F" if sex == "M" else "M"
        members.append(_Member(_WIFE if sex == "M" else _HUSBAND, spouse_sex, self._spouse_age(head_age, sex)))
        members[-1].partner = len(members) - 2
        members[-2].partner = len(members) - 1

    def _add_children(
        self,
        members: list[_Member],
        parents: tuple[int, ...],
        count: int,
        min_age: float,
        max_age: float,
        relation: str = _CHILD,
    ) -> None:
        ages = [members[p].age for p in parents]
        lo = max(max(ages) - _GAP_MAX, min_age)
        hi = min(min(ages) - _GAP_MIN, max_age)
        if hi <= lo:
            return
        rnd = self.rng.random
        for _ in range(count):
            child = _Member(relation, "M" if rnd() < 0.513 else "F", lo + rnd() * (hi - lo))
            child.parents = parents
            members.append(child)

    def _add_elder_parents(self, members: list[_Member], child_idx: int) -> None:
        rnd = self.rng.random
        child_age = members[child_idx].age
        if child_age + _GAP_MIN > 99.0:
            return
        mother_age = min(child_age + _GAP_MIN + rnd() * 19.0, 99.0)
        with_mother = rnd() < 0.88
        with_father = (not with_mother) or rnd() < 0.45
        if with_father:
            father_age = mother_age + self.rng.gauss(2.5, 3.0)
            father_age = min(max(father_age, child_age + _GAP_MIN, mother_age - 9.8), mother_age + 9.8)
            father_age = min(father_age, child_age + _GAP_MAX, 100.0)
            members.append(_Member(_FATHER, "M", father_age))
        if with_mother:
            members.append(_Member(_MOTHER, "F", mother_age))
        if with_father and with_mother:
            members[-1].partner = len(members) - 2
            members[-2].partner = len(members) - 1

    # ---- household composition ------------------------------------------------------------------

    def _compose(self) -> list[_Member]:
        rng = self.rng
        rnd = rng.random
        kind = _HOUSEHOLD_TYPES.pick(rnd)
        m: list[_Member] = []
        if kind == "single_young":
            m.append(_Member(_HEAD, "M" if rnd() < 0.6 else "F", 19.0 + rnd() * 21.0))
        elif kind == "single_mid":
            m.append(_Member(_HEAD, "M" if rnd() < 0.55 else "F", 40.0 + rnd() * 25.0))
        elif kind == "single_old":
            m.append(_Member(_HEAD, "F" if rnd() < 0.68 else "M", self._old_age(True)))
        elif kind == "couple_young":
            self._add_couple(m, 22.0 + rnd() * 18.0)
        elif kind == "couple_mid":
            self._add_couple(m, 40.0 + rnd() * 25.0)
        elif kind == "couple_old":
            self._add_couple(m, min(self._old_age(False) + 1.5, 97.0), "M" if rnd() < 0.95 else "F")
        elif kind == "family":
            self._add_couple(m, 26.0 + rnd() * 30.0)
            self._add_children(m, (0, 1), _CHILD_COUNTS.pick(rnd), 0.0, 24.0)
        elif kind == "family_adult_children":
            self._add_couple(m, 48.0 + rnd() * 18.0)
            self._add_children(m, (0, 1), 1 if rnd() < 0.6 else 2, 16.0, 38.0)
        elif kind == "single_parent":
            m.append(_Member(_HEAD, "F" if rnd() < 0.85 else "M", 25.0 + rnd() * 30.0))
            self._add_children(m, (0,), 1 + int(rnd() * 2.4), 0.0, 22.0)
        elif kind == "three_generations":
            self._add_couple(m, 30.0 + rnd() * 26.0, "M" if rnd() < 0.9 else "F")
            if rnd() < 0.08:  # widowed head living with a parent
                m.pop()
                m[0].partner = -1
            parents = (0, 1) if len(m) == 2 else (0,)
            self._add_children(m, parents, _CHILD_COUNTS.pick(rnd) - (1 if rnd() < 0.2 else 0), 0.0, 24.0)
            self._add_elder_parents(m, 0)
        elif kind == "three_generations_old_head":
            self._add_couple(m, 58.0 + rnd() * 22.0, "M" if rnd() < 0.88 else "F")
            if rnd() < 0.2:  # widowed head
                m.pop()
                m[0].partner = -1
            parents = (0, 1) if len(m) == 2 else (0,)
            before = len(m)
            self._add_children(m, parents, 1, 24.0, 50.0)
            if len(m) > before:
                child_idx = len(m) - 1
                child = m[child_idx]
                if rnd() < 0.65:  # the child's spouse (子の配偶者 → その他)
                    in_law = _Member(_OTHER, "F" if child.sex == "M" else "M", 0.0)
                    in_law.age = self._spouse_age(child.age, child.sex, 20.0)
                    m.append(in_law)
                    in_law.partner = child_idx
                    child.partner = len(m) - 1
                    gc_parents: tuple[int, ...] = (child_idx, len(m) - 1)
                else:
                    gc_parents = (child_idx,)
                self._add_children(
                    m, gc_parents, _CHILD_COUNTS.pick(rnd) - (1 if rnd() < 0.3 else 0), 0.0, 22.0, _GRANDCHILD
                )
        elif kind == "siblings":
            head_age = 55.0 + rnd() * 35.0
            m.append(_Member(_HEAD, "M" if rnd() < 0.45 else "F", head_age))
            sib_age = min(max(head_age + rng.uniform(-10.0, 10.0), 50.0), 99.0)
            m.append(_Member(_SIBLING, "M" if rnd() < 0.4 else "F", sib_age))
        else:  # parent_and_child: an unmarried adult child heads the household with a parent
            m.append(_Member(_HEAD, "M" if rnd() < 0.55 else "F", 38.0 + rnd() * 28.0))
            self._add_elder_parents(m, 0)
        return m

    # ---- person-level income plan -----------------------------------------------------------

    def _plan(self, mem: _Member, rural: bool, partner_sex: str | None) -> _Plan | None:
        age = mem.age
        if age < 16.0:
            return None  # under 16 on every levy date of the run: no income record
        rng = self.rng
        rnd = rng.random
        male = mem.sex == "M"
        if age < 23.0:
            if rnd() < (0.25 if age < 19.0 else 0.5) and age >= 18.0:
                plan = _Plan("salaried")
                plan.salary = int(min(max(rng.lognormvariate(math.log(2_500_000), 0.2), 1_500_000), 4_200_000))
                plan.employer = self._employer()
                return plan
            plan = _Plan("student")
            plan.employer = self._employer()
            return plan
        if age < 65.0:
            farm_share = 0.12 if rural else 0.03
            u = rnd()
            kinds: tuple[tuple[str, float], ...]
            if male:
                kinds = (("salaried", 0.80 - farm_share), ("business", 0.07), ("farmer", farm_share))
            elif partner_sex is not None:
                kinds = (
                    ("salaried", 0.38),
                    ("parttime", 0.32),
                    ("business", 0.03),
                    ("farmer", farm_share / 2),
                )
            else:
                kinds = (
                    ("salaried", 0.62),
                    ("parttime", 0.15),
                    ("business", 0.04),
                    ("farmer", farm_share / 3),
                )
            kind = "none"
            acc = 0.0
            for k, share in kinds:
                acc += share
                if u < acc:
                    kind = k
                    break
            plan = _Plan(kind)
            if kind == "salaried":
                median = 4_500_000.0 if male else 3_200_000.0
                if age < 30.0:
                    median *= 0.75
                elif age >= 45.0:
                    median *= 1.12
                cap = 7_000_000 if age < 35.0 else 12_000_000
                plan.salary = int(min(max(rng.lognormvariate(math.log(median), 0.42), 1_500_000), cap))
                plan.employer = self._employer()
                plan.works_after_65 = rnd() < 0.3
            elif kind == "parttime":
                plan.salary = int(rng.triangular(300_000, 1_600_000, 1_000_000))
                plan.employer = self._employer()
                plan.works_after_65 = rnd() < 0.3
            elif kind == "business":
                plan.business = int(min(max(rng.lognormvariate(math.log(2_200_000), 0.7), 300_000), 15_000_000))
                plan.works_after_65 = True
            elif kind == "farmer":
                plan.agri = int(min(max(rng.gauss(1_200_000, 800_000), -400_000), 5_000_000))
                plan.works_after_65 = True
            if age >= 62.0:
                plan.pension = self._pension_amount(male)
            return plan
        # 65 and over
        u = rnd()
        plan = _Plan("none")
        if u < 0.03:
            return plan  # no pension (never paid in)
        plan.pension = self._pension_amount(male)
        u = rnd()
        if age < 75.0 and u < 0.14:
            plan.kind = "salaried"
            plan.salary = int(rng.uniform(800_000, 3_000_000))
            plan.employer = self._employer()
            plan.works_after_65 = True
        elif u < 0.14 + (0.28 if rural else 0.06):
            plan.kind = "farmer"
            plan.agri = int(min(max(rng.gauss(350_000, 450_000), -300_000), 2_000_000))
            plan.works_after_65 = True
        elif u < 0.14 + (0.28 if rural else 0.06) + 0.04:
            plan.kind = "business"
            plan.business = int(min(max(rng.lognormvariate(math.log(1_200_000), 0.7), 100_000), 8_000_000))
            plan.works_after_65 = True
        return plan

    def _pension_amount(self, male: bool) -> int:
        g = self.rng.gauss
        if male:
            return int(min(max(g(1_900_000, 550_000), 600_000), 3_000_000))
        return int(min(max(g(1_000_000, 380_000), 600_000), 2_600_000))

    def _year_amounts(self, mem: _Member, plan: _Plan, age_y: int, year_index: int, married_to_earner: bool) -> _Year:
        rng = self.rng
        rnd = rng.random
        y = _Year()
        drift = (1.0 + 0.015 * (year_index - len(self.years) + 1)) * (0.96 + 0.08 * rnd())
        kind = plan.kind
        working = age_y < 65 or plan.works_after_65
        if kind == "student":
            if age_y <= 22:
                if rnd() < (0.2 if age_y < 19 else 0.6):
                    y.salary = int(rng.triangular(50_000, 1_250_000, 700_000 if age_y >= 19 else 300_000))
                    y.employer = plan.employer
            else:  # graduated: first job
                y.salary = int(rng.uniform(2_300_000, 3_300_000))
                y.employer = plan.employer
        elif kind in ("salaried", "parttime") and working and plan.salary:
            factor = 0.55 if age_y >= 65 and kind == "salaried" and plan.pension and mem.age < 65.0 else 1.0
            y.salary = int(plan.salary * drift * factor)
            y.employer = plan.employer
        elif kind == "business" and working:
            y.business = int(plan.business * (0.85 + 0.3 * rnd()) * (0.7 if age_y >= 65 else 1.0))
            if rnd() < 0.03:
                y.business = -int(rng.uniform(100_000, 900_000))
        elif kind == "farmer" and working:
            y.agri = int(plan.agri * (0.7 + 0.6 * rnd()) * (0.6 if age_y >= 65 and mem.age < 65.0 else 1.0))
        if age_y >= 65 and plan.pension:
            y.pension = int(plan.pension * (0.99 + 0.03 * rnd()))
        # Other incomes (one draw decides which, if any)
        if age_y >= 20:
            u = rnd()
            if u < 0.10:
                if u < 0.04:
                    y.dividends = 5_000 + int(295_000 * rnd())
                elif u < 0.07:
                    if age_y >= 45:
                        y.real_estate = 300_000 + int(2_100_000 * rnd())
                else:
                    y.misc = 20_000 + int(380_000 * rnd())
        # Social insurance
        salary = y.salary
        if salary:
            if salary >= 1_300_000 or kind == "salaried":
                y.social = int(salary * (0.14 + 0.01 * rnd()))
            elif not married_to_earner and kind != "student":
                y.social = 213_760 + int(30_000 * rnd())
        own = y.business + y.agri
        if own > 0 and age_y < 65:
            y.social += (203_760 if age_y < 60 else 0) + min(int(own * 0.09) + 30_000, 1_000_000)
        pension = y.pension
        if pension:
            y.social += 20_000 + int(pension * (0.04 + 0.03 * rnd()))
        # Deductible payments
        earning = salary >= 1_300_000 or y.business > 0 or y.agri > 300_000 or pension > 0
        if earning:
            if age_y < 65:
                if rnd() < 0.55:
                    y.life = (24_000 + int(96_000 * rnd())) // 100 * 100
            elif rnd() < 0.2:
                y.life = (12_000 + int(48_000 * rnd())) // 100 * 100
            if mem.relation == _HEAD and rnd() < 0.3:
                y.quake = (8_000 + int(37_000 * rnd())) // 10 * 10
            if salary >= 4_000_000:
                if rnd() < 0.12:
                    y.donation = (10 + int(140 * rnd())) * 1_000
            elif rnd() < 0.01:
                y.donation = (5 + int(45 * rnd())) * 1_000
        if age_y >= 20 and rnd() < (0.10 if age_y >= 65 else 0.04):
            y.medical = 100_000 + int(550_000 * rnd())
        return y

    @staticmethod
    def _total_income(y: _Year, age_y: int, tax_year: int) -> int:
        total = (
            _salary_income(y.salary, tax_year)
            + _pension_income(y.pension, age_y >= 65)
            + y.business
            + y.agri
            + y.real_estate
            + y.misc
            + y.dividends
        )
        return max(total, 0)

    # ---- events -----------------------------------------------------------------------------

    def _events(self, mem: _Member) -> None:
        rnd = self.rng.random
        start = max(mem.birth_ord, self.window_start)
        end = self.now_ord - 1
        if end <= start:
            return
        span_years = (end - start) / _DAYS_PER_YEAR
        age = mem.age
        hazard = min(3e-5 * math.exp(0.095 * age), 0.35)
        p_death = hazard * span_years
        p_move = (0.04 if 18.0 <= age < 35.0 else 0.006 if age >= 18.0 else 0.0) * span_years
        u = rnd()
        if u < p_death:
            mem.death_ord = start + int(rnd() * (end - start))
        elif u < p_death + p_move:
            mem.moved_ord = start + int(rnd() * (end - start))

    # ---- one household ----------------------------------------------------------------------

    def household(
        self,
        household_no: int,
        first_person_no: int,
        max_members: int,
        out_persons: list[Person],
        out_households: list[Household],
        out_residences: list[ResidenceOnLevyDate],
        out_incomes: list[IncomeRecord],
        out_anomalies: list[Anomaly],
    ) -> int:
        rng = self.rng
        rng.seed((self.base << 32) | household_no)
        rnd = rng.random
        tables = self.tables
        members = self._compose()
        if len(members) > max_members:
            del members[max_members:]
            n = max_members
            for mem in members:
                if mem.partner >= n:
                    mem.partner = -1
        n = len(members)

        # Birth dates, disability, deaths and moves out of the city
        family_name, family_kana = tables.family.pick(rnd)
        now_ord = self.now_ord
        for i, mem in enumerate(members):
            mem.person_no = first_person_no + i
            birth_ord = now_ord - int(mem.age * _DAYS_PER_YEAR) - 1
            mem.birth_ord = birth_ord
            mem.birth_date = date.fromordinal(birth_ord)
            u = rnd()
            if mem.age >= 65.0:
                mem.disability = "special" if u < 0.02 else "general" if u < 0.08 else "none"
            else:
                mem.disability = "special" if u < 0.006 else "general" if u < 0.03 else "none"
            self._events(mem)

        # Whole-household move out of the city (rare)
        if rnd() < 0.012 * (now_ord - self.window_start) / _DAYS_PER_YEAR:
            leave = self.window_start + int(rnd() * (now_ord - 1 - self.window_start))
            for mem in members:
                if mem.death_ord is None and mem.moved_ord is None and mem.birth_ord < leave:
                    mem.moved_ord = leave

        # Claim tiers: who may claim each member as a dependant, in order of preference
        head_partner = members[0].partner
        for i, mem in enumerate(members):
            rel = mem.relation
            if rel == _CHILD:
                mem.claim_tiers = (mem.parents,)
            elif rel == _GRANDCHILD:
                gp = (0, head_partner) if head_partner >= 0 else (0,)
                mem.claim_tiers = (mem.parents, gp)
            elif rel in (_FATHER, _MOTHER):
                mem.claim_tiers = ((0,), (head_partner,)) if head_partner >= 0 else ((0,),)
            elif rel in (_SIBLING, _OTHER) and i:
                mem.claim_tiers = ((0,),)

        # Address now and on each levy date (a few % of households moved within the city)
        town = tables.towns.pick(rnd)
        addr_now = (town.postal_code, town.town, _banchi(rng, town.style), town.district)
        history: dict[int, tuple[str, str, str, str]] = {}
        current = addr_now
        rural_now = town.rural
        for k, ty in enumerate(reversed(self.years)):
            if rnd() < (0.01 if k == 0 else 0.035):
                t2 = tables.towns.pick(rnd)
                current = (t2.postal_code, t2.town, _banchi(rng, t2.style), t2.district)
            history[ty] = current

        # Income plans; age on each levy date (-1 when not resident then)
        levy_ords = self.levy_ords
        years = self.years
        for mem in members:
            partner_sex = members[mem.partner].sex if mem.partner >= 0 else None
            mem.plan = self._plan(mem, rural_now, partner_sex)
            bd = mem.birth_date
            jan1 = bd.month == 1 and bd.day == 1
            death, moved, birth_ord = mem.death_ord, mem.moved_ord, mem.birth_ord
            gone = min(death if death is not None else _FAR, moved if moved is not None else _FAR)
            base_age = -bd.year - (0 if jan1 else 1)
            mem.levy_ages = tuple(
                ty + base_age if birth_ord <= levy < gone else -1 for ty, levy in zip(years, levy_ords, strict=True)
            )
        for mem in members:
            p = mem.partner
            partner_plan = members[p].plan if p >= 0 else None
            mem.married_to_earner = partner_plan is not None and partner_plan.kind in (
                "salaried",
                "business",
                "farmer",
            )

        # Persons and household rows
        given = tables.given
        for mem in members:
            gname, gkana = given[(mem.sex, _era(mem.birth_date.year))].pick(rnd)
            out_persons.append(
                Person(
                    mem.person_no,
                    self.my_number(mem.person_no - FIRST_PERSON_NO),
                    family_name,
                    gname,
                    family_kana,
                    gkana,
                    mem.birth_date,
                    mem.sex,
                    household_no,
                    mem.relation,
                    addr_now[0],
                    addr_now[1],
                    addr_now[2],
                    addr_now[3],
                    None if mem.death_ord is None else date.fromordinal(mem.death_ord),
                    None if mem.moved_ord is None else date.fromordinal(mem.moved_ord),
                )
            )
        out_households.append(Household(household_no, first_person_no, *addr_now))

        # Per tax year: residence on the levy date, incomes, claims
        for yi, tax_year in enumerate(self.years):
            self._tax_year(
                members,
                household_no,
                yi,
                tax_year,
                history[tax_year],
                out_residences,
                out_incomes,
                out_anomalies,
            )
        return n

    def _tax_year(
        self,
        members: list[_Member],
        household_no: int,
        yi: int,
        tax_year: int,
        addr: tuple[str, str, str, str],
        out_residences: list[ResidenceOnLevyDate],
        out_incomes: list[IncomeRecord],
        out_anomalies: list[Anomaly],
    ) -> None:
        rng = self.rng
        rnd = rng.random
        previous = self.last_claim.get(tax_year)  # a claim made in an earlier household of this batch
        n = len(members)
        ages = [m.levy_ages[yi] for m in members]  # -1: not resident on the levy date
        postal, town, banchi, district = addr
        amounts: list[_Year | None] = [None] * n
        ti = [-1] * n  # total income; -1: not resident on the levy date
        any_resident = False
        for i, m in enumerate(members):
            age = ages[i]
            if age < 0:
                continue
            any_resident = True
            out_residences.append(
                ResidenceOnLevyDate(m.person_no, tax_year, postal, town, banchi, district, household_no)
            )
            plan = m.plan
            if age >= 16 and plan is not None:
                year_amounts = self._year_amounts(m, plan, age, yi, m.married_to_earner)
                amounts[i] = year_amounts
                ti[i] = self._total_income(year_amounts, age, tax_year)
            else:
                ti[i] = 0
        if not any_resident:
            return
        limit = _dependant_limit(tax_year)

        if n == 1:  # nobody to claim: only the head's own record
            y = amounts[0]
            if y is not None:
                out_incomes.append(self._record(members[0], tax_year, y, None, ()))
            return

        # Deliberate anomaly: a 16–22-year-old with a real job, still claimed by a parent
        over_limit: tuple[int, int] | None = None
        if rnd() < _ANOMALY_OVER_LIMIT:
            for i, m in enumerate(members):
                y = amounts[i]
                if y is None or m.relation not in (_CHILD, _GRANDCHILD) or not 16 <= ages[i] <= 22:
                    continue
                claimant = self._best_claimant(m.parents, ti, limit, -1)
                if claimant < 0:
                    continue
                y.salary = int(rng.uniform(2_100_000, 2_600_000))
                y.employer = self._employer()
                y.social = int(y.salary * 0.145)
                ti[i] = self._total_income(y, ages[i], tax_year)
                over_limit = (i, claimant)
                break

        # Spouses (配偶者控除 / 配偶者特別控除)
        spouse_of = [-1] * n
        is_claimed_spouse = [False] * n
        for i, m in enumerate(members):
            p = m.partner
            if p <= i or ti[i] < 0 or ti[p] < 0:
                continue
            hi, lo = (i, p) if ti[i] >= ti[p] else (p, i)
            if ti[lo] <= _SPOUSE_SPECIAL_LIMIT and limit < ti[hi] <= _CLAIMANT_INCOME_CAP and amounts[lo] is not None:
                spouse_of[hi] = lo
                is_claimed_spouse[lo] = True

        # Dependants (扶養親族, under-16s included)
        deps: list[list[int]] = [[] for _ in range(n)]
        for i, m in enumerate(members):
            if ti[i] < 0 or ti[i] > limit or is_claimed_spouse[i] or not m.claim_tiers:
                continue
            for tier in m.claim_tiers:
                c = self._best_claimant(tier, ti, limit, ti[i])
                if c >= 0:
                    deps[c].append(i)
                    self.last_claim[tax_year] = (m.person_no, members[c].person_no, ti[i])
                    q = members[c].partner
                    if (
                        q >= 0
                        and q != i
                        and ti[q] > limit
                        and amounts[q] is not None
                        and rnd() < _ANOMALY_DOUBLE_IN_HOUSEHOLD
                    ):
                        deps[q].append(i)
                        out_anomalies.append(
                            Anomaly(
                                "double_claim",
                                tax_year,
                                m.person_no,
                                (members[c].person_no, members[q].person_no),
                                ti[i],
                                "同一世帯の二人が同じ扶養親族を申告",
                            )
                        )
                    break

        if over_limit is not None:
            i, c = over_limit
            deps[c].append(i)
            out_anomalies.append(
                Anomaly(
                    "over_limit",
                    tax_year,
                    members[i].person_no,
                    (members[c].person_no,),
                    ti[i],
                    "所得が限度額を超える扶養親族を申告",
                )
            )

        # Deliberate anomaly: a relative in another household claims the same dependant
        extra: int | None = None
        if previous is not None and ti[0] > 2_000_000 and amounts[0] is not None and rnd() < _ANOMALY_DOUBLE_CROSS:
            extra = previous[0]
            out_anomalies.append(
                Anomaly(
                    "double_claim",
                    tax_year,
                    previous[0],
                    (previous[1], members[0].person_no),
                    previous[2],
                    "別世帯の親族も同じ扶養親族を申告",
                )
            )

        # Records
        for i, m in enumerate(members):
            y = amounts[i]
            if y is None:
                continue
            di = deps[i]
            dep_nos = tuple(sorted(members[d].person_no for d in di)) if di else ()
            if i == 0 and extra is not None:
                dep_nos = tuple(sorted((extra, *dep_nos)))
            s_i = spouse_of[i]
            out_incomes.append(self._record(m, tax_year, y, None if s_i < 0 else members[s_i].person_no, dep_nos))

    @staticmethod
    def _record(m: _Member, tax_year: int, y: _Year, spouse_no: int | None, dep_nos: tuple[int, ...]) -> IncomeRecord:
        return IncomeRecord(
            m.person_no,
            tax_year,
            y.salary,
            y.employer,
            y.pension,
            y.business,
            y.agri,
            y.real_estate,
            y.misc,
            y.dividends,
            y.social,
            y.life,
            y.quake,
            y.medical,
            y.donation,
            spouse_no,
            dep_nos,
            m.disability,
        )

    @staticmethod
    def _best_claimant(candidates: tuple[int, ...], ti: list[int], limit: int, own_income: int) -> int:
        best = -1
        for c in candidates:
            if (
                c >= 0
                and ti[c] > limit
                and ti[c] > own_income
                and ti[c] <= 100_000_000
                and (best < 0 or ti[c] > ti[best])
            ):
                best = c
        return best

    # ---- batches ----------------------------------------------------------------------------

    def run(self) -> Iterator[Batch]:
        remaining = self.persons
        person_no = FIRST_PERSON_NO
        household_no = FIRST_HOUSEHOLD_NO
        while remaining > 0:
            persons: list[Person] = []
            households: list[Household] = []
            residences: list[ResidenceOnLevyDate] = []
            incomes: list[IncomeRecord] = []
            anomalies: list[Anomaly] = []
            self.last_claim = {}
            # The records hold no reference cycles; pausing the cyclic collector while a batch is
            # built saves ~15 % (it would otherwise rescan the growing lists again and again).
            gc_was_enabled = gc.isenabled()
            gc.disable()
            try:
                while remaining > 0 and len(persons) < self.batch_persons:
                    made = self.household(
                        household_no,
                        person_no,
                        remaining,
                        persons,
                        households,
                        residences,
                        incomes,
                        anomalies,
                    )
                    person_no += made
                    remaining -= made
                    household_no += 1
            finally:
                if gc_was_enabled:
                    gc.enable()
            yield Batch(tuple(persons), tuple(households), tuple(residences), tuple(incomes), tuple(anomalies))


def generate(
    persons: int,
    seed: int,
    tax_years: Sequence[int] = (2024, 2025, 2026),
    *,
    batch_persons: int = DEFAULT_BATCH_PERSONS,
) -> Iterator[Batch]:
    """Yield the synthetic city in batches of about ``batch_persons`` persons (whole households).

    Exactly ``persons`` persons are produced (the last household may be cut short). Person
    numbers (宛名番号) run from 1000000001; household numbers from 1. Employees point at
    ``employers(seed, employer_count(persons))``. "Now" is 1 April of the last tax year; death and
    move-out dates fall between the first levy date and now.
    """
    return _Generator(persons, seed, tax_years, batch_persons).run()
