"""Smart-card enrolment and login against the real test PostgreSQL, with the in-process software
PIV card (no PC/SC): enrol → login → the staff role works; wrong/blocked PIN, revoked card,
another staff member's card; the bootstrap role reaches nothing but api.login_material; the
wrapping itself (round trip, tamper detection)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import psycopg2
import psycopg2.errors
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from app.card.piv import DEFAULT_MANAGEMENT_KEY, ObjectTag, PivSession
from app.card.softcard import InProcessTransport, SoftPivCard
from app.db.urls import libpq_dsn
from app.i18n import UserError
from app.services import card_login, enrolment
from app.services.credential_wrap import UnwrapError, public_point, unwrap, wrap
from app.services.staff import verifier_matches
from tests.support.database import ProvisionedDb, autocommit_cursor, new_database
from tests.support.pgcluster import PgCluster

PIN = "24681357"
CAPS = ("r_inquiry",)


# -- wrapping (no card, no database) ------------------------------------------------------------

def _card_key() -> tuple[ec.EllipticCurvePrivateKey, bytes]:
    key = ec.generate_private_key(ec.SECP256R1())
    return key, public_point(key.public_key())


def _shared(key: ec.EllipticCurvePrivateKey, ephemeral_public: bytes) -> bytes:
    peer = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), ephemeral_public)
    return key.exchange(ec.ECDH(), peer)


def test_wrap_round_trip() -> None:
    key, public = _card_key()
    wrapped = wrap(b"secret password", public)
    assert len(wrapped.ephemeral_public) == 65 and len(wrapped.nonce) == 12
    assert b"secret" not in wrapped.ciphertext
    assert unwrap(_shared(key, wrapped.ephemeral_public), wrapped, public) == b"secret password"
    # A fresh ephemeral key and nonce every time.
    again = wrap(b"secret password", public)
    assert again.ephemeral_public != wrapped.ephemeral_public and again.ciphertext != wrapped.ciphertext


def test_unwrap_detects_tampering_and_the_wrong_key() -> None:
    key, public = _card_key()
    wrapped = wrap(b"secret password", public)
    shared = _shared(key, wrapped.ephemeral_public)
    flipped = bytes([wrapped.ciphertext[0] ^ 1]) + wrapped.ciphertext[1:]
    _, other_ephemeral = _card_key()
    for bad in (dataclasses.replace(wrapped, ciphertext=flipped),
                dataclasses.replace(wrapped, nonce=bytes(12)),
                dataclasses.replace(wrapped, ephemeral_public=other_ephemeral)):
        with pytest.raises(UnwrapError):
            unwrap(shared, bad, public)
    other_key, other_public = _card_key()
    with pytest.raises(UnwrapError):
        unwrap(_shared(other_key, wrapped.ephemeral_public), wrapped, public)
    with pytest.raises(UnwrapError):  # bound to the card key it was made for
        unwrap(shared, wrapped, other_public)
    with pytest.raises(ValueError):
        wrap(b"x", b"\x04" + bytes(64))  # not a point on the curve


# -- with the database -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def card_db(pg_cluster: PgCluster) -> ProvisionedDb:
    """One database for this module; each test uses its own staff codes (roles are cluster-wide)."""
    return new_database(pg_cluster, "juminzei_card_login", with_known_persons=True)


def _bootstrap(db: ProvisionedDb) -> str:
    return libpq_dsn(db.admin_url, username="juminzei_login")


def _new_card(pin: str = PIN) -> tuple[SoftPivCard, PivSession]:
    card = SoftPivCard(pin=pin)
    return card, PivSession(InProcessTransport(card))


def _session(card: SoftPivCard) -> PivSession:
    """A new session, as after re-inserting the card (PIN no longer verified)."""
    card.power_off()
    return PivSession(InProcessTransport(card))


def _enrol(db: ProvisionedDb, code: str, card: SoftPivCard | None = None) -> tuple[SoftPivCard, str]:
    if card is None:
        card, session = _new_card()
    else:
        session = _session(card)
    guid = enrolment.enrol(db.admin_url, code, f"カード試験 {code}", CAPS, session, DEFAULT_MANAGEMENT_KEY, PIN)
    return card, guid


def _login(db: ProvisionedDb, code: str, card: SoftPivCard, pin: str = PIN) -> str:
    return card_login.login(_bootstrap(db), code, _session(card), pin)


def _refused(db: ProvisionedDb, code: str, card: SoftPivCard, pin: str = PIN) -> UserError:
    with pytest.raises(UserError) as info:
        _login(db, code, card, pin)
    return info.value


def _one(dsn: str, query: str, params: tuple[object, ...] = ()) -> object:
    conn = psycopg2.connect(dsn)
    try:
        with conn, conn.cursor() as cur:
            cur.execute(query, params)
            row = cur.fetchone()
            return None if row is None else row[0]
    finally:
        conn.close()


def _password(dsn: str) -> str:
    return str(psycopg2.extensions.parse_dsn(dsn)["password"])


def _verifier(db: ProvisionedDb, code: str) -> str:
    with db.admin() as cur:
        cur.execute("SELECT password_verifier FROM auth.staff WHERE staff_code = %s", (code,))
        return str(cur.fetchone()[0])


def _audit(db: ProvisionedDb, action: str, detail_like: str) -> list[tuple[str, str]]:
    with db.admin() as cur:
        cur.execute("SELECT staff, result FROM audit.event WHERE action = %s AND detail LIKE %s ORDER BY event_id",
                    (action, detail_like))
        return [(r[0], r[1]) for r in cur.fetchall()]


@pytest.mark.db
def test_enrol_then_login_runs_as_the_staff_role(card_db: ProvisionedDb) -> None:
    card, guid = _enrol(card_db, "CARD1")
    assert guid == card.guid.hex()
    with card_db.admin() as cur:
        cur.execute("SELECT c.public_key, w.ephemeral_public, w.ciphertext FROM auth.card c"
                    " JOIN auth.wrapped_credential w USING (card_id) WHERE c.staff_code = 'CARD1'"
                    " AND c.revoked_at IS NULL")
        public_key, _, ciphertext = cur.fetchone()
    key = card.public_key(0x9D)
    assert key is not None and bytes(public_key) == public_point(key)

    dsn = _login(card_db, "card1", card)
    password = _password(dsn)
    assert password.encode() not in bytes(ciphertext)
    # The unwrapped password is the one PostgreSQL and the api know for this role.
    assert verifier_matches(_verifier(card_db, "CARD1"), password)
    assert _one(dsn, "SELECT session_user") == "s_card1"
    assert _one(dsn, "SELECT staff_code FROM api.whoami()") == "CARD1"
    assert _one(dsn, "SELECT api.person_card(1000000001, 'counter_inquiry') ->> 'person_id'") == "1000000001"

    assert _audit(card_db, "card.issue", "staff=CARD1 %") == [("postgres", "ok")]
    assert _audit(card_db, "login.material", "staff=CARD1") == [("juminzei_login", "ok")]


@pytest.mark.db
def test_wrong_pin_reports_tries_left_then_blocks(card_db: ProvisionedDb) -> None:
    card, _ = _enrol(card_db, "CARD2")
    first = _refused(card_db, "CARD2", card, "00000000")
    assert "残り2回" in first.ja and "2 tries left" in first.en and first.field == "pin"
    assert card.pin_retries_left == 2
    second = _refused(card_db, "CARD2", card, "00000000")
    assert "残り1回" in second.ja and "1 try left" in second.en
    assert card.pin_retries_left == 1
    blocked = _refused(card_db, "CARD2", card, "00000000")
    assert "ロック" in blocked.ja and "blocked" in blocked.en
    assert card.pin_retries_left == 0
    # Blocked means blocked: the right PIN does not help.
    assert "blocked" in _refused(card_db, "CARD2", card, PIN).en


@pytest.mark.db
def test_revoked_card_is_refused_and_the_old_password_is_dead(card_db: ProvisionedDb) -> None:
    card, guid = _enrol(card_db, "CARD3")
    old_password = _password(_login(card_db, "CARD3", card))
    assert enrolment.revoke_card(card_db.admin_url, "CARD3") == guid
    refused = _refused(card_db, "CARD3", card)
    assert "有効なカードがありません" in refused.ja and "no active card" in refused.en
    # The password was rotated: what the card could unwrap before no longer matches.
    assert not verifier_matches(_verifier(card_db, "CARD3"), old_password)
    with card_db.admin() as cur:
        cur.execute("SELECT rolpassword FROM pg_authid WHERE rolname = 's_card3'")
        assert not verifier_matches(cur.fetchone()[0], old_password)
        cur.execute("SELECT count(*) FROM auth.wrapped_credential w JOIN auth.card c USING (card_id)"
                    " WHERE c.staff_code = 'CARD3'")
        assert cur.fetchone()[0] == 0
    assert _audit(card_db, "card.revoke", "staff=CARD3 %") == [("postgres", "ok")]
    assert ("juminzei_login", "not_found") in _audit(card_db, "login.material", "staff=CARD3")
    with pytest.raises(UserError):
        enrolment.revoke_card(card_db.admin_url, "CARD3")


@pytest.mark.db
def test_another_staff_members_card_is_refused_without_spending_a_try(card_db: ProvisionedDb) -> None:
    card_a, _ = _enrol(card_db, "CARD4")
    card_b, _ = _enrol(card_db, "CARD5")
    refused = _refused(card_db, "CARD4", card_b)
    assert refused.bilingual() == "別の職員のカードです。 / This card belongs to another staff member."
    assert card_b.pin_retries_left == 3
    # A card issued to one staff member cannot be issued to another while it is active.
    with pytest.raises(UserError) as info:
        _enrol(card_db, "CARD4", card_b)
    assert "another staff member" in info.value.en
    assert _one(_login(card_db, "CARD5", card_b), "SELECT staff_code FROM api.whoami()") == "CARD5"
    assert _one(_login(card_db, "CARD4", card_a), "SELECT staff_code FROM api.whoami()") == "CARD4"


@pytest.mark.db
def test_card_without_guid_is_identified_by_its_key(card_db: ProvisionedDb) -> None:
    cards = []
    for _ in range(2):
        card, session = _new_card()
        session.select()
        session.authenticate(DEFAULT_MANAGEMENT_KEY)
        session.put_data(ObjectTag.CHUID, b"")  # no CHUID, so no GUID
        cards.append(card)
    _, guid = _enrol(card_db, "CARD6", cards[0])
    key = cards[0].public_key(0x9D)
    assert key is not None and guid == public_point(key).hex()
    assert _one(_login(card_db, "CARD6", cards[0]), "SELECT staff_code FROM api.whoami()") == "CARD6"
    cards[1].provision()  # has a 9D key, but not the registered one
    assert "another staff member" in _refused(card_db, "CARD6", cards[1]).en


@pytest.mark.db
def test_rotate_and_reissue(card_db: ProvisionedDb) -> None:
    card, _ = _enrol(card_db, "CARD7")
    before = _password(_login(card_db, "CARD7", card))
    key = card.public_key(0x9D)
    assert key is not None
    enrolment.rotate_credential(card_db.admin_url, "CARD7", public_point(key))
    after = _password(_login(card_db, "CARD7", card))
    assert after != before and verifier_matches(_verifier(card_db, "CARD7"), after)
    with pytest.raises(UserError):
        enrolment.rotate_credential(card_db.admin_url, "CARD7", _card_key()[1])
    assert _audit(card_db, "card.rotate", "staff=CARD7 %") == [("postgres", "ok")]
    # Issuing a new card revokes the old one.
    new_card, _ = _enrol(card_db, "CARD7")
    assert _one(_login(card_db, "CARD7", new_card), "SELECT staff_code FROM api.whoami()") == "CARD7"
    _refused(card_db, "CARD7", card)
    with card_db.admin() as cur:
        cur.execute("SELECT count(*) FILTER (WHERE revoked_at IS NULL), count(*) FROM auth.card"
                    " WHERE staff_code = 'CARD7'")
        assert cur.fetchone() == (1, 2)


@pytest.mark.db
def test_enrol_refuses_wrong_management_key_and_wrong_pin(card_db: ProvisionedDb) -> None:
    card, session = _new_card()
    with pytest.raises(UserError) as info:
        enrolment.enrol(card_db.admin_url, "CARD8", "試験", CAPS, session, bytes(24), PIN)
    assert "management key" in info.value.en
    with pytest.raises(UserError) as info:
        enrolment.enrol(card_db.admin_url, "CARD8", "試験", CAPS, _session(card), DEFAULT_MANAGEMENT_KEY, "11111111")
    assert "2 tries left" in info.value.en
    assert card.public_key(0x9D) is None  # the card was not touched
    with card_db.admin() as cur:
        cur.execute("SELECT count(*) FROM auth.staff WHERE staff_code = 'CARD8'")
        assert cur.fetchone()[0] == 0


@pytest.mark.db
def test_removed_card_and_unknown_terminal(card_db: ProvisionedDb) -> None:
    card, _ = _enrol(card_db, "CARD9")
    session = _session(card)
    card.power_off()
    with pytest.raises(UserError) as info:
        card_login.login(_bootstrap(card_db), "CARD9", session, PIN)
    assert "card" in info.value.en.lower()
    with card_db.admin() as cur:
        cur.execute("UPDATE auth.terminal SET revoked_at = now() WHERE terminal_id = 'local-socket'")
    try:
        assert "terminal" in _refused(card_db, "CARD9", card).en
    finally:
        with card_db.admin() as cur:
            cur.execute("UPDATE auth.terminal SET revoked_at = NULL WHERE terminal_id = 'local-socket'")


@pytest.fixture
def bootstrap_cursor(card_db: ProvisionedDb) -> Iterator[psycopg2.extensions.cursor]:
    with autocommit_cursor(_bootstrap(card_db)) as cur:
        yield cur


@pytest.mark.db
def test_bootstrap_role_reaches_nothing_else(card_db: ProvisionedDb,
                                             bootstrap_cursor: psycopg2.extensions.cursor) -> None:
    for statement in ("SELECT api.person_card(1000000001, 'counter_inquiry')", "SELECT * FROM api.whoami()",
                      "SELECT * FROM api.purposes()", "SELECT * FROM auth.card", "SELECT * FROM auth.staff",
                      "SELECT * FROM auth.wrapped_credential", "SELECT * FROM audit.event",
                      "SELECT * FROM ledger.person", "SELECT audit.record_change('x.y', NULL, NULL, NULL, 'ok')"):
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            bootstrap_cursor.execute(statement)
    with card_db.admin() as cur:
        cur.execute("SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                    " WHERE n.nspname IN ('api', 'auth', 'audit', 'ledger')"
                    " AND has_function_privilege('juminzei_login', p.oid, 'EXECUTE')"
                    " AND p.oid <> 'api.login_material(text)'::regprocedure")
        assert cur.fetchone()[0] == 0
        cur.execute("SELECT count(*) FROM pg_tables WHERE schemaname IN ('api', 'auth', 'audit', 'ledger')"
                    " AND has_table_privilege('juminzei_login', format('%I.%I', schemaname, tablename), 'SELECT')")
        assert cur.fetchone()[0] == 0


@pytest.mark.db
def test_staff_cannot_fetch_login_material_or_read_card_tables(card_db: ProvisionedDb) -> None:
    for statement in ("SELECT * FROM api.login_material('CLERK')", "SELECT * FROM auth.card",
                      "SELECT * FROM auth.wrapped_credential"):
        conn = card_db.staff("CLERK")
        try:
            with conn.cursor() as cur, pytest.raises(psycopg2.errors.InsufficientPrivilege):
                cur.execute(statement)
        finally:
            conn.close()
