"""A real PostgreSQL 15 with TLS: only terminals with a city certificate and a password get in."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import psycopg2
import pytest

from tests.support.pgcluster import DEFAULT_HBA, PgCluster

pytestmark = pytest.mark.db

PROBE_ROLE = "tls_probe"
PROBE_PASSWORD = "probe 'pass' \\ word"  # quotes and a backslash: checks the DSN quoting too
TERMINAL = "T-HON-001"


# Session-scoped here for now; a shared fixture will move to tests/conftest.py.
@pytest.fixture(scope="session")
def tls_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PgCluster]:
    cluster = PgCluster(tmp_path_factory.mktemp("tlspg"))
    try:
        cluster.start()
        with contextlib.closing(psycopg2.connect(cluster.superuser_dsn())) as conn:
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute(f"CREATE ROLE {PROBE_ROLE} LOGIN PASSWORD %s", (PROBE_PASSWORD,))
        yield cluster
    finally:
        cluster.stop()


def _query_one(dsn: str, sql: str) -> object:
    with contextlib.closing(psycopg2.connect(dsn)) as conn, conn.cursor() as cur:
        cur.execute(sql)
        row = cur.fetchone()
        assert row is not None
        return row[0]


def _refused(dsn: str) -> str:
    with pytest.raises(psycopg2.OperationalError) as info:
        psycopg2.connect(dsn).close()
    return str(info.value)


def test_cluster_files_and_superuser_socket(tls_cluster: PgCluster) -> None:
    assert len(str(tls_cluster.socket_dir / f".s.PGSQL.{tls_cluster.port}").encode()) < 108
    assert _query_one(tls_cluster.superuser_dsn(), "SHOW ssl") == "on"
    assert _query_one(tls_cluster.superuser_dsn(), "SHOW password_encryption") == "scram-sha-256"
    version = _query_one(tls_cluster.superuser_dsn(), "SHOW server_version_num")
    assert isinstance(version, str) and int(version) >= 150000
    for path in (tls_cluster.server_key, tls_cluster.server_cert, tls_cluster.server_ca):
        st = path.stat()
        assert st.st_mode & 0o777 == 0o600
        if os.geteuid() == 0:
            assert st.st_uid != 0  # owned by the server user


def test_no_tls_refused(tls_cluster: PgCluster) -> None:
    cert, key = tls_cluster.client_cert(TERMINAL)
    message = _refused(tls_cluster.tcp_dsn(PROBE_ROLE, PROBE_PASSWORD, "postgres", sslmode="disable",
                                           cert=cert, key=key))
    # The explicit `host … reject` line answers (without it: "no pg_hba.conf entry").
    assert "pg_hba.conf rejects connection" in message
    assert "no encryption" in message


def test_tls_without_client_certificate_refused(tls_cluster: PgCluster) -> None:
    message = _refused(tls_cluster.tcp_dsn(PROBE_ROLE, PROBE_PASSWORD, "postgres"))
    assert "certificate" in message


def test_certificate_from_another_ca_refused(tls_cluster: PgCluster) -> None:
    cert, key = tls_cluster.foreign_client_cert(TERMINAL)
    message = _refused(tls_cluster.tcp_dsn(PROBE_ROLE, PROBE_PASSWORD, "postgres", cert=cert, key=key))
    assert "unknown ca" in message.lower() or "certificate" in message.lower()


def test_right_certificate_wrong_password_refused(tls_cluster: PgCluster) -> None:
    cert, key = tls_cluster.client_cert(TERMINAL)
    message = _refused(tls_cluster.tcp_dsn(PROBE_ROLE, "not-the-password", "postgres", cert=cert, key=key))
    assert "password authentication failed" in message


def test_right_certificate_and_password_accepted(tls_cluster: PgCluster) -> None:
    cert, key = tls_cluster.client_cert(TERMINAL)
    dsn = tls_cluster.tcp_dsn(PROBE_ROLE, PROBE_PASSWORD, "postgres", cert=cert, key=key)
    with contextlib.closing(psycopg2.connect(dsn)) as conn, conn.cursor() as cur:
        cur.execute("SELECT session_user, ssl, version, client_dn FROM pg_stat_ssl "
                    "CROSS JOIN LATERAL (SELECT session_user) s WHERE pid = pg_backend_pid()")
        row = cur.fetchone()
    assert row is not None
    user, ssl, tls_version, client_dn = row
    assert user == PROBE_ROLE
    assert ssl is True
    assert tls_version in ("TLSv1.2", "TLSv1.3")
    assert "CN=T-HON-001" in client_dn
    # The exact query the application uses to learn the terminal.
    dn = _query_one(dsn, "SELECT client_dn FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
    assert isinstance(dn, str) and dn.endswith("CN=T-HON-001")


def test_verify_full_checks_the_server_name(tls_cluster: PgCluster) -> None:
    # The server certificate names localhost/127.0.0.1 only: a client asking for another name fails.
    cert, key = tls_cluster.client_cert(TERMINAL)
    dsn = tls_cluster.tcp_dsn(PROBE_ROLE, PROBE_PASSWORD, "postgres", cert=cert, key=key)
    message = _refused(dsn.replace("host=127.0.0.1", "host=db.example.invalid hostaddr=127.0.0.1"))
    assert "does not match host name" in message or "server certificate" in message


def test_revoked_certificate_refused(tls_cluster: PgCluster) -> None:
    cert, key = tls_cluster.client_cert("T-HON-099")
    dsn = tls_cluster.tcp_dsn(PROBE_ROLE, PROBE_PASSWORD, "postgres", cert=cert, key=key)
    psycopg2.connect(dsn).close()
    tls_cluster.revoke(cert)
    message = _refused(dsn)
    assert "revoked" in message.lower() or "certificate" in message.lower()
    # Other terminals are unaffected.
    good_cert, good_key = tls_cluster.client_cert(TERMINAL)
    psycopg2.connect(tls_cluster.tcp_dsn(PROBE_ROLE, PROBE_PASSWORD, "postgres",
                                         cert=good_cert, key=good_key)).close()


def test_bootstrap_role_by_certificate_through_ident_map(tls_cluster: PgCluster) -> None:
    """The production rule for the bootstrap role: `cert` authentication, terminal CNs mapped to
    the role by pg_ident.conf (see installer/server/)."""
    with contextlib.closing(psycopg2.connect(tls_cluster.superuser_dsn())) as conn:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("CREATE ROLE juminzei_login LOGIN")
    tls_cluster.write_ident([r"terminals /^T-[A-Z0-9]+-[0-9]+$ juminzei_login"])
    tls_cluster.write_hba([
        "local all all trust",
        "hostssl all juminzei_login 127.0.0.1/32 cert map=terminals",
        *DEFAULT_HBA[1:],
    ])
    try:
        tls_cluster.reload()
        cert, key = tls_cluster.client_cert("T-HON-002")
        # No password: the certificate alone identifies the terminal.
        dsn = tls_cluster.tcp_dsn("juminzei_login", "", "postgres", cert=cert, key=key)
        assert _query_one(dsn, "SELECT session_user") == "juminzei_login"
        role_cert, role_key = tls_cluster.client_cert("someone_else")
        message = _refused(tls_cluster.tcp_dsn("juminzei_login", "", "postgres", cert=role_cert,
                                               key=role_key))
        assert "certificate authentication failed" in message
    finally:
        tls_cluster.write_hba(list(DEFAULT_HBA))
        tls_cluster.write_ident([])
        tls_cluster.reload()


def test_stop_twice_and_no_processes_left(tmp_path: Path) -> None:
    cluster = PgCluster(tmp_path / "c", tls=False)
    cluster.start()
    data_dir = cluster.data_dir
    assert _query_one(cluster.superuser_dsn(), "SELECT 1") == 1
    cluster.stop()
    cluster.stop()
    assert not cluster.running
    # No postmaster is left for that data directory.
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, check=True).stdout
    assert str(data_dir) not in ps


INSTALLER = Path(__file__).resolve().parents[1] / "installer" / "server"


def _conf_settings(path: Path) -> dict[str, str]:
    settings: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if line:
            name, _, value = line.partition("=")
            settings[name.strip()] = value.strip()
    return settings


def _rule_lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def test_installer_hba_and_ident_parse(tls_cluster: PgCluster) -> None:
    """The production pg_hba.conf/pg_ident.conf load without errors in a real PostgreSQL
    (`reload` raises on any line error), and a TCP login from outside the terminal network is
    rejected by them."""
    # Keep trust on the test socket first, so the test process can still administer the cluster.
    tls_cluster.write_hba(["local all all trust", *_rule_lines(INSTALLER / "pg_hba.conf")])
    tls_cluster.write_ident(_rule_lines(INSTALLER / "pg_ident.conf"))
    try:
        tls_cluster.reload()
        with contextlib.closing(psycopg2.connect(tls_cluster.superuser_dsn())) as conn, conn.cursor() as cur:
            cur.execute("SELECT type, database, user_name, auth_method, options "
                        "FROM pg_hba_file_rules ORDER BY line_number")
            rules = cur.fetchall()
        by_user = {rule[2][0]: rule for rule in rules if rule[0] == "hostssl"}
        assert by_user["juminzei_login"][3] == "cert"
        assert "map=terminals" in by_user["juminzei_login"][4]
        assert by_user["+juminzei_staff"][3] == "scram-sha-256"
        assert by_user["+juminzei_staff"][4] == ["clientcert=verify-ca"]
        assert all(rule[0] != "host" or rule[3] == "reject" for rule in rules)  # no TCP without TLS
        cert, key = tls_cluster.client_cert(TERMINAL)
        message = _refused(tls_cluster.tcp_dsn(PROBE_ROLE, PROBE_PASSWORD, "postgres", cert=cert, key=key))
        assert "pg_hba.conf rejects connection" in message
    finally:
        tls_cluster.write_hba(list(DEFAULT_HBA))
        tls_cluster.write_ident([])
        tls_cluster.reload()


def test_installer_settings_are_known_and_tls_ones_work(tls_cluster: PgCluster) -> None:
    settings = _conf_settings(INSTALLER / "postgresql.conf.d" / "juminzei.conf")
    for required in ("ssl", "ssl_ca_file", "ssl_crl_file", "ssl_min_protocol_version",
                     "password_encryption", "log_connections"):
        assert required in settings
    assert settings["ssl"] == "on" and settings["ssl_min_protocol_version"] == "'TLSv1.2'"
    with contextlib.closing(psycopg2.connect(tls_cluster.superuser_dsn())) as conn:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("SELECT name FROM pg_settings")
            known = {row[0].lower() for row in cur.fetchall()}  # names are case-insensitive
            assert set(settings) <= known, set(settings) - known
            # The TLS choices must still let a terminal in with the city's EC certificates.
            for name in ("ssl_ciphers", "ssl_ecdh_curve", "ssl_prefer_server_ciphers",
                         "ssl_min_protocol_version"):
                cur.execute(f"ALTER SYSTEM SET {name} = {settings[name]}")
    try:
        tls_cluster.reload()
        cert, key = tls_cluster.client_cert(TERMINAL)
        dsn = tls_cluster.tcp_dsn(PROBE_ROLE, PROBE_PASSWORD, "postgres", cert=cert, key=key)
        shown = _query_one(tls_cluster.superuser_dsn(), "SHOW ssl_ciphers")
        assert shown == settings["ssl_ciphers"].strip("'")
        cipher = _query_one(dsn, "SELECT cipher FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        assert isinstance(cipher, str) and ("GCM" in cipher or "CHACHA20" in cipher)
    finally:
        with contextlib.closing(psycopg2.connect(tls_cluster.superuser_dsn())) as conn:
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute("ALTER SYSTEM RESET ALL")
        tls_cluster.reload()
