"""`juminzei card …`: the software PIV card on the command line.

    juminzei card simulate --vpcd-port PORT [--host 127.0.0.1] --pin PIN [--puk PUK] [--state FILE]

attaches one software card to a vpcd virtual reader until SIGINT/SIGTERM, then pulls it cleanly.
Keys (9A, 9D) and self-signed certificates are created on first use and kept in the state file.

Card administration (r_admin; app.services.enrolment), the card in a PC/SC reader:

    juminzei card enrol CODE --name N --roles r_a,r_b --url ADMIN_URL --pin-file F
                              [--reader NAME] [--management-key-file F]
    juminzei card revoke CODE --url ADMIN_URL
    juminzei card rotate CODE --url ADMIN_URL
    juminzei card unblock [--reader NAME] --puk-file F --new-pin-file F [--url ADMIN_URL --staff CODE]
    juminzei card status [--reader NAME]

Secrets (PIN, PUK, management key) are read from files only, never from the command line.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from app.cli.common import add_url_argument, print_json, read_secret_file
from app.i18n import UserError, t

if TYPE_CHECKING:
    from app.card.piv import PivSession
    from app.card.transport import PcscTransport


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "card",
        help=t("スマートカード（PIV）の操作とソフトウェアカード", "smart cards (PIV) and the software card"),
        description=t("職員用 PIV カードに関する操作です。", "Staff PIV card tools."),
    )
    actions = parser.add_subparsers(dest="card_command", metavar="ACTION")
    sim = actions.add_parser(
        "simulate",
        help=t("ソフトウェア PIV カードを vpcd 仮想リーダーに挿入する（試験・研修用）",
               "insert a software PIV card into a vpcd virtual reader (testing and training)"),
        description=t(
            "ソフトウェア PIV カードを vpcd 仮想リーダーに接続し、停止されるまで挿入したままにします"
            "（Ctrl+C または SIGTERM で取り外します）。"
            "鍵と証明書は初回に作成され、状態ファイルに保存されます。"
            "鍵は平文で保存されるため、試験・研修専用です。",
            "Attaches a software PIV card to a vpcd virtual reader and keeps it inserted until "
            "stopped (Ctrl+C or SIGTERM removes it). Keys and certificates are created on first use "
            "and kept in the state file. Keys are stored in the clear: for testing and training only.",
        ),
    )
    sim.add_argument("--vpcd-port", type=int, required=True, metavar="PORT",
                     help=t("vpcd の待ち受けポート（既定の設定では 35963）",
                            "the port vpcd listens on (35963 in the default configuration)"))
    sim.add_argument("--host", default="127.0.0.1",
                     help=t("vpcd のホスト（既定 127.0.0.1）", "vpcd host (default 127.0.0.1)"))
    sim.add_argument("--pin", required=True,
                     help=t("新しいカードの PIN（6〜8 桁の数字。既存の状態ファイルは自身の PIN を保持）",
                            "PIN of a new card (6-8 digits; an existing state file keeps its own PIN)"))
    sim.add_argument("--puk", default="12345678",
                     help=t("新しいカードの PUK（8 文字、既定 12345678）",
                            "PUK of a new card (8 characters, default 12345678)"))
    sim.add_argument("--state", type=Path, metavar="FILE",
                     help=t("カードの状態ファイル（JSON）。省略時は終了とともに消えます",
                            "card state file (JSON); without it the card is forgotten on exit"))
    sim.add_argument("--holder", default="Juminzei training card",
                     help=t("証明書に記載する名義", "holder name written in the certificates"))
    sim.set_defaults(func=simulate)
    _register_admin(actions)

    def _usage(args: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    parser.set_defaults(func=_usage)


def simulate(args: argparse.Namespace, stop: threading.Event | None = None) -> int:
    from app.card.softcard import SoftPivCard, VpcdConnection

    if not 0 < args.vpcd_port < 65536:
        raise UserError("ポート番号が不正です。", "invalid port number.", field="vpcd-port")
    try:
        card = SoftPivCard(pin=args.pin, puk=args.puk, state_path=args.state)
    except ValueError as err:
        raise UserError(f"カードを作成できません: {err}", f"cannot create the card: {err}") from err
    card.provision(args.holder)
    stop = stop or threading.Event()
    restore: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        def _stop(signum: int, frame: FrameType | None) -> None:
            stop.set()

        for sig in (signal.SIGINT, signal.SIGTERM):
            restore[sig] = signal.signal(sig, _stop)
    connection = VpcdConnection(card, host=args.host, port=args.vpcd_port).start()
    try:
        where = f"{args.host}:{args.vpcd_port}"
        if not connection.connected.wait(5) and not stop.is_set():
            sys.stderr.write(t(f"vpcd（{where}）を待っています…\n", f"waiting for vpcd at {where}…\n"))
        while not stop.is_set() and not connection.connected.wait(0.2):
            pass
        if connection.connected.is_set():
            sys.stderr.write(t(f"カードを挿入しました（vpcd {where}）。Ctrl+C で取り外します。\n",
                               f"card inserted (vpcd {where}). Ctrl+C removes it.\n"))
        stop.wait()
    finally:
        connection.stop()
        for signum, handler in restore.items():
            signal.signal(signum, handler)
    sys.stderr.write(t("カードを取り外しました。\n", "card removed.\n"))
    return 0


# -- card administration ------------------------------------------------------------------------------

_MANAGEMENT_ALGORITHMS = {"tdes": 0x03, "aes128": 0x08, "aes192": 0x0A, "aes256": 0x0C}


def _reader_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--reader", metavar="NAME",
                        help=t("カードリーダー名（省略時はカードの入っている最初のリーダー）",
                               "card reader name (default: the first reader holding a card)"))


def _register_admin(actions: Any) -> None:
    # No abbreviations: "--pin 123456" must not be taken for "--pin-file 123456".
    enrol = actions.add_parser(
        "enrol", allow_abbrev=False,
        help=t("職員にカードを発行する（カード上で鍵を生成し、資格情報を包んで登録）",
               "issue a card to a staff member (key generated on the card, credential wrapped to it)"),
        description=t("カード上で鍵管理鍵（9D）を生成し、職員ログインロールを作成または更新して、その"
                      "パスワードをカードの鍵に包んで登録します。以前の有効なカードは失効します。",
                      "Generates the key-management key (9D) on the card, creates or updates the staff "
                      "login role and stores its password wrapped to the card's key. A previous active "
                      "card of the staff member is revoked."),
    )
    enrol.add_argument("code", help=t("職員コード（英大文字・数字 2〜16文字）", "staff code (2-16 A-Z, 0-9)"))
    enrol.add_argument("--name", required=True, help=t("氏名", "display name"))
    enrol.add_argument("--roles", required=True,
                       help=t("権限ロール（カンマ区切り、例 r_inquiry,r_assessor）",
                              "capability roles, comma-separated (e.g. r_inquiry,r_assessor)"))
    enrol.add_argument("--pin-file", required=True, metavar="FILE",
                       help=t("カードの PIN を読むファイル（本人確認のため発行前に照合）",
                              "file holding the card's PIN (checked before the card is changed)"))
    enrol.add_argument("--management-key-file", metavar="FILE",
                       help=t("カード管理鍵（16進）を読むファイル（省略時は PIV の既定鍵）",
                              "file holding the card management key in hex (default: the PIV default key)"))
    enrol.add_argument("--management-algorithm", choices=sorted(_MANAGEMENT_ALGORITHMS), default="tdes",
                       help=t("カード管理鍵の方式（既定 tdes）", "management key algorithm (default tdes)"))
    _reader_argument(enrol)
    add_url_argument(enrol)
    enrol.set_defaults(func=_enrol)

    revoke = actions.add_parser("revoke", allow_abbrev=False, help=t("職員の有効なカードを失効させる",
                                                 "revoke the staff member's active card"),
                                description=t("カードを失効させ、職員ロールのパスワードを誰も知らない新しい値に"
                                              "替えます（カードは不要）。",
                                              "Revokes the card and gives the staff role a new password "
                                              "nobody knows (no card needed)."))
    revoke.add_argument("code", help=t("職員コード", "staff code"))
    add_url_argument(revoke)
    revoke.set_defaults(func=_revoke)

    rotate = actions.add_parser("rotate", allow_abbrev=False, help=t("包んだ資格情報を新しいパスワードで作り直す",
                                                 "rotate the wrapped credential"),
                                description=t("職員ロールに新しい乱数パスワードを与え、登録中のカードの公開鍵に"
                                              "包み直します（カードは不要）。",
                                              "Gives the staff role a new random password wrapped to the "
                                              "registered card's public key (no card needed)."))
    rotate.add_argument("code", help=t("職員コード", "staff code"))
    add_url_argument(rotate)
    rotate.set_defaults(func=_rotate)

    unblock = actions.add_parser("unblock", allow_abbrev=False,
                                 help=t("PUK でロックされた PIN を解除し、新しい PIN を設定",
                                        "unblock the PIN with the PUK and set a new PIN"),
                                 description=t("PUK で PIN の試行回数を戻し、新しい PIN を設定します。"
                                               "--url を指定すると監査記録を残します。",
                                               "Resets the PIN's try counter with the PUK and sets a new PIN. "
                                               "With --url the action is audited."))
    _reader_argument(unblock)
    unblock.add_argument("--puk-file", required=True, metavar="FILE",
                         help=t("PUK を読むファイル", "file holding the PUK"))
    unblock.add_argument("--new-pin-file", required=True, metavar="FILE",
                         help=t("新しい PIN（6〜8桁）を読むファイル", "file holding the new PIN (6-8 digits)"))
    add_url_argument(unblock, required=False)
    unblock.add_argument("--staff", metavar="CODE",
                         help=t("監査記録に残す職員コード（省略時はカードの登録から）",
                                "staff code for the audit record (default: the card's registration)"))
    unblock.set_defaults(func=_unblock)

    status = actions.add_parser("status", allow_abbrev=False,
                                help=t("リーダー・カード GUID・PIN 残り回数を表示（回数は消費しない）",
                                       "show reader, card GUID and PIN tries left (spends no try)"))
    _reader_argument(status)
    status.set_defaults(func=_status)


def _no_reader() -> UserError:
    return UserError("カードリーダーが見つかりません。リーダーの接続を確認してください。",
                     "No card reader found. Check that the reader is connected.", field="reader")


def _open_card(reader: str | None) -> tuple[PcscTransport, PivSession]:
    """Connect to the card in `reader` (or the first reader holding a card); exit-2 errors otherwise."""
    from app.card import transport as pcsc
    from app.card.errors import CardCommunicationError, PcscUnavailable
    from app.card.piv import PivSession
    from app.services.card_login import card_user_error

    try:
        readers = pcsc.list_readers()
    except PcscUnavailable as exc:
        raise card_user_error(exc) from None
    except CardCommunicationError:
        raise _no_reader() from None
    if not readers:
        raise _no_reader()
    if reader is not None and reader not in readers:
        names = ", ".join(readers)
        raise UserError(f"カードリーダー「{reader}」が見つかりません（接続中: {names}）。",
                        f"Card reader {reader!r} not found (connected: {names}).", field="reader")
    candidates = [reader] if reader is not None else readers
    for name in candidates:
        try:
            connection = pcsc.PcscTransport(name)
        except PcscUnavailable as exc:
            raise card_user_error(exc) from None
        except CardCommunicationError:
            continue
        return connection, PivSession(connection)
    where = candidates[0] if len(candidates) == 1 else ", ".join(candidates)
    raise UserError(f"カードが挿入されていません（{where}）。カードを挿入してください。",
                    f"No card inserted ({where}). Insert the card.", field="reader")


def _roles(text: str) -> list[str]:
    return [r.strip() for r in text.split(",") if r.strip()]


def _management_key(path: str | None) -> bytes:
    from app.card.piv import DEFAULT_MANAGEMENT_KEY

    if path is None:
        return DEFAULT_MANAGEMENT_KEY
    text = read_secret_file(path, field="management-key-file")
    try:
        return bytes.fromhex("".join(text.split()))
    except ValueError:
        raise UserError("カード管理鍵のファイルは16進数で書いてください。",
                        "The management key file must hold hex digits.", field="management-key-file") from None


def _enrol(args: argparse.Namespace) -> int:
    from app.services import enrolment, staff

    code = args.code.strip().upper()
    roles = _roles(args.roles)
    staff.validate(code, args.name, roles)  # before any reader or card is touched
    pin = read_secret_file(args.pin_file, field="pin-file")
    key = _management_key(args.management_key_file)
    connection, session = _open_card(args.reader)
    with connection:
        guid = enrolment.enrol(args.url, code, args.name, roles, session, key, pin,
                               management_algorithm=_MANAGEMENT_ALGORITHMS[args.management_algorithm])
    print_json({"code": code, "role": staff.role_name(code), "roles": sorted(set(roles)),
                "reader": connection.reader, "card_guid": guid})
    return 0


def _revoke(args: argparse.Namespace) -> int:
    from app.services import enrolment

    code = args.code.strip().upper()
    guid = enrolment.revoke_card(args.url, code)
    print_json({"code": code, "revoked_card_guid": guid})
    return 0


def _registered_key(admin_url: str, code: str) -> bytes:
    from app.db.connect import transaction

    with transaction(admin_url) as cur:
        cur.execute("SELECT public_key FROM auth.card WHERE staff_code = %s AND revoked_at IS NULL", (code,))
        row = cur.fetchone()
    if row is None:
        raise UserError(f"職員 {code} に有効なカードはありません。", f"Staff member {code} has no active card.",
                        field="code")
    return bytes(row[0])


def _rotate(args: argparse.Namespace) -> int:
    from app.services import enrolment

    code = args.code.strip().upper()
    enrolment.rotate_credential(args.url, code, _registered_key(args.url, code))
    print_json({"code": code, "rotated": True})
    return 0


def _unblock(args: argparse.Namespace) -> int:
    from app.services import enrolment

    if args.staff and not args.url:
        raise UserError("--staff は --url（監査記録の保存先）と一緒に指定してください。",
                        "--staff needs --url (where the audit record goes).", field="staff")
    puk = read_secret_file(args.puk_file, field="puk-file")
    new_pin = read_secret_file(args.new_pin_file, field="new-pin-file")
    connection, session = _open_card(args.reader)
    with connection:
        guid = enrolment.unblock_pin(session, puk, new_pin, admin_url=args.url or None, staff_code=args.staff)
        retries = session.pin_retries()
    print_json({"reader": connection.reader, "card_guid": guid, "pin_tries_left": retries,
                "audited": bool(args.url)})
    return 0


def _status(args: argparse.Namespace) -> int:
    from app.card.errors import CardCommunicationError, CardError
    from app.services.card_login import card_user_error

    connection, session = _open_card(args.reader)
    with connection:
        try:
            selected = session.select()
            guid = session.card_guid()
            retries = session.pin_retries()  # empty VERIFY: spends no try
        except (CardError, CardCommunicationError) as exc:
            raise card_user_error(exc) from None
    print_json({"reader": connection.reader, "card_guid": guid.hex() if guid is not None else None,
                "applet": selected.label, "pin_tries_left": retries, "pin_verified": retries is None,
                "pin_blocked": retries == 0})
    return 0
