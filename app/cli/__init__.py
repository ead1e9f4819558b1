"""The one command-line entry point: `juminzei` (also `python -m app`).

Each subcommand lives in its own module with a `register(subparsers)` function that adds its
parser and sets `func` to the handler. Handlers return the process exit code.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from app import __version__
from app.i18n import UserError, t

# Subcommand modules (app.cli.<name>_cmd), in the order they appear in --help; a name whose module
# is not present yet is simply not offered.
COMMAND_MODULES = (
    "demo",
    "client",
    "db",
    "staff",
    "audit",
    "terminal",
    "seed",
    "batch",
    "assessment",
    "tax",
    "collection",
    "certificate",
    "pki",
    "card",
    "bench",
)


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup], prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix if prefix is not None else t("使い方: ", "usage: "))


class _Parser(argparse.ArgumentParser):
    """argparse speaking the user's language, with usage errors that exit 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("add_help", False)
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = t("引数", "positional arguments")
        self._optionals.title = t("オプション", "options")
        self.add_argument("-h", "--help", action="help", help=t("この説明を表示して終了", "show this help and exit"))

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(t(f"エラー: {message}\n", f"error: {message}\n"))
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="juminzei",
        description=t(
            "花巻市 個人住民税システム Juminzei Desk のコマンド。各サブコマンドは --help で説明を表示します。",
            "Juminzei Desk, Hanamaki City's individual resident tax system. "
            "Each subcommand explains itself with --help.",
        ),
        epilog=t("英語で表示するには LANG=en_US.UTF-8 を指定します。",
                 "Set LANG=ja_JP.UTF-8 (or leave it unset) for Japanese."),
    )
    parser.add_argument("--version", action="version", version=f"juminzei {__version__}",
                        help=t("版数を表示して終了", "show the version and exit"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        module_name = f"app.cli.{name}_cmd"
        if importlib.util.find_spec(module_name) is None:
            continue
        importlib.import_module(module_name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        code: int = args.func(args)
    except UserError as err:
        sys.stderr.write(err.bilingual() + "\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write(t("中断しました。\n", "Interrupted.\n"))
        return 130
    return code
