"""Fixtures of the card administration tests (see k5_support)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from k5_support import ADMIN, PIN, PUK, AdminTerminal

from app.card.piv import DEFAULT_MANAGEMENT_KEY, PivSession
from app.card.softcard import InProcessTransport, SoftPivCard
from app.db.urls import libpq_dsn
from app.services import card_login, enrolment
from app.services.session import StaffSession
from tests.support.database import ProvisionedDb


@pytest.fixture(scope="module")
def admin(test_db: ProvisionedDb, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AdminTerminal]:
    folder = tmp_path_factory.mktemp("k5cards")
    card = SoftPivCard(pin=PIN, puk=PUK, state_path=folder / "admin.json")
    card.provision(holder="管理 K5")
    enrolment.enrol(test_db.admin_url, ADMIN, "管理 五郎", ["r_admin", "r_inquiry"],
                    PivSession(InProcessTransport(card)), DEFAULT_MANAGEMENT_KEY, PIN)
    card.power_off()
    dsn = card_login.login(libpq_dsn(test_db.admin_url, username="juminzei_login"), ADMIN,
                           PivSession(InProcessTransport(card)), PIN)
    session = StaffSession.open(dsn)
    try:
        yield AdminTerminal(test_db, card, session, folder)
    finally:
        session.close()
