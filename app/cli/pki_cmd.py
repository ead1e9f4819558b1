"""`juminzei pki …`: the city CA, the server certificate and terminal certificates.

Typical flow (see installer/server/README.md):
  on the CA machine   pki init-ca, pki server-cert
  on each terminal    pki terminal-request  (key stays there; send the CSR)
  on the CA machine   pki sign              (send the certificate back)
  revocation          pki revoke, pki crl   (copy crl.pem to the server, reload)
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from app.i18n import UserError, t
from app.services import pki

PASSPHRASE_ENV = "JUMINZEI_CA_PASSPHRASE"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "pki",
        help=t("認証局・サーバー証明書・端末証明書の管理", "City CA, server and terminal certificates"),
        description=t(
            "市の認証局（CA）、データベースサーバーの証明書、端末（クライアント）証明書を作成します。"
            "端末の秘密鍵は端末上で作成され、外に出ません（CSR 方式）。",
            "Create the city's certificate authority (CA), the database server's certificate and "
            "terminal (client) certificates. Terminal keys are made on the terminal and never leave it "
            "(CSR flow).",
        ),
    )
    pki_sub = parser.add_subparsers(dest="pki_command", metavar="SUBCOMMAND", parser_class=type(parser))
    parser.set_defaults(func=lambda _args: _print_help(parser))

    passphrase_help = t(
        f"CA 鍵のパスフレーズを1行目に書いたファイル（省略時は環境変数 {PASSPHRASE_ENV}、"
        "それもなければ端末で入力）",
        f"file whose first line is the CA key passphrase (default: environment variable "
        f"{PASSPHRASE_ENV}, else asked on the terminal)",
    )

    p = pki_sub.add_parser(
        "init-ca",
        help=t("認証局を作成する", "create the certificate authority"),
        description=t("EC P-256 の認証局を作成します。秘密鍵はパスフレーズで暗号化されます。",
                      "Create an EC P-256 certificate authority; its key is encrypted with a passphrase."),
    )
    p.add_argument("--dir", required=True, type=Path, metavar="DIR",
                   help=t("CA を作成するディレクトリ", "directory to create the CA in"))
    p.add_argument("--name", required=True, help=t("CA の名前（CN）", "name (CN) of the CA"))
    p.add_argument("--organization", default=pki.DEFAULT_ORGANIZATION,
                   help=t("組織名（O）", "organization (O)"))
    p.add_argument("--days", type=int, default=pki.DEFAULT_CA_DAYS,
                   help=t("有効日数", "validity in days"))
    p.add_argument("--passphrase-file", type=Path, metavar="FILE", help=passphrase_help)
    p.set_defaults(func=_init_ca)

    p = pki_sub.add_parser(
        "server-cert",
        help=t("データベースサーバーの証明書を作成する", "create the database server's certificate"),
        description=t("サーバーの鍵と証明書（ホスト名・IP を SAN に記載）を作成します。",
                      "Create the server's key and certificate (host names and IPs as SANs)."),
    )
    _add_ca_dir(p)
    p.add_argument("--host", required=True, action="append", metavar="HOST",
                   help=t("サーバーのホスト名（複数指定可、最初が CN）",
                          "server host name (repeatable; the first is the CN)"))
    p.add_argument("--ip", action="append", default=[], metavar="IP",
                   help=t("サーバーの IP アドレス（複数指定可）", "server IP address (repeatable)"))
    p.add_argument("--out-dir", required=True, type=Path, metavar="DIR",
                   help=t("server.key.pem と server.crt.pem の出力先",
                          "where server.key.pem and server.crt.pem go"))
    _add_days(p, pki.DEFAULT_SERVER_DAYS)
    p.add_argument("--passphrase-file", type=Path, metavar="FILE", help=passphrase_help)
    p.set_defaults(func=_server_cert)

    p = pki_sub.add_parser(
        "terminal-request",
        help=t("端末で鍵と証明書署名要求（CSR）を作成する", "on a terminal: create its key and a CSR"),
        description=t("この端末の秘密鍵（権限 0600、外に出さない）と CSR を作成します。"
                      "CSR だけを CA に渡してください。",
                      "Create this terminal's private key (mode 0600, never copied elsewhere) and a CSR. "
                      "Hand only the CSR to the CA."),
    )
    p.add_argument("--terminal-id", required=True, metavar="ID",
                   help=t("端末ID（例: T-HON-001）", "terminal id (example: T-HON-001)"))
    p.add_argument("--out-dir", required=True, type=Path, metavar="DIR",
                   help=t("鍵と CSR の出力先", "where the key and CSR go"))
    p.set_defaults(func=_terminal_request)

    p = pki_sub.add_parser(
        "sign",
        help=t("CSR に署名して端末証明書を発行する", "sign a CSR and issue a terminal certificate"),
        description=t("CSR を検査し、クライアント認証用の証明書を発行します。",
                      "Check a CSR and issue a client-authentication certificate for it."),
    )
    _add_ca_dir(p)
    p.add_argument("--csr", required=True, type=Path, metavar="FILE", help=t("CSR ファイル", "CSR file"))
    p.add_argument("--out", required=True, type=Path, metavar="FILE",
                   help=t("発行する証明書のファイル", "certificate file to write"))
    _add_days(p, pki.DEFAULT_TERMINAL_DAYS)
    p.add_argument("--profile", choices=[pki.Profile.TERMINAL.value, pki.Profile.ROLE.value],
                   default=pki.Profile.TERMINAL.value,
                   help=t("terminal: CN は端末ID、role: CN はデータベースのロール名",
                          "terminal: CN is a terminal id; role: CN is a database role name"))
    p.add_argument("--passphrase-file", type=Path, metavar="FILE", help=passphrase_help)
    p.set_defaults(func=_sign)

    p = pki_sub.add_parser(
        "revoke",
        help=t("証明書を失効させる", "revoke a certificate"),
        description=t("証明書を失効扱いにし、CRL を書き直します。"
                      "CRL をサーバーにコピーして再読み込みしてください。",
                      "Mark a certificate revoked and rewrite the CRL; "
                      "copy the CRL to the server and reload."),
    )
    _add_ca_dir(p)
    p.add_argument("--cert", required=True, type=Path, metavar="FILE",
                   help=t("失効させる証明書", "certificate to revoke"))
    p.add_argument("--reason", choices=[r.value for r in pki.RevocationReason],
                   default=pki.RevocationReason.UNSPECIFIED.value, help=t("失効理由", "reason"))
    p.add_argument("--passphrase-file", type=Path, metavar="FILE", help=passphrase_help)
    p.set_defaults(func=_revoke)

    p = pki_sub.add_parser(
        "crl",
        help=t("失効リスト（CRL）を発行する", "issue the certificate revocation list (CRL)"),
        description=t("CRL を書き出します。期限が切れるとサーバーはすべての端末を拒否するので、"
                      "定期的に再発行してください。",
                      "Write the CRL. The server refuses every terminal once it expires: "
                      "re-issue it regularly."),
    )
    _add_ca_dir(p)
    p.add_argument("--out", type=Path, metavar="FILE", help=t("出力先（省略時は CA の crl.pem）",
                                                             "output file (default: the CA's crl.pem)"))
    _add_days(p, pki.DEFAULT_CRL_DAYS)
    p.add_argument("--passphrase-file", type=Path, metavar="FILE", help=passphrase_help)
    p.set_defaults(func=_crl)

    p = pki_sub.add_parser(
        "show",
        help=t("証明書・CSR・CRL の内容を表示する", "show a certificate, CSR or CRL"),
        description=t("PEM 形式の証明書・CSR・CRL の内容を表示します（秘密鍵は表示しません）。",
                      "Show a PEM certificate, CSR or CRL (private keys are never shown)."),
    )
    p.add_argument("file", type=Path, metavar="FILE", help=t("表示するファイル", "file to show"))
    p.set_defaults(func=_show)


def _add_ca_dir(p: argparse.ArgumentParser) -> None:
    p.add_argument("--ca-dir", required=True, type=Path, metavar="DIR",
                   help=t("CA のディレクトリ", "CA directory"))


def _add_days(p: argparse.ArgumentParser, default: int) -> None:
    p.add_argument("--days", type=int, default=default,
                   help=t(f"有効日数（既定 {default}）", f"validity in days (default {default})"))


def _print_help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _read_passphrase(path: Path | None, *, confirm: bool = False) -> bytes:
    """Passphrase from a file, the environment or the terminal — never from the command line,
    where it would show in the process list and shell history."""
    if path is not None:
        try:
            raw = path.read_bytes()
        except OSError:
            raise UserError(f"パスフレーズのファイルを読めません: {path}",
                            f"Cannot read the passphrase file: {path}", field="passphrase_file") from None
        lines = raw.splitlines()
        return pki.validate_passphrase(lines[0] if lines else b"")
    env = os.environ.get(PASSPHRASE_ENV)
    if env:
        return pki.validate_passphrase(env.encode())
    if not sys.stdin.isatty():
        raise UserError("CA のパスフレーズが必要です（--passphrase-file を指定してください）。",
                        "The CA passphrase is needed (give --passphrase-file).", field="passphrase_file")
    first = getpass.getpass(t("CA のパスフレーズ: ", "CA passphrase: "))
    if confirm and getpass.getpass(t("もう一度: ", "Again: ")) != first:
        raise UserError("パスフレーズが一致しません。", "The passphrases do not match.", field="passphrase")
    return pki.validate_passphrase(first.encode())


def _init_ca(args: argparse.Namespace) -> int:
    passphrase = _read_passphrase(args.passphrase_file, confirm=True)
    ca = pki.init_ca(args.dir, args.name, passphrase, days=args.days, organization=args.organization)
    print(t(f"CA を作成しました: {ca.cert_path}", f"CA created: {ca.cert_path}"))
    print(f"sha256: {pki.fingerprint(ca.certificate)}")
    return 0


def _server_cert(args: argparse.Namespace) -> int:
    # Validate the names before asking for the passphrase: a typo should not cost a prompt.
    for host in args.host:
        pki.validate_dns_name(host)
    for ip in args.ip:
        pki.validate_ip(ip)
    ca = pki.load_ca(args.ca_dir, _read_passphrase(args.passphrase_file))
    issued = pki.issue_server_certificate(ca, args.out_dir, args.host, args.ip, days=args.days)
    print(t(f"サーバー証明書: {issued.cert_path}", f"Server certificate: {issued.cert_path}"))
    print(t(f"サーバー鍵（権限 0600）: {issued.key_path}", f"Server key (mode 0600): {issued.key_path}"))
    return 0


def _terminal_request(args: argparse.Namespace) -> int:
    made = pki.create_terminal_request(args.out_dir, args.terminal_id)
    print(t(f"秘密鍵（この端末から出さないこと）: {made.key_path}",
            f"Private key (keep it on this terminal): {made.key_path}"))
    print(t(f"CSR（CA に渡す）: {made.csr_path}", f"CSR (hand to the CA): {made.csr_path}"))
    return 0


def _sign(args: argparse.Namespace) -> int:
    request = pki.load_request(args.csr)  # checked before the passphrase prompt
    pki.validate_days(args.days)
    ca = pki.load_ca(args.ca_dir, _read_passphrase(args.passphrase_file))
    issued = pki.sign_request(ca, request, args.out, days=args.days, profile=pki.Profile(args.profile))
    cert = issued.certificate
    print(t(f"証明書を発行しました: {issued.cert_path}", f"Certificate issued: {issued.cert_path}"))
    print(f"subject: {cert.subject.rfc4514_string()}")
    print(f"serial: {cert.serial_number:x}")
    print(f"not_after: {cert.not_valid_after_utc.isoformat()}")
    return 0


def _revoke(args: argparse.Namespace) -> int:
    cert = pki.load_certificate(args.cert)
    ca = pki.load_ca(args.ca_dir, _read_passphrase(args.passphrase_file))
    rev = pki.revoke(ca, cert, reason=pki.RevocationReason(args.reason))
    crl_path = pki.write_crl(ca)
    print(t(f"失効させました: {rev.serial:x}", f"Revoked: {rev.serial:x}"))
    print(t(f"CRL: {crl_path}（サーバーの ssl_crl_file にコピーして再読み込みしてください）",
            f"CRL: {crl_path} (copy it to the server's ssl_crl_file and reload)"))
    return 0


def _crl(args: argparse.Namespace) -> int:
    pki.validate_days(args.days)
    ca = pki.load_ca(args.ca_dir, _read_passphrase(args.passphrase_file))
    path = pki.write_crl(ca, args.out, days=args.days)
    print(t(f"CRL を書き出しました: {path}", f"CRL written: {path}"))
    return 0


def _show(args: argparse.Namespace) -> int:
    for line in pki.describe(args.file):
        print(line)
    return 0
