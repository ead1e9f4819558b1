"""`juminzei terminal register|revoke|list`: the register of terminals."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from app.cli.common import add_url_argument, print_json
from app.i18n import t
from app.services import terminals


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("terminal", help=t("端末（端末証明書のCN）の登録と失効", "register and revoke terminals"))
    commands = parser.add_subparsers(dest="terminal_command", metavar="ACTION", required=True)
    reg = commands.add_parser("register", help=t("端末を登録（失効済みなら再登録）",
                                                 "register (or re-register) a terminal"))
    reg.add_argument("terminal_id", help=t("端末ID（証明書のCN）", "terminal id (certificate CN)"))
    reg.add_argument("--description", default="", help=t("設置場所など", "location or note"))
    add_url_argument(reg)
    reg.set_defaults(func=lambda a: _out(terminals.register(a.url, a.terminal_id, a.description)))
    rev = commands.add_parser("revoke", help=t("端末を失効させる", "revoke a terminal"))
    rev.add_argument("terminal_id", help=t("端末ID", "terminal id"))
    add_url_argument(rev)
    rev.set_defaults(func=lambda a: _out(terminals.revoke(a.url, a.terminal_id)))
    lst = commands.add_parser("list", help=t("登録済みの端末を一覧", "list registered terminals"))
    add_url_argument(lst)
    lst.set_defaults(func=lambda a: _out_list(terminals.list_terminals(a.url)))


def _out(terminal: terminals.Terminal) -> int:
    print_json(asdict(terminal))
    return 0


def _out_list(items: list[terminals.Terminal]) -> int:
    print_json([asdict(x) for x in items])
    return 0
