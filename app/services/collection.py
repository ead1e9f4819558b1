"""Special collection use cases through the api (issue 7): employers, plans, change notices,
mid-year tax changes, the ordinary→payroll switch, notice data. Rules come from app.tax; the
database checks what is saved against its own records."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import text

from app.i18n import UserError
from app.models.collection import (
    ChangeEntry,
    Employer,
    EmployerTotals,
    NoticeEmployee,
    NoticeEmployer,
    OrdinaryInstalment,
    PlanRow,
    SavedChange,
)
from app.services.db import Database
from app.tax.collection_change import (
    ChangeError,
    ChangeResult,
    TaxChange,
    change,
    month_index,
    switch_to_payroll,
    tax_change,
    tax_year_of,
)
from app.tax.profile import Profile, load_profile

PURPOSE = "collection"
MONTH_ORDER = (6, 7, 8, 9, 10, 11, 12, 1, 2, 3, 4, 5)

CHANGE_MESSAGES = {
    "new_employer_from": ("新しい事業所の開始月は、最後に徴収した月より後の月を選んでください",
                          "the new employer's first month must come after the last month collected"),
    "final_pay": ("最終給与が未徴収税額に足りないため、一括徴収できません",
                  "the final pay does not cover the rest; no lump sum possible"),
    "notice": ("切り替えられる納期・月が残っていません", "no instalment or month is left to switch"),
    "months_paid": ("残りの月がありません", "no month remains"),
}


def change_error(exc: ChangeError) -> UserError:
    ja, en = CHANGE_MESSAGES.get(exc.code, ("入力内容を確認してください", str(exc)))
    return UserError(ja, en, field=exc.code)


# -------------------------------------------------------------------------------- employers


def settings(db: Database) -> dict[str, int]:
    row = db.call("SELECT * FROM api.collection_settings()")[0]
    return {"approval_threshold": int(row["approval_threshold"]), "payroll_unit": int(row["payroll_unit"])}


def save_employer(db: Database, employer: Employer) -> int:
    """Register (version None) or edit an employer; returns the new version."""
    employer.validate()
    rows = db.call("SELECT api.employer_save(:no, :name, :kana, :postal, :address, :phone, :version) AS v",
                   {"no": employer.employer_no, "name": employer.name, "kana": employer.kana,
                    "postal": employer.postal_code, "address": employer.address, "phone": employer.phone,
                    "version": employer.version})
    return int(rows[0]["v"])


def employers(db: Database, query: str, tax_year: int, limit: int = 500) -> list[EmployerTotals]:
    rows = db.call("SELECT * FROM api.collection_employers(:q, :year, :limit)",
                   {"q": query, "year": tax_year, "limit": limit})
    return [EmployerTotals(Employer(r["employer_no"], r["name"], r["kana"], r["postal_code"], r["address"],
                                    r["phone"], r["version"]),
                           int(r["employees"]), int(r["annual"]), int(r["collected"])) for r in rows]


def determine(db: Database, tax_year: int, employer_no: str | None = None) -> int:
    """Create the withholding plans (税額決定) not made yet; returns how many."""
    rows = db.call("SELECT api.collection_determine(:year, :no) AS n", {"year": tax_year, "no": employer_no})
    return int(rows[0]["n"])


def employees(db: Database, employer_no: str, tax_year: int) -> list[PlanRow]:
    rows = db.call("SELECT * FROM api.collection_employees(:no, :year, :purpose)",
                   {"no": employer_no, "year": tax_year, "purpose": PURPOSE})
    out = []
    for r in rows:
        r["months"] = tuple(int(x) for x in r["months"])
        r["paid"] = tuple(None if x is None else int(x) for x in r["paid"])
        out.append(PlanRow(**r))
    return out


def record_month(db: Database, employer_no: str, tax_year: int, month_idx: int) -> int:
    rows = db.call("SELECT api.collection_record_month(:no, :year, :m) AS n",
                   {"no": employer_no, "year": tax_year, "m": month_idx})
    return int(rows[0]["n"])


# -------------------------------------------------------------------------------- change notices


@dataclass(frozen=True, slots=True)
class ChangeForm:
    """What the clerk typed on the 異動届出書 form."""

    kind: str
    change_date: date
    notice_date: date
    months_collected: int                 # 0 … 12 (June … May)
    final_pay: int | None = None
    lump_sum_declined: bool = False
    new_employer_no: str | None = None
    new_employer_from_index: int | None = None   # 0 … 11


def preview_change(plan: PlanRow, form: ChangeForm, prof: Profile | None = None) -> ChangeResult:
    """The resulting schedules, before saving (pure)."""
    prof = prof or load_profile()
    through = 0 if form.months_collected == 0 else MONTH_ORDER[form.months_collected - 1]
    new_from = None if form.new_employer_from_index is None else MONTH_ORDER[form.new_employer_from_index]
    if form.kind == "transfer" and new_from is None:
        raise UserError("新しい事業所が徴収を始める月を選んでください", "choose the new employer's first month",
                        field="new_employer_from")
    if form.kind == "transfer" and not form.new_employer_no:
        raise UserError("新しい事業所の指定番号を入力してください", "enter the new employer", field="new_employer_no")
    # A change date after the notice date is allowed: employers often report a retirement in advance.
    try:
        result = change(plan.annual_notified, through, form.kind, form.notice_date, prof,
                        final_pay=form.final_pay, new_employer_from=new_from, change_date=form.change_date,
                        lump_sum_declined=form.lump_sum_declined)
    except ChangeError as exc:
        raise change_error(exc) from None
    return result


def _plan_tax_year(plan_year: int, notice: date, prof: Profile) -> None:
    if tax_year_of(notice, prof) != plan_year:
        raise UserError(f"受付日が{plan_year}年度(6月〜翌5月)にありません",
                        f"the notice date is not in tax year {plan_year}", field="notice_date")


def save_change(db: Database, plan: PlanRow, tax_year: int, form: ChangeForm) -> SavedChange:
    """Compute the arrangement and save it through the api (audited; pending above the threshold)."""
    prof = load_profile()
    _plan_tax_year(tax_year, form.notice_date, prof)
    res = preview_change(plan, form, prof)
    new_months: list[int] | None = None
    if res.payroll:
        new_months = [0] * 12
        for m in res.payroll:
            new_months[month_index(tax_year, m.month, prof)] = m.amount
    ordinary = [{"due": d.isoformat(), "amount": a}
                for d, a in zip(res.ordinary.due_dates, res.ordinary.amounts, strict=True)]
    entry = ChangeEntry(plan.plan_id, plan.version, form.kind, form.change_date, form.notice_date,
                        form.months_collected, form.final_pay, form.lump_sum_declined,
                        form.new_employer_no if form.kind == "transfer" else None,
                        None if new_months is None else tuple(new_months),
                        tuple(OrdinaryInstalment(d, a) for d, a in
                              zip(res.ordinary.due_dates, res.ordinary.amounts, strict=True)),
                        res.lump_sum)
    rows = db.call(
        "SELECT * FROM api.collection_change_save(:plan, :version, :kind, :change_date, :notice_date, :months,"
        " :final_pay, :declined, :new_no, CAST(:new_months AS bigint[]), CAST(:ordinary AS jsonb), :lump)",
        {"plan": entry.plan_id, "version": entry.plan_version, "kind": entry.kind,
         "change_date": entry.change_date, "notice_date": entry.notice_date, "months": entry.months_collected,
         "final_pay": entry.final_pay, "declined": entry.lump_sum_declined, "new_no": entry.new_employer_no,
         "new_months": None if entry.new_months is None else list(entry.new_months),
         "ordinary": json.dumps(ordinary), "lump": entry.lump_sum})
    return SavedChange(int(rows[0]["change_id"]), str(rows[0]["status"]))


def pending_changes(db: Database, purpose: str = PURPOSE) -> list[dict[str, Any]]:
    """Change notices waiting for an approver (a read of persons: audited with its purpose)."""
    return db.call("SELECT * FROM api.collection_pending_changes(:purpose)", {"purpose": purpose})


def decide_change(db: Database, change_id: int, approve: bool) -> str:
    return str(db.call("SELECT api.collection_change_decide(:id, :ok) AS s", {"id": change_id, "ok": approve})[0]["s"])


def person_collection(db: Database, person_id: int, tax_year: int, purpose: str = PURPOSE) -> dict[str, Any]:
    rows = db.call("SELECT api.collection_person(:p, :y, :purpose) AS doc",
                   {"p": person_id, "y": tax_year, "purpose": purpose})
    doc: dict[str, Any] = rows[0]["doc"]
    return doc


# -------------------------------------------------------------------------------- tax change, switch


def preview_tax_change(plan: PlanRow, tax_year: int, months_paid: int | None = None) -> TaxChange:
    paid = plan.months_paid if months_paid is None else months_paid
    try:
        return tax_change(plan.annual_notified, plan.annual_current, tax_year, paid, load_profile())
    except ChangeError as exc:
        raise change_error(exc) from None


def save_tax_change(db: Database, plan: PlanRow, tax_year: int, refund_kind: str = "refund") -> TaxChange:
    """Recompute the remaining months for the current annual tax and save them (audited)."""
    res = preview_tax_change(plan, tax_year)
    paid = 12 - len(res.months)
    db.call("SELECT api.collection_tax_change_save(:plan, :version, :paid, CAST(:months AS bigint[]), :refund,"
            " :kind) AS id",
            {"plan": plan.plan_id, "version": plan.version, "paid": paid, "months": [m.amount for m in res.months],
             "refund": res.refund, "kind": refund_kind if res.refund else None})
    return res


def save_switch(db: Database, person_id: int, tax_year: int, annual: int, employer_no: str, notice: date) -> int:
    """普通徴収 → 給与特別徴収 from the month after the notice (audited); returns the new plan id."""
    prof = load_profile()
    _plan_tax_year(tax_year, notice, prof)
    try:
        sw = switch_to_payroll(annual, notice, prof)
    except ChangeError as exc:
        raise change_error(exc) from None
    months = [0] * 12
    for m in sw.payroll:
        months[month_index(tax_year, m.month, prof)] = m.amount
    rows = db.call("SELECT api.collection_switch_to_payroll(:p, :y, :no, :notice, :kept, CAST(:months AS bigint[]))"
                   " AS id", {"p": person_id, "y": tax_year, "no": employer_no, "notice": notice,
                              "kept": sum(sw.ordinary_kept.amounts), "months": months})
    return int(rows[0]["id"])


# -------------------------------------------------------------------------------- notices


def group_notices(rows: Iterator[dict[str, Any]] | list[dict[str, Any]]) -> list[NoticeEmployer]:
    """Rows in print order (employer, then employees by kana) → one notice per employer."""
    out: list[NoticeEmployer] = []
    for r in rows:
        if not out or out[-1].employer_no != r["employer_no"]:
            out.append(NoticeEmployer(r["employer_no"], r["employer_name"], r["employer_kana"],
                                      r["employer_postal_code"], r["employer_address"]))
        out[-1].employees.append(NoticeEmployee(
            int(r["person_id"]), f"{r['family_name']} {r['given_name']}", f"{r['family_kana']} {r['given_kana']}",
            r["postal_code"], r["address"], int(r["annual"]), tuple(int(x) for x in r["months"])))
    return out


def ordinary_instalments(db: Database, tax_year: int, person_ids: set[int]) -> dict[int, list[tuple[date, int]]]:
    """The ordinary instalments that approved changes left with each person (for the 納税通知書)."""
    out: dict[int, list[tuple[date, int]]] = {}
    for pid in sorted(person_ids):
        doc = person_collection(db, pid, tax_year)
        if doc["ordinary"]:
            out[pid] = [(date.fromisoformat(str(o["due"])), int(o["amount"])) for o in doc["ordinary"]]
    return out


def notice_data(db: Database, tax_year: int, employer_no: str | None, *, export: bool = False,
                person_ids: set[int] | None = None) -> list[NoticeEmployer]:
    """The notices of one employer or all (one audited read, streamed in print order); with person_ids
    only those employees (a 変更通知書 after a change)."""
    with db.unit_of_work() as conn:
        result = conn.execute(text("SELECT * FROM api.collection_notice_rows(:y, :no, :purpose, :export)"),
                              {"y": tax_year, "no": employer_no, "purpose": PURPOSE, "export": export})
        rows = (dict(r) for r in result.mappings())
        return group_notices([r for r in rows if person_ids is None or r["person_id"] in person_ids])
