"""Regressions from the security review X8: who may use a second check, reprint re-validation,
print outcome on voided certificates, and verification showing the certified figures."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import psycopg2
import pytest

from app.models.certificate import CertificateRequest
from app.services import certificates
from app.services.db import Database
from app.services.errors import Refused
from tests.certificates.conftest import HANAKO, TARO, ledger_counts
from tests.support.database import ProvisionedDb

pytestmark = pytest.mark.db

PROXY = CertificateRequest(TARO, "income_tax", 2025, "proxy", "drivers_license", "loan", power_of_attorney=True)


def test_checker_cannot_issue_with_a_check_another_requested(clerk: Database, checker: Database,
                                                              cert_db: ProvisionedDb) -> None:
    # The reviewer's case: the checker asks for the check, the clerk approves it and issues with it.
    check = certificates.request_check(checker, PROXY)
    certificates.approve_check(clerk, check)
    before = ledger_counts(cert_db)
    with pytest.raises(Refused, match="確認を依頼した職員"):
        certificates.issue(clerk, PROXY, check)
    assert ledger_counts(cert_db) == before
    # The staff member who asked may issue with it (approved by someone else).
    cert = certificates.issue(checker, PROXY, check)
    with cert_db.admin() as cur:
        cur.execute("SELECT staff, checked_by FROM ledger.certificate WHERE certificate_id = %s",
                    (cert.certificate_id,))
        assert cur.fetchone() == ("s_c8check", "s_c8clerk")


def test_ledger_refuses_a_certificate_checked_by_its_issuer(clerk: Database, cert_db: ProvisionedDb) -> None:
    cert = certificates.issue(clerk, CertificateRequest(TARO, "tax", 2025, "self", "passport", "loan"))
    with cert_db.admin() as cur, pytest.raises(psycopg2.errors.CheckViolation):
        cur.execute("UPDATE ledger.certificate SET checked_by = staff WHERE certificate_id = %s",
                    (cert.certificate_id,))


@pytest.fixture
def hanako_taxable(cert_db: ProvisionedDb) -> Iterator[None]:
    """佐藤花子 becomes taxable for 2025 (a corrected assessment); restored afterwards."""
    with cert_db.admin() as cur:
        cur.execute("UPDATE ledger.assessment SET non_taxable = 'none' WHERE person_id = %s AND tax_year = 2025",
                    (HANAKO,))
    yield
    with cert_db.admin() as cur:
        cur.execute("UPDATE ledger.assessment SET non_taxable = 'all' WHERE person_id = %s AND tax_year = 2025",
                    (HANAKO,))


def _hanako_non_taxable(clerk: Database) -> int:
    request = CertificateRequest(HANAKO, "non_taxable", 2025, "self", "my_number_card", "welfare")
    return certificates.issue(clerk, request).certificate_id


def test_reprint_refuses_when_the_person_became_taxable(clerk: Database, cert_db: ProvisionedDb,
                                                        request: pytest.FixtureRequest) -> None:
    old_id = _hanako_non_taxable(clerk)
    request.getfixturevalue("hanako_taxable")
    before = ledger_counts(cert_db)
    with pytest.raises(Refused, match="非課税証明書は交付できません"):
        certificates.reprint(clerk, old_id, "紛失")
    assert ledger_counts(cert_db) == before
    with cert_db.admin() as cur:
        cur.execute("SELECT status FROM ledger.certificate WHERE certificate_id = %s", (old_id,))
        assert cur.fetchone() == ("issued",)  # the old certificate is not voided by a refused reprint


def test_reprint_refuses_when_the_figures_changed(clerk: Database, cert_db: ProvisionedDb) -> None:
    old = certificates.issue(clerk, CertificateRequest(TARO, "income", 2025, "self", "passport", "loan"))
    with cert_db.admin() as cur:
        cur.execute("UPDATE ledger.assessment SET misc_income = misc_income + 1 WHERE person_id = %s"
                    " AND tax_year = 2025", (TARO,))
    try:
        with pytest.raises(Refused, match="新たに交付"):
            certificates.reprint(clerk, old.certificate_id, "紛失")
    finally:
        with cert_db.admin() as cur:
            cur.execute("UPDATE ledger.assessment SET misc_income = misc_income - 1 WHERE person_id = %s"
                        " AND tax_year = 2025", (TARO,))
    assert certificates.reprint(clerk, old.certificate_id, "紛失").content == old.content


def test_reprint_does_not_copy_the_second_check(clerk: Database, checker: Database,
                                                cert_db: ProvisionedDb) -> None:
    check = certificates.request_check(clerk, PROXY)
    certificates.approve_check(checker, check)
    old = certificates.issue(clerk, PROXY, check)
    with pytest.raises(Refused, match="別の職員による確認が必要"):
        certificates.reprint(clerk, old.certificate_id, "汚損")
    again = certificates.request_check(clerk, PROXY)
    certificates.approve_check(checker, again)
    new = certificates.reprint(clerk, old.certificate_id, "汚損", again)
    with cert_db.admin() as cur:
        cur.execute("SELECT checked_by FROM ledger.certificate WHERE certificate_id = %s", (new.certificate_id,))
        assert cur.fetchone() == ("s_c8check",)
    # A self request needs no check: the reprint carries none.
    plain = certificates.issue(clerk, replace(PROXY, requester="self", power_of_attorney=False))
    reprinted = certificates.reprint(clerk, plain.certificate_id, "汚損")
    with cert_db.admin() as cur:
        cur.execute("SELECT checked_by FROM ledger.certificate WHERE certificate_id = %s",
                    (reprinted.certificate_id,))
        assert cur.fetchone() == (None,)


def test_printed_cannot_be_recorded_for_a_voided_certificate(clerk: Database, cert_db: ProvisionedDb) -> None:
    cert = certificates.issue(clerk, CertificateRequest(TARO, "tax", 2025, "self", "passport", "loan"))
    certificates.record_pdf(clerk, cert.certificate_id, b"%PDF-x", 1)
    certificates.void(clerk, cert.certificate_id, "取下げ")
    with pytest.raises(Refused, match="無効"):
        certificates.record_print(clerk, cert.certificate_id, "printed", "Q")
    with cert_db.admin() as cur:
        cur.execute("SELECT print_status FROM ledger.certificate WHERE certificate_id = %s", (cert.certificate_id,))
        assert cur.fetchone() == ("pending",)


def test_verify_returns_the_certified_figures(clerk: Database) -> None:
    cert = certificates.issue(clerk, CertificateRequest(TARO, "income_tax", 2025, "self", "passport", "loan"))
    found = certificates.verify(clerk, cert.qr)
    assert found.genuine and found.kind == "income_tax"
    assert found.content is not None
    assert found.content["incomes"] == cert.content["incomes"]
    assert found.content["taxes"] == cert.content["taxes"]
    assert found.content["non_taxable"] == cert.content["non_taxable"]
    assert found.content["tax_year"] == 2025
    assert "my_number" not in str(found.content)
    assert certificates.verify(clerk, cert.qr[:-1] + ("0" if cert.qr[-1] != "0" else "1")).content is None


def test_a_fee_exemption_needs_a_second_check_by_default(clerk: Database, checker: Database,
                                                         cert_db: ProvisionedDb) -> None:
    with cert_db.admin() as cur:
        cur.execute("SELECT check_exemption FROM ledger.certificate_policy")
        assert cur.fetchone() == (True,)
    waived = CertificateRequest(TARO, "tax", 2025, "self", "passport", "welfare", exemption="public_assistance")
    before = ledger_counts(cert_db)
    with pytest.raises(Refused, match="別の職員による確認が必要"):
        certificates.issue(clerk, waived)  # one clerk alone cannot waive the fee
    assert ledger_counts(cert_db) == before
    check = certificates.request_check(clerk, waived)
    pending = next(p for p in certificates.pending_checks(checker) if p.check_id == check)
    # The checker sees what to verify: the document, the 委任状, the waiver and the purpose.
    assert (pending.document_label, pending.power_of_attorney, pending.exemption_label, pending.purpose_label) == (
        "旅券（パスポート）", False, "生活保護の申請・受給", "福祉サービス・年金の手続")
    certificates.approve_check(checker, check)
    assert certificates.issue(clerk, waived, check).fee_total == 0
