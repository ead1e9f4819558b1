"""個人照会: the person's header, one tab per tax year with the assessment and its 計算根拠, the
household on 1 January, and the tax over the years."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.models.collection import MONTH_ORDER
from app.models.person import AssessmentView, HouseholdMember, PersonCard, StepView
from app.services import collection, inquiry, schedules, wareki
from app.services.session import StaffSession
from app.tax import pension_withholding
from app.tax.profile import load_profile
from app.views.messages import QT_TRANSLATE_NOOP, error_text
from app.views.person_model import sex_label, status_label
from app.views.table_model import RowTableModel
from app.views.worker import Worker


def yen(amount: int | None) -> str:
    return "—" if amount is None else f"{amount:,}円"


class StepModel(RowTableModel[StepView]):
    """The 計算根拠 of one assessment: step, amount, rule, legal source."""

    COLUMNS = (QT_TRANSLATE_NOOP("StepModel", "項目"), QT_TRANSLATE_NOOP("StepModel", "金額"),
               QT_TRANSLATE_NOOP("StepModel", "計算方法"), QT_TRANSLATE_NOOP("StepModel", "根拠"))
    NUMERIC = frozenset({1})

    def display(self, step: StepView, column: int) -> str:
        return (step.label, yen(step.amount), step.rule, step.source)[column]

    def tooltip(self, step: StepView, column: int) -> str | None:
        return step.rule if column == 2 else step.source if column == 3 else None


class AssessmentTab(QScrollArea):
    """One tax year: incomes, deductions, taxes, collection and the 計算根拠."""

    def __init__(self, a: AssessmentView, previous: AssessmentView | None = None) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        self.assessment = a

        state = QLabel(self._state_text(a))
        state.setObjectName("assessmentState")
        layout.addWidget(state)

        columns = QHBoxLayout()
        incomes = QGroupBox(self.tr("所得"))
        grid = QGridLayout(incomes)
        for row, (label, revenue, income) in enumerate((
                (self.tr("給与"), a.salary_revenue, a.salary_income),
                (self.tr("公的年金等"), a.pension_revenue, a.pension_income),
                (self.tr("営業等"), None, a.business_income),
                (self.tr("農業"), None, a.agriculture_income),
                (self.tr("不動産"), None, a.real_estate_income),
                (self.tr("利子"), None, a.interest_income),
                (self.tr("配当"), None, a.dividend_income),
                (self.tr("その他の雑所得"), None, a.misc_income))):
            grid.addWidget(QLabel(label), row, 0)
            grid.addWidget(self._amount(revenue, self.tr("収入 ")), row, 1)
            grid.addWidget(self._amount(income, self.tr("所得 ")), row, 2)
        last = grid.rowCount()
        grid.addWidget(QLabel(self.tr("合計所得金額")), last, 0)
        grid.addWidget(self._amount(a.total_income), last, 2)
        grid.addWidget(QLabel(self.tr("総所得金額等")), last + 1, 0)
        grid.addWidget(self._amount(a.income_base), last + 1, 2)
        columns.addWidget(incomes)

        deductions = QGroupBox(self.tr("所得控除"))
        form = QFormLayout(deductions)
        for step in a.deductions():
            form.addRow(step.label, self._amount(step.amount))
        form.addRow(self.tr("所得控除合計"), self._amount(a.deductions_total))
        form.addRow(self.tr("課税総所得金額"), self._amount(a.taxable_income))
        # Deductions above taxes: the tab stays readable on a 1024-pixel screen beside the navigation.
        right = QVBoxLayout()
        right.addWidget(deductions)

        taxes = QGroupBox(self.tr("税額"))
        form = QFormLayout(taxes)
        form.addRow(self.tr("市民税 所得割"), self._amount(a.municipal_income_levy))
        form.addRow(self.tr("市民税 均等割"), self._amount(a.municipal_per_capita))
        form.addRow(self.tr("県民税 所得割"), self._amount(a.prefectural_income_levy))
        form.addRow(self.tr("県民税 均等割"), self._amount(a.prefectural_per_capita))
        form.addRow(self.tr("森林環境税"), self._amount(a.forest_environment_tax))
        total = self._amount(a.annual_tax)
        total.setObjectName("annualTax")
        form.addRow(self.tr("年税額"), total)
        right.addWidget(taxes)
        columns.addLayout(right)
        layout.addLayout(columns)

        collection = QGroupBox(self.tr("徴収方法: {0}").format(self.tr(METHOD_LABELS.get(a.collection_method,
                                                                                       a.collection_method))))
        rows = QGridLayout(collection)
        plan = schedules.instalments(a.collection_method, a.annual_tax, a.tax_year)
        for i, item in enumerate(plan):
            label = self.tr("{0}月分").format(item.number) if item.kind == "month" else \
                self.tr("第{0}期").format(item.number)
            rows.addWidget(QLabel(label), i % 6, (i // 6) * 3)
            rows.addWidget(QLabel(wareki.format_short(item.due_date)), i % 6, (i // 6) * 3 + 1)
            rows.addWidget(self._amount(item.amount), i % 6, (i // 6) * 3 + 2)
        if not plan and a.collection_method == "pension" and a.annual_tax > 0:
            pension_rows(rows, a, previous)
        elif not plan:
            rows.addWidget(QLabel(self.tr("納期ごとの税額はありません。") if a.annual_tax == 0 else
                                  self.tr("年金特別徴収の納期は年金特別徴収の業務画面で扱います。")), 0, 0)
        if a.employer_name:
            rows.addWidget(QLabel(self.tr("特別徴収義務者: {0}（{1}）").format(a.employer_name, a.employer_no)),
                           rows.rowCount(), 0, 1, 6)
        layout.addWidget(collection)

        basis = QGroupBox(self.tr("計算根拠"))
        basis_layout = QVBoxLayout(basis)
        self.steps = QTableView()
        step_model = StepModel(self.steps)
        step_model.set_rows(list(a.steps))
        self.steps.setModel(step_model)
        self.steps.verticalHeader().setVisible(False)
        self.steps.setWordWrap(False)
        header = self.steps.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in enumerate((220, 110, 420)):
            self.steps.setColumnWidth(column, width)
        self.steps.setMinimumHeight(26 * min(len(a.steps) + 1, 14))
        basis_layout.addWidget(self.steps)
        layout.addWidget(basis)
        self.setWidget(body)

    def _state_text(self, a: AssessmentView) -> str:
        status = self.tr(STATUS_LABELS.get(a.status, a.status))
        taxable = self.tr(NON_TAXABLE_LABELS.get(a.non_taxable, a.non_taxable))
        text = self.tr("{0}（{1}年中の所得） 状態: {2} / {3}").format(
            wareki.fiscal_year_label(a.tax_year), a.tax_year - 1, status, taxable)
        if a.params_verified is False:
            text += self.tr(" ※公式資料で未確認の税制パラメータを含みます")
        return text

    @staticmethod
    def _amount(value: int | None, prefix: str = "") -> QLabel:
        label = QLabel(prefix + yen(value) if value is not None else "")
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return label


METHOD_LABELS = {
    "payroll": QT_TRANSLATE_NOOP("AssessmentTab", "給与特別徴収"),
    "ordinary": QT_TRANSLATE_NOOP("AssessmentTab", "普通徴収"),
    "pension": QT_TRANSLATE_NOOP("AssessmentTab", "年金特別徴収"),
    "payroll_and_ordinary": QT_TRANSLATE_NOOP("AssessmentTab", "給与特別徴収・普通徴収"),
    "pension_and_ordinary": QT_TRANSLATE_NOOP("AssessmentTab", "年金特別徴収・普通徴収"),
    "none": QT_TRANSLATE_NOOP("AssessmentTab", "なし"),
}
STATUS_LABELS = {
    "draft": QT_TRANSLATE_NOOP("AssessmentTab", "未計算"),
    "assessed": QT_TRANSLATE_NOOP("AssessmentTab", "賦課決定済"),
    "notified": QT_TRANSLATE_NOOP("AssessmentTab", "通知済"),
}
NON_TAXABLE_LABELS = {
    "none": QT_TRANSLATE_NOOP("AssessmentTab", "課税"),
    "all": QT_TRANSLATE_NOOP("AssessmentTab", "非課税（均等割・所得割とも）"),
    "income_levy": QT_TRANSLATE_NOOP("AssessmentTab", "所得割非課税"),
}


class HouseholdModel(RowTableModel[HouseholdMember]):
    COLUMNS = (QT_TRANSLATE_NOOP("HouseholdModel", "続柄"), QT_TRANSLATE_NOOP("HouseholdModel", "氏名"),
               QT_TRANSLATE_NOOP("HouseholdModel", "カナ"), QT_TRANSLATE_NOOP("HouseholdModel", "生年月日"),
               QT_TRANSLATE_NOOP("HouseholdModel", "性別"), QT_TRANSLATE_NOOP("HouseholdModel", "扶養"),
               QT_TRANSLATE_NOOP("HouseholdModel", "課税"))
    CLAIMED: ClassVar[dict[str, str]] = {"spouse": QT_TRANSLATE_NOOP("HouseholdModel", "配偶者として控除"),
                                         "dependant": QT_TRANSLATE_NOOP("HouseholdModel", "扶養親族")}
    TAXABLE: ClassVar[dict[str, str]] = {"taxable": QT_TRANSLATE_NOOP("HouseholdModel", "課税"),
                                         "non_taxable": QT_TRANSLATE_NOOP("HouseholdModel", "非課税")}

    def display(self, m: HouseholdMember, column: int) -> str:
        values = (m.relation, f"{m.family_name}　{m.given_name}", f"{m.family_kana}　{m.given_kana}",
                  wareki.format_short(m.birth_date), sex_label(m.sex),
                  self.tr(self.CLAIMED[m.claimed_as]) if m.claimed_as else "",
                  self.tr(self.TAXABLE[m.taxable]) if m.taxable else self.tr("資料なし"))
        return values[column]


class HouseholdTab(QWidget):
    """1月1日世帯照会: loaded when first shown, for the chosen year (each load is one audited look-up)."""

    open_person = Signal(int)

    def __init__(self, session: StaffSession, worker: Worker, person_id: int, years: list[int],
                 purpose: str) -> None:
        super().__init__()
        self.session, self.worker, self.person_id, self.purpose = session, worker, person_id, purpose
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("賦課期日")))
        self.year = QComboBox()
        for year in years:
            self.year.addItem(wareki.format_long(date(year, 1, 1)), year)
        self.year.currentIndexChanged.connect(self.load)
        top.addWidget(self.year)
        self.message = QLabel()
        top.addWidget(self.message, 1)
        layout.addLayout(top)
        self.model = HouseholdModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(lambda index: self.open_person.emit(self.model.row_at(index.row()).person_id))
        layout.addWidget(self.table, 1)
        self.loaded_year: int | None = None

    def load(self) -> None:
        year = self.year.currentData()
        if year is None or year == self.loaded_year:
            return
        self.loaded_year = int(year)
        self.message.setText(self.tr("読込中…"))
        db, person_id, purpose = self.session.db, self.person_id, self.purpose
        self.worker.submit(lambda: inquiry.household(db, person_id, int(year), purpose), self._show,
                           lambda e: self.message.setText(error_text(e)), key=f"household-{id(self)}")

    def _show(self, members: list[HouseholdMember]) -> None:
        self.model.set_rows(members)
        self.message.setText(self.tr("{0}人").format(len(members)) if members else
                             self.tr("この年の1月1日に市内の世帯の記録はありません。"))


class TaxHistoryChart(pg.PlotWidget):  # type: ignore[misc]  # pyqtgraph ships no type hints
    """The annual tax of each year as bars (市 and 県 stacked, 森林環境税 on top)."""

    def __init__(self, assessments: tuple[AssessmentView, ...]) -> None:
        super().__init__(background="w")
        ordered = sorted(assessments, key=lambda a: a.tax_year)
        xs = list(range(len(ordered)))
        municipal = [a.municipal_tax for a in ordered]
        prefectural = [a.prefectural_tax for a in ordered]
        forest = [a.forest_environment_tax for a in ordered]
        self.addLegend(offset=(10, 10))
        self.addItem(pg.BarGraphItem(x=xs, height=municipal, width=0.6, brush="#1f4e79", name=self.tr("市民税")))
        self.addItem(pg.BarGraphItem(x=xs, y0=municipal, height=prefectural, width=0.6, brush="#5b9bd5",
                                     name=self.tr("県民税")))
        self.addItem(pg.BarGraphItem(x=xs, y0=[m + p for m, p in zip(municipal, prefectural, strict=True)],
                                     height=forest, width=0.6, brush="#70ad47", name=self.tr("森林環境税")))
        self.getAxis("bottom").setTicks([[(x, wareki.fiscal_year_label(a.tax_year)) for x, a in zip(xs, ordered,
                                                                                                   strict=True)]])
        self.setLabel("left", self.tr("年税額（円）"))
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.setMinimumHeight(220)


def pension_rows(rows: QGridLayout, a: AssessmentView, previous: AssessmentView | None) -> None:
    """年金特別徴収 (domain.md §5.4): 仮徴収 (April, June, August: 1/6 of last year's tax) and 本徴収
    (October, December, February); the first year (no pension withholding last year) half by ordinary
    collection in June and August."""
    translate = QCoreApplication.translate
    if previous is not None and previous.collection_method == "pension" and previous.annual_tax > 0:
        plan = pension_withholding.continuing(a.annual_tax, previous.annual_tax, a.tax_year)
        note = translate("PensionRows", "前年度も年金特別徴収: 仮徴収は前年度の年税額 {0} の6分の1ずつ")
        note = note.format(yen(previous.annual_tax))
    else:
        plan = pension_withholding.first_year(a.annual_tax, a.tax_year, load_profile())
        note = translate("PensionRows", "年金特別徴収の初年度: 6月・8月は普通徴収、10月・12月・2月は年金から")
    items = [(translate("PensionRows", "仮徴収 {0}月").format(m.month), m.amount) for m in plan.provisional]
    items += [(translate("PensionRows", "普通徴収 第{0}期 {1}").format(i, wareki.format_short(d)), amount)
              for i, (d, amount) in enumerate(zip(plan.ordinary.due_dates, plan.ordinary.amounts, strict=True), 1)]
    items += [(translate("PensionRows", "本徴収 {0}月").format(m.month), m.amount) for m in plan.main]
    for i, (label, amount) in enumerate(items):
        rows.addWidget(QLabel(label), i % 3, (i // 3) * 2)
        rows.addWidget(AssessmentTab._amount(amount), i % 3, (i // 3) * 2 + 1)
    rows.addWidget(QLabel(note), rows.rowCount(), 0, 1, 6)
    if plan.refund:
        refund = translate("PensionRows", "仮徴収が年税額を超える額 {0} は還付・充当").format(yen(plan.refund))
        rows.addWidget(QLabel(refund), rows.rowCount(), 0, 1, 6)


class CollectionTab(QWidget):
    """特別徴収 for staff with r_collection: the employers' plans of each year, change notices and the
    ordinary instalments they left; one audited look-up per year when the tab is opened."""

    def __init__(self, session: StaffSession, worker: Worker, person_id: int, years: list[int]) -> None:
        super().__init__()
        self.session, self.worker, self.person_id, self.years = session, worker, person_id, years
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("賦課年度")))
        self.year = QComboBox()
        for year in years:
            self.year.addItem(wareki.fiscal_year_label(year), year)
        top.addWidget(self.year)
        top.addStretch(1)
        layout.addLayout(top)
        self.text = QLabel()
        self.text.setObjectName("collectionText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 1)
        self.year.currentIndexChanged.connect(lambda *_: self.load())

    def load(self) -> None:
        if self.year.currentData() is None:
            return
        year, db, pid = int(self.year.currentData()), self.session.db, self.person_id
        self.worker.submit(lambda: collection.person_collection(db, pid, year), self._show,
                           lambda e: self.text.setText(error_text(e)), key="person-collection")

    def _show(self, doc: dict[str, Any]) -> None:
        lines: list[str] = []
        for plan in doc["plans"]:
            status = self.tr("徴収中") if plan["status"] == "active" else self.tr("停止")
            months = "、".join(f"{MONTH_ORDER[i]}月 {a:,}" for i, a in enumerate(plan["months"]) if a)
            lines.append(self.tr("{0}(指定番号 {1}) {2}: 通知年税額 {3}、納入済 {4}\n  {5}").format(
                plan["employer_name"], plan["employer_no"], status, yen(plan["annual_notified"]),
                yen(plan["collected"]), months))
        for change in doc["changes"]:
            lines.append(self.tr("異動届出書 {0}: {1} 受付 {2}({3})").format(
                change["change_id"], change["kind"], change["notice_date"], change["status"]))
        for inst in doc["ordinary"]:
            lines.append(self.tr("普通徴収 {0} {1}").format(inst["due"], yen(inst["amount"])))
        self.text.setText("\n".join(lines) if lines else self.tr("特別徴収の記録はありません。"))


class PersonView(QWidget):
    """The whole person view; `back` returns to the search results."""

    back = Signal()
    open_person = Signal(int)

    def __init__(self, session: StaffSession, worker: Worker, card: PersonCard, purpose: str,
                 tax_year: int | None = None) -> None:
        super().__init__()
        self.card = card
        p = card.person
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        back = QPushButton(self.tr("← 一覧に戻る（Esc）"))
        back.clicked.connect(self.back.emit)
        top.addWidget(back)
        name = QLabel(f"{p.name}（{p.kana}）")
        name.setObjectName("personName")
        top.addWidget(name, 1)
        layout.addLayout(top)

        header = QGroupBox()
        form = QGridLayout(header)
        today = date.today()
        pairs = (
            (self.tr("宛名番号"), str(p.person_id)),
            (self.tr("生年月日"), self.tr("{0}（{1}歳）").format(wareki.format_long(p.birth_date),
                                                                wareki.age_on(p.birth_date, today))),
            (self.tr("性別"), sex_label(p.sex)),
            (self.tr("状態"), status_label(p.status) + (f" {wareki.format_short(card.status_date)}"
                                                         if card.status_date else "")),
            (self.tr("現住所"), f"〒{p.postal_code} {p.address}"),
            (self.tr("個人番号"), p.my_number or self.tr("（登録なし）")),
        )
        for i, (label, value) in enumerate(pairs):
            form.addWidget(QLabel(label), i // 3, (i % 3) * 2)
            shown = QLabel(value)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addWidget(shown, i // 3, (i % 3) * 2 + 1)
        for residence in card.residences:
            if residence.address != p.address:
                form.addWidget(QLabel(self.tr("{0}の住所").format(wareki.format_long(date(residence.tax_year, 1, 1)))),
                               form.rowCount(), 0)
                form.addWidget(QLabel(residence.address), form.rowCount() - 1, 1, 1, 5)
        layout.addWidget(header)

        self.tabs = QTabWidget()
        selected = 0
        if not card.assessments:
            self.tabs.addTab(QLabel(self.tr("この人の課税資料はありません。")), self.tr("課税"))
        by_year = {a.tax_year: a for a in card.assessments}
        for a in card.assessments:
            if a.tax_year == tax_year:
                selected = self.tabs.count()
            self.tabs.addTab(AssessmentTab(a, by_year.get(a.tax_year - 1)), wareki.fiscal_year_label(a.tax_year))
        years = [r.tax_year for r in reversed(card.residences)]
        self.household = HouseholdTab(session, worker, p.person_id, years, purpose)
        self.household.open_person.connect(self.open_person.emit)
        self.household_index = self.tabs.addTab(self.household, self.tr("1月1日世帯"))
        if card.assessments:
            self.tabs.addTab(TaxHistoryChart(card.assessments), self.tr("税額の推移"))
        self.collection: CollectionTab | None = None
        self.collection_index = -1
        if session.identity.can("r_collection"):
            self.collection = CollectionTab(session, worker, p.person_id, sorted(by_year, reverse=True))
            self.collection_index = self.tabs.addTab(self.collection, self.tr("特別徴収"))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.tabs.setCurrentIndex(selected)
        layout.addWidget(self.tabs, 1)

    def _tab_changed(self, index: int) -> None:
        if index == self.household_index:
            self.household.load()
        if index == self.collection_index and self.collection is not None:
            self.collection.load()
