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
from app.tax.collection_change import KINDS, ChangeError, change
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
    _register_change(actions)

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


# -------------------------------------------------------------------------------- collection change

CLI_KINDS = {kind.replace("_", "-"): kind for kind in KINDS}


def _register_change(actions: Any) -> None:
    chg = actions.add_parser(
        "change",
        help=t("異動届出書による徴収方法の変更を計算する", "compute the collection after a change notice"),
        description=t(
            "異動(退職・休職・死亡・転勤転職・一括徴収)後の徴収を JSON で標準出力に書きます: "
            "collected(特別徴収済額)、payroll(新しい事業所の月・額)、ordinary(普通徴収の納期限・額)、"
            "lump_sum(一括徴収額 または null)。MONTH は通知日が属する年度(6月〜翌5月)の月(1〜12)。"
            "1月1日〜4月30日の退職で最終給与が残額以上なら一括徴収になります。",
            "Writes JSON after a change notice (retire, leave, death, transfer, lump-sum): collected "
            "(withheld so far), payroll (the new employer's months), ordinary (due dates and amounts), "
            "lump_sum (yen or null). MONTH is a calendar month 1-12 of the tax year (June-May) of the "
            "notice date. A retirement from 1 January to 30 April whose final pay covers the rest is a "
            "mandatory lump sum.",
        ),
    )
    chg.add_argument("--annual", required=True, metavar="N", help=t("年税額(円)", "annual tax in yen"))
    chg.add_argument(
        "--collected-through",
        required=True,
        metavar="MONTH",
        help=t("特別徴収した最後の月(1〜12、未徴収は0)", "last month withheld (1-12; 0 if none)"),
    )
    chg.add_argument(
        "--kind",
        required=True,
        metavar="KIND",
        help=t("異動の種類: " + "|".join(CLI_KINDS), "kind of change: " + "|".join(CLI_KINDS)),
    )
    chg.add_argument(
        "--notice-date", required=True, metavar="YYYY-MM-DD", help=t("異動届出書の受付日", "date of the notice")
    )
    chg.add_argument("--final-pay", metavar="N", help=t("最終の給与・退職手当等の額(円)", "final pay in yen"))
    chg.add_argument(
        "--new-employer-from",
        metavar="MONTH",
        help=t("新しい事業所が徴収を始める月(転勤・転職)", "first month of the new employer (transfer)"),
    )
    chg.add_argument(
        "--change-date",
        metavar="YYYY-MM-DD",
        help=t("異動年月日(既定: 通知日)", "date of the change (default: the notice date)"),
    )
    chg.add_argument(
        "--no-lump-sum",
        action="store_true",
        help=t("本人が一括徴収を希望しない", "the person asked not to pay a lump sum"),
    )
    chg.add_argument(
        "--profile",
        default=DEFAULT_PROFILE,
        metavar="CODE",
        help=t(
            f"自治体プロファイル(既定: {DEFAULT_PROFILE})", f"municipal profile (default: {DEFAULT_PROFILE})"
        ),
    )
    chg.set_defaults(func=_change)


def _date(text: str, field: str) -> date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise UserError(
            f"{field}: 日付は YYYY-MM-DD で指定してください", f"{field}: a date must be written YYYY-MM-DD", field=field
        )
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{field}: 存在しない日付です", f"{field}: no such date", field=field) from None


def _month(text: str, field: str, *, allow_zero: bool = False) -> int:
    value = _nonneg(text, field, 12)
    if value == 0 and not allow_zero:
        raise UserError(f"{field}: 1 から 12 の月を指定してください", f"{field}: must be a month 1-12", field=field)
    return value


CHANGE_MESSAGES = {
    "new_employer_from": (
        "--new-employer-from: 転勤・転職(transfer)のときだけ、最後に徴収した月より後の月を指定してください",
        "--new-employer-from: give it with --kind transfer only, later than the last month collected",
    ),
    "final_pay": (
        "--final-pay: 最終給与が未徴収税額に足りないため一括徴収できません",
        "--final-pay: the final pay does not cover the rest, no lump sum possible",
    ),
}


def _change(args: argparse.Namespace) -> int:
    prof = profile_option(args.profile)
    annual = _nonneg(args.annual, "--annual", 10**12)
    through = _month(args.collected_through, "--collected-through", allow_zero=True)
    kind = CLI_KINDS.get(args.kind)
    if kind is None:
        raise UserError(
            f"--kind: {'・'.join(CLI_KINDS)} のいずれかを指定してください",
            f"--kind: must be one of {', '.join(CLI_KINDS)}",
            field="--kind",
        )
    notice = _date(args.notice_date, "--notice-date")
    change_date = None if args.change_date is None else _date(args.change_date, "--change-date")
    final_pay = None if args.final_pay is None else _nonneg(args.final_pay, "--final-pay", 10**12)
    new_from = None if args.new_employer_from is None else _month(args.new_employer_from, "--new-employer-from")
    if kind == "transfer" and new_from is None:
        raise UserError(
            "--new-employer-from: 転勤・転職では新しい事業所が徴収を始める月が必要です",
            "--new-employer-from: a transfer needs the new employer's first month",
            field="--new-employer-from",
        )
    try:
        res = change(annual, through, kind, notice, prof, final_pay=final_pay, new_employer_from=new_from,
                     change_date=change_date, lump_sum_declined=args.no_lump_sum)
    except ChangeError as exc:
        ja, en = CHANGE_MESSAGES.get(exc.code, (f"--{exc.code}: 指定できない値です", f"--{exc.code}: {exc}"))
        raise UserError(ja, en, field=exc.code) from None
    result = {
        "collected": res.collected,
        "payroll": [{"month": m.month, "amount": m.amount} for m in res.payroll],
        "ordinary": [{"due": d.isoformat(), "amount": a}
                     for d, a in zip(res.ordinary.due_dates, res.ordinary.amounts, strict=True)],
        "lump_sum": res.lump_sum,
    }
    sys.stdout.buffer.write((json.dumps(result, ensure_ascii=False) + "\n").encode("utf-8"))
    sys.stdout.flush()
    return 0
