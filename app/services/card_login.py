"""Login with staff code + PIV card + PIN (architecture, "Identity").

The client connects as the bootstrap role juminzei_login (terminal certificate only), fetches the
staff member's wrapped credential with api.login_material, lets the card verify the PIN and do
the ECDH on slot 9D, unwraps the staff role's password and hands back a DSN for that role. From
then on PostgreSQL enforces that staff member's rights. No Qt.

The password and the DSN are never logged; the DSN lives only as long as the caller keeps it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import psycopg2
import psycopg2.errors

from app.card.errors import (
    AppletNotFound,
    CardCommunicationError,
    CardError,
    CardRemoved,
    NotFound,
    PcscUnavailable,
    PinBlocked,
    ReferencedDataNotFound,
    SecurityStatusNotSatisfied,
    WrongPin,
)
from app.card.piv import PivSession, Slot
from app.db.urls import libpq_dsn
from app.i18n import UserError
from app.services.credential_wrap import UnwrapError, Wrapped, unwrap

log = logging.getLogger(__name__)

def other_staff_card() -> UserError:
    return UserError("別の職員のカードです。", "This card belongs to another staff member.")


def pin_length() -> UserError:
    """A PIN of the wrong length is refused before the card is asked, so no try is spent."""
    return UserError("PINは6〜8文字です。", "A PIN has 6 to 8 characters.", field="pin")


@dataclass(frozen=True)
class LoginMaterial:
    role_name: str
    card_guid: str
    public_key: bytes
    wrapped: Wrapped


def card_user_error(exc: CardError | CardCommunicationError) -> UserError:
    """A bilingual message for a typed error of app.card (PIN state, missing card or reader)."""
    if isinstance(exc, WrongPin):
        n = exc.retries_left
        return UserError(f"PINが違います。あと{n}回間違えるとカードがロックされます（残り{n}回）。",
                         f"Wrong PIN: {n} {'try' if n == 1 else 'tries'} left before the card is blocked.",
                         field="pin")
    if isinstance(exc, PinBlocked):
        return UserError("PINがロックされています。管理者にロック解除を依頼してください。",
                         "The PIN is blocked. Ask an administrator to unblock the card.", field="pin")
    if isinstance(exc, AppletNotFound):
        return UserError("このカードは職員カード（PIV）ではありません。",
                         "This is not a staff (PIV) card.")
    if isinstance(exc, (ReferencedDataNotFound, NotFound)):
        return UserError("このカードは発行手続きが済んでいません（鍵がありません）。",
                         "This card has not been issued (it holds no key).")
    if isinstance(exc, SecurityStatusNotSatisfied):
        return UserError("カードが操作を拒否しました（PIN または管理鍵が確認されていません）。",
                         "The card refused: PIN or management key not verified.")
    if isinstance(exc, CardRemoved):
        return UserError("カードが抜かれました。カードを挿し直してください。",
                         "The card was removed. Insert it again.")
    if isinstance(exc, PcscUnavailable):
        return UserError("カードリーダーのサービス（PC/SC）が動いていません。",
                         "The card reader service (PC/SC) is not running.")
    if isinstance(exc, CardCommunicationError):
        return UserError("カードリーダーが見つからないか、カードが挿入されていません。",
                         "No card reader found, or no card inserted.")
    return UserError(f"カードがエラーを返しました（{exc.sw:04X}）。",
                     f"The card returned an error ({exc.sw:04X}).")


def _card_guid(session: PivSession) -> bytes | None:
    """SELECT the PIV application and read the card's GUID (None when it has no CHUID)."""
    try:
        session.select()
        return session.card_guid()
    except (CardError, CardCommunicationError) as exc:
        raise card_user_error(exc) from None


def awaiting_approval() -> UserError:
    return UserError("このカードは発行の承認待ちです。セキュリティ担当者が承認するとログインできます。",
                     "This card is waiting for a security officer to approve its issue.")


def fetch_material(bootstrap_url: str, staff_code: str, card_guid: str | None = None) -> LoginMaterial:
    """api.login_material over the bootstrap connection (committed at once: the request is audited).
    Rows without a credential are cards whose issue waits for approval: `card_guid` (the card in
    the reader) being one of them is said so."""
    try:
        conn = psycopg2.connect(libpq_dsn(bootstrap_url))
    except psycopg2.OperationalError:
        raise UserError("データベースに接続できません。端末証明書とネットワークを確認してください。",
                        "Cannot connect to the database. Check the terminal certificate and the network.") from None
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            try:
                cur.execute("SELECT role_name, card_guid, public_key, ephemeral_public, nonce, ciphertext"
                            " FROM api.login_material(%s)", (staff_code,))
            except psycopg2.errors.InsufficientPrivilege as exc:
                # Unregistered or revoked terminal (auth.require_terminal), or not the bootstrap role.
                detail = exc.diag.message_primary or ""
                raise UserError(f"この端末からはログインできません。{detail}",
                                "This terminal may not log in (unknown or revoked terminal).") from None
            rows = cur.fetchall()
    finally:
        conn.close()
    if card_guid is not None and any(r[5] is None and r[1] == card_guid for r in rows):
        raise awaiting_approval()
    row = next((r for r in rows if r[5] is not None), None)
    if row is None:
        raise UserError(f"職員コード {staff_code} に有効なカードがありません（未登録、失効済み、または無効）。",
                        f"Staff code {staff_code} has no active card (unknown, revoked or inactive).",
                        field="code")
    role, guid, public_key, ephemeral, nonce, ciphertext = row
    return LoginMaterial(role, guid, bytes(public_key), Wrapped(bytes(ephemeral), bytes(nonce), bytes(ciphertext)))


def login(bootstrap_url: str, staff_code: str, session: PivSession, pin: str) -> str:
    """Staff code + card + PIN → a libpq DSN for the staff member's own login role.

    Raises UserError (both languages) for every refusal: unknown code or revoked card, another
    staff member's card, wrong PIN (tries left), blocked PIN, no card or reader, unknown terminal.
    """
    code = staff_code.strip().upper()
    guid = _card_guid(session)
    material = fetch_material(bootstrap_url, code, None if guid is None else guid.hex())
    # Checked before the PIN so that a wrong card is named as such and spends no PIN try.
    if guid is not None and guid.hex() != material.card_guid:
        raise other_staff_card()
    try:
        session.verify_pin(pin)
        shared = session.ecdh(Slot.KEY_MANAGEMENT, material.wrapped.ephemeral_public)
    except ValueError:
        raise pin_length() from None
    except (CardError, CardCommunicationError) as exc:
        raise card_user_error(exc) from None
    try:
        password = unwrap(shared, material.wrapped, material.public_key).decode("utf-8")
    except (UnwrapError, UnicodeDecodeError):
        if guid is None:  # no GUID to compare: the key is the only identity, and it does not match
            raise other_staff_card() from None
        raise UserError("カードの鍵が登録内容と一致しません。管理者にカードの再発行を依頼してください。",
                        "The key on this card does not match its registration. Ask an administrator "
                        "to re-issue the card.") from None
    log.info("card login: staff=%s role=%s", code, material.role_name)
    return libpq_dsn(bootstrap_url, username=material.role_name, password=password)
