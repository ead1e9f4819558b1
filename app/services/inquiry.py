"""Look-ups through the api: who am I, find persons, read one person. Each call is one unit of work
and, on the server, one audit row."""

from __future__ import annotations

from app.models.person import PersonSummary, Purpose, StaffIdentity
from app.services.db import Database
from app.services.search_query import SearchCriteria


def whoami(db: Database) -> StaffIdentity:
    rows = db.call("SELECT * FROM api.whoami()")
    if not rows:
        from app.services.errors import PermissionDenied

        raise PermissionDenied("職員として登録されていません", "not a registered staff member")
    row = rows[0]
    return StaffIdentity(row["staff_code"], row["display_name"], tuple(row["capabilities"]),
                         row["terminal"], row["server_time"])


def purposes(db: Database) -> list[Purpose]:
    return [Purpose(r["purpose"], r["label_ja"], r["label_en"]) for r in db.call("SELECT * FROM api.purposes()")]


def search_persons(db: Database, criteria: SearchCriteria, purpose: str, limit: int = 200) -> list[PersonSummary]:
    rows = db.call(
        "SELECT * FROM api.person_search(p_purpose => :purpose, p_name => :name, p_birth_date => :birth,"
        " p_person_id => :person_id, p_address => :address, p_my_number => :my_number, p_limit => :limit)",
        {"purpose": purpose, "name": criteria.name, "birth": criteria.birth_date,
         "person_id": criteria.person_id, "address": criteria.address, "my_number": criteria.my_number,
         "limit": limit},
    )
    return [PersonSummary.from_row(r) for r in rows]


def get_person(db: Database, person_id: int, purpose: str) -> PersonSummary | None:
    rows = db.call("SELECT * FROM api.person_get(:person_id, :purpose)",
                   {"person_id": person_id, "purpose": purpose})
    return PersonSummary.from_row(rows[0]) if rows else None


def reveal_my_number(db: Database, person_id: int, purpose: str) -> str | None:
    rows = db.call("SELECT api.person_my_number(:person_id, :purpose) AS n",
                   {"person_id": person_id, "purpose": purpose})
    value = rows[0]["n"]
    return str(value) if value is not None else None
