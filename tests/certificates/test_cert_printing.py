"""Printing a certificate on a real CUPS queue (a private cupsd started by the test session): the
page comes out (rasterised and checked for ink), the ledger holds the hash of exactly the bytes
handed to the printer, and a failed print is recorded."""

from __future__ import annotations

import hashlib
import subprocess
import time
from pathlib import Path

import pytest
from PIL import Image

from app.models.certificate import CertificateRequest
from app.services import certificates, printing
from app.services.db import Database
from tests.certificates.conftest import TARO
from tests.certificates.cups_support import PrivateCups
from tests.support.database import ProvisionedDb

pytestmark = pytest.mark.db
REQUEST = CertificateRequest(TARO, "income_tax", 2025, "self", "my_number_card", "loan", copies=2)


def wait_for_output(cups: PrivateCups, job: str, target: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if target.exists() and target.stat().st_size > 0 and printing.job_state(job, cups.env) == "completed":
            return
        time.sleep(0.1)
    raise AssertionError("no output from the queue: " + cups.log())


def test_printers_and_default(private_cups: PrivateCups, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CUPS_SERVER", private_cups.server)
    assert "C8PDF" in printing.list_printers()
    assert printing.default_printer("窓口プリンタ1") == "窓口プリンタ1"  # the workstation setting wins
    assert printing.default_printer("") == "C8PDF"  # else the CUPS default or first queue


def test_certificate_prints_a_page(private_cups: PrivateCups, clerk: Database, cert_db: ProvisionedDb,
                                   monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CUPS_SERVER", private_cups.server)
    target = private_cups.out_dir / "C8PDF.pdf"
    target.unlink(missing_ok=True)
    result = certificates.issue_and_print(clerk, REQUEST, "C8PDF")
    assert result.outcome == "printed" and result.job.startswith("C8PDF-")
    wait_for_output(private_cups, result.job, target)
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           1" in info and "595 x 842 pts (A4)" in info, info  # A4, unscaled
    job_number = result.job.rsplit("-", 1)[1]
    deadline = time.monotonic() + 30
    while f"C8PDF root {job_number} " not in private_cups.page_log() and time.monotonic() < deadline:
        time.sleep(0.1)
    job_line = next(line for line in private_cups.page_log().splitlines() if f"C8PDF root {job_number} " in line)
    assert "total 2 " in job_line, job_line  # the two copies issued are two sheets
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-singlefile", str(target), str(tmp_path / "page")], check=True)
    image = Image.open(tmp_path / "page.png").convert("L")
    assert image.size[0] < image.size[1]  # A4 portrait
    inked = sum(count for value, count in enumerate(image.histogram()) if value < 128)
    assert inked > 500, "the printed page is blank"
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert result.rendered.certificate.certificate_no in text and "佐藤" in text
    with cert_db.admin() as cur:
        cur.execute("SELECT encode(pdf_sha256, 'hex'), print_status FROM ledger.certificate"
                    " WHERE certificate_id = %s", (result.rendered.certificate.certificate_id,))
        assert cur.fetchone() == (hashlib.sha256(result.rendered.pdf).hexdigest(), "printed")
        cur.execute("SELECT pdf FROM ledger.certificate_pdf WHERE certificate_id = %s",
                    (result.rendered.certificate.certificate_id,))
        assert bytes(cur.fetchone()[0]) == result.rendered.pdf  # archived: the very bytes given to lp


def test_a_failed_print_is_recorded(private_cups: PrivateCups, clerk: Database, cert_db: ProvisionedDb,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CUPS_SERVER", private_cups.server)
    result = certificates.issue_and_print(clerk, REQUEST, "C8_NO_SUCH_QUEUE")
    assert result.outcome == "failed" and "印刷できませんでした" in result.message
    with cert_db.admin() as cur:
        cur.execute("SELECT event FROM ledger.certificate_event WHERE certificate_id = %s ORDER BY event_id",
                    (result.rendered.certificate.certificate_id,))
        assert [r[0] for r in cur.fetchall()] == ["issue", "pdf", "print_failed"]
    # The clerk reprints: new number, old voided, no second fee.
    again = certificates.reprint(clerk, result.rendered.certificate.certificate_id, "印刷失敗")
    assert again.fee_total == 0 and again.replaces_no == result.rendered.certificate.certificate_no
