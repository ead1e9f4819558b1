"""What a name search finds, and in which order, checked against a plain statement of the rule.

The rule (app/db/sql/0014_search_speed.sql): the longest word (of equals, the first in kana order)
drives the search and must begin the kana name, the kanji name, the given name in kana or in kanji,
or, with three or more characters, appear inside a family or given name; every other word must
appear anywhere in the kana or kanji name. Names whose kana begin with the driving word come first;
then kana order, birth date, 宛名番号.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import psycopg2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.search.conftest import TOWN, Resident
from tests.support.database import ProvisionedDb

_HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)}


def search_key(text: str) -> str:
    """The server's ledger.search_key for the characters these tests use."""
    folded = unicodedata.normalize("NFKC", text).lower().translate(_HIRAGANA_TO_KATAKANA)
    return folded.replace(" ", "").replace("・", "")


def expected(query: str) -> list[int]:
    words = [k for k in (search_key(w) for w in query.replace("　", " ").split(" ")) if k]
    driver = min(range(len(words)), key=lambda i: (-len(words[i]), words[i], i))
    lead = words[driver]

    def found(r: Resident) -> bool:
        kana, name = r.family_kana + r.given_kana, r.family_name + r.given_name
        parts = (r.family_kana, r.given_kana, r.family_name, r.given_name)
        starts = kana.startswith(lead) or any(p.startswith(lead) for p in parts)
        inside = len(lead) >= 3 and any(lead in p[1:] for p in parts)
        others = all(w in kana or w in name for i, w in enumerate(words) if i != driver)
        return (starts or inside) and others

    hits = [r for r in TOWN if found(r)]
    hits.sort(key=lambda r: (not (r.family_kana + r.given_kana).startswith(lead),
                             r.family_kana + r.given_kana, r.birth_date, r.person_id))
    return [r.person_id for r in hits]


def search(db: ProvisionedDb, query: str, page_size: int = 1) -> tuple[list[int], list[dict[str, Any]]]:
    """The api's full ordered result (read back from the stored list) and its first page."""
    with db.staff("CLERK") as conn, conn.cursor() as cur:
        cur.execute("SELECT search_id, page FROM api.person_search(p_purpose => 'counter_inquiry', p_name => %s,"
                    " p_page_size => %s)", (query, page_size))
        search_id, page = cur.fetchone()
    with db.admin() as cur:
        cur.execute("SELECT person_ids FROM ledger.search_result WHERE search_id = %s", (search_id,))
        ids: list[int] = cur.fetchone()[0]
    return ids, page


def names(ids: list[int]) -> list[str]:
    by_id = {r.person_id: r for r in TOWN}
    return [by_id[i].family_name + by_id[i].given_name for i in ids]


def test_kana_starting_with_the_word_come_first_then_names_containing_it(town_db: ProvisionedDb) -> None:
    ids, _ = search(town_db, "さとう")
    assert ids == expected("さとう")
    found = set(names(ids))
    assert {"佐藤太郎", "佐藤田太郎", "伊佐藤太郎"} <= found
    first_inner = names(ids).index(next(n for n in names(ids) if n.startswith("伊佐藤")))
    assert all(n.startswith("佐藤") for n in names(ids)[:first_inner])  # サトウ… before イサトウ…


def test_one_or_two_characters_match_the_start_of_a_name_only(town_db: ProvisionedDb) -> None:
    chiba = set(names(search(town_db, "チバ")[0]))
    assert any(n.startswith("千葉") for n in chiba) and not any(n.startswith("立花") for n in chiba)
    assert any(n.startswith("立花") for n in names(search(town_db, "チバナ")[0]))  # three: inside too
    taro = set(names(search(town_db, "太郎")[0]))
    assert "佐藤太郎" in taro and not any(n.endswith("健太郎") for n in taro)
    assert any(n.endswith("健太郎") for n in names(search(town_db, "タロウ")[0]))


def test_words_in_any_order_and_any_script_find_the_same_persons(town_db: ProvisionedDb) -> None:
    reference = search(town_db, "サトウ タロウ")[0]
    assert reference and reference == search(town_db, "たろう　さとう")[0] == search(town_db, "ｻﾄｳ ﾀﾛｳ")[0]
    assert set(names(reference)) >= {"佐藤太郎"}
    # Words of equal length: the same word drives whatever the order typed.
    assert search(town_db, "ロウ サト")[0] == search(town_db, "サト ロウ")[0] != []


def test_the_first_page_comes_with_the_search_in_the_lists_order(town_db: ProvisionedDb) -> None:
    ids, page = search(town_db, "カトウ", page_size=3)
    assert [p["person_id"] for p in page] == ids[:3]
    assert page[0]["my_number"] is None and page[0]["birth_date"].count("-") == 2


@pytest.mark.parametrize(("arguments", "message"), [
    ("p_name => 'サトウ', p_page_size => 0", "1ページの件数"),  # a count without a page names nobody
    ("p_name => 'サトウ', p_page_size => 1001", "1ページの件数"),
    ("p_name => repeat('サ ', 11)", "長すぎます"),  # every word adds work to every branch
    ("p_name => repeat('サ', 101)", "長すぎます"),
    ("p_address => repeat('花', 201)", "長すぎます"),
])
def test_oversized_requests_are_refused_before_any_work(town_db: ProvisionedDb, arguments: str, message: str) -> None:
    before = town_db.audit_count()
    with town_db.staff("CLERK") as conn, conn.cursor() as cur, \
            pytest.raises(psycopg2.errors.InvalidParameterValue, match=message):
        cur.execute(f"SELECT * FROM api.person_search(p_purpose => 'counter_inquiry', {arguments})")
    assert town_db.audit_count() == before


_PART = st.sampled_from(("family_kana", "given_kana", "family_name", "given_name"))


@st.composite
def queries(draw: st.DrawFn) -> str:
    """One or two fragments of a resident's names, as a clerk might type them."""
    resident = draw(st.sampled_from(TOWN))
    words = []
    for part in draw(st.lists(_PART, min_size=1, max_size=2, unique=True)):
        text = getattr(resident, part)
        start = draw(st.integers(0, len(text) - 1))
        word = text[start:start + draw(st.integers(1, 4))]
        if part.endswith("kana") and draw(st.booleans()):
            word = "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in word)  # as hiragana
        words.append(word)
    return draw(st.sampled_from((" ", "　"))).join(words)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=queries())
def test_every_search_lists_exactly_the_persons_the_rule_names_in_order(town_db: ProvisionedDb, query: str) -> None:
    assert search(town_db, query)[0] == expected(query)
