"""A private Dovecot IMAP server for the test session, on loopback, with a test user.

Like ``tests/pg.py`` for PostgreSQL: the binary is Debian's ``/usr/sbin/dovecot``
(``scripts/install-test-deps.sh``), the configuration lives in a temporary directory (its
own base_dir, state and log, no system file touched), a self-signed certificate for
127.0.0.1 is generated with ``cryptography``, and the user's password is in a passwd-file.
Dovecot's login processes refuse to run as root, so as root they run as Debian's
``dovenull`` and the mail belongs to ``nobody``.
"""

from __future__ import annotations

import contextlib
import datetime
import ipaddress
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

USER = "alice"
PASSWORD = "s3cret-test-only"


class DovecotUnavailable(Exception):
    """Dovecot is not installed or did not start; the message says why."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost and 127.0.0.1: (cert.pem, key.pem)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=7))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class Dovecot:
    """One running server: ``imaps_port`` (TLS), ``imap_port`` (STARTTLS), ``maildir``."""

    def __init__(self) -> None:
        # not under pytest's tmp_path: Dovecot's own users must traverse the folders
        root = Path(tempfile.mkdtemp(prefix="tisser-dovecot-"))
        self.root = root
        self.binary = shutil.which("dovecot") or "/usr/sbin/dovecot"
        if not Path(self.binary).exists():
            raise DovecotUnavailable("dovecot not found (run scripts/install-test-deps.sh)")
        self.imap_port, self.imaps_port = _free_port(), _free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        root.mkdir(parents=True, exist_ok=True)
        os.chmod(root, 0o755)
        self.cert, self.key = make_certificate(root)
        self.maildir = root / "mail" / USER
        for sub in ("cur", "new", "tmp"):
            (self.maildir / sub).mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            self.uid, self.gid = nobody.pw_uid, nobody.pw_gid
            login, internal = "dovenull", "dovecot"
        else:
            self.uid, self.gid = os.getuid(), os.getgid()
            me = pwd.getpwuid(self.uid).pw_name
            login = internal = me
        (root / "passwd").write_text(
            f"{USER}:{{PLAIN}}{PASSWORD}:{self.uid}:{self.gid}::{self.maildir}::\n"
        )
        for d in ("run", "state"):
            (root / d).mkdir(exist_ok=True)
        self.config = root / "dovecot.conf"
        self.config.write_text(
            f"""base_dir = {root}/run
state_dir = {root}/state
instance_name = tisser-test-{self.imaps_port}
protocols = imap
listen = 127.0.0.1
log_path = {root}/dovecot.log
ssl = yes
ssl_cert = <{self.cert}
ssl_key = <{self.key}
disable_plaintext_auth = no
auth_mechanisms = plain
auth_failure_delay = 0
first_valid_uid = 1
default_internal_user = {internal}
default_internal_group = {internal}
default_login_user = {login}
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root}/passwd
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = {self.imap_port}
  }}
  inet_listener imaps {{
    port = {self.imaps_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
"""
        )
        self.chown()

    def chown(self) -> None:
        """Give the mail to its user (the server reads it as them)."""
        if os.geteuid() == 0:
            for path in [self.root / "mail", *(self.root / "mail").rglob("*")]:
                os.chown(path, self.uid, self.gid)

    def start(self) -> Dovecot:
        self.proc = subprocess.Popen(
            [self.binary, "-F", "-c", str(self.config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group: crash() kills it whole
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = (self.proc.stderr.read() if self.proc.stderr else b"").decode()
                raise DovecotUnavailable(f"dovecot exited: {err.strip()[:500]}")
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.imaps_port), timeout=0.5),
            ):
                return self
            time.sleep(0.1)
        self.stop()
        raise DovecotUnavailable("dovecot did not listen within 20 s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.proc = None

    def crash(self) -> None:
        """Kill the server and its IMAP sessions at once (SIGKILL to its process group)."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(5)
        self.proc = None

    def remove(self) -> None:
        """Stop the server and delete its folder."""
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def deliver(self, messages: list[bytes], folder: str = "") -> None:
        """Put messages in the user's Maildir (a folder "Sent" is ``.Sent``), as a
        delivery agent would: written in tmp/, renamed into new/."""
        import mailbox

        box = self.maildir if not folder else self.maildir / f".{folder}"
        md = mailbox.Maildir(box, create=True)
        for raw in messages:
            md.add(raw)
        self.chown()

    def settings(self, starttls: bool = False, trusted: bool = True) -> dict[str, object]:
        """A source's settings to reach this server (the test certificate trusted)."""
        return {
            "host": "127.0.0.1",
            "port": self.imap_port if starttls else self.imaps_port,
            "starttls": starttls,
            "user": USER,
            "cafile": str(self.cert) if trusted else "",
        }
