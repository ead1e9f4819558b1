"""Resident-tax rules engine (個人住民税): pure Python, standard library only.

Every rate, threshold and rounding unit comes from the dated parameter files in `params/`
(one per tax year) and a municipal profile (`params/profiles/`); the code holds the formulas.
"""

from __future__ import annotations

from app.tax.engine import Assessment, assess
from app.tax.input import TaxInput, parse_input
from app.tax.params import load_params, supported_years
from app.tax.profile import load_profile

__all__ = [
    "Assessment",
    "TaxInput",
    "assess",
    "load_params",
    "load_profile",
    "parse_input",
    "supported_years",
]
