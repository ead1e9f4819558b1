"""PC/SC side of the card administration test, run as a subprocess (the PC/SC client library reads
PCSCLITE_CSOCK_NAME once per process). An administrator's terminal with two readers: the
administrator logs in with the card in one, issues the card in the other to a staff member, a
security officer approves it, and that staff member then logs in with it. Prints one JSON line;
passwords stay in this process.

    k5_pcsc_admin_client.py BOOTSTRAP_URL ADMIN_CODE ADMIN_PIN TARGET_CODE TARGET_PIN APPROVER_URL
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.card.piv import DEFAULT_MANAGEMENT_KEY, PivSession
from app.card.transport import list_readers
from app.i18n import UserError
from app.services import card_admin, card_login, inquiry
from app.services.card_access import PcscSlot, card_identity
from app.services.db import Database
from app.services.session import StaffSession


def _open(slot: PcscSlot, timeout: float = 10) -> PivSession:
    """The slot's card, waiting while pcscd has not seen the cards yet."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return slot.open()
        except UserError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def main(bootstrap: str, admin_code: str, admin_pin: str, target: str, target_pin: str, approver: str) -> int:
    readers = list_readers()
    own_reader = PcscSlot(readers[0])
    card = _open(own_reader)
    try:
        own_guid = card_identity(card)
        dsn = card_login.login(bootstrap, admin_code, card, admin_pin)
    finally:
        card.transport.close()
    session = StaffSession.open(dsn)
    issuing = PcscSlot(skip_card=own_guid)  # the reader that does not hold the administrator's card
    try:
        new_card = _open(issuing)
        try:
            reader = getattr(new_card.transport, "reader", "")
            issued = card_admin.issue(session.db, target, new_card, target_pin, DEFAULT_MANAGEMENT_KEY)
        finally:
            new_card.transport.close()
        waiting = {r.staff_code: r for r in card_admin.staff_cards(session.db)}[target]
        officer = Database(approver, pool_size=1)
        try:
            card_admin.approve(officer, target, issued.card_guid)
        finally:
            officer.dispose()
        rows = {r.staff_code: r for r in card_admin.staff_cards(session.db)}
        # The administrator's own session is still open and still theirs.
        me = inquiry.whoami(session.db).staff_code
    finally:
        session.close()
    new_card = _open(issuing)
    try:
        target_dsn = card_login.login(bootstrap, target, new_card, target_pin)
    finally:
        new_card.transport.close()
    db = Database(target_dsn, pool_size=1)
    try:
        whoami = inquiry.whoami(db).staff_code
    finally:
        db.dispose()
    print(json.dumps({"readers": readers, "own_guid": own_guid, "issuing_reader": reader,
                      "card_guid": issued.card_guid, "pending": waiting.pending_card_guid, "state": rows[target].state,
                      "issued_by": rows[target].issued_by, "admin_after": me, "target_login": whoami}))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:7]))
