"""The result lists a search leaves on the server for paging: the caller's own only, a bounded
number per staff member, and working data outside the WAL (after a crash the client searches again)."""

from __future__ import annotations

import psycopg2
import pytest

from app.services.seed import seed
from tests.support.database import ProvisionedDb, new_database
from tests.support.pgcluster import PgCluster


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


def _found(db: ProvisionedDb, name: str) -> list[int]:
    with db.staff("CLERK") as conn, conn.cursor() as cur:
        cur.execute("SELECT page FROM api.person_search(p_purpose => 'counter_inquiry', p_name => %s)", (name,))
        return [p["person_id"] for p in cur.fetchone()[0]]


def test_fragments_inside_names_follow_every_change_of_a_name(fresh_db: ProvisionedDb) -> None:
    # 一郎 (イチロウ) is found by the fragment チロウ; renamed, by the new name's fragment only.
    assert _found(fresh_db, "ちろう") == [1000000003]
    with fresh_db.admin() as cur:
        cur.execute("UPDATE ledger.person SET given_name = '健一郎', given_kana = 'ケンイチロウ'"
                    " WHERE person_id = 1000000003")
        cur.execute("UPDATE ledger.person SET status = 'moved_out', status_date = '2026-04-01'"
                    " WHERE person_id = 1000000001")  # a change that leaves the names alone
    assert _found(fresh_db, "ちろう") == [1000000003] and _found(fresh_db, "ンイチ") == [1000000003]
    assert _found(fresh_db, "ロウタ") == []
    assert _found(fresh_db, "ハナコ") == [1000000002]
    with fresh_db.admin() as cur:
        cur.execute("SELECT count(*) FROM ledger.person_name_ending WHERE person_id = 1000000001")
        assert cur.fetchone()[0] == 0  # サトウ/タロウ/佐藤/太郎: no ending of three characters
        cur.execute("SELECT array_agg(ending ORDER BY ending) FROM ledger.person_name_ending"
                    " WHERE person_id = 1000000003")
        assert cur.fetchone()[0] == ["イチロウ", "チロウ", "ンイチロウ"]  # 健一郎, キクチ: too short
        cur.execute("INSERT INTO ledger.person (person_id, family_name, given_name, family_kana, given_kana,"
                    " birth_date, sex, postal_code, address, district) VALUES (1000000009, '菊池', '浩一',"
                    " 'キクチ', 'コウイチ', '1990-02-03', 'M', '025-0075', '花巻市花城町1番1号', '花巻')")
    assert _found(fresh_db, "ウイチ") == [1000000009]
    with fresh_db.admin() as cur:
        cur.execute("DELETE FROM ledger.person WHERE person_id = 1000000009")
    assert _found(fresh_db, "ウイチ") == []
    with fresh_db.admin() as cur:
        cur.execute("SELECT count(*) FROM ledger.person_name_ending AS e"
                    " LEFT JOIN ledger.person AS p USING (person_id) WHERE p.person_id IS NULL"
                    " OR e.kana_key <> p.kana_key OR e.birth_date <> p.birth_date")
        assert cur.fetchone()[0] == 0


def test_a_broad_search_records_its_page_and_each_further_page_when_fetched(pg_cluster: PgCluster) -> None:
    db = new_database(pg_cluster, "juminzei_s4_broad", with_known_persons=False)
    seed(db.admin_url, 1_500, 1)
    with db.staff("CLERK") as conn, conn.cursor() as cur:
        cur.execute("SELECT search_id, total, page FROM api.person_search(p_purpose => 'counter_inquiry',"
                    " p_address => '花巻市', p_page_size => 50)")
        search_id, total, page = cur.fetchone()
        assert total > 1_000 and len(page) == 50
        cur.execute("SELECT person_id FROM api.search_page(%s, 0, 50)", (search_id,))
        first = [r[0] for r in cur.fetchall()]
        cur.execute("SELECT person_id FROM api.search_page(%s, 50, 60)", (search_id,))
        second = [r[0] for r in cur.fetchall()]
    with db.admin() as cur:
        cur.execute("SELECT e.action, e.purpose, e.detail, p.person_ids FROM audit.event AS e"
                    " JOIN audit.event_persons AS p USING (event_id) WHERE e.event_id >= %s ORDER BY e.event_id",
                    (search_id,))
        (action, purpose, _, recorded), page_event = cur.fetchall()  # page 1 again: no new row
    assert (action, purpose, recorded) == ("person.search", "counter_inquiry", first)
    assert page_event[0:2] == ("person.search_page", "counter_inquiry") and page_event[3] == second
    assert f"search={search_id} rows=51..110" in page_event[2]


def test_the_log_review_for_a_person_lists_the_searches_that_named_them(fresh_db: ProvisionedDb) -> None:
    with fresh_db.staff("CLERK") as conn, conn.cursor() as cur:
        cur.execute("SELECT search_id FROM api.person_search(p_purpose => 'counter_inquiry', p_name => 'はなこ')")
        (search_id,) = cur.fetchone()
    with fresh_db.staff("AUDITOR") as conn, conn.cursor() as cur:
        cur.execute("SELECT event_id, action FROM api.audit_events(now() - interval '1 hour',"
                    " now() + interval '1 hour', NULL, 1000000002)")
        found = cur.fetchall()
        cur.execute("SELECT event_id FROM api.audit_events(now() - interval '1 hour',"
                    " now() + interval '1 hour', NULL, 1000000003)")
        other = [r[0] for r in cur.fetchall()]
    assert (search_id, "person.search") in found and search_id not in other
