"""`juminzei db init|status`: provision a server and show its schema revision."""

from __future__ import annotations

import argparse

from app.cli.common import add_url_argument, print_json
from app.db import migrate
from app.i18n import t
from app.services.provision import init_database


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("db", help=t("データベースの構築と確認", "provision and inspect the database"))
    commands = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    init = commands.add_parser("init", help=t(
        "データベース・ロール・スキーマ・api・監査を作成／更新（何度実行しても同じ結果）",
        "create or update the database, roles, schemas, api and audit (idempotent)"))
    add_url_argument(init)
    init.set_defaults(func=_init)
    status = commands.add_parser("status", help=t("適用済みのマイグレーションを表示", "show the applied migration"))
    add_url_argument(status)
    status.set_defaults(func=_status)


def _init(args: argparse.Namespace) -> int:
    result = init_database(args.url)
    print_json({"database": result.database, "created": result.created,
                "revision_before": result.revision_before, "revision": result.revision_after})
    return 0


def _status(args: argparse.Namespace) -> int:
    current = migrate.current_revision(args.url)
    head = migrate.head_revision()
    print_json({"revision": current, "head": head, "up_to_date": current == head})
    return 0 if current == head else 1
