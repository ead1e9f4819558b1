"""The one thing the PIV session needs from a reader: send an APDU, get data + status word.

`PcscTransport` is the pyscard (PC/SC) implementation. It uses pyscard's low-level
`smartcard.scard` module (imported when first needed) so that the process controls its own
PC/SC context, which it must be able to throw away when pcscd restarts.
"""

from __future__ import annotations

import threading
from typing import Any, Protocol, runtime_checkable

from app.card.errors import CardCommunicationError, CardRemoved, PcscUnavailable, ReaderUnavailable


@runtime_checkable
class Transport(Protocol):
    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        """Send one command APDU; return (response data, status word)."""
        ...

    def close(self) -> None:
        """Release the card (leaving it powered and its state untouched)."""
        ...


# PC/SC return codes (pcsclite.h) we tell apart.
SCARD_S_SUCCESS = 0
SCARD_E_CANCELLED = 0x80100002
SCARD_E_INVALID_HANDLE = 0x80100003
SCARD_E_UNKNOWN_READER = 0x80100009
SCARD_E_TIMEOUT = 0x8010000A
SCARD_E_SHARING_VIOLATION = 0x8010000B
SCARD_E_NO_SMARTCARD = 0x8010000C
SCARD_E_NOT_TRANSACTED = 0x80100016
SCARD_E_READER_UNAVAILABLE = 0x80100017
SCARD_E_NO_SERVICE = 0x8010001D
SCARD_E_SERVICE_STOPPED = 0x8010001E
SCARD_E_NO_READERS_AVAILABLE = 0x8010002E
SCARD_W_UNRESPONSIVE_CARD = 0x80100066
SCARD_W_UNPOWERED_CARD = 0x80100067
SCARD_W_RESET_CARD = 0x80100068
SCARD_W_REMOVED_CARD = 0x80100069

_SERVICE_GONE = frozenset({SCARD_E_NO_SERVICE, SCARD_E_SERVICE_STOPPED, SCARD_E_INVALID_HANDLE})
_CARD_GONE = frozenset({SCARD_W_REMOVED_CARD, SCARD_E_NO_SMARTCARD, SCARD_W_RESET_CARD,
                        SCARD_E_NOT_TRANSACTED, SCARD_W_UNPOWERED_CARD, SCARD_W_UNRESPONSIVE_CARD})
_READER_GONE = frozenset({SCARD_E_UNKNOWN_READER, SCARD_E_READER_UNAVAILABLE})


def _scard() -> Any:
    from smartcard import scard

    return scard


def pcsc_error(hresult: int, what: str) -> CardCommunicationError:
    """The communication error for a failing PC/SC return code."""
    code = hresult & 0xFFFFFFFF
    text = f"{what}: PC/SC error {code:08X}"
    if code in _SERVICE_GONE:
        return PcscUnavailable(text)
    if code in _CARD_GONE:
        return CardRemoved(text)
    if code in _READER_GONE:
        return ReaderUnavailable(text)
    return CardCommunicationError(text)


def list_readers() -> list[str]:
    """Reader names known to pcscd now (empty when there are none)."""
    scard = _scard()
    hr, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hr != SCARD_S_SUCCESS:
        raise pcsc_error(hr, "SCardEstablishContext")
    try:
        hr, readers = scard.SCardListReaders(ctx, [])
        if hr & 0xFFFFFFFF == SCARD_E_NO_READERS_AVAILABLE:
            return []
        if hr != SCARD_S_SUCCESS:
            raise pcsc_error(hr, "SCardListReaders")
        return [str(r) for r in readers]
    finally:
        scard.SCardReleaseContext(ctx)


class PcscTransport:
    """A shared connection to the card in one PC/SC reader.

    `protocol` is "T1", "T0" or "any" (T=0 or T=1, whatever the card offers).
    """

    def __init__(self, reader: str, *, protocol: str = "any") -> None:
        scard = _scard()
        protocols = {
            "T0": scard.SCARD_PROTOCOL_T0,
            "T1": scard.SCARD_PROTOCOL_T1,
            "any": scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1,
        }
        if protocol not in protocols:
            raise ValueError(f"unknown protocol {protocol!r}")
        self.reader = reader
        self._lock = threading.Lock()
        hr, self._ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if hr != SCARD_S_SUCCESS:
            raise pcsc_error(hr, "SCardEstablishContext")
        hr, self._card, self._protocol = scard.SCardConnect(
            self._ctx, reader, scard.SCARD_SHARE_SHARED, protocols[protocol])
        if hr != SCARD_S_SUCCESS:
            scard.SCardReleaseContext(self._ctx)
            self._ctx = None
            raise pcsc_error(hr, f"SCardConnect({reader})")

    @property
    def protocol(self) -> str:
        return "T1" if self._protocol == _scard().SCARD_PROTOCOL_T1 else "T0"

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        scard = _scard()
        with self._lock:
            if self._ctx is None:
                raise CardCommunicationError("transport closed")
            hr, response = scard.SCardTransmit(self._card, self._protocol, list(apdu))
        if hr != SCARD_S_SUCCESS:
            raise pcsc_error(hr, "SCardTransmit")
        if len(response) < 2:
            # vpcd answers an APDU interrupted by a removal with nothing at all.
            raise CardRemoved("empty answer from the card")
        raw = bytes(response)
        return raw[:-2], (raw[-2] << 8) | raw[-1]

    def close(self) -> None:
        scard = _scard()
        with self._lock:
            if self._ctx is None:
                return
            scard.SCardDisconnect(self._card, scard.SCARD_LEAVE_CARD)
            scard.SCardReleaseContext(self._ctx)
            self._ctx = None

    def __enter__(self) -> PcscTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
