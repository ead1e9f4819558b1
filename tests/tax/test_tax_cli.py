"""The command-line contract: `tax assess` (JSON / --jsonl) and `collection schedule`."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.cli import main

ROOT = Path(__file__).resolve().parents[2]

# domain.md §4.11: Yokohama 令和8年度 — salary 5,500,000, social insurance 394,800, new general life premium
# 90,000, earthquake premium 20,000, spouse without income, children 17 and 13.
YOKOHAMA_INPUT: dict[str, Any] = {
    "tax_year": 2026,
    "taxpayer": {"birth_date": "1985-05-05", "sex": "M"},
    "income": {"salary_revenue": 5_500_000},
    "deductions": {"social_insurance": 394_800, "life_insurance": {"new_general": 90_000},
                   "earthquake_insurance": {"earthquake": 20_000}},
    "spouse": {"birth_date": "1987-03-03", "total_income": 0},
    "dependants": [{"birth_date": "2008-04-01"}, {"birth_date": "2012-06-01"}],
    "municipality": {"designated_city": True, "grade": 1,
                     "income_rate": {"municipal": "0.08", "prefectural": "0.02025"},
                     "per_capita": {"municipal": 3_900, "prefectural": 1_300}},
}


def run_cli(args: list[str], stdin: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "LANG": "ja_JP.UTF-8", **env}
    environment.pop("JUMINZEI_LANG", None)
    return subprocess.run([sys.executable, "-m", "app", *args], input=stdin.encode("utf-8"), capture_output=True,
                          cwd=ROOT, env=environment, timeout=60, check=False)


def test_yokohama_2026_worked_example_through_the_cli() -> None:
    proc = run_cli(["tax", "assess"], json.dumps(YOKOHAMA_INPUT))
    assert proc.returncode == 0, proc.stderr.decode()
    out = json.loads(proc.stdout)
    assert out["taxable_income"] == 2_437_000
    assert out["municipal"]["income_levy"] == 192_900
    assert out["prefectural"]["income_levy"] == 48_800
    assert out["annual_tax"] == 247_900
    assert out["forest_environment_tax"] == 1_000
    assert out["non_taxable"] == "none"
    assert out["deductions"]["total"] == 1_522_800
    assert out["adjustment_credit"] == {"municipal": 2_000, "prefectural": 500}
    assert proc.stderr == b""


def test_yokohama_profile_gives_the_same() -> None:
    doc = {k: v for k, v in YOKOHAMA_INPUT.items() if k != "municipality"}
    proc = run_cli(["tax", "assess", "--profile", "yokohama"], json.dumps(doc))
    assert json.loads(proc.stdout)["annual_tax"] == 247_900


def test_invalid_input_exit_2_nothing_on_stdout() -> None:
    bad = {**YOKOHAMA_INPUT, "income": {"salary_revenue": -1}}
    proc = run_cli(["tax", "assess"], json.dumps(bad))
    assert proc.returncode == 2
    assert proc.stdout == b""
    err = proc.stderr.decode()
    assert "income.salary_revenue" in err and "負の金額" in err and "negative" in err


def in_process(args: list[str], stdin: str, capsys: pytest.CaptureFixture[str],
               monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8"))
    buffer = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(buffer, encoding="utf-8"))
    code = main(args)
    sys.stdout.flush()
    captured = capsys.readouterr()
    return code, buffer.getvalue().decode("utf-8"), captured.err


def test_jsonl_one_per_line(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [json.dumps(YOKOHAMA_INPUT), "", json.dumps({"tax_year": 2025, "taxpayer": {"birth_date": "1980-01-01"},
                                                         "income": {"salary_revenue": 5_000_000}})]
    code, out, err = in_process(["tax", "assess", "--jsonl"], "\n".join(lines) + "\n", capsys, monkeypatch)
    assert code == 0, err
    rows = [json.loads(x) for x in out.splitlines()]
    assert [r["annual_tax"] for r in rows] == [247_900, 316_500]


def test_jsonl_bad_line_names_line_and_field(capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    text = json.dumps(YOKOHAMA_INPUT) + "\n" + '{"tax_year": 2025, "taxpayer": {"birth_date": "1980-01-01"}, "x": 1}\n'
    code, out, err = in_process(["tax", "assess", "--jsonl"], text, capsys, monkeypatch)
    assert code == 2 and out == ""
    assert "2行目" in err and "line 2" in err and "x" in err


def test_empty_jsonl_writes_nothing(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert in_process(["tax", "assess", "--jsonl"], "", capsys, monkeypatch)[:2] == (0, "")


@pytest.mark.parametrize(
    ("args", "stdin", "needle"),
    [
        (["tax", "assess"], "{not json", "JSON"),
        (["tax", "assess", "--profile", "atlantis"], "{}", "--profile"),
        (["tax", "assess"], '{"tax_year": 2031, "taxpayer": {"birth_date": "1980-01-01"}}', "tax_year"),
    ],
)
def test_assess_errors(args: list[str], stdin: str, needle: str, capsys: pytest.CaptureFixture[str],
                       monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = in_process(args, stdin, capsys, monkeypatch)
    assert code == 2 and out == "" and needle in err


def test_tax_without_action_shows_help(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = in_process(["tax"], "", capsys, monkeypatch)
    assert code == 2 and "assess" in err
    code, _, err = in_process(["collection"], "", capsys, monkeypatch)
    assert code == 2 and "schedule" in err


@pytest.mark.parametrize(("lang", "needle"), [("ja_JP.UTF-8", "標準入力"), ("en_US.UTF-8", "standard input")])
def test_help_language(lang: str, needle: str) -> None:
    proc = run_cli(["tax", "assess", "--help"], "", LANG=lang, LC_ALL=lang)
    assert proc.returncode == 0
    assert needle in proc.stdout.decode()


def test_collection_schedule_regular(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = in_process(["collection", "schedule", "--annual", "241500", "--tax-year", "2025"], "", capsys,
                              monkeypatch)
    result = json.loads(out)
    assert code == 0
    assert result["payroll"] == [20_400] + [20_100] * 11
    assert result["ordinary"] == [61_500, 60_000, 60_000, 60_000]
    assert result["ordinary_due_dates"] == ["2025-06-30", "2025-09-01", "2025-10-31", "2026-02-02"]


def test_collection_switch_example_through_the_cli() -> None:
    # §5.3: 241,500 withheld June–September, notice 2025-10-15 → 80,800 (2025-10-31) and 80,000 (2026-02-02)
    proc = run_cli(["collection", "schedule", "--annual", "241500", "--tax-year", "2025",
                    "--notice-date", "2025-10-15", "--paid-months", "4"], "")
    assert proc.returncode == 0, proc.stderr.decode()
    result = json.loads(proc.stdout)
    assert result["payroll_collected"] == 80_700
    assert result["ordinary"] == [80_800, 80_000]
    assert result["ordinary_due_dates"] == ["2025-10-31", "2026-02-02"]
    assert result["payroll"][4:] == [0] * 8


def test_collection_notice_without_paid_months(capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = in_process(["collection", "schedule", "--annual", "100000", "--tax-year", "2025",
                               "--notice-date", "2025-07-01"], "", capsys, monkeypatch)
    assert code == 0 and json.loads(out)["ordinary"] == [34_000, 33_000, 33_000]  # June has passed


def test_collection_default_tax_year(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from app.cli import collection_cmd

    assert collection_cmd._default_year(collection_cmd.date(2026, 5, 31)) == 2025
    assert collection_cmd._default_year(collection_cmd.date(2026, 6, 1)) == 2026
    code, out, _ = in_process(["collection", "schedule", "--annual", "1000"], "", capsys, monkeypatch)
    assert code == 0 and json.loads(out)["payroll"][0] == 1_000


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        (["--annual", "-5"], "--annual"),
        (["--annual", "12.5"], "--annual"),
        (["--annual", "100", "--tax-year", "x"], "--tax-year"),
        (["--annual", "100", "--paid-months", "2"], "--notice-date"),
        (["--annual", "100", "--notice-date", "2025/10/15"], "--notice-date"),
        (["--annual", "100", "--notice-date", "2025-02-30"], "--notice-date"),
        (["--annual", "100", "--notice-date", "2025-10-15", "--paid-months", "12"], "--paid-months"),
        (["--annual", "100", "--profile", "nowhere"], "--profile"),
    ],
)
def test_collection_errors(extra: list[str], field: str, capsys: pytest.CaptureFixture[str],
                           monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = in_process(["collection", "schedule", "--tax-year", "2025", *extra], "", capsys, monkeypatch)
    assert code == 2 and out == "" and field in err
