#!/usr/bin/env bash
# Runs the test suite. Some tests talk to real tools written in Python (an SMTP server,
# aiosmtpd; the bank's code-block runner): their packages live in a virtual environment
# under target/, so the system's python3 (externally managed on Debian) is never touched.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/test-venv
req=tests/support/requirements.txt
if [ ! -x "$venv/bin/python" ] || ! cmp -s "$req" "$venv/requirements.txt"; then
    if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' 2>/dev/null; then
        echo "python3 cannot make virtual environments; on Debian: apt-get install python3-venv" >&2
        exit 1
    fi
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
    cp "$req" "$venv/requirements.txt"
fi
export PREP_PDF_TEST_PYTHON="$PWD/$venv/bin/python"
cargo test "$@"
