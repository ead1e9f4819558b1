"""`juminzei card …`: the software PIV card on the command line.

    juminzei card simulate --vpcd-port PORT [--host 127.0.0.1] --pin PIN [--puk PUK] [--state FILE]

attaches one software card to a vpcd virtual reader until SIGINT/SIGTERM, then pulls it cleanly.
Keys (9A, 9D) and self-signed certificates are created on first use and kept in the state file.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import Any

from app.i18n import UserError, t


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
