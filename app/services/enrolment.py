"""Card administration: issue a PIV card to a staff member, revoke it, rotate the credential,
unblock its PIN with the PUK.

Runs with an administrative connection (like app.services.staff). The staff role's password is
random, known to nobody, and stored only wrapped to the card's 9D key (app.services.credential_wrap);
every action writes its audit row in the same transaction as the change.
"""

from __future__ import annotations

from collections.abc import Sequence

import psycopg2
import psycopg2.errors
from psycopg2 import sql
from psycopg2.extensions import connection, cursor, encrypt_password

from app.card.errors import (
    AuthenticationFailed,
    CardCommunicationError,
    CardError,
    PukBlocked,
    SecurityStatusNotSatisfied,
    WrongPuk,
)
from app.card.piv import Algorithm, PivSession, Slot
from app.db.connect import transaction
from app.db.urls import libpq_dsn
from app.i18n import UserError
from app.services import staff
from app.services.card_login import card_user_error, pin_length
from app.services.credential_wrap import UnwrapError, Wrapped, public_point, unwrap, wrap


def _card_in_use_error(guid: str) -> UserError:
    return UserError(f"このカード（{guid[:16]}…）は別の職員に発行済みです。先にそのカードを失効させてください。",
                     f"This card ({guid[:16]}…) is already issued to another staff member. Revoke it first.")


def _no_active_card(code: str) -> UserError:
    return UserError(f"職員 {code} に有効なカードはありません。", f"Staff member {code} has no active card.",
                     field="code")


def _set_password(conn: connection, cur: cursor, code: str, password: str) -> None:
    """Give the staff role a new password inside the caller's transaction and record its verifier
    (the api refuses a staff member whose password differs from the recorded one)."""
    role = staff.role_name(code)
    # Only the SCRAM verifier travels, so no statement log holds the password.
    verifier = encrypt_password(password, role, conn, "scram-sha-256")
    cur.execute(sql.SQL("ALTER ROLE {} PASSWORD %s").format(sql.Identifier(role)), (verifier,))
    cur.execute("UPDATE auth.staff SET password_verifier = (SELECT rolpassword FROM pg_authid WHERE rolname = %s)"
                " WHERE staff_code = %s", (role, code))


def _store_wrapped(cur: cursor, card_id: int, wrapped: Wrapped) -> None:
    cur.execute("""INSERT INTO auth.wrapped_credential (card_id, ephemeral_public, nonce, ciphertext)
                   VALUES (%s, %s, %s, %s)
                   ON CONFLICT (card_id) DO UPDATE SET ephemeral_public = EXCLUDED.ephemeral_public,
                       nonce = EXCLUDED.nonce, ciphertext = EXCLUDED.ciphertext, created_at = now()""",
                (card_id, wrapped.ephemeral_public, wrapped.nonce, wrapped.ciphertext))


def _guid_holder(admin_url: str, guid: str) -> str | None:
    """The staff member holding `guid` as an active card, if any."""
    with transaction(admin_url) as cur:
        cur.execute("SELECT staff_code FROM auth.card WHERE card_guid = %s AND revoked_at IS NULL", (guid,))
        row = cur.fetchone()
    return None if row is None else str(row[0])


def read_guid_with_pin(session: PivSession, pin: str) -> bytes | None:
    """SELECT the card, read its GUID and VERIFY its PIN: the holder is present before anything on
    the card is changed. Bilingual UserError for every refusal."""
    try:
        session.select()
        guid = session.card_guid()
        session.verify_pin(pin)
    except ValueError:
        raise pin_length() from None
    except (CardError, CardCommunicationError) as exc:
        raise card_user_error(exc) from None
    return guid


def new_wrapped_key(session: PivSession, management_key: bytes, management_algorithm: int,
                    password: str) -> tuple[bytes, Wrapped]:
    """Generate a new P-256 key in slot 9D (behind the management key) and wrap `password` to it;
    the card proves it can open the result before anything is stored. Returns (public point, wrapped)."""
    try:
        session.authenticate(management_key, management_algorithm)
    except (AuthenticationFailed, SecurityStatusNotSatisfied, ValueError):
        raise UserError("カード管理鍵が違います。", "Wrong card management key.", field="management_key") from None
    except (CardError, CardCommunicationError) as exc:
        raise card_user_error(exc) from None
    try:
        public_key = public_point(session.generate_key(Slot.KEY_MANAGEMENT, Algorithm.ECC_P256))
        wrapped = wrap(password.encode("utf-8"), public_key)
        # Prove the card can open what we store before the old credential is replaced.
        shared = session.ecdh(Slot.KEY_MANAGEMENT, wrapped.ephemeral_public)
        if unwrap(shared, wrapped, public_key) != password.encode("utf-8"):
            raise UnwrapError("round trip mismatch")
    except (CardError, CardCommunicationError) as exc:
        raise card_user_error(exc) from None
    except UnwrapError:
        raise UserError("カードで資格情報を復号できませんでした。カードを確認してください。",
                        "The card could not open the credential. Check the card.") from None
    return public_key, wrapped


def enrol(admin_url: str, staff_code: str, display_name: str, capabilities: Sequence[str],
          session: PivSession, management_key: bytes, pin: str, *,
          management_algorithm: int = Algorithm.TDES) -> str:
    """Issue the card in `session` to a staff member; returns the card's GUID (hex).

    A new 9D key is generated on the card, the staff login role gets a new random password, and the
    password is stored wrapped to the new key. A previous active card of the staff member is revoked.
    """
    code = staff_code.strip().upper()
    caps = staff.validate(code, display_name, capabilities)  # before the card's key is replaced
    guid_bytes = read_guid_with_pin(session, pin)
    if guid_bytes is not None:
        holder = _guid_holder(admin_url, guid_bytes.hex())
        if holder is not None and holder != code:
            raise _card_in_use_error(guid_bytes.hex())
    password = staff.generate_password()
    public_key, wrapped = new_wrapped_key(session, management_key, management_algorithm, password)
    guid = guid_bytes.hex() if guid_bytes is not None else public_key.hex()

    # The role and its password (own transaction; if storing the card fails below, the password is
    # one nobody knows, which locks the staff member out rather than letting anyone in).
    staff.add_staff(admin_url, code, display_name, caps, password)
    conn = psycopg2.connect(libpq_dsn(admin_url))
    try:
        with conn, conn.cursor() as cur:
            cur.execute("UPDATE auth.card SET revoked_at = now(), revoked_by = session_user WHERE revoked_at IS NULL"
                        " AND (staff_code = %s OR card_guid = %s) RETURNING card_id", (code, guid))
            replaced = [r[0] for r in cur.fetchall()]
            cur.execute("DELETE FROM auth.wrapped_credential WHERE card_id = ANY(%s)", (replaced,))
            cur.execute("INSERT INTO auth.card (staff_code, card_guid, public_key) VALUES (%s, %s, %s)"
                        " RETURNING card_id", (code, guid, public_key))
            card_id = cur.fetchone()[0]
            _store_wrapped(cur, card_id, wrapped)
            cur.execute("SELECT audit.record_change('card.issue', NULL, NULL, NULL, 'ok', %s)",
                        (f"staff={code} card={guid[:32]} card_id={card_id} replaced={len(replaced)}",))
    except psycopg2.errors.UniqueViolation:
        raise _card_in_use_error(guid) from None
    finally:
        conn.close()
    return guid


def revoke_card(admin_url: str, staff_code: str) -> str:
    """Revoke the staff member's active card; returns its GUID.

    The staff password is rotated to a fresh random one nobody knows, so the old wrapped credential
    (and anything derived from it) no longer logs in.
    """
    code = staff_code.strip().upper()
    conn = psycopg2.connect(libpq_dsn(admin_url))
    try:
        with conn, conn.cursor() as cur:
            cur.execute("UPDATE auth.card SET revoked_at = now(), revoked_by = session_user"
                        " WHERE staff_code = %s AND revoked_at IS NULL"
                        " RETURNING card_id, card_guid", (code,))
            row = cur.fetchone()
            if row is None:
                raise _no_active_card(code)
            card_id, guid = row
            cur.execute("DELETE FROM auth.wrapped_credential WHERE card_id = %s", (card_id,))
            _set_password(conn, cur, code, staff.generate_password())
            cur.execute("SELECT audit.record_change('card.revoke', NULL, NULL, NULL, 'ok', %s)",
                        (f"staff={code} card={guid[:32]} card_id={card_id}",))
    finally:
        conn.close()
    return str(guid)


def rotate_credential(admin_url: str, staff_code: str, card_public_key: bytes) -> None:
    """Give the staff member a new random password, wrapped to their active card (no card needed:
    wrapping takes only the public key). `card_public_key` must be the registered key."""
    code = staff_code.strip().upper()
    password = staff.generate_password()
    conn = psycopg2.connect(libpq_dsn(admin_url))
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SELECT card_id, public_key FROM auth.card WHERE staff_code = %s AND revoked_at IS NULL"
                        " FOR UPDATE", (code,))
            row = cur.fetchone()
            if row is None:
                raise _no_active_card(code)
            card_id, registered = row[0], bytes(row[1])
            if registered != bytes(card_public_key):
                raise UserError("指定の公開鍵は登録中のカードの鍵ではありません。",
                                "The given public key is not the key of the registered card.")
            _store_wrapped(cur, card_id, wrap(password.encode("utf-8"), registered))
            _set_password(conn, cur, code, password)
            cur.execute("SELECT audit.record_change('card.rotate', NULL, NULL, NULL, 'ok', %s)",
                        (f"staff={code} card_id={card_id}",))
    finally:
        conn.close()


def unblock_error(exc: CardError | CardCommunicationError) -> UserError:
    """The bilingual message for a failed RESET RETRY COUNTER (PUK state first: WrongPuk is a
    WrongPin and PukBlocked a PinBlocked, whose messages would speak of the PIN)."""
    if isinstance(exc, WrongPuk):
        n = exc.retries_left
        return UserError(f"PUKが違います。あと{n}回間違えるとカードは使えなくなります（残り{n}回）。",
                         f"Wrong PUK: {n} {'try' if n == 1 else 'tries'} left before the card can no longer "
                         "be unblocked.", field="puk")
    if isinstance(exc, PukBlocked):
        return UserError("PUKがロックされています。このカードはロック解除できません。カードを失効させ、"
                         "新しいカードを発行してください。",
                         "The PUK is blocked: this card can no longer be unblocked. Revoke it and issue a "
                         "new card.", field="puk")
    return card_user_error(exc)


def _unblock_record(conn: connection, action: str, result: str, code: str | None, guid: str) -> str | None:
    """One committed audit row of an unblock; returns the staff code (found from the GUID if not given)."""
    with conn, conn.cursor() as cur:
        if code is None and guid:
            cur.execute("SELECT staff_code FROM auth.card WHERE card_guid = %s AND revoked_at IS NULL", (guid,))
            row = cur.fetchone()
            code = None if row is None else str(row[0])
        cur.execute("SELECT audit.record_change(%s, NULL, NULL, NULL, %s, %s)",
                    (action, result, f"staff={code or '-'} card={guid[:32] or '-'}"))
    return code


def unblock_pin(session: PivSession, puk: str, new_pin: str, *, admin_url: str | None = None,
                staff_code: str | None = None) -> str:
    """Set a new PIN with the PUK (RESET RETRY COUNTER); the PIN's try counter is reset.

    A card-only operation. With `admin_url` it is audited write-ahead: 'card.unblock_begin' is
    committed before the card is touched (an unreachable database changes nothing, and a PIN reset
    always has its row even if the database fails afterwards), then 'card.unblock' with the card's
    answer ('denied' for a wrong PUK). The staff member is `staff_code` or else the holder of the
    card's GUID. Returns the card's GUID (hex; empty for a card without a CHUID).
    """
    if not (6 <= len(new_pin) <= 8 and new_pin.isascii() and new_pin.isdigit()):
        raise UserError("新しいPINは6〜8桁の数字です。", "The new PIN has 6 to 8 digits.", field="new_pin")
    if not (6 <= len(puk) <= 8 and puk.isascii()):
        raise UserError("PUKは6〜8文字です。", "A PUK has 6 to 8 characters.", field="puk")
    code = staff.check_code(staff_code.strip().upper()) if staff_code else None
    conn = None
    if admin_url is not None:
        try:
            conn = psycopg2.connect(libpq_dsn(admin_url))
        except psycopg2.OperationalError:
            raise UserError("データベースに接続できません（カードは変更していません）。",
                            "Cannot connect to the database (the card was not changed).") from None
    try:
        try:
            session.select()
            guid = (session.card_guid() or b"").hex()
        except (CardError, CardCommunicationError) as exc:
            raise card_user_error(exc) from None
        if conn is not None:
            code = _unblock_record(conn, "card.unblock_begin", "ok", code, guid)
        failure: UserError | None = None
        try:
            session.unblock_pin(puk, new_pin)
        except (CardError, CardCommunicationError) as exc:
            failure = unblock_error(exc)
            if conn is not None:
                # The begin row is committed already; the outcome says the card refused or failed.
                _unblock_record(conn, "card.unblock", "denied", code, guid)
            if not isinstance(exc, (WrongPuk, PukBlocked)):
                raise failure from None
        else:
            if conn is not None:
                _unblock_record(conn, "card.unblock", "ok", code, guid)
        if failure is not None:
            raise failure
    finally:
        if conn is not None:
            conn.close()
    return guid
