"""The register of terminals allowed to reach personal data (auth.terminal).

The database refuses api calls over TLS from a certificate whose CN is not registered here or has
been revoked, on top of pg_hba's check that the certificate comes from the city CA."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.db.connect import transaction
from app.i18n import UserError
from app.services.pki import validate_terminal_id


@dataclass(frozen=True)
class Terminal:
    terminal_id: str
    description: str
    registered_at: datetime
    revoked_at: datetime | None


def register(admin_url: str, terminal_id: str, description: str = "") -> Terminal:
    terminal_id = validate_terminal_id(terminal_id)
    with transaction(admin_url) as cur:
        cur.execute("""INSERT INTO auth.terminal (terminal_id, description) VALUES (%s, %s)
                       ON CONFLICT (terminal_id) DO UPDATE
                           SET description = EXCLUDED.description, revoked_at = NULL, registered_at = now()
                       RETURNING terminal_id, description, registered_at, revoked_at""",
                    (terminal_id, description))
        row = cur.fetchone()
        cur.execute("SELECT audit.record_change('terminal.register', NULL, NULL, NULL, 'ok', %s)",
                    (f"terminal={terminal_id}",))
    return Terminal(*row)


def allow_local_socket(admin_url: str) -> None:
    """Let api calls over the server's Unix socket through (the embedded demo and tests only: in
    production pg_hba gives staff no local access and this pseudo-terminal stays unregistered)."""
    with transaction(admin_url) as cur:
        cur.execute("INSERT INTO auth.terminal (terminal_id, description) VALUES ('local-socket', %s)"
                    " ON CONFLICT (terminal_id) DO UPDATE SET revoked_at = NULL", ("Unix socket (demo/test)",))
        cur.execute("SELECT audit.record_change('terminal.register', NULL, NULL, NULL, 'ok', 'terminal=local-socket')")


def revoke(admin_url: str, terminal_id: str) -> Terminal:
    terminal_id = validate_terminal_id(terminal_id)
    with transaction(admin_url) as cur:
        cur.execute("""UPDATE auth.terminal SET revoked_at = coalesce(revoked_at, now()) WHERE terminal_id = %s
                       RETURNING terminal_id, description, registered_at, revoked_at""", (terminal_id,))
        row = cur.fetchone()
        if row is None:
            raise UserError(f"端末 {terminal_id} は登録されていません。", f"Terminal {terminal_id} is not registered.",
                            field="terminal_id")
        cur.execute("SELECT audit.record_change('terminal.revoke', NULL, NULL, NULL, 'ok', %s)",
                    (f"terminal={terminal_id}",))
    return Terminal(*row)


def list_terminals(admin_url: str) -> list[Terminal]:
    with transaction(admin_url) as cur:
        cur.execute("SELECT terminal_id, description, registered_at, revoked_at FROM auth.terminal ORDER BY 1")
        rows = cur.fetchall()
    return [Terminal(*r) for r in rows]
