"""Access control and audit enforced by PostgreSQL itself: attacks made with direct SQL as a staff
role, as a modified client would."""

from __future__ import annotations

import threading

import psycopg2
import psycopg2.errors
import pytest

from app.db.urls import libpq_dsn
from tests.support.database import STAFF_PASSWORD, ProvisionedDb

pytestmark = pytest.mark.db


def _tables(db: ProvisionedDb, schemas: tuple[str, ...]) -> list[str]:
    with db.admin() as cur:
        cur.execute("SELECT schemaname || '.' || tablename FROM pg_tables WHERE schemaname = ANY(%s)",
                    (list(schemas),))
        return sorted(r[0] for r in cur.fetchall())


def _refused(db: ProvisionedDb, code: str, sql: str, params: tuple[object, ...] = ()) -> str:
    conn = db.staff(code)
    try:
        with conn.cursor() as cur, pytest.raises(psycopg2.errors.InsufficientPrivilege) as info:
            cur.execute(sql, params)
        return str(info.value)
    finally:
        conn.close()


def test_staff_cannot_read_or_write_any_table_directly(test_db: ProvisionedDb) -> None:
    tables = _tables(test_db, ("ledger", "auth", "audit"))
    assert "ledger.person" in tables and "audit.event" in tables and len(tables) >= 10
    for code in ("CLERK", "NUMBER", "AUDITOR"):
        for table in tables:
            _refused(test_db, code, f"SELECT * FROM {table} LIMIT 1")
        _refused(test_db, code, "UPDATE ledger.person SET family_name = 'X'")
        _refused(test_db, code, "DELETE FROM audit.event")
        _refused(test_db, code, "INSERT INTO audit.event (event_id) VALUES (999999)")


def test_internal_functions_are_not_callable_by_staff(test_db: ProvisionedDb) -> None:
    _refused(test_db, "CLERK", "SELECT audit.record('person.read', 1, NULL, NULL, 'ok', '')")
    _refused(test_db, "CLERK", "SELECT * FROM audit.verify_chain()")
    _refused(test_db, "CLERK", "SELECT ledger.search_key('x')")


def test_capabilities_are_checked_per_function(test_db: ProvisionedDb) -> None:
    message = _refused(test_db, "CLERK", "SELECT api.person_my_number(1000000001, 'counter_inquiry')")
    assert "person_my_number" in message
    _refused(test_db, "CLERK", "SELECT * FROM api.audit_verify()")
    _refused(test_db, "AUDITOR", "SELECT api.person_card(1000000001, 'audit_review')")
    # A clerk cannot borrow a capability by SET ROLE: it is not a member.
    _refused(test_db, "CLERK", "SET ROLE r_mynumber")


def test_searching_by_my_number_needs_r_mynumber(test_db: ProvisionedDb) -> None:
    message = _refused(test_db, "CLERK",
                       "SELECT * FROM api.person_search(p_purpose => 'counter_inquiry', p_my_number => %s)",
                       ("123456789018",))
    assert "r_mynumber" in message
    with test_db.staff("NUMBER") as conn, conn.cursor() as cur:
        cur.execute("SELECT p.person_id FROM api.person_search(p_purpose => 'counter_inquiry', p_my_number => %s) s"
                    " CROSS JOIN LATERAL api.search_page(s.search_id, 0, 10) p", ("123456789018",))
        assert cur.fetchall() == [(1000000001,)]


def test_my_number_is_masked_in_every_listing_and_revealed_only_to_r_mynumber(test_db: ProvisionedDb) -> None:
    for code in ("CLERK", "NUMBER"):
        with test_db.staff(code) as conn, conn.cursor() as cur:
            cur.execute("SELECT api.person_card(1000000001, 'counter_inquiry') ->> 'my_number'")
            assert cur.fetchone() == ("************",)
            cur.execute("SELECT p.my_number FROM api.person_search(p_purpose => 'counter_inquiry',"
                        " p_name => 'さとう') s CROSS JOIN LATERAL api.search_page(s.search_id, 0, 10) p")
            assert {r[0] for r in cur.fetchall()} == {"************"}
    with test_db.staff("NUMBER") as conn, conn.cursor() as cur:
        cur.execute("SELECT api.person_my_number(1000000001, 'counter_inquiry')")
        assert cur.fetchone() == ("123456789018",)


@pytest.mark.parametrize(("code", "sql", "action", "person"), [
    ("CLERK", "SELECT api.person_card(1000000002, 'counter_inquiry')", "person.read", 1000000002),
    ("CLERK", "SELECT * FROM api.person_search(p_purpose => 'counter_inquiry', p_name => 'キクチ')",
     "person.search", 1000000003),  # one hit: the row names the person found
    ("CLERK", "SELECT * FROM api.employer_employees('12345678', 2025, 'counter_inquiry')", "employer.employees",
     None),
    ("CLERK", "SELECT * FROM api.household_on_levy_date(1000000001, 2025, 'counter_inquiry')",
     "household.read", 1000000001),
    ("NUMBER", "SELECT api.person_my_number(1000000003, 'counter_inquiry')", "person.my_number", 1000000003),
])
def test_every_api_read_adds_exactly_one_audit_row(test_db: ProvisionedDb, code: str, sql: str, action: str,
                                                   person: int | None) -> None:
    before = test_db.audit_count()
    with test_db.staff(code) as conn, conn.cursor() as cur:
        cur.execute(sql)
        cur.fetchall()
    assert test_db.audit_count() == before + 1
    with test_db.admin() as cur:
        cur.execute("SELECT staff, terminal, action, person_id, purpose FROM audit.event"
                    " ORDER BY event_id DESC LIMIT 1")
        assert cur.fetchone() == (f"s_{code.lower()}", "local-socket", action, person, "counter_inquiry")


def test_a_read_without_purpose_is_refused_and_leaves_nothing(test_db: ProvisionedDb) -> None:
    before = test_db.audit_count()
    with test_db.staff("CLERK") as conn, conn.cursor() as cur, \
            pytest.raises(psycopg2.errors.InvalidParameterValue, match="照会目的"):
        cur.execute("SELECT * FROM api.person_card(1000000001, 'curiosity')")
    assert test_db.audit_count() == before


def test_a_rolled_back_read_keeps_its_audit_row(test_db: ProvisionedDb) -> None:
    # A modified client could read and roll back: the read's audit row is committed on the audit
    # connection before the data comes back, so it stays.
    before = test_db.audit_count()
    conn = test_db.staff("CLERK")
    with conn.cursor() as cur:
        cur.execute("SAVEPOINT s")
        cur.execute("SELECT api.person_card(1000000001, 'counter_inquiry')")
        cur.execute("ROLLBACK TO s")
    conn.rollback()
    conn.close()
    assert test_db.audit_count() == before + 1
    with test_db.admin() as cur:
        cur.execute("SELECT action, staff FROM audit.event ORDER BY event_id DESC LIMIT 1")
        assert cur.fetchone() == ("person.read", "s_clerk")


def test_a_transaction_left_open_does_not_block_other_staff(test_db: ProvisionedDb) -> None:
    idle = test_db.staff("CLERK")
    with idle.cursor() as cur:
        cur.execute("SELECT api.person_card(1000000001, 'counter_inquiry')")  # left open, not committed
    try:
        other = test_db.staff("NUMBER")
        with other.cursor() as cur:
            cur.execute("SET statement_timeout = '3s'")
            cur.execute("SELECT api.person_card(1000000002, 'counter_inquiry') ->> 'person_id'")
            assert cur.fetchone() == ("1000000002",)
        other.close()
    finally:
        idle.close()


def test_a_staff_session_idle_in_a_transaction_cannot_hold_the_audit_chain(test_db: ProvisionedDb) -> None:
    # A changing api call holds the chain until its transaction ends; a session that then idles
    # (with its own idle timeout switched off) is ended after a short wait, and that is recorded.
    idle = test_db.staff("CLERK")
    with idle.cursor() as cur:
        cur.execute("SET idle_in_transaction_session_timeout = 0")
        cur.execute("SELECT api.session_event('login')")  # left open, not committed
        cur.execute("SELECT pg_backend_pid()")
        (idle_pid,) = cur.fetchone()
    other = test_db.staff("NUMBER")

    def end_the_idle_session() -> None:
        # Without the watchdog the read would wait for ever (PostgreSQL 15's dblink wait ignores
        # statement_timeout); end the idle session from outside so that the test fails, not hangs.
        with test_db.admin() as cur:
            cur.execute("SELECT pg_terminate_backend(%s)", (idle_pid,))

    rescue = threading.Timer(60, end_the_idle_session)
    rescue.start()
    try:
        with other.cursor() as cur:
            cur.execute("SELECT api.person_card(1000000002, 'counter_inquiry') ->> 'person_id'")
            assert cur.fetchone() == ("1000000002",)
        other.commit()
    finally:
        rescue.cancel()
        other.close()
    with pytest.raises(psycopg2.OperationalError), idle.cursor() as cur:
        cur.execute("SELECT 1")
    idle.close()
    with test_db.admin() as cur:
        cur.execute("SELECT staff, detail FROM audit.event WHERE action = 'audit.chain_holder_ended'"
                    " AND detail LIKE %s", (f"%pid={idle_pid} staff=s_clerk %",))
        assert cur.fetchone()[0] == "s_number"
        cur.execute("SELECT ok FROM audit.verify_chain()")
        assert cur.fetchone() == (True,)


def test_a_narrow_search_records_every_person_it_counted(test_db: ProvisionedDb) -> None:
    # Two hits, a page of one: the count alone says the second exists, so both are recorded.
    with test_db.staff("CLERK") as conn, conn.cursor() as cur:
        cur.execute("SELECT search_id, total, page FROM api.person_search(p_purpose => 'counter_inquiry',"
                    " p_name => 'さとう', p_page_size => 1)")
        search_id, total, page = cur.fetchone()
        assert total == 2 and [p["person_id"] for p in page] == [1000000001]
        before = test_db.audit_count()
        cur.execute("SELECT person_id FROM api.search_page(%s, 1, 1)", (search_id,))
        assert cur.fetchall() == [(1000000002,)]
        assert test_db.audit_count() == before  # already recorded by the search
    with test_db.admin() as cur:
        cur.execute("SELECT e.action, e.purpose, e.detail, p.person_ids FROM audit.event AS e"
                    " JOIN audit.event_persons AS p USING (event_id) WHERE e.event_id = %s", (search_id,))
        action, purpose, detail, persons = cur.fetchone()
        assert (action, purpose, persons) == ("person.search", "counter_inquiry", [1000000001, 1000000002])
        assert "hits=2 shown=1 " in detail and "persons=2 digest=" in detail
        # "Who saw person X": the array index answers it.
        cur.execute("SELECT count(*) FROM audit.event_persons WHERE person_ids @> ARRAY[1000000002::bigint]")
        assert cur.fetchone()[0] >= 1


def test_a_my_number_search_names_the_person_it_found(test_db: ProvisionedDb) -> None:
    with test_db.staff("NUMBER") as conn, conn.cursor() as cur:
        cur.execute("SELECT search_id, total FROM api.person_search(p_purpose => 'counter_inquiry',"
                    " p_my_number => '123456789018', p_name => 'サトウタ')")
        search_id, total = cur.fetchone()
    assert total == 1
    with test_db.admin() as cur:
        cur.execute("SELECT e.person_id, p.person_ids FROM audit.event AS e"
                    " JOIN audit.event_persons AS p USING (event_id) WHERE e.event_id = %s", (search_id,))
        assert cur.fetchone() == (1000000001, [1000000001])


def test_a_staff_member_who_changes_their_own_password_is_refused(fresh_db: ProvisionedDb) -> None:
    from app.services.staff import add_staff

    # A role of its own: roles are shared by every database of the test cluster.
    add_staff(fresh_db.admin_url, "SELFPW", "自己変更 試験", ["r_inquiry"], STAFF_PASSWORD)
    conn = psycopg2.connect(libpq_dsn(fresh_db.admin_url, username="s_selfpw", password=STAFF_PASSWORD))
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT api.person_card(1000000001, 'counter_inquiry') ->> 'person_id'")
        assert cur.fetchone() == ("1000000001",)
        cur.execute("ALTER ROLE s_selfpw PASSWORD 'chosen-by-the-clerk-123'")  # PostgreSQL allows this
        with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="パスワード"):
            cur.execute("SELECT api.person_card(1000000001, 'counter_inquiry')")
    conn.close()


def test_a_deactivated_staff_member_is_refused(fresh_db: ProvisionedDb) -> None:
    with fresh_db.admin() as cur:
        cur.execute("UPDATE auth.staff SET active = false WHERE staff_code = 'CLERK'")
    with fresh_db.staff("CLERK") as conn, conn.cursor() as cur, \
            pytest.raises(psycopg2.errors.InsufficientPrivilege, match="無効"):
        cur.execute("SELECT api.person_card(1000000001, 'counter_inquiry')")


def test_new_functions_are_callable_by_nobody_until_granted(fresh_db: ProvisionedDb) -> None:
    with fresh_db.admin() as cur:
        cur.execute("SET ROLE juminzei_owner")
        cur.execute("CREATE FUNCTION api.future_function() RETURNS int LANGUAGE sql RETURN 1")
    _refused(fresh_db, "AUDITOR", "SELECT api.future_function()")


def test_staff_passwords_never_reach_the_server_log(fresh_db: ProvisionedDb) -> None:
    from app.services.staff import add_staff

    with fresh_db.admin() as cur:
        cur.execute(f"ALTER DATABASE {fresh_db.name} SET log_statement = 'all'")
    add_staff(fresh_db.admin_url, "LOGGED", "ログ 試験", ["r_inquiry"], "a-password-that-must-not-be-logged")
    with fresh_db.admin() as cur:
        cur.execute(f"ALTER DATABASE {fresh_db.name} RESET log_statement")
    log = fresh_db.cluster.read_log()
    assert 's_logged' in log and "a-password-that-must-not-be-logged" not in log


def test_audit_rows_cannot_be_changed_even_by_the_owner(test_db: ProvisionedDb) -> None:
    with test_db.admin() as cur:
        cur.execute("SET ROLE juminzei_owner")
        with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="操作ログ"):
            cur.execute("UPDATE audit.event SET purpose = 'assessment' WHERE event_id = 1")
        with pytest.raises(psycopg2.errors.InsufficientPrivilege, match="操作ログ"):
            cur.execute("DELETE FROM audit.event WHERE event_id = 1")


def test_chain_check_passes_on_an_untouched_trail(test_db: ProvisionedDb) -> None:
    with test_db.staff("AUDITOR") as conn, conn.cursor() as cur:
        cur.execute("SELECT ok, checked, first_bad_event FROM api.audit_verify()")
        ok, checked, first_bad = cur.fetchone()
    assert ok and checked >= 4 and first_bad is None


def _tamper(db: ProvisionedDb, sql: str) -> tuple[bool, int | None, str | None]:
    with db.staff("CLERK") as conn, conn.cursor() as cur:
        for _ in range(5):
            cur.execute("SELECT api.person_card(1000000001, 'counter_inquiry')")
    with db.admin() as cur:
        # A superuser bypassing the trigger: replication mode skips ordinary triggers.
        cur.execute("SET session_replication_role = replica")
        cur.execute(sql)
        cur.execute("RESET session_replication_role")
        cur.execute("SELECT ok, first_bad_event, reason FROM audit.verify_chain()")
        result: tuple[bool, int | None, str | None] = cur.fetchone()
    return result


def test_an_edited_audit_row_is_found(fresh_db: ProvisionedDb) -> None:
    ok, first_bad, reason = _tamper(fresh_db, "UPDATE audit.event SET purpose = 'assessment' "
                                              "WHERE event_id = (SELECT max(event_id) - 2 FROM audit.event)")
    with fresh_db.admin() as cur:
        cur.execute("SELECT max(event_id) - 2 FROM audit.event")
        expected = cur.fetchone()[0]
    assert (ok, first_bad, reason) == (False, expected, "row content does not match its hash")


def test_a_deleted_audit_row_is_found(fresh_db: ProvisionedDb) -> None:
    ok, first_bad, reason = _tamper(fresh_db, "DELETE FROM audit.event WHERE event_id = 3")
    assert (ok, first_bad, reason) == (False, 3, "event 3 is missing")


def test_a_replayed_audit_row_is_found(fresh_db: ProvisionedDb) -> None:
    # Copy an old row to the end as if it happened again, fixing up the id and the head.
    ok, first_bad, _ = _tamper(fresh_db, """
        INSERT INTO audit.event SELECT (SELECT max(event_id) + 1 FROM audit.event), at, staff, terminal,
               client_addr, action, person_id, tax_year, purpose, result, detail, prev_hash, row_hash
          FROM audit.event WHERE event_id = 2;
        UPDATE audit.chain_head SET last_id = last_id + 1""")
    with fresh_db.admin() as cur:
        cur.execute("SELECT max(event_id) FROM audit.event")
        assert first_bad == cur.fetchone()[0]
    assert ok is False


def test_cli_audit_verify_reports_a_break(fresh_db: ProvisionedDb) -> None:
    import json
    import subprocess
    import sys

    run = [sys.executable, "-m", "app", "audit", "verify", "--url", fresh_db.admin_url]
    good = subprocess.run(run, capture_output=True, text=True, check=False)
    assert good.returncode == 0 and json.loads(good.stdout)["ok"] is True
    _tamper(fresh_db, "UPDATE audit.event SET detail = 'x' WHERE event_id = 2")
    bad = subprocess.run(run, capture_output=True, text=True, check=False)
    assert bad.returncode == 1
    assert json.loads(bad.stdout)["first_bad_event"] == 2


def test_search_pages_serve_only_the_callers_own_search(test_db: ProvisionedDb) -> None:
    with test_db.staff("CLERK") as conn, conn.cursor() as cur:
        cur.execute("SELECT search_id, total FROM api.person_search(p_purpose => 'counter_inquiry',"
                    " p_name => 'さとう')")
        search_id, total = cur.fetchone()
        assert total == 2
        before = test_db.audit_count()
        cur.execute("SELECT person_id FROM api.search_page(%s, 1, 10)", (search_id,))
        assert cur.fetchall() == [(1000000002,)]  # タロウ then ハナコ in kana order; the page skips one
        assert test_db.audit_count() == before  # the search recorded both already
    with test_db.staff("NUMBER") as conn, conn.cursor() as cur, \
            pytest.raises(psycopg2.errors.InvalidParameterValue, match="有効期限"):
        cur.execute("SELECT * FROM api.search_page(%s, 0, 10)", (search_id,))


def test_like_wildcards_in_a_query_match_themselves(test_db: ProvisionedDb) -> None:
    with test_db.staff("CLERK") as conn, conn.cursor() as cur:
        cur.execute("SELECT total FROM api.person_search(p_purpose => 'counter_inquiry', p_name => '%')")
        assert cur.fetchone() == (0,)
        cur.execute("SELECT total FROM api.person_search(p_purpose => 'counter_inquiry', p_name => '_')")
        assert cur.fetchone() == (0,)
