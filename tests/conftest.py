"""Shared fixtures: one real PostgreSQL cluster (Debian's, with TLS) for the whole session, and a
provisioned Juminzei database with a few staff members and known persons."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.database import ProvisionedDb, new_database
from tests.support.pgcluster import PgCluster

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("JUMINZEI_LANG", "ja")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    workdir = Path(tempfile.mkdtemp(prefix="jz-test-", dir="/tmp"))
    cluster = PgCluster(workdir, tls=True)
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def test_db(pg_cluster: PgCluster) -> ProvisionedDb:
    """The shared database. Tests may read it and append audit rows, never break its chain."""
    return new_database(pg_cluster, "juminzei_test")


_counter = iter(range(1, 10_000))


@pytest.fixture
def fresh_db(pg_cluster: PgCluster) -> ProvisionedDb:
    """A database of its own, for tests that tamper with it."""
    return new_database(pg_cluster, f"juminzei_scratch_{next(_counter)}")
