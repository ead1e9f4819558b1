"""Run service calls off the GUI thread and hand results back by queued signal.

A call submitted under a `key` supersedes the previous call with that key: the older result is
dropped when it arrives (search-as-you-type shows only the newest query's answer).
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives in the GUI thread; its signals cross threads as queued connections."""

    finished = Signal(int, object, object)  # ticket, result, error


class _Job(QRunnable):
    def __init__(self, ticket: int, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.ticket, self.fn, self.relay = ticket, fn, relay

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # handed to the GUI, which decides what the user sees
            self.relay.finished.emit(self.ticket, None, exc)
        else:
            self.relay.finished.emit(self.ticket, result, None)


class Worker(QObject):
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._deliver)
        self._tickets = itertools.count(1)
        self._pending: dict[int, tuple[Callable[[Any], None], Callable[[Exception], None] | None]] = {}
        self._latest: dict[str, int] = {}

    def submit(self, fn: Callable[[], Any], on_result: Callable[[Any], None],
               on_error: Callable[[Exception], None] | None = None, *, key: str | None = None) -> int:
        ticket = next(self._tickets)
        self._pending[ticket] = (on_result, on_error)
        if key is not None:
            superseded = self._latest.get(key)
            if superseded is not None:
                self._pending.pop(superseded, None)
            self._latest[key] = ticket
        if len(self._pending) == 1:
            self.busy_changed.emit(True)
        self.pool.start(_Job(ticket, fn, self._relay))
        return ticket

    def is_busy(self) -> bool:
        return bool(self._pending)

    def wait_idle(self, msecs: int = 30_000) -> bool:
        """Wait for running jobs (shutdown and tests); results still arrive through the event loop."""
        return self.pool.waitForDone(msecs)

    def _deliver(self, ticket: int, result: Any, error: Exception | None) -> None:
        callbacks = self._pending.pop(ticket, None)
        for key, latest in list(self._latest.items()):
            if latest == ticket:
                del self._latest[key]
        if not self._pending:
            self.busy_changed.emit(False)
        if callbacks is None:
            return  # superseded
        on_result, on_error = callbacks
        if error is None:
            on_result(result)
        elif on_error is not None:
            on_error(error)
        else:
            log.error("unhandled error in background work", exc_info=error)
