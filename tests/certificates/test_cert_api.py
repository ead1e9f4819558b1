"""The certificate api against the real database: issue, refusals, second check, reprint, void,
PDF hash, verification, daily report, and attacks by staff roles."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import psycopg2
import pytest

from app.models.certificate import CertificateRequest
from app.services import certificates
from app.services.db import Database
from app.services.errors import PermissionDenied, Refused
from tests.certificates.conftest import HANAKO, ICHIRO, TARO, ledger_counts
from tests.support.database import KNOWN_PERSONS, ProvisionedDb

pytestmark = pytest.mark.db

TARO_SELF = CertificateRequest(TARO, "income_tax", 2025, "self", "my_number_card", "loan", copies=2)


def today() -> datetime:
    return datetime.now(ZoneInfo("Asia/Tokyo"))


def test_issue_income_tax_certificate(clerk: Database, cert_db: ProvisionedDb) -> None:
    before = ledger_counts(cert_db)
    cert = certificates.issue(clerk, TARO_SELF)
    assert cert.certificate_no.startswith(f"{today().year}-")
    assert cert.qr == f"JZC1:{cert.certificate_no}:" + cert.qr.rsplit(":", 1)[1]
    assert len(cert.qr.rsplit(":", 1)[1]) == 32
    assert cert.kind_label == "所得課税証明書"
    assert cert.fee_total == 600 and cert.copies == 2 and cert.exemption is None
    content = cert.content
    assert content["person"]["family_name"] == "佐藤" and content["person"]["given_name"] == "太郎"
    assert content["incomes"]["salary_revenue"] == 5_200_000
    assert content["incomes"]["salary_income"] == 3_720_000
    assert content["taxes"]["annual_tax"] == 224_500
    assert {d["label"] for d in content["deductions"]} >= {"社会保険料控除", "配偶者控除", "基礎控除"}
    assert content["family"]["spouse"] == 1
    # Never the My Number, in any form.
    assert "my_number" not in str(content)
    assert all(p[1] not in str(content) for p in KNOWN_PERSONS)
    after = ledger_counts(cert_db)
    assert after == (before[0] + 1, before[1] + 1)
    with cert_db.admin() as cur:
        cur.execute("SELECT staff, terminal, requester, identity_document, purpose, copies, fee_total"
                    " FROM ledger.certificate WHERE certificate_id = %s", (cert.certificate_id,))
        assert cur.fetchone() == ("s_c8clerk", "local-socket", "self", "my_number_card", "loan", 2, 600)
        cur.execute("SELECT action, person_id, purpose, result FROM audit.event WHERE action = 'certificate.issue'"
                    " AND detail LIKE %s", (f"no={cert.certificate_no}%",))
        assert cur.fetchone() == ("certificate.issue", TARO, "certificate", "ok")


def test_mac_is_hmac_sha256_with_the_server_key(clerk: Database, cert_db: ProvisionedDb) -> None:
    cert = certificates.issue(clerk, TARO_SELF)
    with cert_db.admin() as cur:
        cur.execute("SELECT key FROM ledger.certificate_key")
        key = bytes(cur.fetchone()[0])
        cur.execute("SELECT (extract(epoch FROM issued_at) * 1000000)::bigint FROM ledger.certificate"
                    " WHERE certificate_id = %s", (cert.certificate_id,))
        micros = cur.fetchone()[0]
    message = f"JZC1:{cert.certificate_no}:{TARO}:income_tax:2025:{micros}".encode()
    assert cert.qr.endswith(hmac.new(key, message, hashlib.sha256).digest()[:16].hex().upper())


@pytest.mark.parametrize(("request_", "message"), [
    (replace(TARO_SELF, tax_year=2024), "令和6年度の課税（賦課決定）の記録がない"),
    (replace(TARO_SELF, kind="non_taxable"), "課税されているため、非課税証明書は交付できません"),
    (replace(TARO_SELF, requester="proxy", power_of_attorney=False), "委任状が必要です"),
    (replace(TARO_SELF, requester="household", requester_person_id=ICHIRO), "同一世帯であることを確認できません"),
    (replace(TARO_SELF, requester="official", identity_document="official_request"), "官公署名を入力"),
    (replace(TARO_SELF, copies=0), "通数は1から10通まで"),
    (replace(TARO_SELF, purpose="shopping"), "使用目的を選択"),
    (replace(TARO_SELF, exemption="reprint"), "手数料免除の理由"),
])
def test_refusals_leave_nothing_in_the_ledger(clerk: Database, cert_db: ProvisionedDb,
                                              request_: CertificateRequest, message: str) -> None:
    before = ledger_counts(cert_db)
    with pytest.raises(Refused) as refused:
        certificates.issue(clerk, request_)
    assert message in refused.value.ja
    with pytest.raises(Refused):
        certificates.preview(clerk, request_)
    assert ledger_counts(cert_db) == before
    with cert_db.admin() as cur:  # the refused attempt is in the audit trail
        cur.execute("SELECT result FROM audit.event WHERE action = 'certificate.issue' ORDER BY event_id DESC"
                    " LIMIT 1")
        assert cur.fetchone() == ("denied",)


def test_non_taxable_and_household_member(clerk: Database) -> None:
    cert = certificates.issue(clerk, CertificateRequest(HANAKO, "non_taxable", 2025, "household",
                                                        "drivers_license", "nursery", requester_person_id=TARO))
    assert cert.content["non_taxable"] == "all" and cert.content["taxes"]["annual_tax"] == 0
    assert cert.fee_total == 300


def test_official_request_is_free(clerk: Database) -> None:
    cert = certificates.issue(clerk, CertificateRequest(ICHIRO, "tax", 2025, "official", "official_request",
                                                        "official_use", requester_office="岩手県花巻警察署"))
    assert cert.fee_total == 0 and cert.exemption == "official"


def test_preview_issues_nothing(clerk: Database, cert_db: ProvisionedDb) -> None:
    before = ledger_counts(cert_db)
    shown = certificates.preview(clerk, TARO_SELF)
    assert shown.certificate_no == "0000-000000" and shown.fee_total == 600
    assert shown.content == certificates.issue(clerk, TARO_SELF).content
    assert ledger_counts(cert_db)[0] == before[0] + 1


def test_proxy_needs_a_second_staff_member(clerk: Database, checker: Database) -> None:
    proxy = replace(TARO_SELF, requester="proxy", power_of_attorney=True, identity_document="drivers_license")
    with pytest.raises(Refused, match="別の職員による確認が必要"):
        certificates.issue(clerk, proxy)
    check = certificates.request_check(clerk, proxy)
    assert any(p.check_id == check for p in certificates.pending_checks(checker))
    with pytest.raises(Refused, match="別の職員による確認が必要"):
        certificates.issue(clerk, proxy, check)  # not approved yet
    with pytest.raises(PermissionDenied, match="別の職員が確認"):
        certificates.approve_check(clerk, check)
    certificates.approve_check(checker, check)
    with pytest.raises(Refused, match="別の職員による確認が必要"):
        certificates.issue(clerk, replace(proxy, copies=5), check)  # a check binds the request
    cert = certificates.issue(clerk, proxy, check)
    assert cert.fee_total == 600
    with pytest.raises(Refused, match="別の職員による確認が必要"):
        certificates.issue(clerk, proxy, check)  # used once


def test_reprint_voids_the_old_number_without_a_second_fee(clerk: Database, cert_db: ProvisionedDb) -> None:
    old = certificates.issue(clerk, TARO_SELF)
    new = certificates.reprint(clerk, old.certificate_id, "用紙詰まり")
    assert new.certificate_no != old.certificate_no and new.replaces_no == old.certificate_no
    assert new.fee_total == 0 and new.exemption == "reprint" and new.content == old.content
    old_check = certificates.verify(clerk, old.qr)
    assert old_check.genuine and old_check.status == "voided" and old_check.replaced_by == new.certificate_no
    assert certificates.verify(clerk, new.qr).status == "issued"
    with pytest.raises(Refused, match="すでに無効"):
        certificates.reprint(clerk, old.certificate_id, "再度")
    with cert_db.admin() as cur:
        cur.execute("SELECT event, fee FROM ledger.certificate_event WHERE certificate_id IN (%s, %s)"
                    " ORDER BY event_id", (old.certificate_id, new.certificate_id))
        assert cur.fetchall() == [("issue", 600), ("void", 0), ("reprint", 0)]


def test_void(clerk: Database) -> None:
    cert = certificates.issue(clerk, TARO_SELF)
    with pytest.raises(Refused, match="理由"):
        certificates.void(clerk, cert.certificate_id, "  ")
    certificates.void(clerk, cert.certificate_id, "請求取下げ")
    found = certificates.verify(clerk, cert.qr)
    assert found.genuine and found.status == "voided" and found.void_reason == "請求取下げ"


def test_verify_rejects_tampered_codes(clerk: Database) -> None:
    cert = certificates.issue(clerk, TARO_SELF)
    good = certificates.verify(clerk, cert.qr)
    assert good.genuine and good.person_name == "佐藤　太郎" and good.tax_year == 2025
    assert good.kind_label == "所得課税証明書" and good.terminal == "local-socket"
    prefix, number, mac = cert.qr.split(":")
    flipped = mac[:-1] + ("0" if mac[-1] != "0" else "1")
    assert certificates.verify(clerk, f"{prefix}:{number}:{flipped}").reason == "mac"
    year, serial = number.split("-")
    other = f"{year}-{int(serial) - 1:06d}"
    assert certificates.verify(clerk, f"{prefix}:{other}:{mac}").genuine is False
    assert certificates.verify(clerk, "JZC1:2026-999999:" + "0" * 32).reason == "unknown"
    assert certificates.verify(clerk, "hello").reason == "malformed"


def test_pdf_hash_and_print_outcome(clerk: Database, checker: Database, cert_db: ProvisionedDb) -> None:
    cert = certificates.issue(clerk, TARO_SELF)
    with pytest.raises(Refused, match="PDF が記録されていない"):
        certificates.record_print(clerk, cert.certificate_id, "printed", "Q")
    with pytest.raises(Refused, match="記録できません"):
        certificates.record_pdf(checker, cert.certificate_id, b"%PDF-x", 1)  # another clerk's certificate
    sha = certificates.record_pdf(clerk, cert.certificate_id, b"%PDF-x", 1)
    with pytest.raises(Refused, match="すでに記録"):
        certificates.record_pdf(clerk, cert.certificate_id, b"%PDF-y", 1)
    certificates.record_print(clerk, cert.certificate_id, "failed", "Q", "paper jam")
    assert sha == hashlib.sha256(b"%PDF-x").hexdigest()
    with pytest.raises(Refused, match="PDF の記録が不正"):
        certificates.record_pdf(clerk, certificates.issue(clerk, TARO_SELF).certificate_id, b"<html>", 1)
    with cert_db.admin() as cur:
        cur.execute("SELECT encode(pdf_sha256, 'hex'), print_status FROM ledger.certificate"
                    " WHERE certificate_id = %s", (cert.certificate_id,))
        assert cur.fetchone() == (sha, "failed")
        cur.execute("SELECT pdf FROM ledger.certificate_pdf WHERE certificate_id = %s", (cert.certificate_id,))
        assert bytes(cur.fetchone()[0]) == b"%PDF-x"  # the archived bytes
        cur.execute("SELECT event FROM ledger.certificate_event WHERE certificate_id = %s ORDER BY event_id",
                    (cert.certificate_id,))
        assert [r[0] for r in cur.fetchall()] == ["issue", "pdf", "print_failed"]


def test_daily_report_totals_match_the_ledger(clerk: Database, cert_db: ProvisionedDb) -> None:
    certificates.issue(clerk, TARO_SELF)
    day = today().date()
    totals = certificates.daily_report(clerk, day)
    rows = certificates.ledger(clerk, day)
    assert [t.terminal for t in totals] == ["local-socket"]
    total = totals[0]
    assert total.fees == sum(r.fee for r in rows) > 0
    assert total.issued == sum(1 for r in rows if r.event == "issue")
    assert total.copies == sum(r.copies for r in rows if r.event in ("issue", "reprint"))
    assert total.paid_copies + total.exempt_copies == total.copies
    with cert_db.admin() as cur:
        cur.execute("SELECT coalesce(sum(fee_total), 0) FROM ledger.certificate"
                    " WHERE (issued_at AT TIME ZONE 'Asia/Tokyo')::date = %s", (day,))
        assert cur.fetchone()[0] == total.fees


def test_find_person_and_options(clerk: Database) -> None:
    found = certificates.find_person(clerk, "さとう")
    assert [p.person_id for p in found] == [HANAKO, TARO] or {p.person_id for p in found} == {TARO, HANAKO}
    taro = next(p for p in found if p.person_id == TARO)
    assert taro.years[0].tax_year == 2025 and taro.years[0].status == "assessed"
    assert [p.person_id for p in certificates.find_person(clerk, str(ICHIRO))] == [ICHIRO]
    options = certificates.options(clerk)
    assert options.fee_per_copy == 300 and options.kinds[0].code == "income_tax"
    assert options.needs_check(replace(TARO_SELF, requester="proxy"))


def test_inquiry_staff_cannot_use_certificates(inquirer: Database) -> None:
    with pytest.raises(PermissionDenied, match="certificate_issue"):
        certificates.issue(inquirer, TARO_SELF)
    with pytest.raises(PermissionDenied):
        certificates.verify(inquirer, "JZC1:2026-000001:" + "0" * 32)


@pytest.mark.parametrize("statement", [
    "SELECT * FROM ledger.certificate",
    "SELECT key FROM ledger.certificate_key",
    "SELECT pdf FROM ledger.certificate_pdf",
    "UPDATE ledger.certificate SET fee_total = 0",
    "INSERT INTO ledger.certificate_event (certificate_id, event, terminal) VALUES (1, 'issue', 'x')",
    "UPDATE ledger.certificate_policy SET fee_per_copy = 0",
    "SELECT ledger.certificate_content(1000000001, 2025)",
    "SELECT ledger.hmac_sha256('a'::bytea, 'b'::bytea)",
    "SELECT ledger.certificate_new('{}'::jsonb, '{}'::jsonb, 0, NULL, NULL, NULL)",
])
def test_staff_have_no_direct_access(cert_db: ProvisionedDb, statement: str) -> None:
    conn = cert_db.staff("C8CLERK")
    try:
        with pytest.raises(psycopg2.errors.InsufficientPrivilege), conn.cursor() as cur:
            cur.execute(statement)
    finally:
        conn.close()


def test_ledger_events_are_insert_only(cert_db: ProvisionedDb, clerk: Database) -> None:
    certificates.issue(clerk, TARO_SELF)
    with cert_db.admin() as cur, pytest.raises(psycopg2.errors.InsufficientPrivilege):
        cur.execute("SET ROLE juminzei_owner; DELETE FROM ledger.certificate_event")


def test_fee_and_policy_are_set_by_an_administrator(fresh_db: ProvisionedDb) -> None:
    from app.services.staff import add_staff
    from tests.support.database import STAFF_PASSWORD

    add_staff(fresh_db.admin_url, "C8ADMIN", "証明 管理", ("r_admin",), STAFF_PASSWORD)
    add_staff(fresh_db.admin_url, "C8CLERK", "証明 C8CLERK", ("r_certificate",), STAFF_PASSWORD)
    admin, clerk = Database(fresh_db.staff_url("C8ADMIN")), Database(fresh_db.staff_url("C8CLERK"))
    try:
        with pytest.raises(PermissionDenied):
            certificates.set_policy(clerk, 0, 10, False, False)
        with pytest.raises(Refused, match="手数料は0〜10,000円"):
            certificates.set_policy(admin, -1, 10, True, False)
        certificates.set_policy(admin, 400, 5, False, False)
        assert certificates.issue(clerk, TARO_SELF).fee_total == 800
        proxy = replace(TARO_SELF, requester="proxy", power_of_attorney=True)
        assert certificates.issue(clerk, proxy).fee_total == 800  # no second check under this policy
        with pytest.raises(Refused, match="通数は1から5通まで"):
            certificates.issue(clerk, replace(TARO_SELF, copies=6))
    finally:
        admin.dispose()
        clerk.dispose()
