"""Workstation settings: one TOML file per workstation, overridable by environment variables.

    [server]
    url = "postgresql://db.hanamaki.local:5432/juminzei"
    sslrootcert = "C:/ProgramData/Juminzei/tls/ca.crt.pem"
    sslcert = "C:/ProgramData/Juminzei/tls/terminal.crt.pem"
    sslkey = "C:/ProgramData/Juminzei/tls/terminal.key.pem"
    statement_timeout_ms = 30000

    [workstation]
    printer = "窓口プリンタ1"
    reader = ""          # empty: the first reader with a card
    idle_lock_minutes = 10

Environment variables JUMINZEI_URL, JUMINZEI_SSLROOTCERT, JUMINZEI_SSLCERT, JUMINZEI_SSLKEY,
JUMINZEI_PRINTER and JUMINZEI_READER override the file.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from app.i18n import UserError
from app.services.db import ConnectionSettings


@dataclass(frozen=True)
class WorkstationSettings:
    server: ConnectionSettings
    printer: str = ""
    reader: str = ""
    idle_lock_minutes: int = 10  # the screen locks after this long without input


def default_path() -> Path:
    configured = os.environ.get("JUMINZEI_SETTINGS")
    if configured:
        return Path(configured)
    return platformdirs.site_config_path("juminzei", appauthor=False) / "workstation.toml"


def load(path: Path | None = None, environ: Mapping[str, str] | None = None) -> WorkstationSettings:
    env = os.environ if environ is None else environ
    path = path or default_path()
    data: dict[str, object] = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise UserError(f"設定ファイルを読めません: {path}（{exc}）", f"Cannot read settings {path}: {exc}",
                            field="settings") from exc
    server = _table(data, "server", path)
    station = _table(data, "workstation", path)
    url = env.get("JUMINZEI_URL") or _text(server, "url", path)
    if not url:
        raise UserError(f"接続先サーバーが設定されていません（{path} の [server] url）。",
                        f"No server configured ([server] url in {path}).", field="url")
    timeout = server.get("statement_timeout_ms", 30_000)
    if not isinstance(timeout, int) or not 1_000 <= timeout <= 600_000:
        raise UserError("statement_timeout_ms は 1000〜600000 の整数です。",
                        "statement_timeout_ms must be a whole number from 1000 to 600000.",
                        field="statement_timeout_ms")
    idle = station.get("idle_lock_minutes", 10)
    if not isinstance(idle, int) or not 1 <= idle <= 60:
        raise UserError("idle_lock_minutes は 1〜60 の整数です。",
                        "idle_lock_minutes must be a whole number from 1 to 60.", field="idle_lock_minutes")
    return WorkstationSettings(
        server=ConnectionSettings(
            url=url,
            sslmode="verify-full",
            sslrootcert=env.get("JUMINZEI_SSLROOTCERT") or _text(server, "sslrootcert", path) or None,
            sslcert=env.get("JUMINZEI_SSLCERT") or _text(server, "sslcert", path) or None,
            sslkey=env.get("JUMINZEI_SSLKEY") or _text(server, "sslkey", path) or None,
            statement_timeout_ms=timeout,
        ),
        printer=env.get("JUMINZEI_PRINTER") or _text(station, "printer", path),
        reader=env.get("JUMINZEI_READER") or _text(station, "reader", path),
        idle_lock_minutes=idle,
    )


def _table(data: Mapping[str, object], name: str, path: Path) -> Mapping[str, object]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise UserError(f"{path} の [{name}] が表ではありません。", f"[{name}] in {path} is not a table.", field=name)
    return value


def _text(table: Mapping[str, object], key: str, path: Path) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        raise UserError(f"{path} の {key} は文字列で指定してください。", f"{key} in {path} must be a string.",
                        field=key)
    return value
