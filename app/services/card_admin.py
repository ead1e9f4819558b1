"""Card administration from a staff member's own session (the 管理 screen).

Unlike app.services.enrolment (the command line, with an administrative connection), everything
here goes through api functions that check the terminal and the capability, apply the card-holder
rules and write the audit rows: a modified client can do nothing the database does not allow. What
the card does (new key, PIN unblock) happens on the terminal; the database gets only public keys,
ciphertext and SCRAM verifiers, never a password.

Two-person rule: an r_admin issues a card (`issue`), which waits until a different staff member
holding r_security approves it (`approve`, or `reject`); only then does the new card log in. A
credential is rotated by its own holder only (`rotate_own`). No Qt.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from app.card.errors import CardCommunicationError, CardError, PukBlocked, WrongPuk
from app.card.piv import DEFAULT_MANAGEMENT_KEY, Algorithm, PivSession
from app.i18n import UserError
from app.services import enrolment, staff
from app.services.card_login import card_user_error, pin_length
from app.services.credential_wrap import wrap
from app.services.db import Database

Progress = Callable[[str], None]  # a step name: "card", "key", "database"


@dataclass(frozen=True)
class StaffCard:
    """A staff member with their active card, or else their last revoked one."""

    staff_code: str
    display_name: str
    active: bool
    capabilities: tuple[str, ...]
    card_id: int | None
    card_guid: str | None
    public_key: bytes | None
    fingerprint: str | None  # SHA-256 of the 9D public key, hex
    issued_at: datetime | None
    issued_by: str | None
    revoked_at: datetime | None
    revoked_by: str | None
    cards_issued: int
    pending_card_guid: str | None = None  # an issued card waiting for approval
    pending_issued_at: datetime | None = None
    pending_issued_by: str | None = None

    @property
    def pending(self) -> bool:
        return self.pending_card_guid is not None

    @property
    def state(self) -> str:
        """'active', 'revoked' or 'none' (never issued)."""
        if self.card_id is None:
            return "none"
        return "revoked" if self.revoked_at is not None else "active"


@dataclass(frozen=True)
class CardHolder:
    staff_code: str
    display_name: str
    state: str  # 'active' | 'pending' (waiting for approval) | 'revoked'


@dataclass(frozen=True)
class PendingIssue:
    """An issued card waiting for a security officer's decision."""

    issuance_id: int
    staff_code: str
    display_name: str
    capabilities: tuple[str, ...]
    card_guid: str
    fingerprint: str
    issued_at: datetime
    issued_by: str
    replaces_card_guid: str | None


def scram_verifier(password: str, *, iterations: int = 4096) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for `password` (RFC 5802/7677), computed here so
    that only the verifier reaches the server. (PostgreSQL does not mix the user name in.)"""
    salt = secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()
    stored_key = hashlib.sha256(client_key).digest()

    def b64(raw: bytes) -> str:
        return base64.b64encode(raw).decode("ascii")

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def _code(staff_code: str) -> str:
    return staff.check_code(staff_code.strip().upper())


def _step(progress: Progress | None, name: str) -> None:
    if progress is not None:
        progress(name)


def staff_cards(db: Database) -> list[StaffCard]:
    rows = db.call("SELECT * FROM api.staff_cards()")
    return [StaffCard(r["staff_code"], r["display_name"], r["active"], tuple(r["capabilities"]), r["card_id"],
                      r["card_guid"], None if r["public_key"] is None else bytes(r["public_key"]),
                      r["fingerprint"], r["issued_at"], r["issued_by"], r["revoked_at"], r["revoked_by"],
                      r["cards_issued"], r["pending_card_guid"], r["pending_issued_at"], r["pending_issued_by"])
            for r in rows]


def pending_issues(db: Database) -> list[PendingIssue]:
    """Issued cards waiting for approval (api.card_issuances_pending, r_security)."""
    rows = db.call("SELECT * FROM api.card_issuances_pending()")
    return [PendingIssue(r["issuance_id"], r["staff_code"], r["display_name"], tuple(r["capabilities"]),
                         r["card_guid"], r["fingerprint"], r["issued_at"], r["issued_by"], r["replaces_card_guid"])
            for r in rows]


def approve(db: Database, staff_code: str, card_guid: str) -> int:
    """Approve the issue of `card_guid` to the staff member (r_security; the database refuses the
    issuer and the holder). The card becomes their active card; returns its id."""
    rows = db.call("SELECT api.card_issue_approve(:code, :guid) AS card_id",
                   {"code": _code(staff_code), "guid": card_guid})
    return int(rows[0]["card_id"])


def reject(db: Database, staff_code: str, card_guid: str) -> None:
    """Reject the issue of `card_guid` to the staff member: the card never logs in."""
    db.call("SELECT api.card_issue_reject(:code, :guid) AS done", {"code": _code(staff_code), "guid": card_guid})


def card_holder(db: Database, card_guid: str) -> CardHolder | None:
    rows = db.call("SELECT * FROM api.card_holder(:guid)", {"guid": card_guid})
    return None if not rows else CardHolder(rows[0]["staff_code"], rows[0]["display_name"], rows[0]["state"])


def parse_management_key(text: str) -> bytes:
    """The card management key as typed (hex, spaces allowed); empty means the PIV default."""
    cleaned = "".join(text.split())
    if not cleaned:
        return DEFAULT_MANAGEMENT_KEY
    try:
        key = bytes.fromhex(cleaned)
    except ValueError:
        key = b""
    if len(key) != 24:
        raise UserError("カード管理鍵は16進数48桁（24バイト）で入力してください。空欄なら初期値を使います。",
                        "The card management key is 48 hex digits (24 bytes); leave it empty for the default.",
                        field="management_key")
    return key


@dataclass(frozen=True)
class Issued:
    issuance_id: int  # waiting for a security officer's approval
    card_guid: str
    fingerprint: str


def issue(db: Database, staff_code: str, session: PivSession, pin: str, management_key: bytes, *,
          management_algorithm: int = Algorithm.TDES, progress: Progress | None = None) -> Issued:
    """Issue the card in `session` to an existing staff member: the holder's PIN is verified, the
    card's holder checked with the database before its key is replaced, a new 9D key generated,
    a new random password wrapped to it, and api.card_issue stores card, key and credential as an
    issue WAITING FOR APPROVAL by another staff member with r_security (until then the card does
    not log in, and the staff member's current card keeps working)."""
    code = _code(staff_code)
    if not 6 <= len(pin) <= 8:
        raise pin_length()
    _step(progress, "card")
    try:
        session.select()
        guid_bytes = session.card_guid()
    except (CardError, CardCommunicationError) as exc:
        raise card_user_error(exc) from None
    if guid_bytes is not None:
        # Asked before the PIN and the key: another staff member's card (the administrator's own,
        # say, in the wrong reader) loses no PIN try and keeps its key.
        holder = card_holder(db, guid_bytes.hex())
        if holder is not None and holder.state == "active" and holder.staff_code != code:
            raise UserError(f"このカードは別の職員（{holder.staff_code} {holder.display_name}）に発行済みです。"
                            "先にそのカードを失効させてください。",
                            f"This card is already issued to another staff member ({holder.staff_code}). "
                            "Revoke it first.")
        if holder is not None and holder.state == "pending" and holder.staff_code != code:
            raise UserError(f"このカードは別の職員（{holder.staff_code} {holder.display_name}）への発行が"
                            "承認待ちです。先にその発行を却下してもらってください。",
                            f"This card is waiting for approval for another staff member ({holder.staff_code}). "
                            "Have that issue rejected first.")
    # The holder is present: their PIN is checked before anything on the card changes.
    enrolment.read_guid_with_pin(session, pin)
    _step(progress, "key")
    password = staff.generate_password()
    public_key, wrapped = enrolment.new_wrapped_key(session, management_key, management_algorithm, password)
    guid = guid_bytes.hex() if guid_bytes is not None else public_key.hex()
    _step(progress, "database")
    rows = db.call("SELECT api.card_issue(:code, :guid, :key, :verifier, :eph, :nonce, :ct) AS issuance_id",
                   {"code": code, "guid": guid, "key": public_key, "verifier": scram_verifier(password),
                    "eph": wrapped.ephemeral_public, "nonce": wrapped.nonce, "ct": wrapped.ciphertext})
    return Issued(int(rows[0]["issuance_id"]), guid, hashlib.sha256(public_key).hexdigest())


def revoke(db: Database, staff_code: str) -> str:
    """Revoke the staff member's active card (api.card_revoke); returns its GUID."""
    rows = db.call("SELECT api.card_revoke(:code) AS guid", {"code": _code(staff_code)})
    return str(rows[0]["guid"])


def rotate_own(db: Database) -> int:
    """A new random password for the logged-in staff member THEMSELVES, wrapped to the registered
    key of their own active card (api.my_card; no card operation needed). Nobody can rotate another
    staff member's credential: the database takes the staff member from the session. Returns the
    card's id. The connections already open stay open; new ones need the new password (log in
    again with the card)."""
    rows = db.call("SELECT * FROM api.my_card()")
    if not rows:
        raise UserError("有効なカードがありません。", "You have no active card.")
    card_id, public_key = int(rows[0]["card_id"]), bytes(rows[0]["public_key"])
    password = staff.generate_password()
    wrapped = wrap(password.encode("utf-8"), public_key)
    db.call("SELECT api.card_rotate(:card_id, :verifier, :eph, :nonce, :ct) AS done",
            {"card_id": card_id, "verifier": scram_verifier(password), "eph": wrapped.ephemeral_public,
             "nonce": wrapped.nonce, "ct": wrapped.ciphertext})
    return card_id


def check_new_pin(new_pin: str, repeated: str) -> None:
    if not (6 <= len(new_pin) <= 8 and new_pin.isascii() and new_pin.isdigit()):
        raise UserError("新しいPINは6〜8桁の数字です。", "The new PIN has 6 to 8 digits.", field="new_pin")
    if new_pin != repeated:
        raise UserError("確認のために入力した新しいPINが一致しません。", "The two new PINs differ.",
                        field="new_pin_again")


def unblock(db: Database, staff_code: str, session: PivSession, puk: str, new_pin: str, *,
            progress: Progress | None = None) -> str:
    """Set a new PIN on the staff member's card with the PUK. Write-ahead audit: api.card_unblock
    'begin' (which refuses another staff member's, a revoked or an unknown card) is committed before
    the card is touched, then the card's answer is recorded. Returns the card's GUID."""
    code = _code(staff_code)
    check_new_pin(new_pin, new_pin)
    if not (6 <= len(puk) <= 8 and puk.isascii()):
        raise UserError("PUKは6〜8文字です。", "A PUK has 6 to 8 characters.", field="puk")
    _step(progress, "card")
    try:
        session.select()
        guid = (session.card_guid() or b"").hex()
    except (CardError, CardCommunicationError) as exc:
        raise card_user_error(exc) from None
    if not guid:
        raise UserError("このカードには識別子（GUID）がないため、ここではロック解除できません。",
                        "This card has no GUID and cannot be unblocked here.")

    def record(stage: str, detail: str = "") -> None:
        db.call("SELECT api.card_unblock(:stage, :code, :guid, :detail) AS done",
                {"stage": stage, "code": code, "guid": guid, "detail": detail})

    _step(progress, "database")
    record("begin")
    _step(progress, "key")
    try:
        session.unblock_pin(puk, new_pin)
    except (CardError, CardCommunicationError) as exc:
        failure = enrolment.unblock_error(exc)
        detail = f"puk_tries_left={exc.retries_left}" if isinstance(exc, WrongPuk) else \
            "puk_blocked" if isinstance(exc, PukBlocked) else f"card_error={type(exc).__name__}"
        record("denied", detail)
        raise failure from None
    _step(progress, "database")
    try:
        record("ok")
    except UserError as exc:
        raise UserError("PINは再設定されましたが、完了の記録に失敗しました（開始の記録は残っています）。"
                        f"{exc.ja}", f"The PIN was reset but its completion could not be recorded (the start "
                        f"is recorded). {exc.en}") from exc
    return guid
