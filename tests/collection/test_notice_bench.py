"""Benchmark: 特別徴収税額決定通知書 for every employer of a 100,000-person synthetic city in one run,
pages per second next to plain ReportLab pages with the same font (measured in the same run).
Never asserts on time; prints the figures."""

from __future__ import annotations

import io
import time
from collections import defaultdict

from pytest_benchmark.fixture import BenchmarkFixture
from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.models.collection import NoticeEmployee, NoticeEmployer
from app.services import collection_notice_pdf as notice_pdf
from app.services import synthetic
from app.services.pdf_fonts import register_fonts
from app.tax.profile import load_profile
from app.tax.schedule import payroll

PERSONS = 100_000
SEED = 7
TAX_YEAR = 2025


def rough_annual(salary: int) -> int:
    """A plausible annual tax for a salary (benchmark data only; the tax engine is not the subject):
    10 % of salary income less basic and social-insurance deductions, plus 5,000 per capita."""
    income = max(0, int(salary * 0.7) - 430_000 - salary // 7)
    return income // 1000 * 100 + 5_000


def city_notices() -> list[NoticeEmployer]:
    prof = load_profile()
    persons: dict[int, synthetic.Person] = {}
    by_employer: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for batch in synthetic.generate(PERSONS, SEED, (TAX_YEAR,)):
        for p in batch.persons:
            persons[p.person_no] = p
        for r in batch.incomes:
            if r.employer_no and r.salary_revenue >= 1_000_000:
                by_employer[r.employer_no].append((r.person_no, rough_annual(r.salary_revenue)))
    notices = []
    for e in synthetic.employers(SEED, synthetic.employer_count(PERSONS)):
        staff = by_employer.get(e.employer_no)
        if not staff:
            continue
        n = NoticeEmployer(e.employer_no, e.name, e.kana, e.postal_code, e.address)
        for pid, annual in sorted(staff, key=lambda s: (persons[s[0]].family_kana, persons[s[0]].given_kana, s[0])):
            p = persons[pid]
            n.employees.append(NoticeEmployee(pid, f"{p.family_name} {p.given_name}",
                                              f"{p.family_kana} {p.given_kana}", p.postal_code,
                                              f"花巻市{p.town}{p.banchi}", annual, tuple(payroll(annual, prof))))
        notices.append(n)
    return notices


def plain_pages(pages: int, lines: int) -> int:
    """The baseline: plain ReportLab pages, same font, `lines` short strings each."""
    font, _ = register_fonts()
    out = io.BytesIO()
    c = Canvas(out, pagesize=A5, pageCompression=1, invariant=True, initialFontName=font)
    for page in range(pages):
        c.setFont(font, 8)
        for line in range(lines):
            c.drawString(10 * mm, 200 * mm - line * 5 * mm, f"花巻市 特別徴収 {page:06d} {line:02d} 20,100 円")
        c.showPage()
    c.save()
    return len(out.getvalue())


def test_notices_for_the_whole_city(benchmark: BenchmarkFixture) -> None:
    notices = city_notices()
    employees = sum(len(n.employees) for n in notices)
    out = io.BytesIO()

    def run() -> notice_pdf.NoticeRun:
        out.seek(0)
        out.truncate()
        return notice_pdf.render(notices, TAX_YEAR, out, total=len(notices))

    result = benchmark.pedantic(run, rounds=1, iterations=1)  # type: ignore[no-untyped-call]
    assert benchmark.stats is not None
    seconds = benchmark.stats.stats.mean
    assert result.employers == len(notices) and result.employees == employees
    assert result.pages == employees + sum(-(-len(n.employees) // notice_pdf.ROWS_PER_PAGE) for n in notices)
    # Baseline: as many plain pages with ~ the strings of an employee copy (31), same font, same run.
    start = time.perf_counter()
    size = plain_pages(result.pages, 31)
    plain = time.perf_counter() - start
    print(f"\n{PERSONS:,}-person city: {len(notices):,} employers, {employees:,} employees, {result.pages:,} pages, "
          f"{len(out.getvalue()) / 2**20:,.1f} MiB in {seconds:,.1f} s = {result.pages / seconds:,.0f} pages/s; "
          f"plain ReportLab, same font, {result.pages:,} pages of 31 strings: {plain:,.1f} s = "
          f"{result.pages / plain:,.0f} pages/s ({size / 2**20:,.1f} MiB)")
