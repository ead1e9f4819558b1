"""Provision a PostgreSQL server for Juminzei Desk, idempotently.

`init_database(url)` connects with an administrative role (a superuser, or a role with CREATEDB
and CREATEROLE), creates the database named in the URL if it is missing (UTF-8, C.UTF-8 so that
trigram search treats Japanese as word characters), then applies the migrations: roles,
schemas, api functions and audit.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg2
from psycopg2 import sql
from sqlalchemy.engine import make_url

from app.db import migrate
from app.db.urls import libpq_dsn
from app.i18n import UserError
from app.services.dependant_check import store_limits


@dataclass(frozen=True)
class InitResult:
    database: str
    created: bool
    revision_before: str | None
    revision_after: str | None


def database_name(url: str) -> str:
    name = make_url(url).database
    if not name:
        raise UserError("URL にデータベース名がありません。", "The URL names no database.", field="url")
    return name


def init_database(url: str) -> InitResult:
    name = database_name(url)
    created = False
    try:
        admin = psycopg2.connect(libpq_dsn(url, "postgres"))
    except psycopg2.OperationalError as exc:
        raise UserError(f"サーバーに接続できません: {exc}".strip(),
                        f"Cannot connect to the server: {exc}".strip(), field="url") from exc
    try:
        admin.autocommit = True
        with admin.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            if cur.fetchone() is None:
                cur.execute(sql.SQL(
                    "CREATE DATABASE {} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0"
                ).format(sql.Identifier(name)))
                created = True
    finally:
        admin.close()
    before = migrate.current_revision(url)
    migrate.upgrade(url)
    # Server-side copies of parameter-file values the database applies itself (扶養調査 limits).
    store_limits(url)
    return InitResult(name, created, before, migrate.current_revision(url))
