"""減免 (reduction on application): record an application, approve or return it (a different staff
member with r_approver). The database applies an approved reduction itself (ledger.apply_reduction):
its arithmetic is simple enough to live next to the data, so no client's word is needed for it, and
it gets its own lines in the 計算根拠 before the 年税額 line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from app.i18n import UserError
from app.models.assessment_work import ReductionRecord
from app.services.db import Database
from app.services.proposals import call_checked

CATEGORIES: tuple[tuple[str, str], ...] = (
    ("disaster", "災害（震災・風水害・火災等）"), ("poverty", "生活困窮（生活保護に準ずる）"),
    ("illness", "病気・負傷による所得の著しい減少"), ("unemployment", "失業・廃業による所得の著しい減少"),
    ("other", "その他特別の事情"),
)
EVIDENCE_KINDS: tuple[tuple[str, str], ...] = (
    ("disaster_certificate", "罹災証明書"), ("income_statement", "収入申告書・所得の状況の分かる書類"),
    ("medical_certificate", "診断書・医療費の領収書"), ("separation_notice", "離職票・廃業届"),
    ("other_document", "その他の書類"),
)
TARGETS: tuple[tuple[str, str], ...] = (("income_levy", "所得割"), ("all", "所得割・均等割"))


@dataclass(frozen=True, slots=True)
class Application:
    person_id: int
    tax_year: int
    base_version: int
    category: str
    evidence_kind: str
    evidence_ref: str
    application_date: date
    target: str
    rate_percent: int | None
    amount: int | None
    reason: str


def check(app: Application, today: date) -> dict[str, tuple[str, str]]:
    """Field → (Japanese, English) message for each problem; empty when the application can be sent."""
    problems: dict[str, tuple[str, str]] = {}
    if app.category not in dict(CATEGORIES):
        problems["category"] = ("減免事由を選択してください。", "Choose the reason category.")
    if app.evidence_kind not in dict(EVIDENCE_KINDS):
        problems["evidence_kind"] = ("確認書類を選択してください。", "Choose the evidence.")
    ref = app.evidence_ref
    if not ref or len(ref) > 30 or not all(c.isascii() and (c.isalnum() or c == "-") for c in ref):
        problems["evidence_ref"] = ("書類番号は英数字とハイフン30文字以内で入力してください。",
                                    "Document number: up to 30 letters, digits or hyphens.")
    if app.application_date > today or app.application_date < date(app.tax_year - 1, 1, 1):
        problems["application_date"] = ("申請日が正しくありません（未来の日付や前年より前は不可）。",
                                        "Invalid application date.")
    if (app.rate_percent is None) == (app.amount is None):
        problems["rate_percent"] = ("減免率か減免額のどちらか一方を入力してください。",
                                    "Enter either a rate or an amount.")
    elif app.rate_percent is not None and not 1 <= app.rate_percent <= 100:
        problems["rate_percent"] = ("減免率は1〜100%で入力してください。", "The rate is 1 to 100 %.")
    elif app.amount is not None and (app.amount <= 0 or app.amount % 100):
        problems["amount"] = ("減免額は100円単位の正の金額で入力してください。", "The amount is positive, in 100 yen.")
    if app.amount is not None and app.target != "income_levy":
        problems["target"] = ("減免額の指定は所得割が対象です。", "An amount applies to the income levy.")
    if not app.reason.strip() or len(app.reason) > 400:
        problems["reason"] = ("申請の内容（理由）を400文字以内で入力してください。", "Give the reason (up to 400).")
    return problems


def submit(db: Database, app: Application) -> int:
    problems = check(app, date.today())
    if problems:
        key, (ja, en) = next(iter(problems.items()))
        raise UserError(ja, en, field=key)
    rows = call_checked(
        db, "SELECT api.reduction_submit(:p, :y, :v, :category, :kind, :ref, :applied, :target, :rate, :amount,"
            " :reason) AS id",
        {"p": app.person_id, "y": app.tax_year, "v": app.base_version, "category": app.category,
         "kind": app.evidence_kind, "ref": app.evidence_ref, "applied": app.application_date, "target": app.target,
         "rate": app.rate_percent, "amount": app.amount, "reason": app.reason})
    return int(rows[0]["id"])


def listing(db: Database, tax_year: int, person_id: int | None, purpose: str = "reduction") -> list[ReductionRecord]:
    """A person's applications of the year, or (person None) every one waiting for approval."""
    rows = db.call("SELECT * FROM api.reduction_list(:y, :p, :purpose)", {"y": tax_year, "p": person_id,
                                                                           "purpose": purpose})
    return [ReductionRecord(**r) for r in rows]


def approve(db: Database, reduction_id: int, comment: str = "") -> dict[str, Any]:
    rows = call_checked(db, "SELECT api.reduction_approve(:id, :comment) AS r",
                        {"id": reduction_id, "comment": comment})
    result: dict[str, Any] = rows[0]["r"]
    return result


def return_to_proposer(db: Database, reduction_id: int, comment: str) -> None:
    call_checked(db, "SELECT api.reduction_return(:id, :comment)", {"id": reduction_id, "comment": comment})


@dataclass(frozen=True, slots=True)
class ReductionAmounts:
    """What a reduction takes off each part (市所得割, 県所得割, 市均等割, 県均等割)."""

    municipal_income_levy: int
    prefectural_income_levy: int
    municipal_per_capita: int
    prefectural_per_capita: int

    @property
    def total(self) -> int:
        return (self.municipal_income_levy + self.prefectural_income_levy + self.municipal_per_capita
                + self.prefectural_per_capita)


def reduction_amounts(levy: tuple[int, int], per_capita: tuple[int, int], target: str, rate_percent: int | None,
                      amount: int | None) -> ReductionAmounts:
    """The rule ledger.apply_reduction applies, for the screen's preview (the database is the control):
    a rate comes off each targeted part floored to 100 yen; an amount comes off the 所得割, split
    between 市 and 県 in the ratio of their levies, each capped at its levy."""
    levy_m, levy_p = levy
    if rate_percent is not None:
        m, p = levy_m * rate_percent // 100 // 100 * 100, levy_p * rate_percent // 100 // 100 * 100
        pc = (0, 0) if target != "all" else (per_capita[0] * rate_percent // 100 // 100 * 100,
                                             per_capita[1] * rate_percent // 100 // 100 * 100)
        return ReductionAmounts(m, p, *pc)
    total = levy_m + levy_p
    if not amount or total == 0:
        return ReductionAmounts(0, 0, 0, 0)
    capped = min(amount, total)
    m = capped * levy_m // total // 100 * 100
    p = min(capped - m, levy_p)
    m = min(capped - p, levy_m)
    return ReductionAmounts(m, p, 0, 0)
