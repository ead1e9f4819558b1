"""The assessment-work screens offscreen, through the real database and the real worker threads:
entry → proposal → approval by another staff role → assessment changed; two clerks on one person;
field messages; the models under qtmodeltester."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.models.assessment_work import DiffLine, RelativeEntry, ReturnInputs
from app.services import proposals, returns
from app.services.db import Database
from app.services.session import StaffSession
from app.views.application import create_application
from app.views.approval_page import ApprovalPage, ProposalModel
from app.views.assessment_widgets import DiffModel, StepModel, VersionModel
from app.views.reduction_page import ReductionModel, ReductionPage
from app.views.return_entry_page import RelativeModel, ReturnEntryPage
from app.views.worker import Worker
from tests.support.database import ProvisionedDb

pytestmark = pytest.mark.db
SHOTS = Path(__file__).resolve().parents[2] / "build" / "screens"
YEAR = 2025


@pytest.fixture
def open_page(qtbot: QtBot, a6_db: ProvisionedDb) -> Iterator[Callable[..., Any]]:
    made: list[tuple[Any, StaffSession, Worker]] = []

    def make(cls: type[Any], code: str) -> Any:
        create_application([])
        worker = Worker()
        session = StaffSession.open(a6_db.staff_url(code))
        page = cls(session, worker, YEAR)
        qtbot.addWidget(page)
        page.resize(1500, 950)
        page.show()
        made.append((page, session, worker))
        return page

    yield make
    for _page, session, worker in made:
        worker.wait_idle()
        session.close()


def _load(qtbot: QtBot, page: ReturnEntryPage, person_id: int) -> None:
    page.person_no.setFocus()
    qtbot.keyClicks(page.person_no, str(person_id))
    with qtbot.waitSignal(page.status_message, timeout=10_000):
        qtbot.keyClick(page.person_no, Qt.Key.Key_Return)


def _type(qtbot: QtBot, page: ReturnEntryPage, key: str, text: str) -> None:
    edit = page.amounts[key]
    edit.setFocus()
    edit.selectAll()
    with qtbot.waitSignal(page.recalculated, timeout=5_000):
        if text.isascii():
            qtbot.keyClicks(edit, text)
            if not text:
                qtbot.keyClick(edit, Qt.Key.Key_Delete)
        else:  # QTest types ASCII only; a full-width entry arrives as the input method commits it
            edit.setText(text)


def _row(a6_db: ProvisionedDb, person_id: int) -> dict[str, Any]:
    with a6_db.admin() as cur:
        cur.execute("SELECT * FROM ledger.assessment WHERE person_id = %s AND tax_year = %s", (person_id, YEAR))
        names = [d[0] for d in cur.description]
        return dict(zip(names, cur.fetchone(), strict=True))


def test_entry_to_proposal_to_approval_by_another_role(qtbot: QtBot, open_page: Callable[..., Any],
                                                       a6_db: ProvisionedDb, taxpayer: Callable[..., int]) -> None:
    person = taxpayer(salary=3_000_000)
    child = taxpayer(assessment=False, birth="2005-07-07")
    page: ReturnEntryPage = open_page(ReturnEntryPage, "A6CLERK1")
    _load(qtbot, page, person)
    assert "試験" in page.header.text() and "昭和50年4月10日" in page.header.text()
    assert page.amounts["salary_revenue"].text() == "3,000,000"

    # Full-width digits are accepted and shown with separators once the field is left.
    _type(qtbot, page, "salary_revenue", "４８０００００")
    _type(qtbot, page, "items.139", "720000")
    qtbot.keyClick(page.amounts["items.139"], Qt.Key.Key_Tab)
    assert page.amounts["salary_revenue"].text() == "4,800,000"
    assert page.amounts["items.139"].text() == "720,000"
    assert page.result is not None
    codes = [row[0] for row in page.step_rows()]
    assert "income.salary" in codes and "deduction.social_insurance" in codes and codes[-1] == "annual_tax"
    assert page.summary["annual_tax"][1].text() == f"{page.result.annual_tax:,}"

    # A wrong amount is explained at its field; nothing is computed from it.
    _type(qtbot, page, "items.150", "12a")
    assert page.fields["items.150"].message.isVisible()
    assert "数字" in page.fields["items.150"].message.text()
    assert page.result is None and "入力に誤り" in page.calc_message.text()
    _type(qtbot, page, "items.150", "")
    assert not page.fields["items.150"].message.isVisible()

    # A dependant by 宛名番号 (a 特定扶養親族, 19 in 2024) with the keyboard.
    page.rel_no.setFocus()
    qtbot.keyClicks(page.rel_no, str(child))
    with qtbot.waitSignal(page.recalculated, timeout=10_000):
        qtbot.keyClick(page.rel_no, Qt.Key.Key_Return)
    assert page.rel_model.rowCount() == 1
    assert page.rel_model.index(0, 3).data() == "平成17年7月7日"
    assert any(row[0] == "deduction.dependants" for row in page.step_rows())

    # Saving without a reason is refused at the field; with one, it becomes a proposal.
    page.save()
    assert page.fields["reason"].message.isVisible()
    page.reason.setText("住民税申告書の受付")  # Japanese comes from the input method, not QTest
    with qtbot.waitSignal(page.saved, timeout=10_000) as saved:
        qtbot.keyClick(page.reason, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    proposal_id = saved.args[0]
    expected_tax = page.result.annual_tax
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.grab().save(str(SHOTS / "a6-return-entry.png"))
    assert _row(a6_db, person)["salary_revenue"] == 3_000_000     # not yet: waiting for approval

    # The proposer cannot approve it on their screen (and the database refuses it anyway).
    approver: ApprovalPage = open_page(ApprovalPage, "A6CHECK")
    with qtbot.waitSignal(approver.status_message, timeout=10_000):
        approver.refresh()
    ids = [approver.model.row_at(r).proposal_id for r in range(approver.model.rowCount())]
    assert proposal_id in ids
    approver.table.selectRow(ids.index(proposal_id))
    qtbot.waitUntil(lambda: approver.current is not None and approver.current.proposal_id == proposal_id,
                    timeout=10_000)
    labels = {approver.input_diff.index(r, 0).data(): (approver.input_diff.index(r, 1).data(),
                                                       approver.input_diff.index(r, 2).data())
              for r in range(approver.input_diff.rowCount())}
    assert labels["給与収入"] == ("3,000,000", "4,800,000")
    assert labels["社会保険料"] == ("", "720,000")
    assert approver.approve_button.isEnabled()
    approver.tabs.setCurrentIndex(0)
    approver.grab().save(str(SHOTS / "a6-approval.png"))
    with qtbot.waitSignal(approver.decided, timeout=10_000) as decided:
        qtbot.keyClick(approver.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    approval = decided.args[0]
    assert approval.annual_tax == expected_tax
    row = _row(a6_db, person)
    assert row["salary_revenue"] == 4_800_000 and row["annual_tax"] == expected_tax and row["version"] == 2

    qtbot.waitUntil(lambda: "承認しました" in approver.banner.text() and not approver.worker.is_busy(), timeout=5_000)

    # Any person's history: both versions, who and when, and the diff of the selected one.
    approver.tabs.setCurrentIndex(2)
    approver.history_person.setText(str(person))
    with qtbot.waitSignal(approver.status_message, timeout=10_000, check_params_cb=lambda t: t.startswith("版")):
        qtbot.keyClick(approver.history_person, Qt.Key.Key_Return)
    assert approver.version_model.rowCount() == 2
    assert approver.version_model.index(1, 3).data().startswith("A6CLERK1")
    assert approver.version_model.index(1, 4).data().startswith("A6CHECK")
    assert approver.version_model.index(1, 2).data() == f"{expected_tax:,}"
    diff = {approver.version_diff.index(r, 0).data(): approver.version_diff.index(r, 2).data()
            for r in range(approver.version_diff.rowCount())}
    assert diff["給与収入"] == "4,800,000" and diff["年税額"] == f"{expected_tax:,}"
    approver.grab().save(str(SHOTS / "a6-history.png"))


def test_two_clerks_the_second_gets_the_conflict_and_keeps_the_input(qtbot: QtBot, open_page: Callable[..., Any],
                                                                     a6_db: ProvisionedDb,
                                                                     taxpayer: Callable[..., int]) -> None:
    person = taxpayer(salary=3_000_000)
    first: ReturnEntryPage = open_page(ReturnEntryPage, "A6CLERK1")
    second: ReturnEntryPage = open_page(ReturnEntryPage, "A6CLERK2")
    _load(qtbot, first, person)
    _load(qtbot, second, person)
    _type(qtbot, first, "salary_revenue", "3100000")
    first.reason.setText("源泉徴収票の訂正")
    with qtbot.waitSignal(first.saved, timeout=10_000):
        first.save()
    _type(qtbot, second, "salary_revenue", "3250000")
    _type(qtbot, second, "items.139", "410000")
    second.reason.setText("申告書の受付")
    with qtbot.waitSignal(second.worker.busy_changed, timeout=10_000, check_params_cb=lambda busy: not busy):
        second.save()
    text = second.banner.text()
    assert "A6CLERK1" in text and "承認待ちの提案" in text and "入力内容はそのまま残っています" in text
    assert second.amounts["salary_revenue"].text() == "3,250,000"
    assert second.amounts["items.139"].text() == "410,000"
    assert second.reason.text() == "申告書の受付"
    assert second.save_button.isEnabled()
    second.grab().save(str(SHOTS / "a6-conflict.png"))
    # Loading again over the unsaved input needs a second Enter.
    qtbot.keyClick(second.person_no, Qt.Key.Key_Return)
    assert "保存していない入力があります" in second.banner.text()
    assert second.amounts["salary_revenue"].text() == "3,250,000"
    assert _row(a6_db, person)["salary_revenue"] == 3_000_000


def test_models_pass_the_model_tester(qtmodeltester: Any) -> None:
    steps = StepModel()
    steps.set_rows([("income.salary", "給与所得", 1_000, "rule", "source")])
    diff = DiffModel()
    diff.set_rows([DiffLine("salary_revenue", "給与収入", "1", "2")])
    rel = RelativeModel()
    rel.set_rows([(RelativeEntry(1, "spouse", total_income=0), None)])
    for model in (steps, diff, rel, ProposalModel(), VersionModel(), ReductionModel()):
        qtmodeltester.check(model)


def test_reduction_entered_by_a_clerk_and_approved_by_another(qtbot: QtBot, open_page: Callable[..., Any],
                                                              a6_db: ProvisionedDb, taxpayer: Callable[..., int],
                                                              tmp_path: Path) -> None:
    person = taxpayer(salary=5_000_000)
    clerk_db, checker_db = Database(a6_db.staff_url("A6CLERK2")), Database(a6_db.staff_url("A6CHECK"))
    try:
        ctx = returns.load(clerk_db, person, YEAR, "assessment")
        assert ctx is not None
        inputs = ReturnInputs(salary_revenue=5_000_000, filing_kind="salary_report")
        result = returns.result_json(returns.compute(YEAR, ctx.person, inputs, {}))
        proposals.approve(checker_db, proposals.submit(clerk_db, person, YEAR, ctx.version, inputs, "受付", result))
    finally:
        clerk_db.dispose()
        checker_db.dispose()
    with a6_db.admin() as cur:
        cur.execute("UPDATE ledger.assessment SET status = 'notified' WHERE person_id = %s", (person,))
    before = _row(a6_db, person)

    page: ReductionPage = open_page(ReductionPage, "A6CLERK1")
    page.person_no.setText(str(person))
    with qtbot.waitSignal(page.worker.busy_changed, timeout=10_000, check_params_cb=lambda busy: not busy):
        qtbot.keyClick(page.person_no, Qt.Key.Key_Return)
    assert page.submit_button.isEnabled()
    page.evidence_ref.setText("R7-0031")
    page.application_date.setText("令和7年13月1日")
    page.reason.setText("豪雨による住家の半壊")
    page.submit()
    assert page.fields["application_date"].message.isVisible()     # a wrong 和暦 date is explained there
    page.application_date.setText("R7.8.20")
    assert "見込み" in page.preview_label.text()
    with qtbot.waitSignal(page.submitted, timeout=10_000):
        qtbot.keyClick(page.reason, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    page.grab().save(str(SHOTS / "a6-reduction-entry.png"))
    assert _row(a6_db, person)["annual_tax"] == before["annual_tax"]

    checker: ReductionPage = open_page(ReductionPage, "A6CHECK")
    assert not checker.submit_button.isVisible()
    with qtbot.waitSignal(checker.status_message, timeout=10_000):
        checker.refresh()
    rows = [checker.queue_model.row_at(r) for r in range(checker.queue_model.rowCount())]
    target = next(i for i, r in enumerate(rows) if r.person_id == person)
    checker.queue.selectRow(target)
    assert checker.approve_button.isEnabled()
    with qtbot.waitSignal(checker.decided, timeout=10_000) as decided:
        checker.approve()
    result = decided.args[0]
    after = _row(a6_db, person)
    assert after["annual_tax"] == result["annual_tax"] < before["annual_tax"]
    assert result["notice_id"] is not None
    path = tmp_path / "notice.pdf"
    with qtbot.waitSignal(checker.worker.busy_changed, timeout=10_000, check_params_cb=lambda busy: not busy):
        checker.banner.save_notice(int(result["notice_id"]), path)
    assert path.read_bytes().startswith(b"%PDF") and "保存しました" in checker.banner.text()
    checker.grab().save(str(SHOTS / "a6-reduction-approval.png"))


def test_returned_proposal_comes_back_to_the_clerk_with_the_comment(qtbot: QtBot, open_page: Callable[..., Any],
                                                                    a6_db: ProvisionedDb,
                                                                    taxpayer: Callable[..., int]) -> None:
    person = taxpayer(salary=2_800_000)
    clerk: ReturnEntryPage = open_page(ReturnEntryPage, "A6CLERK2")
    _load(qtbot, clerk, person)
    _type(qtbot, clerk, "items.149", "30000")
    clerk.reason.setText("地震保険料の追加")
    with qtbot.waitSignal(clerk.saved, timeout=10_000) as saved:
        clerk.save()
    approver: ApprovalPage = open_page(ApprovalPage, "A6CHECK")
    with qtbot.waitSignal(approver.status_message, timeout=10_000):
        approver.refresh()
    ids = [approver.model.row_at(r).proposal_id for r in range(approver.model.rowCount())]
    approver.table.selectRow(ids.index(saved.args[0]))
    qtbot.waitUntil(lambda: approver.current is not None and approver.current.proposal_id == saved.args[0],
                    timeout=10_000)
    approver.return_proposal()                      # no comment: refused on the screen
    assert "差し戻しの理由" in approver.banner.text()
    approver.comment.setText("控除証明書の金額は25,000円です")
    with qtbot.waitSignal(approver.decided, timeout=10_000) as decided:
        approver.return_proposal()
    assert decided.args[0] is None
    assert _row(a6_db, person)["version"] == 1

    clerk.person_no.setText(str(person))
    with qtbot.waitSignal(clerk.status_message, timeout=10_000):
        clerk.load()
    assert "差し戻し理由: 控除証明書の金額は25,000円です" in clerk.banner.text()
    assert clerk.amounts["items.149"].text() == "30,000"     # the returned proposal, ready to correct
    assert clerk.reason.text() == "地震保険料の追加"


def test_approval_refused_on_screen_when_a_relative_changed(qtbot: QtBot, open_page: Callable[..., Any],
                                                            staff_db: Callable[[str], Database],
                                                            a6_db: ProvisionedDb,
                                                            taxpayer: Callable[..., int]) -> None:
    person, spouse = taxpayer(salary=6_000_000), taxpayer(salary=900_000, birth="1978-02-02", sex="F")
    settle = ("UPDATE ledger.assessment SET status = 'assessed', computed_at = now(), salary_revenue = %s"
              " WHERE person_id = %s AND tax_year = %s")
    with a6_db.admin() as cur:
        cur.execute(settle, (900_000, spouse, YEAR))
    clerk_db = staff_db("A6CLERK1")
    ctx = returns.load(clerk_db, person, YEAR, "assessment")
    info = returns.relative(clerk_db, spouse, YEAR, "assessment")
    assert ctx is not None and info is not None
    inputs = ReturnInputs(filing_kind="salary_report", collection_method="ordinary", salary_revenue=6_000_000,
                          relatives=(RelativeEntry(spouse, "spouse"),))
    result = returns.result_json(returns.compute(YEAR, ctx.person, inputs, {spouse: info}))
    proposal_id = proposals.submit(clerk_db, person, YEAR, ctx.version, inputs, "配偶者控除の追加", result)
    with a6_db.admin() as cur:          # the spouse's own assessment changes after the proposal
        cur.execute(settle, (800_000, spouse, YEAR))
    approver: ApprovalPage = open_page(ApprovalPage, "A6CHECK")
    with qtbot.waitSignal(approver.status_message, timeout=10_000):
        approver.refresh()
    ids = [approver.model.row_at(r).proposal_id for r in range(approver.model.rowCount())]
    approver.table.selectRow(ids.index(proposal_id))
    qtbot.waitUntil(lambda: approver.current is not None and approver.current.proposal_id == proposal_id,
                    timeout=10_000)
    approver.approve()
    qtbot.waitUntil(lambda: "配偶者・扶養親族の情報" in approver.banner.text() and not approver.worker.is_busy(),
                    timeout=10_000)
    approver.grab().save(str(SHOTS / "a6-approval-relative-changed.png"))
    assert _row(a6_db, person)["version"] == 1
