"""特別徴収税額決定通知書 as PDF, and the print-data export for the outsourced mass printer.

For each employer, in 指定番号 order: the employer's list (特別徴収義務者用, A4 landscape, employees
by kana, 30 a page, the last page with the totals per month), then each employee's copy
(納税義務者用, A5 portrait) in the same order; for a 変更通知書, an employee whose rest went to ordinary
collection also gets the 納税通知書 with the instalments and due dates. Fonts: the bundled IPAex Gothic, embedded as a
subset. Progress is reported per employer and a cancel request stops between employers.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.i18n import UserError
from app.models.collection import MONTH_ORDER, NoticeEmployer
from app.services import wareki
from app.services.pdf_fonts import register_fonts

CITY = "花巻市長"
ROWS_PER_PAGE = 30
LIST_SIZE = landscape(A4)
COPY_SIZE = A5

Progress = Callable[[int, int], None]       # (employers done, employers in all)
Cancelled = Callable[[], bool]


class NoticeCancelled(UserError):
    def __init__(self, done: int) -> None:
        super().__init__(f"中止しました({done}事業所まで作成済み。ファイルは保存していません)",
                         f"cancelled after {done} employers; no file was saved")


@dataclass(frozen=True, slots=True)
class NoticeRun:
    employers: int
    employees: int
    pages: int
    sha256: str


def _yen(n: int) -> str:
    return f"{n:,}"


DETERMINATION, CHANGE = "決定", "変更"


def _title(tax_year: int, kind: str = DETERMINATION) -> str:
    """特別徴収税額決定通知書 (by 31 May) or 特別徴収税額変更通知書 (after a change notice or a
    mid-year change of the tax, domain.md §5.1–5.2)."""
    return f"{wareki.fiscal_year_label(tax_year)} 給与所得等に係る市民税・県民税 特別徴収税額{kind}通知書"


def _employer_list(c: Canvas, n: NoticeEmployer, tax_year: int, issued: date, font: str, kind: str) -> int:
    """The employer's list; returns the pages drawn."""
    width, height = LIST_SIZE
    rows = n.employees
    pages = max(1, -(-len(rows) // ROWS_PER_PAGE))
    # columns: 宛名番号, 氏名, 年税額, twelve months
    xs = [12 * mm, 36 * mm, 100 * mm] + [100 * mm + (i + 1) * 15.6 * mm for i in range(12)]
    for page in range(pages):
        c.setPageSize(LIST_SIZE)
        c.setFont(font, 13)
        c.drawString(12 * mm, height - 14 * mm, _title(tax_year, kind) + "(特別徴収義務者用)")
        c.setFont(font, 9)
        c.drawRightString(width - 12 * mm, height - 14 * mm, f"{wareki.format_long(issued)}  {CITY}")
        c.drawString(12 * mm, height - 22 * mm, f"指定番号 {n.employer_no}   {n.name} 様")
        c.drawString(12 * mm, height - 27 * mm, f"〒{n.postal_code} {n.address}")
        c.drawRightString(width - 12 * mm, height - 27 * mm, f"{page + 1} / {pages} 頁")
        y = height - 36 * mm
        c.setFont(font, 8)
        c.drawString(xs[0], y, "宛名番号")
        c.drawString(xs[1], y, "氏名")
        c.drawRightString(xs[2], y, "年税額")
        for i, m in enumerate(MONTH_ORDER):
            c.drawRightString(xs[3 + i], y, f"{m}月分")
        c.line(12 * mm, y - 2 * mm, width - 12 * mm, y - 2 * mm)
        for e in rows[page * ROWS_PER_PAGE:(page + 1) * ROWS_PER_PAGE]:
            y -= 5.2 * mm
            c.drawString(xs[0], y, str(e.person_id))
            c.drawString(xs[1], y, e.name)
            c.drawRightString(xs[2], y, _yen(e.annual))
            for i, amount in enumerate(e.months):
                c.drawRightString(xs[3 + i], y, _yen(amount))
        if page == pages - 1:
            y -= 7 * mm
            c.line(12 * mm, y + 4.5 * mm, width - 12 * mm, y + 4.5 * mm)
            c.drawString(xs[0], y, f"合計 {len(rows)}人")
            c.drawRightString(xs[2], y, _yen(n.annual_total))
            for i, amount in enumerate(n.month_totals()):
                c.drawRightString(xs[3 + i], y, _yen(amount))
            c.drawString(12 * mm, 14 * mm, "各月分の税額を翌月10日までに納入してください。"
                                           "退職等の異動があったときは、給与支払報告・特別徴収に係る給与所得者異動届出書を"
                                           "提出してください。")
        c.showPage()
    return pages


def _employee_copy(c: Canvas, n: NoticeEmployer, index: int, tax_year: int, issued: date, font: str,
                   kind: str) -> None:
    e = n.employees[index]
    width, height = COPY_SIZE
    c.setPageSize(COPY_SIZE)
    c.setFont(font, 9.5)
    c.drawString(10 * mm, height - 14 * mm, _title(tax_year, kind))
    c.drawString(10 * mm, height - 19 * mm, "(納税義務者用)")
    c.setFont(font, 8)
    c.drawRightString(width - 10 * mm, height - 19 * mm, f"{wareki.format_long(issued)}  {CITY}")
    c.setFont(font, 10)
    c.drawString(10 * mm, height - 32 * mm, f"{e.name} 様")
    c.setFont(font, 8)
    c.drawString(10 * mm, height - 37 * mm, f"({e.kana})  宛名番号 {e.person_id}")
    c.drawString(10 * mm, height - 42 * mm, f"〒{e.postal_code} {e.address}")
    c.drawString(10 * mm, height - 50 * mm, f"特別徴収義務者 {n.name}(指定番号 {n.employer_no})")
    c.setFont(font, 10)
    c.drawString(10 * mm, height - 60 * mm, "年税額" if kind == DETERMINATION else "変更後の年税額")
    c.drawRightString(70 * mm, height - 60 * mm, f"{_yen(e.annual)} 円")
    c.setFont(font, 8.5)
    top = height - 72 * mm
    for i, (m, amount) in enumerate(zip(MONTH_ORDER, e.months, strict=True)):
        col, row = divmod(i, 6)
        x = 10 * mm + col * 66 * mm
        y = top - row * 6 * mm
        c.drawString(x, y, f"{m}月分")
        c.drawRightString(x + 52 * mm, y, f"{_yen(amount)} 円")
    c.setFont(font, 7)
    c.drawString(10 * mm, 18 * mm, "この税額は給与から毎月差し引かれ、勤務先から市に納入されます。")
    c.drawString(10 * mm, 13 * mm, "内容についてのお問い合わせは 花巻市 財務部 市民税課 へ。")
    c.showPage()


def _taxpayer_notice(c: Canvas, n: NoticeEmployer, index: int, tax_year: int, issued: date, font: str,
                     instalments: list[tuple[date, int]]) -> None:
    """納税通知書 (taxpayer) for the rest that a change moved to ordinary collection (domain.md §5.2–5.3)."""
    e = n.employees[index]
    width, height = COPY_SIZE
    c.setPageSize(COPY_SIZE)
    c.setFont(font, 10)
    c.drawString(10 * mm, height - 14 * mm, f"{wareki.fiscal_year_label(tax_year)} 市民税・県民税 納税通知書(普通徴収)")
    c.setFont(font, 8)
    c.drawRightString(width - 10 * mm, height - 19 * mm, f"{wareki.format_long(issued)}  {CITY}")
    c.setFont(font, 10)
    c.drawString(10 * mm, height - 32 * mm, f"{e.name} 様")
    c.setFont(font, 8)
    c.drawString(10 * mm, height - 37 * mm, f"〒{e.postal_code} {e.address}  宛名番号 {e.person_id}")
    c.drawString(10 * mm, height - 47 * mm, f"{n.name} での給与からの特別徴収ができなくなったため、")
    c.drawString(10 * mm, height - 52 * mm, "残りの税額を次の納期限までに納めてください。")
    y = height - 64 * mm
    c.drawString(10 * mm, y, "期別")
    c.drawString(40 * mm, y, "納期限")
    c.drawRightString(120 * mm, y, "税額")
    for i, (due, amount) in enumerate(instalments, 1):
        y -= 6 * mm
        c.drawString(10 * mm, y, f"第{i}期")
        c.drawString(40 * mm, y, wareki.format_long(due))
        c.drawRightString(120 * mm, y, f"{_yen(amount)} 円")
    y -= 8 * mm
    c.drawString(10 * mm, y, "合計")
    c.drawRightString(120 * mm, y, f"{_yen(sum(a for _, a in instalments))} 円")
    c.setFont(font, 7)
    c.drawString(10 * mm, 13 * mm, "納期限が土曜・日曜・祝日・年末年始に当たるときは、その翌開庁日が納期限です。")
    c.showPage()


def render(notices: Iterable[NoticeEmployer], tax_year: int, out: io.BufferedIOBase | io.BytesIO, *,
           issued: date | None = None, total: int = 0, progress: Progress | None = None,
           cancelled: Cancelled | None = None, kind: str = DETERMINATION,
           ordinary: Mapping[int, list[tuple[date, int]]] | None = None) -> NoticeRun:
    """Write the notices of the given employers to one PDF on `out`."""
    font, _ = register_fonts()
    issued = issued or date.today()
    c = Canvas(out, pagesize=LIST_SIZE, pageCompression=1, invariant=True, initialFontName=font)
    c.setTitle(_title(tax_year, kind))
    c.setAuthor(CITY)
    c.setCreator("Juminzei Desk")
    employers = employees = pages = 0
    for n in notices:
        if cancelled is not None and cancelled():
            raise NoticeCancelled(employers)
        pages += _employer_list(c, n, tax_year, issued, font, kind)
        for i in range(len(n.employees)):
            _employee_copy(c, n, i, tax_year, issued, font, kind)
            instalments = (ordinary or {}).get(n.employees[i].person_id)
            if instalments:
                _taxpayer_notice(c, n, i, tax_year, issued, font, instalments)
                pages += 1
        pages += len(n.employees)
        employers += 1
        employees += len(n.employees)
        if progress is not None:
            progress(employers, total)
    if employers == 0:
        raise UserError("通知する特別徴収の対象者がいません", "no employee to notify")
    c.save()
    return NoticeRun(employers, employees, pages, "")


def write_pdf(notices: list[NoticeEmployer], tax_year: int, path: Path, *, issued: date | None = None,
              progress: Progress | None = None, cancelled: Cancelled | None = None,
              kind: str = DETERMINATION, ordinary: Mapping[int, list[tuple[date, int]]] | None = None) -> NoticeRun:
    """Render to memory first, so a cancelled or failed run leaves no partial file. With `ordinary`
    (person id → instalments), each such employee's copy is followed by the taxpayer's 納税通知書."""
    buf = io.BytesIO()
    run = render(notices, tax_year, buf, issued=issued, total=len(notices), progress=progress, cancelled=cancelled,
                 kind=kind, ordinary=ordinary)
    data = buf.getvalue()
    path.write_bytes(data)
    return NoticeRun(run.employers, run.employees, run.pages, hashlib.sha256(data).hexdigest())


EXPORT_HEADER = ("record", "tax_year", "employer_no", "employer_name", "employer_postal_code", "employer_address",
                 "person_id", "name", "kana", "postal_code", "address", "annual",
                 *(f"m{m:02d}" for m in MONTH_ORDER))


def export_rows(notices: list[NoticeEmployer], tax_year: int) -> bytes:
    """Print data for the outsourced printer: UTF-8 CSV, one row per employee (record E) plus one
    per employer with its totals (record T), in print order."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(EXPORT_HEADER)
    for n in notices:
        head = (tax_year, n.employer_no, n.name, n.postal_code, n.address)
        for e in n.employees:
            w.writerow(("E", *head, e.person_id, e.name, e.kana, e.postal_code, e.address, e.annual, *e.months))
        w.writerow(("T", *head, "", f"{len(n.employees)}人", "", "", "", n.annual_total, *n.month_totals()))
    return buf.getvalue().encode("utf-8")


def write_export(notices: list[NoticeEmployer], tax_year: int, path: Path) -> NoticeRun:
    data = export_rows(notices, tax_year)
    path.write_bytes(data)
    return NoticeRun(len(notices), sum(len(n.employees) for n in notices), 0, hashlib.sha256(data).hexdigest())
