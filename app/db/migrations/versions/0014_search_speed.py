"""Person search and look-ups faster at a million persons; searches record the persons they return.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-27
"""

from __future__ import annotations

import re

from app.db.migrate import execute_raw, sql_file

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    execute_raw("SET LOCAL ROLE juminzei_owner")
    execute_raw(sql_file("0014_search_speed.sql"))
    execute_raw("RESET ROLE")


def _definition(name: str, file: str) -> str:
    found = re.search(rf"CREATE FUNCTION {re.escape(name)}\(.*?\n\$\$;", sql_file(file), re.S)
    assert found is not None
    return found.group(0)


def downgrade() -> None:
    execute_raw("SET LOCAL ROLE juminzei_owner")
    execute_raw("""
        DROP FUNCTION api.person_search(text, text, date, bigint, text, text, integer, integer),
                      ledger.person_search_statement(text[], boolean, boolean, boolean, boolean);
        DROP INDEX ledger.person_kana_sorted, ledger.person_name_sorted, ledger.person_given_kana_sorted,
                   ledger.person_given_name_sorted, ledger.search_result_created, ledger.search_result_latest;
        DROP TRIGGER person_name_endings_insert ON ledger.person;
        DROP TRIGGER person_name_endings_update ON ledger.person;
        DROP TRIGGER person_name_endings_delete ON ledger.person;
        DROP TRIGGER person_name_endings_truncate ON ledger.person;
        DROP TABLE ledger.person_name_ending;
        DROP FUNCTION ledger.person_name_endings_added(), ledger.person_name_endings_changed(),
                      ledger.person_name_endings_removed(), ledger.person_name_endings_emptied(),
                      ledger.name_endings(text, text, text, text);
        CREATE INDEX search_result_staff ON ledger.search_result (staff, created_at);
        ALTER TABLE ledger.person DROP COLUMN given_kana_key, DROP COLUMN given_name_key;
        CREATE INDEX person_name_key_prefix ON ledger.person (name_key text_pattern_ops);
        TRUNCATE ledger.search_result;
        ALTER TABLE ledger.search_result DROP COLUMN purpose, DROP COLUMN shown_by_search;
        ALTER TABLE ledger.search_result ALTER COLUMN person_ids SET STORAGE EXTENDED;
        ALTER TABLE ledger.search_result SET LOGGED""")
    execute_raw(_definition("api.person_search", "0003_inquiry.sql"))
    replaced = (("api.search_page", "0003_inquiry.sql"), ("api.certificate_find_person", "0006_certificates.sql"),
                ("api.audit_events", "0001_api.sql"))
    for name, file in replaced:
        execute_raw(_definition(name, file).replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1))
    old_search = "api.person_search(text, text, date, bigint, text, text, integer)"
    execute_raw(f"REVOKE EXECUTE ON FUNCTION {old_search} FROM PUBLIC;"
                f" GRANT EXECUTE ON FUNCTION {old_search} TO r_inquiry")
    execute_raw("RESET ROLE")
