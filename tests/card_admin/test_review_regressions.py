"""Regression tests of the security review of the card administration (findings F1, F2, D2, F5, F8;
reproductions in the review's z9 file). Each failed before the fix: an administrator became any
staff member by issuing or rotating with a password of their choosing; the api's owner could run
its own code as the CREATEROLE role; a staff role with a foreign membership could be taken over;
a revoked card's open session kept reading; an unblock outcome could be recorded without a start.
Raw api calls where a modified client would make them."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import psycopg2
import psycopg2.errors
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from k5_support import PIN, AdminTerminal

from app.card.piv import DEFAULT_MANAGEMENT_KEY, PivSession
from app.card.softcard import InProcessTransport
from app.db.urls import libpq_dsn
from app.i18n import UserError
from app.services import card_admin, card_login, enrolment, staff, terminals
from app.services.credential_wrap import public_point, wrap
from app.services.staff import verifier_matches
from tests.support.database import STAFF_PASSWORD, ProvisionedDb, autocommit_cursor

pytestmark = pytest.mark.db

P_ATTACK = "attacker-chosen-password-0123456789"
TERMINAL = "T-K5R-001"


def _fake_point() -> bytes:
    return public_point(ec.generate_private_key(ec.SECP256R1()).public_key())


def _tls_dsn(db: ProvisionedDb, role: str, password: str) -> str:
    """Over TCP with a registered terminal's certificate: here PostgreSQL checks the password."""
    terminals.register(db.admin_url, TERMINAL, "review regression")
    cert, key = db.cluster.client_cert(TERMINAL)
    return db.cluster.tcp_dsn(role, password, db.name, cert=cert, key=key)


def _verifier(db: ProvisionedDb, role: str) -> str:
    with db.admin() as cur:
        cur.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (role,))
        return str(cur.fetchone()[0])


def _staff_with_password(db: ProvisionedDb, code: str, caps: tuple[str, ...]) -> str:
    """A staff member whose (test) password is known, to call the api as them over the socket."""
    staff.add_staff(db.admin_url, code, f"試験 {code}", caps, STAFF_PASSWORD)
    return libpq_dsn(db.admin_url, username=staff.role_name(code), password=STAFF_PASSWORD)


@pytest.fixture(scope="module")
def issuer(test_db: ProvisionedDb) -> str:
    return _staff_with_password(test_db, "K5RADM", ("r_admin",))


@pytest.fixture
def cur_as(test_db: ProvisionedDb) -> Iterator[object]:
    opened: list[psycopg2.extensions.connection] = []

    def open_cursor(dsn: str) -> psycopg2.extensions.cursor:
        conn = psycopg2.connect(dsn)
        conn.autocommit = True
        opened.append(conn)
        return conn.cursor()

    yield open_cursor
    for conn in opened:
        conn.close()


def _attack_issue(cur: psycopg2.extensions.cursor, code: str, guid: str) -> None:
    cur.execute("SELECT api.card_issue(%s, %s, %s, %s, %s, %s, %s)",
                (code, guid, _fake_point(), card_admin.scram_verifier(P_ATTACK), _fake_point(), b"\0" * 12,
                 b"\0" * 32))


# -- F1 (b): issuing no longer switches the login: two-person approval --------------------------------

def test_f1_issue_alone_does_not_let_the_issuer_log_in_as_the_victim(test_db: ProvisionedDb, issuer: str,
                                                                    cur_as: object) -> None:
    victim = "K5RVIC"
    staff.add_staff(test_db.admin_url, victim, "被害 一", ("r_inquiry", "r_mynumber"), secrets.token_urlsafe(24))
    before = _verifier(test_db, "s_k5rvic")
    _attack_issue(cur_as(issuer), victim, "abcdef0123")  # type: ignore[operator]
    assert _verifier(test_db, "s_k5rvic") == before
    with pytest.raises(psycopg2.OperationalError) as refused:
        psycopg2.connect(_tls_dsn(test_db, "s_k5rvic", P_ATTACK)).close()
    assert "password authentication failed" in str(refused.value)


def test_f1_approval_needs_another_staff_member_with_r_security(test_db: ProvisionedDb, cur_as: object) -> None:
    both = _staff_with_password(test_db, "K5RBOTH", ("r_admin", "r_security"))
    holder = _staff_with_password(test_db, "K5RHOLD", ("r_inquiry", "r_security"))
    officer = _staff_with_password(test_db, "K5RSEC", ("r_security",))
    clerk = test_db.staff_url("CLERK")
    issuing = cur_as(both)  # type: ignore[operator]
    _attack_issue(issuing, "K5RHOLD", "abcdef0456")
    # Not by the issuer, even holding r_security; not by the holder; not without r_security.
    for dsn, error, text in ((both, psycopg2.errors.RaiseException, "ご自分が発行したカードは承認できません"),
                             (holder, psycopg2.errors.RaiseException, "ご自分に発行されたカード"),
                             (clerk, psycopg2.errors.InsufficientPrivilege, "permission denied")):
        with pytest.raises(error) as refused:
            cur_as(dsn).execute("SELECT api.card_issue_approve('K5RHOLD', 'abcdef0456')")  # type: ignore[operator]
        assert text in str(refused.value)
    assert verifier_matches(_verifier(test_db, "s_k5rhold"), STAFF_PASSWORD)
    # A different security officer approves: now (and only now) the new password is the login's.
    cur = cur_as(officer)  # type: ignore[operator]
    cur.execute("SELECT api.card_issue_approve('K5RHOLD', 'abcdef0456')")
    assert verifier_matches(_verifier(test_db, "s_k5rhold"), P_ATTACK)
    with test_db.admin() as admin:
        admin.execute("SELECT staff, result FROM audit.event WHERE action = 'card.issue_approve'"
                      " AND detail LIKE 'staff=K5RHOLD %' ORDER BY event_id")
        assert [r[1] for r in admin.fetchall()] == ["denied", "denied", "ok"]
    with pytest.raises(psycopg2.errors.RaiseException) as twice:
        cur.execute("SELECT api.card_issue_approve('K5RHOLD', 'abcdef0456')")
    assert "承認待ちのカード発行がありません" in str(twice.value)


def test_f1_pending_card_login_says_it_waits_for_approval(admin: AdminTerminal) -> None:
    code = admin.new_staff("K5RPEND", "承認 待子")
    card = admin.blank_card("r-pend")
    issued = card_admin.issue(admin.session.db, code, PivSession(InProcessTransport(card)), PIN,
                              DEFAULT_MANAGEMENT_KEY)
    with pytest.raises(UserError) as waiting:
        admin.login(code, card)
    assert "このカードは発行の承認待ちです" in waiting.value.ja and "waiting" in waiting.value.en
    assert card.pin_retries_left == 3  # refused before the PIN was asked
    assert issued.card_guid == card.guid.hex()


# -- F1 (a): rotation is self-service only -------------------------------------------------------------

def test_f1_administrator_cannot_rotate_another_staff_members_credential(admin: AdminTerminal, issuer: str,
                                                                        cur_as: object) -> None:
    card = admin.blank_card("r-rot")
    card.provision(holder="K5R ROT")
    enrolment.enrol(admin.db.admin_url, "K5RROT", "試験 回転", ["r_inquiry"], PivSession(InProcessTransport(card)),
                    DEFAULT_MANAGEMENT_KEY, PIN)
    before = _verifier(admin.db, "s_k5rrot")
    with admin.db.admin() as cur:
        cur.execute("SELECT card_id, public_key FROM auth.card WHERE staff_code = 'K5RROT' AND revoked_at IS NULL")
        card_id, public_key = cur.fetchone()
    w = wrap(P_ATTACK.encode(), bytes(public_key))  # properly wrapped to the victim's registered key
    cur = cur_as(issuer)  # type: ignore[operator]
    with pytest.raises(psycopg2.Error):  # the administrator's form of rotation is gone
        cur.execute("SELECT api.card_rotate('K5RROT', %s, %s, %s, %s, %s)",
                    (card_id, card_admin.scram_verifier(P_ATTACK), w.ephemeral_public, w.nonce, w.ciphertext))
    with pytest.raises(psycopg2.errors.RaiseException) as not_mine:  # self-service: only one's own card
        cur.execute("SELECT api.card_rotate(%s, %s, %s, %s, %s)",
                    (card_id, card_admin.scram_verifier(P_ATTACK), w.ephemeral_public, w.nonce, w.ciphertext))
    assert "ご自分の有効なカード" in str(not_mine.value)
    assert _verifier(admin.db, "s_k5rrot") == before
    assert card_login.login(admin.bootstrap, "K5RROT", PivSession(InProcessTransport(card)), PIN)


# -- F2 / D2: the password setter reads nothing the owner controls, and only plain staff roles ------------

def test_f2_owner_cannot_run_code_as_the_credential_role(test_db: ProvisionedDb) -> None:
    conn = psycopg2.connect(test_db.admin_url)
    try:
        with conn.cursor() as cur:
            cur.execute("SET ROLE juminzei_owner")
            cur.execute("CREATE TABLE auth.k5r_marker (who text)")
            cur.execute("ALTER TABLE auth.staff RENAME TO staff_k5r")
            cur.execute("""CREATE FUNCTION auth.k5r_evil() RETURNS boolean LANGUAGE plpgsql AS $$
                           BEGIN
                               INSERT INTO auth.k5r_marker VALUES (current_user);
                               RETURN true;
                           END $$""")
            cur.execute("GRANT USAGE ON SCHEMA auth TO juminzei_credential_admin")
            cur.execute("GRANT EXECUTE ON FUNCTION auth.k5r_evil() TO juminzei_credential_admin")
            cur.execute("GRANT INSERT ON auth.k5r_marker TO juminzei_credential_admin")
            cur.execute("CREATE VIEW auth.staff AS SELECT * FROM auth.staff_k5r WHERE auth.k5r_evil()")
            cur.execute("GRANT SELECT ON auth.staff TO juminzei_credential_admin")
            cur.execute("SAVEPOINT s")
            try:
                cur.execute("SELECT auth.set_staff_password('CLERK', NULL)")
            except psycopg2.Error:
                cur.execute("ROLLBACK TO SAVEPOINT s")
            cur.execute("SELECT count(*) FROM auth.k5r_marker")
            assert cur.fetchone()[0] == 0, "the owner's code ran inside the password setter"
    finally:
        conn.rollback()
        conn.close()
    with test_db.admin() as cur:
        cur.execute("SELECT count(*) FROM information_schema.role_table_grants"
                    " WHERE grantee = 'juminzei_credential_admin'")
        assert cur.fetchone()[0] == 0
        cur.execute("SELECT has_schema_privilege('juminzei_credential_admin', 'auth', 'USAGE')")
        assert cur.fetchone()[0] is False


def test_d2_staff_role_with_a_foreign_membership_is_refused(test_db: ProvisionedDb) -> None:
    staff.add_staff(test_db.admin_url, "K5RDBA", "試験 DBA", ("r_inquiry",), secrets.token_urlsafe(24))
    with test_db.admin() as cur:
        cur.execute("GRANT pg_read_all_data TO s_k5rdba")
    before = _verifier(test_db, "s_k5rdba")
    try:
        with autocommit_cursor(test_db.admin_url) as cur:
            cur.execute("SET ROLE juminzei_owner")
            with pytest.raises(psycopg2.errors.InsufficientPrivilege) as refused:
                cur.execute("SELECT auth.set_staff_password('K5RDBA', %s)", (card_admin.scram_verifier(P_ATTACK),))
            assert "pg_read_all_data" in str(refused.value)
        assert _verifier(test_db, "s_k5rdba") == before
    finally:
        with test_db.admin() as cur:
            cur.execute("REVOKE pg_read_all_data FROM s_k5rdba")


# -- F5: revoking (or replacing) a card ends the holder's open sessions ---------------------------------

def test_f5_revoked_card_session_is_ended(admin: AdminTerminal) -> None:
    card = admin.blank_card("r-rv")
    card.provision(holder="K5R RV")
    enrolment.enrol(admin.db.admin_url, "K5RRV", "試験 失効", ["r_inquiry"], PivSession(InProcessTransport(card)),
                    DEFAULT_MANAGEMENT_KEY, PIN)
    victim = psycopg2.connect(admin.login("K5RRV", card))
    victim.autocommit = True
    try:
        with victim.cursor() as cur:
            cur.execute("SELECT staff_code FROM api.whoami()")
            assert cur.fetchone()[0] == "K5RRV"
        card_admin.revoke(admin.session.db, "K5RRV")
        with pytest.raises(psycopg2.OperationalError), victim.cursor() as cur:
            cur.execute("SELECT api.person_card(1000000001, 'counter_inquiry') ->> 'family_name'")
    finally:
        victim.close()
    assert admin.audit("card.revoke", "staff=K5RRV %")[-1][2].endswith("sessions_ended=1")


def test_f5_approved_replacement_ends_the_old_cards_sessions(admin: AdminTerminal, test_db: ProvisionedDb) -> None:
    old, new = admin.blank_card("r-old"), admin.blank_card("r-new")
    old.provision(holder="K5R REP")
    enrolment.enrol(admin.db.admin_url, "K5RREP", "試験 交換", ["r_inquiry"], PivSession(InProcessTransport(old)),
                    DEFAULT_MANAGEMENT_KEY, PIN)
    session = psycopg2.connect(admin.login("K5RREP", old))
    session.autocommit = True
    try:
        issued = card_admin.issue(admin.session.db, "K5RREP", PivSession(InProcessTransport(new)), PIN,
                                  DEFAULT_MANAGEMENT_KEY)
        with session.cursor() as cur:  # waiting for approval: the old card still works
            cur.execute("SELECT staff_code FROM api.whoami()")
            assert cur.fetchone()[0] == "K5RREP"
        from app.services.db import Database

        officer = Database(test_db.staff_url("AUDITOR"), pool_size=1)
        try:
            card_admin.approve(officer, "K5RREP", issued.card_guid)
        finally:
            officer.dispose()
        with pytest.raises(psycopg2.OperationalError), session.cursor() as cur:
            cur.execute("SELECT staff_code FROM api.whoami()")
    finally:
        session.close()


# -- F8: an unblock outcome needs its own open start --------------------------------------------------

def test_f8_unblock_outcome_without_begin_is_refused(admin: AdminTerminal, test_db: ProvisionedDb) -> None:
    card = admin.blank_card("r-ub")
    card.provision(holder="K5R UB")
    guid = enrolment.enrol(admin.db.admin_url, "K5RUB", "試験 解除", ["r_inquiry"],
                           PivSession(InProcessTransport(card)), DEFAULT_MANAGEMENT_KEY, PIN)
    with autocommit_cursor(admin.session.db.settings.url) as cur:
        for stage, detail in (("ok", ""), ("denied", "puk_tries_left=2")):
            with pytest.raises(psycopg2.errors.RaiseException) as refused:
                cur.execute("SELECT api.card_unblock(%s, 'K5RUB', %s, %s)", (stage, guid, detail))
            assert "ロック解除の開始が記録されていません" in str(refused.value)
        cur.execute("SELECT api.card_unblock('begin', 'K5RUB', %s, '')", (guid,))
        with pytest.raises(psycopg2.errors.InvalidParameterValue):  # free text is not a detail
            cur.execute("SELECT api.card_unblock('ok', 'K5RUB', %s, 'puk_tries_left=3 anything here')", (guid,))
        cur.execute("SELECT api.card_unblock('ok', 'K5RUB', %s, '')", (guid,))
        with pytest.raises(psycopg2.errors.RaiseException):  # that start has its outcome now
            cur.execute("SELECT api.card_unblock('ok', 'K5RUB', %s, '')", (guid,))
    rows = admin.audit("card.unblock", "staff=K5RUB %")
    assert [r[1] for r in rows] == ["denied", "denied", "ok", "denied"]
    assert rows[2][2] == f"staff=K5RUB card={guid[:32]}"
    # Another administrator's start does not open an outcome for this one.
    other = _staff_with_password(test_db, "K5RADM2", ("r_admin",))
    with autocommit_cursor(other) as cur:
        cur.execute("SELECT api.card_unblock('begin', 'K5RUB', %s, '')", (guid,))
    with autocommit_cursor(admin.session.db.settings.url) as cur, \
            pytest.raises(psycopg2.errors.RaiseException):
        cur.execute("SELECT api.card_unblock('ok', 'K5RUB', %s, '')", (guid,))
