"""扶養調査 (dependant checks) of a tax year: dependants claimed by more than one taxpayer, dependants
whose own income is over the limit, dependants living in another municipality on 1 January.

The income limits are the tax year's parameter file's (domain.md §4.3, §4.4, §4.9, §4.10): the
扶養親族 limit (48万 / 58万 / 62万円), the upper end of 配偶者特別控除 for a spouse, and, from 令和8年度,
the 特定親族特別控除 limit for relatives aged 19–22. Provisioning stores them in the database
(`store_limits`, table ledger.dependant_income_limit), which applies them itself: a client never
passes a limit. The database lists the findings in one audited read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import psycopg2

from app.db.urls import libpq_dsn
from app.models.salary_import import DependantFinding
from app.services.db import Database
from app.tax.params import PARAMS_DIR, load_params

KINDS = ("claimed_twice", "over_limit", "elsewhere")
KIND_LABELS = {"claimed_twice": ("重複扶養", "Claimed by more than one taxpayer"),
               "over_limit": ("所得超過", "Own income over the limit"),
               "elsewhere": ("市外居住", "Living in another municipality")}


@dataclass(frozen=True, slots=True)
class Limits:
    dependant: int
    spouse: int
    relative: int  # 0 when the year has no 特定親族特別控除
    relative_born_from: date
    relative_born_to: date


def limits(tax_year: int) -> Limits:
    """The year's limits from its parameter file (a year without one raises the engine's error)."""
    p = load_params(tax_year)
    spouse = p.spouse_special_rows[-1][0] if p.spouse_special_rows else p.dependant_limit
    relative = p.relative_rows[-1].upto if p.relative_rows else 0
    # Aged 19–22 at 31 December of the income year = ordinary age on 1 January of the tax year.
    born_to = date(tax_year - p.ages["specific_from"], 1, 1)
    born_from = date(tax_year - p.ages["specific_to"] - 1, 1, 2)
    return Limits(p.dependant_limit, spouse, relative, born_from, born_to)


def parameter_years() -> list[int]:
    """The tax years with a parameter file."""
    return sorted(int(f.stem) for f in PARAMS_DIR.glob("[0-9][0-9][0-9][0-9].json"))


def limit_rows(tax_year: int) -> list[tuple[int, str, int, int | None, int | None, str]]:
    """The rows of ledger.dependant_income_limit for a year: (year, kind, limit, age_from, age_to, source)."""
    p = load_params(tax_year)
    lim = limits(tax_year)
    leaves = json.loads((PARAMS_DIR / f"{tax_year}.json").read_text(encoding="utf-8"))["parameters"]

    def source(key: str) -> str:
        return f"params/{tax_year}.json {key}: {leaves[key]['source']}"[:1000]

    rows: list[tuple[int, str, int, int | None, int | None, str]] = [
        (tax_year, "dependant", lim.dependant, None, None, source("dependant_income_limit")),
        (tax_year, "spouse", lim.spouse, None, None,
         source("spouse_special_deduction" if p.spouse_special_rows else "dependant_income_limit"))]
    if lim.relative:
        rows.append((tax_year, "relative", lim.relative, p.ages["specific_from"], p.ages["specific_to"],
                     source("specific_relative_deduction")))
    return rows


def store_limits(admin_url: str) -> int:
    """Write every parameter file's limits into the database (provisioning, idempotent: a corrected
    file replaces the year's rows). Returns the number of rows written."""
    rows = [r for year in parameter_years() for r in limit_rows(year)]
    conn = psycopg2.connect(libpq_dsn(admin_url))
    try:
        with conn, conn.cursor() as cur:
            # As the owner of the ledger, like the migrations: staff have no privilege on the table.
            cur.execute("SET LOCAL ROLE juminzei_owner")
            # The years' rows are replaced as a whole: a kind a corrected file no longer has goes too.
            cur.execute("DELETE FROM ledger.dependant_income_limit WHERE tax_year = ANY (%s)",
                        (sorted({r[0] for r in rows}),))
            cur.executemany(
                "INSERT INTO ledger.dependant_income_limit (tax_year, kind, limit_yen, age_from, age_to, source)"
                " VALUES (%s, %s, %s, %s, %s, %s)", rows)
    finally:
        conn.close()
    return len(rows)


def run(db: Database, tax_year: int, purpose: str = "dependant_check") -> list[DependantFinding]:
    """The year's findings; the database applies the year's stored limits."""
    rows = db.call("SELECT * FROM api.dependant_check(:y, :purpose)", {"y": tax_year, "purpose": purpose})
    return [DependantFinding(r["finding"], r["dependant_person_id"], r["dependant_name"], r["dependant_kana"],
                             r["birth_date"], r["dependant_income"], r["income_limit"], r["district"], r["address"],
                             tuple(r["claim_kinds"]), tuple(r["taxpayer_ids"]), tuple(r["taxpayer_names"]))
            for r in rows]


def counts(findings: list[DependantFinding]) -> dict[str, int]:
    result = dict.fromkeys(KINDS, 0)
    for f in findings:
        result[f.finding] += 1
    return result
