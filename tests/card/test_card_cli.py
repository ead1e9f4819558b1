"""`juminzei card simulate` against a stand-in vpcd (a TCP listener on 127.0.0.1)."""

from __future__ import annotations

import argparse
import json
import socket
import threading
from pathlib import Path

import pytest

from app.card.softcard import ATR
from app.cli import card_cmd
from app.i18n import UserError


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="juminzei")
    card_cmd.register(p.add_subparsers(dest="command"))
    return p


def recv_message(sock: socket.socket) -> bytes:
    def exact(n: int) -> bytes:
        buf = b""
        while len(buf) < n:
            chunk = sock.recv(n - len(buf))
            if not chunk:
                raise EOFError
            buf += chunk
        return buf

    return exact(int.from_bytes(exact(2), "big"))


def send_message(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(len(payload).to_bytes(2, "big") + payload)


@pytest.mark.timeout(30)
def test_simulate_attaches_card_until_stopped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    state = tmp_path / "card.json"
    args = parser().parse_args(["card", "simulate", "--vpcd-port", str(port), "--pin", "123456",
                                "--state", str(state)])
    stop = threading.Event()
    result: list[int] = []
    worker = threading.Thread(target=lambda: result.append(card_cmd.simulate(args, stop)))
    worker.start()
    try:
        listener.settimeout(10)
        conn, _ = listener.accept()
        with conn:
            conn.settimeout(10)
            send_message(conn, b"\x01")  # power on
            send_message(conn, b"\x04")  # ATR?
            assert recv_message(conn) == ATR
            send_message(conn, bytes.fromhex("00A4040009A00000030800001000"))
            answer = recv_message(conn)
            assert answer[0] == 0x61 and answer[-2:] == b"\x90\x00"
            send_message(conn, bytes.fromhex("00FD0000"))
            assert recv_message(conn) == b"\x6d\x00"
            stop.set()
            with pytest.raises(EOFError):
                recv_message(conn)  # the card was pulled
    finally:
        stop.set()
        worker.join(10)
        listener.close()
    assert result == [0]
    saved = json.loads(state.read_text())
    assert set(saved["keys"]) == {"9A", "9D"}
    assert "5FC105" in saved["objects"] and "5FC10B" in saved["objects"]
    err = capsys.readouterr().err
    assert "vpcd" in err


def test_simulate_rejects_bad_input(tmp_path: Path) -> None:
    args = parser().parse_args(["card", "simulate", "--vpcd-port", "0", "--pin", "123456"])
    with pytest.raises(UserError):
        card_cmd.simulate(args, threading.Event())
    args = parser().parse_args(["card", "simulate", "--vpcd-port", "35963", "--pin", "12"])
    with pytest.raises(UserError):
        card_cmd.simulate(args, threading.Event())


def test_card_without_action_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    args = parser().parse_args(["card"])
    assert args.func(args) == 2
    assert "simulate" in capsys.readouterr().out
