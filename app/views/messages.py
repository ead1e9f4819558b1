"""What a screen says when background work fails."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from app.i18n import UserError

log = logging.getLogger(__name__)


def error_text(error: Exception) -> str:
    """The user's message for a refused or failed request; a bug is logged and named as such."""
    if isinstance(error, UserError):
        return error.message()
    log.error("unexpected error in background work", exc_info=error)
    return QCoreApplication.translate("messages", "予期しないエラーが発生しました。システム管理者に連絡してください。")


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark `text` for translation in `context` without translating it yet (typed, unlike Qt's)."""
    return text
