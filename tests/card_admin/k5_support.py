"""Support of the card administration tests: an r_admin staff member (K5ADM) logged in with a
software card through the real database, a security officer (AUDITOR, r_security) who approves
issued cards, and staff members (K5…) to act on."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from app.card.piv import PivSession
from app.card.softcard import InProcessTransport, SoftPivCard
from app.db.urls import libpq_dsn
from app.services import card_admin, card_login, staff
from app.services.db import Database
from app.services.session import StaffSession
from tests.support.database import ProvisionedDb

PIN = "24681357"
PUK = "97531864"
ADMIN = "K5ADM"


@dataclass
class AdminTerminal:
    db: ProvisionedDb
    card: SoftPivCard
    session: StaffSession
    folder: Path

    @property
    def bootstrap(self) -> str:
        return libpq_dsn(self.db.admin_url, username="juminzei_login")

    def new_staff(self, code: str, name: str, caps: tuple[str, ...] = ("r_inquiry",)) -> str:
        """A staff member without a card (their password random and known to nobody)."""
        staff.add_staff(self.db.admin_url, code, name, caps, secrets.token_urlsafe(24))
        return code

    def blank_card(self, name: str) -> SoftPivCard:
        """A new card as it comes from the supplier: PIN and PUK set, no keys yet."""
        return SoftPivCard(pin=PIN, puk=PUK, state_path=self.folder / f"{name}.json")

    def login(self, code: str, card: SoftPivCard, pin: str = PIN) -> str:
        card.power_off()
        return card_login.login(self.bootstrap, code, PivSession(InProcessTransport(card)), pin)

    def approve(self, code: str, card_guid: str, officer: str = "AUDITOR") -> int:
        """A security officer (not the issuer, not the holder) approves the issued card."""
        db = Database(self.db.staff_url(officer), pool_size=1)
        try:
            return card_admin.approve(db, code, card_guid)
        finally:
            db.dispose()

    def audit(self, action: str, detail_like: str = "%") -> list[tuple[str, str, str]]:
        with self.db.admin() as cur:
            cur.execute("SELECT staff, result, detail FROM audit.event WHERE action = %s AND detail LIKE %s"
                        " ORDER BY event_id", (action, detail_like))
            return [(r[0], r[1], r[2]) for r in cur.fetchall()]
