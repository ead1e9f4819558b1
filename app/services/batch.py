"""Batch assessment (`juminzei batch assess`): every return of a tax year through the tax engine,
results and 計算根拠 stored through the api chunk by chunk.

Returns are read ahead of the run's position (one audited read each); each chunk is then computed,
staged with COPY into a storing session's temporary tables and written in one transaction that
also moves the run's position over it, so an interruption anywhere loses at most the chunks in hand
and the next start resumes after the last whole chunk.

The engine and the database work side by side (see `run`): a reader thread on its own session, the
main thread computing, and storer threads, each on a session of its own that holds its staging
tables. Consecutive chunks go to different storing sessions and are written at the same time; each
moves the run (api.batch_advance) only once the chunk before it has committed, so the position
still moves in person order. Each session is only ever used by its one thread.

A chunk's steps travel with its results as two arrays per return (step keys and amounts, in order).
A key stands for a (code, label) pair, declared once per session together with its wording (rule,
source) before the chunk that first uses it; the database turns keys back into codes and labels.
"""

from __future__ import annotations

import contextlib
import io
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import psycopg2

from app.db.urls import libpq_dsn
from app.i18n import UserError
from app.models import items
from app.tax.engine import Assessment, assess, total_income
from app.tax.input import Credits, Deductions, Income, LifeInsurance, Relative, TaxInput, Taxpayer

DEFAULT_CHUNK = 5_000
DEFAULT_STORE_SESSIONS = 2  # chunks written at the same time (measured best on a 2-core server)
DEFAULT_READ_AHEAD = 10  # chunks read ahead (with overlap: one audited read per chunk; without: per read)
MAX_READ = 50_000  # returns per read (the api's limit)
RESULT_COLUMNS = ("assessment_id", "salary_income", "pension_income", "total_income", "income_base",
                  "deductions_total", "taxable_income", "non_taxable", "municipal_income_levy",
                  "prefectural_income_levy", "municipal_per_capita", "prefectural_per_capita",
                  "forest_environment_tax", "params_verified", "error", "step_keys", "step_amounts", "version")
STEP_TEXT_COLUMNS = ("key", "code", "label", "rule", "source")
# The columns of api.batch_inputs, in order: rows are handled as tuples in this order.
INPUT_COLUMNS = ("assessment_id", "person_id", "birth_date", "sex", "salary_revenue", "pension_revenue",
                 "business_income", "agriculture_income", "real_estate_income", "interest_income",
                 "dividend_income", "misc_income", "items", "item_amounts", "rel_kind", "rel_birth",
                 "rel_disability", "rel_cohabiting", "rel_declared", "rel_salary", "rel_pension", "rel_other",
                 "version")
_AID, _PID, _VERSION = 0, 1, len(INPUT_COLUMNS) - 1
_SOCIAL, _LIFE, _QUAKE, _MEDICAL, _HOMETOWN = (items.SOCIAL_INSURANCE, items.NEW_GENERAL_LIFE, items.EARTHQUAKE,
                                                items.MEDICAL_PAID, items.HOMETOWN_DONATION)


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


def tax_input(tax_year: int, row: Mapping[str, Any]) -> TaxInput:
    """The engine's input for one return as api.batch_inputs gives it (a row by column name)."""
    return _tax_input(tax_year, tuple(row.get(c) for c in INPUT_COLUMNS), {})


# A relative's 合計所得金額 from their own incomes: (birth date, salary, pension, other) → amount.
_IncomeMemo = dict[tuple[date, int, int, int], int]


def _relative_income(tax_year: int, birth: date, salary: int, pension: int, other: int, memo: _IncomeMemo) -> int:
    if not (salary or pension or other):
        return 0  # no income of any kind: every income and both totals are 0
    key = (birth, salary, pension, other)
    income = memo.get(key)
    if income is None:  # the engine's own computation, once per distinct case (it is a pure function)
        income = memo[key] = total_income(
            tax_year, birth, Income(salary_revenue=salary, pension_revenue=pension, business=other))
    return income


def _tax_input(tax_year: int, row: Sequence[Any], memo: _IncomeMemo) -> TaxInput:
    (_aid, _pid, birth_date, sex, salary, pension, business, agriculture, real_estate, interest, dividends, misc,
     codes, amounts, rel_kind, rel_birth, rel_disability, rel_cohabiting, rel_declared, rel_salary, rel_pension,
     rel_other, _version) = row
    item = dict(zip(codes, amounts, strict=True)) if codes else {}
    spouse: Relative | None = None
    dependants: tuple[Relative, ...] = ()
    if rel_kind:
        deps: list[Relative] = []
        for kind, birth, disability, cohabiting, declared, r_salary, r_pension, r_other in zip(
                rel_kind, rel_birth, rel_disability, rel_cohabiting, rel_declared, rel_salary, rel_pension,
                rel_other, strict=True):
            income = declared if declared is not None else _relative_income(
                tax_year, birth, r_salary, r_pension, r_other, memo)
            # Living together is what the engine's 同居老親等 test needs; it applies it only to those 70+.
            relative = Relative(birth, income, disability, cohabiting)
            if kind == "dependant":
                deps.append(relative)
            elif kind == "spouse" and spouse is None:
                spouse = relative
        dependants = tuple(deps)
    get = item.get
    return TaxInput(
        tax_year,
        Taxpayer(birth_date, sex),
        Income(salary, pension, business, agriculture, real_estate, interest, dividends, misc),
        Deductions(social_insurance=get(_SOCIAL, 0), life=LifeInsurance(get(_LIFE, 0)), earthquake=get(_QUAKE, 0),
                   medical_paid=get(_MEDICAL, 0)) if item else _NO_DEDUCTIONS,
        spouse,
        dependants,
        Credits(hometown=get(_HOMETOWN, 0)) if _HOMETOWN in item else _NO_CREDITS,
    )


_NO_DEDUCTIONS = Deductions()
_NO_CREDITS = Credits()


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _error_line(assessment_id: int, message: str, version: int) -> str:
    clean = message.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")
    return f"{assessment_id}" + "\t\\N" * 13 + f"\t{clean}\t\\N\t\\N\t{version}\n"


def _copy(cur: Any, table: str, columns: Sequence[str], text: str) -> None:
    # Large reads: the other thread computing holds the GIL between them.
    cur.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", io.StringIO(text), size=1 << 20)


@dataclass
class _Chunk:
    """One chunk computed and rendered for COPY, ready for api.batch_store."""
    last_person_id: int
    size: int
    results: str
    texts: str


class _StepKeys:
    """The session's step keys: (code, label) → key (as text, ready for the array literal)."""

    def __init__(self) -> None:
        self.keys: dict[tuple[str, str], str] = {}

    def declare(self, code: str, label: str, rule: str, source: str, texts: list[str]) -> str:
        key = str(len(self.keys) + 1)
        self.keys[(code, label)] = key
        texts.append("\t".join((key, *(_escape(x) for x in (code, label, rule, source)))) + "\n")
        return key


def _compute(tax_year: int, rows: Sequence[Sequence[Any]], report: BatchReport, step_keys: _StepKeys,
             memo: _IncomeMemo) -> _Chunk:
    results: list[str] = []
    texts: list[str] = []
    keys = step_keys.keys
    key_of = keys.get
    non_taxable = report.non_taxable
    assessed = annual = 0
    for row in rows:
        aid = row[_AID]
        try:
            a: Assessment = assess(_tax_input(tax_year, row, memo))
        except UserError as err:
            results.append(_error_line(aid, err.bilingual(), row[_VERSION]))
            report.errors.append((row[_PID], err.bilingual()))
            continue
        steps = a.step_rows
        try:
            step_ids = ",".join([keys[s[:2]] for s in steps])
        except KeyError:  # a (code, label) this session has not declared yet
            step_ids = ",".join([key_of(s[:2]) or step_keys.declare(s[0], s[1], s[3], s[4], texts) for s in steps])
        inc = a.incomes
        levy, per_capita = a.income_levy, a.per_capita
        results.append(
            f"{aid}\t{inc.salary}\t{inc.pension}\t{inc.total_income}\t{inc.income_base}\t{a.deductions.total}"
            f"\t{a.taxable_income}\t{a.non_taxable}\t{levy[0]}\t{levy[1]}\t{per_capita[0]}\t{per_capita[1]}"
            f"\t{a.forest_environment_tax}\t{'t' if a.params_verified else 'f'}\t\\N"
            f"\t{{{step_ids}}}\t{{{','.join([str(s[2]) for s in steps])}}}\t{row[_VERSION]}\n")
        assessed += 1
        non_taxable[a.non_taxable] += 1
        annual += a.annual_tax
    report.assessed += assessed
    report.annual_tax_total += annual
    return _Chunk(rows[-1][_PID], len(rows), "".join(results), "".join(texts))


@dataclass
class _Claim:
    """How the storing of one chunk stands, for the chunk after it: claimed (or given up), failed."""
    settled: threading.Event = field(default_factory=threading.Event)
    failed: bool = False


class _Abandoned(Exception):
    """A chunk not stored because the one before it failed or the run is being abandoned."""


def _store(conn: Any, run_id: int, after: int, computed: _Chunk, claim: _Claim, before: _Claim | None,
           abandon: threading.Event) -> None:
    """Store one chunk, the returns after person `after`: the wording of its new step keys in a short
    transaction of its own; then wait until the chunk before has been claimed, and in one
    transaction claim this chunk, write it and move the run over it (the move waits, in the
    database, for the chunk before to end). This thread waits only while its session holds
    nothing: every wait that could close a cycle with a clerk is one PostgreSQL sees (and breaks)."""
    try:
        cur = conn.cursor()
        last = computed.last_person_id
        if computed.texts:
            _copy(cur, "pg_temp.batch_step_text", STEP_TEXT_COLUMNS, computed.texts)
            cur.execute("SELECT api.batch_declare_steps(%s)", (run_id,))
            conn.commit()
        if before is not None:
            before.settled.wait()
            if before.failed:
                raise _Abandoned("the chunk before was not stored")
        if abandon.is_set():
            raise _Abandoned("the run is being abandoned")
        cur.execute("SELECT api.batch_claim(%s, %s, %s)", (run_id, after, last))
        claim.settled.set()
        _copy(cur, "pg_temp.batch_result", RESULT_COLUMNS, computed.results)
        cur.execute("SELECT api.batch_store(%s, %s, %s)", (run_id, after, last))
        cur.execute("SELECT api.batch_advance(%s, %s, %s)", (run_id, after, last))
        conn.commit()
    except BaseException:
        claim.failed = True
        with contextlib.suppress(psycopg2.Error):  # a lost connection: the error raised is the first one
            conn.rollback()
        raise
    finally:
        claim.settled.set()


def _read(conn: Any, run_id: int, after: int, limit: int) -> list[tuple[Any, ...]]:
    """The next `limit` returns after person `after` (one audited read, in its own transaction)."""
    cur = conn.cursor()
    cur.execute("SELECT * FROM api.batch_inputs(%s, %s, %s)", (run_id, after, limit))
    rows: list[tuple[Any, ...]] = cur.fetchall()
    conn.commit()
    return rows


class _Windows:
    """The returns still to assess, window after window, in person order.

    With a reader thread, it reads ahead on its own session, at most `depth` windows waiting; without
    one, each window is read when it is needed. Each window has `size` returns (at most `limit` in
    all). Reading never moves the run's position: only a stored chunk does."""

    def __init__(self, conn: Any, run_id: int, after: int, size: int, limit: int | None,
                 cancel: threading.Event | None, reader: ThreadPoolExecutor | None, depth: int = 2) -> None:
        self._conn, self._run_id, self._after = conn, run_id, after
        self._size, self._limit = size, limit
        self._cancel = cancel
        self._stop = threading.Event()
        self._queue: queue.Queue[list[tuple[Any, ...]] | BaseException] = queue.Queue(maxsize=max(1, depth))
        self._producer = reader.submit(self._produce) if reader is not None else None

    def _next_window(self) -> list[tuple[Any, ...]]:
        """Read the next window (empty at the end)."""
        size = self._size if self._limit is None else min(self._size, self._limit)
        if size <= 0 or self._after < 0 or (self._cancel is not None and self._cancel.is_set()):
            return []
        rows = _read(self._conn, self._run_id, self._after, size)
        if self._limit is not None:
            self._limit -= size
        # A short window is the last one.
        self._after = rows[-1][_PID] if len(rows) == size else -1
        return rows

    def _produce(self) -> None:
        try:
            while not self._stop.is_set():
                rows = self._next_window()
                self._put(rows)
                if not rows:
                    return
        except BaseException as err:  # handed to the consumer, which raises it
            self._put(err)

    def _put(self, item: list[tuple[Any, ...]] | BaseException) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(queue.Full):
                self._queue.put(item, timeout=0.1)
                return

    def __iter__(self) -> Iterator[list[tuple[Any, ...]]]:
        while True:
            item = self._queue.get() if self._producer is not None else self._next_window()
            if isinstance(item, BaseException):
                raise item
            if not item:
                return
            yield item

    def close(self) -> None:
        """Stop reading ahead and wait for the reader (a read in progress finishes first)."""
        self._stop.set()
        if self._producer is not None:
            self._producer.result()


@dataclass
class _StoreSession:
    """A session that stores chunks, its thread (none without overlap) and its step keys."""
    conn: Any
    pool: ThreadPoolExecutor | None
    keys: _StepKeys = field(default_factory=_StepKeys)


def run(url: str, tax_year: int, *, chunk: int = DEFAULT_CHUNK,
        progress: Callable[[int, int], None] | None = None, cancel: threading.Event | None = None,
        max_chunks: int | None = None, read_ahead: int = DEFAULT_READ_AHEAD, overlap: bool = True,
        store_sessions: int = DEFAULT_STORE_SESSIONS) -> BatchReport:
    """Assess every return of `tax_year`, resuming an interrupted run of that year.

    `url` is the connection of a staff member with r_assessor. `max_chunks` stops early (for
    tests of resuming); `cancel` stops between chunks.

    Each chunk is stored in its own transaction that advances the run's position. With `overlap`,
    the work happens side by side: a reader thread with its own session reads the returns chunk by
    chunk (one audited read each, up to `read_ahead` chunks ahead), the main thread computes, and
    `store_sessions` storer threads, each with its own session, write consecutive chunks at the same
    time (each moves the run once the one before has committed). Without it, one session reads
    `read_ahead` chunks at a time and stores each in turn. The results are the same either way."""
    if not 1 <= chunk <= 50_000:
        raise UserError("チャンクの件数は1〜50,000です。", "A chunk holds 1 to 50,000 returns.", field="chunk")
    if not 1 <= store_sessions <= 8:
        raise UserError("保存の並行数は1〜8です。", "1 to 8 storing sessions.", field="store_sessions")
    started = time.perf_counter()
    with contextlib.ExitStack() as stack:
        def connect() -> Any:
            session = psycopg2.connect(libpq_dsn(url))
            stack.callback(session.close)
            return session

        conn = connect()
        read_conn = conn
        stores = [_StoreSession(conn, None)]
        reader = None
        if overlap:
            read_conn = connect()
            # Leaving the block waits for the threads before the sessions close (callbacks run last first).
            stores = [_StoreSession(conn if i == 0 else connect(), stack.enter_context(ThreadPoolExecutor(
                max_workers=1, thread_name_prefix=f"batch-store-{i}"))) for i in range(store_sessions)]
            reader = stack.enter_context(ThreadPoolExecutor(max_workers=1, thread_name_prefix="batch-read"))
        report = _run(conn, read_conn, stores, reader, tax_year, chunk, progress, cancel, max_chunks, read_ahead)
    report.seconds = time.perf_counter() - started
    return report


def _later(pool: ThreadPoolExecutor | None, fn: Callable[..., Any], *args: Any) -> Future[Any]:
    """Hand database work to a session's thread (or do it now, without overlap)."""
    if pool is not None:
        return pool.submit(fn, *args)
    done_now: Future[Any] = Future()
    try:
        done_now.set_result(fn(*args))
    except Exception as err:  # raised when the future is settled, as a thread's would be
        done_now.set_exception(err)
    return done_now


def _run(conn: Any, read_conn: Any, stores: list[_StoreSession], reader: ThreadPoolExecutor | None,
         tax_year: int, chunk: int, progress: Callable[[int, int], None] | None, cancel: threading.Event | None,
         max_chunks: int | None, read_ahead: int) -> BatchReport:
    # Chunks being stored, oldest first: (its storing, its size, its claim).
    pending: deque[tuple[Future[None], int, _Claim]] = deque()
    abandon = threading.Event()
    try:
        cur = conn.cursor()
        cur.execute("SELECT * FROM api.batch_open(%s)", (tax_year,))
        run_id, position, already, remaining, resumed = cur.fetchone()
        conn.commit()
        # Every other session of this client joins the run (the api serves a run only to them).
        for other in [store.conn for store in stores[1:]] + ([read_conn] if read_conn is not conn else []):
            other.cursor().execute("SELECT api.batch_attach(%s)", (run_id,))
            other.commit()
        report = BatchReport(run_id, tax_year, bool(resumed))
        total = already + remaining
        done = already
        memo: _IncomeMemo = {}
        chunks = 0
        unread = None if max_chunks is None else chunk * max_chunks  # returns this call may still read

        def settle() -> None:
            """Wait for the oldest chunk being stored, and count it."""
            nonlocal done, chunks
            storing, size, _claimed = pending.popleft()
            storing.result()
            chunks += 1
            done += size
            if progress is not None:
                progress(done, total)

        # With a reader, windows of one chunk flow `read_ahead` deep; without, `read_ahead` chunks per read.
        size = chunk if reader is not None else min(chunk * max(1, read_ahead), MAX_READ)
        windows = _Windows(read_conn, run_id, position, size, unread, cancel, reader, read_ahead)
        after = position
        try:
            for rows in windows:
                for begin in range(0, len(rows), chunk):
                    if cancel is not None and cancel.is_set():
                        report.cancelled = True
                        break
                    store = stores[(chunks + len(pending)) % len(stores)]
                    computed = _compute(tax_year, rows[begin:begin + chunk], report, store.keys, memo)
                    while len(pending) >= len(stores):  # the session's previous chunk is done
                        settle()
                    claim = _Claim()
                    before = pending[-1][2] if pending else None
                    storing = _later(store.pool, _store, store.conn, run_id, after, computed, claim, before, abandon)
                    pending.append((storing, computed.size, claim))
                    after = computed.last_person_id
                if report.cancelled:
                    break
            while pending:
                settle()
        finally:
            windows.close()
        # A cancel seen by the reader ends the windows like the last one did: it is still a cancel.
        if cancel is not None and cancel.is_set():
            report.cancelled = True
        if not report.cancelled and (max_chunks is None or chunks < max_chunks):
            cur.execute("SELECT * FROM api.batch_close(%s)", (run_id,))
            conn.commit()
            report.finished = True
    except BaseException:
        # Chunks not begun are given up; a session still working or waiting in the database stops
        # now (its chunk fails whole).
        abandon.set()
        for store in stores:
            if not store.conn.closed:
                with contextlib.suppress(psycopg2.Error):
                    store.conn.cancel()
        for storing, _size, _claimed in pending:
            with contextlib.suppress(Exception):
                storing.result()
        for store in stores:
            if not store.conn.closed:
                with contextlib.suppress(psycopg2.Error):
                    store.conn.rollback()
        raise
    return report
