"""The embedded demo: a private PostgreSQL with synthetic Hanamaki data and demo staff.

First start: initialise the cluster, migrate, load synthetic data, issue each demo staff member a
software PIV card (kept in the data folder) and assess the returns. Later starts reuse all of it.
The demo logs in exactly as a workstation does: staff code, card and PIN.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from app.card.piv import DEFAULT_MANAGEMENT_KEY, PivSession
from app.card.softcard import InProcessTransport, SoftPivCard
from app.db import migrate
from app.db.connect import transaction
from app.db.urls import libpq_dsn
from app.services import batch, card_login, collection, enrolment, inquiry, proposals, search_query, terminals, wareki
from app.services.db import Database
from app.services.embedded import EmbeddedServer
from app.services.provision import init_database
from app.services.seed import seed

DEMO_SEED = 20250101
ASSESSOR = "DEMO02"
APPROVER = "DEMO03"
COLLECTOR = "DEMO05"
DEMO_PERSONS = 20_000
DEMO_TAX_YEARS = (2025, 2026, 2027)  # the years the tax engine has parameters for
# code, display name, capabilities
DEMO_STAFF: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("DEMO01", "窓口 花子", ("r_inquiry", "r_certificate")),  # the counter: also the second check
    ("DEMO02", "賦課 一郎", ("r_inquiry", "r_assessor")),  # runs the demo's batch assessment
    ("DEMO03", "承認 次郎", ("r_inquiry", "r_approver")),
    ("DEMO04", "番号 三子", ("r_inquiry", "r_mynumber")),
    ("DEMO05", "徴収 四郎", ("r_inquiry", "r_collection")),
    ("DEMO06", "証明 五月", ("r_inquiry", "r_certificate")),
    ("DEMO07", "監査 六郎", ("r_security",)),
    ("DEMO08", "管理 七海", ("r_admin",)),
)


DEMO_PIN = "123456"  # every demo card's PIN (shown on the demo's login screen)
DEMO_PUK = "12345678"  # and PUK, to try unblocking a PIN in 管理


@dataclass
class DemoEnvironment:
    data_dir: Path
    admin_url: str
    first_start: bool
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def bootstrap_url(self) -> str:
        """The login step's role (on the demo's Unix socket; at a workstation, TLS + terminal certificate)."""
        return libpq_dsn(self.admin_url, username="juminzei_login")

    def card(self, code: str) -> SoftPivCard:
        """The demo staff member's software card (kept in the data folder: keys, PIN counter)."""
        return SoftPivCard(pin=DEMO_PIN, puk=DEMO_PUK, state_path=self.data_dir / "cards" / f"{code}.json")

    def staff_url(self, code: str) -> str:
        """Log in as a demo staff member with their card and the demo PIN."""
        return card_login.login(self.bootstrap_url, code, PivSession(InProcessTransport(self.card(code))), DEMO_PIN)


def _issue_cards(env: DemoEnvironment) -> None:
    """Give each demo staff member an enrolled software card (once; the cards stay in the data folder)."""
    with transaction(env.admin_url) as cur:
        cur.execute("SELECT staff_code FROM auth.card WHERE revoked_at IS NULL")
        enrolled = {r[0] for r in cur.fetchall()}
    (env.data_dir / "cards").mkdir(mode=0o700, exist_ok=True)
    for code, name, caps in DEMO_STAFF:
        if code in enrolled:
            continue
        card = env.card(code)
        card.provision(holder=name)
        enrolment.enrol(env.admin_url, code, name, caps, PivSession(InProcessTransport(card)),
                        DEFAULT_MANAGEMENT_KEY, DEMO_PIN)


def prepare(data_dir: Path, *, persons: int = DEMO_PERSONS, seed_value: int = DEMO_SEED,
            progress: Callable[[str, int, int], None] | None = None) -> DemoEnvironment:
    """Start the embedded server and make sure schema, data and staff are there."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    server = EmbeddedServer(data_dir)
    admin_url = server.start()
    timings["server_start_s"] = time.perf_counter() - started

    step = time.perf_counter()
    first_start = migrate.current_revision_or_none(admin_url) is None
    if first_start or migrate.current_revision(admin_url) != migrate.head_revision():
        init_database(admin_url)
        terminals.allow_local_socket(admin_url)  # the demo has no TLS: its terminal is the socket
    timings["migrate_s"] = time.perf_counter() - step

    step = time.perf_counter()
    with transaction(admin_url) as cur:
        cur.execute("SELECT EXISTS (SELECT 1 FROM ledger.person)")
        has_persons = bool(cur.fetchone()[0])
    if not has_persons:
        seed(admin_url, persons, seed_value, DEMO_TAX_YEARS,
             progress=_stage(progress, "seed"))
    timings["seed_s"] = time.perf_counter() - step

    step = time.perf_counter()
    env = DemoEnvironment(data_dir, admin_url, first_start, timings)
    _issue_cards(env)
    timings["staff_s"] = time.perf_counter() - step

    step = time.perf_counter()
    for year in _years_to_assess(admin_url):
        batch.run(env.staff_url(ASSESSOR), year, progress=_stage(progress, f"assess:{year}"))
    timings["assess_s"] = time.perf_counter() - step

    step = time.perf_counter()
    # Maker-checker work to look at in the year the main window opens with (once; nothing later).
    assessor, approver = Database(env.staff_url(ASSESSOR)), Database(env.staff_url(APPROVER))
    try:
        proposals.demo_examples(admin_url, assessor, approver,
                                min(max(DEMO_TAX_YEARS), wareki.fiscal_year(date.today())))
    finally:
        assessor.dispose()
        approver.dispose()
    timings["examples_s"] = time.perf_counter() - step

    step = time.perf_counter()
    # 特別徴収税額決定: the employers' withholding plans of every demo year (only those not made yet).
    collector = Database(env.staff_url(COLLECTOR))
    try:
        for year in DEMO_TAX_YEARS:
            collection.determine(collector, year)
    finally:
        collector.dispose()
    timings["collection_s"] = time.perf_counter() - step
    timings["total_s"] = time.perf_counter() - started
    return env


def _stage(progress: Callable[[str, int, int], None] | None, stage: str) -> Callable[[int, int], None] | None:
    if progress is None:
        return None
    report = progress
    return lambda done, total: report(stage, done, total)


def _years_to_assess(admin_url: str) -> list[int]:
    """Demo tax years with returns and no finished batch run yet."""
    with transaction(admin_url) as cur:
        cur.execute("""SELECT DISTINCT a.tax_year FROM ledger.assessment AS a
                        WHERE a.tax_year = ANY(%s) AND NOT EXISTS (
                              SELECT 1 FROM ledger.batch_run AS b
                               WHERE b.tax_year = a.tax_year AND b.finished_at IS NOT NULL)
                        ORDER BY 1""", (list(DEMO_TAX_YEARS),))
        years = [int(r[0]) for r in cur.fetchall()]
    return years


def check(env: DemoEnvironment) -> dict[str, object]:
    """The summary `demo --check` prints: server, counts, and one search as a demo clerk."""
    with transaction(env.admin_url) as cur:
        cur.execute("SHOW server_version")
        version = cur.fetchone()[0]
        cur.execute("SELECT (SELECT count(*) FROM ledger.person), (SELECT count(*) FROM auth.staff),"
                    " (SELECT count(*) FROM ledger.assessment),"
                    " (SELECT count(*) FROM ledger.assessment WHERE status = 'assessed'),"
                    " (SELECT family_kana FROM ledger.person ORDER BY person_id LIMIT 1)")
        persons, staff_count, assessments, assessed, sample_kana = cur.fetchone()
        cur.execute("SELECT state, count(*) FROM ledger.proposal GROUP BY state")
        proposal_states = {state: count for state, count in cur.fetchall()}
        cur.execute("SELECT count(*) FROM ledger.withholding_plan")
        withholding_plans = cur.fetchone()[0]
    clerk = Database(env.staff_url("DEMO01"))
    try:
        identity = inquiry.whoami(clerk)
        started = time.perf_counter()
        result = inquiry.search_persons(clerk, search_query.parse(sample_kana), "system_check", page_size=50)
        hits = result.first_page
        search_ms = (time.perf_counter() - started) * 1000
    finally:
        clerk.dispose()
    return {
        "ok": bool(hits) and "r_inquiry" in identity.capabilities,
        "server_version": version,
        "data_dir": str(env.data_dir),
        "first_start": env.first_start,
        "persons": persons,
        "assessments": assessments,
        "assessed": assessed,
        "staff": staff_count,
        "proposals": proposal_states,
        "withholding_plans": withholding_plans,
        "search": {"as": identity.staff_code, "query": sample_kana, "hits": len(hits),
                   "masked_my_number": all(h.my_number in (None, "************") for h in hits),
                   "elapsed_ms": round(search_ms, 1)},
        "timings_s": {k: round(v, 2) for k, v in env.timings.items()},
    }
