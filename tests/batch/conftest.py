"""The batch tests' database: 600 synthetic persons seeded afresh for each test (runs change it)."""

from __future__ import annotations

import pytest

from tests.batch.support import seeded_database
from tests.support.database import ProvisionedDb
from tests.support.pgcluster import PgCluster


@pytest.fixture
def seeded(pg_cluster: PgCluster) -> ProvisionedDb:
    return seeded_database(pg_cluster)
