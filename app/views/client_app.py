"""The workstation client: the city's server over TLS with the terminal certificate, the staff
card in a PC/SC reader, watched by its own thread."""

from __future__ import annotations

from sqlalchemy.engine import make_url

from app.card.monitor import CardEvent, CardMonitor
from app.services.card_access import PcscSlot
from app.settings import WorkstationSettings
from app.views.application import create_application
from app.views.flow import ClientFlow
from app.views.lock import CardEvents
from app.views.worker import Worker


def bootstrap_url(settings: WorkstationSettings) -> str:
    """The login role's URL, carrying the TLS files (the staff URL derived from it keeps them)."""
    server = settings.server
    tls = {key: value for key, value in (("sslmode", server.sslmode), ("sslcert", server.sslcert),
                                         ("sslkey", server.sslkey), ("sslrootcert", server.sslrootcert)) if value}
    url = make_url(server.url).set(drivername="postgresql", username="juminzei_login", password=None)
    return url.update_query_dict(tls).render_as_string(hide_password=False)


def run_client(settings: WorkstationSettings) -> int:
    app = create_application()
    worker = Worker(app)
    events = CardEvents()
    slot = PcscSlot(settings.reader)
    monitor = CardMonitor(lambda event: _forward(events, event), reader_prefix=settings.reader).start()
    flow = ClientFlow(bootstrap_url(settings), slot, events, worker, idle_ms=settings.idle_lock_minutes * 60_000)
    flow.start()
    try:
        return app.exec()
    finally:
        monitor.stop()
        worker.wait_idle()


def _forward(events: CardEvents, event: CardEvent) -> None:
    # Called on the monitor thread; the signal is queued to the GUI thread.
    if event.kind in ("inserted", "removed"):
        events.changed.emit(event.kind, event.reader)
    elif event.kind in ("reader_lost", "pcsc_lost"):
        events.changed.emit("reader_lost", event.reader)
