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

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> PersonSummary:
        """A row of a jsonb page (the birth date arrives as ISO text)."""
        return cls.from_row(row | {"birth_date": date.fromisoformat(row["birth_date"])})


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


@dataclass(frozen=True, slots=True)
class StepView:
    """One line of the 計算根拠."""

    seq: int
    code: str
    label: str
    amount: int
    rule: str
    source: str


@dataclass(frozen=True, slots=True)
class ItemView:
    code: int
    name: str
    amount: int | None
    count: int | None


@dataclass(frozen=True, slots=True)
class AssessmentView:
    tax_year: int
    status: str
    filing_kind: str
    collection_method: str
    employer_no: str | None
    employer_name: str | None
    salary_revenue: int
    salary_income: int
    pension_revenue: int
    pension_income: int
    business_income: int
    agriculture_income: int
    real_estate_income: int
    interest_income: int
    dividend_income: int
    misc_income: int
    total_income: int
    income_base: int
    deductions_total: int
    taxable_income: int
    non_taxable: str
    municipal_income_levy: int
    prefectural_income_levy: int
    municipal_per_capita: int
    prefectural_per_capita: int
    forest_environment_tax: int
    municipal_tax: int
    prefectural_tax: int
    annual_tax: int
    params_verified: bool | None
    steps: tuple[StepView, ...]
    items: tuple[ItemView, ...]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AssessmentView:
        plain = {name: data.get(name) for name in cls.__slots__ if name not in ("steps", "items")}
        return cls(**plain,  # type: ignore[arg-type]
                   steps=tuple(StepView(s["seq"], s["code"], s["label"], s["amount"], s.get("rule") or "",
                                        s.get("source") or "") for s in data.get("steps", [])),
                   items=tuple(ItemView(i["code"], i["name"], i.get("amount"), i.get("count"))
                               for i in data.get("items", [])))

    def deductions(self) -> list[StepView]:
        """Each income deduction of the 計算根拠 (without the total)."""
        return [s for s in self.steps if s.code.startswith("deduction.") and s.code != "deduction.total"]


@dataclass(frozen=True, slots=True)
class Residence:
    tax_year: int
    postal_code: str
    address: str
    relation: str


@dataclass(frozen=True, slots=True)
class PersonCard:
    person: PersonSummary
    status_date: date | None
    residences: tuple[Residence, ...]
    assessments: tuple[AssessmentView, ...]  # newest tax year first

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PersonCard:
        person = PersonSummary(
            data["person_id"], data["family_name"], data["given_name"], data["family_kana"], data["given_kana"],
            date.fromisoformat(data["birth_date"]), data["sex"], data["postal_code"], data["address"],
            data["district"], data["status"], data["my_number"])
        status_date = date.fromisoformat(data["status_date"]) if data.get("status_date") else None
        return cls(person, status_date,
                   tuple(Residence(r["tax_year"], r["postal_code"], r["address"], r["relation"])
                         for r in data.get("residences", [])),
                   tuple(AssessmentView.from_json(a) for a in data.get("assessments", [])))

    def assessment(self, tax_year: int) -> AssessmentView | None:
        return next((a for a in self.assessments if a.tax_year == tax_year), None)


@dataclass(frozen=True, slots=True)
class HouseholdMember:
    person_id: int
    family_name: str
    given_name: str
    family_kana: str
    given_kana: str
    birth_date: date
    sex: str
    relation: str
    address: str
    claimed_as: str | None   # 'spouse' / 'dependant' on someone's return that year, or None
    taxable: str | None      # 'taxable' / 'non_taxable', None when there is no assessment


@dataclass(frozen=True, slots=True)
class EmployerSummary:
    employer_no: str
    name: str
    kana: str
    postal_code: str
    address: str
    phone: str
    employees: int


@dataclass(frozen=True, slots=True)
class EmployeeRow:
    person_id: int
    family_name: str
    given_name: str
    family_kana: str
    given_kana: str
    birth_date: date
    salary_revenue: int
    annual_tax: int
    status: str
