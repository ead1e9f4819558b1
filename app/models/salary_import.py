"""Plain values of the salary report import and the 扶養調査 that cross to the screens."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

# What stops a row, as the database's matcher names it (api.salary_import_check), with the message
# a clerk reads. Kinds: "unmatched" rows go to the matching screen, "duplicate" rows are listed,
# "rejected" rows must be corrected in the file.
PROBLEMS: dict[str, tuple[str, str, str]] = {
    "not_found": ("unmatched", "該当する宛名が見つかりません（フリガナ・生年月日）。",
                  "No person with this name kana and birth date."),
    "ambiguous": ("unmatched", "フリガナ・生年月日が同じ宛名が複数あります。",
                  "Several persons share this name kana and birth date."),
    "mismatch": ("unmatched", "宛名番号の人とフリガナ・生年月日が一致しません。",
                 "The person with this 宛名番号 has another name kana or birth date."),
    "pick_mismatch": ("unmatched", "選択した宛名は生年月日がこの行と違います。"
                                   "別の宛名を選ぶか、事業所に生年月日を確認してください。",
                      "The person picked has another birth date than this row: pick another person or ask the "
                      "employer to confirm the birth date."),
    "no_employer": ("rejected", "指定番号の特別徴収義務者が登録されていません。",
                    "No employer is registered under this designation number."),
    "duplicate_in_file": ("duplicate", "同じ事業所・受給者の報告書がこのファイルの前の行にあります。",
                          "An earlier row of this file reports the same employer and employee."),
    "already_imported": ("duplicate", "同じ事業所・受給者の報告書は取込済みです（この行は登録しません）。",
                         "This employer's report for this employee was already imported (row skipped)."),
    "notified": ("rejected", "この年度の賦課は通知済みです。取込ではなく更正で変更してください。",
                 "This year's assessment is already notified: change it by a correction, not an import."),
    "lowers_salary": ("rejected", "この方の給与収入（申告等による）を取込で減らすことはできません。"
                                  "更正として入力してください。",
                      "The import would lower a salary revenue that did not come from salary reports: enter a "
                      "correction instead."),
    "approved": ("rejected", "この年度の賦課は承認済みです。取込では変更しません。この行をファイルから除き、"
                             "更正の申告として入力してください。",
                 "This year's assessment was decided by an approval: an import does not change it. Remove the row "
                 "from the file and enter it as a corrected return."),
    "spouse_conflict": ("rejected", "別の配偶者が既に登録されています。",
                        "Another spouse is already recorded for this taxpayer."),
    "self_dependant": ("rejected", "受給者本人を扶養親族にはできません。",
                       "The employee cannot be their own dependant."),
    "dependant_twice": ("rejected", "同じ人が同じ行で二度、扶養親族として記載されています。",
                        "The same person is listed twice as a dependant on this row."),
}

# What the clerk should know about a row that does not stop it (the `warning` of the check).
WARNINGS: dict[str, tuple[str, str]] = {
    "dependant_differs": ("既に登録済み（またはファイルの前の行）の内容と続柄・障害・同居・所得が違います。"
                          "登録済みの内容は変更しません。必要なら申告の更正で直してください。",
                          "Differs from what is already recorded (or from an earlier row) in kind, disability, "
                          "cohabitation or income. The record is not changed: correct the return if needed."),
}


@dataclass(frozen=True, slots=True)
class RowIssue:
    """One reason a row cannot be imported as it is: the line of the file, the column, the message."""

    row_no: int
    field: str
    message_ja: str
    message_en: str
    kind: str = "rejected"  # rejected | duplicate | unmatched | warning

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row_no, "field": self.field, "kind": self.kind, "message": self.message_ja,
                "message_en": self.message_en}


@dataclass(frozen=True, slots=True)
class Relative:
    """A spouse or dependant named on a report (seq 1 is the spouse column group when given)."""

    seq: int
    kind: str  # spouse | dependant
    person_no: int | None
    kana: str
    birth_date: date
    disability: str = "none"
    cohabiting: bool = True
    total_income: int | None = None


@dataclass(frozen=True, slots=True)
class SalaryRow:
    """One valid line of a salary report file (個人別明細書)."""

    row_no: int
    employer_no: str
    employer_name: str
    person_no: int | None
    name: str
    kana: str
    birth_date: date
    address: str
    payment: int
    income_after_deduction: int | None
    deductions_reported: int | None
    social_insurance: int
    life_new_general: int
    life_old_general: int
    life_care_medical: int
    life_new_annuity: int
    life_old_annuity: int
    earthquake: int
    old_long_term: int
    withholding_tax: int | None
    payroll_withholding: bool
    ordinary_reason: str | None
    relatives: tuple[Relative, ...] = ()


@dataclass(frozen=True, slots=True)
class Unmatched:
    """A person of a row the database could not match to exactly one 宛名: shown on the matching screen."""

    row_no: int
    seq: int  # 0 the employee, 1.. spouse / dependants
    role: str  # 受給者 | 配偶者 | 扶養親族n
    name: str
    kana: str
    birth_date: date
    person_no: int | None
    problem: str
    candidates: int

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row_no, "seq": self.seq, "role": self.role, "kana": self.kana,
                "birth_date": self.birth_date.isoformat(), "person_no": self.person_no, "problem": self.problem,
                "candidates": self.candidates, "message": PROBLEMS[self.problem][1]}


@dataclass
class ImportReport:
    """The validation report of one file: what would be imported and what stops it."""

    file_name: str
    sha256: str
    tax_year: int
    total_rows: int
    rows: list[SalaryRow]  # the valid rows, in file order
    rejected: list[RowIssue] = field(default_factory=list)
    duplicates: list[RowIssue] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)  # shown, never blocking
    matched: dict[tuple[int, int], int] = field(default_factory=dict)  # (row, seq) -> person_id
    resolutions: dict[tuple[int, int], int] = field(default_factory=dict)  # the clerk's picks
    checked: bool = False  # the database has matched the rows

    @property
    def skipped_rows(self) -> set[int]:
        """Rows already imported before: listed, not imported again."""
        return {d.row_no for d in self.duplicates if d.field == "already_imported"}

    @property
    def accepted(self) -> int:
        blocked = {i.row_no for i in self.rejected} | {i.row_no for i in self.duplicates} \
            | {u.row_no for u in self.unmatched}
        return sum(1 for r in self.rows if r.row_no not in blocked)

    @property
    def can_commit(self) -> bool:
        blocking = [d for d in self.duplicates if d.field != "already_imported"]
        return self.checked and not self.rejected and not blocking and not self.unmatched and self.accepted > 0

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file_name, "sha256": self.sha256, "tax_year": self.tax_year, "rows": self.total_rows,
                "accepted": self.accepted, "rejected": [i.as_dict() for i in self.rejected],
                "duplicates": [i.as_dict() for i in self.duplicates],
                "not_found": [u.as_dict() for u in self.unmatched],
                "warnings": [i.as_dict() for i in self.warnings], "can_commit": self.can_commit}


@dataclass(frozen=True, slots=True)
class CommitResult:
    import_id: int
    event_id: int
    reports: int
    persons: int
    assessments_created: int
    dependants: int
    skipped: int

    def as_dict(self) -> dict[str, Any]:
        return {"import_id": self.import_id, "event_id": self.event_id, "reports": self.reports,
                "persons": self.persons, "assessments_created": self.assessments_created,
                "dependants": self.dependants, "skipped_already_imported": self.skipped}


@dataclass(frozen=True, slots=True)
class DependantFinding:
    """One 扶養調査 finding: a dependant and the taxpayers claiming them."""

    finding: str  # claimed_twice | over_limit | elsewhere
    dependant_person_id: int
    dependant_name: str
    dependant_kana: str
    birth_date: date
    dependant_income: int | None
    income_limit: int | None
    district: str
    address: str
    claim_kinds: tuple[str, ...]
    taxpayer_ids: tuple[int, ...]
    taxpayer_names: tuple[str, ...]

    @property
    def person_ids(self) -> tuple[int, ...]:
        return (self.dependant_person_id, *self.taxpayer_ids)

    def as_dict(self) -> dict[str, Any]:
        return {"finding": self.finding, "dependant_person_id": self.dependant_person_id,
                "dependant_name": self.dependant_name, "birth_date": self.birth_date.isoformat(),
                "dependant_income": self.dependant_income, "income_limit": self.income_limit,
                "district": self.district, "address": self.address, "claim_kinds": list(self.claim_kinds),
                "taxpayer_ids": list(self.taxpayer_ids), "taxpayer_names": list(self.taxpayer_names)}


@dataclass(frozen=True, slots=True)
class YearSummary:
    """A tax year's assessments at a glance (api.assessment_year_summary)."""

    returns: int
    draft: int
    assessed: int
    notified: int
    taxable: int
    non_taxable_all: int
    non_taxable_income_levy: int
    municipal_tax: int
    prefectural_tax: int
    forest_environment_tax: int
    annual_tax: int
