"""End to end through the REAL PC/SC stack: enrol a software PIV card with `juminzei card enrol`
and log in with it, all over pcscd + vpcd, against the test PostgreSQL cluster.

The card (SoftPivCard) runs in this process, attached to a private pcscd's vpcd reader (its own
network namespace, see card_pcsc_env). Everything that speaks PC/SC runs in subprocesses with
PCSCLITE_CSOCK_NAME pointing at that pcscd: the CLI (`python -m app card …`) and the login client
(card_pcsc_client.py login). The PC/SC socket and PostgreSQL's socket are unix sockets, i.e. file
paths, so the subprocesses need no namespace of their own to reach either.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from card_pcsc_env import CardStack, card_stack, unavailable_reason

from app.card.piv import Slot
from app.card.softcard import SoftPivCard
from app.db.urls import libpq_dsn
from app.services.credential_wrap import public_point
from tests.support.database import ProvisionedDb

pytestmark = [pytest.mark.slow, pytest.mark.db]

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CLIENT = HERE / "card_pcsc_client.py"
PIN = "31415926"
PUK = "27182818"
CODE = "PCSC1"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CardStack]:
    reason = unavailable_reason()
    if reason:
        pytest.skip(reason)
    state = tmp_path_factory.mktemp("softcard-login") / "card.json"
    card = SoftPivCard(pin=PIN, puk=PUK, state_path=state)
    card.provision("PC/SC Login Test")
    with card_stack(card) as running:
        yield running
    assert running.daemon.proc is None and not running.connection.connected.is_set()


def _env(stack: CardStack) -> dict[str, str]:
    env = {k: v for k, v in stack.env().items() if k != "JUMINZEI_URL"}
    env["JUMINZEI_LANG"] = "en"
    return env


def cli(stack: CardStack, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", "card", *args], cwd=ROOT, env=_env(stack),
                          capture_output=True, text=True, timeout=timeout, check=False)


def login(stack: CardStack, db: ProvisionedDb, pin: str) -> dict[str, Any]:
    bootstrap = libpq_dsn(db.admin_url, username="juminzei_login")
    proc = subprocess.run([sys.executable, str(CLIENT), "login", stack.reader, bootstrap, CODE, pin],
                          env=_env(stack), capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _secret(path: Path, value: str) -> str:
    path.write_text(value + "\n")
    path.chmod(0o600)
    return str(path)


def _audit(db: ProvisionedDb, action: str) -> list[tuple[str, str]]:
    with db.admin() as cur:
        cur.execute("SELECT result, detail FROM audit.event WHERE action = %s AND detail LIKE %s ORDER BY event_id",
                    (action, f"staff={CODE} %"))
        return [(r[0], r[1]) for r in cur.fetchall()]


@pytest.mark.timeout(180)
def test_enrol_via_cli_and_login_through_pcscd(stack: CardStack, fresh_db: ProvisionedDb, tmp_path: Path) -> None:
    card = stack.card
    key = card.public_key(Slot.KEY_MANAGEMENT)
    assert key is not None
    old_key = public_point(key)

    # status through pcscd: reader, GUID, tries left (an empty VERIFY spends none).
    status = cli(stack, "status", "--reader", stack.reader)
    assert status.returncode == 0, status.stderr
    shown = json.loads(status.stdout)
    assert shown["reader"] == stack.reader and shown["card_guid"] == card.guid.hex()
    assert shown["pin_tries_left"] == 3 and card.pin_retries_left == 3

    # An unknown reader name: exit 2 with both languages, nothing changed.
    wrong = cli(stack, "status", "--reader", "No Such Reader")
    assert wrong.returncode == 2 and "No Such Reader" in wrong.stderr and " / " in wrong.stderr

    # Enrol through pcscd with the CLI (secrets from files).
    pin_file = _secret(tmp_path / "pin", PIN)
    enrol = cli(stack, "enrol", CODE, "--name", "PC/SC 試験", "--roles", "r_inquiry",
                "--url", fresh_db.admin_url, "--reader", stack.reader, "--pin-file", pin_file)
    assert enrol.returncode == 0, enrol.stderr
    issued = json.loads(enrol.stdout)
    assert issued == {"code": CODE, "role": "s_pcsc1", "roles": ["r_inquiry"], "reader": stack.reader,
                      "card_guid": card.guid.hex()}
    assert PIN not in enrol.stdout + enrol.stderr
    key = card.public_key(Slot.KEY_MANAGEMENT)
    assert key is not None
    new_key = public_point(key)
    assert new_key != old_key  # generated on the card during enrolment
    with fresh_db.admin() as cur:
        cur.execute("SELECT card_guid, public_key FROM auth.card WHERE staff_code = %s AND revoked_at IS NULL",
                    (CODE,))
        guid, registered = cur.fetchone()
    assert guid == card.guid.hex() and bytes(registered) == new_key
    assert [r[0] for r in _audit(fresh_db, "card.issue")] == ["ok"]

    # A wrong PIN through pcscd: the card counts down and the message says so.
    refused = login(stack, fresh_db, "00000000")
    assert refused["ok"] is False and refused["field"] == "pin"
    assert "残り2回" in refused["ja"] and "2 tries left" in refused["en"]
    assert refused["retries"] == 2 and card.pin_retries_left == 2

    # The right PIN: ECDH on the card over PC/SC, unwrap, and the session runs as the staff role.
    ok = login(stack, fresh_db, PIN)
    assert ok["ok"] is True, ok
    assert ok["session_user"] == "s_pcsc1" and ok["staff_code"] == CODE
    assert ok["capabilities"] == ["r_inquiry"] and ok["terminal"] == "local-socket"
    assert ok["retries"] is None  # verified in that session
    assert card.pin_retries_left == 3


@pytest.mark.timeout(180)
def test_blocked_pin_unblocked_with_puk_via_cli(stack: CardStack, fresh_db: ProvisionedDb, tmp_path: Path) -> None:
    card = stack.card
    enrol = cli(stack, "enrol", CODE, "--name", "PC/SC 試験", "--roles", "r_inquiry,r_mynumber",
                "--url", fresh_db.admin_url, "--reader", stack.reader, "--pin-file", _secret(tmp_path / "pin", PIN))
    assert enrol.returncode == 0, enrol.stderr
    for left in (2, 1):
        assert login(stack, fresh_db, "00000000")["retries"] == left
    blocked = login(stack, fresh_db, "00000000")
    assert blocked["ok"] is False and "blocked" in blocked["en"] and blocked["retries"] == 0
    assert login(stack, fresh_db, PIN)["ok"] is False  # blocked means blocked

    status = cli(stack, "status")
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["pin_blocked"] is True

    new_pin = "86420975"
    bad = cli(stack, "unblock", "--reader", stack.reader, "--puk-file", _secret(tmp_path / "badpuk", "11111111"),
              "--new-pin-file", _secret(tmp_path / "newpin", new_pin), "--url", fresh_db.admin_url)
    assert bad.returncode == 2 and "Wrong PUK: 2 tries left" in bad.stderr and "PUKが違います" in bad.stderr
    assert card.puk_retries_left == 2
    unblock = cli(stack, "unblock", "--reader", stack.reader, "--puk-file", _secret(tmp_path / "puk", PUK),
                  "--new-pin-file", str(tmp_path / "newpin"), "--url", fresh_db.admin_url, "--staff", CODE)
    assert unblock.returncode == 0, unblock.stderr
    assert json.loads(unblock.stdout)["pin_tries_left"] == 3
    assert card.puk_retries_left == 3 and card.pin_retries_left == 3
    assert [r[0] for r in _audit(fresh_db, "card.unblock")] == ["denied", "ok"]

    ok = login(stack, fresh_db, new_pin)
    assert ok["ok"] is True and ok["staff_code"] == CODE
    assert ok["capabilities"] == ["r_inquiry", "r_mynumber"]


@pytest.mark.timeout(120)
def test_pulled_card_exits_2(stack: CardStack, fresh_db: ProvisionedDb, tmp_path: Path) -> None:
    connection = stack.connection
    connection.remove()
    try:
        deadline = time.monotonic() + 20
        while True:  # pcscd notices the removal on its next poll
            status = cli(stack, "status", "--reader", stack.reader)
            if status.returncode == 2 or time.monotonic() > deadline:
                break
            time.sleep(0.3)
        assert status.returncode == 2, status.stdout
        assert "No card inserted" in status.stderr and "カードが挿入されていません" in status.stderr
        before = fresh_db.audit_count()
        enrol = cli(stack, "enrol", "PCSC2", "--name", "抜去 試験", "--roles", "r_inquiry",
                    "--url", fresh_db.admin_url, "--pin-file", _secret(tmp_path / "pin", PIN))
        assert enrol.returncode == 2 and "No card inserted" in enrol.stderr
        assert fresh_db.audit_count() == before
        with fresh_db.admin() as cur:
            cur.execute("SELECT count(*) FROM auth.staff WHERE staff_code = 'PCSC2'")
            assert cur.fetchone()[0] == 0
    finally:
        connection.insert()
        assert connection.connected.wait(10)
