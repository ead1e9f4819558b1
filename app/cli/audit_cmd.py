"""`juminzei audit verify`: check the hash chain of the audit trail."""

from __future__ import annotations

import argparse

from app.cli.common import add_url_argument, print_json
from app.db.connect import transaction
from app.i18n import t


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("audit", help=t("操作ログ（監査証跡）の検証", "verify the audit trail"))
    commands = parser.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = commands.add_parser("verify", help=t(
        "ハッシュチェーンを先頭から検証し、最初の不整合を報告（不整合があれば終了コード1）",
        "walk the hash chain and report the first break (exit code 1 if broken)"))
    add_url_argument(verify)
    verify.set_defaults(func=_verify)


def _verify(args: argparse.Namespace) -> int:
    with transaction(args.url) as cur:
        cur.execute("SELECT ok, checked, first_bad_event, reason FROM audit.verify_chain()")
        ok, checked, first_bad, reason = cur.fetchone()
    print_json({"ok": ok, "checked": checked, "first_bad_event": first_bad, "reason": reason})
    return 0 if ok else 1
