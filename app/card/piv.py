"""PIV (NIST SP 800-73-4) session over any `Transport`.

The session never sees PC/SC: it sends APDUs through `app.card.apdu.transmit` (which does the
chaining and the redacted trace) and turns failing status words into the typed errors of
`app.card.errors`, with the meaning that depends on the command (63Cx on VERIFY = wrong PIN with
x tries left, 6A82 on SELECT = no PIV applet, on GET DATA = no such object, …).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import IntEnum

from cryptography import x509
from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives import constant_time
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.card import apdu
from app.card.apdu import tlv, unwrap
from app.card.errors import (
    AppletNotFound,
    AuthenticationFailed,
    CardError,
    DataObjectNotFound,
    NotFound,
    PinBlocked,
    PukBlocked,
    WrongPin,
    WrongPuk,
    error_for_sw,
)
from app.card.transport import Transport

PIV_AID = bytes.fromhex("A000000308000010000100")
PIV_AID_SHORT = PIV_AID[:9]  # RID + PIX without the version, as SP 800-73-4 selects it
DEFAULT_MANAGEMENT_KEY = bytes.fromhex("010203040506070801020304050607080102030405060708")

INS_SELECT = 0xA4
INS_VERIFY = 0x20
INS_CHANGE_REFERENCE = 0x24
INS_RESET_RETRY = 0x2C
INS_GENERATE = 0x47
INS_GENERAL_AUTHENTICATE = 0x87
INS_GET_DATA = 0xCB
INS_PUT_DATA = 0xDB

PIN_REF = 0x80
PUK_REF = 0x81
PIN_LENGTH = 8  # PIN and PUK are sent padded with FF to 8 bytes


class Slot(IntEnum):
    AUTHENTICATION = 0x9A
    MANAGEMENT = 0x9B
    SIGNATURE = 0x9C
    KEY_MANAGEMENT = 0x9D
    CARD_AUTH = 0x9E


class Algorithm(IntEnum):
    TDES = 0x03
    AES128 = 0x08
    AES192 = 0x0A
    AES256 = 0x0C
    RSA2048 = 0x07
    ECC_P256 = 0x11
    ECC_P384 = 0x14


class ObjectTag(IntEnum):
    CARD_CAPABILITY_CONTAINER = 0x5FC107
    CHUID = 0x5FC102
    DISCOVERY = 0x7E
    KEY_HISTORY = 0x5FC10C
    SECURITY_OBJECT = 0x5FC106
    PRINTED_INFORMATION = 0x5FC109
    CERT_AUTHENTICATION = 0x5FC105
    CERT_SIGNATURE = 0x5FC10A
    CERT_KEY_MANAGEMENT = 0x5FC10B
    CERT_CARD_AUTH = 0x5FC101


CERT_TAG_FOR_SLOT: dict[int, int] = {
    Slot.AUTHENTICATION: ObjectTag.CERT_AUTHENTICATION,
    Slot.SIGNATURE: ObjectTag.CERT_SIGNATURE,
    Slot.KEY_MANAGEMENT: ObjectTag.CERT_KEY_MANAGEMENT,
    Slot.CARD_AUTH: ObjectTag.CERT_CARD_AUTH,
}

_MGMT_KEY_LENGTH: dict[int, int] = {Algorithm.TDES: 24, Algorithm.AES128: 16, Algorithm.AES192: 24,
                                    Algorithm.AES256: 32}
P256_POINT_LENGTH = 65


def encode_pin(pin: str | bytes) -> bytes:
    """A PIN or PUK as the 8-byte reference data (ASCII, FF-padded). 6–8 characters."""
    raw = pin.encode("ascii") if isinstance(pin, str) else bytes(pin)
    if not 6 <= len(raw) <= PIN_LENGTH:
        raise ValueError("a PIN has 6 to 8 characters")
    return raw + b"\xff" * (PIN_LENGTH - len(raw))


def object_id(tag: int) -> bytes:
    """Tag list (5C) value for a data object tag."""
    return apdu.tag_bytes(tag)


def management_cipher(algorithm: int, key: bytes) -> Cipher[modes.ECB]:
    """Single-block ECB cipher of the card management key (9B)."""
    expected = _MGMT_KEY_LENGTH.get(algorithm)
    if expected is None:
        raise ValueError(f"unsupported management key algorithm {algorithm:02X}")
    if len(key) != expected:
        raise ValueError("management key has the wrong length for its algorithm")
    if algorithm == Algorithm.TDES:
        return Cipher(TripleDES(key), modes.ECB())
    return Cipher(algorithms.AES(key), modes.ECB())


def management_block_size(algorithm: int) -> int:
    return 8 if algorithm == Algorithm.TDES else 16


def certificate_object(cert_der: bytes) -> bytes:
    """Value (inside 53) of a certificate container: 70 cert, 71 CertInfo (uncompressed), FE LRC."""
    return tlv(0x70, cert_der) + tlv(0x71, b"\x00") + tlv(0xFE, b"")


@dataclass(frozen=True)
class SelectResult:
    aid: bytes
    label: str
    algorithms: tuple[int, ...]


class PivSession:
    """One PIV application session on a card reached through `transport`."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    # -- plumbing ------------------------------------------------------------------------------

    def _send(self, ins: int, p1: int, p2: int, data: bytes = b"",
              le: int | None = None) -> tuple[bytes, int]:
        return apdu.transmit(self.transport, 0x00, ins, p1, p2, data, le)

    def _call(self, ins: int, p1: int, p2: int, data: bytes = b"", le: int | None = None) -> bytes:
        answer, sw = self._send(ins, p1, p2, data, le)
        if sw != apdu.SW_OK:
            raise error_for_sw(sw)
        return answer

    # -- application -----------------------------------------------------------------------------

    def select(self) -> SelectResult:
        """SELECT the PIV application; raises AppletNotFound if the card has none."""
        answer, sw = self._send(INS_SELECT, 0x04, 0x00, PIV_AID_SHORT, 256)
        if sw == 0x6A82:
            raise AppletNotFound(sw, "no PIV application on this card")
        if sw != apdu.SW_OK:
            raise error_for_sw(sw)
        template = apdu.parse_tlv(unwrap(answer, 0x61)) if answer else {}
        algorithms_ = tuple(value[0] for tag, value in apdu.iter_tlv(template.get(0xAC, b""))
                            if tag == 0x80 and value)
        return SelectResult(
            aid=template.get(0x4F, b""),
            label=template.get(0x50, b"").decode("utf-8", "replace"),
            algorithms=algorithms_,
        )

    # -- PIN and PUK -----------------------------------------------------------------------------

    @staticmethod
    def _reference_error(sw: int, puk: bool) -> CardError:
        if sw & 0xFFF0 == 0x63C0 and sw & 0x0F:
            return WrongPuk(sw & 0x0F, sw) if puk else WrongPin(sw & 0x0F, sw)
        if sw == 0x6983 or sw == 0x63C0:
            return PukBlocked(sw) if puk else PinBlocked(sw)
        return error_for_sw(sw)

    def verify_pin(self, pin: str | bytes) -> None:
        """VERIFY the PIV application PIN. WrongPin(retries_left) or PinBlocked on failure."""
        _, sw = self._send(INS_VERIFY, 0x00, PIN_REF, encode_pin(pin))
        if sw != apdu.SW_OK:
            raise self._reference_error(sw, puk=False)

    def pin_retries(self) -> int | None:
        """Tries left, read with an empty VERIFY (spends no try).

        None when the PIN is already verified in this session (the card then answers 9000 and
        does not say the count); 0 when it is blocked.
        """
        _, sw = self._send(INS_VERIFY, 0x00, PIN_REF)
        if sw == apdu.SW_OK:
            return None
        if sw & 0xFFF0 == 0x63C0:
            return sw & 0x0F
        if sw == 0x6983:
            return 0
        raise error_for_sw(sw)

    def pin_verified(self) -> bool:
        return self.pin_retries() is None

    def reset_pin_status(self) -> None:
        """Forget the verified PIN (VERIFY with P1=FF)."""
        self._call(INS_VERIFY, 0xFF, PIN_REF)

    def change_pin(self, old_pin: str | bytes, new_pin: str | bytes) -> None:
        _, sw = self._send(INS_CHANGE_REFERENCE, 0x00, PIN_REF, encode_pin(old_pin) + encode_pin(new_pin))
        if sw != apdu.SW_OK:
            raise self._reference_error(sw, puk=False)

    def change_puk(self, old_puk: str | bytes, new_puk: str | bytes) -> None:
        _, sw = self._send(INS_CHANGE_REFERENCE, 0x00, PUK_REF, encode_pin(old_puk) + encode_pin(new_puk))
        if sw != apdu.SW_OK:
            raise self._reference_error(sw, puk=True)

    def unblock_pin(self, puk: str | bytes, new_pin: str | bytes) -> None:
        """RESET RETRY COUNTER: set a new PIN with the PUK. WrongPuk / PukBlocked on failure."""
        _, sw = self._send(INS_RESET_RETRY, 0x00, PIN_REF, encode_pin(puk) + encode_pin(new_pin))
        if sw != apdu.SW_OK:
            raise self._reference_error(sw, puk=True)

    # -- data objects ----------------------------------------------------------------------------

    def get_data(self, tag: int) -> bytes:
        """The content of a data object (inside its 53 wrapper; the discovery object inside 7E)."""
        answer, sw = self._send(INS_GET_DATA, 0x3F, 0xFF, tlv(0x5C, object_id(tag)), 256)
        if sw == 0x6A82:
            raise DataObjectNotFound(sw, f"no data object {tag:X} on the card")
        if sw != apdu.SW_OK:
            raise error_for_sw(sw)
        return unwrap(answer, 0x7E if tag == ObjectTag.DISCOVERY else 0x53)

    def put_data(self, tag: int, data: bytes) -> None:
        """Write a data object (needs management-key authentication first)."""
        wrapper = 0x7E if tag == ObjectTag.DISCOVERY else 0x53
        self._call(INS_PUT_DATA, 0x3F, 0xFF, tlv(0x5C, object_id(tag)) + tlv(wrapper, data))

    def read_certificate(self, slot: int) -> x509.Certificate | None:
        """The certificate stored for a key slot, or None when the container is absent or empty."""
        try:
            content = apdu.parse_tlv(self.get_data(CERT_TAG_FOR_SLOT[slot]))
        except DataObjectNotFound:
            return None
        cert = content.get(0x70, b"")
        if not cert:
            return None
        if content.get(0x71, b"\x00")[0] & 0x01:
            raise CardError(0x9000, "compressed certificates are not supported")
        return x509.load_der_x509_certificate(cert)

    def write_certificate(self, slot: int, certificate: x509.Certificate) -> None:
        self.put_data(CERT_TAG_FOR_SLOT[slot], certificate_object(certificate.public_bytes(Encoding.DER)))

    def card_guid(self) -> bytes | None:
        """The GUID (tag 34) of the CHUID, which identifies the card; None without a CHUID."""
        try:
            return apdu.parse_tlv(self.get_data(ObjectTag.CHUID)).get(0x34)
        except NotFound:
            return None

    # -- management key --------------------------------------------------------------------------

    def authenticate(self, management_key: bytes = DEFAULT_MANAGEMENT_KEY,
                     algorithm: int = Algorithm.TDES) -> None:
        """Mutual authentication with the card management key (slot 9B).

        Step 1: the card sends a witness (its random, encrypted); step 2 we return it decrypted
        with our own challenge, and the card must answer our challenge encrypted.
        """
        cipher = management_cipher(algorithm, management_key)
        size = management_block_size(algorithm)
        answer = self._call(INS_GENERAL_AUTHENTICATE, algorithm, Slot.MANAGEMENT,
                            tlv(0x7C, tlv(0x80, b"")), 256)
        witness = apdu.parse_tlv(unwrap(answer, 0x7C)).get(0x80, b"")
        if len(witness) != size:
            raise AuthenticationFailed(0x9000, "card sent a malformed witness")
        decryptor = cipher.decryptor()
        decrypted = decryptor.update(witness) + decryptor.finalize()
        challenge = os.urandom(size)
        answer = self._call(INS_GENERAL_AUTHENTICATE, algorithm, Slot.MANAGEMENT,
                            tlv(0x7C, tlv(0x80, decrypted) + tlv(0x81, challenge)), 256)
        response = apdu.parse_tlv(unwrap(answer, 0x7C)).get(0x82, b"")
        encryptor = cipher.encryptor()
        expected = encryptor.update(challenge) + encryptor.finalize()
        if not constant_time.bytes_eq(response, expected):
            raise AuthenticationFailed(0x9000, "card failed the management key challenge")

    # -- keys ------------------------------------------------------------------------------------

    def generate_key(self, slot: int, algorithm: int = Algorithm.ECC_P256) -> ec.EllipticCurvePublicKey:
        """GENERATE ASYMMETRIC KEY PAIR (after `authenticate`); returns the new public key."""
        if algorithm != Algorithm.ECC_P256:
            raise ValueError("only ECC P-256 keys are supported")
        answer = self._call(INS_GENERATE, 0x00, slot, tlv(0xAC, tlv(0x80, bytes((algorithm,)))), 256)
        point = apdu.parse_tlv(unwrap(answer, 0x7F49)).get(0x86, b"")
        return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)

    def _general_authenticate(self, slot: int, algorithm: int, template: bytes) -> bytes:
        answer = self._call(INS_GENERAL_AUTHENTICATE, algorithm, slot, tlv(0x7C, template), 256)
        result = apdu.parse_tlv(unwrap(answer, 0x7C)).get(0x82)
        if result is None:
            raise CardError(0x9000, "GENERAL AUTHENTICATE answer without a response (82)")
        return result

    def sign(self, slot: int, digest: bytes, algorithm: int = Algorithm.ECC_P256) -> bytes:
        """ECDSA over a SHA-256 `digest` with the key in `slot` (PIN verified first).

        Returns the DER-encoded signature the card produced.
        """
        if len(digest) != 32:
            raise ValueError("a P-256 signature takes a 32-byte digest")
        return self._general_authenticate(slot, algorithm, tlv(0x82, b"") + tlv(0x81, digest))

    def ecdh(self, slot: int, peer_public: ec.EllipticCurvePublicKey | bytes,
             algorithm: int = Algorithm.ECC_P256) -> bytes:
        """ECDH of the key in `slot` (normally 9D) with a peer's P-256 point; the shared X."""
        if isinstance(peer_public, ec.EllipticCurvePublicKey):
            point = peer_public.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
        else:
            point = bytes(peer_public)
        if len(point) != P256_POINT_LENGTH or point[0] != 0x04:
            raise ValueError("peer key must be an uncompressed P-256 point")
        return self._general_authenticate(slot, algorithm, tlv(0x82, b"") + tlv(0x85, point))
