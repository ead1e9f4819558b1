"""The certificate PDF: content by text extraction, embedded fonts, no My Number, refusal of
characters the font lacks, and the command line (specimen, verify, daily report)."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.cli import main
from app.i18n import UserError
from app.models.certificate import CertificateRequest
from app.services import certificate_pdf, certificates
from app.services.db import Database
from tests.certificates.conftest import HANAKO, TARO
from tests.support.database import KNOWN_PERSONS, ProvisionedDb


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "c.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout


def pdf_fonts(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    path = tmp_path / "f.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    return [line.split() for line in out.splitlines()[2:]]


@pytest.mark.db
def test_issued_certificate_text_and_fonts(clerk: Database, tmp_path: Path) -> None:
    cert = certificates.issue(clerk, CertificateRequest(TARO, "income_tax", 2025, "self", "my_number_card", "loan"))
    pdf = certificate_pdf.render_certificate(cert)
    assert certificate_pdf.page_count(pdf) == 1
    text = pdf_text(pdf, tmp_path)
    for expected in ("令和7年度", "所得課税証明書", "令和6年中の所得", "佐藤", "太郎", "昭和55年5月1日",
                     "花巻市花城町9番30号", "5,200,000円", "3,720,000円", "社会保険料控除", "750,000円",
                     "1,510,000円", "131,100円", "87,400円", "1,000円", "224,500円", "融資・ローンの申込み",
                     cert.certificate_no, cert.qr, certificate_pdf.ATTESTATION, "花巻市長"):
        assert expected in text, expected
    assert "見本" not in text and "配偶者 有" in text
    assert certificate_pdf.render_certificate(cert) == pdf  # deterministic: reproducible from the ledger
    for person in KNOWN_PERSONS:  # never a My Number
        assert person[1] not in text and person[1] not in pdf.decode("latin-1")
    fonts = pdf_fonts(pdf, tmp_path)
    assert fonts and all("IPAex" in f[0] and f[-5] == "yes" for f in fonts), fonts  # every font embedded


@pytest.mark.db
def test_non_taxable_certificate(clerk: Database, tmp_path: Path) -> None:
    cert = certificates.issue(clerk, CertificateRequest(HANAKO, "non_taxable", 2025, "self", "passport", "nursery"))
    text = pdf_text(certificate_pdf.render_certificate(cert), tmp_path)
    assert "非課税証明書" in text and "非課税であることを" in text and "花子" in text


def test_specimens_of_every_kind(tmp_path: Path) -> None:
    for kind in ("income_tax", "income", "tax", "non_taxable"):
        text = pdf_text(certificate_pdf.render_certificate(certificate_pdf.specimen(kind), specimen=True), tmp_path)
        assert "見本" in text and certificate_pdf.specimen(kind).kind_label in text
    assert "所得割額" not in pdf_text(certificate_pdf.render_certificate(certificate_pdf.specimen("income")),
                                     tmp_path)
    assert "所得控除" not in pdf_text(certificate_pdf.render_certificate(certificate_pdf.specimen("tax")), tmp_path)


def test_a_character_missing_from_the_font_is_refused() -> None:
    cert = certificate_pdf.specimen("income_tax")
    person = {**cert.content["person"], "given_name": "\u9fa6"}  # a CJK ideograph IPAex lacks (外字)
    with pytest.raises(UserError, match="外字"):
        certificate_pdf.render_certificate(replace(cert, content={**cert.content, "person": person}))


def test_cli_specimen(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "specimen.pdf"
    assert main(["certificate", "specimen", "--kind", "income_tax", "--out", str(out)]) == 0
    assert "見本" in pdf_text(out.read_bytes(), tmp_path)
    with pytest.raises(SystemExit) as bad:
        main(["certificate", "specimen", "--kind", "bogus", "--out", str(out)])
    assert bad.value.code == 2
    assert main(["certificate", "specimen", "--kind", "tax", "--out", str(tmp_path / "no" / "x.pdf")]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "書き込めません" in captured.err


@pytest.mark.db
def test_cli_verify_and_daily_report(cert_db: ProvisionedDb, clerk: Database, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    cert = certificates.issue(clerk, CertificateRequest(TARO, "tax", 2025, "self", "my_number_card", "loan"))
    url = cert_db.staff_url("C8CLERK")
    assert main(["certificate", "verify", "--url", url, cert.qr]) == 0
    verified = json.loads(capsys.readouterr().out)
    assert verified["genuine"] is True and verified["kind"] == "tax"
    # The certified figures are printed for the counter to compare (review X8), never the My Number.
    assert verified["content"]["taxes"] == cert.content["taxes"] and "my_number" not in json.dumps(verified)
    assert main(["certificate", "verify", "--url", url, cert.qr[:-1] + ("A" if cert.qr[-1] != "A" else "B")]) == 1
    assert '"genuine": false' in capsys.readouterr().out
    out = tmp_path / "daily.pdf"
    day = datetime.now(ZoneInfo("Asia/Tokyo")).date().isoformat()
    assert main(["certificate", "daily-report", "--url", url, "--date", day, "--out", str(out)]) == 0
    text = pdf_text(out.read_bytes(), tmp_path)
    totals = certificates.daily_report(clerk, datetime.now(ZoneInfo("Asia/Tokyo")).date())
    assert "証明書交付日報" in text and "local-socket" in text and f"{sum(t.fees for t in totals):,}円" in text
    assert cert.certificate_no in text
    assert main(["certificate", "daily-report", "--url", url, "--date", "2026-13-01", "--out", str(out)]) == 2


def _background_page(words: bool) -> bytes:
    import io as _io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buffer = _io.BytesIO()
    c = Canvas(buffer, pagesize=A4, invariant=True, initialFontName=certificate_pdf.register_fonts()[1])
    if words:
        certificate_pdf._background(c)
    else:  # the fine screen alone
        c.setStrokeColor(certificate_pdf.TINT)
        c.setLineWidth(0.25)
        c.addLiteral(certificate_pdf._hatch(3, +1))
    c.showPage()
    c.save()
    return buffer.getvalue()


def _grey(pdf: bytes) -> object:
    import io as _io

    from PIL import Image

    ppm = subprocess.run(["pdftoppm", "-r", "150", "-gray", "-singlefile", "-"], input=pdf, capture_output=True,
                         check=True).stdout
    return Image.open(_io.BytesIO(ppm)).convert("L")


def test_latent_copy_pattern() -> None:
    """A crude copier (optics blur, then black/white threshold) loses the fine screen but keeps the
    coarse one inside 複写; on the original both have the same average tone."""
    from PIL import Image, ImageFilter, ImageStat

    plain, latent = _grey(_background_page(False)), _grey(_background_page(True))
    assert isinstance(plain, Image.Image) and isinstance(latent, Image.Image)
    assert abs(ImageStat.Stat(plain).mean[0] - ImageStat.Stat(latent).mean[0]) < 1.5  # even on the original

    def copied_dark_pixels(image: Image.Image) -> int:
        copy = image.filter(ImageFilter.GaussianBlur(1.2)).point(lambda v: 0 if v < 236 else 255)
        return copy.histogram()[0]

    assert copied_dark_pixels(plain) == 0
    assert copied_dark_pixels(latent) > 5_000  # the words come out on the copy
