"""Open the client on the embedded demo: demo login, then the main window."""

from __future__ import annotations

from datetime import date

from app.services import wareki
from app.services.demo import DEMO_STAFF, DemoEnvironment
from app.services.session import StaffSession
from app.views.application import create_application
from app.views.login_dialog import DemoLoginDialog
from app.views.main_window import MainWindow
from app.views.worker import Worker


def run_demo(env: DemoEnvironment) -> int:
    app = create_application()
    worker = Worker(app)
    staff = [(code, name, ", ".join(caps)) for code, name, caps in DEMO_STAFF]
    dialog = DemoLoginDialog(staff, lambda code: StaffSession.open(env.staff_url(code)), worker)
    if not dialog.exec() or dialog.session is None:
        return 0
    window = MainWindow(dialog.session, worker, wareki.fiscal_year(date.today()))
    window.show()
    code = app.exec()
    worker.wait_idle()
    dialog.session.close()
    return code
