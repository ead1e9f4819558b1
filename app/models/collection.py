"""Special collection records as the services hand them to the screens (no Qt, no database)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from app.i18n import UserError

MONTH_ORDER = (6, 7, 8, 9, 10, 11, 12, 1, 2, 3, 4, 5)   # the withholding year, June … May
KIND_LABELS = {"retire": "退職", "leave": "休職", "death": "死亡", "transfer": "転勤・転職(継続)",
               "lump_sum": "一括徴収"}


def month_label(index: int) -> str:
    """'6月' … '5月' for the month index 0 … 11."""
    return f"{MONTH_ORDER[index]}月"


@dataclass(frozen=True, slots=True)
class Employer:
    employer_no: str
    name: str
    kana: str
    postal_code: str
    address: str
    phone: str
    version: int | None = None      # None: not registered yet

    def validate(self) -> None:
        """Field checks with the clerk's message at the field (the database checks again)."""
        checks = (
            ("employer_no", r"[0-9]{6,10}", "指定番号は6〜10桁の数字で入力してください",
             "designation number: 6-10 digits"),
            ("name", r".{1,100}", "事業所名を入力してください(100文字まで)", "enter the employer's name"),
            ("kana", r"[ァ-ヶー・　 （）()A-Za-z0-9]{1,100}", "カナは全角カタカナで入力してください",
             "kana: full-width katakana"),
            ("postal_code", r"[0-9]{3}-[0-9]{4}", "郵便番号は 025-0001 の形で入力してください",
             "postal code: like 025-0001"),
            ("address", r".{1,200}", "所在地を入力してください", "enter the address"),
            ("phone", r"[0-9]{2,5}-[0-9]{1,4}-[0-9]{3,4}", "電話番号は 0198-24-2111 の形で入力してください",
             "phone: like 0198-24-2111"),
        )
        for name, pattern, ja, en in checks:
            if not re.fullmatch(pattern, getattr(self, name), flags=re.DOTALL):
                raise UserError(ja, en, field=name)


@dataclass(frozen=True, slots=True)
class EmployerTotals:
    employer: Employer
    employees: int
    annual: int
    collected: int

    @property
    def remaining(self) -> int:
        return self.annual - self.collected


@dataclass(frozen=True, slots=True)
class PlanRow:
    """An employee under withholding with the employer: June–May as notified, what was paid in."""

    plan_id: int
    person_id: int
    family_name: str
    given_name: str
    family_kana: str
    given_kana: str
    birth_date: date
    address: str
    annual_notified: int
    annual_current: int
    months: tuple[int, ...]
    paid: tuple[int | None, ...]
    collected: int
    remaining: int
    status: str
    version: int

    @property
    def name(self) -> str:
        return f"{self.family_name} {self.given_name}"

    @property
    def months_paid(self) -> int:
        """Months paid in without a gap from June (the last month collected)."""
        n = 0
        while n < 12 and self.paid[n] is not None:
            n += 1
        return n

    @property
    def tax_changed(self) -> bool:
        return self.status == "active" and self.annual_current != self.annual_notified


@dataclass(frozen=True, slots=True)
class OrdinaryInstalment:
    due: date
    amount: int


@dataclass(frozen=True, slots=True)
class ChangeEntry:
    """A 異動届出書 as the clerk entered it, with the arrangement computed from it."""

    plan_id: int
    plan_version: int
    kind: str
    change_date: date
    notice_date: date
    months_collected: int
    final_pay: int | None
    lump_sum_declined: bool
    new_employer_no: str | None
    new_months: tuple[int, ...] | None
    ordinary: tuple[OrdinaryInstalment, ...]
    lump_sum: int | None


@dataclass(frozen=True, slots=True)
class SavedChange:
    change_id: int
    status: str          # 'approved' (in effect) or 'pending' (waits for an approver)


@dataclass(frozen=True, slots=True)
class NoticeEmployee:
    person_id: int
    name: str
    kana: str
    postal_code: str
    address: str
    annual: int
    months: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class NoticeEmployer:
    """One employer's 特別徴収税額決定通知書: the employer's list and each employee's copy."""

    employer_no: str
    name: str
    kana: str
    postal_code: str
    address: str
    employees: list[NoticeEmployee] = field(default_factory=list)

    @property
    def annual_total(self) -> int:
        return sum(e.annual for e in self.employees)

    def month_totals(self) -> list[int]:
        return [sum(e.months[i] for e in self.employees) for i in range(12)]
