"""A tax year's assessments at a glance for the batch screen: counts and totals, no person."""

from __future__ import annotations

from app.models.salary_import import YearSummary
from app.services.db import Database


def year_summary(db: Database, tax_year: int) -> YearSummary:
    (row,) = db.call("SELECT * FROM api.assessment_year_summary(:y)", {"y": tax_year})
    return YearSummary(**{k: int(v) for k, v in row.items()})
