"""The main window: who is logged in where, the work areas they may use, and the pages."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings, Qt, SignalInstance
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services import wareki
from app.services.session import StaffSession, allowed_areas
from app.views.areas import AREA_PAGES, present_pages
from app.views.employer_page import EmployerPage
from app.views.search_page import SearchPage
from app.views.worker import Worker

PageT = TypeVar("PageT", bound=QWidget)


class MainWindow(QMainWindow):
    def __init__(self, session: StaffSession, worker: Worker, tax_year: int) -> None:
        super().__init__()
        self.session, self.worker = session, worker
        identity = session.identity
        self.setWindowTitle(self.tr("Juminzei Desk 個人住民税システム — 花巻市"))

        header = QFrame()
        header.setObjectName("header")
        bar = QHBoxLayout(header)
        title = QLabel(self.tr("花巻市 個人住民税"))
        title.setObjectName("title")
        bar.addWidget(title)
        bar.addStretch(1)
        self.year_label = QLabel(wareki.fiscal_year_label(tax_year))
        self.staff_label = QLabel(self.tr("職員: {0}（{1}）").format(identity.display_name, identity.staff_code))
        self.terminal_label = QLabel(self.tr("端末: {0}").format(identity.terminal))
        for label in (self.year_label, self.staff_label, self.terminal_label):
            label.setObjectName("headerItem")
            bar.addWidget(label)

        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(150)
        self.pages = QStackedWidget()
        self.area_pages: dict[str, list[QWidget]] = {}
        allowed = set(allowed_areas(identity))
        for area in AREA_PAGES:
            present = present_pages(area) if area.name in allowed else []
            if not present:
                continue
            widgets = [cls(session, worker, tax_year) for _spec, cls in present]
            for widget in widgets:
                self._connect_page(widget)
            self.area_pages[area.name] = widgets
            if len(widgets) == 1:
                self.pages.addWidget(widgets[0])
            else:
                tabs = QTabWidget()
                tabs.setObjectName(f"area_{area.name}")
                for (spec, _cls), widget in zip(present, widgets, strict=True):
                    tabs.addTab(widget, QCoreApplication.translate("Areas", spec.label))
                self.pages.addWidget(tabs)
            item = QListWidgetItem(QCoreApplication.translate("Areas", area.label), self.nav)
            item.setData(Qt.ItemDataRole.UserRole, area.name)
        self.search_page = self.page(SearchPage)
        self.employer_page = self.page(EmployerPage)
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setCurrentRow(0)

        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(header)
        outer.addWidget(body, 1)
        # The work and, when the terminal is locked, the lock page in its place (the work stays
        # alive behind it, so unsaved input survives, but nothing of it is drawn or grabbed).
        self.root = QStackedWidget()
        self.root.addWidget(central)
        self.work = central
        self.setCentralWidget(self.root)

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setVisible(False)
        self.statusBar().addPermanentWidget(self.busy)
        worker.busy_changed.connect(self.busy.setVisible)
        self.resize(1200, 720)
        self._restore_layout()
        if self.search_page is not None:
            self.search_page.focus_search()

    def set_locked(self, page: QWidget) -> None:
        if self.root.indexOf(page) < 0:
            self.root.addWidget(page)
        self.root.setCurrentWidget(page)
        self.statusBar().clearMessage()

    def set_unlocked(self) -> None:
        self.root.setCurrentWidget(self.work)

    def is_locked(self) -> bool:
        return self.root.currentWidget() is not self.work

    def page(self, cls: type[PageT]) -> PageT | None:
        """The page of this class, when the user's areas include it."""
        for widgets in self.area_pages.values():
            for widget in widgets:
                if isinstance(widget, cls):
                    return widget
        return None

    def _connect_page(self, widget: QWidget) -> None:
        open_person = getattr(widget, "open_person", None)
        if isinstance(open_person, SignalInstance) and not isinstance(widget, SearchPage):
            open_person.connect(self._open_person)
        status = getattr(widget, "status_message", None)
        if isinstance(status, SignalInstance):
            status.connect(lambda text: self.statusBar().showMessage(text))

    def _open_person(self, person_id: int, purpose: str) -> None:
        """Show a person in 照会, from any page that found them (employer list, findings, proposals)."""
        if self.search_page is None:
            return
        self.nav.setCurrentRow(self.area_names().index("inquiry"))
        self.search_page.open_person(person_id, purpose)

    def area_names(self) -> list[str]:
        return [str(self.nav.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.nav.count())]

    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry = settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        split = settings.value("main_window/search_split")
        if isinstance(split, QByteArray) and self.search_page is not None:
            self.search_page.split.restoreState(split)

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = QSettings()
        settings.setValue("main_window/geometry", self.saveGeometry())
        if self.search_page is not None:
            settings.setValue("main_window/search_split", self.search_page.split.saveState())
        super().closeEvent(event)
