"""Incomes (§4.2): salary by the statutory table, public pension by age and other income,
所得金額調整控除, the shared 500,000 special deduction and halves, separately taxed incomes,
and the totals 合計所得金額 / 総所得金額等."""

from __future__ import annotations

from typing import NamedTuple

from app.tax.household import Household
from app.tax.input import TaxInput
from app.tax.params import Piece, SalaryBand, YearParams
from app.tax.steps import StepRow


def salary_income(revenue: int, bands: tuple[SalaryBand, ...]) -> int:
    """給与所得 from salary revenue by the parameter table (別表第五 and 所得税法28条3項)."""
    for band in bands:  # pragma: no branch (always breaks: see the schema)
        if band.below is None or revenue < band.below:
            break
    kind = band.kind
    if kind == "fixed":
        return band.amount
    if kind == "minus":
        return max(0, revenue - band.amount)
    if kind == "linear":
        return band.rate.floor(revenue) + band.amount
    # rounded_linear: revenue rounded down to the step (4,000 yen), then the bracket formula.
    rounded = revenue // band.step * band.step
    for piece in band.pieces:  # pragma: no branch (always breaks: see the schema)
        if piece.limit is None or rounded < piece.limit:
            break
    income = piece.ceil(rounded)
    if band.minimum_deduction:
        income = min(income, revenue - band.minimum_deduction)
    return income


def pension_income(revenue: int, elderly: bool, other_income: int, p: YearParams) -> int:
    """公的年金等に係る雑所得: revenue less the pension deduction (fractions of the deduction rounded up)."""
    if revenue == 0:
        return 0
    pieces = p.pension_elderly if elderly else p.pension_under_elderly
    piece: Piece
    for piece in pieces:  # pragma: no branch (always breaks: see the schema)
        if piece.limit is None or revenue < piece.limit:
            break
    deduction = piece.ceil(revenue)
    for over, amount in reversed(p.pension_reductions):
        if other_income > over:
            deduction -= amount
            break
    return max(0, revenue - deduction)


class Incomes(NamedTuple):
    salary_before_adjustment: int
    adjustment_high: int
    adjustment_pension: int
    salary: int
    pension: int
    capital_gains: int  # 総合譲渡 counted (short in full, long at half, after the special deduction)
    one_time: int  # 一時所得 counted (after 500,000, at half)
    general: int  # 総所得金額 (総合課税)
    separate: tuple[tuple[str, int], ...]
    total_income: int  # 合計所得金額
    income_base: int  # 総所得金額等 (no loss carry-forwards in this contract)


_OTHER = (
    ("business", "事業所得"),
    ("agriculture", "事業所得(農業)"),
    ("real_estate", "不動産所得"),
    ("interest", "利子所得"),
    ("dividends", "配当所得(総合課税)"),
    ("misc_other", "雑所得(公的年金等以外)"),
)

_SEPARATE_LABELS = {
    "short_term_general": "短期譲渡所得(一般)",
    "short_term_reduced": "短期譲渡所得(軽減)",
    "long_term_general": "長期譲渡所得(一般)",
    "long_term_specified": "長期譲渡所得(優良住宅地等)",
    "long_term_residential": "長期譲渡所得(居住用財産の軽課)",
    "listed_dividends": "上場株式等の配当所得等(申告分離)",
    "stocks": "株式等の譲渡所得等",
    "futures": "先物取引に係る雑所得等",
    "timber": "山林所得",
}


def separate_label(kind: str) -> str:
    return _SEPARATE_LABELS[kind]


def compute_incomes(inp: TaxInput, hh: Household, p: YearParams, steps: list[StepRow]) -> Incomes:
    inc = inp.income
    src = p.sources
    add = steps.append
    salary = salary_income(inc.salary_revenue, p.salary_bands) if inc.salary_revenue else 0
    if inc.salary_revenue:
        add(
            (
                "income.salary",
                "給与所得",
                salary,
                "給与収入を給与所得の表に当てはめる(4,000円未満切捨ての区分を含む)",
                src["salary_income"],
            )
        )
    adj_high = 0
    if hh.income_adjustment_eligible and inc.salary_revenue > p.adj_high_over:
        adj_high = p.adj_high_rate.ceil(min(inc.salary_revenue, p.adj_high_cap) - p.adj_high_over)
        adj_high = min(adj_high, salary)
        add(
            (
                "income.adjustment_high",
                "所得金額調整控除(子ども・特別障害者等)",
                adj_high,
                "(給与収入(上限1,000万円)−850万円)×10%、1円未満切上げ",
                src["income_adjustment"],
            )
        )
    salary_a = salary - adj_high

    # Incomes other than the pension decide the pension deduction (公的年金等以外の合計所得金額).
    others = inc.business + inc.agriculture + inc.real_estate + inc.interest + inc.dividends + inc.misc_other
    short, long_ = inc.capital_gains_short, inc.capital_gains_long
    sd_short = min(short, p.transfer_special)
    sd_long = min(long_, p.transfer_special - sd_short)
    gains = short - sd_short + p.half.floor(long_ - sd_long)
    one_time = p.half.floor(max(0, inc.one_time - p.one_time_special))
    separate_total = sum(a for _, a in inc.separate) if inc.separate else 0

    elderly = hh.taxpayer_age >= p.ages["pension_elderly_from"]
    pension = pension_income(inc.pension_revenue, elderly, salary_a + others + gains + one_time + separate_total, p)
    if inc.pension_revenue:
        add(
            (
                "income.pension",
                "公的年金等に係る雑所得(65歳以上)" if elderly else "公的年金等に係る雑所得(65歳未満)",
                pension,
                ("65歳以上" if elderly else "65歳未満") + "の公的年金等控除額を差し引く(他の所得1,000万円超で減額)",
                src["pension_income"],
            )
        )
    adj_pension = 0
    if salary_a and pension:
        adj_pension = max(0, min(salary_a, p.adj_salary_cap) + min(pension, p.adj_pension_cap) - p.adj_offset)
        if adj_pension:
            add(
                (
                    "income.adjustment_pension",
                    "所得金額調整控除(給与・年金)",
                    adj_pension,
                    "給与所得(上限10万円)+年金所得(上限10万円)−10万円",
                    src["income_adjustment"],
                )
            )
    salary_net = salary_a - adj_pension

    if inc.business or inc.agriculture or inc.real_estate or inc.interest or inc.dividends or inc.misc_other:
        for key, label in _OTHER:
            amount = getattr(inc, key)
            if amount:
                add((f"income.{key}", label, amount, "申告された所得金額(収入−必要経費)", "地方税法313条2項"))
    if short or long_:
        add(
            (
                "income.capital_gains",
                "総合課税の譲渡所得",
                gains,
                "短期は全額、長期は特別控除50万円(短期から先に控除)の残りの2分の1",
                src["transfer_and_one_time"],
            )
        )
    if inc.one_time:
        add(
            (
                "income.one_time",
                "一時所得",
                one_time,
                "(一時所得−特別控除50万円)の2分の1",
                src["transfer_and_one_time"],
            )
        )
    general = salary_net + pension + others + gains + one_time
    add(("income.general", "総所得金額", general, "総合課税の所得の合計", "地方税法313条2項"))
    for kind, amount in inc.separate:
        add(
            (
                f"income.separate.{kind}",
                separate_label(kind),
                amount,
                "分離課税の所得(特別控除後)",
                src["separate_taxation"],
            )
        )
    total = general + separate_total
    add(("income.total", "合計所得金額", total, "総所得金額と分離課税の所得の合計", "地方税法292条1項13号"))
    add(("income.base", "総所得金額等", total, "合計所得金額(繰越控除なし)", "地方税法292条1項13号・313条"))
    return Incomes(
        salary,
        adj_high,
        adj_pension,
        salary_net,
        pension,
        gains,
        one_time,
        general,
        inc.separate,
        total,
        total,
    )
