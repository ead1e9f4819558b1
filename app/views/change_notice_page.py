"""異動届出書 (change notice) entry: 退職・休職・死亡・転勤転職(継続)・一括徴収 from the employer's
paper or data. The resulting schedules are shown while typing (pure computation) and saved through
the api; above the approval amount the change waits for an approver. Also the switch from ordinary
collection to payroll withholding on request (new employer)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import UserError
from app.models.collection import MONTH_ORDER, PlanRow, SavedChange
from app.services import collection, wareki
from app.services.collection import ChangeForm
from app.services.session import StaffSession
from app.tax.collection_change import ChangeResult
from app.views.messages import QT_TRANSLATE_NOOP, error_text
from app.views.table_model import RowTableModel
from app.views.widgets import tax_year_choice
from app.views.worker import Worker


@dataclass(frozen=True, slots=True)
class PreviewRow:
    who: str       # 旧事業所 / 新事業所 / 普通徴収 / 一括徴収
    when: str      # month or due date
    amount: int


class PreviewModel(RowTableModel[PreviewRow]):
    COLUMNS: ClassVar[tuple[str, ...]] = (QT_TRANSLATE_NOOP("PreviewModel", "徴収"),
                                          QT_TRANSLATE_NOOP("PreviewModel", "月・納期限"),
                                          QT_TRANSLATE_NOOP("PreviewModel", "金額(円)"))
    NUMERIC: ClassVar[frozenset[int]] = frozenset({2})

    def display(self, row: PreviewRow, column: int) -> str:
        return (row.who, row.when, f"{row.amount:,}")[column]


def parse_amount(text: str, field: str) -> int | None:
    t = text.strip().replace(",", "").replace("，", "")
    if not t:
        return None
    if not t.isdigit() or len(t) > 12:
        raise UserError("金額は0以上の整数(円)で入力してください", "enter an amount in whole yen", field=field)
    return int(t)


def parse_day(text: str, field: str) -> date:
    try:
        return wareki.parse_date(text)
    except UserError as exc:
        raise UserError(exc.ja, exc.en, field=field) from None


class ChangeNoticePage(QWidget):
    open_person = Signal(int, str)
    status_message = Signal(str)

    KINDS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("retire", QT_TRANSLATE_NOOP("ChangeNoticePage", "退職")),
        ("leave", QT_TRANSLATE_NOOP("ChangeNoticePage", "休職")),
        ("death", QT_TRANSLATE_NOOP("ChangeNoticePage", "死亡")),
        ("transfer", QT_TRANSLATE_NOOP("ChangeNoticePage", "転勤・転職(継続)")),
        ("lump_sum", QT_TRANSLATE_NOOP("ChangeNoticePage", "一括徴収")),
    )

    def __init__(self, session: StaffSession, worker: Worker, tax_year: int) -> None:
        super().__init__()
        self.session, self.worker = session, worker
        self.plans: list[PlanRow] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("賦課年度")))
        self.year = tax_year_choice(tax_year)
        top.addWidget(self.year)
        top.addWidget(QLabel(self.tr("指定番号")))
        self.employer_no = QLineEdit()
        self.employer_no.setPlaceholderText("12345678")
        self.employer_no.setMaximumWidth(140)
        top.addWidget(self.employer_no)
        self.load_button = QPushButton(self.tr("読込(&L)"))
        top.addWidget(self.load_button)
        top.addWidget(QLabel(self.tr("対象者")))
        self.person = QComboBox()
        self.person.setMinimumWidth(260)
        top.addWidget(self.person, 1)
        layout.addLayout(top)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        body = QHBoxLayout()
        box = QGroupBox(self.tr("異動届出書"))
        form = QFormLayout(box)
        self.kind = QComboBox()
        for code, label in self.KINDS:
            self.kind.addItem(self.tr(label), code)
        form.addRow(self.tr("異動の種類"), self.kind)
        today = date.today()
        self.change_date = QLineEdit(wareki.format_short(today))
        self.change_date.setObjectName("change_date")
        form.addRow(self.tr("異動年月日"), self.change_date)
        self.notice_date = QLineEdit(wareki.format_short(today))
        self.notice_date.setObjectName("notice_date")
        form.addRow(self.tr("受付日"), self.notice_date)
        self.collected_through = QComboBox()
        self.collected_through.addItem(self.tr("なし"), 0)
        for i, m in enumerate(MONTH_ORDER):
            self.collected_through.addItem(self.tr("{0}月分まで").format(m), i + 1)
        form.addRow(self.tr("徴収済みの月"), self.collected_through)
        self.final_pay = QLineEdit()
        self.final_pay.setObjectName("final_pay")
        self.final_pay.setPlaceholderText(self.tr("退職・一括徴収のとき"))
        form.addRow(self.tr("最終の給与・退職手当等(円)"), self.final_pay)
        self.declined = QCheckBox(self.tr("本人が一括徴収を希望しない(普通徴収へ)"))
        form.addRow("", self.declined)
        self.new_employer = QLineEdit()
        self.new_employer.setObjectName("new_employer_no")
        form.addRow(self.tr("新しい事業所の指定番号"), self.new_employer)
        self.new_from = QComboBox()
        for i, m in enumerate(MONTH_ORDER):
            self.new_from.addItem(self.tr("{0}月分から").format(m), i)
        form.addRow(self.tr("新しい事業所の開始月"), self.new_from)
        self.field_error = QLabel()
        self.field_error.setObjectName("fieldError")
        self.field_error.setStyleSheet("color: #b00020")
        self.field_error.setWordWrap(True)
        form.addRow(self.field_error)
        self.save_button = QPushButton(self.tr("保存(&S)"))
        form.addRow("", self.save_button)
        body.addWidget(box, 2)

        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("変更後の徴収(保存前の確認)")))
        self.preview = PreviewModel(self)
        self.table = QTableView()
        self.table.setModel(self.preview)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        right.addWidget(self.table, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        right.addWidget(self.summary)
        body.addLayout(right, 3)
        layout.addLayout(body, 1)

        switch = QGroupBox(self.tr("普通徴収から特別徴収への切替(本人・事業所の申出)"))
        sl = QHBoxLayout(switch)
        sl.addWidget(QLabel(self.tr("宛名番号")))
        self.switch_person = QLineEdit()
        self.switch_person.setObjectName("switch_person")
        self.switch_person.setMaximumWidth(130)
        sl.addWidget(self.switch_person)
        sl.addWidget(QLabel(self.tr("事業所の指定番号")))
        self.switch_employer = QLineEdit()
        self.switch_employer.setMaximumWidth(130)
        sl.addWidget(self.switch_employer)
        sl.addWidget(QLabel(self.tr("受付日")))
        self.switch_date = QLineEdit(wareki.format_short(today))
        self.switch_date.setMaximumWidth(110)
        sl.addWidget(self.switch_date)
        self.switch_button = QPushButton(self.tr("切替を保存"))
        sl.addWidget(self.switch_button)
        self.switch_result = QLabel()
        self.switch_result.setWordWrap(True)
        sl.addWidget(self.switch_result, 1)
        layout.addWidget(switch)

        # 承認待ち: changes above the approval amount, for staff with r_approver (never their own)
        self.approval: QGroupBox | None = None
        self._decision = ""
        if session.identity.can("r_approver"):
            self.approval = QGroupBox(self.tr("承認待ちの異動届出書(承認基準を超える金額)"))
            al = QHBoxLayout(self.approval)
            self.pending = QComboBox()
            self.pending.setMinimumWidth(420)
            al.addWidget(self.pending, 1)
            self.refresh_button = QPushButton(self.tr("更新"))
            self.approve_button = QPushButton(self.tr("承認"))
            self.reject_button = QPushButton(self.tr("差戻し"))
            for b in (self.refresh_button, self.approve_button, self.reject_button):
                al.addWidget(b)
            self.approval_result = QLabel()
            al.addWidget(self.approval_result, 1)
            layout.addWidget(self.approval)
            self.refresh_button.clicked.connect(self.load_pending)
            self.approve_button.clicked.connect(lambda: self.decide(True))
            self.reject_button.clicked.connect(lambda: self.decide(False))

        self.load_button.clicked.connect(lambda: self.load_plans())
        self.employer_no.returnPressed.connect(lambda: self.load_plans())
        for combo in (self.kind, self.collected_through, self.new_from):
            combo.currentIndexChanged.connect(lambda *_: self.update_preview())
        self.person.currentIndexChanged.connect(lambda *_: self._person_chosen())
        for edit in (self.change_date, self.notice_date, self.final_pay, self.new_employer):
            edit.textChanged.connect(lambda *_: self.update_preview())
        self.declined.toggled.connect(lambda *_: self.update_preview())
        self.save_button.clicked.connect(self.save)
        self.switch_button.clicked.connect(self.save_switch)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save)
        self.update_preview()

    # ---------------------------------------------------------------- approval

    def load_pending(self) -> None:
        db = self.session.db
        self.worker.submit(lambda: collection.pending_changes(db), self._show_pending,
                           lambda e: self.approval_result.setText(error_text(e)), key="change-pending")

    def _show_pending(self, rows: list[dict[str, Any]]) -> None:
        self.pending.clear()
        for r in rows:
            self.pending.addItem(self.tr("{0}: {1} {2} {3} 未徴収 {4:,}円(入力 {5})").format(
                r["change_id"], r["person_id"], r["family_name"], r["given_name"], r["moved"], r["entered_by"]),
                r["change_id"])
        self.approval_result.setText(self._decision + self.tr("承認待ち {0}件").format(len(rows)))
        self._decision = ""

    def decide(self, approve: bool) -> None:
        change_id = self.pending.currentData()
        if change_id is None:
            return
        db = self.session.db
        self.worker.submit(lambda: collection.decide_change(db, int(change_id), approve), self._decided,
                           lambda e: self.approval_result.setText(error_text(e)))

    def _decided(self, status: str) -> None:
        text = self.tr("承認し、反映しました。") if status == "approved" else self.tr("差し戻しました。")
        self._decision = text + " "
        self.status_message.emit(text)
        self.load_pending()

    # ---------------------------------------------------------------- loading

    def tax_year(self) -> int:
        return int(self.year.currentData())

    def load_plans(self, note: str = "") -> None:
        no, year, db = self.employer_no.text().strip(), self.tax_year(), self.session.db
        if not no:
            self.message.setText(self.tr("指定番号を入力してください。"))
            return
        self.worker.submit(lambda: collection.employees(db, no, year), lambda plans: self._show_plans(plans, note),
                           lambda e: self.message.setText(error_text(e)), key="change-plans")

    def _show_plans(self, plans: list[PlanRow], note: str = "") -> None:
        self.plans = [p for p in plans if p.status == "active"]
        self.person.blockSignals(True)
        self.person.clear()
        for p in self.plans:
            self.person.addItem(f"{p.person_id}  {p.family_name}　{p.given_name}  ({p.annual_notified:,}円)", p.plan_id)
        self.person.blockSignals(False)
        self.message.setText(note or (self.tr("特別徴収中の対象者 {0}人").format(len(self.plans)) if self.plans
                                      else self.tr("この事業所に特別徴収中の対象者はいません。")))
        self._person_chosen()

    def current_plan(self) -> PlanRow | None:
        i = self.person.currentIndex()
        return self.plans[i] if 0 <= i < len(self.plans) else None

    def _person_chosen(self) -> None:
        plan = self.current_plan()
        if plan is not None:
            self.collected_through.setCurrentIndex(plan.months_paid)
        self.update_preview()

    # ---------------------------------------------------------------- form and preview

    def form(self) -> ChangeForm:
        kind = str(self.kind.currentData())
        return ChangeForm(
            kind=kind,
            change_date=parse_day(self.change_date.text(), "change_date"),
            notice_date=parse_day(self.notice_date.text(), "notice_date"),
            months_collected=int(self.collected_through.currentData()),
            final_pay=parse_amount(self.final_pay.text(), "final_pay"),
            lump_sum_declined=self.declined.isChecked(),
            new_employer_no=self.new_employer.text().strip() or None if kind == "transfer" else None,
            new_employer_from_index=int(self.new_from.currentData()) if kind == "transfer" else None,
        )

    def update_preview(self) -> ChangeResult | None:
        transfer = self.kind.currentData() == "transfer"
        self.new_employer.setEnabled(transfer)
        self.new_from.setEnabled(transfer)
        plan = self.current_plan()
        if plan is None:
            self.preview.set_rows([])
            self.summary.setText(self.tr("事業所を読み込み、対象者を選んでください。"))
            self.save_button.setEnabled(False)
            return None
        try:
            form = self.form()
            result = collection.preview_change(plan, form)
        except UserError as exc:
            self.preview.set_rows([])
            self.field_error.setText(exc.message())
            self.summary.clear()
            self.save_button.setEnabled(False)
            return None
        self.field_error.clear()
        self.save_button.setEnabled(True)
        self.preview.set_rows(self.preview_rows(plan, form, result))
        rest = result.annual - result.collected
        self.summary.setText(self.tr("年税額 {0:,}円 = 徴収済 {1:,}円 + 未徴収 {2:,}円").format(
            result.annual, result.collected, rest) + ("" if result.total == result.annual else " ≠"))
        return result

    def preview_rows(self, plan: PlanRow, form: ChangeForm, result: ChangeResult) -> list[PreviewRow]:
        rows = [PreviewRow(self.tr("旧事業所(徴収済)"), self.tr("{0}月分").format(MONTH_ORDER[i]), plan.months[i])
                for i in range(form.months_collected)]
        rows += [PreviewRow(self.tr("新事業所 {0}").format(form.new_employer_no or ""),
                            self.tr("{0}月分").format(m.month), m.amount) for m in result.payroll]
        rows += [PreviewRow(self.tr("普通徴収 第{0}期").format(n), wareki.format_long(d), a)
                 for n, (d, a) in enumerate(zip(result.ordinary.due_dates, result.ordinary.amounts, strict=True), 1)]
        if result.lump_sum is not None:
            rows.append(PreviewRow(self.tr("一括徴収(最終給与から)"), wareki.format_long(form.change_date),
                                   result.lump_sum))
        return rows

    # ---------------------------------------------------------------- saving

    def save(self) -> None:
        plan = self.current_plan()
        if plan is None or self.update_preview() is None:
            return
        form, year, db = self.form(), self.tax_year(), self.session.db
        self.save_button.setEnabled(False)
        self.worker.submit(lambda: collection.save_change(db, plan, year, form), self._saved, self._save_failed)

    def _saved(self, saved: SavedChange) -> None:
        if saved.status == "pending":
            text = self.tr("異動届出書を保存しました(番号 {0})。金額が承認基準を超えるため、"
                           "承認後に反映されます。").format(saved.change_id)
        else:
            text = self.tr("異動届出書を保存し、反映しました(番号 {0})。").format(saved.change_id)
        self.status_message.emit(text)
        self.load_plans(text)

    def _save_failed(self, error: Exception) -> None:
        # the form keeps what the clerk typed
        self.save_button.setEnabled(True)
        self.field_error.setText(error_text(error))

    def save_switch(self) -> None:
        try:
            text = self.switch_person.text().strip()
            if not text.isdigit():
                raise UserError("宛名番号を数字で入力してください", "enter the person number", field="switch_person")
            person = int(text)
            notice = parse_day(self.switch_date.text(), "switch_date")
        except UserError as exc:
            self.switch_result.setText(exc.message())
            return
        employer, year, db = self.switch_employer.text().strip(), self.tax_year(), self.session.db

        def work() -> tuple[int, dict[str, Any]]:
            annual = collection.person_collection(db, person, year).get("annual_current") or 0
            plan_id = collection.save_switch(db, person, year, int(annual), employer, notice)
            return plan_id, collection.person_collection(db, person, year)

        self.switch_button.setEnabled(False)
        self.worker.submit(work, self._switched, self._switch_failed)

    def _switched(self, result: tuple[int, dict[str, Any]]) -> None:
        self.switch_button.setEnabled(True)
        plan = next(p for p in result[1]["plans"] if p["plan_id"] == result[0])
        months = [f"{MONTH_ORDER[i]}月 {a:,}" for i, a in enumerate(plan["months"]) if a]
        self.switch_result.setText(self.tr("特別徴収に切り替えました: {0}").format("、".join(months)))
        self.status_message.emit(self.switch_result.text())

    def _switch_failed(self, error: Exception) -> None:
        self.switch_button.setEnabled(True)
        self.switch_result.setText(error_text(error))

