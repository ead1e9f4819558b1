"""Where the staff card is: a PC/SC reader at a workstation, or the demo's in-process card slot.

Each `open()` asks for the card afresh (cards come and go; nothing is cached). No Qt.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol

from app.card.errors import CardCommunicationError, CardError, CardRemoved
from app.card.piv import PivSession
from app.card.softcard import InProcessTransport, SoftPivCard
from app.card.transport import Transport
from app.i18n import UserError
from app.services.card_login import card_user_error

CardListener = Callable[[str, str], None]  # (event: "inserted" | "removed", card id or reader name)


class CardSlot(Protocol):
    def open(self) -> PivSession:
        """A selected PIV session on the card now in the slot; raises UserError if there is none."""

    def card_id(self) -> str | None:
        """An identifier of the card now in the slot (its GUID in hex), or None."""

    def reader_name(self) -> str | None:
        """The reader the slot last opened a card in; None when it cannot tell (every removal locks)."""


def card_identity(session: PivSession) -> str:
    guid = session.card_guid()
    return guid.hex() if guid is not None else ""


class PcscSlot:
    """A reader of the workstation (the first one with a card, or the one named in the settings).

    `skip_card` (a card GUID in hex) passes over the reader holding that card: at an administrator's
    terminal with two readers, the card to issue or unblock is the one that is not the
    administrator's own."""

    def __init__(self, reader: str = "", *, skip_card: str | None = None) -> None:
        self.reader = reader
        self.skip_card = skip_card
        self._last_reader: str | None = None

    def _transport(self) -> Transport:
        # Imported here: pyscard loads libpcsclite, which the demo and the tests of other parts skip.
        from app.card.transport import PcscTransport, list_readers

        readers = [r for r in list_readers() if r.startswith(self.reader)] if self.reader else list_readers()
        last: Exception | None = None
        for name in readers:
            try:
                transport = PcscTransport(name)
            except (CardError, CardCommunicationError) as exc:
                last = exc
                continue
            if self.skip_card is not None and self._holds(transport, self.skip_card):
                transport.close()
                continue
            self._last_reader = name
            return transport
        raise last or CardRemoved("no card in any reader")

    @staticmethod
    def _holds(transport: Transport, guid: str) -> bool:
        session = PivSession(transport)
        try:
            session.select()
            return card_identity(session) == guid
        except (CardError, CardCommunicationError):
            return False

    def open(self) -> PivSession:
        """The caller closes `session.transport` when done: each one holds a pcscd context."""
        try:
            transport = self._transport()
        except (CardError, CardCommunicationError) as exc:
            raise card_user_error(exc) from None
        session = PivSession(transport)
        try:
            session.select()
        except (CardError, CardCommunicationError) as exc:
            transport.close()
            raise card_user_error(exc) from None
        return session

    def card_id(self) -> str | None:
        try:
            session = self.open()
        except UserError:  # no card, no reader: nobody is there
            return None
        try:
            return card_identity(session)
        except (CardError, CardCommunicationError):
            return None
        finally:
            session.transport.close()

    def reader_name(self) -> str | None:
        return self._last_reader


class DemoSlot:
    """The demo's card slot: one in-process software card at a time, inserted and removed by hand."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._card: SoftPivCard | None = None
        self._listeners: list[CardListener] = []

    def subscribe(self, listener: CardListener) -> None:
        self._listeners.append(listener)

    def insert(self, card: SoftPivCard) -> None:
        with self._lock:
            if self._card is not None:
                self._card.power_off()
            self._card = card
        for listener in self._listeners:
            listener("inserted", card.guid.hex())

    def remove(self) -> None:
        with self._lock:
            card, self._card = self._card, None
        if card is not None:
            card.power_off()  # a transmit in flight now fails as with a real reader
            for listener in self._listeners:
                listener("removed", card.guid.hex())

    def open(self) -> PivSession:
        with self._lock:
            card = self._card
        if card is None:
            raise card_user_error(CardRemoved("no card in the slot"))
        session = PivSession(InProcessTransport(card))
        try:
            session.select()
        except (CardError, CardCommunicationError) as exc:
            raise card_user_error(exc) from None
        return session

    def card_id(self) -> str | None:
        with self._lock:
            return self._card.guid.hex() if self._card is not None else None

    def reader_name(self) -> str | None:
        return None  # one simulated reader: any removal is the login card's


# The reader an administrator's terminal issues and unblocks cards in, when it is not the login
# reader (the demo registers a second in-process slot; a workstation may name a second reader).
_issuing_slot: CardSlot | None = None


def set_issuing_slot(slot: CardSlot | None) -> None:
    global _issuing_slot
    _issuing_slot = slot


def issuing_slot() -> CardSlot | None:
    return _issuing_slot
