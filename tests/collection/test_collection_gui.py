"""The collection screens offscreen through the real database: employers register/edit, the
employee list with June–May, collected and remaining, the 異動届出書 form with its preview before
saving, the ordinary→payroll switch, the notice printing page with progress, cancel and export."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.services import collection
from app.services.session import StaffSession
from app.views.application import create_application
from app.views.change_notice_page import ChangeNoticePage, PreviewModel
from app.views.collection_page import CollectionPage, PlanModel
from app.views.notice_print_page import NoticePrintPage
from app.views.worker import Worker
from tests.collection.conftest import TAX_YEAR, Seeder
from tests.support.database import ProvisionedDb

pytestmark = pytest.mark.db
SHOTS = Path(__file__).resolve().parents[2] / "build" / "screens"


@pytest.fixture
def open_page(qtbot: QtBot, coll_db: ProvisionedDb) -> Iterator[Any]:
    opened: list[tuple[Worker, StaffSession, QWidget]] = []

    def make(cls: Any, code: str = "C7COLL") -> Any:
        create_application([])
        worker = Worker()
        session = StaffSession.open(coll_db.staff_url(code))
        page = cls(session, worker, TAX_YEAR)
        qtbot.addWidget(page)
        page.resize(1400, 800)
        page.show()
        opened.append((worker, session, page))
        return page

    yield make
    for worker, session, page in opened:
        # deliver what is still queued while the pages exist, so no callback reaches a deleted page
        qtbot.waitUntil(lambda w=worker: not w.is_busy(), timeout=10_000)  # type: ignore[misc]
        worker.wait_idle()
        QApplication.processEvents()
        page.close()
        session.close()
    # Collect the closed pages' reference cycles here, in the GUI thread: a collection that happens to
    # run on a worker thread would destroy their widgets from the wrong thread.
    opened.clear()
    gc.collect()


def idle(qtbot: QtBot, page: Any) -> None:
    qtbot.waitUntil(lambda: not page.worker.is_busy(), timeout=10_000)


def test_register_edit_and_list_employees(qtbot: QtBot, open_page: Any, seeded: Seeder) -> None:
    employer_no, _ = seeded([241_500, 100_000])
    page: CollectionPage = open_page(CollectionPage)
    qtbot.waitUntil(lambda: page.employers.count() > 0, timeout=10_000)
    idle(qtbot, page)
    # register a new employer; a bad kana is explained at the field and nothing is saved
    page.new_employer()
    values = {"employer_no": "7300000001", "name": "株式会社東和運輸", "kana": "とうわ", "postal_code": "028-0101",
              "address": "花巻市東和町土沢1-1", "phone": "0198-42-0001"}
    for key, value in values.items():
        page.inputs[key].setText(value)
    page.save_employer()
    assert "カタカナ" in page.field_error.text() and page.focusWidget() is page.inputs["kana"]
    assert page.inputs["name"].text() == "株式会社東和運輸"   # the form is kept
    page.inputs["kana"].setText("カブシキガイシャトウワウンユ")
    page.save_employer()
    idle(qtbot, page)
    assert "保存しました" in page.field_error.text()
    assert (current := page.current_employer()) is not None and current.employer.employer_no == "7300000001"
    # edit it
    page.inputs["phone"].setText("0198-42-9999")
    page.save_employer()
    idle(qtbot, page)
    current = page.current_employer()
    assert current is not None and current.employer.phone == "0198-42-9999" and current.employer.version == 2
    # the seeded employer's employees, after June–September paid in
    for m in range(4):
        collection.record_month(page.session.db, employer_no, TAX_YEAR, m)
    page.query.setText(employer_no)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    idle(qtbot, page)
    model = page.model
    assert model.headerData(5, Qt.Orientation.Horizontal) == "6月"
    assert model.headerData(16, Qt.Orientation.Horizontal) == "5月"
    assert model.index(0, 1).data() == "青木　一郎" and model.index(0, 2).data() == "241,500"
    assert model.index(0, 3).data() == "80,700" and model.index(0, 4).data() == "160,800"
    assert model.index(0, 5).data() == "20,400" and model.index(0, 9).data() == "20,100"
    assert model.index(0, 8).data(Qt.ItemDataRole.BackgroundRole) is not None     # September paid in
    assert model.index(0, 9).data(Qt.ItemDataRole.BackgroundRole) is None         # October not yet
    assert "徴収済 114,300円" in page.totals.text()
    page.grab().save(str(SHOTS / "collection_employers.png"))


def test_change_notice_form_previews_then_saves(qtbot: QtBot, open_page: Any, seeded: Seeder) -> None:
    employer_no, _ = seeded([241_500], paid=4)
    page: ChangeNoticePage = open_page(ChangeNoticePage)
    page.employer_no.setText(employer_no)
    page.load_plans()
    qtbot.waitUntil(lambda: page.person.count() == 1, timeout=10_000)
    page.kind.setCurrentIndex(page.kind.findData("retire"))
    page.change_date.setText("R7.9.30")
    page.notice_date.setText("令和7年10月15日")
    page.collected_through.setCurrentIndex(4)    # through September
    rows = [(r.who, r.when, r.amount) for r in page.preview._rows]
    assert rows[-2:] == [("普通徴収 第1期", "令和7年10月31日", 80_800), ("普通徴収 第2期", "令和8年2月2日", 80_000)]
    assert "徴収済 80,700円" in page.summary.text() and "未徴収 160,800円" in page.summary.text()
    # a bad date is explained at the field, nothing saved, the form kept
    page.notice_date.setText("R7.13.1")
    assert not page.save_button.isEnabled() and "日付" in page.field_error.text()
    page.notice_date.setText("R7.10.15")
    page.grab().save(str(SHOTS / "change_notice.png"))
    page.save()
    idle(qtbot, page)
    assert "承認後に反映" in page.message.text()     # 160,800 > the approval amount


def test_transfer_and_lump_sum_through_the_screen(qtbot: QtBot, open_page: Any, seeded: Seeder) -> None:
    old_no, _ = seeded([241_500, 120_000], paid=8)
    new_no, _ = seeded([10_000])
    page: ChangeNoticePage = open_page(ChangeNoticePage)
    page.employer_no.setText(old_no)
    page.load_plans()
    qtbot.waitUntil(lambda: page.person.count() == 2, timeout=10_000)
    page.person.setCurrentIndex(1)           # 伊藤 花子, 120,000
    page.kind.setCurrentIndex(page.kind.findData("retire"))
    page.change_date.setText("2026-01-20")
    page.notice_date.setText("2026-01-26")
    page.collected_through.setCurrentIndex(8)   # through January: 80,000
    page.final_pay.setText("300,000")
    assert [(r.who, r.amount) for r in page.preview._rows][-1] == ("一括徴収(最終給与から)", 40_000)
    page.save()
    idle(qtbot, page)
    assert "反映しました" in page.message.text()
    qtbot.waitUntil(lambda: page.person.count() == 1, timeout=10_000)
    page.kind.setCurrentIndex(page.kind.findData("transfer"))
    page.change_date.setText("2025-09-30")
    page.notice_date.setText("2025-10-15")
    page.collected_through.setCurrentIndex(4)
    page.new_employer.setText(new_no)
    page.new_from.setCurrentIndex(4)          # October
    new_rows = [r for r in page.preview._rows if r.who.startswith("新事業所")]
    assert len(new_rows) == 8 and {r.amount for r in new_rows} == {20_100} and new_rows[0].when == "10月分"
    page.grab().save(str(SHOTS / "change_notice_transfer.png"))


def test_switch_to_payroll_through_the_screen(qtbot: QtBot, open_page: Any, coll_db: ProvisionedDb,
                                              seeded: Seeder) -> None:
    employer_no, ids = seeded([10_000])
    person = ids[0] + 700
    with coll_db.admin() as cur:
        cur.execute("INSERT INTO ledger.person (person_id, family_name, given_name, family_kana, given_kana,"
                    " birth_date, sex, postal_code, address, district)"
                    " VALUES (%s, '今野', '涼', 'コンノ', 'リョウ', '1990-01-01', 'F', '025-0075',"
                    " '花巻市花城町2番2号', '花巻')", (person,))
        cur.execute("INSERT INTO ledger.employment VALUES (%s, 2025, %s, 2000000, true)", (person, employer_no))
        cur.execute("INSERT INTO ledger.assessment (person_id, tax_year, filing_kind, collection_method,"
                    " municipal_per_capita, status, computed_at) VALUES (%s, 2025, 'final_return', 'ordinary',"
                    " 100000, 'assessed', now())", (person,))
    page: ChangeNoticePage = open_page(ChangeNoticePage)
    page.switch_person.setText(str(person))
    page.switch_employer.setText(employer_no)
    page.switch_date.setText("R7.7.10")
    page.save_switch()
    idle(qtbot, page)
    # 25,000 × 4 ordinary; the June one is due; 75,000 over August–May: 7,500 each
    assert "8月 7,500" in page.switch_result.text() and "5月 7,500" in page.switch_result.text()


def test_a_clerk_without_r_collection_is_refused(qtbot: QtBot, open_page: Any, seeded: Seeder) -> None:
    employer_no, _ = seeded([100_000])
    page: ChangeNoticePage = open_page(ChangeNoticePage, "C7CLERK")
    page.employer_no.setText(employer_no)
    page.load_plans()
    idle(qtbot, page)
    assert "権限" in page.message.text() and page.person.count() == 0


def test_notice_print_page_pdf_export_and_cancel(qtbot: QtBot, open_page: Any, seeded: Seeder,
                                                 tmp_path: Path) -> None:
    employer_no, _ = seeded([241_500, 100_000])
    page: NoticePrintPage = open_page(NoticePrintPage)
    page.folder.setText(str(tmp_path))
    page.employer_no.setText(employer_no)
    page.run(export=False)
    idle(qtbot, page)
    assert "3頁" in page.result.text() and (tmp_path / f"tokucho_kettei_2025_{employer_no}.pdf").exists()
    assert page.bar.value() == 1 and page.bar.maximum() == 1
    page.run(export=True)
    idle(qtbot, page)
    assert "印刷データを出力しました" in page.result.text()
    assert (tmp_path / f"tokucho_kettei_2025_{employer_no}.csv").read_text(encoding="utf-8").count("\n") == 4
    page.grab().save(str(SHOTS / "notice_print.png"))
    # cancel before the first employer: nothing written
    page.employer_no.clear()
    page._cancel.set()
    page.run(export=False)
    page.cancel()
    idle(qtbot, page)
    assert "中止" in page.result.text() and not (tmp_path / "tokucho_kettei_2025_all.pdf").exists()


def test_models_pass_qtmodeltester(qtmodeltester: Any, clerk: Any, seeded: Seeder) -> None:
    employer_no, _ = seeded([241_500, 1_000])
    model = PlanModel()
    model.set_rows(collection.employees(clerk, employer_no, TAX_YEAR))
    qtmodeltester.check(model)
    preview = PreviewModel()
    qtmodeltester.check(preview)


def test_person_view_shows_pension_withholding_and_the_collection_tab(qtbot: QtBot, coll_db: ProvisionedDb,
                                                                      clerk: Any, seeded: Seeder) -> None:
    from PySide6.QtWidgets import QLabel

    from app.services import inquiry
    from app.views.person_view import PersonView

    employer_no, ids = seeded([100_000], paid=4)
    collection.save_change(clerk, next(r for r in collection.employees(clerk, employer_no, TAX_YEAR)),
                           TAX_YEAR, collection.ChangeForm("retire", date(2025, 9, 20), date(2025, 9, 25), 4))
    pensioner = ids[0] + 900
    with coll_db.admin() as cur:
        cur.execute("INSERT INTO ledger.person (person_id, family_name, given_name, family_kana, given_kana,"
                    " birth_date, sex, postal_code, address, district)"
                    " VALUES (%s, '高橋', '清', 'タカハシ', 'キヨシ', '1950-02-02', 'M', '025-0075',"
                    " '花巻市花城町3番3号', '花巻')", (pensioner,))
        cur.execute("INSERT INTO ledger.assessment (person_id, tax_year, filing_kind, collection_method,"
                    " pension_revenue, municipal_per_capita, status, computed_at) VALUES (%s, 2025, 'pension_report',"
                    " 'pension', 2400000, 61000, 'assessed', now())", (pensioner,))
    create_application([])
    session = StaffSession.open(coll_db.staff_url("C7APPR"))
    worker = Worker()
    try:
        card = inquiry.person_card(session.db, pensioner, "collection")
        assert card is not None
        view = PersonView(session, worker, card, "collection", TAX_YEAR)
        qtbot.addWidget(view)
        view.resize(1100, 800)
        view.show()
        tab = view.tabs.widget(0)
        assert tab is not None
        texts = [w.text() for w in tab.findChildren(QLabel)]
        # first year: 61,000 → 10,100 × 3 withheld (Oct, Dec, Feb); June 15,700 and August 15,000 ordinary
        assert "本徴収 10月" in texts and "10,100円" in texts and "15,700円" in texts
        assert any("初年度" in t for t in texts)
        view.grab().save(str(SHOTS / "person_pension.png"))
        card = inquiry.person_card(session.db, ids[0], "collection")
        assert card is not None
        view2 = PersonView(session, worker, card, "collection", TAX_YEAR)
        qtbot.addWidget(view2)
        view2.tabs.setCurrentIndex(view2.collection_index)
        shown = view2.collection
        assert shown is not None
        qtbot.waitUntil(lambda: "停止" in shown.text.text(), timeout=10_000)
        assert "8,700" in shown.text.text() and "2025-10-31 33,400円" in shown.text.text()
        qtbot.waitUntil(lambda: not worker.is_busy(), timeout=10_000)
        worker.wait_idle()
        QApplication.processEvents()
        view.close()
        view2.close()
    finally:
        session.close()
    gc.collect()


@pytest.mark.parametrize(("kind", "expected"), [
    # 100,000 through September (33,600): rest 66,400 → 33,400 (31 Oct) + 33,000 (2 Feb)
    ("leave", [("普通徴収 第1期", "令和7年10月31日", 33_400), ("普通徴収 第2期", "令和8年2月2日", 33_000)]),
    ("death", [("普通徴収 第1期", "令和7年10月31日", 33_400), ("普通徴収 第2期", "令和8年2月2日", 33_000)]),
    ("lump_sum", [("一括徴収(最終給与から)", "令和7年9月20日", 66_400)]),
])
def test_every_kind_through_the_screen(qtbot: QtBot, open_page: Any, seeded: Seeder, kind: str,
                                       expected: list[tuple[str, str, int]]) -> None:
    employer_no, ids = seeded([100_000], paid=4)
    page: ChangeNoticePage = open_page(ChangeNoticePage)
    page.employer_no.setText(employer_no)
    page.load_plans()
    qtbot.waitUntil(lambda: page.person.count() == 1, timeout=10_000)
    page.kind.setCurrentIndex(page.kind.findData(kind))
    page.change_date.setText("R7.9.20")
    page.notice_date.setText("R7.9.25")
    if kind == "lump_sum":      # a lump sum comes out of the final pay, which must be known and cover it
        page.final_pay.setText("300000")
    page.collected_through.setCurrentIndex(4)
    assert [(r.who, r.when, r.amount) for r in page.preview._rows][4:] == expected
    page.save()
    idle(qtbot, page)
    assert "反映しました" in page.message.text()
    doc = collection.person_collection(page.session.db, ids[0], TAX_YEAR)
    assert doc["plans"][0]["status"] == "stopped" and doc["changes"][0]["kind"] == kind


def test_pending_change_approved_on_the_screen_by_another_staff_member(qtbot: QtBot, open_page: Any, clerk: Any,
                                                                        seeded: Seeder) -> None:
    employer_no, ids = seeded([241_500], paid=4)
    plan = next(iter(collection.employees(clerk, employer_no, TAX_YEAR)))
    saved = collection.save_change(clerk, plan, TAX_YEAR,
                                   collection.ChangeForm("retire", date(2025, 9, 30), date(2025, 10, 15), 4))
    assert saved.status == "pending"
    page: ChangeNoticePage = open_page(ChangeNoticePage, "C7APPR")
    assert page.approval is not None
    page.load_pending()
    qtbot.waitUntil(lambda: page.pending.findData(saved.change_id) >= 0, timeout=10_000)
    page.pending.setCurrentIndex(page.pending.findData(saved.change_id))
    page.grab().save(str(SHOTS / "change_notice_approval.png"))
    page.decide(True)
    qtbot.waitUntil(lambda: "承認し、反映しました" in page.approval_result.text(), timeout=10_000)
    assert page.pending.findData(saved.change_id) < 0
    assert collection.person_collection(clerk, ids[0], TAX_YEAR)["plans"][0]["status"] == "stopped"
    assert open_page(ChangeNoticePage).approval is None      # a clerk without r_approver has no approval box


def test_tax_change_through_the_collection_page(qtbot: QtBot, open_page: Any, coll_db: ProvisionedDb,
                                                seeded: Seeder) -> None:
    from tests.collection.conftest import set_annual

    employer_no, ids = seeded([241_500])
    page: CollectionPage = open_page(CollectionPage)
    for m in range(4):
        collection.record_month(page.session.db, employer_no, TAX_YEAR, m)
    set_annual(coll_db, ids[0], 50_000)
    page.query.setText(employer_no)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.current_employer() is not None
                    and page.current_employer().employer.employer_no == employer_no, timeout=10_000)  # type: ignore[union-attr]
    idle(qtbot, page)
    assert "税額変更あり(50,000円)" in page.model.index(0, 17).data()
    page.table.setCurrentIndex(page.model.index(0, 1))
    page.apply_tax_change()
    qtbot.waitUntil(lambda: "還付・充当" in page.message.text(), timeout=10_000)
    assert "30,700円" in page.message.text()
    idle(qtbot, page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.model.index(0, 2).data() == "50,000", timeout=10_000)


def test_months_collected_beyond_the_payments_are_refused_on_the_screen(qtbot: QtBot, open_page: Any,
                                                                        seeded: Seeder) -> None:
    # review x8: only two months paid in; the clerk claims four: refused at the form, which is kept
    employer_no, ids = seeded([241_500], paid=2)
    page: ChangeNoticePage = open_page(ChangeNoticePage)
    page.employer_no.setText(employer_no)
    page.load_plans()
    qtbot.waitUntil(lambda: page.person.count() == 1, timeout=10_000)
    page.kind.setCurrentIndex(page.kind.findData("retire"))
    page.change_date.setText("R7.9.30")
    page.notice_date.setText("R7.10.15")
    page.collected_through.setCurrentIndex(4)
    page.save()
    idle(qtbot, page)
    assert "納入済みの月数（2 か月）" in page.field_error.text()
    assert page.collected_through.currentIndex() == 4 and page.notice_date.text() == "R7.10.15"
    assert collection.person_collection(page.session.db, ids[0], TAX_YEAR)["changes"] == []
    page.grab().save(str(SHOTS / "change_notice_months_refused.png"))
