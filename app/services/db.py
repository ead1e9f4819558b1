"""Connections and units of work.

One `Database` per server and staff login; every piece of work takes a connection for one
transaction (`unit_of_work`) on the worker thread that runs it and gives it back. Errors that
mean something to a clerk leave as `app.services.errors.ServiceError`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, text

from app.db.urls import sqlalchemy_url
from app.services import errors


@dataclass(frozen=True)
class ConnectionSettings:
    """Where and how to connect. TLS files are paths on this workstation."""

    url: str
    sslmode: str | None = None
    sslcert: str | None = None
    sslkey: str | None = None
    sslrootcert: str | None = None
    connect_timeout_s: int = 10
    statement_timeout_ms: int = 30_000
    application_name: str = "juminzei-desk"
    extra: Mapping[str, str] = field(default_factory=dict)

    def connect_args(self) -> dict[str, Any]:
        args: dict[str, Any] = {
            "connect_timeout": self.connect_timeout_s,
            "application_name": self.application_name,
            "options": f"-c statement_timeout={self.statement_timeout_ms}",
        }
        for key in ("sslmode", "sslcert", "sslkey", "sslrootcert"):
            value = getattr(self, key)
            if value:
                args[key] = value
        args.update(self.extra)
        return args


class Database:
    def __init__(self, settings: ConnectionSettings | str, *, pool_size: int = 2) -> None:
        self.settings = settings if isinstance(settings, ConnectionSettings) else ConnectionSettings(settings)
        self.engine: Engine = create_engine(
            sqlalchemy_url(self.settings.url),
            connect_args=self.settings.connect_args(),
            pool_size=pool_size,
            max_overflow=2,
            pool_pre_ping=True,
        )

    @contextmanager
    def unit_of_work(self) -> Iterator[Connection]:
        """One transaction: committed when the block ends, rolled back on any error."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except Exception as exc:  # translated below; bugs re-raise unchanged
            translated = errors.translate(exc)
            if translated is exc:
                raise
            raise translated from exc

    def call(self, sql: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run one statement in its own unit of work and return its rows as dicts."""
        with self.unit_of_work() as conn:
            return [dict(row._mapping) for row in conn.execute(text(sql), dict(params or {}))]

    def dispose(self) -> None:
        self.engine.dispose()

