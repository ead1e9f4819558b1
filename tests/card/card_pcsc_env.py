"""Test infrastructure: a private pcscd (own socket, own reader configuration, own network
namespace) and a way to plug the software card into its vpcd reader.

Why a network namespace: Debian's vpcd driver listens on all interfaces when it waits for a card
(a host in DEVICENAME switches it to connecting out, and it aborts pcscd while no card answers).
Inside a fresh network namespace "all interfaces" is only that namespace's loopback, so nothing
is reachable from outside. The card connects from a helper thread that joins the namespace.

pcscd gets its listening socket the systemd way (LISTEN_FDS=1, LISTEN_PID, fd 3): the daemon
ignores PCSCLITE_CSOCK_NAME, only clients read it.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from app.card.softcard import SoftPivCard, VpcdConnection
from tests.support.pgcluster import free_port

VPCD_DRIVER = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so"
READER_NAME = "Juminzei Test PCD"
CLONE_NEWNET = 0x40000000


def missing_tools() -> list[str]:
    missing = [tool for tool in ("pcscd", "unshare", "ip", "bash") if shutil.which(tool) is None]
    if not Path(VPCD_DRIVER).exists():
        missing.append(VPCD_DRIVER)
    return missing


class PrivatePcscd:
    """pcscd with its own unix socket and one vpcd reader entry (two slots: port, port+1)."""

    def __init__(self, port: int = 35990) -> None:
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix="jzpcsc-", dir="/tmp"))
        self.socket_path = str(self.dir / "pcscd.comm")
        self.config = self.dir / "reader.conf"
        self.log_path = self.dir / "pcscd.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self.reader_names = [f"{READER_NAME} 00 00", f"{READER_NAME} 00 01"]

    def netns(self) -> str:
        if self.proc is None:
            raise FileNotFoundError("pcscd is not running")
        return f"/proc/{self.proc.pid}/ns/net"

    def client_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["PCSCLITE_CSOCK_NAME"] = self.socket_path
        return env

    def restart(self) -> None:
        """Stop pcscd and start a new one on the same socket path and reader configuration."""
        self.stop()
        Path(self.socket_path).unlink(missing_ok=True)
        self.start()

    def start(self, timeout: float = 10.0) -> None:
        self.config.write_text(
            f'FRIENDLYNAME "{READER_NAME}"\n'
            f"DEVICENAME   /dev/null:{self.port}\n"
            f"LIBPATH      {VPCD_DRIVER}\n"
            f"CHANNELID    {self.port}\n"
        )
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(self.socket_path)
        listener.listen(64)
        fd = listener.fileno()
        move = "" if fd == 3 else f" 3<&{fd} {fd}<&-"  # the socket must be fd 3
        script = (f"ip link set lo up && LISTEN_PID=$$ LISTEN_FDS=1 exec pcscd --foreground --debug "
                  f"-c {self.config}{move}")
        env = {k: v for k, v in os.environ.items() if not k.startswith("LISTEN_")}
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(["unshare", "--net", "--", "bash", "-c", script], pass_fds=[fd],
                                         stdout=log, stderr=subprocess.STDOUT, env=env,
                                         start_new_session=True)
        listener.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.log_path.read_bytes()
            if b"daemon ready" in text:
                if b"Started by systemd" not in text:
                    self.stop()
                    raise RuntimeError("pcscd did not take the socket it was handed")
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.02)
        log_text = self.log_path.read_text(errors="replace")[-2000:]
        self.stop()
        raise RuntimeError(f"private pcscd did not start:\n{log_text}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def netns_connector(netns_path: Callable[[], str], host: str, port: int) -> Callable[[], socket.socket]:
    """A socket factory that connects to host:port inside another network namespace
    (`netns_path()` is asked each time: the namespace changes when pcscd is restarted)."""
    libc = ctypes.CDLL(None, use_errno=True)

    def factory() -> socket.socket:
        result: dict[str, object] = {}

        def worker() -> None:
            try:
                fd = os.open(netns_path(), os.O_RDONLY)
                try:
                    if libc.setns(fd, CLONE_NEWNET) != 0:
                        err = ctypes.get_errno()
                        raise OSError(err, os.strerror(err))
                finally:
                    os.close(fd)
                result["sock"] = socket.create_connection((host, port), timeout=2.0)
            except OSError as exc:
                result["error"] = exc

        thread = threading.Thread(target=worker, name="netns-connect")
        thread.start()
        thread.join()
        if "error" in result:
            raise result["error"]  # type: ignore[misc]
        return result["sock"]  # type: ignore[return-value]

    return factory


# -- shared set-up of a private pcscd with one software card (additions for other test modules) ----------


def system_pcscd_running() -> bool:
    """Is another pcscd running (it would clash over /run/pcscd/pcscd.pid)?"""
    try:
        pid = int(Path("/run/pcscd/pcscd.pid").read_text().strip())
    except (OSError, ValueError):
        return False
    return Path(f"/proc/{pid}").exists()


def unavailable_reason() -> str | None:
    """Why the private PC/SC stack cannot run here (a reason to skip), or None."""
    missing = missing_tools()
    if missing:
        return f"PC/SC test stack not installed: {', '.join(missing)}"
    if os.geteuid() != 0:
        return "the private pcscd runs in its own network namespace, which needs root"
    if system_pcscd_running():
        return "another pcscd is running (it would clash over /run/pcscd/pcscd.pid)"
    return None


@dataclass
class CardStack:
    """A running private pcscd and a software card attached to its first vpcd reader."""

    daemon: PrivatePcscd
    card: SoftPivCard
    connection: VpcdConnection

    @property
    def reader(self) -> str:
        return self.daemon.reader_names[0]

    def env(self) -> dict[str, str]:
        return self.daemon.client_env()


@contextmanager
def card_stack(card: SoftPivCard, timeout: float = 10.0) -> Iterator[CardStack]:
    """Start a private pcscd, attach `card` to it through vpcd, and on exit pull the card and stop
    and remove the daemon (nothing is left running)."""
    daemon = PrivatePcscd(port=free_port())
    try:
        daemon.start()
    except BaseException:
        daemon.cleanup()
        raise
    connection = VpcdConnection(card, port=daemon.port,
                                socket_factory=netns_connector(daemon.netns, "127.0.0.1", daemon.port),
                                retry_interval=0.1)
    try:
        connection.start()
        if not connection.connected.wait(timeout):
            raise RuntimeError("the card never reached vpcd")
        yield CardStack(daemon, card, connection)
    finally:
        connection.stop()
        daemon.cleanup()
