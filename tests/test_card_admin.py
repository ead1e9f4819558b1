"""Card administration: `juminzei card enrol|revoke|rotate|unblock|status` (error paths, and the
database actions against a fresh database with the in-process software card) and PIN unblock with
the PUK (app.services.enrolment.unblock_pin). The PC/SC path itself: tests/card/test_card_login_pcsc.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest

from app.card import transport as pcsc
from app.card.piv import DEFAULT_MANAGEMENT_KEY, PivSession
from app.card.softcard import InProcessTransport, SoftPivCard
from app.cli import card_cmd, main
from app.db.urls import libpq_dsn
from app.i18n import UserError
from app.services import card_login, enrolment
from app.services.staff import verifier_matches
from tests.support.database import ProvisionedDb

ROOT = Path(__file__).resolve().parents[1]
PIN = "13572468"
PUK = "87654321"


@pytest.fixture(autouse=True)
def _no_default_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JUMINZEI_URL", raising=False)


def _secret(tmp_path: Path, name: str, value: str) -> str:
    path = tmp_path / name
    path.write_text(value + "\n")
    path.chmod(0o600)
    return str(path)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _password(dsn: str) -> str:
    return str(psycopg2.extensions.parse_dsn(dsn)["password"])


def _staff_rows(db: ProvisionedDb, code: str) -> int:
    with db.admin() as cur:
        cur.execute("SELECT count(*) FROM auth.staff WHERE staff_code = %s", (code,))
        return int(cur.fetchone()[0])


def _audit(db: ProvisionedDb, action: str, detail_like: str) -> list[tuple[str, str, str]]:
    with db.admin() as cur:
        cur.execute("SELECT staff, result, detail FROM audit.event WHERE action = %s AND detail LIKE %s"
                    " ORDER BY event_id", (action, detail_like))
        return [(r[0], r[1], r[2]) for r in cur.fetchall()]


class _Reader:
    """An in-process card standing in for a PC/SC connection (what card_cmd._open_card returns)."""

    def __init__(self, card: SoftPivCard) -> None:
        self.reader = "In-process test reader"
        self._transport = InProcessTransport(card)

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        return self._transport.transmit(apdu)

    def close(self) -> None:
        self._transport.close()

    def __enter__(self) -> _Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _plug(monkeypatch: pytest.MonkeyPatch, card: SoftPivCard) -> list[str | None]:
    asked: list[str | None] = []

    def open_card(reader: str | None) -> tuple[_Reader, PivSession]:
        asked.append(reader)
        card.power_off()  # a fresh connection: nothing verified
        connection = _Reader(card)
        return connection, PivSession(connection)

    monkeypatch.setattr(card_cmd, "_open_card", open_card)
    return asked


# -- CLI error paths (no database change, no card touched) ---------------------------------------------

def test_status_without_reader_exits_2_bilingual(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(pcsc, "list_readers", lambda: [])
    code, out, err = _run(["card", "status"], capsys)
    assert code == 2 and out == ""
    assert "カードリーダーが見つかりません" in err and "No card reader found" in err


def test_unknown_reader_is_named(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(pcsc, "list_readers", lambda: ["Reader A 00 00"])
    code, _, err = _run(["card", "status", "--reader", "Reader B"], capsys)
    assert code == 2
    assert "Reader B" in err and "Reader A 00 00" in err and "見つかりません" in err and "not found" in err


def test_reader_without_card(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from app.card.errors import CardRemoved

    def no_card(reader: str) -> None:
        raise CardRemoved("SCardConnect: PC/SC error 8010000C")

    monkeypatch.setattr(pcsc, "list_readers", lambda: ["Reader A 00 00"])
    monkeypatch.setattr(pcsc, "PcscTransport", no_card)
    code, _, err = _run(["card", "status"], capsys)
    assert code == 2 and "カードが挿入されていません" in err and "No card inserted (Reader A 00 00)" in err


@pytest.mark.timeout(60)
def test_without_pcscd_status_exits_2(tmp_path: Path) -> None:
    """The real PC/SC client library with no service behind its socket."""
    env = {"PATH": "/usr/bin:/bin", "PCSCLITE_CSOCK_NAME": str(tmp_path / "no-pcscd.comm"),
           "JUMINZEI_LANG": "en"}
    proc = subprocess.run([sys.executable, "-m", "app", "card", "status"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=30, check=False)
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    assert "PC/SC" in proc.stderr and " / " in proc.stderr  # both languages
    assert "Traceback" not in proc.stderr


@pytest.mark.db
def test_enrol_without_reader_changes_nothing(fresh_db: ProvisionedDb, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(pcsc, "list_readers", lambda: [])
    before = fresh_db.audit_count()
    code, out, err = _run(["card", "enrol", "ADM1", "--name", "管理 一郎", "--roles", "r_admin,r_inquiry",
                           "--url", fresh_db.admin_url, "--pin-file", _secret(tmp_path, "pin", PIN)], capsys)
    assert code == 2 and out == ""
    assert "カードリーダーが見つかりません" in err and "No card reader found" in err
    assert _staff_rows(fresh_db, "ADM1") == 0
    assert fresh_db.audit_count() == before
    with fresh_db.admin() as cur:
        cur.execute("SELECT count(*) FROM pg_roles WHERE rolname = 's_adm1'")
        assert cur.fetchone()[0] == 0

    # Bad roles are refused before any reader is looked at.
    def no_pcsc() -> list[str]:
        raise AssertionError("the reader must not be touched")

    monkeypatch.setattr(pcsc, "list_readers", no_pcsc)
    code, out, err = _run(["card", "enrol", "ADM1", "--name", "管理 一郎", "--roles", "r_admin,r_boss",
                           "--url", fresh_db.admin_url, "--pin-file", _secret(tmp_path, "pin2", PIN)], capsys)
    assert code == 2 and out == ""
    assert "権限が正しくありません: r_boss" in err and "Unknown or missing roles: r_boss" in err
    code, _, err = _run(["card", "enrol", "ADM1", "--name", "管理 一郎", "--roles", ",",
                         "--url", fresh_db.admin_url, "--pin-file", _secret(tmp_path, "pin3", PIN)], capsys)
    assert code == 2 and "(none)" in err
    # A missing secret file is a user error too, still before the reader.
    code, _, err = _run(["card", "enrol", "ADM1", "--name", "管理 一郎", "--roles", "r_admin",
                         "--url", fresh_db.admin_url, "--pin-file", str(tmp_path / "absent")], capsys)
    assert code == 2 and "ファイルを読めません" in err
    assert _staff_rows(fresh_db, "ADM1") == 0
    assert fresh_db.audit_count() == before


def test_secrets_are_not_command_line_options(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["card", "enrol", "X1", "--name", "n", "--roles", "r_admin", "--url", "u", "--pin", PIN],
                 ["card", "unblock", "--puk", PUK, "--new-pin", PIN]):
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 2
    capsys.readouterr()


def test_unblock_staff_needs_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    asked = _plug(monkeypatch, SoftPivCard(pin=PIN, puk=PUK))
    code, _, err = _run(["card", "unblock", "--puk-file", _secret(tmp_path, "puk", PUK),
                         "--new-pin-file", _secret(tmp_path, "pin", "112233"), "--staff", "ADM9"], capsys)
    assert code == 2 and "--staff" in err and asked == []


# -- revoke / rotate through the CLI against a database ----------------------------------------------

@pytest.mark.db
def test_rotate_and_revoke_via_cli(fresh_db: ProvisionedDb, capsys: pytest.CaptureFixture[str]) -> None:
    url = fresh_db.admin_url
    bootstrap = libpq_dsn(url, username="juminzei_login")
    card = SoftPivCard(pin=PIN, puk=PUK)
    guid = enrolment.enrol(url, "ADM2", "管理 二郎", ("r_inquiry",), PivSession(InProcessTransport(card)),
                           DEFAULT_MANAGEMENT_KEY, PIN)

    def login() -> str:
        card.power_off()
        return card_login.login(bootstrap, "ADM2", PivSession(InProcessTransport(card)), PIN)

    def whoami(dsn: str) -> str:
        conn = psycopg2.connect(dsn)
        try:
            with conn, conn.cursor() as cur:
                cur.execute("SELECT staff_code FROM api.whoami()")
                return str(cur.fetchone()[0])
        finally:
            conn.close()

    before = login()
    code, out, _ = _run(["card", "rotate", "adm2", "--url", url], capsys)
    assert code == 0 and json.loads(out) == {"code": "ADM2", "rotated": True}
    after = login()
    assert after != before and whoami(after) == "ADM2"
    with fresh_db.admin() as cur:  # the old password is dead (the socket trusts: compare verifiers)
        cur.execute("SELECT rolpassword FROM pg_authid WHERE rolname = 's_adm2'")
        verifier = cur.fetchone()[0]
    assert verifier_matches(verifier, _password(after)) and not verifier_matches(verifier, _password(before))
    assert [r[:2] for r in _audit(fresh_db, "card.rotate", "staff=ADM2 %")] == [("postgres", "ok")]

    code, out, _ = _run(["card", "revoke", "ADM2", "--url", url], capsys)
    assert code == 0 and json.loads(out) == {"code": "ADM2", "revoked_card_guid": guid}
    with pytest.raises(UserError) as refused:
        login()
    assert "no active card" in refused.value.en
    assert [r[:2] for r in _audit(fresh_db, "card.revoke", "staff=ADM2 %")] == [("postgres", "ok")]

    audited = fresh_db.audit_count()
    for action in ("revoke", "rotate"):
        code, out, err = _run(["card", action, "ADM2", "--url", url], capsys)
        assert code == 2 and out == ""
        assert "有効なカードはありません" in err and "has no active card" in err
    assert fresh_db.audit_count() == audited


# -- PIN unblock with the PUK ----------------------------------------------------------------------------

def _blocked_card() -> tuple[SoftPivCard, PivSession]:
    card = SoftPivCard(pin=PIN, puk=PUK)
    session = PivSession(InProcessTransport(card))
    session.select()
    for _ in range(3):
        with pytest.raises(Exception):  # noqa: B017 - WrongPin, then PinBlocked
            session.verify_pin("00000000")
    assert card.pin_retries_left == 0
    return card, session


def test_unblock_wrong_puk_counts_down_then_right_puk_resets_pin() -> None:
    card, session = _blocked_card()
    with pytest.raises(UserError) as first:
        enrolment.unblock_pin(session, "11111111", "246802")
    assert first.value.field == "puk"
    assert "PUKが違います" in first.value.ja and "残り2回" in first.value.ja
    assert "Wrong PUK: 2 tries left" in first.value.en
    with pytest.raises(UserError) as second:
        enrolment.unblock_pin(session, "11111111", "246802")
    assert "残り1回" in second.value.ja and "1 try left" in second.value.en
    assert card.puk_retries_left == 1 and card.pin_retries_left == 0

    assert enrolment.unblock_pin(session, PUK, "246802") == card.guid.hex()
    assert card.pin_retries_left == 3 and card.puk_retries_left == 3  # both counters back
    card.power_off()
    fresh = PivSession(InProcessTransport(card))
    fresh.select()
    with pytest.raises(Exception):  # noqa: B017 - the old PIN is gone
        fresh.verify_pin(PIN)
    fresh.verify_pin("246802")
    assert fresh.pin_verified()


def test_unblock_with_blocked_puk_is_final() -> None:
    card, session = _blocked_card()
    for _ in range(2):
        with pytest.raises(UserError):
            enrolment.unblock_pin(session, "11111111", "246802")
    with pytest.raises(UserError) as last:
        enrolment.unblock_pin(session, "11111111", "246802")
    assert "PUKがロックされています" in last.value.ja and "The PUK is blocked" in last.value.en
    assert card.puk_retries_left == 0
    with pytest.raises(UserError) as after:  # even the right PUK no longer helps
        enrolment.unblock_pin(session, PUK, "246802")
    assert "PUK is blocked" in after.value.en
    assert card.pin_retries_left == 0


def test_unblock_refuses_bad_new_pin_without_touching_the_card() -> None:
    card, session = _blocked_card()
    for bad in ("12345", "123456789", "abcdef"):
        with pytest.raises(UserError) as info:
            enrolment.unblock_pin(session, PUK, bad)
        assert info.value.field == "new_pin" and "6 to 8 digits" in info.value.en
    with pytest.raises(UserError) as info:  # checked before any database or card is asked
        enrolment.unblock_pin(session, PUK, "123456", admin_url="postgresql://nobody@/none?host=/nonexistent",
                              staff_code="x; drop")
    assert info.value.field == "code"
    assert card.puk_retries_left == 3 and card.pin_retries_left == 0


def test_unblock_and_status_via_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    card, _ = _blocked_card()
    asked = _plug(monkeypatch, card)
    code, out, _ = _run(["card", "status", "--reader", "R1"], capsys)
    assert code == 0
    assert json.loads(out) == {"reader": "In-process test reader", "card_guid": card.guid.hex(),
                               "applet": json.loads(out)["applet"], "pin_tries_left": 0,
                               "pin_verified": False, "pin_blocked": True}
    puk_file = _secret(tmp_path, "puk", PUK)
    code, out, err = _run(["card", "unblock", "--puk-file", _secret(tmp_path, "bad", "99999999"),
                           "--new-pin-file", _secret(tmp_path, "pin", "975310")], capsys)
    assert code == 2 and "残り2回" in err and "2 tries left" in err
    code, out, _ = _run(["card", "unblock", "--puk-file", puk_file,
                         "--new-pin-file", _secret(tmp_path, "pin2", "975310")], capsys)
    assert code == 0
    assert json.loads(out) == {"reader": "In-process test reader", "card_guid": card.guid.hex(),
                               "pin_tries_left": 3, "audited": False}
    code, out, _ = _run(["card", "status"], capsys)
    assert json.loads(out)["pin_tries_left"] == 3
    assert card.pin_retries_left == 3  # status spent no try
    assert asked == ["R1", None, None, None]


@pytest.mark.db
def test_unblock_is_audited_with_url(fresh_db: ProvisionedDb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    url = fresh_db.admin_url
    card = SoftPivCard(pin=PIN, puk=PUK)
    guid = enrolment.enrol(url, "ADM3", "管理 三郎", ("r_inquiry",), PivSession(InProcessTransport(card)),
                           DEFAULT_MANAGEMENT_KEY, PIN)
    card.power_off()
    session = PivSession(InProcessTransport(card))
    session.select()
    with pytest.raises(Exception):  # noqa: B017
        session.verify_pin("00000000")
    # Service: the holder is found from the card's GUID; a wrong PUK is audited as denied.
    with pytest.raises(UserError):
        enrolment.unblock_pin(session, "11111111", "135790", admin_url=url)
    assert enrolment.unblock_pin(session, PUK, "135790", admin_url=url) == guid
    assert _audit(fresh_db, "card.unblock", "%") == [
        ("postgres", "denied", f"staff=ADM3 card={guid[:32]}"),
        ("postgres", "ok", f"staff=ADM3 card={guid[:32]}")]
    # CLI with an explicit staff code.
    _plug(monkeypatch, card)
    code, out, _ = _run(["card", "unblock", "--puk-file", _secret(tmp_path, "puk", PUK),
                         "--new-pin-file", _secret(tmp_path, "pin", PIN), "--url", url, "--staff", "adm3"], capsys)
    assert code == 0 and json.loads(out)["audited"] is True
    assert _audit(fresh_db, "card.unblock", "%")[-1] == ("postgres", "ok", f"staff=ADM3 card={guid[:32]}")
    # Write-ahead: each attempt's start is committed before the card is touched.
    assert _audit(fresh_db, "card.unblock_begin", "%") == [("postgres", "ok", f"staff=ADM3 card={guid[:32]}")] * 3
    # The new PIN logs in.
    card.power_off()
    dsn = card_login.login(libpq_dsn(url, username="juminzei_login"), "ADM3",
                           PivSession(InProcessTransport(card)), PIN)
    psycopg2.connect(dsn).close()
    # An unreachable database: refused before the card is touched.
    retries = card.puk_retries_left
    with pytest.raises(UserError) as info:
        enrolment.unblock_pin(session, "11111111", "135790",
                              admin_url=url.replace("juminzei_scratch", "no_such_db"))
    assert "card was not changed" in info.value.en
    assert card.puk_retries_left == retries
    assert len(_audit(fresh_db, "card.unblock_begin", "%")) == 3
