"""Security review Y8: the relatives' data both clients compute from is part of what is approved;
every relative handed out is named in the audit trail; a result must carry exactly one of the
levy steps the database reads its amounts back from."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import psycopg2
import pytest

from app.models.assessment_work import RelativeEntry, ReturnInputs
from app.services import proposals, returns, salary_import
from app.services.db import Database
from app.services.errors import Refused
from app.services.proposals import ProposalConflict
from app.services.salary_import import write_csv
from app.services.staff import role_name
from tests.support.database import ProvisionedDb

pytestmark = pytest.mark.db
YEAR = 2025
EMPLOYER = "87654306"


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


def _settle(a6_db: ProvisionedDb, person_id: int, salary: int | None = None) -> None:
    """The relative's assessment as the batch leaves it: assessed, last changed by nobody on staff."""
    with a6_db.admin() as cur:
        cur.execute("UPDATE ledger.assessment SET status = 'assessed', computed_at = now(),"
                    " salary_revenue = coalesce(%s, salary_revenue)"
                    " WHERE person_id = %s AND tax_year = %s", (salary, person_id, YEAR))


def _audited(a6_db: ProvisionedDb, person_id: int, action: str) -> int:
    with a6_db.admin() as cur:
        cur.execute("SELECT count(*) FROM audit.event AS e LEFT JOIN audit.event_persons AS p USING (event_id)"
                    " WHERE e.action = %s AND (e.person_id = %s OR %s = ANY (coalesce(p.person_ids, '{}')))",
                    (action, person_id, person_id))
        return int(cur.fetchone()[0])


def _stored(a6_db: ProvisionedDb, person_id: int) -> dict[str, Any]:
    with a6_db.admin() as cur:
        cur.execute("SELECT version, municipal_income_levy, annual_tax FROM ledger.assessment"
                    " WHERE person_id = %s AND tax_year = %s", (person_id, YEAR))
        version, levy, annual = cur.fetchone()
    return {"version": version, "levy": levy, "annual": annual}


def test_versions_name_the_relatives_in_the_audit(a6_db: ProvisionedDb, staff_db: Callable[[str], Database],
                                                  taxpayer: Callable[..., int]) -> None:
    person, spouse = taxpayer(), taxpayer(salary=900_000, birth="1978-02-02", sex="F")
    _settle(a6_db, spouse)
    inputs = ReturnInputs(filing_kind="resident_return", collection_method="ordinary", salary_revenue=4_000_000,
                          relatives=(RelativeEntry(spouse, "spouse"),))
    proposals.approve(staff_db("A6CHECK"), _propose(staff_db("A6CLERK1"), person, inputs))
    before = _audited(a6_db, spouse, "assessment.versions")
    versions = proposals.versions(staff_db("A6BOTH"), person, YEAR)
    assert spouse in versions[-1].relatives
    assert _audited(a6_db, spouse, "assessment.versions") == before + 1


def test_return_load_names_the_returned_proposals_relatives(a6_db: ProvisionedDb,
                                                            staff_db: Callable[[str], Database],
                                                            taxpayer: Callable[..., int]) -> None:
    person, other = taxpayer(), taxpayer(salary=2_500_000, birth="1990-01-01", sex="F")
    inputs = ReturnInputs(filing_kind="resident_return", collection_method="ordinary", salary_revenue=3_000_000,
                          relatives=(RelativeEntry(other, "dependant", total_income=0),))
    clerk = staff_db("A6CLERK1")
    proposals.return_to_proposer(staff_db("A6CHECK"), _propose(clerk, person, inputs), "確認してください")
    before = _audited(a6_db, other, "assessment.return_read")
    ctx = returns.load(clerk, person, YEAR, "assessment")
    assert ctx is not None and ctx.last_returned is not None
    assert other in ctx.relatives
    assert _audited(a6_db, other, "assessment.return_read") == before + 1


def test_relative_changed_after_the_proposal_is_refused(a6_db: ProvisionedDb, staff_db: Callable[[str], Database],
                                                        taxpayer: Callable[..., int]) -> None:
    person, spouse = taxpayer(salary=6_000_000), taxpayer(salary=900_000, birth="1978-02-02", sex="F")
    _settle(a6_db, spouse)
    inputs = ReturnInputs(filing_kind="salary_report", collection_method="ordinary", salary_revenue=6_000_000,
                          relatives=(RelativeEntry(spouse, "spouse"),))
    pid = _propose(staff_db("A6CLERK1"), person, inputs)
    _settle(a6_db, spouse, salary=800_000)     # the spouse's own assessment changes meanwhile
    before = _stored(a6_db, person)
    with pytest.raises(ProposalConflict, match="配偶者・扶養親族の情報"):
        proposals.approve(staff_db("A6CHECK"), pid)
    assert _stored(a6_db, person) == before


def test_version_keeps_the_relatives_it_was_computed_from(a6_db: ProvisionedDb,
                                                          staff_db: Callable[[str], Database],
                                                          taxpayer: Callable[..., int]) -> None:
    person, spouse = taxpayer(salary=6_000_000), taxpayer(salary=900_000, birth="1978-02-02", sex="F")
    _settle(a6_db, spouse)
    inputs = ReturnInputs(filing_kind="salary_report", collection_method="ordinary", salary_revenue=6_000_000,
                          relatives=(RelativeEntry(spouse, "spouse"),))
    proposals.approve(staff_db("A6CHECK"), _propose(staff_db("A6CLERK1"), person, inputs))
    _settle(a6_db, spouse, salary=1_500_000)
    versions = proposals.versions(staff_db("A6CHECK"), person, YEAR)
    assert versions[-1].relatives[spouse].salary_revenue == 900_000


def test_relative_income_lowered_by_the_proposers_import_is_refused(
        a6_db: ProvisionedDb, staff_db: Callable[[str], Database], taxpayer: Callable[..., int]) -> None:
    with a6_db.admin() as cur:
        cur.execute("INSERT INTO ledger.employer (employer_no, name, kana, postal_code, address, phone)"
                    " VALUES (%s, '有限会社東和商店', 'ユウゲンガイシャトウワショウテン', '028-0100',"
                    " '花巻市東和町土沢1-1', '0198-00-1111') ON CONFLICT DO NOTHING", (EMPLOYER,))
    # The reviewer lowered a settled 5,000,000 yen salary with a one-row import; an import that sets a
    # spouse's salary for the first time is the same attack and stays possible once 0009 refuses
    # lowering a salary of other origin.
    person, spouse = taxpayer(salary=6_000_000), taxpayer(birth="1978-02-02", sex="F", assessment=False)
    clerk = staff_db("A6CLERK1")
    row: dict[str, object] = {"指定番号": EMPLOYER, "事業所名": "有限会社東和商店", "宛名番号": str(spouse),
           "氏名": f"試験 太郎{spouse % 1000}", "フリガナ": "シケン タロウ", "生年月日": "1978-02-02",
           "住所": "花巻市花城町1番1号", "支払金額": "100,000", "社会保険料等の金額": "0", "徴収区分": "普通徴収",
           "普通徴収理由": "普A"}
    report = salary_import.check(clerk, salary_import.parse(write_csv([row]).encode(), YEAR, "y8.csv"))
    assert report.can_commit
    salary_import.commit(clerk, report)
    spouse_info = returns.relative(clerk, spouse, YEAR, "assessment")
    assert spouse_info is not None and spouse_info.salary_revenue == 100_000
    inputs = ReturnInputs(filing_kind="salary_report", collection_method="ordinary", salary_revenue=6_000_000,
                          relatives=(RelativeEntry(spouse, "spouse"),))
    pid = _propose(clerk, person, inputs, "配偶者控除の追加")
    before = _stored(a6_db, person)
    with pytest.raises(Refused, match="未確定の賦課または提案者ご本人"):
        proposals.approve(staff_db("A6CHECK"), pid)
    assert _stored(a6_db, person) == before


def test_relative_last_changed_by_the_proposer_needs_a_declared_income(
        a6_db: ProvisionedDb, staff_db: Callable[[str], Database], taxpayer: Callable[..., int]) -> None:
    person, spouse = taxpayer(salary=6_000_000), taxpayer(salary=900_000, birth="1978-02-02", sex="F")
    _settle(a6_db, spouse)
    with a6_db.admin() as cur:
        cur.execute("UPDATE ledger.assessment SET updated_by = %s WHERE person_id = %s AND tax_year = %s",
                    (role_name("A6CLERK1"), spouse, YEAR))
    clerk, checker = staff_db("A6CLERK1"), staff_db("A6CHECK")
    undeclared = ReturnInputs(filing_kind="salary_report", collection_method="ordinary", salary_revenue=6_000_000,
                              relatives=(RelativeEntry(spouse, "spouse"),))
    pid = _propose(clerk, person, undeclared)
    with pytest.raises(Refused, match="未確定の賦課または提案者ご本人"):
        proposals.approve(checker, pid)
    proposals.return_to_proposer(checker, pid, "配偶者の所得を申告書から入力してください")
    declared = ReturnInputs(filing_kind="salary_report", collection_method="ordinary", salary_revenue=6_000_000,
                            relatives=(RelativeEntry(spouse, "spouse", total_income=350_000),))
    assert proposals.approve(checker, _propose(clerk, person, declared)).version == 2
    # Another clerk's proposal may use the ledger's income: it was not changed by them.
    other = taxpayer(salary=6_000_000)
    assert proposals.approve(checker, _propose(staff_db("A6CLERK2"), other, undeclared)).version == 2


@pytest.mark.parametrize("mode", ["duplicate", "missing"])
def test_levy_step_duplicated_or_missing_is_refused(a6_db: ProvisionedDb, staff_db: Callable[[str], Database],
                                                    taxpayer: Callable[..., int], mode: str) -> None:
    person = taxpayer(salary=5_000_000)
    ctx = returns.load(staff_db("A6CLERK2"), person, YEAR, "assessment")
    assert ctx is not None
    inputs = ReturnInputs(filing_kind="salary_report", collection_method="ordinary", salary_revenue=5_000_000)
    result = returns.result_json(returns.compute(YEAR, ctx.person, inputs, {}))
    steps = result["steps"]
    levy = [s for s in steps if s[0] == "levy.municipal"]
    assert len(levy) == 1
    if mode == "duplicate":
        steps.insert(steps.index(levy[0]), list(levy[0]))
    else:
        steps.remove(levy[0])
    before = _stored(a6_db, person)
    with a6_db.staff("A6CLERK2") as conn, conn.cursor() as cur, pytest.raises(psycopg2.Error, match="計算結果"):
        cur.execute("SELECT api.proposal_submit(%s, %s, %s, %s::jsonb, 'x', %s::jsonb)",
                    (person, YEAR, ctx.version, json.dumps(inputs.to_json()), json.dumps(result)))
    # Even if a proposal with such a result existed, the approver's identical result is refused.
    with a6_db.admin() as cur:
        cur.execute("INSERT INTO ledger.proposal (person_id, tax_year, kind, base_version, inputs, maker_result,"
                    " reason, proposed_by) VALUES (%s, %s, 'registration', %s, ledger.normalize_inputs(%s::jsonb, %s),"
                    " %s::jsonb, 'x', %s) RETURNING proposal_id",
                    (person, YEAR, ctx.version, json.dumps(inputs.to_json()), person, json.dumps(result),
                     role_name("A6CLERK2")))
        pid = cur.fetchone()[0]
    with a6_db.staff("A6CHECK") as conn, conn.cursor() as cur, pytest.raises(psycopg2.Error, match="計算結果"):
        cur.execute("SELECT api.proposal_approve(%s, %s::jsonb, '')", (pid, json.dumps(result)))
    assert _stored(a6_db, person) == before
    with a6_db.admin() as cur:
        cur.execute("UPDATE ledger.proposal SET state = 'returned', decided_by = 'admin', decided_at = now(),"
                    " decision_comment = 'test' WHERE proposal_id = %s", (pid,))


@pytest.mark.parametrize("oversize", ["steps", "bytes", "relatives"])
def test_oversized_inputs_or_result_are_refused(a6_db: ProvisionedDb, staff_db: Callable[[str], Database],
                                               taxpayer: Callable[..., int], oversize: str) -> None:
    person = taxpayer(salary=5_000_000)
    ctx = returns.load(staff_db("A6CLERK1"), person, YEAR, "assessment")
    assert ctx is not None
    inputs = ReturnInputs(filing_kind="salary_report", collection_method="ordinary", salary_revenue=5_000_000)
    result = returns.result_json(returns.compute(YEAR, ctx.person, inputs, {}))
    sent_inputs: dict[str, Any] = inputs.to_json()
    if oversize == "steps":
        result["steps"] = result["steps"] + [["note.x", "注", 0, "r", "s"]] * 300
    elif oversize == "bytes":
        result["steps"][0] = [result["steps"][0][0], "注" * 30_000, *result["steps"][0][2:]]
    else:
        sent_inputs["relatives"] = [{"person_id": 1_000 + n, "kind": "dependant"} for n in range(21)]
    with a6_db.staff("A6CLERK1") as conn, conn.cursor() as cur, \
            pytest.raises(psycopg2.Error, match=r"大きすぎます|20人まで") as refused:
        cur.execute("SELECT api.proposal_submit(%s, %s, %s, %s::jsonb, 'x', %s::jsonb)",
                    (person, YEAR, ctx.version, json.dumps(sent_inputs), json.dumps(result)))
    assert refused.value.pgcode == "22023"
    if oversize != "relatives":
        with a6_db.staff("A6CHECK") as conn, conn.cursor() as cur, \
                pytest.raises(psycopg2.Error, match="大きすぎます"):
            cur.execute("SELECT api.proposal_approve(1, %s::jsonb, '')", (json.dumps(result),))
    with a6_db.admin() as cur:
        cur.execute("SELECT count(*) FROM ledger.proposal WHERE person_id = %s", (person,))
        assert cur.fetchone()[0] == 0
