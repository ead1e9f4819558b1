"""A software PIV card (NIST SP 800-73-4 subset) for tests, training and the demo.

What it does: the PIV application (SELECT by AID), PIN (80) and PUK (81) with retry counters and
blocked states, VERIFY / CHANGE REFERENCE DATA / RESET RETRY COUNTER, the card management key (9B,
3DES or AES mutual authentication), ECC P-256 keys in 9A/9C/9D/9E (GENERATE ASYMMETRIC KEY PAIR,
GENERAL AUTHENTICATE for ECDSA and ECDH), data objects (CHUID, CCC, discovery, key history,
certificate containers) with GET DATA / PUT DATA, command chaining and response chaining (61xx /
GET RESPONSE).

Two ways to plug it in:

* `VpcdConnection`: attaches the card to a vpcd virtual reader over TCP, so the whole PC/SC stack
  (pcscd, pyscard, OpenSC) sees a real card. Closing the connection is pulling the card.
* `InProcessTransport`: a `Transport` that calls the card directly (the demo's virtual reader).

With a `state_path` the card's state (PIN, counters, keys as PEM, objects) is kept in a JSON file
and survives restarts. The PIN status is volatile: power-off and reset clear it, a new SELECT of
the PIV application keeps it.

This is a simulation: keys are in a file in the clear. It is for tests and training, never for
real staff credentials.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hmac
import json
import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from cryptography.x509.oid import NameOID

from app.card import apdu
from app.card.apdu import TlvError, tlv
from app.card.errors import CardCommunicationError, CardRemoved
from app.card.piv import (
    CERT_TAG_FOR_SLOT,
    DEFAULT_MANAGEMENT_KEY,
    PIV_AID,
    Algorithm,
    ObjectTag,
    Slot,
    certificate_object,
    management_block_size,
    management_cipher,
)

log = logging.getLogger(__name__)

STATE_VERSION = 1
VPCD_PORT = 35963
KEY_SLOTS = (Slot.AUTHENTICATION, Slot.SIGNATURE, Slot.KEY_MANAGEMENT, Slot.CARD_AUTH)
PIN_PROTECTED_SLOTS = (Slot.AUTHENTICATION, Slot.SIGNATURE, Slot.KEY_MANAGEMENT)
# Objects only readable after the PIN (SP 800-73-4 Part 1, table 3).
PIN_PROTECTED_OBJECTS = frozenset({0x5FC103, 0x5FC108, 0x5FC109, 0x5FC121})
TEST_FASCN = bytes.fromhex("D4E739DA739CED39CE739D836858210842108421C84210C3EB")

SW_OK = 0x9000
SW_WRONG_LENGTH = 0x6700
SW_SECURITY = 0x6982
SW_BLOCKED = 0x6983
SW_CONDITIONS = 0x6985
SW_WRONG_DATA = 0x6A80
SW_NOT_FOUND = 0x6A82
SW_WRONG_P1P2 = 0x6A86
SW_REF_NOT_FOUND = 0x6A88
SW_INS = 0x6D00
SW_CLA = 0x6E00
SW_INTERNAL = 0x6F00


def _make_atr() -> bytes:
    """ATR offering T=1: TS 3B, T0 (TD1 follows, 12 historical bytes), TD1 (TD2 follows, T=0),
    TD2 (T=1), historical bytes (category 80, issuer data "JuminzeiPV"), TCK."""
    historical = bytes((0x80, 0x5A)) + b"JuminzeiPV"
    body = bytes((0x80 | len(historical), 0x80, 0x01)) + historical
    tck = 0
    for byte in body:
        tck ^= byte
    return b"\x3b" + body + bytes((tck,))


ATR = _make_atr()


class _Reply(Exception):
    """Internal: stop processing and answer this status word."""

    def __init__(self, sw: int) -> None:
        super().__init__(f"{sw:04X}")
        self.sw = sw


@dataclass
class _Command:
    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes
    le: int  # expected answer length; 0 = no Le (treated as "up to 256")
    extended: bool


def parse_command(raw: bytes) -> _Command:
    """Decode a short or extended command APDU (ISO 7816-4 cases 1-4)."""
    if len(raw) < 4:
        raise _Reply(SW_WRONG_LENGTH)
    cla, ins, p1, p2 = raw[0], raw[1], raw[2], raw[3]
    body = raw[4:]
    if not body:
        return _Command(cla, ins, p1, p2, b"", 0, False)
    if len(body) == 1:
        return _Command(cla, ins, p1, p2, b"", body[0] or 256, False)
    if body[0] != 0:
        lc = body[0]
        data = body[1:1 + lc]
        rest = body[1 + lc:]
        if len(data) != lc or len(rest) > 1:
            raise _Reply(SW_WRONG_LENGTH)
        le = (rest[0] or 256) if rest else 0
        return _Command(cla, ins, p1, p2, data, le, False)
    # extended length: 00 then two bytes
    if len(body) == 3:
        return _Command(cla, ins, p1, p2, b"", int.from_bytes(body[1:3], "big") or 65536, True)
    lc = int.from_bytes(body[1:3], "big")
    data = body[3:3 + lc]
    rest = body[3 + lc:]
    if lc == 0 or len(data) != lc or len(rest) not in (0, 2):
        raise _Reply(SW_WRONG_LENGTH)
    le = (int.from_bytes(rest, "big") or 65536) if rest else 0
    return _Command(cla, ins, p1, p2, data, le, True)


def _valid_pin(ref: bytes) -> bool:
    """6-8 ASCII digits, then FF padding to 8 bytes."""
    stripped = ref.rstrip(b"\xff")
    return len(ref) == 8 and 6 <= len(stripped) <= 8 and stripped.isdigit()


def _default_objects() -> dict[int, bytes]:
    guid = os.urandom(16)
    chuid = (tlv(0x30, TEST_FASCN) + tlv(0x34, guid) + tlv(0x35, b"20351231") + tlv(0x3E, b"")
             + tlv(0xFE, b""))
    card_id = bytes.fromhex("A000000116FF02") + os.urandom(14)
    ccc = (tlv(0xF0, card_id) + tlv(0xF1, b"\x21") + tlv(0xF2, b"\x21") + tlv(0xF3, b"")
           + tlv(0xF4, b"\x00") + tlv(0xF5, b"\x10") + tlv(0xF6, b"") + tlv(0xF7, b"") + tlv(0xFA, b"")
           + tlv(0xFB, b"") + tlv(0xFC, b"") + tlv(0xFD, b"") + tlv(0xFE, b""))
    discovery = tlv(0x4F, PIV_AID) + tlv(0x5F2F, b"\x40\x00")
    key_history = tlv(0xC1, b"\x00") + tlv(0xC2, b"\x00") + tlv(0xFE, b"")
    return {
        ObjectTag.CHUID: chuid,
        ObjectTag.CARD_CAPABILITY_CONTAINER: ccc,
        ObjectTag.DISCOVERY: discovery,
        ObjectTag.KEY_HISTORY: key_history,
    }


def _pad_ref(value: str | bytes) -> bytes:
    raw = value.encode("ascii") if isinstance(value, str) else bytes(value)
    if len(raw) > 8:
        raise ValueError("PIN/PUK longer than 8 characters")
    return raw + b"\xff" * (8 - len(raw))


class SoftPivCard:
    """The card itself: `process(apdu) -> response` plus power control."""

    def __init__(self, *, pin: str = "123456", puk: str = "12345678",
                 management_key: bytes = DEFAULT_MANAGEMENT_KEY,
                 management_algorithm: int = Algorithm.TDES,
                 pin_retries: int = 3, puk_retries: int = 3,
                 state_path: str | os.PathLike[str] | None = None) -> None:
        self._lock = threading.RLock()
        self.state_path = Path(state_path) if state_path is not None else None
        if self.state_path is not None and self.state_path.exists():
            self._load(self.state_path)
        else:
            if not _valid_pin(_pad_ref(pin)):
                raise ValueError("the PIN must be 6 to 8 digits")
            if len(_pad_ref(puk).rstrip(b"\xff")) != 8:
                raise ValueError("the PUK must have 8 characters")
            management_cipher(management_algorithm, management_key)  # validates key and algorithm
            self._pin = _pad_ref(pin)
            self._puk = _pad_ref(puk)
            self.pin_retries_max = self.pin_retries_left = pin_retries
            self.puk_retries_max = self.puk_retries_left = puk_retries
            self._mgmt_key = bytes(management_key)
            self.management_algorithm = int(management_algorithm)
            self._keys: dict[int, ec.EllipticCurvePrivateKey] = {}
            self._objects: dict[int, bytes] = _default_objects()
            self._save()
        self.powered = False
        self._clear_volatile()

    # -- persistence -----------------------------------------------------------------------------

    def _load(self, path: Path) -> None:
        state = json.loads(path.read_text("utf-8"))
        if state.get("version") != STATE_VERSION:
            raise ValueError(f"{path}: unknown soft card state version")
        self._pin = bytes.fromhex(state["pin"])
        self._puk = bytes.fromhex(state["puk"])
        self.pin_retries_max = int(state["pin_retries_max"])
        self.pin_retries_left = int(state["pin_retries_left"])
        self.puk_retries_max = int(state["puk_retries_max"])
        self.puk_retries_left = int(state["puk_retries_left"])
        self._mgmt_key = bytes.fromhex(state["management_key"])
        self.management_algorithm = int(state["management_algorithm"])
        self._keys = {}
        for slot, pem in state["keys"].items():
            key = serialization.load_pem_private_key(pem.encode("ascii"), password=None)
            if not isinstance(key, ec.EllipticCurvePrivateKey):
                raise ValueError(f"{path}: key in slot {slot} is not an EC key")
            self._keys[int(slot, 16)] = key
        self._objects = {int(tag, 16): bytes.fromhex(value) for tag, value in state["objects"].items()}

    def _save(self) -> None:
        if self.state_path is None:
            return
        state: dict[str, Any] = {
            "version": STATE_VERSION,
            "note": "Software PIV card for tests and training. Not a secure store.",
            "pin": self._pin.hex(),
            "puk": self._puk.hex(),
            "pin_retries_max": self.pin_retries_max,
            "pin_retries_left": self.pin_retries_left,
            "puk_retries_max": self.puk_retries_max,
            "puk_retries_left": self.puk_retries_left,
            "management_key": self._mgmt_key.hex(),
            "management_algorithm": self.management_algorithm,
            "keys": {
                f"{slot:02X}": key.private_bytes(
                    Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
                ).decode("ascii")
                for slot, key in sorted(self._keys.items())
            },
            "objects": {f"{tag:X}": value.hex() for tag, value in sorted(self._objects.items())},
        }
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.state_path.with_name(self.state_path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(state, fh, indent=1)
        os.replace(tmp, self.state_path)

    # -- host-side helpers (not card commands) ---------------------------------------------------

    @property
    def atr(self) -> bytes:
        return ATR

    @property
    def guid(self) -> bytes:
        return apdu.parse_tlv(self._objects[ObjectTag.CHUID]).get(0x34, b"")

    def public_key(self, slot: int) -> ec.EllipticCurvePublicKey | None:
        with self._lock:
            key = self._keys.get(slot)
            return key.public_key() if key is not None else None

    def certificate(self, slot: int) -> x509.Certificate | None:
        with self._lock:
            content = self._objects.get(CERT_TAG_FOR_SLOT[slot])
        if not content:
            return None
        der = apdu.parse_tlv(content).get(0x70)
        return x509.load_der_x509_certificate(der) if der else None

    def provision(self, holder: str = "Juminzei soft card",
                  slots: tuple[int, ...] = (Slot.AUTHENTICATION, Slot.KEY_MANAGEMENT)) -> bool:
        """Create missing keys and self-signed certificates for `slots`. True if anything changed."""
        changed = False
        with self._lock:
            for slot in slots:
                key = self._keys.get(slot)
                if key is None:
                    key = self._keys[slot] = ec.generate_private_key(ec.SECP256R1())
                    changed = True
                cert = self.certificate(slot)
                if cert is None or cert.public_key() != key.public_key():
                    der = self_signed_certificate(key, holder, slot).public_bytes(Encoding.DER)
                    self._objects[CERT_TAG_FOR_SLOT[slot]] = certificate_object(der)
                    changed = True
            if changed:
                self._save()
        return changed

    # -- power -----------------------------------------------------------------------------------

    def _clear_volatile(self) -> None:
        self.selected = False
        self.pin_verified = False
        self.management_authenticated = False
        self._witness: bytes | None = None
        self._pending = b""
        self._chain: tuple[int, int, int, bytes] | None = None

    def power_on(self) -> None:
        with self._lock:
            self._clear_volatile()
            self.powered = True

    def power_off(self) -> None:
        with self._lock:
            self._clear_volatile()
            self.powered = False

    def reset(self) -> None:
        self.power_on()

    # -- APDU processing -------------------------------------------------------------------------

    def process(self, raw: bytes) -> bytes:
        """Answer one command APDU. Never raises: an internal fault answers 6F00."""
        with self._lock:
            try:
                data, sw = self._process(raw)
            except _Reply as reply:
                data, sw = b"", reply.sw
            except Exception:
                log.exception("soft PIV card: internal error")
                self._pending = b""
                data, sw = b"", SW_INTERNAL
            return data + sw.to_bytes(2, "big")

    def _respond(self, data: bytes, cmd: _Command) -> tuple[bytes, int]:
        limit = cmd.le if cmd.le else 256
        if cmd.extended or len(data) <= limit:
            return data, SW_OK
        self._pending = data[limit:]
        return data[:limit], 0x6100 | (min(len(self._pending), 256) & 0xFF)

    def _process(self, raw: bytes) -> tuple[bytes, int]:
        cmd = parse_command(raw)
        if cmd.cla & ~0x10 & 0xFF != 0x00:
            self._pending = b""
            return b"", SW_CLA
        if cmd.ins == 0xC0:
            return self._get_response(cmd)
        self._pending = b""
        if self._chain is not None:
            ins, p1, p2, head = self._chain
            self._chain = None
            if (ins, p1, p2) == (cmd.ins, cmd.p1, cmd.p2):
                cmd.data = head + cmd.data
        if cmd.cla & 0x10:
            self._chain = (cmd.ins, cmd.p1, cmd.p2, cmd.data)
            return b"", SW_OK
        if cmd.ins == 0xA4:
            return self._select(cmd)
        if not self.selected:
            return b"", SW_INS
        handler = self._HANDLERS.get(cmd.ins)
        if handler is None:
            return b"", SW_INS
        return handler(self, cmd)

    def _get_response(self, cmd: _Command) -> tuple[bytes, int]:
        if not self._pending or (cmd.p1, cmd.p2) != (0, 0):
            self._pending = b""
            return b"", SW_CONDITIONS
        data, self._pending = self._pending, b""
        return self._respond(data, cmd)

    def _select(self, cmd: _Command) -> tuple[bytes, int]:
        if cmd.p1 != 0x04 or len(cmd.data) < 5 or not PIV_AID.startswith(cmd.data):
            return b"", SW_NOT_FOUND
        self.selected = True  # a re-SELECT keeps the PIN status
        if cmd.p2 & 0x0C == 0x0C:
            return b"", SW_OK
        algorithms = b"".join(tlv(0x80, bytes((alg,)))
                              for alg in (Algorithm.ECC_P256, self.management_algorithm))
        template = (tlv(0x4F, PIV_AID[5:]) + tlv(0x79, tlv(0x4F, PIV_AID[:5]))
                    + tlv(0x50, b"Juminzei Soft PIV") + tlv(0xAC, algorithms + tlv(0x06, b"\x00")))
        return self._respond(tlv(0x61, template), cmd)

    # PIN / PUK ----------------------------------------------------------------------------------

    def _verify(self, cmd: _Command) -> tuple[bytes, int]:
        if cmd.p2 != 0x80:
            return b"", SW_REF_NOT_FOUND
        if cmd.p1 == 0xFF:
            if cmd.data:
                return b"", SW_WRONG_DATA
            self.pin_verified = False
            return b"", SW_OK
        if cmd.p1 != 0x00:
            return b"", SW_WRONG_P1P2
        if not cmd.data:
            if self.pin_verified:
                return b"", SW_OK
            if self.pin_retries_left == 0:
                return b"", SW_BLOCKED
            return b"", 0x63C0 | self.pin_retries_left
        if len(cmd.data) != 8:
            return b"", SW_WRONG_DATA
        return b"", self._check_reference(cmd.data, puk=False)

    def _check_reference(self, value: bytes, *, puk: bool) -> int:
        """Compare against the PIN or PUK, counting tries. 9000, 63Cx or 6983."""
        left = self.puk_retries_left if puk else self.pin_retries_left
        if left == 0:
            return SW_BLOCKED
        ok = hmac.compare_digest(value, self._puk if puk else self._pin)
        if ok:
            left = self.puk_retries_max if puk else self.pin_retries_max
        else:
            left -= 1
        if puk:
            changed = left != self.puk_retries_left
            self.puk_retries_left = left
        else:
            changed = left != self.pin_retries_left
            self.pin_retries_left = left
            self.pin_verified = ok
        if changed:
            self._save()
        return SW_OK if ok else 0x63C0 | left

    def _change_reference(self, cmd: _Command) -> tuple[bytes, int]:
        if cmd.p1 != 0x00 or cmd.p2 not in (0x80, 0x81):
            return b"", SW_REF_NOT_FOUND if cmd.p1 == 0x00 else SW_WRONG_P1P2
        if len(cmd.data) != 16:
            return b"", SW_WRONG_DATA
        puk = cmd.p2 == 0x81
        old, new = cmd.data[:8], cmd.data[8:]
        if not (len(new.rstrip(b"\xff")) == 8 if puk else _valid_pin(new)):
            return b"", SW_WRONG_DATA
        sw = self._check_reference(old, puk=puk)
        if sw == SW_OK:
            if puk:
                self._puk = new
            else:
                self._pin = new
            self._save()
        return b"", sw

    def _reset_retry(self, cmd: _Command) -> tuple[bytes, int]:
        if cmd.p1 != 0x00 or cmd.p2 != 0x80:
            return b"", SW_REF_NOT_FOUND if cmd.p1 == 0x00 else SW_WRONG_P1P2
        if len(cmd.data) != 16 or not _valid_pin(cmd.data[8:]):
            return b"", SW_WRONG_DATA
        sw = self._check_reference(cmd.data[:8], puk=True)
        if sw == SW_OK:
            self._pin = cmd.data[8:]
            self.pin_retries_left = self.pin_retries_max
            self.pin_verified = False
            self._save()
        return b"", sw

    # data objects -------------------------------------------------------------------------------

    def _get_data(self, cmd: _Command) -> tuple[bytes, int]:
        if (cmd.p1, cmd.p2) != (0x3F, 0xFF):
            return b"", SW_WRONG_P1P2
        try:
            items = list(apdu.iter_tlv(cmd.data))
        except TlvError:
            return b"", SW_WRONG_DATA
        if len(items) != 1 or items[0][0] != 0x5C or not 1 <= len(items[0][1]) <= 3:
            return b"", SW_WRONG_DATA
        tag = int.from_bytes(items[0][1], "big")
        content = self._objects.get(tag)
        if content is None:
            return b"", SW_NOT_FOUND
        if tag in PIN_PROTECTED_OBJECTS and not self.pin_verified:
            return b"", SW_SECURITY
        wrapper = 0x7E if tag == ObjectTag.DISCOVERY else 0x53
        return self._respond(tlv(wrapper, content), cmd)

    def _put_data(self, cmd: _Command) -> tuple[bytes, int]:
        if (cmd.p1, cmd.p2) != (0x3F, 0xFF):
            return b"", SW_WRONG_P1P2
        if not self.management_authenticated:
            return b"", SW_SECURITY
        try:
            items = list(apdu.iter_tlv(cmd.data))
        except TlvError:
            return b"", SW_WRONG_DATA
        if len(items) != 2 or items[0][0] != 0x5C or not 1 <= len(items[0][1]) <= 3:
            return b"", SW_WRONG_DATA
        tag = int.from_bytes(items[0][1], "big")
        if items[1][0] != (0x7E if tag == ObjectTag.DISCOVERY else 0x53):
            return b"", SW_WRONG_DATA
        if items[1][1]:
            self._objects[tag] = items[1][1]
        else:
            self._objects.pop(tag, None)
        self._save()
        return b"", SW_OK

    # keys ---------------------------------------------------------------------------------------

    def _generate(self, cmd: _Command) -> tuple[bytes, int]:
        if cmd.p1 != 0x00 or cmd.p2 not in KEY_SLOTS:
            return b"", SW_WRONG_P1P2
        if not self.management_authenticated:
            return b"", SW_SECURITY
        try:
            template = apdu.parse_tlv(apdu.unwrap(cmd.data, 0xAC))
        except TlvError:
            return b"", SW_WRONG_DATA
        if template.get(0x80) != bytes((Algorithm.ECC_P256,)):
            return b"", SW_WRONG_DATA
        key = ec.generate_private_key(ec.SECP256R1())
        self._keys[cmd.p2] = key
        self._save()
        point = key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
        return self._respond(tlv(0x7F49, tlv(0x86, point)), cmd)

    def _general_authenticate(self, cmd: _Command) -> tuple[bytes, int]:
        try:
            items = apdu.parse_tlv(apdu.unwrap(cmd.data, 0x7C))
        except TlvError:
            return b"", SW_WRONG_DATA
        if cmd.p2 == Slot.MANAGEMENT:
            return self._mutual_auth(cmd, items)
        if cmd.p2 not in KEY_SLOTS:
            return b"", SW_WRONG_P1P2
        if cmd.p1 != Algorithm.ECC_P256:
            return b"", SW_WRONG_P1P2
        key = self._keys.get(cmd.p2)
        if key is None:
            return b"", SW_REF_NOT_FOUND
        if cmd.p2 in PIN_PROTECTED_SLOTS and not self.pin_verified:
            return b"", SW_SECURITY
        if items.get(0x82) != b"":
            return b"", SW_WRONG_DATA
        if 0x81 in items:
            digest = items[0x81][:32].rjust(32, b"\x00")
            signature = key.sign(digest, ec.ECDSA(Prehashed(hashes.SHA256())))
            return self._respond(tlv(0x7C, tlv(0x82, signature)), cmd)
        if 0x85 in items:
            try:
                peer = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), items[0x85])
            except ValueError:
                return b"", SW_WRONG_DATA
            shared = key.exchange(ec.ECDH(), peer)
            return self._respond(tlv(0x7C, tlv(0x82, shared)), cmd)
        return b"", SW_WRONG_DATA

    def _mutual_auth(self, cmd: _Command, items: dict[int, bytes]) -> tuple[bytes, int]:
        if cmd.p1 != self.management_algorithm:
            return b"", SW_WRONG_P1P2
        cipher = management_cipher(self.management_algorithm, self._mgmt_key)
        size = management_block_size(self.management_algorithm)
        self.management_authenticated = False
        if items.get(0x80) == b"" and 0x81 not in items:
            self._witness = os.urandom(size)
            enc = cipher.encryptor()
            return self._respond(tlv(0x7C, tlv(0x80, enc.update(self._witness) + enc.finalize())), cmd)
        witness, self._witness = self._witness, None
        answer, challenge = items.get(0x80), items.get(0x81)
        if witness is None or answer is None or challenge is None or len(challenge) != size:
            return b"", SW_CONDITIONS if witness is None else SW_WRONG_DATA
        if not hmac.compare_digest(answer, witness):
            return b"", SW_SECURITY
        self.management_authenticated = True
        enc = cipher.encryptor()
        return self._respond(tlv(0x7C, tlv(0x82, enc.update(challenge) + enc.finalize())), cmd)

    _HANDLERS: ClassVar[dict[int, Callable[[SoftPivCard, _Command], tuple[bytes, int]]]] = {
        0x20: _verify,
        0x24: _change_reference,
        0x2C: _reset_retry,
        0xCB: _get_data,
        0xDB: _put_data,
        0x47: _generate,
        0x87: _general_authenticate,
    }


def self_signed_certificate(key: ec.EllipticCurvePrivateKey, holder: str, slot: int) -> x509.Certificate:
    """A self-signed certificate for the key in `slot` (what a card has before enrolment)."""
    purpose = {Slot.AUTHENTICATION: "PIV Authentication", Slot.KEY_MANAGEMENT: "Key Management",
               Slot.SIGNATURE: "Digital Signature", Slot.CARD_AUTH: "Card Authentication"}[Slot(slot)]
    name = x509.Name([
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Hanamaki City (test)"),
        x509.NameAttribute(NameOID.COMMON_NAME, f"{holder} - {purpose}"),
    ])
    now = dt.datetime.now(dt.UTC)
    usage_sign = slot != Slot.KEY_MANAGEMENT
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=usage_sign, content_commitment=False, key_encipherment=False,
            data_encipherment=False, key_agreement=not usage_sign, key_cert_sign=False,
            crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .sign(key, hashes.SHA256())
    )


# --- in-process reader ---------------------------------------------------------------------------

class InProcessTransport:
    """A `Transport` straight to a `SoftPivCard` (powers it on if it is off).

    Powering the card off (the demo's "remove card") makes every later transmit raise
    CardRemoved, as a real reader would.
    """

    def __init__(self, card: SoftPivCard) -> None:
        self.card = card
        self._closed = False
        if not card.powered:
            card.power_on()

    def transmit(self, apdu_bytes: bytes) -> tuple[bytes, int]:
        if self._closed:
            raise CardCommunicationError("transport closed")
        if not self.card.powered:
            raise CardRemoved("the card was removed")
        return apdu.split_response(self.card.process(apdu_bytes))

    def close(self) -> None:
        self._closed = True


# --- vpcd ------------------------------------------------------------------------------------------

SocketFactory = Callable[[], socket.socket]


class VpcdConnection:
    """Keeps `card` attached to a vpcd reader while it is "inserted".

    vpcd listens on TCP (default 35963); the card side connects and answers: every message is a
    2-byte big-endian length and the bytes; a 1-byte message is a control code (00 off, 01 on,
    02 reset, 04 send ATR). Closing the connection pulls the card; `insert()` connects again.
    A background thread does the work; `stop()` removes the card and joins it.
    """

    def __init__(self, card: SoftPivCard, host: str = "127.0.0.1", port: int = VPCD_PORT, *,
                 socket_factory: SocketFactory | None = None, retry_interval: float = 0.2) -> None:
        self.card = card
        self.host = host
        self.port = port
        self._factory = socket_factory or self._connect
        self._retry = retry_interval
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self._inserted = threading.Event()
        self._stopping = threading.Event()
        self._wake = threading.Event()
        self.connected = threading.Event()
        self.disconnected = threading.Event()
        self.disconnected.set()
        self._thread: threading.Thread | None = None

    def _connect(self) -> socket.socket:
        return socket.create_connection((self.host, self.port), timeout=2.0)

    def start(self, inserted: bool = True) -> VpcdConnection:
        if inserted:
            self._inserted.set()
        self._thread = threading.Thread(target=self._run, name="vpcd-card", daemon=True)
        self._thread.start()
        return self

    def insert(self) -> None:
        self._inserted.set()
        self._wake.set()

    def remove(self) -> None:
        """Pull the card: close the connection now and stay out until `insert()`."""
        self._inserted.clear()
        self._close_socket()
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        self.remove()
        if self._thread is not None:
            self._thread.join(timeout)

    def __enter__(self) -> VpcdConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _close_socket(self) -> None:
        with self._lock:
            sock, self._sock = self._sock, None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _run(self) -> None:
        while not self._stopping.is_set():
            if not self._inserted.is_set():
                self._wake.wait(0.5)
                self._wake.clear()
                continue
            try:
                sock = self._factory()
            except OSError as err:
                log.debug("vpcd at %s:%d not reachable: %s", self.host, self.port, err)
                self._stopping.wait(self._retry)
                continue
            sock.settimeout(None)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                if not self._inserted.is_set() or self._stopping.is_set():
                    sock.close()
                    continue
                self._sock = sock
            self.disconnected.clear()
            self.connected.set()
            try:
                self._serve(sock)
            except OSError as err:
                log.debug("vpcd connection ended: %s", err)
            finally:
                self._close_socket()
                self.card.power_off()
                self.connected.clear()
                self.disconnected.set()
            if self._inserted.is_set() and not self._stopping.is_set():
                self._stopping.wait(self._retry)

    @staticmethod
    def _recv_exact(sock: socket.socket, size: int) -> bytes:
        buf = bytearray()
        while len(buf) < size:
            chunk = sock.recv(size - len(buf))
            if not chunk:
                raise ConnectionResetError("vpcd closed the connection")
            buf += chunk
            quickack = getattr(socket, "TCP_QUICKACK", None)
            if quickack is not None:
                # vpcd writes the length and the APDU separately; without this every APDU
                # waits for a delayed ACK (~40 ms).
                sock.setsockopt(socket.IPPROTO_TCP, quickack, 1)
        return bytes(buf)

    def _serve(self, sock: socket.socket) -> None:
        while True:
            size = int.from_bytes(self._recv_exact(sock, 2), "big")
            message = self._recv_exact(sock, size)
            if size == 1:
                code = message[0]
                if code == 0x00:
                    self.card.power_off()
                elif code == 0x01:
                    self.card.power_on()
                elif code == 0x02:
                    self.card.reset()
                elif code == 0x04:
                    self._send(sock, self.card.atr)
                continue
            self._send(sock, self.card.process(message))

    @staticmethod
    def _send(sock: socket.socket, payload: bytes) -> None:
        sock.sendall(len(payload).to_bytes(2, "big") + payload)
