"""特別徴収税額決定通知書 PDFs and the print-data export: names, amounts and totals as extracted text,
the embedded font, cancel and progress; from the database through the api."""

from __future__ import annotations

import csv
import io
import subprocess
from datetime import date
from pathlib import Path

import pytest

from app.i18n import UserError
from app.models.collection import NoticeEmployee, NoticeEmployer
from app.services import collection
from app.services import collection_notice_pdf as pdf
from app.services.db import Database
from tests.collection.conftest import TAX_YEAR, Seeder, set_annual
from tests.support.database import ProvisionedDb


def pdf_text(path: Path, *pages: int) -> str:
    args = ["pdftotext", "-layout"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    return subprocess.run([*args, str(path), "-"], capture_output=True, check=True, text=True).stdout


def sample(n_employees: int = 2) -> list[NoticeEmployer]:
    a = NoticeEmployer("70009999", "株式会社花巻試験", "カブシキガイシャハナマキシケン", "025-0001",
                       "花巻市大通り一丁目1番1号")
    base = [NoticeEmployee(7000000101, "青木 一郎", "アオキ イチロウ", "025-0075", "花巻市花城町1番1号", 241_500,
                           (20_400,) + (20_100,) * 11),
            NoticeEmployee(7000000102, "伊藤 花子", "イトウ ハナコ", "025-0075", "花巻市花城町1番2号", 100_000,
                           (8_700,) + (8_300,) * 11)]
    a.employees.extend((base * n_employees)[:n_employees])
    return [a]


def test_employer_list_and_employee_copies(tmp_path: Path) -> None:
    out = tmp_path / "notices.pdf"
    run = pdf.write_pdf(sample(), TAX_YEAR, out, issued=date(2025, 5, 15))
    assert (run.employers, run.employees, run.pages) == (1, 2, 3) and len(run.sha256) == 64
    first = pdf_text(out, 1)
    assert "令和7年度 給与所得等に係る市民税・県民税 特別徴収税額決定通知書(特別徴収義務者用)" in first
    assert "指定番号 70009999" in first and "株式会社花巻試験 様" in first and "令和7年5月15日" in first
    assert "青木 一郎" in first and "241,500" in first and "20,400" in first
    # totals: 341,500; June 29,100; other months 28,400
    assert "合計 2人" in first and "341,500" in first and "29,100" in first and "28,400" in first
    copy = pdf_text(out, 3)
    assert "(納税義務者用)" in copy and "伊藤 花子 様" in copy and "100,000 円" in copy and "8,700 円" in copy
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, check=True, text=True).stdout
    assert "IPAexGothic" in fonts and fonts.count(" yes ") >= 1
    for line in fonts.splitlines()[2:]:
        assert line.split()[-5] == "yes"      # emb column: every font embedded


def test_long_list_breaks_pages_and_totals_on_the_last(tmp_path: Path) -> None:
    out = tmp_path / "long.pdf"
    run = pdf.write_pdf(sample(61), TAX_YEAR, out, issued=date(2025, 5, 15))
    assert run.pages == 3 + 61
    assert "1/3頁" in "".join(pdf_text(out, 1).split()) and "合計" not in pdf_text(out, 1)
    assert "合計 61人" in pdf_text(out, 3)


def test_cancel_leaves_no_file_and_progress_is_reported(tmp_path: Path) -> None:
    notices = sample() * 3
    seen: list[tuple[int, int]] = []
    out = tmp_path / "x.pdf"
    with pytest.raises(pdf.NoticeCancelled):
        pdf.write_pdf(notices, TAX_YEAR, out, progress=lambda d, t: seen.append((d, t)),
                      cancelled=lambda: len(seen) >= 2)
    assert seen == [(1, 3), (2, 3)] and not out.exists()
    with pytest.raises(UserError):
        pdf.write_pdf([], TAX_YEAR, out)


def test_export_rows_in_print_order_with_totals(tmp_path: Path) -> None:
    run = pdf.write_export(sample(), TAX_YEAR, tmp_path / "print.csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "print.csv").read_text(encoding="utf-8"))))
    assert rows[0][:3] == ["record", "tax_year", "employer_no"] and len(rows) == 4 and run.employees == 2
    assert rows[1][0] == "E" and rows[1][7] == "青木 一郎" and rows[1][11:13] == ["241500", "20400"]
    assert rows[3][0] == "T" and rows[3][11] == "341500" and sum(map(int, rows[3][12:])) == 341_500


def test_notices_from_the_database(tmp_path: Path, clerk: Database, seeded: Seeder) -> None:
    employer_no, _ = seeded([241_500, 100_000])
    notices = collection.notice_data(clerk, TAX_YEAR, employer_no)
    out = tmp_path / "db.pdf"
    pdf.write_pdf(notices, TAX_YEAR, out, issued=date(2025, 5, 20))
    text = pdf_text(out)
    assert f"指定番号 {employer_no}" in text and "青木 一郎" in text and "伊藤 花子" in text
    assert "合計 2人" in text and "341,500" in text


def test_change_notice_after_a_mid_year_tax_change(tmp_path: Path, coll_db: ProvisionedDb, clerk: Database,
                                                   seeded: Seeder) -> None:
    employer_no, ids = seeded([241_500, 100_000])
    for m in range(4):
        collection.record_month(clerk, employer_no, TAX_YEAR, m)
    set_annual(coll_db, ids[0], 300_000)
    plan = next(p for p in collection.employees(clerk, employer_no, TAX_YEAR) if p.person_id == ids[0])
    collection.save_tax_change(clerk, plan, TAX_YEAR)
    notices = collection.notice_data(clerk, TAX_YEAR, employer_no, person_ids={ids[0]})
    assert [e.person_id for n in notices for e in n.employees] == [ids[0]]
    out = tmp_path / "henko.pdf"
    run = pdf.write_pdf(notices, TAX_YEAR, out, issued=date(2025, 10, 20), kind=pdf.CHANGE)
    assert run.pages == 2
    employer_page, employee_page = pdf_text(out, 1), pdf_text(out, 2)
    assert "特別徴収税額変更通知書(特別徴収義務者用)" in employer_page and "300,000" in employer_page
    assert "27,500" in employer_page and "27,400" in employer_page and "合計 1人" in employer_page
    assert "変更後の年税額" in employee_page and "300,000 円" in employee_page and "27,500 円" in employee_page


def test_change_notice_after_retirement_carries_the_taxpayers_notice(tmp_path: Path, clerk: Database,
                                                                     seeded: Seeder) -> None:
    employer_no, ids = seeded([100_000, 241_500], paid=4)
    plan = next(p for p in collection.employees(clerk, employer_no, TAX_YEAR) if p.person_id == ids[0])
    collection.save_change(clerk, plan, TAX_YEAR,
                           collection.ChangeForm("retire", date(2025, 9, 20), date(2025, 9, 25), 4))
    persons = {ids[0]}
    notices = collection.notice_data(clerk, TAX_YEAR, employer_no, person_ids=persons)
    ordinary = collection.ordinary_instalments(clerk, TAX_YEAR, persons)
    assert ordinary == {ids[0]: [(date(2025, 10, 31), 33_400), (date(2026, 2, 2), 33_000)]}
    out = tmp_path / "retire.pdf"
    run = pdf.write_pdf(notices, TAX_YEAR, out, issued=date(2025, 10, 1), kind=pdf.CHANGE, ordinary=ordinary)
    assert run.pages == 3
    employer_page = pdf_text(out, 1)
    # the old employer withholds June–September only: 8,700 + 3 × 8,300
    assert "特別徴収税額変更通知書" in employer_page and "8,700" in employer_page and "33,600" not in employer_page
    taxpayer = pdf_text(out, 3)
    assert "納税通知書(普通徴収)" in taxpayer and "青木 一郎 様" in taxpayer
    assert "令和7年10月31日" in taxpayer and "33,400 円" in taxpayer and "令和8年2月2日" in taxpayer
    assert "66,400 円" in taxpayer
