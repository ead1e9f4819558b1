"""Chunks stored by several sessions side by side (migration 0015): the run still moves in person
order, one whole chunk per transaction, each with its audit row; a chunk that is written but not
moved cannot commit, and one whose predecessor has not committed cannot move. Every wait between
the storing sessions is inside the database, so a clerk locking returns of two chunks meets an
ordinary, detected deadlock instead of a hang (found in review)."""

from __future__ import annotations

import dataclasses
import itertools
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import psycopg2
import psycopg2.errors
import pytest

from app.services import batch
from app.services.staff import add_staff
from tests.batch.support import open_run, rows, seeded_database, stage_zero_result
from tests.support.database import STAFF_PASSWORD, ProvisionedDb
from tests.support.pgcluster import PgCluster

pytestmark = pytest.mark.db

RESULTS = ("SELECT a.person_id, a.status, a.version, a.total_income, a.income_base, a.deductions_total,"
           " a.taxable_income, a.non_taxable, a.annual_tax, a.params_verified FROM ledger.assessment AS a"
           " WHERE a.tax_year = 2025 ORDER BY a.person_id")
STEPS = ("SELECT a.person_id, s.seq, s.code, s.label, s.amount FROM ledger.assessment_step AS s"
         " JOIN ledger.assessment AS a USING (assessment_id) WHERE a.tax_year = 2025 ORDER BY 1, 2")


def _first_returns(conn: Any, run_id: int, after: int, count: int) -> list[tuple[int, int]]:
    cur = conn.cursor()
    cur.execute("SELECT assessment_id, person_id FROM api.batch_inputs(%s, %s, %s)", (run_id, after, count))
    chunk: list[tuple[int, int]] = cur.fetchall()
    conn.commit()
    return chunk


def _write(conn: Any, run_id: int, after: int, chunk: list[tuple[int, int]], claim: bool = False) -> None:
    """Stage made-up results for `chunk` and write them (api.batch_store), transaction left open;
    with `claim`, claimed first as the client does."""
    cur = conn.cursor()
    if claim:
        cur.execute("SELECT api.batch_claim(%s, %s, %s)", (run_id, after, chunk[-1][1]))
    for aid, _pid in chunk:
        stage_zero_result(cur, aid)
    cur.execute("SELECT api.batch_store(%s, %s, %s)", (run_id, after, chunk[-1][1]))


def test_several_sessions_store_exactly_what_one_session_stores(pg_cluster: PgCluster) -> None:
    one, three = seeded_database(pg_cluster, 600, 21), seeded_database(pg_cluster, 600, 21)
    alone = batch.run(one.staff_url("ASSESSOR"), 2025, chunk=37, overlap=False)
    side_by_side = batch.run(three.staff_url("ASSESSOR"), 2025, chunk=37, store_sessions=3)
    assert alone.finished and side_by_side.finished
    assert alone.assessed == side_by_side.assessed > 400
    assert rows(one, RESULTS) == rows(three, RESULTS)
    assert rows(one, STEPS) == rows(three, STEPS)
    # One audit row per chunk, in person order, each chunk starting where the one before ended.
    stored = rows(three, "SELECT detail FROM audit.event WHERE action = 'assessment.batch_store' ORDER BY event_id")
    ranges = [tuple(int(x) for x in d[0].split("persons=")[1].split(" ")[0].split("..")) for d in stored]
    assert len(ranges) == -(-side_by_side.assessed // 37) and ranges[0][0] == 1
    assert all(later[0] == earlier[1] + 1 for earlier, later in itertools.pairwise(ranges))
    assert rows(three, "SELECT assessed, errors, finished_at IS NOT NULL FROM ledger.batch_run") == [
        (side_by_side.assessed, 0, True)]


def test_a_chunk_written_but_not_moved_cannot_commit(seeded: ProvisionedDb) -> None:
    conn = seeded.staff("ASSESSOR")
    try:
        run_id = open_run(conn)
        chunk = _first_returns(conn, run_id, 0, 5)
        _write(conn, run_id, 0, chunk)
        with pytest.raises(psycopg2.errors.InvalidTransactionState, match="advanced before commit"):
            conn.commit()
    finally:
        conn.close()
    assert rows(seeded, "SELECT count(*) FROM ledger.assessment WHERE status = 'assessed'") == [(0,)]
    assert rows(seeded, "SELECT count(*) FROM ledger.assessment_step") == [(0,)]
    assert rows(seeded, "SELECT last_person_id FROM ledger.batch_run") == [(0,)]


def test_a_chunk_cannot_move_the_run_before_the_chunk_before_it_commits(seeded: ProvisionedDb) -> None:
    first, second = seeded.staff("ASSESSOR"), seeded.staff("ASSESSOR")
    try:
        run_id = open_run(first)
        second.cursor().execute("SELECT api.batch_attach(%s)", (run_id,))
        second.commit()
        returns = _first_returns(first, run_id, 0, 10)
        head, tail = returns[:5], returns[5:]
        _write(first, run_id, 0, head)
        _write(second, run_id, head[-1][1], tail)  # written meanwhile: nothing waits for the first
        with pytest.raises(psycopg2.errors.InvalidParameterValue, match="前の結果が確定していません"):
            second.cursor().execute("SELECT api.batch_advance(%s, %s, %s)", (run_id, head[-1][1], tail[-1][1]))
        second.rollback()
        first.cursor().execute("SELECT api.batch_advance(%s, 0, %s)", (run_id, head[-1][1]))
        first.commit()
        # Once the first has committed, the second chunk goes through.
        _write(second, run_id, head[-1][1], tail)
        second.cursor().execute("SELECT api.batch_advance(%s, %s, %s)", (run_id, head[-1][1], tail[-1][1]))
        second.commit()
    finally:
        first.close()
        second.close()
    assert rows(seeded, "SELECT last_person_id, assessed FROM ledger.batch_run") == [(returns[-1][1], 10)]
    assert rows(seeded, "SELECT count(*) FROM ledger.assessment WHERE status = 'assessed'") == [(10,)]


@pytest.mark.parametrize("how", ["nothing written", "another range", "range already done", "gap"])
def test_the_run_moves_only_over_a_chunk_written_in_the_same_transaction(seeded: ProvisionedDb, how: str) -> None:
    conn = seeded.staff("ASSESSOR")
    try:
        run_id = open_run(conn)
        returns = _first_returns(conn, run_id, 0, 10)
        cur = conn.cursor()
        if how == "range already done":
            _write(conn, run_id, 0, returns[:5])
            cur.execute("SELECT api.batch_advance(%s, 0, %s)", (run_id, returns[4][1]))
            conn.commit()
            with pytest.raises(psycopg2.errors.InvalidParameterValue, match="既に処理済み"):
                _write(conn, run_id, 0, returns[:5])
        elif how == "gap":  # skipping returns: written, but the run is not where the chunk starts
            _write(conn, run_id, returns[4][1], returns[5:])
            with pytest.raises(psycopg2.errors.InvalidParameterValue, match="前の結果が確定していません"):
                cur.execute("SELECT api.batch_advance(%s, %s, %s)", (run_id, returns[4][1], returns[-1][1]))
        else:
            if how == "another range":
                _write(conn, run_id, 0, returns[:5])
            with pytest.raises(psycopg2.errors.InvalidParameterValue, match="このトランザクションで保存されていません"):
                cur.execute("SELECT api.batch_advance(%s, 0, %s)", (run_id, returns[-1][1]))
        conn.rollback()
    finally:
        conn.close()
    done = 5 if how == "range already done" else 0
    assert rows(seeded, "SELECT count(*) FROM ledger.assessment WHERE status = 'assessed'") == [(done,)]
    assert rows(seeded, "SELECT assessed FROM ledger.batch_run") == [(done,)]


def test_staff_reach_the_pending_chunks_only_through_the_api(seeded: ProvisionedDb) -> None:
    conn = seeded.staff("ASSESSOR")
    try:
        run_id = open_run(conn)
        for statement in (f"INSERT INTO ledger.batch_pending VALUES ({run_id}, 0, 999999999999, 0, 0, 0)",
                          f"DELETE FROM ledger.batch_pending WHERE run_id = {run_id}",
                          f"SELECT ledger.batch_move({run_id}, 0, 1)"):
            with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                conn.cursor().execute(statement)
            conn.rollback()
        # Checking at once instead of at commit only makes the write itself fail.
        chunk = _first_returns(conn, run_id, 0, 3)
        conn.cursor().execute("SET CONSTRAINTS ALL IMMEDIATE")
        with pytest.raises(psycopg2.errors.InvalidTransactionState):
            _write(conn, run_id, 0, chunk)
        conn.rollback()
    finally:
        conn.close()
    assert rows(seeded, "SELECT count(*) FROM ledger.assessment WHERE status = 'assessed'") == [(0,)]


def test_a_failed_chunk_stops_the_chunks_after_it_and_the_run_resumes(seeded: ProvisionedDb,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # The returns in the order the batch takes them; a change of the 4th chunk's first return, made
    # right after the reader has read it (a real concurrent change, at a chosen moment).
    order = [r[0] for r in rows(seeded, "SELECT a.person_id FROM ledger.assessment AS a WHERE a.tax_year = 2025"
                                        " AND a.status <> 'notified' ORDER BY a.person_id")]
    target = order[150]
    real_read = batch._read

    def read_then_change(conn: Any, run_id: int, after: int, limit: int) -> list[tuple[Any, ...]]:
        window = real_read(conn, run_id, after, limit)
        if any(row[1] == target for row in window):
            with seeded.admin() as cur:
                cur.execute("UPDATE ledger.assessment SET version = version + 1, updated_by = 'clerk'"
                            " WHERE person_id = %s AND tax_year = 2025", (target,))
        return window

    monkeypatch.setattr(batch, "_read", read_then_change)
    with pytest.raises(psycopg2.errors.SerializationFailure):
        batch.run(seeded.staff_url("ASSESSOR"), 2025, chunk=50, store_sessions=2, read_ahead=3)
    assert rows(seeded, "SELECT last_person_id, assessed FROM ledger.batch_run") == [(order[149], 150)]
    assert rows(seeded, "SELECT max(person_id), count(*) FROM ledger.assessment WHERE tax_year = 2025"
                        " AND status = 'assessed'") == [(order[149], 150)]
    monkeypatch.setattr(batch, "_read", real_read)
    resumed = batch.run(seeded.staff_url("ASSESSOR"), 2025, chunk=50, store_sessions=2)
    assert resumed.resumed and resumed.finished
    assert rows(seeded, "SELECT count(*) FROM ledger.assessment WHERE tax_year = 2025 AND status = 'assessed'") == [
        (len(order) - len(resumed.errors),)]


def test_store_sessions_are_checked() -> None:
    from app.i18n import UserError

    with pytest.raises(UserError, match="保存の並行数"):
        batch.run("postgresql://unused/", 2025, store_sessions=0)


def test_migration_0015_downgrades_to_0014_and_applies_again(pg_cluster: PgCluster) -> None:
    from alembic import command

    from app.db import migrate

    db = seeded_database(pg_cluster, 100, 5)

    def shape() -> tuple[Any, ...]:
        return tuple(rows(db, q)[0][0] for q in (
            "SELECT reloptions FROM pg_class WHERE oid = 'ledger.assessment'::regclass",
            "SELECT count(*) FROM pg_class WHERE oid = to_regclass('ledger.batch_pending')",
            "SELECT count(*) FROM pg_proc WHERE proname IN ('batch_store', 'batch_advance', 'batch_attach',"
            " 'batch_declare_steps', 'batch_write', 'batch_move', 'batch_declare', 'batch_staging', 'batch_run_open',"
            " 'batch_pending_advanced', 'batch_claim', 'batch_lock_key')",
            "SELECT has_function_privilege('s_assessor', 'pg_try_advisory_lock(bigint)', 'EXECUTE')"))

    assert shape() == (["fillfactor=70"], 1, 13, False)
    current = migrate.current_revision_or_none(db.admin_url)
    command.downgrade(migrate.alembic_config(db.admin_url), "0014")
    assert shape() == (None, 0, 1, True)
    # The former single call stores a chunk as before (api.batch_store of 0013), as its client did.
    conn = db.staff("ASSESSOR")
    try:
        run_id = open_run(conn)
        chunk = _first_returns(conn, run_id, 0, 5)
        for aid, _pid in chunk:
            stage_zero_result(conn.cursor(), aid)
        conn.cursor().execute("SELECT api.batch_store(%s, %s)", (run_id, chunk[-1][1]))
        conn.commit()
    finally:
        conn.close()
    assert rows(db, "SELECT last_person_id, assessed FROM ledger.batch_run") == [(chunk[-1][1], 5)]
    migrate.upgrade(db.admin_url, current or "head")
    assert shape() == (["fillfactor=70"], 1, 13, False)
    resumed = batch.run(db.staff_url("ASSESSOR"), 2025, chunk=40)
    assert resumed.resumed and resumed.finished


def _two_sessions(db: ProvisionedDb) -> tuple[Any, Any, int, list[tuple[int, int]], list[tuple[int, int]]]:
    """The client's two storing sessions on a fresh run, and its first two chunks of five returns."""
    first, second = db.staff("ASSESSOR"), db.staff("ASSESSOR")
    run_id = open_run(first)
    second.cursor().execute("SELECT api.batch_attach(%s)", (run_id,))
    second.commit()
    head = _first_returns(first, run_id, 0, 5)
    return first, second, run_id, head, _first_returns(first, run_id, head[-1][1], 5)


def _waiting(db: ProvisionedDb, conn: Any, kind: str) -> bool:
    return bool(rows(db, "SELECT 1 FROM pg_stat_activity WHERE pid = %s AND wait_event_type = 'Lock'"
                         " AND wait_event = %s", (conn.get_backend_pid(), kind)))


def _in_thread(outcome: dict[str, Any], name: str, conn: Any, sql: str, params: tuple[Any, ...]) -> threading.Thread:
    def work() -> None:
        try:
            conn.cursor().execute(sql, params)
            conn.commit()
            outcome[name] = "done"
        except psycopg2.Error as err:
            outcome[name] = err
            conn.rollback()

    thread = threading.Thread(target=work)
    thread.start()
    return thread


def test_a_claimed_chunk_before_is_waited_for_inside_the_database(seeded: ProvisionedDb) -> None:
    first, second, run_id, head, tail = _two_sessions(seeded)
    try:
        _write(first, run_id, 0, head, claim=True)
        _write(second, run_id, head[-1][1], tail, claim=True)
        outcome: dict[str, Any] = {}
        moving = _in_thread(outcome, "second", second, "SELECT api.batch_advance(%s, %s, %s)",
                            (run_id, head[-1][1], tail[-1][1]))
        deadline = time.monotonic() + 20
        while not _waiting(seeded, second, "advisory"):
            assert time.monotonic() < deadline and moving.is_alive(), outcome
            time.sleep(0.05)
        first.cursor().execute("SELECT api.batch_advance(%s, 0, %s)", (run_id, head[-1][1]))
        first.commit()
        moving.join(20)
        assert outcome == {"second": "done"}
    finally:
        first.close()
        second.close()
    assert rows(seeded, "SELECT last_person_id, assessed FROM ledger.batch_run") == [(tail[-1][1], 10)]


def test_a_clerk_locking_returns_of_two_chunks_meets_a_detected_deadlock_not_a_hang(seeded: ProvisionedDb) -> None:
    # The review's case: the second session has written chunk 2 and waits for chunk 1; a clerk's
    # approval (as api.proposal_approve locks: the taxpayer FOR UPDATE, a relative FOR SHARE) holds a
    # return of chunk 1 and waits for one of chunk 2; the first session's write waits for the clerk.
    first, second, run_id, head, tail = _two_sessions(seeded)
    clerk = psycopg2.connect(seeded.admin_url)
    outcome: dict[str, Any] = {}
    try:
        first.cursor().execute("SELECT api.batch_claim(%s, 0, %s)", (run_id, head[-1][1]))
        _write(second, run_id, head[-1][1], tail, claim=True)
        moving = _in_thread(outcome, "second", second, "SELECT api.batch_advance(%s, %s, %s)",
                            (run_id, head[-1][1], tail[-1][1]))
        clerk.cursor().execute("SELECT 1 FROM ledger.assessment WHERE assessment_id = %s FOR UPDATE", (head[2][0],))
        approving = _in_thread(outcome, "clerk", clerk, "SELECT 1 FROM ledger.assessment WHERE assessment_id = %s"
                               " FOR SHARE", (tail[0][0],))
        for aid, _pid in head:
            stage_zero_result(first.cursor(), aid)
        writing = _in_thread(outcome, "first", first, "SELECT api.batch_store(%s, 0, %s)", (run_id, head[-1][1]))
        for thread in (moving, approving, writing):
            thread.join(30)
        assert not any(t.is_alive() for t in (moving, approving, writing)), "hung"
    finally:
        for conn in (first, second, clerk):
            conn.cancel()
            conn.close()
    # PostgreSQL saw the cycle and broke it: one of the three failed with a deadlock, the others ended.
    deadlocks = [name for name, result in outcome.items() if isinstance(result, psycopg2.errors.DeadlockDetected)]
    assert len(outcome) == 3 and len(deadlocks) == 1, outcome


def test_one_client_at_a_time_stores_a_run(seeded: ProvisionedDb) -> None:
    add_staff(seeded.admin_url, "ASSESSOR2", "試験 ASSESSOR2", ["r_inquiry", "r_assessor"], STAFF_PASSWORD)
    holder, other, colleague = seeded.staff("ASSESSOR"), seeded.staff("ASSESSOR"), seeded.staff("ASSESSOR2")
    try:
        run_id = open_run(holder)
        with pytest.raises(psycopg2.errors.LockNotAvailable, match="他の端末で実行中"):
            other.cursor().execute("SELECT * FROM api.batch_open(2025)")
        other.rollback()
        with pytest.raises(psycopg2.errors.InvalidParameterValue, match="同じ職員のセッション"):
            colleague.cursor().execute("SELECT api.batch_attach(%s)", (run_id,))
        colleague.rollback()
        other.cursor().execute("SELECT api.batch_attach(%s)", (run_id,))  # the holder's own second session
        other.commit()
    finally:
        holder_pid = holder.get_backend_pid()
        holder.close()
    # Once the holder's session has ended, the run can be resumed elsewhere.
    deadline = time.monotonic() + 20
    while rows(seeded, "SELECT 1 FROM pg_stat_activity WHERE pid = %s", (holder_pid,)):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    try:
        assert open_run(colleague) == run_id
    finally:
        other.close()
        colleague.close()


@pytest.mark.parametrize("sessions", [2, 3])
def test_a_storer_waits_for_the_chunk_before_without_holding_anything(seeded: ProvisionedDb, sessions: int) -> None:
    # Review, rounds 2 and 3: a storer waited (in the client) for the one before it while holding
    # its chunk's rows (round 2) or its claim, which the next storer's move waits for (round 3,
    # three sessions); the first storer's declaration of new wording waited for a clerk who had
    # inserted the same wording and then waited for a later chunk's rows: a hang nobody could see.
    # The real _store threads: the clerk's lock on a return of the last chunk must not wait.
    conns = [seeded.staff("ASSESSOR") for _ in range(sessions + 1)]
    clerk = psycopg2.connect(seeded.admin_url)
    try:
        run_id = open_run(conns[0])
        for conn in conns[1:]:
            conn.cursor().execute("SELECT api.batch_attach(%s)", (run_id,))
            conn.commit()
        reader = conns[-1]
        memo: batch._IncomeMemo = {}
        report = batch.BatchReport(run_id, 2025, False)
        chunks, starts, after = [], [], 0
        for _ in range(sessions):
            starts.append(after)
            chunks.append(batch._compute(2025, batch._read(reader, run_id, after, 5), report, batch._StepKeys(), memo))
            after = chunks[-1].last_person_id
        # The later sessions have declared their wording already: they go straight to their chunks.
        for i in range(1, sessions):
            batch._copy(conns[i].cursor(), "pg_temp.batch_step_text", batch.STEP_TEXT_COLUMNS, chunks[i].texts)
            conns[i].cursor().execute("SELECT api.batch_declare_steps(%s)", (run_id,))
            conns[i].commit()
            chunks[i] = dataclasses.replace(chunks[i], texts="")
        # The first one declares a wording the clerk has inserted too and not yet committed.
        chunks[0] = dataclasses.replace(chunks[0], texts=chunks[0].texts + "999\tzz_review\t審査用\tr\ts\n")
        clerk.cursor().execute("INSERT INTO ledger.step_text VALUES (2025, 'zz_review', '審査用', 'r', 's')")
        claims, abandon = [batch._Claim() for _ in range(sessions)], threading.Event()
        with ThreadPoolExecutor(max_workers=sessions) as pool:
            storing = [pool.submit(batch._store, conns[i], run_id, starts[i], chunks[i], claims[i],
                                   claims[i - 1] if i else None, abandon) for i in range(sessions)]
            # The first storer waits for the clerk; the others have had a second to get to their waits.
            deadline = time.monotonic() + 20
            while not _waiting(seeded, conns[0], "transactionid"):
                assert time.monotonic() < deadline
                time.sleep(0.05)
            time.sleep(1)
            cur = clerk.cursor()
            cur.execute("SET LOCAL lock_timeout = '5s'")
            last_return = rows(seeded, "SELECT assessment_id FROM ledger.assessment WHERE tax_year = 2025"
                                       " AND person_id = %s", (chunks[-1].last_person_id,))[0][0]
            cur.execute("SELECT 1 FROM ledger.assessment WHERE assessment_id = %s FOR SHARE", (last_return,))
            clerk.rollback()  # the clerk's wording goes; the first chunk's declaration goes through
            for future in storing:
                future.result(timeout=30)
    finally:
        for conn in (*conns, clerk):
            conn.close()
    assert rows(seeded, "SELECT last_person_id, assessed FROM ledger.batch_run") == [
        (chunks[-1].last_person_id, 5 * sessions)]


def test_staff_cannot_take_advisory_locks(seeded: ProvisionedDb) -> None:
    for code in ("CLERK", "ASSESSOR"):
        conn = seeded.staff(code)
        try:
            for call in ("pg_try_advisory_lock(1)", "pg_advisory_xact_lock(1)", "pg_advisory_lock_shared(1, 2)"):
                with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                    conn.cursor().execute(f"SELECT {call}")
                conn.rollback()
        finally:
            conn.close()


def test_a_session_works_only_on_the_run_it_opened_or_joined(seeded: ProvisionedDb) -> None:
    add_staff(seeded.admin_url, "ASSESSOR2", "試験 ASSESSOR2", ["r_inquiry", "r_assessor"], STAFF_PASSWORD)
    holder, colleague = seeded.staff("ASSESSOR"), seeded.staff("ASSESSOR2")
    try:
        run_id = open_run(holder)
        head = _first_returns(holder, run_id, 0, 5)
        other_run = open_run(colleague, 2026)  # a run of its own gives it staging tables, not this run
        assert other_run != run_id
        for call, params in (("SELECT * FROM api.batch_inputs(%s, 0, 5)", (run_id,)),
                             ("SELECT api.batch_claim(%s, 0, %s)", (run_id, head[-1][1])),
                             ("SELECT api.batch_store(%s, 0, %s)", (run_id, head[-1][1])),
                             ("SELECT api.batch_advance(%s, 0, %s)", (run_id, head[-1][1])),
                             ("SELECT api.batch_declare_steps(%s)", (run_id,)),
                             ("SELECT api.batch_store(%s, %s)", (run_id, head[-1][1])),
                             ("SELECT * FROM api.batch_close(%s)", (run_id,))):
            with pytest.raises(psycopg2.errors.InvalidParameterValue, match="同じ職員のセッション"):
                colleague.cursor().execute(call, params)
            colleague.rollback()
        # The holder's own second session, before it has joined the run.
        second = seeded.staff("ASSESSOR")
        try:
            with pytest.raises(psycopg2.errors.InvalidParameterValue, match="このセッションで開かれていません"):
                second.cursor().execute("SELECT api.batch_claim(%s, 0, %s)", (run_id, head[-1][1]))
        finally:
            second.close()
    finally:
        holder.close()
        colleague.close()
    assert rows(seeded, "SELECT run_id, last_person_id, finished_at IS NULL FROM ledger.batch_run ORDER BY 1") == [
        (run_id, 0, True), (other_run, 0, True)]


@pytest.mark.parametrize("between", ["nothing", "savepoint", "discard temp"])
def test_the_run_moves_over_one_chunk_per_transaction(seeded: ProvisionedDb, between: str) -> None:
    conn = seeded.staff("ASSESSOR")
    try:
        run_id = open_run(conn)
        returns = _first_returns(conn, run_id, 0, 10)
        cur = conn.cursor()
        if between == "savepoint":  # the first move inside a subtransaction (its rows carry another xid)
            cur.execute("SAVEPOINT first")
        _write(conn, run_id, 0, returns[:5], claim=True)
        cur.execute("SELECT api.batch_advance(%s, 0, %s)", (run_id, returns[4][1]))
        if between == "savepoint":
            cur.execute("RELEASE SAVEPOINT first")
        if between == "discard temp":  # the session's tables gone, and joined again (review, round 4)
            cur.execute("DISCARD TEMP")
            cur.execute("SELECT api.batch_attach(%s)", (run_id,))
        _write(conn, run_id, returns[4][1], returns[5:], claim=True)
        with pytest.raises(psycopg2.errors.InvalidTransactionState, match="1チャンクだけ"):
            cur.execute("SELECT api.batch_advance(%s, %s, %s)", (run_id, returns[4][1], returns[-1][1]))
        conn.rollback()
    finally:
        conn.close()
    assert rows(seeded, "SELECT last_person_id, assessed FROM ledger.batch_run") == [(0, 0)]


def test_a_session_left_from_a_client_that_has_gone_is_refused(seeded: ProvisionedDb) -> None:
    add_staff(seeded.admin_url, "ASSESSOR2", "試験 ASSESSOR2", ["r_inquiry", "r_assessor"], STAFF_PASSWORD)
    holder, left_over, colleague = seeded.staff("ASSESSOR"), seeded.staff("ASSESSOR"), seeded.staff("ASSESSOR2")
    try:
        run_id = open_run(holder)
        left_over.cursor().execute("SELECT api.batch_attach(%s)", (run_id,))
        left_over.commit()
        head = _first_returns(left_over, run_id, 0, 5)
        holder.autocommit = True
        holder.cursor().execute("DISCARD ALL")  # drops the hold on the run, as the end of its session would
        with pytest.raises(psycopg2.errors.InvalidParameterValue, match="同じ職員のセッション"):
            _write(left_over, run_id, 0, head, claim=True)
        left_over.rollback()
        assert open_run(colleague) == run_id  # the colleague resumes the run; the left-over session stays out
        for call in ("SELECT api.batch_claim(%s, 0, 1)", "SELECT * FROM api.batch_close(%s)"):
            with pytest.raises(psycopg2.errors.InvalidParameterValue, match="同じ職員のセッション"):
                left_over.cursor().execute(call.replace(", 0, 1", f", 0, {head[-1][1]}"), (run_id,))
            left_over.rollback()
    finally:
        for conn in (holder, left_over, colleague):
            conn.close()
    assert rows(seeded, "SELECT last_person_id, finished_at IS NULL FROM ledger.batch_run") == [(0, True)]


@pytest.mark.parametrize("why", ["the chunk before failed", "the run is abandoned"])
def test_a_chunk_after_a_failure_is_not_begun(seeded: ProvisionedDb, why: str) -> None:
    conn = seeded.staff("ASSESSOR")
    try:
        run_id = open_run(conn)
        rows_read = batch._read(conn, run_id, 0, 5)
        chunk = batch._compute(2025, rows_read, batch.BatchReport(run_id, 2025, False), batch._StepKeys(), {})
        before, abandon = batch._Claim(), threading.Event()
        before.settled.set()
        if why == "the chunk before failed":
            before.failed = True
        else:
            abandon.set()
        claim = batch._Claim()
        with pytest.raises(batch._Abandoned):
            batch._store(conn, run_id, 0, chunk, claim, before, abandon)
        assert claim.failed and claim.settled.is_set()  # the chunk after this one gives up too
    finally:
        conn.close()
    assert rows(seeded, "SELECT count(*) FROM ledger.assessment WHERE status = 'assessed'") == [(0,)]
    assert rows(seeded, "SELECT last_person_id FROM ledger.batch_run") == [(0,)]


def test_a_return_added_to_a_written_chunk_before_it_moves_the_run_is_not_passed_over(seeded: ProvisionedDb) -> None:
    conn = seeded.staff("ASSESSOR")
    try:
        run_id = open_run(conn)
        chunk = _first_returns(conn, run_id, 0, 40)
        newcomer = rows(seeded, "SELECT p.person_id FROM ledger.person AS p WHERE p.person_id < %s"
                                " AND NOT EXISTS (SELECT 1 FROM ledger.assessment AS a WHERE a.person_id = p.person_id"
                                " AND a.tax_year = 2025) ORDER BY 1 LIMIT 1", (chunk[-1][1],))[0][0]
        _write(conn, run_id, 0, chunk, claim=True)
        with seeded.admin() as cur:  # a return filed meanwhile (the salary import, say), in the chunk's range
            cur.execute("INSERT INTO ledger.assessment (person_id, tax_year, filing_kind, collection_method)"
                        " VALUES (%s, 2025, 'none', 'none')", (newcomer,))
        with pytest.raises(psycopg2.errors.SerializationFailure, match="変更されました"):
            conn.cursor().execute("SELECT api.batch_advance(%s, 0, %s)", (run_id, chunk[-1][1]))
        conn.rollback()
    finally:
        conn.close()
    assert rows(seeded, "SELECT last_person_id FROM ledger.batch_run") == [(0,)]
    resumed = batch.run(seeded.staff_url("ASSESSOR"), 2025, chunk=40)
    assert resumed.finished
    assert rows(seeded, "SELECT status FROM ledger.assessment WHERE person_id = %s AND tax_year = 2025",
                (newcomer,)) == [("assessed",)]


@pytest.mark.parametrize("meanwhile", ["moves", "closes"])
def test_a_client_that_waited_to_open_a_run_gets_it_as_its_holder_left_it(seeded: ProvisionedDb,
                                                                        meanwhile: str) -> None:
    holder, waiting = seeded.staff("ASSESSOR"), seeded.staff("ASSESSOR")
    outcome: dict[str, Any] = {}
    try:
        run_id = open_run(holder)
        chunk = _first_returns(holder, run_id, 0, 5)

        def open_later() -> None:
            cur = waiting.cursor()
            cur.execute("SELECT run_id, last_person_id, resumed FROM api.batch_open(2025)")
            outcome["opened"] = cur.fetchone()
            waiting.commit()

        opening = threading.Thread(target=open_later)
        opening.start()
        deadline = time.monotonic() + 4
        while not _waiting(seeded, waiting, "advisory"):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        cur = holder.cursor()
        if meanwhile == "moves":
            _write(holder, run_id, 0, chunk, claim=True)
            cur.execute("SELECT api.batch_advance(%s, 0, %s)", (run_id, chunk[-1][1]))
        else:
            cur.execute("SELECT * FROM api.batch_close(%s)", (run_id,))
        holder.commit()
        holder.close()
        opening.join(10)
    finally:
        holder.close()
        waiting.close()
    if meanwhile == "moves":
        assert outcome["opened"] == (run_id, chunk[-1][1], True)
    else:  # the closed run is not handed out: a new one starts
        new_run, position, resumed = outcome["opened"]
        assert new_run != run_id and position == 0 and not resumed
