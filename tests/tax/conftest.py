"""Shared helpers for the tax-engine tests: build an input with defaults and assess it."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from app.tax import assess, load_profile, parse_input

Doc = dict[str, Any]


def make_doc(year: int = 2025, **sections: Any) -> Doc:
    """A single taxpayer born 1980-06-15 with nothing else, plus the given sections."""
    doc: Doc = {"tax_year": year, "taxpayer": {"birth_date": "1980-06-15", "sex": "M"}}
    for key, value in sections.items():
        doc[key] = copy.deepcopy(value)
    return doc


def run_doc(doc: Doc, profile: str = "hanamaki") -> dict[str, Any]:
    return assess(parse_input(doc), load_profile(profile)).to_dict()


@pytest.fixture
def tax() -> Callable[..., dict[str, Any]]:
    """tax(year=2025, profile="hanamaki", **sections) → the assessment as a dict."""

    def run(year: int = 2025, profile: str = "hanamaki", **sections: Any) -> dict[str, Any]:
        return run_doc(make_doc(year, **sections), profile)

    return run
