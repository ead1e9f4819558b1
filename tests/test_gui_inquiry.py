"""The inquiry screens offscreen, through the real database and the real worker threads."""

from __future__ import annotations

import re
import time
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.models.person import PersonSummary
from app.services.session import StaffSession
from app.views.application import create_application
from app.views.main_window import MainWindow
from app.views.worker import Worker
from tests.support.database import ProvisionedDb

pytestmark = pytest.mark.db
MY_NUMBERS = re.compile(r"\d{12}|\d{4}\s\d{4}\s\d{4}")
# Offscreen renderings of each screen, kept as test artefacts to look at (build/ is not committed).
SHOTS = Path(__file__).resolve().parent.parent / "build" / "screens"


@pytest.fixture
def open_window(qtbot: QtBot, test_db: ProvisionedDb) -> Any:
    windows: list[tuple[MainWindow, StaffSession]] = []

    def make(code: str) -> MainWindow:
        create_application([])
        worker = Worker()
        session = StaffSession.open(test_db.staff_url(code))
        window = MainWindow(session, worker, 2025)
        qtbot.addWidget(window)
        window.show()
        windows.append((window, session))
        return window

    yield make
    for window, session in windows:
        window.worker.wait_idle()
        session.close()


def _search(qtbot: QtBot, window: MainWindow, text: str, purpose_index: int = 1) -> list[PersonSummary]:
    page = window.search_page
    assert page is not None
    page.purpose.setCurrentIndex(purpose_index)
    with qtbot.waitSignal(page.status_message, timeout=10_000):
        page.query.setText(text)
    return [page.model.person(r) for r in range(page.model.rowCount())]


def test_typing_shows_the_right_person(qtbot: QtBot, open_window: Any, test_db: ProvisionedDb) -> None:
    window = open_window("CLERK")
    rows = _search(qtbot, window, "さとう はなこ")
    assert [r.person_id for r in rows] == [1000000002]
    page = window.search_page
    assert page.detail.fields["name"].text() == "佐藤　花子"
    assert page.detail.fields["birth"].text().startswith("昭和57年11月3日")
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / "inquiry-clerk.png"))


@pytest.mark.parametrize("variant", ["サトウ ハナコ", "ｻﾄｳ ﾊﾅｺ", "はなこ　さとう", "佐藤 花子", "ハナコ S57.11.3",
                                     "佐藤 昭和57年11月3日"])
def test_kana_width_and_order_variants_find_the_same_person(qtbot: QtBot, open_window: Any, variant: str) -> None:
    rows = _search(qtbot, open_window("CLERK"), variant)
    assert [r.person_id for r in rows] == [1000000002]


def test_a_bad_date_is_explained_and_nothing_is_searched(qtbot: QtBot, open_window: Any,
                                                         test_db: ProvisionedDb) -> None:
    window = open_window("CLERK")
    before = test_db.audit_count()
    page = window.search_page
    page.purpose.setCurrentIndex(1)
    with qtbot.waitSignal(page.status_message, timeout=5_000):
        page.query.setText("H31.5.1")
    assert "平成" in page.message.text()
    assert test_db.audit_count() == before


def test_a_clerk_never_sees_a_my_number(qtbot: QtBot, open_window: Any, test_db: ProvisionedDb) -> None:
    window = open_window("CLERK")
    rows = _search(qtbot, window, "さとう")
    assert len(rows) == 2
    page = window.search_page
    assert not page.detail.reveal.isVisible()
    for row in range(page.model.rowCount()):
        for column in range(page.model.columnCount()):
            for role in range(0, 14):
                value = page.model.index(row, column).data(role)
                assert not (isinstance(value, str) and MY_NUMBERS.search(value)), value
    # Enter opens the person view: one more audited read, still masked.
    before = test_db.audit_count()
    with qtbot.waitSignal(window.worker.busy_changed, timeout=5_000, check_params_cb=lambda busy: not busy):
        page.query.returnPressed.emit()
    assert test_db.audit_count() == before + 1
    assert page.person_view is not None and page.stack.currentWidget() is page.person_view
    texts = [w.text() for w in window.findChildren(QLabel)] + [w.toolTip() for w in window.findChildren(QWidget)]
    texts.append(QApplication.clipboard().text())
    assert not [t for t in texts if MY_NUMBERS.search(t)]
    assert page.detail.my_number.text() == "************"
    assert "************" in [w.text() for w in page.person_view.findChildren(QLabel)]


def test_reveal_is_for_r_mynumber_and_is_audited(qtbot: QtBot, open_window: Any, test_db: ProvisionedDb) -> None:
    window = open_window("NUMBER")
    _search(qtbot, window, "キクチ")
    page = window.search_page
    assert page.detail.my_number.text() == "************"
    assert page.detail.reveal.isVisible()
    before = test_db.audit_count()
    with qtbot.waitSignal(window.worker.busy_changed, timeout=5_000, check_params_cb=lambda busy: not busy):
        page.detail.reveal.click()
    assert page.detail.my_number.text() == "111111111118"
    assert test_db.audit_count() == before + 1
    with test_db.admin() as cur:
        cur.execute("SELECT action, staff, person_id FROM audit.event ORDER BY event_id DESC LIMIT 1")
        assert cur.fetchone() == ("person.my_number", "s_number", 1000000003)


def test_each_search_leaves_one_audit_row_with_its_purpose(qtbot: QtBot, open_window: Any,
                                                           test_db: ProvisionedDb) -> None:
    window = open_window("CLERK")
    before = test_db.audit_count()
    _search(qtbot, window, "キクチ", purpose_index=2)
    assert test_db.audit_count() == before + 1
    expected = window.search_page.purpose.itemData(2)
    with test_db.admin() as cur:
        cur.execute("SELECT action, purpose FROM audit.event ORDER BY event_id DESC LIMIT 1")
        assert cur.fetchone() == ("person.search", expected)


def test_areas_follow_the_roles(open_window: Any) -> None:
    assert open_window("CLERK").area_names() == ["inquiry", "employer"]
    auditor = open_window("AUDITOR")
    assert auditor.area_names() == ["audit"] and auditor.search_page is None


def test_audit_page_verifies_the_chain(qtbot: QtBot, open_window: Any) -> None:
    window = open_window("AUDITOR")
    page = window.pages.currentWidget()
    with qtbot.waitSignal(window.worker.busy_changed, timeout=10_000, check_params_cb=lambda busy: not busy):
        page.verify_button.click()
    assert page.result.text().startswith("正常")
    with qtbot.waitSignal(window.worker.busy_changed, timeout=10_000, check_params_cb=lambda busy: not busy):
        page.refresh_button.click()
    assert page.model.rowCount() > 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / "audit.png"))


def test_the_gui_thread_keeps_running_during_a_slow_query(qtbot: QtBot, open_window: Any) -> None:
    window = open_window("CLERK")
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(20)
    db = window.session.db
    done: list[object] = []
    started = time.perf_counter()
    window.worker.submit(lambda: db.call("SELECT pg_sleep(1.0) AS slept"), done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    timer.stop()
    during = [t for t in ticks if t < started + 1.0]
    # A blocked GUI thread would deliver no ticks until the query ended.
    assert len(during) >= 20
    assert done == [[{"slept": ""}]]


def test_models_pass_qtmodeltester(qtmodeltester: Any) -> None:
    from datetime import date, datetime

    from app.services.audit_review import AuditEvent
    from app.views.audit_page import AuditEventModel
    from app.views.person_model import PersonTableModel

    people = PersonTableModel()
    qtmodeltester.check(people)
    people.set_rows([PersonSummary(1, "佐藤", "太郎", "サトウ", "タロウ", date(1980, 5, 1), "M", "025-0075",
                                   "花巻市花城町9番30号", "花巻", "resident", "************")])
    qtmodeltester.check(people)
    events = AuditEventModel()
    events.set_rows([AuditEvent(1, datetime(2026, 4, 1, tzinfo=UTC), "s_x", "local-socket", "person.read",
                                1, None, "counter_inquiry", "ok", "")])
    qtmodeltester.check(events)


def test_a_lost_connection_keeps_the_query_and_the_next_search_reconnects(qtbot: QtBot, open_window: Any,
                                                                          test_db: ProvisionedDb) -> None:
    window = open_window("CLERK")
    assert [r.person_id for r in _search(qtbot, window, "キクチ")] == [1000000003]
    # The server ends every session of this clerk (a restart or a network cut looks the same).
    with test_db.admin() as cur:
        cur.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = 's_clerk'")
        assert cur.fetchone()[0] >= 1
    rows = _search(qtbot, window, "サトウ タロウ")
    assert [r.person_id for r in rows] == [1000000001]


def test_an_unreachable_server_is_explained_and_the_input_stays(qtbot: QtBot, open_window: Any) -> None:
    from app.services.db import ConnectionSettings, Database

    window = open_window("CLERK")
    page = window.search_page
    live = window.session.db
    window.session.db = Database(ConnectionSettings("postgresql://s_clerk@127.0.0.1:1/x", connect_timeout_s=2))
    try:
        _search(qtbot, window, "キクチ")
        assert "接続が切れました" in page.message.text()
        assert page.query.text() == "キクチ"
    finally:
        window.session.db.dispose()
        window.session.db = live


def _open_person(qtbot: QtBot, window: MainWindow, query: str) -> Any:
    _search(qtbot, window, query)
    page = window.search_page
    with qtbot.waitSignal(window.worker.busy_changed, timeout=5_000, check_params_cb=lambda busy: not busy):
        page.query.returnPressed.emit()
    assert page.person_view is not None
    return page.person_view


def test_person_view_shows_the_assessment_schedule_and_basis(qtbot: QtBot, open_window: Any,
                                                              test_db: ProvisionedDb) -> None:
    window = open_window("CLERK")
    view = _open_person(qtbot, window, "サトウ タロウ")
    assert [view.tabs.tabText(i) for i in range(view.tabs.count())] == ["令和7年度", "1月1日世帯", "税額の推移"]
    tab = view.tabs.widget(0)
    texts = [w.text() for w in tab.findChildren(QLabel)]
    # 給与 5,200,000, 社会保険料 750,000, 配偶者 花子 (domain.md §4.2, §4.4): 年税額 224,500.
    for expected in ("3,720,000円", "330,000円", "430,000円", "2,210,000円", "131,100円", "87,400円", "224,500円"):
        assert expected in " ".join(texts), expected
    # 給与特別徴収: 224,500 / 12 → 18,700 × 11, June takes the rest 18,800 (§5.1).
    assert "18,800円" in texts and texts.count("18,700円") == 11
    steps = tab.steps.model()
    codes = [steps.index(r, 0).data() for r in range(steps.rowCount())]
    assert codes[0] == "給与所得" and codes[-1] == "年税額"
    assert steps.index(0, 3).data().startswith("所得税法28条")
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / "person-view.png"))
    # Esc goes back to the list.
    view.back.emit()
    assert window.search_page.stack.currentWidget() is window.search_page.list_page


def test_household_tab_is_one_audited_look_up(qtbot: QtBot, open_window: Any, test_db: ProvisionedDb) -> None:
    window = open_window("CLERK")
    view = _open_person(qtbot, window, "サトウ ハナコ")
    before = test_db.audit_count()
    with qtbot.waitSignal(window.worker.busy_changed, timeout=5_000, check_params_cb=lambda busy: not busy):
        view.tabs.setCurrentIndex(view.household_index)
    assert test_db.audit_count() == before + 1
    model = view.household.model
    rows = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert [r[0] for r in rows] == ["世帯主", "妻"]
    assert rows[1][5] == "配偶者として控除" and rows[1][6] == "非課税" and rows[0][6] == "課税"
    window.grab().save(str(SHOTS / "household.png"))


def test_employer_inquiry_lists_monthly_withholding(qtbot: QtBot, open_window: Any, test_db: ProvisionedDb) -> None:
    window = open_window("CLERK")
    window.nav.setCurrentRow(window.area_names().index("employer"))
    page = window.employer_page
    page.year.setCurrentIndex(page.year.findData(2025))
    before = test_db.audit_count()
    with qtbot.waitSignal(window.worker.busy_changed, timeout=5_000, check_params_cb=lambda busy: not busy):
        page.query.setText("はなまきせいこう")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=5_000)
    assert test_db.audit_count() == before + 1  # the employee list; finding the employer reads no person
    model = page.model
    assert model.index(0, 1).data() == "佐藤　太郎" and model.index(0, 3).data() == "224,500"
    assert model.index(0, 4).data() == "18,800" and model.index(0, 5).data() == "18,700"
    assert model.index(1, 1).data() == "合計（1人）" and model.totals[0] == 18_800
    window.grab().save(str(SHOTS / "employer.png"))
    with qtbot.waitSignal(window.worker.busy_changed, timeout=5_000, check_params_cb=lambda busy: not busy):
        page.table.activated.emit(model.index(0, 1))
    assert window.pages.currentWidget() is window.search_page
    assert window.search_page.person_view.card.person.person_id == 1000000001


def test_results_arrive_page_by_page(qtbot: QtBot, open_window: Any, test_db: ProvisionedDb) -> None:
    window = open_window("CLERK")
    page = window.search_page
    page.page_size = 1
    before = test_db.audit_count()
    rows = _search(qtbot, window, "花巻市")
    assert rows and page.model.total == 3
    # The table asks for further pages as it shows rows. Three hits: the search recorded all of them
    # (its count names them), so the pages add no audit rows.
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=5_000)
    assert not page.model.canFetchMore()
    shown = [page.model.person(r).person_id for r in range(3)]
    assert len(set(shown)) == 3
    assert test_db.audit_count() == before + 1
    with test_db.admin() as cur:
        cur.execute("SELECT e.action, e.purpose, p.person_ids FROM audit.event AS e"
                    " JOIN audit.event_persons AS p USING (event_id) WHERE e.event_id > %s", (before,))
        assert cur.fetchall() == [("person.search", page.purpose.currentData(), shown)]


def test_new_models_pass_qtmodeltester(qtmodeltester: Any, open_window: Any, qtbot: QtBot) -> None:
    from app.views.employer_page import EmployeeModel
    from app.views.person_view import HouseholdModel

    window = open_window("CLERK")
    view = _open_person(qtbot, window, "サトウ タロウ")
    qtmodeltester.check(view.tabs.widget(0).steps.model())
    with qtbot.waitSignal(window.worker.busy_changed, timeout=5_000, check_params_cb=lambda busy: not busy):
        view.tabs.setCurrentIndex(view.household_index)
    qtmodeltester.check(view.household.model)
    qtmodeltester.check(HouseholdModel())
    employees = EmployeeModel()
    qtmodeltester.check(employees)
    window.nav.setCurrentRow(1)
    qtmodeltester.check(window.employer_page.model)


def test_the_window_remembers_its_layout(qtbot: QtBot, open_window: Any) -> None:
    first = open_window("CLERK")
    first.resize(700, 500)  # within the offscreen screen (restoreGeometry keeps windows on screen)
    first.search_page.split.setSizes([300, 700])
    first.close()
    second = open_window("CLERK")
    assert (second.width(), second.height()) == (700, 500)
    assert second.search_page.split.sizes()[0] < second.search_page.split.sizes()[1]
