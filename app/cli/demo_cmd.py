"""`juminzei demo`: the client on a private embedded PostgreSQL with synthetic data."""

from __future__ import annotations

import argparse

from app.cli.common import ProgressBar, positive_int, print_json
from app.i18n import t
from app.services import demo
from app.services.embedded import EmbeddedServer, default_data_dir


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("demo", help=t(
        "内蔵PostgreSQLと架空データでクライアントを起動（初回はデータを生成、2回目以降は再利用）",
        "start the client on an embedded PostgreSQL with synthetic data (generated once, then reused)"))
    parser.add_argument("--check", action="store_true", help=t(
        "画面を開かずに準備と検索を確認し、JSONで結果を表示", "prepare and test headless, print a JSON summary"))
    parser.add_argument("--stop", action="store_true", help=t("内蔵サーバーを停止して終了", "stop the embedded server"))
    parser.add_argument("--data-dir", default=None, help=t(
        "データフォルダ（既定: 利用者のデータフォルダ、環境変数 JUMINZEI_DATA）",
        "data folder (default: the user's data folder, or JUMINZEI_DATA)"))
    parser.add_argument("--persons", type=positive_int, default=demo.DEMO_PERSONS,
                        help=t("初回に生成する人数", "persons generated on first start"))
    parser.add_argument("--seed", type=int, default=demo.DEMO_SEED, help=t("乱数の種", "random seed"))
    parser.set_defaults(func=_run)


def _progress(stage: str, done: int, total: int) -> None:
    if stage not in _bars:
        year = stage.partition(":")[2]
        _bars[stage] = ProgressBar(t("架空データを生成中", "generating synthetic data") if stage == "seed"
                                   else t(f"{year}年度の税額を計算中", f"assessing tax year {year}"))
    _bars[stage](done, total)


_bars: dict[str, ProgressBar] = {}


def _run(args: argparse.Namespace) -> int:
    from pathlib import Path

    data_dir = Path(args.data_dir).expanduser().resolve() if args.data_dir else default_data_dir()
    if args.stop:
        EmbeddedServer(data_dir).stop()
        return 0
    env = demo.prepare(data_dir, persons=args.persons, seed_value=args.seed, progress=_progress)
    if args.check:
        summary = demo.check(env)
        print_json(summary)
        return 0 if summary["ok"] else 1
    from app.views.demo_app import run_demo

    return run_demo(env)
