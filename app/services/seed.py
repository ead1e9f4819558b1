"""Load the synthetic city (app.services.synthetic) into the ledger with COPY.

Runs with an administrative connection in one transaction per batch of households, so an
interrupted load leaves whole households. Assessments are loaded as returns ('draft': incomes and
deduction items as filed); `batch assess` computes the tax.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import psycopg2

from app.db.urls import libpq_dsn
from app.i18n import UserError
from app.models import items
from app.services import synthetic
from app.services.bulk import copy_rows

PERSON_COLUMNS = ("person_id", "my_number", "family_name", "given_name", "family_kana", "given_kana",
                  "birth_date", "sex", "postal_code", "address", "district", "status", "status_date")
ASSESSMENT_COLUMNS = ("assessment_id", "person_id", "tax_year", "filing_kind", "employer_no",
                      "collection_method", "salary_revenue", "pension_revenue", "business_income",
                      "agriculture_income", "real_estate_income", "misc_income", "dividend_income")


@dataclass(frozen=True)
class SeedResult:
    persons: int
    households: int
    employers: int
    assessments: int
    seconds: float

    @property
    def persons_per_second(self) -> float:
        return self.persons / self.seconds if self.seconds else 0.0


def _status(p: synthetic.Person) -> tuple[str, object]:
    if p.death_date is not None:
        return "deceased", p.death_date
    if p.moved_out_date is not None:
        return "moved_out", p.moved_out_date
    return "resident", None


def _filing_kind(r: synthetic.IncomeRecord) -> str:
    if r.business or r.agriculture or r.real_estate:
        return "final_return"
    if r.salary_revenue:
        return "salary_report"
    if r.pension_revenue:
        return "pension_report"
    return "none"


def _collection_method(r: synthetic.IncomeRecord) -> str:
    if r.salary_revenue and r.employer_no:
        return "payroll"
    if r.pension_revenue and not (r.business or r.agriculture or r.real_estate or r.salary_revenue):
        return "pension"
    if _filing_kind(r) == "none":
        return "none"
    return "ordinary"


def _next_ids(cur: psycopg2.extensions.cursor, count: int) -> int:
    """Reserve `count` assessment ids; returns the first."""
    cur.execute("SELECT nextval(pg_get_serial_sequence('ledger.assessment', 'assessment_id'))")
    first: int = cur.fetchone()[0]
    if count > 1:
        cur.execute("SELECT setval(pg_get_serial_sequence('ledger.assessment', 'assessment_id'), %s)",
                    (first + count - 1,))
    return first


def _load_batch(cur: psycopg2.extensions.cursor, batch: synthetic.Batch) -> int:
    copy_rows(cur, "ledger.person", PERSON_COLUMNS, (
        (p.person_no, p.my_number, p.family_name, p.given_name, p.family_kana, p.given_kana, p.birth_date,
         p.sex, p.postal_code, p.town + p.banchi, p.district, *_status(p))
        for p in batch.persons))

    relation = {p.person_no: p.relation for p in batch.persons}
    head_of = {h.household_no: h.head_person_no for h in batch.households}
    members: dict[tuple[int, int], list[int]] = {}
    for r in batch.residences:
        members.setdefault((r.tax_year, r.household_no), []).append(r.person_no)
    heads = {key: head_of[key[1]] if head_of.get(key[1]) in people else people[0]
             for key, people in members.items()}
    copy_rows(cur, "ledger.household", ("tax_year", "household_no", "head_person_id"),
              ((year, hh, head) for (year, hh), head in heads.items()))
    copy_rows(cur, "ledger.levy_residence",
              ("person_id", "tax_year", "household_no", "relation", "postal_code", "address", "district"),
              ((r.person_no, r.tax_year, r.household_no,
                "世帯主" if heads[(r.tax_year, r.household_no)] == r.person_no
                else (relation[r.person_no] if relation[r.person_no] != "世帯主" else "その他"),
                r.postal_code, r.town + r.banchi, r.district)
               for r in batch.residences))

    incomes = batch.incomes
    first_id = _next_ids(cur, len(incomes))
    ids = {(r.person_no, r.tax_year): first_id + i for i, r in enumerate(incomes)}
    copy_rows(cur, "ledger.assessment", ASSESSMENT_COLUMNS, (
        (ids[(r.person_no, r.tax_year)], r.person_no, r.tax_year, _filing_kind(r), r.employer_no,
         _collection_method(r), r.salary_revenue, r.pension_revenue, r.business, r.agriculture,
         r.real_estate, r.misc_other, r.dividends)
        for r in incomes))
    copy_rows(cur, "ledger.assessment_item", ("assessment_id", "item_code", "amount"), (
        (ids[(r.person_no, r.tax_year)], code, amount)
        for r in incomes
        for code, amount in ((items.SOCIAL_INSURANCE, r.social_insurance),
                             (items.NEW_GENERAL_LIFE, r.life_insurance_new_general),
                             (items.EARTHQUAKE, r.earthquake_insurance),
                             (items.MEDICAL_PAID, r.medical_paid),
                             (items.HOMETOWN_DONATION, r.hometown_donation))
        if amount))
    household = {(r.person_no, r.tax_year): r.household_no for r in batch.residences}
    copy_rows(cur, "ledger.dependant",
              ("assessment_id", "person_id", "dependant_person_id", "kind", "disability", "cohabiting"), (
        (ids[(r.person_no, r.tax_year)], r.person_no, other, kind, "none",
         household.get((other, r.tax_year)) == household.get((r.person_no, r.tax_year)))
        for r in incomes
        for other, kind in ([(r.spouse_person_no, "spouse")] if r.spouse_person_no else [])
        + [(d, "dependant") for d in r.dependant_person_nos if d != r.spouse_person_no]))
    copy_rows(cur, "ledger.employment", ("person_id", "tax_year", "employer_no", "salary_revenue"), (
        (r.person_no, r.tax_year, r.employer_no, r.salary_revenue)
        for r in incomes if r.employer_no and r.salary_revenue))
    return len(incomes)


def seed(admin_url: str, persons: int, seed_value: int, tax_years: Sequence[int] = (2025, 2026, 2027),
         progress: Callable[[int, int], None] | None = None) -> SeedResult:
    """Load `persons` synthetic persons. Refuses a database that already holds persons."""
    if persons < 1:
        raise UserError("人数は1以上を指定してください。", "Give at least one person.", field="persons")
    started = time.perf_counter()
    conn = psycopg2.connect(libpq_dsn(admin_url))
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT EXISTS (SELECT 1 FROM ledger.person)")
            if cur.fetchone()[0]:
                raise UserError("このデータベースには既に宛名データがあります。空のデータベースに投入してください。",
                                "This database already holds persons; seed an empty one.", field="url")
            employers = synthetic.employers(seed_value, synthetic.employer_count(persons))
            copy_rows(cur, "ledger.employer", ("employer_no", "name", "kana", "postal_code", "address", "phone"),
                      ((e.employer_no, e.name, e.kana, e.postal_code, e.address, e.phone) for e in employers))
            conn.commit()
        loaded = households = assessments = 0
        for batch in synthetic.generate(persons, seed_value, tax_years):
            with conn.cursor() as cur:
                assessments += _load_batch(cur, batch)
            conn.commit()
            loaded += len(batch.persons)
            households += len(batch.households)
            if progress is not None:
                progress(loaded, persons)
        with conn.cursor() as cur:
            cur.execute("SELECT audit.record_change('seed.load', NULL, NULL, NULL, 'ok', %s)",
                        (f"persons={loaded} seed={seed_value} years={','.join(map(str, tax_years))}",))
            cur.execute("ANALYZE")
        conn.commit()
        # Searches answer from the person indexes alone once the pages are marked all-visible.
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("VACUUM ledger.person, ledger.person_name_ending")
    finally:
        conn.close()
    return SeedResult(loaded, households, len(employers), assessments, time.perf_counter() - started)
