"""扶養調査: the findings of a tax year by kind (claimed twice, over the income limit, living elsewhere)
with their counts; a finding lists the persons involved, and each opens in 照会."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.models.salary_import import DependantFinding
from app.services import dependant_check, wareki
from app.services.session import StaffSession
from app.views.messages import QT_TRANSLATE_NOOP, error_text
from app.views.table_model import RowTableModel
from app.views.widgets import tax_year_choice
from app.views.worker import Worker

KIND_TEXT = {"claimed_twice": QT_TRANSLATE_NOOP("DependantCheckPage", "重複扶養"),
             "over_limit": QT_TRANSLATE_NOOP("DependantCheckPage", "所得超過"),
             "elsewhere": QT_TRANSLATE_NOOP("DependantCheckPage", "市外居住（居住地に確認）")}
CLAIM_TEXT = {"spouse": QT_TRANSLATE_NOOP("FindingModel", "配偶者"),
              "dependant": QT_TRANSLATE_NOOP("FindingModel", "扶養親族")}


class FindingModel(RowTableModel[DependantFinding]):
    COLUMNS = (QT_TRANSLATE_NOOP("FindingModel", "宛名番号"), QT_TRANSLATE_NOOP("FindingModel", "扶養親族の氏名"),
               QT_TRANSLATE_NOOP("FindingModel", "生年月日"), QT_TRANSLATE_NOOP("FindingModel", "所得"),
               QT_TRANSLATE_NOOP("FindingModel", "限度額"), QT_TRANSLATE_NOOP("FindingModel", "1月1日の住所"),
               QT_TRANSLATE_NOOP("FindingModel", "扶養している納税義務者"))
    NUMERIC = frozenset({0, 3, 4})

    def display(self, row: DependantFinding, column: int) -> str:
        if column == 0:
            return str(row.dependant_person_id)
        if column == 1:
            return row.dependant_name
        if column == 2:
            return wareki.format_short(row.birth_date)
        if column == 3:
            return "" if row.dependant_income is None else f"{row.dependant_income:,}"
        if column == 4:
            return "" if row.income_limit is None else f"{row.income_limit:,}"
        if column == 5:
            return row.address
        return "、".join(f"{name}（{self.tr(CLAIM_TEXT[kind])}）"
                        for name, kind in zip(row.taxpayer_names, row.claim_kinds, strict=True))

    def tooltip(self, row: DependantFinding, column: int) -> str | None:
        return row.dependant_kana if column == 1 else None


class DependantCheckPage(QWidget):
    open_person = Signal(int, str)
    status_message = Signal(str)

    def __init__(self, session: StaffSession, worker: Worker, tax_year: int) -> None:
        super().__init__()
        self.session, self.worker = session, worker
        self.findings: list[DependantFinding] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("賦課年度")))
        self.year = tax_year_choice(tax_year)
        top.addWidget(self.year)
        self.run_button = QPushButton(self.tr("扶養調査を実行(&R)"))
        top.addWidget(self.run_button)
        top.addStretch(1)
        layout.addLayout(top)
        self.message = QLabel(self.tr("年度を選んで実行すると、重複扶養・所得超過・市外居住の扶養親族を一覧にします。"))
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        split = QSplitter()
        self.kinds = QListWidget()
        self.kinds.setMinimumWidth(200)
        for kind in dependant_check.KINDS:
            item = QListWidgetItem(self.tr("{0}（{1}件）").format(self.tr(KIND_TEXT[kind]), 0))
            item.setData(Qt.ItemDataRole.UserRole, kind)
            self.kinds.addItem(item)
        split.addWidget(self.kinds)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.model = FindingModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        for column, width in enumerate((95, 110, 80, 90, 80, 160)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        right_layout.addWidget(self.table, 3)
        right_layout.addWidget(QLabel(self.tr("関係者（Enter またはダブルクリックで照会を開く）")))
        self.persons = QListWidget()
        self.persons.setMaximumHeight(120)
        right_layout.addWidget(self.persons, 1)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        layout.addWidget(split, 1)

        self.run_button.clicked.connect(self.run_check)
        self.kinds.currentItemChanged.connect(lambda *_: self._show_kind())
        self.table.selectionModel().currentRowChanged.connect(lambda current, _old: self._show_persons(current))
        self.table.activated.connect(self._finding_activated)
        self.persons.itemActivated.connect(self._person_activated)

    def run_check(self) -> None:
        db, year = self.session.db, int(self.year.currentData())
        self.run_button.setEnabled(False)
        self.message.setText(self.tr("{0}の扶養調査を実行しています…").format(wareki.fiscal_year_label(year)))
        self.worker.submit(lambda: dependant_check.run(db, year), lambda found: self._show(found, year),
                           self._failed, key="dependant-check")

    def _failed(self, error: Exception) -> None:
        self.run_button.setEnabled(True)
        self.message.setText(error_text(error))

    def _show(self, findings: list[DependantFinding], year: int) -> None:
        self.run_button.setEnabled(True)
        self.findings = findings
        counts = dependant_check.counts(findings)
        for i in range(self.kinds.count()):
            item = self.kinds.item(i)
            kind = str(item.data(Qt.ItemDataRole.UserRole))
            item.setText(self.tr("{0}（{1}件）").format(self.tr(KIND_TEXT[kind]), counts[kind]))
        self.message.setText(self.tr("{0}の扶養調査: 重複扶養 {1}件、所得超過 {2}件、市外居住 {3}件").format(
            wareki.fiscal_year_label(year), counts["claimed_twice"], counts["over_limit"], counts["elsewhere"]))
        self.status_message.emit(self.message.text())
        if self.kinds.currentRow() < 0:
            self.kinds.setCurrentRow(0)
        else:
            self._show_kind()

    def _show_kind(self) -> None:
        item = self.kinds.currentItem()
        kind = str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""
        self.model.set_rows([f for f in self.findings if f.finding == kind])
        self.persons.clear()
        if self.model.rowCount():
            self.table.selectRow(0)

    def _show_persons(self, index: QModelIndex) -> None:
        self.persons.clear()
        if not index.isValid():
            return
        f = self.model.row_at(index.row())
        entries = [(f.dependant_person_id,
                    self.tr("扶養親族: {0}（{1}）").format(f.dependant_name, f.dependant_person_id))]
        entries += [(pid, self.tr("納税義務者: {0}（{1}）").format(name, pid))
                    for pid, name in zip(f.taxpayer_ids, f.taxpayer_names, strict=True)]
        for pid, text in entries:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, pid)
            self.persons.addItem(item)

    def _finding_activated(self, index: QModelIndex) -> None:
        self.open_person.emit(self.model.row_at(index.row()).dependant_person_id, "assessment")

    def _person_activated(self, item: QListWidgetItem) -> None:
        self.open_person.emit(int(item.data(Qt.ItemDataRole.UserRole)), "assessment")

    def involved(self) -> list[int]:
        return [int(self.persons.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.persons.count())]
