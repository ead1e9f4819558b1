"""The return's amounts and checks without a database: typed amounts (full width, separators, △
for a loss), the field checks the screen runs before sending, the canonical form and the diff."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.i18n import UserError
from app.models.assessment_work import RelativeEntry, ReturnInputs, diff_amounts, diff_inputs
from app.services import returns

FULL_WIDTH = str.maketrans("0123456789,", "０１２３４５６７８９，")


@given(st.integers(-returns.MAX_AMOUNT, returns.MAX_AMOUNT), st.booleans())
def test_an_amount_reads_back_as_shown(value: int, full_width: bool) -> None:
    text = returns.format_amount(value)
    typed = text.translate(FULL_WIDTH) if full_width else text
    assert returns.parse_amount(typed, signed=True) == value
    if value < 0:
        with pytest.raises(UserError, match="負の金額"):
            returns.parse_amount(typed)


@pytest.mark.parametrize("text", ["12a", "1.5", "1,2,3x", "100000000000", "--5"])
def test_what_is_not_an_amount_is_refused_with_a_reason(text: str) -> None:
    with pytest.raises(UserError):
        returns.parse_amount(text, signed=True)


def test_blank_is_zero_and_yen_sign_and_spaces_are_ignored() -> None:
    assert returns.parse_amount("") == 0
    assert returns.parse_amount(" 1,234,000円 ") == 1_234_000
    assert returns.parse_amount("▲5,000", signed=True) == -5_000


def test_field_checks_name_their_fields() -> None:
    bad = ReturnInputs(filing_kind="salary_report", collection_method="payroll", salary_revenue=0,
                       items=((136, 10_000), (154, 20_000)),
                       relatives=(RelativeEntry(7, "spouse"), RelativeEntry(8, "spouse"),
                                  RelativeEntry(7, "dependant")))
    errors = returns.validate(bad, 7).errors
    assert set(errors) >= {"employer_no", "salary_revenue", "items.154", "relatives", "relatives[0]", "relatives[2]"}
    assert returns.validate(ReturnInputs(salary_revenue=1), 1).errors == {}


def test_canonical_form_matches_the_database_order() -> None:
    inputs = ReturnInputs(items=((150, 10), (139, 0), (136, 5)), codes=((17, "0"), (16, "1")),
                          relatives=(RelativeEntry(9, "dependant"), RelativeEntry(3, "dependant"),
                                     RelativeEntry(5, "spouse")))
    doc = inputs.to_json()
    assert doc["items"] == {"136": 5, "150": 10} and doc["codes"] == {"16": "1"}
    assert [r["person_id"] for r in doc["relatives"]] == [5, 3, 9]
    assert ReturnInputs.from_json(doc) == inputs.normalized()


def test_diff_names_each_changed_field() -> None:
    before = ReturnInputs(salary_revenue=3_000_000, items=((139, 400_000),))
    after = ReturnInputs(salary_revenue=3_000_000, items=((139, 450_000), (149, 20_000)),
                         relatives=(RelativeEntry(5, "spouse", total_income=0),))
    lines = {d.key: (d.before, d.after) for d in diff_inputs(before, after)}
    assert lines == {"items.139": ("400,000", "450,000"), "items.149": ("", "20,000"),
                     "relatives.5": ("", "5 配偶者 同居 所得 0")}
    assert diff_amounts({"annual_tax": 100, "non_taxable": "none"}, {"annual_tax": 200, "non_taxable": "none"})[0] \
        .after == "200"
