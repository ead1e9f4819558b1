"""The 0006 migration applies on its own revision, downgrades cleanly (nothing of it left) and
applies again; the MAC key is new each time it is created."""

from __future__ import annotations

import pytest
from alembic import command

from app.db import migrate
from tests.support.database import autocommit_cursor, empty_database
from tests.support.pgcluster import PgCluster

pytestmark = pytest.mark.db


def _objects(url: str) -> tuple[int, int]:
    with autocommit_cursor(url) as cur:
        cur.execute("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    " WHERE n.nspname = 'ledger' AND c.relname LIKE 'certificate%'")
        tables = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                    " WHERE n.nspname IN ('api', 'ledger') AND (p.proname LIKE 'certificate%'"
                    " OR p.proname = 'hmac_sha256')")
        functions = cur.fetchone()[0]
    return int(tables), int(functions)


def _key(url: str) -> bytes:
    with autocommit_cursor(url) as cur:
        cur.execute("SELECT key FROM ledger.certificate_key")
        return bytes(cur.fetchone()[0])


def test_upgrade_downgrade_upgrade(pg_cluster: PgCluster) -> None:
    url = empty_database(pg_cluster, "juminzei_c8_migration")
    migrate.upgrade(url, "0006")
    tables, functions = _objects(url)
    assert tables >= 11 and functions >= 20
    first_key = _key(url)
    command.downgrade(migrate.alembic_config(url), "0005")
    assert _objects(url) == (0, 0)
    migrate.upgrade(url, "0006")
    assert _objects(url) == (tables, functions)
    assert _key(url) != first_key
