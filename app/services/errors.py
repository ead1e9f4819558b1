"""Database failures a user can understand, split from bugs.

Only failures with a meaning for the clerk become these errors (each with a Japanese and an
English message); anything else is a defect and propagates unchanged.
"""

from __future__ import annotations

from app.i18n import UserError


class ServiceError(UserError):
    """Base of the errors the services hand to the screens."""


class ConnectionLost(ServiceError):
    def __init__(self) -> None:
        super().__init__(
            "サーバーとの接続が切れました。入力内容は保持されています。再接続してからもう一度実行してください。",
            "The connection to the server was lost. Your input is kept; reconnect and try again.",
        )


class PermissionDenied(ServiceError):
    def __init__(self, detail_ja: str = "", detail_en: str = "") -> None:
        super().__init__(
            "この操作を行う権限がありません。" + (f"（{detail_ja}）" if detail_ja else ""),
            "You are not permitted to do this." + (f" ({detail_en})" if detail_en else ""),
        )


class QueryTimeout(ServiceError):
    def __init__(self) -> None:
        super().__init__(
            "処理が時間内に終わりませんでした。条件を絞ってもう一度実行してください。",
            "The request took too long. Narrow the criteria and try again.",
        )


class Conflict(ServiceError):
    def __init__(self) -> None:
        super().__init__(
            "他の職員が先に更新しました。最新の内容を読み込んでから、もう一度保存してください。",
            "Another staff member changed this record first. Reload it and save again.",
        )


class Refused(ServiceError):
    """The database refused the request with its own explanation (a check in an api function)."""


# SQLSTATEs (PostgreSQL Appendix A) and what they mean for the user.
_PERMISSION = {"42501", "28000", "28P01"}
_TIMEOUT = {"57014"}
_CONFLICT = {"40001", "40P01"}
_REFUSED_CLASSES = ("22", "23", "P0")


def translate(exc: BaseException) -> BaseException:
    """Map a DBAPI (psycopg2) or SQLAlchemy exception to a ServiceError, or return it unchanged."""
    import psycopg2
    from sqlalchemy import exc as sa_exc

    original: BaseException = exc.orig if isinstance(exc, sa_exc.DBAPIError) and exc.orig else exc
    if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
        return ConnectionLost()
    if isinstance(original, psycopg2.OperationalError) and getattr(original, "pgcode", None) is None:
        return ConnectionLost()
    if isinstance(original, psycopg2.InterfaceError):
        return ConnectionLost()
    code = getattr(original, "pgcode", None)
    if code is None:
        return exc
    diag = getattr(original, "diag", None)
    message = (getattr(diag, "message_primary", None) or "").strip()
    hint = (getattr(diag, "message_hint", None) or "").strip()
    if code in _PERMISSION:
        return PermissionDenied(message if _is_japanese(message) else "", hint or message)
    if code in _TIMEOUT:
        return QueryTimeout()
    if code in _CONFLICT:
        return Conflict()
    if code.startswith(_REFUSED_CLASSES) and _is_japanese(message):
        return Refused(message, hint or message)
    return exc


def _is_japanese(text: str) -> bool:
    return any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text)
