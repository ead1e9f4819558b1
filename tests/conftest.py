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


@pytest.fixture(scope="session", autouse=True)
def private_settings(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Window layouts the screens remember go to a folder of the test session, not the user's."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path_factory.mktemp("settings")))


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
