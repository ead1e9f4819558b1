"""照会: one search box, results while typing, the selected person beside them."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import UserError, language
from app.models.person import PersonCard, PersonSummary
from app.services import inquiry, search_query, wareki
from app.services.session import StaffSession
from app.views.messages import error_text
from app.views.person_model import PersonTableModel, sex_label, status_label
from app.views.person_view import PersonView
from app.views.worker import Worker

SEARCH_DELAY_MS = 250


class PersonDetail(QGroupBox):
    reveal_requested = Signal(int)

    def __init__(self, can_reveal: bool) -> None:
        super().__init__(self.tr("個人の情報"))
        self._person: PersonSummary | None = None
        form = QFormLayout(self)
        self.fields: dict[str, QLabel] = {}
        for key, label in (("person_id", self.tr("宛名番号")), ("name", self.tr("氏名")),
                           ("kana", self.tr("カナ")), ("birth", self.tr("生年月日")), ("sex", self.tr("性別")),
                           ("address", self.tr("住所")), ("status", self.tr("状態"))):
            value = QLabel("—")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields[key] = value
            form.addRow(label, value)
        number_row = QHBoxLayout()
        self.my_number = QLabel("—")
        self.my_number.setObjectName("myNumber")
        number_row.addWidget(self.my_number, 1)
        self.reveal = QPushButton(self.tr("個人番号を表示"))
        self.reveal.setVisible(can_reveal)
        self.reveal.setEnabled(False)
        self.reveal.clicked.connect(self._ask_reveal)
        number_row.addWidget(self.reveal)
        form.addRow(self.tr("個人番号"), number_row)

    def show_person(self, p: PersonSummary | None) -> None:
        self._person = p
        if p is None:
            for value in self.fields.values():
                value.setText("—")
            self.my_number.setText("—")
            self.reveal.setEnabled(False)
            return
        today = date.today()
        self.fields["person_id"].setText(str(p.person_id))
        self.fields["name"].setText(p.name)
        self.fields["kana"].setText(p.kana)
        self.fields["birth"].setText(self.tr("{0}（{1}歳）").format(wareki.format_long(p.birth_date),
                                                                   wareki.age_on(p.birth_date, today)))
        self.fields["sex"].setText(sex_label(p.sex))
        self.fields["address"].setText(f"〒{p.postal_code} {p.address}")
        self.fields["status"].setText(status_label(p.status))
        self.my_number.setText(p.my_number or self.tr("（登録なし）"))
        self.reveal.setEnabled(p.my_number is not None)

    def show_my_number(self, person_id: int, number: str | None) -> None:
        if self._person is not None and self._person.person_id == person_id:
            self.my_number.setText(number or self.tr("（登録なし）"))

    def _ask_reveal(self) -> None:
        if self._person is not None:
            self.reveal_requested.emit(self._person.person_id)


class SearchPage(QWidget):
    status_message = Signal(str)

    def __init__(self, session: StaffSession, worker: Worker, tax_year: int | None = None) -> None:
        super().__init__()
        self.session, self.worker, self.tax_year = session, worker, tax_year
        self.page_size = inquiry.PAGE_SIZE
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack)
        self.list_page = QWidget()
        self.stack.addWidget(self.list_page)
        self.person_view: PersonView | None = None
        layout = QVBoxLayout(self.list_page)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("照会目的")))
        self.purpose = QComboBox()
        self.purpose.addItem(self.tr("（選択してください）"), None)
        for p in session.purposes:
            if p.code != "system_check":
                self.purpose.addItem(p.label_en if language() == "en" else p.label_ja, p.code)
        self.purpose.currentIndexChanged.connect(self._schedule)
        top.addWidget(self.purpose)
        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("氏名・カナ・生年月日（S55.5.1）・宛名番号・住所で検索（Ctrl+F）"))
        self.query.setToolTip(self.tr("名前は姓または名の先頭から探します（さとう・たろう・佐藤・太郎）。"
                                      "3文字以上なら名前の途中も探します（ちろう → イチロウ）。"
                                      "空白で区切って複数の言葉を入れると、いちばん長い言葉でこのように探し、"
                                      "ほかの言葉は氏名のどこかに含む人に絞ります。"))
        self.query.setClearButtonEnabled(True)
        self.query.textChanged.connect(self._schedule)
        self.query.returnPressed.connect(self._open_current)
        top.addWidget(self.query, 1)
        layout.addLayout(top)

        self.message = QLabel()
        self.message.setObjectName("searchMessage")
        layout.addWidget(self.message)

        self.split = split = QSplitter()
        self.model = PersonTableModel(self, page_loader=self._load_page)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((100, 130, 150, 90, 50, 260)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.activated.connect(lambda index: self._open(index.row()))
        split.addWidget(self.table)
        self.detail = PersonDetail(session.identity.can("r_mynumber"))
        self.detail.reveal_requested.connect(self._reveal)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.table, self.focus_search)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.stack, self.show_list)

    # ----------------------------------------------------------------- actions

    def focus_search(self) -> None:
        self.show_list()
        self.query.setFocus()
        self.query.selectAll()

    def current_purpose(self) -> str | None:
        value = self.purpose.currentData()
        return str(value) if value else None

    def _schedule(self) -> None:
        self._timer.start()

    def search_now(self) -> None:
        text = self.query.text().strip()
        if not text:
            self.model.set_rows([])
            self.message.setText("")
            return
        purpose = self.current_purpose()
        if purpose is None:
            self._show_error(self.tr("照会目的を選択してください。"))
            return
        try:
            criteria = search_query.parse(text)
        except UserError as err:
            self._show_error(err.message())
            return
        self.message.setText(self.tr("検索中…"))
        db = self.session.db
        page_size = self.page_size
        self.worker.submit(lambda: inquiry.search_persons(db, criteria, purpose, page_size=page_size),
                           self._show_results, self._show_failure, key="person-search")

    def _show_results(self, result: inquiry.SearchResult) -> None:
        self.model.set_result(result.search_id, result.total, result.first_page)
        if result.total:
            more = self.tr("（上位{0}件を表示）").format(f"{inquiry.SEARCH_LIMIT:,}") \
                if result.total >= inquiry.SEARCH_LIMIT else ""
            self.message.setText(self.tr("{0}件").format(f"{result.total:,}") + more)
            self.table.selectRow(0)
        else:
            self.message.setText(self.tr("該当する人はいません。"))
            self.detail.show_person(None)
        self.status_message.emit(self.message.text())

    def _show_failure(self, error: Exception) -> None:
        self._show_error(error_text(error))

    def _show_error(self, text: str) -> None:
        self.message.setText(text)
        self.status_message.emit(text)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.detail.show_person(self.model.person(current.row()) if current.isValid() else None)

    def _open_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self._open(index.row())

    def _load_page(self, search_id: int, offset: int) -> None:
        db = self.session.db

        def failed(error: Exception) -> None:
            self.model.page_failed()
            self._show_failure(error)

        page_size = self.page_size
        self.worker.submit(lambda: inquiry.search_page(db, search_id, offset, page_size),
                           lambda rows: self.model.add_page(search_id, offset, rows), failed)

    def _open(self, row: int) -> None:
        self.open_person(self.model.person(row).person_id)

    def open_person(self, person_id: int, purpose: str | None = None) -> None:
        """Enter on a result: the person view, read through the api (one audited look-up)."""
        purpose = purpose or self.current_purpose()
        if purpose is None:
            self._show_error(self.tr("照会目的を選択してください。"))
            return
        db = self.session.db
        self.message.setText(self.tr("読込中…"))
        self.worker.submit(lambda: inquiry.person_card(db, person_id, purpose),
                           lambda card: self._show_person(card, purpose), self._show_failure, key="person-open")

    def _show_person(self, card: PersonCard | None, purpose: str) -> None:
        if card is None:
            self._show_error(self.tr("この宛名番号の人はいません。"))
            return
        if self.person_view is not None:
            self.stack.removeWidget(self.person_view)
            self.person_view.deleteLater()
        self.person_view = PersonView(self.session, self.worker, card, purpose, self.tax_year)
        self.person_view.back.connect(self.show_list)
        self.person_view.open_person.connect(lambda pid: self.open_person(pid, purpose))
        self.stack.addWidget(self.person_view)
        self.stack.setCurrentWidget(self.person_view)
        self.person_view.tabs.setFocus()
        self.message.setText("")

    def show_list(self) -> None:
        if self.stack.currentWidget() is not self.list_page:
            self.stack.setCurrentWidget(self.list_page)
            self.table.setFocus()

    def _reveal(self, person_id: int) -> None:
        purpose = self.current_purpose()
        if purpose is None:
            self._show_error(self.tr("照会目的を選択してください。"))
            return
        db = self.session.db
        self.worker.submit(lambda: inquiry.reveal_my_number(db, person_id, purpose),
                           lambda number: self.detail.show_my_number(person_id, number), self._show_failure)
