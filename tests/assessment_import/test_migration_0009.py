"""The 0009 migration applies on its own revision (it needs nothing of later ones to be created),
downgrades leaving nothing of it, and applies again."""

from __future__ import annotations

import pytest
from alembic import command

from app.db import migrate
from tests.support.database import autocommit_cursor, empty_database
from tests.support.pgcluster import PgCluster

pytestmark = pytest.mark.db


def _objects(url: str) -> tuple[int, int]:
    with autocommit_cursor(url) as cur:
        cur.execute("SELECT count(*) FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace"
                    " WHERE n.nspname = 'ledger' AND c.relkind = 'r'"
                    " AND c.relname IN ('salary_import', 'salary_report', 'dependant_income_limit')")
        tables = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM pg_proc AS p JOIN pg_namespace AS n ON n.oid = p.pronamespace"
                    " WHERE n.nspname IN ('api', 'ledger') AND (p.proname LIKE 'salary%'"
                    " OR p.proname IN ('dependant_check', 'assessment_year_summary'))")
        functions = cur.fetchone()[0]
    return int(tables), int(functions)


def test_upgrade_downgrade_upgrade(pg_cluster: PgCluster) -> None:
    url = empty_database(pg_cluster, "juminzei_b6_migration")
    migrate.upgrade(url, "0009")
    assert _objects(url) == (3, 9)
    command.downgrade(migrate.alembic_config(url), "0008")
    assert _objects(url) == (0, 0)
    migrate.upgrade(url, "0009")
    assert _objects(url) == (3, 9)
