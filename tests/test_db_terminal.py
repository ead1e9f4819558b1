"""Terminal certificates: over TCP the database learns the terminal from the TLS client certificate
and refuses unregistered or revoked terminals, whatever the staff role."""

from __future__ import annotations

import psycopg2
import psycopg2.errors
import pytest

from app.services import terminals
from tests.support.database import STAFF_PASSWORD, ProvisionedDb

pytestmark = pytest.mark.db


def _connect(db: ProvisionedDb, cn: str) -> psycopg2.extensions.connection:
    cert, key = db.cluster.client_cert(cn)
    return psycopg2.connect(db.cluster.tcp_dsn("s_clerk", STAFF_PASSWORD, db.name, cert=cert, key=key))


def test_registered_terminal_is_recorded_in_the_audit_row(test_db: ProvisionedDb) -> None:
    terminals.register(test_db.admin_url, "T-HON-001", "本庁 市民税課 1番窓口")
    conn = _connect(test_db, "T-HON-001")
    with conn, conn.cursor() as cur:
        cur.execute("SELECT terminal FROM api.whoami()")
        assert cur.fetchone() == ("T-HON-001",)
        cur.execute("SELECT api.person_card(1000000003, 'counter_inquiry') ->> 'person_id'")
        assert cur.fetchone() == ("1000000003",)
    conn.close()
    with test_db.admin() as cur:
        cur.execute("SELECT staff, terminal, client_addr::text FROM audit.event ORDER BY event_id DESC LIMIT 1")
        assert cur.fetchone() == ("s_clerk", "T-HON-001", "127.0.0.1/32")


def test_unregistered_terminal_is_refused_by_the_api(test_db: ProvisionedDb) -> None:
    conn = _connect(test_db, "T-UNK-999")
    with conn.cursor() as cur, pytest.raises(psycopg2.errors.InsufficientPrivilege, match="T-UNK-999"):
        cur.execute("SELECT api.person_card(1000000001, 'counter_inquiry')")
    conn.close()


def test_revoked_terminal_is_refused_at_once(test_db: ProvisionedDb) -> None:
    terminals.register(test_db.admin_url, "T-OHA-002")
    conn = _connect(test_db, "T-OHA-002")
    with conn.cursor() as cur:
        cur.execute("SELECT api.person_card(1000000001, 'counter_inquiry')")
        conn.commit()
        terminals.revoke(test_db.admin_url, "T-OHA-002")
        # Same connection, next call: the register is read on every call.
        with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="失効"):
            cur.execute("SELECT api.person_card(1000000001, 'counter_inquiry')")
    conn.close()


def test_staff_without_certificate_or_tls_cannot_connect(test_db: ProvisionedDb) -> None:
    cluster = test_db.cluster
    with pytest.raises(psycopg2.OperationalError):
        psycopg2.connect(cluster.tcp_dsn("s_clerk", STAFF_PASSWORD, test_db.name, sslmode="disable"))
    with pytest.raises(psycopg2.OperationalError):
        psycopg2.connect(cluster.tcp_dsn("s_clerk", STAFF_PASSWORD, test_db.name))
    cert, key = cluster.foreign_client_cert("T-HON-001")
    with pytest.raises(psycopg2.OperationalError):
        psycopg2.connect(cluster.tcp_dsn("s_clerk", STAFF_PASSWORD, test_db.name, cert=cert, key=key))


def test_terminal_cli_rejects_a_bad_id(test_db: ProvisionedDb) -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "app", "terminal", "register", "bad id!", "--url",
                             test_db.admin_url], capture_output=True, text=True, check=False)
    assert result.returncode == 2 and result.stdout == ""
    assert "端末ID" in result.stderr and "terminal id" in result.stderr.lower()
