"""One short-lived libpq connection for one piece of administrative or batch work."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg2
import psycopg2.extensions

from app.db.urls import libpq_dsn


@contextmanager
def transaction(url: str) -> Iterator[psycopg2.extensions.cursor]:
    """A cursor in one transaction: committed when the block ends, rolled back on an error, and the
    connection closed either way (psycopg2's own `with connection` commits but never closes)."""
    conn = psycopg2.connect(libpq_dsn(url))
    try:
        with conn, conn.cursor() as cur:
            yield cur
    finally:
        conn.close()
