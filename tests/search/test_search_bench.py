"""`juminzei bench search` on a small seeded town: the api and the raw statement agree on every
query (the bench refuses to print figures otherwise) and every figure is there. Never asserts on time."""

from __future__ import annotations

from app.services.bench import bench_search
from app.services.seed import seed
from tests.support.database import new_database
from tests.support.pgcluster import PgCluster


def test_bench_search_compares_the_api_with_the_same_statement_as_raw_sql(pg_cluster: PgCluster) -> None:
    db = new_database(pg_cluster, "juminzei_s4_bench", with_known_persons=False)
    seed(db.admin_url, 3_000, 1)
    figures = bench_search(db.admin_url, queries=12)
    print(figures)
    assert figures["persons"] == 3_000 and figures["queries_per_kind"] == 12
    for kind in ("name_prefix", "partial_kana", "birth_date", "person_no"):
        assert figures[kind]["median_hits"] >= 1
        assert figures[kind]["api"]["p95_ms"] >= figures[kind]["api"]["p50_ms"] > 0
        assert figures[kind]["raw_sql"]["p50_ms"] > 0
    assert figures["person_no"]["median_hits"] == 1
    assert figures["person_view"]["p95_ms"] > 0 and figures["memory_100k_rows_mb"] > 0
