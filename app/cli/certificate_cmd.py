"""`juminzei certificate`: a specimen for checking printers and the layout, verification of a
presented certificate's QR content, and the counter's daily report (PDF)."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.cli.common import add_url_argument, print_json
from app.i18n import UserError, t
from app.models.certificate import KINDS


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "certificate",
        help=t("証明書（見本・真正性確認・交付日報）", "certificates (specimen, verification, daily report)"),
        description=t("窓口で交付する所得課税証明書などの見本作成、真正性確認、交付日報の出力を行います。",
                      "Specimens of counter certificates, verification of a presented certificate, "
                      "and the daily issuance report."),
    )
    actions = parser.add_subparsers(dest="certificate_command", metavar="ACTION", parser_class=type(parser))

    spec = actions.add_parser(
        "specimen",
        help=t("見本（合成データ）の PDF を作る", "render a specimen (synthetic data) as PDF"),
        description=t("「見本」と重ね刷りした証明書を合成データで作ります。プリンタとレイアウトの確認用です。",
                      "Renders a certificate of synthetic data overprinted 見本 (specimen), for checking "
                      "printers and the layout."),
    )
    spec.add_argument("--kind", required=True, choices=KINDS,
                      help=t("証明書の種類", "certificate kind"))
    spec.add_argument("--tax-year", type=int, default=2025, metavar="Y",
                      help=t("賦課年度（既定: 2025 = 令和7年度）", "tax year (default: 2025)"))
    spec.add_argument("--out", required=True, metavar="FILE", help=t("出力する PDF ファイル", "PDF file to write"))
    spec.set_defaults(func=_specimen)

    verify = actions.add_parser(
        "verify",
        help=t("QR コードの内容で真正性を確認する", "verify a certificate from its QR content"),
        description=t("証明書の QR コードの内容（JZC1:番号:検証符号）を照合し、結果を JSON で出力します。"
                      "真正でないときは終了コード 1 です。r_certificate 権限の職員として接続します。",
                      "Checks the QR content (JZC1:number:code) against the issuance ledger and writes JSON; "
                      "exit code 1 when not genuine. Connect as a staff member with r_certificate."),
    )
    add_url_argument(verify)
    verify.add_argument("qr", metavar="QR", help=t("QR コードの内容", "the QR content"))
    verify.set_defaults(func=_verify)

    report = actions.add_parser(
        "daily-report",
        help=t("交付日報（窓口別の通数・手数料）を PDF で出力する", "write the daily report (per counter) as PDF"),
        description=t("指定日の窓口（端末）別の交付・再交付・無効・通数・手数料の合計と交付台帳を PDF にします。",
                      "Totals per counter (terminal) of issues, reprints, voids, copies and fees, and the day's "
                      "ledger, as PDF."),
    )
    add_url_argument(report)
    report.add_argument("--date", default=None, metavar="YYYY-MM-DD",
                        help=t("対象日（既定: 今日）", "the day (default: today)"))
    report.add_argument("--out", required=True, metavar="FILE", help=t("出力する PDF ファイル", "PDF file to write"))
    report.set_defaults(func=_daily_report)

    def usage(_args: argparse.Namespace) -> int:
        parser.print_help(sys.stderr)
        return 2

    parser.set_defaults(func=usage)


def _write(path: str, data: bytes) -> None:
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        raise UserError(f"ファイルに書き込めません: {path}", f"Cannot write {path}: {exc.strerror}",
                        field="out") from exc


def _specimen(args: argparse.Namespace) -> int:
    from app.services import certificate_pdf

    if not 2000 <= args.tax_year <= 2100:
        raise UserError("賦課年度は2000〜2100で指定してください。", "The tax year must be 2000-2100.",
                        field="tax_year")
    _write(args.out, certificate_pdf.render_certificate(certificate_pdf.specimen(args.kind, args.tax_year),
                                                        specimen=True))
    return 0


def _verify(args: argparse.Namespace) -> int:
    from app.services import certificates
    from app.services.db import Database

    db = Database(args.url)
    try:
        result = certificates.verify(db, args.qr)
    finally:
        db.dispose()
    print_json({name: getattr(result, name) for name in result.__slots__})
    return 0 if result.genuine else 1


def _daily_report(args: argparse.Namespace) -> int:
    from app.services import certificate_pdf, certificates
    from app.services.db import Database

    try:
        day = date.fromisoformat(args.date) if args.date else datetime.now(certificate_pdf.TOKYO).date()
    except ValueError:
        raise UserError(f"日付は YYYY-MM-DD で指定してください: {args.date}",
                        f"The date must be YYYY-MM-DD: {args.date}", field="date") from None
    db = Database(args.url)
    try:
        totals = certificates.daily_report(db, day)
        rows = certificates.ledger(db, day)
    finally:
        db.dispose()
    _write(args.out, certificate_pdf.render_daily_report(day, totals, rows))
    return 0
