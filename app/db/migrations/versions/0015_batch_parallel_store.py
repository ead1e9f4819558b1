"""Batch assessment stores chunks in two sessions side by side (the run still moves in order, one
whole chunk per transaction); HOT updates of returns; relatives found as a set.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-27
"""

from __future__ import annotations

import re

from app.db.migrate import execute_raw, sql_file

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


# Advisory locks are for the api's functions (their owner) only: a staff member could otherwise
# hold the keys of a batch run or of a proposal (0008) and stall others' work.
_ADVISORY = """
    DO $$
    DECLARE
        f regprocedure;
    BEGIN
        FOR f IN SELECT p.oid::regprocedure FROM pg_proc AS p
                  WHERE p.pronamespace = 'pg_catalog'::regnamespace AND p.proname LIKE 'pg%advisory%' LOOP
            EXECUTE format('{}', f, f);
        END LOOP;
    END
    $$"""
# Only a superuser can change those grants; anyone else gets a warning and nothing changes.
_ADVISORY_REVOKED = """
    DO $$
    BEGIN
        IF EXISTS (SELECT 1 FROM pg_proc AS p, aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) AS a
                    WHERE p.pronamespace = 'pg_catalog'::regnamespace AND p.proname LIKE 'pg%advisory%'
                      AND a.privilege_type = 'EXECUTE' AND a.grantee = 0) THEN
            RAISE EXCEPTION 'advisory lock functions are still granted to PUBLIC: run migrations as a superuser';
        END IF;
    END
    $$"""


def upgrade() -> None:
    execute_raw(_ADVISORY.format("REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC; GRANT EXECUTE ON FUNCTION %s TO"
                                 " juminzei_owner"))
    execute_raw(_ADVISORY_REVOKED)
    execute_raw("SET LOCAL ROLE juminzei_owner")
    execute_raw(sql_file("0015_batch_parallel_store.sql"))
    execute_raw("RESET ROLE")


def _definition(signature: str) -> str:
    """A function's definition in 0013, as CREATE OR REPLACE."""
    found = re.search(rf"CREATE (?:OR REPLACE )?FUNCTION {re.escape(signature)}.*?\n\$\$;",
                      sql_file("0013_batch_speed.sql"), re.S)
    assert found is not None, signature
    return re.sub(r"^CREATE (OR REPLACE )?FUNCTION", "CREATE OR REPLACE FUNCTION", found.group(0))


def downgrade() -> None:
    execute_raw("SET LOCAL ROLE juminzei_owner")
    execute_raw("""
        DROP FUNCTION api.batch_attach(integer), api.batch_declare_steps(integer),
                      api.batch_claim(integer, bigint, bigint), api.batch_store(integer, bigint, bigint),
                      api.batch_advance(integer, bigint, bigint);""")
    for signature in ("api.batch_open(", "api.batch_inputs(p_run_id integer, p_after bigint",
                      "api.batch_store(p_run_id integer, p_last_person_id bigint)"):
        execute_raw(_definition(signature))
    found = re.search(r"CREATE FUNCTION api\.batch_close\(.*?\n\$\$;", sql_file("0002_batch.sql"), re.S)
    assert found is not None
    execute_raw(found.group(0).replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1))
    execute_raw("""
        DROP FUNCTION ledger.batch_move(integer, bigint, bigint),
                      ledger.batch_write(ledger.batch_run, bigint, bigint), ledger.batch_declare(smallint),
                      ledger.batch_staging(integer), ledger.batch_run_open(integer, boolean),
                      ledger.batch_lock_key(integer, bigint),
                      ledger.batch_check_range(ledger.batch_run, bigint, bigint);
        DROP TABLE ledger.batch_pending;
        DROP FUNCTION ledger.batch_pending_advanced();
        ALTER TABLE ledger.assessment RESET (fillfactor);
        ALTER TABLE ledger.batch_run DROP COLUMN moved_in;""")
    execute_raw("RESET ROLE")
    execute_raw(_ADVISORY.format("GRANT EXECUTE ON FUNCTION %s TO PUBLIC; REVOKE EXECUTE ON FUNCTION %s FROM"
                                 " juminzei_owner"))
