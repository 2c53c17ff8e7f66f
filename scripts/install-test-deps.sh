#!/bin/sh
# Install what the test suite needs beyond Python packages:
# - PostgreSQL's server binaries (initdb, pg_ctl), used by tests/pg.py to start a private
#   throw-away server;
# - tesseract with its French language data, which reads business-card photos
#   (`tisser events met --card-image`, tests/test_events_capture.py).
# Idempotent: installs only what is missing (initdb on PATH or in /usr/lib/postgresql/*/bin;
# tesseract on PATH with the "fra" language).
set -eu

have_initdb() {
    command -v initdb >/dev/null 2>&1 && return 0
    for f in /usr/lib/postgresql/*/bin/initdb; do
        [ -x "$f" ] && return 0
    done
    return 1
}

have_tesseract_fra() {
    command -v tesseract >/dev/null 2>&1 || return 1
    tesseract --list-langs 2>/dev/null | grep -qx fra
}

PACKAGES=""
have_initdb || PACKAGES="postgresql"
have_tesseract_fra || PACKAGES="$PACKAGES tesseract-ocr tesseract-ocr-fra"

if [ -z "$PACKAGES" ]; then
    echo "install-test-deps: PostgreSQL and tesseract (fra) already present, nothing to do."
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo"
else
    echo "install-test-deps: missing:$PACKAGES; I am neither root nor allowed to sudo;" \
         "install these Debian packages (or set TISSER_TEST_PG_URL for PostgreSQL)." >&2
    echo "install-test-deps: the tests that need them will be skipped." >&2
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-test-deps: no apt-get here; install$PACKAGES with your package manager." >&2
    exit 0
fi

echo "install-test-deps: running: ${SUDO:+$SUDO }apt-get update"
$SUDO apt-get update
echo "install-test-deps: running: ${SUDO:+$SUDO }apt-get install -y$PACKAGES"
# shellcheck disable=SC2086 # the package list is meant to split
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y $PACKAGES
if ! have_initdb; then
    echo "install-test-deps: postgresql installed but initdb still not found." >&2
    exit 1
fi
if ! have_tesseract_fra; then
    echo "install-test-deps: tesseract installed but its French data is missing." >&2
    exit 1
fi
echo "install-test-deps: installed$PACKAGES."
