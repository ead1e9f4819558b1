"""税額変更通知書: the notice a taxpayer receives when a correction (賦課更正) or a reduction changes
the tax of a year already notified. One A4 page, Japanese, with the embedded IPAex fonts."""

from __future__ import annotations

import io
from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.models.assessment_work import COLLECTION_METHODS, TAX_PARTS, ChangeNotice
from app.services import wareki
from app.services.pdf_fonts import register_fonts

CITY = "花巻市長"
APPEAL = (
    "この処分に不服がある場合は、この通知を受け取った日の翌日から起算して3か月以内に、花巻市長に対して",
    "審査請求をすることができます（行政不服審査法）。",
)


def _yen(value: int) -> str:
    return f"△{-value:,}" if value < 0 else f"{value:,}"


def render(notice: ChangeNotice, issued_on: date) -> bytes:
    """The notice as PDF bytes."""
    gothic, mincho = register_fonts()
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4, pageCompression=1, initialFontName=mincho, initialFontSize=10)
    c.setTitle(f"税額変更通知書 {notice.notice_id}")
    width, height = A4
    left = 20 * mm
    year = wareki.fiscal_year_label(notice.tax_year)

    c.setFont(mincho, 10)
    c.drawRightString(width - left, height - 20 * mm, f"通知番号 第{notice.notice_id}号")
    c.drawRightString(width - left, height - 26 * mm, wareki.format_long(issued_on))
    c.drawString(left, height - 30 * mm, f"〒{notice.postal_code}")
    c.drawString(left, height - 36 * mm, notice.address)
    c.setFont(mincho, 13)
    c.drawString(left, height - 46 * mm, f"{notice.family_name}　{notice.given_name}　様")
    c.setFont(mincho, 10)
    c.drawString(left, height - 53 * mm, f"宛名番号 {notice.person_id}")
    c.drawRightString(width - left, height - 53 * mm, CITY)

    c.setFont(gothic, 16)
    c.drawCentredString(width / 2, height - 70 * mm, f"{year}　市民税・県民税　税額変更通知書")
    c.setFont(mincho, 10.5)
    c.drawString(left, height - 82 * mm,
                 f"{year}の市民税・県民税（森林環境税を含む）の税額を次のとおり変更したので通知します。")

    # The amounts before and after, part by part.
    top = height - 92 * mm
    columns = (left, left + 60 * mm, left + 100 * mm, left + 140 * mm)
    row_h = 8 * mm
    c.setFont(gothic, 10)
    for x, title in zip(columns, ("区分", "変更前（円）", "変更後（円）", "差額（円）"), strict=True):
        c.drawString(x + 2 * mm, top - 5.5 * mm, title)
    c.setLineWidth(0.6)
    right = width - left
    c.line(left, top, right, top)
    c.line(left, top - row_h, right, top - row_h)
    c.setFont(mincho, 10.5)
    y = top - row_h
    for key, label in TAX_PARTS:
        old, new = int(notice.old_amounts[key]), int(notice.new_amounts[key])
        if key == "annual_tax":
            c.setFont(gothic, 10.5)
        c.drawString(columns[0] + 2 * mm, y - 5.5 * mm, label)
        c.drawRightString(columns[2] - 4 * mm, y - 5.5 * mm, _yen(old))
        c.drawRightString(columns[3] - 4 * mm, y - 5.5 * mm, _yen(new))
        c.drawRightString(right - 4 * mm, y - 5.5 * mm, _yen(new - old))
        y -= row_h
        c.line(left, y, right, y)
    for x in (*columns, right):
        c.line(x, top, x, y)

    diff = notice.difference()
    c.setFont(gothic, 11)
    y -= 10 * mm
    if diff < 0:
        c.drawString(left, y, f"年税額が {-diff:,}円 減額となりました。")
    else:
        c.drawString(left, y, f"年税額が {diff:,}円 増額となりました。")
    c.setFont(mincho, 10)
    y -= 8 * mm
    method = dict(COLLECTION_METHODS).get(notice.collection_method, notice.collection_method)
    c.drawString(left, y, f"徴収方法: {method}")
    y -= 6 * mm
    if notice.collection_method.startswith("payroll"):
        c.drawString(left, y, "変更後の月割額は、特別徴収義務者（勤務先）を通じてお知らせします。")
    else:
        c.drawString(left, y, "変更後の納期ごとの納付額は、別に送付する納付書でお知らせします。"
                              + ("納め過ぎの額は還付または充当します。" if diff < 0 else ""))
    if notice.reason:
        y -= 10 * mm
        c.drawString(left, y, "変更の理由: " + notice.reason[:60])
        if len(notice.reason) > 60:
            y -= 6 * mm
            c.drawString(left + 20 * mm, y, notice.reason[60:120])

    c.setFont(mincho, 9)
    y = 30 * mm
    for line in APPEAL:
        c.drawString(left, y, line)
        y -= 5 * mm
    c.drawString(left, 15 * mm, f"版 {notice.version}　作成 {wareki.format_long(notice.created_at.date())}")
    c.showPage()
    c.save()
    return buffer.getvalue()
