"""Batch assessment through the api: results equal the engine's, chunks are whole, runs resume."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import psycopg2
import psycopg2.errors
import pytest

from app.db.urls import libpq_dsn
from app.services import batch
from app.services.staff import add_staff
from tests.batch.support import open_run, rows, seeded_database, stage_zero_result
from tests.support.database import STAFF_PASSWORD, ProvisionedDb
from tests.support.pgcluster import PgCluster

pytestmark = pytest.mark.db



def test_batch_results_are_the_engines_and_carry_their_basis(seeded: ProvisionedDb) -> None:
    result = subprocess.run([sys.executable, "-m", "app", "batch", "assess", "--tax-year", "2025", "--chunk", "150",
                             "--url", seeded.staff_url("ASSESSOR")], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    (count,) = rows(seeded, "SELECT count(*) FROM ledger.assessment WHERE tax_year = 2025")[0]
    assert report["finished"] is True and report["assessed"] + report["errors"] == count > 0
    assert sum(report["non_taxable"].values()) == report["assessed"]
    assert rows(seeded, "SELECT count(*) FROM ledger.assessment WHERE tax_year = 2025 AND status = 'draft'") == [
        (report["errors"],)]
    (total,) = rows(seeded, "SELECT sum(annual_tax) FROM ledger.assessment WHERE tax_year = 2025")[0]
    assert total == report["annual_tax_total"]

    # One salaried taxpayer with a spouse, recomputed through `juminzei tax assess`.
    person = rows(seeded, """
        SELECT a.person_id, p.birth_date, p.sex, a.salary_revenue, a.pension_revenue, a.business_income,
               a.agriculture_income, a.real_estate_income, a.misc_income, a.dividend_income, a.annual_tax,
               a.municipal_income_levy, a.prefectural_income_levy, a.taxable_income, a.assessment_id
          FROM ledger.assessment a JOIN ledger.person p USING (person_id)
         WHERE a.tax_year = 2025 AND a.salary_revenue > 4000000 AND a.annual_tax > 0
           AND NOT EXISTS (SELECT 1 FROM ledger.dependant d WHERE d.assessment_id = a.assessment_id)
         ORDER BY a.person_id LIMIT 1""")[0]
    items = dict(rows(seeded, "SELECT item_code, amount FROM ledger.assessment_item WHERE assessment_id = %s",
                       (person[14],)))
    contract = {"tax_year": 2025, "taxpayer": {"birth_date": person[1].isoformat(), "sex": person[2]},
                "income": {"salary_revenue": person[3], "pension_revenue": person[4], "business": person[5],
                           "agriculture": person[6], "real_estate": person[7], "misc_other": person[8],
                           "dividends": person[9]},
                "deductions": {"social_insurance": items.get(139, 0),
                               "life_insurance": {"new_general": items.get(150, 0)},
                               "earthquake_insurance": {"earthquake": items.get(149, 0)},
                               "medical": {"paid": items.get(136, 0)}},
                "credits": {"donations": {"hometown": items.get(140, 0)}}}
    cli = subprocess.run([sys.executable, "-m", "app", "tax", "assess"], input=json.dumps(contract),
                         capture_output=True, text=True, check=True)
    expected = json.loads(cli.stdout)
    assert (person[10], person[11], person[12], person[13]) == (
        expected["annual_tax"], expected["municipal"]["income_levy"], expected["prefectural"]["income_levy"],
        expected["taxable_income"])
    steps = rows(seeded, """SELECT s.code, s.amount, t.rule <> '' FROM ledger.assessment_step s
                               JOIN ledger.step_text t ON t.tax_year = 2025 AND t.code = s.code AND t.label = s.label
                              WHERE s.assessment_id = %s ORDER BY s.seq""", (person[14],))
    assert [(s["code"], s["amount"]) for s in expected["steps"]] == [(c, a) for c, a, _ in steps]
    assert all(has_rule for _, _, has_rule in steps)


def test_an_interrupted_run_resumes_after_the_last_whole_chunk(seeded: ProvisionedDb) -> None:
    url = seeded.staff_url("ASSESSOR")
    first = batch.run(url, 2025, chunk=100, max_chunks=2)
    assert not first.finished and first.assessed + len(first.errors) == 200
    position = rows(seeded, "SELECT last_person_id, assessed + errors, finished_at FROM ledger.batch_run")
    assert len(position) == 1 and position[0][1] == 200 and position[0][2] is None
    second = batch.run(url, 2025, chunk=100)
    assert second.resumed and second.finished and second.run_id == first.run_id
    (count,) = rows(seeded, "SELECT count(*) FROM ledger.assessment WHERE tax_year = 2025")[0]
    assert first.assessed + len(first.errors) + second.assessed + len(second.errors) == count
    # Every person assessed exactly once: one version step per assessment.
    assert rows(seeded, "SELECT max(version) FROM ledger.assessment WHERE tax_year = 2025") == [(2,)]


def test_a_chunk_is_applied_whole_or_not_at_all(seeded: ProvisionedDb) -> None:
    conn = psycopg2.connect(libpq_dsn(seeded.staff_url("ASSESSOR")))
    try:
        cur = conn.cursor()
        run_id = open_run(conn)
        cur.execute("SELECT assessment_id, person_id FROM api.batch_inputs(%s, 10)", (run_id,))
        chunk = cur.fetchall()
        # Stage results for only half the chunk, as a crashed or modified client might.
        for aid, _ in chunk[:5]:
            stage_zero_result(cur, aid)
        with pytest.raises(psycopg2.errors.InvalidParameterValue, match="範囲と一致しません"):
            cur.execute("SELECT api.batch_store(%s, %s)", (run_id, chunk[-1][1]))
        conn.rollback()
    finally:
        conn.close()
    assert rows(seeded, "SELECT count(*) FROM ledger.assessment WHERE status <> 'draft'") == [(0,)]
    assert rows(seeded, "SELECT last_person_id FROM ledger.batch_run") == [(0,)]


def test_only_assessors_run_batches(seeded: ProvisionedDb) -> None:
    conn = psycopg2.connect(libpq_dsn(seeded.staff_url("CLERK")))
    try:
        with conn.cursor() as cur, pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cur.execute("SELECT * FROM api.batch_open(2025)")
    finally:
        conn.close()
    add_staff(seeded.admin_url, "NOBATCH", "権限なし", ["r_approver"], STAFF_PASSWORD)
    with pytest.raises(psycopg2.errors.InsufficientPrivilege):
        batch.run(libpq_dsn(seeded.admin_url, username="s_nobatch", password=STAFF_PASSWORD), 2025)


def test_a_batch_cannot_touch_notified_returns_or_write_steps_outside_its_chunk(seeded: ProvisionedDb) -> None:
    first, second = rows(seeded, "SELECT assessment_id, person_id FROM ledger.assessment"
                                  " WHERE tax_year = 2025 ORDER BY person_id LIMIT 2")
    with seeded.admin() as cur:
        cur.execute("UPDATE ledger.assessment SET status = 'notified', computed_at = now(),"
                    " municipal_income_levy = 100000 WHERE assessment_id = %s", (first[0],))
    conn = psycopg2.connect(libpq_dsn(seeded.staff_url("ASSESSOR")))
    try:
        cur = conn.cursor()
        cur.execute("SELECT run_id FROM api.batch_open(2025)")
        (run_id,) = cur.fetchone()
        # Reading after an audited change in the same transaction is refused, not left hanging.
        with pytest.raises(psycopg2.errors.InvalidTransactionState, match="別々のトランザクション"):
            cur.execute("SELECT assessment_id, person_id FROM api.batch_inputs(%s, 1)", (run_id,))
        conn.rollback()
        run_id = open_run(conn)
        cur.execute("SELECT assessment_id, person_id FROM api.batch_inputs(%s, 1)", (run_id,))
        chunk = cur.fetchall()
        assert chunk == [second]  # the notified return is not offered
        # A modified client stages the chunk's row, a zeroed notified return and a forged step elsewhere.
        for aid in (second[0], first[0]):
            stage_zero_result(cur, aid)
        with pytest.raises(psycopg2.errors.InvalidParameterValue, match="範囲と一致しません"):
            cur.execute("SELECT api.batch_store(%s, %s)", (run_id, second[1]))
        conn.rollback()
        cur.execute("SELECT run_id FROM api.batch_open(2025)")
        conn.commit()
        # Steps travel on the chunk's own result rows: a step outside the chunk needs a result row
        # outside it, which is refused above. A step key nobody declared leaves no code: refused.
        stage_zero_result(cur, second[0], keys="{1}", amounts="{999}")
        with pytest.raises(psycopg2.errors.NotNullViolation):
            cur.execute("SELECT api.batch_store(%s, %s)", (run_id, second[1]))
        conn.rollback()
        # The key table is the api's: a client cannot map a key to a label without declaring its wording.
        cur.execute("SELECT run_id FROM api.batch_open(2025)")
        conn.commit()
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cur.execute("INSERT INTO pg_temp.batch_step_key VALUES (2025, 1, 'forged', 'forged')")
        conn.rollback()
        cur.execute("SELECT run_id FROM api.batch_open(2025)")
        conn.commit()
        stage_zero_result(cur, second[0], keys="{1,1}", amounts="{999,5}")
        cur.execute("INSERT INTO pg_temp.batch_step_text VALUES (1, 'annual_tax', '年税額', 'rule', 'source')")
        cur.execute("SELECT api.batch_store(%s, %s)", (run_id, second[1]))
        conn.commit()
        # A key is declared once per session: declaring it again is refused.
        cur.execute("SELECT assessment_id, person_id FROM api.batch_inputs(%s, 1)", (run_id,))
        (fourth,) = cur.fetchall()
        conn.commit()
        stage_zero_result(cur, fourth[0])
        cur.execute("INSERT INTO pg_temp.batch_step_text VALUES (1, 'forged', 'forged', 'rule', 'source')")
        with pytest.raises(psycopg2.errors.UniqueViolation):
            cur.execute("SELECT api.batch_store(%s, %s)", (run_id, fourth[1]))
        conn.rollback()
    finally:
        conn.close()
    assert rows(seeded, "SELECT status, municipal_income_levy FROM ledger.assessment WHERE assessment_id = %s",
                 (first[0],)) == [("notified", 100000)]
    assert rows(seeded, "SELECT assessment_id, seq, code, label, amount FROM ledger.assessment_step ORDER BY seq") == [
        (second[0], 1, "annual_tax", "年税額", 999), (second[0], 2, "annual_tax", "年税額", 5)]
    assert rows(seeded, "SELECT rule, source FROM ledger.step_text WHERE code = 'annual_tax'") == [("rule", "source")]
    assert rows(seeded, "SELECT count(*) FROM ledger.step_text WHERE code = 'forged'") == [(0,)]


_SNAPSHOT = (
    "SELECT assessment_id, status, version, salary_income, pension_income, total_income, income_base,"
    " deductions_total, taxable_income, non_taxable, municipal_income_levy, prefectural_income_levy,"
    " municipal_per_capita, prefectural_per_capita, forest_environment_tax, annual_tax, params_verified"
    " FROM ledger.assessment WHERE tax_year = 2025 ORDER BY assessment_id",
    "SELECT assessment_id, seq, code, label, amount FROM ledger.assessment_step ORDER BY assessment_id, seq",
    "SELECT tax_year, code, label, rule, source FROM ledger.step_text ORDER BY tax_year, code, label",
)


def test_overlapped_storing_resumes_and_gives_the_sequential_results(pg_cluster: PgCluster,
                                                                      seeded: ProvisionedDb) -> None:
    sequential = batch.run(seeded.staff_url("ASSESSOR"), 2025, chunk=70, overlap=False)
    assert sequential.finished and not sequential.errors

    other = seeded_database(pg_cluster)
    url = other.staff_url("ASSESSOR")
    # Reads three chunks at a time, stores each while computing the next; stopped after four chunks
    # (in the middle of the second read), then resumed.
    first = batch.run(url, 2025, chunk=70, read_ahead=3, max_chunks=4)
    assert not first.finished and first.assessed + len(first.errors) == 280
    assert rows(other, "SELECT last_person_id > 0, assessed + errors FROM ledger.batch_run") == [(True, 280)]
    assert rows(other, "SELECT count(*) FROM ledger.assessment WHERE tax_year = 2025 AND status = 'assessed'") == [
        (280,)]
    steps: list[int] = []
    second = batch.run(url, 2025, chunk=70, read_ahead=3, progress=lambda done, _total: steps.append(done))
    assert second.resumed and second.finished and second.run_id == first.run_id
    assert steps == sorted(steps) and steps[0] == 350 and steps[-1] == sequential.assessed
    assert first.assessed + second.assessed == sequential.assessed
    assert first.annual_tax_total + second.annual_tax_total == sequential.annual_tax_total
    for query in _SNAPSHOT:
        assert rows(other, query) == rows(seeded, query)


def test_a_failed_store_stops_the_run_at_the_last_whole_chunk(seeded: ProvisionedDb) -> None:
    url = seeded.staff_url("ASSESSOR")
    # A step wording that differs from the one stored for the year makes the api refuse the chunk.
    batch.run(url, 2025, chunk=50, max_chunks=1)
    with seeded.admin() as cur:
        cur.execute("UPDATE ledger.step_text SET rule = rule || '（旧）'")
    with pytest.raises(psycopg2.errors.InvalidParameterValue, match="計算根拠の文言"):
        batch.run(url, 2025, chunk=50, read_ahead=4)
    assert rows(seeded, "SELECT assessed + errors FROM ledger.batch_run") == [(50,)]
    assert rows(seeded, "SELECT count(*) FROM ledger.assessment WHERE status = 'assessed'") == [(50,)]


def test_steps_belong_to_an_existing_assessment_as_under_the_former_foreign_key(seeded: ProvisionedDb) -> None:
    # 0013 replaced the per-row foreign key by statement-level triggers: the same rule, for everyone.
    with seeded.admin() as cur:
        cur.execute("SELECT min(person_id) FROM ledger.person")
        (person,) = cur.fetchone()
        cur.execute("INSERT INTO ledger.assessment (person_id, tax_year, filing_kind, collection_method)"
                    " VALUES (%s, 2030, 'none', 'none') RETURNING assessment_id", (person,))
        (aid,) = cur.fetchone()
        cur.execute("INSERT INTO ledger.assessment_step VALUES (%s, 1, 'a', 'a', 1), (%s, 2, 'b', 'b', 2)", (aid, aid))
        with pytest.raises(psycopg2.errors.ForeignKeyViolation):
            cur.execute("INSERT INTO ledger.assessment_step VALUES (%s, 3, 'c', 'c', 3), (-1, 1, 'c', 'c', 3)", (aid,))
        with pytest.raises(psycopg2.errors.ForeignKeyViolation):
            cur.execute("UPDATE ledger.assessment_step SET assessment_id = -1 WHERE assessment_id = %s AND seq = 2",
                        (aid,))
        with pytest.raises(psycopg2.errors.ForeignKeyViolation):
            cur.execute("UPDATE ledger.assessment SET assessment_id = -7 WHERE assessment_id = %s", (aid,))
        cur.execute("UPDATE ledger.assessment_step SET amount = 5 WHERE assessment_id = %s", (aid,))
        cur.execute("SELECT seq, amount FROM ledger.assessment_step WHERE assessment_id = %s ORDER BY seq", (aid,))
        assert cur.fetchall() == [(1, 5), (2, 5)]
        cur.execute("DELETE FROM ledger.assessment WHERE assessment_id = %s", (aid,))
        cur.execute("SELECT count(*) FROM ledger.assessment_step WHERE assessment_id = %s", (aid,))
        assert cur.fetchone() == (0,)
    # Staff write steps only through the api.
    conn = psycopg2.connect(libpq_dsn(seeded.staff_url("ASSESSOR")))
    try:
        with conn.cursor() as cur, pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cur.execute("INSERT INTO ledger.assessment_step VALUES (1, 1, 'x', 'x', 1)")
    finally:
        conn.close()
    batch.run(seeded.staff_url("ASSESSOR"), 2025, chunk=200, max_chunks=1)
    with seeded.admin() as cur:
        cur.execute("SELECT count(*) > 0 FROM ledger.assessment_step")
        assert cur.fetchone() == (True,)
        cur.execute("TRUNCATE ledger.assessment CASCADE")
        cur.execute("SELECT count(*) FROM ledger.assessment_step")
        assert cur.fetchone() == (0,)


def test_reading_ahead_continues_where_it_ended_and_never_picks_persons_out(seeded: ProvisionedDb) -> None:
    conn = psycopg2.connect(libpq_dsn(seeded.staff_url("ASSESSOR")))
    try:
        cur = conn.cursor()
        run_id = open_run(conn)
        cur.execute("SELECT person_id, items, rel_kind FROM api.batch_inputs(%s, 0, 300)", (run_id,))
        ahead = cur.fetchall()
        conn.commit()
        # Returns without items or relatives come with NULL arrays; the former call keeps its empty arrays
        # (and reads from the run's position, which is always allowed).
        assert any(items is None for _, items, _ in ahead) and any(kinds is None for _, _, kinds in ahead)
        assert all(kinds is None or kinds for _, _, kinds in ahead)
        cur.execute("SELECT person_id, items, rel_kind FROM api.batch_inputs(%s, 300)", (run_id,))
        former = cur.fetchall()
        conn.commit()
        assert [(p, i or [], k or []) for p, i, k in ahead] == former
        # Reading on from where the last read ended …
        cur.execute("SELECT person_id FROM api.batch_inputs(%s, %s, 100)", (run_id, ahead[-1][0]))
        further = [p for (p,) in cur.fetchall()]
        assert len(further) == 100 and further[0] > ahead[-1][0]
        conn.commit()
        # … but not from anywhere else: one person, or a jump, cannot be picked out.
        for after in (ahead[10][0], further[50], further[-1] + 1_000):
            with pytest.raises(psycopg2.errors.InvalidParameterValue, match="読込み位置"):
                cur.execute("SELECT person_id FROM api.batch_inputs(%s, %s, 1)", (run_id, after))
            conn.rollback()
    finally:
        conn.close()
    batch.run(seeded.staff_url("ASSESSOR"), 2025, chunk=50, max_chunks=2)
    conn = psycopg2.connect(libpq_dsn(seeded.staff_url("ASSESSOR")))
    try:
        cur = conn.cursor()
        cur.execute("SELECT run_id FROM api.batch_open(2025)")
        conn.commit()
        with pytest.raises(psycopg2.errors.InvalidParameterValue, match="読込み位置"):
            cur.execute("SELECT person_id FROM api.batch_inputs(%s, %s, 10)", (run_id, ahead[10][0]))
        conn.rollback()
    finally:
        conn.close()
    # Every read is audited, naming the persons read and the relatives whose data came with them.
    with seeded.admin() as cur:
        cur.execute("SELECT e.detail, p.person_ids FROM audit.event AS e JOIN audit.event_persons AS p"
                    " USING (event_id) WHERE e.action = 'assessment.batch_read' AND e.detail LIKE %s",
                    (f"run={run_id} after={ahead[-1][0]} count=100 %",))
        ((detail, persons),) = cur.fetchall()
        cur.execute("SELECT DISTINCT d.dependant_person_id FROM ledger.dependant AS d"
                    " JOIN ledger.assessment AS a USING (assessment_id)"
                    " WHERE a.tax_year = 2025 AND a.person_id = ANY (%s)", (further,))
        relatives = {r[0] for r in cur.fetchall()} - set(further)
    assert relatives and set(persons) == set(further) | relatives
    assert f"relatives={len(relatives)} " in detail


def test_migration_0013_downgrades_to_the_former_batch_and_applies_again(pg_cluster: PgCluster) -> None:
    from alembic import command

    from app.db import migrate

    db = seeded_database(pg_cluster, 200, 5)

    def shape() -> tuple[Any, ...]:
        return tuple(rows(db, q)[0][0] for q in (
            "SELECT count(*) FROM pg_constraint WHERE conname = 'assessment_step_assessment_id_fkey'",
            "SELECT count(*) FROM pg_trigger WHERE left(tgname, 15) = 'assessment_step' AND NOT tgisinternal",
            "SELECT count(*) FROM pg_proc WHERE proname = 'batch_inputs'"))

    assert shape() == (0, 5, 2)
    current = migrate.current_revision_or_none(db.admin_url)
    command.downgrade(migrate.alembic_config(db.admin_url), "0012")
    assert shape() == (1, 0, 1)
    # The former batch works against the former functions (through SQL, as its client did).
    conn = psycopg2.connect(libpq_dsn(db.staff_url("ASSESSOR")))
    try:
        cur = conn.cursor()
        run_id = open_run(conn)
        cur.execute("SELECT assessment_id, person_id FROM api.batch_inputs(%s, 1)", (run_id,))
        ((aid, pid),) = cur.fetchall()
        conn.commit()
        _stage_old_result(cur, aid)
        cur.execute("INSERT INTO pg_temp.batch_step VALUES (%s, 1, 'annual_tax', '年税額', 0)", (aid,))
        cur.execute("SELECT api.batch_store(%s, %s)", (run_id, pid))
        conn.commit()
    finally:
        conn.close()
    migrate.upgrade(db.admin_url, current or "head")
    assert shape() == (0, 5, 2)
    report = batch.run(db.staff_url("ASSESSOR"), 2025, chunk=40)
    assert report.finished and report.resumed
    assert rows(db, "SELECT count(*) FROM ledger.assessment WHERE tax_year = 2025 AND status = 'draft'") == [
        (len(report.errors),)]


def _stage_old_result(cur: Any, assessment_id: int) -> None:
    cur.execute("INSERT INTO pg_temp.batch_result (assessment_id, salary_income, pension_income,"
                " total_income, income_base, deductions_total, taxable_income, non_taxable,"
                " municipal_income_levy, prefectural_income_levy, municipal_per_capita,"
                " prefectural_per_capita, forest_environment_tax, params_verified)"
                " VALUES (%s, 0, 0, 0, 0, 0, 0, 'all', 0, 0, 0, 0, 0, true)", (assessment_id,))
