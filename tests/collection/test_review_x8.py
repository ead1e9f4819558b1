"""Regressions from the security review of special collection (x8): a tax change while a change notice
waits for approval, approval of a change computed from an older plan, months claimed as collected or
paid without payments recorded, the ordinary→payroll switch, a lump sum without a final pay."""

from __future__ import annotations

import json

import pytest

from app.services.db import Database
from app.services.errors import Refused
from tests.collection.conftest import TAX_YEAR, Seeder, set_annual
from tests.support.database import ProvisionedDb


def _plan(db: ProvisionedDb, person_id: int) -> tuple[int, int]:
    with db.admin() as cur:
        cur.execute("SELECT plan_id, version FROM ledger.withholding_plan WHERE person_id = %s AND status = 'active'",
                    (person_id,))
        row = cur.fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


def _plans(db: ProvisionedDb, person_id: int) -> list[tuple[str, str, int, int]]:
    with db.admin() as cur:
        cur.execute("SELECT employer_no, status, annual_notified, (SELECT sum(x) FROM unnest(months) AS x)::bigint"
                    " FROM ledger.withholding_plan WHERE person_id = %s ORDER BY plan_id", (person_id,))
        return [tuple(r) for r in cur.fetchall()]


def _transfer(clerk: Database, plan: int, version: int, new_no: str) -> int:
    """A transfer after June and July (1,200,000: 100,000 a month), pending above the threshold."""
    rows = clerk.call("SELECT * FROM api.collection_change_save(:p, :v, 'transfer', DATE '2025-08-31',"
                      " DATE '2025-09-05', 2, NULL, false, :e2, CAST(:nm AS bigint[]), '[]', NULL)",
                      {"p": plan, "v": version, "e2": new_no, "nm": [0, 0] + [100_000] * 10})
    assert rows[0]["status"] == "pending"
    return int(rows[0]["change_id"])


def test_tax_change_refused_while_a_change_is_pending(coll_db: ProvisionedDb, clerk: Database,
                                                      approver: Database, seeded: Seeder) -> None:
    employer_no, ids = seeded([1_200_000], paid=2)
    new_no, _ = seeded([])
    plan, version = _plan(coll_db, ids[0])
    change_id = _transfer(clerk, plan, version, new_no)
    set_annual(coll_db, ids[0], 600_000)
    with pytest.raises(Refused) as err:
        clerk.call("SELECT api.collection_tax_change_save(:p, :v, 2, CAST(:m AS bigint[]), 0, NULL)",
                   {"p": plan, "v": version, "m": [40_000] * 10})
    assert "承認待ち" in err.value.ja
    assert approver.call("SELECT api.collection_change_decide(:c, true) AS s", {"c": change_id})[0]["s"] == "approved"
    # the old employer's 200,000 and the new employer's 1,000,000: never more than the notified tax
    assert _plans(coll_db, ids[0]) == [(employer_no, "stopped", 1_200_000, 200_000),
                                       (new_no, "active", 1_200_000, 1_000_000)]


def test_approval_refused_once_the_plan_changed(coll_db: ProvisionedDb, clerk: Database, approver: Database,
                                                seeded: Seeder) -> None:
    employer_no, ids = seeded([1_200_000, 1_200_000], paid=2)
    new_no, _ = seeded([])
    plan, version = _plan(coll_db, ids[0])
    change_id = _transfer(clerk, plan, version, new_no)
    with coll_db.admin() as cur:     # the plan changes after the notice was entered (e.g. a correction)
        cur.execute("UPDATE ledger.withholding_plan SET months = %s, version = version + 1 WHERE plan_id = %s",
                    ([100_000] * 2 + [50_000] * 10, plan))
    with pytest.raises(Refused) as err:
        approver.call("SELECT api.collection_change_decide(:c, true) AS s", {"c": change_id})
    assert "計画が変わりました" in err.value.ja
    assert _plans(coll_db, ids[0]) == [(employer_no, "active", 1_200_000, 700_000)]
    # rejecting it is still possible
    assert approver.call("SELECT api.collection_change_decide(:c, false) AS s", {"c": change_id})[0]["s"] == "rejected"
    # a plan stopped since is refused too
    other, other_version = _plan(coll_db, ids[1])
    other_change = _transfer(clerk, other, other_version, new_no)
    with coll_db.admin() as cur:
        cur.execute("UPDATE ledger.withholding_plan SET status = 'stopped' WHERE plan_id = %s", (other,))
    with pytest.raises(Refused):
        approver.call("SELECT api.collection_change_decide(:c, true) AS s", {"c": other_change})


def test_change_cannot_claim_months_never_paid(coll_db: ProvisionedDb, clerk: Database, seeded: Seeder) -> None:
    _, ids = seeded([1_200_000])
    plan, version = _plan(coll_db, ids[0])
    # 11 months claimed, nothing paid in: the 100,000 left would have escaped the approval threshold
    with pytest.raises(Refused) as err:
        clerk.call("SELECT * FROM api.collection_change_save(:p, :v, 'retire', DATE '2025-08-31', DATE '2025-09-05',"
                   " 11, NULL, false, NULL, NULL, CAST(:o AS jsonb), NULL)",
                   {"p": plan, "v": version, "o": json.dumps([{"due": "2025-10-31", "amount": 100_000}])})
    assert "納入済み" in err.value.ja
    assert _plans(coll_db, ids[0])[0][1:] == ("active", 1_200_000, 1_200_000)


def test_change_may_claim_the_months_paid(coll_db: ProvisionedDb, clerk: Database, seeded: Seeder) -> None:
    _, ids = seeded([1_200_000], paid=11)
    plan, version = _plan(coll_db, ids[0])
    rows = clerk.call("SELECT * FROM api.collection_change_save(:p, :v, 'retire', DATE '2025-08-31',"
                      " DATE '2025-09-05', 11, NULL, false, NULL, NULL, CAST(:o AS jsonb), NULL)",
                      {"p": plan, "v": version, "o": json.dumps([{"due": "2025-10-31", "amount": 100_000}])})
    assert rows[0]["status"] == "approved"      # 100,000 really unpaid: not above the threshold


def test_tax_change_cannot_refund_money_never_paid(coll_db: ProvisionedDb, clerk: Database, seeded: Seeder) -> None:
    _, ids = seeded([1_200_000])
    plan, version = _plan(coll_db, ids[0])
    set_annual(coll_db, ids[0], 600_000)
    with pytest.raises(Refused) as err:
        clerk.call("SELECT api.collection_tax_change_save(:p, :v, 11, CAST(:m AS bigint[]), 500000, 'refund')",
                   {"p": plan, "v": version, "m": [0]})
    assert "納入済み" in err.value.ja
    with coll_db.admin() as cur:
        cur.execute("SELECT count(*) FROM ledger.withholding_tax_change WHERE plan_id = %s", (plan,))
        assert cur.fetchone() == (0,)


def _ordinary_person(db: ProvisionedDb, person_id: int, employer_nos: list[str]) -> None:
    with db.admin() as cur:
        cur.execute("INSERT INTO ledger.person (person_id, family_name, given_name, family_kana, given_kana,"
                    " birth_date, sex, postal_code, address, district)"
                    " VALUES (%s, '今野', '涼', 'コンノ', 'リョウ', '1990-01-01', 'F', '025-0075',"
                    " '花巻市花城町2番2号', '花巻')", (person_id,))
        cur.execute("INSERT INTO ledger.assessment (person_id, tax_year, filing_kind, collection_method,"
                    " municipal_per_capita, status, computed_at) VALUES (%s, 2025, 'final_return', 'ordinary',"
                    " 120000, 'assessed', now())", (person_id,))
        for no in employer_nos:
            cur.execute("INSERT INTO ledger.employment VALUES (%s, 2025, %s, 3000000, true)", (person_id, no))


SWITCH = "SELECT api.collection_switch_to_payroll(:p, :y, :e, DATE '2025-07-15', 0, CAST(:m AS bigint[]))"


def test_switch_twice_is_refused_and_the_assessment_follows(coll_db: ProvisionedDb, clerk: Database,
                                                            seeded: Seeder) -> None:
    e1, ids = seeded([10_000])
    e2, _ = seeded([])
    person = ids[0] + 800
    _ordinary_person(coll_db, person, [e1, e2])
    months = [0, 0] + [12_000] * 10
    clerk.call(SWITCH, {"p": person, "y": TAX_YEAR, "e": e1, "m": months})
    with coll_db.admin() as cur:
        cur.execute("SELECT collection_method, employer_no FROM ledger.assessment WHERE person_id = %s", (person,))
        assert cur.fetchone() == ("payroll", e1)
    with pytest.raises(Refused):
        clerk.call(SWITCH, {"p": person, "y": TAX_YEAR, "e": e2, "m": months})
    # even if the assessment still said 'ordinary', the active plan refuses a second switch
    with coll_db.admin() as cur:
        cur.execute("UPDATE ledger.assessment SET collection_method = 'ordinary' WHERE person_id = %s", (person,))
    with pytest.raises(Refused) as err:
        clerk.call(SWITCH, {"p": person, "y": TAX_YEAR, "e": e2, "m": months})
    assert "特別徴収中" in err.value.ja
    assert [(p[0], p[3]) for p in _plans(coll_db, person)] == [(e1, 120_000)]


def test_switch_needs_an_employment_with_the_employer(coll_db: ProvisionedDb, clerk: Database,
                                                      seeded: Seeder) -> None:
    e1, ids = seeded([10_000])
    person = ids[0] + 801
    _ordinary_person(coll_db, person, [])
    with pytest.raises(Refused) as err:
        clerk.call(SWITCH, {"p": person, "y": TAX_YEAR, "e": e1, "m": [0, 0] + [12_000] * 10})
    assert "給与の支払い" in err.value.ja
    assert _plans(coll_db, person) == []


def test_lump_sum_needs_a_final_pay_that_covers_it(coll_db: ProvisionedDb, clerk: Database, seeded: Seeder) -> None:
    _, ids = seeded([60_000], paid=2)
    plan, version = _plan(coll_db, ids[0])
    call = ("SELECT * FROM api.collection_change_save(:p, :v, 'lump_sum', DATE '2025-08-31', DATE '2025-09-05', 2,"
            " CAST(:f AS bigint), false, NULL, NULL, '[]', :l)")
    with pytest.raises(Refused):
        clerk.call(call, {"p": plan, "v": version, "f": None, "l": 50_000})
    assert clerk.call(call, {"p": plan, "v": version, "f": 50_000, "l": 50_000})[0]["status"] == "approved"


def test_pending_changes_need_a_purpose(coll_db: ProvisionedDb, clerk: Database, approver: Database,
                                        seeded: Seeder) -> None:
    from app.services import collection
    _, ids = seeded([1_200_000], paid=2)
    new_no, _ = seeded([])
    plan, version = _plan(coll_db, ids[0])
    change_id = _transfer(clerk, plan, version, new_no)
    for purpose in (None, "no-such-purpose"):
        with pytest.raises(Exception, match="照会目的"):
            approver.call("SELECT * FROM api.collection_pending_changes(:p)", {"p": purpose})
    assert change_id in [r["change_id"] for r in collection.pending_changes(approver)]
    with coll_db.admin() as cur:
        cur.execute("SELECT purpose FROM audit.event WHERE action = 'collection.pending' ORDER BY event_id DESC"
                    " LIMIT 1")
        assert cur.fetchone() == ("collection",)
