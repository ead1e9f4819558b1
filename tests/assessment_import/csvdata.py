"""Synthetic salary report rows in the documented layout (never real personal data)."""

from __future__ import annotations

from app.services.salary_import import write_csv


def taro(**changes: object) -> dict[str, object]:
    """佐藤 太郎 (known person 1000000001) at 株式会社花巻精工, claiming his wife and son."""
    row: dict[str, object] = {
        "指定番号": "12345678", "事業所名": "株式会社花巻精工", "法人番号": "1234567890123",
        "氏名": "佐藤　太郎", "フリガナ": "ｻﾄｳ ﾀﾛｳ", "生年月日": "S55.5.1", "郵便番号": "025-0075",
        "住所": "花巻市花城町9番30号", "支払金額": "5,300,000", "給与所得控除後の金額": "3,800,000",
        "所得控除の額の合計額": "1,610,000", "社会保険料等の金額": "780,000", "新生命保険料の金額": "60,000",
        "地震保険料の金額": "20,000", "源泉徴収税額": "98,700", "徴収区分": "特別徴収",
        "配偶者フリガナ": "サトウ ハナコ", "配偶者生年月日": "昭和57年11月3日", "配偶者同居": "同居",
        "配偶者の合計所得": "0",
        "扶養1フリガナ": "さとう けん", "扶養1生年月日": "2010-07-07",
    }
    row.update(changes)
    return row


def ichiro(**changes: object) -> dict[str, object]:
    """菊池 一郎 (known person 1000000003), a part-time job at 有限会社東和商店, 普通徴収."""
    row: dict[str, object] = {
        "指定番号": "87654321", "事業所名": "有限会社東和商店", "宛名番号": "1000000003", "氏名": "菊池 一郎",
        "フリガナ": "キクチ イチロウ", "生年月日": "1950-01-01", "住所": "花巻市石鳥谷町好地12-4",
        "支払金額": "600000", "社会保険料等の金額": "0", "徴収区分": "普通徴収", "普通徴収理由": "普A",
    }
    row.update(changes)
    return row


def miki(**changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "指定番号": "87654321", "事業所名": "有限会社東和商店", "氏名": "千葉 美紀", "フリガナ": "チバ ミキ",
        "生年月日": "H2.9.9", "住所": "花巻市東和町1-3", "支払金額": "2,400,000", "社会保険料等の金額": "360000",
        "徴収区分": "特別徴収",
    }
    row.update(changes)
    return row


def csv_bytes(*rows: dict[str, object], encoding: str = "utf-8") -> bytes:
    return write_csv(rows).encode(encoding)
