"""Tests for the synthetic Hanamaki data generator (app/services/synthetic.py)."""

from __future__ import annotations

import hashlib
import os
import re
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, fields
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest

from app.services import synthetic as syn
from app.services.synthetic import (
    DISTRICTS,
    RELATIONS,
    Anomaly,
    Employer,
    Household,
    IncomeRecord,
    Person,
    ResidenceOnLevyDate,
    employer_count,
    employers,
    generate,
    is_valid_my_number,
    my_number_check_digit,
)

KATAKANA = re.compile(r"^[\u30A1-\u30FA\u30FC]+$")  # ァ … ヺ and the long-vowel mark ー
POSTAL = re.compile(r"^\d{3}-\d{4}$")
BANCHI = re.compile(r"^(\d+番\d+号|\d+-\d+|\d+番地|第\d+地割\d+(-\d+|番地)|\d+区\d+(-\d+)?)$")
YEARS = (2024, 2025, 2026)
N = 50_000
SEED = 20240101


@dataclass
class City:
    persons: list[Person]
    households: list[Household]
    residences: list[ResidenceOnLevyDate]
    incomes: list[IncomeRecord]
    anomalies: list[Anomaly]
    batch_sizes: list[int]


def _collect(persons: int, seed: int, **kwargs: object) -> City:
    city = City([], [], [], [], [], [])
    for batch in generate(persons, seed, **kwargs):  # type: ignore[arg-type]
        city.persons += batch.persons
        city.households += batch.households
        city.residences += batch.residences
        city.incomes += batch.incomes
        city.anomalies += batch.anomalies
        city.batch_sizes.append(len(batch.persons))
    return city


@pytest.fixture(scope="module")
def city() -> City:
    return _collect(N, SEED)


@pytest.fixture(scope="module")
def by_no(city: City) -> dict[int, Person]:
    return {p.person_no: p for p in city.persons}


def _years_between(older: date, younger: date) -> float:
    return (younger - older).days / 365.25


# ---------------------------------------------------------------------------------------------
# My Number check digit (domain.md §9)
# ---------------------------------------------------------------------------------------------


def test_check_digit_hand_computed() -> None:
    # Weights for P11…P1 read left to right: 6 5 4 3 2 7 6 5 4 3 2.
    # "12345678901": 1·6 + 2·5 + 3·4 + 4·3 + 5·2 + 6·7 + 7·6 + 8·5 + 9·4 + 0·3 + 1·2
    #              = 6 + 10 + 12 + 12 + 10 + 42 + 42 + 40 + 36 + 0 + 2 = 212; 212 mod 11 = 3 → 11 − 3 = 8
    assert my_number_check_digit("12345678901") == 8
    # "11111111111": 6+5+4+3+2+7+6+5+4+3+2 = 47; 47 mod 11 = 3 → 8
    assert my_number_check_digit("11111111111") == 8
    # "10000000000": 1·6 = 6; r = 6 → 11 − 6 = 5
    assert my_number_check_digit("10000000000") == 5
    # "00000000001": 1·2 = 2; r = 2 → 9
    assert my_number_check_digit("00000000001") == 9
    # "00000000006": 6·2 = 12; r = 1 → 0 (r ≤ 1 gives 0)
    assert my_number_check_digit("00000000006") == 0
    # "00000000000": sum 0; r = 0 → 0
    assert my_number_check_digit("00000000000") == 0
    # "00000100004": 1·7 + 4·2 = 15; r = 4 → 7
    assert my_number_check_digit("00000100004") == 7


def test_check_digit_rejects_bad_input() -> None:
    for bad in ("1234567890", "123456789012", "1234567890a", "１２３４５６７８９０１"):
        with pytest.raises(ValueError):
            my_number_check_digit(bad)


def test_is_valid_my_number() -> None:
    assert is_valid_my_number("123456789018")
    assert not is_valid_my_number("123456789019")
    assert not is_valid_my_number("12345678901")
    assert not is_valid_my_number("12345678901a")
    assert not is_valid_my_number("１２３４５６７８９０１８")
    assert not is_valid_my_number("")


def test_my_numbers_valid_unique_not_sequential(city: City) -> None:
    numbers = [p.my_number for p in city.persons]
    assert len(numbers) == N
    assert all(is_valid_my_number(n) for n in numbers)
    assert len(set(numbers)) == N
    assert all(n[0] != "0" for n in numbers)
    # Consecutive person numbers must not give evenly spaced My Numbers.
    diffs = {int(b[:11]) - int(a[:11]) for a, b in pairwise(numbers)}
    assert len(diffs) > N * 0.9


# ---------------------------------------------------------------------------------------------
# Determinism and counts
# ---------------------------------------------------------------------------------------------


def test_same_seed_identical_different_seed_differs() -> None:
    a = list(generate(3_000, 42))
    b = list(generate(3_000, 42))
    c = list(generate(3_000, 43))
    assert a == b
    assert repr(a) == repr(b)
    assert a != c
    assert [p.my_number for p in a[0].persons] != [p.my_number for p in c[0].persons]
    assert employers(42, 10) == employers(42, 10)
    assert employers(42, 10) != employers(43, 10)


_DIGEST_SCRIPT = """
import hashlib
from app.services.synthetic import employer_count, employers, generate
h = hashlib.sha256()
for batch in generate(2_500, 9, batch_persons=1_000):
    h.update(repr(batch).encode())
h.update(repr(employers(9, employer_count(2_500))).encode())
print(h.hexdigest())
"""


def test_byte_identical_across_processes() -> None:
    """Output must not depend on str hashing (PYTHONHASHSEED) or anything else per process."""
    root = Path(__file__).resolve().parents[1]
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run(
            [sys.executable, "-c", _DIGEST_SCRIPT],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        digests.add(out.stdout.strip())
    local = hashlib.sha256()
    for batch in generate(2_500, 9, batch_persons=1_000):
        local.update(repr(batch).encode())
    local.update(repr(employers(9, employer_count(2_500))).encode())
    digests.add(local.hexdigest())
    assert len(digests) == 1


@pytest.mark.parametrize("n", [0, 1, 2, 7, 10_001])
def test_exact_person_counts(n: int) -> None:
    city = _collect(n, 5)
    assert len(city.persons) == n
    assert [p.person_no for p in city.persons] == list(range(1_000_000_001, 1_000_000_001 + n))
    assert len({h.household_no for h in city.households}) == len(city.households)


def test_batches(city: City) -> None:
    sizes = city.batch_sizes
    assert sum(sizes) == N
    assert len(sizes) >= N // 10_100
    for size in sizes[:-1]:
        assert 10_000 <= size < 10_020  # whole households, cut after reaching 10,000
    small = _collect(2_500, 3, batch_persons=1_000)
    assert sum(small.batch_sizes) == 2_500
    assert len(small.batch_sizes) == 3


def test_prefix_property() -> None:
    """A smaller run is the same city cut short (only the last household may differ)."""
    small = _collect(1_000, 77)
    large = _collect(5_000, 77)
    last_household = small.persons[-1].household_no
    same = [p for p in small.persons if p.household_no != last_household]
    assert same == large.persons[: len(same)]


def test_dataclasses_are_frozen_with_slots() -> None:
    for cls in (Person, Household, Employer, IncomeRecord, ResidenceOnLevyDate, Anomaly, syn.Batch):
        assert vars(cls)["__dataclass_params__"].frozen
        assert hasattr(cls, "__slots__")
    assert [f.name for f in fields(IncomeRecord)][-3:] == [
        "spouse_person_no",
        "dependant_person_nos",
        "disability",
    ]


# ---------------------------------------------------------------------------------------------
# Persons, households, addresses
# ---------------------------------------------------------------------------------------------


def test_names_and_kana(city: City) -> None:
    for p in city.persons:
        assert KATAKANA.match(p.family_kana), p
        assert KATAKANA.match(p.given_kana), p
        assert p.family_name and p.given_name
    assert len({p.family_name for p in city.persons}) >= 150
    assert len({(p.given_name, p.given_kana) for p in city.persons if p.sex == "M"}) >= 150
    assert len({(p.given_name, p.given_kana) for p in city.persons if p.sex == "F"}) >= 150
    top = Counter(p.family_name for p in city.persons).most_common(5)
    assert {name for name, _ in top} & {"佐藤", "高橋", "佐々木", "菊池", "千葉"}


def test_person_fields(city: City) -> None:
    now = date(2026, 4, 1)
    for p in city.persons:
        assert p.sex in ("M", "F")
        assert p.relation in RELATIONS
        assert p.district in DISTRICTS
        assert POSTAL.match(p.postal_code)
        assert p.town.startswith("花巻市")
        assert BANCHI.match(p.banchi), p.banchi
        assert date(1920, 1, 1) < p.birth_date < now
        assert not (p.death_date and p.moved_out_date)
        for event in (p.death_date, p.moved_out_date):
            if event is not None:
                assert date(2024, 1, 1) < event < now
                assert event > p.birth_date
    districts = Counter(p.district for p in city.persons)
    assert set(districts) == set(DISTRICTS)
    assert districts["花巻"] > districts["石鳥谷"] > districts["東和"] > districts["大迫"]
    towns = {p.town for p in city.persons}
    for expected in ("花巻市大通り一丁目", "花巻市石鳥谷町好地", "花巻市大迫町大迫", "花巻市東和町土沢"):
        assert expected in towns
    # Postal codes: 025-xxxx in the old city, 028-xxxx in the three former towns.
    for p in city.persons:
        assert p.postal_code.startswith("025-" if p.district == "花巻" else "028-")


def test_household_structure(city: City) -> None:
    members: dict[int, list[Person]] = defaultdict(list)
    for p in city.persons:
        members[p.household_no].append(p)
    households = {h.household_no: h for h in city.households}
    assert set(households) == set(members)
    sizes = Counter(len(m) for m in members.values())
    assert sizes[1] > 0 and sizes[2] > 0 and sizes[3] > 0 and max(sizes) >= 5
    for hno, ms in members.items():
        heads = [p for p in ms if p.relation == "世帯主"]
        assert len(heads) == 1
        head = heads[0]
        h = households[hno]
        assert h.head_person_no == head.person_no == ms[0].person_no
        assert (h.postal_code, h.town, h.banchi, h.district) == (
            head.postal_code,
            head.town,
            head.banchi,
            head.district,
        )
        spouses = [p for p in ms if p.relation in ("妻", "夫")]
        assert len(spouses) <= 1
        for s in spouses:
            assert s.sex != head.sex
            assert s.relation == ("妻" if head.sex == "M" else "夫")
            assert abs(_years_between(head.birth_date, s.birth_date)) <= 10
        for child in (p for p in ms if p.relation == "子"):
            for parent in [head, *spouses]:
                assert 20 <= _years_between(parent.birth_date, child.birth_date) <= 45, (parent, child)
        for elder in (p for p in ms if p.relation in ("父", "母")):
            assert 20 <= _years_between(elder.birth_date, head.birth_date) <= 45, (elder, head)
        children = [p for p in ms if p.relation == "子"]
        for grandchild in (p for p in ms if p.relation == "孫"):
            assert _years_between(head.birth_date, grandchild.birth_date) >= 40
            if len(children) == 1:
                assert 20 <= _years_between(children[0].birth_date, grandchild.birth_date) <= 45
        assert len({p.family_name for p in ms}) == 1


def test_age_pyramid(city: City) -> None:
    now = date(2026, 4, 1)
    ages = [_years_between(p.birth_date, now) for p in city.persons]
    old = sum(a >= 65 for a in ages) / N
    young = sum(a < 15 for a in ages) / N
    assert 0.28 <= old <= 0.40, old  # a Tohoku city: about a third are 65+
    assert 0.08 <= young <= 0.17, young
    assert 2.0 <= N / len(city.households) <= 2.8


def test_residences_on_levy_dates(city: City, by_no: dict[int, Person]) -> None:
    seen: set[tuple[int, int]] = set()
    moved = 0
    for r in city.residences:
        key = (r.person_no, r.tax_year)
        assert key not in seen
        seen.add(key)
        p = by_no[r.person_no]
        levy = date(r.tax_year, 1, 1)
        assert p.birth_date <= levy
        assert p.death_date is None or p.death_date > levy
        assert p.moved_out_date is None or p.moved_out_date > levy
        assert r.household_no == p.household_no
        assert r.district in DISTRICTS and POSTAL.match(r.postal_code) and r.town.startswith("花巻市")
        if (r.postal_code, r.town, r.banchi) != (p.postal_code, p.town, p.banchi):
            moved += 1
    # Everyone resident on a levy date has a residence row for it.
    for p in city.persons:
        for year in YEARS:
            levy = date(year, 1, 1)
            resident = (
                p.birth_date <= levy
                and (p.death_date is None or p.death_date > levy)
                and (p.moved_out_date is None or p.moved_out_date > levy)
            )
            assert ((p.person_no, year) in seen) == resident
    share = moved / len(city.residences)
    assert 0.005 <= share <= 0.10, share  # a few % lived elsewhere in the city on 1 January


def test_deaths_and_moves_present(city: City) -> None:
    dead = sum(p.death_date is not None for p in city.persons)
    gone = sum(p.moved_out_date is not None for p in city.persons)
    assert 0.01 * N < dead < 0.10 * N
    assert 0.01 * N < gone < 0.10 * N


# ---------------------------------------------------------------------------------------------
# Employers
# ---------------------------------------------------------------------------------------------


def test_employers() -> None:
    assert employer_count(100) == 5
    assert employer_count(1_000_000) == 25_000
    emps = employers(SEED, employer_count(N))
    assert len(emps) == N // 40
    assert len({e.employer_no for e in emps}) == len(emps)
    assert emps[0].name == "花巻市役所"
    for e in emps:
        assert re.fullmatch(r"\d{8}", e.employer_no)
        assert KATAKANA.match(e.kana), e
        assert POSTAL.match(e.postal_code)
        assert e.address.startswith("岩手県")
        assert re.fullmatch(r"0\d{1,3}-\d{2,3}-\d{4}", e.phone)
    in_city = [e for e in emps if e.address.startswith("岩手県花巻市")]
    assert len(in_city) > 0.8 * len(emps)
    assert all(re.fullmatch(r"0198-\d{2}-\d{4}", e.phone) for e in in_city)
    assert any(e.name.startswith("株式会社") for e in emps)
    assert any(e.name.startswith("医療法人") for e in emps)
    assert len(employers(1, 5)) == 5


def test_employees_link_to_employers(city: City) -> None:
    nos = {e.employer_no for e in employers(SEED, employer_count(N))}
    linked = [r for r in city.incomes if r.employer_no is not None]
    assert linked
    assert all(r.employer_no in nos for r in linked)
    assert all(r.salary_revenue > 0 for r in linked)
    assert all(r.employer_no is not None for r in city.incomes if r.salary_revenue > 0)
    per_employer = Counter(r.employer_no for r in linked if r.tax_year == 2025)
    assert len(per_employer) > 0.5 * len(nos)


# ---------------------------------------------------------------------------------------------
# Incomes
# ---------------------------------------------------------------------------------------------


def _age_on_levy(p: Person, tax_year: int) -> int:
    b = p.birth_date
    return tax_year - b.year - (0 if (b.month, b.day) == (1, 1) else 1)


def test_income_records_plausible(city: City, by_no: dict[int, Person]) -> None:
    residences = {(r.person_no, r.tax_year) for r in city.residences}
    keys = set()
    for r in city.incomes:
        assert r.tax_year in YEARS
        assert (r.person_no, r.tax_year) not in keys
        keys.add((r.person_no, r.tax_year))
        assert (r.person_no, r.tax_year) in residences
        p = by_no[r.person_no]
        age = _age_on_levy(p, r.tax_year)
        assert age >= 16
        assert r.disability in ("none", "general", "special")
        if r.pension_revenue:
            assert age >= 65
            assert 550_000 <= r.pension_revenue <= 3_200_000
        for amount in (
            r.salary_revenue,
            r.pension_revenue,
            r.real_estate,
            r.misc_other,
            r.dividends,
            r.social_insurance,
            r.life_insurance_new_general,
            r.earthquake_insurance,
            r.medical_paid,
            r.hometown_donation,
        ):
            assert amount >= 0
        assert r.salary_revenue <= 13_500_000
        if r.salary_revenue >= 1_500_000:
            ratio = r.social_insurance / r.salary_revenue
            assert 0.14 <= ratio <= 0.16 or r.pension_revenue, r
    # every resident aged 16+ on the levy date has a record (non-taxable ones too)
    for res in city.residences:
        if _age_on_levy(by_no[res.person_no], res.tax_year) >= 16:
            assert (res.person_no, res.tax_year) in keys

    y2025 = [r for r in city.incomes if r.tax_year == 2025]
    salaries = [r.salary_revenue for r in y2025 if r.salary_revenue >= 1_500_000]
    assert 3_400_000 <= statistics.median(salaries) <= 4_200_000
    assert sum(r.agriculture != 0 for r in y2025) > 0.02 * len(y2025)
    assert sum(r.business != 0 for r in y2025) > 0.01 * len(y2025)
    pensioners = [r for r in y2025 if r.pension_revenue]
    assert len(pensioners) > 0.3 * len(y2025)
    nothing = [r for r in y2025 if not (r.salary_revenue or r.pension_revenue or r.business or r.agriculture)]
    assert 0.03 * len(y2025) < len(nothing) < 0.4 * len(y2025)
    assert any(r.hometown_donation for r in y2025)
    assert any(r.medical_paid for r in y2025)
    assert any(r.earthquake_insurance for r in y2025)
    assert any(r.life_insurance_new_general for r in y2025)
    assert any(r.disability == "special" for r in y2025)


def test_spouses_and_dependants(city: City, by_no: dict[int, Person]) -> None:
    double = {(a.tax_year, a.dependant_person_no) for a in city.anomalies if a.kind == "double_claim"}
    cross = {
        (a.tax_year, a.dependant_person_no, a.claimant_person_nos[1])
        for a in city.anomalies
        if a.kind == "double_claim"
        and by_no[a.claimant_person_nos[0]].household_no != by_no[a.claimant_person_nos[1]].household_no
    }
    claims: Counter[tuple[int, int]] = Counter()
    spouse_claims = 0
    for r in city.incomes:
        taxpayer = by_no[r.person_no]
        if r.spouse_person_no is not None:
            spouse_claims += 1
            spouse = by_no[r.spouse_person_no]
            assert spouse.household_no == taxpayer.household_no
            assert spouse.sex != taxpayer.sex
        assert list(r.dependant_person_nos) == sorted(set(r.dependant_person_nos))  # sorted, no repeats
        for d in r.dependant_person_nos:
            assert d != r.person_no and d != r.spouse_person_no
            dep = by_no[d]
            assert dep.birth_date <= date(r.tax_year, 1, 1)
            if dep.household_no != taxpayer.household_no:
                assert (r.tax_year, d, r.person_no) in cross
            claims[(r.tax_year, d)] += 1
    assert spouse_claims > 0
    assert len(claims) > 0.05 * N
    for key, count in claims.items():
        assert count == 1 or key in double, key


def test_references_stay_inside_their_batch() -> None:
    """Spouses, dependants and anomaly persons are in the same batch, resident on that levy date."""
    for batch in generate(12_000, 21, batch_persons=2_000):
        numbers = {p.person_no for p in batch.persons}
        resident = {(r.person_no, r.tax_year) for r in batch.residences}
        for r in batch.incomes:
            others = [*r.dependant_person_nos, *([r.spouse_person_no] if r.spouse_person_no else [])]
            assert all((o, r.tax_year) in resident for o in others)
        for a in batch.anomalies:
            assert {a.dependant_person_no, *a.claimant_person_nos} <= numbers
        assert {h.head_person_no for h in batch.households} <= numbers


def test_anomalies_present(city: City, by_no: dict[int, Person]) -> None:
    kinds = Counter(a.kind for a in city.anomalies)
    assert kinds["double_claim"] >= 5
    assert kinds["over_limit"] >= 5
    assert set(kinds) == {"double_claim", "over_limit"}
    records = {(r.person_no, r.tax_year): r for r in city.incomes}
    claimed_by: dict[tuple[int, int], set[int]] = defaultdict(set)
    for r in city.incomes:
        for d in r.dependant_person_nos:
            claimed_by[(r.tax_year, d)].add(r.person_no)
    for a in city.anomalies:
        assert a.note
        claimants = claimed_by[(a.tax_year, a.dependant_person_no)]
        assert set(a.claimant_person_nos) <= claimants
        if a.kind == "double_claim":
            assert len(a.claimant_person_nos) == 2 and len(claimants) >= 2
        else:
            dep = records[(a.dependant_person_no, a.tax_year)]
            assert dep.salary_revenue >= 2_100_000  # salary income well above every limit
            assert a.dependant_total_income > 1_330_000
            assert 16 <= _age_on_levy(by_no[a.dependant_person_no], a.tax_year) <= 22
    # a small share only
    assert len(city.anomalies) < 0.005 * len(city.incomes)


def test_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError):
        list(generate(-1, 1))
    with pytest.raises(ValueError):
        list(generate(10, 1, tax_years=()))
    with pytest.raises(ValueError):
        list(generate(10, 1, batch_persons=0))


def test_other_tax_years() -> None:
    city = _collect(3_000, 11, tax_years=(2025, 2027))
    assert {r.tax_year for r in city.incomes} == {2025, 2027}
    assert {r.tax_year for r in city.residences} == {2025, 2027}


@pytest.mark.slow
def test_throughput_200k(capsys: pytest.CaptureFixture[str]) -> None:
    n = 200_000
    start = time.perf_counter()
    counts = Counter[str]()
    for batch in generate(n, 1):
        counts["persons"] += len(batch.persons)
        counts["households"] += len(batch.households)
        counts["residences"] += len(batch.residences)
        counts["incomes"] += len(batch.incomes)
        counts["anomalies"] += len(batch.anomalies)
    elapsed = time.perf_counter() - start
    assert counts["persons"] == n
    with capsys.disabled():
        print(
            f"\nsynthetic: {n:,} persons in {elapsed:.2f} s = {n / elapsed:,.0f} persons/s "
            f"({counts['households']:,} households, {counts['residences']:,} residences, "
            f"{counts['incomes']:,} income records, {counts['anomalies']:,} anomalies)"
        )
