"""Card administration through the api in an r_admin staff member's own session
(app.services.card_admin): issue → waits for a security officer's approval → login, revoke →
login refused, self-service rotation, PIN unblock with the PUK (write-ahead audit), and what the
database refuses: another staff member's card, a revoked card, one's own card, a caller without
r_admin or r_security, direct SQL, the password setter itself. (The review's findings have their
own regression tests: test_review_regressions.py.)"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg2
import psycopg2.errors
import pytest
from k5_support import ADMIN, PIN, PUK, AdminTerminal

from app.card.errors import CardRemoved
from app.card.piv import DEFAULT_MANAGEMENT_KEY, PivSession, Slot
from app.card.softcard import InProcessTransport, SoftPivCard
from app.i18n import UserError
from app.services import card_admin, enrolment
from app.services.errors import PermissionDenied, Refused
from app.services.staff import verifier_matches
from tests.support.database import ProvisionedDb, autocommit_cursor

pytestmark = pytest.mark.db


def _session(card: SoftPivCard) -> PivSession:
    card.power_off()
    return PivSession(InProcessTransport(card))


def _whoami(dsn: str) -> str:
    conn = psycopg2.connect(dsn)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SELECT staff_code FROM api.whoami()")
            return str(cur.fetchone()[0])
    finally:
        conn.close()


def _row(admin: AdminTerminal, code: str) -> card_admin.StaffCard:
    return next(r for r in card_admin.staff_cards(admin.session.db) if r.staff_code == code)


@dataclass(frozen=True)
class _Active:
    issuance_id: int
    card_id: int
    card_guid: str
    fingerprint: str


def _issue(admin: AdminTerminal, code: str, card: SoftPivCard) -> _Active:
    """Issued by the administrator, approved by the security officer: the card is active."""
    issued = card_admin.issue(admin.session.db, code, _session(card), PIN, DEFAULT_MANAGEMENT_KEY)
    card_id = admin.approve(code, issued.card_guid)
    return _Active(issued.issuance_id, card_id, issued.card_guid, issued.fingerprint)


def _block(card: SoftPivCard) -> None:
    session = _session(card)
    session.select()
    for _ in range(3):
        with pytest.raises(Exception):  # noqa: B017 - WrongPin, then PinBlocked
            session.verify_pin("00000000")
    assert card.pin_retries_left == 0


def test_scram_verifier_is_what_postgres_accepts() -> None:
    verifier = card_admin.scram_verifier("correct horse battery staple")
    assert verifier_matches(verifier, "correct horse battery staple")
    assert not verifier_matches(verifier, "wrong")
    assert verifier != card_admin.scram_verifier("correct horse battery staple")  # salted


def test_issue_then_login_then_revoke_refuses_login(admin: AdminTerminal) -> None:
    code = admin.new_staff("K5T1", "発行 一子")
    assert _row(admin, code).state == "none"
    card = admin.blank_card("t1")
    steps: list[str] = []
    issued = card_admin.issue(admin.session.db, code.lower(), _session(card), PIN, DEFAULT_MANAGEMENT_KEY,
                              progress=steps.append)
    assert steps == ["card", "key", "database"]
    assert issued.card_guid == card.guid.hex()
    # Waiting for approval: no card yet, and the new card does not log in.
    row = _row(admin, code)
    assert (row.state, row.pending_card_guid, row.pending_issued_by) == ("none", card.guid.hex(), ADMIN)
    with pytest.raises(UserError) as waiting:
        admin.login(code, card)
    assert "承認待ち" in waiting.value.ja
    g = card.guid.hex()[:32]
    assert admin.audit("card.issue", f"staff={code} %") == [
        ("s_k5adm", "ok", f"staff={code} card={g} issuance={issued.issuance_id} pending superseded=0")]
    card_id = admin.approve(code, issued.card_guid)
    row = _row(admin, code)
    assert (row.state, row.card_id, row.card_guid, row.issued_by, row.pending) == \
        ("active", card_id, card.guid.hex(), ADMIN, False)
    public = card.public_key(Slot.KEY_MANAGEMENT)
    assert public is not None and row.public_key is not None and row.fingerprint == issued.fingerprint
    # The new card logs in as the staff member: the database now runs as their role.
    assert _whoami(admin.login(code, card)) == code
    assert admin.audit("card.issue_approve", f"staff={code} %") == [
        ("s_auditor", "ok", f"staff={code} card={g} issuance={issued.issuance_id} card_id={card_id} issued_by={ADMIN}"
                            " replaced=0 sessions_ended=0")]

    assert card_admin.revoke(admin.session.db, code) == card.guid.hex()
    row = _row(admin, code)
    assert row.state == "revoked" and row.revoked_by == ADMIN and row.revoked_at is not None
    with pytest.raises(UserError) as refused:
        admin.login(code, card)
    assert "有効なカードがありません" in refused.value.ja and "no active card" in refused.value.en
    assert [r[:2] for r in admin.audit("card.revoke", f"staff={code} %")] == [("s_k5adm", "ok")]
    # Nothing left to revoke: the database says so, in Japanese, and records the refusal.
    with pytest.raises(Refused) as again:
        card_admin.revoke(admin.session.db, code)
    assert "有効なカードはありません" in again.value.ja and "no active card" in again.value.en
    assert [r[1] for r in admin.audit("card.revoke", f"staff={code} %")] == ["ok", "denied"]
    # The revoked card can be issued again (to the same staff member): a new key, a new credential.
    reissued = _issue(admin, code, card)
    assert reissued.card_id != card_id and reissued.fingerprint != issued.fingerprint
    assert _whoami(admin.login(code, card)) == code


def test_issue_replaces_the_previous_card(admin: AdminTerminal) -> None:
    code = admin.new_staff("K5T2", "交換 二郎")
    old, new = admin.blank_card("t2-old"), admin.blank_card("t2-new")
    first = _issue(admin, code, old)
    # A second issue while the first still waits supersedes it (and a superseded issue cannot be approved).
    stale = card_admin.issue(admin.session.db, code, _session(admin.blank_card("t2-stale")), PIN,
                             DEFAULT_MANAGEMENT_KEY)
    pending = card_admin.issue(admin.session.db, code, _session(new), PIN, DEFAULT_MANAGEMENT_KEY)
    assert admin.audit("card.issue", f"staff={code} %")[-1][2].endswith("pending superseded=1")
    with pytest.raises(Refused):
        admin.approve(code, stale.card_guid)
    assert _whoami(admin.login(code, old)) == code  # the current card works until the approval
    second = admin.approve(code, pending.card_guid)
    assert _row(admin, code).card_id == second
    assert admin.audit("card.issue_approve", f"staff={code} %")[-1][2].endswith("replaced=1 sessions_ended=0")
    assert _whoami(admin.login(code, new)) == code
    with pytest.raises(UserError) as refused:  # the old card is the card of nobody now
        admin.login(code, old)
    assert "別の職員のカード" in refused.value.ja
    assert first.card_id != second


def test_card_of_another_staff_member_is_refused_before_its_key_changes(admin: AdminTerminal) -> None:
    holder = admin.new_staff("K5T3", "保持 三郎")
    other = admin.new_staff("K5T4", "他人 四郎")
    card = admin.blank_card("t3")
    _issue(admin, holder, card)
    key_before = card.public_key(Slot.KEY_MANAGEMENT)
    with pytest.raises(UserError) as refused:  # asked before the PIN: even a wrong one spends no try
        card_admin.issue(admin.session.db, other, _session(card), "00000000", DEFAULT_MANAGEMENT_KEY)
    assert "別の職員（K5T3 保持 三郎）に発行済み" in refused.value.ja
    assert card.pin_retries_left == 3
    assert "already issued to another staff member (K5T3)" in refused.value.en
    assert card.public_key(Slot.KEY_MANAGEMENT) == key_before  # the holder's card still works
    assert _whoami(admin.login(holder, card)) == holder
    # A modified client skipping that check: the database refuses, and records the attempt.
    with pytest.raises(Refused) as direct:
        admin.session.db.call("SELECT api.card_issue(:c, :g, :k, :v, :e, :n, :t)",
                              {"c": other, "g": card.guid.hex(), "k": b"\x04" + b"\x01" * 64,
                               "v": card_admin.scram_verifier("x" * 20), "e": b"\x04" + b"\x02" * 64,
                               "n": b"\x00" * 12, "t": b"\x00" * 32})
    assert "別の職員（K5T3）に発行済み" in direct.value.ja
    assert admin.audit("card.issue", f"staff={other} %")[-1][:2] == ("s_k5adm", "denied")
    assert _row(admin, other).state == "none" and _row(admin, holder).state == "active"
    # A card waiting for approval for someone is not issued to anyone else either.
    waiting = admin.blank_card("t3-waiting")
    card_admin.issue(admin.session.db, holder, _session(waiting), PIN, DEFAULT_MANAGEMENT_KEY)
    with pytest.raises(UserError) as pending:
        card_admin.issue(admin.session.db, other, _session(waiting), PIN, DEFAULT_MANAGEMENT_KEY)
    assert "承認待ち" in pending.value.ja and waiting.pin_retries_left == 3


def test_security_officer_lists_approves_and_rejects(admin: AdminTerminal, test_db: ProvisionedDb) -> None:
    from app.services.db import Database

    code, other = admin.new_staff("K5TA", "承認 一"), admin.new_staff("K5TB", "却下 二")
    card_a, card_b = admin.blank_card("ta"), admin.blank_card("tb")
    a = card_admin.issue(admin.session.db, code, _session(card_a), PIN, DEFAULT_MANAGEMENT_KEY)
    b = card_admin.issue(admin.session.db, other, _session(card_b), PIN, DEFAULT_MANAGEMENT_KEY)
    officer = Database(test_db.staff_url("AUDITOR"), pool_size=1)
    try:
        waiting = {p.staff_code: p for p in card_admin.pending_issues(officer)}
        assert waiting[code].card_guid == a.card_guid and waiting[code].fingerprint == a.fingerprint
        assert waiting[code].issued_by == ADMIN and waiting[code].replaces_card_guid is None
        card_admin.reject(officer, other, b.card_guid)
        card_admin.approve(officer, code, a.card_guid)
        assert not {code, other} & {p.staff_code for p in card_admin.pending_issues(officer)}
        with pytest.raises(PermissionDenied):  # the list is the security officer's
            card_admin.pending_issues(admin.session.db)
    finally:
        officer.dispose()
    assert _whoami(admin.login(code, card_a)) == code
    with pytest.raises(UserError) as rejected:
        admin.login(other, card_b)
    assert "有効なカードがありません" in rejected.value.ja
    assert [r[:2] for r in admin.audit("card.issue_reject", f"staff={other} %")] == [("s_auditor", "ok")]


def test_rotate_own_gives_a_new_password_wrapped_to_the_same_card(admin: AdminTerminal) -> None:
    from app.services.db import Database

    code = admin.new_staff("K5T5", "更新 五月")
    card = admin.blank_card("t5")
    issued = _issue(admin, code, card)
    before = admin.login(code, card)
    own = Database(before, pool_size=1)
    try:
        assert card_admin.rotate_own(own) == issued.card_id
    finally:
        own.dispose()
    after = admin.login(code, card)
    assert before != after and _whoami(after) == code
    with admin.db.admin() as cur:
        cur.execute("SELECT rolpassword FROM pg_authid WHERE rolname = 's_k5t5'")
        verifier = cur.fetchone()[0]
    password = psycopg2.extensions.parse_dsn(after)["password"]
    assert verifier_matches(verifier, password)
    assert not verifier_matches(verifier, psycopg2.extensions.parse_dsn(before)["password"])
    assert admin.audit("card.rotate", f"staff={code} %") == [
        ("s_k5t5", "ok", f"staff={code} card_id={issued.card_id} self")]
    # A staff member without a card has nothing to rotate (K5T5 above holds r_inquiry only: every
    # staff member may rotate their own credential, nobody anyone else's).
    clerk = Database(admin.db.staff_url("CLERK"), pool_size=1)
    try:
        with pytest.raises(UserError) as none:
            card_admin.rotate_own(clerk)
        assert "有効なカードがありません" in none.value.ja
    finally:
        clerk.dispose()


def test_unblock_with_puk_write_ahead_audit(admin: AdminTerminal) -> None:
    code = admin.new_staff("K5T6", "解除 六子")
    card = admin.blank_card("t6")
    _issue(admin, code, card)
    _block(card)
    with pytest.raises(UserError) as pin_blocked:
        admin.login(code, card)
    assert "PINがロックされています" in pin_blocked.value.ja
    db = admin.session.db
    with pytest.raises(UserError) as wrong:
        card_admin.unblock(db, code, _session(card), "11112222", "135790")
    assert "PUKが違います" in wrong.value.ja and "残り2回" in wrong.value.ja and wrong.value.field == "puk"
    steps: list[str] = []
    guid = card_admin.unblock(db, code, _session(card), PUK, "135790", progress=steps.append)
    assert guid == card.guid.hex() and steps == ["card", "database", "key", "database"]
    assert card.pin_retries_left == 3
    assert _whoami(admin.login(code, card, "135790")) == code
    g = guid[:32]
    assert admin.audit("card.unblock_begin", f"staff={code} %") == [
        ("s_k5adm", "ok", f"staff={code} card={g}"), ("s_k5adm", "ok", f"staff={code} card={g}")]
    assert admin.audit("card.unblock", f"staff={code} %") == [
        ("s_k5adm", "denied", f"staff={code} card={g} puk_tries_left=2"),
        ("s_k5adm", "ok", f"staff={code} card={g}")]


def test_unblock_refuses_other_revoked_and_unknown_cards_without_touching_them(admin: AdminTerminal) -> None:
    code = admin.new_staff("K5T7", "拒否 七海")
    other = admin.new_staff("K5T8", "別人 八郎")
    mine, theirs, unknown = admin.blank_card("t7"), admin.blank_card("t8"), admin.blank_card("t7-unknown")
    _issue(admin, code, mine)
    _issue(admin, other, theirs)
    db = admin.session.db
    with pytest.raises(Refused) as another:
        card_admin.unblock(db, code, _session(theirs), PUK, "135790")
    assert "別の職員（K5T8）のカードです" in another.value.ja
    with pytest.raises(Refused) as never:
        card_admin.unblock(db, code, _session(unknown), PUK, "135790")
    assert "このカードは発行されていません" in never.value.ja
    card_admin.revoke(db, code)
    with pytest.raises(Refused) as revoked:
        card_admin.unblock(db, code, _session(mine), PUK, "135790")
    assert "失効しています" in revoked.value.ja
    assert [c.puk_retries_left for c in (mine, theirs, unknown)] == [3, 3, 3]
    assert admin.audit("card.unblock_begin", f"staff={code} %") == []
    assert [r[1] for r in admin.audit("card.unblock", f"staff={code} %")] == ["denied"] * 3
    # New PINs that differ, or are not 6-8 digits: refused before card or database.
    for new, again, field in (("135790", "135791", "new_pin_again"), ("12345", "12345", "new_pin")):
        with pytest.raises(UserError) as bad:
            card_admin.check_new_pin(new, again)
        assert bad.value.field == field


def test_no_one_acts_on_their_own_card(admin: AdminTerminal) -> None:
    db = admin.session.db
    with pytest.raises(Refused) as own:
        card_admin.revoke(db, ADMIN)
    assert "自分自身のカードは操作できません" in own.value.ja
    with pytest.raises(Refused):
        _issue(admin, ADMIN, admin.blank_card("self"))
    assert _row(admin, ADMIN).state == "active"
    assert [r[1] for r in admin.audit("card.revoke", f"staff={ADMIN}%")] == ["denied"]


def test_unknown_staff_member_is_refused(admin: AdminTerminal) -> None:
    with pytest.raises(Refused) as unknown:
        _issue(admin, "K5NOBODY", admin.blank_card("nobody"))
    assert "K5NOBODY は登録されていないか" in unknown.value.ja


_ADMIN_CALLS: list[tuple[str, dict[str, Any]]] = [
    ("SELECT * FROM api.staff_cards()", {}),
    ("SELECT * FROM api.card_holder(%(g)s)", {"g": "00"}),
    ("SELECT api.card_issue('K5T1', '00', %(b)s, 'x', %(b)s, %(b)s, %(b)s)", {"b": b"\x04"}),
    ("SELECT api.card_revoke('K5T1')", {}),
    ("SELECT api.card_unblock('begin', 'K5T1', '00', '')", {}),
    ("SELECT * FROM api.card_issuances_pending()", {}),
    ("SELECT api.card_issue_approve('K5T1', '00')", {}),
    ("SELECT api.card_issue_reject('K5T1', '00')", {}),
]


@pytest.mark.parametrize(("statement", "params"), _ADMIN_CALLS)
def test_staff_without_the_capability_is_refused_by_the_database(test_db: ProvisionedDb, statement: str,
                                                           params: dict[str, Any]) -> None:
    before = test_db.audit_count()
    with autocommit_cursor(test_db.staff_url("CLERK")) as cur, \
            pytest.raises(psycopg2.errors.InsufficientPrivilege) as refused:
        cur.execute(statement, params)
    assert "permission denied for function" in str(refused.value)
    assert test_db.audit_count() == before


def test_r_admin_is_checked_inside_too(admin: AdminTerminal, test_db: ProvisionedDb) -> None:
    """A staff member who was granted EXECUTE some other way still needs r_admin (the first lines)."""
    with test_db.admin() as cur:
        cur.execute("GRANT EXECUTE ON FUNCTION api.staff_cards() TO s_clerk")
    clerk = _clerk_database(test_db)
    try:
        with pytest.raises(PermissionDenied) as refused:
            card_admin.staff_cards(clerk)
        assert "r_admin" in refused.value.ja
    finally:
        clerk.dispose()
        with test_db.admin() as cur:
            cur.execute("REVOKE EXECUTE ON FUNCTION api.staff_cards() FROM s_clerk")


def _clerk_database(test_db: ProvisionedDb) -> Any:
    from app.services.db import Database

    return Database(test_db.staff_url("CLERK"), pool_size=1)


@pytest.mark.parametrize("statement", [
    "SELECT * FROM auth.card", "SELECT ciphertext FROM auth.wrapped_credential",
    "UPDATE auth.card SET revoked_at = now()", "DELETE FROM auth.wrapped_credential",
    "INSERT INTO auth.card (staff_code, card_guid, public_key) VALUES ('K5ADM', '00', '\\x04')",
    "SELECT auth.set_staff_password('K5T1', NULL)", "ALTER ROLE s_k5t1 PASSWORD 'known-to-me-now'",
    "SELECT verifier FROM auth.card_issuance", "UPDATE auth.card_issuance SET decision = 'approved'",
])
def test_direct_sql_by_an_administrator_is_refused(admin: AdminTerminal, statement: str) -> None:
    with autocommit_cursor(admin.session.db.settings.url) as cur, \
            pytest.raises(psycopg2.errors.InsufficientPrivilege):
        cur.execute(statement)


def test_password_setter_refuses_what_is_not_a_plain_staff_role(test_db: ProvisionedDb) -> None:
    """Even its only caller (the api's owner) cannot aim it elsewhere or pass a plain password."""
    conn = psycopg2.connect(test_db.admin_url)
    try:
        with conn.cursor() as cur:
            cur.execute("SET ROLE juminzei_owner")
            for code, verifier, error in (("NOSUCH", None, psycopg2.errors.InsufficientPrivilege),
                                          ("CLERK", "plain-password-is-not-a-verifier",
                                           psycopg2.errors.InvalidParameterValue),
                                          ("CLERK", "SCRAM-SHA-256$1:AAAAAAAAAAAAAAAAAAAAAA==$"
                                                    + "A" * 43 + "=:" + "A" * 43 + "=",
                                           psycopg2.errors.InvalidParameterValue)):
                cur.execute("SAVEPOINT s")
                with pytest.raises(error):
                    cur.execute("SELECT auth.set_staff_password(%s, %s)", (code, verifier))
                cur.execute("ROLLBACK TO SAVEPOINT s")
            # A superuser staff role (made so by someone with the power): out of its reach.
            cur.execute("RESET ROLE")
            cur.execute("CREATE ROLE s_k5super LOGIN SUPERUSER IN ROLE juminzei_staff")
            cur.execute("INSERT INTO auth.staff (staff_code, role_name, display_name)"
                        " VALUES ('K5SUPER', 's_k5super', 'x')")
            cur.execute("SET ROLE juminzei_owner")
            with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                cur.execute("SELECT auth.set_staff_password('K5SUPER', NULL)")
    finally:
        conn.rollback()
        conn.close()


def test_enrolment_unblock_writes_ahead_even_if_the_card_fails(admin: AdminTerminal) -> None:
    """The command line's unblock (administrative URL): the start is committed before the card is
    touched, so a card that fails half-way still leaves its row."""
    code = admin.new_staff("K5T9", "途中 九郎")
    card = admin.blank_card("t9")
    _issue(admin, code, card)

    class PulledDuringUnblock(PivSession):
        def unblock_pin(self, puk: str | bytes, new_pin: str | bytes) -> None:
            raise CardRemoved("pulled")

    with pytest.raises(UserError) as pulled:
        enrolment.unblock_pin(PulledDuringUnblock(InProcessTransport(card)), PUK, "135790",
                              admin_url=admin.db.admin_url)
    assert "カードが抜かれました" in pulled.value.ja
    g = card.guid.hex()[:32]
    assert admin.audit("card.unblock_begin", f"staff={code} %") == [("postgres", "ok", f"staff={code} card={g}")]
    assert admin.audit("card.unblock", f"staff={code} %") == [("postgres", "denied", f"staff={code} card={g}")]
