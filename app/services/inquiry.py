"""Look-ups through the api. Each look-up is one call and, on the server, one audit row that names
the persons it returned. A search returns its first page with it; further pages come from the
caller's own result list on the server, which records the persons of each page it hands out."""

from __future__ import annotations

from dataclasses import dataclass

from app.models.person import (
    EmployeeRow,
    EmployerSummary,
    HouseholdMember,
    PersonCard,
    PersonSummary,
    Purpose,
    StaffIdentity,
)
from app.services.db import Database
from app.services.errors import PermissionDenied
from app.services.search_query import SearchCriteria

PAGE_SIZE = 200
SEARCH_LIMIT = 100_000


@dataclass(frozen=True, slots=True)
class SearchResult:
    search_id: int
    total: int
    first_page: list[PersonSummary]


def whoami(db: Database) -> StaffIdentity:
    rows = db.call("SELECT * FROM api.whoami()")
    if not rows:
        raise PermissionDenied("職員として登録されていません", "not a registered staff member")
    row = rows[0]
    return StaffIdentity(row["staff_code"], row["display_name"], tuple(row["capabilities"]),
                         row["terminal"], row["server_time"])


def purposes(db: Database) -> list[Purpose]:
    return [Purpose(r["purpose"], r["label_ja"], r["label_en"]) for r in db.call("SELECT * FROM api.purposes()")]


def search_persons(db: Database, criteria: SearchCriteria, purpose: str, *, limit: int = SEARCH_LIMIT,
                   page_size: int = PAGE_SIZE) -> SearchResult:
    """Run a search; its first page comes back in the same call (one round trip)."""
    row = db.call(
        "SELECT * FROM api.person_search(p_purpose => :purpose, p_name => :name, p_birth_date => :birth,"
        " p_person_id => :person_id, p_address => :address, p_my_number => :my_number, p_limit => :limit,"
        " p_page_size => :page_size)",
        {"purpose": purpose, "name": criteria.name, "birth": criteria.birth_date, "person_id": criteria.person_id,
         "address": criteria.address, "my_number": criteria.my_number, "limit": limit, "page_size": page_size})[0]
    return SearchResult(row["search_id"], row["total"], [PersonSummary.from_json(r) for r in row["page"]])


def search_page(db: Database, search_id: int, offset: int, count: int = PAGE_SIZE) -> list[PersonSummary]:
    rows = db.call("SELECT * FROM api.search_page(:id, :offset, :n)", {"id": search_id, "offset": offset, "n": count})
    return [PersonSummary.from_row(r) for r in rows]


def person_card(db: Database, person_id: int, purpose: str) -> PersonCard | None:
    rows = db.call("SELECT api.person_card(:person_id, :purpose) AS card", {"person_id": person_id, "purpose": purpose})
    card = rows[0]["card"]
    return PersonCard.from_json(card) if card else None


def reveal_my_number(db: Database, person_id: int, purpose: str) -> str | None:
    rows = db.call("SELECT api.person_my_number(:person_id, :purpose) AS n",
                   {"person_id": person_id, "purpose": purpose})
    value = rows[0]["n"]
    return str(value) if value is not None else None


def household(db: Database, person_id: int, tax_year: int, purpose: str) -> list[HouseholdMember]:
    rows = db.call("SELECT * FROM api.household_on_levy_date(:person_id, :year, :purpose)",
                   {"person_id": person_id, "year": tax_year, "purpose": purpose})
    return [HouseholdMember(**r) for r in rows]


def search_employers(db: Database, query: str) -> list[EmployerSummary]:
    return [EmployerSummary(**r) for r in db.call("SELECT * FROM api.employer_search(:q)", {"q": query})]


def employer_employees(db: Database, employer_no: str, tax_year: int, purpose: str) -> list[EmployeeRow]:
    rows = db.call("SELECT * FROM api.employer_employees(:no, :year, :purpose)",
                   {"no": employer_no, "year": tax_year, "purpose": purpose})
    return [EmployeeRow(**r) for r in rows]



def session_event(db: Database, kind: str) -> None:
    """Record a terminal control event (lock, unlock, …) in the audit trail."""
    db.call("SELECT api.session_event(:kind) AS event", {"kind": kind})
