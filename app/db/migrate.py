"""Run the Alembic migrations against a database URL."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from app.db.urls import sqlalchemy_url

MIGRATIONS = Path(__file__).with_name("migrations")
SQL_DIR = Path(__file__).with_name("sql")


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", sqlalchemy_url(url).render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def current_revision(url: str) -> str | None:
    engine = create_engine(sqlalchemy_url(url))
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config("postgresql://")).get_current_head()


def sql_file(name: str) -> str:
    return (SQL_DIR / name).read_text(encoding="utf-8")


def current_revision_or_none(url: str) -> str | None:
    """The applied revision, or None when the database does not exist yet."""
    from sqlalchemy.exc import OperationalError

    try:
        return current_revision(url)
    except OperationalError:
        return None


def execute_raw(statement: str, rows: list[tuple[object, ...]] | None = None) -> None:
    """Inside a revision: run SQL straight through the driver. The SQL files hold % and : that a
    parameter layer would misread."""
    from alembic import op

    cursor = op.get_bind().connection.cursor()
    if rows is None:
        cursor.execute(statement)
    else:
        cursor.executemany(statement, rows)


def create_audit_writer() -> tuple[str, str]:
    """Inside a revision: (re)create this database's audit writer login with a new random password.

    Each database has its own writer (roles are cluster-wide; the password lives in the database).
    The password reaches the server only as a SCRAM verifier, so no log holds it."""
    import hashlib
    import secrets

    from alembic import op
    from psycopg2 import sql
    from psycopg2.extensions import encrypt_password

    connection = op.get_bind().connection.dbapi_connection
    assert connection is not None
    cursor = connection.cursor()
    cursor.execute("SELECT current_database()")
    database = str(cursor.fetchone()[0])  # type: ignore[index]
    role = "juminzei_audit_" + hashlib.md5(database.encode(), usedforsecurity=False).hexdigest()[:12]
    password = secrets.token_urlsafe(32)
    verifier = encrypt_password(password, role, connection, "scram-sha-256")
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
    verb = "ALTER" if cursor.fetchone() else "CREATE"
    cursor.execute(sql.SQL(verb + " ROLE {} LOGIN PASSWORD %s").format(sql.Identifier(role)), (verifier,))
    cursor.execute(sql.SQL("GRANT juminzei_audit_writers TO {}").format(sql.Identifier(role)))
    return role, password
