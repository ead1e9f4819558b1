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
from datetime import date
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
    """Wall time of `juminzei demo --check` as a user sees it: empty folder, server stopped, running."""
    import subprocess
    import sys

    folder = Path(tempfile.mkdtemp(prefix="jz-bench-demo-", dir="/tmp"))

    def timed(*args: str) -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "app", "demo", *args, "--data-dir", str(folder)], check=True,
                       capture_output=True)
        return time.perf_counter() - started

    try:
        cold = timed("--check", "--persons", str(persons))
        timed("--stop")
        warm = timed("--check", "--persons", str(persons))
        running = timed("--check", "--persons", str(persons))
        return {"persons": persons, "cold_start_s": round(cold, 2), "warm_start_server_stopped_s": round(warm, 2),
                "warm_start_server_running_s": round(running, 2)}
    finally:
        EmbeddedServer(folder).stop()
        shutil.rmtree(folder, ignore_errors=True)


def _quiet(url: str) -> None:
    """Finish the background work the last bulk write left (vacuum, statistics, the checkpoint), so a
    measurement that follows does not share the machine with it."""
    conn = psycopg2.connect(libpq_dsn(url))
    try:
        conn.autocommit = True
        conn.cursor().execute("VACUUM (ANALYZE)")
        conn.cursor().execute("CHECKPOINT")
    finally:
        conn.close()


def bench_batch(persons: int, tax_year: int = 2025, seed_value: int = 1) -> dict[str, Any]:
    """`batch assess` end to end, next to a plain COPY of the rows it wrote (results and steps). Both
    start on a quiet server: the seed's and the batch's own aftermath are finished first."""
    from app.services import batch, terminals
    from app.services.staff import add_staff, generate_password

    server, folder, url = _scratch_server()
    try:
        init_database(url)
        seed(url, persons, seed_value)
        terminals.allow_local_socket(url)  # the scratch server has no TLS: its terminal is the socket
        password = generate_password()
        add_staff(url, "BENCH01", "性能測定", ["r_assessor"], password)
        _quiet(url)
        report = batch.run(libpq_dsn(url, username="s_bench01", password=password), tax_year)
        # Baseline: the rows the batch left (results and steps) copied into ordinary logged tables with
        # the same columns, defaults, checks and indexes as the ledger's, as one COPY each.
        _quiet(url)
        with psycopg2.connect(libpq_dsn(url)) as conn, conn.cursor() as cur:
            copy_s = 0.0
            rows = 0
            cur.execute("CREATE SCHEMA bench")
            for table, where in (("assessment", f"tax_year = {tax_year}"), ("assessment_step", "true")):
                cur.execute("SELECT string_agg(quote_ident(attname), ',' ORDER BY attnum) FROM pg_attribute"
                            " WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped"
                            " AND attgenerated = ''", (f"ledger.{table}",))
                columns = cur.fetchone()[0]  # stored generated columns are computed again by the COPY
                buffer = io.StringIO()
                cur.copy_expert(f"COPY (SELECT {columns} FROM ledger.{table} WHERE {where}) TO STDOUT", buffer)
                cur.execute(f"CREATE TABLE bench.{table} (LIKE ledger.{table} INCLUDING ALL)")
                conn.commit()
                buffer.seek(0)
                rows += buffer.getvalue().count("\n")
                started = time.perf_counter()
                cur.copy_expert(f"COPY bench.{table} ({columns}) FROM STDIN", buffer)
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
            "ratio_to_plain_copy": round(report.seconds / copy_s, 2) if copy_s else None,
        }
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


# The statement api.person_search runs (built by ledger.person_search_statement, 0014) and its first
# page, prepared and run as plain SQL in one round trip as the api call is, without the api around it:
# no checks, no audit row, no stored result list, rows instead of a jsonb page.
_RAW_SEARCH = ("PREPARE {name}(text[], date, bigint, text, text, text, integer, integer) AS"
               " WITH hits AS (SELECT {ids} AS ids) SELECT cardinality(hits.ids), p.person_id, p.family_name,"
               " p.given_name, p.family_kana, p.given_kana, p.birth_date, p.sex, p.postal_code, p.address,"
               " p.district, p.status FROM hits"
               " LEFT JOIN LATERAL unnest(hits.ids[1:$8]) WITH ORDINALITY AS u(person_id, n) ON true"
               " LEFT JOIN ledger.person AS p ON p.person_id = u.person_id ORDER BY u.n")


def _raw_search(cur: Any, prepared: dict[str, str], page_size: int, words: list[str], birth: date | None = None,
                person_id: int | None = None) -> tuple[int, float]:
    """The api's statement for these criteria as raw SQL: the number of hits and the seconds it took
    (statement built and prepared beforehand, as the api's is built without a round trip)."""
    cur.execute("SELECT statement, driver FROM ledger.person_search_statement(%s, %s, %s, false, false)",
                (words or None, birth is not None, person_id is not None))
    statement, driver = cur.fetchone()
    if statement not in prepared:
        prepared[statement] = f"raw_search_{len(prepared)}"
        cur.execute(_RAW_SEARCH.format(name=prepared[statement], ids=statement))
    started = time.perf_counter()
    cur.execute(f"EXECUTE {prepared[statement]}(%s, %s, %s, NULL, NULL, %s, 100000, %s)",
                ([f"%{w}%" for w in words] or None, birth, person_id,
                  f"{words[driver - 1]}%" if words else None, page_size))
    hits = int(cur.fetchall()[0][0])
    return hits, time.perf_counter() - started


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"p50_ms": round(ordered[len(ordered) // 2] * 1000, 2),
            "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000, 2)}


def bench_search(url: str | None, queries: int = 50, persons: int = 100_000) -> dict[str, Any]:
    """Search latency through the api (search + first page, as the client does it) next to the same
    query as raw SQL on the same indexes; person view latency; memory of 100,000 result rows."""
    import tracemalloc

    from app.models.person import PersonSummary
    from app.services import inquiry, terminals
    from app.services.db import Database
    from app.services.search_query import SearchCriteria
    from app.services.staff import add_staff, generate_password

    server = folder = None
    if url is None:
        server, folder, url = _scratch_server()
        init_database(url)
        seed(url, persons, 1)
    try:
        terminals.allow_local_socket(url)
        password = generate_password()
        add_staff(url, "BENCHQ", "検索性能測定", ["r_inquiry"], password)
        clerk = Database(libpq_dsn(url, username="s_benchq", password=password))
        admin = psycopg2.connect(libpq_dsn(url))
        cur = admin.cursor()
        # As api.person_search runs: its work_mem, and EXECUTE … USING plans with the values.
        cur.execute("SET work_mem = '64MB'; SET plan_cache_mode = force_custom_plan")
        cur.execute("SELECT count(*) FROM ledger.person")
        total_persons = int(cur.fetchone()[0])
        # The same persons in every run on the same data (a hash order is a fair, repeatable sample).
        cur.execute("SELECT person_id, family_kana, given_kana, birth_date FROM ledger.person"
                    " ORDER BY md5(person_id::text) LIMIT %s", (queries,))
        sample = cur.fetchall()
        kinds: dict[str, list[tuple[SearchCriteria, dict[str, Any]]]] = {
            "name_prefix": [(SearchCriteria(name=f), {"words": [f]}) for _, f, _, _ in sample],
            "partial_kana": [(SearchCriteria(name=g[-3:]), {"words": [g[-3:]]}) for _, _, g, _ in sample],
            "birth_date": [(SearchCriteria(birth_date=b), {"words": [], "birth": b}) for _, _, _, b in sample],
            "person_no": [(SearchCriteria(person_id=i), {"words": [], "person_id": i}) for i, _, _, _ in sample],
        }
        figures: dict[str, Any] = {"persons": total_persons, "queries_per_kind": len(sample)}
        prepared: dict[str, str] = {}
        for kind, cases in kinds.items():
            api_times, raw_times, hits = [], [], []
            for criteria, raw_criteria in cases:
                started = time.perf_counter()
                result = inquiry.search_persons(clerk, criteria, "system_check")
                api_times.append(time.perf_counter() - started)
                hits.append(result.total)
                raw_hits, raw_seconds = _raw_search(cur, prepared, inquiry.PAGE_SIZE, **raw_criteria)
                raw_times.append(raw_seconds)
                if raw_hits != result.total:
                    raise RuntimeError(f"{kind}: raw SQL found {raw_hits} persons, the api {result.total}")
            api, raw = _percentiles(api_times), _percentiles(raw_times)
            figures[kind] = {"api": api, "raw_sql": raw, "median_hits": sorted(hits)[len(hits) // 2],
                             "p95_ratio": round(api["p95_ms"] / raw["p95_ms"], 2) if raw["p95_ms"] else None}
        view_times = []
        for person_id, _, _, _ in sample:
            started = time.perf_counter()
            inquiry.person_card(clerk, person_id, "system_check")
            view_times.append(time.perf_counter() - started)
        figures["person_view"] = _percentiles(view_times)
        # What the result table holds after scrolling 100,000 rows: the rows themselves.
        tracemalloc.start()
        rows = [PersonSummary(1_000_000_000 + n, "佐藤", "太郎", "サトウ", "タロウ", date(1980, 5, 1), "M", "025-0075",
                              f"花巻市花城町{n % 30}番{n % 50}号", "花巻", "resident", "************")
                for n in range(100_000)]
        current, _peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        figures["memory_100k_rows_mb"] = round(current / 1e6, 1)
        del rows
        clerk.dispose()
        admin.close()
        return figures
    finally:
        if server is not None and folder is not None:
            server.stop()
            shutil.rmtree(folder, ignore_errors=True)
