"""Database schema: Alembic migrations whose SQL lives in app/db/sql."""
