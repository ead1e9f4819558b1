"""The database side of special collection: employers, plans, change notices with approval,
mid-year tax changes, the ordinary→payroll switch, notices; audit rows and refusals."""

from __future__ import annotations

from datetime import date
from typing import Any

import psycopg2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.i18n import UserError
from app.models.collection import Employer, PlanRow
from app.services import collection
from app.services.collection import ChangeForm
from app.services.db import Database
from app.services.errors import Conflict, PermissionDenied, Refused
from app.tax.profile import load_profile
from app.tax.schedule import payroll
from tests.collection.conftest import TAX_YEAR, Seeder, set_annual
from tests.support.database import ProvisionedDb


def audit_rows(db: ProvisionedDb, action: str) -> list[tuple[Any, ...]]:
    with db.admin() as cur:
        cur.execute("SELECT staff, person_id, purpose, result, detail FROM audit.event WHERE action = %s"
                    " ORDER BY event_id", (action,))
        return list(cur.fetchall())


def plan_of(clerk: Database, employer_no: str, person_id: int) -> PlanRow:
    return next(r for r in collection.employees(clerk, employer_no, TAX_YEAR) if r.person_id == person_id)


# -------------------------------------------------------------------------------- employers


def test_register_and_edit_an_employer(coll_db: ProvisionedDb, clerk: Database, clerk2: Database) -> None:
    emp = Employer("7100000001", "有限会社石鳥谷酒造", "ユウゲンガイシャイシドリヤシュゾウ", "028-3101",
                   "花巻市石鳥谷町好地1-1", "0198-45-0001")
    assert collection.save_employer(clerk, emp) == 1
    found = collection.employers(clerk, "イシドリヤ", TAX_YEAR)
    assert [e.employer.employer_no for e in found] == ["7100000001"] and found[0].employees == 0
    edited = Employer(**{**_fields(found[0].employer), "phone": "0198-45-9999"})
    assert collection.save_employer(clerk2, edited) == 2
    with pytest.raises(Conflict):   # clerk saves on top of the stale version 1
        collection.save_employer(clerk, edited)
    with pytest.raises(Refused) as err:
        collection.save_employer(clerk, Employer(**{**_fields(emp), "version": None}))
    assert "登録済み" in err.value.ja
    rows = audit_rows(coll_db, "employer.save")
    assert [r[0] for r in rows[-2:]] == ["s_c7coll", "s_c7coll2"] and "employer=7100000001" in rows[-1][4]


def _fields(e: Employer) -> dict[str, Any]:
    return {k: getattr(e, k) for k in Employer.__slots__}


def test_bad_employer_input_is_explained_at_the_field(clerk: Database) -> None:
    with pytest.raises(UserError) as err:
        collection.save_employer(clerk, Employer("12", "x", "カナ", "025-0001", "花巻市", "0198-11-2222"))
    assert err.value.field == "employer_no"
    with pytest.raises(UserError) as err:
        collection.save_employer(clerk, Employer("7100000002", "x", "kanaでない", "025-0001", "花巻市", "0198-11-2222"))
    assert err.value.field == "kana"


# -------------------------------------------------------------------------------- plans


def test_determination_makes_june_may_plans_and_payments_count(coll_db: ProvisionedDb, clerk: Database,
                                                              seeded: Seeder) -> None:
    employer_no, ids = seeded([241_500, 1_000])
    rows = {r.person_id: r for r in collection.employees(clerk, employer_no, TAX_YEAR)}
    assert rows[ids[0]].months == (20_400,) + (20_100,) * 11
    assert rows[ids[1]].months == (1_000,) + (0,) * 11
    assert collection.determine(clerk, TAX_YEAR, employer_no) == 0      # only once
    for m in range(4):   # June … September paid in
        assert collection.record_month(clerk, employer_no, TAX_YEAR, m) == 2
    row = plan_of(clerk, employer_no, ids[0])
    assert (row.collected, row.remaining, row.months_paid) == (80_700, 160_800, 4)
    totals = collection.employers(clerk, employer_no, TAX_YEAR)[0]
    assert (totals.employees, totals.annual, totals.collected) == (2, 242_500, 81_700)
    reads = audit_rows(coll_db, "collection.employees")
    assert reads[-1][2] == "collection" and f"employer={employer_no}" in reads[-1][4]


# -------------------------------------------------------------------------------- change notices


def test_retirement_below_the_threshold_is_in_effect_at_once(coll_db: ProvisionedDb, clerk: Database,
                                                              seeded: Seeder) -> None:
    # 100,000: June 8,700, then 8,300; retired after September (33,600); rest 66,400 ≤ 100,000
    employer_no, ids = seeded([100_000], paid=4)
    plan = plan_of(clerk, employer_no, ids[0])
    form = ChangeForm("retire", date(2025, 9, 20), date(2025, 9, 25), 4)
    assert collection.preview_change(plan, form).ordinary.amounts == [33_400, 33_000]
    saved = collection.save_change(clerk, plan, TAX_YEAR, form)
    assert saved.status == "approved"
    doc = collection.person_collection(clerk, ids[0], TAX_YEAR)
    assert doc["plans"][0]["months"] == [8_700, 8_300, 8_300, 8_300] + [0] * 8
    assert doc["plans"][0]["status"] == "stopped"
    assert doc["ordinary"] == [{"due": "2025-10-31", "amount": 33_400}, {"due": "2026-02-02", "amount": 33_000}]
    row = audit_rows(coll_db, "collection.change")[-1]
    assert row[:4] == ("s_c7coll", ids[0], "collection", "ok") and "moved=66400 status=approved" in row[4]
    with pytest.raises(Refused):       # stopped: a second notice for the same plan is refused
        collection.save_change(clerk, plan_of(clerk, employer_no, ids[0]), TAX_YEAR, form)


def test_september_retirement_above_the_threshold_waits_for_another_approver(
        coll_db: ProvisionedDb, clerk: Database, approver: Database, seeded: Seeder) -> None:
    employer_no, ids = seeded([241_500], paid=4)
    plan = plan_of(clerk, employer_no, ids[0])
    saved = collection.save_change(clerk, plan, TAX_YEAR,
                                   ChangeForm("retire", date(2025, 9, 30), date(2025, 10, 15), 4))
    assert saved.status == "pending"        # 160,800 moved > 100,000
    doc = collection.person_collection(clerk, ids[0], TAX_YEAR)
    assert doc["plans"][0]["status"] == "active" and doc["ordinary"] == []
    pending = [p for p in collection.pending_changes(approver) if p["change_id"] == saved.change_id]
    assert pending and pending[0]["moved"] == 160_800
    with pytest.raises(PermissionDenied):   # a clerk is no approver
        collection.decide_change(clerk, saved.change_id, True)
    assert collection.decide_change(approver, saved.change_id, True) == "approved"
    doc = collection.person_collection(clerk, ids[0], TAX_YEAR)
    assert doc["plans"][0]["status"] == "stopped"
    assert doc["ordinary"] == [{"due": "2025-10-31", "amount": 80_800}, {"due": "2026-02-02", "amount": 80_000}]
    assert "approved entered_by=s_c7coll" in audit_rows(coll_db, "collection.decide")[-1][4]


def test_the_clerk_who_entered_a_change_cannot_approve_it(approver: Database, clerk: Database,
                                                          seeded: Seeder) -> None:
    employer_no, ids = seeded([241_500], paid=4)
    plan = plan_of(clerk, employer_no, ids[0])
    saved = collection.save_change(approver, plan, TAX_YEAR,
                                   ChangeForm("leave", date(2025, 10, 1), date(2025, 10, 15), 4))
    with pytest.raises(PermissionDenied):
        collection.decide_change(approver, saved.change_id, True)


def test_rejected_change_leaves_the_plan(clerk: Database, approver: Database, seeded: Seeder) -> None:
    employer_no, ids = seeded([241_500], paid=4)
    plan = plan_of(clerk, employer_no, ids[0])
    saved = collection.save_change(clerk, plan, TAX_YEAR,
                                   ChangeForm("death", date(2025, 10, 1), date(2025, 10, 15), 4))
    assert collection.decide_change(approver, saved.change_id, False) == "rejected"
    after = plan_of(clerk, employer_no, ids[0])
    assert after.status == "active" and after.months == plan.months


def test_transfer_continuing_next_month(clerk: Database, seeded: Seeder) -> None:
    old_no, ids = seeded([100_000], paid=4)
    new_no, _ = seeded([50_000])
    plan = plan_of(clerk, old_no, ids[0])
    form = ChangeForm("transfer", date(2025, 9, 30), date(2025, 10, 3), 4, new_employer_no=new_no,
                      new_employer_from_index=4)
    assert collection.save_change(clerk, plan, TAX_YEAR, form).status == "approved"
    new_plan = plan_of(clerk, new_no, ids[0])
    assert new_plan.months == (0,) * 4 + (8_300,) * 8 and new_plan.annual_notified == 100_000
    assert plan_of(clerk, old_no, ids[0]).months == (8_700, 8_300, 8_300, 8_300) + (0,) * 8


def test_january_retirement_lump_sum_and_the_database_enforces_the_rule(coll_db: ProvisionedDb, clerk: Database,
                                                                        seeded: Seeder) -> None:
    # 120,000 = 12 × 10,000; through January 80,000; rest 40,000 from the final pay of 300,000
    employer_no, ids = seeded([120_000, 120_000], paid=8)
    plan = plan_of(clerk, employer_no, ids[0])
    # a modified client sends ordinary instalments instead of the mandatory lump sum: refused
    with coll_db.admin() as cur:
        cur.execute("SELECT rolname FROM pg_roles WHERE rolname = 's_c7coll'")
    conn = psycopg2.connect(coll_db.staff_url("C7COLL"))
    try:
        with conn, conn.cursor() as cur, pytest.raises(psycopg2.errors.CheckViolation):
            cur.execute("SELECT * FROM api.collection_change_save(%s, %s, 'retire', '2026-01-20', '2026-01-25', 8,"
                        " 300000, false, NULL, NULL, '[{\"due\": \"2026-02-02\", \"amount\": 40000}]', NULL)",
                        (plan.plan_id, plan.version))
    finally:
        conn.close()
    form = ChangeForm("retire", date(2026, 1, 20), date(2026, 1, 25), 8, final_pay=300_000)
    assert collection.preview_change(plan, form).lump_sum == 40_000
    assert collection.save_change(clerk, plan, TAX_YEAR, form).status == "approved"
    doc = collection.person_collection(clerk, ids[0], TAX_YEAR)
    assert doc["changes"][0]["lump_sum"] == 40_000 and doc["ordinary"] == []
    # asked otherwise: ordinary collection, 2 Feb 2026 still ten days ahead
    other = plan_of(clerk, employer_no, ids[1])
    declined = ChangeForm("retire", date(2026, 1, 20), date(2026, 1, 21), 8, final_pay=300_000, lump_sum_declined=True)
    collection.save_change(clerk, other, TAX_YEAR, declined)
    assert collection.person_collection(clerk, ids[1], TAX_YEAR)["ordinary"] == [{"due": "2026-02-02",
                                                                                  "amount": 40_000}]


@pytest.mark.parametrize(
    ("ordinary", "lump", "message"),
    [('[{"due": "2025-10-31", "amount": 33400}]', None, "一致しません"),            # a yen lost
     ('[{"due": "2025-10-31", "amount": 66401}]', None, "一致しません"),            # a yen invented
     ('[{"due": "2025-09-01", "amount": 66400}]', None, "納期限"),                 # due before the notice
     ('[{"due": "2025-10-31", "amount": -1}, {"due": "2026-02-02", "amount": 66401}]', None, "納期限"),
     ('[{"due": "2025-10-31", "amount": "66400"}]', None, "納期限"),
     ('[{"due": "2025-11-01", "amount": 66400}]', None, "納期限"),                 # a Saturday
     ('[]', 66_400, "一致しません")],                                               # lump sum not allowed
)
def test_a_modified_client_cannot_lose_or_invent_yen(coll_db: ProvisionedDb, clerk: Database, seeded: Seeder,
                                                     ordinary: str, lump: int | None, message: str) -> None:
    employer_no, ids = seeded([100_000], paid=4)
    plan = plan_of(clerk, employer_no, ids[0])
    conn = psycopg2.connect(coll_db.staff_url("C7COLL"))
    try:
        with conn, conn.cursor() as cur, pytest.raises(psycopg2.errors.CheckViolation) as err:
            cur.execute("SELECT * FROM api.collection_change_save(%s, %s, 'retire', '2025-09-20', '2025-09-25', 4,"
                        " NULL, false, NULL, NULL, %s, %s)", (plan.plan_id, plan.version, ordinary, lump))
        assert message in str(err.value)
    finally:
        conn.close()
    assert plan_of(clerk, employer_no, ids[0]).status == "active"


def test_a_clerk_without_r_collection_is_refused_by_the_database(coll_db: ProvisionedDb, inquirer: Database,
                                                                 clerk: Database, seeded: Seeder) -> None:
    employer_no, ids = seeded([100_000], paid=4)
    plan = plan_of(clerk, employer_no, ids[0])
    with pytest.raises(PermissionDenied):
        collection.employees(inquirer, employer_no, TAX_YEAR)
    with pytest.raises(PermissionDenied):
        collection.save_change(inquirer, plan, TAX_YEAR, ChangeForm("retire", date(2025, 9, 20), date(2025, 9, 25), 4))
    with pytest.raises(PermissionDenied):
        collection.save_employer(inquirer, Employer("7199999999", "不正", "フセイ", "025-0001", "花巻市",
                                                    "0198-11-2222"))
    with pytest.raises(PermissionDenied):
        collection.notice_data(inquirer, TAX_YEAR, employer_no)
    assert plan_of(clerk, employer_no, ids[0]).status == "active"


@pytest.mark.parametrize("code", ["C7COLL", "C7APPR"])
@pytest.mark.parametrize("statement", [
    "SELECT * FROM ledger.withholding_plan",
    "UPDATE ledger.withholding_plan SET months = array_fill(0::bigint, ARRAY[12])",
    "INSERT INTO ledger.withholding_payment (plan_id, month_index, amount) VALUES (1, 0, 1)",
    "DELETE FROM ledger.withholding_change",
    "UPDATE ledger.collection_setting SET approval_threshold = 999999999",
    "SELECT ledger.apply_change(1)",
])
def test_direct_sql_on_the_tables_is_refused(coll_db: ProvisionedDb, code: str, statement: str) -> None:
    conn = psycopg2.connect(coll_db.staff_url(code))
    try:
        with conn, conn.cursor() as cur, pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cur.execute(statement)
    finally:
        conn.close()


def test_threshold_is_set_by_an_administrator_only(coll_db: ProvisionedDb, clerk: Database, approver: Database,
                                                   seeded: Seeder) -> None:
    admin = Database(coll_db.staff_url("C7ADMIN"))
    try:
        with pytest.raises(PermissionDenied):
            clerk.call("SELECT api.collection_set_threshold(0)")
        admin.call("SELECT api.collection_set_threshold(1000000)")
        assert collection.settings(clerk)["approval_threshold"] == 1_000_000
        employer_no, ids = seeded([241_500], paid=4)
        saved = collection.save_change(clerk, plan_of(clerk, employer_no, ids[0]), TAX_YEAR,
                                       ChangeForm("retire", date(2025, 9, 30), date(2025, 10, 15), 4))
        assert saved.status == "approved"
        with pytest.raises(Refused):
            admin.call("SELECT api.collection_set_threshold(-1)")
    finally:
        admin.call("SELECT api.collection_set_threshold(100000)")
        admin.dispose()
    assert audit_rows(coll_db, "collection.threshold")[-1][4] == "threshold=100000"


def test_a_stale_plan_version_is_a_conflict(clerk: Database, clerk2: Database, seeded: Seeder) -> None:
    employer_no, ids = seeded([100_000], paid=4)
    plan = plan_of(clerk, employer_no, ids[0])
    collection.save_change(clerk2, plan, TAX_YEAR, ChangeForm("leave", date(2025, 9, 20), date(2025, 9, 25), 4))
    with pytest.raises((Conflict, Refused)):
        collection.save_change(clerk, plan, TAX_YEAR, ChangeForm("retire", date(2025, 9, 20), date(2025, 9, 25), 4))


def test_notice_date_outside_the_plan_year_is_refused_at_the_field(clerk: Database, seeded: Seeder) -> None:
    employer_no, ids = seeded([100_000], paid=4)
    plan = plan_of(clerk, employer_no, ids[0])
    with pytest.raises(UserError) as err:
        collection.save_change(clerk, plan, TAX_YEAR, ChangeForm("retire", date(2026, 6, 1), date(2026, 6, 2), 4))
    assert err.value.field == "notice_date"


# -------------------------------------------------------------------------------- mid-year tax change


def test_tax_change_up_recomputes_the_remaining_months(coll_db: ProvisionedDb, clerk: Database,
                                                       seeded: Seeder) -> None:
    employer_no, ids = seeded([241_500])
    for m in range(4):
        collection.record_month(clerk, employer_no, TAX_YEAR, m)
    set_annual(coll_db, ids[0], 300_000)
    plan = plan_of(clerk, employer_no, ids[0])
    assert plan.tax_changed and plan.annual_current == 300_000
    res = collection.save_tax_change(clerk, plan, TAX_YEAR)
    assert res.refund == 0
    after = plan_of(clerk, employer_no, ids[0])
    assert after.months == (20_400, 20_100, 20_100, 20_100, 27_500) + (27_400,) * 7
    assert after.annual_notified == 300_000 and not after.tax_changed and sum(after.months) == 300_000
    assert "old=241500 new=300000 refund=0" in audit_rows(coll_db, "collection.tax_change")[-1][4]


def test_tax_change_down_records_the_refund(coll_db: ProvisionedDb, clerk: Database, seeded: Seeder) -> None:
    employer_no, ids = seeded([241_500])
    for m in range(4):
        collection.record_month(clerk, employer_no, TAX_YEAR, m)
    set_annual(coll_db, ids[0], 50_000)
    plan = plan_of(clerk, employer_no, ids[0])
    res = collection.save_tax_change(clerk, plan, TAX_YEAR)
    assert res.refund == 30_700
    with coll_db.admin() as cur:
        cur.execute("SELECT refund, refund_kind, new_annual FROM ledger.withholding_tax_change WHERE plan_id = %s",
                    (plan.plan_id,))
        assert cur.fetchone() == (30_700, "refund", 50_000)
    # a modified client claiming a bigger refund is refused
    set_annual(coll_db, ids[0], 40_000)
    plan = plan_of(clerk, employer_no, ids[0])
    with pytest.raises(Refused):
        clerk.call("SELECT api.collection_tax_change_save(:p, :v, 4, CAST(:m AS bigint[]), 50700, 'refund')",
                   {"p": plan.plan_id, "v": plan.version, "m": [0] * 8})


# -------------------------------------------------------------------------------- switch


def test_switch_from_ordinary_to_payroll(coll_db: ProvisionedDb, clerk: Database, seeded: Seeder) -> None:
    employer_no, ids = seeded([10_000])
    person = ids[0] + 500
    with coll_db.admin() as cur:
        cur.execute("INSERT INTO ledger.person (person_id, family_name, given_name, family_kana, given_kana,"
                    " birth_date, sex, postal_code, address, district)"
                    " VALUES (%s, '今野', '涼', 'コンノ', 'リョウ', '1990-01-01', 'F', '025-0075',"
                    " '花巻市花城町2番2号', '花巻')", (person,))
        cur.execute("INSERT INTO ledger.assessment (person_id, tax_year, filing_kind, collection_method,"
                    " municipal_per_capita, status, computed_at) VALUES (%s, 2025, 'final_return', 'ordinary',"
                    " 241500, 'assessed', now())", (person,))
        cur.execute("INSERT INTO ledger.employment VALUES (%s, 2025, %s, 3000000, true)", (person, employer_no))
    # request on 15 September: 61,500 and 60,000 already due; 120,000 over October–May
    plan_id = collection.save_switch(clerk, person, TAX_YEAR, 241_500, employer_no, date(2025, 9, 15))
    plan = plan_of(clerk, employer_no, person)
    assert plan.plan_id == plan_id and plan.months == (0,) * 4 + (15_000,) * 8
    with pytest.raises(Refused):      # kept + months must be the annual tax
        clerk.call("SELECT api.collection_switch_to_payroll(:p, 2025, :no, '2025-09-15', 0, CAST(:m AS bigint[]))",
                   {"p": person, "no": employer_no, "m": [0] * 4 + [15_000] * 8})


# -------------------------------------------------------------------------------- notices


def test_notice_data_in_print_order_and_audited(coll_db: ProvisionedDb, clerk: Database, seeded: Seeder) -> None:
    employer_no, ids = seeded([241_500, 100_000, 1_000])
    notices = collection.notice_data(clerk, TAX_YEAR, employer_no)
    assert len(notices) == 1 and notices[0].annual_total == 342_500
    assert [e.kana for e in notices[0].employees] == ["アオキ イチロウ", "イトウ ハナコ", "ウエダ ジロウ"]
    assert notices[0].month_totals()[0] == 20_400 + 8_700 + 1_000
    collection.notice_data(clerk, TAX_YEAR, employer_no, export=True)
    assert audit_rows(coll_db, "collection.export")[-1][2:4] == ("collection", "ok")
    with coll_db.admin() as cur:
        cur.execute("SELECT p.person_ids FROM audit.event_persons AS p JOIN audit.event AS e USING (event_id)"
                    " WHERE e.action = 'collection.notices' ORDER BY e.event_id DESC LIMIT 1")
        assert sorted(cur.fetchone()[0]) == sorted(ids)


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 50_000_000))
def test_the_database_splits_like_the_tax_engine(coll_db: ProvisionedDb, annual: int) -> None:
    """ledger.payroll_split (税額決定 in the database) and app.tax.schedule.payroll agree to the yen."""
    with coll_db.admin() as cur:
        cur.execute("SELECT ledger.payroll_split(%s, 12, 100)", (annual,))
        assert cur.fetchone()[0] == payroll(annual, load_profile())
