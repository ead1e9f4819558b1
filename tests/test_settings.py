"""Workstation settings file and environment overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import settings
from app.i18n import UserError


def test_file_then_environment(tmp_path: Path) -> None:
    path = tmp_path / "workstation.toml"
    path.write_text('[server]\nurl = "postgresql://db.city.local/juminzei"\nsslcert = "/tls/t.crt"\n'
                    'sslkey = "/tls/t.key"\nsslrootcert = "/tls/ca.crt"\nstatement_timeout_ms = 20000\n'
                    '[workstation]\nprinter = "窓口プリンタ1"\n', encoding="utf-8")
    loaded = settings.load(path, {})
    assert loaded.server.url == "postgresql://db.city.local/juminzei"
    assert loaded.server.sslmode == "verify-full" and loaded.server.statement_timeout_ms == 20000
    assert loaded.printer == "窓口プリンタ1" and loaded.idle_lock_minutes == 10
    args = loaded.server.connect_args()
    assert args["sslcert"] == "/tls/t.crt" and args["options"] == "-c statement_timeout=20000"
    overridden = settings.load(path, {"JUMINZEI_URL": "postgresql://other/juminzei", "JUMINZEI_PRINTER": "P2"})
    assert overridden.server.url == "postgresql://other/juminzei" and overridden.printer == "P2"


@pytest.mark.parametrize(("text", "field"), [
    ("[server]\n", "url"),
    ('[server]\nurl = "postgresql://x/y"\nstatement_timeout_ms = 5\n', "statement_timeout_ms"),
    ('[server]\nurl = 5\n', "url"),
    ("server = 1\n", "server"),
    ('[server]\nurl = "postgresql://x/y"\n[workstation]\nidle_lock_minutes = 0\n', "idle_lock_minutes"),
    ("[server\n", "settings"),
])
def test_bad_settings_are_named(tmp_path: Path, text: str, field: str) -> None:
    path = tmp_path / "workstation.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as info:
        settings.load(path, {})
    assert info.value.field == field


def test_the_login_url_carries_the_terminal_certificate(tmp_path: Path) -> None:
    from app.views.client_app import bootstrap_url

    path = tmp_path / "workstation.toml"
    path.write_text('[server]\nurl = "postgresql://db.city.local:5432/juminzei"\nsslcert = "/tls/T-HON-001.crt"\n'
                    'sslkey = "/tls/T-HON-001.key"\nsslrootcert = "/tls/ca.crt"\n', encoding="utf-8")
    url = bootstrap_url(settings.load(path, {}))
    assert url.startswith("postgresql://juminzei_login@db.city.local:5432/juminzei?")
    for part in ("sslmode=verify-full", "sslcert=%2Ftls%2FT-HON-001.crt", "sslrootcert=%2Ftls%2Fca.crt"):
        assert part in url


def test_client_without_a_server_setting_says_so(tmp_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "app", "client", "--settings", str(tmp_path / "none.toml")],
                            capture_output=True, text=True, check=False, env={"PATH": "/usr/bin:/bin",
                                                                            "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 2 and "接続先サーバーが設定されていません" in result.stderr
