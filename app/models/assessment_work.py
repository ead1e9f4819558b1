"""Plain data of assessment work (returns, proposals, versions, reductions, change notices) and the
differences between two versions of a return. No Qt, no database."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

# The return's typed fields, in the order the paper 申告書 is read, with their labels.
INCOME_FIELDS: tuple[tuple[str, str], ...] = (
    ("salary_revenue", "給与収入"),
    ("pension_revenue", "公的年金等収入"),
    ("business_income", "営業等所得"),
    ("agriculture_income", "農業所得"),
    ("real_estate_income", "不動産所得"),
    ("interest_income", "利子所得"),
    ("dividend_income", "配当所得"),
    ("misc_income", "その他の雑所得"),
)
# Incomes that may be negative (a loss); the others are revenues or amounts that cannot be.
SIGNED_FIELDS = frozenset({"business_income", "agriculture_income", "real_estate_income", "dividend_income",
                           "misc_income"})
# 別添1 amount items a return carries, by the section of the form they sit in.
AMOUNT_ITEMS: tuple[tuple[int, str], ...] = (
    (139, "社会保険料"),
    (150, "新一般生命保険料"),
    (148, "旧一般生命保険料"),
    (151, "新個人年金保険料"),
    (137, "旧個人年金保険料"),
    (152, "介護医療保険料"),
    (149, "地震保険料"),
    (138, "旧長期損害保険料"),
    (136, "医療費支払額"),
    (154, "医療費補てん額"),
    (140, "寄附金(ふるさと納税等)"),
    (141, "寄附金(市指定)"),
    (142, "寄附金(県指定)"),
)
ITEM_LABELS = dict(AMOUNT_ITEMS)
# 別添1 code items: 16 障害区分 and 17 老人・寡婦・勤労学生区分 (the taxpayer's own).
DISABILITY_ITEM = 16
STATUS_ITEM = 17
DISABILITY_CODES: tuple[tuple[str, str], ...] = (("0", "なし"), ("1", "障害者"), ("2", "特別障害者"))
STATUS_CODES: tuple[tuple[str, str], ...] = (
    ("0", "なし"), ("1", "寡婦"), ("2", "ひとり親"), ("3", "勤労学生"), ("4", "ひとり親・勤労学生"),
    ("5", "寡婦・勤労学生"),
)
CODE_LABELS = {DISABILITY_ITEM: ("本人の障害区分", dict(DISABILITY_CODES)),
               STATUS_ITEM: ("寡婦・ひとり親・勤労学生", dict(STATUS_CODES))}
FILING_KINDS: tuple[tuple[str, str], ...] = (
    ("resident_return", "住民税申告"), ("final_return", "確定申告"), ("salary_report", "給与支払報告書"),
    ("pension_report", "公的年金等支払報告書"), ("none", "申告なし"),
)
COLLECTION_METHODS: tuple[tuple[str, str], ...] = (
    ("ordinary", "普通徴収"), ("payroll", "給与特別徴収"), ("pension", "年金特別徴収"),
    ("payroll_and_ordinary", "給与特徴・普徴併用"), ("pension_and_ordinary", "年金特徴・普徴併用"),
    ("none", "なし"),
)
RELATIVE_DISABILITY: tuple[tuple[str, str], ...] = (
    ("none", "なし"), ("general", "障害者"), ("special", "特別障害者"), ("special_cohabiting", "同居特別障害者"),
)
AMOUNT_LABELS: tuple[tuple[str, str], ...] = (
    ("total_income", "合計所得金額"),
    ("income_base", "総所得金額等"),
    ("deductions_total", "所得控除合計"),
    ("taxable_income", "課税総所得金額"),
    ("municipal_income_levy", "市民税所得割"),
    ("municipal_per_capita", "市民税均等割"),
    ("prefectural_income_levy", "県民税所得割"),
    ("prefectural_per_capita", "県民税均等割"),
    ("forest_environment_tax", "森林環境税"),
    ("annual_tax", "年税額"),
)
# The parts a 税額変更通知書 lists.
TAX_PARTS: tuple[tuple[str, str], ...] = AMOUNT_LABELS[4:]
NON_TAXABLE_LABELS = {"none": "課税", "all": "均等割・所得割とも非課税", "income_levy": "所得割非課税"}


@dataclass(frozen=True, slots=True)
class RelativeEntry:
    """A spouse or dependant as claimed on the return."""

    person_id: int
    kind: str  # spouse | dependant
    disability: str = "none"
    cohabiting: bool = True
    total_income: int | None = None  # declared on the return; None: their own assessment counts

    def to_json(self) -> dict[str, Any]:
        return {"person_id": self.person_id, "kind": self.kind, "disability": self.disability,
                "cohabiting": self.cohabiting, "total_income": self.total_income}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> RelativeEntry:
        return cls(int(d["person_id"]), str(d["kind"]), str(d.get("disability") or "none"),
                   bool(d.get("cohabiting", True)),
                   None if d.get("total_income") is None else int(d["total_income"]))


@dataclass(frozen=True, slots=True)
class ReturnInputs:
    """A return in the canonical form the database stores (ledger.normalize_inputs)."""

    filing_kind: str = "resident_return"
    employer_no: str | None = None
    collection_method: str = "ordinary"
    salary_revenue: int = 0
    pension_revenue: int = 0
    business_income: int = 0
    agriculture_income: int = 0
    real_estate_income: int = 0
    interest_income: int = 0
    dividend_income: int = 0
    misc_income: int = 0
    items: tuple[tuple[int, int], ...] = ()  # (item code, amount), non-zero, by code
    codes: tuple[tuple[int, str], ...] = ()  # (item code, code value), not "0", by code
    relatives: tuple[RelativeEntry, ...] = ()

    def item(self, code: int) -> int:
        return dict(self.items).get(code, 0)

    def code(self, item: int) -> str:
        return dict(self.codes).get(item, "0")

    def income(self, name: str) -> int:
        value: int = getattr(self, name)
        return value

    def normalized(self) -> ReturnInputs:
        """The same return in the database's canonical order (spouse first, then by person)."""
        return replace(
            self,
            items=tuple(sorted((c, a) for c, a in self.items if a)),
            codes=tuple(sorted((c, v) for c, v in self.codes if v != "0")),
            relatives=tuple(sorted(self.relatives, key=lambda r: (r.kind != "spouse", r.person_id))),
        )

    def to_json(self) -> dict[str, Any]:
        n = self.normalized()
        d: dict[str, Any] = {"filing_kind": n.filing_kind, "employer_no": n.employer_no,
                             "collection_method": n.collection_method}
        for name, _ in INCOME_FIELDS:
            d[name] = n.income(name)
        d["items"] = {str(c): a for c, a in n.items}
        d["codes"] = {str(c): v for c, v in n.codes}
        d["relatives"] = [r.to_json() for r in n.relatives]
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any] | None) -> ReturnInputs:
        if not d:
            return cls()
        return cls(
            filing_kind=str(d.get("filing_kind") or "resident_return"),
            employer_no=d.get("employer_no") or None,
            collection_method=str(d.get("collection_method") or "ordinary"),
            **{name: int(d.get(name) or 0) for name, _ in INCOME_FIELDS},
            items=tuple(sorted((int(k), int(v)) for k, v in (d.get("items") or {}).items() if v)),
            codes=tuple(sorted((int(k), str(v)) for k, v in (d.get("codes") or {}).items() if v != "0")),
            relatives=tuple(RelativeEntry.from_json(r) for r in d.get("relatives") or ()),
        ).normalized()


@dataclass(frozen=True, slots=True)
class PersonInfo:
    """Who a taxpayer or relative is, and (for a relative) their own incomes of the tax year."""

    person_id: int
    family_name: str
    given_name: str
    family_kana: str
    given_kana: str
    birth_date: date
    sex: str | None
    district: str = ""
    salary_revenue: int = 0
    pension_revenue: int = 0
    other_income: int = 0
    address: str = ""
    postal_code: str = ""

    @property
    def name(self) -> str:
        return f"{self.family_name}　{self.given_name}"

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> PersonInfo:
        return cls(int(d["person_id"]), d["family_name"], d["given_name"], d["family_kana"], d["given_kana"],
                   date.fromisoformat(str(d["birth_date"])), d.get("sex"), d.get("district") or "",
                   int(d.get("salary_revenue") or 0), int(d.get("pension_revenue") or 0),
                   int(d.get("other_income") or 0), d.get("address") or "", d.get("postal_code") or "")


def _ts(value: Any) -> datetime | None:
    return None if value is None else datetime.fromisoformat(str(value))


@dataclass(frozen=True, slots=True)
class ReturnContext:
    """What the entry screen loads for one person and year."""

    person: PersonInfo
    tax_year: int
    version: int  # 0: no assessment yet
    status: str | None
    inputs: ReturnInputs | None
    amounts: dict[str, Any] | None
    relatives: dict[int, PersonInfo]
    open_proposal: dict[str, Any] | None
    last_returned: dict[str, Any] | None

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> ReturnContext:
        rel = {int(r["person_id"]): PersonInfo.from_json(r) for r in d.get("relatives_info") or ()}
        returned = d.get("last_returned")
        if returned:
            for r in returned.get("relatives_info") or ():
                rel.setdefault(int(r["person_id"]), PersonInfo.from_json(r))
        return cls(PersonInfo.from_json(d["person"]), int(d["tax_year"]), int(d["version"]), d.get("status"),
                   ReturnInputs.from_json(d["inputs"]) if d.get("inputs") else None, d.get("amounts"), rel,
                   d.get("open_proposal"), returned)


@dataclass(frozen=True, slots=True)
class ProposalSummary:
    proposal_id: int
    person_id: int
    family_name: str
    given_name: str
    kind: str
    proposed_by: str
    proposed_at: datetime
    reason: str
    old_annual_tax: int | None
    new_annual_tax: int
    own: bool


@dataclass(frozen=True, slots=True)
class ProposalDetail:
    proposal_id: int
    person: PersonInfo
    tax_year: int
    kind: str
    base_version: int
    base_status: str | None
    base_inputs: ReturnInputs | None
    base_amounts: dict[str, Any] | None
    inputs: ReturnInputs
    maker_result: dict[str, Any]
    reason: str
    proposed_by: str
    proposed_at: datetime
    state: str
    decided_by: str | None
    decision_comment: str | None
    own: bool
    relatives: dict[int, PersonInfo]

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> ProposalDetail:
        rel = {int(r["person_id"]): PersonInfo.from_json(r) for r in d.get("relatives_info") or ()}
        return cls(int(d["proposal_id"]), PersonInfo.from_json(d["person"]), int(d["tax_year"]), d["kind"],
                   int(d["base_version"]), d.get("base_status"),
                   ReturnInputs.from_json(d["base_inputs"]) if d.get("base_inputs") else None,
                   d.get("base_amounts"), ReturnInputs.from_json(d["inputs"]), d["maker_result"], d["reason"],
                   d["proposed_by"] or "", _ts(d["proposed_at"]) or datetime.min, d["state"], d.get("decided_by"),
                   d.get("decision_comment"), bool(d.get("own")), rel)


@dataclass(frozen=True, slots=True)
class VersionRecord:
    version: int
    source: str  # before | proposal | reduction
    status: str
    inputs: ReturnInputs
    amounts: dict[str, Any]
    steps: tuple[tuple[str, str, int], ...]
    engine: str | None
    proposed_by: str | None
    proposed_at: datetime | None
    approved_by: str
    approved_at: datetime
    reason: str | None
    proposal_id: int | None = None
    reduction_id: int | None = None
    notice_id: int | None = None
    relatives: dict[int, PersonInfo] = field(default_factory=dict)

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> VersionRecord:
        rel = {int(r["person_id"]): PersonInfo.from_json(r) for r in d.get("relatives_info") or ()}
        return cls(int(d["version"]), d["source"], d["status"], ReturnInputs.from_json(d["inputs"]),
                   dict(d["amounts"]), tuple((s[0], s[1], int(s[2])) for s in d["steps"]), d.get("engine"),
                   d.get("proposed_by"), _ts(d.get("proposed_at")), d["approved_by"] or "",
                   _ts(d["approved_at"]) or datetime.min, d.get("reason"), d.get("proposal_id"),
                   d.get("reduction_id"), d.get("notice_id"), rel)


@dataclass(frozen=True, slots=True)
class ReductionRecord:
    reduction_id: int
    person_id: int
    family_name: str
    given_name: str
    category: str
    evidence_kind: str
    evidence_ref: str
    application_date: date
    target: str
    rate_percent: int | None
    amount: int | None
    reason: str
    state: str
    proposed_by: str
    proposed_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    decision_comment: str | None
    annual_tax: int
    own: bool


@dataclass(frozen=True, slots=True)
class ChangeNotice:
    notice_id: int
    person_id: int
    tax_year: int
    version: int
    family_name: str
    given_name: str
    postal_code: str
    address: str
    old_amounts: dict[str, Any]
    new_amounts: dict[str, Any]
    collection_method: str
    created_at: datetime
    reason: str | None

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> ChangeNotice:
        return cls(int(d["notice_id"]), int(d["person_id"]), int(d["tax_year"]), int(d["version"]),
                   d["family_name"], d["given_name"], d["postal_code"], d["address"], dict(d["old_amounts"]),
                   dict(d["new_amounts"]), d["collection_method"], _ts(d["created_at"]) or datetime.min,
                   d.get("reason"))

    def difference(self) -> int:
        return int(self.new_amounts["annual_tax"]) - int(self.old_amounts["annual_tax"])


@dataclass(frozen=True, slots=True)
class DiffLine:
    """One field that differs between two versions: label, before and after (as shown)."""

    key: str
    label: str
    before: str
    after: str


def _yen(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def _label(choices: tuple[tuple[str, str], ...], value: str | None) -> str:
    return dict(choices).get(value or "", value or "")


def _relative_text(r: RelativeEntry, names: dict[int, PersonInfo]) -> str:
    who = names[r.person_id].name if r.person_id in names else str(r.person_id)
    parts = [who, "配偶者" if r.kind == "spouse" else "扶養親族"]
    if r.disability != "none":
        parts.append(_label(RELATIVE_DISABILITY, r.disability))
    parts.append("同居" if r.cohabiting else "別居")
    if r.total_income is not None:
        parts.append(f"所得 {r.total_income:,}")
    return " ".join(parts)


def diff_inputs(before: ReturnInputs | None, after: ReturnInputs,
                names: dict[int, PersonInfo] | None = None) -> list[DiffLine]:
    """What changes from `before` (None: nothing registered yet) to `after`, field by field."""
    names = names or {}
    old = before or ReturnInputs(filing_kind="", collection_method="")
    lines: list[DiffLine] = []

    def add(key: str, label: str, a: str, b: str) -> None:
        if a != b:
            lines.append(DiffLine(key, label, a, b))

    add("filing_kind", "申告区分", _label(FILING_KINDS, old.filing_kind), _label(FILING_KINDS, after.filing_kind))
    add("employer_no", "事業所番号", old.employer_no or "", after.employer_no or "")
    add("collection_method", "徴収方法", _label(COLLECTION_METHODS, old.collection_method),
        _label(COLLECTION_METHODS, after.collection_method))
    for name, label in INCOME_FIELDS:
        add(name, label, _yen(old.income(name)) if before else "", _yen(after.income(name)))
    for code, label in AMOUNT_ITEMS:
        a, b = old.item(code), after.item(code)
        add(f"items.{code}", label, _yen(a) if a else "", _yen(b) if b else "")
    for item, (label, values) in CODE_LABELS.items():
        add(f"codes.{item}", label, values.get(old.code(item), "") if before else "",
            values.get(after.code(item), ""))
    old_rel = {r.person_id: r for r in old.relatives}
    new_rel = {r.person_id: r for r in after.relatives}
    for pid in sorted(old_rel.keys() | new_rel.keys()):
        a_text = _relative_text(old_rel[pid], names) if pid in old_rel else ""
        b_text = _relative_text(new_rel[pid], names) if pid in new_rel else ""
        add(f"relatives.{pid}", "配偶者・扶養親族", a_text, b_text)
    return lines


def diff_amounts(before: dict[str, Any] | None, after: dict[str, Any]) -> list[DiffLine]:
    """The computed amounts that change (before None: a first registration)."""
    lines = []
    for key, label in AMOUNT_LABELS:
        a = None if before is None else before.get(key)
        b = after.get(key)
        if a != b:
            lines.append(DiffLine(key, label, _yen(None if a is None else int(a)), _yen(None if b is None else int(b))))
    a_nt = None if before is None else before.get("non_taxable")
    if a_nt != after.get("non_taxable"):
        lines.append(DiffLine("non_taxable", "課税区分", NON_TAXABLE_LABELS.get(str(a_nt), ""),
                              NON_TAXABLE_LABELS.get(str(after.get("non_taxable")), "")))
    return lines


@dataclass
class FieldErrors:
    """Field-level messages (field key → Japanese and English text) for the entry screen."""

    errors: dict[str, tuple[str, str]] = field(default_factory=dict)

    def add(self, key: str, ja: str, en: str) -> None:
        self.errors.setdefault(key, (ja, en))

    def __bool__(self) -> bool:
        return bool(self.errors)
