"""Small widgets several pages share."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from app.services import wareki


def tax_year_choice(tax_year: int) -> QComboBox:
    """The tax years a page works on, as 令和N年度: next, this one (selected) and last."""
    combo = QComboBox()
    for year in (tax_year + 1, tax_year, tax_year - 1):
        combo.addItem(wareki.fiscal_year_label(year), year)
    combo.setCurrentIndex(1)
    return combo
