"""`juminzei bench`: speed and size figures, each beside a baseline measured in the same run."""

from __future__ import annotations

import argparse

from app.cli.common import positive_int, print_json
from app.i18n import t
from app.services import bench, demo


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("bench", help=t("性能測定（同じ実行内の基準値と比較）",
                                            "benchmarks with a same-run baseline"))
    commands = parser.add_subparsers(dest="bench_command", metavar="TARGET", required=True)
    seed = commands.add_parser("seed", help=t(
        "架空データ投入の速度とDB容量（基準: 同じ行の素のCOPY）",
        "seed throughput and database size (baseline: plain COPY of the same rows)"))
    seed.add_argument("--persons", type=positive_int, default=100_000, help=t("人数", "persons"))
    seed.add_argument("--seed", type=int, default=1, help=t("乱数の種", "random seed"))
    seed.add_argument("--url", default=None, help=t(
        "空のデータベースのURL（省略時は一時的な内蔵PostgreSQL）",
        "URL of an empty database (default: a scratch embedded server)"))
    seed.set_defaults(func=lambda a: _print(bench.bench_seed(a.persons, a.seed, a.url)))
    batch_parser = commands.add_parser("batch", help=t(
        "一括賦課の速度（基準: 書き込んだ行の素のCOPY）", "batch assessment speed (baseline: plain COPY of its rows)"))
    batch_parser.add_argument("--persons", type=positive_int, default=100_000, help=t("人数", "persons"))
    batch_parser.add_argument("--tax-year", type=int, default=2025, help=t("賦課年度", "tax year"))
    batch_parser.set_defaults(func=lambda a: _print(bench.bench_batch(a.persons, a.tax_year)))
    search = commands.add_parser("search", help=t(
        "検索の応答時間（APIと同じ条件の素のSQLを比較）、個人照会の応答時間、10万件分の行のメモリ",
        "search latency through the api next to the same raw SQL, person view latency, memory of 100,000 rows"))
    search.add_argument("--url", default=None, help=t(
        "測定するデータベース（管理者URL。省略時は一時的な内蔵PostgreSQLに --persons 人を投入）",
        "database to measure (admin URL; default: a scratch embedded server with --persons persons)"))
    search.add_argument("--queries", type=positive_int, default=50, help=t("種類ごとの検索回数", "queries per kind"))
    search.add_argument("--persons", type=positive_int, default=100_000, help=t("人数（--url 省略時）", "persons"))
    search.set_defaults(func=lambda a: _print(bench.bench_search(a.url, a.queries, a.persons)))
    demo_parser = commands.add_parser("demo", help=t("デモの初回起動・2回目起動の時間",
                                                     "demo cold and warm start times"))
    demo_parser.add_argument("--persons", type=positive_int, default=demo.DEMO_PERSONS, help=t("人数", "persons"))
    demo_parser.set_defaults(func=lambda a: _print(bench.bench_demo(a.persons)))


def _print(figures: dict[str, object]) -> int:
    print_json(figures)
    return 0
