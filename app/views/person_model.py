"""Table model of person search results."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from app.models.person import PersonSummary
from app.services import wareki
from app.views.messages import QT_TRANSLATE_NOOP

_Index = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("PersonTableModel", text)


class PersonTableModel(QAbstractTableModel):
    COLUMNS = (QT_TRANSLATE_NOOP("PersonTableModel", "宛名番号"), QT_TRANSLATE_NOOP("PersonTableModel", "氏名"),
               QT_TRANSLATE_NOOP("PersonTableModel", "カナ"), QT_TRANSLATE_NOOP("PersonTableModel", "生年月日"),
               QT_TRANSLATE_NOOP("PersonTableModel", "性別"), QT_TRANSLATE_NOOP("PersonTableModel", "住所"),
               QT_TRANSLATE_NOOP("PersonTableModel", "状態"))

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[PersonSummary] = []

    def set_rows(self, rows: list[PersonSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def person(self, row: int) -> PersonSummary:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.COLUMNS):
            return _tr(self.COLUMNS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole):
            return None
        p = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter) if column == 0 else None
        if column == 0:
            return str(p.person_id)
        if column == 1:
            return p.name
        if column == 2:
            return p.kana
        if column == 3:
            return wareki.format_short(p.birth_date)
        if column == 4:
            return _tr(SEX_LABELS.get(p.sex, p.sex))
        if column == 5:
            return p.address
        return status_label(p.status)


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
