"""和暦 dates and the one-box search parser."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.i18n import UserError
from app.services import search_query, wareki


@pytest.mark.parametrize("text", ["S55.5.1", "s55/5/1", "S55-5-1", "昭和55年5月1日", "1980-05-01", "1980/5/1",
                                  "19800501", "Ｓ５５．５．１", "昭和５５年５月１日"])
def test_birth_date_in_every_form_clerks_type(text: str) -> None:
    assert wareki.parse_date(text) == date(1980, 5, 1)


def test_first_year_of_an_era_and_era_boundaries() -> None:
    assert wareki.parse_date("令和元年5月1日") == date(2019, 5, 1)
    assert wareki.parse_date("H31.4.30") == date(2019, 4, 30)
    assert wareki.parse_date("S64.1.7") == date(1989, 1, 7)
    assert wareki.parse_date("H1.1.8") == date(1989, 1, 8)


@pytest.mark.parametrize("text", ["H31.5.1", "S64.1.8", "R1.4.30", "S65.1.1", "S55.2.30", "1980-13-01", "昨日"])
def test_impossible_dates_are_refused_with_a_japanese_message(text: str) -> None:
    with pytest.raises(UserError) as info:
        wareki.parse_date(text)
    assert info.value.field == "date" and info.value.ja


def test_formats() -> None:
    assert wareki.format_long(date(2025, 4, 1)) == "令和7年4月1日"
    assert wareki.format_short(date(2025, 4, 1)) == "R7.4.1"
    assert wareki.format_long(date(2019, 5, 1)) == "令和元年5月1日"
    assert wareki.fiscal_year_label(2025) == "令和7年度"
    assert wareki.fiscal_year(date(2026, 3, 31)) == 2025 and wareki.fiscal_year(date(2026, 4, 1)) == 2026


@given(st.dates(min_value=date(1873, 1, 1), max_value=date(2100, 12, 31)))
def test_short_and_long_forms_parse_back(d: date) -> None:
    assert wareki.parse_date(wareki.format_short(d)) == d
    assert wareki.parse_date(wareki.format_long(d)) == d


def test_search_box_splits_criteria() -> None:
    c = search_query.parse("さとう　太郎 S55.5.1 花城町")
    assert c == search_query.SearchCriteria(name="さとう 太郎", birth_date=date(1980, 5, 1), address="花城町")
    assert search_query.parse("1000000001").person_id == 1000000001
    assert search_query.parse("１２３４５６７８９０１８").my_number == "123456789018"
    assert search_query.parse("住所:大通り").address == "大通り"
    assert search_query.parse("   ").is_empty()


def test_search_box_refuses_ambiguous_input() -> None:
    with pytest.raises(UserError, match="宛名番号"):
        search_query.parse("12345")
    with pytest.raises(UserError, match="生年月日"):
        search_query.parse("S55.5.1 S56.1.1")


def test_age_as_people_say_it_turns_on_the_birthday() -> None:
    assert wareki.age_on(date(1980, 5, 1), date(2026, 4, 30)) == 45
    assert wareki.age_on(date(1980, 5, 1), date(2026, 5, 1)) == 46
