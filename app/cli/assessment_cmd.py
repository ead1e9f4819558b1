"""`juminzei assessment import-salary | dependant-check`: the salary report import and the 扶養調査."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.cli.common import add_url_argument, print_json
from app.i18n import UserError, t
from app.services import dependant_check, salary_import
from app.services.db import Database


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("assessment", help=t("賦課事務（給与支払報告書の取込、扶養調査）",
                                                  "assessment work (salary report import, dependant checks)"))
    commands = parser.add_subparsers(dest="assessment_command", metavar="ACTION", required=True)
    imp = commands.add_parser("import-salary", help=t(
        "給与支払報告書（個人別明細書）の CSV を検証し、問題がなければ全件を一括登録（docs/salary-report-csv.md）",
        "validate a salary report CSV and, when every row is good, import it all at once "
        "(docs/salary-report-csv.md)"))
    imp.add_argument("file", metavar="FILE", help=t("CSV ファイル（UTF-8 または Shift_JIS）",
                                                   "CSV file (UTF-8 or Shift_JIS)"))
    imp.add_argument("--tax-year", type=int, required=True, help=t("賦課年度（西暦、例: 2026）", "tax year, e.g. 2026"))
    imp.add_argument("--dry-run", action="store_true", help=t("検証結果を表示するだけで登録しない",
                                                              "report only, store nothing"))
    imp.add_argument("--json", action="store_true", help=t("結果を JSON で出力", "print the report as JSON"))
    add_url_argument(imp)
    imp.set_defaults(func=_import_salary)
    dep = commands.add_parser("dependant-check", help=t(
        "扶養調査: 重複扶養・所得超過・市外居住の扶養親族を一覧", "list dependants claimed twice, over the "
        "income limit or living elsewhere"))
    dep.add_argument("--tax-year", type=int, required=True, help=t("賦課年度（西暦）", "tax year"))
    dep.add_argument("--json", action="store_true", help=t("結果を JSON で出力", "print the findings as JSON"))
    add_url_argument(dep)
    dep.set_defaults(func=_dependant_check)


def _year(value: int) -> int:
    if not 2000 <= value <= 2100:
        raise UserError(f"--tax-year: 賦課年度が正しくありません: {value}", f"--tax-year: not a tax year: {value}",
                        field="--tax-year")
    return value


def _import_salary(args: argparse.Namespace) -> int:
    report = salary_import.read_file(args.file, _year(args.tax_year))
    db = Database(args.url)
    try:
        salary_import.check(db, report)
        result = None
        if report.can_commit and not args.dry_run:
            result = salary_import.commit(db, report)
    finally:
        db.dispose()
    out: dict[str, Any] = report.as_dict() | {"dry_run": bool(args.dry_run),
                                              "committed": result.as_dict() if result else None}
    if args.json:
        print_json(out)
    else:
        _print_report(out)
    return 0 if (result is not None or (args.dry_run and report.can_commit)) else 1


def _print_report(out: dict[str, Any]) -> None:
    w = sys.stdout.write
    w(t(f"{out['file']}（{out['tax_year']}年度）: {out['rows']:,}行、取込可 {out['accepted']:,}行、"
        f"不備 {len(out['rejected']):,}件、重複 {len(out['duplicates']):,}件、宛名不明 {len(out['not_found']):,}件\n",
        f"{out['file']} (tax year {out['tax_year']}): {out['rows']:,} rows, {out['accepted']:,} accepted, "
        f"{len(out['rejected']):,} rejected, {len(out['duplicates']):,} duplicates, "
        f"{len(out['not_found']):,} persons not found\n"))
    for issue in out["rejected"] + out["duplicates"]:
        w("  " + t(issue["message"], issue["message_en"]) + "\n")
    for warning in out["warnings"]:
        w("  " + t("注意: ", "note: ") + t(warning["message"], warning["message_en"]) + "\n")
    for u in out["not_found"]:
        w("  " + t(f"{u['row']}行目（{u['role']}）{u['kana']} {u['birth_date']}: {u['message']}",
                   f"line {u['row']} ({u['role']}) {u['kana']} {u['birth_date']}: {u['problem']}") + "\n")
    if out["committed"]:
        c = out["committed"]
        w(t(f"登録しました: 取込番号 {c['import_id']}、報告書 {c['reports']:,}件、{c['persons']:,}人"
            f"（新規賦課 {c['assessments_created']:,}件、扶養 {c['dependants']:,}件、取込済みで省略 "
            f"{c['skipped_already_imported']:,}件）。一括計算で税額を再計算してください。\n",
            f"Imported: import {c['import_id']}, {c['reports']:,} reports, {c['persons']:,} persons "
            f"({c['assessments_created']:,} new returns, {c['dependants']:,} dependants, "
            f"{c['skipped_already_imported']:,} already imported skipped). Run the batch to recompute.\n"))
    elif out["dry_run"]:
        w(t("検証のみ（登録していません）。\n", "Dry run: nothing stored.\n"))
    else:
        w(t("取り込めない行があるため、何も登録していません。\n", "Rows cannot be imported: nothing was stored.\n"))


def _dependant_check(args: argparse.Namespace) -> int:
    year = _year(args.tax_year)
    db = Database(args.url)
    try:
        findings = dependant_check.run(db, year)
    finally:
        db.dispose()
    counts = dependant_check.counts(findings)
    if args.json:
        print_json({"tax_year": year, "counts": counts, "findings": [f.as_dict() for f in findings]})
        return 0
    w = sys.stdout.write
    for kind in dependant_check.KINDS:
        ja, en = dependant_check.KIND_LABELS[kind]
        w(f"{t(ja, en)}: {counts[kind]:,}\n")
        for f in findings:
            if f.finding != kind:
                continue
            income = "" if f.dependant_income is None else t(
                f" 所得 {f.dependant_income:,}円（限度 {f.income_limit or 0:,}円）",
                f" income {f.dependant_income:,} (limit {f.income_limit or 0:,})")
            payers = "、".join(f"{n}（{i}）" for n, i in zip(f.taxpayer_names, f.taxpayer_ids, strict=True))
            w(f"  {f.dependant_person_id} {f.dependant_name} {f.birth_date.isoformat()} {f.district}{income}"
              f" ← {payers}\n")
    return 0
