"""Regression tests from the adversarial review of migration 0013 (each failed on the code reviewed)."""

from __future__ import annotations

import threading
import time
from typing import Any

import psycopg2
import psycopg2.errors
import pytest

from app.db.urls import libpq_dsn
from app.services import batch
from tests.batch.support import rows, stage_zero_result
from tests.support.database import ProvisionedDb

pytestmark = pytest.mark.db



def test_an_approval_in_progress_is_waited_for_and_never_overwritten(seeded: ProvisionedDb) -> None:
    conn = seeded.staff("ASSESSOR")
    cur = conn.cursor()
    cur.execute("SELECT run_id, last_person_id FROM api.batch_open(2025)")
    run_id, position = cur.fetchone()
    conn.commit()
    cur.execute("SELECT assessment_id, person_id FROM api.batch_inputs(%s, %s, 5)", (run_id, position))
    chunk = cur.fetchall()
    conn.commit()
    target = chunk[2][0]
    for aid, _ in chunk:
        stage_zero_result(cur, aid)
    # The "approver" (as api.proposal_approve does: the row changed and a decided version recorded),
    # not yet committed when the batch stores its chunk.
    approver = psycopg2.connect(libpq_dsn(seeded.admin_url))
    with seeded.admin() as adm:  # a decided version without the proposal row it would normally have
        adm.execute("""DO $$ DECLARE c text; BEGIN FOR c IN SELECT conname FROM pg_constraint
                         WHERE conrelid = 'ledger.assessment_version'::regclass AND contype IN ('c', 'f')
                           AND conname NOT LIKE '%assessment_id%' LOOP
                         EXECUTE format('ALTER TABLE ledger.assessment_version DROP CONSTRAINT %I', c);
                         END LOOP; END $$""")
    ac = approver.cursor()
    ac.execute("UPDATE ledger.assessment SET version = version + 1, municipal_income_levy = 123000,"
               " updated_by = 'approver' WHERE assessment_id = %s RETURNING version, person_id", (target,))
    version, person = ac.fetchone()
    ac.execute("INSERT INTO ledger.assessment_version (assessment_id, version, person_id, tax_year, source, status,"
               " inputs, amounts, steps, approved_by, approved_at) VALUES (%s, %s, %s, 2025, 'proposal',"
               " 'assessed', '{}', '{}', '[]', 'x', now())", (target, version, person))
    outcome: dict[str, Any] = {}

    def store() -> None:
        try:
            cur.execute("SELECT api.batch_store(%s, %s)", (run_id, chunk[-1][1]))
            conn.commit()
            outcome["stored"] = True
        except psycopg2.Error as err:
            outcome["error"] = err
            conn.rollback()

    storing = threading.Thread(target=store)
    storing.start()
    deadline = time.monotonic() + 20
    while not rows(seeded, "SELECT 1 FROM pg_stat_activity WHERE usename = 's_assessor'"
                            " AND wait_event_type = 'Lock'") and storing.is_alive():
        assert time.monotonic() < deadline, "the store never waited for the approval"
        time.sleep(0.05)
    approver.commit()
    storing.join(30)
    approver.close()
    conn.close()
    assert isinstance(outcome.get("error"), psycopg2.errors.SerializationFailure)
    assert rows(seeded, "SELECT municipal_income_levy, updated_by FROM ledger.assessment WHERE assessment_id = %s",
                 (target,)) == [(123000, "approver")]


@pytest.mark.parametrize("overlap", [False, True])
def test_a_cancel_never_closes_the_run_as_finished(seeded: ProvisionedDb, overlap: bool) -> None:
    cancel = threading.Event()
    report = batch.run(seeded.staff_url("ASSESSOR"), 2025, chunk=50, read_ahead=1, overlap=overlap,
                       cancel=cancel, progress=lambda done, total: cancel.set())
    assert report.cancelled and not report.finished
    assert rows(seeded, "SELECT finished_at IS NULL FROM ledger.batch_run") == [(True,)]
    resumed = batch.run(seeded.staff_url("ASSESSOR"), 2025, chunk=50)
    assert resumed.resumed and resumed.finished


def test_results_from_inputs_changed_since_they_were_read_are_not_stored(seeded: ProvisionedDb) -> None:
    ((aid,),) = rows(seeded, "SELECT assessment_id FROM (SELECT *, row_number() OVER"
                                     " (ORDER BY person_id) AS n FROM ledger.assessment WHERE tax_year = 2025) AS x"
                                     " WHERE n > 120 AND salary_revenue BETWEEN 1 AND 5000000 ORDER BY n LIMIT 1")
    changed: list[int] = []

    def progress(done: int, total: int) -> None:
        if not changed:  # a clerk's change (the api raises the version) after the return was read
            with seeded.admin() as adm:
                adm.execute("UPDATE ledger.assessment SET salary_revenue = 9000000, version = version + 1"
                            " WHERE assessment_id = %s", (aid,))
            changed.append(aid)

    with pytest.raises(psycopg2.errors.SerializationFailure):
        batch.run(seeded.staff_url("ASSESSOR"), 2025, chunk=50, read_ahead=4, overlap=False, progress=progress)
    assert rows(seeded, "SELECT status FROM ledger.assessment WHERE assessment_id = %s", (aid,)) == [("draft",)]
    batch.run(seeded.staff_url("ASSESSOR"), 2025, chunk=50)  # resumed: reads the return afresh
    ((salary_income, status),) = rows(seeded, "SELECT salary_income, status FROM ledger.assessment"
                                               " WHERE assessment_id = %s", (aid,))
    assert status == "assessed" and salary_income == 9_000_000 - 1_950_000  # 給与所得控除 at 8.5 M and over


def test_deleting_assessments_in_repeatable_read_is_refused(seeded: ProvisionedDb) -> None:
    ((aid,),) = rows(seeded, "SELECT assessment_id FROM ledger.assessment WHERE tax_year = 2025 ORDER BY 1 LIMIT 1")
    conn = psycopg2.connect(libpq_dsn(seeded.admin_url))
    conn.set_session(isolation_level="REPEATABLE READ")
    try:
        with conn.cursor() as cur, pytest.raises(psycopg2.errors.SerializationFailure, match="READ COMMITTED"):
            cur.execute("DELETE FROM ledger.dependant WHERE assessment_id = %s", (aid,))
            cur.execute("DELETE FROM ledger.assessment_item WHERE assessment_id = %s", (aid,))
            cur.execute("DELETE FROM ledger.assessment WHERE assessment_id = %s", (aid,))
    finally:
        conn.close()


def test_a_step_key_declared_for_another_year_is_refused(seeded: ProvisionedDb) -> None:
    conn = seeded.staff("ASSESSOR")
    cur = conn.cursor()
    try:
        cur.execute("SELECT run_id, last_person_id FROM api.batch_open(2025)")
        run25, at25 = cur.fetchone()
        cur.execute("SELECT run_id, last_person_id FROM api.batch_open(2026)")
        run26, at26 = cur.fetchone()
        conn.commit()
        cur.execute("SELECT assessment_id, person_id FROM api.batch_inputs(%s, %s, 2)", (run26, at26))
        rows26 = cur.fetchall()
        conn.commit()
        cur.execute("INSERT INTO pg_temp.batch_step_text VALUES (1, 'annual_tax', '年税額', 'rule', 'source')")
        for aid, _ in rows26:
            stage_zero_result(cur, aid, keys="{1}", amounts="{5}")
        cur.execute("SELECT api.batch_store(%s, %s)", (run26, rows26[-1][1]))
        conn.commit()
        cur.execute("SELECT assessment_id, person_id FROM api.batch_inputs(%s, %s, 2)", (run25, at25))
        rows25 = cur.fetchall()
        conn.commit()
        for aid, _ in rows25:
            stage_zero_result(cur, aid, keys="{1}", amounts="{5}")
        with pytest.raises(psycopg2.errors.NotNullViolation):
            cur.execute("SELECT api.batch_store(%s, %s)", (run25, rows25[-1][1]))
    finally:
        conn.close()
