"""QApplication set-up (fonts, translations, style) and the demo start-up flow."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app import paths
from app.i18n import language

STYLE = """
#header { background: #1f4e79; }
#header QLabel { color: white; }
#title { font-size: 15pt; font-weight: bold; }
#headerItem { font-size: 10.5pt; padding-left: 18px; }
#nav { font-size: 12pt; }
#nav::item { padding: 8px; }
#searchMessage, #chainResult { color: #444; padding: 2px; }
#loginHint { color: #555; }
QTableView { gridline-color: #d0d7de; }
#lockPage { background: #14202c; }
#lockPage QLabel { color: #e8eef4; font-size: 12pt; }
#lockTitle { font-size: 18pt; font-weight: bold; }
"""


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication) and existing.property("juminzei_configured"):
        return existing  # set up already (tests create many windows on one application)
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv or sys.argv))
    app.setProperty("juminzei_configured", True)
    app.setOrganizationName("Hanamaki City")
    app.setApplicationName("Juminzei Desk")
    install_translations(app, language())
    family = "IPAexGothic"
    if paths.GOTHIC_FONT.exists():
        font_id = QFontDatabase.addApplicationFont(str(paths.GOTHIC_FONT))
        if font_id >= 0:
            family = QFontDatabase.applicationFontFamilies(font_id)[0]
    app.setFont(QFont(family, 10))
    app.setStyleSheet(STYLE)
    return app


def install_translations(app: QApplication, lang: str) -> list[QTranslator]:
    """Qt's own dialogs in the user's language, and ours in English when asked for.

    Our source strings are Japanese, so Japanese needs no translation file of ours."""
    installed: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_base = QTranslator(app)
    if qt_base.load(QLocale(lang), "qtbase", "_", qt_dir):
        app.installTranslator(qt_base)
        installed.append(qt_base)
    if lang == "en":
        ours = QTranslator(app)
        if not ours.load(str(paths.TRANSLATIONS / "juminzei_en.qm")):
            raise RuntimeError("English translation file is missing: run the translation build")
        app.installTranslator(ours)
        installed.append(ours)
    return installed
