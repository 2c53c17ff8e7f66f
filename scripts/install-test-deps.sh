#!/bin/sh
# Install what the test suite needs beyond Python packages: PostgreSQL's server binaries
# (initdb, pg_ctl), used by tests/pg.py to start a private throw-away server.
# Idempotent: does nothing when initdb is already on PATH or in /usr/lib/postgresql/*/bin.
set -eu

have_initdb() {
    command -v initdb >/dev/null 2>&1 && return 0
    for f in /usr/lib/postgresql/*/bin/initdb; do
        [ -x "$f" ] && return 0
    done
    return 1
}

if have_initdb; then
    echo "install-test-deps: PostgreSQL binaries already present, nothing to do."
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo"
else
    echo "install-test-deps: PostgreSQL (initdb) is missing and I am neither root nor" \
         "allowed to sudo; install Debian's 'postgresql' package, or set TISSER_TEST_PG_URL." >&2
    echo "install-test-deps: the PostgreSQL tests will be skipped." >&2
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-test-deps: no apt-get here; install PostgreSQL with your package manager." >&2
    exit 0
fi

echo "install-test-deps: running: ${SUDO:+$SUDO }apt-get update"
$SUDO apt-get update
echo "install-test-deps: running: ${SUDO:+$SUDO }apt-get install -y postgresql"
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y postgresql
if have_initdb; then
    echo "install-test-deps: PostgreSQL installed."
else
    echo "install-test-deps: postgresql installed but initdb still not found." >&2
    exit 1
fi
