"""The city's small PKI: a CA, the database server's certificate and terminal certificates.

Why EC P-256 for every key: it gives the same ~128-bit security as RSA-3072 with keys that are
generated in milliseconds (tests make many), signatures that are small and cheap to verify on every
TLS handshake, and it is the curve the staff PIV cards already use (slot 9D), so the city has one
algorithm to assess. PostgreSQL (OpenSSL), libpq and Windows' TLS stack all support ECDSA P-256
certificates with TLS 1.2 and 1.3.

Layout of a CA directory (made by `init_ca`)::

    ca.crt.pem     the CA certificate: copy it to the server (ssl_ca_file) and to every terminal
    ca.key.pem     the CA private key, PKCS#8 encrypted with the passphrase, mode 0600
    index.json     every certificate issued (serial, subject, profile, expiry) and revocations
    crl.pem        the certificate revocation list (ssl_crl_file), rewritten by `write_crl`

Terminals never send a private key anywhere: `create_request` runs on the terminal, writes its
key (mode 0600) and a CSR; only the CSR travels to the CA, and only the certificate comes back.

No Qt here; bad input raises `app.i18n.UserError` before anything is written.
"""

from __future__ import annotations

import datetime as dt
import enum
import ipaddress
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.types import CertificatePublicKeyTypes
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from app.i18n import UserError

CA_CERT_FILE = "ca.crt.pem"
CA_KEY_FILE = "ca.key.pem"
CA_INDEX_FILE = "index.json"
CA_CRL_FILE = "crl.pem"

DEFAULT_CA_DAYS = 3650
DEFAULT_SERVER_DAYS = 825
DEFAULT_TERMINAL_DAYS = 730
DEFAULT_CRL_DAYS = 30
MAX_DAYS = 3650 * 2
MIN_PASSPHRASE_LENGTH = 8
DEFAULT_ORGANIZATION = "Hanamaki City"

# Terminal ids look like T-HON-001 (office code, number). Kept strict because the production
# pg_ident.conf maps certificate CNs of exactly this shape to the bootstrap role.
TERMINAL_ID_RE = re.compile(r"^T-[A-Z0-9]{2,8}-[0-9]{3,4}$")
# A PostgreSQL role name usable unquoted: the `cert` method compares it with the CN.
ROLE_NAME_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_DNS_LABEL_RE = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")

# Certificates start slightly in the past so that a terminal whose clock is a few minutes behind
# the CA's does not reject a certificate it has just been given.
_BACKDATE = dt.timedelta(minutes=5)

PrivateKey = ec.EllipticCurvePrivateKey


class Profile(enum.StrEnum):
    """What a signed certificate may be used for."""

    TERMINAL = "terminal"  # a workstation; CN = terminal id; TLS client
    ROLE = "role"  # a named database role (`cert` authentication); CN = role name; TLS client
    SERVER = "server"  # the database server; SANs; TLS server


class RevocationReason(enum.StrEnum):
    UNSPECIFIED = "unspecified"
    KEY_COMPROMISE = "key_compromise"
    SUPERSEDED = "superseded"
    CESSATION_OF_OPERATION = "cessation_of_operation"


_REASON_FLAGS: dict[RevocationReason, x509.ReasonFlags] = {
    RevocationReason.UNSPECIFIED: x509.ReasonFlags.unspecified,
    RevocationReason.KEY_COMPROMISE: x509.ReasonFlags.key_compromise,
    RevocationReason.SUPERSEDED: x509.ReasonFlags.superseded,
    RevocationReason.CESSATION_OF_OPERATION: x509.ReasonFlags.cessation_of_operation,
}


@dataclass(frozen=True)
class CertificateAuthority:
    """A CA directory with its certificate; `key` is present only when loaded with the passphrase."""

    directory: Path
    certificate: x509.Certificate
    key: PrivateKey | None = None

    @property
    def cert_path(self) -> Path:
        return self.directory / CA_CERT_FILE

    @property
    def key_path(self) -> Path:
        return self.directory / CA_KEY_FILE

    @property
    def index_path(self) -> Path:
        return self.directory / CA_INDEX_FILE

    @property
    def crl_path(self) -> Path:
        return self.directory / CA_CRL_FILE

    def signing_key(self) -> PrivateKey:
        if self.key is None:
            raise UserError("CA の秘密鍵が読み込まれていません（パスフレーズが必要です）。",
                            "The CA private key is not loaded (the passphrase is needed).")
        return self.key


@dataclass(frozen=True)
class KeyAndRequest:
    """What `create_request` leaves on the requesting machine."""

    key_path: Path
    csr_path: Path
    request: x509.CertificateSigningRequest


@dataclass(frozen=True)
class IssuedCertificate:
    cert_path: Path
    certificate: x509.Certificate
    key_path: Path | None = None  # only when the key was made in the same call (server cert)


@dataclass(frozen=True)
class Revocation:
    serial: int
    revoked_at: dt.datetime
    reason: RevocationReason


# --------------------------------------------------------------------------------------------
# Validation helpers (raise UserError; called before any file is written)


def validate_terminal_id(terminal_id: str) -> str:
    value = terminal_id.strip()
    if not TERMINAL_ID_RE.fullmatch(value):
        raise UserError(
            f"端末IDの形式が正しくありません: {terminal_id!r}（例: T-HON-001）",
            f"Invalid terminal id: {terminal_id!r} (example: T-HON-001)",
            field="terminal_id",
        )
    return value


def validate_role_name(role: str) -> str:
    if not ROLE_NAME_RE.fullmatch(role):
        raise UserError(
            f"ロール名の形式が正しくありません: {role!r}（英小文字・数字・_ のみ）",
            f"Invalid role name: {role!r} (lower-case letters, digits and _ only)",
            field="role",
        )
    return role


def validate_days(days: int, *, field: str = "days") -> int:
    if not 1 <= days <= MAX_DAYS:
        raise UserError(
            f"有効日数は 1 から {MAX_DAYS} の間で指定してください: {days}",
            f"Validity must be between 1 and {MAX_DAYS} days: {days}",
            field=field,
        )
    return days


def validate_passphrase(passphrase: bytes) -> bytes:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise UserError(
            f"パスフレーズは {MIN_PASSPHRASE_LENGTH} バイト以上にしてください。",
            f"The passphrase must be at least {MIN_PASSPHRASE_LENGTH} bytes long.",
            field="passphrase",
        )
    return passphrase


def validate_dns_name(name: str) -> str:
    value = name.strip().rstrip(".").lower()
    labels = value.split(".")
    if not value or len(value) > 253 or not all(_DNS_LABEL_RE.fullmatch(label) for label in labels):
        raise UserError(f"ホスト名の形式が正しくありません: {name!r}", f"Invalid host name: {name!r}",
                        field="host")
    return value


def validate_ip(ip: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    try:
        return ipaddress.ip_address(ip.strip())
    except ValueError:
        raise UserError(f"IPアドレスの形式が正しくありません: {ip!r}", f"Invalid IP address: {ip!r}",
                        field="ip") from None


def _validate_common_name(common_name: str, profile: Profile) -> str:
    if profile is Profile.TERMINAL:
        return validate_terminal_id(common_name)
    if profile is Profile.ROLE:
        return validate_role_name(common_name)
    return validate_dns_name(common_name)


def _refuse_existing(*paths: Path) -> None:
    """Never overwrite keys or certificates: a silent overwrite can lock a terminal out."""
    for path in paths:
        if path.exists():
            raise UserError(f"ファイルが既に存在します（上書きしません）: {path}",
                            f"File already exists (not overwritten): {path}", field="out")


def _require_dir(directory: Path) -> None:
    if not directory.is_dir():
        raise UserError(f"ディレクトリがありません: {directory}", f"Directory not found: {directory}",
                        field="dir")


# --------------------------------------------------------------------------------------------
# File helpers


def _write_private(path: Path, data: bytes) -> None:
    """Create a file readable by its owner only: O_EXCL so an existing key is never replaced, and
    the mode is set at creation so the key is never briefly world-readable."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, 0o600)  # the umask may have removed bits, never added; make it exact
        os.write(fd, data)
    finally:
        os.close(fd)


def _write_public(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)  # atomic, so the server never reads half a CRL


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def generate_key() -> PrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _key_pem(key: PrivateKey, passphrase: bytes | None = None) -> bytes:
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase) if passphrase else serialization.NoEncryption()
    )
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)


def _cert_pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def load_certificate(path: Path) -> x509.Certificate:
    try:
        return x509.load_pem_x509_certificate(path.read_bytes())
    except FileNotFoundError:
        raise UserError(f"ファイルがありません: {path}", f"File not found: {path}", field="file") from None
    except ValueError:
        raise UserError(f"PEM 形式の証明書ではありません: {path}", f"Not a PEM certificate: {path}",
                        field="file") from None


def load_request(path: Path) -> x509.CertificateSigningRequest:
    try:
        return x509.load_pem_x509_csr(path.read_bytes())
    except FileNotFoundError:
        raise UserError(f"ファイルがありません: {path}", f"File not found: {path}", field="csr") from None
    except ValueError:
        raise UserError(f"PEM 形式の証明書署名要求（CSR）ではありません: {path}",
                        f"Not a PEM certificate signing request (CSR): {path}", field="csr") from None


def load_private_key(path: Path, passphrase: bytes | None = None) -> PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), passphrase)
    except FileNotFoundError:
        raise UserError(f"ファイルがありません: {path}", f"File not found: {path}", field="key") from None
    except (ValueError, TypeError):
        # cryptography raises ValueError for a wrong passphrase and TypeError for a missing one.
        raise UserError(f"秘密鍵を読み込めません（パスフレーズが違う可能性があります）: {path}",
                        f"Cannot load the private key (wrong passphrase?): {path}",
                        field="passphrase") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise UserError(f"EC 鍵ではありません: {path}", f"Not an EC key: {path}", field="key")
    return key


def _common_name(name: x509.Name) -> str | None:
    attrs = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    if not attrs:
        return None
    value = attrs[0].value
    return value if isinstance(value, str) else value.decode()


# --------------------------------------------------------------------------------------------
# CA


def _subject(common_name: str, organization: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])


def init_ca(directory: Path, name: str, passphrase: bytes, *, days: int = DEFAULT_CA_DAYS,
            organization: str = DEFAULT_ORGANIZATION) -> CertificateAuthority:
    """Create a CA in `directory` (created if missing; must not hold a CA already)."""
    name = name.strip()
    if not name or len(name) > 64:
        raise UserError("CA の名前は 1〜64 文字で指定してください。", "The CA name must be 1-64 characters.",
                        field="name")
    validate_passphrase(passphrase)
    validate_days(days)
    _refuse_existing(*(directory / f for f in (CA_CERT_FILE, CA_KEY_FILE, CA_INDEX_FILE, CA_CRL_FILE)))

    key = generate_key()
    subject = _subject(name, organization)
    now = _now()
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - _BACKDATE)
        .not_valid_after(now + dt.timedelta(days=days))
        # path_length=0: this CA signs end-entity certificates only, never another CA.
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                     key_encipherment=False, data_encipherment=False, key_agreement=False,
                                     key_cert_sign=True, crl_sign=True, encipher_only=False,
                                     decipher_only=False), critical=True)
        .add_extension(ski, critical=False)
        .sign(key, hashes.SHA256())
    )
    directory.mkdir(parents=True, exist_ok=True)
    os.chmod(directory, 0o700)
    _write_private(directory / CA_KEY_FILE, _key_pem(key, passphrase))
    _write_public(directory / CA_CERT_FILE, _cert_pem(cert))
    ca = CertificateAuthority(directory, cert, key)
    _save_index(ca, [])
    # An empty CRL from the start: the server's ssl_crl_file can be configured on day one.
    write_crl(ca)
    return ca


def load_ca(directory: Path, passphrase: bytes | None = None) -> CertificateAuthority:
    """Load a CA directory; with the passphrase the key is loaded too (needed for signing)."""
    _require_dir(directory)
    cert_path = directory / CA_CERT_FILE
    if not cert_path.is_file():
        raise UserError(f"CA 証明書がありません: {cert_path}", f"No CA certificate: {cert_path}",
                        field="ca_dir")
    cert = load_certificate(cert_path)
    key = load_private_key(directory / CA_KEY_FILE, passphrase) if passphrase is not None else None
    if key is not None and key.public_key().public_numbers() != _ec_public(cert).public_numbers():
        raise UserError("CA の鍵と証明書が一致しません。", "The CA key does not match its certificate.",
                        field="ca_dir")
    return CertificateAuthority(directory, cert, key)


def _ec_public(cert: x509.Certificate) -> ec.EllipticCurvePublicKey:
    public = cert.public_key()
    if not isinstance(public, ec.EllipticCurvePublicKey):
        raise UserError("CA 証明書の鍵が EC ではありません。", "The CA certificate key is not EC.")
    return public


# --------------------------------------------------------------------------------------------
# Index of issued certificates (JSON; small: one entry per terminal)


def _load_index(ca: CertificateAuthority) -> list[dict[str, str]]:
    if not ca.index_path.exists():
        return []
    data = json.loads(ca.index_path.read_text(encoding="utf-8"))
    entries: list[dict[str, str]] = data["issued"]
    return entries


def _save_index(ca: CertificateAuthority, entries: list[dict[str, str]]) -> None:
    text = json.dumps({"issued": entries}, ensure_ascii=False, indent=1)
    _write_public(ca.index_path, text.encode("utf-8"))


def _record_issued(ca: CertificateAuthority, cert: x509.Certificate, profile: Profile) -> None:
    entries = _load_index(ca)
    entries.append({
        "serial": format(cert.serial_number, "x"),
        "subject": cert.subject.rfc4514_string(),
        "profile": profile.value,
        "not_after": cert.not_valid_after_utc.isoformat(),
        "issued_at": _now().isoformat(timespec="seconds"),
    })
    _save_index(ca, entries)


def issued(ca: CertificateAuthority) -> list[dict[str, str]]:
    """Every certificate this CA issued (and revocations), oldest first."""
    return _load_index(ca)


# --------------------------------------------------------------------------------------------
# Issuing


def _client_extensions(builder: x509.CertificateBuilder) -> x509.CertificateBuilder:
    return (
        builder.add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
    )


def _base_builder(ca: CertificateAuthority, subject: x509.Name, public_key: CertificatePublicKeyTypes,
                  days: int) -> x509.CertificateBuilder:
    now = _now()
    not_after = now + dt.timedelta(days=days)
    # A certificate never outlives its CA: clients would reject the chain after the CA expires.
    not_after = min(not_after, ca.certificate.not_valid_after_utc)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.certificate.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - _BACKDATE)
        .not_valid_after(not_after)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(_ec_public(ca.certificate)),
                       critical=False)
    )


def issue_server_certificate(ca: CertificateAuthority, out_dir: Path, hosts: Sequence[str],
                             ips: Sequence[str] = (), *, days: int = DEFAULT_SERVER_DAYS,
                             basename: str = "server") -> IssuedCertificate:
    """Make the database server's key and certificate in `out_dir` (`server.key.pem`, mode 0600,
    and `server.crt.pem`). The first host name is the CN; all names and IPs are SANs (clients with
    sslmode=verify-full check the SANs)."""
    if not hosts:
        raise UserError("ホスト名を1つ以上指定してください。", "Give at least one host name.", field="host")
    dns_names = [validate_dns_name(h) for h in hosts]
    addresses = [validate_ip(ip) for ip in ips]
    validate_days(days)
    signing_key = ca.signing_key()
    key_path, cert_path = out_dir / f"{basename}.key.pem", out_dir / f"{basename}.crt.pem"
    _refuse_existing(key_path, cert_path)

    key = generate_key()
    sans: list[x509.GeneralName] = [x509.DNSName(n) for n in dns_names]
    sans += [x509.IPAddress(a) for a in addresses]
    cert = (
        _base_builder(ca, _subject(dns_names[0], _organization(ca)), key.public_key(), days)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName(sans), critical=False)
        .sign(signing_key, hashes.SHA256())
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_private(key_path, _key_pem(key))
    _write_public(cert_path, _cert_pem(cert))
    _record_issued(ca, cert, Profile.SERVER)
    return IssuedCertificate(cert_path, cert, key_path)


def _organization(ca: CertificateAuthority) -> str:
    attrs = ca.certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    value = attrs[0].value if attrs else DEFAULT_ORGANIZATION
    return value if isinstance(value, str) else value.decode()


def create_request(out_dir: Path, common_name: str, *, profile: Profile = Profile.TERMINAL,
                   basename: str | None = None) -> KeyAndRequest:
    """On the requesting machine: make a key (mode 0600, never leaves this machine) and a CSR.

    Files: `<basename>.key.pem` and `<basename>.csr.pem`; basename defaults to the CN."""
    if profile is Profile.SERVER:
        raise UserError("サーバー証明書は server-cert で作成します。", "Use server-cert for the server.",
                        field="profile")
    cn = _validate_common_name(common_name, profile)
    stem = basename or cn
    key_path, csr_path = out_dir / f"{stem}.key.pem", out_dir / f"{stem}.csr.pem"
    _refuse_existing(key_path, csr_path)
    key = generate_key()
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)]))
        .sign(key, hashes.SHA256())
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_private(key_path, _key_pem(key))
    _write_public(csr_path, csr.public_bytes(serialization.Encoding.PEM))
    return KeyAndRequest(key_path, csr_path, csr)


def create_terminal_request(out_dir: Path, terminal_id: str) -> KeyAndRequest:
    """`create_request` for a workstation (CN = terminal id such as T-HON-001)."""
    return create_request(out_dir, terminal_id, profile=Profile.TERMINAL)


def sign_request(ca: CertificateAuthority, csr: x509.CertificateSigningRequest | Path, out_path: Path, *,
                 days: int = DEFAULT_TERMINAL_DAYS, profile: Profile = Profile.TERMINAL) -> IssuedCertificate:
    """At the CA: check a CSR and issue a client certificate for it (clientAuth).

    Only the CN is taken from the CSR (validated for the profile); every extension is the CA's
    choice, so a requester cannot ask for CA rights or a server name."""
    if profile is Profile.SERVER:
        raise UserError("サーバー証明書は server-cert で作成します。", "Use server-cert for the server.",
                        field="profile")
    request = load_request(csr) if isinstance(csr, Path) else csr
    validate_days(days)
    if not request.is_signature_valid:
        raise UserError("CSR の署名が正しくありません。", "The CSR signature is not valid.", field="csr")
    public = request.public_key()
    if not isinstance(public, ec.EllipticCurvePublicKey | rsa.RSAPublicKey):
        raise UserError("CSR の鍵の種類に対応していません。", "Unsupported key type in the CSR.", field="csr")
    if isinstance(public, rsa.RSAPublicKey) and public.key_size < 3072:
        raise UserError("RSA 鍵は 3072 ビット以上が必要です。", "RSA keys must be at least 3072 bits.",
                        field="csr")
    if isinstance(public, ec.EllipticCurvePublicKey) and public.curve.key_size < 256:
        raise UserError("EC 鍵は P-256 以上が必要です。", "EC keys must be P-256 or larger.", field="csr")
    cn = _common_name(request.subject)
    if cn is None:
        raise UserError("CSR に CN がありません。", "The CSR has no common name (CN).", field="csr")
    cn = _validate_common_name(cn, profile)
    signing_key = ca.signing_key()
    _refuse_existing(out_path)
    if not out_path.parent.is_dir():
        raise UserError(f"出力先ディレクトリがありません: {out_path.parent}",
                        f"Output directory not found: {out_path.parent}", field="out")

    builder = _base_builder(ca, _subject(cn, _organization(ca)), public, days)
    cert = _client_extensions(builder).sign(signing_key, hashes.SHA256())
    _write_public(out_path, _cert_pem(cert))
    _record_issued(ca, cert, profile)
    return IssuedCertificate(out_path, cert)


# --------------------------------------------------------------------------------------------
# Revocation


def revoke(ca: CertificateAuthority, certificate: x509.Certificate | int, *,
           reason: RevocationReason = RevocationReason.UNSPECIFIED) -> Revocation:
    """Mark a certificate (or serial) issued by this CA as revoked. Call `write_crl` afterwards and
    copy the CRL to the server (ssl_crl_file) followed by a reload."""
    if isinstance(certificate, x509.Certificate):
        if certificate.issuer != ca.certificate.subject:
            raise UserError("この CA が発行した証明書ではありません。",
                            "Not a certificate issued by this CA.", field="cert")
        serial = certificate.serial_number
    else:
        serial = certificate
    key = format(serial, "x")
    entries = _load_index(ca)
    matches = [e for e in entries if e["serial"] == key]
    if not matches:
        raise UserError(f"発行記録にないシリアル番号です: {key}", f"Serial not in the issue index: {key}",
                        field="cert")
    now = _now()
    entry = matches[0]
    if "revoked_at" not in entry:
        entry["revoked_at"] = now.isoformat(timespec="seconds")
        entry["reason"] = reason.value
        _save_index(ca, entries)
    revoked_at = dt.datetime.fromisoformat(entry["revoked_at"])
    return Revocation(serial, revoked_at, RevocationReason(entry["reason"]))


def revocations(ca: CertificateAuthority) -> list[Revocation]:
    return [Revocation(int(e["serial"], 16), dt.datetime.fromisoformat(e["revoked_at"]),
                       RevocationReason(e["reason"]))
            for e in _load_index(ca) if "revoked_at" in e]


def write_crl(ca: CertificateAuthority, out_path: Path | None = None, *,
              days: int = DEFAULT_CRL_DAYS) -> Path:
    """Write the CRL (PEM) listing every revocation. PostgreSQL refuses every client certificate
    once the CRL's next-update time has passed, so re-issue it well before `days` run out."""
    validate_days(days)
    signing_key = ca.signing_key()
    now = _now()
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca.certificate.subject)
        .last_update(now - _BACKDATE)
        .next_update(now + dt.timedelta(days=days))
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(_ec_public(ca.certificate)),
                       critical=False)
        # CRL numbers only need to increase; seconds since the epoch do without keeping state.
        .add_extension(x509.CRLNumber(int(now.timestamp())), critical=False)
    )
    for rev in revocations(ca):
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(rev.serial)
            .revocation_date(rev.revoked_at)
            .add_extension(x509.CRLReason(_REASON_FLAGS[rev.reason]), critical=False)
            .build()
        )
    crl = builder.sign(signing_key, hashes.SHA256())
    target = out_path or ca.crl_path
    _write_public(target, crl.public_bytes(serialization.Encoding.PEM))
    return target


# --------------------------------------------------------------------------------------------
# Inspection


def verify_issued_by(cert: x509.Certificate, ca_cert: x509.Certificate) -> bool:
    """True when `cert` carries a valid signature of `ca_cert` (chain check only, no dates)."""
    try:
        cert.verify_directly_issued_by(ca_cert)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex(":").upper()


def _key_description(public: object) -> str:
    if isinstance(public, ec.EllipticCurvePublicKey):
        return f"EC {public.curve.name}"
    if isinstance(public, rsa.RSAPublicKey):
        return f"RSA {public.key_size}"
    return type(public).__name__


_EKU_NAMES = {ExtendedKeyUsageOID.CLIENT_AUTH: "clientAuth", ExtendedKeyUsageOID.SERVER_AUTH: "serverAuth"}


def _extension_lines(extensions: Iterable[x509.Extension[x509.ExtensionType]]) -> list[str]:
    lines: list[str] = []
    for ext in extensions:
        value = ext.value
        if isinstance(value, x509.SubjectAlternativeName):
            names = [str(v) for v in value.get_values_for_type(x509.DNSName)]
            names += [str(v) for v in value.get_values_for_type(x509.IPAddress)]
            lines.append(f"subjectAltName: {', '.join(names)}")
        elif isinstance(value, x509.ExtendedKeyUsage):
            lines.append("extendedKeyUsage: " + ", ".join(_EKU_NAMES.get(o, o.dotted_string) for o in value))
        elif isinstance(value, x509.BasicConstraints):
            lines.append(f"basicConstraints: ca={value.ca} path_length={value.path_length}")
    return lines


def describe(path: Path) -> list[str]:
    """Human-readable lines for a certificate, CSR or CRL in PEM (used by `pki show`)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"ファイルがありません: {path}", f"File not found: {path}", field="file") from None
    except IsADirectoryError:
        raise UserError(f"ファイルではありません: {path}", f"Not a file: {path}", field="file") from None
    if b"PRIVATE KEY-----" in data:
        raise UserError(f"秘密鍵は表示しません: {path}", f"Private keys are not shown: {path}", field="file")
    try:
        if b"-----BEGIN CERTIFICATE-----" in data:
            cert = x509.load_pem_x509_certificate(data)
            return [
                "type: certificate",
                f"subject: {cert.subject.rfc4514_string()}",
                f"issuer: {cert.issuer.rfc4514_string()}",
                f"serial: {cert.serial_number:x}",
                f"not_before: {cert.not_valid_before_utc.isoformat()}",
                f"not_after: {cert.not_valid_after_utc.isoformat()}",
                f"key: {_key_description(cert.public_key())}",
                *_extension_lines(cert.extensions),
                f"sha256: {fingerprint(cert)}",
            ]
        if b"-----BEGIN CERTIFICATE REQUEST-----" in data:
            csr = x509.load_pem_x509_csr(data)
            return [
                "type: certificate signing request",
                f"subject: {csr.subject.rfc4514_string()}",
                f"key: {_key_description(csr.public_key())}",
                f"signature_valid: {csr.is_signature_valid}",
            ]
        if b"-----BEGIN X509 CRL-----" in data:
            crl = x509.load_pem_x509_crl(data)
            next_update = crl.next_update_utc
            return [
                "type: certificate revocation list",
                f"issuer: {crl.issuer.rfc4514_string()}",
                f"last_update: {crl.last_update_utc.isoformat()}",
                f"next_update: {next_update.isoformat() if next_update else '-'}",
                *(f"revoked: {r.serial_number:x} {r.revocation_date_utc.isoformat()}" for r in crl),
            ]
    except ValueError:
        pass
    raise UserError(f"証明書・CSR・CRL（PEM）として読めません: {path}",
                    f"Not a PEM certificate, CSR or CRL: {path}", field="file")
