"""Table model of person search results."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex

from app.models.person import PersonSummary
from app.services import wareki
from app.views.messages import QT_TRANSLATE_NOOP
from app.views.table_model import Index, RowTableModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("PersonTableModel", text)


class PersonTableModel(RowTableModel[PersonSummary]):
    """Search results: the server keeps the ordered id list; rows arrive page by page as shown."""

    COLUMNS = (QT_TRANSLATE_NOOP("PersonTableModel", "宛名番号"), QT_TRANSLATE_NOOP("PersonTableModel", "氏名"),
               QT_TRANSLATE_NOOP("PersonTableModel", "カナ"), QT_TRANSLATE_NOOP("PersonTableModel", "生年月日"),
               QT_TRANSLATE_NOOP("PersonTableModel", "性別"), QT_TRANSLATE_NOOP("PersonTableModel", "住所"),
               QT_TRANSLATE_NOOP("PersonTableModel", "状態"))
    NUMERIC = frozenset({0})

    def __init__(self, parent: Any = None, page_loader: Callable[[int, int], None] | None = None) -> None:
        """`page_loader(search_id, offset)` is asked for more rows; it answers with `add_page`."""
        super().__init__(parent)
        self.search_id = 0
        self.total = 0
        self._loading = False
        self._page_loader = page_loader

    def set_result(self, search_id: int, total: int, first_page: list[PersonSummary]) -> None:
        self.search_id, self.total, self._loading = search_id, total, False
        super().set_rows(first_page)

    def set_rows(self, rows: list[PersonSummary]) -> None:
        self.set_result(0, len(rows), rows)

    def add_page(self, search_id: int, offset: int, rows: list[PersonSummary]) -> None:
        if search_id != self.search_id or offset != len(self._rows):
            return  # an answer for an older search or an overlapping request
        self._loading = False
        if rows:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    def page_failed(self) -> None:
        self._loading = False

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt signature
        return not parent.isValid() and not self._loading and len(self._rows) < self.total \
            and self._page_loader is not None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008 - Qt signature
        if self.canFetchMore(parent) and self._page_loader is not None:
            self._loading = True
            self._page_loader(self.search_id, len(self._rows))

    def person(self, row: int) -> PersonSummary:
        return self._rows[row]

    def display(self, p: PersonSummary, column: int) -> str:
        values = (str(p.person_id), p.name, p.kana, wareki.format_short(p.birth_date), sex_label(p.sex),
                  p.address, status_label(p.status))
        return values[column]


SEX_LABELS = {"M": QT_TRANSLATE_NOOP("PersonTableModel", "男"), "F": QT_TRANSLATE_NOOP("PersonTableModel", "女")}
STATUS_LABELS = {
    "resident": QT_TRANSLATE_NOOP("PersonTableModel", "住民"),
    "moved_out": QT_TRANSLATE_NOOP("PersonTableModel", "転出"),
    "deceased": QT_TRANSLATE_NOOP("PersonTableModel", "死亡"),
    "non_resident": QT_TRANSLATE_NOOP("PersonTableModel", "住登外"),
}


def status_label(status: str) -> str:
    return _tr(STATUS_LABELS.get(status, status))


def sex_label(sex: str) -> str:
    return _tr(SEX_LABELS.get(sex, sex))
