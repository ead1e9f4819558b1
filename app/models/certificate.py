"""Certificates at the counter (証明事務): what the screens and the PDF renderer get from the api.

Plain, immutable values with no database handles. The certificate's content is the snapshot the
database stored with its number; it never holds the My Number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

KINDS = ("income_tax", "income", "tax", "non_taxable")
REQUESTERS = ("self", "household", "proxy", "official")
PRINT_OUTCOMES = ("printed", "failed", "cancelled")


@dataclass(frozen=True, slots=True)
class Choice:
    code: str
    label_ja: str
    label_en: str


@dataclass(frozen=True, slots=True)
class CertificateOptions:
    """The closed lists of the counter screen and the counter policy, from the server."""

    kinds: tuple[Choice, ...]
    requesters: tuple[Choice, ...]
    documents: tuple[Choice, ...]
    purposes: tuple[Choice, ...]
    exemptions: tuple[Choice, ...]
    fee_per_copy: int
    max_copies: int
    check_proxy: bool
    check_exemption: bool

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CertificateOptions:
        def choices(key: str, code: str) -> tuple[Choice, ...]:
            return tuple(Choice(str(r[code]), str(r["label_ja"]), str(r["label_en"])) for r in data[key])

        policy = data["policy"]
        return cls(choices("kinds", "kind"), choices("requesters", "requester"), choices("documents", "document"),
                   choices("purposes", "purpose"), choices("exemptions", "reason"), int(policy["fee_per_copy"]),
                   int(policy["max_copies"]), bool(policy["check_proxy"]), bool(policy["check_exemption"]))

    def needs_check(self, request: CertificateRequest) -> bool:
        """Mirror of the server's policy, so the screen can ask for the check before issuing."""
        return ((self.check_proxy and request.requester == "proxy")
                or (self.check_exemption and request.exemption is not None and request.requester != "official"))


@dataclass(frozen=True, slots=True)
class YearStatus:
    tax_year: int
    status: str  # draft / assessed / notified
    non_taxable: str  # none / all / income_levy


@dataclass(frozen=True, slots=True)
class CounterPerson:
    person_id: int
    family_name: str
    given_name: str
    family_kana: str
    given_kana: str
    birth_date: date
    address: str
    years: tuple[YearStatus, ...]

    @property
    def name(self) -> str:
        return f"{self.family_name}　{self.given_name}"

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> CounterPerson:
        years = tuple(YearStatus(int(y["tax_year"]), str(y["status"]), str(y["non_taxable"])) for y in row["years"])
        return cls(int(row["person_id"]), row["family_name"], row["given_name"], row["family_kana"],
                   row["given_kana"], row["birth_date"], row["address"], years)


@dataclass(frozen=True, slots=True)
class CertificateRequest:
    """What the clerk entered at the counter. The server validates all of it again."""

    person_id: int
    kind: str
    tax_year: int
    requester: str
    identity_document: str
    purpose: str
    copies: int = 1
    exemption: str | None = None
    requester_person_id: int | None = None
    requester_office: str | None = None
    power_of_attorney: bool = False

    def as_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(frozen=True, slots=True)
class IssuedCertificate:
    certificate_id: int
    certificate_no: str
    qr: str
    kind: str
    kind_label: str
    tax_year: int
    issued_at: datetime
    purpose_label: str
    copies: int
    fee_total: int
    exemption: str | None
    replaces_no: str | None
    content: dict[str, Any] = field(repr=False)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> IssuedCertificate:
        return cls(int(data["certificate_id"]), str(data["certificate_no"]), str(data["qr"]), str(data["kind"]),
                   str(data["kind_label"]), int(data["tax_year"]), datetime.fromisoformat(str(data["issued_at"])),
                   str(data["purpose_label"]), int(data["copies"]), int(data["fee_total"]), data.get("exemption"),
                   data.get("replaces_no"), dict(data["content"]))


@dataclass(frozen=True, slots=True)
class PendingCheck:
    check_id: int
    requested_by: str
    requested_at: datetime
    terminal: str
    person_id: int
    person_name: str
    kind_label: str
    tax_year: int
    requester_label: str
    copies: int
    document_label: str
    power_of_attorney: bool
    exemption_label: str | None
    purpose_label: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> PendingCheck:
        return cls(**{name: row[name] for name in cls.__slots__})


@dataclass(frozen=True, slots=True)
class LedgerRow:
    event_id: int
    at: datetime
    event: str  # issue / reprint / void / pdf / printed / print_failed / print_cancelled
    certificate_id: int
    certificate_no: str
    status: str
    person_id: int
    person_name: str
    kind_label: str
    tax_year: int
    requester_label: str
    document_label: str
    purpose_label: str
    copies: int
    fee: int
    exemption_label: str | None
    staff: str
    terminal: str
    print_status: str
    pdf_sha256: str | None
    detail: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> LedgerRow:
        return cls(**{name: row[name] for name in cls.__slots__})


@dataclass(frozen=True, slots=True)
class CounterTotals:
    """One counter's (terminal's) day, for reconciliation with the cash register."""

    terminal: str
    issued: int
    reprinted: int
    voided: int
    copies: int
    paid_copies: int
    exempt_copies: int
    fees: int
    print_failures: int

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> CounterTotals:
        return cls(**{name: row[name] for name in cls.__slots__})


@dataclass(frozen=True, slots=True)
class Verification:
    genuine: bool
    reason: str  # ok / malformed / unknown / mac
    certificate_no: str | None = None
    status: str | None = None  # issued / voided
    kind_label: str | None = None
    tax_year: int | None = None
    person_id: int | None = None
    person_name: str | None = None
    birth_date: str | None = None
    issued_at: datetime | None = None
    terminal: str | None = None
    staff: str | None = None
    voided_at: datetime | None = None
    void_reason: str | None = None
    pdf_sha256: str | None = None
    replaced_by: str | None = None
    kind: str | None = None
    # What the certificate states (incomes, taxes, non_taxable...; never the My Number): the counter
    # compares these figures with the paper, since the QR code does not cover them.
    content: dict[str, Any] | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Verification:
        values: dict[str, Any] = {name: data.get(name) for name in cls.__slots__}
        for key in ("issued_at", "voided_at"):
            if values[key] is not None:
                values[key] = datetime.fromisoformat(str(values[key]))
        return cls(**values)
