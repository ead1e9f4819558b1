"""`juminzei collection schedule`: payroll months and 普通徴収 instalments for an annual amount."""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from typing import Any

from app.cli.common import profile_option
from app.i18n import UserError, t
from app.tax.profile import DEFAULT_PROFILE
from app.tax.schedule import ordinary, ordinary_after_switch, payroll, payroll_due_dates, payroll_months


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "collection",
        help=t("徴収(特別徴収・普通徴収)の計画", "collection schedules (withholding and ordinary)"),
        description=t(
            "年税額から特別徴収の月割額と普通徴収の各期の額・納期限を求めます。",
            "Split an annual tax into payroll-withholding months and ordinary-collection instalments "
            "with their due dates.",
        ),
    )
    actions = parser.add_subparsers(dest="collection_command", metavar="ACTION", parser_class=type(parser))
    sched = actions.add_parser(
        "schedule",
        help=t("年税額を月割・各期に分ける", "split an annual amount into months and instalments"),
        description=t(
            "JSON を標準出力に書きます: payroll(6月〜翌5月の12か月)、ordinary(普通徴収の各期)、"
            "ordinary_due_dates(納期限。土日・祝日・12/29〜1/3は翌開庁日)、payroll_due_dates(翌月10日)。"
            "--notice-date を指定すると、--paid-months か月の特別徴収の後に"
            "普通徴収へ切り替えた残りを分けます。",
            "Writes JSON: payroll (12 months June to May), ordinary (instalments), ordinary_due_dates (moved "
            "past weekends, holidays and 29 Dec-3 Jan), payroll_due_dates (10th of the next month). With "
            "--notice-date, what remains after --paid-months of withholding is split over "
            "ordinary collection.",
        ),
    )
    sched.add_argument("--annual", required=True, metavar="N", help=t("年税額(円)", "annual tax in yen"))
    sched.add_argument(
        "--tax-year",
        metavar="Y",
        help=t("賦課年度(既定: 今日が属する年度)", "tax year (default: the fiscal year of today)"),
    )
    sched.add_argument(
        "--notice-date",
        metavar="YYYY-MM-DD",
        help=t("普通徴収への切替の通知日", "date of the notice switching to ordinary collection"),
    )
    sched.add_argument(
        "--paid-months",
        metavar="K",
        help=t(
            "切替前に特別徴収した月数(6月から、0〜11)",
            "months already withheld before the switch (from June, 0-11)",
        ),
    )
    sched.add_argument(
        "--profile",
        default=DEFAULT_PROFILE,
        metavar="CODE",
        help=t(
            f"自治体プロファイル(既定: {DEFAULT_PROFILE})", f"municipal profile (default: {DEFAULT_PROFILE})"
        ),
    )
    sched.set_defaults(func=_schedule)

    def usage(_args: argparse.Namespace) -> int:
        parser.print_help(sys.stderr)
        return 2

    parser.set_defaults(func=usage)


def _nonneg(text: str, field: str, upper: int) -> int:
    if not re.fullmatch(r"\d+", text) or int(text) > upper:
        raise UserError(
            f"{field}: 0 以上 {upper} 以下の整数を指定してください",
            f"{field}: must be a whole number from 0 to {upper}",
            field=field,
        )
    return int(text)


def _default_year(today: date) -> int:
    return today.year if today.month >= 6 else today.year - 1


def _schedule(args: argparse.Namespace) -> int:
    prof = profile_option(args.profile)
    annual = _nonneg(args.annual, "--annual", 10**12)
    year = (
        _default_year(date.today()) if args.tax_year is None else _nonneg(args.tax_year, "--tax-year", 9999)
    )
    if args.paid_months is not None and args.notice_date is None:
        raise UserError(
            "--paid-months には --notice-date が必要です",
            "--paid-months needs --notice-date",
            field="--notice-date",
        )
    months = payroll(annual, prof)
    result: dict[str, Any] = {
        "tax_year": year,
        "annual": annual,
        "payroll": months,
        "payroll_months": [f"{y:04d}-{m:02d}" for y, m in payroll_months(year, prof)],
        "payroll_due_dates": [d.isoformat() for d in payroll_due_dates(year, prof)],
    }
    if args.notice_date is None:
        inst = ordinary(annual, year, prof)
    else:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.notice_date):
            raise UserError(
                "--notice-date: 日付は YYYY-MM-DD で指定してください",
                "--notice-date: a date must be written YYYY-MM-DD",
                field="--notice-date",
            )
        try:
            notice = date.fromisoformat(args.notice_date)
        except ValueError:
            raise UserError(
                "--notice-date: 存在しない日付です", "--notice-date: no such date", field="--notice-date"
            ) from None
        paid = 0 if args.paid_months is None else _nonneg(args.paid_months, "--paid-months", len(months) - 1)
        collected = sum(months[:paid])
        result["payroll"] = months[:paid] + [0] * (len(months) - paid)
        result["payroll_collected"] = collected
        result["remaining"] = annual - collected
        result["notice_date"] = notice.isoformat()
        inst = ordinary_after_switch(annual - collected, notice, year, prof)
    result["ordinary"] = inst.amounts
    result["ordinary_due_dates"] = [d.isoformat() for d in inst.due_dates]
    sys.stdout.buffer.write((json.dumps(result, ensure_ascii=False) + "\n").encode("utf-8"))
    sys.stdout.flush()
    return 0
