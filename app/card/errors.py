"""Typed errors of the smart-card layer.

Two families:

* `CardError` and its subclasses: the card answered with a status word other than 9000. The
  status word is kept in `sw`; the subclass says what it means for the caller (wrong PIN with the
  tries left, blocked, applet missing, object missing, …).
* `CardCommunicationError` and its subclasses: no answer at all (card pulled, reader gone, PC/SC
  service stopped). These are about the terminal, not about the card's state.

Messages never contain PINs, keys or APDU payloads.
"""

from __future__ import annotations

SW_OK = 0x9000


class CardError(Exception):
    """The card refused a command; `sw` is the status word it answered."""

    def __init__(self, sw: int, message: str | None = None) -> None:
        self.sw = sw
        super().__init__(message or f"card returned status word {sw:04X}")


class WrongPin(CardError):
    """VERIFY (or CHANGE REFERENCE DATA) with a wrong PIN; `retries_left` tries remain (>= 1)."""

    def __init__(self, retries_left: int, sw: int | None = None) -> None:
        self.retries_left = retries_left
        super().__init__(0x63C0 | retries_left if sw is None else sw,
                         f"wrong PIN, {retries_left} tries left")


class WrongPuk(WrongPin):
    """RESET RETRY COUNTER or a PUK change with a wrong PUK."""


class PinBlocked(CardError):
    """The PIN has no tries left (6983, or 63C0 on the failing try)."""

    def __init__(self, sw: int = 0x6983, message: str | None = None) -> None:
        super().__init__(sw, message or "PIN blocked")


class PukBlocked(PinBlocked):
    """The PUK has no tries left: the card can no longer be unblocked."""

    def __init__(self, sw: int = 0x6983) -> None:
        super().__init__(sw, "PUK blocked")


class SecurityStatusNotSatisfied(CardError):
    """6982: PIN not verified or management key not authenticated."""


class ConditionsNotSatisfied(CardError):
    """6985: conditions of use not satisfied (e.g. GET RESPONSE with nothing pending)."""


class NotFound(CardError):
    """6A82: the addressed applet or data object does not exist."""


class AppletNotFound(NotFound):
    """SELECT of the PIV application answered 6A82."""


class DataObjectNotFound(NotFound):
    """GET DATA of an object the card does not hold."""


class ReferencedDataNotFound(CardError):
    """6A88: the key or PIN reference does not exist (e.g. no key in that slot)."""


class WrongData(CardError):
    """6A80: incorrect parameters in the command data field."""


class WrongLength(CardError):
    """6700: wrong length."""


class IncorrectParameters(CardError):
    """6A86 / 6B00: incorrect P1-P2."""


class NotSupported(CardError):
    """6D00 / 6E00 / 6A81: instruction, class or function not supported."""


class AuthenticationFailed(CardError):
    """The card's answer to a management-key challenge did not match (card not trusted)."""


class CardCommunicationError(Exception):
    """No usable answer from the card or reader."""


class CardRemoved(CardCommunicationError):
    """The card was pulled (or reset by someone else) while we were using it."""


class ReaderUnavailable(CardCommunicationError):
    """The reader is unknown, unplugged or has no card."""


class PcscUnavailable(CardCommunicationError):
    """The PC/SC service (pcscd) is not running or went away."""


_SIMPLE: dict[int, type[CardError]] = {
    0x6982: SecurityStatusNotSatisfied,
    0x6985: ConditionsNotSatisfied,
    0x6A82: NotFound,
    0x6A88: ReferencedDataNotFound,
    0x6A80: WrongData,
    0x6700: WrongLength,
    0x6A86: IncorrectParameters,
    0x6B00: IncorrectParameters,
    0x6D00: NotSupported,
    0x6E00: NotSupported,
    0x6A81: NotSupported,
}


def error_for_sw(sw: int) -> CardError:
    """The typed error for a failing status word (generic meaning, no command context)."""
    if sw & 0xFFF0 == 0x63C0:
        left = sw & 0x0F
        return PinBlocked(sw) if left == 0 else WrongPin(left, sw)
    if sw == 0x6983:
        return PinBlocked(sw)
    return _SIMPLE.get(sw, CardError)(sw)


def check_sw(sw: int) -> None:
    """Raise the typed error for `sw` unless it is 9000."""
    if sw != SW_OK:
        raise error_for_sw(sw)
