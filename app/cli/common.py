"""Options and output shared by the subcommands."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any

from app.i18n import UserError, t
from app.tax.profile import Profile, load_profile


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


class ProgressBar:
    """A one-line progress bar on standard error, with the rate so far."""

    def __init__(self, label: str = "") -> None:
        self.label = label
        self.first: tuple[int, float] | None = None  # the rate counts from the first report

    def __call__(self, done: int, total: int) -> None:
        if not sys.stderr.isatty():
            return
        now = time.perf_counter()
        if self.first is None:
            self.first = (done, now)
        elapsed = now - self.first[1]
        rate = f"  {(done - self.first[0]) / elapsed:,.0f}/s" if elapsed > 0.1 else ""
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}{rate}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def profile_option(code: str) -> Profile:
    """The municipal profile named by --profile, or a usage error naming the option."""
    try:
        return load_profile(code)
    except KeyError:
        raise UserError(
            f"--profile: 自治体プロファイル {code!r} はありません",
            f"--profile: no municipal profile {code!r}",
            field="--profile",
        ) from None
