"""Helpers of the batch tests (one module, so its counter of database names is the only one)."""

from __future__ import annotations

import itertools
from typing import Any

from app.services.seed import seed
from tests.support.database import ProvisionedDb, new_database
from tests.support.pgcluster import PgCluster

_counter = itertools.count(1)


def seeded_database(pg_cluster: PgCluster, persons: int = 600, seed_value: int = 11) -> ProvisionedDb:
    db = new_database(pg_cluster, f"juminzei_batch_{next(_counter)}", with_known_persons=False)
    seed(db.admin_url, persons, seed_value)
    return db


def rows(db: ProvisionedDb, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with db.admin() as cur:
        cur.execute(sql, params)
        return list(cur.fetchall())


def stage_zero_result(cur: Any, assessment_id: int, keys: str = "{}", amounts: str = "{}",
                      version: int = 1) -> None:
    """Stage a made-up result (everything zero, non-taxable) the way a modified client could, for the
    version of the return it read (1: as seeded)."""
    cur.execute("INSERT INTO pg_temp.batch_result (assessment_id, salary_income, pension_income,"
                " total_income, income_base, deductions_total, taxable_income, non_taxable,"
                " municipal_income_levy, prefectural_income_levy, municipal_per_capita,"
                " prefectural_per_capita, forest_environment_tax, params_verified, step_keys, step_amounts,"
                " version) VALUES (%s, 0, 0, 0, 0, 0, 0, 'all', 0, 0, 0, 0, 0, true, %s, %s, %s)",
                (assessment_id, keys, amounts, version))


def open_run(conn: Any, tax_year: int = 2025) -> int:
    """Open (or resume) the year's run in this session, committed; its id."""
    cur = conn.cursor()
    cur.execute("SELECT run_id FROM api.batch_open(%s)", (tax_year,))
    run_id: int = cur.fetchone()[0]
    conn.commit()
    return run_id
