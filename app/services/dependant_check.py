"""扶養調査 (dependant checks) of a tax year: dependants claimed by more than one taxpayer, dependants
whose own income is over the limit, dependants living in another municipality on 1 January.

The income limits are the tax year's parameter file's (domain.md §4.3, §4.4, §4.9, §4.10): the
扶養親族 limit (48万 / 58万 / 62万円), the upper end of 配偶者特別控除 for a spouse, and, from 令和8年度,
the 特定親族特別控除 limit for relatives aged 19–22. The database lists the findings in one audited read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.models.salary_import import DependantFinding
from app.services.db import Database
from app.tax.params import load_params

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


def run(db: Database, tax_year: int, purpose: str = "dependant_check") -> list[DependantFinding]:
    lim = limits(tax_year)
    rows = db.call("SELECT * FROM api.dependant_check(:y, :purpose, :dep, :spouse, :rel, :born_from, :born_to)",
                   {"y": tax_year, "purpose": purpose, "dep": lim.dependant, "spouse": lim.spouse,
                    "rel": lim.relative, "born_from": lim.relative_born_from, "born_to": lim.relative_born_to})
    return [DependantFinding(r["finding"], r["dependant_person_id"], r["dependant_name"], r["dependant_kana"],
                             r["birth_date"], r["dependant_income"], r["income_limit"], r["district"], r["address"],
                             tuple(r["claim_kinds"]), tuple(r["taxpayer_ids"]), tuple(r["taxpayer_names"]))
            for r in rows]


def counts(findings: list[DependantFinding]) -> dict[str, int]:
    result = dict.fromkeys(KINDS, 0)
    for f in findings:
        result[f.finding] += 1
    return result
