"""A throwaway Debian PostgreSQL cluster with TLS and client certificates, for the test session.

Facts this relies on (see shared/docs/test-stack.md): `initdb` and `pg_ctl` refuse to run as root,
so as root they run as the `postgres` OS user (`runuser -u postgres --`) on a directory that user
owns. That directory lives directly under /tmp: pytest's own temporary folders as root sit below
`/tmp/pytest-of-root` (mode 0700), which `postgres` cannot enter. Unix socket paths must stay under
107 bytes.

The certificates come from `app.services.pki`, so the tests exercise the same code the city uses.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from app.services import pki

SERVER_USER = "postgres"
SUPERUSER = "postgres"
CA_PASSPHRASE = b"test-city-ca-passphrase"
FOREIGN_CA_PASSPHRASE = b"test-foreign-ca-passphrase"
# Socket file is <socket_dir>/.s.PGSQL.<port>; sun_path holds 108 bytes including the NUL.
MAX_SOCKET_PATH = 107

# The audit connection (dblink from inside the server) must authenticate with its password.
AUDIT_WRITER_HBA = "local all +juminzei_audit_writers scram-sha-256"

DEFAULT_HBA: tuple[str, ...] = (
    AUDIT_WRITER_HBA,
    # Superuser and admin work only through the local socket (trust: the socket dir is private).
    "local all all trust",
    # TCP needs TLS, a certificate from the city CA and the role's password.
    "hostssl all all 127.0.0.1/32 scram-sha-256 clientcert=verify-ca",
    # Anything else over TCP (no TLS) is refused outright.
    "host all all 127.0.0.1/32 reject",
)

# Without TLS (tls=False) a hostssl line would be an error in pg_hba.conf, so plain password auth.
PLAIN_HBA: tuple[str, ...] = (
    AUDIT_WRITER_HBA,
    "local all all trust",
    "host all all 127.0.0.1/32 scram-sha-256",
)


def find_bin_dir() -> Path:
    """PostgreSQL server binaries: `pg_config --bindir`, else the highest /usr/lib/postgresql/N/bin."""
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.CalledProcessError):
            out = subprocess.run([pg_config, "--bindir"], check=True, capture_output=True, text=True)
            candidate = Path(out.stdout.strip())
            if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
                return candidate
    versions = []
    for path in glob.glob("/usr/lib/postgresql/*/bin"):
        version = Path(path).parent.name
        if version.isdigit() and (Path(path) / "initdb").exists():
            versions.append((int(version), Path(path)))
    if not versions:
        raise RuntimeError("PostgreSQL server binaries not found (install Debian's `postgresql`)")
    return max(versions)[1]


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now (the kernel picks it; a small race remains, which
    `start` covers by retrying with another port)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _quote(value: str) -> str:
    """Quote a libpq keyword/value for a DSN string."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


class PgCluster:
    """One private PostgreSQL cluster: TLS on 127.0.0.1:`port`, trust on its own unix socket."""

    def __init__(self, workdir: Path, *, tls: bool = True) -> None:
        self.workdir = Path(workdir).resolve()
        self.tls = tls
        self.bin_dir = find_bin_dir()
        self.as_root = os.geteuid() == 0
        self.port = 0
        self._running = False
        self._own_base = False
        self._client_certs: dict[str, tuple[Path, Path]] = {}
        self._foreign_certs: dict[str, tuple[Path, Path]] = {}
        self._ca: pki.CertificateAuthority | None = None
        self._foreign_ca: pki.CertificateAuthority | None = None

        self.workdir.mkdir(parents=True, exist_ok=True)
        if self.as_root:
            # Server-side files go where `postgres` can reach them and owns them.
            self.base = Path(tempfile.mkdtemp(prefix="jzpg-", dir="/tmp"))
            self._own_base = True
        else:
            self.base = self.workdir / "pg"
            self.base.mkdir(exist_ok=True)
        self.data_dir = self.base / "data"
        self.socket_dir = self.base / "sock"
        # Longest possible socket file name: 5-digit port.
        if len(str(self.socket_dir / ".s.PGSQL.65535").encode()) > MAX_SOCKET_PATH:
            self.socket_dir = Path(tempfile.mkdtemp(prefix="jzs-", dir="/tmp"))
        self.tls_dir = self.base / "tls"
        self.log_file = self.base / "postgresql.log"
        # Client-side material (CA, terminal keys) belongs to the test process.
        self.client_dir = self.workdir / "client"
        self.ca_dir = self.workdir / "city-ca"
        self.foreign_ca_dir = self.workdir / "foreign-ca"
        self.ca_cert = self.ca_dir / pki.CA_CERT_FILE
        self.server_cert = self.tls_dir / "server.crt.pem"
        self.server_key = self.tls_dir / "server.key.pem"
        self.server_crl = self.tls_dir / "crl.pem"
        self.server_ca = self.tls_dir / "ca.crt.pem"
        # Given as sslcert when no certificate is wanted, so libpq does not pick up
        # ~/.postgresql/postgresql.crt (a missing file is silently skipped).
        self._no_cert = self.client_dir / "no-client-cert.pem"
        for directory in (self.socket_dir, self.tls_dir):
            directory.mkdir(mode=0o700, exist_ok=True)
        if self.as_root:
            self._chown_tree(self.base)
            if self.socket_dir.parent != self.base:
                self._chown_tree(self.socket_dir)

    # ---------------------------------------------------------------------------------------
    # lifecycle

    def __enter__(self) -> PgCluster:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def start(self) -> None:
        if self._running:
            return
        try:
            self._start()
        except BaseException:
            self.stop()  # remove the half-made server directory; nothing is running yet
            raise

    def _start(self) -> None:
        if self.tls:
            self._make_tls_material()
        self._run_as_server(
            [str(self.bin_dir / "initdb"), "-D", str(self.data_dir), "-U", SUPERUSER,
             "--auth-local=trust", "--auth-host=reject", "--encoding=UTF8", "--locale=C.UTF-8",
             "--no-sync"],
        )
        self.write_hba(list(DEFAULT_HBA if self.tls else PLAIN_HBA))
        self._write_ident([])
        last_error = ""
        for _attempt in range(3):
            self.port = free_port()
            self._write_conf()
            result = self._run_as_server(
                [str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-l", str(self.log_file),
                 "-w", "-t", "60", "start"], check=False)
            if result.returncode == 0:
                self._running = True
                atexit.register(self.stop)  # a crashed test session still leaves no server behind
                return
            last_error = result.stdout + result.stderr + self.read_log()[-2000:]
            if "Address already in use" not in last_error:
                break
        raise RuntimeError(f"PostgreSQL did not start:\n{last_error}")

    def stop(self) -> None:
        """Stop the server (fast shutdown) and remove the server-side temporary directory.
        Safe to call more than once."""
        if self._running:
            self._run_as_server([str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast",
                                 "-w", "-t", "60", "stop"], check=False)
            self._running = False
            with contextlib.suppress(ValueError):
                atexit.unregister(self.stop)
        if self._own_base and self.base.exists():
            # Keep the server log next to the test's other files for post-mortems.
            if self.log_file.exists():
                with contextlib.suppress(OSError):
                    shutil.copyfile(self.log_file, self.workdir / "postgresql.log")
            shutil.rmtree(self.base, ignore_errors=True)
        if self.socket_dir.parent != self.base and self.socket_dir.exists():
            shutil.rmtree(self.socket_dir, ignore_errors=True)

    @property
    def running(self) -> bool:
        return self._running

    # ---------------------------------------------------------------------------------------
    # connection strings

    def superuser_dsn(self, dbname: str = "postgres") -> str:
        return (f"host={_quote(str(self.socket_dir))} port={self.port} user={SUPERUSER} "
                f"dbname={_quote(dbname)}")

    def tcp_dsn(self, user: str, password: str, dbname: str, *, sslmode: str = "verify-full",
                cert: Path | None = None, key: Path | None = None) -> str:
        if (cert is None) != (key is None):
            raise ValueError("give both cert and key, or neither")
        parts = [
            "host=127.0.0.1", f"port={self.port}", f"user={_quote(user)}", f"password={_quote(password)}",
            f"dbname={_quote(dbname)}", f"sslmode={sslmode}", "connect_timeout=10",
            f"sslrootcert={_quote(str(self.ca_cert))}",
            f"sslcert={_quote(str(cert or self._no_cert))}",
            f"sslkey={_quote(str(key or self._no_cert))}",
        ]
        return " ".join(parts)

    # ---------------------------------------------------------------------------------------
    # certificates

    @property
    def ca(self) -> pki.CertificateAuthority:
        if self._ca is None:
            self._ca = pki.init_ca(self.ca_dir, "Juminzei Test City CA", CA_PASSPHRASE, days=30)
        return self._ca

    @property
    def foreign_ca(self) -> pki.CertificateAuthority:
        if self._foreign_ca is None:
            self._foreign_ca = pki.init_ca(self.foreign_ca_dir, "Some Other CA", FOREIGN_CA_PASSPHRASE,
                                           days=30, organization="Elsewhere")
        return self._foreign_ca

    def client_cert(self, cn: str, *, profile: pki.Profile | None = None) -> tuple[Path, Path]:
        """(cert_path, key_path) for `cn`, issued by the city CA through the CSR flow.
        Terminal ids get the terminal profile, anything else the role profile."""
        if cn not in self._client_certs:
            self._client_certs[cn] = self._issue(self.ca, self.client_dir / "city", cn, profile)
        return self._client_certs[cn]

    def foreign_client_cert(self, cn: str, *, profile: pki.Profile | None = None) -> tuple[Path, Path]:
        """Same as `client_cert` but signed by a CA the server does not trust."""
        if cn not in self._foreign_certs:
            self._foreign_certs[cn] = self._issue(self.foreign_ca, self.client_dir / "foreign", cn, profile)
        return self._foreign_certs[cn]

    def revoke(self, cert_path: Path) -> None:
        """Revoke a certificate of the city CA, install the new CRL on the server and reload."""
        ca = self.ca
        pki.revoke(ca, pki.load_certificate(cert_path), reason=pki.RevocationReason.KEY_COMPROMISE)
        pki.write_crl(ca, days=7)
        self._install_server_file(ca.crl_path, self.server_crl)
        self.reload()

    def _issue(self, ca: pki.CertificateAuthority, directory: Path, cn: str,
               profile: pki.Profile | None) -> tuple[Path, Path]:
        if profile is None:
            profile = pki.Profile.TERMINAL if pki.TERMINAL_ID_RE.fullmatch(cn) else pki.Profile.ROLE
        directory.mkdir(parents=True, exist_ok=True)
        request = pki.create_request(directory, cn, profile=profile)
        cert_path = directory / f"{cn}.crt.pem"
        pki.sign_request(ca, request.csr_path, cert_path, days=2, profile=profile)
        return cert_path, request.key_path

    def _make_tls_material(self) -> None:
        ca = self.ca
        staging = self.workdir / "server-staging"
        if not (staging / "server.crt.pem").exists():
            pki.issue_server_certificate(ca, staging, ["localhost"], ["127.0.0.1", "::1"], days=2)
        self._install_server_file(staging / "server.key.pem", self.server_key)
        self._install_server_file(staging / "server.crt.pem", self.server_cert)
        self._install_server_file(ca.cert_path, self.server_ca)
        self._install_server_file(ca.crl_path, self.server_crl)

    def _install_server_file(self, source: Path, target: Path) -> None:
        """Copy into the server's directory: owned by the server user, mode 0600 (PostgreSQL
        refuses a key readable by others; the same rule keeps everything else private too)."""
        tmp = target.with_name(target.name + ".tmp")
        shutil.copyfile(source, tmp)
        os.chmod(tmp, 0o600)
        if self.as_root:
            self._chown(tmp)
        os.replace(tmp, target)

    # ---------------------------------------------------------------------------------------
    # configuration

    def write_hba(self, lines: Sequence[str]) -> None:
        """Replace pg_hba.conf (takes effect after `reload`, or at start)."""
        self._write_server_text(self.data_dir / "pg_hba.conf", "\n".join(lines) + "\n")

    def _write_ident(self, lines: Sequence[str]) -> None:
        self._write_server_text(self.data_dir / "pg_ident.conf", "\n".join(lines) + "\n")

    def write_ident(self, lines: Sequence[str]) -> None:
        """Replace pg_ident.conf (user name maps for `cert ... map=`); then `reload`."""
        self._write_ident(lines)

    def reload(self) -> None:
        """Reload the configuration and wait until new sessions see it; a pg_hba.conf with
        errors is reported instead of silently leaving the old rules in place."""
        import psycopg2  # local: only the cluster's users need the driver

        def load_time() -> object:
            with contextlib.closing(psycopg2.connect(self.superuser_dsn())) as conn, conn.cursor() as cur:
                cur.execute("SELECT pg_conf_load_time()")
                row = cur.fetchone()
                return row[0] if row else None

        before = load_time()
        self._run_as_server([str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "reload"])
        deadline = time.monotonic() + 10
        while load_time() == before:
            if time.monotonic() > deadline:
                raise RuntimeError("PostgreSQL did not reload its configuration")
            time.sleep(0.02)
        with contextlib.closing(psycopg2.connect(self.superuser_dsn())) as conn, conn.cursor() as cur:
            cur.execute("SELECT line_number, error FROM pg_hba_file_rules WHERE error IS NOT NULL "
                        "UNION ALL SELECT line_number, error FROM pg_ident_file_mappings "
                        "WHERE error IS NOT NULL")
            errors = cur.fetchall()
        if errors:
            raise ValueError(f"pg_hba.conf/pg_ident.conf errors: {errors}")

    def read_log(self) -> str:
        try:
            return self.log_file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def _write_conf(self) -> None:
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.socket_dir}'",
            # Trust on the socket is safe only because nobody else can reach it.
            "unix_socket_permissions": "0700",
            "password_encryption": "'scram-sha-256'",
            "shared_preload_libraries": "''",
            # Test speed: a crash only loses a throwaway cluster.
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "max_connections": "100",
            "log_connections": "on",
            "log_min_messages": "warning",
            # Logging goes to the -l file of pg_ctl (stderr); no collector, no extra files.
            "logging_collector": "off",
        }
        if self.tls:
            settings.update({
                "ssl": "on",
                "ssl_cert_file": f"'{self.server_cert}'",
                "ssl_key_file": f"'{self.server_key}'",
                "ssl_ca_file": f"'{self.server_ca}'",
                "ssl_crl_file": f"'{self.server_crl}'",
                "ssl_min_protocol_version": "'TLSv1.2'",
            })
        text = "# written by tests/support/pgcluster.py\n" + "".join(
            f"{key} = {value}\n" for key, value in settings.items())
        self._write_server_text(self.data_dir / "juminzei_test.conf", text)
        conf = self.data_dir / "postgresql.conf"
        include = "include = 'juminzei_test.conf'\n"
        current = conf.read_text(encoding="utf-8")
        if include not in current:
            self._write_server_text(conf, current + "\n" + include)

    def _write_server_text(self, path: Path, text: str) -> None:
        path.write_text(text, encoding="utf-8")
        os.chmod(path, 0o600)
        if self.as_root:
            self._chown(path)

    # ---------------------------------------------------------------------------------------
    # running as the server user

    def _server_ids(self) -> tuple[int, int]:
        entry = pwd.getpwnam(SERVER_USER)
        return entry.pw_uid, entry.pw_gid

    def _chown(self, path: Path) -> None:
        uid, gid = self._server_ids()
        os.chown(path, uid, gid)

    def _chown_tree(self, root: Path) -> None:
        self._chown(root)
        for dirpath, dirnames, filenames in os.walk(root):
            for name in dirnames + filenames:
                self._chown(Path(dirpath) / name)

    def _run_as_server(self, argv: list[str], *, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = ["runuser", "-u", SERVER_USER, "--", *argv] if self.as_root else argv
        # cwd: a directory the server user can enter (pg_ctl/initdb resolve their cwd).
        result = subprocess.run(command, cwd=self.base, capture_output=True, text=True, check=False,
                                env={**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"})
        if check and result.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} failed ({result.returncode}):\n"
                               f"{result.stdout}{result.stderr}")
        return result
