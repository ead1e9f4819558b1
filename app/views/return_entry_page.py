"""申告・報告書入力: a person's return for a tax year, keyed in the order the paper 申告書 is read,
with the 計算根拠 recomputed as the clerk types. Saving makes a proposal that another staff
member approves (approval_page); a refused save keeps everything typed."""

from __future__ import annotations

import time
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import UserError
from app.models.assessment_work import (
    AMOUNT_ITEMS,
    COLLECTION_METHODS,
    DISABILITY_CODES,
    DISABILITY_ITEM,
    FILING_KINDS,
    INCOME_FIELDS,
    NON_TAXABLE_LABELS,
    RELATIVE_DISABILITY,
    SIGNED_FIELDS,
    STATUS_CODES,
    STATUS_ITEM,
    PersonInfo,
    RelativeEntry,
    ReturnContext,
    ReturnInputs,
)
from app.services import proposals, returns, wareki
from app.services.session import StaffSession
from app.tax.engine import Assessment
from app.views.assessment_widgets import BANNER_ERROR, BANNER_INFO, AmountEdit, Field, StepModel, yen
from app.views.messages import QT_TRANSLATE_NOOP, error_text
from app.views.table_model import RowTableModel
from app.views.widgets import tax_year_choice
from app.views.worker import Worker

PURPOSE = "assessment"
RECALC_DELAY_MS = 120
# Sections of the form, in the order of the paper return; the amount items of each.
DEDUCTION_ITEMS = (139, 150, 148, 151, 137, 152, 149, 138, 136, 154)
DONATION_ITEMS = (140, 141, 142)


def label_tr(label: str) -> str:
    """A label of app.models.assessment_work, translated (the markers below list them for lupdate)."""
    return QCoreApplication.translate("ReturnEntryPage", label)


# The labels the form takes from app.models.assessment_work, marked so lupdate offers them.
_LABELS = (
    QT_TRANSLATE_NOOP("ReturnEntryPage", "住民税申告"), QT_TRANSLATE_NOOP("ReturnEntryPage", "確定申告"),
    QT_TRANSLATE_NOOP("ReturnEntryPage", "給与支払報告書"),
    QT_TRANSLATE_NOOP("ReturnEntryPage", "公的年金等支払報告書"),
    QT_TRANSLATE_NOOP("ReturnEntryPage", "申告なし"), QT_TRANSLATE_NOOP("ReturnEntryPage", "普通徴収"),
    QT_TRANSLATE_NOOP("ReturnEntryPage", "給与特別徴収"), QT_TRANSLATE_NOOP("ReturnEntryPage", "年金特別徴収"),
    QT_TRANSLATE_NOOP("ReturnEntryPage", "給与特徴・普徴併用"),
    QT_TRANSLATE_NOOP("ReturnEntryPage", "年金特徴・普徴併用"),
    QT_TRANSLATE_NOOP("ReturnEntryPage", "なし"), QT_TRANSLATE_NOOP("ReturnEntryPage", "障害者"),
    QT_TRANSLATE_NOOP("ReturnEntryPage", "特別障害者"), QT_TRANSLATE_NOOP("ReturnEntryPage", "同居特別障害者"),
    QT_TRANSLATE_NOOP("ReturnEntryPage", "寡婦"), QT_TRANSLATE_NOOP("ReturnEntryPage", "ひとり親"),
    QT_TRANSLATE_NOOP("ReturnEntryPage", "勤労学生"), QT_TRANSLATE_NOOP("ReturnEntryPage", "ひとり親・勤労学生"),
    QT_TRANSLATE_NOOP("ReturnEntryPage", "寡婦・勤労学生"), QT_TRANSLATE_NOOP("ReturnEntryPage", "給与収入"),
    QT_TRANSLATE_NOOP("ReturnEntryPage", "公的年金等収入"), QT_TRANSLATE_NOOP("ReturnEntryPage", "営業等所得"),
    QT_TRANSLATE_NOOP("ReturnEntryPage", "農業所得"), QT_TRANSLATE_NOOP("ReturnEntryPage", "不動産所得"),
    QT_TRANSLATE_NOOP("ReturnEntryPage", "利子所得"), QT_TRANSLATE_NOOP("ReturnEntryPage", "配当所得"),
    QT_TRANSLATE_NOOP("ReturnEntryPage", "その他の雑所得"), QT_TRANSLATE_NOOP("ReturnEntryPage", "社会保険料"),
    QT_TRANSLATE_NOOP("ReturnEntryPage", "新一般生命保険料"), QT_TRANSLATE_NOOP("ReturnEntryPage", "旧一般生命保険料"),
    QT_TRANSLATE_NOOP("ReturnEntryPage", "新個人年金保険料"), QT_TRANSLATE_NOOP("ReturnEntryPage", "旧個人年金保険料"),
    QT_TRANSLATE_NOOP("ReturnEntryPage", "介護医療保険料"), QT_TRANSLATE_NOOP("ReturnEntryPage", "地震保険料"),
    QT_TRANSLATE_NOOP("ReturnEntryPage", "旧長期損害保険料"), QT_TRANSLATE_NOOP("ReturnEntryPage", "医療費支払額"),
    QT_TRANSLATE_NOOP("ReturnEntryPage", "医療費補てん額"),
    QT_TRANSLATE_NOOP("ReturnEntryPage", "寄附金(ふるさと納税等)"),
    QT_TRANSLATE_NOOP("ReturnEntryPage", "寄附金(市指定)"), QT_TRANSLATE_NOOP("ReturnEntryPage", "寄附金(県指定)"),
    QT_TRANSLATE_NOOP("ReturnEntryPage", "課税"), QT_TRANSLATE_NOOP("ReturnEntryPage", "均等割・所得割とも非課税"),
    QT_TRANSLATE_NOOP("ReturnEntryPage", "所得割非課税"),
    QT_TRANSLATE_NOOP("ReturnEntryPage", "本人の障害区分"), QT_TRANSLATE_NOOP("ReturnEntryPage", "配偶者・扶養親族"),
    QT_TRANSLATE_NOOP("ReturnEntryPage", "総所得金額等"), QT_TRANSLATE_NOOP("ReturnEntryPage", "所得控除合計"),
    QT_TRANSLATE_NOOP("ReturnEntryPage", "市民税均等割"), QT_TRANSLATE_NOOP("ReturnEntryPage", "県民税均等割"),
    QT_TRANSLATE_NOOP("ReturnEntryPage", "課税区分"),
)


class RelativeModel(RowTableModel[tuple[RelativeEntry, PersonInfo | None]]):
    """Spouse and dependants on the return, with who they are (和暦 birth dates)."""

    COLUMNS: ClassVar[tuple[str, ...]] = (
        QT_TRANSLATE_NOOP("RelativeModel", "続柄区分"), QT_TRANSLATE_NOOP("RelativeModel", "宛名番号"),
        QT_TRANSLATE_NOOP("RelativeModel", "氏名"), QT_TRANSLATE_NOOP("RelativeModel", "生年月日"),
        QT_TRANSLATE_NOOP("RelativeModel", "障害"), QT_TRANSLATE_NOOP("RelativeModel", "同居"),
        QT_TRANSLATE_NOOP("RelativeModel", "申告所得"))
    NUMERIC: ClassVar[frozenset[int]] = frozenset({1, 6})

    def display(self, row: tuple[RelativeEntry, PersonInfo | None], column: int) -> str:
        entry, info = row
        if column == 0:
            return self.tr("配偶者") if entry.kind == "spouse" else self.tr("扶養親族")
        if column == 1:
            return str(entry.person_id)
        if column == 2:
            return info.name if info else ""
        if column == 3:
            return wareki.format_long(info.birth_date) if info else ""
        if column == 4:
            return label_tr(dict(RELATIVE_DISABILITY)[entry.disability]) if entry.disability != "none" else ""
        if column == 5:
            return self.tr("同居") if entry.cohabiting else self.tr("別居")
        return yen(entry.total_income) if entry.total_income is not None else self.tr("（本人の賦課による）")

    def entries(self) -> list[RelativeEntry]:
        return [self.row_at(i)[0] for i in range(self.rowCount())]


class ReturnEntryPage(QWidget):
    open_person = Signal(int, str)
    status_message = Signal(str)
    saved = Signal(int)  # proposal number
    recalculated = Signal()

    def __init__(self, session: StaffSession, worker: Worker, tax_year: int) -> None:
        super().__init__()
        self.session, self.worker, self.tax_year = session, worker, tax_year
        self.context: ReturnContext | None = None
        self.relatives: dict[int, PersonInfo] = {}
        self.result: Assessment | None = None
        self.last_compute_ms = 0.0
        self._loaded_inputs: ReturnInputs | None = None
        self._discard_confirmed = False
        self.amounts: dict[str, AmountEdit] = {}
        self.fields: dict[str, Field] = {}

        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("宛名番号")))
        self.person_no = QLineEdit()
        self.person_no.setPlaceholderText(self.tr("宛名番号を入力して Enter"))
        self.person_no.setMaximumWidth(180)
        self.person_no.returnPressed.connect(self.load)
        top.addWidget(self.person_no)
        top.addWidget(QLabel(self.tr("賦課年度")))
        self.year = tax_year_choice(tax_year)
        top.addWidget(self.year)
        self.load_button = QPushButton(self.tr("読込"))
        self.load_button.clicked.connect(self.load)
        top.addWidget(self.load_button)
        self.header = QLabel()
        self.header.setObjectName("returnHeader")
        top.addWidget(self.header, 1)
        outer.addLayout(top)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.hide()
        outer.addWidget(self.banner)

        split = QSplitter()
        form_area = QScrollArea()
        form_area.setWidgetResizable(True)
        self.form = QWidget()
        form_area.setWidget(self.form)
        self._build_form(QVBoxLayout(self.form))
        split.addWidget(form_area)
        split.addWidget(self._build_panel())
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([950, 550])   # the form first; the 計算根拠 panel keeps a readable width
        outer.addWidget(split, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RECALC_DELAY_MS)
        self._timer.timeout.connect(self.recalculate)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        QShortcut(QKeySequence("Ctrl+L"), self, self.focus_person)
        self.form.setEnabled(False)
        can_enter = session.identity.can("r_assessor")
        self.load_button.setEnabled(can_enter)
        self.person_no.setEnabled(can_enter)
        if not can_enter:
            self._banner(self.tr("申告の入力には賦課担当（r_assessor）の権限が必要です。"), error=True)

    # ------------------------------------------------------------------ layout

    def _amount(self, key: str, *, signed: bool = False) -> Field:
        edit = AmountEdit(signed=signed)
        edit.setObjectName(key)
        edit.amount_changed.connect(self._schedule)
        self.amounts[key] = edit
        field = Field(edit)
        self.fields[key] = field
        return field

    def _combo(self, key: str, choices: tuple[tuple[str, str], ...]) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(key)
        for code, label in choices:
            combo.addItem(label_tr(label), code)
        combo.currentIndexChanged.connect(self._schedule)
        self.fields[key] = Field(combo)
        return combo

    def _build_form(self, layout: QVBoxLayout) -> None:
        # ① 申告の種類と徴収方法
        kind = QGroupBox(self.tr("① 申告区分・徴収方法"))
        f = QFormLayout(kind)
        self.filing_kind = self._combo("filing_kind", FILING_KINDS)
        f.addRow(self.tr("申告区分"), self.fields["filing_kind"])
        self.collection = self._combo("collection_method", COLLECTION_METHODS)
        f.addRow(self.tr("徴収方法"), self.fields["collection_method"])
        self.employer_no = QLineEdit()
        self.employer_no.setObjectName("employer_no")
        self.employer_no.setMaxLength(10)
        self.employer_no.setPlaceholderText(self.tr("給与特別徴収の指定番号"))
        self.employer_no.textEdited.connect(self._schedule)
        self.fields["employer_no"] = Field(self.employer_no)
        f.addRow(self.tr("事業所番号"), self.fields["employer_no"])
        layout.addWidget(kind)

        # ② 収入金額等 と ③ 所得金額（申告書の第一表の左上から）
        income = QGroupBox(self.tr("② 収入金額等・③ 所得金額"))
        g = QGridLayout(income)
        for i, (key, label) in enumerate(INCOME_FIELDS):
            g.addWidget(QLabel(label_tr(label)), i // 2, (i % 2) * 2)
            g.addWidget(self._amount(key, signed=key in SIGNED_FIELDS), i // 2, (i % 2) * 2 + 1)
        layout.addWidget(income)

        # ④ 所得から差し引かれる金額（支払った額）
        deductions = QGroupBox(self.tr("④ 所得から差し引かれる金額に関する事項（支払額）"))
        g = QGridLayout(deductions)
        labels = dict(AMOUNT_ITEMS)
        for i, code in enumerate(DEDUCTION_ITEMS):
            g.addWidget(QLabel(label_tr(labels[code])), i // 2, (i % 2) * 2)
            g.addWidget(self._amount(f"items.{code}"), i // 2, (i % 2) * 2 + 1)
        layout.addWidget(deductions)

        # ⑤ 本人に該当する事項
        own = QGroupBox(self.tr("⑤ 本人該当事項"))
        f = QFormLayout(own)
        self.disability = self._combo(f"codes.{DISABILITY_ITEM}", DISABILITY_CODES)
        f.addRow(self.tr("障害者"), self.fields[f"codes.{DISABILITY_ITEM}"])
        self.status_code = self._combo(f"codes.{STATUS_ITEM}", STATUS_CODES)
        f.addRow(self.tr("寡婦・ひとり親・勤労学生"), self.fields[f"codes.{STATUS_ITEM}"])
        layout.addWidget(own)

        # ⑥ 配偶者・扶養親族
        family = QGroupBox(self.tr("⑥ 配偶者・扶養親族（宛名番号で追加）"))
        v = QVBoxLayout(family)
        add = QHBoxLayout()
        self.rel_no = QLineEdit()
        self.rel_no.setObjectName("rel_no")
        self.rel_no.setPlaceholderText(self.tr("宛名番号"))
        self.rel_no.setMaximumWidth(130)
        self.rel_no.returnPressed.connect(self.add_relative)
        add.addWidget(self.rel_no)
        self.rel_kind = QComboBox()
        self.rel_kind.addItem(self.tr("扶養親族"), "dependant")
        self.rel_kind.addItem(self.tr("配偶者"), "spouse")
        add.addWidget(self.rel_kind)
        self.rel_disability = QComboBox()
        for value, label in RELATIVE_DISABILITY:
            self.rel_disability.addItem(label_tr(label), value)
        add.addWidget(self.rel_disability)
        self.rel_cohabiting = QCheckBox(self.tr("同居"))
        self.rel_cohabiting.setChecked(True)
        add.addWidget(self.rel_cohabiting)
        self.rel_income = AmountEdit()
        self.rel_income.setPlaceholderText(self.tr("申告所得（空欄: 本人の賦課）"))
        self.rel_income.setMinimumWidth(190)
        add.addWidget(self.rel_income)
        self.rel_add = QPushButton(self.tr("追加"))
        self.rel_add.clicked.connect(self.add_relative)
        add.addWidget(self.rel_add)
        self.rel_remove = QPushButton(self.tr("削除"))
        self.rel_remove.clicked.connect(self.remove_relative)
        add.addWidget(self.rel_remove)
        add.addStretch(1)
        v.addLayout(add)
        self.rel_message = QLabel()
        self.rel_message.setStyleSheet("color: #b00020;")
        self.rel_message.hide()
        v.addWidget(self.rel_message)
        self.rel_model = RelativeModel(self)
        self.rel_table = QTableView()
        self.rel_table.setModel(self.rel_model)
        self.rel_table.verticalHeader().setVisible(False)
        self.rel_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.rel_table.setMinimumHeight(110)
        for column, width in enumerate((80, 100, 110, 130, 80, 50)):
            self.rel_table.setColumnWidth(column, width)
        self.rel_table.horizontalHeader().setStretchLastSection(True)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.rel_table, self.remove_relative)
        v.addWidget(self.rel_table)
        layout.addWidget(family)

        # ⑦ 寄附金税額控除
        donations = QGroupBox(self.tr("⑦ 寄附金税額控除に関する事項"))
        g = QGridLayout(donations)
        for i, code in enumerate(DONATION_ITEMS):
            g.addWidget(QLabel(label_tr(labels[code])), 0, i * 2)
            g.addWidget(self._amount(f"items.{code}"), 0, i * 2 + 1)
        layout.addWidget(donations)

        # ⑧ 理由と保存
        save = QGroupBox(self.tr("⑧ 登録・更正の理由"))
        h = QHBoxLayout(save)
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setMaxLength(400)
        self.reason.setPlaceholderText(self.tr("例: 住民税申告書の受付、社会保険料の申告漏れによる更正"))
        self.fields["reason"] = Field(self.reason)
        h.addWidget(self.fields["reason"], 1)
        self.save_button = QPushButton(self.tr("承認依頼として保存（Ctrl+S）"))
        self.save_button.clicked.connect(self.save)
        h.addWidget(self.save_button)
        layout.addWidget(save)
        layout.addStretch(1)

    def _build_panel(self) -> QWidget:
        panel = QWidget()
        v = QVBoxLayout(panel)
        title = QLabel(self.tr("計算結果（入力に合わせて再計算）"))
        title.setStyleSheet("font-weight: bold;")
        v.addWidget(title)
        grid = QGridLayout()
        self.summary: dict[str, tuple[QLabel, QLabel]] = {}
        rows = (("total_income", self.tr("合計所得金額")), ("taxable_income", self.tr("課税総所得金額")),
                ("municipal_income_levy", self.tr("市民税所得割")),
                ("prefectural_income_levy", self.tr("県民税所得割")),
                ("per_capita", self.tr("均等割（市・県）")), ("forest_environment_tax", self.tr("森林環境税")),
                ("annual_tax", self.tr("年税額")))
        grid.addWidget(QLabel(self.tr("現在")), 0, 1, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(QLabel(self.tr("入力後")), 0, 2, Qt.AlignmentFlag.AlignRight)
        for i, (key, label) in enumerate(rows, start=1):
            grid.addWidget(QLabel(label), i, 0)
            now, new = QLabel(), QLabel()
            for w in (now, new):
                w.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                w.setMinimumWidth(100)
            grid.addWidget(now, i, 1)
            grid.addWidget(new, i, 2)
            self.summary[key] = (now, new)
        self.summary["annual_tax"][1].setStyleSheet("font-weight: bold;")
        v.addLayout(grid)
        self.calc_message = QLabel()
        self.calc_message.setWordWrap(True)
        v.addWidget(self.calc_message)
        self.step_model = StepModel(self)
        self.steps = QTableView()
        self.steps.setModel(self.step_model)
        self.steps.verticalHeader().setVisible(False)
        self.steps.verticalHeader().setDefaultSectionSize(22)
        self.steps.setColumnWidth(0, 190)
        self.steps.setColumnWidth(1, 100)
        self.steps.horizontalHeader().setStretchLastSection(True)
        self.steps.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        v.addWidget(self.steps, 1)
        return panel

    # ------------------------------------------------------------------ loading

    def focus_person(self) -> None:
        self.person_no.setFocus()
        self.person_no.selectAll()

    def current_year(self) -> int:
        return int(self.year.currentData())

    def has_unsaved_input(self) -> bool:
        if self.context is None:
            return False
        inputs, problems = self.read_inputs()
        return bool(problems) or inputs != self._loaded_inputs

    def load(self) -> None:
        # Typed input is never dropped silently: a second Enter confirms loading over it.
        if self.has_unsaved_input() and not self._discard_confirmed:
            self._discard_confirmed = True
            self._banner(self.tr("保存していない入力があります。"
                                 "破棄して読み込む場合は、もう一度 Enter（読込）を押してください。"),
                         error=True)
            return
        self._discard_confirmed = False
        text = wareki.normalize(self.person_no.text())
        if not text.isdigit():
            self._banner(self.tr("宛名番号は数字で入力してください。"), error=True)
            self.person_no.setFocus()
            return
        person_id, year, db = int(text), self.current_year(), self.session.db
        self.worker.submit(lambda: returns.load(db, person_id, year, PURPOSE), self._loaded, self._failed,
                           key="return-load")

    def _loaded(self, ctx: ReturnContext | None) -> None:
        if ctx is None:
            self._banner(self.tr("その宛名番号の方は登録されていません。"), error=True)
            return
        self.context = ctx
        self.relatives = dict(ctx.relatives)
        p = ctx.person
        status = {None: self.tr("賦課なし"), "draft": self.tr("未計算"), "assessed": self.tr("賦課決定済"),
                  "notified": self.tr("通知済（更正となります）")}.get(ctx.status, ctx.status or "")
        self.header.setText(self.tr("{0}（{1}　{2}）　{3}生　{4}　版 {5}・{6}").format(
            p.name, p.family_kana, p.given_kana, wareki.format_long(p.birth_date), p.address, ctx.version, status))
        inputs = ctx.inputs or ReturnInputs()
        if ctx.last_returned:
            r = ctx.last_returned
            inputs = ReturnInputs.from_json(r["inputs"])
            self.reason.setText(str(r.get("reason") or ""))
            self._banner(self.tr("差し戻された提案（番号 {0}）の内容を表示しています。差し戻し理由: {1}（{2}）").format(
                r["proposal_id"], r["comment"], r["decided_by"]), error=True)
        elif ctx.open_proposal:
            o = ctx.open_proposal
            self._banner(self.tr("承認待ちの提案（番号 {0}、{1}）があります。"
                                 "承認または差し戻しまで新たな保存はできません。").format(
                o["proposal_id"], o["proposed_by"]), error=False)
        else:
            self.banner.hide()
            self.reason.clear()
        self.set_inputs(inputs)
        self._loaded_inputs = inputs.normalized()
        # A draft has no computed amounts yet: nothing to compare with.
        amounts = ctx.amounts if ctx.amounts and ctx.status != "draft" else {}
        for key, (now, _new) in self.summary.items():
            if key == "per_capita":
                now.setText(yen(amounts.get("municipal_per_capita", 0) + amounts.get("prefectural_per_capita", 0))
                            if amounts else "")
            else:
                now.setText(yen(amounts.get(key)) if amounts else "")
        self.form.setEnabled(True)
        self.recalculate()
        self.filing_kind.setFocus()
        self.status_message.emit(self.tr("{0}の申告を読み込みました。").format(p.name))

    def set_inputs(self, inputs: ReturnInputs) -> None:
        """Put a return into the form (no recalculation signal per field)."""
        self._set_combo(self.filing_kind, inputs.filing_kind)
        self._set_combo(self.collection, inputs.collection_method)
        self.employer_no.setText(inputs.employer_no or "")
        for key, _label in INCOME_FIELDS:
            self.amounts[key].set_value(inputs.income(key))
        for code, _label in AMOUNT_ITEMS:
            self.amounts[f"items.{code}"].set_value(inputs.item(code))
        self._set_combo(self.disability, inputs.code(DISABILITY_ITEM))
        self._set_combo(self.status_code, inputs.code(STATUS_ITEM))
        self.rel_model.set_rows([(r, self.relatives.get(r.person_id)) for r in inputs.relatives])
        for field in self.fields.values():
            field.set_error(None)

    @staticmethod
    def _set_combo(combo: QComboBox, value: str) -> None:
        index = combo.findData(value)
        combo.setCurrentIndex(max(index, 0))

    # ------------------------------------------------------------------ relatives

    def add_relative(self) -> None:
        text = wareki.normalize(self.rel_no.text())
        if not text.isdigit():
            self._rel_error(self.tr("宛名番号は数字で入力してください。"))
            return
        try:
            declared = self.rel_income.value() if self.rel_income.text().strip() else None
        except UserError as exc:
            self._rel_error(exc.message())
            return
        entry = RelativeEntry(int(text), str(self.rel_kind.currentData()), str(self.rel_disability.currentData()),
                              self.rel_cohabiting.isChecked(), declared)
        if self.context and entry.person_id == self.context.person.person_id:
            self._rel_error(self.tr("本人を配偶者・扶養親族にはできません。"))
            return
        if any(e.person_id == entry.person_id for e in self.rel_model.entries()):
            self._rel_error(self.tr("この方は既に入力されています。"))
            return
        if entry.kind == "spouse" and any(e.kind == "spouse" for e in self.rel_model.entries()):
            self._rel_error(self.tr("配偶者は一人までです。"))
            return
        db, year = self.session.db, self.current_year()
        self.worker.submit(lambda: returns.relative(db, entry.person_id, year, PURPOSE),
                           lambda info: self._relative_found(entry, info), lambda e: self._rel_error(error_text(e)),
                           key="return-relative")

    def _relative_found(self, entry: RelativeEntry, info: PersonInfo | None) -> None:
        if info is None:
            self._rel_error(self.tr("その宛名番号の方は登録されていません。"))
            return
        self.relatives[entry.person_id] = info
        rows = [(e, self.relatives.get(e.person_id)) for e in (*self.rel_model.entries(), entry)]
        rows.sort(key=lambda r: (r[0].kind != "spouse", r[0].person_id))
        self.rel_model.set_rows(rows)
        self.rel_message.hide()
        self.rel_no.clear()
        self.rel_income.clear()
        self.rel_no.setFocus()
        self.recalculate()

    def remove_relative(self) -> None:
        index = self.rel_table.currentIndex()
        if not index.isValid():
            return
        rows = [self.rel_model.row_at(i) for i in range(self.rel_model.rowCount()) if i != index.row()]
        self.rel_model.set_rows(rows)
        self.recalculate()

    def _rel_error(self, text: str) -> None:
        self.rel_message.setText(text)
        self.rel_message.show()

    # ------------------------------------------------------------------ reading the form

    def read_inputs(self) -> tuple[ReturnInputs | None, dict[str, str]]:
        """The return as typed, or the message of each field that is wrong (nothing is changed)."""
        problems: dict[str, str] = {}
        values: dict[str, int] = {}
        for key, edit in self.amounts.items():
            try:
                values[key] = edit.value()
            except UserError as exc:
                problems[key] = exc.message()
        employer = wareki.normalize(self.employer_no.text()) or None
        if problems:
            return None, problems
        inputs = ReturnInputs(
            filing_kind=str(self.filing_kind.currentData()), employer_no=employer,
            collection_method=str(self.collection.currentData()),
            **{key: values[key] for key, _ in INCOME_FIELDS},
            items=tuple((code, values[f"items.{code}"]) for code, _ in AMOUNT_ITEMS if values[f"items.{code}"]),
            codes=tuple((item, str(combo.currentData())) for item, combo in
                        ((DISABILITY_ITEM, self.disability), (STATUS_ITEM, self.status_code))
                        if combo.currentData() != "0"),
            relatives=tuple(self.rel_model.entries()),
        ).normalized()
        person_id = self.context.person.person_id if self.context else 0
        checked = returns.validate(inputs, person_id)
        for key, (ja, en) in checked.errors.items():
            problems[key] = UserError(ja, en).message()
        return (None if problems else inputs), problems

    def _show_problems(self, problems: dict[str, str]) -> None:
        for key, field in self.fields.items():
            field.set_error(problems.get(key))
        rel = [text for key, text in problems.items() if key.startswith("relatives")]
        if rel:
            self._rel_error(rel[0])

    def _schedule(self) -> None:
        self._timer.start()

    def recalculate(self) -> None:
        """Compute the return as typed, here on the GUI thread: the engine takes about a millisecond
        (measured in tests/assessment/test_a6_bench.py), far below a keystroke."""
        if self.context is None:
            return
        inputs, problems = self.read_inputs()
        self._show_problems(problems)
        if inputs is None:
            self.calc_message.setText(self.tr("入力に誤りがあります（{0}件）。赤字の欄を確認してください。").format(len(problems)))
            self.calc_message.setStyleSheet("color: #b00020;")
            self.result = None
            self.recalculated.emit()
            return
        started = time.perf_counter()
        try:
            a = returns.compute(self.current_year(), self.context.person, inputs, self.relatives)
        except UserError as exc:
            self.calc_message.setText(exc.message())
            self.calc_message.setStyleSheet("color: #b00020;")
            self.result = None
            self.recalculated.emit()
            return
        self.last_compute_ms = (time.perf_counter() - started) * 1000
        self.result = a
        self.step_model.set_rows(list(a.step_rows))
        new = {"total_income": a.incomes.total_income, "taxable_income": a.taxable_income,
               "municipal_income_levy": a.income_levy[0], "prefectural_income_levy": a.income_levy[1],
               "per_capita": a.per_capita[0] + a.per_capita[1], "forest_environment_tax": a.forest_environment_tax,
               "annual_tax": a.annual_tax}
        for key, (_now, label) in self.summary.items():
            label.setText(yen(new[key]))
        old = (self.context.amounts or {}).get("annual_tax") if self.context.status != "draft" else None
        text = self.tr("課税区分: {0}").format(label_tr(NON_TAXABLE_LABELS[a.non_taxable]))
        if old is not None:
            diff = a.annual_tax - int(old)
            text += (self.tr("　年税額の差: {0}円").format(returns.format_amount(diff)) if diff
                     else self.tr("　年税額の変更なし"))
        if not a.params_verified:
            text += self.tr("（未確認の税制パラメータを含む）")
        self.calc_message.setText(text)
        self.calc_message.setStyleSheet("")
        self.recalculated.emit()

    # ------------------------------------------------------------------ saving

    def save(self) -> None:
        if self.context is None or not self.form.isEnabled():
            return
        self._timer.stop()
        for edit in self.amounts.values():
            edit.reformat()   # what is shown is what is saved
        self.recalculate()
        inputs, problems = self.read_inputs()
        if not self.reason.text().strip():
            problems["reason"] = self.tr("登録・更正の理由を入力してください。")
        self._show_problems(problems)
        if inputs is None or problems or self.result is None:
            self._banner(self.tr("入力に誤りがあります。赤字の欄を直してから保存してください（入力内容はそのままです）。"),
                         error=True)
            self._focus_first(problems)
            return
        ctx, db, reason = self.context, self.session.db, self.reason.text().strip()
        result = returns.result_json(self.result)
        self.save_button.setEnabled(False)
        self.worker.submit(
            lambda: proposals.submit(db, ctx.person.person_id, ctx.tax_year, ctx.version, inputs, reason, result),
            self._saved, self._save_failed, key="return-save")

    def _focus_first(self, problems: dict[str, str]) -> None:
        for key, field in self.fields.items():
            if key in problems:
                field.editor.setFocus()
                return

    def _saved(self, proposal_id: int) -> None:
        self.save_button.setEnabled(True)
        self._loaded_inputs, _ = self.read_inputs()   # saved: nothing is lost by loading another person
        self._banner(self.tr("提案番号 {0} として保存しました。"
                             "別の職員の承認で賦課に反映されます。").format(proposal_id),
                     error=False)
        self.status_message.emit(self.tr("提案番号 {0} を保存しました。").format(proposal_id))
        self.saved.emit(proposal_id)

    def _save_failed(self, error: Exception) -> None:
        # Nothing in the form is touched: the clerk's input stays as typed.
        self.save_button.setEnabled(True)
        field = getattr(error, "field", None)
        self._banner(error_text(error), error=True)
        db_field = self._db_field(error)
        if db_field and db_field in self.fields:
            self.fields[db_field].set_error(error_text(error))
        elif field and field in self.fields:
            self.fields[field].set_error(error_text(error))

    @staticmethod
    def _db_field(error: Exception) -> str | None:
        """The field a database refusal names ('入力項目 items.139: …')."""
        ja = getattr(error, "ja", "")
        if isinstance(ja, str) and ja.startswith("入力項目 "):
            return ja.split(" ", 1)[1].split(":", 1)[0]
        return None

    def _failed(self, error: Exception) -> None:
        self._banner(error_text(error), error=True)

    def _banner(self, text: str, *, error: bool) -> None:
        self.banner.setText(text)
        self.banner.setStyleSheet(BANNER_ERROR if error else BANNER_INFO)
        self.banner.show()

    def step_rows(self) -> list[Any]:
        return [self.step_model.row_at(i) for i in range(self.step_model.rowCount())]
