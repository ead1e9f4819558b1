"""What a clerk types in the one search box, split into criteria for api.person_search.

Tokens are classified one by one: a date (和暦 or 西暦) is the birth date, ten digits the 宛名番号,
twelve digits a My Number, a token with an address marker (丁目, 番地, 町…, or 住所:) an address
fragment; everything else is part of the name (kanji or kana, any order).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from app.i18n import UserError
from app.services import wareki

_ADDRESS_PREFIX = ("住所:", "ADDR:")
_ADDRESS_MARK = re.compile(r"(丁目|番地|番|号|町|\d+-\d+)$|\d+丁目|^花巻市")


@dataclass(frozen=True)
class SearchCriteria:
    name: str | None = None
    birth_date: date | None = None
    person_id: int | None = None
    address: str | None = None
    my_number: str | None = None

    def is_empty(self) -> bool:
        return not (self.name or self.birth_date or self.person_id or self.address or self.my_number)


def parse(text: str) -> SearchCriteria:
    names: list[str] = []
    addresses: list[str] = []
    birth: date | None = None
    person_id: int | None = None
    my_number: str | None = None
    for raw in re.split(r"[\s　]+", text.strip()):
        token = unicodedata.normalize("NFKC", raw).strip()
        if not token:
            continue
        upper = token.upper()
        if upper.startswith(_ADDRESS_PREFIX):
            rest = token.split(":", 1)[1]
            if rest:
                addresses.append(rest)
        elif re.fullmatch(r"\d{12}", token):
            my_number = token
        elif re.fullmatch(r"\d{10}", token):
            person_id = int(token)
        elif wareki.looks_like_date(token):
            if birth is not None:
                raise UserError("生年月日は1つだけ指定してください。", "Give only one birth date.", field="query")
            birth = wareki.parse_date(token)
        elif re.fullmatch(r"\d+", token):
            raise UserError(f"数字 {token} は宛名番号（10桁）でも個人番号（12桁）でもありません。",
                            f"{token} is neither a person number (10 digits) nor a My Number (12 digits).",
                            field="query")
        elif _ADDRESS_MARK.search(token):
            addresses.append(token)
        else:
            names.append(token)
    return SearchCriteria(
        name=" ".join(names) or None,
        birth_date=birth,
        person_id=person_id,
        address=" ".join(addresses) or None,
        my_number=my_number,
    )
