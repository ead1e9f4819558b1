"""特別徴収義務者: register and edit employers; their employees under withholding with June–May
amounts, collected so far and remaining; 税額決定 (plans), a month's payment, and the recomputation
after a mid-year tax change (税額変更)."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import UserError
from app.models.collection import MONTH_ORDER, Employer, EmployerTotals, PlanRow
from app.services import collection
from app.services.session import StaffSession
from app.views.messages import QT_TRANSLATE_NOOP, error_text
from app.views.table_model import Index, RowTableModel
from app.views.widgets import tax_year_choice
from app.views.worker import Worker


class PlanModel(RowTableModel[PlanRow]):
    """Employees of one employer: notified annual tax, collected, remaining, June–May (months paid in
    shaded), status."""

    COLUMNS: ClassVar[tuple[str, ...]] = (
        QT_TRANSLATE_NOOP("PlanModel", "宛名番号"), QT_TRANSLATE_NOOP("PlanModel", "氏名"),
        QT_TRANSLATE_NOOP("PlanModel", "年税額"), QT_TRANSLATE_NOOP("PlanModel", "徴収済額"),
        QT_TRANSLATE_NOOP("PlanModel", "未徴収額"),
        *("",) * 12,   # the months: headerData
        QT_TRANSLATE_NOOP("PlanModel", "状態"),
    )
    FIRST_MONTH = 5
    NUMERIC: ClassVar[frozenset[int]] = frozenset(range(0, 17)) - {1}
    STATUS: ClassVar[dict[str, str]] = {"active": QT_TRANSLATE_NOOP("PlanModel", "徴収中"),
                                        "stopped": QT_TRANSLATE_NOOP("PlanModel", "停止")}
    PAID = QColor("#dcefdc")

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and self.FIRST_MONTH <= section < self.FIRST_MONTH + 12:
            return self.tr("{0}月").format(MONTH_ORDER[section - self.FIRST_MONTH])
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.BackgroundRole:
            i = index.column() - self.FIRST_MONTH
            paid = 0 <= i < 12 and self.row_at(index.row()).paid[i] is not None
            return QBrush(self.PAID) if paid else None
        return super().data(index, role)

    def display(self, row: PlanRow, column: int) -> str:
        values = (str(row.person_id), f"{row.family_name}　{row.given_name}", f"{row.annual_notified:,}",
                  f"{row.collected:,}", f"{row.remaining:,}")
        if column < self.FIRST_MONTH:
            return values[column]
        if column < self.FIRST_MONTH + 12:
            return f"{row.months[column - self.FIRST_MONTH]:,}"
        status = self.tr(self.STATUS.get(row.status, row.status))
        if row.tax_changed:
            status += self.tr("・税額変更あり({0:,}円)").format(row.annual_current)
        return status

    def tooltip(self, row: PlanRow, column: int) -> str | None:
        i = column - self.FIRST_MONTH
        if 0 <= i < 12 and row.paid[i] is not None:
            return self.tr("納入済み")
        return None


class CollectionPage(QWidget):
    open_person = Signal(int, str)
    status_message = Signal(str)

    FIELDS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("employer_no", QT_TRANSLATE_NOOP("CollectionPage", "指定番号")),
        ("name", QT_TRANSLATE_NOOP("CollectionPage", "事業所名")),
        ("kana", QT_TRANSLATE_NOOP("CollectionPage", "カナ")),
        ("postal_code", QT_TRANSLATE_NOOP("CollectionPage", "郵便番号")),
        ("address", QT_TRANSLATE_NOOP("CollectionPage", "所在地")),
        ("phone", QT_TRANSLATE_NOOP("CollectionPage", "電話番号")),
    )

    def __init__(self, session: StaffSession, worker: Worker, tax_year: int) -> None:
        super().__init__()
        self.session, self.worker = session, worker
        self._version: int | None = None
        self._shown: Employer | None = None     # the employer the form was filled from
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("賦課年度")))
        self.year = tax_year_choice(tax_year)
        top.addWidget(self.year)
        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("事業所名・カナ・指定番号で検索(空欄で全件)"))
        self.query.setClearButtonEnabled(True)
        top.addWidget(self.query, 1)
        self.new_button = QPushButton(self.tr("新規登録(&N)"))
        top.addWidget(self.new_button)
        layout.addLayout(top)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        split = QSplitter()
        self.employers = QListWidget()
        self.employers.setMinimumWidth(280)
        split.addWidget(self.employers)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        box = QGroupBox(self.tr("特別徴収義務者"))
        form = QFormLayout(box)
        self.inputs: dict[str, QLineEdit] = {}
        for key, label in self.FIELDS:
            edit = QLineEdit()
            edit.setObjectName(key)
            self.inputs[key] = edit
            form.addRow(self.tr(label), edit)
        self.inputs["employer_no"].setPlaceholderText("12345678")
        self.inputs["postal_code"].setPlaceholderText("025-0001")
        self.inputs["phone"].setPlaceholderText("0198-24-2111")
        self.field_error = QLabel()
        self.field_error.setObjectName("fieldError")
        self.field_error.setStyleSheet("color: #b00020")
        form.addRow(self.field_error)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("保存(&S)"))
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        rl.addWidget(box)

        actions = QHBoxLayout()
        self.determine_button = QPushButton(self.tr("税額決定(計画作成)"))
        actions.addWidget(self.determine_button)
        actions.addWidget(QLabel(self.tr("納入月")))
        self.pay_month = QComboBox()
        for i, m in enumerate(MONTH_ORDER):
            self.pay_month.addItem(self.tr("{0}月分").format(m), i)
        actions.addWidget(self.pay_month)
        self.pay_button = QPushButton(self.tr("納入を記録"))
        actions.addWidget(self.pay_button)
        self.tax_change_button = QPushButton(self.tr("税額変更を反映"))
        actions.addWidget(self.tax_change_button)
        actions.addStretch(1)
        rl.addLayout(actions)
        self.model = PlanModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        for column, width in enumerate((92, 100, 76, 76, 76)):
            self.table.setColumnWidth(column, width)
        for column in range(PlanModel.FIRST_MONTH, PlanModel.FIRST_MONTH + 12):
            self.table.setColumnWidth(column, 60)
        self.table.setColumnWidth(17, 200)
        self.table.activated.connect(self._activated)
        rl.addWidget(self.table, 1)
        self.totals = QLabel()
        rl.addWidget(self.totals)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        layout.addWidget(split, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.search_now)
        self.query.textChanged.connect(self._timer.start)
        self.employers.currentItemChanged.connect(lambda *_: self._employer_chosen())
        self.year.currentIndexChanged.connect(lambda *_: self.search_now())
        self.new_button.clicked.connect(self.new_employer)
        self.save_button.clicked.connect(self.save_employer)
        self.determine_button.clicked.connect(self.determine)
        self.pay_button.clicked.connect(self.record_payment)
        self.tax_change_button.clicked.connect(self.apply_tax_change)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save_employer)
        QTimer.singleShot(0, self.search_now)

    # ---------------------------------------------------------------- helpers

    def tax_year(self) -> int:
        return int(self.year.currentData())

    def current_employer(self) -> EmployerTotals | None:
        item = self.employers.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)  # type: ignore[no-any-return]

    def _fail(self, error: Exception) -> None:
        self.message.setText(error_text(error))

    # ---------------------------------------------------------------- employers

    def search_now(self) -> None:
        text, year, db = self.query.text().strip(), self.tax_year(), self.session.db
        self.worker.submit(lambda: collection.employers(db, text, year), self._show_employers, self._fail,
                           key="collection-employers")

    def _show_employers(self, found: list[EmployerTotals], select: str | None = None) -> None:
        current = self.current_employer()
        keep = select or (current.employer.employer_no if current is not None else None)
        self.employers.blockSignals(True)
        self.employers.clear()
        row = 0
        for i, e in enumerate(found):
            item = QListWidgetItem(self.tr("{0}  {1}({2}人)").format(e.employer.employer_no, e.employer.name,
                                                                     e.employees))
            item.setData(Qt.ItemDataRole.UserRole, e)
            self.employers.addItem(item)
            if e.employer.employer_no == keep:
                row = i
        self.employers.blockSignals(False)
        self.message.setText(self.tr("{0}件").format(len(found)) if found else self.tr("該当する事業所はありません。"))
        if found and not self._form_dirty():
            self.employers.blockSignals(True)
            self.employers.setCurrentRow(row)
            self.employers.blockSignals(False)
            self._employer_chosen()

    def _employer_chosen(self) -> None:
        current = self.current_employer()
        if current is None:
            return
        e = current.employer
        if self._shown is None or self._shown.employer_no != e.employer_no:
            self.field_error.clear()     # a message about another employer no longer applies
        self._shown = e
        for key, _ in self.FIELDS:
            self.inputs[key].setText(getattr(e, key))
        self.inputs["employer_no"].setReadOnly(True)
        self._version = e.version
        self.load_employees()

    def _form_dirty(self) -> bool:
        """A new employer being typed, or edits not saved: a search result must not overwrite them."""
        if self._version is None:
            return any(edit.text() for edit in self.inputs.values())
        item = self._shown
        return item is not None and any(self.inputs[k].text() != getattr(item, k) for k, _ in self.FIELDS)

    def new_employer(self) -> None:
        for edit in self.inputs.values():
            edit.clear()
        self.inputs["employer_no"].setReadOnly(False)
        self._version = None
        self.model.set_rows([])
        self.totals.clear()
        self.field_error.setText(self.tr("新しい特別徴収義務者を入力して保存してください。"))
        self.inputs["employer_no"].setFocus()

    def form_employer(self) -> Employer:
        values = {key: self.inputs[key].text().strip() for key, _ in self.FIELDS}
        return Employer(**values, version=self._version)

    def save_employer(self) -> None:
        employer = self.form_employer()
        try:
            employer.validate()
        except UserError as exc:
            self._field_error(exc)
            return
        db, year = self.session.db, self.tax_year()

        def work() -> tuple[int, list[EmployerTotals]]:
            version = collection.save_employer(db, employer)
            return version, collection.employers(db, employer.employer_no, year)

        self.save_button.setEnabled(False)
        self.worker.submit(work, lambda r: self._saved(employer, r), self._save_failed)

    def _field_error(self, exc: UserError) -> None:
        self.field_error.setText(exc.message())
        if exc.field in self.inputs:
            self.inputs[exc.field].setFocus()
            self.inputs[exc.field].selectAll()

    def _saved(self, employer: Employer, result: tuple[int, list[EmployerTotals]]) -> None:
        self.save_button.setEnabled(True)
        self._version, self._shown = result[0], employer
        self._show_employers(result[1], employer.employer_no)
        self._version = result[0]
        self.field_error.setText(self.tr("保存しました(指定番号 {0})。").format(employer.employer_no))
        self.status_message.emit(self.field_error.text())

    def _save_failed(self, error: Exception) -> None:
        self.save_button.setEnabled(True)    # the form keeps what the clerk typed
        if isinstance(error, UserError):
            self._field_error(error)
        else:
            self.field_error.setText(error_text(error))

    # ---------------------------------------------------------------- employees

    def load_employees(self) -> None:
        current = self.current_employer()
        if current is None:
            return
        no, year, db = current.employer.employer_no, self.tax_year(), self.session.db
        self.worker.submit(lambda: collection.employees(db, no, year), self._show_plans, self._fail,
                           key="collection-employees")

    def _show_plans(self, rows: list[PlanRow]) -> None:
        self.model.set_rows(rows)
        annual = sum(sum(r.months) for r in rows)
        collected = sum(r.collected for r in rows)
        changed = sum(1 for r in rows if r.tax_changed)
        text = self.tr("{0}人  年税額計 {1:,}円  徴収済 {2:,}円  未徴収 {3:,}円").format(
            len(rows), annual, collected, annual - collected)
        if changed:
            text += self.tr("  税額変更あり {0}人").format(changed)
        self.totals.setText(text)

    def _after_change(self, text: str) -> None:
        self.message.setText(text)
        self.status_message.emit(text)
        self.load_employees()

    def determine(self) -> None:
        current = self.current_employer()
        if current is None:
            return
        no, year, db = current.employer.employer_no, self.tax_year(), self.session.db
        self.worker.submit(lambda: collection.determine(db, year, no),
                           lambda n: self._after_change(self.tr("{0}人の特別徴収税額を決定しました。").format(n)),
                           self._fail)

    def record_payment(self) -> None:
        current = self.current_employer()
        if current is None:
            return
        no, year, db = current.employer.employer_no, self.tax_year(), self.session.db
        month = int(self.pay_month.currentData())
        self.worker.submit(lambda: collection.record_month(db, no, year, month),
                           lambda n: self._after_change(self.tr("{0}月分の納入を{1}人分記録しました。").format(
                               MONTH_ORDER[month], n)), self._fail)

    def selected_plan(self) -> PlanRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def apply_tax_change(self) -> None:
        plan = self.selected_plan()
        if plan is None or not plan.tax_changed:
            self.message.setText(self.tr("税額が変わった対象者を選んでください。"))
            return
        year, db = self.tax_year(), self.session.db

        def done(res: Any) -> None:
            text = self.tr("{0}の残り{1}か月を再計算しました(年税額 {2:,}円)。").format(
                plan.name, len(res.months), res.new_annual)
            if res.refund:
                text += self.tr(" 過納額 {0:,}円を還付・充当として記録しました。").format(res.refund)
            self._after_change(text)

        self.worker.submit(lambda: collection.save_tax_change(db, plan, year), done, self._fail)

    def _activated(self, index: QModelIndex) -> None:
        self.open_person.emit(self.model.row_at(index.row()).person_id, collection.PURPOSE)
