"""`juminzei batch assess`: compute every return of a tax year, resumably."""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from app.cli.common import ProgressBar, add_url_argument, positive_int, print_json
from app.i18n import t
from app.services import batch


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("batch", help=t("一括処理", "batch jobs"))
    commands = parser.add_subparsers(dest="batch_command", metavar="JOB", required=True)
    assess = commands.add_parser("assess", help=t(
        "賦課年度の全申告を税額計算して計算根拠とともに保存（中断しても再実行で続きから）",
        "assess every return of a tax year and store results with their basis (resumes after interruption)"))
    add_url_argument(assess)
    assess.add_argument("--tax-year", type=int, required=True,
                        help=t("賦課年度（西暦、例: 2025）", "tax year, e.g. 2025"))
    assess.add_argument("--chunk", type=positive_int, default=batch.DEFAULT_CHUNK,
                        help=t("1回に保存する件数", "returns stored per transaction"))
    assess.set_defaults(func=_assess)


def _assess(args: argparse.Namespace) -> int:
    cancel = threading.Event()

    def stop(_signum: int, _frame: object) -> None:
        sys.stderr.write(t("\n中断します（処理中のまとまりを終えてから）…\n", "\nStopping after the chunk in hand…\n"))
        cancel.set()

    previous = signal.signal(signal.SIGINT, stop)
    try:
        report = batch.run(args.url, args.tax_year, chunk=args.chunk,
                           progress=ProgressBar(t(f"{args.tax_year}年度 税額計算",
                                                     f"assessing {args.tax_year}")), cancel=cancel)
    finally:
        signal.signal(signal.SIGINT, previous)
    print_json(report.as_dict())
    return 0 if report.finished else 3
