"""Migration 0014 downgrades to exactly the search of 0003 and applies again."""

from __future__ import annotations

import pytest
from alembic import command

from app.db import migrate
from tests.support.database import autocommit_cursor, empty_database
from tests.support.pgcluster import PgCluster

pytestmark = pytest.mark.db


def _shape(url: str) -> dict[str, object]:
    with autocommit_cursor(url) as cur:
        cur.execute("SELECT p.oid::regprocedure::text, pg_get_function_result(p.oid) FROM pg_proc AS p"
                    " WHERE p.oid::regprocedure::text LIKE 'api.person_search(%'")
        search = cur.fetchall()
        cur.execute("SELECT array_agg(indexname::text ORDER BY indexname) FROM pg_indexes"
                    " WHERE tablename IN ('person', 'search_result') AND schemaname = 'ledger'")
        indexes = cur.fetchone()[0]
        cur.execute("SELECT array_agg(attname::text ORDER BY attname) FROM pg_attribute"
                    " WHERE attrelid IN ('ledger.person'::regclass, 'ledger.search_result'::regclass)"
                    " AND attnum > 0 AND NOT attisdropped")
        columns = cur.fetchone()[0]
        cur.execute("SELECT relpersistence FROM pg_class WHERE oid = 'ledger.search_result'::regclass")
        persistence = cur.fetchone()[0]
        cur.execute("SELECT array_agg(tgname::text ORDER BY tgname) FROM pg_trigger"
                    " WHERE tgrelid = 'ledger.person'::regclass AND NOT tgisinternal")
        triggers = cur.fetchone()[0]
        cur.execute("SELECT to_regclass('ledger.person_name_ending') IS NOT NULL")
        endings = cur.fetchone()[0]
    return {"search": search, "indexes": indexes, "columns": columns, "persistence": persistence,
            "triggers": triggers, "endings": endings}


def test_upgrade_downgrade_upgrade(pg_cluster: PgCluster) -> None:
    url = empty_database(pg_cluster, "juminzei_s4_migration")
    migrate.upgrade(url, "0013")
    before = _shape(url)
    assert before["persistence"] == "p" and "person_kana_key_prefix" in before["indexes"]
    migrate.upgrade(url, "0014")
    after = _shape(url)
    assert after["search"] == [("api.person_search(text,text,date,bigint,text,text,integer,integer)",
                                "TABLE(search_id bigint, total integer, page jsonb)")]
    assert after["persistence"] == "u" and "person_given_kana_sorted" in after["indexes"]
    assert after["endings"] and not before["endings"] and "person_name_endings_update" in after["triggers"]
    command.downgrade(migrate.alembic_config(url), "0013")
    assert _shape(url) == before
    migrate.upgrade(url, "0014")
    assert _shape(url) == after
