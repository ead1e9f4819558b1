"""PC/SC client side of the end-to-end tests, run as a subprocess.

It runs in its own process because the PC/SC client library reads PCSCLITE_CSOCK_NAME (the
private pcscd's socket) once, when it first talks to pcscd: the test process may already have
loaded pyscard against the system socket. Prints JSON lines on stdout.

    card_pcsc_client.py sign READER PIN HEXDIGEST
    card_pcsc_client.py monitor PREFIX      (until stdin closes)
    card_pcsc_client.py login READER BOOTSTRAP_URL STAFF_CODE PIN
        (app.services.card_login.login over PcscTransport, then api.whoami() as the staff role;
         the password stays in this process: only the outcome is printed)
"""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.card import errors
from app.card.monitor import CardEvent, CardMonitor
from app.card.piv import PivSession, Slot
from app.card.transport import PcscTransport, list_readers


def out(**fields: object) -> None:
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


def sign(reader: str, pin: str, digest_hex: str) -> int:
    deadline = time.monotonic() + 10
    while True:
        try:
            transport = PcscTransport(reader)
            break
        except errors.CardCommunicationError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    with transport:
        session = PivSession(transport)
        session.select()
        retries = session.pin_retries()
        try:
            session.verify_pin("000000")
        except errors.WrongPin as wrong:
            wrong_left = wrong.retries_left
        session.verify_pin(pin)
        signature = session.sign(Slot.AUTHENTICATION, bytes.fromhex(digest_hex))
        cert = session.read_certificate(Slot.AUTHENTICATION)
        out(readers=list_readers(), protocol=transport.protocol, retries=retries, wrong_left=wrong_left,
            signature=signature.hex(), cert_subject=cert.subject.rfc4514_string() if cert else "",
            guid=(session.card_guid() or b"").hex(), after=session.pin_retries())
    return 0


def monitor(prefix: str) -> int:
    def report(event: CardEvent) -> None:
        out(kind=event.kind, reader=event.reader, atr=event.atr.hex())

    mon = CardMonitor(report, reader_prefix=prefix, poll_timeout=0.3, retry_interval=0.2).start()
    out(kind="started")
    sys.stdin.read()  # until the test closes our stdin
    began = time.monotonic()
    mon.stop()
    out(kind="stopped", seconds=time.monotonic() - began, alive=mon.running,
        threads=[t.name for t in threading.enumerate()])
    return 0


def _connect(reader: str, timeout: float = 10) -> PcscTransport:
    """PcscTransport to `reader`, waiting while pcscd has not seen the card yet."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return PcscTransport(reader)
        except errors.CardCommunicationError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def login(reader: str, bootstrap_url: str, staff_code: str, pin: str) -> int:
    import psycopg2

    from app.i18n import UserError
    from app.services import card_login

    with _connect(reader) as transport:
        session = PivSession(transport)
        try:
            dsn = card_login.login(bootstrap_url, staff_code, session, pin)
        except UserError as err:
            out(ok=False, ja=err.ja, en=err.en, field=err.field, retries=session.pin_retries())
            return 0
        conn = psycopg2.connect(dsn)
        try:
            with conn, conn.cursor() as cur:
                cur.execute("SELECT session_user, w.staff_code, w.capabilities, w.terminal FROM api.whoami() AS w")
                user, code, capabilities, terminal = cur.fetchone()
        finally:
            conn.close()
        out(ok=True, session_user=user, staff_code=code, capabilities=capabilities, terminal=terminal,
            retries=session.pin_retries(), password_in_dsn="password=" in dsn)
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "sign":
        sys.exit(sign(sys.argv[2], sys.argv[3], sys.argv[4]))
    if sys.argv[1] == "login":
        sys.exit(login(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]))
    sys.exit(monitor(sys.argv[2]))
