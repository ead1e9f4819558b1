"""Income deductions (§4.4) and the 人的控除額の差 that the adjustment credit needs (§4.7.1).

Fractions of a yen in a deduction are rounded up (`Piece.ceil`, `Rate.ceil`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from app.tax.household import Household, Member
from app.tax.input import TaxInput
from app.tax.params import Piece, YearParams
from app.tax.steps import StepRow

ORDER = (
    "casualty_loss",
    "medical",
    "social_insurance",
    "small_business_mutual_aid",
    "life_insurance",
    "earthquake_insurance",
    "disability",
    "widow",
    "single_parent",
    "working_student",
    "spouse",
    "spouse_special",
    "dependants",
    "specific_relative",
    "basic",
)

LABELS = {
    "casualty_loss": "雑損控除",
    "medical": "医療費控除",
    "social_insurance": "社会保険料控除",
    "small_business_mutual_aid": "小規模企業共済等掛金控除",
    "life_insurance": "生命保険料控除",
    "earthquake_insurance": "地震保険料控除",
    "disability": "障害者控除",
    "widow": "寡婦控除",
    "single_parent": "ひとり親控除",
    "working_student": "勤労学生控除",
    "spouse": "配偶者控除",
    "spouse_special": "配偶者特別控除",
    "dependants": "扶養控除",
    "specific_relative": "特定親族特別控除",
    "basic": "基礎控除",
}

RULES = {
    "casualty_loss": "(損失額−総所得金額等の10%)と(災害関連支出−5万円)の多い方",
    "medical": "(支払額−補填額)−min(10万円, 総所得金額等の5%)、上限200万円"
    "(セルフメディケーションは−1.2万円、上限8.8万円)",
    "social_insurance": "支払った額",
    "small_business_mutual_aid": "支払った額",
    "life_insurance": "区分ごとに新旧の計算式(1円未満切上げ)、新旧併用は2.8万円まで、合計7万円まで",
    "earthquake_insurance": "地震保険料の2分の1(上限2.5万円)+旧長期損害保険料の計算式、合計2.5万円まで",
    "disability": "本人・同一生計配偶者・扶養親族ごとに一般26万円・特別30万円・同居特別53万円",
    "widow": "合計所得金額500万円以下",
    "single_parent": "合計所得金額500万円以下",
    "working_student": "合計所得金額が要件以下かつ給与所得以外の所得10万円以下",
    "spouse": "納税義務者の合計所得金額の区分と配偶者の年齢(70歳以上は老人控除対象配偶者)",
    "spouse_special": "配偶者の合計所得金額と納税義務者の合計所得金額の区分による表",
    "dependants": "16歳以上の扶養親族: 一般・特定(19〜22歳)・老人(70歳以上)・同居老親等",
    "specific_relative": "19〜22歳で所得要件を超える親族の合計所得金額による表",
    "basic": "合計所得金額2,400万円以下43万円、以後逓減",
}

SOURCES = {
    "casualty_loss": "casualty_loss_deduction",
    "medical": "medical_deduction",
    "social_insurance": "basic_deduction",
    "small_business_mutual_aid": "basic_deduction",
    "life_insurance": "life_insurance_deduction",
    "earthquake_insurance": "earthquake_insurance_deduction",
    "disability": "disability_deduction",
    "widow": "widow_deduction",
    "single_parent": "single_parent_deduction",
    "working_student": "working_student_deduction",
    "spouse": "spouse_deduction",
    "spouse_special": "spouse_special_deduction",
    "dependants": "dependant_deduction",
    "specific_relative": "specific_relative_deduction",
    "basic": "basic_deduction",
}
CODES = {key: f"deduction.{key}" for key in ORDER}
_FIXED_SOURCES = {
    "social_insurance": "地方税法314条の2第1項3号(社会保険料控除)",
    "small_business_mutual_aid": "地方税法314条の2第1項4号(小規模企業共済等掛金控除)",
}


# (key, code, label, rule, source) of each deduction in ORDER, per parameter sources (built once;
# the sources object is kept with its texts so that its id cannot be reused while cached).
_STEP_TEXTS: dict[int, tuple[Mapping[str, str], tuple[tuple[str, str, str, str, str], ...]]] = {}


def _step_texts(src: Mapping[str, str]) -> tuple[tuple[str, str, str, str, str], ...]:
    cached = _STEP_TEXTS.get(id(src))
    if cached is None or cached[0] is not src:
        texts = tuple(
            (key, CODES[key], LABELS[key], RULES[key], _FIXED_SOURCES.get(key) or src[SOURCES[key]]) for key in ORDER
        )
        cached = _STEP_TEXTS[id(src)] = (src, texts)
    return cached[1]


class DeductionResult(NamedTuple):
    items: dict[str, int]
    total: int
    personal_diff: int  # 人的控除額の差の合計 (調整控除・寄附金特例控除)


def piecewise(x: int, pieces: tuple[Piece, ...]) -> int:
    """The first bracket whose inclusive limit holds x (the last is open), fractions rounded up."""
    for piece in pieces:
        if piece.limit is None or x <= piece.limit:
            return piece.ceil(x)
    raise AssertionError("the parameter schema guarantees an open last bracket")  # pragma: no cover


def _life_category(new: int, old: int, p: YearParams) -> int:
    n = piecewise(new, p.life_new) if new else 0
    o = piecewise(old, p.life_old) if old else 0
    if new and old:
        return max(o, min(o + n, p.life_combined_cap))
    return n + o


def life_insurance(inp: TaxInput, p: YearParams) -> int:
    li = inp.deductions.life
    total = (
        _life_category(li.new_general, li.old_general, p)
        + _life_category(li.new_pension, li.old_pension, p)
        + (piecewise(li.care_medical, p.life_new) if li.care_medical else 0)
    )
    return min(total, p.life_total_cap)


def earthquake(inp: TaxInput, p: YearParams) -> int:
    d = inp.deductions
    amount = min(p.quake_rate.ceil(d.earthquake), p.quake_cap)
    if d.old_long_term:
        amount += piecewise(d.old_long_term, p.quake_old)
    return min(amount, p.quake_total_cap)


def medical(inp: TaxInput, base: int, p: YearParams) -> int:
    d = inp.deductions
    net = max(0, d.medical_paid - d.medical_reimbursed)
    if d.self_medication:
        return max(0, min(net - p.selfmed_floor, p.selfmed_cap))
    threshold = min(p.medical_threshold_cap, p.medical_rate.floor(base))
    return max(0, min(net - threshold, p.medical_cap))


def casualty(inp: TaxInput, base: int, p: YearParams) -> int:
    d = inp.deductions
    return max(0, d.casualty_net_loss - p.casualty_rate.floor(base), d.casualty_disaster_outlays - p.casualty_floor)


def _column(total_income: int, p: YearParams) -> int | None:
    """Which taxpayer-income column of the spouse tables applies (None: above the last)."""
    for i, limit in enumerate(p.spouse_columns):
        if total_income <= limit:
            return i
    return None


def _disability(m: Member, p: YearParams, diffs: dict[str, int]) -> tuple[int, int]:
    if m.disability == "none":
        return 0, 0
    return p.disability_amounts[m.disability], diffs[m.disability]


def compute_deductions(
    inp: TaxInput, hh: Household, total_income: int, salary: int, base: int, p: YearParams, steps: list[StepRow]
) -> DeductionResult:
    tp = inp.taxpayer
    d = inp.deductions
    diffs = p.diffs
    items = dict.fromkeys(ORDER, 0)
    diff = diffs["basic"]
    items["casualty_loss"] = casualty(inp, base, p) if d.casualty_net_loss or d.casualty_disaster_outlays else 0
    items["medical"] = medical(inp, base, p) if d.medical_paid else 0
    items["social_insurance"] = d.social_insurance
    items["small_business_mutual_aid"] = d.small_business_mutual_aid
    items["life_insurance"] = life_insurance(inp, p)
    items["earthquake_insurance"] = earthquake(inp, p) if d.earthquake or d.old_long_term else 0

    dis_diffs: dict[str, int] = diffs["disability"]
    disability = 0
    if tp.disability != "none":
        disability += p.disability_amounts[tp.disability]
        diff += dis_diffs[tp.disability]
    column = _column(total_income, p)
    spouse = hh.spouse
    if spouse is not None:
        if spouse.counted:
            amount, dd = _disability(spouse, p, dis_diffs)
            disability += amount
            diff += dd
        if column is not None and spouse.kind == "same_livelihood":
            elderly = spouse.age >= p.ages["elderly_from"]
            items["spouse"] = (p.spouse_elderly if elderly else p.spouse_general)[column]
            diff += diffs["spouse_elderly" if elderly else "spouse_general"][column]
        elif column is not None and spouse.kind == "special":
            for upto, amounts in p.spouse_special_rows:  # pragma: no branch (always breaks: see the schema)
                if spouse.income <= upto:
                    items["spouse_special"] = amounts[column]
                    break
            for upto, amounts in diffs["spouse_special"]:
                if spouse.income <= upto:
                    diff += amounts[column]
                    break
    dep_amounts = p.dependant_amounts
    dep_diffs: dict[str, int] = diffs["dependant"]
    for m in hh.dependants:
        if m.counted:
            amount, dd = _disability(m, p, dis_diffs)
            disability += amount
            diff += dd
            if m.kind != "junior":
                key = "cohabiting_elderly_parent" if m.kind == "cohabiting_elderly" else m.kind
                items["dependants"] += dep_amounts[key]
                diff += dep_diffs[key]
        elif m.kind == "specific_relative":
            for row in p.relative_rows:  # pragma: no branch (always breaks: see the schema)
                if m.income <= row.upto:
                    items["specific_relative"] += row.amount
                    diff += row.adjustment_diff
                    break
    items["disability"] = disability

    if tp.single_parent and total_income <= p.single_parent_limit:
        items["single_parent"] = p.single_parent_amount
        diff += diffs["single_parent"][tp.sex or "M"]
    elif tp.widow and total_income <= p.widow_limit:
        items["widow"] = p.widow_amount
        diff += diffs["widow"]
    if tp.working_student and total_income <= p.student_limit and total_income - salary <= p.student_other_limit:
        items["working_student"] = p.student_amount
        diff += diffs["working_student"]
    for limit, amount in p.basic_bands:  # pragma: no branch (always breaks: see the schema)
        if limit is None or total_income <= limit:
            items["basic"] = amount
            break
    total = sum(items.values())
    for key, code, label, rule, source in _step_texts(p.sources):
        amount = items[key]
        if amount:
            steps.append((code, label, amount, rule, source))
    steps.append(("deduction.total", "所得控除合計", total, "各所得控除の合計", "地方税法314条の2"))
    return DeductionResult(items, total, diff)
