"""Maker-checker through the real database: proposals, approval by another staff member, refusals
the database makes itself (self-approval, stale versions, a result that is not the proposer's),
versions with their diffs, and the audit trail."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import psycopg2
import pytest

from app.models.assessment_work import RelativeEntry, ReturnInputs, diff_inputs
from app.services import proposals, returns
from app.services.db import Database
from app.services.errors import PermissionDenied, Refused
from app.services.proposals import ProposalConflict
from tests.support.database import ProvisionedDb

pytestmark = pytest.mark.db
YEAR = 2025


def _propose(db: Database, person_id: int, inputs: ReturnInputs, reason: str = "申告書の受付") -> int:
    ctx = returns.load(db, person_id, YEAR, "assessment")
    assert ctx is not None
    rels = dict(ctx.relatives)
    for r in inputs.relatives:
        if r.person_id not in rels:
            info = returns.relative(db, r.person_id, YEAR, "assessment")
            assert info is not None
            rels[r.person_id] = info
    result = returns.result_json(returns.compute(YEAR, ctx.person, inputs, rels))
    return proposals.submit(db, person_id, YEAR, ctx.version, inputs, reason, result)


def _row(a6_db: ProvisionedDb, person_id: int) -> dict[str, Any]:
    with a6_db.admin() as cur:
        cur.execute("SELECT * FROM ledger.assessment WHERE person_id = %s AND tax_year = %s", (person_id, YEAR))
        names = [d[0] for d in cur.description]
        return dict(zip(names, cur.fetchone(), strict=True))


def _audit(a6_db: ProvisionedDb, person_id: int) -> list[tuple[str, str, str]]:
    with a6_db.admin() as cur:
        cur.execute("SELECT action, result, staff FROM audit.event WHERE person_id = %s ORDER BY event_id",
                    (person_id,))
        return list(cur.fetchall())


def test_proposal_approved_by_another_changes_the_assessment(a6_db: ProvisionedDb, staff_db: Callable[[str], Database],
                                                             taxpayer: Callable[..., int]) -> None:
    person = taxpayer(salary=3_000_000)
    spouse = taxpayer(assessment=False, birth="1978-02-02", sex="F")
    clerk, checker = staff_db("A6CLERK1"), staff_db("A6CHECK")
    inputs = ReturnInputs(filing_kind="resident_return", collection_method="ordinary", salary_revenue=4_000_000,
                          items=((139, 550_000), (150, 60_000)), codes=((16, "1"),),
                          relatives=(RelativeEntry(spouse, "spouse", total_income=0),))
    pid = _propose(clerk, person, inputs)
    before = _row(a6_db, person)
    assert before["salary_revenue"] == 3_000_000 and before["version"] == 1   # nothing changes before approval

    expected = returns.compute(YEAR, returns.load(clerk, person, YEAR, "assessment").person,  # type: ignore[union-attr]
                               inputs, {spouse: returns.relative(clerk, spouse, YEAR, "assessment")})  # type: ignore[dict-item]
    approval = proposals.approve(checker, pid, "確認済み")
    after = _row(a6_db, person)
    assert after["salary_revenue"] == 4_000_000 and after["status"] == "assessed"
    assert after["version"] == 2 == approval.version
    assert after["annual_tax"] == expected.annual_tax == approval.annual_tax
    assert after["municipal_income_levy"] == expected.income_levy[0]
    assert after["updated_by"] == "s_a6check"
    with a6_db.admin() as cur:
        cur.execute("SELECT item_code, amount, code FROM ledger.assessment_item a JOIN ledger.assessment s"
                    " USING (assessment_id) WHERE s.person_id = %s ORDER BY 1", (person,))
        assert cur.fetchall() == [(16, None, "1"), (139, 550_000, None), (150, 60_000, None)]
        cur.execute("SELECT dependant_person_id, kind, total_income FROM ledger.dependant WHERE person_id = %s",
                    (person,))
        assert cur.fetchall() == [(spouse, "spouse", 0)]
        cur.execute("SELECT code, amount FROM ledger.assessment_step s JOIN ledger.assessment a USING (assessment_id)"
                    " WHERE a.person_id = %s ORDER BY seq", (person,))
        steps = cur.fetchall()
    assert steps == [(code, amount) for code, _l, amount, _r, _s in expected.step_rows]
    assert ("deduction.disability", 260_000) in steps

    history = proposals.versions(checker, person, YEAR)
    assert [v.version for v in history] == [1, 2]
    assert history[0].source == "before" and history[1].source == "proposal"
    assert history[1].proposed_by.startswith("A6CLERK1") and history[1].approved_by.startswith("A6CHECK")  # type: ignore[union-attr]
    assert history[1].engine == returns.engine_fingerprint(YEAR)
    changed = {d.key for d in diff_inputs(history[0].inputs, history[1].inputs)}
    assert {"salary_revenue", "items.139", "items.150", "codes.16", f"relatives.{spouse}",
            "filing_kind"} <= changed

    actions = _audit(a6_db, person)
    assert ("assessment.return_read", "ok", "s_a6clerk1") in actions
    assert ("proposal.submit", "ok", "s_a6clerk1") in actions
    assert ("proposal.read", "ok", "s_a6check") in actions
    assert ("proposal.approve", "ok", "s_a6check") in actions
    with a6_db.admin() as cur:
        # The spouse the clerk looked up is in the audit trail too, and the chain still verifies.
        cur.execute("SELECT count(*) FROM audit.event WHERE action = 'assessment.relative_read' AND person_id = %s",
                    (spouse,))
        assert cur.fetchone()[0] >= 1
        cur.execute("SELECT detail FROM audit.event WHERE action = 'proposal.approve' AND person_id = %s", (person,))
        assert f"engine={returns.engine_fingerprint(YEAR)}" in cur.fetchone()[0]
        cur.execute("SELECT ok FROM audit.verify_chain()")
        assert cur.fetchone()[0] is True


def test_self_approval_is_refused_by_the_database(a6_db: ProvisionedDb, staff_db: Callable[[str], Database],
                                                  taxpayer: Callable[..., int]) -> None:
    person = taxpayer()
    both = staff_db("A6BOTH")
    pid = _propose(both, person, ReturnInputs(salary_revenue=3_500_000))
    with a6_db.admin() as cur:
        cur.execute("SELECT maker_result FROM ledger.proposal WHERE proposal_id = %s", (pid,))
        result = cur.fetchone()[0]
    # Direct SQL as the proposer, with the very result the database expects.
    conn = a6_db.staff("A6BOTH")
    try:
        with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="ご自身が提出した提案は承認できません"), \
                conn.cursor() as cur:
            cur.execute("SELECT api.proposal_approve(%s, %s::jsonb, '')", (pid, json.dumps(result)))
        conn.rollback()
        with pytest.raises(psycopg2.errors.InsufficientPrivilege), conn.cursor() as cur:
            cur.execute("UPDATE ledger.proposal SET state = 'approved', decided_by = 's_a6check'"
                        " WHERE proposal_id = %s", (pid,))
        conn.rollback()
        with pytest.raises(psycopg2.errors.InsufficientPrivilege), conn.cursor() as cur:
            cur.execute("UPDATE ledger.assessment SET salary_revenue = 1 WHERE person_id = %s", (person,))
        conn.rollback()
    finally:
        conn.close()
    # Through the service too, and the refusal itself is in the audit trail.
    with pytest.raises(PermissionDenied, match="ご自身が提出した提案"):
        proposals.approve(both, pid)
    assert ("proposal.approve", "denied", "s_a6both") in _audit(a6_db, person)
    # Even the owner's table refuses a decision by the proposer.
    with pytest.raises(psycopg2.errors.CheckViolation), a6_db.admin() as cur:
        cur.execute("UPDATE ledger.proposal SET state = 'approved', decided_by = proposed_by, decided_at = now()"
                    " WHERE proposal_id = %s", (pid,))
    assert _row(a6_db, person)["version"] == 1


def test_a_result_other_than_the_proposers_is_refused(a6_db: ProvisionedDb, staff_db: Callable[[str], Database],
                                                      taxpayer: Callable[..., int]) -> None:
    person = taxpayer()
    clerk, checker = staff_db("A6CLERK1"), staff_db("A6CHECK")
    pid = _propose(clerk, person, ReturnInputs(salary_revenue=3_500_000))
    detail = proposals.detail(checker, pid)
    assert detail is not None
    honest = proposals.recompute(detail)
    assert honest == detail.maker_result
    # A modified client lowers the tax and makes its steps agree: still not the proposer's result.
    forged = json.loads(json.dumps(honest))
    forged["columns"]["municipal_income_levy"] -= 10_000
    forged["columns"]["annual_tax"] -= 10_000
    for step in forged["steps"]:
        if step[0] in ("levy.municipal", "annual_tax"):
            step[2] -= 10_000
    with pytest.raises(Refused, match="一致しません"):
        proposals.approve_with(checker, pid, forged)
    # Amounts that disagree with their own steps are refused outright.
    inconsistent = json.loads(json.dumps(honest))
    inconsistent["columns"]["annual_tax"] = 1
    with pytest.raises(Refused, match="計算根拠が一致しません"):
        proposals.approve_with(checker, pid, inconsistent)
    assert _row(a6_db, person)["version"] == 1
    proposals.approve_with(checker, pid, honest)
    assert _row(a6_db, person)["version"] == 2


def test_two_clerks_on_one_person_the_second_is_told_who(a6_db: ProvisionedDb, staff_db: Callable[[str], Database],
                                                         taxpayer: Callable[..., int]) -> None:
    person = taxpayer()
    one, two, checker = staff_db("A6CLERK1"), staff_db("A6CLERK2"), staff_db("A6CHECK")
    ctx_two = returns.load(two, person, YEAR, "assessment")    # both opened version 1
    assert ctx_two is not None and ctx_two.version == 1
    pid = _propose(one, person, ReturnInputs(salary_revenue=3_100_000))
    inputs_two = ReturnInputs(salary_revenue=3_200_000)
    result_two = returns.result_json(returns.compute(YEAR, ctx_two.person, inputs_two, {}))
    with pytest.raises(ProposalConflict, match=r"A6CLERK1.*承認待ちの提案") as waiting:
        proposals.submit(two, person, YEAR, ctx_two.version, inputs_two, "別の申告", result_two)
    assert "入力内容はそのまま残っています" in waiting.value.ja
    proposals.approve(checker, pid)
    with pytest.raises(ProposalConflict, match=r"A6CHECK.*更新しました（版 1 → 2）"):
        proposals.submit(two, person, YEAR, ctx_two.version, inputs_two, "別の申告", result_two)
    assert _row(a6_db, person)["salary_revenue"] == 3_100_000


def test_return_with_a_comment_changes_nothing(a6_db: ProvisionedDb, staff_db: Callable[[str], Database],
                                               taxpayer: Callable[..., int]) -> None:
    person = taxpayer()
    clerk, checker = staff_db("A6CLERK1"), staff_db("A6CHECK")
    pid = _propose(clerk, person, ReturnInputs(salary_revenue=2_000_000))
    with pytest.raises(Refused, match="差し戻しの理由"):
        proposals.return_to_proposer(checker, pid, "  ")
    proposals.return_to_proposer(checker, pid, "源泉徴収票の金額と違います")
    assert _row(a6_db, person)["version"] == 1
    ctx = returns.load(clerk, person, YEAR, "assessment")
    assert ctx is not None and ctx.open_proposal is None
    assert ctx.last_returned is not None and ctx.last_returned["comment"] == "源泉徴収票の金額と違います"
    with pytest.raises(ProposalConflict, match="既に処理されています"):
        proposals.approve(checker, pid)


@pytest.mark.parametrize(("inputs", "message"), [
    ({"items": {"35": 100}}, "items.35: 申告で登録できる記録項目"),        # 年税額: a column, not an input
    ({"items": {"999": 100}}, "items.999: 申告で登録できる記録項目"),
    ({"codes": {"17": "9"}}, "codes.17: 区分の値が正しくありません"),
    ({"salary_revenue": -1}, "salary_revenue: 負の金額"),
    ({"salary_revenue": 1.5}, "salary_revenue: 金額は円単位の整数"),
    ({"note": "自由記述"}, "note: 未知の項目"),
    ({"relatives": [{"person_id": 1, "kind": "spouse"}]}, "その宛名番号の方は登録されていません"),
    ({"employer_no": "00000000"}, "登録されていない事業所番号"),
])
def test_the_database_refuses_inputs_outside_the_closed_list(staff_db: Callable[[str], Database],
                                                             taxpayer: Callable[..., int], inputs: dict[str, Any],
                                                             message: str) -> None:
    person = taxpayer()
    clerk = staff_db("A6CLERK1")
    ctx = returns.load(clerk, person, YEAR, "assessment")
    assert ctx is not None
    good = ReturnInputs(salary_revenue=3_000_000)
    result = returns.result_json(returns.compute(YEAR, ctx.person, good, {}))
    raw = {**good.to_json(), **inputs}
    with pytest.raises(Refused, match=message):
        proposals.call_checked(clerk, "SELECT api.proposal_submit(:p, 2025, 1, CAST(:i AS jsonb), 'x',"
                                      " CAST(:r AS jsonb))",
                               {"p": person, "i": json.dumps(raw), "r": json.dumps(result)})


def test_capabilities_are_checked_by_the_database(a6_db: ProvisionedDb, staff_db: Callable[[str], Database],
                                                  taxpayer: Callable[..., int]) -> None:
    person = taxpayer()
    with pytest.raises(PermissionDenied, match="権限がありません"):
        returns.load(staff_db("A6VIEW"), person, YEAR, "assessment")
    with pytest.raises(PermissionDenied, match="権限がありません"):
        returns.load(staff_db("A6CHECK"), person, YEAR, "assessment")
    pid = _propose(staff_db("A6CLERK1"), person, ReturnInputs(salary_revenue=3_000_000))
    with pytest.raises(PermissionDenied, match="権限がありません"):
        proposals.approve_with(staff_db("A6CLERK2"), pid, {})
    with pytest.raises(PermissionDenied):
        proposals.queue(staff_db("A6CLERK2"), YEAR)
    # Another clerk cannot read someone else's proposal; the approver can.
    assert proposals.detail(staff_db("A6CLERK2"), pid) is None
    assert proposals.detail(staff_db("A6CHECK"), pid) is not None
    conn = a6_db.staff("A6CLERK1")
    try:
        for sql in ("SELECT * FROM ledger.proposal", "SELECT * FROM ledger.assessment_version",
                    "SELECT * FROM ledger.reduction", "SELECT * FROM ledger.change_notice",
                    "SELECT ledger.apply_reduction(1)"):
            with pytest.raises(psycopg2.errors.InsufficientPrivilege), conn.cursor() as cur:
                cur.execute(sql)
            conn.rollback()
    finally:
        conn.close()


def test_a_batch_run_leaves_an_approved_assessment_alone(a6_db: ProvisionedDb, staff_db: Callable[[str], Database],
                                                         taxpayer: Callable[..., int]) -> None:
    # The approved version was computed from items the batch does not read (here the 社会保険料
    # item 139) and agreed by two people: a later batch must not overwrite it (migration 0011).
    from app.services import batch

    person = taxpayer(salary=3_600_000)
    other = taxpayer(salary=2_400_000)
    clerk, checker = staff_db("A6CLERK1"), staff_db("A6CHECK")
    inputs = ReturnInputs(filing_kind="resident_return", collection_method="ordinary", salary_revenue=3_600_000,
                          items=((139, 700_000),))
    proposals.approve(checker, _propose(clerk, person, inputs), "確認済み")
    approved = _row(a6_db, person)
    report = batch.run(a6_db.staff_url("A6CLERK1"), YEAR)
    assert report.errors == []
    after = _row(a6_db, person)
    assert (after["version"], after["annual_tax"], after["updated_by"]) == \
        (approved["version"], approved["annual_tax"], "s_a6check")
    assert _row(a6_db, other)["status"] == "assessed"  # the batch still computed the rest
