"""Fixtures of the certificate tests: one database with counter staff (codes C8…) and the known
persons of tests/support/database.py (佐藤太郎 taxable, 佐藤花子 non-taxable, same household;
菊池一郎 taxable, another household)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services.db import Database
from app.services.staff import add_staff
from tests.certificates.cups_support import PrivateCups
from tests.support.database import STAFF_PASSWORD, ProvisionedDb, new_database
from tests.support.pgcluster import PgCluster

TARO, HANAKO, ICHIRO = 1000000001, 1000000002, 1000000003
# code -> capabilities
C8_STAFF = {
    "C8CLERK": ("r_certificate",),
    "C8CHECK": ("r_certificate",),
    "C8INQ": ("r_inquiry",),
}


@pytest.fixture(scope="session")
def cert_db(pg_cluster: PgCluster) -> ProvisionedDb:
    db = new_database(pg_cluster, "juminzei_c8")
    for code, caps in C8_STAFF.items():
        add_staff(db.admin_url, code, f"証明 {code}", caps, STAFF_PASSWORD)
    return db


@pytest.fixture(scope="session")
def clerk(cert_db: ProvisionedDb) -> Iterator[Database]:
    db = Database(cert_db.staff_url("C8CLERK"))
    yield db
    db.dispose()


@pytest.fixture(scope="session")
def checker(cert_db: ProvisionedDb) -> Iterator[Database]:
    db = Database(cert_db.staff_url("C8CHECK"))
    yield db
    db.dispose()


@pytest.fixture(scope="session")
def inquirer(cert_db: ProvisionedDb) -> Iterator[Database]:
    db = Database(cert_db.staff_url("C8INQ"))
    yield db
    db.dispose()


def ledger_counts(db: ProvisionedDb) -> tuple[int, int]:
    with db.admin() as cur:
        cur.execute("SELECT (SELECT count(*) FROM ledger.certificate), (SELECT count(*) FROM ledger.certificate_event)")
        row = cur.fetchone()
    return int(row[0]), int(row[1])


@pytest.fixture(scope="session")
def private_cups() -> Iterator[PrivateCups]:
    """A cupsd of the test session's own (temp directory, own port) with a PDF file queue C8PDF."""
    cups = PrivateCups(Path(tempfile.mkdtemp(prefix="jz-c8-cups-", dir="/tmp")))
    cups.start()
    try:
        cups.add_pdf_queue("C8PDF")
        yield cups
    finally:
        cups.stop()
