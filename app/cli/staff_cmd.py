"""`juminzei staff add`: create or update a staff login role with its capabilities."""

from __future__ import annotations

import argparse

from app.cli.common import add_url_argument, print_json, read_secret_file, write_secret_file
from app.i18n import UserError, t
from app.services import staff


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("staff", help=t("職員ログインロールの管理", "manage staff login roles"))
    commands = parser.add_subparsers(dest="staff_command", metavar="ACTION", required=True)
    add = commands.add_parser("add", help=t("職員を登録または更新", "add or update a staff member"))
    add.add_argument("code", help=t("職員コード（英大文字・数字 2〜16文字）", "staff code (2-16 A-Z, 0-9)"))
    add.add_argument("--name", required=True, help=t("氏名", "display name"))
    add.add_argument("--roles", required=True,
                     help=t("権限ロール（カンマ区切り）: " + ",".join(staff.CAPABILITIES),
                            "capability roles, comma-separated: " + ",".join(staff.CAPABILITIES)))
    secret = add.add_mutually_exclusive_group(required=True)
    secret.add_argument("--password-file", help=t("パスワードを読むファイル（自動化用）",
                                                  "file holding the password (automation)"))
    secret.add_argument("--new-password-file", help=t(
        "新しい乱数パスワードを作成して保存するファイル（所有者のみ読取可）",
        "file to create with a new random password (owner-only)"))
    add_url_argument(add)
    add.set_defaults(func=_add)


def _add(args: argparse.Namespace) -> int:
    roles = [r.strip() for r in args.roles.split(",") if r.strip()]
    code = args.code.upper()
    staff.validate(code, args.name, roles)
    if args.password_file:
        password = read_secret_file(args.password_file, field="password-file")
    else:
        password = staff.generate_password()
    if len(password) < 16:
        raise UserError("パスワードは16文字以上が必要です。", "The password needs at least 16 characters.",
                        field="password-file")
    if args.new_password_file:
        write_secret_file(args.new_password_file, password)
    account = staff.add_staff(args.url, code, args.name, roles, password)
    print_json({"code": account.code, "role": account.role_name, "name": account.display_name,
                "roles": list(account.capabilities)})
    return 0
