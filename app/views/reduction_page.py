"""減免: record an application for a person's tax of a year (reason category, the evidence seen,
a rate or an amount) with a preview of what it takes off; applications wait for a second staff
member with r_approver, whose approval makes the database apply it with its own 計算根拠 lines."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import UserError
from app.models.assessment_work import ReductionRecord, ReturnContext
from app.services import reductions, returns, wareki
from app.services.session import StaffSession
from app.views.assessment_widgets import AmountEdit, DecisionBanner, Field, yen
from app.views.messages import QT_TRANSLATE_NOOP, error_text
from app.views.table_model import RowTableModel
from app.views.worker import Worker

PURPOSE = "reduction"
_LABELS = (
    QT_TRANSLATE_NOOP("ReductionPage", "災害（震災・風水害・火災等）"),
    QT_TRANSLATE_NOOP("ReductionPage", "生活困窮（生活保護に準ずる）"),
    QT_TRANSLATE_NOOP("ReductionPage", "病気・負傷による所得の著しい減少"),
    QT_TRANSLATE_NOOP("ReductionPage", "失業・廃業による所得の著しい減少"),
    QT_TRANSLATE_NOOP("ReductionPage", "その他特別の事情"),
    QT_TRANSLATE_NOOP("ReductionPage", "罹災証明書"),
    QT_TRANSLATE_NOOP("ReductionPage", "収入申告書・所得の状況の分かる書類"),
    QT_TRANSLATE_NOOP("ReductionPage", "診断書・医療費の領収書"),
    QT_TRANSLATE_NOOP("ReductionPage", "離職票・廃業届"),
    QT_TRANSLATE_NOOP("ReductionPage", "その他の書類"),
    QT_TRANSLATE_NOOP("ReductionPage", "所得割"),
    QT_TRANSLATE_NOOP("ReductionPage", "所得割・均等割"),
    QT_TRANSLATE_NOOP("ReductionPage", "承認待ち"),
    QT_TRANSLATE_NOOP("ReductionPage", "承認済"),
    QT_TRANSLATE_NOOP("ReductionPage", "差し戻し"),
)
STATES = {"open": "承認待ち", "approved": "承認済", "returned": "差し戻し"}


def tr(label: str) -> str:
    return QCoreApplication.translate("ReductionPage", label)


class ReductionModel(RowTableModel[ReductionRecord]):
    COLUMNS: ClassVar[tuple[str, ...]] = (
        QT_TRANSLATE_NOOP("ReductionModel", "番号"), QT_TRANSLATE_NOOP("ReductionModel", "宛名番号"),
        QT_TRANSLATE_NOOP("ReductionModel", "氏名"), QT_TRANSLATE_NOOP("ReductionModel", "事由"),
        QT_TRANSLATE_NOOP("ReductionModel", "減免"), QT_TRANSLATE_NOOP("ReductionModel", "申請日"),
        QT_TRANSLATE_NOOP("ReductionModel", "状態"), QT_TRANSLATE_NOOP("ReductionModel", "受付者"),
        QT_TRANSLATE_NOOP("ReductionModel", "現在の年税額"))
    NUMERIC: ClassVar[frozenset[int]] = frozenset({0, 1, 8})

    def display(self, row: ReductionRecord, column: int) -> str:
        if column == 0:
            return str(row.reduction_id)
        if column == 1:
            return str(row.person_id)
        if column == 2:
            return f"{row.family_name}　{row.given_name}"
        if column == 3:
            return tr(dict(reductions.CATEGORIES)[row.category])
        if column == 4:
            target = tr(dict(reductions.TARGETS)[row.target])
            return f"{target} {row.rate_percent}%" if row.rate_percent else f"{target} {yen(row.amount)}円"
        if column == 5:
            return wareki.format_short(row.application_date)
        if column == 6:
            return tr(STATES[row.state])
        if column == 7:
            return row.proposed_by + (self.tr("（本人）") if row.own else "")
        return yen(row.annual_tax)

    def tooltip(self, row: ReductionRecord, column: int) -> str | None:
        evidence = tr(dict(reductions.EVIDENCE_KINDS)[row.evidence_kind])
        text = f"{row.reason}\n{evidence} {row.evidence_ref}"
        return text + (f"\n{row.decision_comment}" if row.decision_comment else "")


class ReductionPage(QWidget):
    open_person = Signal(int, str)
    status_message = Signal(str)
    submitted = Signal(int)
    decided = Signal(object)

    def __init__(self, session: StaffSession, worker: Worker, tax_year: int) -> None:
        super().__init__()
        self.session, self.worker, self.tax_year = session, worker, tax_year
        self.context: ReturnContext | None = None
        self.can_enter = session.identity.can("r_assessor")
        self.can_approve = session.identity.can("r_approver")
        layout = QVBoxLayout(self)
        self.banner = DecisionBanner(worker, session.db, PURPOSE)
        layout.addWidget(self.banner)

        # 受付（r_assessor）
        entry = QGroupBox(self.tr("減免申請の受付"))
        ev = QVBoxLayout(entry)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("宛名番号")))
        self.person_no = QLineEdit()
        self.person_no.setMaximumWidth(160)
        self.person_no.returnPressed.connect(self.load)
        top.addWidget(self.person_no)
        top.addWidget(QLabel(wareki.fiscal_year_label(tax_year)))
        self.header = QLabel()
        top.addWidget(self.header, 1)
        ev.addLayout(top)
        form = QFormLayout()
        self.fields: dict[str, Field] = {}
        self.category = self._combo("category", reductions.CATEGORIES)
        form.addRow(self.tr("減免事由"), self.fields["category"])
        self.evidence_kind = self._combo("evidence_kind", reductions.EVIDENCE_KINDS)
        form.addRow(self.tr("確認した書類"), self.fields["evidence_kind"])
        self.evidence_ref = QLineEdit()
        self.evidence_ref.setMaxLength(30)
        self.evidence_ref.setPlaceholderText(self.tr("書類の番号（英数字・ハイフン）"))
        self.fields["evidence_ref"] = Field(self.evidence_ref)
        form.addRow(self.tr("書類番号"), self.fields["evidence_ref"])
        self.application_date = QLineEdit()
        self.application_date.setPlaceholderText(self.tr("R7.8.1 / 令和7年8月1日"))
        self.application_date.textChanged.connect(self.preview)
        self.fields["application_date"] = Field(self.application_date)
        form.addRow(self.tr("申請日"), self.fields["application_date"])
        self.target = self._combo("target", reductions.TARGETS)
        form.addRow(self.tr("減免の対象"), self.fields["target"])
        how = QHBoxLayout()
        self.by_rate = QRadioButton(self.tr("減免率"))
        self.by_amount = QRadioButton(self.tr("減免額"))
        self.by_rate.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.by_rate)
        group.addButton(self.by_amount)
        self.rate = QSpinBox()
        self.rate.setRange(1, 100)
        self.rate.setValue(50)
        self.rate.setSuffix(" %")
        self.amount = AmountEdit()
        self.amount.setEnabled(False)
        for w in (self.by_rate, self.rate, self.by_amount, self.amount):
            how.addWidget(w)
        how.addStretch(1)
        self.by_rate.toggled.connect(self._mode_changed)
        self.rate.valueChanged.connect(self.preview)
        self.amount.amount_changed.connect(self.preview)
        self.fields["rate_percent"] = Field(QWidget())
        self.fields["amount"] = Field(self.amount)
        how_widget = QWidget()
        how_widget.setLayout(how)
        form.addRow(self.tr("減免の方法"), how_widget)
        form.addRow("", self.fields["rate_percent"])
        self.reason = QLineEdit()
        self.reason.setMaxLength(400)
        self.reason.setPlaceholderText(self.tr("申請の内容（例: 令和7年8月の豪雨で住家が半壊）"))
        self.fields["reason"] = Field(self.reason)
        form.addRow(self.tr("申請の内容"), self.fields["reason"])
        ev.addLayout(form)
        self.preview_label = QLabel()
        self.preview_label.setWordWrap(True)
        ev.addWidget(self.preview_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.submit_button = QPushButton(self.tr("申請を登録（Ctrl+S）"))
        self.submit_button.clicked.connect(self.submit)
        buttons.addWidget(self.submit_button)
        ev.addLayout(buttons)
        self.history_model = ReductionModel(self)
        history = QTableView()
        history.setModel(self.history_model)
        history.verticalHeader().setVisible(False)
        history.setMaximumHeight(110)
        history.setWordWrap(False)
        for column, width in enumerate((50, 100, 120, 220, 150, 110, 70, 190)):
            history.setColumnWidth(column, width)
        history.horizontalHeader().setStretchLastSection(True)
        ev.addWidget(history)
        entry.setVisible(self.can_enter)   # each part only for those who may use it
        layout.addWidget(entry)

        # 承認（r_approver）
        approval = QGroupBox(self.tr("承認待ちの減免申請"))
        av = QVBoxLayout(approval)
        self.queue_model = ReductionModel(self)
        self.queue = QTableView()
        self.queue.setModel(self.queue_model)
        self.queue.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.queue.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.queue.verticalHeader().setVisible(False)
        self.queue.setWordWrap(False)
        for column, width in enumerate((50, 100, 120, 220, 150, 110, 70, 190)):
            self.queue.setColumnWidth(column, width)
        self.queue.horizontalHeader().setStretchLastSection(True)
        self.queue.selectionModel().currentRowChanged.connect(self._queue_row)
        av.addWidget(self.queue, 1)
        self.queue_detail = QLabel()
        self.queue_detail.setWordWrap(True)
        av.addWidget(self.queue_detail)
        actions = QHBoxLayout()
        actions.addWidget(QLabel(self.tr("コメント")))
        self.comment = QLineEdit()
        self.comment.setMaxLength(400)
        actions.addWidget(self.comment, 1)
        self.refresh_button = QPushButton(self.tr("一覧を更新（F5）"))
        self.refresh_button.clicked.connect(self.refresh)
        actions.addWidget(self.refresh_button)
        self.approve_button = QPushButton(self.tr("承認"))
        self.approve_button.clicked.connect(self.approve)
        actions.addWidget(self.approve_button)
        self.return_button = QPushButton(self.tr("差し戻し"))
        self.return_button.clicked.connect(self.return_application)
        actions.addWidget(self.return_button)
        self.notice_button = QPushButton(self.tr("税額変更通知書を保存…"))
        self.notice_button.setEnabled(False)
        self.notice_button.clicked.connect(self.banner.ask_notice_path)
        actions.addWidget(self.notice_button)
        av.addLayout(actions)
        approval.setVisible(self.can_approve)
        layout.addWidget(approval, 1)
        if not self.can_approve:
            layout.addStretch(1)
        self.approve_button.setEnabled(False)
        self.return_button.setEnabled(False)
        QShortcut(QKeySequence.StandardKey.Save, self, self.submit)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh)
        self._set_entry(False)

    def _combo(self, key: str, choices: tuple[tuple[str, str], ...]) -> QComboBox:
        combo = QComboBox()
        for code, label in choices:
            combo.addItem(tr(label), code)
        combo.currentIndexChanged.connect(self.preview)
        self.fields[key] = Field(combo)
        return combo

    def _mode_changed(self, by_rate: bool) -> None:
        self.rate.setEnabled(by_rate)
        self.amount.setEnabled(not by_rate)
        if not by_rate:
            self._set_combo(self.target, "income_levy")
        self.preview()

    @staticmethod
    def _set_combo(combo: QComboBox, value: str) -> None:
        combo.setCurrentIndex(max(combo.findData(value), 0))

    def _set_entry(self, enabled: bool) -> None:
        for key, field in self.fields.items():
            if key != "rate_percent":
                field.editor.setEnabled(enabled)
        self.rate.setEnabled(enabled and self.by_rate.isChecked())
        self.amount.setEnabled(enabled and self.by_amount.isChecked())
        self.by_rate.setEnabled(enabled)
        self.by_amount.setEnabled(enabled)
        self.submit_button.setEnabled(enabled)

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        if self.can_approve and not self.queue_model.rowCount():
            self.refresh()

    # ------------------------------------------------------------------ entry

    def load(self) -> None:
        text = wareki.normalize(self.person_no.text())
        if not text.isdigit():
            self.banner.show_message(self.tr("宛名番号は数字で入力してください。"), error=True)
            return
        person_id, db, year = int(text), self.session.db, self.tax_year
        self.worker.submit(lambda: (returns.load(db, person_id, year, PURPOSE),
                                    reductions.listing(db, year, person_id, PURPOSE)),
                           self._loaded, self.banner.show_error, key="reduction-load")

    def _loaded(self, loaded: tuple[ReturnContext | None, list[ReductionRecord]]) -> None:
        ctx, history = loaded
        self.history_model.set_rows(history)
        if ctx is None:
            self.banner.show_message(self.tr("その宛名番号の方は登録されていません。"), error=True)
            return
        self.context = ctx
        amounts = ctx.amounts or {}
        self.header.setText(self.tr("{0}　{1}生　版 {2}　年税額 {3}円").format(
            ctx.person.name, wareki.format_long(ctx.person.birth_date), ctx.version, yen(amounts.get("annual_tax", 0))))
        ok = ctx.status in ("assessed", "notified")
        self._set_entry(ok)
        if not ok:
            self.banner.show_message(self.tr("この方のこの年度の賦課がまだ決定されていないため、減免は受け付けられません。"),
                         error=True)
        else:
            self.banner.hide()
            self.category.setFocus()
        self.preview()

    def read(self) -> tuple[reductions.Application | None, dict[str, str]]:
        problems: dict[str, str] = {}
        if self.context is None:
            return None, {"person": self.tr("先に宛名番号で対象者を読み込んでください。")}
        try:
            applied = wareki.parse_date(self.application_date.text()) if self.application_date.text().strip() \
                else None
        except UserError as exc:
            applied = None
            problems["application_date"] = exc.message()
        if applied is None and "application_date" not in problems:
            problems["application_date"] = self.tr("申請日を入力してください（例: R7.8.1）。")
        amount = None
        if self.by_amount.isChecked():
            try:
                amount = self.amount.value()
            except UserError as exc:
                problems["amount"] = exc.message()
        app = reductions.Application(
            self.context.person.person_id, self.tax_year, self.context.version, str(self.category.currentData()),
            str(self.evidence_kind.currentData()), wareki.normalize(self.evidence_ref.text()),
            applied or date.today(), str(self.target.currentData()),
            self.rate.value() if self.by_rate.isChecked() else None, amount, self.reason.text().strip())
        for key, (ja, en) in reductions.check(app, date.today()).items():
            problems.setdefault(key, UserError(ja, en).message())
        return (None if problems else app), problems

    def preview(self) -> None:
        ctx = self.context
        if ctx is None or not ctx.amounts:
            self.preview_label.clear()
            return
        a = ctx.amounts
        amount = None
        if self.by_amount.isChecked():
            try:
                amount = self.amount.value() or None
            except UserError:
                amount = None
        r = reductions.reduction_amounts(
            (int(a["municipal_income_levy"]), int(a["prefectural_income_levy"])),
            (int(a["municipal_per_capita"]), int(a["prefectural_per_capita"])), str(self.target.currentData()),
            self.rate.value() if self.by_rate.isChecked() else None, amount)
        self.preview_label.setText(self.tr(
            "見込み: 市民税所得割 {0}円・県民税所得割 {1}円・均等割 {2}円を減免し、年税額は {3}円 → {4}円"
            "（承認時にデータベースが適用します）").format(
            yen(r.municipal_income_levy), yen(r.prefectural_income_levy),
            yen(r.municipal_per_capita + r.prefectural_per_capita), yen(a["annual_tax"]),
            yen(int(a["annual_tax"]) - r.total)))

    def submit(self) -> None:
        if not self.submit_button.isEnabled():
            return
        for edit in (self.amount,):
            edit.reformat()
        app, problems = self.read()
        for key, field in self.fields.items():
            field.set_error(problems.get(key))
        if app is None:
            self.banner.show_message(self.tr("入力に誤りがあります。赤字の欄を直してください（入力内容はそのままです）。"),
                         error=True)
            return
        db = self.session.db
        self.submit_button.setEnabled(False)
        self.worker.submit(lambda: reductions.submit(db, app), self._submitted, self._submit_failed,
                           key="reduction-submit")

    def _submitted(self, reduction_id: int) -> None:
        self.submit_button.setEnabled(True)
        text = self.tr("減免申請 {0} を登録しました。別の職員の承認で適用されます。").format(reduction_id)
        self.banner.show_message(text, error=False)
        self.status_message.emit(text)
        self.submitted.emit(reduction_id)
        self.load()
        if self.can_approve:
            self.refresh()

    def _submit_failed(self, error: Exception) -> None:
        self.submit_button.setEnabled(True)
        field = getattr(error, "field", None)
        if field in self.fields:
            self.fields[field].set_error(error_text(error))
        self.banner.show_message(error_text(error), error=True)

    # ------------------------------------------------------------------ approval

    def refresh(self) -> None:
        if not self.can_approve:
            return
        db, year = self.session.db, self.tax_year
        self.worker.submit(lambda: reductions.listing(db, year, None, PURPOSE), self._show_queue,
                           self.banner.show_error, key="reduction-queue")

    def _show_queue(self, rows: list[ReductionRecord]) -> None:
        self.queue_model.set_rows(rows)
        self.approve_button.setEnabled(False)
        self.return_button.setEnabled(False)
        if rows:
            self.queue.selectRow(0)
        else:
            self.queue_detail.clear()
        self.status_message.emit(self.tr("承認待ちの減免申請 {0}件").format(len(rows)))

    def _queue_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        row = self.queue_model.row_at(current.row())
        evidence = tr(dict(reductions.EVIDENCE_KINDS)[row.evidence_kind])
        self.queue_detail.setText(self.tr("申請 {0}: {1}　確認書類: {2}（{3}）　申請日 {4}").format(
            row.reduction_id, row.reason, evidence, row.evidence_ref, wareki.format_long(row.application_date))
            + (self.tr("　※ご自身が受け付けた申請は承認できません") if row.own else ""))
        self.approve_button.setEnabled(not row.own)
        self.return_button.setEnabled(not row.own)

    def _selected(self) -> ReductionRecord | None:
        index = self.queue.currentIndex()
        return self.queue_model.row_at(index.row()) if index.isValid() else None

    def approve(self) -> None:
        row = self._selected()
        if row is None:
            return
        db, comment = self.session.db, self.comment.text().strip()
        self.worker.submit(lambda: reductions.approve(db, row.reduction_id, comment),
                           lambda result: self._decided(row.reduction_id, result), self.banner.show_error,
                           key="reduction-decide")

    def return_application(self) -> None:
        row = self._selected()
        if row is None:
            return
        comment = self.comment.text().strip()
        if not comment:
            self.banner.show_message(self.tr("差し戻しの理由をコメント欄に入力してください。"), error=True)
            self.comment.setFocus()
            return
        db = self.session.db
        self.worker.submit(lambda: reductions.return_to_proposer(db, row.reduction_id, comment),
                           lambda _r: self._decided(row.reduction_id, None), self.banner.show_error,
                           key="reduction-decide")

    def _decided(self, reduction_id: int, result: dict[str, object] | None) -> None:
        self.comment.clear()
        if result is None:
            text = self.tr("減免申請 {0} を差し戻しました。").format(reduction_id)
        else:
            text = self.tr("減免申請 {0} を承認し、適用しました（年税額 {1}円）。").format(
                reduction_id, yen(result.get("annual_tax")))
            if result.get("notice_id") is not None:
                self.banner.last_notice = int(str(result["notice_id"]))
                self.notice_button.setEnabled(True)
                text += self.tr("税額が変わったため税額変更通知書（第{0}号）を作成しました。"
                            "保存して送付してください。").format(
                    result["notice_id"])
        self.banner.show_message(text, error=False)
        self.status_message.emit(text)
        self.decided.emit(result)
        self.refresh()
