"""Card login and terminal control offscreen, with software cards in the demo's card slot and the
real database: wrong PIN, lock on removal (nothing readable), unlock with the same card keeps the
input, another card ends the session, idle lock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from app.card.piv import DEFAULT_MANAGEMENT_KEY, PivSession
from app.card.softcard import InProcessTransport, SoftPivCard
from app.db.urls import libpq_dsn
from app.services import enrolment
from app.services.card_access import DemoSlot
from app.views.application import create_application
from app.views.lock import CardEvents, TerminalGuard
from app.views.login_dialog import LoginDialog
from app.views.main_window import MainWindow
from app.views.worker import Worker
from tests.support.database import ProvisionedDb

pytestmark = pytest.mark.db
PIN = "246810"
SHOTS = Path(__file__).resolve().parent.parent / "build" / "screens"


@pytest.fixture(scope="module")
def cards(test_db: ProvisionedDb, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two staff members of their own (roles are shared by the cluster) with enrolled soft cards."""
    folder = tmp_path_factory.mktemp("cards")
    paths = {}
    for code, name in (("LOCK1", "施錠 一"), ("LOCK2", "施錠 二")):
        card = SoftPivCard(pin=PIN, state_path=folder / f"{code}.json")
        card.provision(holder=name)
        enrolment.enrol(test_db.admin_url, code, name, ["r_inquiry"], PivSession(InProcessTransport(card)),
                        DEFAULT_MANAGEMENT_KEY, PIN)
        paths[code] = folder / f"{code}.json"
    return paths


@pytest.fixture
def terminal(qtbot: QtBot) -> Iterator[tuple[DemoSlot, CardEvents, Worker]]:
    create_application([])
    slot, events, worker = DemoSlot(), CardEvents(), Worker()
    slot.subscribe(events.changed.emit)
    yield slot, events, worker
    worker.wait_idle()


def _login(qtbot: QtBot, test_db: ProvisionedDb, slot: DemoSlot, worker: Worker, code: str,
           pin: str) -> LoginDialog:
    dialog = LoginDialog(libpq_dsn(test_db.admin_url, username="juminzei_login"), slot, worker)
    qtbot.addWidget(dialog)
    dialog.code.setText(code)
    dialog.pin.setText(pin)
    with qtbot.waitSignal(worker.busy_changed, timeout=10_000, check_params_cb=lambda busy: not busy):
        dialog.login()
    return dialog


def _logged_in_terminal(qtbot: QtBot, test_db: ProvisionedDb, cards: dict[str, Path], terminal: Any,
                        idle_ms: int = 600_000) -> TerminalGuard:
    """LOCK1's card inserted, logged in, the main window open under terminal control."""
    slot, events, worker = terminal
    slot.insert(_card(cards, "LOCK1"))
    dialog = _login(qtbot, test_db, slot, worker, "LOCK1", PIN)
    assert dialog.session is not None
    window = MainWindow(dialog.session, worker, 2025)
    qtbot.addWidget(window)
    return TerminalGuard(window, dialog.session, slot, dialog.card_id, events, worker, idle_ms=idle_ms)


def _card(cards: dict[str, Path], code: str) -> SoftPivCard:
    return SoftPivCard(pin=PIN, state_path=cards[code])


def test_login_needs_the_card_and_says_how_many_tries_are_left(qtbot: QtBot, test_db: ProvisionedDb,
                                                                cards: dict[str, Path], terminal: Any) -> None:
    slot, _events, worker = terminal
    dialog = _login(qtbot, test_db, slot, worker, "LOCK1", PIN)
    assert dialog.session is None and "カード" in dialog.error.text()  # no card inserted yet
    slot.insert(_card(cards, "LOCK1"))
    dialog = _login(qtbot, test_db, slot, worker, "LOCK1", "000000")
    assert dialog.session is None and "残り2回" in dialog.error.text()
    dialog = _login(qtbot, test_db, slot, worker, "LOCK1", PIN)
    assert dialog.session is not None and dialog.session.identity.staff_code == "LOCK1"
    assert dialog.pin.text() == ""  # the PIN is not kept
    dialog.session.close()


def test_pulling_the_card_locks_and_the_same_card_unlocks_with_input_intact(
        qtbot: QtBot, test_db: ProvisionedDb, cards: dict[str, Path], terminal: Any) -> None:
    slot, events, worker = terminal
    slot.insert(_card(cards, "LOCK1"))
    dialog = _login(qtbot, test_db, slot, worker, "LOCK1", PIN)
    session = dialog.session
    assert session is not None
    window = MainWindow(session, worker, 2025)
    qtbot.addWidget(window)
    guard = TerminalGuard(window, session, slot, dialog.card_id, events, worker)
    window.show()
    page = window.search_page
    page.purpose.setCurrentIndex(1)
    with qtbot.waitSignal(page.status_message, timeout=10_000):
        page.query.setText("サトウ タロウ")
    assert page.model.rowCount() == 1
    before = test_db.audit_count()

    slot.remove()
    assert guard.is_locked and window.is_locked()
    texts = " ".join(w.text() for w in window.findChildren(QLabel) if w.isVisible())
    assert "佐藤" not in texts and "サトウ" not in texts and "カードが抜かれた" in texts
    assert not any(w.isVisible() and "サトウ" in w.text() for w in window.findChildren(QLineEdit))
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / "locked.png"))
    assert not guard.page.pin.isEnabled()  # no card: nothing to type a PIN for

    slot.insert(_card(cards, "LOCK1"))
    qtbot.waitUntil(guard.page.pin.isEnabled, timeout=5_000)
    guard.page.pin.setText("111111")
    with qtbot.waitSignal(worker.busy_changed, timeout=5_000, check_params_cb=lambda busy: not busy):
        guard.page.button.click()
    assert guard.is_locked and "残り" in guard.page.error.text()
    guard.page.pin.setText(PIN)
    with qtbot.waitSignal(guard.unlocked, timeout=5_000):
        guard.page.button.click()
    assert not window.is_locked() and page.query.text() == "サトウ タロウ" and page.model.rowCount() == 1
    qtbot.waitUntil(lambda: test_db.audit_count() >= before + 2, timeout=5_000)
    with test_db.admin() as cur:
        cur.execute("SELECT action FROM audit.event WHERE staff = 's_lock1' AND action LIKE 'session.%'"
                    " ORDER BY event_id")
        assert [r[0] for r in cur.fetchall()][-2:] == ["session.lock_card_removed", "session.unlock"]
    guard.stop()
    session.close()


def test_another_card_ends_the_session(qtbot: QtBot, test_db: ProvisionedDb, cards: dict[str, Path],
                                       terminal: Any) -> None:
    slot, _events, _worker = terminal
    guard = _logged_in_terminal(qtbot, test_db, cards, terminal)
    slot.remove()
    with qtbot.waitSignal(guard.session_ended, timeout=5_000) as ended:
        slot.insert(_card(cards, "LOCK2"))
    assert "別のカード" in ended.args[0]
    guard.stop()
    guard.session.close()


def test_an_idle_terminal_locks_itself(qtbot: QtBot, test_db: ProvisionedDb, cards: dict[str, Path],
                                       terminal: Any) -> None:
    guard = _logged_in_terminal(qtbot, test_db, cards, terminal, idle_ms=200)
    with qtbot.waitSignal(guard.locked, timeout=5_000) as locked:
        pass
    assert locked.args == ["idle"] and guard.page.pin.isEnabled()
    guard.stop()
    guard.session.close()


def test_a_lost_reader_locks_with_its_own_explanation(qtbot: QtBot, test_db: ProvisionedDb, cards: dict[str, Path],
                                                      terminal: Any) -> None:
    _slot, events, _worker = terminal
    guard = _logged_in_terminal(qtbot, test_db, cards, terminal)
    with qtbot.waitSignal(guard.locked, timeout=5_000) as locked:
        events.changed.emit("reader_lost", "Virtual PCD 00 00")
    assert locked.args == ["reader"] and "カードリーダー" in guard.page.title.text()
    guard.stop()
    guard.session.close()


def test_only_the_login_readers_removal_locks(qtbot: QtBot, test_db: ProvisionedDb, cards: dict[str, Path],
                                              terminal: Any) -> None:
    # An administrator's terminal has a second reader for the cards being issued. The demo slot
    # cannot name its reader, so the name a PC/SC slot reports after login is set here by hand.
    _slot, events, _worker = terminal
    guard = _logged_in_terminal(qtbot, test_db, cards, terminal)
    guard.login_reader = "Virtual PCD 00 00"
    events.changed.emit("removed", "Virtual PCD 00 01")
    events.changed.emit("reader_lost", "Virtual PCD 00 01")
    assert not guard.is_locked
    with qtbot.waitSignal(guard.locked, timeout=5_000) as locked:
        events.changed.emit("removed", "Virtual PCD 00 00")
    assert locked.args == ["card"]
    guard.stop()
    guard.session.close()
