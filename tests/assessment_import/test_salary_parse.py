"""Parsing and validation of the salary report CSV, without a database."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.i18n import UserError
from app.services import salary_import
from tests.assessment_import.csvdata import csv_bytes, ichiro, miki, taro


def test_a_good_file_parses_every_field() -> None:
    report = salary_import.parse(csv_bytes(taro(), ichiro()), 2026, "r.csv")
    assert report.total_rows == 2 and not report.rejected
    t, i = report.rows
    assert (t.row_no, t.employer_no, t.kana, t.birth_date, t.payment) == (2, "12345678", "サトウ タロウ",
                                                                           date(1980, 5, 1), 5_300_000)
    assert (t.income_after_deduction, t.deductions_reported, t.social_insurance) == (3_800_000, 1_610_000, 780_000)
    assert t.payroll_withholding and t.ordinary_reason is None and t.withholding_tax == 98_700
    spouse, son = t.relatives
    assert (spouse.kind, spouse.kana, spouse.birth_date, spouse.total_income) == (
        "spouse", "サトウ ハナコ", date(1982, 11, 3), 0)
    assert (son.kind, son.seq, son.kana, son.birth_date, son.cohabiting) == (
        "dependant", 2, "サトウ ケン", date(2010, 7, 7), True)
    assert (i.person_no, i.payroll_withholding, i.ordinary_reason) == (1000000003, False, "普A")


def test_shift_jis_files_are_read_too() -> None:
    report = salary_import.parse(csv_bytes(miki(), encoding="cp932"), 2026, "sjis.csv")
    assert report.rows[0].kana == "チバ ミキ" and report.rows[0].birth_date == date(1990, 9, 9)


@pytest.mark.parametrize(("changes", "column", "words"), [
    ({"支払金額": ""}, "支払金額", "入力してください"),
    ({"支払金額": "-5"}, "支払金額", "0以上の整数"),
    ({"支払金額": "12万"}, "支払金額", "0以上の整数"),
    ({"給与所得控除後の金額": "9,000,000"}, "給与所得控除後の金額", "支払金額を超えて"),
    ({"フリガナ": "Sato Taro"}, "フリガナ", "カタカナ"),
    ({"生年月日": "H31.5.1"}, "生年月日", "日付として読めません"),
    ({"生年月日": "2030-01-01"}, "生年月日", "所得年の末日より後"),
    ({"指定番号": "12-34"}, "指定番号", "6〜10桁"),
    ({"徴収区分": "年金"}, "徴収区分", "特別徴収"),
    ({"徴収区分": "普通徴収"}, "普通徴収理由", "普A〜普F"),
    ({"普通徴収理由": "普A"}, "普通徴収理由", "特別徴収の行には記入しません"),
    ({"宛名番号": "abc"}, "宛名番号", "1〜10桁"),
    ({"配偶者生年月日": ""}, "配偶者生年月日", "入力してください"),
    ({"扶養1障害": "重度"}, "扶養1障害", "特別障害者"),
    ({"扶養1同居": "たまに"}, "扶養1同居", "別居"),
    ({"氏名": ""}, "氏名", "入力してください"),
    ({"郵便番号": "0250075x"}, "郵便番号", "025-0075"),
])
def test_each_bad_field_is_named_with_its_line(changes: dict[str, object], column: str, words: str) -> None:
    report = salary_import.parse(csv_bytes(ichiro(), taro(**changes)), 2026, "bad.csv")
    assert [r.row_no for r in report.rows] == [2]
    (issue,) = report.rejected
    assert issue.row_no == 3 and issue.field == column
    assert issue.message_ja.startswith(f"3行目「{column}」: ") and words in issue.message_ja
    assert issue.message_en.startswith(f"line 3, {column}: ")


def test_every_bad_field_of_a_row_is_listed_at_once() -> None:
    report = salary_import.parse(csv_bytes(taro(支払金額="x", フリガナ="", 生年月日="?")), 2026, "bad.csv")
    assert {i.field for i in report.rejected} == {"支払金額", "フリガナ", "生年月日"}


def test_a_file_without_the_layouts_header_is_refused_whole() -> None:
    with pytest.raises(UserError, match="見出し行に必要な列がありません"):
        salary_import.parse("氏名,支払金額\n佐藤,1\n".encode(), 2026, "x.csv")
    with pytest.raises(UserError, match="データ行がありません"):
        salary_import.parse(csv_bytes(), 2026, "empty.csv")
    with pytest.raises(UserError, match="文字コード"):
        salary_import.parse(b"\xff\xfe\x00\x81\x00", 2026, "bin.csv")


def test_a_short_line_is_rejected_with_its_column_count() -> None:
    content = csv_bytes(taro()) + "12345678,株式会社\r\n".encode()
    report = salary_import.parse(content, 2026, "short.csv")
    assert len(report.rows) == 1 and report.rejected[0].row_no == 3 and "列の数" in report.rejected[0].message_ja


@given(st.integers(min_value=0, max_value=salary_import.MAX_AMOUNT), st.booleans(), st.booleans())
def test_amounts_read_back_exactly_however_written(amount: int, commas: bool, full_width: bool) -> None:
    written = f"{amount:,}" if commas else str(amount)
    if full_width:
        written = written.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789,"})
    report = salary_import.parse(csv_bytes(miki(支払金額=written)), 2026, "p.csv")
    assert report.rows[0].payment == amount


@given(st.integers(min_value=salary_import.MAX_AMOUNT + 1, max_value=10**15))
def test_amounts_beyond_the_ledger_are_refused(amount: int) -> None:
    report = salary_import.parse(csv_bytes(miki(支払金額=amount)), 2026, "p.csv")
    assert not report.rows and report.rejected[0].field == "支払金額"
