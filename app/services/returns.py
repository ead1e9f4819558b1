"""Return entry (申告・報告書の入力): load a person's return, check it field by field, turn it into
the engine's input and compute it (the live 計算根拠 and the result a proposal carries).

The engine runs in the client. What it computes is stored only through maker-checker
(app.services.proposals): the proposer's result is kept with the proposal and the approver's
client must compute exactly the same from the inputs the database hands it.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

from app.i18n import UserError
from app.models.assessment_work import (
    COLLECTION_METHODS,
    DISABILITY_ITEM,
    FILING_KINDS,
    INCOME_FIELDS,
    SIGNED_FIELDS,
    STATUS_ITEM,
    FieldErrors,
    PersonInfo,
    ReturnContext,
    ReturnInputs,
)
from app.services.db import Database
from app.tax.engine import Assessment, assess, total_income
from app.tax.input import Credits, Deductions, Income, LifeInsurance, Relative, TaxInput, Taxpayer
from app.tax.params import PARAMS_DIR
from app.tax.profile import DEFAULT_PROFILE, PROFILES_DIR

MAX_AMOUNT = 99_999_999_999
RESULT_COLUMNS = ("salary_income", "pension_income", "total_income", "income_base", "deductions_total",
                  "taxable_income", "non_taxable", "municipal_income_levy", "prefectural_income_levy",
                  "municipal_per_capita", "prefectural_per_capita", "forest_environment_tax", "annual_tax")


# ---------------------------------------------------------------------------------------------
# Typed amounts and field checks


def parse_amount(text: str, *, signed: bool = False) -> int:
    """'1,234,000' / '１２３４０００' / '△5,000' (a loss) → int; a UserError with the reason otherwise."""
    import unicodedata

    t = unicodedata.normalize("NFKC", text).strip().replace(",", "").replace(" ", "").replace("円", "")
    negative = False
    if t[:1] in ("-", "△", "▲"):
        negative, t = True, t[1:]
    if not t:
        return 0
    if not t.isdigit():
        raise UserError("金額は数字で入力してください（例: 1,234,000）。",
                        "Enter the amount in digits (e.g. 1,234,000).")
    value = int(t)
    if value > MAX_AMOUNT:
        raise UserError("金額が大きすぎます。", "The amount is too large.")
    if negative and not signed:
        raise UserError("この欄には負の金額（損失）は入力できません。", "This field cannot be negative.")
    return -value if negative else value


def format_amount(value: int) -> str:
    return f"△{-value:,}" if value < 0 else f"{value:,}"


def validate(inputs: ReturnInputs, taxpayer_id: int) -> FieldErrors:
    """The same rules as ledger.normalize_inputs, checked before anything is sent (field → message)."""
    errors = FieldErrors()
    if inputs.filing_kind not in dict(FILING_KINDS):
        errors.add("filing_kind", "申告区分を選択してください。", "Choose the kind of return.")
    if inputs.collection_method not in dict(COLLECTION_METHODS):
        errors.add("collection_method", "徴収方法を選択してください。", "Choose the collection method.")
    if inputs.employer_no is not None and not (inputs.employer_no.isdigit() and 6 <= len(inputs.employer_no) <= 10):
        errors.add("employer_no", "事業所番号（指定番号）は6〜10桁の数字です。",
                   "The employer number is 6 to 10 digits.")
    if inputs.collection_method in ("payroll", "payroll_and_ordinary") and not inputs.employer_no:
        errors.add("employer_no", "給与特別徴収には事業所番号が必要です。",
                   "Payroll withholding needs the employer number.")
    for name, _label in INCOME_FIELDS:
        value = inputs.income(name)
        if value < 0 and name not in SIGNED_FIELDS:
            errors.add(name, "負の金額は入力できません。", "Cannot be negative.")
        if abs(value) > MAX_AMOUNT:
            errors.add(name, "金額が大きすぎます。", "The amount is too large.")
    if inputs.filing_kind == "salary_report" and inputs.salary_revenue == 0:
        errors.add("salary_revenue", "給与支払報告書には給与収入を入力してください。",
                   "A salary report needs the salary revenue.")
    if inputs.filing_kind == "pension_report" and inputs.pension_revenue == 0:
        errors.add("pension_revenue", "公的年金等支払報告書には年金収入を入力してください。",
                   "A pension report needs the pension revenue.")
    if inputs.item(154) > inputs.item(136):
        errors.add("items.154", "補てん額が医療費支払額を超えています。", "Reimbursed exceeds medical expenses paid.")
    seen: set[int] = set()
    for i, r in enumerate(inputs.relatives):
        key = f"relatives[{i}]"
        if r.person_id == taxpayer_id:
            errors.add(key, "本人を配偶者・扶養親族にはできません。", "The taxpayer cannot be their own relative.")
        if r.person_id in seen:
            errors.add(key, "同じ方が二度入力されています。", "Listed twice.")
        seen.add(r.person_id)
    if sum(1 for r in inputs.relatives if r.kind == "spouse") > 1:
        errors.add("relatives", "配偶者は一人までです。", "At most one spouse.")
    return errors


# ---------------------------------------------------------------------------------------------
# Engine input and result


def _taxpayer(person: PersonInfo, inputs: ReturnInputs) -> Taxpayer:
    disability = {"1": "general", "2": "special"}.get(inputs.code(DISABILITY_ITEM), "none")
    status = inputs.code(STATUS_ITEM)
    return Taxpayer(person.birth_date, person.sex, disability, widow=status in ("1", "5"),
                    single_parent=status in ("2", "4"), working_student=status in ("3", "4", "5"))


def _relative(tax_year: int, declared: int | None, info: PersonInfo, disability: str, cohabiting: bool) -> Relative:
    # As the batch does: a declared income counts; otherwise the relative's own assessment.
    income = declared if declared is not None else total_income(
        tax_year, info.birth_date,
        Income(salary_revenue=info.salary_revenue, pension_revenue=info.pension_revenue, business=info.other_income))
    return Relative(info.birth_date, income, disability, cohabiting_parent=cohabiting)


def tax_input(tax_year: int, person: PersonInfo, inputs: ReturnInputs, relatives: dict[int, PersonInfo]) -> TaxInput:
    """The engine's input for a return. Relatives must all be in `relatives` (birth date, own incomes)."""
    spouse = None
    dependants: list[Relative] = []
    for r in inputs.normalized().relatives:
        info = relatives.get(r.person_id)
        if info is None:
            raise UserError(f"宛名番号 {r.person_id} の方の情報がありません。", f"No data for person {r.person_id}.",
                            field="relatives")
        rel = _relative(tax_year, r.total_income, info, r.disability, r.cohabiting)
        if r.kind == "spouse":
            spouse = rel
        else:
            dependants.append(rel)
    item = inputs.item
    return TaxInput(
        tax_year=tax_year,
        taxpayer=_taxpayer(person, inputs),
        income=Income(salary_revenue=inputs.salary_revenue, pension_revenue=inputs.pension_revenue,
                      business=inputs.business_income, agriculture=inputs.agriculture_income,
                      real_estate=inputs.real_estate_income, interest=inputs.interest_income,
                      dividends=inputs.dividend_income, misc_other=inputs.misc_income),
        deductions=Deductions(
            social_insurance=item(139),
            life=LifeInsurance(new_general=item(150), old_general=item(148), new_pension=item(151),
                               old_pension=item(137), care_medical=item(152)),
            earthquake=item(149), old_long_term=item(138), medical_paid=item(136), medical_reimbursed=item(154)),
        spouse=spouse,
        dependants=tuple(dependants),
        credits=Credits(hometown=item(140), city_designated=item(141), pref_designated=item(142)),
    )


def compute(tax_year: int, person: PersonInfo, inputs: ReturnInputs, relatives: dict[int, PersonInfo]) -> Assessment:
    return assess(tax_input(tax_year, person, inputs, relatives))


def _digest(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


@cache
def engine_fingerprint(tax_year: int) -> str:
    """Which engine code and parameter files computed a result (kept with every version)."""
    code = sorted(Path(__file__).resolve().parent.parent.joinpath("tax").glob("*.py"))
    params = PARAMS_DIR / f"{tax_year}.json"
    profile = PROFILES_DIR / f"{DEFAULT_PROFILE}.json"
    return (f"engine:{_digest(code)} params:{tax_year}.json:{_digest([params])} "
            f"profile:{DEFAULT_PROFILE}:{_digest([profile])}")


def result_json(a: Assessment) -> dict[str, Any]:
    """The result as proposals carry it: the columns, every step and the engine fingerprint."""
    columns = {
        "salary_income": a.incomes.salary, "pension_income": a.incomes.pension,
        "total_income": a.incomes.total_income, "income_base": a.incomes.income_base,
        "deductions_total": a.deductions.total, "taxable_income": a.taxable_income, "non_taxable": a.non_taxable,
        "municipal_income_levy": a.income_levy[0], "prefectural_income_levy": a.income_levy[1],
        "municipal_per_capita": a.per_capita[0], "prefectural_per_capita": a.per_capita[1],
        "forest_environment_tax": a.forest_environment_tax, "annual_tax": a.annual_tax,
    }
    return {"columns": columns, "steps": [list(row) for row in a.step_rows],
            "params_verified": a.params_verified, "engine": engine_fingerprint(a.tax_year)}


# ---------------------------------------------------------------------------------------------
# Database


def load(db: Database, person_id: int, tax_year: int, purpose: str) -> ReturnContext | None:
    rows = db.call("SELECT api.return_load(:p, :y, :purpose) AS r", {"p": person_id, "y": tax_year, "purpose": purpose})
    data = rows[0]["r"]
    return ReturnContext.from_json(data) if data else None


def relative(db: Database, person_id: int, tax_year: int, purpose: str) -> PersonInfo | None:
    rows = db.call("SELECT api.return_relative(:p, :y, :purpose) AS r",
                   {"p": person_id, "y": tax_year, "purpose": purpose})
    data = rows[0]["r"]
    return PersonInfo.from_json(data) if data else None

