"""承認待ち: proposals waiting for a second staff member. Each shows what it changes against the
current version (inputs and the amounts computed), and is approved (this client recomputes it;
the database compares with the proposer's result and stores it) or returned with a comment.
The version history of the person, with the differences between versions, is beside it."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.models.assessment_work import (
    ProposalDetail,
    ProposalSummary,
    VersionRecord,
    diff_amounts,
    diff_inputs,
)
from app.services import proposals, wareki
from app.services.proposals import Approval
from app.services.session import StaffSession
from app.views.assessment_widgets import (
    DecisionBanner,
    DiffModel,
    StepModel,
    VersionModel,
    yen,
)
from app.views.messages import QT_TRANSLATE_NOOP, error_text
from app.views.table_model import RowTableModel
from app.views.widgets import tax_year_choice
from app.views.worker import Worker

PURPOSE = "assessment"


class ProposalModel(RowTableModel[ProposalSummary]):
    COLUMNS: ClassVar[tuple[str, ...]] = (
        QT_TRANSLATE_NOOP("ProposalModel", "番号"), QT_TRANSLATE_NOOP("ProposalModel", "宛名番号"),
        QT_TRANSLATE_NOOP("ProposalModel", "氏名"), QT_TRANSLATE_NOOP("ProposalModel", "区分"),
        QT_TRANSLATE_NOOP("ProposalModel", "提案者"), QT_TRANSLATE_NOOP("ProposalModel", "提案日時"),
        QT_TRANSLATE_NOOP("ProposalModel", "年税額（前）"), QT_TRANSLATE_NOOP("ProposalModel", "年税額（後）"),
        QT_TRANSLATE_NOOP("ProposalModel", "理由"))
    NUMERIC: ClassVar[frozenset[int]] = frozenset({0, 1, 6, 7})

    def display(self, row: ProposalSummary, column: int) -> str:
        if column == 0:
            return str(row.proposal_id)
        if column == 1:
            return str(row.person_id)
        if column == 2:
            return f"{row.family_name}　{row.given_name}"
        if column == 3:
            return self.tr("更正") if row.kind == "correction" else self.tr("登録")
        if column == 4:
            return row.proposed_by + (self.tr("（本人）") if row.own else "")
        if column == 5:
            local = row.proposed_at.astimezone()
            return f"{wareki.format_short(local.date())} {local:%H:%M}"
        if column == 6:
            return yen(row.old_annual_tax)
        if column == 7:
            return yen(row.new_annual_tax)
        return row.reason

    def tooltip(self, row: ProposalSummary, column: int) -> str | None:
        return row.reason


class ApprovalPage(QWidget):
    open_person = Signal(int, str)
    status_message = Signal(str)
    decided = Signal(object)  # Approval, or None when returned

    def __init__(self, session: StaffSession, worker: Worker, tax_year: int) -> None:
        super().__init__()
        self.session, self.worker = session, worker
        self.current: ProposalDetail | None = None
        self.versions: list[VersionRecord] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("賦課年度")))
        self.year = tax_year_choice(tax_year)
        self.year.currentIndexChanged.connect(lambda *_: self.refresh())
        top.addWidget(self.year)
        self.refresh_button = QPushButton(self.tr("一覧を更新（F5）"))
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        layout.addLayout(top)
        self.banner = DecisionBanner(worker, session.db, PURPOSE)
        layout.addWidget(self.banner)

        split = QSplitter(Qt.Orientation.Vertical)
        self.model = ProposalModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((60, 100, 130, 60, 190, 120, 110, 110)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        split.addWidget(self.table)

        detail = QWidget()
        dv = QVBoxLayout(detail)
        dv.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold;")
        dv.addWidget(self.title)
        self.tabs = QTabWidget()
        self.input_diff = DiffModel(self)
        self.amount_diff = DiffModel(self)
        diff_tab = QWidget()
        dl = QHBoxLayout(diff_tab)
        for model in (self.input_diff, self.amount_diff):
            view = QTableView()
            view.setModel(model)
            view.verticalHeader().setVisible(False)
            view.setColumnWidth(0, 160)
            view.setColumnWidth(1, 170)
            view.horizontalHeader().setStretchLastSection(True)
            dl.addWidget(view)
        self.tabs.addTab(diff_tab, self.tr("変更内容（入力・税額）"))
        self.step_model = StepModel(self)
        steps = QTableView()
        steps.setModel(self.step_model)
        steps.verticalHeader().setVisible(False)
        steps.setColumnWidth(0, 200)
        steps.horizontalHeader().setStretchLastSection(True)
        self.tabs.addTab(steps, self.tr("計算根拠（提案）"))
        history = QWidget()
        outer_history = QVBoxLayout(history)
        lookup = QHBoxLayout()
        lookup.addWidget(QLabel(self.tr("宛名番号")))
        self.history_person = QLineEdit()
        self.history_person.setMaximumWidth(160)
        self.history_person.setPlaceholderText(self.tr("番号を入力して Enter"))
        self.history_person.returnPressed.connect(self.load_history)
        lookup.addWidget(self.history_person)
        lookup.addWidget(QLabel(self.tr("（どの方の履歴も表示できます。版を選ぶと前の版との差分）")))
        lookup.addStretch(1)
        outer_history.addLayout(lookup)
        hl = QHBoxLayout()
        outer_history.addLayout(hl, 1)
        self.version_model = VersionModel(self)
        self.version_table = QTableView()
        self.version_table.setModel(self.version_model)
        self.version_table.verticalHeader().setVisible(False)
        self.version_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.version_table.setWordWrap(False)
        self.version_table.verticalHeader().setDefaultSectionSize(24)
        self.version_table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((40, 190, 90, 170, 170, 110)):
            self.version_table.setColumnWidth(column, width)
        self.version_table.selectionModel().currentRowChanged.connect(self._version_changed)
        hl.addWidget(self.version_table, 3)
        self.version_diff = DiffModel(self)
        vd = QTableView()
        vd.setModel(self.version_diff)
        vd.verticalHeader().setVisible(False)
        vd.setColumnWidth(0, 140)
        vd.horizontalHeader().setStretchLastSection(True)
        hl.addWidget(vd, 2)
        self.tabs.addTab(history, self.tr("版の履歴"))
        dv.addWidget(self.tabs, 1)

        actions = QHBoxLayout()
        actions.addWidget(QLabel(self.tr("コメント")))
        self.comment = QLineEdit()
        self.comment.setMaxLength(400)
        self.comment.setPlaceholderText(self.tr("差し戻しの場合は理由を必ず入力"))
        actions.addWidget(self.comment, 1)
        self.approve_button = QPushButton(self.tr("承認（Ctrl+Enter）"))
        self.approve_button.clicked.connect(self.approve)
        actions.addWidget(self.approve_button)
        self.return_button = QPushButton(self.tr("差し戻し"))
        self.return_button.clicked.connect(self.return_proposal)
        actions.addWidget(self.return_button)
        self.notice_button = QPushButton(self.tr("税額変更通知書を保存…"))
        self.notice_button.clicked.connect(self.banner.ask_notice_path)
        self.notice_button.setEnabled(False)
        actions.addWidget(self.notice_button)
        dv.addLayout(actions)
        split.addWidget(detail)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout.addWidget(split, 1)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.approve)
        self._set_actions(False)
        if not session.identity.can("r_approver"):
            self.banner.show_message(self.tr("承認には承認者（r_approver）の権限が必要です。版の履歴は表示できます。"),
                                     error=True)
            self.refresh_button.setEnabled(False)
            self.tabs.setCurrentIndex(2)

    # ------------------------------------------------------------------ queue

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        if self.session.identity.can("r_approver") and not self.model.rowCount():
            self.refresh()

    def refresh(self) -> None:
        if not self.session.identity.can("r_approver"):
            return
        db, year = self.session.db, int(self.year.currentData())
        self.worker.submit(lambda: proposals.queue(db, year, PURPOSE), self._show_queue, self.banner.show_error,
                           key="approval-queue")

    def _show_queue(self, rows: list[ProposalSummary]) -> None:
        self.model.set_rows(rows)
        self.status_message.emit(self.tr("承認待ち {0}件").format(len(rows)))
        if rows:
            self.table.selectRow(0)
            self.table.setFocus()
        else:
            self._clear_detail()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        summary = self.model.row_at(current.row())
        db = self.session.db
        self.worker.submit(lambda: (proposals.detail(db, summary.proposal_id, PURPOSE),
                                    proposals.versions(db, summary.person_id, int(self.year.currentData()), PURPOSE)),
                           self._show_detail, self.banner.show_error, key="approval-detail")

    def _show_detail(self, loaded: tuple[ProposalDetail | None, list[VersionRecord]]) -> None:
        proposal, versions = loaded
        self.current = proposal
        if proposal is None:
            self._clear_detail()
            return
        p = proposal.person
        self.title.setText(self.tr("提案 {0}（{1}）　{2}　{3}生　提案者 {4}　理由: {5}").format(
            proposal.proposal_id, self.tr("更正") if proposal.kind == "correction" else self.tr("登録"), p.name,
            wareki.format_long(p.birth_date), proposal.proposed_by, proposal.reason))
        self.input_diff.set_rows(diff_inputs(proposal.base_inputs, proposal.inputs, proposal.relatives))
        self.amount_diff.set_rows(diff_amounts(proposal.base_amounts, proposal.maker_result["columns"]))
        self.step_model.set_rows([(s[0], s[1], int(s[2]), s[3], s[4]) for s in proposal.maker_result["steps"]])
        self.versions = versions
        self.version_model.set_rows(versions)
        self.version_diff.set_rows([])
        self._set_actions(not proposal.own and proposal.state == "open")
        if proposal.own:
            self.banner.show_message(self.tr("ご自身の提案は承認・差し戻しできません。別の職員が判断します。"),
                                     error=True)
        else:
            self.banner.hide()

    def load_history(self) -> None:
        """The versions of any person's assessment for the year (an audited read)."""
        text = wareki.normalize(self.history_person.text())
        if not text.isdigit():
            self.banner.show_message(self.tr("宛名番号は数字で入力してください。"), error=True)
            return
        db, person_id, year = self.session.db, int(text), int(self.year.currentData())
        self.worker.submit(lambda: proposals.versions(db, person_id, year, PURPOSE), self._show_versions,
                           self.banner.show_error, key="approval-history")

    def _show_versions(self, versions: list[VersionRecord]) -> None:
        self.versions = versions
        self.version_model.set_rows(versions)
        self.version_diff.set_rows([])
        if versions:
            self.version_table.selectRow(len(versions) - 1)
        else:
            self.banner.show_message(self.tr("この方のこの年度には、まだ版の記録がありません。"), error=False)
        self.status_message.emit(self.tr("版 {0}件").format(len(versions)))

    def _version_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        row = current.row()
        version = self.versions[row]
        before = self.versions[row - 1] if row > 0 else None
        names = {**(before.relatives if before else {}), **version.relatives}
        lines = diff_inputs(before.inputs if before else None, version.inputs, names)
        lines += diff_amounts(before.amounts if before else None, version.amounts)
        self.version_diff.set_rows(lines)

    def _clear_detail(self) -> None:
        self.current = None
        self.title.clear()
        for model in (self.input_diff, self.amount_diff, self.version_diff):
            model.set_rows([])
        self.step_model.set_rows([])
        self.version_model.set_rows([])
        self._set_actions(False)

    def _set_actions(self, enabled: bool) -> None:
        self.approve_button.setEnabled(enabled)
        self.return_button.setEnabled(enabled)

    # ------------------------------------------------------------------ decisions

    def approve(self) -> None:
        proposal = self.current
        if proposal is None or proposal.own or not self.approve_button.isEnabled():
            return
        db, comment = self.session.db, self.comment.text().strip()
        self._set_actions(False)
        self.worker.submit(lambda: proposals.approve(db, proposal.proposal_id, comment, PURPOSE), self._approved,
                           self._decision_failed, key="approval-decide")

    def _approved(self, approval: Approval) -> None:
        self.comment.clear()
        text = self.tr("承認しました（版 {0}、年税額 {1}円）。").format(approval.version, yen(approval.annual_tax))
        self.banner.last_notice = approval.notice_id
        self.notice_button.setEnabled(approval.notice_id is not None)
        if approval.notice_id is not None:
            text += self.tr("税額が変わったため税額変更通知書（第{0}号）を作成しました。"
                            "保存して送付してください。").format(
                approval.notice_id)
        self.banner.show_message(text, error=False)
        self.status_message.emit(text)
        self.decided.emit(approval)
        self.refresh()

    def return_proposal(self) -> None:
        proposal = self.current
        if proposal is None or proposal.own:
            return
        comment = self.comment.text().strip()
        if not comment:
            self.banner.show_message(self.tr("差し戻しの理由をコメント欄に入力してください。"), error=True)
            self.comment.setFocus()
            return
        db = self.session.db
        self._set_actions(False)
        self.worker.submit(lambda: proposals.return_to_proposer(db, proposal.proposal_id, comment),
                           lambda _r: self._returned(proposal.proposal_id), self._decision_failed,
                           key="approval-decide")

    def _returned(self, proposal_id: int) -> None:
        self.comment.clear()
        text = self.tr("提案 {0} を差し戻しました。").format(proposal_id)
        self.banner.show_message(text, error=False)
        self.status_message.emit(text)
        self.decided.emit(None)
        self.refresh()

    def _decision_failed(self, error: Exception) -> None:
        self.banner.show_message(error_text(error), error=True)
        self._set_actions(self.current is not None and not self.current.own)

    # ------------------------------------------------------------------ change notice
