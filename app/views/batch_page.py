"""一括計算: run the batch assessment of a tax year from the screen (worker thread, progress, cancel),
then the year's result: counts by non-taxable status, tax totals, returns the engine refused."""

from __future__ import annotations

import threading
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import language
from app.models.salary_import import YearSummary
from app.services import assessment_summary, batch, wareki
from app.services.session import StaffSession
from app.views.messages import QT_TRANSLATE_NOOP, error_text
from app.views.table_model import RowTableModel
from app.views.widgets import tax_year_choice
from app.views.worker import Worker


class _Progress(QObject):
    """Lives in the GUI thread; the batch's callback emits from its threads (queued across)."""

    advanced = Signal(int, int)


class BatchErrorModel(RowTableModel[tuple[int, str]]):
    """Returns the engine refused in the last run: 宛名番号 and the reason."""

    COLUMNS = (QT_TRANSLATE_NOOP("BatchErrorModel", "宛名番号"), QT_TRANSLATE_NOOP("BatchErrorModel", "理由"))
    NUMERIC = frozenset({0})

    def display(self, row: tuple[int, str], column: int) -> str:
        if column == 0:
            return str(row[0])
        ja, _, en = row[1].partition(" / ")
        return en if language() == "en" and en else ja


class BatchPage(QWidget):
    open_person = Signal(int, str)
    status_message = Signal(str)

    def __init__(self, session: StaffSession, worker: Worker, tax_year: int) -> None:
        super().__init__()
        self.session, self.worker = session, worker
        self._cancel: threading.Event | None = None
        self._relay = _Progress(self)
        self._relay.advanced.connect(self._advanced)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("賦課年度")))
        self.year = tax_year_choice(tax_year)
        top.addWidget(self.year)
        self.run_button = QPushButton(self.tr("一括計算を実行(&R)"))
        self.cancel_button = QPushButton(self.tr("中止(&C)"))
        self.cancel_button.setEnabled(False)
        top.addWidget(self.run_button)
        top.addWidget(self.cancel_button)
        top.addStretch(1)
        layout.addLayout(top)
        self.progress = QProgressBar()
        self.progress.setFormat(self.tr("%v / %m 件"))
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        layout.addWidget(self.progress)
        self.message = QLabel(self.tr(
            "申告・報告書の内容から、年度内の未通知の全件の税額を計算します。中断しても続きから再開できます。"))
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        middle = QHBoxLayout()
        box = QGroupBox(self.tr("年度の賦課状況"))
        grid = QGridLayout(box)
        self.values: dict[str, QLabel] = {}
        labels = (("returns", self.tr("賦課件数")), ("assessed", self.tr("計算済み")),
                  ("draft", self.tr("未計算・エラー")), ("notified", self.tr("通知済み")), ("taxable", self.tr("課税")),
                  ("non_taxable_income_levy", self.tr("所得割のみ非課税")), ("non_taxable_all", self.tr("非課税")),
                  ("municipal_tax", self.tr("市民税 合計（円）")), ("prefectural_tax", self.tr("県民税 合計（円）")),
                  ("forest_environment_tax", self.tr("森林環境税 合計（円）")),
                  ("annual_tax", self.tr("年税額 合計（円）")))
        for i, (key, text) in enumerate(labels):
            grid.addWidget(QLabel(text), i, 0)
            value = QLabel("—")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setMinimumWidth(130)
            grid.addWidget(value, i, 1)
            self.values[key] = value
        middle.addWidget(box)
        self.chart = pg.PlotWidget(background="w")
        self.chart.setMouseEnabled(x=False, y=False)
        self.chart.hideButtons()
        self.chart.setLabel("left", self.tr("件数"))
        self.chart.getAxis("bottom").setTicks([[(0, self.tr("課税")), (1, self.tr("所得割のみ非課税")),
                                                (2, self.tr("非課税"))]])
        middle.addWidget(self.chart, 1)
        layout.addLayout(middle, 2)
        layout.addWidget(QLabel(self.tr("計算できなかった申告（前回の実行）")))
        self.errors = BatchErrorModel(self)
        self.error_table = QTableView()
        self.error_table.setModel(self.errors)
        self.error_table.verticalHeader().setVisible(False)
        self.error_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.error_table.activated.connect(self._error_activated)
        layout.addWidget(self.error_table, 1)

        self.run_button.clicked.connect(self.run_batch)
        self.cancel_button.clicked.connect(self.cancel)
        self.year.currentIndexChanged.connect(lambda *_: self.load_summary())
        self.last_report: batch.BatchReport | None = None
        self.load_summary()

    def load_summary(self) -> None:
        db, year = self.session.db, int(self.year.currentData())
        self.worker.submit(lambda: assessment_summary.year_summary(db, year), self._show_summary,
                           lambda e: self.message.setText(error_text(e)), key="batch-summary")

    def _show_summary(self, summary: YearSummary) -> None:
        for key, label in self.values.items():
            label.setText(f"{getattr(summary, key):,}")
        self.chart.clear()
        self.chart.addItem(pg.BarGraphItem(
            x=[0, 1, 2], height=[summary.taxable, summary.non_taxable_income_levy, summary.non_taxable_all],
            width=0.6, brushes=["#1f4e79", "#7f9fbf", "#bfbfbf"]))

    def run_batch(self) -> None:
        if self._cancel is not None:
            return
        year = int(self.year.currentData())
        url = self.session.db.settings.url
        cancel = self._cancel = threading.Event()
        relay = self._relay
        self.run_button.setEnabled(False)
        self.year.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setRange(0, 0)  # busy until the first chunk reports its total
        self.message.setText(self.tr("{0}の一括計算を実行しています…").format(wareki.fiscal_year_label(year)))
        self.worker.submit(lambda: batch.run(url, year, progress=relay.advanced.emit, cancel=cancel),
                           self._finished, self._failed)

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self.message.setText(self.tr("中止しています（処理中のまとまりを保存してから止まります）…"))

    def is_running(self) -> bool:
        return self._cancel is not None

    def _advanced(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))

    def _reset(self) -> None:
        self._cancel = None
        self.run_button.setEnabled(True)
        self.year.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if self.progress.maximum() == 0:
            self.progress.setRange(0, 1)

    def _finished(self, report: batch.BatchReport) -> None:
        self._reset()
        self.last_report = report
        self.errors.set_rows(list(report.errors))
        year = wareki.fiscal_year_label(report.tax_year)
        if report.cancelled:
            text = self.tr(
                "{0}の一括計算を中止しました。計算済み {1:,}件は保存されています。再実行すると続きから計算します。")
        else:
            text = self.tr("{0}の一括計算が終わりました。計算 {1:,}件、エラー {2:,}件、{3:.1f}秒。")
        self.message.setText(text.format(year, report.assessed, len(report.errors), report.seconds))
        self.status_message.emit(self.message.text())
        self.load_summary()

    def _failed(self, error: Exception) -> None:
        self._reset()
        self.message.setText(error_text(error))
        self.load_summary()

    def _error_activated(self, index: Any) -> None:
        self.open_person.emit(self.errors.row_at(index.row())[0], "assessment")
