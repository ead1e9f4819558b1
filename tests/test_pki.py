"""The city PKI: CA, server and terminal certificates, CSR flow, revocation, and the `pki` CLI."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from app.i18n import UserError
from app.services import pki

PASSPHRASE = b"a long city ca passphrase"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> pki.CertificateAuthority:
    return pki.init_ca(tmp_path_factory.mktemp("ca") / "ca", "Hanamaki City CA", PASSPHRASE)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _cn(cert: x509.Certificate) -> str:
    value = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    assert isinstance(value, str)
    return value


# ------------------------------------------------------------------------------------------------
# CA


def test_ca_is_p256_with_encrypted_key(ca: pki.CertificateAuthority) -> None:
    cert = ca.certificate
    public = cert.public_key()
    assert isinstance(public, ec.EllipticCurvePublicKey) and public.curve.name == "secp256r1"
    basic = cert.extensions.get_extension_for_class(x509.BasicConstraints)
    assert basic.critical and basic.value.ca and basic.value.path_length == 0
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.key_cert_sign and usage.crl_sign
    assert pki.verify_issued_by(cert, cert)
    assert b"ENCRYPTED PRIVATE KEY" in ca.key_path.read_bytes()
    assert _mode(ca.key_path) == 0o600
    assert ca.crl_path.exists()  # an empty CRL from day one


def test_ca_key_needs_the_passphrase(ca: pki.CertificateAuthority) -> None:
    assert pki.load_ca(ca.directory).key is None
    assert pki.load_ca(ca.directory, PASSPHRASE).key is not None
    with pytest.raises(UserError) as info:
        pki.load_ca(ca.directory, b"wrong passphrase!")
    assert "passphrase" in info.value.en


def test_init_ca_refuses_existing_ca_and_short_passphrase(ca: pki.CertificateAuthority,
                                                         tmp_path: Path) -> None:
    before = ca.cert_path.read_bytes()
    with pytest.raises(UserError):
        pki.init_ca(ca.directory, "Again", PASSPHRASE)
    assert ca.cert_path.read_bytes() == before
    with pytest.raises(UserError):
        pki.init_ca(tmp_path / "short", "Short", b"short")
    assert not (tmp_path / "short").exists()


# ------------------------------------------------------------------------------------------------
# Server certificate


def test_server_certificate_has_sans_and_server_auth(ca: pki.CertificateAuthority, tmp_path: Path) -> None:
    issued = pki.issue_server_certificate(ca, tmp_path / "srv", ["db.hanamaki.local", "db"],
                                         ["10.1.2.3", "::1"], days=100)
    cert = issued.certificate
    assert issued.key_path is not None and _mode(issued.key_path) == 0o600
    assert _cn(cert) == "db.hanamaki.local"
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == ["db.hanamaki.local", "db"]
    assert san.get_values_for_type(x509.IPAddress) == [ipaddress.ip_address("10.1.2.3"),
                                                      ipaddress.ip_address("::1")]
    eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(eku) == [ExtendedKeyUsageOID.SERVER_AUTH]
    assert pki.verify_issued_by(cert, ca.certificate)
    lifetime = cert.not_valid_after_utc - cert.not_valid_before_utc
    assert dt.timedelta(days=99) < lifetime <= dt.timedelta(days=101)


@pytest.mark.parametrize(("hosts", "ips"), [(["bad host"], []), (["ok.local"], ["999.1.1.1"]), ([], [])])
def test_server_certificate_bad_names_write_nothing(ca: pki.CertificateAuthority, tmp_path: Path,
                                                    hosts: list[str], ips: list[str]) -> None:
    loaded = pki.load_ca(ca.directory, PASSPHRASE)
    with pytest.raises(UserError):
        pki.issue_server_certificate(loaded, tmp_path / "out", hosts, ips)
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------------------------------------
# Terminal CSR flow


def test_terminal_csr_flow_keeps_the_key_with_the_terminal(ca: pki.CertificateAuthority,
                                                           tmp_path: Path) -> None:
    terminal_dir, ca_inbox = tmp_path / "terminal", tmp_path / "ca-inbox"
    made = pki.create_terminal_request(terminal_dir, "T-HON-001")
    assert _mode(made.key_path) == 0o600
    assert b"PRIVATE KEY" in made.key_path.read_bytes()
    # Only the CSR travels: it holds the public key and no private material.
    ca_inbox.mkdir()
    csr_copy = ca_inbox / "T-HON-001.csr.pem"
    csr_copy.write_bytes(made.csr_path.read_bytes())
    assert b"PRIVATE" not in csr_copy.read_bytes()

    issued = pki.sign_request(ca, csr_copy, ca_inbox / "T-HON-001.crt.pem", days=90)
    cert = issued.certificate
    assert sorted(p.name for p in ca_inbox.iterdir()) == ["T-HON-001.crt.pem", "T-HON-001.csr.pem"]
    assert _cn(cert) == "T-HON-001"
    eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(eku) == [ExtendedKeyUsageOID.CLIENT_AUTH]
    assert not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert pki.verify_issued_by(cert, ca.certificate)
    # The certificate is for the terminal's own key.
    terminal_key = pki.load_private_key(made.key_path)
    assert terminal_key.public_key() == cert.public_key()
    lifetime = cert.not_valid_after_utc - cert.not_valid_before_utc
    assert dt.timedelta(days=89) < lifetime <= dt.timedelta(days=91)
    assert any(e["subject"].startswith("CN=T-HON-001") for e in pki.issued(ca))


def test_terminal_request_refuses_bad_id_and_existing_key(tmp_path: Path) -> None:
    with pytest.raises(UserError) as info:
        pki.create_terminal_request(tmp_path / "t", "not a terminal")
    assert info.value.ja and info.value.en
    assert not (tmp_path / "t").exists()
    made = pki.create_terminal_request(tmp_path / "t", "T-HON-002")
    key_before = made.key_path.read_bytes()
    with pytest.raises(UserError):
        pki.create_terminal_request(tmp_path / "t", "T-HON-002")
    assert made.key_path.read_bytes() == key_before  # an existing key is never replaced


def test_sign_checks_the_csr(ca: pki.CertificateAuthority, tmp_path: Path) -> None:
    role_req = pki.create_request(tmp_path, "juminzei_login", profile=pki.Profile.ROLE)
    # A role CSR is not a terminal: refused under the terminal profile, accepted as a role.
    with pytest.raises(UserError):
        pki.sign_request(ca, role_req.csr_path, tmp_path / "x.crt.pem")
    assert not (tmp_path / "x.crt.pem").exists()
    issued = pki.sign_request(ca, role_req.csr_path, tmp_path / "role.crt.pem", profile=pki.Profile.ROLE)
    assert _cn(issued.certificate) == "juminzei_login"
    not_csr = tmp_path / "junk.pem"
    not_csr.write_text("hello")
    with pytest.raises(UserError):
        pki.sign_request(ca, not_csr, tmp_path / "y.crt.pem")
    with pytest.raises(UserError):
        pki.sign_request(ca, role_req.csr_path, tmp_path / "z.crt.pem", days=0, profile=pki.Profile.ROLE)
    with pytest.raises(UserError):  # the CA's key is needed to sign
        pki.sign_request(pki.load_ca(ca.directory), role_req.csr_path, tmp_path / "z.crt.pem",
                         profile=pki.Profile.ROLE)
    assert not (tmp_path / "y.crt.pem").exists() and not (tmp_path / "z.crt.pem").exists()


def test_revocation_list(ca: pki.CertificateAuthority, tmp_path: Path) -> None:
    made = pki.create_terminal_request(tmp_path, "T-ISH-010")
    issued = pki.sign_request(ca, made.csr_path, tmp_path / "T-ISH-010.crt.pem")
    rev = pki.revoke(ca, issued.certificate, reason=pki.RevocationReason.KEY_COMPROMISE)
    assert rev.serial == issued.certificate.serial_number
    crl_path = pki.write_crl(ca, tmp_path / "crl.pem", days=7)
    crl = x509.load_pem_x509_crl(crl_path.read_bytes())
    ca_public = ca.certificate.public_key()
    assert isinstance(ca_public, ec.EllipticCurvePublicKey)
    assert crl.is_signature_valid(ca_public)
    entry = crl.get_revoked_certificate_by_serial_number(issued.certificate.serial_number)
    assert entry is not None
    reason = entry.extensions.get_extension_for_class(x509.CRLReason).value.reason
    assert reason is x509.ReasonFlags.key_compromise
    assert crl.next_update_utc is not None
    assert crl.next_update_utc - dt.datetime.now(dt.UTC) < dt.timedelta(days=8)


# ------------------------------------------------------------------------------------------------
# Command line


def _juminzei(*args: str | Path, lang: str = "ja_JP.UTF-8") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "JUMINZEI_LANG", "JUMINZEI_CA_PASSPHRASE")}
    env["LANG"] = lang
    return subprocess.run([sys.executable, "-m", "app", "pki", *map(str, args)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL, check=False)


def test_cli_round_trip(tmp_path: Path) -> None:
    pass_file = tmp_path / "passphrase"
    pass_file.write_text("cli test passphrase\n")
    ca_dir, server_dir, terminal_dir = tmp_path / "ca", tmp_path / "server", tmp_path / "terminal"

    r = _juminzei("init-ca", "--dir", ca_dir, "--name", "Hanamaki City CA", "--passphrase-file", pass_file)
    assert r.returncode == 0, r.stderr
    r = _juminzei("server-cert", "--ca-dir", ca_dir, "--host", "db.hanamaki.local", "--ip", "10.0.0.5",
                  "--out-dir", server_dir, "--passphrase-file", pass_file)
    assert r.returncode == 0, r.stderr
    assert _mode(server_dir / "server.key.pem") == 0o600
    r = _juminzei("terminal-request", "--terminal-id", "T-HON-001", "--out-dir", terminal_dir)
    assert r.returncode == 0, r.stderr
    assert _mode(terminal_dir / "T-HON-001.key.pem") == 0o600
    cert_path = tmp_path / "T-HON-001.crt.pem"
    r = _juminzei("sign", "--ca-dir", ca_dir, "--csr", terminal_dir / "T-HON-001.csr.pem", "--out", cert_path,
                  "--days", "30", "--passphrase-file", pass_file)
    assert r.returncode == 0, r.stderr
    r = _juminzei("show", cert_path, lang="en_US.UTF-8")
    assert r.returncode == 0, r.stderr
    assert "CN=T-HON-001" in r.stdout and "clientAuth" in r.stdout
    r = _juminzei("show", server_dir / "server.crt.pem")
    assert "db.hanamaki.local, 10.0.0.5" in r.stdout
    r = _juminzei("revoke", "--ca-dir", ca_dir, "--cert", cert_path, "--passphrase-file", pass_file)
    assert r.returncode == 0, r.stderr
    r = _juminzei("show", ca_dir / "crl.pem")
    serial = x509.load_pem_x509_certificate(cert_path.read_bytes()).serial_number
    assert f"revoked: {serial:x}" in r.stdout

    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    ca_cert = x509.load_pem_x509_certificate((ca_dir / "ca.crt.pem").read_bytes())
    assert pki.verify_issued_by(cert, ca_cert)
    lifetime = cert.not_valid_after_utc - cert.not_valid_before_utc
    assert dt.timedelta(days=29) < lifetime <= dt.timedelta(days=31)


def test_cli_help_is_bilingual() -> None:
    ja = _juminzei("sign", "--help")
    en = _juminzei("sign", "--help", lang="en_US.UTF-8")
    assert ja.returncode == en.returncode == 0
    assert "CSR に署名" in ja.stdout or "CSR を検査" in ja.stdout
    assert "Check a CSR" in en.stdout
    assert "CA directory" in en.stdout and "CA のディレクトリ" in ja.stdout


def test_cli_bad_input_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    pass_file = tmp_path / "passphrase"
    pass_file.write_text("cli test passphrase\n")
    short = tmp_path / "short"
    short.write_text("short\n")

    r = _juminzei("terminal-request", "--terminal-id", "HON-1", "--out-dir", tmp_path / "t")
    assert r.returncode == 2
    assert "端末ID" in r.stderr and "terminal id" in r.stderr  # bilingual message
    assert not (tmp_path / "t").exists()

    r = _juminzei("init-ca", "--dir", tmp_path / "ca", "--name", "X", "--passphrase-file", short)
    assert r.returncode == 2 and not (tmp_path / "ca").exists()

    r = _juminzei("init-ca", "--dir", tmp_path / "ca", "--name", "X")  # no passphrase, no terminal
    assert r.returncode == 2 and not (tmp_path / "ca").exists()

    assert _juminzei("init-ca", "--dir", tmp_path / "ca", "--name", "X", "--passphrase-file",
                     pass_file).returncode == 0
    r = _juminzei("server-cert", "--ca-dir", tmp_path / "ca", "--host", "bad host!", "--out-dir",
                  tmp_path / "srv", "--passphrase-file", pass_file)
    assert r.returncode == 2 and not (tmp_path / "srv").exists()

    r = _juminzei("sign", "--ca-dir", tmp_path / "ca", "--csr", tmp_path / "missing.csr", "--out",
                  tmp_path / "out.pem", "--passphrase-file", pass_file)
    assert r.returncode == 2 and not (tmp_path / "out.pem").exists()

    t3 = tmp_path / "t3"
    assert _juminzei("terminal-request", "--terminal-id", "T-HON-003", "--out-dir", t3).returncode == 0
    r = _juminzei("sign", "--ca-dir", tmp_path / "ca", "--csr", t3 / "T-HON-003.csr.pem", "--out",
                  tmp_path / "out.pem", "--passphrase-file", t3 / "T-HON-003.csr.pem")
    assert r.returncode == 2 and not (tmp_path / "out.pem").exists()  # wrong passphrase

    r = _juminzei("show", t3 / "T-HON-003.key.pem")
    assert r.returncode == 2 and "PRIVATE" not in r.stdout  # keys are never printed

    r = _juminzei("sign", "--ca-dir", tmp_path / "ca")  # argparse: missing options
    assert r.returncode == 2
