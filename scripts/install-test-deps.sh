#!/bin/sh
# Install what the test suite needs beyond Python packages, from Debian's packages:
#   - PostgreSQL's server binaries (initdb, pg_ctl), used by tests/pg.py to start a private
#     throw-away server;
#   - tesseract with its French language data, which reads business-card photos
#     (`tisser events met --card-image`, tests/test_events_capture.py);
#   - chromium, driven by Playwright in tests/test_web_browser.py (Playwright never downloads
#     a browser of its own here);
#   - Dovecot's IMAP server, started on loopback by the capture tests (tests/dovecot.py);
#   - a Java runtime and PostgreSQL's JDBC driver, for pyspark in local mode (the federation
#     of clubs, tests/test_federation*.py; the driver jar is passed as spark.jars, never
#     downloaded at run time).
# Idempotent: installs only what is missing, and does nothing when everything is there.
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

have_chromium() {
    [ -x "${TISSER_CHROMIUM:-/usr/bin/chromium}" ]
}

have_dovecot() {
    [ -x /usr/sbin/dovecot ] || command -v dovecot >/dev/null 2>&1
}

have_java() {
    command -v java >/dev/null 2>&1
}

have_jdbc() {
    [ -f /usr/share/java/postgresql.jar ]
}

missing=""
have_initdb || missing="$missing postgresql"
have_tesseract_fra || missing="$missing tesseract-ocr tesseract-ocr-fra"
have_chromium || missing="$missing chromium"
have_dovecot || missing="$missing dovecot-imapd"
have_java || missing="$missing default-jre-headless"
have_jdbc || missing="$missing libpostgresql-jdbc-java"

if [ -z "$missing" ]; then
    echo "install-test-deps: PostgreSQL, tesseract (fra), chromium, Dovecot, Java and the JDBC driver already present, nothing to do."
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo"
else
    echo "install-test-deps: missing:$missing; I am neither root nor allowed to sudo." \
         "Install Debian's packages ($missing ), or set TISSER_TEST_PG_URL / TISSER_CHROMIUM." >&2
    echo "install-test-deps: the tests needing them will be skipped (they fail under CI)." >&2
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-test-deps: no apt-get here; install$missing with your package manager." >&2
    exit 0
fi

echo "install-test-deps: running: ${SUDO:+$SUDO }apt-get update"
$SUDO apt-get update
echo "install-test-deps: running: ${SUDO:+$SUDO }apt-get install -y$missing"
# shellcheck disable=SC2086 # one word per package
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y $missing
if ! have_initdb; then
    echo "install-test-deps: postgresql installed but initdb still not found." >&2
    exit 1
fi
if ! have_tesseract_fra; then
    echo "install-test-deps: tesseract installed but its French data is missing." >&2
    exit 1
fi
if ! have_chromium; then
    echo "install-test-deps: chromium installed but ${TISSER_CHROMIUM:-/usr/bin/chromium} not found." >&2
    exit 1
fi
for check in have_dovecot have_java have_jdbc; do
    if ! $check; then
        echo "install-test-deps: installed$missing but $check still fails." >&2
        exit 1
    fi
done
echo "install-test-deps: installed:$missing."
