"""Ages by the Japanese legal rule (年齢計算ニ関スル法律, 民法143条).

A person gains a year at the end of the day before the birthday, so the legal age on day D is the
ordinary age on D + 1 day. "Age at 31 December of the income year" is therefore the ordinary age
on 1 January of the tax year; someone born on 1 January is already a year older on 31 December.
"""

from __future__ import annotations

from datetime import date, timedelta


def ordinary_age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def legal_age(birth: date, on: date) -> int:
    return ordinary_age(birth, on + timedelta(days=1))


def age_at_year_end(birth: date, tax_year: int) -> int:
    """Legal age on 31 December of the income year (tax_year - 1)."""
    return ordinary_age(birth, date(tax_year, 1, 1))
