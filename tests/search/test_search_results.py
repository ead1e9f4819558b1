"""The result lists a search leaves on the server for paging: the caller's own only, a bounded
number per staff member, and working data outside the WAL (after a crash the client searches again)."""

from __future__ import annotations

import psycopg2
import pytest

from tests.support.database import ProvisionedDb


def _search(cur: psycopg2.extensions.cursor, name: str) -> int:
    cur.execute("SELECT search_id FROM api.person_search(p_purpose => 'counter_inquiry', p_name => %s,"
                " p_page_size => 1)", (name,))
    search_id: int = cur.fetchone()[0]
    return search_id


def test_a_staff_member_keeps_only_their_ten_latest_result_lists(town_db: ProvisionedDb) -> None:
    conn = town_db.staff("CLERK")
    conn.autocommit = True  # each search in its own transaction, as the client runs them
    try:
        with conn.cursor() as cur:
            searches = [_search(cur, name) for name in ["サ", "サト", "サトウ", "カ", "カト", "カトウ", "タ", "タチ",
                                                          "タチバ", "タチバナ", "チ", "チバ"]]
            cur.execute("SELECT count(*) FROM api.search_page(%s, 1, 5)", (searches[-1],))
            assert cur.fetchone()[0] == 5
            with pytest.raises(psycopg2.errors.InvalidParameterValue, match="有効期限"):
                cur.execute("SELECT * FROM api.search_page(%s, 1, 5)", (searches[1],))
    finally:
        conn.close()
    with town_db.admin() as cur:
        cur.execute("SELECT array_agg(search_id ORDER BY search_id) FROM ledger.search_result"
                    " WHERE staff = 's_clerk'")
        assert cur.fetchone()[0] == searches[-10:]
        cur.execute("SELECT relpersistence FROM pg_class WHERE oid = 'ledger.search_result'::regclass")
        assert cur.fetchone()[0] == "u"


def test_staff_cannot_read_result_lists_directly(town_db: ProvisionedDb) -> None:
    with town_db.staff("CLERK") as conn, conn.cursor() as cur, \
            pytest.raises(psycopg2.errors.InsufficientPrivilege):
        cur.execute("SELECT person_ids FROM ledger.search_result")
