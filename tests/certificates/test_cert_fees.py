"""Property: whatever sequence of issues, exemptions, reprints and voids happens at a counter, the
daily report's fees and copies equal what the ledger rows say, to the yen."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.models.certificate import CertificateRequest
from app.services import certificates
from app.services.db import Database
from tests.certificates.conftest import ICHIRO, TARO

pytestmark = pytest.mark.db

operation = st.one_of(
    st.tuples(st.just("issue"), st.integers(1, 10), st.sampled_from([None, "public_assistance", "child_support"])),
    st.tuples(st.just("reprint"), st.just(0), st.none()),
    st.tuples(st.just("void"), st.just(0), st.none()),
)


def _totals(clerk: Database) -> tuple[int, int, int, int]:
    day = datetime.now(ZoneInfo("Asia/Tokyo")).date()
    report = certificates.daily_report(clerk, day)
    return (sum(t.fees for t in report), sum(t.copies for t in report), sum(t.paid_copies for t in report),
            sum(t.exempt_copies for t in report))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(operation, min_size=1, max_size=6))
def test_daily_totals_follow_the_operations(clerk: Database, checker: Database,
                                            ops: list[tuple[str, int, str | None]]) -> None:
    def approved(request: CertificateRequest | None) -> int | None:
        """Policy: a fee exemption needs a second staff member's check (also for its reprint)."""
        if request is None or request.exemption is None:
            return None
        check = certificates.request_check(clerk, request)
        certificates.approve_check(checker, check)
        return check

    before = _totals(clerk)
    fees = copies = paid = exempt = 0
    live: list[tuple[int, int, CertificateRequest]] = []  # certificate id, copies, request
    for kind, count, exemption in ops:
        if kind == "issue":
            request = CertificateRequest(ICHIRO if count % 2 else TARO, "tax", 2025, "self", "passport", "welfare",
                                         copies=count, exemption=exemption)
            cert = certificates.issue(clerk, request, approved(request))
            live.append((cert.certificate_id, count, request))
            charged = 0 if exemption else 300 * count
            assert cert.fee_total == charged
            fees, copies = fees + charged, copies + count
            paid, exempt = (paid + count, exempt) if charged else (paid, exempt + count)
        elif kind == "reprint" and live:
            old_id, old_copies, old_request = live.pop()
            cert = certificates.reprint(clerk, old_id, "汚損", approved(old_request))
            assert cert.fee_total == 0
            live.append((cert.certificate_id, old_copies, old_request))
            copies, exempt = copies + old_copies, exempt + old_copies
        elif kind == "void" and live:
            certificates.void(clerk, live.pop()[0], "取下げ")
    after = _totals(clerk)
    assert tuple(a - b for a, b in zip(after, before, strict=True)) == (fees, copies, paid, exempt)
