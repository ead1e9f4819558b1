"""Where the application's resources are: next to the package in a checkout or a frozen build."""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
RESOURCES = _ROOT / "resources"
FONTS = RESOURCES / "fonts"
TRANSLATIONS = RESOURCES / "translations"
GOTHIC_FONT = FONTS / "ipaexg.ttf"
MINCHO_FONT = FONTS / "ipaexm.ttf"
