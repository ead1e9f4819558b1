"""The security officer's view of the audit trail, through the api (r_security)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from app.services.db import Database


@dataclass(frozen=True, slots=True)
class ChainReport:
    ok: bool
    checked: int
    first_bad_event: int | None
    reason: str | None


@dataclass(frozen=True, slots=True)
class AuditEvent:
    event_id: int
    at: datetime
    staff: str
    terminal: str
    action: str
    person_id: int | None
    tax_year: int | None
    purpose: str | None
    result: str
    detail: str


def verify(db: Database) -> ChainReport:
    row = db.call("SELECT * FROM api.audit_verify()")[0]
    return ChainReport(row["ok"], row["checked"], row["first_bad_event"], row["reason"])


def recent_events(db: Database, *, days: int = 7, staff: str | None = None, person_id: int | None = None,
                  limit: int = 1000) -> list[AuditEvent]:
    until = datetime.now().astimezone() + timedelta(minutes=1)
    rows = db.call("SELECT * FROM api.audit_events(:since, :until, :staff, :person_id, :limit)",
                   {"since": until - timedelta(days=days), "until": until, "staff": staff,
                    "person_id": person_id, "limit": limit})
    return [AuditEvent(**r) for r in rows]
