"""The real workstation client pieces, offscreen, over PC/SC: run as a subprocess by
test_card_gui_pcsc.py (PCSCLITE_CSOCK_NAME must point at the private pcscd before pyscard loads).

    card_gui_probe.py READER_PREFIX TAX_YEAR

Builds what app.views.client_app.run_client builds (application, Worker, CardEvents, a CardMonitor
forwarding through client_app._forward, PcscSlot), then takes one JSON command per stdin line:

    {"cmd": "enrol", "admin_url", "code", "name", "pin"}   enrolment.enrol over PC/SC
    {"cmd": "login", "bootstrap", "code", "pin"}           LoginDialog (card_login.login over PC/SC)
                                                           → MainWindow + TerminalGuard, shown
    {"cmd": "type", "text"}                                into the search box
    {"cmd": "unlock", "pin"}                               the lock page's PIN field and button
    {"cmd": "grab", "path"}                                window.grab() saved as PNG
    {"cmd": "state"}   {"cmd": "quit"}   (stdin closed = quit)

and prints one JSON object per line on stdout: events (`card`, `locked`, `unlocked`, …) and
answers. Times are time.monotonic() (CLOCK_MONOTONIC: comparable with the test process). PINs are
never printed.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QAbstractListModel, QObject, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QLineEdit

from app.card.monitor import CardEvent, CardMonitor
from app.card.piv import DEFAULT_MANAGEMENT_KEY
from app.i18n import UserError
from app.services import enrolment
from app.services.card_access import PcscSlot
from app.views.application import create_application
from app.views.client_app import _forward
from app.views.lock import CardEvents, TerminalGuard
from app.views.login_dialog import LoginDialog
from app.views.main_window import MainWindow
from app.views.worker import Worker

_out_lock = threading.Lock()
LOCK_BACKGROUND = QColor("#14202c")


def out(**fields: Any) -> None:
    with _out_lock:
        sys.stdout.write(json.dumps(fields, ensure_ascii=False) + "\n")
        sys.stdout.flush()


class Commands(QObject):
    """Lines read on a helper thread, handed to the GUI thread by a queued signal."""

    line = Signal(str)

    def read_stdin(self) -> None:
        for text in sys.stdin:
            if text.strip():
                self.line.emit(text)
        self.line.emit('{"cmd": "quit"}')


class Probe:
    def __init__(self, reader: str, tax_year: int) -> None:
        self.app = create_application([])
        self.tax_year = tax_year
        self.worker = Worker(self.app)
        self.events = CardEvents()
        self.slot = PcscSlot(reader)
        self.monitor = CardMonitor(self._monitored, reader_prefix=reader).start()
        self.window: MainWindow | None = None
        self.guard: TerminalGuard | None = None
        self.dialog: LoginDialog | None = None
        self.commands = Commands()
        self.commands.line.connect(self.handle)

    def _monitored(self, event: CardEvent) -> None:
        # On the monitor thread, exactly as the client: _forward queues the signal to the GUI.
        out(event="card", kind=event.kind, reader=event.reader, t=time.monotonic())
        _forward(self.events, event)

    # -- commands --------------------------------------------------------------------------------

    def handle(self, text: str) -> None:
        command = json.loads(text)
        try:
            getattr(self, "cmd_" + command.pop("cmd"))(**command)
        except Exception as exc:  # reported to the test, which fails with it
            out(event="error", error=f"{type(exc).__name__}: {exc}", trace=traceback.format_exc())

    def cmd_enrol(self, admin_url: str, code: str, name: str, pin: str) -> None:
        deadline = time.monotonic() + 10
        while True:
            try:
                session = self.slot.open()
                break
            except UserError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)  # pcscd has not seen the card yet
        try:
            guid = enrolment.enrol(admin_url, code, name, ["r_inquiry"], session, DEFAULT_MANAGEMENT_KEY, pin)
        finally:
            session.transport.close()
        out(event="enrolled", guid=guid)

    def cmd_login(self, bootstrap: str, code: str, pin: str) -> None:
        dialog = self.dialog = LoginDialog(bootstrap, self.slot, self.worker)
        dialog.code.setText(code)
        dialog.pin.setText(pin)
        began = time.monotonic()  # the PIN is entered: the clerk presses Enter now

        def failed() -> None:
            if dialog.session is None and dialog.buttons.isEnabled():  # the dialog shows why
                out(event="login_failed", error=dialog.error.text())

        def idle(busy: bool) -> None:
            if not busy:  # the results are delivered right after: look once they are
                self.worker.busy_changed.disconnect(idle)
                QTimer.singleShot(0, failed)

        def logged_in() -> None:
            self._open_window(dialog, began)

        self.worker.busy_changed.connect(idle)
        dialog.accepted.connect(logged_in)
        dialog.login()

    def _open_window(self, dialog: LoginDialog, began: float) -> None:
        # As app.views.flow.ClientFlow._logged_in, with the tax year of the test data.
        session = dialog.session
        assert session is not None
        window = self.window = MainWindow(session, self.worker, self.tax_year)
        guard = self.guard = TerminalGuard(window, session, self.slot, dialog.card_id, self.events, self.worker)
        guard.locked.connect(lambda reason: out(event="locked", reason=reason, t=time.monotonic(),
                                                **self.state()))
        guard.unlocked.connect(lambda: out(event="unlocked", t=time.monotonic(), **self.state()))
        guard.session_ended.connect(lambda message: out(event="session_ended", message=message))
        window.show()
        # The first screen is up once the event loop has run after show() (layout and paint).
        QTimer.singleShot(0, lambda: out(event="logged_in", seconds=time.monotonic() - began,
                                         staff=session.identity.staff_code, card_id=dialog.card_id,
                                         **self.state()))

    def cmd_type(self, text: str) -> None:
        assert self.window is not None and self.window.search_page is not None
        page = self.window.search_page
        page.purpose.setCurrentIndex(1)
        page.query.setText(text)
        out(event="typed", **self.state())

    def cmd_unlock(self, pin: str) -> None:
        assert self.guard is not None
        page = self.guard.page
        page.pin.setText(pin)
        out(event="unlock_submitted", t=time.monotonic(), pin_enabled=page.button.isEnabled())
        page.button.click()

    def cmd_grab(self, path: str) -> None:
        assert self.window is not None
        image = self.window.grab().toImage()
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        image.save(path)
        # Share of the (sampled) pixels in the lock page's background colour.
        step, same, total = 8, 0, 0
        for y in range(0, image.height(), step):
            for x in range(0, image.width(), step):
                total += 1
                same += image.pixelColor(x, y) == LOCK_BACKGROUND
        out(event="grabbed", path=path, lock_background=same / max(total, 1), width=image.width(),
            height=image.height())

    def cmd_state(self) -> None:
        out(event="state", **self.state())

    def cmd_quit(self) -> None:
        if self.guard is not None:
            self.guard.stop()
        self.monitor.stop()
        self.worker.wait_idle()
        if self.window is not None:
            self.window.hide()
            self.window.session.close()
        out(event="bye", monitor_alive=self.monitor.running)
        self.app.quit()

    # -- what the window shows -------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        window, guard = self.window, self.guard
        if window is None or guard is None:
            return {}
        texts = [w.text() for w in window.findChildren(QLabel) if w.isVisible() and w.text()]
        texts += [w.text() for w in window.findChildren(QLineEdit) if w.isVisible() and w.text()]
        for view in window.findChildren(QAbstractItemView):
            model = view.model()
            if view.isVisible() and model is not None:
                root = view.rootIndex()
                texts += [str(model.index(r, c, root).data() or "") for r in range(model.rowCount(root))
                          for c in range(1 if isinstance(model, QAbstractListModel) else model.columnCount(root))]
        search = window.search_page
        return {
            "guard_locked": guard.is_locked,
            "window_locked": window.is_locked(),
            "texts": texts,
            "pin_enabled": guard.page.pin.isEnabled(),
            "lock_error": guard.page.error.text(),
            "search_text": search.query.text() if search is not None else None,
            "other_windows": [w.objectName() or type(w).__name__ for w in QApplication.topLevelWidgets()
                              if w.isVisible() and w is not window],
        }


def _report(kind: type[BaseException], exc: BaseException, tb: Any) -> None:
    # An exception in a Qt slot ends up here: the test fails with it instead of timing out.
    out(event="error", error=f"{kind.__name__}: {exc}", trace="".join(traceback.format_exception(kind, exc, tb)))


def main() -> int:
    sys.excepthook = _report
    probe = Probe(sys.argv[1], int(sys.argv[2]))
    threading.Thread(target=probe.commands.read_stdin, name="probe-stdin", daemon=True).start()
    out(event="ready", pid=os.getpid())
    return probe.app.exec()


if __name__ == "__main__":
    sys.exit(main())
