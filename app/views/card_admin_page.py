"""職員カード管理 (r_admin): staff members with their card and the actions on cards: issue a card
(the new card in the terminal's issuing reader, the administrator's own session stays open), revoke
it, unblock a PIN with the PUK. カード発行の承認 (r_security; PendingIssuesPanel, shown in
CardApprovalDialog, opened from the 操作ログ page, and on this page for a staff member holding both
capabilities): the issued cards waiting, to approve or reject (two-person rule: an issued card logs
in only after a different staff member with r_security approved it). Rotating a credential is
self-service (app.services.card_admin.rotate_own) and is not offered on screen: it would change the
password of the connections this very session uses.

Every action runs on the worker thread through app.services.card_admin, whose api functions
decide and audit; this page only asks, confirms and shows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import UserError
from app.services import card_admin, wareki
from app.services.card_access import CardSlot, DemoSlot, PcscSlot, issuing_slot
from app.services.card_admin import PendingIssue, StaffCard
from app.services.card_login import pin_length
from app.services.session import StaffSession
from app.views.messages import QT_TRANSLATE_NOOP, error_text
from app.views.table_model import Index, RowTableModel
from app.views.worker import Worker

ERROR_STYLE = "color: #b00020"
OK_STYLE = "color: #1b5e20"


def _when(value: datetime | None) -> str:
    if value is None:
        return ""
    local = value.astimezone()
    return f"{wareki.format_short(local.date())} {local:%H:%M}"


def _group(hex_text: str | None, length: int = 16) -> str:
    """The first `length` hex digits in groups of four, as people read them aloud."""
    if not hex_text:
        return ""
    head = hex_text[:length].upper()
    return " ".join(head[i:i + 4] for i in range(0, len(head), 4))


def _row_table(model: QAbstractItemModel, row_changed: Callable[[], None]) -> QTableView:
    """A read-only table of whole rows, one selectable at a time, columns fitted to their contents."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.selectionModel().currentRowChanged.connect(lambda *_: row_changed())
    return table


class StaffCardModel(RowTableModel[StaffCard]):
    COLUMNS = (QT_TRANSLATE_NOOP("StaffCardModel", "職員コード"), QT_TRANSLATE_NOOP("StaffCardModel", "氏名"),
               QT_TRANSLATE_NOOP("StaffCardModel", "権限"), QT_TRANSLATE_NOOP("StaffCardModel", "カード"),
               QT_TRANSLATE_NOOP("StaffCardModel", "カード識別子"), QT_TRANSLATE_NOOP("StaffCardModel", "鍵の指紋"),
               QT_TRANSLATE_NOOP("StaffCardModel", "発行日時"), QT_TRANSLATE_NOOP("StaffCardModel", "発行者"),
               QT_TRANSLATE_NOOP("StaffCardModel", "失効日時"), QT_TRANSLATE_NOOP("StaffCardModel", "失効者"))

    def state_text(self, row: StaffCard) -> str:
        if not row.active:
            return self.tr("職員無効")
        if row.pending:
            return self.tr("有効・新カード承認待ち") if row.state == "active" else self.tr("承認待ち")
        return {"active": self.tr("有効"), "revoked": self.tr("失効"), "none": self.tr("未発行")}[row.state]

    def display(self, row: StaffCard, column: int) -> str:
        values = (row.staff_code, row.display_name, ", ".join(c.removeprefix("r_") for c in row.capabilities),
                  self.state_text(row), _group(row.card_guid), _group(row.fingerprint), _when(row.issued_at),
                  row.issued_by or "", _when(row.revoked_at), row.revoked_by or "")
        return values[column]

    def tooltip(self, row: StaffCard, column: int) -> str | None:
        if column == 4 and row.card_guid:
            return row.card_guid
        if column == 5 and row.fingerprint:
            return self.tr("SHA-256: {0}").format(row.fingerprint)
        if column == 3 and row.pending:
            return self.tr("承認待ちのカード: {0}（{1} {2} 発行）").format(
                _group(row.pending_card_guid), _when(row.pending_issued_at), row.pending_issued_by or "")
        if column == 3 and row.cards_issued:
            return self.tr("これまでに発行したカード: {0}枚").format(row.cards_issued)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.ForegroundRole and index.column() == 3:
            row = self.row_at(index.row())
            if row.pending:
                return QColor("#8a5a00")
            return QColor("#1b5e20") if row.state == "active" else QColor("#b00020") if row.state == "revoked" \
                else None
        return super().data(index, role)


class PendingIssueModel(RowTableModel[PendingIssue]):
    """Issued cards waiting for a security officer's decision."""

    COLUMNS = (QT_TRANSLATE_NOOP("PendingIssueModel", "職員コード"), QT_TRANSLATE_NOOP("PendingIssueModel", "氏名"),
               QT_TRANSLATE_NOOP("PendingIssueModel", "権限"), QT_TRANSLATE_NOOP("PendingIssueModel", "カード識別子"),
               QT_TRANSLATE_NOOP("PendingIssueModel", "鍵の指紋"), QT_TRANSLATE_NOOP("PendingIssueModel", "発行日時"),
               QT_TRANSLATE_NOOP("PendingIssueModel", "発行者"),
               QT_TRANSLATE_NOOP("PendingIssueModel", "失効する現在のカード"))

    def display(self, row: PendingIssue, column: int) -> str:
        values = (row.staff_code, row.display_name, ", ".join(c.removeprefix("r_") for c in row.capabilities),
                  _group(row.card_guid), _group(row.fingerprint), _when(row.issued_at), row.issued_by,
                  _group(row.replaces_card_guid) or self.tr("なし"))
        return values[column]

    def tooltip(self, row: PendingIssue, column: int) -> str | None:
        if column == 3:
            return row.card_guid
        if column == 4:
            return self.tr("SHA-256: {0}").format(row.fingerprint)
        return None


class _ActionDialog(QDialog):
    """A small form that stays open while its action runs: a refusal is shown at its field and
    everything typed stays, as on every form here."""

    submitted = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.step = QLabel()
        layout.addWidget(self.step)
        self.error = QLabel()
        self.error.setObjectName("actionError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox()
        self.run_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.fields: dict[str, QLineEdit] = {}

    def set_texts(self, title: str, intro: str, action_label: str) -> None:
        self.setWindowTitle(title)
        self.intro.setText(intro)
        self.run_button.setText(action_label)

    def secret_field(self, name: str, label: str, max_length: int = 8) -> QLineEdit:
        edit = QLineEdit()
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setMaxLength(max_length)
        edit.setObjectName(name)
        edit.textEdited.connect(lambda _text: self.error.clear())  # a refusal is about what was there
        self.form.addRow(label, edit)
        self.fields[name] = edit
        return edit

    def set_running(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.run_button.setEnabled(not running)
        for edit in self.fields.values():
            edit.setReadOnly(running)
        if running:
            self.error.clear()
        else:
            self.step.clear()

    def show_error(self, error: Exception) -> None:
        self.set_running(False)
        self.error.setText(error_text(error))
        self.adjustSize()  # a wrapped message of two lines is shown whole, not clipped
        field = error.field if isinstance(error, UserError) else None
        edit = self.fields.get(field or "")
        if edit is not None:
            edit.setFocus()
            edit.selectAll()

    def submit(self) -> None:
        if self.run_button.isEnabled():
            self.submitted.emit()


class IssueDialog(_ActionDialog):
    def __init__(self, parent: QWidget, row: StaffCard) -> None:
        super().__init__(parent)
        intro = self.tr("職員 {0}（{1}）にカードを発行します。\n発行するカードを発行用リーダーに挿入し、"
                        "職員本人がそのカードのPINを入力してください。カードの鍵は新しく作り直されます。"
                        ).format(row.staff_code, row.display_name)
        intro += "\n" + self.tr("発行したカードは、セキュリティ担当者（あなた以外）が承認するまで使えません。")
        if row.state == "active":
            intro += "\n" + self.tr("現在のカード（{0}）は、承認された時点で失効します。").format(_group(row.card_guid))
        self.set_texts(self.tr("カード発行"), intro, self.tr("発行"))
        self.pin = self.secret_field("pin", self.tr("カードのPIN"))
        self.management_key = self.secret_field("management_key", self.tr("カード管理鍵（空欄は初期値）"), 64)


class UnblockDialog(_ActionDialog):
    def __init__(self, parent: QWidget, row: StaffCard) -> None:
        super().__init__(parent)
        intro = self.tr("職員 {0}（{1}）のカードのPINロックを解除します。\nそのカードを発行用リーダーに挿入し、"
                        "PUK（ロック解除コード）と新しいPINを入力してください。").format(row.staff_code,
                                                                                       row.display_name)
        self.set_texts(self.tr("PINロック解除"), intro, self.tr("ロック解除"))
        self.puk = self.secret_field("puk", self.tr("PUK"))
        self.new_pin = self.secret_field("new_pin", self.tr("新しいPIN（6〜8桁）"))
        self.new_pin_again = self.secret_field("new_pin_again", self.tr("新しいPIN（確認）"))


class CardAdminPage(QWidget):
    status_message = Signal(str)
    _progress = Signal(str)  # emitted on the worker thread, delivered queued to the page

    def __init__(self, session: StaffSession, worker: Worker, tax_year: int, *,
                 reader: CardSlot | None = None) -> None:
        super().__init__()
        self.session, self.worker, self.tax_year = session, worker, tax_year
        self._reader_override = reader
        self.rows: list[StaffCard] = []
        self.dialog: _ActionDialog | None = None
        self._progress.connect(self._show_step)

        layout = QVBoxLayout(self)
        title = QLabel(self.tr("職員カード管理"))
        title.setObjectName("pageTitle")
        title.setStyleSheet("font-size: 15pt; font-weight: bold")
        layout.addWidget(title)
        self.reader_label = QLabel()
        self.reader_label.setWordWrap(True)
        layout.addWidget(self.reader_label)

        self.model = StaffCardModel(self)
        self.table = _row_table(self.model, self._update_buttons)
        layout.addWidget(self.table, 2)

        buttons = QHBoxLayout()
        self.refresh_button = QPushButton(self.tr("一覧を更新 (F5)"))
        self.issue_button = QPushButton(self.tr("カード発行(&I)…"))
        self.revoke_button = QPushButton(self.tr("失効(&R)…"))
        self.unblock_button = QPushButton(self.tr("PINロック解除(&U)…"))
        for button, handler in ((self.refresh_button, self.refresh), (self.issue_button, self.start_issue),
                                (self.revoke_button, self.start_revoke), (self.unblock_button, self.start_unblock)):
            button.clicked.connect(handler)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        # A staff member holding r_security too decides on others' issued cards here as well.
        self.approvals: PendingIssuesPanel | None = None
        if session.identity.can("r_security"):
            self.approvals = PendingIssuesPanel(session, worker, self)
            self.approvals.decided.connect(self.refresh)
            layout.addWidget(self.approvals, 1)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.refresh)

        status = QHBoxLayout()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.setVisible(False)
        status.addWidget(self.busy)
        self.message = QLabel()
        self.message.setObjectName("cardAdminMessage")
        self.message.setWordWrap(True)
        status.addWidget(self.message, 1)
        layout.addLayout(status)
        self._running = False
        self._show_reader()
        self._update_buttons()
        self.refresh()

    # -- the reader ------------------------------------------------------------------------------

    def reader(self) -> CardSlot | None:
        """Where the card to issue or unblock is: the slot given, the terminal's issuing reader, or
        else any PC/SC reader holding a card that is not the administrator's own (None while the
        administrator's own card is not known: their card must never be taken for the new one)."""
        if self._reader_override is not None:
            return self._reader_override
        registered = issuing_slot()
        if registered is not None:
            return registered
        own = self.own_card_guid()
        return None if own is None else PcscSlot(skip_card=own)

    def own_card_guid(self) -> str | None:
        me = self.session.identity.staff_code
        return next((r.card_guid for r in self.rows if r.staff_code == me and r.state == "active"), None)

    def _show_reader(self) -> None:
        slot = self._reader_override or issuing_slot()
        if isinstance(slot, DemoSlot):
            text = self.tr("発行用リーダー: デモのカードリーダー（画面内）")
        elif slot is not None:
            text = self.tr("発行用リーダー: 設定されたカードリーダー")
        else:
            text = self.tr("発行用リーダー: ご自分のカードが入っていないカードリーダー。"
                           "ご自分のカードは抜かないでください（抜くと画面がロックされます）。")
        self.reader_label.setText(text)

    # -- list ------------------------------------------------------------------------------------

    def refresh(self) -> None:
        db = self.session.db
        self.worker.submit(lambda: card_admin.staff_cards(db), self._listed, self._list_failed,
                           key="card_admin_list")
        if self.approvals is not None and self.sender() is not self.approvals:
            self.approvals.refresh()

    def _listed(self, rows: list[StaffCard]) -> None:
        current = self.current()
        self.rows = rows
        self.model.set_rows(rows)
        if current is not None:
            self.select(current.staff_code)
        self._update_buttons()

    def _list_failed(self, error: Exception) -> None:
        self._say(error_text(error), ok=False)

    def select(self, staff_code: str) -> bool:
        for i, row in enumerate(self.rows):
            if row.staff_code == staff_code:
                self.table.selectRow(i)
                self.table.setCurrentIndex(self.model.index(i, 0))
                return True
        return False

    def current(self) -> StaffCard | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() and index.row() < len(self.rows) else None

    def _update_buttons(self) -> None:
        row = self.current()
        mine = row is not None and row.staff_code == self.session.identity.staff_code
        usable = row is not None and row.active and not self._running
        self.issue_button.setEnabled(usable and not mine)
        self.revoke_button.setEnabled(usable and not mine and row is not None and row.state == "active")
        self.unblock_button.setEnabled(usable and row is not None and row.state == "active")
        self.refresh_button.setEnabled(not self._running)

    # -- running an action -----------------------------------------------------------------------

    def confirm(self, title: str, text: str) -> bool:
        """Destructive actions are confirmed; No is the default (Enter does nothing harmful)."""
        answer = QMessageBox.question(self, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _run(self, work: Callable[[], Any], done: Callable[[Any], None], failed: Callable[[Exception], None],
             first_step: str) -> None:
        self._running = True
        self.busy.setVisible(True)
        self._update_buttons()
        self._show_step(first_step)

        def finished_ok(result: Any) -> None:
            self._finish()
            done(result)

        def finished_error(error: Exception) -> None:
            self._finish()
            failed(error)

        self.worker.submit(work, finished_ok, finished_error)

    def _finish(self) -> None:
        self._running = False
        self.busy.setVisible(False)
        self._update_buttons()

    def _show_step(self, step: str) -> None:
        texts = {"card": self.tr("カードを確認しています…"),
                 "key": self.tr("カードに書き込んでいます…（カードを抜かないでください）"),
                 "database": self.tr("データベースに登録しています…"),
                 "revoke": self.tr("カードを失効させています…")}
        text = texts.get(step, step)
        self.message.setStyleSheet("")
        self.message.setText(text)
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.step.setText(text)

    def _say(self, text: str, *, ok: bool) -> None:
        self.message.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.message.setText(text)
        if ok:
            self.status_message.emit(text)

    def _with_card(self, action: Callable[[Any], Any]) -> Callable[[], Any]:
        """On the worker: open the card in the issuing reader, act on it, release the reader."""
        slot = self.reader()

        def work() -> Any:
            if slot is None:
                raise UserError("ご自分のカードが確認できないため、発行用リーダーを決められません。"
                                "一覧を更新してください。",
                                "Your own card is not known, so the issuing reader cannot be chosen. "
                                "Refresh the list.")
            try:
                session = slot.open()
            except UserError:
                if not isinstance(slot, DemoSlot):
                    raise  # PC/SC says itself what is missing: the service, a reader or a card
                raise UserError("発行用リーダーにカードが挿入されていません。カードを挿入してください。",
                                "No card in the issuing reader. Insert the card.") from None
            try:
                return action(session)
            finally:
                session.transport.close()

        return work

    # -- issue -----------------------------------------------------------------------------------

    def start_issue(self) -> IssueDialog | None:
        row = self.current()
        if row is None or self._running:
            return None
        if row.state == "active" and not self.confirm(
                self.tr("カード発行"),
                self.tr("職員 {0}（{1}）には有効なカード（{2}）があります。新しいカードの発行が承認されると、"
                        "そのカードは失効します。続けますか？").format(row.staff_code, row.display_name,
                                                                     _group(row.card_guid))):
            return None
        dialog = IssueDialog(self, row)
        dialog.submitted.connect(lambda: self._issue(dialog, row))
        self.dialog = dialog
        dialog.open()
        dialog.pin.setFocus()
        return dialog

    def _issue(self, dialog: IssueDialog, row: StaffCard) -> None:
        pin = dialog.pin.text()
        try:
            key = card_admin.parse_management_key(dialog.management_key.text())
            if not 6 <= len(pin) <= 8:
                raise pin_length()  # refused before the card is asked: no try is spent
        except UserError as exc:
            dialog.show_error(exc)
            return
        db, code, progress = self.session.db, row.staff_code, self._progress.emit
        dialog.set_running(True)
        work = self._with_card(lambda card: card_admin.issue(db, code, card, pin, key, progress=progress))

        def issued(result: card_admin.Issued) -> None:
            dialog.set_running(False)
            dialog.accept()
            self._say(self.tr("職員 {0} にカード（{1}）を発行しました。セキュリティ担当者が承認すると使えるように"
                              "なります。鍵の指紋: {2}").format(
                code, _group(result.card_guid), _group(result.fingerprint)), ok=True)
            self.refresh()

        def failed(error: Exception) -> None:
            dialog.show_error(error)
            self._say(error_text(error), ok=False)
            self.refresh()  # a key may have been replaced on the card; the list shows what the database holds

        self._run(work, issued, failed, "card")

    # -- revoke ----------------------------------------------------------------------------------

    def start_revoke(self) -> None:
        row = self.current()
        if row is None or self._running or row.state != "active":
            return
        if not self.confirm(self.tr("カードの失効"),
                            self.tr("職員 {0}（{1}）のカード（{2}）を失効させます。このカードではログインできなく"
                                    "なり、元に戻せません。続けますか？").format(
                                row.staff_code, row.display_name, _group(row.card_guid))):
            return
        db, code = self.session.db, row.staff_code

        def revoked(guid: str) -> None:
            self._say(self.tr("職員 {0} のカード（{1}）を失効させました。").format(code, _group(guid)), ok=True)
            self.refresh()

        self._run(lambda: card_admin.revoke(db, code), revoked, self._failed, "revoke")

    # -- unblock ---------------------------------------------------------------------------------

    def start_unblock(self) -> UnblockDialog | None:
        row = self.current()
        if row is None or self._running or row.state != "active":
            return None
        dialog = UnblockDialog(self, row)
        dialog.submitted.connect(lambda: self._unblock(dialog, row))
        self.dialog = dialog
        dialog.open()
        dialog.puk.setFocus()
        return dialog

    def _unblock(self, dialog: UnblockDialog, row: StaffCard) -> None:
        puk, new_pin = dialog.puk.text(), dialog.new_pin.text()
        try:
            if not 6 <= len(puk) <= 8:
                raise UserError("PUKは6〜8文字です。", "A PUK has 6 to 8 characters.", field="puk")
            card_admin.check_new_pin(new_pin, dialog.new_pin_again.text())
        except UserError as exc:
            dialog.show_error(exc)
            return
        db, code, progress = self.session.db, row.staff_code, self._progress.emit
        dialog.set_running(True)
        work = self._with_card(lambda card: card_admin.unblock(db, code, card, puk, new_pin, progress=progress))

        def unblocked(_guid: str) -> None:
            dialog.set_running(False)
            dialog.accept()
            self._say(self.tr("職員 {0} のカードのPINを再設定しました。新しいPINでログインできます。").format(code),
                      ok=True)

        def failed(error: Exception) -> None:
            dialog.show_error(error)
            self._say(error_text(error), ok=False)

        self._run(work, unblocked, failed, "card")

    def _failed(self, error: Exception) -> None:
        self._say(error_text(error), ok=False)
        self.refresh()


class PendingIssuesPanel(QWidget):
    """カード発行の承認 (r_security): the issued cards waiting for a decision, with approve and
    reject. The database refuses the issuer and the holder; the buttons say so beforehand."""

    decided = Signal()

    def __init__(self, session: StaffSession, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.worker = session, worker
        self.rows: list[PendingIssue] = []
        self._running = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(self.tr("カード発行の承認待ち"))
        title.setStyleSheet("font-weight: bold")
        layout.addWidget(title)
        hint = QLabel(self.tr("発行されたカードは、発行者とも本人とも別のセキュリティ担当者が承認するまで使えません。"
                              "カードが本人に渡ったことを確かめてから承認してください。"))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.model = PendingIssueModel(self)
        self.table = _row_table(self.model, self._update_buttons)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.refresh_button = QPushButton(self.tr("承認待ちを更新"))
        self.approve_button = QPushButton(self.tr("承認(&A)…"))
        self.reject_button = QPushButton(self.tr("却下(&J)…"))
        for button, handler in ((self.approve_button, self.start_approve), (self.reject_button, self.start_reject),
                                (self.refresh_button, self.refresh)):
            button.clicked.connect(handler)
            buttons.addWidget(button)
        self.message = QLabel()
        self.message.setObjectName("approvalMessage")
        self.message.setWordWrap(True)
        buttons.addWidget(self.message, 1)
        layout.addLayout(buttons)
        self._update_buttons()
        self.refresh()

    def refresh(self) -> None:
        db = self.session.db
        self.worker.submit(lambda: card_admin.pending_issues(db), self._listed, self._failed,
                           key="card_admin_pending")

    def _listed(self, rows: list[PendingIssue]) -> None:
        current = self.current()
        self.rows = rows
        self.model.set_rows(rows)
        if current is not None:
            self.select(current.staff_code)
        if not rows and not self.message.text():  # a decision's own message stays
            self._say(self.tr("承認待ちの発行はありません。"), ok=True)
        self._update_buttons()

    def select(self, staff_code: str) -> bool:
        for i, row in enumerate(self.rows):
            if row.staff_code == staff_code:
                self.table.selectRow(i)
                self.table.setCurrentIndex(self.model.index(i, 0))
                return True
        return False

    def current(self) -> PendingIssue | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() and index.row() < len(self.rows) else None

    def _update_buttons(self) -> None:
        row, me = self.current(), self.session.identity.staff_code
        # One's own card, or a card one issued, is decided by someone else (the database refuses too).
        decidable = row is not None and not self._running and row.staff_code != me
        self.approve_button.setEnabled(decidable and row is not None and row.issued_by != me)
        self.reject_button.setEnabled(decidable)
        self.refresh_button.setEnabled(not self._running)

    def confirm(self, title: str, text: str) -> bool:
        """No is the default: Enter approves nothing."""
        answer = QMessageBox.question(self, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _say(self, text: str, *, ok: bool) -> None:
        self.message.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.message.setText(text)

    def _failed(self, error: Exception) -> None:
        self._running = False
        self._say(error_text(error), ok=False)
        self._update_buttons()

    def _decide(self, work: Callable[[], Any], done_text: str) -> None:
        self._running = True
        self._update_buttons()
        self._say(self.tr("処理しています…"), ok=True)

        def done(_result: Any) -> None:
            self._running = False
            self._say(done_text, ok=True)
            self.refresh()
            self.decided.emit()

        def failed(error: Exception) -> None:
            self._failed(error)
            self.refresh()

        self.worker.submit(work, done, failed)

    def start_approve(self) -> None:
        row = self.current()
        if row is None or self._running:
            return
        text = self.tr("職員 {0}（{1}）へのカード（{2}）の発行を承認します。鍵の指紋: {3}\n"
                       "承認すると、このカードでログインできるようになります。").format(
            row.staff_code, row.display_name, _group(row.card_guid), _group(row.fingerprint))
        if row.replaces_card_guid:
            text += self.tr("現在のカード（{0}）は失効し、その職員の接続はすべて切断されます。").format(
                _group(row.replaces_card_guid))
        text += "\n" + self.tr("発行者（{0}）とは別の立場で、カードが本人に渡ったことを確認しましたか？").format(
            row.issued_by)
        if not self.confirm(self.tr("カード発行の承認"), text):
            return
        db, code, guid = self.session.db, row.staff_code, row.card_guid
        self._decide(lambda: card_admin.approve(db, code, guid),
                     self.tr("職員 {0} のカード（{1}）の発行を承認しました。").format(code, _group(guid)))

    def start_reject(self) -> None:
        row = self.current()
        if row is None or self._running:
            return
        if not self.confirm(self.tr("カード発行の却下"),
                            self.tr("職員 {0}（{1}）へのカード（{2}）の発行を却下します。このカードは使えないままに"
                                    "なります。続けますか？").format(row.staff_code, row.display_name,
                                                                   _group(row.card_guid))):
            return
        db, code, guid = self.session.db, row.staff_code, row.card_guid
        self._decide(lambda: card_admin.reject(db, code, guid),
                     self.tr("職員 {0} のカード（{1}）の発行を却下しました。").format(code, _group(guid)))


class CardApprovalDialog(QDialog):
    """The approvals on their own, for a security officer (opened from the 操作ログ page: the 管理
    area is shown to r_admin only)."""

    def __init__(self, session: StaffSession, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("カード発行の承認"))
        self.resize(1000, 420)
        layout = QVBoxLayout(self)
        self.panel = PendingIssuesPanel(session, worker, self)
        layout.addWidget(self.panel, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
