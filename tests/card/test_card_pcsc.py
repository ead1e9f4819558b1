"""End to end through the real PC/SC stack: private pcscd + vpcd + the software PIV card.

The PC/SC client code (PcscTransport, PivSession, CardMonitor, OpenSC's pkcs11-tool) runs in
subprocesses with PCSCLITE_CSOCK_NAME pointing at the private pcscd; the card runs in this
process, so the tests can pull it and put it back.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from card_pcsc_env import PrivatePcscd, free_port, missing_tools, netns_connector, system_pcscd_running
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed

from app.card.piv import Slot
from app.card.softcard import SoftPivCard, VpcdConnection

pytestmark = [pytest.mark.slow]

HERE = Path(__file__).resolve().parent
CLIENT = HERE / "card_pcsc_client.py"
PIN = "271828"
OPENSC_MODULE_CANDIDATES = (
    "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",
    "/usr/lib/x86_64-linux-gnu/pkcs11/opensc-pkcs11.so",
    "/usr/lib/aarch64-linux-gnu/opensc-pkcs11.so",
    "/usr/lib/opensc-pkcs11.so",
)


@dataclass
class PcscEnv:
    daemon: PrivatePcscd
    card: SoftPivCard
    connection: VpcdConnection

    @property
    def reader(self) -> str:
        return self.daemon.reader_names[0]

    def env(self) -> dict[str, str]:
        return self.daemon.client_env()


@pytest.fixture(scope="session")
def pcsc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PcscEnv]:
    missing = missing_tools()
    if missing:
        pytest.skip(f"PC/SC test stack not installed: {', '.join(missing)}")
    if os.geteuid() != 0:
        pytest.skip("the private pcscd runs in its own network namespace, which needs root")
    if system_pcscd_running():
        pytest.skip("another pcscd is running (it would clash over /run/pcscd/pcscd.pid)")
    daemon = PrivatePcscd(port=free_port())
    try:
        daemon.start()
    except BaseException:
        daemon.cleanup()
        raise
    state = tmp_path_factory.mktemp("softcard") / "card.json"
    card = SoftPivCard(pin=PIN, puk="11223344", state_path=state)
    card.provision("PC/SC Test Clerk")
    connection = VpcdConnection(card, port=daemon.port,
                                socket_factory=netns_connector(daemon.netns, "127.0.0.1", daemon.port),
                                retry_interval=0.1)
    try:
        connection.start()
        assert connection.connected.wait(10), "the card never reached vpcd"
        yield PcscEnv(daemon, card, connection)
    finally:
        connection.stop()
        daemon.cleanup()
        assert not connection.connected.is_set()


def run_client(env: PcscEnv, *args: str, timeout: float = 30) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, str(CLIENT), *args], env=env.env(), capture_output=True,
                          text=True, timeout=timeout, check=False)
    assert proc.returncode == 0, proc.stderr
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


class MonitorProcess:
    """CardMonitor in a subprocess; its events arrive as JSON lines read by a thread."""

    def __init__(self, env: PcscEnv, prefix: str) -> None:
        self.proc = subprocess.Popen([sys.executable, str(CLIENT), "monitor", prefix], env=env.env(),
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.events.put(json.loads(line))

    def wait_for(self, kind: str, reader: str | None = None, timeout: float = 10) -> dict[str, Any]:
        """The next event of `kind` (other events in between are skipped)."""
        while True:
            try:
                event = self.events.get(timeout=timeout)
            except queue.Empty:
                pytest.fail(f"no {kind!r} event within {timeout} s")
            if event["kind"] == kind and (reader is None or event.get("reader") == reader):
                return event

    def close(self) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        try:
            return self.wait_for("stopped")
        finally:
            self.proc.wait(10)
            self.thread.join(5)
            assert self.proc.stdout is not None
            self.proc.stdout.close()


@pytest.fixture
def card_inserted(pcsc: PcscEnv) -> Iterator[PcscEnv]:
    pcsc.connection.insert()
    assert pcsc.connection.connected.wait(10)
    yield pcsc
    pcsc.connection.insert()


@pytest.mark.timeout(60)
def test_verify_and_sign_through_pcscd(card_inserted: PcscEnv) -> None:
    env = card_inserted
    digest = hashlib.sha256(b"resident tax 2025").digest()
    result = run_client(env, "sign", env.reader, PIN, digest.hex())
    assert env.reader in result["readers"]
    assert result["protocol"] == "T1"
    assert result["retries"] in (3, None)
    assert result["wrong_left"] == 2
    assert result["after"] is None  # verified
    assert "PC/SC Test Clerk" in result["cert_subject"]
    assert bytes.fromhex(result["guid"]) == env.card.guid
    public = env.card.public_key(Slot.AUTHENTICATION)
    assert public is not None
    public.verify(bytes.fromhex(result["signature"]), digest, ec.ECDSA(Prehashed(hashes.SHA256())))


@pytest.mark.timeout(90)
def test_monitor_sees_removal_insertion_and_pcscd_restart(card_inserted: PcscEnv) -> None:
    env = card_inserted
    mon = MonitorProcess(env, "Juminzei Test PCD")
    try:
        mon.wait_for("started")
        inserted = mon.wait_for("inserted", env.reader)
        assert bytes.fromhex(inserted["atr"]) == env.card.atr
        env.connection.remove()
        mon.wait_for("removed", env.reader)
        env.connection.insert()
        mon.wait_for("inserted", env.reader)
        # pcscd restarts: the monitor reports it lost and rebuilds its context by itself
        env.daemon.restart()
        mon.wait_for("pcsc_lost", timeout=15)
        mon.wait_for("pcsc_ready", timeout=15)
        mon.wait_for("inserted", env.reader, timeout=15)
    finally:
        stopped = mon.close()
    assert stopped["alive"] is False
    assert stopped["seconds"] < 2
    assert "card-monitor" not in stopped["threads"]


def _opensc_module() -> str:
    for candidate in OPENSC_MODULE_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    pytest.skip("OpenSC PKCS#11 module not installed")


@pytest.mark.timeout(90)
def test_opensc_recognises_piv_and_signs(card_inserted: PcscEnv, tmp_path: Path) -> None:
    if shutil.which("pkcs11-tool") is None:
        pytest.skip("opensc not installed")
    env = card_inserted
    module = _opensc_module()

    def tool(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, env=env.env(), capture_output=True, text=True, timeout=60, check=False)

    name = tool("opensc-tool", "--reader", env.reader, "--name")
    assert name.returncode == 0, name.stderr
    assert "Personal Identity Verification Card" in name.stdout
    listing = tool("pkcs11-tool", "--module", module, "-L")
    assert listing.returncode == 0, listing.stderr
    assert env.reader in listing.stdout
    assert "piv_II" in listing.stdout  # the PIV driver's token manufacturer
    digest = hashlib.sha256(b"signed by OpenSC").digest()
    (tmp_path / "digest").write_bytes(digest)
    signed = tool("pkcs11-tool", "--module", module, "--login", "--pin", PIN, "--sign", "--id", "01",
                  "-m", "ECDSA", "--signature-format", "openssl",
                  "--input-file", str(tmp_path / "digest"), "--output-file", str(tmp_path / "sig"))
    assert signed.returncode == 0, signed.stderr
    cert = env.card.certificate(Slot.AUTHENTICATION)
    assert cert is not None
    public = cert.public_key()
    assert isinstance(public, ec.EllipticCurvePublicKey)
    public.verify((tmp_path / "sig").read_bytes(), digest, ec.ECDSA(Prehashed(hashes.SHA256())))
