"""Card presence monitor on its own thread (no Qt).

Built on SCardGetStatusChange with a timeout loop, through pyscard's low-level `smartcard.scard`.
Reports to a callback (called on the monitor thread: a GUI re-emits it as a queued signal):

* ``inserted`` (reader, ATR) and ``removed`` (reader),
* ``reader_added`` and ``reader_lost`` (a reader appeared or was unplugged; a card that was in it
  is reported ``removed`` first),
* ``pcsc_lost`` (pcscd stopped: every reader is lost) and ``pcsc_ready`` (a context works again).

When pcscd restarts or a reader disappears, the PC/SC context is thrown away and rebuilt; the
monitor never dies of it. `stop()` cancels the blocking call and joins promptly.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from app.card.transport import (
    SCARD_E_CANCELLED,
    SCARD_E_NO_READERS_AVAILABLE,
    SCARD_E_TIMEOUT,
    SCARD_S_SUCCESS,
)

log = logging.getLogger(__name__)

EventKind = Literal["inserted", "removed", "reader_added", "reader_lost", "pcsc_lost", "pcsc_ready"]


@dataclass(frozen=True)
class CardEvent:
    kind: EventKind
    reader: str = ""
    atr: bytes = b""


class CardMonitor:
    """Watches the readers whose names start with `reader_prefix` (all readers by default)."""

    def __init__(self, callback: Callable[[CardEvent], None], *, reader_prefix: str = "",
                 poll_timeout: float = 0.5, retry_interval: float = 0.5) -> None:
        self._callback = callback
        self._prefix = reader_prefix
        self._timeout_ms = int(poll_timeout * 1000)
        self._retry = retry_interval
        self._stop = threading.Event()
        self._ctx_lock = threading.Lock()
        self._ctx: Any = None
        self._pcsc_up: bool | None = None
        self._states: dict[str, int] = {}  # reader → last known event state
        self._present: dict[str, bool] = {}
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> CardMonitor:
        self._thread = threading.Thread(target=self._run, name="card-monitor", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        from smartcard import scard

        with self._ctx_lock:
            if self._ctx is not None:
                scard.SCardCancel(self._ctx)
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def __enter__(self) -> CardMonitor:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the loop --------------------------------------------------------------------------------

    def _emit(self, kind: EventKind, reader: str = "", atr: bytes = b"") -> None:
        try:
            self._callback(CardEvent(kind, reader, atr))
        except Exception:
            log.exception("card monitor callback failed")

    def _release(self) -> None:
        from smartcard import scard

        with self._ctx_lock:
            ctx, self._ctx = self._ctx, None
        if ctx is not None:
            scard.SCardReleaseContext(ctx)

    def _lose_reader(self, reader: str) -> None:
        if self._present.pop(reader, False):
            self._emit("removed", reader)
        self._states.pop(reader, None)
        self._emit("reader_lost", reader)

    def _pcsc_down(self) -> None:
        self._release()
        for reader in list(self._states):
            self._lose_reader(reader)
        if self._pcsc_up is not False:
            self._pcsc_up = False
            self._emit("pcsc_lost")

    def _run(self) -> None:
        from smartcard import scard

        try:
            while not self._stop.is_set():
                if self._ctx is None:
                    hr, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
                    if hr != SCARD_S_SUCCESS:
                        self._pcsc_down()
                        self._stop.wait(self._retry)
                        continue
                    with self._ctx_lock:
                        self._ctx = ctx
                    if self._pcsc_up is not True:
                        self._pcsc_up = True
                        self._emit("pcsc_ready")
                outcome = self._poll(scard)
                if outcome == "down":
                    self._pcsc_down()
                    self._stop.wait(self._retry)
                elif outcome == "rebuild":
                    self._release()
        finally:
            self._release()

    def _poll(self, scard: Any) -> Literal["ok", "rebuild", "down"]:
        """One round: refresh the reader list and wait for a change.

        "down" when pcscd does not answer (context dead), "rebuild" when the wait failed for
        another reason (a reader vanished under us): the next round starts with a new context.
        """
        hr, readers = scard.SCardListReaders(self._ctx, [])
        code = hr & 0xFFFFFFFF
        if code == SCARD_E_NO_READERS_AVAILABLE:
            readers = []
        elif code != SCARD_S_SUCCESS:
            return "down"
        readers = [str(r) for r in readers if str(r).startswith(self._prefix)]
        for reader in [r for r in self._states if r not in readers]:
            self._lose_reader(reader)
        for reader in readers:
            if reader not in self._states:
                self._states[reader] = scard.SCARD_STATE_UNAWARE
                self._present[reader] = False
                self._emit("reader_added", reader)
        if not readers:
            self._stop.wait(self._timeout_ms / 1000)
            return "ok"
        hr, changes = scard.SCardGetStatusChange(
            self._ctx, self._timeout_ms, [(r, self._states[r]) for r in readers])
        code = hr & 0xFFFFFFFF
        if code in (SCARD_E_TIMEOUT, SCARD_E_CANCELLED):
            return "ok"
        if code != SCARD_S_SUCCESS:
            # a reader vanished under us, or pcscd is going away: start over with a new context
            log.debug("SCardGetStatusChange failed: %08X", code)
            return "rebuild"
        for reader, event_state, atr in changes:
            reader = str(reader)
            if event_state & (scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE):
                self._lose_reader(reader)
                continue
            self._states[reader] = event_state & ~scard.SCARD_STATE_CHANGED
            present = bool(event_state & scard.SCARD_STATE_PRESENT) and not (
                event_state & scard.SCARD_STATE_MUTE)
            if present != self._present.get(reader, False):
                self._present[reader] = present
                if present:
                    self._emit("inserted", reader, bytes(atr))
                else:
                    self._emit("removed", reader)
        return "ok"
