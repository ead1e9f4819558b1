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
SHOTS = Path("/tmp/juminzei-screens")


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
    SHOTS.mkdir(exist_ok=True)
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
    # Enter opens the person: one more audited read, still masked.
    before = test_db.audit_count()
    with qtbot.waitSignal(window.worker.busy_changed, timeout=5_000, check_params_cb=lambda busy: not busy):
        page.query.returnPressed.emit()
    assert test_db.audit_count() == before + 1
    texts = [w.text() for w in window.findChildren(QLabel)] + [w.toolTip() for w in window.findChildren(QWidget)]
    texts.append(QApplication.clipboard().text())
    assert not [t for t in texts if MY_NUMBERS.search(t)]
    assert page.detail.my_number.text() == "************"


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
    assert open_window("CLERK").area_names() == ["inquiry"]
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
    SHOTS.mkdir(exist_ok=True)
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
