"""The English translation is complete and compiled, and the screens use it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app import paths
from tests.support.database import ProvisionedDb

BIN = Path(sys.executable).parent
TS = paths.TRANSLATIONS / "juminzei_en.ts"
QM = paths.TRANSLATIONS / "juminzei_en.qm"


def _unfinished(ts: Path) -> list[str]:
    return [m.findtext("source") or "" for m in ET.parse(ts).getroot().iter("message")
            if m.find("translation") is not None and m.find("translation").get("type") == "unfinished"]  # type: ignore[union-attr]


def test_every_screen_string_has_an_english_translation(tmp_path: Path) -> None:
    assert _unfinished(TS) == []
    fresh = tmp_path / "check.ts"
    shutil.copy(TS, fresh)
    views = sorted(str(p) for p in (paths.RESOURCES.parent / "app" / "views").glob("*.py"))
    subprocess.run([str(BIN / "pyside6-lupdate"), *views, "-no-obsolete", "-ts", str(fresh)], check=True,
                   capture_output=True)
    assert _unfinished(fresh) == [], "run scripts/update-translations and translate the new strings"


def test_the_compiled_file_matches_the_source(tmp_path: Path) -> None:
    compiled = tmp_path / "check.qm"
    subprocess.run([str(BIN / "pyside6-lrelease"), str(TS), "-qm", str(compiled)], check=True, capture_output=True)
    assert compiled.read_bytes() == QM.read_bytes(), "run scripts/update-translations"


@pytest.mark.db
def test_the_main_window_speaks_english(qtbot: QtBot, test_db: ProvisionedDb, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from app.services.session import StaffSession
    from app.views.application import create_application, install_translations
    from app.views.main_window import MainWindow
    from app.views.worker import Worker
    app = create_application([])  # in the session's language (Japanese); English is added below
    monkeypatch.setenv("JUMINZEI_LANG", "en")
    installed = install_translations(app, "en")
    session = StaffSession.open(test_db.staff_url("CLERK"))
    try:
        window = MainWindow(session, Worker(), 2025)
        qtbot.addWidget(window)
        assert window.windowTitle() == "Juminzei Desk resident tax system — Hanamaki City"
        assert window.search_page is not None
        page = window.search_page
        assert page.model.headerData(1, Qt.Orientation.Horizontal) == "Name"
        assert page.purpose.itemText(1) == "Assessment or correction"
    finally:
        for translator in installed:
            QApplication.removeTranslator(translator)
        session.close()
