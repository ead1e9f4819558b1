"""Maker-checker for assessments: a saved return becomes a proposal; a different staff member with
r_approver approves it (their client recomputes it, the database compares) or returns it.

Why the approver's client recomputes: the engine is Python and runs in the clients, so the
database cannot compute the tax itself. It does not trust one client either: the proposer's result
is stored with the proposal, the approver's engine computes again from the inputs the database
hands it, and the database stores the assessment only when both results are identical and their
steps agree with their amounts. Inputs, items and relatives are stored from the proposal, never
from a result; the engine fingerprint is kept with the version.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from app.models.assessment_work import (
    ChangeNotice,
    ProposalDetail,
    ProposalSummary,
    ReturnInputs,
    VersionRecord,
)
from app.services import errors, returns
from app.services.db import Database


class ProposalConflict(errors.ServiceError):
    """Someone else changed the assessment first, or a proposal is already waiting: the database's
    own message says who and when. The screen keeps what the clerk typed."""


@dataclass(frozen=True, slots=True)
class Approval:
    assessment_id: int
    version: int
    annual_tax: int
    notice_id: int | None


def _db_message(exc: BaseException) -> tuple[str, str]:
    original = getattr(exc.__cause__, "orig", None) or exc.__cause__
    diag = getattr(original, "diag", None)
    return ((getattr(diag, "message_primary", None) or "").strip(), (getattr(diag, "message_hint", None) or "").strip())


def call_checked(db: Database, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    try:
        return db.call(sql, params)
    except errors.Conflict as exc:
        ja, en = _db_message(exc)
        if ja:
            raise ProposalConflict(ja, en or ja) from exc
        raise


def submit(db: Database, person_id: int, tax_year: int, base_version: int, inputs: ReturnInputs, reason: str,
           result: dict[str, Any]) -> int:
    """Store the return as a proposal; returns its number."""
    rows = call_checked(db, "SELECT api.proposal_submit(:p, :y, :v, CAST(:inputs AS jsonb), :reason,"
                            " CAST(:result AS jsonb)) AS id",
                 {"p": person_id, "y": tax_year, "v": base_version, "inputs": json.dumps(inputs.to_json()),
                  "reason": reason, "result": json.dumps(result)})
    return int(rows[0]["id"])


def queue(db: Database, tax_year: int, purpose: str = "assessment") -> list[ProposalSummary]:
    rows = db.call("SELECT * FROM api.proposal_queue(:y, :purpose)", {"y": tax_year, "purpose": purpose})
    return [ProposalSummary(**r) for r in rows]


def detail(db: Database, proposal_id: int, purpose: str = "assessment") -> ProposalDetail | None:
    rows = db.call("SELECT api.proposal_detail(:id, :purpose) AS d", {"id": proposal_id, "purpose": purpose})
    data = rows[0]["d"]
    return ProposalDetail.from_json(data) if data else None


def recompute(proposal: ProposalDetail) -> dict[str, Any]:
    """The approver's own computation of a proposal, from the inputs the database handed out."""
    a = returns.compute(proposal.tax_year, proposal.person, proposal.inputs, proposal.relatives)
    return returns.result_json(a)


def approve(db: Database, proposal_id: int, comment: str = "", purpose: str = "assessment") -> Approval:
    """Fetch the proposal, recompute it here and ask the database to store it (one transaction there)."""
    proposal = detail(db, proposal_id, purpose)
    if proposal is None:
        raise errors.Refused("指定の提案はありません。", "No such proposal.")
    return approve_with(db, proposal_id, recompute(proposal), comment)


def approve_with(db: Database, proposal_id: int, result: dict[str, Any], comment: str = "") -> Approval:
    rows = call_checked(db, "SELECT api.proposal_approve(:id, CAST(:result AS jsonb), :comment) AS r",
                 {"id": proposal_id, "result": json.dumps(result), "comment": comment})
    r = rows[0]["r"]
    return Approval(int(r["assessment_id"]), int(r["version"]), int(r["annual_tax"]),
                    None if r.get("notice_id") is None else int(r["notice_id"]))


def return_to_proposer(db: Database, proposal_id: int, comment: str) -> None:
    call_checked(db, "SELECT api.proposal_return(:id, :comment)", {"id": proposal_id, "comment": comment})


def versions(db: Database, person_id: int, tax_year: int, purpose: str = "assessment") -> list[VersionRecord]:
    rows = db.call("SELECT api.assessment_versions(:p, :y, :purpose) AS v",
                   {"p": person_id, "y": tax_year, "purpose": purpose})
    return [VersionRecord.from_json(v) for v in rows[0]["v"] or ()]


def change_notice(db: Database, notice_id: int, purpose: str = "assessment") -> ChangeNotice | None:
    rows = db.call("SELECT api.change_notice(:id, :purpose) AS n", {"id": notice_id, "purpose": purpose})
    data = rows[0]["n"]
    return ChangeNotice.from_json(data) if data else None



DEMO_REASON = "社会保険料（国民年金保険料）の控除証明書の追加提出"


def demo_examples(admin_url: str, assessor: Database, approver: Database, tax_year: int,
                  persons: list[int] | None = None) -> dict[str, int]:
    """Assessment work for the demo to show: one correction approved (a version with its diff), one
    waiting in the approver's queue, one 減免 application waiting. Done once (nothing when any
    proposal exists). The persons are chosen with the demo's admin connection; everything else
    goes through the api as the demo clerk and approver."""
    from app.db.connect import transaction
    from app.services import reductions

    with transaction(admin_url) as cur:
        cur.execute("SELECT EXISTS (SELECT 1 FROM ledger.proposal WHERE reason = %s)", (DEMO_REASON,))
        if cur.fetchone()[0]:
            return {}
        if persons is None:
            # Persons whose relatives' incomes are declared on the return: an income taken from a
            # relative's assessment that the demo clerk's own batch run last changed is refused on approval.
            cur.execute("SELECT a.person_id FROM ledger.assessment AS a WHERE a.tax_year = %s"
                        " AND a.status = 'assessed' AND a.filing_kind = 'salary_report' AND a.non_taxable = 'none'"
                        " AND a.salary_revenue > 3000000 AND NOT EXISTS (SELECT 1 FROM ledger.dependant AS d"
                        " WHERE d.assessment_id = a.assessment_id AND d.total_income IS NULL)"
                        " ORDER BY a.person_id LIMIT 3", (tax_year,))
            persons = [int(r[0]) for r in cur.fetchall()]
    if len(persons) < 3:
        return {}
    done: dict[str, int] = {}
    for n, person_id in enumerate(persons[:2]):
        ctx = returns.load(assessor, person_id, tax_year, "assessment")
        if ctx is None or ctx.inputs is None:
            return done
        changed = ReturnInputs.from_json({**ctx.inputs.to_json(),
                                          "items": {**ctx.inputs.to_json()["items"],
                                                    "139": ctx.inputs.item(139) + 120_000}})
        result = returns.result_json(returns.compute(tax_year, ctx.person, changed, dict(ctx.relatives)))
        proposal = submit(assessor, person_id, tax_year, ctx.version, changed, DEMO_REASON, result)
        if n == 0:
            approve(approver, proposal, "控除証明書を確認")
            done["approved_proposal"] = proposal
        else:
            done["waiting_proposal"] = proposal
    ctx = returns.load(assessor, persons[2], tax_year, "reduction")
    if ctx is not None:
        from datetime import date

        done["waiting_reduction"] = reductions.submit(assessor, reductions.Application(
            persons[2], tax_year, ctx.version, "disaster", "disaster_certificate", "R7-0001",
            min(date.today(), date(tax_year, 8, 20)), "income_levy", 50, None, "大雨による住家の床上浸水"))
    return done
