"""`juminzei client`: the workstation client against the city's server."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.i18n import t


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("client", help=t(
        "端末のクライアントを起動（接続先・端末証明書は workstation.toml、ログインは職員カードとPIN）",
        "start the workstation client (server and terminal certificate from workstation.toml; card + PIN login)"))
    parser.add_argument("--settings", default=None, help=t("設定ファイル（既定: システムの設定フォルダ）",
                                                           "settings file (default: the system configuration folder)"))
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from app import settings
    from app.views.client_app import run_client

    return run_client(settings.load(Path(args.settings) if args.settings else None))
