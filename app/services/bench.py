"""Measurements printed by `juminzei bench`: each figure next to a baseline from the same run.

- seed: generator alone, the full load (COPY into the indexed, constrained ledger), and a plain
  COPY of the same person rows into a bare table (the floor any loader could reach); the size of
  the database, per person and extrapolated to 1,000,000 persons.
- demo: cold start (empty data folder) and warm start (server stopped, data kept).
"""

from __future__ import annotations

import io
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg2

from app.db.urls import libpq_dsn
from app.services import demo, synthetic
from app.services.embedded import EmbeddedServer
from app.services.provision import init_database
from app.services.seed import seed


def _scratch_server() -> tuple[EmbeddedServer, Path, str]:
    folder = Path(tempfile.mkdtemp(prefix="jz-bench-", dir="/tmp"))
    server = EmbeddedServer(folder)
    return server, folder, server.start()


def bench_seed(persons: int, seed_value: int = 1, url: str | None = None) -> dict[str, Any]:
    server = folder = None
    if url is None:
        server, folder, url = _scratch_server()
    try:
        started = time.perf_counter()
        generated = sum(len(batch.persons) for batch in synthetic.generate(persons, seed_value))
        generate_s = time.perf_counter() - started

        init_database(url)
        result = seed(url, persons, seed_value)
        with psycopg2.connect(libpq_dsn(url)) as conn, conn.cursor() as cur:
            cur.execute("SELECT pg_database_size(current_database())")
            size = int(cur.fetchone()[0])
            # Baseline: the same person rows, plain COPY into a table without indexes or checks.
            buffer = io.StringIO()
            cur.copy_expert("COPY (SELECT person_id, my_number, family_name, given_name, family_kana, given_kana,"
                            " birth_date, sex, postal_code, address, district FROM ledger.person) TO STDOUT", buffer)
            cur.execute("CREATE TEMP TABLE bare (person_id bigint, my_number text, family_name text, given_name text,"
                        " family_kana text, given_kana text, birth_date date, sex text, postal_code text,"
                        " address text, district text)")
            buffer.seek(0)
            copy_started = time.perf_counter()
            cur.copy_expert("COPY bare FROM STDIN", buffer)
            conn.commit()
            copy_s = time.perf_counter() - copy_started
        conn.close()
        return {
            "persons": generated,
            "generate_persons_per_s": round(generated / generate_s),
            "seed_persons_per_s": round(result.persons_per_second),
            "seed_s": round(result.seconds, 1),
            "assessments": result.assessments,
            "baseline_plain_copy_persons_per_s": round(generated / copy_s),
            "database_bytes": size,
            "bytes_per_person": round(size / generated),
            "database_gb_per_million_persons": round(size / generated * 1_000_000 / 1e9, 2),
        }
    finally:
        if server is not None and folder is not None:
            server.stop()
            shutil.rmtree(folder, ignore_errors=True)


def bench_demo(persons: int = demo.DEMO_PERSONS) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="jz-bench-demo-", dir="/tmp"))
    try:
        started = time.perf_counter()
        demo.prepare(folder, persons=persons)
        cold = time.perf_counter() - started
        EmbeddedServer(folder).stop()
        started = time.perf_counter()
        warm_env = demo.prepare(folder, persons=persons)
        warm = time.perf_counter() - started
        started = time.perf_counter()
        demo.prepare(folder, persons=persons)
        running = time.perf_counter() - started
        return {"persons": persons, "cold_start_s": round(cold, 2), "warm_start_s": round(warm, 2),
                "warm_start_server_running_s": round(running, 2), "first_start_flag_on_warm": warm_env.first_start}
    finally:
        EmbeddedServer(folder).stop()
        shutil.rmtree(folder, ignore_errors=True)


def bench_batch(persons: int, tax_year: int = 2025, seed_value: int = 1) -> dict[str, Any]:
    """`batch assess` end to end, next to a plain COPY of the rows it wrote (results and steps)."""
    from app.services import batch
    from app.services.staff import add_staff, generate_password

    server, folder, url = _scratch_server()
    try:
        init_database(url)
        seed(url, persons, seed_value)
        password = generate_password()
        add_staff(url, "BENCH01", "性能測定", ["r_assessor"], password)
        report = batch.run(libpq_dsn(url, username="s_bench01", password=password), tax_year)
        with psycopg2.connect(libpq_dsn(url)) as conn, conn.cursor() as cur:
            copy_s = 0.0
            rows = 0
            for query, bare in (
                ("SELECT assessment_id, salary_income, pension_income, total_income, income_base, deductions_total,"
                 " taxable_income, non_taxable, municipal_income_levy, prefectural_income_levy, municipal_per_capita,"
                 f" prefectural_per_capita, forest_environment_tax FROM ledger.assessment WHERE tax_year = {tax_year}",
                 "CREATE TEMP TABLE bare_result (a bigint, b bigint, c bigint, d bigint, e bigint, f bigint, g bigint,"
                 " h text, i bigint, j bigint, k bigint, l bigint, m bigint)"),
                ("SELECT s.assessment_id, s.seq, s.code, s.label, s.amount FROM ledger.assessment_step s",
                 "CREATE TEMP TABLE bare_step (a bigint, b smallint, c text, d text, e bigint)"),
            ):
                buffer = io.StringIO()
                cur.copy_expert(f"COPY ({query}) TO STDOUT", buffer)
                cur.execute(bare)
                buffer.seek(0)
                rows += buffer.getvalue().count("\n")
                table = bare.split()[3]
                started = time.perf_counter()
                cur.copy_expert(f"COPY {table} FROM STDIN", buffer)
                conn.commit()
                copy_s += time.perf_counter() - started
        conn.close()
        return {
            "persons": persons,
            "returns_assessed": report.assessed,
            "errors": len(report.errors),
            "batch_s": round(report.seconds, 2),
            "batch_returns_per_s": round(report.assessed / report.seconds) if report.seconds else 0,
            "rows_written": rows,
            "baseline_plain_copy_s": round(copy_s, 2),
            "ratio_to_plain_copy": round(report.seconds / copy_s, 1) if copy_s else None,
        }
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
