"""A logged-in staff member's connection: the Database plus who the server says they are."""

from __future__ import annotations

from dataclasses import dataclass

from app.models.person import Purpose, StaffIdentity
from app.services import inquiry
from app.services.db import ConnectionSettings, Database


@dataclass
class StaffSession:
    db: Database
    identity: StaffIdentity
    purposes: list[Purpose]

    @classmethod
    def open(cls, settings: ConnectionSettings | str) -> StaffSession:
        """Connect and ask the server who we are (runs on a worker thread)."""
        db = Database(settings)
        try:
            return cls(db, inquiry.whoami(db), inquiry.purposes(db))
        except Exception:
            db.dispose()
            raise

    def close(self) -> None:
        self.db.dispose()


# Work areas of the main window and the capabilities that open them.
AREAS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("inquiry", ("r_inquiry",)),
    ("employer", ("r_inquiry",)),
    ("assessment", ("r_assessor", "r_approver")),
    ("collection", ("r_collection",)),
    ("certificate", ("r_certificate",)),
    ("admin", ("r_admin",)),
    ("audit", ("r_security",)),
)


def allowed_areas(identity: StaffIdentity) -> list[str]:
    return [area for area, caps in AREAS if any(identity.can(c) for c in caps)]
