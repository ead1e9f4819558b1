"""Options and output shared by the subcommands."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from app.i18n import UserError, t


def add_url_argument(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    default = os.environ.get("JUMINZEI_URL")
    parser.add_argument(
        "--url",
        default=default,
        required=required and default is None,
        help=t("接続先 PostgreSQL の URL（例: postgresql://admin@db.city.local/juminzei）。"
               "環境変数 JUMINZEI_URL でも指定可",
               "PostgreSQL URL (e.g. postgresql://admin@db.city.local/juminzei); JUMINZEI_URL also works"),
    )


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def positive_int(text: str) -> int:
    try:
        value = int(text.replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(t(f"整数ではありません: {text}", f"not a whole number: {text}")) from None
    if value < 1:
        raise argparse.ArgumentTypeError(t(f"1以上を指定してください: {text}", f"must be at least 1: {text}"))
    return value


def read_secret_file(path: str, *, field: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            value = handle.read().strip()
    except OSError as exc:
        raise UserError(f"ファイルを読めません: {path}", f"Cannot read {path}: {exc.strerror}", field=field) from exc
    if not value:
        raise UserError(f"ファイルが空です: {path}", f"{path} is empty", field=field)
    return value


def write_secret_file(path: str, value: str) -> None:
    """Create a file only its owner can read; refuse to overwrite."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise UserError(f"ファイルが既にあります: {path}", f"{path} already exists", field="file") from None
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value + "\n")
