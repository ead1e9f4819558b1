"""The 0009 migration applies on its own revision (it needs nothing of later ones to be created),
downgrades leaving nothing of it, and applies again."""

from __future__ import annotations

import psycopg2
import pytest
from alembic import command

from app.db import migrate
from tests.support.database import cluster_url
from tests.support.pgcluster import PgCluster

pytestmark = pytest.mark.db


def _objects(url: str) -> tuple[int, int]:
    conn = psycopg2.connect(url)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace"
                        " WHERE n.nspname = 'ledger' AND c.relkind = 'r'"
                        " AND c.relname IN ('salary_import', 'salary_report', 'dependant_income_limit')")
            tables = cur.fetchone()[0]
            cur.execute("SELECT count(*) FROM pg_proc AS p JOIN pg_namespace AS n ON n.oid = p.pronamespace"
                        " WHERE n.nspname IN ('api', 'ledger') AND (p.proname LIKE 'salary%'"
                        " OR p.proname IN ('dependant_check', 'assessment_year_summary'))")
            functions = cur.fetchone()[0]
    finally:
        conn.close()
    return int(tables), int(functions)


def test_upgrade_downgrade_upgrade(pg_cluster: PgCluster) -> None:
    url = cluster_url(pg_cluster, "juminzei_b6_migration")
    conn = psycopg2.connect(cluster_url(pg_cluster, "postgres"))
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("CREATE DATABASE juminzei_b6_migration ENCODING 'UTF8' LC_COLLATE 'C.UTF-8'"
                    " LC_CTYPE 'C.UTF-8' TEMPLATE template0")
    conn.close()
    migrate.upgrade(url, "0009")
    assert _objects(url) == (3, 9)
    command.downgrade(migrate.alembic_config(url), "0008")
    assert _objects(url) == (0, 0)
    migrate.upgrade(url, "0009")
    assert _objects(url) == (3, 9)
