"""How long the live recalculation takes per keystroke: the return entry screen computes on the GUI
thread, which is fine while one computation stays far below a keystroke (tens of milliseconds).
Baseline in the same run: the batch's path for the same return (batch.tax_input + assess)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.models.assessment_work import PersonInfo, RelativeEntry, ReturnInputs
from app.services import batch, returns
from app.tax.engine import assess

YEAR = 2025
PERSON = PersonInfo(1, "試験", "太郎", "シケン", "タロウ", date(1975, 4, 10), "M")
INPUTS = ReturnInputs(salary_revenue=4_800_000, items=((139, 720_000), (150, 80_000), (149, 20_000), (140, 30_000)),
                      relatives=(RelativeEntry(2, "spouse", total_income=0),
                                 RelativeEntry(3, "dependant", total_income=0)))
RELATIVES = {2: PersonInfo(2, "試験", "花子", "シケン", "ハナコ", date(1977, 1, 1), "F"),
             3: PersonInfo(3, "試験", "一郎", "シケン", "イチロウ", date(2005, 7, 7), "M")}


@pytest.mark.benchmark(group="a6-recalculation")
def test_entry_recalculation(benchmark: Any) -> None:
    def recalc() -> dict[str, Any]:
        return returns.result_json(returns.compute(YEAR, PERSON, INPUTS, RELATIVES))

    result = benchmark(recalc)
    assert result["columns"]["annual_tax"] > 0


@pytest.mark.benchmark(group="a6-recalculation")
def test_baseline_batch_path_for_the_same_return(benchmark: Any) -> None:
    row = {"birth_date": PERSON.birth_date, "sex": "M", "salary_revenue": 4_800_000, "pension_revenue": 0,
           "business_income": 0, "agriculture_income": 0, "real_estate_income": 0, "interest_income": 0,
           "dividend_income": 0, "misc_income": 0, "items": [139, 140, 149, 150],
           "item_amounts": [720_000, 30_000, 20_000, 80_000], "rel_kind": ["spouse", "dependant"],
           "rel_birth": [date(1977, 1, 1), date(2005, 7, 7)], "rel_disability": ["none", "none"],
           "rel_cohabiting": [True, True], "rel_declared": [0, 0], "rel_salary": [0, 0], "rel_pension": [0, 0],
           "rel_other": [0, 0]}
    result = benchmark(lambda: assess(batch.tax_input(YEAR, row)))
    # The same return gives the same tax whichever path computes it.
    assert result.annual_tax == returns.compute(YEAR, PERSON, INPUTS, RELATIVES).annual_tax
