"""A database of its own for the person-search tests: a small synthetic town whose names share
starts, middles and ends on purpose, so every way a name can match is exercised."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from tests.support.database import ProvisionedDb, new_database
from tests.support.pgcluster import PgCluster

# (kanji, kana): family names that start, contain or end with one another's kana or kanji.
FAMILY = (("佐藤", "サトウ"), ("佐藤田", "サトウダ"), ("伊佐藤", "イサトウ"), ("加藤", "カトウ"),
          ("立花", "タチバナ"), ("千葉", "チバ"), ("橘", "タチバナ"), ("後藤", "ゴトウ"), ("藤田", "フジタ"),
          ("林", "ハヤシ"), ("小林", "コバヤシ"), ("菊池", "キクチ"))
GIVEN = (("太郎", "タロウ"), ("一郎", "イチロウ"), ("花子", "ハナコ"), ("春花", "ハルカ"), ("郎", "ロウ"),
         ("千里", "チサト"), ("里佳", "リカ"), ("太", "フトシ"), ("健太郎", "ケンタロウ"), ("葉子", "ヨウコ"))


@dataclass(frozen=True)
class Resident:
    person_id: int
    family_name: str
    given_name: str
    family_kana: str
    given_kana: str
    birth_date: date


def _town() -> list[Resident]:
    pick = random.Random(20261127)
    ids = itertools.count(4000000001)
    people = []
    for (family, family_kana), (given, given_kana) in itertools.product(FAMILY, GIVEN):
        for _ in range(pick.randint(1, 3)):
            born = date(1940, 1, 1) + timedelta(days=pick.randrange(365 * 80))
            people.append(Resident(next(ids), family, given, family_kana, given_kana, born))
    return people


TOWN = _town()


@pytest.fixture(scope="session")
def town_db(pg_cluster: PgCluster) -> ProvisionedDb:
    db = new_database(pg_cluster, "juminzei_s4", with_known_persons=False)
    with db.admin() as cur:
        cur.executemany(
            "INSERT INTO ledger.person (person_id, family_name, given_name, family_kana, given_kana, birth_date,"
            " sex, postal_code, address, district) VALUES (%s, %s, %s, %s, %s, %s, 'F', '025-0075',"
            " '花巻市花城町1番1号', '花巻')",
            [(r.person_id, r.family_name, r.given_name, r.family_kana, r.given_kana, r.birth_date) for r in TOWN])
    return db
