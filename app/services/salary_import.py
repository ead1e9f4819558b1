"""給与支払報告書 import (docs/salary-report-csv.md): parse and validate every row, match the persons
in the database, report, then commit the whole file in one transaction or nothing.

1. `parse(content, …)` reads the CSV (UTF-8 or Shift_JIS) and validates each row on its own: a row with
   any bad field is rejected with a Japanese reason naming the line and the column.
2. `check(db, report)` stages the valid rows in the session (COPY) and lets the database match them
   (api.salary_import_check, an audited read): persons not found or ambiguous go to the matching
   screen, duplicates are listed, differences from relatives already recorded are warnings.
   `resolve()` records a clerk's choice (the database accepts it only for a person born on the
   row's birth date) and `check` runs again.
3. `commit(db, report)` stages the rows again and calls api.salary_import_commit in the same
   transaction, which matches and checks everything once more and applies it all or raises.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import text

from app.i18n import UserError
from app.models.salary_import import (
    PROBLEMS,
    WARNINGS,
    CommitResult,
    ImportReport,
    Relative,
    RowIssue,
    SalaryRow,
    Unmatched,
)
from app.services import wareki
from app.services.bulk import copy_rows
from app.services.db import Database

Progress = Callable[[str, int, int], None]  # phase, done, total

MAX_AMOUNT = 99_999_999_999
MAX_RELATIVES = 6
MAX_ROWS = 1_000_000
MAX_ISSUES = 10_000  # kept in a report; a file this bad needs fixing at its source anyway

# The columns of the layout, in order: header text, key. Spouse and dependants follow (below).
MAIN_COLUMNS: tuple[tuple[str, str], ...] = (
    ("指定番号", "employer_no"), ("法人番号", "corporate_no"), ("事業所名", "employer_name"),
    ("宛名番号", "person_no"), ("氏名", "name"), ("フリガナ", "kana"), ("生年月日", "birth_date"),
    ("郵便番号", "postal_code"), ("住所", "address"),
    ("支払金額", "payment"), ("給与所得控除後の金額", "income_after_deduction"),
    ("所得控除の額の合計額", "deductions_reported"), ("社会保険料等の金額", "social_insurance"),
    ("新生命保険料の金額", "life_new_general"), ("旧生命保険料の金額", "life_old_general"),
    ("介護医療保険料の金額", "life_care_medical"), ("新個人年金保険料の金額", "life_new_annuity"),
    ("旧個人年金保険料の金額", "life_old_annuity"), ("地震保険料の金額", "earthquake"),
    ("旧長期損害保険料の金額", "old_long_term"), ("源泉徴収税額", "withholding_tax"),
    ("徴収区分", "collection"), ("普通徴収理由", "ordinary_reason"),
)
SPOUSE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("配偶者宛名番号", "person_no"), ("配偶者フリガナ", "kana"), ("配偶者生年月日", "birth_date"),
    ("配偶者障害", "disability"), ("配偶者同居", "cohabiting"), ("配偶者の合計所得", "total_income"),
)


def dependant_columns(n: int) -> tuple[tuple[str, str], ...]:
    return ((f"扶養{n}宛名番号", "person_no"), (f"扶養{n}フリガナ", "kana"), (f"扶養{n}生年月日", "birth_date"),
            (f"扶養{n}障害", "disability"), (f"扶養{n}同居", "cohabiting"))


HEADER: tuple[str, ...] = tuple(h for h, _ in MAIN_COLUMNS) + tuple(h for h, _ in SPOUSE_COLUMNS) + tuple(
    h for n in range(1, MAX_RELATIVES + 1) for h, _ in dependant_columns(n))
REQUIRED = {"employer_no", "employer_name", "name", "kana", "birth_date", "address", "payment", "collection"}
OPTIONAL_AMOUNTS = ("income_after_deduction", "deductions_reported", "withholding_tax")
ZERO_AMOUNTS = ("social_insurance", "life_new_general", "life_old_general", "life_care_medical",
                "life_new_annuity", "life_old_annuity", "earthquake", "old_long_term")
DISABILITY = {"": "none", "なし": "none", "無": "none", "障害者": "general", "一般": "general",
              "特別障害者": "special", "特別": "special", "同居特別障害者": "special_cohabiting",
              "同居特別": "special_cohabiting"}
COHABITING = {"": True, "1": True, "同居": True, "0": False, "別居": False}
COLLECTION = {"特別徴収": True, "特徴": True, "1": True, "普通徴収": False, "普徴": False, "2": False}

_KANA = re.compile(r"^[ァ-ヶー]+(?: [ァ-ヶー]+)?$")
_HIRAGANA = {c: c + 0x60 for c in range(ord("ぁ"), ord("ゖ") + 1)}
_DIGITS = re.compile(r"^[0-9]+$")
_POSTAL = re.compile(r"^[0-9]{3}-?[0-9]{4}$")


class _RowErrors:
    """Collects the reasons of one row (all of them, so the employer fixes the row once)."""

    def __init__(self, row_no: int) -> None:
        self.row_no = row_no
        self.issues: list[RowIssue] = []

    def add(self, column: str, ja: str, en: str) -> None:
        self.issues.append(RowIssue(self.row_no, column, f"{self.row_no}行目「{column}」: {ja}",
                                    f"line {self.row_no}, {column}: {en}"))


def _clean(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip()


def _amount(errors: _RowErrors, column: str, raw: str, *, required: bool = False) -> int | None:
    value = _clean(raw).replace(",", "").removesuffix("円")
    if not value:
        if required:
            errors.add(column, "入力してください。", "required.")
        return None
    if not _DIGITS.match(value):
        errors.add(column, f"金額は0以上の整数で記入してください（{raw.strip()}）。",
                   f"must be a whole number of yen, 0 or more ({raw.strip()}).")
        return None
    amount = int(value)
    if amount > MAX_AMOUNT:
        errors.add(column, f"金額が大きすぎます（{amount:,}円）。", f"amount too large ({amount:,} yen).")
        return None
    return amount


def _kana(errors: _RowErrors, column: str, raw: str) -> str | None:
    # NFKC turns half-width kana full width; hiragana become katakana; any spaces become one.
    value = " ".join(_clean(raw).translate(_HIRAGANA).split())
    if not value:
        errors.add(column, "入力してください。", "required.")
        return None
    if len(value) > 81 or not _KANA.match(value):
        errors.add(column, f"カタカナで「セイ メイ」と記入してください（{raw.strip()}）。",
                   f"write the name in katakana as family and given name ({raw.strip()}).")
        return None
    return value


def _date(errors: _RowErrors, column: str, raw: str, tax_year: int) -> date | None:
    value = _clean(raw)
    if not value:
        errors.add(column, "入力してください。", "required.")
        return None
    try:
        parsed = wareki.parse_date(value)
    except UserError:
        errors.add(column, f"日付として読めません（{raw.strip()}）。例: S55.5.1、昭和55年5月1日、1980-05-01",
                   f"not a date ({raw.strip()}); e.g. S55.5.1, 昭和55年5月1日, 1980-05-01.")
        return None
    if not date(1890, 1, 1) <= parsed < date(tax_year, 1, 1):
        errors.add(column, f"所得年の末日より後か、古すぎる日付です（{wareki.format_long(parsed)}）。",
                   f"after the end of the income year or too early ({parsed.isoformat()}).")
        return None
    return parsed


def _person_no(errors: _RowErrors, column: str, raw: str) -> int | None:
    value = _clean(raw)
    if not value:
        return None
    if not _DIGITS.match(value) or not 1 <= int(value) <= 9_999_999_999:
        errors.add(column, f"宛名番号は1〜10桁の数字です（{raw.strip()}）。",
                   f"the 宛名番号 is 1 to 10 digits ({raw.strip()}).")
        return None
    return int(value)


def _relative(errors: _RowErrors, seq: int, kind: str, fields: dict[str, tuple[str, str]],
              tax_year: int) -> Relative | None:
    """A spouse or dependant column group: empty, or kana and birth date at least."""
    if not any(_clean(raw) for _, raw in fields.values()):
        return None
    kana_col, kana_raw = fields["kana"]
    birth_col, birth_raw = fields["birth_date"]
    before = len(errors.issues)
    kana = _kana(errors, kana_col, kana_raw)
    birth = _date(errors, birth_col, birth_raw, tax_year)
    person_no = _person_no(errors, *fields["person_no"])
    dis_col, dis_raw = fields["disability"]
    disability = DISABILITY.get(_clean(dis_raw))
    if disability is None:
        errors.add(dis_col, "「障害者」「特別障害者」「同居特別障害者」のいずれか、"
                            f"または空欄です（{dis_raw.strip()}）。",
                   f"one of 障害者, 特別障害者, 同居特別障害者, or empty ({dis_raw.strip()}).")
    co_col, co_raw = fields["cohabiting"]
    cohabiting = COHABITING.get(_clean(co_raw))
    if cohabiting is None:
        errors.add(co_col, f"「同居」「別居」（1/0）または空欄です（{co_raw.strip()}）。",
                   f"同居 or 別居 (1/0), or empty ({co_raw.strip()}).")
    income = _amount(errors, *fields["total_income"]) if "total_income" in fields else None
    if len(errors.issues) > before or kana is None or birth is None or disability is None or cohabiting is None:
        return None
    return Relative(seq, kind, person_no, kana, birth, disability, cohabiting, income)


def _row(row_no: int, values: dict[str, str], tax_year: int) -> SalaryRow | list[RowIssue]:
    errors = _RowErrors(row_no)
    employer_no = _clean(values["指定番号"])
    if not re.fullmatch(r"[0-9]{6,10}", employer_no):
        errors.add("指定番号", f"6〜10桁の数字で記入してください（{values['指定番号'].strip()}）。",
                   f"6 to 10 digits ({values['指定番号'].strip()}).")
    corporate = _clean(values["法人番号"])
    if corporate and not re.fullmatch(r"[0-9]{13}", corporate):
        errors.add("法人番号", "13桁の数字か空欄です。", "13 digits or empty.")
    texts: dict[str, str] = {}
    for column, key, limit in (("事業所名", "employer_name", 100), ("氏名", "name", 61), ("住所", "address", 200)):
        value = " ".join(_clean(values[column]).split())
        if not value:
            errors.add(column, "入力してください。", "required.")
        elif len(value) > limit:
            errors.add(column, f"{limit}文字以内で記入してください。", f"at most {limit} characters.")
        texts[key] = value
    postal = _clean(values["郵便番号"])
    if postal and not _POSTAL.match(postal):
        errors.add("郵便番号", f"「025-0075」の形で記入してください（{values['郵便番号'].strip()}）。",
                   f"write it as 025-0075 ({values['郵便番号'].strip()}).")
    person_no = _person_no(errors, "宛名番号", values["宛名番号"])
    kana = _kana(errors, "フリガナ", values["フリガナ"])
    birth = _date(errors, "生年月日", values["生年月日"], tax_year)
    payment = _amount(errors, "支払金額", values["支払金額"], required=True)
    optional = {key: _amount(errors, column, values[column])
                for column, key in MAIN_COLUMNS if key in OPTIONAL_AMOUNTS}
    zero = {key: _amount(errors, column, values[column]) or 0
            for column, key in MAIN_COLUMNS if key in ZERO_AMOUNTS}
    after = optional["income_after_deduction"]
    if payment is not None and after is not None and after > payment:
        errors.add("給与所得控除後の金額", "支払金額を超えています。", "exceeds the payment.")
    collection = COLLECTION.get(_clean(values["徴収区分"]))
    if collection is None:
        errors.add("徴収区分", f"「特別徴収」か「普通徴収」を記入してください（{values['徴収区分'].strip()}）。",
                   f"特別徴収 or 普通徴収 ({values['徴収区分'].strip()}).")
    reason = _clean(values["普通徴収理由"]).upper().replace("普通", "普") or None
    if reason is not None:
        reason = reason if reason.startswith("普") else f"普{reason}"
    if collection is False and (reason is None or not re.fullmatch(r"普[A-F]", reason)):
        errors.add("普通徴収理由", "普通徴収の理由を普A〜普Fで記入してください。",
                   "give the reason for ordinary collection (普A to 普F).")
    if collection is True and reason is not None:
        errors.add("普通徴収理由", "特別徴収の行には記入しません。", "must be empty for payroll withholding.")
    relatives: list[Relative] = []
    spouse = _relative(errors, 1, "spouse", {k: (h, values[h]) for h, k in SPOUSE_COLUMNS}, tax_year)
    if spouse is not None:
        relatives.append(spouse)
    for n in range(1, MAX_RELATIVES + 1):
        dep = _relative(errors, n + 1, "dependant", {k: (h, values[h]) for h, k in dependant_columns(n)}, tax_year)
        if dep is not None:
            relatives.append(dep)
    if errors.issues or kana is None or birth is None or payment is None or collection is None:
        return errors.issues
    return SalaryRow(row_no, employer_no, texts["employer_name"], person_no, texts["name"], kana, birth,
                     texts["address"], payment, after, optional["deductions_reported"], zero["social_insurance"],
                     zero["life_new_general"], zero["life_old_general"], zero["life_care_medical"],
                     zero["life_new_annuity"], zero["life_old_annuity"], zero["earthquake"], zero["old_long_term"],
                     optional["withholding_tax"], collection, None if collection else reason, tuple(relatives))


def decode(content: bytes) -> str:
    """UTF-8 (with or without BOM), else Shift_JIS (cp932) as many payroll packages write it."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp932")
    except UnicodeDecodeError:
        raise UserError("文字コードを判別できません。UTF-8 または Shift_JIS の CSV にしてください。",
                        "Cannot tell the encoding: use a UTF-8 or Shift_JIS CSV file.", field="file") from None


def parse(content: bytes, tax_year: int, file_name: str, progress: Progress | None = None) -> ImportReport:
    """Validate every row of a file. Raises UserError only when the file as a whole is unreadable."""
    if not 2000 <= tax_year <= 2100:
        raise UserError("賦課年度が正しくありません。", "Not a valid tax year.", field="tax_year")
    reader = csv.reader(io.StringIO(decode(content), newline=""))
    header = [_clean(h) for h in next(reader, [])]
    missing = [h for h in HEADER if h not in header]
    if not header or missing:
        raise UserError(f"見出し行に必要な列がありません: {'、'.join(missing[:5])}（docs/salary-report-csv.md）",
                        f"The header row lacks columns: {', '.join(missing[:5])} (see docs/salary-report-csv.md)",
                        field="file")
    unknown = [h for h in header if h and h not in HEADER]
    if unknown:
        raise UserError(f"見出し行に不明な列があります: {'、'.join(unknown[:5])}",
                        f"The header row has unknown columns: {', '.join(unknown[:5])}", field="file")
    position = {h: i for i, h in enumerate(header)}
    report = ImportReport(file_name, hashlib.sha256(content).hexdigest(), tax_year, 0, [])
    width = len(header)
    for line_no, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue  # blank lines (a trailing newline, spreadsheet leftovers)
        report.total_rows += 1
        if report.total_rows > MAX_ROWS:
            raise UserError(f"1ファイルは{MAX_ROWS:,}行までです。", f"At most {MAX_ROWS:,} rows a file.", field="file")
        if len(record) != width:
            _add_issue(report.rejected, RowIssue(line_no, "列数",
                       f"{line_no}行目: 列の数が見出しと違います（{len(record)}列、見出しは{width}列）。",
                       f"line {line_no}: {len(record)} columns, the header has {width}."))
            continue
        parsed = _row(line_no, {h: record[i] for h, i in position.items()}, tax_year)
        if isinstance(parsed, SalaryRow):
            report.rows.append(parsed)
        else:
            for issue in parsed:
                _add_issue(report.rejected, issue)
        if progress is not None and report.total_rows % 10_000 == 0:
            progress("parse", report.total_rows, 0)
    if report.total_rows == 0:
        raise UserError("データ行がありません。", "The file has no data rows.", field="file")
    return report


def read_file(path: str | Path, tax_year: int, progress: Progress | None = None) -> ImportReport:
    p = Path(path)
    try:
        content = p.read_bytes()
    except OSError as exc:
        raise UserError(f"ファイルを読めません: {p}", f"Cannot read {p}: {exc.strerror}", field="file") from exc
    return parse(content, tax_year, p.name, progress)


def _add_issue(issues: list[RowIssue], issue: RowIssue) -> None:
    if len(issues) < MAX_ISSUES:
        issues.append(issue)


# ---------------------------------------------------------------------------------------------
# Staging and the database's matching

STAGE_COLUMNS = ("row_no", "employer_no", "person_no", "kana", "birth_date", "resolved_person_id", "payment",
                 "income_after_deduction", "deductions_reported", "social_insurance", "life_new_general",
                 "life_old_general", "life_care_medical", "life_new_annuity", "life_old_annuity", "earthquake",
                 "old_long_term", "withholding_tax", "payroll_withholding", "ordinary_reason")
DEP_COLUMNS = ("row_no", "seq", "kind", "person_no", "kana", "birth_date", "resolved_person_id", "disability",
               "cohabiting", "total_income")


def _stage(conn: Any, tax_year: int, rows: Sequence[SalaryRow], resolved: dict[tuple[int, int], int]) -> None:
    """Open the session's staging tables and COPY the rows (one round trip per table)."""
    conn.execute(text("SELECT api.salary_import_open(:y)"), {"y": tax_year})
    cur = conn.connection.dbapi_connection.cursor()
    copy_rows(cur, "pg_temp.salary_stage", STAGE_COLUMNS, (
        (r.row_no, r.employer_no, r.person_no, r.kana, r.birth_date, resolved.get((r.row_no, 0)), r.payment,
         r.income_after_deduction, r.deductions_reported, r.social_insurance, r.life_new_general,
         r.life_old_general, r.life_care_medical, r.life_new_annuity, r.life_old_annuity, r.earthquake,
         r.old_long_term, r.withholding_tax, r.payroll_withholding, r.ordinary_reason) for r in rows))
    copy_rows(cur, "pg_temp.salary_stage_dep", DEP_COLUMNS, (
        (r.row_no, d.seq, d.kind, d.person_no, d.kana, d.birth_date, resolved.get((r.row_no, d.seq)),
         d.disability, d.cohabiting, d.total_income) for r in rows for d in r.relatives))


def _role(seq: int, row: SalaryRow) -> str:
    if seq == 0:
        return "受給者"
    relative = next(d for d in row.relatives if d.seq == seq)
    return "配偶者" if relative.kind == "spouse" else f"扶養親族{seq - 1}"


def check(db: Database, report: ImportReport, progress: Progress | None = None) -> ImportReport:
    """Match the valid rows in the database (with the clerk's picks in `report.resolutions`) and fill
    the report's duplicates and unmatched lists."""
    resolved = dict(report.resolutions)
    by_row = {r.row_no: r for r in report.rows}
    if progress is not None:
        progress("check", 0, len(report.rows))
    with db.unit_of_work() as conn:
        conn.execute(text("SET LOCAL statement_timeout = '10min'"))
        _stage(conn, report.tax_year, report.rows, resolved)
        found = conn.execute(text("SELECT * FROM api.salary_import_check(:y)"), {"y": report.tax_year}).all()
    report.duplicates.clear()
    report.unmatched.clear()
    report.matched.clear()
    report.warnings.clear()
    report.rejected[:] = [i for i in report.rejected if i.kind == "rejected" and i.field != "照合"]
    for row_no, seq, person_id, candidates, problem, warning in found:
        if person_id is not None:
            report.matched[(row_no, seq)] = person_id
        if warning is not None:
            w_ja, w_en = WARNINGS[warning]
            role = _role(seq, by_row[row_no])
            _add_issue(report.warnings, RowIssue(row_no, "照合", f"{row_no}行目（{role}）: {w_ja}",
                                                 f"line {row_no} ({role}): {w_en}", "warning"))
        if problem is None:
            continue
        kind, ja, en = PROBLEMS[problem]
        row = by_row[row_no]
        if kind == "unmatched":
            relative = next((d for d in row.relatives if d.seq == seq), None)
            report.unmatched.append(Unmatched(
                row_no, seq, _role(seq, row), row.name if relative is None else "",
                row.kana if relative is None else relative.kana,
                row.birth_date if relative is None else relative.birth_date,
                row.person_no if relative is None else relative.person_no, problem, candidates))
        elif kind == "duplicate":
            report.duplicates.append(RowIssue(row_no, problem, f"{row_no}行目: {ja}", f"line {row_no}: {en}",
                                              "duplicate"))
        else:
            role = _role(seq, row)
            _add_issue(report.rejected, RowIssue(row_no, "照合", f"{row_no}行目（{role}）: {ja}",
                                                 f"line {row_no} ({role}): {en}"))
    report.rejected.sort(key=lambda i: i.row_no)
    report.checked = True
    if progress is not None:
        progress("check", len(report.rows), len(report.rows))
    return report


def resolve(report: ImportReport, row_no: int, seq: int, person_id: int) -> None:
    """Record the clerk's pick for a person of a row; the next `check` confirms it."""
    if not any(r.row_no == row_no for r in report.rows):
        raise UserError(f"{row_no}行目は取込対象にありません。", f"Line {row_no} is not in the file.", field="row")
    report.resolutions[(row_no, seq)] = person_id
    report.checked = False


def commit(db: Database, report: ImportReport, progress: Progress | None = None) -> CommitResult:
    """Import the checked file in one transaction: everything, or (on any refusal) nothing."""
    if not report.can_commit:
        raise UserError("取り込めない行があるため登録できません。検証結果を確認してください。",
                        "Some rows cannot be imported; nothing was stored. See the validation report.",
                        field="file")
    skipped = report.skipped_rows
    rows = [r for r in report.rows if r.row_no not in skipped]
    # Only the clerk's picks travel as choices: the database matches every other row again itself.
    choices = dict(report.resolutions)
    if progress is not None:
        progress("commit", 0, len(rows))
    with db.unit_of_work() as conn:
        # A whole year's file is one statement on the server (tens of seconds for 100,000 rows on a
        # busy server): give this transaction alone more than the session's usual limit.
        conn.execute(text("SET LOCAL statement_timeout = '10min'"))
        _stage(conn, report.tax_year, rows, choices)
        result = conn.execute(text("SELECT * FROM api.salary_import_commit(:y, :name, :sha, :n)"),
                              {"y": report.tax_year, "name": report.file_name[:255] or "-",
                               "sha": report.sha256, "n": len(rows)}).one()
    if progress is not None:
        progress("commit", len(rows), len(rows))
    return CommitResult(result.import_id, result.event_id, result.reports, result.persons,
                        result.assessments_created, result.dependants, len(skipped))


def write_csv(rows: Iterable[dict[str, object]]) -> str:
    """A file in the documented layout from dicts keyed by header text (tests, demo, samples)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow(["" if row.get(h) is None else str(row.get(h)) for h in HEADER])
    return buffer.getvalue()
