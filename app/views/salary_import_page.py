"""給与支払報告書取込: choose a file, read the validation report (accepted, rejected with reasons,
duplicates, persons not found, warnings), pick the right person for unmatched rows (the database
accepts a pick only when the birth date agrees), commit all or nothing.
Reading, checking and committing run on the worker thread with a progress bar."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QModelIndex, QObject, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import language
from app.models.person import PersonSummary
from app.models.salary_import import PROBLEMS, CommitResult, ImportReport, RowIssue, Unmatched
from app.services import inquiry, salary_import, search_query, wareki
from app.services.session import StaffSession
from app.views.messages import QT_TRANSLATE_NOOP, error_text
from app.views.table_model import RowTableModel
from app.views.widgets import tax_year_choice
from app.views.worker import Worker

PHASES = {"parse": QT_TRANSLATE_NOOP("SalaryImportPage", "読込・検証"),
          "check": QT_TRANSLATE_NOOP("SalaryImportPage", "宛名照合"),
          "commit": QT_TRANSLATE_NOOP("SalaryImportPage", "登録")}


class _Progress(QObject):
    advanced = Signal(str, int, int)


class IssueModel(RowTableModel[RowIssue]):
    """Rejected or duplicate rows: line, column, reason."""

    COLUMNS = (QT_TRANSLATE_NOOP("IssueModel", "行"), QT_TRANSLATE_NOOP("IssueModel", "項目"),
               QT_TRANSLATE_NOOP("IssueModel", "理由"))
    NUMERIC = frozenset({0})

    def display(self, row: RowIssue, column: int) -> str:
        if column == 0:
            return str(row.row_no)
        if column == 1:
            return "" if row.field in PROBLEMS else row.field
        return row.message_en if language() == "en" else row.message_ja

    def tooltip(self, row: RowIssue, column: int) -> str | None:
        # A long reason is cut at the column's edge: the whole of it on hover.
        return self.display(row, column) if column == 2 else None


class UnmatchedModel(RowTableModel[Unmatched]):
    """Persons of rows the database could not match, with the clerk's pick once made."""

    COLUMNS = (QT_TRANSLATE_NOOP("UnmatchedModel", "行"), QT_TRANSLATE_NOOP("UnmatchedModel", "区分"),
               QT_TRANSLATE_NOOP("UnmatchedModel", "氏名"), QT_TRANSLATE_NOOP("UnmatchedModel", "フリガナ"),
               QT_TRANSLATE_NOOP("UnmatchedModel", "生年月日"), QT_TRANSLATE_NOOP("UnmatchedModel", "宛名番号"),
               QT_TRANSLATE_NOOP("UnmatchedModel", "状況"), QT_TRANSLATE_NOOP("UnmatchedModel", "選択した宛名"))
    NUMERIC = frozenset({0, 5, 7})
    ROLE: ClassVar[dict[str, str]] = {"受給者": QT_TRANSLATE_NOOP("UnmatchedModel", "受給者"),
                                      "配偶者": QT_TRANSLATE_NOOP("UnmatchedModel", "配偶者")}

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.picks: dict[tuple[int, int], int] = {}

    def display(self, row: Unmatched, column: int) -> str:
        if column == 0:
            return str(row.row_no)
        if column == 1:
            if row.role in self.ROLE:
                return self.tr(self.ROLE[row.role])
            return self.tr("扶養親族{0}").format(row.seq - 1)
        if column == 2:
            return row.name
        if column == 3:
            return row.kana
        if column == 4:
            return wareki.format_short(row.birth_date)
        if column == 5:
            return "" if row.person_no is None else str(row.person_no)
        if column == 6:
            _, ja, en = PROBLEMS[row.problem]
            return en if language() == "en" else ja
        pick = self.picks.get((row.row_no, row.seq))
        return "" if pick is None else str(pick)


class CandidateModel(RowTableModel[PersonSummary]):
    COLUMNS = (QT_TRANSLATE_NOOP("CandidateModel", "宛名番号"), QT_TRANSLATE_NOOP("CandidateModel", "氏名"),
               QT_TRANSLATE_NOOP("CandidateModel", "フリガナ"), QT_TRANSLATE_NOOP("CandidateModel", "生年月日"),
               QT_TRANSLATE_NOOP("CandidateModel", "住所"))
    NUMERIC = frozenset({0})

    def display(self, row: PersonSummary, column: int) -> str:
        return (str(row.person_id), f"{row.family_name}　{row.given_name}", f"{row.family_kana}　{row.given_kana}",
                wareki.format_short(row.birth_date), row.address)[column]


def _table(model: RowTableModel[Any], widths: tuple[int, ...]) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(24)
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)
    view.horizontalHeader().setSectionResizeMode(len(widths), QHeaderView.ResizeMode.Stretch)
    return view


class SalaryImportPage(QWidget):
    open_person = Signal(int, str)
    status_message = Signal(str)
    report_ready = Signal()  # a validation report is shown (tests and the status bar wait for it)
    committed = Signal(object)  # CommitResult

    def __init__(self, session: StaffSession, worker: Worker, tax_year: int) -> None:
        super().__init__()
        self.session, self.worker = session, worker
        self.report: ImportReport | None = None
        self.path: Path | None = None
        self._relay = _Progress(self)
        self._relay.advanced.connect(self._advanced)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("賦課年度")))
        self.year = tax_year_choice(tax_year)
        top.addWidget(self.year)
        self.choose_button = QPushButton(self.tr("ファイルを選択(&O)…"))
        top.addWidget(self.choose_button)
        self.file_label = QLabel(self.tr("（ファイル未選択）"))
        top.addWidget(self.file_label, 1)
        self.commit_button = QPushButton(self.tr("一括登録(&S)"))
        self.commit_button.setEnabled(False)
        top.addWidget(self.commit_button)
        layout.addLayout(top)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        layout.addWidget(self.progress)
        self.summary = QLabel(self.tr("給与支払報告書（個人別明細書）の CSV を選ぶと、全行を検証して結果を表示します。"
                                      "問題がなければ全件を一度に登録します（一部だけの登録はしません）。"))
        self.summary.setWordWrap(True)
        # Two lines always: a word-wrapped label otherwise gets one line's height from the layout.
        self.summary.setMinimumHeight(self.summary.fontMetrics().lineSpacing() * 2 + 4)
        layout.addWidget(self.summary)

        self.tabs = QTabWidget()
        self.rejected = IssueModel(self)
        self.rejected_view = _table(self.rejected, (60, 170))
        self.tabs.addTab(self.rejected_view, self.tr("不備"))
        self.duplicates = IssueModel(self)
        self.duplicates_view = _table(self.duplicates, (60, 120))
        self.tabs.addTab(self.duplicates_view, self.tr("重複"))

        matching = QWidget()
        m_layout = QVBoxLayout(matching)
        self.unmatched = UnmatchedModel(self)
        self.unmatched_view = _table(self.unmatched, (50, 80, 110, 150, 80, 95, 330))
        m_layout.addWidget(self.unmatched_view, 2)
        search_row = QHBoxLayout()
        search_row.addWidget(QLabel(self.tr("宛名検索")))
        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("氏名・カナ・生年月日・宛名番号"))
        search_row.addWidget(self.query, 1)
        self.search_button = QPushButton(self.tr("検索(&F)"))
        search_row.addWidget(self.search_button)
        self.pick_button = QPushButton(self.tr("この宛名に決定(&P)"))
        self.pick_button.setEnabled(False)
        search_row.addWidget(self.pick_button)
        self.recheck_button = QPushButton(self.tr("再照合(&K)"))
        self.recheck_button.setEnabled(False)
        search_row.addWidget(self.recheck_button)
        m_layout.addLayout(search_row)
        self.candidates = CandidateModel(self)
        self.candidate_view = _table(self.candidates, (95, 120, 150, 80))
        m_layout.addWidget(self.candidate_view, 2)
        self.match_message = QLabel()
        m_layout.addWidget(self.match_message)
        self.tabs.addTab(matching, self.tr("宛名不明・照合"))
        # Differences from relatives already recorded: not blocking, the record is kept as it is.
        self.warnings = IssueModel(self)
        self.warnings_view = _table(self.warnings, (60, 120))
        self.tabs.addTab(self.warnings_view, self.tr("注意"))
        layout.addWidget(self.tabs, 1)

        self.choose_button.clicked.connect(self.choose_file)
        self.commit_button.clicked.connect(self.commit)
        self.search_button.clicked.connect(self.search)
        self.query.returnPressed.connect(self.search)
        self.pick_button.clicked.connect(self.pick)
        self.candidate_view.activated.connect(lambda _index: self.pick())
        self.recheck_button.clicked.connect(self.recheck)
        self.unmatched_view.selectionModel().currentRowChanged.connect(
            lambda current, _old: self._unmatched_selected(current))
        self.candidate_view.selectionModel().currentRowChanged.connect(
            lambda current, _old: self.pick_button.setEnabled(current.isValid()))
        self.year.currentIndexChanged.connect(lambda *_: self._year_changed())

    # -- file and validation ------------------------------------------------------------------

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("給与支払報告書の CSV を選択"), "",
                                              self.tr("CSV ファイル (*.csv);;すべてのファイル (*)"))
        if name:
            self.load_file(Path(name))

    def load_file(self, path: Path) -> None:
        """Read, validate and match the file on the worker thread."""
        self.path = path
        self.file_label.setText(str(path))
        self._busy(True)
        db, year, relay = self.session.db, int(self.year.currentData()), self._relay

        def work() -> ImportReport:
            report = salary_import.read_file(path, year, relay.advanced.emit)
            return salary_import.check(db, report, relay.advanced.emit)

        self.worker.submit(work, self._show_report, self._failed, key="salary-import")

    def _year_changed(self) -> None:
        if self.path is not None and self.choose_button.isEnabled():
            self.load_file(self.path)

    def recheck(self) -> None:
        report = self.report
        if report is None:
            return
        self._busy(True)
        db, relay = self.session.db, self._relay
        self.worker.submit(lambda: salary_import.check(db, report, relay.advanced.emit), self._show_report,
                           self._failed, key="salary-import")

    def _show_report(self, report: ImportReport) -> None:
        self._busy(False)
        self.report = report
        self.rejected.set_rows(report.rejected)
        self.duplicates.set_rows(report.duplicates)
        self.unmatched.picks = dict(report.resolutions)
        self.unmatched.set_rows(report.unmatched)
        self.warnings.set_rows(report.warnings)
        self.tabs.setTabText(0, self.tr("不備（{0}）").format(len(report.rejected)))
        self.tabs.setTabText(1, self.tr("重複（{0}）").format(len(report.duplicates)))
        self.tabs.setTabText(2, self.tr("宛名不明・照合（{0}）").format(len(report.unmatched)))
        self.tabs.setTabText(3, self.tr("注意（{0}）").format(len(report.warnings)))
        text = self.tr("{0}行: 取込可 {1}行、不備 {2}件、重複 {3}件、宛名不明 {4}件。").format(
            f"{report.total_rows:,}", f"{report.accepted:,}", f"{len(report.rejected):,}",
            f"{len(report.duplicates):,}", f"{len(report.unmatched):,}")
        if report.warnings:
            text += self.tr("注意 {0}件（登録済みの扶養親族と内容が違います。登録済みの内容は変更しません）。").format(
                f"{len(report.warnings):,}")
        if report.can_commit:
            text += self.tr("「一括登録」で全件を登録できます。")
        elif report.rejected:
            text += self.tr("不備を元のファイルで直してから、もう一度選んでください（何も登録していません）。")
        elif report.unmatched:
            text += self.tr("宛名不明の行は、宛名を検索して決定し、再照合してください。")
        self.summary.setText(text)
        self.commit_button.setEnabled(report.can_commit)
        self.recheck_button.setEnabled(bool(report.resolutions) and not report.checked)
        if report.rejected:
            self.tabs.setCurrentIndex(0)
        elif [d for d in report.duplicates if d.field != "already_imported"]:
            self.tabs.setCurrentIndex(1)
        elif report.unmatched:
            self.tabs.setCurrentIndex(2)
            self.unmatched_view.selectRow(0)
        elif report.warnings:
            self.tabs.setCurrentIndex(3)
        self.status_message.emit(text)
        self.report_ready.emit()

    # -- matching screen ------------------------------------------------------------------------

    def _unmatched_selected(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        u = self.unmatched.row_at(index.row())
        self.query.setText(f"{u.kana} {wareki.format_short(u.birth_date)}")
        self.candidates.set_rows([])
        self.match_message.setText("")

    def search(self) -> None:
        try:
            criteria = search_query.parse(self.query.text())
        except Exception as exc:
            self.match_message.setText(error_text(exc))
            return
        if criteria.is_empty():
            return
        db = self.session.db
        self.worker.submit(lambda: inquiry.search_persons(db, criteria, "assessment", limit=200).first_page,
                           self._show_candidates, lambda e: self.match_message.setText(error_text(e)),
                           key="salary-import-search")

    def _show_candidates(self, found: list[PersonSummary]) -> None:
        self.candidates.set_rows(found)
        self.match_message.setText(self.tr("候補 {0}件").format(len(found)) if found
                                   else self.tr("該当する宛名はありません。"))
        if found:
            self.candidate_view.selectRow(0)

    def pick(self) -> None:
        report = self.report
        u_index = self.unmatched_view.currentIndex()
        c_index = self.candidate_view.currentIndex()
        if report is None or not u_index.isValid() or not c_index.isValid():
            return
        u = self.unmatched.row_at(u_index.row())
        person = self.candidates.row_at(c_index.row())
        salary_import.resolve(report, u.row_no, u.seq, person.person_id)
        self.unmatched.picks[(u.row_no, u.seq)] = person.person_id
        top_left = self.unmatched.index(u_index.row(), 7)
        self.unmatched.dataChanged.emit(top_left, top_left)
        self.commit_button.setEnabled(False)
        self.recheck_button.setEnabled(True)
        done = self.tr("{0}行目を宛名番号 {1} に決定しました。すべて決めたら再照合してください。")
        self.match_message.setText(done.format(u.row_no, person.person_id))
        nxt = u_index.row() + 1
        if nxt < self.unmatched.rowCount():
            self.unmatched_view.selectRow(nxt)

    # -- commit ---------------------------------------------------------------------------------

    def commit(self) -> None:
        report = self.report
        if report is None or not report.can_commit:
            return
        self._busy(True)
        db, relay = self.session.db, self._relay
        self.worker.submit(lambda: salary_import.commit(db, report, relay.advanced.emit), self._committed,
                           self._failed, key="salary-import")

    def _committed(self, result: CommitResult) -> None:
        self._busy(False)
        self.commit_button.setEnabled(False)
        self.report = None
        text = self.tr("登録しました（取込番号 {0}）: 報告書 {1}件、{2}人、新規賦課 {3}件、扶養 {4}件、"
                       "取込済みで省略 {5}件。税額は一括計算で再計算されます。").format(
            result.import_id, f"{result.reports:,}", f"{result.persons:,}", f"{result.assessments_created:,}",
            f"{result.dependants:,}", f"{result.skipped:,}")
        self.summary.setText(text)
        self.status_message.emit(text)
        self.committed.emit(result)

    # -- shared ---------------------------------------------------------------------------------

    def _busy(self, busy: bool) -> None:
        for w in (self.choose_button, self.year, self.search_button):
            w.setEnabled(not busy)
        if busy:
            self.commit_button.setEnabled(False)
            self.recheck_button.setEnabled(False)
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 1)
            self.progress.setValue(1)

    def _advanced(self, phase: str, done: int, total: int) -> None:
        label = self.tr(PHASES.get(phase, phase))
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        self.progress.setFormat(f"{label} %v / %m" if total else label)

    def _failed(self, error: Exception) -> None:
        self._busy(False)
        self.progress.setValue(0)
        if self.report is not None:
            self.commit_button.setEnabled(self.report.can_commit)
        self.summary.setText(error_text(error))
        self.status_message.emit(self.summary.text())
