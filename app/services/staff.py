"""Staff login roles: one PostgreSQL role s_<code> per staff member, with capability roles.

Runs with an administrative connection. The password is long, random and typed by nobody: the
smart-card enrolment wraps it to the staff card; automation passes it in a file.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

import psycopg2
from psycopg2 import sql
from psycopg2.extensions import encrypt_password

from app.db.urls import libpq_dsn
from app.i18n import UserError

CAPABILITIES = ("r_inquiry", "r_assessor", "r_approver", "r_collection",
                "r_certificate", "r_mynumber", "r_security", "r_admin")
_CODE = re.compile(r"^[A-Z0-9]{2,16}$")


@dataclass(frozen=True)
class StaffAccount:
    code: str
    role_name: str
    display_name: str
    capabilities: tuple[str, ...]


def role_name(code: str) -> str:
    return "s_" + code.lower()


def verifier_matches(verifier: str | None, password: str) -> bool:
    """Does a stored SCRAM-SHA-256 verifier (RFC 7677, as PostgreSQL keeps it) belong to `password`?"""
    if not verifier or not verifier.startswith("SCRAM-SHA-256$"):
        return False
    try:
        head, keys = verifier[len("SCRAM-SHA-256$"):].split("$")
        iterations, salt = head.split(":")
        stored_key, server_key = keys.split(":")
        salted = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt), int(iterations))
    except ValueError:
        return False
    client = hmac.new(salted, b"Client Key", "sha256").digest()
    server = hmac.new(salted, b"Server Key", "sha256").digest()
    return hmac.compare_digest(base64.b64encode(hashlib.sha256(client).digest()).decode(), stored_key) and \
        hmac.compare_digest(base64.b64encode(server).decode(), server_key)


def generate_password() -> str:
    return secrets.token_urlsafe(32)


def check_code(code: str) -> str:
    if not _CODE.match(code):
        raise UserError("職員コードは英大文字と数字の2〜16文字です。",
                        "A staff code is 2-16 upper-case letters and digits.", field="code")
    return code


def validate(code: str, display_name: str, capabilities: Sequence[str]) -> tuple[str, ...]:
    check_code(code)
    if not display_name.strip() or len(display_name) > 60:
        raise UserError("氏名を1〜60文字で入力してください。", "Give a name of 1-60 characters.", field="name")
    unknown = [c for c in capabilities if c not in CAPABILITIES]
    if unknown or not capabilities:
        known = ", ".join(CAPABILITIES)
        raise UserError(f"権限が正しくありません: {', '.join(unknown) or '(なし)'}（使用可能: {known}）",
                        f"Unknown or missing roles: {', '.join(unknown) or '(none)'} (known: {known})",
                        field="roles")
    return tuple(sorted(set(capabilities)))


def add_staff(admin_url: str, code: str, display_name: str, capabilities: Sequence[str],
              password: str) -> StaffAccount:
    """Create or update the staff member's login role, capabilities and auth.staff row."""
    caps = validate(code, display_name, capabilities)
    if len(password) < 16:
        raise UserError("パスワードは16文字以上が必要です。", "The password needs at least 16 characters.",
                        field="password")
    role = role_name(code)
    conn = psycopg2.connect(libpq_dsn(admin_url))
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (role,))
            existing = cur.fetchone()
            verb = "ALTER" if existing else "CREATE"
            if existing is None or not verifier_matches(existing[0], password):
                # Only the SCRAM verifier travels, so no statement log holds the password. An unchanged
                # password keeps its verifier: other databases of the cluster compare against it.
                verifier = encrypt_password(password, role, conn, "scram-sha-256")
                cur.execute(sql.SQL(verb + " ROLE {} LOGIN INHERIT PASSWORD %s").format(sql.Identifier(role)),
                            (verifier,))
            cur.execute(sql.SQL("ALTER ROLE {} SET statement_timeout = '30s'").format(sql.Identifier(role)))
            cur.execute(sql.SQL("ALTER ROLE {} SET idle_in_transaction_session_timeout = '60s'")
                        .format(sql.Identifier(role)))
            cur.execute(sql.SQL("GRANT juminzei_staff TO {}").format(sql.Identifier(role)))
            for cap in CAPABILITIES:
                action = "GRANT {} TO {}" if cap in caps else "REVOKE {} FROM {}"
                cur.execute(sql.SQL(action).format(sql.Identifier(cap), sql.Identifier(role)))
            cur.execute(
                """INSERT INTO auth.staff (staff_code, role_name, display_name)
                   VALUES (%s, %s, %s)
                   ON CONFLICT (staff_code) DO UPDATE SET display_name = EXCLUDED.display_name, active = true""",
                (code, role, display_name),
            )
            cur.execute("UPDATE auth.staff SET password_verifier = (SELECT rolpassword FROM pg_authid"
                        " WHERE rolname = %s) WHERE staff_code = %s", (role, code))
            cur.execute("SELECT audit.record_change('staff.upsert', NULL, NULL, NULL, 'ok', %s)",
                        (f"staff={code} roles={','.join(caps)} {verb.lower()}",))
    finally:
        conn.close()
    return StaffAccount(code, role, display_name, caps)
