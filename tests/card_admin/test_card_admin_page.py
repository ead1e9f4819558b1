"""職員カード管理 offscreen, as an r_admin staff member logged in with a card, through the real
database, the new card in the terminal's issuing reader (the demo's in-process slot): issue → the
card waits for approval (its login says so) → a security officer approves it in カード発行の承認
(opened from the 操作ログ page) → the new card logs in; revoke → login refused in Japanese; PIN
unblock with the PUK (new PIN twice); refusals shown at the field with the input kept; a staff
member without r_admin sees the database's refusal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from k5_support import ADMIN, PIN, PUK, AdminTerminal
from pytestqt.qtbot import QtBot

from app.card.piv import DEFAULT_MANAGEMENT_KEY, PivSession
from app.card.softcard import InProcessTransport, SoftPivCard
from app.services import card_admin
from app.services.card_access import DemoSlot
from app.services.session import StaffSession
from app.views.application import create_application
from app.views.card_admin_page import CardAdminPage
from app.views.login_dialog import LoginDialog
from app.views.worker import Worker
from tests.support.database import ProvisionedDb

pytestmark = pytest.mark.db
SHOTS = Path(__file__).resolve().parents[2] / "build" / "screens"


@pytest.fixture
def worker(qtbot: QtBot) -> Iterator[Worker]:
    create_application([])
    worker = Worker()
    yield worker
    worker.wait_idle()


def _idle(qtbot: QtBot, worker: Worker) -> None:
    qtbot.waitUntil(lambda: not worker.is_busy(), timeout=15_000)


def _page(qtbot: QtBot, session: StaffSession, worker: Worker, slot: DemoSlot) -> CardAdminPage:
    page = CardAdminPage(session, worker, 2025, reader=slot)
    qtbot.addWidget(page)
    page.resize(1180, 520)
    page.show()
    _idle(qtbot, worker)
    return page


def _state(page: CardAdminPage, code: str) -> str:
    row = next(i for i, r in enumerate(page.rows) if r.staff_code == code)
    return str(page.model.index(row, 3).data())


def _login(qtbot: QtBot, admin: AdminTerminal, worker: Worker, code: str, card: SoftPivCard,
           pin: str) -> LoginDialog:
    """The login screen at a clerk's terminal with `card` in its reader."""
    slot = DemoSlot()
    card.power_off()
    slot.insert(card)
    dialog = LoginDialog(admin.bootstrap, slot, worker)
    qtbot.addWidget(dialog)
    dialog.code.setText(code)
    dialog.pin.setText(pin)
    dialog.login()
    _idle(qtbot, worker)
    return dialog


def _active(admin: AdminTerminal, code: str, card: SoftPivCard) -> None:
    """Issued and approved (by the security officer AUDITOR)."""
    issued = card_admin.issue(admin.session.db, code, PivSession(InProcessTransport(card)), PIN,
                              DEFAULT_MANAGEMENT_KEY)
    admin.approve(code, issued.card_guid)


def _save(widget: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / name))  # type: ignore[attr-defined]


def test_issue_on_screen_then_the_new_card_logs_in(qtbot: QtBot, qtmodeltester: object, admin: AdminTerminal,
                                                   worker: Worker) -> None:
    code = admin.new_staff("K5G1", "画面 発行子")
    slot = DemoSlot()
    page = _page(qtbot, admin.session, worker, slot)
    qtmodeltester.check(page.model)  # type: ignore[attr-defined]
    assert _state(page, code) == "未発行"
    assert page.select(ADMIN)  # one's own row: nothing to issue, revoke or rotate
    assert not page.issue_button.isEnabled() and not page.revoke_button.isEnabled()
    assert page.select(code)
    assert page.issue_button.isEnabled() and not page.revoke_button.isEnabled()

    dialog = page.start_issue()
    assert dialog is not None
    # No card in the issuing reader yet: said so, and the form keeps what was typed.
    dialog.pin.setText(PIN)
    dialog.submit()
    _idle(qtbot, worker)
    assert "発行用リーダーにカードが挿入されていません" in dialog.error.text()
    assert dialog.isVisible() and dialog.pin.text() == PIN
    # A management key that is not 48 hex digits: refused at its field before the card is asked.
    dialog.management_key.setText("0102")
    dialog.submit()
    assert "48桁" in dialog.error.text() and dialog.management_key.hasFocus() is dialog.isActiveWindow()
    dialog.management_key.clear()

    card = admin.blank_card("g1")
    slot.insert(card)
    _save(dialog, "card_admin_issue_dialog.png")
    dialog.submit()
    _idle(qtbot, worker)
    assert not dialog.isVisible()
    assert "K5G1 にカード" in page.message.text() and "発行しました" in page.message.text()
    assert "承認すると使えるようになります" in page.message.text()
    assert _state(page, code) == "承認待ち"
    qtmodeltester.check(page.model)  # type: ignore[attr-defined]
    _save(page, "card_admin_page.png")

    # Not yet approved: the login says so, in Japanese, before the PIN is asked.
    waiting = _login(qtbot, admin, worker, code, card, PIN)
    assert waiting.session is None and "このカードは発行の承認待ちです" in waiting.error.text()
    assert card.pin_retries_left == 3
    _save(waiting, "card_admin_pending_login.png")
    admin.approve(code, card.guid.hex())
    page.refresh()
    _idle(qtbot, worker)
    assert _state(page, code) == "有効"

    login = _login(qtbot, admin, worker, code, card, PIN)
    assert login.session is not None, login.error.text()
    assert login.session.identity.staff_code == code
    login.session.close()
    assert [r[:2] for r in admin.audit("card.issue", f"staff={code} %")] == [("s_k5adm", "ok")]


def test_security_officer_approves_from_the_audit_page(qtbot: QtBot, qtmodeltester: object, admin: AdminTerminal,
                                                      test_db: ProvisionedDb, worker: Worker) -> None:
    from app.views.audit_page import AuditPage
    from app.views.card_admin_page import CardApprovalDialog

    code, other = admin.new_staff("K5G6", "承認 六子"), admin.new_staff("K5G7", "却下 七郎")
    card, rejected_card = admin.blank_card("g6"), admin.blank_card("g7")
    for who, c in ((code, card), (other, rejected_card)):
        card_admin.issue(admin.session.db, who, PivSession(InProcessTransport(c)), PIN, DEFAULT_MANAGEMENT_KEY)
    officer = StaffSession.open(test_db.staff_url("AUDITOR"))
    try:
        audit = AuditPage(officer, worker, 2025)
        qtbot.addWidget(audit)
        dialog = audit.open_card_approvals()
        assert isinstance(dialog, CardApprovalDialog)
        qtbot.addWidget(dialog)
        _idle(qtbot, worker)
        panel = dialog.panel
        qtmodeltester.check(panel.model)  # type: ignore[attr-defined]
        assert {code, other} <= {r.staff_code for r in panel.rows}
        assert not panel.approve_button.isEnabled()  # nothing selected yet
        assert panel.select(code) and panel.approve_button.isEnabled() and panel.reject_button.isEnabled()
        row = panel.current()
        assert row is not None and panel.model.index(panel.rows.index(row), 6).data() == "K5ADM"
        asked: list[str] = []

        def decline(_title: str, text: str) -> bool:
            asked.append(text)
            return False

        panel.confirm = decline  # type: ignore[method-assign,assignment]
        panel.start_approve()  # declined: nothing happens
        assert "カードが本人に渡ったことを確認しましたか" in asked[0] and "K5ADM" in asked[0]
        _save(dialog, "card_admin_approvals.png")
        panel.confirm = lambda title, text: True  # type: ignore[method-assign]
        panel.start_approve()
        _idle(qtbot, worker)
        assert "発行を承認しました" in panel.message.text() and code not in {r.staff_code for r in panel.rows}
        assert panel.select(other)
        panel.start_reject()
        _idle(qtbot, worker)
        assert "発行を却下しました" in panel.message.text() and other not in {r.staff_code for r in panel.rows}
    finally:
        officer.close()
    login = _login(qtbot, admin, worker, code, card, PIN)
    assert login.session is not None, login.error.text()
    login.session.close()
    refused = _login(qtbot, admin, worker, other, rejected_card, PIN)
    assert refused.session is None and "有効なカードがありません" in refused.error.text()
    assert [r[:2] for r in admin.audit("card.issue_approve", f"staff={code} %")] == [("s_auditor", "ok")]


def test_revoke_on_screen_then_login_is_refused_in_japanese(qtbot: QtBot, admin: AdminTerminal,
                                                            worker: Worker) -> None:
    code = admin.new_staff("K5G2", "画面 失効郎")
    card = admin.blank_card("g2")
    _active(admin, code, card)
    page = _page(qtbot, admin.session, worker, DemoSlot())
    page.select(code)
    asked: list[str] = []

    def decline(_title: str, text: str) -> bool:
        asked.append(text)
        return False

    page.confirm = decline  # type: ignore[method-assign,assignment]
    page.start_revoke()  # declined: nothing happens
    _idle(qtbot, worker)
    assert len(asked) == 1 and "元に戻せません" in asked[0] and _state(page, code) == "有効"

    page.confirm = lambda title, text: True  # type: ignore[method-assign]
    page.start_revoke()
    _idle(qtbot, worker)
    assert "失効させました" in page.message.text() and _state(page, code) == "失効"
    assert not page.revoke_button.isEnabled() and page.issue_button.isEnabled()

    login = _login(qtbot, admin, worker, code, card, PIN)
    assert login.session is None
    assert "有効なカードがありません" in login.error.text()
    _save(login, "card_admin_revoked_login.png")


def test_unblock_on_screen_with_puk(qtbot: QtBot, admin: AdminTerminal, worker: Worker) -> None:
    code = admin.new_staff("K5G3", "画面 解除美")
    card = admin.blank_card("g3")
    _active(admin, code, card)
    blocked = _login(qtbot, admin, worker, code, card, "00000000")
    for _ in range(2):
        blocked.pin.setText("00000000")
        blocked.login()
        _idle(qtbot, worker)
    assert "ロックされています" in blocked.error.text()

    slot = DemoSlot()
    page = _page(qtbot, admin.session, worker, slot)
    page.select(code)
    dialog = page.start_unblock()
    assert dialog is not None
    assert all(f.echoMode() == f.EchoMode.Password for f in (dialog.puk, dialog.new_pin, dialog.new_pin_again))
    card.power_off()
    slot.insert(card)
    # The new PIN typed twice differently: refused at the field, the card untouched.
    dialog.puk.setText("11112222")
    dialog.new_pin.setText("135790")
    dialog.new_pin_again.setText("135799")
    dialog.submit()
    assert "一致しません" in dialog.error.text() and card.puk_retries_left == 3
    # A wrong PUK: the card counts down; the message says how many tries are left; input kept.
    dialog.new_pin_again.setText("135790")
    dialog.submit()
    _idle(qtbot, worker)
    assert "PUKが違います" in dialog.error.text() and "残り2回" in dialog.error.text()
    assert dialog.isVisible() and dialog.new_pin.text() == "135790" and card.puk_retries_left == 2
    _save(dialog, "card_admin_unblock_wrong_puk.png")
    dialog.puk.setText(PUK)
    dialog.submit()
    _idle(qtbot, worker)
    assert not dialog.isVisible() and "PINを再設定しました" in page.message.text()
    assert card.pin_retries_left == 3

    login = _login(qtbot, admin, worker, code, card, "135790")
    assert login.session is not None, login.error.text()
    login.session.close()
    assert [r[1] for r in admin.audit("card.unblock", f"staff={code} %")] == ["denied", "ok"]


def test_unblock_refuses_another_staff_members_card(qtbot: QtBot, admin: AdminTerminal, worker: Worker) -> None:
    mine, theirs = admin.new_staff("K5G4", "本人 四"), admin.new_staff("K5G5", "他人 五")
    card_mine, card_theirs = admin.blank_card("g4"), admin.blank_card("g5")
    for code, card in ((mine, card_mine), (theirs, card_theirs)):
        _active(admin, code, card)
    slot = DemoSlot()
    page = _page(qtbot, admin.session, worker, slot)
    page.select(mine)
    dialog = page.start_unblock()
    assert dialog is not None
    slot.insert(card_theirs)
    dialog.puk.setText(PUK)
    dialog.new_pin.setText("135790")
    dialog.new_pin_again.setText("135790")
    dialog.submit()
    _idle(qtbot, worker)
    assert "別の職員（K5G5）のカードです" in dialog.error.text()
    assert card_theirs.puk_retries_left == 3 and dialog.puk.text() == PUK


def test_staff_without_r_admin_sees_the_database_refusal(qtbot: QtBot, test_db: ProvisionedDb,
                                                        worker: Worker) -> None:
    session = StaffSession.open(test_db.staff_url("CLERK"))
    try:
        page = _page(qtbot, session, worker, DemoSlot())
        assert page.rows == [] and "この操作を行う権限がありません" in page.message.text()
        assert not page.issue_button.isEnabled() and not page.unblock_button.isEnabled()
    finally:
        session.close()


def test_main_window_offers_the_page_to_r_admin_only(qtbot: QtBot, admin: AdminTerminal, test_db: ProvisionedDb,
                                                     worker: Worker) -> None:
    from app.views.main_window import MainWindow

    window = MainWindow(admin.session, worker, 2025)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    _idle(qtbot, worker)
    page = window.page(CardAdminPage)
    assert page is not None and "admin" in window.area_names()
    window.nav.setCurrentRow(window.area_names().index("admin"))
    assert any(r.staff_code == ADMIN for r in page.rows)
    _save(window, "card_admin_main_window.png")
    clerk = StaffSession.open(test_db.staff_url("CLERK"))
    try:
        other = MainWindow(clerk, worker, 2025)
        qtbot.addWidget(other)
        assert other.page(CardAdminPage) is None and "admin" not in other.area_names()
        _idle(qtbot, worker)
    finally:
        clerk.close()


def test_page_in_english(qtbot: QtBot, admin: AdminTerminal, worker: Worker, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from app.views.application import install_translations

    app = create_application([])
    monkeypatch.setenv("JUMINZEI_LANG", "en")
    installed = install_translations(app, "en")  # type: ignore[arg-type]
    try:
        page = _page(qtbot, admin.session, worker, DemoSlot())
        assert page.model.headerData(5, Qt.Orientation.Horizontal) == "Key fingerprint"
        assert page.issue_button.text() == "&Issue card…"
        states = {page.model.index(i, 3).data() for i in range(page.model.rowCount())}
        assert "Active" in states and "None issued" in states
        page.select("CLERK")
        dialog = page.start_unblock()
        assert dialog is None  # CLERK has no card: nothing to unblock
        page.select(ADMIN)
        dialog = page.start_unblock()
        assert dialog is not None and dialog.windowTitle() == "Unblock PIN"
        dialog.submit()  # empty PUK: refused at the field, in English
        assert dialog.error.text() == "A PUK has 6 to 8 characters."
        _save(page, "card_admin_page_en.png")
        _save(dialog, "card_admin_unblock_en.png")
    finally:
        for translator in installed:
            QApplication.removeTranslator(translator)
