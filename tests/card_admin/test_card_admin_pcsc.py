"""Card issue through the REAL PC/SC stack (private pcscd + vpcd, two readers): the administrator's
card in the first reader, the new card in the second; the administrator logs in, issues the card
in the other reader from their own session (PcscSlot skips the reader with their own card), a
security officer approves it, and the staff member logs in with the new card."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "card"))

from card_pcsc_env import CardStack, card_stack, netns_connector, unavailable_reason
from k5_support import PIN, PUK

from app.card.piv import DEFAULT_MANAGEMENT_KEY, PivSession
from app.card.softcard import InProcessTransport, SoftPivCard, VpcdConnection
from app.db.urls import libpq_dsn
from app.services import enrolment, staff
from tests.support.database import ProvisionedDb

pytestmark = [pytest.mark.slow, pytest.mark.db]
CLIENT = Path(__file__).resolve().parent / "k5_pcsc_admin_client.py"


@pytest.fixture
def two_readers(tmp_path: Path, fresh_db: ProvisionedDb) -> Iterator[tuple[CardStack, SoftPivCard]]:
    reason = unavailable_reason()
    if reason:
        pytest.skip(reason)
    admin_card = SoftPivCard(pin=PIN, puk=PUK, state_path=tmp_path / "admin.json")
    admin_card.provision(holder="管理 PC/SC")
    enrolment.enrol(fresh_db.admin_url, "K5PADM", "管理 PC/SC", ["r_admin"],
                    PivSession(InProcessTransport(admin_card)), DEFAULT_MANAGEMENT_KEY, PIN)
    admin_card.power_off()
    new_card = SoftPivCard(pin="11223344", puk=PUK, state_path=tmp_path / "new.json")
    with card_stack(admin_card) as stack:
        port = stack.daemon.port + 1
        second = VpcdConnection(new_card, port=port, retry_interval=0.1,
                                socket_factory=netns_connector(stack.daemon.netns, "127.0.0.1", port))
        second.start()
        try:
            assert second.connected.wait(10), "the second card never reached vpcd"
            yield stack, new_card
        finally:
            second.stop()


@pytest.mark.timeout(120)
def test_issue_in_the_second_reader_keeps_the_admin_session(two_readers: tuple[CardStack, SoftPivCard],
                                                            fresh_db: ProvisionedDb) -> None:
    stack, new_card = two_readers
    staff.add_staff(fresh_db.admin_url, "K5PNEW", "新人 PC/SC", ["r_inquiry"], staff.generate_password())
    bootstrap = libpq_dsn(fresh_db.admin_url, username="juminzei_login")
    proc = subprocess.run([sys.executable, str(CLIENT), bootstrap, "K5PADM", PIN, "K5PNEW", "11223344",
                           fresh_db.staff_url("AUDITOR")],
                          env=stack.env(), capture_output=True, text=True, timeout=90, check=False)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["readers"] == stack.daemon.reader_names
    assert result["issuing_reader"] == stack.daemon.reader_names[1]  # the first holds the admin's card
    assert result["own_guid"] == stack.card.guid.hex() and result["card_guid"] == new_card.guid.hex()
    assert result["pending"] == new_card.guid.hex()  # issued, waiting for the approval
    assert (result["state"], result["issued_by"], result["admin_after"], result["target_login"]) == \
        ("active", "K5PADM", "K5PADM", "K5PNEW")
    assert "11223344" not in proc.stdout + proc.stderr
    with fresh_db.admin() as cur:
        cur.execute("SELECT staff, result FROM audit.event WHERE action = 'card.issue'"
                    " AND detail LIKE 'staff=K5PNEW %'")
        assert cur.fetchall() == [("s_k5padm", "ok")]
