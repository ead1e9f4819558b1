"""`juminzei seed`: load a deterministic synthetic Hanamaki into an empty database."""

from __future__ import annotations

import argparse

from app.cli.common import ProgressBar, add_url_argument, positive_int, print_json
from app.i18n import UserError, t
from app.services.seed import seed


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("seed", help=t("架空の花巻市データを投入（同じ種なら同じデータ）",
                                           "load synthetic Hanamaki data (same seed, same data)"))
    add_url_argument(parser)
    parser.add_argument("--persons", type=positive_int, required=True, help=t("人数", "number of persons"))
    parser.add_argument("--seed", type=int, default=1, help=t("乱数の種", "random seed"))
    parser.add_argument("--tax-years", default="2025,2026,2027",
                        help=t("賦課年度（カンマ区切り、西暦）", "tax years, comma-separated"))
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    try:
        years = tuple(int(y) for y in args.tax_years.split(","))
    except ValueError:
        raise UserError("賦課年度は 2025,2026 のように指定してください。", "Give tax years like 2025,2026.",
                        field="tax-years") from None

    result = seed(args.url, args.persons, args.seed, years,
                  progress=ProgressBar(t("架空データを投入中", "loading synthetic data")))
    print_json({"persons": result.persons, "households": result.households, "employers": result.employers,
                "assessments": result.assessments, "seconds": round(result.seconds, 2),
                "persons_per_second": round(result.persons_per_second)})
    return 0
