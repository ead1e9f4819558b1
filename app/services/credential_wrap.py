"""A staff password wrapped to the card's key-management key (PIV slot 9D, ECC P-256).

ECIES-style: an ephemeral P-256 key agrees a secret with the card key (ECDH), HKDF-SHA256 turns it
into an AES-256-GCM key, and GCM encrypts the password. The card public key is both in the HKDF
salt and the GCM associated data, so a ciphertext only opens for the key it was made for.

Wrapping needs only the card's public key. Unwrapping needs the ECDH shared secret, which only
the card computes (GENERAL AUTHENTICATE on 9D after the PIN): see `PivSession.ecdh`.
No Qt, no database.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

HKDF_INFO = b"juminzei staff credential v1"
POINT_LENGTH = 65  # X9.62 uncompressed P-256 point
NONCE_LENGTH = 12
SHARED_SECRET_LENGTH = 32  # the X coordinate of the ECDH point


class UnwrapError(Exception):
    """The wrapped credential does not open: tampered, or not made for this card's key."""


@dataclass(frozen=True)
class Wrapped:
    ephemeral_public: bytes
    nonce: bytes
    ciphertext: bytes

    def __repr__(self) -> str:  # ciphertext is not secret, but keeps logs short
        return f"Wrapped(ephemeral_public={self.ephemeral_public[:4].hex()}…, {len(self.ciphertext)} bytes)"


def public_point(key: ec.EllipticCurvePublicKey) -> bytes:
    """A P-256 public key as the uncompressed point the database stores."""
    return key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)


def _check_point(point: bytes) -> None:
    if len(point) != POINT_LENGTH or point[0] != 0x04:
        raise ValueError("expected an uncompressed P-256 point (65 bytes)")
    ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)  # raises if not on the curve


def _key(shared_secret: bytes, ephemeral_public: bytes, card_public_key: bytes) -> bytes:
    if len(shared_secret) != SHARED_SECRET_LENGTH:
        raise UnwrapError("the ECDH shared secret has the wrong length")
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral_public + card_public_key,
                info=HKDF_INFO).derive(shared_secret)


def wrap(secret: bytes, card_public_key: bytes) -> Wrapped:
    """Encrypt `secret` so that only the holder of the card key (and its PIN) can open it."""
    _check_point(card_public_key)
    card_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), card_public_key)
    ephemeral = ec.generate_private_key(ec.SECP256R1())
    ephemeral_public = public_point(ephemeral.public_key())
    shared = ephemeral.exchange(ec.ECDH(), card_key)
    nonce = os.urandom(NONCE_LENGTH)
    ciphertext = AESGCM(_key(shared, ephemeral_public, card_public_key)).encrypt(nonce, secret, card_public_key)
    return Wrapped(ephemeral_public, nonce, ciphertext)


def unwrap(shared_secret: bytes, wrapped: Wrapped, card_public_key: bytes) -> bytes:
    """Open a wrapped secret with the shared secret the card computed for `wrapped.ephemeral_public`.

    Raises UnwrapError when anything (ciphertext, nonce, ephemeral key, card key) does not match.
    """
    if len(wrapped.nonce) != NONCE_LENGTH or len(wrapped.ephemeral_public) != POINT_LENGTH:
        raise UnwrapError("malformed wrapped credential")
    key = _key(shared_secret, wrapped.ephemeral_public, card_public_key)
    try:
        return AESGCM(key).decrypt(wrapped.nonce, wrapped.ciphertext, card_public_key)
    except InvalidTag:
        raise UnwrapError("the wrapped credential does not open with this card") from None
