"""The Japanese fonts every PDF of the system uses (certificates, notices, reports).

ReportLab embeds a TrueType font as a subset of the glyphs used. The fonts ship in resources/fonts
(IPAex, free to redistribute); when they are missing we refuse to render rather than let a viewer
substitute another font for an official document.
"""

from __future__ import annotations

from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app import paths
from app.i18n import UserError

GOTHIC = "IPAexGothic"
MINCHO = "IPAexMincho"


@cache
def register_fonts() -> tuple[str, str]:
    """Register IPAex Gothic and Mincho with ReportLab once; returns their names (gothic, mincho)."""
    for name, path in ((GOTHIC, paths.GOTHIC_FONT), (MINCHO, paths.MINCHO_FONT)):
        if not path.is_file():
            raise UserError(f"PDF 用のフォント {path} がありません。インストールを確認してください。",
                            f"The PDF font {path} is missing; check the installation.")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    return GOTHIC, MINCHO
