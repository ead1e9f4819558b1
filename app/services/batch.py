"""Batch assessment (`juminzei batch assess`): every return of a tax year through the tax engine,
results and 計算根拠 stored through the api chunk by chunk.

One database session does the whole run (the api stages each chunk in that session's temporary
tables). Returns are read several chunks at a time (one audited read); each chunk is then computed,
staged with COPY and applied in one transaction together with the run's position, so an
interruption anywhere loses at most the chunks in hand and the next start resumes after the last
whole chunk. The database work of a chunk (COPY and api.batch_store, which dominate) runs in a
second thread while the engine computes the next chunk; the session is used by one thread at a time.
"""

from __future__ import annotations

import contextlib
import io
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import psycopg2

from app.db.urls import libpq_dsn
from app.i18n import UserError
from app.models import items
from app.tax.engine import Assessment, assess, total_income
from app.tax.input import Credits, Deductions, Income, LifeInsurance, Relative, TaxInput, Taxpayer

DEFAULT_CHUNK = 5_000
DEFAULT_READ_AHEAD = 10  # chunks per audited read
RESULT_COLUMNS = ("assessment_id", "salary_income", "pension_income", "total_income", "income_base",
                  "deductions_total", "taxable_income", "non_taxable", "municipal_income_levy",
                  "prefectural_income_levy", "municipal_per_capita", "prefectural_per_capita",
                  "forest_environment_tax", "params_verified", "error")


@dataclass
class BatchReport:
    run_id: int
    tax_year: int
    resumed: bool
    assessed: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    non_taxable: dict[str, int] = field(default_factory=lambda: {"none": 0, "all": 0, "income_levy": 0})
    annual_tax_total: int = 0
    seconds: float = 0.0
    finished: bool = False
    cancelled: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"run_id": self.run_id, "tax_year": self.tax_year, "resumed": self.resumed,
                "assessed": self.assessed, "errors": len(self.errors),
                "error_persons": [{"person_id": p, "message": m} for p, m in self.errors[:100]],
                "non_taxable": self.non_taxable, "annual_tax_total": self.annual_tax_total,
                "seconds": round(self.seconds, 2), "finished": self.finished, "cancelled": self.cancelled,
                "persons_per_second": round(self.assessed / self.seconds) if self.seconds else 0}


def tax_input(tax_year: int, row: dict[str, Any]) -> TaxInput:
    """The engine's input for one return as api.batch_inputs gives it."""
    amounts = dict(zip(row["items"], row["item_amounts"], strict=True))
    relatives: list[tuple[str, Relative]] = []
    for kind, birth, disability, cohabiting, declared, salary, pension, other in zip(
            row["rel_kind"], row["rel_birth"], row["rel_disability"], row["rel_cohabiting"], row["rel_declared"],
            row["rel_salary"], row["rel_pension"], row["rel_other"], strict=True):
        income = declared if declared is not None else total_income(
            tax_year, birth, Income(salary_revenue=salary, pension_revenue=pension, business=other))
        # Living together is what the engine's 同居老親等 test needs; it applies it only to those 70+.
        relatives.append((kind, Relative(birth, income, disability, cohabiting_parent=cohabiting)))
    spouse = next((r for k, r in relatives if k == "spouse"), None)
    return TaxInput(
        tax_year=tax_year,
        taxpayer=Taxpayer(row["birth_date"], row["sex"]),
        income=Income(salary_revenue=row["salary_revenue"], pension_revenue=row["pension_revenue"],
                      business=row["business_income"], agriculture=row["agriculture_income"],
                      real_estate=row["real_estate_income"], interest=row["interest_income"],
                      dividends=row["dividend_income"], misc_other=row["misc_income"]),
        deductions=Deductions(social_insurance=amounts.get(items.SOCIAL_INSURANCE, 0),
                              life=LifeInsurance(new_general=amounts.get(items.NEW_GENERAL_LIFE, 0)),
                              earthquake=amounts.get(items.EARTHQUAKE, 0),
                              medical_paid=amounts.get(items.MEDICAL_PAID, 0)),
        spouse=spouse,
        dependants=tuple(r for k, r in relatives if k == "dependant"),
        credits=Credits(hometown=amounts.get(items.HOMETOWN_DONATION, 0)),
    )


def _result_line(assessment_id: int, a: Assessment) -> str:
    values = (assessment_id, a.incomes.salary, a.incomes.pension, a.incomes.total_income, a.incomes.income_base,
              a.deductions.total, a.taxable_income, a.non_taxable, a.income_levy[0], a.income_levy[1],
              a.per_capita[0], a.per_capita[1], a.forest_environment_tax, "t" if a.params_verified else "f")
    return "\t".join(map(str, values)) + "\t\\N\n"


def _error_line(assessment_id: int, message: str) -> str:
    clean = message.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")
    return f"{assessment_id}" + "\t\\N" * 13 + f"\t{clean}\n"


def _copy(cur: Any, table: str, columns: Sequence[str], text: str) -> None:
    # Large reads: the other thread computing holds the GIL between them.
    cur.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", io.StringIO(text), size=1 << 20)


@dataclass
class _Chunk:
    """One chunk computed and rendered for COPY, ready for api.batch_store."""
    last_person_id: int
    size: int
    results: str
    steps: str
    texts: str


def _compute(tax_year: int, rows: list[dict[str, Any]], report: BatchReport,
             known_texts: set[tuple[str, str]]) -> _Chunk:
    results: list[str] = []
    steps: list[str] = []
    texts: list[str] = []
    for row in rows:
        aid = row["assessment_id"]
        try:
            a = assess(tax_input(tax_year, row))
        except UserError as err:
            results.append(_error_line(aid, err.bilingual()))
            report.errors.append((row["person_id"], err.bilingual()))
            continue
        results.append(_result_line(aid, a))
        report.assessed += 1
        report.non_taxable[a.non_taxable] += 1
        report.annual_tax_total += a.annual_tax
        prefix = f"{aid}\t"
        for seq, (code, label, amount, rule, source) in enumerate(a.step_rows, start=1):
            steps.append(f"{prefix}{seq}\t{code}\t{_escape(label)}\t{amount}\n")
            if (code, label) not in known_texts:
                known_texts.add((code, label))
                texts.append("\t".join(_escape(x) for x in (code, label, rule, source)) + "\n")
    return _Chunk(rows[-1]["person_id"], len(rows), "".join(results), "".join(steps), "".join(texts))


def _store(conn: Any, run_id: int, computed: _Chunk) -> None:
    """Stage one chunk and apply it: one transaction, which also advances the run's position."""
    cur = conn.cursor()
    _copy(cur, "pg_temp.batch_result", RESULT_COLUMNS, computed.results)
    _copy(cur, "pg_temp.batch_step", ("assessment_id", "seq", "code", "label", "amount"), computed.steps)
    if computed.texts:
        _copy(cur, "pg_temp.batch_step_text", ("code", "label", "rule", "source"), computed.texts)
    cur.execute("SELECT api.batch_store(%s, %s)", (run_id, computed.last_person_id))
    conn.commit()


def run(url: str, tax_year: int, *, chunk: int = DEFAULT_CHUNK,
        progress: Callable[[int, int], None] | None = None, cancel: threading.Event | None = None,
        max_chunks: int | None = None, read_ahead: int = DEFAULT_READ_AHEAD, overlap: bool = True) -> BatchReport:
    """Assess every return of `tax_year`, resuming an interrupted run of that year.

    `url` is the connection of a staff member with r_assessor. `max_chunks` stops early (for
    tests of resuming); `cancel` stops between chunks.

    Returns are read `read_ahead` chunks at a time (one audited read, in its own transaction) and
    stored chunk by chunk, each in its own transaction that advances the run's position. With
    `overlap`, a second thread stores chunk N while the engine computes chunk N+1 (the database
    session is only ever used by one thread at a time); the results are the same as without."""
    if not 1 <= chunk <= 50_000:
        raise UserError("チャンクの件数は1〜50,000です。", "A chunk holds 1 to 50,000 returns.", field="chunk")
    started = time.perf_counter()
    conn = psycopg2.connect(libpq_dsn(url))
    storer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="batch-store") if overlap else None
    pending: Future[None] | None = None
    try:
        cur = conn.cursor()
        cur.execute("SELECT * FROM api.batch_open(%s)", (tax_year,))
        run_id, _last, already, remaining, resumed = cur.fetchone()
        conn.commit()
        report = BatchReport(run_id, tax_year, bool(resumed))
        total = already + remaining
        done = already
        known_texts: set[tuple[str, str]] = set()
        chunks = 0

        def settle() -> None:
            """Wait for the chunk being stored on the other thread, and count it."""
            nonlocal pending, chunks
            if pending is not None:
                pending.result()
                pending = None
                chunks += 1
                if progress is not None:
                    progress(done, total)

        exhausted = False
        while not exhausted and (max_chunks is None or chunks < max_chunks):
            if cancel is not None and cancel.is_set():
                report.cancelled = True
                break
            # The next read starts at the run's position: every chunk read so far must be stored.
            window = chunk * max(1, read_ahead)
            if max_chunks is not None:
                window = min(window, chunk * (max_chunks - chunks))
            cur.execute("SELECT * FROM api.batch_inputs(%s, %s)", (run_id, min(window, 50_000)))
            names = [d[0] for d in cur.description]
            rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
            conn.commit()
            if len(rows) < min(window, 50_000):
                exhausted = True
            if not rows:
                break
            for begin in range(0, len(rows), chunk):
                if cancel is not None and cancel.is_set():
                    report.cancelled = True
                    break
                computed = _compute(tax_year, rows[begin:begin + chunk], report, known_texts)
                settle()
                if storer is None:
                    _store(conn, run_id, computed)
                    chunks += 1
                    done += computed.size
                    if progress is not None:
                        progress(done, total)
                else:
                    pending = storer.submit(_store, conn, run_id, computed)
                    done += computed.size
            settle()
            if report.cancelled:
                break
        if not report.cancelled and (max_chunks is None or chunks < max_chunks):
            cur.execute("SELECT * FROM api.batch_close(%s)", (run_id,))
            conn.commit()
            report.finished = True
    except BaseException:
        if pending is not None:
            with contextlib.suppress(Exception):
                pending.result()
        conn.rollback()
        raise
    finally:
        if storer is not None:
            storer.shutdown(wait=True)
        conn.close()
    report.seconds = time.perf_counter() - started
    return report


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
