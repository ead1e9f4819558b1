"""特別徴収事業所照会: find an employer, list the employees it withholds for with their June–May
amounts and totals, chart the monthly totals, open a person."""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import language
from app.models.person import EmployeeRow, EmployerSummary
from app.services import inquiry, schedules, wareki
from app.services.session import StaffSession
from app.views.messages import QT_TRANSLATE_NOOP, error_text
from app.views.widgets import tax_year_choice
from app.views.worker import Worker

_Index = QModelIndex | QPersistentModelIndex
MONTHS = (6, 7, 8, 9, 10, 11, 12, 1, 2, 3, 4, 5)


class EmployeeModel(QAbstractTableModel):
    """Employees with their monthly withholding; the last row holds the totals."""

    FIXED = (QT_TRANSLATE_NOOP("EmployeeModel", "宛名番号"), QT_TRANSLATE_NOOP("EmployeeModel", "氏名"),
             QT_TRANSLATE_NOOP("EmployeeModel", "カナ"), QT_TRANSLATE_NOOP("EmployeeModel", "年税額"))

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[EmployeeRow] = []
        self._months: list[list[int]] = []
        self.totals: list[int] = [0] * 12

    def set_rows(self, rows: list[EmployeeRow], tax_year: int) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._months = [[i.amount for i in schedules.payroll_instalments(r.annual_tax, tax_year)]
                        if r.annual_tax > 0 else [0] * 12 for r in rows]
        self.totals = [sum(column) for column in zip(*self._months, strict=True)] if rows else [0] * 12
        self.endResetModel()

    def employee(self, row: int) -> EmployeeRow | None:
        return self._rows[row] if row < len(self._rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() or not self._rows else len(self._rows) + 1

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.FIXED) + 12

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if 0 <= section < len(self.FIXED):
            return self.tr(self.FIXED[section])
        if len(self.FIXED) <= section < len(self.FIXED) + 12:
            return self.tr("{0}月").format(MONTHS[section - len(self.FIXED)])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter) if column == 0 or column >= 3 \
                else None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if row == len(self._rows):  # totals
            if column == 1:
                return self.tr("合計（{0}人）").format(len(self._rows))
            if column == 3:
                return f"{sum(r.annual_tax for r in self._rows):,}"
            return f"{self.totals[column - 4]:,}" if column >= 4 else ""
        r = self._rows[row]
        if column < 4:
            return (str(r.person_id), f"{r.family_name}　{r.given_name}", f"{r.family_kana}　{r.given_kana}",
                    f"{r.annual_tax:,}")[column]
        return f"{self._months[row][column - 4]:,}"


class EmployerPage(QWidget):
    open_person = Signal(int, str)  # person id, purpose code

    def __init__(self, session: StaffSession, worker: Worker, tax_year: int) -> None:
        super().__init__()
        self.session, self.worker = session, worker
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("照会目的")))
        self.purpose = QComboBox()
        for p in session.purposes:
            if p.code in ("collection", "counter_inquiry", "assessment"):
                self.purpose.addItem(p.label_en if language() == "en" else p.label_ja, p.code)
        top.addWidget(self.purpose)
        top.addWidget(QLabel(self.tr("賦課年度")))
        self.year = tax_year_choice(tax_year)
        top.addWidget(self.year)
        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("事業所名・カナ・指定番号で検索"))
        self.query.setClearButtonEnabled(True)
        top.addWidget(self.query, 1)
        layout.addLayout(top)
        self.message = QLabel()
        layout.addWidget(self.message)

        split = QSplitter()
        self.employers = QListWidget()
        self.employers.setMinimumWidth(260)
        split.addWidget(self.employers)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setObjectName("employerTitle")
        right_layout.addWidget(self.title)
        self.model = EmployeeModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((95, 110, 130, 80)):
            self.table.setColumnWidth(column, width)
        for column in range(4, 16):
            self.table.setColumnWidth(column, 62)
        self.table.activated.connect(self._activated)
        right_layout.addWidget(self.table, 3)
        self.chart = pg.PlotWidget(background="w")
        self.chart.setMouseEnabled(x=False, y=False)
        self.chart.hideButtons()
        self.chart.setLabel("left", self.tr("月別徴収額（円）"))
        self.chart.getAxis("bottom").setTicks([[(i, self.tr("{0}月").format(m)) for i, m in enumerate(MONTHS)]])
        self.chart.setMaximumHeight(200)
        right_layout.addWidget(self.chart, 1)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        layout.addWidget(split, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.search_now)
        self.query.textChanged.connect(self._timer.start)
        self.employers.currentItemChanged.connect(lambda *_: self.load_employees())
        self.year.currentIndexChanged.connect(lambda *_: self.load_employees())

    def search_now(self) -> None:
        text = self.query.text().strip()
        if not text:
            return
        db = self.session.db
        self.worker.submit(lambda: inquiry.search_employers(db, text), self._show_employers,
                           lambda e: self.message.setText(error_text(e)), key="employer-search")

    def _show_employers(self, found: list[EmployerSummary]) -> None:
        self.employers.clear()
        for e in found:
            item = QListWidgetItem(self.tr("{0}  {1}（{2}人）").format(e.employer_no, e.name, e.employees))
            item.setData(Qt.ItemDataRole.UserRole, e)
            self.employers.addItem(item)
        self.message.setText(self.tr("{0}件").format(len(found)) if found else self.tr("該当する事業所はありません。"))
        if found:
            self.employers.setCurrentRow(0)

    def load_employees(self) -> None:
        item = self.employers.currentItem()
        if item is None:
            return
        employer: EmployerSummary = item.data(Qt.ItemDataRole.UserRole)
        year = int(self.year.currentData())
        purpose = str(self.purpose.currentData())
        db = self.session.db
        self.title.setText(f"{employer.name}（{employer.kana}） 指定番号 {employer.employer_no}  {employer.address}")
        self.worker.submit(lambda: inquiry.employer_employees(db, employer.employer_no, year, purpose),
                           lambda rows: self._show_employees(rows, year),
                           lambda e: self.message.setText(error_text(e)), key="employer-employees")

    def _show_employees(self, rows: list[EmployeeRow], year: int) -> None:
        self.model.set_rows(rows, year)
        self.chart.clear()
        if rows:
            self.chart.addItem(pg.BarGraphItem(x=list(range(12)), height=self.model.totals, width=0.7,
                                               brush="#1f4e79"))
        self.message.setText(self.tr("{0}の特別徴収対象者 {1}人").format(wareki.fiscal_year_label(year), len(rows)))

    def _activated(self, index: QModelIndex) -> None:
        employee = self.model.employee(index.row())
        if employee is not None:
            self.open_person.emit(employee.person_id, str(self.purpose.currentData()))
