"""The workstation's printers through CUPS (`lp`, `lpstat`).

The PDF handed over is exactly the one whose hash is in the ledger: it goes to `lp` on stdin,
unchanged, on A4 at 100 % (no fit-to-page), so the printout matches the archived layout. The
printer comes from the workstation settings ([workstation] printer / JUMINZEI_PRINTER), else the
CUPS default. The CUPS server is the usual one unless CUPS_SERVER says otherwise (tests start a
private cupsd and point CUPS_SERVER at it).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Mapping

from app.i18n import UserError

TIMEOUT_S = 30
_JOB = re.compile(r"request id is (\S+)")
# A4, one page per sheet, no scaling: the layout is fixed in millimetres.
FIXED_OPTIONS = ("-o", "media=A4", "-o", "print-scaling=none", "-o", "fit-to-page=false", "-o", "number-up=1")


class PrintError(UserError):
    """The printer could not take the job (recorded in the ledger as a failed print)."""


def _run(args: list[str], *, data: bytes | None = None, env: Mapping[str, str] | None = None) -> str:
    try:
        done = subprocess.run(args, input=data, capture_output=True, timeout=TIMEOUT_S, check=False,
                              env=dict(env) if env is not None else None)
    except FileNotFoundError as exc:
        raise PrintError("印刷システム（CUPS）が見つかりません。", "The printing system (CUPS) is not installed.") \
            from exc
    except subprocess.TimeoutExpired as exc:
        raise PrintError("プリンタが応答しません。", "The printer did not respond.") from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip()[:200]
        raise PrintError(f"印刷できませんでした（{detail}）。", f"Printing failed ({detail}).")
    return done.stdout.decode("utf-8", "replace")


def list_printers(env: Mapping[str, str] | None = None) -> list[str]:
    """The queues CUPS offers this workstation (empty when CUPS has none or is not running)."""
    try:
        out = _run(["lpstat", "-e"], env=env)
    except PrintError:
        return []
    return [line.strip() for line in out.splitlines() if line.strip()]


def system_default(env: Mapping[str, str] | None = None) -> str:
    try:
        out = _run(["lpstat", "-d"], env=env)
    except PrintError:
        return ""
    match = re.search(r":\s*(\S+)\s*$", out.strip())
    return match.group(1) if match and "no system default" not in out else ""


def default_printer(configured: str = "", env: Mapping[str, str] | None = None) -> str:
    """The workstation's configured printer, else the CUPS default, else the first queue."""
    if configured:
        return configured
    return system_default(env) or next(iter(list_printers(env)), "")


def print_pdf(pdf: bytes, printer: str, *, title: str = "certificate", copies: int = 1,
              env: Mapping[str, str] | None = None) -> str:
    """Queue the PDF bytes unchanged; returns the CUPS job id."""
    if not printer:
        raise PrintError("プリンタが選択されていません。", "No printer is selected.")
    if not pdf.startswith(b"%PDF-"):
        raise ValueError("not a PDF")
    out = _run(["lp", "-d", printer, "-n", str(copies), "-t", title, *FIXED_OPTIONS, "--", "-"], data=pdf, env=env)
    match = _JOB.search(out)
    return match.group(1) if match else out.strip()


def job_state(job: str, env: Mapping[str, str] | None = None) -> str:
    """'pending' while CUPS still holds the job, 'completed' once it has left the queue."""
    try:
        out = _run(["lpstat", "-W", "not-completed", "-o"], env=env)
    except PrintError:
        return "unknown"
    return "pending" if any(line.split()[:1] == [job] for line in out.splitlines()) else "completed"
