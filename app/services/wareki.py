"""Japanese era dates (和暦): parse what clerks type, format what they read.

Accepted: 'S55.5.1', 'S55/5/1', 's55-5-1', '昭和55年5月1日', '令和元年5月1日', 'R7.4.1', '1980-05-01',
'1980/5/1', '19800501', in full or half width. An era date outside its era (H31.5.1, S65.1.1) is
refused rather than guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from app.i18n import UserError


@dataclass(frozen=True)
class Era:
    name: str
    letter: str
    start: date
    end: date | None  # last day, None for the current era


# Start dates are the days the eras began under the Gregorian calendar (明治 from the calendar
# reform of 1873 in practice; earlier dates are not business data here).
ERAS = (
    Era("令和", "R", date(2019, 5, 1), None),
    Era("平成", "H", date(1989, 1, 8), date(2019, 4, 30)),
    Era("昭和", "S", date(1926, 12, 25), date(1989, 1, 7)),
    Era("大正", "T", date(1912, 7, 30), date(1926, 12, 24)),
    Era("明治", "M", date(1873, 1, 1), date(1912, 7, 29)),
)
_BY_KEY = {e.name: e for e in ERAS} | {e.letter: e for e in ERAS}

_ERA_DATE = re.compile(r"^(?P<era>[MTSHR]|明治|大正|昭和|平成|令和)\s*(?P<y>元|\d{1,2})\s*[年./-]\s*"
                       r"(?P<m>\d{1,2})\s*[月./-]\s*(?P<d>\d{1,2})\s*日?$")
_WESTERN = re.compile(r"^(?P<y>\d{4})\s*[年./-]\s*(?P<m>\d{1,2})\s*[月./-]\s*(?P<d>\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$")


def _invalid(text: str) -> UserError:
    return UserError(f"日付として読めません: {text}（例: S55.5.1、昭和55年5月1日、1980-05-01）",
                     f"Not a date: {text} (e.g. S55.5.1, 昭和55年5月1日, 1980-05-01)", field="date")


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().upper()


def looks_like_date(text: str) -> bool:
    t = normalize(text)
    return bool(_ERA_DATE.match(t) or _WESTERN.match(t) or _COMPACT.match(t))


def parse_date(text: str) -> date:
    t = normalize(text)
    m = _ERA_DATE.match(t)
    try:
        if m:
            era = _BY_KEY[m["era"]]
            era_year = 1 if m["y"] == "元" else int(m["y"])
            result = date(era.start.year + era_year - 1, int(m["m"]), int(m["d"]))
            if era_year < 1 or result < era.start or (era.end is not None and result > era.end):
                written = f"{era.name}{era_year}年{int(m['m'])}月{int(m['d'])}日"
                raise UserError(f"{written} は{era.name}の期間にありません。",
                                f"{text} is outside the {era.name} era.", field="date")
            return result
        m = _WESTERN.match(t) or _COMPACT.match(t)
        if m:
            return date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError as exc:
        raise _invalid(text) from exc
    raise _invalid(text)


def era_of(d: date) -> tuple[Era, int]:
    for era in ERAS:
        if d >= era.start:
            return era, d.year - era.start.year + 1
    raise UserError(f"{d.isoformat()} は和暦で表せません。", f"{d.isoformat()} predates the supported eras.",
                    field="date")


def format_long(d: date) -> str:
    """令和7年4月1日 (元年 for the first year)."""
    era, year = era_of(d)
    return f"{era.name}{'元' if year == 1 else year}年{d.month}月{d.day}日"


def format_short(d: date) -> str:
    """R7.4.1"""
    era, year = era_of(d)
    return f"{era.letter}{year}.{d.month}.{d.day}"


def fiscal_year_label(tax_year: int) -> str:
    """令和7年度 for tax year 2025."""
    era, year = era_of(date(tax_year, 6, 1))
    return f"{era.name}{'元' if year == 1 else year}年度"


def fiscal_year(d: date) -> int:
    """The Japanese fiscal year (年度, April to March) a day falls in."""
    return d.year if d.month >= 4 else d.year - 1


def age_on(birth: date, on: date) -> int:
    """Age as people say it, for screens (the legal rule of domain.md §4.1 is app.tax.ages)."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
