"""The command-line contract `juminzei collection change` (issue 7 item 7), hand-checked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "LANG": "ja_JP.UTF-8"}
    env.pop("JUMINZEI_LANG", None)
    return subprocess.run([sys.executable, "-m", "app", "collection", "change", *args], capture_output=True,
                          cwd=ROOT, env=env, timeout=60, check=False)


def ok(*args: str) -> dict[str, Any]:
    proc = run(*args)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stderr == b""
    out: dict[str, Any] = json.loads(proc.stdout)
    assert set(out) == {"collected", "payroll", "ordinary", "lump_sum"}
    return out


def total(out: dict[str, Any]) -> int:
    return int(out["collected"] + sum(p["amount"] for p in out["payroll"])
               + sum(o["amount"] for o in out["ordinary"]) + (out["lump_sum"] or 0))


def test_september_retirement_to_ordinary() -> None:
    out = ok("--annual", "241500", "--collected-through", "9", "--kind", "retire", "--notice-date", "2025-10-15")
    assert out == {"collected": 80_700, "payroll": [],
                   "ordinary": [{"due": "2025-10-31", "amount": 80_800}, {"due": "2026-02-02", "amount": 80_000}],
                   "lump_sum": None}


def test_transfer_continuing_next_month() -> None:
    out = ok("--annual", "241500", "--collected-through", "9", "--kind", "transfer", "--notice-date", "2025-10-15",
             "--new-employer-from", "10")
    assert out["collected"] == 80_700 and out["ordinary"] == [] and out["lump_sum"] is None
    assert out["payroll"] == [{"month": m, "amount": 20_100} for m in (10, 11, 12, 1, 2, 3, 4, 5)]
    assert total(out) == 241_500


def test_january_retirement_mandatory_lump_sum() -> None:
    out = ok("--annual", "241500", "--collected-through", "1", "--kind", "retire", "--notice-date", "2026-01-20",
             "--final-pay", "300000")
    assert out == {"collected": 161_100, "payroll": [], "ordinary": [], "lump_sum": 80_400}


def test_january_retirement_asking_otherwise() -> None:
    out = ok("--annual", "241500", "--collected-through", "1", "--kind", "retire", "--notice-date", "2026-01-20",
             "--final-pay", "300000", "--no-lump-sum")
    assert out["lump_sum"] is None and out["ordinary"] == [{"due": "2026-02-02", "amount": 80_400}]


def test_requested_lump_sum() -> None:
    out = ok("--annual", "241500", "--collected-through", "12", "--kind", "lump-sum", "--notice-date", "2025-12-20")
    assert out == {"collected": 141_000, "payroll": [], "ordinary": [], "lump_sum": 100_500}


def test_due_date_on_a_holiday() -> None:
    # 30 April 2029 is a 振替休日 → the extra due date moves to 1 May 2029
    out = ok("--annual", "120000", "--collected-through", "2", "--kind", "leave", "--notice-date", "2029-03-10")
    assert out == {"collected": 90_000, "payroll": [], "ordinary": [{"due": "2029-05-01", "amount": 30_000}],
                   "lump_sum": None}


def test_death() -> None:
    out = ok("--annual", "100000", "--collected-through", "9", "--kind", "death", "--notice-date", "2025-09-25")
    assert out["ordinary"] == [{"due": "2025-10-31", "amount": 33_400}, {"due": "2026-02-02", "amount": 33_000}]
    assert total(out) == 100_000


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--annual", "-5"], "--annual"),
        (["--annual", "1.5"], "--annual"),
        (["--collected-through", "13"], "--collected-through"),
        (["--kind", "moved"], "--kind"),
        (["--notice-date", "2025-02-30"], "--notice-date"),
        (["--notice-date", "15.10.2025"], "--notice-date"),
        (["--new-employer-from", "11"], "--new-employer-from"),
        (["--kind", "transfer"], "--new-employer-from"),
        (["--kind", "transfer", "--new-employer-from", "9"], "--new-employer-from"),
        (["--kind", "transfer", "--new-employer-from", "0"], "--new-employer-from"),
        (["--kind", "lump-sum", "--final-pay", "1000"], "--final-pay"),
        (["--final-pay", "x"], "--final-pay"),
    ],
)
def test_bad_arguments_exit_2_nothing_on_stdout(args: list[str], field: str) -> None:
    base = {"--annual": "241500", "--collected-through": "9", "--kind": "retire", "--notice-date": "2025-10-15"}
    extra: list[str] = []
    for i in range(0, len(args), 2):
        if args[i] in base:
            base[args[i]] = args[i + 1]
        else:
            extra += args[i:i + 2]
    proc = run(*[x for kv in base.items() for x in kv], *extra)
    assert proc.returncode == 2 and proc.stdout == b""
    assert field in proc.stderr.decode()


def test_missing_required_argument() -> None:
    proc = run("--annual", "1000")
    assert proc.returncode == 2 and proc.stdout == b""
