"""Provisioning, staff, seeding, constraints and the errors clerks see, against the real server."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import psycopg2
import psycopg2.errors
import pytest

from app.db import migrate
from app.db.urls import libpq_dsn
from app.i18n import UserError
from app.services import errors, inquiry, search_query
from app.services.db import ConnectionSettings, Database
from app.services.provision import init_database
from app.services.seed import seed
from tests.support.database import ProvisionedDb, cluster_url
from tests.support.pgcluster import PgCluster

pytestmark = pytest.mark.db


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, check=False,
                          env=env)


def test_db_init_is_idempotent_through_the_cli(pg_cluster: PgCluster) -> None:
    url = cluster_url(pg_cluster, "juminzei_cli_init")
    first = _cli("db", "init", "--url", url)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout) == {"database": "juminzei_cli_init", "created": True,
                                        "revision_before": None, "revision": migrate.head_revision()}
    second = _cli("db", "init", "--url", url)
    assert json.loads(second.stdout)["created"] is False
    status = _cli("db", "status", "--url", url)
    assert status.returncode == 0 and json.loads(status.stdout)["up_to_date"] is True


def test_staff_add_through_the_cli(test_db: ProvisionedDb, tmp_path: Path) -> None:
    secret = tmp_path / "pw"
    done = _cli("staff", "add", "KOBAYASHI1", "--name", "小林 一", "--roles", "r_inquiry,r_certificate",
                "--new-password-file", str(secret), "--url", test_db.admin_url)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["roles"] == ["r_certificate", "r_inquiry"]
    assert secret.stat().st_mode & 0o777 == 0o600
    password = secret.read_text().strip()
    db = Database(libpq_dsn(test_db.admin_url, username="s_kobayashi1", password=password))
    try:
        me = inquiry.whoami(db)
    finally:
        db.dispose()
    assert (me.staff_code, me.display_name, me.capabilities) == ("KOBAYASHI1", "小林 一",
                                                                 ("r_certificate", "r_inquiry"))


@pytest.mark.parametrize(("args", "field"), [
    (["x", "--name", "a", "--roles", "r_inquiry"], "職員コード"),
    (["GOOD1", "--name", "a", "--roles", "r_root"], "権限"),
])
def test_staff_add_refuses_bad_input_and_changes_nothing(test_db: ProvisionedDb, tmp_path: Path,
                                                         args: list[str], field: str) -> None:
    result = _cli("staff", "add", *args, "--new-password-file", str(tmp_path / "pw"), "--url", test_db.admin_url)
    assert result.returncode == 2 and result.stdout == "" and field in result.stderr
    assert not (tmp_path / "pw").exists()


def test_cli_help_speaks_japanese_and_english() -> None:
    ja = _cli("--help", env={"PATH": "/usr/bin:/bin", "LANG": "ja_JP.UTF-8"})
    en = _cli("--help", env={"PATH": "/usr/bin:/bin", "LANG": "en_US.UTF-8"})
    assert "使い方" in ja.stdout and "データベース" in ja.stdout
    assert "usage:" in en.stdout and "provision" in en.stdout and "データベース" not in en.stdout
    for command in ("demo", "db", "staff", "seed", "pki", "terminal", "audit"):
        assert _cli(command, "--help").returncode == 0, command


@pytest.mark.parametrize(("sql", "params", "fragment"), [
    ("INSERT INTO ledger.person (person_id, my_number, family_name, given_name, family_kana, given_kana,"
     " birth_date, sex, postal_code, address, district) VALUES (2000000001, '123456789019', '山田', '一',"
     " 'ヤマダ', 'ハジメ', '1990-01-01', 'M', '025-0001', '花巻市', '花巻')", (), "my_number_check"),
    ("INSERT INTO ledger.person (person_id, family_name, given_name, family_kana, given_kana,"
     " birth_date, sex, postal_code, address, district) VALUES (2000000002, '山田', '一',"
     " 'やまだ', 'ハジメ', '1990-01-01', 'M', '025-0001', '花巻市', '花巻')", (), "family_kana_check"),
    ("INSERT INTO ledger.assessment (person_id, tax_year, filing_kind, collection_method)"
     " VALUES (1000000001, 2026, 'none', 'none'), (1000000001, 2026, 'none', 'none')", (), "person_id_tax_year"),
    ("INSERT INTO ledger.assessment (person_id, tax_year, filing_kind, collection_method, taxable_income)"
     " VALUES (1000000002, 2026, 'none', 'none', 1500)", (), "taxable_income_check"),
])
def test_constraints_make_invalid_states_impossible(fresh_db: ProvisionedDb, sql: str, params: tuple[object, ...],
                                                    fragment: str) -> None:
    with fresh_db.admin() as cur, pytest.raises(psycopg2.IntegrityError) as info:
        cur.execute(sql, params)
    assert fragment in str(info.value)


def test_only_items_of_the_closed_list_with_their_type_can_be_stored(fresh_db: ProvisionedDb) -> None:
    with fresh_db.admin() as cur:
        cur.execute("INSERT INTO ledger.assessment (person_id, tax_year, filing_kind, collection_method)"
                    " VALUES (1000000001, 2026, 'salary_report', 'payroll') RETURNING assessment_id")
        aid = cur.fetchone()[0]
        cur.execute("SELECT count(*), count(*) FILTER (WHERE kind = 'amount') FROM ledger.item_code")
        assert cur.fetchone() == (243, 193)
        cur.execute("INSERT INTO ledger.assessment_item (assessment_id, item_code, amount) VALUES (%s, 139, 500000)",
                    (aid,))
        with pytest.raises(psycopg2.errors.ForeignKeyViolation):
            cur.execute("INSERT INTO ledger.assessment_item (assessment_id, item_code, amount) VALUES (%s, 999, 1)",
                        (aid,))
        with pytest.raises(psycopg2.errors.CheckViolation, match="項目 18"):
            cur.execute("INSERT INTO ledger.assessment_item (assessment_id, item_code, amount) VALUES (%s, 18, 2)",
                        (aid,))
        with pytest.raises(psycopg2.errors.CheckViolation):
            cur.execute("INSERT INTO ledger.assessment_item (assessment_id, item_code, amount, count)"
                        " VALUES (%s, 150, 1, 1)", (aid,))


def _fingerprint(url: str) -> str:
    digest = hashlib.sha256()
    with psycopg2.connect(libpq_dsn(url)) as conn, conn.cursor() as cur:
        cur.execute("SELECT person_id, my_number, family_name, given_name, family_kana, given_kana, birth_date, sex,"
                    " postal_code, address, district, status, status_date FROM ledger.person ORDER BY person_id")
        for row in cur:
            digest.update(repr(row).encode())
        for table, key in (("ledger.levy_residence", "person_id, tax_year"),
                           ("ledger.employer", "employer_no"), ("ledger.dependant", "person_id, dependant_person_id"),
                           ("ledger.assessment_item", "assessment_id, item_code")):
            cur.execute(f"SELECT * FROM {table} ORDER BY {key}")
            for row in cur:
                digest.update(repr(row).encode())
        cur.execute("SELECT person_id, tax_year, filing_kind, salary_revenue, pension_revenue FROM ledger.assessment"
                    " ORDER BY person_id, tax_year")
        for row in cur:
            digest.update(repr(row).encode())
    conn.close()
    return digest.hexdigest()


def test_seed_is_deterministic_and_refuses_a_second_load(pg_cluster: PgCluster) -> None:
    urls = [cluster_url(pg_cluster, f"juminzei_seed_{n}") for n in range(3)]
    for url in urls:
        init_database(url)
    results = [seed(urls[0], 1500, 42), seed(urls[1], 1500, 42), seed(urls[2], 1500, 43)]
    assert [r.persons for r in results] == [1500, 1500, 1500]
    assert results[0].assessments > 1500 and results[0].employers >= 5
    prints = [_fingerprint(u) for u in urls]
    assert prints[0] == prints[1] and prints[0] != prints[2]
    with pytest.raises(UserError, match="既に宛名データ"):
        seed(urls[0], 10, 42)
    result = _cli("seed", "--url", urls[0], "--persons", "10", "--seed", "1")
    assert result.returncode == 2 and "既に" in result.stderr


def test_seeded_persons_are_found_by_kana_width_and_script_variants(pg_cluster: PgCluster) -> None:
    url = cluster_url(pg_cluster, "juminzei_seed_0")
    with psycopg2.connect(libpq_dsn(url)) as conn, conn.cursor() as cur:
        cur.execute("SELECT person_id, family_kana, given_kana, family_name FROM ledger.person ORDER BY person_id"
                    " LIMIT 1")
        person_id, family_kana, given_kana, family_name = cur.fetchone()
    conn.close()
    hiragana = "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in family_kana + given_kana)
    half_width = _half_width(family_kana)
    assert half_width != family_kana
    from app.services.staff import add_staff
    from app.services.terminals import allow_local_socket

    allow_local_socket(url)
    add_staff(url, "SEEDCLERK", "検索 試験", ["r_inquiry"], "seed-clerk-password-0123456789")
    db = Database(ConnectionSettings(libpq_dsn(url, username="s_seedclerk",
                                               password="seed-clerk-password-0123456789")))
    try:
        for query in (family_kana + given_kana, hiragana, f"{given_kana} {family_kana}", half_width + " " + given_kana,
                      family_name + " " + given_kana):
            result = inquiry.search_persons(db, search_query.parse(query), "counter_inquiry")
            assert person_id in {h.person_id for h in result.first_page}, query
    finally:
        db.dispose()


def _half_width(text: str) -> str:
    """Katakana to half-width (ｶﾞ is two characters), the way old systems and scanners write them."""
    table = {unicodedata.normalize("NFKC", chr(c)): chr(c) for c in range(0xFF66, 0xFF9E)}
    marks = {"\u3099": "ﾞ", "\u309a": "ﾟ"}
    out = []
    for ch in text:
        if ch in table:
            out.append(table[ch])
            continue
        base, *rest = unicodedata.normalize("NFD", ch)
        out.append(table.get(base, base) + "".join(marks[m] for m in rest))
    return "".join(out)


def test_database_errors_become_clear_messages(test_db: ProvisionedDb, pg_cluster: PgCluster) -> None:
    clerk = Database(ConnectionSettings(test_db.staff_url("CLERK"), statement_timeout_ms=200))
    try:
        with pytest.raises(errors.PermissionDenied) as denied:
            inquiry.reveal_my_number(clerk, 1000000001, "counter_inquiry")
        assert "権限" in denied.value.ja
        with pytest.raises(errors.QueryTimeout), clerk.unit_of_work() as conn:
            from sqlalchemy import text

            conn.execute(text("SELECT pg_sleep(2)"))
        with pytest.raises(errors.Refused, match="照会目的"):
            inquiry.person_card(clerk, 1000000001, "gossip")
    finally:
        clerk.dispose()
    dead = Database(ConnectionSettings(
        f"postgresql://s_clerk@127.0.0.1:{_closed_port()}/x", connect_timeout_s=2))
    try:
        with pytest.raises(errors.ConnectionLost) as lost:
            inquiry.whoami(dead)
        assert "入力内容は保持" in lost.value.ja
    finally:
        dead.dispose()


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
