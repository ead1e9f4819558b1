"""Certificates at the counter through the api: look-up, request checks, issue, void, reprint,
the PDF and print outcome in the ledger, the daily report and verification.

The database decides everything that matters (who may ask, whether there is an assessment, the
number and the QR's MAC, the fee); this module only carries requests and results. `issue_and_print`
is the counter's whole "issue" click: issue → render → record the PDF's hash → hand exactly those
bytes to the printer → record the outcome.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from app.models.certificate import (
    PRINT_OUTCOMES,
    CertificateOptions,
    CertificateRequest,
    CounterPerson,
    CounterTotals,
    IssuedCertificate,
    LedgerRow,
    PendingCheck,
    Verification,
)
from app.services import certificate_pdf, printing
from app.services.db import Database


def options(db: Database) -> CertificateOptions:
    return CertificateOptions.from_json(db.call("SELECT api.certificate_options() AS o")[0]["o"])


def set_policy(db: Database, fee_per_copy: int, max_copies: int, check_proxy: bool, check_exemption: bool) -> None:
    """Administrators (r_admin) set the counter fee and the second-check policy."""
    db.call("SELECT api.certificate_set_policy(:fee, :max, :proxy, :exemption)",
            {"fee": fee_per_copy, "max": max_copies, "proxy": check_proxy, "exemption": check_exemption})


def find_person(db: Database, query: str, birth_date: date | None = None) -> list[CounterPerson]:
    rows = db.call("SELECT * FROM api.certificate_find_person(:q, :birth)", {"q": query, "birth": birth_date})
    return [CounterPerson.from_row(r) for r in rows]


def request_check(db: Database, request: CertificateRequest) -> int:
    rows = db.call("SELECT api.certificate_request_check(CAST(:r AS jsonb)) AS id",
                   {"r": json.dumps(request.as_json())})
    return int(rows[0]["id"])


def pending_checks(db: Database) -> list[PendingCheck]:
    return [PendingCheck.from_row(r) for r in db.call("SELECT * FROM api.certificate_pending_checks()")]


def approve_check(db: Database, check_id: int) -> None:
    db.call("SELECT api.certificate_approve_check(:id)", {"id": check_id})


def issue(db: Database, request: CertificateRequest, check_id: int | None = None) -> IssuedCertificate:
    rows = db.call("SELECT api.certificate_issue(CAST(:r AS jsonb), :check) AS c",
                   {"r": json.dumps(request.as_json()), "check": check_id})
    return IssuedCertificate.from_json(rows[0]["c"])


def void(db: Database, certificate_id: int, reason: str) -> None:
    db.call("SELECT api.certificate_void(:id, :reason)", {"id": certificate_id, "reason": reason})


def reprint(db: Database, certificate_id: int, reason: str, check_id: int | None = None) -> IssuedCertificate:
    """Reprint under a new number. Refused when the database would now certify something else, or
    (policy) without a new second check asked for by this staff member."""
    rows = db.call("SELECT api.certificate_reprint(:id, :reason, :check) AS c",
                   {"id": certificate_id, "reason": reason, "check": check_id})
    return IssuedCertificate.from_json(rows[0]["c"])


def record_pdf(db: Database, certificate_id: int, pdf: bytes, pages: int) -> str:
    """Archive exactly these bytes with the certificate; the server computes the hash it records
    (returned in hex, and checked against our own)."""
    rows = db.call("SELECT api.certificate_record_pdf(:id, :pdf, :pages) AS sha",
                   {"id": certificate_id, "pdf": pdf, "pages": pages})
    recorded = bytes(rows[0]["sha"]).hex()
    if recorded != hashlib.sha256(pdf).hexdigest():  # pragma: no cover - transport corruption
        raise AssertionError("the server recorded another hash than the PDF's")
    return recorded


def record_print(db: Database, certificate_id: int, outcome: str, printer: str, detail: str = "") -> None:
    if outcome not in PRINT_OUTCOMES:
        raise ValueError(outcome)
    db.call("SELECT api.certificate_record_print(:id, :outcome, :printer, :detail)",
            {"id": certificate_id, "outcome": outcome, "printer": printer, "detail": detail[:200]})


def ledger(db: Database, day: date, terminal: str | None = None) -> list[LedgerRow]:
    rows = db.call("SELECT * FROM api.certificate_ledger(:day, :terminal)", {"day": day, "terminal": terminal})
    return [LedgerRow.from_row(r) for r in rows]


def daily_report(db: Database, day: date) -> list[CounterTotals]:
    return [CounterTotals.from_row(r) for r in db.call("SELECT * FROM api.certificate_daily_report(:day)",
                                                       {"day": day})]


def verify(db: Database, qr_content: str) -> Verification:
    return Verification.from_json(db.call("SELECT api.certificate_verify(:qr) AS v", {"qr": qr_content})[0]["v"])


@dataclass(frozen=True, slots=True)
class Rendered:
    certificate: IssuedCertificate
    pdf: bytes
    sha256: str


def render_and_record(db: Database, certificate: IssuedCertificate) -> Rendered:
    """Render the certificate and enter its PDF's hash in the ledger before anything is printed."""
    pdf = certificate_pdf.render_certificate(certificate)
    sha = record_pdf(db, certificate.certificate_id, pdf, certificate_pdf.page_count(pdf))
    return Rendered(certificate, pdf, sha)


@dataclass(frozen=True, slots=True)
class PrintResult:
    rendered: Rendered
    outcome: str  # printed / failed
    job: str
    message: str


def print_recorded(db: Database, rendered: Rendered, printer: str, *,
                   submit: Callable[[bytes, str, str, int], str] | None = None) -> PrintResult:
    """Hand the recorded PDF to the printer, as many copies as were issued, and record how it
    went. A failure is recorded, never retried silently: the clerk decides on a reprint (new
    number, old one voided)."""
    send = submit or (lambda pdf, queue, title, copies: printing.print_pdf(pdf, queue, title=title, copies=copies))
    if hashlib.sha256(rendered.pdf).hexdigest() != rendered.sha256:  # pragma: no cover - a defect
        raise AssertionError("the PDF changed after its hash was recorded")
    try:
        job = send(rendered.pdf, printer, f"certificate {rendered.certificate.certificate_no}",
                   rendered.certificate.copies)
    except printing.PrintError as exc:
        record_print(db, rendered.certificate.certificate_id, "failed", printer, exc.en)
        return PrintResult(rendered, "failed", "", exc.message())
    record_print(db, rendered.certificate.certificate_id, "printed", printer, job)
    return PrintResult(rendered, "printed", job, "")


def issue_and_print(db: Database, request: CertificateRequest, printer: str, *, check_id: int | None = None,
                    submit: Callable[[bytes, str, str, int], str] | None = None) -> PrintResult:
    """The counter's "issue" click: issue, render, record the hash, print, record the outcome."""
    rendered = render_and_record(db, issue(db, request, check_id))
    return print_recorded(db, rendered, printer, submit=submit)


def preview(db: Database, request: CertificateRequest) -> IssuedCertificate:
    """The certificate as it would be issued (number 0000-000000), for the preview; nothing issued."""
    rows = db.call("SELECT api.certificate_preview(CAST(:r AS jsonb)) AS c", {"r": json.dumps(request.as_json())})
    return IssuedCertificate.from_json(rows[0]["c"])
