"""Database URLs: users give `postgresql://…`; SQLAlchemy gets the psycopg2 dialect, libpq a DSN."""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url


def sqlalchemy_url(url: str) -> URL:
    parsed = make_url(url)
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg2")
    return parsed


def libpq_dsn(url: str, database: str | None = None, **changes: str) -> str:
    """A libpq connection URI for psycopg2, optionally for another database or user."""
    parsed = make_url(url).set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
    if changes:
        parsed = parsed.set(**changes)  # type: ignore[arg-type]
    return parsed.render_as_string(hide_password=False)
