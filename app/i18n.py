"""Language choice for text outside Qt (command-line help and messages).

Japanese is the default; English when the locale says so (LANGUAGE, LC_ALL, LC_MESSAGES or LANG
starting with "en") or JUMINZEI_LANG=en. Qt screens use Qt's own translator files.
"""

from __future__ import annotations

import os


def language() -> str:
    forced = os.environ.get("JUMINZEI_LANG", "").strip().lower()
    if forced in ("ja", "en"):
        return forced
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "en" if value.lower().startswith("en") else "ja"
    return "ja"


def t(ja: str, en: str) -> str:
    """Pick the Japanese or English text of one message."""
    return en if language() == "en" else ja


class UserError(Exception):
    """A problem the user can fix (bad input, refused action). Carries both languages.

    The command line prints it and exits with code 2; screens show it at the field or in a dialog.
    """

    def __init__(self, ja: str, en: str, *, field: str | None = None) -> None:
        super().__init__(f"{ja} / {en}")
        self.ja = ja
        self.en = en
        self.field = field

    def message(self) -> str:
        return t(self.ja, self.en)

    def bilingual(self) -> str:
        return f"{self.ja} / {self.en}"
