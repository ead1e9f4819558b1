"""assess(input) → Assessment: the whole computation of §4 with its 計算根拠 (ordered steps).

Order: incomes → 合計所得金額 → 総所得金額等 → non-taxable tests → deductions → 課税総所得金額 →
rates → credits → rounding → 均等割 and 森林環境税. 市 and 県 are computed separately throughout.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from app.tax import credits as cr
from app.tax.deductions import DeductionResult, compute_deductions
from app.tax.household import classify
from app.tax.incomes import Incomes, compute_incomes, separate_label
from app.tax.input import Income, TaxInput, Taxpayer
from app.tax.money import floor_to
from app.tax.nontaxable import income_levy_line, whole_limit, whole_reason
from app.tax.params import SideRates, YearParams, load_params
from app.tax.profile import DEFAULT_PROFILE, Profile, load_profile, with_overrides
from app.tax.steps import FIELDS, Step, StepRow

CREDIT_KEYS = (
    "dividend",
    "housing_loan",
    "near_line_reduction",
    "donation_basic",
    "donation_special",
    "donation_one_stop",
    "foreign_tax",
    "withheld_local",
)
_CREDIT_LABELS = {
    "adjustment": "調整控除",
    "dividend": "配当控除",
    "housing_loan": "住宅借入金等特別税額控除",
    "near_line_reduction": "非課税限度額近傍の減額",
    "donation_basic": "寄附金税額控除(基本控除)",
    "donation_special": "寄附金税額控除(特例控除)",
    "donation_one_stop": "寄附金税額控除(申告特例控除)",
    "foreign_tax": "外国税額控除",
    "withheld_local": "配当割額・株式等譲渡所得割額控除",
}
_CREDIT_RULES = {
    "adjustment": "T≦200万円: min(人的控除額の差, T)×5%、T>200万円: max(差−(T−200万円), 5万円)×5% を市・県の率で",
    "dividend": "配当所得×市・県の率(課税総所得金額等1,000万円超の部分は半分の率)",
    "housing_loan": "所得税で控除しきれなかった額(上限: 所得税の課税総所得金額等×5%・97,500円)を市・県で按分",
    "near_line_reduction": "総所得金額等−所得割が非課税限度額を下回らないよう、不足額を市・県の税率の比で減額",
    "donation_basic": "(min(寄附金, 総所得金額等×30%)−2,000円)×10%を市・県で按分",
    "donation_special": "(ふるさと納税−2,000円)×(90%−所得税率×1.021)、調整控除後の所得割の20%まで",
    "donation_one_stop": "特例控除額×(所得税率×1.021)÷(90%−所得税率×1.021)",
    "foreign_tax": "外国税額控除額を市・県で按分",
    "withheld_local": "源泉徴収された配当割額・株式等譲渡所得割額を市・県で按分",
}
_SIDE_LABEL = {"municipal": "市民税", "prefectural": "県民税"}
_SIDES = ("municipal", "prefectural")
_COMPUTED_RULE = "課税所得金額×所得割の税率(分離課税分はそれぞれの税率)"
_LEVY_RULE = "税額控除後、100円未満切捨て"
_PER_CAPITA_CODE = {side: f"per_capita.{side}" for side in _SIDES}
_NO_CREDITS = dict.fromkeys(CREDIT_KEYS, (0, 0))
# Step codes and labels built once, not per assessment.
_CREDIT_STEP = {
    key: tuple((f"credit.{key}.{side}", f"{label}({_SIDE_LABEL[side]})") for side in _SIDES)
    for key, label in _CREDIT_LABELS.items()
}


@dataclass(frozen=True, slots=True)
class Assessment:
    tax_year: int
    profile: str
    params_verified: bool
    unverified: tuple[str, ...]
    incomes: Incomes
    deductions: DeductionResult
    taxable_income: int
    separate_taxable: tuple[tuple[str, int], ...]
    non_taxable: str  # none | all | income_levy
    non_taxable_reason: str | None
    computed: tuple[int, int]  # 算出税額 (市, 県)
    adjustment_credit: tuple[int, int]
    credits: dict[str, tuple[int, int]]
    income_levy: tuple[int, int]
    per_capita: tuple[int, int]
    forest_environment_tax: int
    annual_tax: int
    refund: int  # 配当割額等 not absorbed by the income levy (還付又は均等割への充当)
    step_rows: tuple[StepRow, ...]

    @property
    def steps(self) -> tuple[Step, ...]:
        """The 計算根拠 in order."""
        return tuple(Step._make(row) for row in self.step_rows)

    def to_dict(self) -> dict[str, Any]:
        inc = self.incomes

        def sides(pair: tuple[int, int]) -> dict[str, int]:
            return {"municipal": pair[0], "prefectural": pair[1]}

        return {
            "tax_year": self.tax_year,
            "profile": self.profile,
            "params_verified": self.params_verified,
            "unverified_parameters": list(self.unverified),
            "incomes": {
                "salary": inc.salary,
                "salary_before_adjustment": inc.salary_before_adjustment,
                "income_adjustment_deduction": inc.adjustment_high + inc.adjustment_pension,
                "pension": inc.pension,
                "capital_gains": inc.capital_gains,
                "one_time": inc.one_time,
                "general": inc.general,
                "separate": dict(inc.separate),
            },
            "total_income": inc.total_income,
            "income_base": inc.income_base,
            "deductions": {**self.deductions.items, "total": self.deductions.total},
            "taxable_income": self.taxable_income,
            "separate_taxable": dict(self.separate_taxable),
            "non_taxable": self.non_taxable,
            "non_taxable_reason": self.non_taxable_reason,
            "adjustment_credit": sides(self.adjustment_credit),
            "credits": {k: sides(v) for k, v in self.credits.items()},
            "municipal": {
                "computed_tax": self.computed[0],
                "income_levy": self.income_levy[0],
                "per_capita": self.per_capita[0],
            },
            "prefectural": {
                "computed_tax": self.computed[1],
                "income_levy": self.income_levy[1],
                "per_capita": self.per_capita[1],
            },
            "forest_environment_tax": self.forest_environment_tax,
            "annual_tax": self.annual_tax,
            "refund": self.refund,
            "steps": [dict(zip(FIELDS, row, strict=True)) for row in self.step_rows],
        }


def _effective_profile(inp: TaxInput, profile: Profile | None) -> Profile:
    prof = profile if profile is not None else load_profile(DEFAULT_PROFILE)
    m = inp.municipality
    if m is None:
        return prof
    rates = None if m.income_rate is None else SideRates(*m.income_rate)
    return with_overrides(prof, m.designated_city, m.grade, rates, m.per_capita)


def _separate(amounts: tuple[tuple[str, int], ...], leftover: int, p: YearParams) -> tuple[tuple[str, int], ...]:
    """Deductions left over after 総所得金額 reduce the separately taxed incomes in statutory order."""
    given = dict(amounts)
    out = []
    for kind in p.separate_order:
        amount = given.get(kind, 0)
        if amount:
            used = min(leftover, amount)
            leftover -= used
            out.append((kind, floor_to(amount - used, p.round_separate)))
    return tuple(out)


def _computed(
    taxable: int, separate: tuple[tuple[str, int], ...], prof: Profile, share: SideRates, p: YearParams
) -> tuple[int, int]:
    """算出税額 for each side, fractions of a yen dropped."""
    rates = prof.income_rate
    if not separate:
        return rates.municipal.floor(taxable), rates.prefectural.floor(taxable)
    m = rates.municipal.fraction() * taxable
    pr = rates.prefectural.fraction() * taxable
    for kind, amount in separate:
        if kind == "timber":  # 5分5乗: (amount / 5 × rate) × 5 at the city's own rates
            m += rates.municipal.fraction() * amount
            pr += rates.prefectural.fraction() * amount
            continue
        sr = p.separate_rates[kind]
        within = amount if sr.limit is None else min(amount, sr.limit)
        tax = sr.rate.fraction() * within + sr.over_rate.fraction() * (amount - within)
        m += tax * share.municipal.fraction()
        pr += tax * share.prefectural.fraction()
    return int(m), int(pr)  # both non-negative, so int() floors


def assess(inp: TaxInput, profile: Profile | None = None) -> Assessment:
    """Compute one person's resident tax for inp.tax_year (`profile` defaults to Hanamaki)."""
    p = load_params(inp.tax_year)
    prof = _effective_profile(inp, profile)
    ct = p.city_types[prof.city_type]
    share = ct.credit_share
    src = p.sources
    steps: list[StepRow] = []
    add = steps.append
    if not p.verified:
        add(
            (
                "params.unverified",
                "未確認の税制パラメータを含む",
                0,
                "この年度のパラメータには公式資料で未確認の値があります: " + ", ".join(p.unverified),
                f"{p.tax_year}.json",
            )
        )

    hh = classify(inp, p)
    inc = compute_incomes(inp, hh, p, steps)
    total, base = inc.total_income, inc.income_base
    ded = compute_deductions(inp, hh, total, inc.salary, base, p, steps)
    taxable = floor_to(max(0, inc.general - ded.total), p.round_taxable)
    add(
        (
            "taxable_income",
            "課税総所得金額",
            taxable,
            "総所得金額−所得控除、1,000円未満切捨て",
            src["rounding"],
        )
    )
    separate = _separate(inc.separate, max(0, ded.total - inc.general), p)
    for kind, amount in separate:
        add(
            (
                f"taxable.separate.{kind}",
                "課税" + separate_label(kind),
                amount,
                "控除しきれない所得控除を差し引き、1,000円未満切捨て",
                src["separate_taxation"],
            )
        )

    reason = whole_reason(inp.taxpayer, hh, total, prof.grade, p)
    zero = (0, 0)
    if reason is not None:
        add(
            (
                f"non_taxable.all.{reason}",
                "均等割・所得割とも非課税",
                whole_limit(hh.n, prof.grade, p),
                {
                    "livelihood_assistance": "生活扶助を受けている",
                    "special_person": "障害者・未成年者・寡婦・ひとり親で合計所得金額135万円以下",
                    "income": "合計所得金額が非課税限度額(金額欄)以下",
                }[reason],
                src["non_taxable_whole"],
            )
        )
        return Assessment(
            p.tax_year,
            prof.code,
            p.verified,
            p.unverified,
            inc,
            ded,
            taxable,
            separate,
            "all",
            reason,
            zero,
            zero,
            dict(_NO_CREDITS),
            zero,
            zero,
            0,
            0,
            0,
            tuple(steps),
        )

    computed = _computed(taxable, separate, prof, share, p)
    rate_source = prof.sources["income_rate"]
    add(("computed.municipal", "市民税所得割 算出税額", computed[0], _COMPUTED_RULE, rate_source))
    add(("computed.prefectural", "県民税所得割 算出税額", computed[1], _COMPUTED_RULE, rate_source))

    line = income_levy_line(hh.n, p)
    non_taxable = "income_levy" if base <= line else "none"
    left = cr.Sides(*computed)
    if non_taxable == "income_levy":
        add(
            (
                "non_taxable.income_levy",
                "所得割非課税",
                line,
                "総所得金額等が非課税限度額(金額欄)以下",
                src["non_taxable_income_levy"],
            )
        )
        left = cr.Sides(0, 0)
    taken: dict[str, tuple[int, int]] = {}

    def take(key: str, amounts: tuple[int, int], source: str) -> None:
        got = taken[key] = left.take(*amounts)
        m, pr = got
        if m or pr:
            (m_code, m_label), (p_code, p_label) = _CREDIT_STEP[key]
            rule = _CREDIT_RULES[key]
            if m:
                add((m_code, m_label, m, rule, source))
            if pr:
                add((p_code, p_label, pr, rule, source))

    c = inp.credits
    t_adjust = taxable + dict(separate).get("timber", 0) if separate else taxable
    adjustment = zero
    if total <= p.adj_income_limit:
        take("adjustment", cr.adjustment(ded.personal_diff, t_adjust, ct, p), src["adjustment_credit"])
        adjustment = taken.pop("adjustment")
    after_adjustment = (left.municipal, left.prefectural)
    if inp.income.dividends:
        taxable_all = taxable + sum(a for _, a in separate)
        take("dividend", cr.dividend(inp.income.dividends, taxable_all, ct, p), src["city_types"])
    excess = cr.income_tax_basic_excess(total, p)
    if c.housing_unabsorbed:
        take(
            "housing_loan",
            cr.housing(c.housing_unabsorbed, c.housing_it_taxable, c.housing_special_rate, excess, share, p),
            src["housing_loan_credit"],
        )
    take(
        "near_line_reduction",
        cr.near_line_reduction(base, line, left, prof.income_rate),
        src["non_taxable_income_levy"],
    )
    if c.hometown or c.community_chest or c.city_designated or c.pref_designated:
        take(
            "donation_basic",
            cr.donation_basic(c.hometown, c.community_chest, c.city_designated, c.pref_designated, base, share, p),
            src["donation_credit"],
        )
        rate, factor = cr.special_bracket(taxable - (ded.personal_diff + excess), p)
        take(
            "donation_special",
            cr.donation_special(c.hometown, rate, after_adjustment, share, p),
            src["donation_credit"],
        )
        if c.one_stop:
            take("donation_one_stop", cr.one_stop(taken["donation_special"], factor), src["donation_credit"])
    if c.foreign_tax:
        take("foreign_tax", cr.split(c.foreign_tax, share), src["city_types"])
    refund = 0
    if c.withheld_local:
        wanted = cr.split(c.withheld_local, share)
        take("withheld_local", wanted, src["city_types"])
        refund = sum(wanted) - sum(taken["withheld_local"])

    unit = p.round_levy
    levy = (floor_to(left.municipal, unit), floor_to(left.prefectural, unit))
    per_capita = (prof.per_capita_municipal, prof.per_capita_prefectural)
    forest = p.forest_environment_tax
    add(("levy.municipal", "市民税所得割額", levy[0], _LEVY_RULE, src["rounding"]))
    add(("levy.prefectural", "県民税所得割額", levy[1], _LEVY_RULE, src["rounding"]))
    per_capita_source = prof.sources["per_capita"]
    for side, name, amount in prof.per_capita_items:
        add((_PER_CAPITA_CODE[side], name, amount, "均等割(条例による加算を含む)", per_capita_source))
    add(
        (
            "forest_environment_tax",
            "森林環境税",
            forest,
            "国税、均等割と併せて賦課徴収",
            src["forest_environment_tax"],
        )
    )
    annual = levy[0] + per_capita[0] + levy[1] + per_capita[1] + forest
    add(
        (
            "annual_tax",
            "年税額",
            annual,
            "市民税(所得割+均等割)+県民税(所得割+均等割)+森林環境税",
            "地方税法",
        )
    )
    credits = dict(_NO_CREDITS)  # every key, in CREDIT_KEYS order
    credits.update(taken)
    return Assessment(
        p.tax_year,
        prof.code,
        p.verified,
        p.unverified,
        inc,
        ded,
        taxable,
        separate,
        non_taxable,
        None,
        computed,
        adjustment,
        credits,
        levy,
        per_capita,
        forest,
        annual,
        refund,
        tuple(steps),
    )


def total_income(tax_year: int, birth_date: date, income: Income) -> int:
    """合計所得金額 of a person from their own incomes alone: what decides whether a spouse or
    dependant counts (their own household plays no part in it)."""
    inp = TaxInput(tax_year, Taxpayer(birth_date, None), income)
    p = load_params(tax_year)
    return compute_incomes(inp, classify(inp, p), p, []).total_income
