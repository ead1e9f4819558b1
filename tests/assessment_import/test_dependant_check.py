"""扶養調査 through the api: claimed twice, over the income limit, living elsewhere."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from app.services import dependant_check
from app.services.db import Database
from app.services.errors import PermissionDenied
from tests.assessment_import.conftest import rows
from tests.support.database import ProvisionedDb

pytestmark = pytest.mark.db


def _claims(db: ProvisionedDb) -> None:
    """令和7年度: 花子 claimed by 太郎 (spouse) and 次郎; うめ (市外) by 太郎; 美紀 (own income 1.5 M) by 三郎;
    健 (declared 100,000) by 太郎, which is fine."""
    with db.admin() as cur:
        cur.execute("INSERT INTO ledger.assessment (person_id, tax_year, filing_kind, collection_method,"
                    " salary_revenue) VALUES (2000000001, 2025, 'salary_report', 'ordinary', 3000000),"
                    " (2000000006, 2025, 'salary_report', 'ordinary', 4000000)")
        cur.execute("INSERT INTO ledger.assessment (person_id, tax_year, filing_kind, collection_method,"
                    " salary_revenue, salary_income, total_income, income_base, status, computed_at)"
                    " VALUES (2000000005, 2025, 'salary_report', 'ordinary', 2300000, 1500000, 1500000, 1500000,"
                    " 'assessed', now())")
        for taxpayer, dependant, declared in ((2000000001, 1000000002, None), (1000000001, 2000000003, None),
                                              (2000000006, 2000000005, None), (1000000001, 2000000004, 100000)):
            cur.execute("INSERT INTO ledger.dependant (assessment_id, person_id, dependant_person_id, kind,"
                        " total_income) SELECT assessment_id, person_id, %s, 'dependant', %s FROM ledger.assessment"
                        " WHERE person_id = %s AND tax_year = 2025", (dependant, declared, taxpayer))


def test_limits_come_from_each_years_parameters() -> None:
    assert [dependant_check.limits(y).dependant for y in (2025, 2026, 2027)] == [480_000, 580_000, 620_000]
    assert dependant_check.limits(2025).spouse == 1_330_000 and dependant_check.limits(2025).relative == 0
    lim = dependant_check.limits(2026)
    assert lim.relative == 1_230_000
    assert (lim.relative_born_from, lim.relative_born_to) == (date(2003, 1, 2), date(2007, 1, 1))


def test_findings_by_kind_name_everyone_involved(b6_db: ProvisionedDb, assessor: Database) -> None:
    _claims(b6_db)
    before = b6_db.audit_count()
    findings = dependant_check.run(assessor, 2025)
    got = sorted((f.finding, f.dependant_person_id, f.taxpayer_ids) for f in findings)
    assert got == [("claimed_twice", 1000000002, (1000000001, 2000000001)),
                   ("elsewhere", 2000000003, (1000000001,)),
                   ("over_limit", 2000000005, (2000000006,))]
    over = next(f for f in findings if f.finding == "over_limit")
    assert (over.dependant_income, over.income_limit, over.dependant_name) == (1_500_000, 480_000, "千葉　美紀")
    twice = next(f for f in findings if f.finding == "claimed_twice")
    assert twice.claim_kinds == ("spouse", "dependant") and twice.taxpayer_names == ("佐藤　太郎", "山田　次郎")
    assert dependant_check.counts(findings) == {"claimed_twice": 1, "over_limit": 1, "elsewhere": 1}
    assert b6_db.audit_count() == before + 1
    (event,) = rows(b6_db, "SELECT e.action, e.purpose, p.person_ids FROM audit.event AS e"
                           " JOIN audit.event_persons AS p USING (event_id) ORDER BY e.event_id DESC LIMIT 1")
    assert event[:2] == ("assessment.dependant_check", "dependant_check")
    assert sorted(event[2]) == sorted({1000000001, 1000000002, 2000000001, 2000000003, 2000000005, 2000000006})


def test_a_19_to_22_year_old_relative_is_within_the_special_limit(b6_db: ProvisionedDb, assessor: Database) -> None:
    with b6_db.admin() as cur:
        cur.execute("UPDATE ledger.person SET birth_date = '2005-06-01' WHERE person_id = 2000000004")
        cur.execute("INSERT INTO ledger.assessment (person_id, tax_year, filing_kind, collection_method)"
                    " VALUES (1000000001, 2026, 'salary_report', 'ordinary')")
        cur.execute("INSERT INTO ledger.dependant (assessment_id, person_id, dependant_person_id, kind, total_income)"
                    " SELECT assessment_id, 1000000001, d, 'dependant', 1000000 FROM ledger.assessment,"
                    " unnest(ARRAY[2000000004, 2000000006]) AS d WHERE person_id = 1000000001 AND tax_year = 2026")
    findings = dependant_check.run(assessor, 2026)
    assert [(f.finding, f.dependant_person_id, f.income_limit) for f in findings] == [
        ("over_limit", 2000000006, 580_000)]


def test_only_assessors_run_the_check(b6_db: ProvisionedDb) -> None:
    clerk = Database(b6_db.staff_url("B6CLERK"))
    try:
        with pytest.raises(PermissionDenied):
            dependant_check.run(clerk, 2025)
    finally:
        clerk.dispose()


def test_the_command_prints_the_findings(b6_db: ProvisionedDb) -> None:
    _claims(b6_db)
    base = [sys.executable, "-m", "app", "assessment", "dependant-check", "--tax-year", "2025",
            "--url", b6_db.staff_url("B6ASSESS")]
    text = subprocess.run(base, capture_output=True, text=True, check=False, env={"JUMINZEI_LANG": "ja"})
    assert text.returncode == 0, text.stderr
    assert "重複扶養: 1" in text.stdout and "所得 1,500,000円（限度 480,000円）" in text.stdout
    out = subprocess.run([*base, "--json"], capture_output=True, text=True, check=False, env={"JUMINZEI_LANG": "ja"})
    assert json.loads(out.stdout)["counts"] == {"claimed_twice": 1, "over_limit": 1, "elsewhere": 1}
