"""賦課更正 of a notified year with its 税額変更通知書 (checked through pdftotext and pdffonts), and
減免 through maker-checker, applied by the database with its own lines in the 計算根拠."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.i18n import UserError
from app.models.assessment_work import ReturnInputs
from app.services import change_notice_pdf, proposals, reductions, returns
from app.services.db import Database
from app.services.errors import PermissionDenied, Refused
from app.services.proposals import ProposalConflict
from tests.support.database import ProvisionedDb

pytestmark = pytest.mark.db
YEAR = 2025


def _propose(db: Database, person_id: int, inputs: ReturnInputs, reason: str = "申告書の受付") -> int:
    ctx = returns.load(db, person_id, YEAR, "assessment")
    assert ctx is not None
    result = returns.result_json(returns.compute(YEAR, ctx.person, inputs, dict(ctx.relatives)))
    return proposals.submit(db, person_id, YEAR, ctx.version, inputs, reason, result)


def _row(a6_db: ProvisionedDb, person_id: int) -> dict[str, Any]:
    with a6_db.admin() as cur:
        cur.execute("SELECT * FROM ledger.assessment WHERE person_id = %s AND tax_year = %s", (person_id, YEAR))
        names = [d[0] for d in cur.description]
        return dict(zip(names, cur.fetchone(), strict=True))


def _steps(a6_db: ProvisionedDb, person_id: int) -> list[tuple[str, int]]:
    with a6_db.admin() as cur:
        cur.execute("SELECT code, amount FROM ledger.assessment_step JOIN ledger.assessment USING (assessment_id)"
                    " WHERE person_id = %s AND tax_year = %s ORDER BY seq", (person_id, YEAR))
        return list(cur.fetchall())


def _notified(a6_db: ProvisionedDb, staff_db: Callable[[str], Database], person: int, salary: int) -> None:
    """Register a return, approve it, and mark the year notified (as the notice run does)."""
    pid = _propose(staff_db("A6CLERK1"), person, ReturnInputs(salary_revenue=salary, collection_method="ordinary"))
    proposals.approve(staff_db("A6CHECK"), pid)
    with a6_db.admin() as cur:
        cur.execute("UPDATE ledger.assessment SET status = 'notified' WHERE person_id = %s", (person,))


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def test_correction_of_a_notified_year_produces_the_change_notice(a6_db: ProvisionedDb, tmp_path: Path,
                                                                  staff_db: Callable[[str], Database],
                                                                  taxpayer: Callable[..., int]) -> None:
    person = taxpayer()
    _notified(a6_db, staff_db, person, 4_000_000)
    old = _row(a6_db, person)
    clerk, checker = staff_db("A6CLERK1"), staff_db("A6CHECK")
    corrected = ReturnInputs(salary_revenue=4_000_000, collection_method="ordinary", items=((139, 600_000),))
    pid = _propose(clerk, person, corrected, "社会保険料の申告漏れ（更正の申出）")
    detail = proposals.detail(checker, pid)
    assert detail is not None and detail.kind == "correction" and detail.base_status == "notified"
    approval = proposals.approve(checker, pid)
    new = _row(a6_db, person)
    assert new["status"] == "notified" and new["annual_tax"] < old["annual_tax"]
    assert approval.notice_id is not None
    notice = proposals.change_notice(clerk, approval.notice_id)
    assert notice is not None
    assert notice.old_amounts["annual_tax"] == old["annual_tax"]
    assert notice.new_amounts["annual_tax"] == new["annual_tax"]
    assert notice.difference() == new["annual_tax"] - old["annual_tax"]

    pdf = change_notice_pdf.render(notice, date(2025, 9, 1))
    text = pdf_text(pdf, tmp_path)
    assert "令和7年度" in text and "税額変更通知書" in text
    assert "試験" in text and "様" in text and "令和7年9月1日" in text
    lines = {line.split()[0]: line.split()[1:] for line in text.splitlines() if line.split()}
    assert lines["市民税所得割"] == [f"{old['municipal_income_levy']:,}", f"{new['municipal_income_levy']:,}",
                                     f"△{old['municipal_income_levy'] - new['municipal_income_levy']:,}"]
    assert lines["年税額"] == [f"{old['annual_tax']:,}", f"{new['annual_tax']:,}",
                               f"△{old['annual_tax'] - new['annual_tax']:,}"]
    assert f"年税額が {old['annual_tax'] - new['annual_tax']:,}円 減額" in text
    assert "社会保険料の申告漏れ" in text
    path = tmp_path / "notice.pdf"
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    assert "IPAex" in fonts and all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])   # embedded

    # A correction that leaves the tax unchanged needs no notice.
    same = ReturnInputs(salary_revenue=4_000_000, collection_method="ordinary", items=((139, 600_000),),
                        filing_kind="final_return")
    approval = proposals.approve(checker, _propose(clerk, person, same, "申告区分の訂正"))
    assert approval.notice_id is None
    history = proposals.versions(checker, person, YEAR)
    assert [(v.version, v.source, v.notice_id is not None) for v in history] == [
        (1, "before", False), (2, "proposal", False), (3, "proposal", True), (4, "proposal", False)]


def test_a_batch_run_after_the_proposal_makes_it_stale(a6_db: ProvisionedDb, staff_db: Callable[[str], Database],
                                                       taxpayer: Callable[..., int]) -> None:
    person = taxpayer()
    pid = _propose(staff_db("A6CLERK1"), person, ReturnInputs(salary_revenue=3_000_000))
    with a6_db.admin() as cur:   # someone changed the assessment by another path meanwhile
        cur.execute("UPDATE ledger.assessment SET version = version + 1 WHERE person_id = %s", (person,))
    with pytest.raises(ProposalConflict, match=r"提案の作成後に賦課が更新されています（版 1 → 2）"):
        proposals.approve(staff_db("A6CHECK"), pid)


def _reduction(person: int, version: int, **kw: Any) -> reductions.Application:
    base = {"category": "disaster", "evidence_kind": "disaster_certificate", "evidence_ref": "R7-0012",
            "application_date": date(2025, 8, 1), "target": "all", "rate_percent": 50, "amount": None,
            "reason": "住家の半壊（罹災証明書）"}
    base.update(kw)
    return reductions.Application(person, YEAR, version, **base)


def test_reduction_approved_by_another_applies_with_its_own_lines(a6_db: ProvisionedDb,
                                                                  staff_db: Callable[[str], Database],
                                                                  taxpayer: Callable[..., int]) -> None:
    person = taxpayer()
    _notified(a6_db, staff_db, person, 5_000_000)
    before = _row(a6_db, person)
    both, checker = staff_db("A6BOTH"), staff_db("A6CHECK")
    rid = reductions.submit(both, _reduction(person, before["version"]))
    with pytest.raises(PermissionDenied, match="ご自身が受け付けた減免申請"):
        reductions.approve(both, rid)
    with pytest.raises(ProposalConflict, match="既にあります"):
        reductions.submit(staff_db("A6CLERK1"), _reduction(person, before["version"]))
    waiting = reductions.listing(checker, YEAR, None)
    assert rid in [r.reduction_id for r in waiting]
    result = reductions.approve(checker, rid, "罹災証明書を確認")
    after = _row(a6_db, person)
    expected = reductions.reduction_amounts(
        (before["municipal_income_levy"], before["prefectural_income_levy"]),
        (before["municipal_per_capita"], before["prefectural_per_capita"]), "all", 50, None)
    assert after["municipal_income_levy"] == before["municipal_income_levy"] - expected.municipal_income_levy
    assert after["prefectural_per_capita"] == before["prefectural_per_capita"] - expected.prefectural_per_capita
    assert after["annual_tax"] == before["annual_tax"] - expected.total == result["annual_tax"]
    assert result["notice_id"] is not None                   # a notified year: the taxpayer is told
    steps = _steps(a6_db, person)
    codes = [c for c, _ in steps]
    assert codes[-1] == "annual_tax" and steps[-1][1] == after["annual_tax"]
    assert ("reduction.municipal_income_levy", expected.municipal_income_levy) in steps
    assert codes.index("levy.municipal") < codes.index("reduction.municipal_income_levy") < codes.index("annual_tax")
    history = proposals.versions(checker, person, YEAR)
    assert history[-1].source == "reduction" and history[-1].version == after["version"]

    # A later correction is recomputed by the engine and the approved reduction applied again.
    clerk = staff_db("A6CLERK1")
    pid = _propose(clerk, person, ReturnInputs(salary_revenue=5_000_000, items=((139, 700_000),)), "控除の追加")
    proposals.approve(checker, pid)
    again = _row(a6_db, person)
    assert any(c == "reduction.municipal_income_levy" for c, _ in _steps(a6_db, person))
    engine_levy = dict(_steps(a6_db, person))["levy.municipal"]
    assert again["municipal_income_levy"] == engine_levy - engine_levy * 50 // 100 // 100 * 100


def test_reduction_by_amount_and_its_field_checks(a6_db: ProvisionedDb, staff_db: Callable[[str], Database],
                                                  taxpayer: Callable[..., int]) -> None:
    person = taxpayer()
    _notified(a6_db, staff_db, person, 6_000_000)
    before = _row(a6_db, person)
    clerk, checker = staff_db("A6CLERK1"), staff_db("A6CHECK")
    with pytest.raises(UserError, match="100円単位"):
        reductions.submit(clerk, _reduction(person, before["version"], target="income_levy", rate_percent=None,
                                            amount=12_345))
    with pytest.raises(UserError, match="書類番号"):
        reductions.submit(clerk, _reduction(person, before["version"], evidence_ref="山田様の証明"))
    # The database checks the same when a client skips the screen's checks.
    with pytest.raises(Refused, match="減免率か減免額"):
        proposals.call_checked(clerk, "SELECT api.reduction_submit(:p, 2025, :v, 'disaster', 'disaster_certificate',"
                                      " 'X1', '2025-08-01', 'all', 50, 1000, 'x')",
                               {"p": person, "v": before["version"]})
    rid = reductions.submit(clerk, _reduction(person, before["version"], target="income_levy", rate_percent=None,
                                              amount=30_000, category="illness", evidence_kind="medical_certificate"))
    with pytest.raises(Refused, match="差し戻しの理由"):
        reductions.return_to_proposer(checker, rid, "")
    reductions.approve(checker, rid)
    after = _row(a6_db, person)
    expected = reductions.reduction_amounts(
        (before["municipal_income_levy"], before["prefectural_income_levy"]), (0, 0), "income_levy", None, 30_000)
    assert expected.total == 30_000
    assert after["annual_tax"] == before["annual_tax"] - 30_000
    assert after["municipal_income_levy"] == before["municipal_income_levy"] - expected.municipal_income_levy
    assert after["municipal_per_capita"] == before["municipal_per_capita"]


@given(levy_m=st.integers(0, 5_000_000).map(lambda x: x // 100 * 100),
       levy_p=st.integers(0, 5_000_000).map(lambda x: x // 100 * 100),
       rate=st.one_of(st.none(), st.integers(1, 100)),
       amount=st.integers(1, 200_000).map(lambda x: x * 100), target=st.sampled_from(["income_levy", "all"]))
def test_reduction_never_exceeds_the_tax_and_stays_in_hundreds(levy_m: int, levy_p: int, rate: int | None,
                                                               amount: int, target: str) -> None:
    r = reductions.reduction_amounts((levy_m, levy_p), (3_000, 2_000), target, rate, None if rate else amount)
    parts = (r.municipal_income_levy, r.prefectural_income_levy, r.municipal_per_capita, r.prefectural_per_capita)
    assert all(x >= 0 and x % 100 == 0 for x in parts)
    assert r.municipal_income_levy <= levy_m and r.prefectural_income_levy <= levy_p
    assert r.municipal_per_capita <= 3_000 and r.prefectural_per_capita <= 2_000
    if rate is None:
        assert r.total == min(amount, levy_m + levy_p)
    if rate == 100:
        assert r.municipal_income_levy == levy_m and r.prefectural_income_levy == levy_p


def test_demo_examples_leave_work_for_the_demo_approver(a6_db: ProvisionedDb, staff_db: Callable[[str], Database],
                                                        taxpayer: Callable[..., int]) -> None:
    persons = [taxpayer(salary=4_000_000 + i * 100_000) for i in range(3)]
    clerk, checker = staff_db("A6CLERK1"), staff_db("A6CHECK")
    for person in persons:
        proposals.approve(checker, _propose(clerk, person, ReturnInputs(salary_revenue=4_000_000,
                                                                         filing_kind="salary_report")))
    done = proposals.demo_examples(a6_db.admin_url, clerk, checker, YEAR, persons)
    assert set(done) == {"approved_proposal", "waiting_proposal", "waiting_reduction"}
    assert done["waiting_proposal"] in [p.proposal_id for p in proposals.queue(checker, YEAR)]
    assert done["waiting_reduction"] in [r.reduction_id for r in reductions.listing(checker, YEAR, None)]
    assert [v.version for v in proposals.versions(checker, persons[0], YEAR)] == [1, 2, 3]
    assert proposals.demo_examples(a6_db.admin_url, clerk, checker, YEAR, persons) == {}   # once only
