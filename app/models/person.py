"""What the screens show about a person: plain, immutable, no database handles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

MASKED_MY_NUMBER = "************"


@dataclass(frozen=True, slots=True)
class PersonSummary:
    person_id: int
    family_name: str
    given_name: str
    family_kana: str
    given_kana: str
    birth_date: date
    sex: str
    postal_code: str
    address: str
    district: str
    status: str
    my_number: str | None  # always MASKED_MY_NUMBER (or None when not on file); see reveal_my_number

    @property
    def name(self) -> str:
        return f"{self.family_name}　{self.given_name}"

    @property
    def kana(self) -> str:
        return f"{self.family_kana}　{self.given_kana}"

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> PersonSummary:
        return cls(**{name: row[name] for name in cls.__slots__})


@dataclass(frozen=True, slots=True)
class StaffIdentity:
    staff_code: str
    display_name: str
    capabilities: tuple[str, ...]
    terminal: str
    server_time: datetime

    def can(self, capability: str) -> bool:
        return capability in self.capabilities


@dataclass(frozen=True, slots=True)
class Purpose:
    code: str
    label_ja: str
    label_en: str
