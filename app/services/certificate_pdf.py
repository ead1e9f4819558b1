"""The certificate (A4, ReportLab) and the counter's daily report.

One layout makes the PDF that is hashed into the ledger and handed to the printer. The fonts are
the bundled IPAex faces, embedded as subsets; a character the font does not have is refused
(UserError), never printed as an empty box or left to a viewer's substitute font.
The page carries a background that shows 複写 on a copy (the latent-image principle of anti-copy
paper: a fine screen, and the word in a coarse screen of the same tone), the QR code with
the number and the database's MAC, the mayor's name and the seal. A specimen carries 見本.
"""

from __future__ import annotations

import copy
import io
import math
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from app import paths
from app.i18n import UserError
from app.models.certificate import CounterTotals, IssuedCertificate, LedgerRow
from app.services import wareki
from app.services.pdf_fonts import register_fonts

CERTIFICATES = paths.RESOURCES / "certificates"
TOKYO = ZoneInfo("Asia/Tokyo")
WIDTH: float = A4[0]
HEIGHT: float = A4[1]
MM: float = mm
LEFT, RIGHT = 20 * MM, WIDTH - 20 * MM
ATTESTATION = "上記のとおり相違ないことを証明します。"
PAGE_COUNT = re.compile(rb"/Type\s*/Page[^s]")


@dataclass(frozen=True, slots=True)
class City:
    city_name: str
    issuer_title: str
    mayor_name: str
    mayor_name_confirmed: bool
    department: str
    seal_image: bytes


@cache
def city() -> City:
    """The issuing city's settings from resources/certificates/city.toml (and its seal image)."""
    path = CERTIFICATES / "city.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        seal = (CERTIFICATES / str(data["seal_image"])).read_bytes()
        return City(str(data["city_name"]), str(data["issuer_title"]), str(data["mayor_name"]),
                    bool(data["mayor_name_confirmed"]), str(data["department"]), seal)
    except (OSError, KeyError, tomllib.TOMLDecodeError) as exc:
        raise UserError(f"証明書の発行者設定 {path} を読めません（{exc}）。",
                        f"Cannot read the certificate issuer settings {path}: {exc}") from exc


# The seal is drawn as RGB on white with the near-white pixels keyed out (a colour-key mask): the
# background pattern shows around it, and no alpha channel has to be split off for every page.
SEAL_KEY = [240, 255, 240, 255, 240, 255]


@cache
def _seal_xobject() -> pdfdoc.PDFImageXObject:
    """The seal as a PDF image object, encoded once per process (compressing and ASCII85-encoding
    it for every certificate would cost more than the rest of the page)."""
    from PIL import Image

    with Image.open(io.BytesIO(city().seal_image)) as source:
        rgba = source.convert("RGBA")
    flat = Image.new("RGB", rgba.size, (255, 255, 255))
    flat.paste(rgba, mask=rgba.getchannel("A"))
    name = "JuminzeiSeal"
    image = pdfdoc.PDFImageXObject(name, ImageReader(flat), mask=SEAL_KEY)
    image.name = name
    return image


def _draw_seal(c: Canvas, x: float, y: float, size: float) -> None:
    """Canvas.drawImage, minus the per-document encoding: registers a copy of the encoded seal."""
    cached = _seal_xobject()
    name = c._doc.getXObjectName(cached.name)
    if c._doc.idToObject.get(name) is None:
        image = copy.copy(cached)
        c._setXObjects(image)
        c._doc.Reference(image, name)
        c._doc.addForm(cached.name, image)
    c._currentPageHasImages = 1
    c.saveState()
    c.translate(x, y)
    c.scale(size, size)
    c.addLiteral(f"/{name} Do")
    c.restoreState()
    c._formsinuse.append(cached.name)  # the page's resources name the image


def yen(amount: int) -> str:
    return f"{amount:,}円"


def page_count(pdf: bytes) -> int:
    return len(PAGE_COUNT.findall(pdf))


class _Page:
    """Drawing helpers that refuse text the embedded font cannot show."""

    def __init__(self, canvas: Canvas, *, mincho_only: bool = False) -> None:
        self.c = canvas
        self.gothic, self.mincho = register_fonts()
        if mincho_only:  # one embedded face: the certificate is set in Mincho throughout
            self.gothic = self.mincho

    def text(self, x: float, y: float, value: str, *, size: float = 10.5, font: str | None = None,
             align: str = "left") -> None:
        name = font or self.mincho
        _require_glyphs(name, value)
        self.c.setFont(name, size)
        if align == "right":
            self.c.drawRightString(x, y, value)
        elif align == "center":
            self.c.drawCentredString(x, y, value)
        else:
            self.c.drawString(x, y, value)


@cache
def _glyphs(font_name: str) -> frozenset[int]:
    font = pdfmetrics.getFont(font_name)
    assert isinstance(font, TTFont)
    return frozenset(font.face.charToGlyph)


def _require_glyphs(font_name: str, value: str) -> None:
    missing = sorted({ch for ch in value if ord(ch) not in _glyphs(font_name) and not ch.isspace()})
    if missing:
        chars = "".join(missing)
        raise UserError(f"文字「{chars}」は証明書のフォントにありません（外字）。外字の登録を確認してください。",
                        f"The certificate font has no glyph for {chars!r}; check the external character set.")


TINT = Color(0.74, 0.81, 0.86)


def _hatch(step: int, direction: int) -> str:
    """Parallel 45° lines `step` pt apart over the whole page, as PDF path operators (written
    directly: ReportLab's per-number formatting of hundreds of lines costs more than the page)."""
    if direction > 0:
        ops = [f"0 {y} m {WIDTH:.0f} {y - WIDTH:.0f} l" for y in range(0, int(HEIGHT + WIDTH), step)]
    else:
        ops = [f"0 {y} m {WIDTH:.0f} {y + WIDTH:.0f} l" for y in range(-int(WIDTH), int(HEIGHT), step)]
    return "\n".join([*ops, "S"])


def _background(c: Canvas) -> None:
    """Latent 複写 pattern (the principle of anti-copy paper): the page is covered by a fine screen
    (thin lines close together); inside the outlines of the word 複写 the screen is coarse (lines
    three times as thick, three times as far apart), so both have the same average tone and the
    original looks almost even. A copier loses the thin lines and keeps the thick ones, and the
    word stands out on the copy."""
    c.saveState()
    c.setStrokeColor(TINT)
    c.setLineWidth(0.25)
    c.addLiteral(_hatch(3, +1))
    # Clip to the words (text render mode 7 adds the glyph outlines to the clipping path), blank
    # the fine screen there and lay the coarse one, at the other angle.
    mincho = register_fonts()[1]
    words = c.beginText()
    words.setTextRenderMode(7)
    words.setFont(mincho, 64)
    cos, sin = math.cos(math.radians(30)), math.sin(math.radians(30))
    half = pdfmetrics.stringWidth("複写", mincho, 64) / 2
    for row in range(5):
        for column in range(3):
            x, y = 35 * MM + column * 62 * MM, 30 * MM + row * 58 * MM
            words.setTextTransform(cos, sin, -sin, cos, x - half * cos, y - half * sin)
            words.textOut("複写")
    c.drawText(words)
    c.setFillColor(Color(1, 1, 1))
    c.addLiteral(f"0 0 {WIDTH:.0f} {HEIGHT:.0f} re f")
    c.setLineWidth(0.75)
    c.addLiteral(_hatch(9, -1))
    c.restoreState()


def _specimen_overlay(c: Canvas) -> None:
    c.saveState()
    c.setFillColor(Color(0.85, 0.1, 0.1, alpha=0.28))
    c.setFont(register_fonts()[1], 150)
    c.translate(WIDTH / 2, HEIGHT / 2)
    c.rotate(35)
    c.drawCentredString(0, -50, "見本")
    c.restoreState()


def _qr(c: Canvas, content: str, x: float, y: float, size: float) -> None:
    """The QR code as filled rectangles (no font involved), with its quiet zone inside `size`.
    Mask pattern 0 is fixed: every mask gives a valid code, and trying all eight (the encoder's
    default) costs more than the rest of the page."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(content)
    code.version = code.calculate_version()
    code.makeImpl(False, 0)
    count = code.getModuleCount()
    module = size / (count + 8)
    ops = []
    for row in range(count):
        column = 0
        while column < count:
            if not code.isDark(row, column):
                column += 1
                continue
            start = column
            while column < count and code.isDark(row, column):
                column += 1
            ops.append(f"{x + (start + 4) * module:.3f} {y + size - (row + 5) * module:.3f} "
                       f"{(column - start) * module:.3f} {module:.3f} re")
    c.saveState()
    c.setFillColor(black)
    c.addLiteral("\n".join([*ops, "f"]))
    c.restoreState()


def _table(p: _Page, top: float, title: str, header: tuple[str, ...], rows: Sequence[tuple[str, ...]],
           widths: tuple[float, ...], *, label_columns: tuple[int, ...] = (0,)) -> float:
    """A ruled table; label columns left-aligned, amounts right-aligned. Returns its bottom."""
    c = p.c
    row_h = 5.6 * mm
    p.text(LEFT, top, title, size=10.5, font=p.gothic)
    y = top - 2.5 * mm
    c.setLineWidth(0.6)
    c.setStrokeColor(black)
    total_w = sum(widths)
    all_rows = [header, *rows]
    c.rect(LEFT, y - row_h * len(all_rows), total_w, row_h * len(all_rows), stroke=1, fill=0)
    for i, row in enumerate(all_rows):
        baseline = y - row_h * (i + 1) + 1.7 * mm
        if i > 0:
            c.setLineWidth(0.25)
            c.line(LEFT, y - row_h * i, LEFT + total_w, y - row_h * i)
        x = LEFT
        for j, (cell, width) in enumerate(zip(row, widths, strict=True)):
            font = p.gothic if i == 0 else p.mincho
            if i == 0:
                p.text(x + width / 2, baseline, cell, size=9.5, font=font, align="center")
            elif j in label_columns:
                p.text(x + 2 * mm, baseline, cell, size=9.5, font=font)
            else:
                p.text(x + width - 2 * mm, baseline, cell, size=9.5, font=font, align="right")
            x += width
    x = LEFT
    c.setLineWidth(0.25)
    for width in widths[:-1]:
        x += width
        c.line(x, y, x, y - row_h * len(all_rows))
    bottom: float = y - row_h * len(all_rows)
    return bottom


_INCOMES = (
    ("給与", "salary_revenue", "salary_income"),
    ("公的年金等", "pension_revenue", "pension_income"),
    ("営業等", None, "business_income"),
    ("農業", None, "agriculture_income"),
    ("不動産", None, "real_estate_income"),
    ("利子", None, "interest_income"),
    ("配当", None, "dividend_income"),
    ("雑（公的年金等以外）", None, "misc_income"),
)


def _income_rows(incomes: dict[str, Any]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for label, revenue, income in _INCOMES:
        revenue_value = int(incomes[revenue]) if revenue else None
        income_value = int(incomes[income])
        if income_value == 0 and not revenue_value and label not in ("給与", "公的年金等"):
            continue
        rows.append((label, yen(revenue_value) if revenue_value is not None else "―", yen(income_value)))
    rows.append(("合計所得金額", "", yen(int(incomes["total_income"]))))
    rows.append(("総所得金額等", "", yen(int(incomes["income_base"]))))
    return rows


def _family_text(family: dict[str, Any]) -> str:
    spouse = "有" if int(family["spouse"]) else "無"
    return (f"配偶者 {spouse}　扶養親族 特定 {family['specific']}人・老人 {family['elderly']}人・"
            f"年少 {family['young']}人・その他 {family['other']}人　障害者 {family['disabled']}人")


def render_certificate(cert: IssuedCertificate, *, specimen: bool = False) -> bytes:
    """The certificate as PDF bytes (one A4 page)."""
    issuer = city()
    buffer = io.BytesIO()
    # The page stream is left uncompressed: ReportLab ASCII85-encodes compressed streams in pure
    # Python (without the optional rl-accel extension), which cost more than drawing the page.
    # The PDF grows by about 50 KB; fonts and the seal are compressed as usual.
    c = Canvas(buffer, pagesize=A4, pageCompression=0, invariant=True,
               initialFontName=register_fonts()[1])
    c.setTitle(f"{cert.kind_label} {cert.certificate_no}")
    c.setAuthor(issuer.city_name)
    p = _Page(c, mincho_only=True)
    _background(c)
    content = cert.content
    person = content["person"]
    issued_day = cert.issued_at.astimezone(TOKYO).date()

    p.text(RIGHT, HEIGHT - 18 * mm, f"証明番号　第 {cert.certificate_no} 号", size=10, align="right")
    p.text(WIDTH / 2, HEIGHT - 32 * mm, f"{wareki.fiscal_year_label(cert.tax_year)}　{cert.kind_label}",
           size=20, font=p.gothic, align="center")
    income_year = wareki.era_of(date(cert.tax_year - 1, 12, 31))
    p.text(WIDTH / 2, HEIGHT - 39 * mm,
           f"（{income_year[0].name}{income_year[1]}年中の所得）", size=10, align="center")

    y = HEIGHT - 50 * mm
    birth = date.fromisoformat(str(person["birth_date"]))
    for label, value in (("住所（現在）", str(person["address"])),
                         (f"住所（{wareki.format_long(date(cert.tax_year, 1, 1))}現在）",
                          str(person.get("levy_address") or person["address"])),
                         ("氏名", f"{person['family_name']}　{person['given_name']}"
                                  f"（{person['family_kana']}　{person['given_kana']}）"),
                         ("生年月日", wareki.format_long(birth))):
        p.text(LEFT, y, label, size=10, font=p.gothic)
        p.text(LEFT + 48 * mm, y, value, size=10.5)
        y -= 6.5 * mm

    kind = cert.kind
    y -= 3 * mm
    y = _table(p, y, "所得の状況", ("所得の種類", "収入金額", "所得金額"), _income_rows(content["incomes"]),
               (70 * mm, 50 * mm, 50 * mm)) - 8 * mm
    if kind in ("income_tax", "income"):
        # Two deductions a line, so the longest list (every deduction) still fits on the page.
        items = [(str(d["label"]), yen(int(d["amount"]))) for d in content["deductions"]]
        items += [("所得控除合計", yen(int(content["deductions_total"])))]
        if len(items) % 2:
            items.append(("", ""))
        half = len(items) // 2
        rows = [(*items[i], *items[half + i]) for i in range(half)]
        rows.append(("課税標準額", yen(int(content["taxable_income"])), "", ""))
        y = _table(p, y, "所得控除", ("控除の種類", "金額", "控除の種類", "金額"), rows,
                   (52 * mm, 33 * mm, 52 * mm, 33 * mm), label_columns=(0, 2)) - 6 * mm
    p.text(LEFT, y, _family_text(content["family"]), size=9.5)
    y -= 8 * mm
    if kind in ("income_tax", "tax"):
        taxes = content["taxes"]
        rows = [("市民税", yen(int(taxes["municipal_income_levy"])), yen(int(taxes["municipal_per_capita"])),
                 yen(int(taxes["municipal_income_levy"]) + int(taxes["municipal_per_capita"]))),
                ("県民税", yen(int(taxes["prefectural_income_levy"])), yen(int(taxes["prefectural_per_capita"])),
                 yen(int(taxes["prefectural_income_levy"]) + int(taxes["prefectural_per_capita"]))),
                ("森林環境税", "―", yen(int(taxes["forest_environment_tax"])),
                 yen(int(taxes["forest_environment_tax"]))),
                ("年税額合計", "", "", yen(int(taxes["annual_tax"])))]
        y = _table(p, y, "税額", ("区分", "所得割額", "均等割額", "計"), rows,
                   (55 * mm, 38 * mm, 38 * mm, 39 * mm)) - 8 * mm
    if kind == "non_taxable":
        p.text(LEFT, y, f"上記の者は、{wareki.fiscal_year_label(cert.tax_year)}の市民税・県民税（森林環境税を含む）が"
                        "非課税であることを", size=10.5)
        p.text(LEFT, y - 6 * mm, "証明します。", size=10.5)
        y -= 14 * mm

    p.text(LEFT, y, "使用目的", size=10, font=p.gothic)
    p.text(LEFT + 25 * mm, y, cert.purpose_label, size=10.5)
    if cert.replaces_no:
        p.text(RIGHT, y, f"再交付（旧番号 {cert.replaces_no} は無効）", size=9, align="right")

    # Attestation, date, issuer and seal follow the content, never lower than the QR block allows.
    y = min(y - 12 * mm, 88 * mm)
    if kind != "non_taxable":
        p.text(LEFT, y, ATTESTATION, size=11)
    p.text(LEFT, y - 9 * mm, wareki.format_long(issued_day), size=11)
    p.text(RIGHT - 27 * mm, y - 16 * mm, f"{issuer.issuer_title}　{issuer.mayor_name}", size=14, align="right")
    _draw_seal(c, RIGHT - 25 * mm, y - 25 * mm, 25 * mm)
    _qr(c, cert.qr, LEFT, 14 * mm, 28 * mm)
    p.text(LEFT + 31 * mm, 36 * mm, "真正性確認コード（証明番号と検証符号）", size=8, font=p.gothic)
    p.text(LEFT + 31 * mm, 31 * mm, cert.qr, size=7.5, font=p.gothic)
    p.text(LEFT + 31 * mm, 24 * mm, "この証明書の内容は市の証明書交付台帳で照合できます。", size=8)
    p.text(LEFT + 31 * mm, 19 * mm, "複写したものには「複写」の文字が現れます。", size=8)
    p.text(RIGHT, 10 * mm, issuer.department, size=8, align="right")
    if specimen:
        _specimen_overlay(c)
    c.showPage()
    c.save()
    return buffer.getvalue()


def specimen(kind: str, tax_year: int = 2025, *, issued_at: datetime | None = None) -> IssuedCertificate:
    """A certificate of synthetic data for checking printers and the layout (printed with 見本)."""
    labels = {"income_tax": "所得課税証明書", "income": "所得証明書", "tax": "課税証明書",
              "non_taxable": "非課税証明書"}
    if kind not in labels:
        raise UserError(f"証明書の種類 {kind} はありません（{', '.join(labels)}）。",
                        f"No certificate kind {kind} ({', '.join(labels)}).", field="kind")
    non_taxable = kind == "non_taxable"
    salary_revenue, salary_income = (930_000, 280_000) if non_taxable else (5_200_000, 3_720_000)
    base = salary_income
    taxes = ({"municipal_income_levy": 0, "municipal_per_capita": 0, "prefectural_income_levy": 0,
              "prefectural_per_capita": 0, "forest_environment_tax": 0, "annual_tax": 0} if non_taxable else
             {"municipal_income_levy": 131_100, "municipal_per_capita": 3_000, "prefectural_income_levy": 87_400,
              "prefectural_per_capita": 2_000, "forest_environment_tax": 1_000, "annual_tax": 224_500})
    content: dict[str, Any] = {
        "tax_year": tax_year, "income_year": tax_year - 1,
        "person": {"person_id": 9999999999, "family_name": "見本", "given_name": "花子", "family_kana": "ミホン",
                   "given_kana": "ハナコ", "birth_date": "1980-05-01", "postal_code": "025-0000",
                   "address": "花巻市見本町一丁目1番1号", "levy_address": "花巻市見本町一丁目1番1号"},
        "incomes": {"salary_revenue": salary_revenue, "salary_income": salary_income, "pension_revenue": 0,
                    "pension_income": 0, "business_income": 0, "agriculture_income": 0, "real_estate_income": 0,
                    "interest_income": 0, "dividend_income": 0, "misc_income": 0, "total_income": base,
                    "income_base": base},
        "deductions": [] if non_taxable else [{"label": "社会保険料控除", "amount": 750_000},
                                               {"label": "配偶者控除", "amount": 330_000},
                                               {"label": "基礎控除", "amount": 430_000}],
        "deductions_total": 0 if non_taxable else 1_510_000,
        "taxable_income": 0 if non_taxable else 2_210_000,
        "family": {"spouse": 0 if non_taxable else 1, "specific": 0, "elderly": 0, "young": 0, "other": 0,
                   "disabled": 0},
        "non_taxable": "all" if non_taxable else "none",
        "taxes": taxes,
    }
    return IssuedCertificate(0, "0000-000000", "JZC1:0000-000000:" + "0" * 32, kind, labels[kind], tax_year,
                             issued_at or datetime.now(TOKYO), "見本（印刷・レイアウト確認用）", 1, 0, None, None,
                             content)


_EVENTS = {"issue": "交付", "reprint": "再交付", "void": "無効", "pdf": "PDF記録", "printed": "印刷",
           "print_failed": "印刷失敗", "print_cancelled": "印刷中止"}


def event_label(event: str) -> str:
    return _EVENTS.get(event, event)


def render_daily_report(day: date, totals: list[CounterTotals], rows: list[LedgerRow]) -> bytes:
    """証明書交付日報: totals per counter for the cash register, then the day's ledger."""
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4, pageCompression=1, invariant=True,
               initialFontName=register_fonts()[1])
    c.setTitle(f"証明書交付日報 {wareki.format_long(day)}")
    p = _Page(c)
    issuer = city()

    def heading(page: int) -> float:
        p.text(WIDTH / 2, HEIGHT - 20 * mm, f"証明書交付日報　{wareki.format_long(day)}", size=16,
               font=p.gothic, align="center")
        p.text(RIGHT, HEIGHT - 27 * mm, f"{issuer.department}　{page}頁", size=9, align="right")
        return HEIGHT - 38 * MM

    page = 1
    y = heading(page)
    header = ("窓口（端末）", "交付", "再交付", "無効", "通数", "有料", "免除", "手数料", "印刷失敗")
    widths = (42 * mm, 13 * mm, 15 * mm, 13 * mm, 15 * mm, 15 * mm, 15 * mm, 23 * mm, 19 * mm)
    body = [(t.terminal, str(t.issued), str(t.reprinted), str(t.voided), str(t.copies), str(t.paid_copies),
             str(t.exempt_copies), yen(t.fees), str(t.print_failures)) for t in totals]
    body.append(("合計", str(sum(t.issued for t in totals)), str(sum(t.reprinted for t in totals)),
                 str(sum(t.voided for t in totals)), str(sum(t.copies for t in totals)),
                 str(sum(t.paid_copies for t in totals)), str(sum(t.exempt_copies for t in totals)),
                 yen(sum(t.fees for t in totals)), str(sum(t.print_failures for t in totals))))
    y = _table(p, y, "窓口別集計（レジ照合用）", header, body, widths) - 10 * mm
    p.text(LEFT, y, "交付台帳", size=10.5, font=p.gothic)
    y -= 6 * mm
    columns = ((0, "時刻"), (16, "区分"), (32, "証明番号"), (56, "種類"), (86, "氏名"), (116, "通数"),
               (128, "手数料"), (146, "職員・端末"))
    for x, label in columns:
        p.text(LEFT + x * mm, y, label, size=8.5, font=p.gothic)
    y -= 5 * mm
    for row in rows:
        if row.event == "pdf":
            continue
        if y < 20 * mm:
            c.showPage()
            page += 1
            y = heading(page)
        values = (row.at.astimezone(TOKYO).strftime("%H:%M:%S"), event_label(row.event), row.certificate_no,
                  row.kind_label, row.person_name, str(row.copies) if row.copies else "",
                  yen(row.fee) if row.event in ("issue", "reprint") else "", f"{row.staff} {row.terminal}")
        for (x, _), value in zip(columns, values, strict=True):
            p.text(LEFT + x * mm, y, value, size=8)
        y -= 4.8 * mm
    c.showPage()
    c.save()
    return buffer.getvalue()


def page_image(pdf: bytes, dpi: int = 100) -> bytes:
    """The first page as PNG (poppler's pdftoppm through pipes: no temporary file holds the
    certificate), for the on-screen preview; runs on a worker thread."""
    import subprocess

    try:
        done = subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-"], input=pdf,
                              capture_output=True, timeout=60, check=True)
    except (OSError, subprocess.SubprocessError) as exc:
        raise UserError("プレビューを表示できません（poppler-utils を確認してください）。",
                        "Cannot show the preview (check poppler-utils).") from exc
    return done.stdout
