"""`juminzei tax assess`: one JSON object on stdin → one assessment as JSON on stdout.

With --jsonl, one object per line in and out (for batches). Invalid input exits 2 with a message
naming the field in Japanese and English on stderr, and nothing on stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from app.cli.common import profile_option
from app.i18n import UserError, t
from app.tax import assess, parse_input
from app.tax.profile import DEFAULT_PROFILE, Profile, profile_names


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "tax",
        help=t("住民税の税額計算", "resident-tax assessment"),
        description=t(
            "個人住民税(市民税・県民税)と森林環境税を計算します。",
            "Compute the individual resident tax (municipal and prefectural) and the forest environment tax.",
        ),
    )
    actions = parser.add_subparsers(dest="tax_command", metavar="ACTION", parser_class=type(parser))
    assess_p = actions.add_parser(
        "assess",
        help=t("標準入力の JSON から税額を計算する", "assess from JSON on standard input"),
        description=t(
            "標準入力から JSON オブジェクトを1つ読み、税額と計算根拠(steps)を JSON で標準出力に書きます。"
            "入力: tax_year, taxpayer, income, deductions, spouse, dependants, credits, municipality。"
            "金額は円単位の整数、省略した金額は 0 です。",
            "Read one JSON object on standard input and write the assessment with its calculation basis "
            "(steps) as JSON on standard output. Input: tax_year, taxpayer, income, deductions, spouse, "
            "dependants, credits, municipality. Amounts are whole yen; missing amounts are 0.",
        ),
    )
    assess_p.add_argument(
        "--jsonl",
        action="store_true",
        help=t("1行に1件の JSON を読み、1行に1件ずつ書く", "read and write one JSON object per line"),
    )
    assess_p.add_argument(
        "--profile",
        default=DEFAULT_PROFILE,
        metavar="CODE",
        help=t(
            f"自治体プロファイル(既定: {DEFAULT_PROFILE}; 選択肢: {', '.join(profile_names())})",
            f"municipal profile (default: {DEFAULT_PROFILE}; choices: {', '.join(profile_names())})",
        ),
    )
    assess_p.set_defaults(func=_assess)

    def usage(_args: argparse.Namespace) -> int:
        parser.print_help(sys.stderr)
        return 2

    parser.set_defaults(func=usage)


def _decode(text: str, where: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise UserError(
            f"{where}: JSON として読めません({err.msg}、{err.lineno}行 {err.colno}列)",
            f"{where}: not valid JSON ({err.msg} at line {err.lineno} column {err.colno})",
            field=where,
        ) from None


def _one(raw: object, profile: Profile) -> dict[str, Any]:
    return assess(parse_input(raw), profile).to_dict()


def _assess(args: argparse.Namespace) -> int:
    profile = profile_option(args.profile)
    text = sys.stdin.buffer.read().decode("utf-8")
    out: list[str] = []
    if args.jsonl:
        # Everything is checked before anything is written, so a bad line leaves stdout empty.
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                result = _one(_decode(line, "(入力)"), profile)
            except UserError as err:
                raise UserError(
                    f"{number}行目: {err.ja}", f"line {number}: {err.en}", field=err.field
                ) from None
            out.append(json.dumps(result, ensure_ascii=False, separators=(",", ":")))
    else:
        out.append(json.dumps(_one(_decode(text, "(入力)"), profile), ensure_ascii=False, indent=2))
    sys.stdout.buffer.write(("\n".join(out) + "\n" if out else "").encode("utf-8"))
    sys.stdout.flush()
    return 0
